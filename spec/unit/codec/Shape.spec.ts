/**
 * The one reader of io-ts codecs (`lib/codec/Shape.ts`): every io-ts combinator dynamongo
 * reads maps to its shape, and the views read from shapes (fields, list elements, stored
 * types, io-ts's context naming) agree with what the codecs do. Also the defects the
 * reader fixed: `Field.stored` wrote onto the codec it was given, and decode errors named
 * a path element for the parts of `exact` intersections and for elements of `readonly` lists.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Model from '../../../lib/model/Model.js'

// -- defects ---------------------------------------------------------------------------------

test('Field.stored gives a new codec and leaves the one it is given as it was', () => {
  const given = t.string
  const keysBefore = Object.keys(given)
  const declared = F.stored('N', given)
  assert.is.not(declared as unknown, given as unknown)
  assert.is(declared.storedAs, 'N')
  assert.equal(Object.keys(given), keysBefore)
  assert.not.ok('storedAs' in given)
  // the given codec keeps its own stored type, the new one has the declared one
  assert.is(Model.storedTypeOf(given), 'S')
  assert.is(Model.storedTypeOf(declared), 'N')
  // and the new codec is the given one in every other way
  assert.is(declared.name, given.name)
  assert.ok(declared.is('x'))
  assert.equal(declared.decode('x'), E.right('x'))
  assert.is(declared.encode('x'), 'x')
})

const pathsOf = <A>(codec: t.Type<A>, u: unknown): ReadonlyArray<string> => {
  const r = codec.decode(u)
  return E.isLeft(r) ? Item.issuesOf(r.left).map((i) => i.path) : []
}

test('issuesOf: the parts of an exact intersection (Field.map with optional fields) and refinements are not path elements', () => {
  const codec = t.type({ address: F.map({ city: t.string }, { zip: t.string }) })
  assert.equal(pathsOf(codec, { address: { city: 3, zip: 4 } }), ['address.city', 'address.zip'])
  const refined = t.type({ r: t.refinement(t.array(t.string), (a) => a.length < 9) })
  assert.equal(pathsOf(refined, { r: ['a', 3] }), ['r[1]'])
})

test('issuesOf: elements of a readonly list are indexes', () => {
  const codec = t.type({ r: t.readonly(t.array(t.string)) })
  assert.equal(pathsOf(codec, { r: ['a', 3] }), ['r[1]'])
})

test.run()

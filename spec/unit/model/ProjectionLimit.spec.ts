/**
 * One secondary index's projection lists at most `INDEX_PROJECTED_ATTRIBUTES` (20) attributes
 * besides its keys (the API reference's `NonKeyAttributes`: "maximum number of 20 items"):
 * `Model.make` refuses more in one index (a `SchemaError` naming it), and a table whose entities
 * share an index listing more together is refused by its index limits (`indexLimitsWhy`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
import { indexLimitsWhy } from '../../../lib/table/indexLimits.js'

const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `f${from + i}`)
const codec = t.type(Object.fromEntries([['id', t.string], ['at', t.string], ...names(30).map((f) => [f, t.string])]) as Record<string, t.Mixed>)

const make = (projection: ReadonlyArray<string>) => () =>
  Model.make({ table: 'wide', hashKey: 'id', codec, indexes: { byAt: Model.globalIndex({ hashKey: 'at', projection: projection as never }) } } as never)

test('Model.make: 21 projected attributes besides the keys in one index, a SchemaError naming it; 20 are taken, keys listed besides', () => {
  assert.throws(make(names(21)), (e: Error) => e.message.includes('index byAt projects 21 attributes besides its keys') && e.message.includes('at most 20'))
  make(names(20))()
  make([...names(20), 'id', 'at', 'f0'])()
  // an entity's index lists its entity attribute too
  const entityOf = (n: number) => () =>
    Model.make({ table: 'wide', entity: 'w', hashKey: Model.key('pk', 'W#{id}'), codec, indexes: { byAt: Model.globalIndex({ hashKey: 'at', projection: names(n) as never }) } } as never)
  assert.throws(entityOf(20), (e: Error) => e.message.includes('index byAt projects 21 attributes besides its keys'))
  entityOf(19)()
})

test('indexLimitsWhy: one index listing 21 attributes (entities sharing it list theirs together)', () => {
  const ix = (n: number) => ({ _tag: 'GlobalIndex' as const, hashKey: { name: 'at', type: 'S' as const }, projection: { _tag: 'Include' as const, attributes: names(n) } })
  assert.equal(indexLimitsWhy([ix(20), ix(20)]), [])
  const why = indexLimitsWhy([ix(21)])
  assert.ok(why.length === 1 && (why[0] as string).includes('would list 21 attributes') && (why[0] as string).includes('at most 20 in one'), JSON.stringify(why))
})

test.run()

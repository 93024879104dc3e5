/**
 * The paths our constructors make (`Path.of`, `Path.key`, `Path.index`, a model's handles) are
 * sealed: frozen, their elements too, and marked so that rules/ast's `snapshot` takes one as its
 * own copy (it cannot answer otherwise when read again, now or later). A path built otherwise
 * (a spread of one, a Proxy of one, an object frozen by hand with a getter) carries no mark and
 * is copied, each field read once.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Ex from '../../../lib/ast/expr.js'
import { codecOfPath, elementsOf, isSealed } from '../../../lib/ast/nodes.js'
import * as P from '../../../lib/ast/Path.js'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'
import { snapshot } from '../../../lib/rules/ast.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, name: t.string, address: t.type({ city: t.string }) }) })

/** The copy `snapshot` makes of an update of one action, `U.set` of `path` to 'x' (the action a spread of `U.set`'s). */
const copiedPath = (path: unknown): unknown => {
  const set = U.set(User.attrs.name, 'x')
  const out = snapshot([{ ...set, path }] as unknown as U.Update, 'update expression')
  if (E.isLeft(out)) return assert.unreachable(JSON.stringify(out.left))
  return (out.right[0] as unknown as { readonly path: unknown }).path
}

test('a path our constructors make is frozen, its elements too: one assigned or pushed to is refused (it was changed)', () => {
  const paths = [P.of('a', 'b', 0), P.key('c')(P.of('a')), P.index(1)(P.of('a')), Ex.pathOf(User.attrs.name), Ex.pathOf(User.attrs.address.city)]
  for (const p of paths) {
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.elements), P.show(p))
    assert.throws(() => {
      ;(p as { elements: unknown }).elements = ['x']
    })
    assert.throws(() => (p.elements as unknown as string[]).push('x'))
  }
  assert.equal(P.of('a', 'b', 0).elements, ['a', 'b', 0])
})

test('every path our constructors make carries the mark, and snapshot takes each as it is', () => {
  const paths = [P.of('a', 'b', 0), P.key('c')(P.of('a')), P.index(1)(P.of('a')), Ex.pathOf(User.attrs.name), Ex.pathOf(User.attrs.address.city)]
  for (const p of paths) {
    assert.ok(isSealed(p), P.show(p))
    assert.is(copiedPath(p), p, P.show(p))
  }
  // a frozen copy of one is no path of theirs
  assert.not.ok(isSealed(Object.freeze({ ...P.of('a') })))
})

test("snapshot takes a handle's path as it is (its codec with it), and copies a spread of one", () => {
  const city = Ex.pathOf(User.attrs.address.city)
  assert.is(copiedPath(city), city)
  // the codec the handle was made of (its own field), not read back through the same table
  assert.is(codecOfPath(copiedPath(city) as P.Path), Ex.codecOf(User.attrs.address.city as never))
  assert.is(Ex.codecOf(User.attrs.address.city as never), t.string as unknown)
  const spread = { ...city }
  const copy = copiedPath(spread)
  assert.is.not(copy, spread)
  assert.equal(copy, { _tag: 'Path', elements: ['address', 'city'] })
})

test('snapshot copies a Proxy of a sealed path (the mark is no property a trap answers)', () => {
  const city = Ex.pathOf(User.attrs.address.city)
  const proxy = new Proxy(city, {})
  const copy = copiedPath(proxy)
  assert.is.not(copy, proxy)
  assert.equal(copy, { _tag: 'Path', elements: ['address', 'city'] })
})

test('snapshot copies a path frozen by hand whose elements are a getter: read once, its first answer', () => {
  let reads = 0
  const forged = Object.freeze(
    Object.defineProperty({ _tag: 'Path' }, 'elements', { enumerable: true, get: () => (++reads === 1 ? ['name'] : ['id']) }),
  )
  const copy = copiedPath(forged) as P.Path
  assert.is.not(copy, forged)
  assert.is(reads, 1)
  assert.equal(copy.elements, ['name'])
  assert.equal(copy.elements, ['name'])
  assert.is(reads, 1)
})

test("the library reads a sealed path's elements from a list of its own (elementsOf): the same elements, which no key, JSON, spread or assign shows", () => {
  const paths = [P.of('a', 'b', 0), P.key('c')(P.of('a')), P.index(1)(P.of('a')), Ex.pathOf(User.attrs.address.city)]
  for (const p of paths) {
    assert.equal([...elementsOf(p)], [...p.elements], P.show(p))
    assert.equal(Object.keys(p), ['_tag', 'elements'])
    assert.is(JSON.stringify(p), JSON.stringify({ _tag: 'Path', elements: p.elements }))
    // a spread or assign that changes the elements is read by its own
    assert.equal(elementsOf({ ...p, elements: ['x'] } as unknown as P.Path), ['x'])
    assert.equal(elementsOf(Object.assign({}, p, { elements: ['y'] }) as P.Path), ['y'])
  }
  // a hand-built path has only its elements
  assert.equal(elementsOf({ _tag: 'Path', elements: ['z', 1] }), ['z', 1])
})

test("an update's guard leaves the codec of the caller's handle as it was: a DELETE from another model's handle, or from a handle of Attr.path, gives neither the codec of the set it deletes from", () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, data: Field.json }) })
  const Tagged = Model.make({ table: 'tagged', hashKey: 'id', codec: t.type({ id: t.string, data: Field.stringSet, tags: Field.stringSet }) })
  const byHand = A.path('tags')
  const before = [codecOfPath(Ex.pathOf(Doc.attrs.data)), codecOfPath(Ex.pathOf(byHand as never))]
  assert.is(before[0], Field.json)
  assert.is(before[1], undefined)
  const strategy = S.parseWrite(Tagged, 'a')
  if (E.isLeft(strategy)) return assert.unreachable(DE.show(strategy.left))
  // each update carries a DELETE guard (the set is required): the guard's handle is of the set's codec
  for (const action of [U.deleteFrom(Doc.attrs.data as never, new Set(['x'])), U.deleteFrom(byHand as never, new Set(['x']))]) {
    const parts = Command.updateParts(Tagged, strategy.right, [action] as never, new Date(0))
    if (E.isLeft(parts)) return assert.unreachable(DE.show(parts.left))
    assert.is(parts.right.guards.length, 1)
  }
  assert.is(codecOfPath(Ex.pathOf(Doc.attrs.data)), Field.json)
  assert.is(codecOfPath(Ex.pathOf(byHand as never)), undefined)
  // json compares by equality only: begins_with on Doc's data is still refused
  assert.ok(E.isLeft(Expression.condition(C.beginsWith(Doc.attrs.data as never, 'x'))))
})

test.run()

/**
 * A `Model.keysIn` is its keys (README): a list of more keys than a call can take as arguments
 * (some 100,000) is still one `Or` of them, planned as a `BatchGetItem` of its keys (a read with
 * a `signal`, not kept, and `deleteMany` from one copy of it), not a `Refused` of a RangeError.
 * Through a client that answers at once (`counting`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const Two = Model.make({ table: 'twos', hashKey: 'h', rangeKey: 'r', codec: t.type({ h: t.string, r: t.number }) })
// 7 nodes a key: within AST_NODES (1,000,000)
const n = 140_000
const keys = Array.from({ length: n }, (_, i) => [`k${i}`, i] as [string, number])
const named = (c: unknown) => (c as { constructor: { name: string } }).constructor.name

test('keysIn of 140,000 keys: explain plans a BatchGetItem', () => {
  const p = Dynamo.explain(Two, Model.keysIn(Two, keys))
  if (E.isLeft(p)) assert.unreachable(DE.show(p.left))
  assert.is((p as E.Right<{ _tag: string }>).right._tag, 'BatchGetItem')
})

test('a read with a signal of a keysIn of 140,000 keys: a BatchGetItem of its keys', async () => {
  const { env, sent } = counting()
  const r = await Dynamo.page(Two, Model.keysIn(Two, keys), { pageSize: 1, signal: new AbortController().signal })(env)()
  if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
  assert.is(named(sent[0]), 'BatchGetItemCommand')
})

test('deleteMany of a keysIn of 140,000 keys: BatchWriteItem chunks of its keys', async () => {
  const { env, sent } = counting()
  const r = await Dynamo.deleteMany(Two, Model.keysIn(Two, keys))(env)()
  if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
  assert.is(sent.length, Math.ceil(n / 25))
  assert.ok(sent.every((c) => named(c) === 'BatchWriteItemCommand'))
})

test('a keysIn past the most nodes a condition holds (142,858 keys of a hash and a range key): an ExpressionError naming the most keys, before any request', async () => {
  const over = [...keys, ...Array.from({ length: 142_858 - n }, (_, i) => [`x${i}`, i] as [string, number])]
  const { env, sent } = counting()
  for (const r of [
    await Dynamo.page(Two, Model.keysIn(Two, over), { pageSize: 1, signal: new AbortController().signal })(env)(),
    await Dynamo.deleteMany(Two, Model.keysIn(Two, over))(env)(),
  ]) {
    assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError', E.isLeft(r) ? DE.show(r.left) : 'Right')
    const message = E.isLeft(r) ? DE.show(r.left) : ''
    assert.match(message, /more than 1,000,000 nodes/)
    assert.match(message, /a Model\.keysIn of keys like its first, 7 nodes a key, holds at most 142,857 keys: split a longer list\)$/)
  }
  assert.is(sent.length, 0)
})

test('a keysIn of a composed key (10 nodes a key) is refused past 99,999 keys, the message naming that bound, not 142,857', () => {
  const Composed = Model.make({
    table: 'composed',
    entity: 'thing',
    hashKey: Model.key('pk', 'T#{a}#{b}'),
    rangeKey: Model.key('sk', 'S#{c}'),
    codec: t.type({ a: t.string, b: t.string, c: t.string }),
  })
  const key = (i: number) => ({ a: `a${i}`, b: `b${i}`, c: `c${i}` })
  const fits = Dynamo.explain(Composed, Model.keysIn(Composed, Array.from({ length: 99_999 }, (_, i) => key(i))))
  if (E.isLeft(fits)) assert.unreachable(DE.show(fits.left))
  const over = Dynamo.explain(Composed, Model.keysIn(Composed, Array.from({ length: 100_000 }, (_, i) => key(i))))
  assert.ok(E.isLeft(over) && over.left._tag === 'ExpressionError', E.isLeft(over) ? DE.show(over.left) : 'Right')
  const message = E.isLeft(over) ? DE.show(over.left) : ''
  assert.match(message, /more than 1,000,000 nodes: too large to be read \(a Model\.keysIn of keys like its first, 10 nodes a key, holds at most 99,999 keys: split a longer list\)$/)
  assert.not.match(message, /142,857/)
})

test('a condition past 1,000,000 nodes that is no keysIn names the node bound alone, no keysIn hint', () => {
  // 2,000 ANDs of 200 comparisons (3 nodes each): 1,202,001 nodes
  const big = C.and(...Array.from({ length: 2_000 }, (_, j) => C.and(...Array.from({ length: 200 }, (_, i) => C.gt(Two.attrs.r, j * 200 + i)))))
  const r = Dynamo.explain(Two, big)
  assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError', E.isLeft(r) ? DE.show(r.left) : 'Right')
  const message = E.isLeft(r) ? DE.show(r.left) : ''
  assert.match(message, /more than 1,000,000 nodes: too large to be read$/)
  assert.not.match(message, /keysIn/)
})

test.run()

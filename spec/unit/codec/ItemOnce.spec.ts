/**
 * An item is read once: what its codec checks is what is encoded and stored. An item whose
 * getters (or a Proxy's) answer otherwise when read again was checked with one value and
 * stored with another, one its codec refuses (`Field.int({ min: 0 })` took 1 and stored -5),
 * by `Item.encode`, `Model.encode`, `saveOne` and a transaction's `T.put` alike.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'

const Counted = Model.make({
  table: 'counted',
  hashKey: 'id',
  codec: t.type({ id: t.string, n: Field.int({ min: 0 }), tags: Field.list(Field.int({ min: 0 })), at: Field.map({ n: Field.int({ min: 0 }) }) }),
})

/** A value that answers `first` on its first `reads` readings, `then` after. */
const shifting = <A>(first: A, then: A, reads: number) => {
  let n = 0
  return () => (++n <= reads ? first : then)
}

/** Items each holding one place read otherwise after `reads` readings: a field, a list's element, a nested map's field, a Proxy's. */
const items = (reads: number): ReadonlyArray<readonly [string, Record<string, unknown>]> => {
  const n = shifting(1, -5, reads)
  const el = shifting(1, -5, reads)
  const nested = shifting(1, -5, reads)
  const proxied = shifting(1, -5, reads)
  return [
    ['a getter', Object.defineProperty({ id: 'a', tags: [], at: { n: 0 } }, 'n', { enumerable: true, get: n })],
    ['a list element', { id: 'a', n: 0, tags: Object.defineProperty([0], 0, { enumerable: true, get: el }), at: { n: 0 } }],
    ['a nested field', { id: 'a', n: 0, tags: [], at: Object.defineProperty({}, 'n', { enumerable: true, get: nested }) }],
    ['a Proxy', new Proxy({ id: 'a', n: 0, tags: [], at: { n: 0 } } as Record<string, unknown>, { get: (o, k) => (k === 'n' ? proxied() : o[k as string]) })],
  ]
}

/** The `n`s an item stored holds (top level, first list element, nested map). */
const ns = (stored: Record<string, { N?: string; L?: ReadonlyArray<{ N?: string }>; M?: Record<string, { N?: string }> }> | undefined): ReadonlyArray<string | undefined> =>
  stored === undefined ? [] : [stored['n']?.N, stored['tags']?.L?.[0]?.N, stored['at']?.M?.['n']?.N]

/** An Env whose client records every command and answers `{}`. */
const standIn = () => {
  const sent: unknown[] = []
  const env = Env.make({ client: { send: async (c: unknown) => (sent.push(c), {}) } as unknown as DynamoDBClient, sleep: async () => undefined, maxAttempts: 1 })
  return { env, sent }
}

test('Item.encode and Model.encode: a value read otherwise after the check is never stored (-5 where the codec took 1)', () => {
  for (let reads = 1; reads <= 4; reads++) {
    for (const [what, item] of items(reads)) {
      const r = Item.encode(Counted.codec, item as never)
      assert.ok(E.isRight(r) && ns(r.right).includes('1') && !ns(r.right).includes('-5'), `Item.encode, ${what}, ${reads} readings: ${JSON.stringify(r)}`)
    }
    for (const [what, item] of items(reads)) {
      const r = Model.encode(Counted, item as never)
      assert.ok(E.isRight(r) && ns(r.right.stored).includes('1') && !ns(r.right.stored).includes('-5'), `Model.encode, ${what}, ${reads} readings: ${JSON.stringify(r)}`)
    }
  }
})

test('saveOne and T.put: what is sent is what was checked', async () => {
  for (let reads = 1; reads <= 4; reads++) {
    for (const [what, item] of items(reads)) {
      const { env, sent } = standIn()
      await Dynamo.saveOne(Counted, item as never)(env)()
      const stored = (sent[0] as PutItemCommand | undefined)?.input.Item
      assert.ok(ns(stored as never).includes('1') && !ns(stored as never).includes('-5'), `saveOne, ${what}, ${reads} readings: ${JSON.stringify(stored)}`)
    }
    for (const [what, item] of items(reads)) {
      const { env, sent } = standIn()
      await Dynamo.transactWrite([T.put(Counted, item as never)])(env)()
      const stored = (sent[0] as TransactWriteItemsCommand | undefined)?.input.TransactItems?.[0]?.Put?.Item
      assert.ok(ns(stored as never).includes('1') && !ns(stored as never).includes('-5'), `T.put, ${what}, ${reads} readings: ${JSON.stringify(stored)}`)
    }
  }
})

test('an item read once is the item as it was: a nested own __proto__, a null prototype, dates, bytes and sets kept', () => {
  const Loose = Model.make({ table: 'loose', hashKey: 'id', codec: t.type({ id: t.string, at: Field.dateTime, b: Field.binary, s: Field.stringSet, m: t.unknown, p: t.unknown }) })
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 })
  const item = { id: 'a', at: new Date(0), b: new Uint8Array([1, 2]), s: new Set(['x']), m: bare, p: JSON.parse('{"__proto__": 2}') as unknown }
  const r = Model.encode(Loose, item)
  assert.ok(E.isRight(r), JSON.stringify(r))
  const stored = (r as E.Right<{ readonly stored: Record<string, { readonly M?: Record<string, unknown> }> }>).right.stored
  assert.equal(Object.keys(stored['p']?.M ?? {}), ['__proto__'])
  assert.equal(stored, { id: { S: 'a' }, at: { S: '1970-01-01T00:00:00.000Z' }, b: { B: new Uint8Array([1, 2]) }, s: { SS: ['x'] }, m: { M: { x: { N: '1' } } }, p: { M: JSON.parse('{"__proto__": {"N": "2"}}') as unknown } })
})

test('Model.encode returns the item it read once, not the caller\'s object (whose getter answered -5 when read again)', () => {
  const item = Object.defineProperty({ id: 'a', tags: [], at: { n: 0 } }, 'n', { enumerable: true, get: shifting(1, -5, 1) })
  const r = Model.encode(Counted, item as never)
  if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
  assert.is.not(r.right.item, item)
  assert.is((r.right.item as { readonly n: number }).n, 1)
})

/** A list of a class of its own (an `Array` subclass). */
class Listed extends Array<number> {}

test('an instance of an Array subclass is kept as it is: a codec asking for its class takes it', () => {
  const listed = new t.Type<Listed, ReadonlyArray<number>, unknown>('Listed', (u): u is Listed => u instanceof Listed, (u, c) => (u instanceof Listed ? t.success(u) : t.failure(u, c)), (l) => [...l])
  const codec = t.type({ id: t.string, l: listed })
  const l = Listed.from([1, 2]) as Listed
  const r = Item.encode(codec, { id: 'a', l })
  assert.equal(r, E.right({ id: { S: 'a' }, l: { L: [{ N: '1' }, { N: '2' }] } }))
})

test('an item of more values than any item DynamoDB stores (an object sharing its sub-objects, read as a tree) is refused', () => {
  let o: Record<string, unknown> = { n: 1 }
  for (let i = 0; i < 22; i++) o = { k0: o, k1: o }
  const r = Item.encode(t.type({ id: t.string, m: t.unknown }), { id: 'a', m: o })
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && /more than 409600 values/.test(r.left.message), JSON.stringify(r))
})

// nothing mutates its input (DESIGN §1): an argument past their own, given by plain JS or through
// a cast (Total.spec gives garbage there: a model's handle), is left as it was; `seen.read = copy
// of the item` once wrote a cycle into the handle of a shared model (Total.spec's JSON.stringify of it threw)
test('Item.encode and Item.marshall take no record to fill in, and write nothing into an object given past their arguments: a handle stays as it was', () => {
  assert.is(Item.encode.length, 2)
  assert.is(Item.marshall.length, 1)
  const encode = Item.encode as (...args: ReadonlyArray<unknown>) => E.Either<unknown, unknown>
  const marshall = Item.marshall as (...args: ReadonlyArray<unknown>) => E.Either<unknown, unknown>
  const Thing = Model.make({ table: 'things', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number }) })
  const handle = Thing.attrs.n as unknown as object
  const box = { lossy: 'mine' }
  const keys = Reflect.ownKeys(handle).map(String)
  // the item holds the handle (a Left: a handle is no value), read before it is refused
  encode(Thing.codec, { pk: 'a', n: 1, h: { n: handle } }, handle)
  assert.ok(E.isRight(encode(t.type({ pk: t.string }), { pk: 'a' }, box)))
  assert.ok(E.isRight(marshall({ pk: 'a' }, handle)))
  assert.ok(E.isRight(marshall({ pk: 'a' }, box)))
  assert.equal(Reflect.ownKeys(handle).map(String), keys)
  assert.equal(box, { lossy: 'mine' })
  assert.not.throws(() => JSON.stringify(Thing))
})

test('a getter or a Proxy of the item that throws as it is read: a ValidationError naming where (the field, the element, the item)', () => {
  const boom = (): never => {
    throw new Error('boom')
  }
  const U = t.type({ x: t.unknown })
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['a field', Object.defineProperty({}, 'x', { enumerable: true, get: boom }), 'x'],
    ['a nested field', { x: { a: 1, b: Object.defineProperty({}, 'c', { enumerable: true, get: boom }) } }, 'x.b.c'],
    ['an element', { x: [1, Object.defineProperty({}, 'y', { enumerable: true, get: boom })] }, 'x[1].y'],
    ["a Proxy's element", { x: new Proxy([1, 2], { get: (a, k) => (k === '1' ? boom() : Reflect.get(a, k)) }) }, 'x[1]'],
    ["a Proxy's keys", { x: { y: new Proxy({}, { ownKeys: boom }) } }, 'x.y'],
    ["a Proxy's prototype", { x: new Proxy({}, { getPrototypeOf: boom }) }, 'x'],
    ['the item, a Proxy', new Proxy({ x: 1 }, { ownKeys: boom }), ''],
  ]
  for (const [what, item, path] of cases) {
    const r = Item.encode(U, item as { x: unknown })
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', what)
    if (E.isLeft(r) && r.left._tag === 'ValidationError') {
      assert.equal(r.left.issues, [{ path, message: 'reading the value threw: Error: boom' }], what)
    }
    // the marshalling of an encoded item or value names the same place: the property whose reading threw
    const m = Item.marshall(item)
    assert.ok(E.isLeft(m) && m.left._tag === 'ValidationError', `marshall: ${what}`)
    if (E.isLeft(m) && m.left._tag === 'ValidationError') {
      assert.equal(m.left.issues, [{ path, message: 'reading the value threw: Error: boom' }], `marshall: ${what}`)
    }
    if (path !== '' && path !== 'x') {
      const v = Item.marshallValue((item as { x: unknown }).x, 'x')
      assert.ok(E.isLeft(v) && v.left._tag === 'ValidationError', `marshallValue: ${what}`)
      if (E.isLeft(v) && v.left._tag === 'ValidationError') {
        assert.equal(v.left.issues, [{ path, message: 'reading the value threw: Error: boom' }], `marshallValue: ${what}`)
      }
    }
  }
  // through a model (saveOne's encoding): the field named too
  const r = Model.encode(Counted, { id: 'a', n: 1, tags: [], at: Object.defineProperty({}, 'n', { enumerable: true, get: boom }) } as never)
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'at.n', JSON.stringify(r))
})

test.run()

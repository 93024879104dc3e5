/**
 * Every public operation reads its options object once (`internal/optionNames.read`): each
 * option one read, into a checked copy that the checks, the plan and the requests all read.
 * An options object whose getters count their reads and answer otherwise after the first
 * (valid first, something else after) is read once per option, and never throws nor rejects.
 * A getter that throws is a `Left`: a `ValidationError` naming the option, nothing sent.
 */
import { PassThrough } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Plan from '../../../lib/plan/Plan.js'
import type * as Env from '../../../lib/run/Env.js'
import * as T from '../../../lib/compile/Transaction.js'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { counting, firstPage } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })

/** What a getter answers after its first read: no option's valid value. */
const changed = { changed: true }

/** Options whose every name is an own enumerable getter that counts its reads, answering `first[name]` at the first and `changed` after. */
const counted = (first: Readonly<Record<string, unknown>>) => {
  const reads: Record<string, number> = {}
  const o: Record<string, unknown> = {}
  for (const n of Object.keys(first)) {
    reads[n] = 0
    Object.defineProperty(o, n, { enumerable: true, get: () => (++(reads[n] as number) === 1 ? first[n] : changed) })
  }
  return { o, reads }
}

/** Run an operation: its call never throws, its promise never rejects. */
const settle = async (op: () => Dynamo.Op<unknown>, env: Env.Env, what: string): Promise<E.Either<DE.DynamoError, unknown>> => {
  let p: Promise<E.Either<DE.DynamoError, unknown>> | undefined
  assert.not.throws(() => {
    p = op()(env)()
  }, `${what}: the call throws`)
  let rejected: unknown
  const r = await (p as Promise<E.Either<DE.DynamoError, unknown>>).catch((e: unknown) => {
    rejected = e
    return undefined
  })
  assert.is(rejected, undefined, `${what}: the task rejects: ${String(rejected)}`)
  return r as E.Either<DE.DynamoError, unknown>
}

const lines = () => (async function* () { yield '{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}' })()

const signal = () => new AbortController().signal
const read = () => ({ consistentRead: true, select: ['n'], includeExpired: true, signal: signal(), pageSize: 5, readUnitsPerSecond: 1000 })

/** Each operation: its options' first values (each valid) and its call. */
const cases = (): ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>, (o: any) => Dynamo.Op<unknown>]> => [
  ['getOne', { consistentRead: true, select: ['n'], includeExpired: true, signal: signal() }, (o) => Dynamo.getOne(User, 'a', o)],
  ['saveOne', { overwrite: false, signal: signal() }, (o) => Dynamo.saveOne(User, { id: 'a', n: 1 }, o)],
  ['saveMany', { overwrite: false, signal: signal() }, (o) => Dynamo.saveMany(User, [{ id: 'a', n: 1 }], o)],
  ['updateOne', { signal: signal() }, (o) => Dynamo.updateOne(User, 'a', [U.set(u.n, 2)], o)],
  ['updateFromDict', { signal: signal() }, (o) => Dynamo.updateFromDict(User, { id: 'a', n: 3 }, o)],
  ['deleteOne', { signal: signal() }, (o) => Dynamo.deleteOne(User, 'a', o)],
  ['deleteMany of keys', { signal: signal() }, (o) => Dynamo.deleteMany(User, ['a'], o)],
  ['deleteMany of a condition', { signal: signal() }, (o) => Dynamo.deleteMany(User, C.gt(u.n, 1), o)],
  ['getMany', { ...read(), limit: 3, descending: false }, (o) => Dynamo.getMany(User, C.gt(u.n, 1), o)],
  ['getMany of keys', read(), (o) => Dynamo.getMany(User, ['a', 'b'], o)],
  ['page', { ...read(), maxRequests: 2, segments: 2 }, (o) => Dynamo.page(User, C.gt(u.n, 1), o)],
  ['pages', { ...read(), limit: 3, maxRequests: 2 }, (o) => firstPage(Dynamo.pages(User, C.gt(u.n, 1), o))],
  ['reduce', { ...read(), limit: 3 }, (o) => Dynamo.reduce(User, C.gt(u.n, 1), 0, (b) => b + 1, o)],
  ['count', { consistentRead: true, includeExpired: true, signal: signal(), pageSize: 5, segment: { index: 0, total: 2 } }, (o) => Dynamo.count(User, C.gt(u.n, 1), o)],
  ['collection', { consistentRead: true, descending: true, pageSize: 5, signal: signal(), includeExpired: true }, (o) => Dynamo.collection({ row: Row }, { id: 'a' }, o)],
  ['transactWrite', { token: 'tok', signal: signal(), now: new Date(0) }, (o) => Dynamo.transactWrite([T.put(User, { id: 'a', n: 1 })], o)],
  ['transactWrite entry', { overwrite: false }, (o) => Dynamo.transactWrite([T.put(User, { id: 'a', n: 1 }, o)])],
  ['transactGet', { signal: signal() }, (o) => Dynamo.transactGet([T.get(User, 'a')], o)],
  ['describeTable', { signal: signal() }, (o) => Dynamo.describeTable(User, o)],
  ['createTable', { signal: signal() }, (o) => Dynamo.createTable(User, o)],
  ['deleteTable', { signal: signal() }, (o) => Dynamo.deleteTable(User, o)],
  ['planTable', { deleteIndexes: true, rebuildIndexes: false, signal: signal() }, (o) => Dynamo.planTable(User, o)],
  ['syncTable', { deleteIndexes: true, rebuildIndexes: false, signal: signal() }, (o) => Dynamo.syncTable(User, o)],
  ['clearTable', { onProgress: () => undefined, signal: signal() }, (o) => Dynamo.clearTable(User, o)],
  ['dump', { segments: 2, onProgress: () => undefined, signal: signal() }, (o) => Dynamo.dump(User, new PassThrough().resume(), o)],
  ['load', { onProgress: () => undefined, onFail: () => undefined, signal: signal() }, (o) => Dynamo.load(User, lines(), o)],
  ['send', { signal: signal(), abortSignal: undefined }, (o) => Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }), o)],
  ['explain', { consistentRead: true, select: ['n'], readUnitsPerSecond: 10 }, (o) => () => async () => Dynamo.explain(User, C.gt(u.n, 1), o)],
]

test('every operation reads each of its options once, whatever they answer after', async () => {
  for (const [name, first, op] of cases()) {
    const { env } = counting()
    const { o, reads } = counted(first)
    await settle(() => op(o), env, name)
    for (const [n, k] of Object.entries(reads)) assert.ok(k === 1, `${name} read ${n} ${k} times`)
  }
})

test('every operation reads each of its options once through a Proxy, whatever its trap answers after', async () => {
  for (const [name, first, op] of cases()) {
    const { env } = counting()
    const reads: Record<string, number> = {}
    const o = new Proxy({ ...first }, {
      get: (target, n, receiver) => {
        if (typeof n !== 'string') return Reflect.get(target, n, receiver) as unknown
        reads[n] = (reads[n] ?? 0) + 1
        return reads[n] === 1 ? (Reflect.get(target, n, receiver) as unknown) : changed
      },
    })
    await settle(() => op(o), env, name)
    for (const n of Object.keys(first)) assert.ok(reads[n] === 1, `${name} read ${n} ${reads[n] ?? 0} times through a Proxy`)
  }
})

test("transactWrite reads its now once: a Date whose own getTime answers otherwise after is sent as first read", async () => {
  const { env, sent } = counting<{ input: { TransactItems: ReadonlyArray<{ Put: { Item: Record<string, { S?: string }> } }> } }>()
  const Stamped = Model.make({ table: 'stamped', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ at: Field.dateTime, up: Field.dateTime })]), timestamps: { createdAt: 'at', updatedAt: 'up' } })
  let calls = 0
  const now = Object.defineProperty(new Date(0), 'getTime', { value: () => (++calls === 1 ? 0 : Number.NaN) })
  const r = await settle(() => Dynamo.transactWrite([T.put(Stamped, { id: 'a' })], { now }), env, 'transactWrite')
  if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
  assert.ok(calls <= 1, `getTime called ${calls} times`)
  assert.is(sent[0]?.input.TransactItems[0]?.Put.Item.at?.S, new Date(0).toISOString())
})

test('explain plans the condition it checked: a node whose value answers otherwise when read again is planned as first read', () => {
  const c = C.gt(u.n, 1) as unknown as { readonly right: object }
  let reads = 0
  const right = Object.defineProperty({ ...c.right }, 'value', { enumerable: true, get: () => (++reads === 1 ? 1 : 'changed') })
  const r = Dynamo.explain(User, { ...c, right } as never)
  if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
  assert.is(Plan.show(r.right), 'Scan users\n  filter: n > 1')
  assert.is(reads, 1)
})

test('a getter of an option that throws: a Left, a ValidationError naming the option, nothing sent', async () => {
  for (const [name, first, op] of cases()) {
    for (const n of Object.keys(first)) {
      const { env, sent } = counting()
      const o = Object.defineProperty({}, n, {
        enumerable: true,
        get: () => {
          throw new Error('boom')
        },
      })
      const what = `${name} with a throwing ${n}`
      const r = await settle(() => op(o), env, what)
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === n || i.path.endsWith(`.${n}`)), `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
      assert.is(sent.length, 0, `${what}: sent ${sent.length}`)
    }
  }
})

test("a signal whose getter throws: a Left, a ValidationError naming signal, nothing sent", async () => {
  for (const [name, first, op] of cases()) {
    if (!('signal' in first)) continue
    for (const broken of ['aborted', 'addEventListener', 'removeEventListener']) {
      const { env, sent } = counting()
      const s: Record<string, unknown> = { aborted: false, addEventListener: () => undefined, removeEventListener: () => undefined }
      Object.defineProperty(s, broken, {
        get: () => {
          throw new Error('sig')
        },
      })
      const what = `${name} with a signal whose ${broken} throws`
      const r = await settle(() => op({ ...first, signal: s }), env, what)
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === 'signal'), `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
      assert.is(sent.length, 0, `${what}: sent ${sent.length}`)
    }
  }
})

test("a transaction entry's options that throw when asked anything (a revoked Proxy): a ValidationError at the entry's options, as a getter's is at its option", async () => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  for (const [what, entry] of [['T.put', T.put(User, { id: 'a', n: 1 }, proxy as never)], ['T.update', { ...T.update(User, 'a', [U.set(u.n, 2)]), options: proxy }]] as const) {
    const { env, sent } = counting()
    const r = await settle(() => Dynamo.transactWrite([entry as never]), env, what)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === 'entries[0].options'), `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
    assert.is(sent.length, 0)
  }
})

test.run()

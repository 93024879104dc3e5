/**
 * A read aborted before its request (its signal aborted before the call, or between its pages)
 * is the same `AbortError` as one aborted in flight: the abort's reason, when it is an `Error`,
 * is its cause as a plain `{ name, message }` and its message says it; any other reason (or one
 * whose reading throws: the application's getter, a Proxy) is no cause. The error is plain data
 * (JSON, `structuredClone`), as every `DynamoError`: never the application's object itself.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { PassThrough } from 'node:stream'
import * as Model from '../../../lib/model/Model.js'
import type * as DE from '../../../lib/DynamoError.js'
import { counting, firstPage } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })
const u = User.attrs

const reads = (signal: AbortSignal): Record<string, Dynamo.Op<unknown>> => ({
  getOne: Dynamo.getOne(User, 'a', { signal }),
  getMany: Dynamo.getMany(User, C.gt(u.n, 1), { signal }),
  'getMany of keys': Dynamo.getMany(User, ['a', 'b'], { signal }),
  page: Dynamo.page(User, C.gt(u.n, 1), { signal }),
  pages: firstPage(Dynamo.pages(User, C.gt(u.n, 1), { signal })),
  reduce: Dynamo.reduce(User, C.gt(u.n, 1), 0, (b) => b + 1, { signal }),
  count: Dynamo.count(User, C.gt(u.n, 1), { signal }),
  collection: Dynamo.collection({ row: Row }, { id: 'a' }, { signal }),
})

const trap = () => {
  throw new Error('trapped')
}

test("a read aborted before its call with an Error: AbortError, its cause the reason's plain { name, message }, its message saying it; nothing sent", async () => {
  const c = new AbortController()
  c.abort(new RangeError('the user left'))
  for (const [name, op] of Object.entries(reads(c.signal))) {
    const { env, sent } = counting()
    const r = (await op(env)()) as E.Either<DE.DynamoError, unknown>
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', name)
    if (E.isLeft(r) && r.left._tag === 'AwsError') {
      assert.equal(r.left.cause, { name: 'RangeError', message: 'the user left' }, `${name}: the cause`)
      assert.match(r.left.message, /the user left/, `${name}: the message`)
    }
    assert.is(sent.length, 0, `${name}: sent ${sent.length}`)
  }
})

test('a read aborted before its call with a reason that is no Error, or whose reading throws (a Proxy): AbortError without a cause, plain data (JSON, structuredClone)', async () => {
  for (const reason of [{ secret: 'kept by the application' }, new Proxy(new Error('p'), { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap }), 'words']) {
    const c = new AbortController()
    c.abort(reason)
    for (const [name, op] of Object.entries(reads(c.signal))) {
      const { env } = counting()
      const r = (await op(env)()) as E.Either<DE.DynamoError, unknown>
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', name)
      if (E.isLeft(r) && r.left._tag === 'AwsError') {
        assert.is(r.left.cause, undefined, `${name}: the cause`)
        assert.not.throws(() => JSON.stringify(r.left), `${name}: JSON`)
        assert.not.throws(() => structuredClone(r.left), `${name}: structuredClone`)
      }
    }
  }
})

test("an abort whose reason's message quotes an access key id, and the secret of the Env's credentials: the AbortError says neither (scrubbed, and redacted where the Env is known: Dynamo.send before sending and in flight)", async () => {
  const secret = 'supersecretvalue1'
  const reason = () => new Error(`left with ${secret} and AKIAABCDEFGHIJKLMNOP`)
  const hanging = { send: (_c: unknown, o?: { abortSignal?: AbortSignal }) => new Promise((_, reject) => o?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))) }
  const env = Env.make({ client: hanging as never, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: secret }, maxAttempts: 1 })
  const before = new AbortController()
  before.abort(reason())
  const inFlight = new AbortController()
  const runs: Record<string, () => Promise<E.Either<DE.DynamoError, unknown>>> = {
    'send, aborted before': Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }), { signal: before.signal })(env),
    'send, in flight': () => {
      const r = Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }), { signal: inFlight.signal })(env)()
      setImmediate(() => inFlight.abort(reason()))
      return r
    },
  }
  for (const [what, run] of Object.entries(runs)) {
    const r = await run()
    const shown = JSON.stringify(r)
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', `${what}: ${shown}`)
    assert.not.ok(shown.includes('AKIAABCDEFGHIJKLMNOP'), `${what}: the access key id: ${shown}`)
    assert.not.ok(shown.includes(secret), `${what}: the Env's secret: ${shown}`)
  }
})

test("dynamongo's operations aborted before their call with a reason quoting the secret of the Env's credentials and an access key id: the AbortError says neither", async () => {
  const secret = 'supersecretvalue1'
  const hanging = { send: (_c: unknown, o?: { abortSignal?: AbortSignal }) => new Promise((_, reject) => o?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))) }
  const env = Env.make({ client: hanging as never, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: secret }, maxAttempts: 1 })
  const before = new AbortController()
  before.abort(new Error(`left with ${secret} and AKIAABCDEFGHIJKLMNOP`))
  const signal = before.signal
  const ops: Record<string, Dynamo.Op<unknown>> = {
    ...reads(signal),
    saveMany: Dynamo.saveMany(User, [{ id: 'a', n: 1 }], { signal }),
    deleteMany: Dynamo.deleteMany(User, ['a'], { signal }),
    load: Dynamo.load(User, ['{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}'], { signal }),
    dump: Dynamo.dump(User, new PassThrough(), { signal }),
  }
  for (const [what, op] of Object.entries(ops)) {
    const r = (await op(env)()) as E.Either<DE.DynamoError, unknown>
    const shown = JSON.stringify(r)
    assert.ok(E.isLeft(r) || shown.includes('AbortError'), `${what}: ${shown}`)
    assert.not.ok(shown.includes('AKIAABCDEFGHIJKLMNOP'), `${what}: the access key id: ${shown}`)
    assert.not.ok(shown.includes(secret), `${what}: the Env's secret: ${shown}`)
  }
})

test.run()

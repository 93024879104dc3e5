/**
 * A Task never rejects, whatever the client: a stand-in whose `config` cannot be read (a
 * strict Proxy mock, a getter that throws) is sent its requests like any other, and a request
 * handler that sets an `onabort` that throws does not keep a timed-out or aborted attempt from
 * settling.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import { listening, settledValue, turn } from '../../harness/escapes.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const User = Model.make({ table: 'users', codec: t.type({ id: t.string }), hashKey: 'id' })

const answering = () => ({ send: async () => ({ $metadata: {}, Item: { id: { S: 'a' } } }) })

const strictClients = (): Record<string, unknown> => ({
  'a Proxy whose config throws': new Proxy(answering(), {
    get: (o: Record<PropertyKey, unknown>, k) => {
      if (k === 'config') throw new Error('no config on this mock')
      return o[k]
    },
  }),
  'a config getter that throws': Object.defineProperty(answering(), 'config', { get: () => { throw new Error('x') } }),
  "a handler whose constructor getter throws": { ...answering(), config: { requestHandler: { get constructor(): unknown { throw new Error('x') } } } },
  'a config that is a Proxy whose every read throws': { ...answering(), config: new Proxy({}, { get: () => { throw new Error('x') } }) },
})

test('a client whose config cannot be read: getOne resolves Right, with and without a time limit or a signal', async () => {
  for (const [name, client] of Object.entries(strictClients())) {
    for (const timeoutMs of [Infinity, 1000]) {
      for (const signal of [undefined, new AbortController().signal]) {
        const env = Env.make({ client: client as DynamoDBClient, timeoutMs })
        let r: unknown
        try {
          r = await Dynamo.getOne(User, 'a', signal === undefined ? {} : { signal })(env)()
        } catch (e) {
          assert.unreachable(`${name}, timeoutMs ${timeoutMs}: rejected with ${String(e)}`)
        }
        assert.equal(r, { _tag: 'Right', right: { id: 'a' } }, `${name}, timeoutMs ${timeoutMs}, signal ${signal !== undefined}`)
      }
    }
  }
})

/** The SDK's Node handler by name: its attempts get a light signal, whose `onabort` it sets; this one throws, and never answers. */
class NodeHttpHandler {}

const throwingOnAbort = () => ({
  config: { requestHandler: new NodeHttpHandler() },
  send: (_command: unknown, options: { abortSignal: { onabort: (() => void) | null } }) => {
    options.abortSignal.onabort = () => {
      throw new Error('onabort threw')
    }
    return new Promise(() => undefined)
  },
})

test("a handler's onabort that throws: a timed-out attempt settles as a Left (timeout), nothing escapes", async () => {
  const env = Env.make({ client: throwingOnAbort() as unknown as DynamoDBClient, timeoutMs: 20, maxAttempts: 1 })
  const alive = setTimeout(() => undefined, 5_000) // the deadline's timer does not keep the process alive
  const r = await Dynamo.getOne(User, 'a')(env)()
  clearTimeout(alive)
  assert.is(r._tag, 'Left')
  if (r._tag === 'Left') assert.is((r.left as { name?: string }).name, 'TimeoutError', JSON.stringify(r.left))
})

test("a handler's onabort that throws: an attempt aborted by the caller's signal settles as a Left, nothing escapes", async () => {
  const env = Env.make({ client: throwingOnAbort() as unknown as DynamoDBClient, timeoutMs: 10_000, maxAttempts: 1 })
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 10)
  const r = await Dynamo.getOne(User, 'a', { signal: ac.signal })(env)()
  assert.is(r._tag, 'Left')
})

/** A model read by a Query (a range key), so that a page reads a Query's answer. */
const Row = Model.make({ table: 'rows', codec: t.type({ pk: t.string, sk: t.number }), hashKey: 'pk', rangeKey: 'sk' })

/** A thrown value none of whose reads can be made: a Proxy of an Error whose every trap throws (its prototype too, so `instanceof` throws). */
const unreadable = (): unknown => {
  const trap = (): never => {
    throw new Error('trapped')
  }
  return new Proxy(new Error('x'), { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap })
}

/** Clients of the application's whose send gives no promise, a thenable that throws, a promise of no object, or fails with a value that cannot be read. */
const offShapeClients: Record<string, { readonly send: () => unknown }> = {
  'a promise rejected with a value that cannot be read': { send: () => Promise.reject(unreadable()) },
  'a send that throws a value that cannot be read': {
    send: () => {
      throw unreadable()
    },
  },
  'a plain value': { send: () => ({ $metadata: {}, Item: { id: { S: 'a' } }, Items: [], Count: 0, UnprocessedItems: {} }) },
  undefined: { send: () => undefined },
  null: { send: () => null },
  'a thenable whose then throws': { send: () => ({ then: () => { throw new Error('then threw') } }) },
  'a promise of undefined': { send: async () => undefined },
  'a promise of a number': { send: async () => 5 },
  'a promise of an object whose every read throws': {
    send: async () =>
      new Proxy({}, {
        get: (_, k) => {
          if (k === 'then') return undefined
          throw new Error('getter threw')
        },
      }),
  },
}

test("a client whose send gives no promise, a thenable that throws, a promise of no object or of one whose reads throw, or fails with a value that cannot be read: every operation settles to an Either, with and without a time limit, with and without a listener of the Env's; the call never throws, its task never rejects, nothing escapes", async () => {
  const { escaped } = await listening(async (escaped) => {
    for (const [name, client] of Object.entries(offShapeClients)) {
      for (const [timeoutMs, on] of [[Infinity, undefined], [1000, undefined], [Infinity, () => {}], [1000, () => {}]] as const) {
        const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs, maxAttempts: 1, ...(on === undefined ? {} : { on }) })
        const ops: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
          ['getOne', () => Dynamo.getOne(User, 'a')(env)()],
          ['saveOne', () => Dynamo.saveOne(User, { id: 'a' })(env)()],
          ['saveMany', () => Dynamo.saveMany(User, [{ id: 'a' }])(env)()],
          ['page', () => Dynamo.page(Row, C.eq(Row.attrs.pk, 'a'))(env)()],
          ['send', () => Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }))(env)()],
        ]
        for (const [op, run] of ops) {
          const what = `${op}, ${name}, timeoutMs ${timeoutMs}, ${on === undefined ? 'no listener' : 'a listener'}`
          const value = await settledValue(run, 5_000, what)
          const tag = (value as { _tag?: unknown })._tag
          if (tag !== 'Left' && tag !== 'Right') assert.unreachable(`${what}: ${JSON.stringify(value)}`)
        }
        await turn()
        assert.equal(escaped.map(String), [], `${name}, timeoutMs ${timeoutMs}: escaped`)
      }
    }
    // a plain value is the answer, as await takes it
    const env = Env.make({ client: offShapeClients['a plain value'] as unknown as DynamoDBClient, timeoutMs: 1000 })
    assert.equal(await Dynamo.getOne(User, 'a')(env)(), { _tag: 'Right', right: { id: 'a' } })
  })
  assert.equal(escaped.map(String), [], 'escaped')
})

test.run()

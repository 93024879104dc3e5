/**
 * A caller's signal is read once, when an operation's options are parsed, and followed through
 * a signal of dynamongo's own (`abort.follow`): a signal whose `aborted` throws from some read on
 * (a getter, a Proxy's trap) is the `ValidationError` naming `signal` before any request when
 * its first read throws, and is never read again after: the operation runs as if it had never
 * aborted. A signal whose `reason` throws aborts with an `AbortError` of its own. One listener on
 * the caller's signal, however many operations share it. `onAbort` keeps no entry for a signal
 * whose `addEventListener` threw.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { getEventListeners } from 'node:events'
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { onAbort } from '../../../lib/run/abort.js'
import { hostileSignal, unreadable } from '../../harness/signals.js'
import { settledValue } from '../../harness/escapes.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

/** An SDK error answered with HTTP `status`. */
const failure = (name: string, status: number): Error => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' })

/** A client that fails every request with `name` (HTTP `status`), counting them. */
const failing = (name: string, status: number) => {
  const c = { sends: 0, send: async () => (c.sends++, await Promise.resolve(), Promise.reject(failure(name, status))) }
  return c
}

test('saveOne, every attempt throttled (400) or failed (500), maxAttempts 3, a signal whose aborted throws from its k-th read, k = 1 to 12: a ValidationError before any request (k = 1), else the throttle or server error after 3 attempts; never a rejection, and a Left after a 500 carries outcome unknown', async () => {
  for (const [name, status] of [['ProvisionedThroughputExceededException', 400], ['InternalServerError', 500]] as const) {
    for (let k = 1; k <= 12; k++) {
      const client = failing(name, status)
      const env = Env.make({ client: client as unknown as DynamoDBClient, maxAttempts: 3, sleep: async () => undefined })
      let got: E.Either<{ readonly _tag: string; readonly name?: string; readonly outcome?: string }, unknown>
      try {
        got = (await Dynamo.saveOne(User, { id: 'u', n: 1 }, { signal: unreadable(k) })(env)()) as typeof got
      } catch (e) {
        assert.unreachable(`${status}, k = ${k}: the Task rejected (${String(e)})`)
        return
      }
      assert.ok(E.isLeft(got), `${status}, k = ${k}: a Left`)
      if (!E.isLeft(got)) return
      if (k === 1) {
        assert.is(got.left._tag, 'ValidationError', `k = 1: the signal refused`)
        assert.is(client.sends, 0, 'k = 1: nothing sent')
        continue
      }
      assert.is(client.sends, 3, `${status}, k = ${k}: every attempt sent`)
      assert.is(got.left.name, name, `${status}, k = ${k}: the client's error`)
      if (status === 500) assert.is(got.left.outcome, 'unknown', `${status}, k = ${k}: it may have been written`)
    }
  }
})

test('a signal whose reason throws, aborted in flight with no time limit: the operation settles, an AbortError', async () => {
  const c = new AbortController()
  const signal = hostileSignal(c.signal, {
    reason: () => {
      throw new Error('reason cannot be read')
    },
  })
  const client = { send: () => (setImmediate(() => c.abort()), new Promise(() => undefined)) }
  const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs: Infinity })
  let hang: ReturnType<typeof setTimeout> | undefined
  const got = await Promise.race([
    Dynamo.saveOne(User, { id: 'u', n: 1 }, { signal })(env)(),
    new Promise<'hangs'>((resolve) => (hang = setTimeout(() => resolve('hangs'), 10_000))),
  ]).catch((e: unknown) => `rejected: ${String(e)}`)
  clearTimeout(hang)
  assert.ok(typeof got === 'object' && E.isLeft(got), `settled as a Left, got ${typeof got === 'string' ? got : 'a Right'}`)
  if (typeof got === 'object' && E.isLeft(got)) assert.is((got.left as { readonly name?: string }).name, 'AbortError')
})

/** Reasons an abort may carry whose name or message cannot be read: an Error whose getter throws, a Proxy whose every trap throws. */
const unreadableReasons = (): ReadonlyArray<readonly [string, unknown]> => {
  const getter = new Error('x')
  Object.defineProperty(getter, 'message', {
    get: () => {
      throw new Error('message cannot be read')
    },
  })
  const trap = () => {
    throw new Error('trapped')
  }
  const proxy = new Proxy(new Error('y'), { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap })
  return [
    ['an Error whose message throws', getter],
    ['a Proxy whose every trap throws', proxy],
  ]
}

/** A result in a failure's message: its error's tag and name (the error may carry what the abort gave). */
const shown = (r: E.Either<unknown, unknown>): string => (E.isLeft(r) ? `${String((r.left as { readonly _tag?: unknown })._tag)} ${String((r.left as { readonly name?: unknown }).name)}` : 'Right')

test('a signal aborted with a reason whose name or message throws (an Error\'s getter, a Proxy): in flight, in a backoff pause, or before the call, getOne and saveOne settle, an AbortError; never a pending Task nor a rejection', async () => {
  for (const [what, reason] of unreadableReasons()) {
    // in flight, under the time limit (an attempt bounded) and without one
    for (const timeoutMs of [60_000, Infinity]) {
      const c = new AbortController()
      const client = { send: () => (setImmediate(() => c.abort(reason)), new Promise(() => undefined)) }
      const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs })
      for (const [name, op] of [
        ['getOne', () => Dynamo.getOne(User, 'u', { signal: c.signal })(env)()],
        ['saveOne', () => Dynamo.saveOne(User, { id: 'u', n: 1 }, { signal: c.signal })(env)()],
      ] as const) {
        const got = (await settledValue(op as () => Promise<E.Either<{ readonly name?: string }, unknown>>, 10_000, `${name} in flight (${what}, timeoutMs ${timeoutMs})`))
        assert.ok(E.isLeft(got) && got.left.name === 'AbortError', `${name} in flight (${what}, timeoutMs ${timeoutMs}): ${shown(got)}`)
      }
    }
    // in a backoff pause between throttled attempts: the next attempt is not sent
    const c = new AbortController()
    const throttled = failing('ProvisionedThroughputExceededException', 400)
    const env = Env.make({ client: throttled as unknown as DynamoDBClient, maxAttempts: 5, sleep: async () => c.abort(reason) })
    const paused = await settledValue(() => Dynamo.getOne(User, 'u', { signal: c.signal })(env)(), 10_000, `getOne in a pause (${what})`)
    assert.ok(E.isLeft(paused) && (paused.left as { readonly name?: string }).name === 'AbortError', `getOne in a pause (${what}): ${shown(paused)}`)
    assert.is(throttled.sends, 1, `getOne in a pause (${what}): ${throttled.sends} requests`)
    // aborted before the call
    const before = new AbortController()
    before.abort(reason)
    const early = await settledValue(() => Dynamo.getOne(User, 'u', { signal: before.signal })(env)(), 10_000, `getOne aborted before (${what})`)
    assert.ok(E.isLeft(early) && (early.left as { readonly name?: string }).name === 'AbortError', `getOne aborted before (${what}): ${shown(early)}`)
  }
})

test('saveMany overwrite false (one PutItem each, concurrency 2), 10 items, a signal whose aborted throws from its k-th read, k = 1 to 25: a ValidationError before any request (k = 1), else Right with every item written in success', async () => {
  const items = Array.from({ length: 10 }, (_, i) => ({ id: `u${i}`, n: i }))
  for (let k = 1; k <= 25; k++) {
    const written = new Set<string>()
    const send = async (command: unknown) => {
      await Promise.resolve()
      if (!(command instanceof PutItemCommand)) throw new Error('unexpected command')
      written.add(String(command.input.Item?.['id']?.S))
      return { $metadata: {} }
    }
    const env = Env.make({ client: { send } as unknown as DynamoDBClient, concurrency: 2 })
    let got: E.Either<{ readonly _tag: string }, { readonly success: ReadonlyArray<{ readonly id: string }>; readonly fail: ReadonlyArray<unknown> }>
    try {
      got = await Dynamo.saveMany(User, items, { overwrite: false, signal: unreadable(k) })(env)()
    } catch (e) {
      assert.unreachable(`k = ${k}: the Task rejected (${String(e)})`)
      return
    }
    if (k === 1) {
      assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError' && written.size === 0, 'k = 1: refused, nothing sent')
      continue
    }
    assert.ok(E.isRight(got), `k = ${k}: a Right (${written.size} items written)`)
    if (E.isRight(got)) assert.equal(got.right.success.map((u) => u.id), items.map((i) => i.id), `k = ${k}: every item written`)
  }
})

test('twenty saveOne sharing one signal, in flight at once: one listener of dynamongo on the caller\'s signal; its abort ends them all', async () => {
  const c = new AbortController()
  const client = { send: (_: unknown, o?: { readonly abortSignal?: AbortSignal }) => new Promise((_r, reject) => o?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))) }
  const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs: 60_000 })
  const runs = Array.from({ length: 20 }, (_, i) => Dynamo.saveOne(User, { id: `u${i}`, n: i }, { signal: c.signal })(env)())
  await new Promise((resolve) => setImmediate(resolve))
  assert.is(getEventListeners(c.signal, 'abort').length, 1)
  c.abort()
  const got = await Promise.all(runs)
  assert.ok(got.every((r) => E.isLeft(r) && (r.left as { readonly name?: string }).name === 'AbortError'))
})

test('onAbort with a signal whose addEventListener threw once: the next onAbort on it listens, and is told', () => {
  const c = new AbortController()
  let throws = true
  const listen = c.signal.addEventListener.bind(c.signal)
  const signal = hostileSignal(c.signal, {
    addEventListener: () => {
      if (!throws) return listen
      throws = false
      return () => {
        throw new Error('no listener taken')
      }
    },
  })
  assert.throws(() => onAbort(signal, () => undefined))
  let told = false
  onAbort(signal, () => (told = true))
  c.abort()
  assert.ok(told)
})

test.run()

/**
 * Every option of `Env.make`, `Env.withBatch` and `Env.fromEnv` given (not `undefined`) with
 * the wrong type or out of its range is a `ConfigError` naming the option, of every operation,
 * before any request (`fromEnv`: its `Left`): never read as the default, never brought back
 * into range silently (lib/run/config.ts, `optionsWhy`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { User } from '../../harness/models.js'

let sent = 0
const client = { send: async () => ((sent += 1), { $metadata: {} }) } as unknown as DynamoDBClient

const bad = <A>(a: unknown): A => a as A

/** The options of `withBatch` (which `make` and `fromEnv` take too), each with a value refused. */
const batchCases: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['maxAttempts', { maxAttempts: '3' }],
  ['maxAttempts', { maxAttempts: 0 }],
  ['maxAttempts', { maxAttempts: -3 }],
  ['maxAttempts', { maxAttempts: 2.5 }],
  ['maxAttempts', { maxAttempts: Number.NaN }],
  ['maxAttempts', { maxAttempts: Infinity }],
  ['concurrency', { concurrency: 0 }],
  ['concurrency', { concurrency: Number.NaN }],
  ['concurrency', { concurrency: 1.5 }],
  ['concurrency', { concurrency: '8' }],
  ['retry', { retry: 5 }],
  ['retry', { retry: null }],
  ['retry', { retry: 'fast' }],
  ['retry', { retry: [50, 500] }],
  ['retry.baseDelayMs', { retry: { baseDelayMs: -1 } }],
  ['retry.baseDelayMs', { retry: { baseDelayMs: Number.NaN } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: '500' } }],
  ['onProgress', { onProgress: true }],
]

/** The options only `make` (and `fromEnv`) takes, each with a value refused. */
const makeCases: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['region', { region: 5 }],
  ['region', { region: null }],
  ['client', { client: 5 }],
  ['client', { client: {} }],
  ['timeoutMs', { timeoutMs: Number.NaN }],
  ['timeoutMs', { timeoutMs: 0 }],
  ['waitTimeoutMs', { waitTimeoutMs: Number.NaN }],
  ['consumedCapacity', { consumedCapacity: 'yes' }],
  ['consumedCapacity', { consumedCapacity: 1 }],
  ['cursorKey', { cursorKey: new Uint8Array(16) }],
  ['cursorKey', { cursorKey: 'k'.repeat(32) }],
  // numbers and other typed arrays: refused as they are, never read as a length or as bytes
  ['cursorKey', { cursorKey: -1 }],
  ['cursorKey', { cursorKey: 32 }],
  ['cursorKey', { cursorKey: new Uint16Array(32) }],
  ['sleep', { sleep: 10 }],
  ['now', { now: new Date() }],
]

const refusesNaming = async (what: string, env: Env.Env, name: string): Promise<void> => {
  assert.is(env.invalid?._tag, 'ConfigError', `${what}: ${Env.show(env)}`)
  const r = await Dynamo.getOne(User, 'a@b.io')(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError', `${what}: ${JSON.stringify(r)}`)
  if (E.isLeft(r)) assert.ok(DE.show(r.left).includes(`${name}: `), `${what}: ${DE.show(r.left)}`)
}

test('make: an option of the wrong type or out of range is a ConfigError naming it, of every operation, before any request', async () => {
  sent = 0
  for (const [name, options] of [...batchCases, ...makeCases]) {
    const what = `make(${name} = ${String(options[name.split('.')[0] as string] instanceof Uint8Array ? 'bytes' : JSON.stringify(options))})`
    await refusesNaming(what, Env.make(bad({ client, ...options })), name)
  }
  assert.is(sent, 0)
})

test('withBatch: its options held to make\'s rule, each refused one a ConfigError naming it, before any request', async () => {
  sent = 0
  const env = Env.make({ client, concurrency: 4 })
  for (const [name, options] of batchCases) await refusesNaming(`withBatch(${JSON.stringify(options)})`, Env.withBatch(bad(options))(env), name)
  assert.is(sent, 0)
})

test('fromEnv: an option refused is its Left, naming it (never a Right holding an invalid Env)', () => {
  for (const [name, options] of [...batchCases, ...makeCases].filter(([n]) => n !== 'region')) {
    const r = Env.fromEnv({ AWS_REGION: 'eu-west-1' }, bad(options))
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && DE.show(r.left).includes(`${name}: `), `fromEnv(${name}): ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
  }
  const none = Env.fromEnv({}, bad(null))
  assert.ok(E.isLeft(none) && DE.show(none.left).includes('options must be an object'), JSON.stringify(none))
})

test('make: a cursorKey refused is kept as given, never copied into bytes: its reason is "must be 32 bytes", beside the other options\' reasons', () => {
  for (const k of [-1, 32, new Uint16Array(32), '0'.repeat(32)]) {
    const env = Env.make(bad({ client, cursorKey: k, maxAttempts: 0 }))
    const why = env.invalid === undefined ? '' : DE.show(env.invalid)
    assert.ok(why.includes('cursorKey: must be 32 bytes (a Uint8Array)') && why.includes('maxAttempts: '), `cursorKey ${String(k)}: ${why}`)
    assert.not.ok(why.includes('could not be read'), why)
    // not a 32-byte key of zeros (a number read as a length, a Uint16Array read as bytes)
    assert.not.instance(env.cursorKey, Uint8Array)
  }
  // a key taken is the Env's own copy, a Uint8Array even when a Buffer was given (a Buffer's slice would be a view)
  const given = Buffer.alloc(32, 7)
  const env = Env.make({ client, cursorKey: given })
  assert.is(env.invalid, undefined)
  assert.is(env.cursorKey?.constructor, Uint8Array)
  assert.is.not(env.cursorKey?.buffer, given.buffer)
  assert.equal([...(env.cursorKey ?? [])], [...given])
  // its own 32 bytes, never what its own iterator or length says (a subclass may redefine them)
  class Long extends Uint8Array {
    override *[Symbol.iterator](): ArrayIterator<number> {
      yield* new Uint8Array(64).fill(9)
    }
  }
  class Liar extends Uint8Array {
    override get length(): number {
      return 32
    }
  }
  const long = Env.make({ client, cursorKey: new Long(32).fill(7) })
  assert.is(long.invalid, undefined)
  assert.is(long.cursorKey?.constructor, Uint8Array)
  assert.equal([...(long.cursorKey ?? [])], new Array(32).fill(7))
  const liar = Env.make({ client, cursorKey: new Liar(64) })
  assert.match(liar.invalid === undefined ? '' : DE.show(liar.invalid), 'cursorKey: must be 32 bytes (a Uint8Array), got 64 bytes')
})

test('the values in range are taken as they are: Infinity time limits (none), a fraction of a millisecond, delays of 0, one attempt', () => {
  const env = Env.make({ client, timeoutMs: 0.5, waitTimeoutMs: Infinity, maxAttempts: 1, concurrency: 1, retry: { baseDelayMs: 0, maxDelayMs: 0 }, consumedCapacity: false, cursorKey: new Uint8Array(32) })
  assert.is(env.invalid, undefined)
  assert.equal([env.timeoutMs, env.waitTimeoutMs, env.batch.concurrency, env.batch.retry], [0.5, Infinity, 1, { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }])
  assert.is(Env.make({ client, timeoutMs: Infinity }).timeoutMs, Infinity)
  // no cap on the backoff: each retry waits up to baseDelayMs * 2^(n-1)
  assert.is(Env.make({ client, retry: { maxDelayMs: Infinity } }).batch.retry.maxDelayMs, Infinity)
  assert.is(Env.make({ client, retry: { maxDelayMs: Infinity } }).invalid, undefined)
  assert.is(Env.withBatch({ concurrency: 3, maxAttempts: 2, retry: { maxDelayMs: 10 } })(env).invalid, undefined)
})

test.run()

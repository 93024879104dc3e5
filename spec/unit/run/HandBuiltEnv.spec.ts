/**
 * An `Env` no `make` checked (spread or built by hand, through a cast) whose settings are out
 * of their rules (lib/run/config.ts `envWhy`, `invalidOf`) is refused as `make` refuses its
 * options: every request a `ConfigError` naming the setting, unsent, never items dropped
 * (a `NaN` concurrency started no worker: `saveMany` answered `{ success: [], fail: [] }`),
 * never zero attempts, never a time limit read as none. And `make`, `withBatch` and
 * `fromEnv` never throw, whatever reading their options does.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const M = Model.make({ table: 'plain', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

/** A client that answers every request as DynamoDB would an empty table's, and counts what it is sent. */
const standIn = () => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    sent.push(name)
    if (name === 'QueryCommand' || name === 'ScanCommand') return { $metadata: {}, Items: [], Count: 0, ScannedCount: 0 }
    if (name === 'BatchGetItemCommand') return { $metadata: {}, Responses: { plain: [] }, UnprocessedKeys: {} }
    if (name === 'BatchWriteItemCommand') return { $metadata: {}, UnprocessedItems: {} }
    return { $metadata: {} }
  }
  return { sent, env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined }) }
}

type Spread = (env: Env.Env) => Env.Env
const settings: ReadonlyArray<readonly [string, Spread, string]> = [
  ['concurrency NaN', (e) => ({ ...e, batch: { ...e.batch, concurrency: Number.NaN } }), 'concurrency: must be a whole number ≥ 1, got NaN'],
  ['concurrency 0', (e) => ({ ...e, batch: { ...e.batch, concurrency: 0 } }), 'concurrency: must be a whole number ≥ 1, got 0'],
  // a setting of the Env may hold a secret: only its kind is shown
  ['concurrency \'5\'', (e) => ({ ...e, batch: { ...e.batch, concurrency: '5' } }) as unknown as Env.Env, 'concurrency: must be a whole number ≥ 1, got string'],
  ['maxAttempts 0', (e) => ({ ...e, batch: { ...e.batch, retry: { ...e.batch.retry, maxAttempts: 0 } } }), 'maxAttempts: must be a whole number ≥ 1, got 0'],
  ['maxAttempts NaN', (e) => ({ ...e, batch: { ...e.batch, retry: { ...e.batch.retry, maxAttempts: Number.NaN } } }), 'maxAttempts: must be a whole number ≥ 1, got NaN'],
  ['baseDelayMs -1', (e) => ({ ...e, batch: { ...e.batch, retry: { ...e.batch.retry, baseDelayMs: -1 } } }), 'retry.baseDelayMs: expected a finite number of milliseconds from 0, got -1'],
  ['timeoutMs NaN', (e) => ({ ...e, timeoutMs: Number.NaN }), 'timeoutMs: expected a positive number of milliseconds'],
  ['timeoutMs 0', (e) => ({ ...e, timeoutMs: 0 }), 'timeoutMs: expected a positive number of milliseconds'],
  ['sleep no function', (e) => ({ ...e, sleep: 5 }) as unknown as Env.Env, 'sleep: must be a function, got 5'],
  ['tablePrefix undefined', (e) => ({ ...e, tablePrefix: undefined }) as unknown as Env.Env, 'tablePrefix:'],
  ['tablePrefix a number', (e) => ({ ...e, tablePrefix: 5 }) as unknown as Env.Env, 'tablePrefix:'],
  ['tablePrefix with a slash', (e) => ({ ...e, tablePrefix: 'a b/' }), 'tablePrefix:'],
  ['region no string', (e) => ({ ...e, region: 5 }) as unknown as Env.Env, 'region: expected a string, got 5'],
  // read before the first request (the retries, a batch's concurrency and listener): the Env's ConfigError, never a ValidationError of a TypeError
  ['batch absent', ({ batch: _, ...e }) => e as unknown as Env.Env, 'batch: expected an object (concurrency, retry), got undefined'],
  ['batch null', (e) => ({ ...e, batch: null }) as unknown as Env.Env, 'batch: expected an object (concurrency, retry), got null'],
  ['batch.retry absent', (e) => ({ ...e, batch: { concurrency: 2 } }) as unknown as Env.Env, 'batch.retry: expected an object'],
]

const items = [
  { id: 'a', n: 1 },
  { id: 'b', n: 2 },
]

/** Each operation, and how its answer tells every item or the whole refused with `error`. */
const operations: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, (r: unknown) => ReadonlyArray<DE.DynamoError>]> = [
  ['saveOne', Dynamo.saveOne(M, items[0] as { id: string; n: number }), () => []],
  ['getOne', Dynamo.getOne(M, 'a'), () => []],
  ['getMany (Query)', Dynamo.getMany(M, C.eq(M.attrs.id, 'a')), () => []],
  ['getMany (BatchGetItem)', Dynamo.getMany(M, ['a', 'b']), () => []],
  ['saveMany', Dynamo.saveMany(M, items), (r) => (r as { fail: ReadonlyArray<{ error: DE.DynamoError }> }).fail.map((f) => f.error)],
  ['deleteMany', Dynamo.deleteMany(M, ['a', 'b']), (r) => (r as { fail: ReadonlyArray<{ error: DE.DynamoError }> }).fail.map((f) => f.error)],
  // the SDK's own command: its retries read batch.retry before the first request, as every operation's
  ['send', Dynamo.send(new GetItemCommand({ TableName: 'plain', Key: { id: { S: 'a' } } })), () => []],
]

test('an Env spread by hand with a setting out of its rule: every request a ConfigError naming it, nothing sent, no item dropped', async () => {
  for (const [setting, spread, says] of settings) {
    for (const [name, op, failuresOf] of operations) {
      const { env, sent } = standIn()
      const r = await op(spread(env))()
      // either the whole operation is the ConfigError, or each of the two items fails with it
      const errors = E.isLeft(r) ? [r.left] : failuresOf(r.right)
      assert.is(errors.length, E.isLeft(r) ? 1 : 2, `${name}, ${setting}: expected a Left or both items failed, got ${JSON.stringify(r)}`)
      for (const error of errors) {
        assert.is(error._tag, 'ConfigError', `${name}, ${setting}: ${DE.show(error)}`)
        assert.ok(DE.show(error).includes(says), `${name}, ${setting}: ${DE.show(error)}`)
      }
      assert.equal(sent, [], `${name}, ${setting}: no request`)
    }
  }
})

test('an Env spread by hand within the rules works as it is (the check refuses nothing it should take)', async () => {
  const { env, sent } = standIn()
  const spread: Env.Env = { ...env, timeoutMs: Infinity, batch: { ...env.batch, concurrency: 1, retry: { ...env.batch.retry, maxAttempts: 1, maxDelayMs: Infinity } } }
  const r = await Dynamo.saveMany(M, items)(spread)()
  assert.equal(r, E.right({ success: items, fail: [], failCount: 0 }))
  assert.equal(sent, ['BatchWriteItemCommand'])
})

test("an Env spread by hand with a timeoutMs beyond what a timer holds (2^31 ms and more: make's no limit) is no limit, never a limit of 1 ms that fails every attempt", async () => {
  // a client that answers after a few milliseconds, as a real endpoint does
  const slow = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20))
    return { $metadata: {}, Item: { id: { S: 'a' }, n: { N: '1' } } }
  }
  const env = Env.make({ client: { send: slow } as unknown as DynamoDBClient, maxAttempts: 1 })
  for (const timeoutMs of [2 ** 31, 2 ** 31 + 1, 30 * 24 * 3600e3, Number.MAX_VALUE]) {
    const r = await Dynamo.getOne(M, 'a')({ ...env, timeoutMs })()
    assert.equal(r, E.right({ id: 'a', n: 1 }), `timeoutMs ${timeoutMs}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
  }
})

test("make's Env is frozen with its batch settings: changing one in place (through a cast) throws where it is changed, never reaching a request", () => {
  const { env } = standIn()
  assert.ok(Object.isFrozen(env) && Object.isFrozen(env.batch) && Object.isFrozen(env.batch.retry))
  assert.throws(() => {
    ;(env.batch as { concurrency: number }).concurrency = Number.NaN
  }, TypeError)
  assert.is(env.batch.concurrency, 8)
  assert.ok(Object.isFrozen(Env.withBatch({ concurrency: 2 })(env).batch))
})

test('make, withBatch and fromEnv never throw where reading an option throws: an Env that refuses every request, or a Left', async () => {
  const boom = (): never => {
    throw new Error('boom')
  }
  const hostile: ReadonlyArray<readonly [string, object]> = [
    ['a getter of region', Object.defineProperty({}, 'region', { get: boom, enumerable: true })],
    ['a client whose send is a throwing getter', { client: Object.defineProperty({}, 'send', { get: boom }) }],
    ['a Proxy of options', new Proxy({}, { get: boom })],
    ['a retry whose reading throws', { retry: new Proxy({}, { get: boom }) }],
  ]
  for (const [what, options] of hostile) {
    const env = Env.make(options as Env.MakeOptions)
    assert.is(env.invalid?._tag, 'ConfigError', `make, ${what}`)
    const r = await Dynamo.getOne(M, 'a')(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && r.left.message.includes('boom'), `make, ${what}: ${JSON.stringify(r)}`)
    const fromVars = Env.fromEnv({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, options as Env.MakeOptions)
    assert.ok(E.isLeft(fromVars) && fromVars.left._tag === 'ConfigError', `fromEnv, ${what}`)
  }
  const { env } = standIn()
  const batched = Env.withBatch(new Proxy({}, { get: boom }) as Parameters<typeof Env.withBatch>[0])(env)
  assert.is(batched.invalid?._tag, 'ConfigError')
  // a hand-built Env withBatch cannot read: an Env that refuses, and the caller's objects left unfrozen
  const noBatch = Env.withBatch({ concurrency: 2 })({ ...env, batch: undefined } as unknown as Env.Env)
  assert.is(noBatch.invalid?._tag, 'ConfigError')
  const theirs = { concurrency: 3 }
  const noRetry = Env.withBatch({ concurrency: 2 })({ ...env, batch: theirs } as unknown as Env.Env)
  assert.is(noRetry.invalid?._tag, 'ConfigError')
  assert.not.ok(Object.isFrozen(theirs), "the caller's batch object is not frozen")
  const vars = new Proxy({}, { get: boom }) as Readonly<Record<string, string>>
  const r = Env.fromEnv(vars)
  assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && r.left.message.includes('boom'))
})

test('a misspelt option of make or withBatch is a ConfigError naming it, never ignored (concurency read as the default 8)', () => {
  const { env } = standIn()
  const made = Env.make({ concurency: 4 } as unknown as Env.MakeOptions)
  assert.is(made.invalid?._tag, 'ConfigError')
  assert.ok(made.invalid !== undefined && DE.show(made.invalid).includes('concurency: is no option of make (it takes'), made.invalid === undefined ? '' : DE.show(made.invalid))
  const batched = Env.withBatch({ concurency: 2 } as unknown as Parameters<typeof Env.withBatch>[0])(env)
  assert.ok(batched.invalid !== undefined && DE.show(batched.invalid).includes('concurency: is no option of withBatch'))
  const fromVars = Env.fromEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, { timeoutMS: 5 } as unknown as Env.MakeOptions)
  assert.ok(E.isLeft(fromVars) && DE.show(fromVars.left).includes('timeoutMS: is no option'))
  // inside retry too: maxAttempts is an option beside it, and the budget would stay 10
  const inRetry = Env.make({ retry: { maxAttempts: 3 } } as unknown as Env.MakeOptions)
  assert.ok(inRetry.invalid !== undefined && DE.show(inRetry.invalid).includes('retry.maxAttempts: is no option of retry') && DE.show(inRetry.invalid).includes('beside retry'))
  assert.ok(Env.make({ retry: { baseDelay: 3 } } as unknown as Env.MakeOptions).invalid !== undefined)
  // fromEnv reads these from its variables: given as options, each is refused naming its variable
  for (const [name, variable] of [['region', 'AWS_REGION'], ['endpoint', 'DYNAMODB_ENDPOINT'], ['credentials', 'AWS_ACCESS_KEY_ID'], ['tablePrefix', 'AWS_TABLE_PREFIX']] as const) {
    const r = Env.fromEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, { [name]: 'us-west-2' } as unknown as Env.MakeOptions)
    assert.ok(E.isLeft(r) && DE.show(r.left).includes(`${name}: is no option of fromEnv`) && DE.show(r.left).includes(variable), E.isLeft(r) ? DE.show(r.left) : `${name}: a Right`)
  }
  // every option make takes, and an explicit undefined, are taken
  const all = Env.make({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:8000', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, tablePrefix: 'dev_', maxAttempts: 2, timeoutMs: 100, waitTimeoutMs: 100, on: () => undefined, consumedCapacity: true, concurrency: 2, retry: { baseDelayMs: 1, maxDelayMs: 2 }, onProgress: () => undefined, sleep: async () => undefined, random: () => 0.5, now: () => new Date(), cursorKey: new Uint8Array(32), client: undefined })
  assert.is(all.invalid, undefined, all.invalid === undefined ? '' : DE.show(all.invalid))
})

test.run()

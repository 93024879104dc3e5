import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn } from 'node:child_process'
import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as DE from '../../../lib/DynamoError.js'
import { classify, send } from '../../../lib/run/send.js'
import { itemSize } from '../../../lib/rules/size.js'

const $metadata = {}

const fakeEnv = (send: (command: unknown) => unknown, credentials?: Env.Credentials): Env.Env =>
  Env.make({ client: { send } as unknown as DynamoDBClient, ...(credentials ? { credentials } : {}) })

test('send: the output of a successful call is the Right', async () => {
  // (an item at the key asked for: one at another is no answer DynamoDB gives, AnswerKeys.spec)
  const env = fakeEnv(async (c) => ({ Item: { pk: { S: 'a' }, table: { S: (c as GetItemCommand).input.TableName ?? '' } }, $metadata }))
  const r = await send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))(env)()
  assert.equal(r, E.right({ Item: { pk: { S: 'a' }, table: { S: 't' } }, $metadata }))
})

test('timeoutMs beyond what a timer holds (2^31 - 1 ms, about 24.8 days) is no limit, not a limit of 1 ms', async () => {
  // a client that answers after a few milliseconds, as a real endpoint does
  const slow = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20))
    return { Item: { pk: { S: 'a' } }, $metadata }
  }
  for (const timeoutMs of [2 ** 31 - 1, 2 ** 31, 3e9, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE]) {
    const env = Env.make({ client: { send: slow } as unknown as DynamoDBClient, timeoutMs, maxAttempts: 1 })
    const r = await send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))(env)()
    assert.equal(r, E.right({ Item: { pk: { S: 'a' } }, $metadata }), `timeoutMs ${timeoutMs}`)
  }
})

/**
 * What a child process printed: it starts a wait beyond what one timer holds and is killed 300 ms
 * after (a Node timer past 2^31 - 1 ms fires at once). Started as the file loads, so that the
 * child's start-up (a Node process with the loader) runs while the other specs do, not in a
 * wait of its own; the test below awaits it.
 */
const longSleep = ((): Promise<string> => {
  const script = `import('${new URL('../../../lib/run/Env.ts', import.meta.url).href}').then(async (Env) => { const env = Env.make({}); process.stdout.write('waiting;'); await env.sleep(2 ** 31 + 10); process.stdout.write('fired') })`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  const timers = [setTimeout(() => child.kill(), 60_000)]
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
    if (out === 'waiting;') timers.push(setTimeout(() => child.kill(), 300))
  })
  return new Promise((resolve) =>
    child.on('exit', () => {
      for (const t of timers) clearTimeout(t)
      resolve(out)
    }),
  )
})()

test("the Env's sleep: a wait beyond what one timer holds is still a wait (a backoff's maxDelayMs or a pace beyond 24.8 days), not an instant", async () => {
  assert.is(await longSleep, 'waiting;')
})

test('send: a rejected promise and a synchronous throw are both Lefts', async () => {
  const rejecting = fakeEnv(() => Promise.reject(new ResourceNotFoundException({ message: 'no table', $metadata })))
  const throwing = fakeEnv(() => {
    throw new TypeError('boom')
  })
  const cmd = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } })
  const r1 = await send(cmd)(rejecting)()
  const r2 = await send(cmd)(throwing)()
  assert.ok(E.isLeft(r1) && r1.left._tag === 'AwsError' && r1.left.name === 'ResourceNotFoundException' && !r1.left.retryable)
  assert.ok(E.isLeft(r2) && r2.left._tag === 'AwsError' && r2.left.name === 'TypeError' && r2.left.message === 'boom')
})

test("saveOne and getOne: what the application's own code throws is a Left (a ValidationError quoting it); the call of the task never throws, its promise never rejects, and nothing is sent", async () => {
  const sent: unknown[] = []
  const env = fakeEnv(async (c) => {
    sent.push(c)
    return { $metadata }
  })
  const Thing = Model.make({
    table: 'things',
    hashKey: 'pk',
    codec: t.type({ pk: t.string, n: t.number }),
    defaults: {
      n: () => {
        throw new Error('no default today')
      },
    },
  })
  const settle = async (task: () => Promise<unknown>): Promise<unknown> => {
    let p: Promise<unknown> | undefined
    assert.not.throws(() => {
      p = task()
    })
    return (p as Promise<unknown>).catch((e: unknown) => assert.unreachable(`rejected: ${String(e)}`))
  }
  const saved = await settle(Dynamo.saveOne(Thing, { pk: 'a' } as never)(env))
  assert.ok(E.isLeft(saved as E.Either<DE.DynamoError, unknown>))
  assert.match(JSON.stringify(saved), /"_tag":"ValidationError".*"path":"n".*no default today/)
  const key = Object.defineProperty({}, 'pk', {
    enumerable: true,
    get: () => {
      throw new Error('no key today')
    },
  })
  const got = await settle(Dynamo.getOne(Thing, key as never)(env))
  assert.ok(E.isLeft(got as E.Either<DE.DynamoError, unknown>))
  assert.match(JSON.stringify(got), /"_tag":"ValidationError".*no key today/)
  assert.is(sent.length, 0)
})

const table: ReadonlyArray<readonly [string, unknown, Partial<DE.DynamoError> & { _tag: DE.DynamoError['_tag'] }]> = [
  ['ConditionalCheckFailedException', new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata }), { _tag: 'ConditionalCheckFailed', message: 'The conditional request failed' }],
  ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata }), { _tag: 'AwsError', name: 'ProvisionedThroughputExceededException', retryable: true }],
  ['ThrottlingException', new ThrottlingException({ message: 'rate', $metadata }), { _tag: 'AwsError', name: 'ThrottlingException', retryable: true }],
  ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'limit', $metadata }), { _tag: 'AwsError', name: 'RequestLimitExceeded', retryable: true }],
  ['TransactionConflictException (a single write to an item a transaction holds)', new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata }), { _tag: 'AwsError', name: 'TransactionConflictException', retryable: true }],
  ['InternalServerError', new InternalServerError({ message: 'oops', $metadata }), { _tag: 'AwsError', name: 'InternalServerError', retryable: true }],
  ['ServiceUnavailable (503)', new DynamoDBServiceException({ name: 'ServiceUnavailable', $fault: 'server', message: 'down', $metadata: { httpStatusCode: 503 } }), { _tag: 'AwsError', name: 'ServiceUnavailable', retryable: true }],
  ['an unknown 500', Object.assign(new Error('x'), { name: 'Weird', $metadata: { httpStatusCode: 500 } }), { _tag: 'AwsError', name: 'Weird', retryable: true }],
  // a socket's error is named by its system code: the SDK passes Node's plain Error on, and names a reset, a broken pipe, a timed out connection TimeoutError
  ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), { _tag: 'AwsError', name: 'ECONNRESET', retryable: true }],
  ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), { _tag: 'AwsError', name: 'ECONNREFUSED', retryable: true }],
  ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' }), { _tag: 'AwsError', name: 'ENOTFOUND', retryable: true }],
  ['EAI_AGAIN', Object.assign(new Error('getaddrinfo EAI_AGAIN nowhere.invalid'), { code: 'EAI_AGAIN' }), { _tag: 'AwsError', name: 'EAI_AGAIN', retryable: true }],
  ['EPIPE, named TimeoutError by the SDK', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', name: 'TimeoutError' }), { _tag: 'AwsError', name: 'EPIPE', retryable: true }],
  ['ETIMEDOUT, named TimeoutError by the SDK', Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT', name: 'TimeoutError' }), { _tag: 'AwsError', name: 'ETIMEDOUT', retryable: true }],
  ['every address refused (AggregateError)', Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], ''), { code: 'ECONNREFUSED' }), { _tag: 'AwsError', name: 'ECONNREFUSED', retryable: true }],
  // an answer's error body's fields are copied onto the exception: a `code` there is no socket's
  [
    'an answer of 400 whose body says code ECONNREFUSED',
    Object.assign(new DynamoDBServiceException({ name: 'Error', $fault: 'client', message: 'm', $metadata: { httpStatusCode: 400 } }), { code: 'ECONNREFUSED' }),
    { _tag: 'AwsError', name: 'Error', message: 'm', retryable: false },
  ],
  ['a socket reset while a 200 body was read (the SDK adds the answer\'s $metadata to it)', Object.assign(new Error('aborted'), { code: 'ECONNRESET', $metadata: { httpStatusCode: 200 } }), { _tag: 'AwsError', name: 'ECONNRESET', retryable: true }],
  ['an answer of 503 whose error has a code ECONNRESET', Object.assign(new Error('m'), { code: 'ECONNRESET', $metadata: { httpStatusCode: 503 } }), { _tag: 'AwsError', name: 'Error', retryable: true }],
  ["Node's own code (not a system error)", Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), { _tag: 'AwsError', name: 'Error' }],
  ['an error of its own name, with a code', Object.assign(new Error('x'), { name: 'CredentialsProviderError', code: 'ENOENT' }), { _tag: 'AwsError', name: 'CredentialsProviderError' }],
  ['TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), { _tag: 'AwsError', name: 'TimeoutError', retryable: true }],
  ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'Requested resource not found', $metadata }), { _tag: 'AwsError', name: 'ResourceNotFoundException', message: 'Requested resource not found', retryable: false }],
  ['ValidationException (other)', new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'One or more parameter values were invalid', $metadata: { httpStatusCode: 400 } }), { _tag: 'AwsError', name: 'ValidationException', retryable: false }],
  ['a string', 'just text', { _tag: 'AwsError', name: 'string', message: 'just text', retryable: false }],
  ['undefined', undefined, { _tag: 'AwsError', name: 'undefined', retryable: false }],
]

for (const [label, thrown, expected] of table) {
  test(`classify: ${label}`, () => {
    const e = classify(thrown)
    for (const [k, v] of Object.entries(expected)) assert.equal((e as unknown as Record<string, unknown>)[k], v, `${label}.${k}`)
    if (e._tag === 'AwsError') {
      // the SDK's error as a plain, frozen copy of its name and message (and Node's code), never the object itself
      assert.is.not(e.cause, thrown)
      assert.ok(e.cause !== undefined && Object.getPrototypeOf(e.cause) === Object.prototype && Object.isFrozen(e.cause))
      // the copy keeps the thrown value's own name (a socket's error is named by its code)
      assert.is(e.cause?.name, typeof thrown === 'object' && thrown !== null ? (thrown as Error).name : e.name)
      assert.is(e.cause?.message, e.message)
    }
  })
}

test('classify: an AwsError keeps only safe data: status, request id, attempts, fault, and a plain copy of the error chain', () => {
  const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9 via http://me:pw@proxy.example/?sig=abc#f'), { code: 'ECONNREFUSED', socket: { authorization: 'AKIDEXAMPLE' } })
  const sdk = new DynamoDBServiceException({
    name: 'ValidationException',
    $fault: 'client',
    message: 'bad',
    $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 3, totalRetryDelay: 5 },
  })
  Object.assign(sdk, { secretField: 'leak-me', cause: new AggregateError([inner, 'two'], 'all failed') })
  Object.defineProperty(sdk, '$response', { value: { headers: { authorization: 'AKIDEXAMPLE' } }, enumerable: false })
  const e = classify(sdk)
  assert.equal(e, {
    _tag: 'AwsError',
    name: 'ValidationException',
    message: 'bad',
    retryable: false,
    status: 400,
    requestId: 'R1',
    attempts: 3,
    fault: 'client',
    cause: {
      name: 'ValidationException',
      message: 'bad',
      cause: {
        name: 'AggregateError',
        message: 'all failed',
        errors: [
          { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9 via http://***@proxy.example/', code: 'ECONNREFUSED' },
          { name: 'string', message: 'two' },
        ],
      },
    },
  })
  // a cause that throws when read, and a chain that loops, still classify
  const looping = Object.defineProperty(new Error('x'), 'errors', { get: () => { throw new Error('no') } })
  Object.assign(looping, { cause: looping })
  assert.equal(classify(looping), { _tag: 'AwsError', name: 'Error', message: 'x', retryable: false, cause: { name: 'Error', message: 'x' } })
})

test('classify: TransactionCanceled keeps its reasons', () => {
  const e = classify(
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
      $metadata,
      CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }],
    }),
  )
  assert.equal(e, {
    _tag: 'TransactionCanceled',
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
    reasons: [{ index: 0, code: 'ConditionalCheckFailed', message: 'The conditional request failed' }, { index: 1, code: 'None' }],
  })
  assert.match(DE.draw(e), /└─ \[0\] ConditionalCheckFailed: The conditional request failed/)
})

test('classify: an item-size ValidationException is ItemTooLarge with the size of the item sent, atLeast the limit and one byte where it cannot be told', () => {
  const big = { pk: { S: 'a' }, blob: { S: 'x'.repeat(410_000) } }
  const err = new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Item size has exceeded the maximum allowed size', $metadata })
  const e = classify(err, { input: new PutItemCommand({ TableName: 't', Item: big }).input })
  assert.equal(e, { _tag: 'ItemTooLarge', size: itemSize(big), limit: 409_600 })
  const inBatch = classify(err, { input: { RequestItems: { t: [{ PutRequest: { Item: { pk: { S: 'b' } } } }, { PutRequest: { Item: big } }] } } })
  assert.equal(inBatch, { _tag: 'ItemTooLarge', size: itemSize(big), limit: 409_600 })
  // an update of a stored item: its size cannot be told from the request, only that it is over the limit
  const upd = classify(new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Item size to update has exceeded the maximum allowed size', $metadata }), { input: { Key: { pk: { S: 'a' } } } })
  assert.equal(upd, { _tag: 'ItemTooLarge', size: 409_601, limit: 409_600, atLeast: true })
  // another ValidationException stays DynamoDB's own
  const other = classify(new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'One or more parameter values were invalid', $metadata }), { input: { Key: { pk: { S: 'a' } } } })
  assert.is(other._tag, 'AwsError')
})

test('classify: an item-size ValidationException for an item whose values are not of their type (a number as S, a string as M, a map of plain values): its size is not told, only that it is over the limit', () => {
  const err = new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Item size has exceeded the maximum allowed size', $metadata })
  const values: ReadonlyArray<unknown> = [{ S: 5 }, { M: 'x'.repeat(500_000) }, { M: { x: 1 } }, { L: 'abc' }, { B: 'xyz' }, { BOOL: 'yes' }, { NULL: false }, { N: 12 }, { SS: 'abc' }, { NS: [1] }, { BS: ['x'] }]
  for (const d of values) {
    const e = classify(err, { input: { TableName: 't', Item: { pk: { S: 'a' }, d } } })
    assert.equal(e, { _tag: 'ItemTooLarge', size: 409_601, limit: 409_600, atLeast: true }, JSON.stringify(d).slice(0, 40))
  }
  // values of their type, nested, are measured
  const nested = { pk: { S: 'a' }, m: { M: { l: { L: [{ NULL: true }, { BOOL: false }, { SS: ['a'] }, { NS: ['1'] }, { BS: [new Uint8Array([1])] }, { B: new Uint8Array([2]) }] } } } }
  assert.equal(classify(err, { input: { TableName: 't', Item: nested } }), { _tag: 'ItemTooLarge', size: itemSize(nested), limit: 409_600 })
})

test('itemSize counts names and values as DynamoDB does', () => {
  assert.is(itemSize({ ab: { S: 'héllo' } }), 2 + 6)
  assert.is(itemSize({ n: { N: '12345' } }), 1 + 4)
  assert.is(itemSize({ b: { BOOL: true }, z: { NULL: true } }), 2 + 2)
  assert.is(itemSize({ l: { L: [{ S: 'ab' }, { N: '1' }] } }), 1 + 3 + (1 + 2) + (1 + 2))
  assert.is(itemSize({ m: { M: { k: { S: 'v' } } } }), 1 + 3 + 1 + 1 + 1)
  assert.is(itemSize({ bin: { B: new Uint8Array(10) } }), 3 + 10)
})

test('send: credentials in an SDK error message are redacted, in the message and the cause', async () => {
  const leaky = Object.assign(new Error('The request signature we calculated does not match. Credential=AKIDEXAMPLE/20240101 key SECRET123'), {
    name: 'InvalidSignatureException',
    $metadata: { httpStatusCode: 400 },
  })
  const env = fakeEnv(() => Promise.reject(leaky), { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET123' })
  const r = await send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))(env)()
  assert.ok(E.isLeft(r))
  if (E.isLeft(r)) {
    const all = `${DE.show(r.left)} ${DE.draw(r.left)} ${JSON.stringify(r.left)} ${JSON.stringify((r.left as DE.AwsError).cause)}`
    assert.not.match(all, /AKIDEXAMPLE|SECRET123/)
    assert.match(DE.show(r.left), /InvalidSignatureException: .*Credential=\*\*\*/)
  }
})

test.run()

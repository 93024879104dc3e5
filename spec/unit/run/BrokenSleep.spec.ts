/**
 * The Env's `sleep` and `random` are the application's code, called between a throttled
 * attempt and its retry and by a paced read's pacer. One that throws, rejects or gives no
 * promise (a sleep), or throws or gives no number (a random source), never rejects an
 * operation's task nor escapes as an uncaught exception from the promise handler that began
 * the wait: the wait is over, and the retry goes on. Against a client that throttles every
 * other request, with and without a time limit (each attempt's two paths in `send.ts`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'
import type * as DE from '../../../lib/DynamoError.js'
import { within } from '../../harness/standIn.js'
import { listening, settledValue, turn } from '../../harness/escapes.js'

/** A liveness bound, not a timing: every answer here comes at once. */
const LIVENESS_MS = 10_000

const Row = Model.make({ table: 'rows', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number }) })
const r = Row.attrs
const row = { pk: { S: 'a' }, n: { N: '1' } }

/** What DynamoDB answers, by command: an item, a scan's page that consumed 5 units (a paced read's next request waits), nothing unprocessed. */
const answers: Readonly<Record<string, object>> = {
  GetItemCommand: { Item: row },
  UpdateItemCommand: { Attributes: row },
  ScanCommand: { Items: [row], Count: 1, ScannedCount: 1, ConsumedCapacity: { TableName: 'rows', CapacityUnits: 5 } },
  QueryCommand: { Items: [row], Count: 1, ScannedCount: 1 },
  BatchGetItemCommand: { Responses: { rows: [row] }, UnprocessedKeys: {} },
  BatchWriteItemCommand: { UnprocessedItems: {} },
}

/** A client that throttles every other request (the first of each pair), and answers the other as DynamoDB does. */
const throttling = (): DynamoDBClient => {
  let n = 0
  return {
    send: async (c: { constructor: { name: string } }) => {
      if (n++ % 2 === 0) throw new ProvisionedThroughputExceededException({ message: 'throttled (stand-in)', $metadata: { httpStatusCode: 400 } })
      return { $metadata: {}, ...(answers[c.constructor.name] ?? {}) }
    },
  } as unknown as DynamoDBClient
}

const ops: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
  ['getOne', Dynamo.getOne(Row, 'a')],
  ['saveOne', Dynamo.saveOne(Row, { pk: 'a', n: 1 })],
  ['deleteOne', Dynamo.deleteOne(Row, 'a')],
  ['updateFromDict', Dynamo.updateFromDict(Row, { pk: 'a', n: 1 })],
  ['saveMany', Dynamo.saveMany(Row, [{ pk: 'a', n: 1 }, { pk: 'b', n: 1 }])],
  ['getMany of keys', Dynamo.getMany(Row, ['a', 'b'])],
  ['page', Dynamo.page(Row, C.eq(r.pk, 'a'))],
  ['a paced scan', Dynamo.getMany(Row, C.gt(r.n, 0), { readUnitsPerSecond: 1, limit: 3 })],
  ['transactWrite', Dynamo.transactWrite([T.put(Row, { pk: 'a', n: 1 })])],
]

const sleeps: ReadonlyArray<readonly [string, Partial<Env.MakeOptions>]> = [
  ['a sleep that throws', { sleep: () => { throw new Error('sleep threw') } }],
  ['a sleep that rejects', { sleep: () => Promise.reject(new Error('sleep rejected')) }],
  ['a sleep that gives no promise', { sleep: (() => undefined) as unknown as Env.MakeOptions['sleep'] }],
  ['a random source that throws', { sleep: async () => undefined, random: () => { throw new Error('random threw') } }],
  ['a random source that gives no number', { sleep: async () => undefined, random: (() => 'x') as unknown as Env.MakeOptions['random'] }],
]

test("a sleep or random source that throws, rejects or gives nothing: every operation retries its throttled request and gives its answer; no task rejects, nothing escapes as an uncaught exception", async () => {
  const { escaped } = await listening(async (escaped) => {
    for (const [how, given] of sleeps) {
      for (const timeoutMs of [2_000, Infinity]) {
        const env = Env.make({ client: throttling(), maxAttempts: 4, timeoutMs, ...given })
        for (const [name, op] of ops) {
          const what = `${name}, ${how}, timeoutMs ${timeoutMs}`
          const value: E.Either<DE.DynamoError, unknown> = await settledValue(op(env), LIVENESS_MS, what)
          assert.ok(E.isRight(value), `${what}: ${JSON.stringify(value).slice(0, 300)}`)
        }
        // an exception of a promise handler surfaces after the handler's turn
        await turn()
        assert.equal(escaped.map(String), [], `${how}, timeoutMs ${timeoutMs}: escaped`)
      }
    }
  })
  assert.equal(escaped.map(String), [], 'escaped')
})

/** A client answering a Scan with three pages of one item each, each page having consumed 5 units (a paced read's next request waits). */
const threePages = (): { readonly client: DynamoDBClient; readonly sent: () => number } => {
  let n = 0
  const client = {
    send: async () => {
      n++
      const pk = { S: String.fromCharCode(96 + n) }
      return { $metadata: {}, Items: [{ pk, n: { N: '1' } }], Count: 1, ScannedCount: 1, ConsumedCapacity: { TableName: 'rows', CapacityUnits: 5 }, ...(n < 3 ? { LastEvaluatedKey: { pk } } : {}) }
    },
  } as unknown as DynamoDBClient
  return { client, sent: () => n }
}

test("a paced read's pacer waits through the same sleep: one that throws, rejects or gives nothing has ended its wait, and the read goes on to its last page", async () => {
  for (const [how, given] of sleeps.slice(0, 3)) {
    for (const signal of [undefined, new AbortController().signal]) {
      const { client, sent } = threePages()
      const env = Env.make({ client, maxAttempts: 1, timeoutMs: Infinity, ...given })
      const what = `${how}, ${signal === undefined ? 'no signal' : 'a signal'}`
      const got = await within(Dynamo.getMany(Row, C.gt(r.n, 0), { readUnitsPerSecond: 1, ...(signal === undefined ? {} : { signal }) })(env)(), LIVENESS_MS)
      assert.ok(got !== undefined, `${what}: did not settle`)
      assert.equal(got.value, E.right([{ pk: 'a', n: 1 }, { pk: 'b', n: 1 }, { pk: 'c', n: 1 }]), what)
      assert.is(sent(), 3, what)
    }
  }
})

test.run()

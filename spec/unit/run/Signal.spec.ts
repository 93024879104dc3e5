/**
 * Every operation takes `signal` (DESIGN §5.5): the operations whose options lacked it —
 * updateFromDict, transactWrite, transactGet, describeTable, planTable, syncTable,
 * clearTable, dump, load — against a stand-in client that records every command. Aborted
 * before the call, no request is sent and the result is `Left(AwsError)` named `AbortError`;
 * aborted while the operation runs, no further request starts.
 */
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ProvisionedThroughputExceededException, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'
import { show, type AwsError, type DynamoError } from '../../../lib/DynamoError.js'

const $metadata = {}

const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, title: t.string }) })

const table = {
  TableName: 'docs',
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  ProvisionedThroughput: { ReadCapacityUnits: 8, WriteCapacityUnits: 8 },
  ItemCount: 0,
  TableSizeBytes: 0,
}

/** What the stand-in answers by default: an item for reads, the table for describes, one page of one item for scans. */
const answers = (name: string): unknown => {
  switch (name) {
    case 'DescribeTableCommand':
      return { Table: table }
    case 'DescribeTimeToLiveCommand':
      return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
    case 'ScanCommand':
      return { Items: [{ id: { S: 'a' }, title: { S: 'A' } }] }
    case 'UpdateItemCommand':
      return { Attributes: { id: { S: 'a' }, title: { S: 'B' } } }
    case 'TransactGetItemsCommand':
      return { Responses: [{ Item: { id: { S: 'a' }, title: { S: 'A' } } }] }
    default:
      return {}
  }
}

/** A client that records every command and answers with `answer` (an `Error` is thrown). */
const standIn = (answer: (name: string, n: number) => unknown = answers) => {
  const sent: string[] = []
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name
      sent.push(name)
      const a = answer(name, sent.length - 1)
      if (a instanceof Error) throw a
      return { $metadata, ...(a as object) }
    },
  }
  return { sent, env: Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 }) }
}

const isAbort = (r: E.Either<DynamoError, unknown>): boolean => E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError'

const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done()
    },
  })

async function* lines(n: number, during?: (i: number) => void): AsyncIterable<string> {
  for (let i = 1; i <= n; i++) {
    during?.(i)
    yield JSON.stringify({ Item: { id: { S: `d${i}` }, title: { S: 'T' } } })
  }
}

test('aborted before the call: no request, Left(AwsError AbortError), for every operation that lacked the option', async () => {
  const c = new AbortController()
  c.abort()
  const signal = c.signal
  const ops: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['updateFromDict', Dynamo.updateFromDict(Doc, { id: 'a', title: 'B' }, { signal })],
    ['transactWrite', Dynamo.transactWrite([T.delete(Doc, 'a')], { signal })],
    ['transactGet', Dynamo.transactGet([T.get(Doc, 'a')], { signal })],
    ['describeTable', Dynamo.describeTable(Doc, { signal })],
    ['planTable', Dynamo.planTable(Doc, { signal })],
    ['syncTable', Dynamo.syncTable(Doc, { signal })],
    ['clearTable', Dynamo.clearTable(Doc, { signal })],
    ['dump', Dynamo.dump(Doc, sink(), { signal })],
    ['load', Dynamo.load(Doc, lines(3), { signal })],
  ]
  for (const [what, op] of ops) {
    const s = standIn()
    const r = await op(s.env)()
    assert.ok(isAbort(r), `${what}: ${JSON.stringify(r)}`)
    assert.equal(s.sent, [], what)
  }
})

test('transactWrite and transactGet: an abort while throttled ends the retries', async () => {
  for (const [what, run] of [
    ['transactWrite', (signal: AbortSignal) => Dynamo.transactWrite([T.delete(Doc, 'a')], { signal })],
    ['transactGet', (signal: AbortSignal) => Dynamo.transactGet([T.get(Doc, 'a')], { signal })],
  ] as const) {
    const c = new AbortController()
    const s = standIn(() => {
      c.abort()
      return new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } })
    })
    const r = await run(c.signal)(s.env)()
    assert.ok(isAbort(r), `${what}: ${JSON.stringify(r)}`)
    assert.is(s.sent.length, 1, what)
  }
})

test('syncTable: an abort while it waits for the table ends the wait', async () => {
  const c = new AbortController()
  const s = standIn((name) => {
    if (name === 'CreateTableCommand') c.abort()
    return name === 'DescribeTableCommand' && !c.signal.aborted ? new ResourceNotFoundException({ message: 'no table', $metadata: { httpStatusCode: 400 } }) : answers(name)
  })
  const r = await Dynamo.syncTable(Doc, { signal: c.signal })(s.env)()
  assert.ok(isAbort(r), JSON.stringify(r))
  assert.equal(s.sent, ['DescribeTableCommand', 'CreateTableCommand'])
})

test('dump and clearTable: an abort after a page, no further page is read', async () => {
  for (const [what, run] of [
    ['dump', (signal: AbortSignal) => Dynamo.dump(Doc, sink(), { signal })],
    ['clearTable', (signal: AbortSignal) => Dynamo.clearTable(Doc, { signal })],
  ] as const) {
    const c = new AbortController()
    // a table that never ends: every page goes on
    const s = standIn((name) => {
      if (name !== 'ScanCommand') return answers(name)
      c.abort()
      return { Items: [{ id: { S: 'a' }, title: { S: 'A' } }], LastEvaluatedKey: { id: { S: 'a' } } }
    })
    const r = await run(c.signal)(s.env)()
    assert.ok(isAbort(r), `${what}: ${JSON.stringify(r)}`)
    assert.equal(s.sent.filter((n) => n === 'ScanCommand'), ['ScanCommand'], what)
  }
})

test('clearTable stopped (an abort, a delete refused) says how many items it deleted before: the table is then part cleared', async () => {
  for (const how of ['abort', 'refused'] as const) {
    const c = new AbortController()
    let scans = 0
    let writes = 0
    const s = standIn((name) => {
      if (name === 'ScanCommand') {
        scans++
        if (how === 'abort' && scans === 3) c.abort()
        return { Items: [{ id: { S: `a${scans}` } }, { id: { S: `b${scans}` } }], LastEvaluatedKey: { id: { S: `b${scans}` } } }
      }
      if (name === 'BatchWriteItemCommand') return ++writes >= 3 ? Object.assign(new Error('refused'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } }) : { UnprocessedItems: {} }
      return answers(name)
    })
    const r = await Dynamo.clearTable(Doc, { signal: c.signal })(s.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError', `${how}: ${JSON.stringify(r)}`)
    assert.match((r as E.Left<{ message: string }>).left.message, /\(the clear stopped there: 4 items deleted before\)$/, how)
  }
})

test('load: an abort while lines are read stops reading and writing', async () => {
  const c = new AbortController()
  let read = 0
  const s = standIn()
  const r = await Dynamo.load(Doc, lines(1000, (i) => {
    read = i
    if (i === 3) c.abort()
  }), { signal: c.signal })(s.env)()
  assert.ok(isAbort(r), JSON.stringify(r))
  assert.ok(read < 1000, `read ${read} lines`)
  assert.equal(s.sent, [])
})

test('load: an abort carries the lines that failed before it (their item refused), as a whole load\'s fail does, and says them', async () => {
  const c = new AbortController()
  const s = standIn()
  async function* input(): AsyncIterable<string> {
    yield JSON.stringify({ Item: { id: { S: 'd1' }, title: { S: 'T' } } })
    // no title: the codec refuses it
    yield JSON.stringify({ Item: { id: { S: 'd2' } } })
    yield 'not json'
    yield JSON.stringify({ Item: { id: { S: 'd4' }, title: { S: 'T' } } })
    c.abort()
    yield JSON.stringify({ Item: { id: { S: 'd5' }, title: { S: 'T' } } })
  }
  const r = await Dynamo.load(Doc, input(), { signal: c.signal })(s.env)()
  assert.ok(isAbort(r), JSON.stringify(r))
  const e = (r as E.Left<AwsError>).left
  assert.equal(e.fail?.map((f) => [f.line, f.error._tag, f.outcome]), [[2, 'ValidationError', 'not-written'], [3, 'ValidationError', 'not-written']])
  assert.match(show(e.fail?.[0]?.error as DynamoError), 'title')
  assert.is(e.message, 'aborted before sending (after line 4; 0 items written; lines 2–3 failed, not written; lines 1, 4 not sent)')
  // the same lines, unaborted: the Right's fail
  const whole = await Dynamo.load(Doc, input())(standIn((name) => (name === 'BatchWriteItemCommand' ? { UnprocessedItems: {} } : answers(name))).env)()
  assert.ok(E.isRight(whole), JSON.stringify(whole))
  assert.equal((whole as E.Right<Dynamo.LoadResult>).right.fail, e.fail)
})

test('load: an abort after some groups were written says how far it came: the line it stopped after and the items written, as many as were sent', async () => {
  const c = new AbortController()
  const items: string[] = []
  const client = {
    send: async (command: { constructor: { name: string }; input: { RequestItems?: Record<string, ReadonlyArray<unknown>> } }) => {
      for (const rs of Object.values(command.input.RequestItems ?? {})) items.push(...rs.map((r) => JSON.stringify(r)))
      return { $metadata, UnprocessedItems: {} }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 })
  let read = 0
  const r = await Dynamo.load(Doc, lines(5000, (i) => {
    read = i
    if (i === 2500) c.abort()
  }), { signal: c.signal })(env)()
  assert.ok(isAbort(r), JSON.stringify(r))
  assert.ok(items.length > 0 && read < 5000, `${items.length} items sent, ${read} lines read`)
  const said = E.isLeft(r) ? /\(after line ([\d,]+); ([\d,]+) items? written(?:; lines? (?:[\d,]+–)?([\d,]+) not sent)?\)/.exec((r.left as { message: string }).message) : null
  assert.ok(said !== null, JSON.stringify(r))
  assert.is(Number((said[2] as string).replace(/,/g, '')), items.length)
  assert.ok(Number((said[1] as string).replace(/,/g, '')) >= items.length)
  // the lines held unsent end at the line it stopped after
  if (said[3] !== undefined) assert.is(said[3], said[1])
})

test('load: an abort while no write is in flight, after an earlier group left lines of unknown outcome (a request unanswered till its attempts ran out): aborted before sending, those lines named as maybe written', async () => {
  const c = new AbortController()
  const client = {
    send: async (command: { input: { RequestItems?: Record<string, ReadonlyArray<{ PutRequest: { Item: { id: { S: string } } } }>> } }) => {
      const ids = Object.values(command.input.RequestItems ?? {}).flatMap((rs) => rs.map((r) => r.PutRequest.Item.id.S))
      // the first chunk's request is never answered: the connection drops after sending, each attempt
      if (ids.includes('d1')) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      return { $metadata, UnprocessedItems: {} }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0, concurrency: 1 })
  // one group (2 chunks of 25 at concurrency 1) is written, then the abort comes while the next lines are read
  let flushed: () => void = () => undefined
  const written = new Promise<void>((r) => (flushed = r))
  async function* input(): AsyncIterable<string> {
    for (let i = 1; i <= 200; i++) {
      if (i === 51) {
        await written
        c.abort()
      }
      yield JSON.stringify({ Item: { id: { S: `d${i}` }, title: { S: 'T' } } })
    }
  }
  const r = await Dynamo.load(Doc, input(), { signal: c.signal, onProgress: () => flushed() })(env)()
  assert.ok(isAbort(r), JSON.stringify(r))
  assert.is((r as E.Left<{ message: string }>).left.message, "aborted before sending (after line 50; 25 items written; lines 1–25 may have been written (outcome unknown), no other line's outcome is unknown)")
})

test('load: an abort while groups are in flight names the lines whose requests it aborted as maybe written (outcome unknown), not as unwritten, and says it aborted in flight', async () => {
  const c = new AbortController()
  const answered: string[] = []
  const inFlight: string[] = []
  const client = {
    send: async (command: { input: { RequestItems?: Record<string, ReadonlyArray<{ PutRequest: { Item: { id: { S: string } } } }>> } }, options?: { abortSignal?: AbortSignal }) => {
      const ids = Object.values(command.input.RequestItems ?? {}).flatMap((rs) => rs.map((r) => r.PutRequest.Item.id.S))
      if (answered.length < 100) {
        answered.push(...ids)
        return { $metadata, UnprocessedItems: {} }
      }
      // the later requests reach the endpoint and are never answered: the abort ends them
      inFlight.push(...ids)
      setTimeout(() => c.abort(), 10)
      return new Promise((_, reject) => options?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))))
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 })
  const r = await Dynamo.load(Doc, lines(1000), { signal: c.signal })(env)()
  assert.ok(isAbort(r), JSON.stringify(r))
  const message = (r as E.Left<{ message: string }>).left.message
  assert.ok(inFlight.length > 0, 'some requests were in flight')
  assert.ok(/^aborted in flight/.test(message), message)
  assert.ok(message.includes(`${answered.length} items written`), message)
  // the lines of the items in flight (line i holds d<i>), as ranges
  const first = Number((inFlight[0] as string).slice(1))
  const last = Number((inFlight[inFlight.length - 1] as string).slice(1))
  assert.is(last - first + 1, inFlight.length)
  assert.ok(message.includes(`lines ${first}–${last} may have been written`), message)
})

test.run()

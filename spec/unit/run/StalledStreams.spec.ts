/**
 * `dump` and `load` on streams that fail as the world's do. A dump into an output stream that
 * stops taking data (a pipe whose reader stopped reading, a stalled socket) is ended by the
 * caller's signal; one destroyed halfway without an error (a socket closed by its peer) is a
 * `Left` naming it, never a dump that waits for ever for a `drain` that cannot come. A load
 * from an input that stops giving lines (a writer that hangs) is ended by the caller's signal.
 * A dump whose answers stop coming ends by the Env's time limit and retries, signal or none.
 * Against a client that answers every Scan at once with a page of 100 items (5 pages).
 */
import { PassThrough, Writable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { counting } from '../../harness/counting.js'
import * as Model from '../../../lib/model/Model.js'
import { within } from '../../harness/standIn.js'

const LIVENESS_MS = 10_000
const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

const fivePages = (): Env.Env => {
  let n = 0
  const items = Array.from({ length: 100 }, (_, i) => ({ id: { S: `u${i}` } }))
  return Env.make({
    client: { send: async () => (n++, { Items: items, Count: 100, ScannedCount: 100, ...(n < 5 ? { LastEvaluatedKey: { id: { S: `k${n}` } } } : {}), $metadata: {} }) } as unknown as DynamoDBClient,
    timeoutMs: Infinity,
    // a failed dump's wait for its stalled output's callback (the Env's sleep) ends at once
    sleep: async () => undefined,
  })
}

/** A stream that takes a few bytes and then never calls back: it never drains. */
const stalled = (): Writable => new Writable({ highWaterMark: 16, write: () => undefined })

test('a dump into a stream that stopped taking data: an abort ends it, Left(AbortError)', async () => {
  const controller = new AbortController()
  const pending = Dynamo.dump(User, stalled(), { signal: controller.signal })(fivePages())()
  await new Promise((r) => setTimeout(r, 20))
  controller.abort()
  const r = await within(pending, LIVENESS_MS)
  assert.ok(r !== undefined, 'the dump ends')
  if (r !== undefined) assert.ok(E.isLeft(r.value) && r.value.left._tag === 'AwsError' && r.value.left.name === 'AbortError', JSON.stringify(r.value))
})

test('a dump into a stream destroyed halfway without an error, or destroyed before it: Left(OutputStreamError) saying it closed', async () => {
  const halfway = stalled()
  const pending = Dynamo.dump(User, halfway)(fivePages())()
  await new Promise((r) => setTimeout(r, 20))
  halfway.destroy()
  const before = stalled()
  before.destroy()
  for (const [what, p] of [['halfway', pending], ['before', Dynamo.dump(User, before)(fivePages())()]] as const) {
    const r = await within(p, LIVENESS_MS)
    assert.ok(r !== undefined, `${what}: the dump ends`)
    if (r !== undefined) assert.ok(E.isLeft(r.value) && r.value.left._tag === 'AwsError' && r.value.left.name === 'OutputStreamError' && /closed/.test(r.value.left.message), `${what}: ${JSON.stringify(r.value)}`)
  }
})

test('a dump into a stream that takes everything: every item, Right', async () => {
  let lines = 0
  const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((lines += String(chunk).split('\n').length - 1), cb()) })
  assert.equal(await Dynamo.dump(User, sink)(fivePages())(), E.right({ items: 500 }))
  assert.is(lines, 500)
})

test("a dump whose Scan answers stop coming (every segment's second page lost, 4 segments): each attempt ends at the Env's time limit, and the dump with Left(TimeoutError) once its attempts run out; no signal needed", async () => {
  let sent = 0
  let settled = 0
  const items = Array.from({ length: 10 }, (_, i) => ({ id: { S: `u${i}` } }))
  const send = (command: { readonly input: { readonly ExclusiveStartKey?: unknown } }) => {
    sent++
    // the first page of each segment answers; a later one never does (the SDK's abort is not heard either)
    if (command.input.ExclusiveStartKey === undefined) return Promise.resolve({ Items: items, Count: 10, ScannedCount: 10, LastEvaluatedKey: { id: { S: 'u9' } }, $metadata: {} }).finally(() => settled++)
    return new Promise(() => undefined)
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, timeoutMs: 30, maxAttempts: 3, sleep: async () => undefined })
  let lines = 0
  const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((lines += String(chunk).split('\n').length - 1), cb()) })
  const r = await within(Dynamo.dump(User, sink, { segments: 4 })(env)(), LIVENESS_MS)
  assert.ok(r !== undefined, 'the dump ends')
  if (r !== undefined) assert.ok(E.isLeft(r.value) && r.value.left._tag === 'AwsError' && r.value.left.name === 'TimeoutError', JSON.stringify(r.value))
  assert.is(settled, 4, "each segment's first page answered")
  // 4 first pages, then at least one segment's second page tried 3 times (the first failure stops the others)
  assert.ok(sent >= 4 + 3, `requests: ${sent}`)
  assert.is(lines % 10, 0)
})

test('a load from an input that stops giving lines (a stream, an async iterable): an abort ends it, Left(AbortError)', async () => {
  const stream = new PassThrough()
  stream.write('{"Item":{"id":{"S":"a"}}}\n')
  const iterable = async function* () {
    yield '{"Item":{"id":{"S":"a"}}}'
    await new Promise(() => undefined)
  }
  for (const [what, input] of [['a stream', stream], ['an async iterable', iterable()]] as const) {
    const { env } = counting()
    const controller = new AbortController()
    const pending = Dynamo.load(User, input, { signal: controller.signal })(env)()
    await new Promise((r) => setTimeout(r, 20))
    controller.abort()
    const r = await within(pending, LIVENESS_MS)
    assert.ok(r !== undefined, `${what}: the load ends`)
    if (r !== undefined) assert.ok(E.isLeft(r.value) && r.value.left._tag === 'AwsError' && r.value.left.name === 'AbortError', `${what}: ${JSON.stringify(r.value)}`)
  }
})

test('an aborted load releases a stalled stream it reads: a web ReadableStream is cancelled with the reason and unlocked (fetch(url).body closes its socket), a Node one destroyed', async () => {
  // one line, then a pull that never answers
  let cancelled: unknown[] | undefined
  let pulls = 0
  const web = new ReadableStream<Uint8Array>({
    pull: (c) => (pulls++ === 0 ? c.enqueue(new TextEncoder().encode('{"Item":{"id":{"S":"a"}}}\n')) : new Promise(() => undefined)),
    cancel: (reason) => void (cancelled = [reason]),
  })
  const node = new PassThrough()
  node.write('{"Item":{"id":{"S":"a"}}}\n')
  for (const [what, input] of [['a web stream', web], ['a Node stream', node]] as const) {
    const { env } = counting()
    const controller = new AbortController()
    const pending = Dynamo.load(User, input, { signal: controller.signal })(env)()
    await new Promise((r) => setTimeout(r, 200))
    const reason = new Error('stop now')
    controller.abort(reason)
    const r = await within(pending, LIVENESS_MS)
    assert.ok(r !== undefined && E.isLeft(r.value) && r.value.left._tag === 'AwsError' && r.value.left.name === 'AbortError', `${what}: ${JSON.stringify(r?.value)}`)
    // the release's own steps (the pending read answered, the lock let go, 'close') settle on the next turns
    await new Promise((r) => setImmediate(r))
    await new Promise((r) => setImmediate(r))
    if (input === web) {
      assert.equal(cancelled, [reason], `${what}: cancelled with the abort's reason`)
      assert.is(web.locked, false, `${what}: unlocked`)
    } else assert.ok(node.destroyed, `${what}: destroyed`)
  }
})

/** A client that takes every BatchWriteItem whole. */
const takesAll = (): Env.Env =>
  Env.make({ client: { send: async () => ({ UnprocessedItems: {}, $metadata: {} }) } as unknown as DynamoDBClient, sleep: async () => undefined })

test('a load with a signal never aborted, from an input whose iterator return() gives a plain object or throws: ended normally, every line written, Right', async () => {
  const lines = ['{"Item":{"id":{"S":"a"}}}', '{"Item":{"id":{"S":"b"}}}']
  const input = (end: () => unknown): AsyncIterable<string> => ({
    [Symbol.asyncIterator]: () => {
      let i = 0
      return {
        next: async () => (i < lines.length ? { done: false, value: lines[i++] as string } : { done: true, value: undefined }),
        return: end as () => Promise<IteratorResult<string>>,
      }
    },
  })
  const plain = (): unknown => ({ done: true, value: undefined })
  const throws = (): unknown => {
    throw new Error('return refused')
  }
  for (const [what, end] of [['a plain object', plain], ['a throw', throws]] as const) {
    const r = await Dynamo.load(User, input(end), { signal: new AbortController().signal })(takesAll())()
    assert.equal(r, E.right({ written: 2, fail: [] }), what)
  }
})

test('a load with a signal never aborted holds nothing per line read: heap growth over 200,000 lines stays under 8 MB', async () => {
  // a full collection on demand (node's --expose-gc, turned on for this process)
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const heap = (): number => (gc(), process.memoryUsage().heapUsed)
  let start = 0
  let end = 0
  // blank lines: each goes through the line wait, none is parsed or written
  const blanks = async function* () {
    for (let i = 0; i < 210_000; i++) {
      if (i === 10_000) start = heap()
      yield ''
    }
    end = heap()
  }
  const r = await Dynamo.load(User, blanks(), { signal: new AbortController().signal })(takesAll())()
  assert.equal(r, E.right({ written: 0, fail: [] }))
  assert.ok(end - start < 8 * 2 ** 20, `the heap grew by ${((end - start) / 2 ** 20).toFixed(1)} MB`)
})

test("a load given bytes (a Buffer, any TypedArray or DataView), a String object, or an object whose iterator member is no function: a ValidationError naming input, nothing sent", async () => {
  const line = '{"Item":{"id":{"S":"a"}}}\n'
  const bytes = Buffer.from(line)
  const inputs: ReadonlyArray<readonly [string, unknown]> = [
    ['a Buffer', bytes],
    ['a Uint8Array', new Uint8Array(bytes)],
    ['a DataView', new DataView(new Uint8Array(bytes).buffer)],
    ['a String object', new String(line)],
    ['an async iterator member that is a number', { [Symbol.asyncIterator]: 5 }],
    ['an iterator member that is a number', { [Symbol.iterator]: 5 }],
  ]
  for (const [what, input] of inputs) {
    const { env, sent } = counting()
    const r = await Dynamo.load(User, input as never)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.map((i) => i.path).join() === 'input', `${what}: ${JSON.stringify(r).slice(0, 300)}`)
    assert.is(sent.length, 0, `${what}: nothing sent`)
  }
  const { env } = counting()
  const r = await Dynamo.load(User, bytes as never)(env)()
  assert.ok(E.isLeft(r) && /Readable\.from/.test(DE.show(r.left)), `bytes: names Readable.from: ${JSON.stringify(r)}`)
})

test('a load from an endless iterable of lines that give no write (blank, or each refused), with a signal aborted by a timer: the abort is seen, Left(AbortError)', async () => {
  // the bound makes the spec fail rather than hang where the load never gives the timer a turn
  const BOUND = 2_000_000
  for (const [what, line] of [['blank lines', ''], ['lines that are no JSON', 'not json']] as const) {
    let read = 0
    const lines = function* () {
      while (read < BOUND) {
        read++
        yield line
      }
    }
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    const r = await Dynamo.load(User, lines(), { signal: controller.signal })(takesAll())()
    assert.ok(read < BOUND, `${what}: the abort was seen before the lines ran out (${read} read)`)
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', `${what}: ${JSON.stringify(r).slice(0, 300)}`)
  }
})

test.run()

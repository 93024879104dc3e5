/**
 * Parallel scans with many segments (lib/run/read.ts): a segment's stream exists only while
 * it is read, so a read's memory does not grow with `segments` (DynamoDB allows 1,000,000),
 * and the segments are still read in order, each once, merged in segment order. Against a
 * stand-in that answers every Scan at once with one item: the segment's number.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { right } from '../../harness/either.js'

const Row = Model.make({ table: 'rows', hashKey: 'id', codec: t.type({ id: t.number, f: t.string }) })
const scan = C.eq(Row.attrs.f, 'x')

/** One item a segment (`id` = its number), or none for the segments `empty` says; the heap in use when the first request arrives. */
const standIn = (empty: (segment: number) => boolean = () => false) => {
  const segments: number[] = []
  let heapAtFirst: number | undefined
  const send = async (command: unknown) => {
    if (!(command instanceof ScanCommand)) throw new Error('a Scan was expected')
    heapAtFirst ??= process.memoryUsage().heapUsed
    const segment = command.input.Segment ?? 0
    segments.push(segment)
    return { $metadata: {}, Items: empty(segment) ? [] : [{ id: { N: String(segment) }, f: { S: 'x' } }] }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined })
  return { env, segments, heapAtFirst: () => heapAtFirst }
}

const ids = (xs: ReadonlyArray<{ readonly id: number }>) => xs.map((x) => x.id)

const mb = (bytes: number) => Math.round(bytes / 1e6)

test('1,000,000 segments (DynamoDB\'s most): the read starts without a stream per segment; limit 3 reads the first segments', async () => {
  const s = standIn()
  const before = process.memoryUsage().heapUsed
  const got = right(await Dynamo.getMany(Row, scan, { segments: 1_000_000, limit: 3 })(s.env)())
  assert.equal(ids(got), [0, 1, 2])
  // the first round: the Env's concurrency (8) segments at once, in order
  assert.equal(s.segments, [0, 1, 2, 3, 4, 5, 6, 7])
  // the positions (a pointer a segment) and garbage: no stream of a segment before its read starts (a stream is several KB)
  const grown = (s.heapAtFirst() as number) - before
  assert.ok(grown < 100e6, `heap grown by ${mb(grown)} MB before the first request`)
})

test('every segment read once, started in segment order; segments that end at once are skipped past, not looked at again', async () => {
  const n = 100_000
  // segment 0 goes on (a page a round) while the others end at once: the read must not rescan the ended ones
  let zero = 0
  const segments: number[] = []
  const send = async (command: unknown) => {
    const c = command as ScanCommand
    const segment = c.input.Segment ?? 0
    segments.push(segment)
    if (segment === 0 && zero++ < 2_000) return { $metadata: {}, Items: [], LastEvaluatedKey: { id: { N: String(-zero) } } }
    return { $metadata: {}, Items: segment % 1000 === 0 ? [{ id: { N: String(segment) }, f: { S: 'x' } }] : [] }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined })
  const got = right(await Dynamo.getMany(Row, scan, { segments: n })(env)())
  // taken as the responses arrive, a round's in segment order: segment 0's item comes when it ends
  const all = Array.from({ length: n / 1000 }, (_, i) => i * 1000)
  assert.equal([...ids(got)].sort((a, b) => a - b), all)
  assert.equal(ids(got).filter((x) => x !== 0), all.slice(1))
  const once = segments.filter((x) => x !== 0)
  assert.is(once.length, n - 1)
  assert.is(new Set(once).size, n - 1)
  // started in order: segment k never before segment k - 1
  assert.ok(once.every((x, i) => i === 0 || x > (once[i - 1] as number)))
  assert.is(zero, 2_001)
})

test('pages of a read of many segments: the same items as getMany, in the same order; the cursor goes on where the page ended', async () => {
  const s = standIn((segment) => segment % 3 === 1)
  const got = right(await Dynamo.getMany(Row, scan, { segments: 300 })(s.env)())
  const pages: number[][] = []
  let cursor: string | undefined
  for (;;) {
    const p = right(await Dynamo.page(Row, scan, { segments: 300, pageSize: 17, ...(cursor === undefined ? {} : { cursor }) })(s.env)())
    pages.push(ids(p.items))
    if (p.cursor._tag === 'None') break
    cursor = p.cursor.value
  }
  assert.equal(pages.flat(), ids(got))
  assert.equal(ids(got), Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 !== 1))
  assert.ok(pages.slice(0, -1).every((p) => p.length === 17))
  // a cursor of one segment count is refused by a read of another
  const first = right(await Dynamo.page(Row, scan, { segments: 300, pageSize: 17 })(s.env)())
  const c = first.cursor._tag === 'Some' ? first.cursor.value : ''
  const other = await Dynamo.page(Row, scan, { segments: 299, pageSize: 17, cursor: c })(s.env)()
  assert.ok(E.isLeft(other) && other.left._tag === 'ValidationError')
})

test("a page of a read of many segments gives a cursor its next call reads, however long (each segment's position a key of DynamoDB's largest)", async () => {
  const Long = Model.make({ table: 'long', hashKey: 'id', codec: t.type({ id: t.string, f: t.string }) })
  // each segment answers one item a request, and goes on after a key of 2,048 bytes (its segment's, its request's)
  const calls = new Map<number, number>()
  const send = async (command: unknown) => {
    if (!(command instanceof ScanCommand)) throw new Error('a Scan was expected')
    const segment = command.input.Segment ?? 0
    const n = (calls.get(segment) ?? 0) + 1
    calls.set(segment, n)
    const id = `${segment}:${n}:`.padEnd(2048, 'k')
    return { $metadata: {}, Items: [{ id: { S: id }, f: { S: 'x' } }], ...(n < 3 ? { LastEvaluatedKey: { id: { S: id } } } : {}) }
  }
  // every segment started in the first round, and each left after its first key
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, concurrency: 64 })
  const read = C.eq(Long.attrs.f, 'x')
  const first = right(await Dynamo.page(Long, read, { segments: 64, pageSize: 64 })(env)())
  assert.ok(first.cursor._tag === 'Some')
  const cursor = first.cursor._tag === 'Some' ? first.cursor.value : ''
  assert.ok(cursor.length > 65_536, `${cursor.length} characters`)
  const next = await Dynamo.page(Long, read, { segments: 64, pageSize: 64, cursor })(env)()
  assert.ok(E.isRight(next), E.isLeft(next) ? JSON.stringify(next.left) : '')
})

test.run()

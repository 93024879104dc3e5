/**
 * `load` from a stream of bytes: the lines are the text's lines whatever its chunks (a chunk
 * may end inside a line, inside a `\r\n`, inside a character), `\n` or `\r\n` ending each and
 * the last one needing none; each line keeps its number (blank lines counted, skipped). A line
 * spread over many chunks is searched once per chunk, so a long line costs its length, not
 * its length squared (no timing is asserted here).
 */
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Line from '../../../lib/table/Line.js'
import * as DE from '../../../lib/DynamoError.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

/** An Env whose client takes every BatchWriteItem, recording the ids written. */
const recording = () => {
  const ids: string[] = []
  const send = async (c: { input: { RequestItems: Record<string, ReadonlyArray<{ PutRequest: { Item: { id: { S: string } } } }>> } }) => {
    for (const rs of Object.values(c.input.RequestItems)) for (const r of rs) ids.push(r.PutRequest.Item.id.S)
    return { UnprocessedItems: {}, $metadata: {} }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined }), ids }
}

/** A line: an item (its id any text, unicode included), a blank, or one that is no JSON. */
const line = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((s) => !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))).map((id) => ({ id })) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\r') },
  { weight: 1, arbitrary: fc.constantFrom('not json', '{"Item":', 'é\u{1F600}') },
)

/** A web `ReadableStream` of `chunks` (as `fetch(url).body` gives), one chunk a pull. */
const webStream = <R extends Uint8Array | string>(chunks: ReadonlyArray<R>): ReadableStream<R> => {
  let i = 0
  return new ReadableStream<R>({
    pull: (c) => (i < chunks.length ? c.enqueue(chunks[i++] as R) : c.close()),
  })
}

/** The property's lines, read from `chunks` of their bytes given to load as `as` makes them (a Node readable stream, a web one). */
const lineProperty = (as: (chunks: ReadonlyArray<Buffer>) => Parameters<typeof Dynamo.load>[1], numRuns: number) =>
  fc.assert(
    fc.asyncProperty(
      fc.array(line, { minLength: 1, maxLength: 40 }),
      fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 40, maxLength: 40 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (lines, ends, finalEnd, cuts) => {
        const texts = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify({ Item: { id: { S: l.id } } })))
        const text = texts.map((x, i) => (i < texts.length - 1 || finalEnd ? x + (ends[i] as string) : x)).join('')
        const bytes = Buffer.from(text, 'utf8')
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
        const chunks = [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length)).filter((b) => b.length > 0)
        const { env, ids } = recording()
        const r = await Dynamo.load(User, as(chunks))(env)()
        if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
        // blank lines (white space, a lone '\r') are skipped
        const bad = texts.flatMap((x, i) => (typeof lines[i] !== 'string' || x.trim() === '' ? [] : [i + 1]))
        assert.equal(r.right.fail.map((f) => f.line), bad)
        const want = lines.flatMap((l) => (typeof l === 'string' ? [] : [l.id]))
        assert.equal(r.right.written, want.length)
        assert.equal([...ids].sort(), [...want].sort())
      },
    ),
    { numRuns, seed: 70_707 },
  )

test('the lines of any chunking of the bytes, numbered as written: items written, bad lines failed with their numbers (a property, 300 runs)', async () => {
  await lineProperty((chunks) => Readable.from(chunks, { objectMode: false }), 300)
})

test('a web ReadableStream (fetch(url).body, Readable.toWeb) is read as a Node one is, as it is given: its bytes split at line ends (the property, 100 runs), or its text', async () => {
  await lineProperty((chunks) => webStream(chunks.map((b) => new Uint8Array(b))), 100)
  const { env, ids } = recording()
  const text = webStream(['{"Item":{"id":{"S":"a"}}}\n{"Item":{"id"', ':{"S":"b"}}}\n'])
  assert.equal(await Dynamo.load(User, text)(env)(), E.right({ written: 2, fail: [] }))
  const toWeb = Readable.toWeb(Readable.from([Buffer.from('{"Item":{"id":{"S":"c"}}}\n')]))
  assert.equal(await Dynamo.load(User, toWeb)(env)(), E.right({ written: 1, fail: [] }))
  assert.equal(ids, ['a', 'b', 'c'])
})

test('a web stream with getReader and no async iterator (a polyfill, an older runtime) is read through its reader: every line, and the lock let go at its end', async () => {
  const inner = webStream([new TextEncoder().encode('{"Item":{"id":{"S":"a"}}}\n{"Item":'), new TextEncoder().encode('{"id":{"S":"b"}}}\n')])
  // only what a polyfill has: getReader (and locked), no Symbol.asyncIterator, no pipe
  const polyfill = { getReader: () => inner.getReader(), get locked() { return inner.locked } } as unknown as ReadableStream<Uint8Array>
  assert.is((polyfill as unknown as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator], undefined)
  const { env, ids } = recording()
  const r = await Dynamo.load(User, polyfill)(env)()
  assert.equal(r, E.right({ written: 2, fail: [] }))
  assert.equal([...ids].sort(), ['a', 'b'])
  assert.is(inner.locked, false)
})

test('an iterable of lines that gives something that is no string (a number, null, an object, a Buffer, a Uint8Array): that line fails with its number (ValidationError saying what it got; for bytes, how to have them read as text), not-written, and the other lines load; the same bytes as a readable stream load', async () => {
  const { env, ids } = recording()
  const good = (id: string) => `{"Item":{"id":{"S":"${id}"}}}`
  async function* given(): AsyncGenerator<unknown> {
    yield good('a')
    yield 42
    yield null
    yield { Item: { id: { S: 'x' } } }
    yield Buffer.from(good('buffer'))
    yield new TextEncoder().encode(good('bytes'))
    yield good('b')
  }
  const r = await Dynamo.load(User, given() as AsyncIterable<string>)(env)()
  if (E.isLeft(r)) throw new Error(`a Left: ${JSON.stringify(r.left)}`)
  assert.equal(ids.sort(), ['a', 'b'])
  assert.is(r.right.written, 2)
  assert.equal(
    r.right.fail.map((f) => [f.line, f.error._tag, f.outcome, f.error._tag === 'ValidationError' ? f.error.issues.map((i) => `${i.path}: ${i.message}`).join() : '']),
    [
      [2, 'ValidationError', 'not-written', ': expected a line of text (a string), got number'],
      [3, 'ValidationError', 'not-written', ': expected a line of text (a string), got null'],
      [4, 'ValidationError', 'not-written', ': expected a line of text (a string), got an object'],
      [5, 'ValidationError', 'not-written', `: expected a line of text (a string), got Buffer(${good('buffer').length}): bytes are read as text, split at line ends, from a readable stream (stream.Readable.from(chunks), or a web ReadableStream as it is), not as lines`],
      [6, 'ValidationError', 'not-written', `: expected a line of text (a string), got Uint8Array(${good('bytes').length}): bytes are read as text, split at line ends, from a readable stream (stream.Readable.from(chunks), or a web ReadableStream as it is), not as lines`],
    ],
  )
  // the bytes as the readable stream the message points to: read as text
  const streamed = recording()
  const s = await Dynamo.load(User, Readable.from([Buffer.from(`${good('buffer')}\n`), new TextEncoder().encode(good('bytes'))]))(streamed.env)()
  assert.ok(E.isRight(s) && s.right.written === 2 && s.right.fail.length === 0, JSON.stringify(s))
  assert.equal(streamed.ids.sort(), ['buffer', 'bytes'])
})

test('a line whose bytes are not UTF-8 (Latin-1 é, a lone continuation byte, a character cut short, a surrogate\'s bytes) fails with its number (ValidationError saying so), not-written, however the bytes are cut (a property, 200 runs); the other lines load, their characters whole (U+FFFD too, a character the input holds)', async () => {
  const bad = [Buffer.from('{"Item":{"id":{"S":"café"}}}', 'latin1'), Buffer.from([0x80]), Buffer.from('{"Item":{"id":{"S":"\xf0\x9f\x98"}}}', 'latin1'), Buffer.from([0xed, 0xa0, 0x80])]
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('é', '日本', '😀', 'a😀é', '\uFFFD', 'x\uFFFDé') }, { weight: 1, arbitrary: fc.nat({ max: bad.length - 1 }) }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.boolean(),
      async (lines, cuts, web) => {
        const bytes = Buffer.concat(lines.map((l) => Buffer.concat([typeof l === 'string' ? Buffer.from(itemLine(l)) : (bad[l] as Buffer), Buffer.from('\n')])))
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
        const chunks = [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length))
        const { env, ids } = recording()
        const r = await Dynamo.load(User, web ? webStream(chunks.map((b) => new Uint8Array(b))) : Readable.from(chunks))(env)()
        if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
        const failed = lines.flatMap((l, i) => (typeof l === 'string' ? [] : [i + 1]))
        assert.equal(r.right.fail.map((f) => [f.line, f.outcome]), failed.map((n) => [n, 'not-written']))
        for (const f of r.right.fail) assert.match(JSON.stringify(f.error), /not UTF-8/)
        assert.equal([...ids].sort(), lines.filter((l) => typeof l === 'string').sort())
      },
    ),
    { numRuns: 200, seed: 70_708 },
  )
})

test('UTF-8 bytes cut into two chunks at every offset (inside 2-, 3- and 4-byte characters, a CRLF, a byte order mark), or one byte a chunk, load the same', async () => {
  const bytes = Buffer.from(`\uFEFF${itemLine('é日😀')}\r\n${itemLine('😀x')}\n${itemLine('\uFEFFz')}`, 'utf8')
  const cuts = Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.subarray(0, i), bytes.subarray(i)])
  for (const chunks of [...cuts, [...bytes].map((b) => Buffer.from([b]))]) {
    const { env, ids } = recording()
    assert.equal(await Dynamo.load(User, Readable.from(chunks))(env)(), E.right({ written: 3, fail: [] }))
    // a byte order mark is dropped where the input opens only: one a chunk opens is text
    assert.equal(ids, ['é日😀', '😀x', '\uFEFFz'])
  }
})

test('a readable stream with a chunk that is neither text nor bytes (a number, an object, a boolean): the load stops, InputStreamError saying what it got and after which line', async () => {
  const good = (id: string) => `{"Item":{"id":{"S":"${id}"}}}\n`
  for (const [chunk, got] of [
    [42, 'number'],
    [{ Item: { id: { S: 'x' } } }, 'an object'],
    [true, 'boolean'],
  ] as const) {
    const { env } = recording()
    const r = await Dynamo.load(User, Readable.from([good('a'), chunk, good('b')]))(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InputStreamError', JSON.stringify(r))
    assert.match(
      (r as E.Left<{ message: string }>).left.message,
      `the input stream failed: it gave a chunk that is neither text nor bytes: ${got} (a readable stream is read as UTF-8 text, its chunks strings or bytes) (after line 1;`,
    )
  }
})

/** An item's line of the export format. */
const itemLine = (id: string): string => JSON.stringify({ Item: { id: { S: id } } })

test('a line of 100 MB of junk between two items (a Node stream of 1 MB chunks): it fails with its number, saying it is longer than a line of an item can be (text) or not UTF-8 (binary), and the lines around it load; the heap never holds more than a few tens of MB of it', async () => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  // the text TextDecoder gives is held outside the heap (an external string): counted too
  const heap = (): number => {
    gc()
    const m = process.memoryUsage()
    return m.heapUsed + m.external
  }
  for (const [byte, why] of [[0x78, /longer than/], [0xff, /not UTF-8/]] as const) {
    const junk = Buffer.alloc(2 ** 20, byte)
    let base = 0
    let most = 0
    const input = Readable.from(
      (function* () {
        yield Buffer.from(`${itemLine('a')}\n`)
        base = heap()
        for (let i = 0; i < 100; i++) {
          most = Math.max(most, heap() - base)
          yield junk
        }
        yield Buffer.from(`\n${itemLine('b')}\n`)
        most = Math.max(most, heap() - base)
      })(),
    )
    const { env, ids } = recording()
    const r = await Dynamo.load(User, input)(env)()
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    assert.equal(ids, ['a', 'b'])
    assert.equal(r.right.fail.map((f) => [f.line, f.outcome, f.error._tag]), [[2, 'not-written', 'ValidationError']])
    assert.ok(most < 64 * 2 ** 20, `the heap held ${(most / 2 ** 20).toFixed(1)} MB more while the line was read`)
    assert.match(JSON.stringify(r.right.fail[0]?.error), why)
  }
})

test('an iterable of lines giving a line over the longest a line of an item can be (20 million characters): that line fails with its number, unparsed; the others load', async () => {
  const { env, ids } = recording()
  const lines = async function* () {
    yield itemLine('a')
    yield `{"Item":{"id":{"S":"${'x'.repeat(20_000_000)}"}}}`
    yield itemLine('b')
  }
  const r = await Dynamo.load(User, lines())(env)()
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  assert.equal(ids, ['a', 'b'])
  assert.equal(r.right.fail.map((f) => [f.line, f.outcome]), [[2, 'not-written']])
  assert.match(JSON.stringify(r.right.fail[0]?.error), /longer than/)
})

test("a CRLF input's last line without a line end loses its '\\r' as every line does: the same line fails with the same message at its end as in its middle, and one at the longest a line can be loads there as in the middle", async () => {
  const bad = (r: Awaited<ReturnType<ReturnType<ReturnType<typeof Dynamo.load>>>>): ReadonlyArray<string> => {
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right.fail.map((f) => JSON.stringify(f.error))
  }
  for (const as of [(s: string) => Readable.from([Buffer.from(s)]), (s: string) => Readable.from([s]), (s: string) => webStream([Buffer.from(s)])]) {
    const { env } = recording()
    const failed = bad(await Dynamo.load(User, as('nope\r\nnope\r'))(env)())
    assert.is(failed.length, 2)
    assert.not.match(failed[1]!, /\\r/, failed[1])
    assert.is(failed[1], failed[0]!.replaceAll('line 1', 'line 2'))
    // not UTF-8 (a Latin-1 byte), so that the lines are decoded one by one
    const latin1 = Buffer.concat([Buffer.from([0xe9, 0x0d, 0x0a]), Buffer.from('nope\r')])
    assert.not.match(bad(await Dynamo.load(User, Readable.from([latin1]))(env)())[1] ?? '', /\\r/)
  }
  // an item's line padded with spaces to the longest a line is read to: it loads, CR-ended, in the middle and at the end
  const longest = (id: string): string => itemLine(id).padEnd(Line.LINE_CHARS, ' ')
  const { env, ids } = recording()
  const r = await Dynamo.load(User, Readable.from([Buffer.from(`${longest('a')}\r\n${longest('b')}\r`)]))(env)()
  assert.equal(bad(r), [])
  assert.equal(ids, ['a', 'b'])
})

test("a line's error says what is wrong with it, not its number again: the failure's line is its number (the command line says `line N: ValidationError: …` once)", async () => {
  const { env } = recording()
  const r = await Dynamo.load(User, [itemLine('a'), 'not json', '{"Item":{"id":{"S":"x"},"id":{"S":"y"}}}', '{"Item":{"id":{"N":"1"}}}'])(env)()
  if (E.isLeft(r)) throw new Error(`a Left: ${JSON.stringify(r.left)}`)
  assert.equal(r.right.fail.map((f) => f.line), [2, 3, 4])
  for (const f of r.right.fail) assert.not.match(DE.show(f.error), /line \d/, DE.show(f.error))
  assert.match(DE.show((r.right.fail[0] as { error: DE.DynamoError }).error), /^ValidationError: not JSON: /)
  assert.match(DE.show((r.right.fail[1] as { error: DE.DynamoError }).error), /^ValidationError: "id" is given twice in one object/)
})

test('a byte order mark that opens a line after the first (files joined with their marks) fails that line with its number, saying so; the first line\'s is no part of it; the other lines load', async () => {
  const text = `\uFEFF${itemLine('a')}\n${itemLine('b')}\n\uFEFF${itemLine('c')}\n${itemLine('d')}\n`
  for (const input of [Readable.from([Buffer.from(text, 'utf8')]), text.split('\n')]) {
    const { env, ids } = recording()
    const r = await Dynamo.load(User, input)(env)()
    if (E.isLeft(r)) throw new Error(`a Left: ${JSON.stringify(r.left)}`)
    assert.equal(ids.sort(), ['a', 'b', 'd'])
    assert.equal(r.right.fail.map((f) => [f.line, f.error._tag, f.outcome]), [[3, 'ValidationError', 'not-written']])
    assert.match(DE.show((r.right.fail[0] as { error: DE.DynamoError }).error), 'a byte order mark (U+FEFF) opens the line')
  }
})

test.run()

/**
 * Issue 18, points 6 and 7: `Dynamo.dump`, `Dynamo.load` and `Dynamo.clearTable` against
 * DynamoDB Local. A round trip of 20,000 items of every type (string, number and binary sets,
 * binaries, 38-digit numbers, nested maps and lists, booleans, nulls, unicode attribute names
 * and values) through a file gives the same stored items, read back with raw Scans; a corrupt
 * line fails with its line number while the others load; `dump` waits for `drain`.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createHook } from 'node:async_hooks'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as Line from '../../lib/table/Line.js'
import { fixture, ok, scanAll, REQUEST_MS } from '../harness/models.js'

const codec = t.intersection([
  t.type({ pk: t.string, sk: Field.decimal }),
  t.partial({
    名前: t.string,
    naïve: Field.int(),
    big: Field.decimal,
    flag: Field.boolean,
    nothing: t.null,
    blob: Field.binary,
    tags: Field.stringSet,
    lucky: Field.numberSet,
    blobs: Field.binarySet,
    doc: Field.map({ city: t.string }, { geo: Field.map({}, { lat: Field.float(), list: Field.list(t.union([t.number, t.string])) }), 'clé 🔑': t.string }),
  }),
])
type Thing = t.TypeOf<typeof codec>
const Things = Model.make({ table: 'things', hashKey: 'pk', rangeKey: 'sk', codec, billing: 'onDemand' })

/** A deterministic item of every type; `i` picks its values. */
const thing = (i: number): Thing => {
  const digits = String(i).padStart(5, '0')
  const big = `${i % 2 === 0 ? '' : '-'}${'9'.repeat(33)}${digits}`
  return {
    pk: `p${i % 97}-${['a', 'é', '日本', '😀'][i % 4]}`,
    sk: i % 3 === 0 ? `0.${digits}${'1'.repeat(33)}` : String(i),
    名前: `名前 ${i} ${'x'.repeat(i % 50)}😀`,
    naïve: i,
    big,
    flag: i % 2 === 0,
    nothing: null,
    blob: new Uint8Array([i & 0xff, (i >> 8) & 0xff, 0, 0xff, 0x80]),
    tags: new Set([`t${i % 5}`, `ü${i % 7}`, '']) as ReadonlySet<string>,
    lucky: new Set([i, i + 0.5, -i - 1]),
    blobs: new Set([new Uint8Array([1, 2, i & 0xff]), new Uint8Array([0xfe, (i >> 8) & 0xff])]),
    doc: { city: `City ${i}`, geo: { lat: i / 1000, list: [i, `s${i}`, 1e-130 * (i + 1)] }, 'clé 🔑': 'v' },
  }
}

type Item = Record<string, AttributeValue>

/** A stored item with set members sorted (DynamoDB does not keep a set's order), for comparison. */
const canonical = (av: AttributeValue): unknown => {
  if (av.SS !== undefined) return { SS: [...av.SS].sort() }
  if (av.NS !== undefined) return { NS: [...av.NS].sort() }
  if (av.BS !== undefined) return { BS: av.BS.map((b) => Buffer.from(b).toString('hex')).sort() }
  if (av.B !== undefined) return { B: Buffer.from(av.B).toString('hex') }
  if (av.M !== undefined) return { M: canonicalItem(av.M) }
  if (av.L !== undefined) return { L: av.L.map(canonical) }
  return av
}
const canonicalItem = (item: Item): Record<string, unknown> => Object.fromEntries(Object.keys(item).sort().map((k) => [k, canonical(item[k] as AttributeValue)]))
const sortedScan = async (client: Parameters<typeof scanAll>[0], table: string) =>
  (await scanAll(client, table)).map(canonicalItem).sort((a, b) => (JSON.stringify([a['pk'], a['sk']]) < JSON.stringify([b['pk'], b['sk']]) ? -1 : 1))

const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-data-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

test('round trip: 20,000 items of every type, dumped with 4 segments to a file and loaded into another table, are stored the same', async () => {
  // DynamoDB Local answers a Scan page (1 MB) of this table in seconds, the more the busier the
  // machine: under load, the dump's attempts under the default 5-second limit time out one
  // after another until its retries run out (TimeoutError). The limit here is one DynamoDB
  // Local keeps on a loaded machine; every attempt still has one.
  const from = await fixture('data', { timeoutMs: 60_000 })
  const to = await fixture('data', { timeoutMs: 60_000 })
  await ok(from.env, Dynamo.createTable(Things))
  await ok(to.env, Dynamo.createTable(Things))
  const saved = await ok(from.env, Dynamo.saveMany(Things, Array.from({ length: 20_000 }, (_, i) => thing(i))))
  assert.is(saved.failCount, 0)
  const file = path.join(dir, 'things.jsonl')
  const out = createWriteStream(file)
  const progress: number[] = []
  const dumped = await ok(from.env, Dynamo.dump(Things, out, { segments: 4, onProgress: (p) => progress.push(p.done) }))
  out.end()
  await finished(out)
  assert.is(dumped.items, 20_000)
  assert.is(progress[progress.length - 1], 20_000)
  const lines = readFileSync(file, 'utf8').split('\n')
  assert.is(lines.length, 20_001)
  assert.is(lines[20_000], '')
  const loaded = await ok(to.env, Dynamo.load(Things, createReadStream(file)))
  assert.equal(loaded, { written: 20_000, fail: [] })
  const a = await sortedScan(from.client, from.table(Things))
  const b = await sortedScan(to.client, to.table(Things))
  assert.is(b.length, 20_000)
  assert.equal(b, a)
  // and one item, as stored, is the item saved (38 digits kept, binary bytes kept)
  const x = thing(12_346)
  const decoded = await ok(to.env, Dynamo.getOne(Things, { pk: x.pk, sk: x.sk }))
  assert.is(decoded.big, x.big)
  assert.equal([...(decoded.blob ?? [])], [...(x.blob ?? [])])
})

test('a line per item in the export format: binaries base64, numbers as DynamoDB gave them', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  await ok(f.env, Dynamo.saveMany(Things, [{ pk: 'a', sk: '12345678901234567890123456789012345678', blob: new Uint8Array([0, 255, 128]), tags: new Set(['x']) }]))
  const chunks: string[] = []
  const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) })
  assert.equal(await ok(f.env, Dynamo.dump(Things, out)), { items: 1 })
  const text = chunks.join('')
  assert.ok(text.endsWith('}\n') && text.indexOf('\n') === text.length - 1)
  assert.equal(JSON.parse(text), { Item: { pk: { S: 'a' }, sk: { N: '12345678901234567890123456789012345678' }, blob: { B: 'AP+A' }, tags: { SS: ['x'] } } })
})

test('load: a corrupt line fails with its line number (not-written) and the other lines still load', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  const good = (i: number) => `{"Item":{"pk":{"S":"k${i}"},"sk":{"N":"${i}"},"naïve":{"N":"${i}"}}}`
  const file = path.join(dir, 'corrupt.jsonl')
  writeFileSync(
    file,
    [
      good(1),
      '{"Item":{"pk":{"S":"k2"},"sk":{"N":"2"}', // cut short
      good(3),
      '{"Item":{"pk":{"S":"k4"},"sk":{"N":"4"},"naïve":{"S":"four"}}}', // not the model's type
      '',
      '{"Item":{"pk":{"S":"k6"}}}', // no range key
      '{"Item":{"pk":{"S":"k7"},"sk":{"N":"7"},"blob":{"B":"not base64!"}}}',
      good(8),
    ].join('\n') + '\n',
  )
  const r = await ok(f.env, Dynamo.load(Things, createReadStream(file)))
  assert.is(r.written, 3)
  assert.equal(r.fail.map((x) => [x.line, x.error._tag, x.outcome]), [
    [2, 'ValidationError', 'not-written'],
    [4, 'ValidationError', 'not-written'],
    [6, 'ValidationError', 'not-written'],
    [7, 'ValidationError', 'not-written'],
  ])
  const stored = (await scanAll(f.client, f.table(Things))).map((x) => x['pk']?.S).sort()
  assert.equal(stored, ['k1', 'k3', 'k8'])
  // lines may come as an async iterable of strings too
  const again = await ok(f.env, Dynamo.load(Things, (async function* () { yield good(9); yield 'nope' })()))
  assert.equal([again.written, again.fail.map((x) => x.line)], [1, [2]])
})

test('load: a line of the format whose item DynamoDB refuses as it is (a number out of its range or of 39 digits, not a number, a set holding a member twice, an empty name at any depth) fails with its line number before any request; what DynamoDB stores (+1, 1., 0e500, 1e-130, an empty string) loads. DynamoDB Local, sent each item by a raw PutItem, agrees on every one', async () => {
  const f = await fixture('data')
  const Loose = Model.make({ table: 'loose', hashKey: 'pk', codec: t.type({ pk: t.string, d: Field.decimal }), billing: 'onDemand' })
  await ok(f.env, Dynamo.createTable(Loose))
  const refused: ReadonlyArray<Record<string, unknown>> = [
    { d: { N: '1e-200' } },
    { d: { N: '1e126' } },
    { d: { N: '-1e126' } },
    { d: { N: '1'.repeat(39) } },
    { d: { N: '1' }, x: { N: '' } },
    { d: { N: '1' }, x: { N: ' 1' } },
    { d: { N: '1' }, x: { NS: ['1', '1.0'] } },
    { d: { N: '1' }, x: { NS: ['2', '1e-131'] } },
    { d: { N: '1' }, x: { SS: ['a', 'b', 'a'] } },
    { d: { N: '1' }, x: { BS: ['AA==', 'AQ==', 'AA=='] } },
    { d: { N: '1' }, x: { L: [{ S: 'ok' }, { M: { y: { N: '1e500' } } }] } },
    { d: { N: '1' }, x: { M: { '': { S: 'v' } } } },
    { d: { N: '1' }, '': { S: 'v' } },
  ]
  const stored: ReadonlyArray<Record<string, unknown>> = [{ d: { N: '+1' } }, { d: { N: '1.' } }, { d: { N: '0e500' } }, { d: { N: '1e-130' } }, { d: { N: '-9.9999999999999999999999999999999999999e125' } }, { d: { N: '1' }, x: { SS: [''] }, y: { S: '' } }]
  const lines = [...refused, ...stored].map((item, i) => JSON.stringify({ Item: { pk: { S: `k${i}` }, ...item } }))
  let requests = 0
  const env = Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, on: () => requests++, timeoutMs: REQUEST_MS })
  const input = async function* () {
    yield* lines
  }
  const r = await ok(env, Dynamo.load(Loose, input()))
  assert.equal(r.fail.map((x) => [x.line, x.error._tag, x.outcome]), refused.map((_, i) => [i + 1, 'ValidationError', 'not-written']))
  assert.is(r.written, stored.length)
  assert.is(requests, 1, 'one BatchWriteItem of the lines DynamoDB stores, no request for the others')
  // the oracle: DynamoDB Local refuses exactly the refused items when sent as they are
  for (const [i, line] of lines.entries()) {
    const item = Line.parse(line)
    assert.ok(E.isRight(item), line)
    const put = await f.client.send(new PutItemCommand({ TableName: f.table(Loose), Item: (item as E.Right<Record<string, AttributeValue>>).right })).then(
      () => 'stored',
      (e: unknown) => (e as Error).name,
    )
    assert.is(put, i < refused.length ? 'ValidationException' : 'stored', line)
  }
})

test('load: a line whose string or name holds a lone surrogate (JSON "\\ud800") fails with its line number (ValidationError, not-written), as every write refuses it; the other lines load', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  const lines = [
    '{"Item":{"pk":{"S":"k1"},"sk":{"N":"1"},"名前":{"S":"x\\ud800y"}}}',
    '{"Item":{"pk":{"S":"k2"},"sk":{"N":"2"},"名前":{"S":"\\ud83d\\ude00"}}}',
    '{"Item":{"pk":{"S":"k3\\udc00"},"sk":{"N":"3"}}}',
    '{"Item":{"pk":{"S":"k4"},"sk":{"N":"4"},"tags":{"SS":["a","\\ud800"]}}}',
    '{"Item":{"pk":{"S":"k5"},"sk":{"N":"5"},"doc":{"M":{"city":{"S":"c"},"k\\ud800":{"S":"v"}}}}}',
  ]
  const r = await ok(f.env, Dynamo.load(Things, (async function* () { yield* lines })()))
  assert.is(r.written, 1)
  assert.equal(r.fail.map((x) => [x.line, x.error._tag, x.outcome]), [
    [1, 'ValidationError', 'not-written'],
    [3, 'ValidationError', 'not-written'],
    [4, 'ValidationError', 'not-written'],
    [5, 'ValidationError', 'not-written'],
  ])
  for (const x of r.fail) assert.match(DE.show(x.error), /lone surrogate/)
  const stored = await scanAll(f.client, f.table(Things))
  assert.equal(stored.map((x) => [x['pk']?.S, x['名前']?.S]), [['k2', '😀']])
})

test('load from a stream: CRLF line ends, a character cut between chunks, no final newline', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  const text = Buffer.from('{"Item":{"pk":{"S":"😀"},"sk":{"N":"1"}}}\r\n{"Item":{"pk":{"S":"日本"},"sk":{"N":"2"}}}', 'utf8')
  const cut = text.indexOf(Buffer.from('😀')) + 2
  const r = await ok(f.env, Dynamo.load(Things, Readable.from([text.subarray(0, cut), text.subarray(cut)])))
  assert.equal(r, { written: 2, fail: [] })
  assert.equal((await scanAll(f.client, f.table(Things))).map((x) => x['pk']?.S).sort(), ['日本', '😀'].sort())
})

test('load: a byte order mark before the first line is no part of it, from bytes, from text (a stream with an encoding) and from lines alike', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  const line = (pk: string) => `{"Item":{"pk":{"S":"${pk}"},"sk":{"N":"1"}}}`
  const file = path.join(dir, 'bom.jsonl')
  writeFileSync(file, `\uFEFF${line('a')}\r\n${line('b')}\r\n`)
  assert.equal(await ok(f.env, Dynamo.load(Things, createReadStream(file))), { written: 2, fail: [] })
  assert.equal(await ok(f.env, Dynamo.load(Things, createReadStream(file, { encoding: 'utf8' }))), { written: 2, fail: [] })
  assert.equal(await ok(f.env, Dynamo.load(Things, (async function* () { yield `\uFEFF${line('c')}` })())), { written: 1, fail: [] })
  assert.equal((await scanAll(f.client, f.table(Things))).map((x) => x['pk']?.S).sort(), ['a', 'b', 'c'])
})

test('load: a line whose bytes are not UTF-8 (Latin-1) fails with its line number (not-written), as a line that is no JSON; the others load, in one chunk or one byte a chunk', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  const line = (pk: string) => `{"Item":{"pk":{"S":"${pk}"},"sk":{"N":"1"}}}`
  // line 2 holds "café" in Latin-1 (é as the byte 0xE9); line 4 ends on a character cut short
  const bytes = Buffer.concat([
    Buffer.from(`${line('a')}\n`),
    Buffer.from(`${line('café')}\n`, 'latin1'),
    Buffer.from(`${line('é😀')}\n`),
    Buffer.from('{"Item":{"pk":{"S":"b'),
    Buffer.from([0xf0, 0x9f, 0x98]),
    Buffer.from('"},"sk":{"N":"4"}}}\n'),
  ])
  for (const chunks of [[bytes], [...bytes].map((b) => Buffer.from([b]))]) {
    const r = await ok(f.env, Dynamo.load(Things, Readable.from(chunks)))
    assert.equal(r.written, 2)
    assert.equal(r.fail.map((x) => [x.line, x.error._tag, x.outcome]), [
      [2, 'ValidationError', 'not-written'],
      [4, 'ValidationError', 'not-written'],
    ])
    assert.match(JSON.stringify(r.fail[0]?.error), /not UTF-8/)
  }
  // the same from a web stream of the bytes
  const web = await ok(f.env, Dynamo.load(Things, new Blob([bytes]).stream()))
  assert.equal([web.written, web.fail.map((x) => x.line)], [2, [2, 4]])
  // a last line without a line end, cut short inside a character, fails too
  const cut = await ok(f.env, Dynamo.load(Things, Readable.from([Buffer.from(`${line('c')}\n`), Buffer.from([0x7b, 0xe2, 0x82])])))
  assert.equal([cut.written, cut.fail.map((x) => x.line)], [1, [2]])
  assert.equal((await scanAll(f.client, f.table(Things))).map((x) => x['pk']?.S).sort(), ['a', 'c', 'é😀'])
})

test('dump honours backpressure: no write while the output waits for drain', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  await ok(f.env, Dynamo.saveMany(Things, Array.from({ length: 2_000 }, (_, i) => thing(i))))
  let lines = 0
  const out = new Writable({
    highWaterMark: 1024,
    write: (c: Buffer, _e, cb) => {
      lines += String(c).split('\n').length - 1
      setTimeout(cb, 1)
    },
  })
  let early = 0
  const write = out.write.bind(out)
  out.write = ((chunk: unknown, ...rest: never[]) => {
    if (out.writableNeedDrain) early++
    return write(chunk as string, ...rest)
  }) as typeof out.write
  const r = await ok(f.env, Dynamo.dump(Things, out, { segments: 3 }))
  out.end()
  await finished(out)
  assert.is(r.items, 2_000)
  assert.is(lines, 2_000)
  assert.is(early, 0)
})

test('dump: an output that fails is a Left (OutputStreamError), `out` is not ended, and no request of the dump is pending when it settles', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  // 400 items of ~10 KB: a Scan of several 1 MB pages, the next asked for while one is written
  await ok(f.env, Dynamo.saveMany(Things, Array.from({ length: 400 }, (_, i) => ({ ...thing(i), 名前: 'y'.repeat(10_000) }))))
  let started = 0
  let settled = 0
  const client = new Proxy(f.client, {
    get: (c, k) =>
      k === 'send'
        ? (...args: ReadonlyArray<unknown>) => {
            started++
            return (c.send as (...a: ReadonlyArray<unknown>) => Promise<unknown>)(...args).finally(() => settled++)
          }
        : Reflect.get(c, k),
  })
  const env = Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS })
  let writes = 0
  const out = new Writable({
    write: (_c, _e, cb) => {
      writes++
      cb(new Error('disk full'))
    },
  })
  out.on('error', () => undefined)
  const r = await Dynamo.dump(Things, out)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'OutputStreamError' && r.left.message.includes('disk full'), JSON.stringify(r))
  assert.is(writes, 1)
  assert.ok(started >= 2, `${started} requests`)
  assert.is(settled, started)
  assert.not.ok(out.writableEnded)
})

test('dump with more segments than the table has items (2,000 on 5 items): one Scan a segment, at most the Env\'s concurrency in flight, every item once; segments out of DynamoDB\'s range (TotalSegments 1 to 1,000,000) are a ValidationError before any request', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  await ok(f.env, Dynamo.saveMany(Things, Array.from({ length: 5 }, (_, i) => thing(i))))
  let inFlight = 0
  let most = 0
  let scans = 0
  const client = new Proxy(f.client, {
    get: (c, k) =>
      k === 'send'
        ? (...args: ReadonlyArray<unknown>) => {
            if ((args[0] as { constructor: { name: string } }).constructor.name === 'ScanCommand') scans++
            most = Math.max(most, ++inFlight)
            return (c.send as (...a: ReadonlyArray<unknown>) => Promise<unknown>)(...args).finally(() => inFlight--)
          }
        : Reflect.get(c, k),
  })
  const env = Env.make({ client, tablePrefix: f.prefix, concurrency: 4, timeoutMs: REQUEST_MS })
  let text = ''
  const out = new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) })
  const r = await ok(env, Dynamo.dump(Things, out, { segments: 2_000 }))
  assert.is(r.items, 5)
  assert.is(text.split('\n').filter((l) => l !== '').length, 5)
  assert.is(scans, 2_000)
  assert.ok(most <= 4, `${most} requests in flight`)
  scans = 0
  for (const segments of [0, -1, 1.5, 1_000_001, Number.NaN, Infinity, '4' as unknown as number]) {
    const e = await Dynamo.dump(Things, out, { segments })(env)()
    assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError' && /segments: must be a whole number from 1 to 1,000,000/.test(e.left.message), `${String(segments)}: ${JSON.stringify(e)}`)
  }
  assert.is(scans, 0)
})

test('dump: once it settles, no timer of its requests is left (the time limit\'s deadline is cleared with its last request, whatever the segments)', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  await ok(f.env, Dynamo.saveMany(Things, Array.from({ length: 30 }, (_, i) => thing(i))))
  // a time limit no other spec uses (the fixture's and more): the dump's requests start a deadline of their own
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS + 4_321 })
  for (const segments of [1, 3]) {
    const live = new Set<number>()
    const hook = createHook({ init: (id, type) => void (type === 'Timeout' && live.add(id)), destroy: (id) => void live.delete(id) })
    hook.enable()
    const r = await ok(env, Dynamo.dump(Things, new Writable({ write: (_c, _e, cb) => cb() }), { segments }))
    await new Promise((resolve) => setImmediate(resolve))
    hook.disable()
    assert.is(r.items, 30)
    assert.is(live.size, 0, `${live.size} timers left by a dump of ${segments} segments`)
  }
})

test('clearTable: deletes every item, with progress against the approximate count', async () => {
  const f = await fixture('data')
  await ok(f.env, Dynamo.createTable(Things))
  await ok(f.env, Dynamo.saveMany(Things, Array.from({ length: 3_000 }, (_, i) => thing(i))))
  const seen: Array<{ done: number; total?: number }> = []
  const n = await ok(f.env, Dynamo.clearTable(Things, { onProgress: (p) => seen.push(p) }))
  assert.is(n, 3_000)
  assert.is((await scanAll(f.client, f.table(Things))).length, 0)
  assert.equal(seen[seen.length - 1], { done: 3_000, total: 3_000 })
  assert.ok(seen.every((p, i) => i === 0 || p.done > (seen[i - 1] as { done: number }).done))
  assert.is(await ok(f.env, Dynamo.clearTable(Things)), 0)
})

test.run()

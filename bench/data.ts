/**
 * Dump and load of 20,000 items against DynamoDB Local (issue 18, point 9): `Dynamo.dump`
 * (1 and 4 segments) against a hand-written raw-SDK loop (one sequential Scan, each page's
 * items written as lines with `JSON.stringify`, binaries base64), and `Dynamo.load` against a
 * raw loop of sequential `BatchWriteItem` chunks of 25 (lines parsed with `JSON.parse`,
 * unprocessed items re-sent). Wall time per run, the runs interleaved, the median of each, and
 * the process's CPU time per run (client work: bench/dataStub.ts measures it without a server).
 *
 *   npx tsx bench/data.ts [rounds=3]      (BENCH_CONCURRENCY=n: the Env's batch concurrency, default 8)
 */
import { loadavg } from 'node:os'
import { Writable } from 'node:stream'
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { Dynamo, Env } from '../lib/index.js'
import { start } from '../lib/local/DynamoLocal.js'
import { N, Things, b64, item, rawLoad as rawLoad_, type Item } from './dataShared.js'

const rounds = Number(process.argv[2] ?? 3)

/** A sink that counts lines and drops them. */
const sink = () => {
  let lines = 0
  const w = new Writable({
    write: (c: Buffer | string, _e, cb) => {
      const s = String(c)
      for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++
      cb()
    },
  })
  return { w, lines: () => lines }
}

const main = async () => {
  const db = await start()
  const env = Env.make({ client: db.client, tablePrefix: '', ...(process.env['BENCH_CONCURRENCY'] === undefined ? {} : { concurrency: Number(process.env['BENCH_CONCURRENCY']) }) })
  const client = db.client
  const table = Things.table
  await client.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  // the lines to load (the raw loop's own format: JSON.stringify with binaries base64)
  const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ Item: item(i) }, b64))

  const rawLoad = () => rawLoad_(client, table, lines)
  const libLoad = async () => {
    const r = await Dynamo.load(Things, (async function* () { yield* lines })())(env)()
    if (E.isLeft(r) || r.right.written !== N) throw new Error('load failed')
  }
  const rawDump = async () => {
    const s = sink()
    let ExclusiveStartKey: Item | undefined
    do {
      const page = await client.send(new ScanCommand({ TableName: table, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }))
      let chunk = ''
      for (const it of page.Items ?? []) chunk += `${JSON.stringify({ Item: it }, b64)}\n`
      if (!s.w.write(chunk)) await new Promise((r) => s.w.once('drain', r))
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
    if (s.lines() !== N) throw new Error(`raw dump: ${s.lines()}`)
  }
  const libDump = (segments: number) => async () => {
    const s = sink()
    const r = await Dynamo.dump(Things, s.w, { segments })(env)()
    if (E.isLeft(r) || s.lines() !== N) throw new Error('dump failed')
  }

  const runs: Record<string, number[]> = { 'load raw': [], 'load dynamongo': [], 'dump raw': [], 'dump dynamongo 1 segment': [], 'dump dynamongo 4 segments': [] }
  const cpu: Record<string, number[]> = {}
  const time = async (name: string, f: () => Promise<void>) => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await f()
    runs[name]?.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    ;(cpu[name] ??= []).push((c.user + c.system) / 1000)
  }
  const load0 = loadavg()[0] as number
  await rawLoad() // warm up, and the table's items for the dumps
  for (let r = 0; r < rounds; r++) {
    await time('load raw', rawLoad)
    await time('load dynamongo', libLoad)
    await time('dump raw', rawDump)
    await time('dump dynamongo 1 segment', libDump(1))
    await time('dump dynamongo 4 segments', libDump(4))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
  const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]))
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`
  // the speed against the raw loop of the same round (its runs are next to each other), per round
  const paired = (k: string, base: string) => (runs[k] as number[]).map((x, i) => ((runs[base] as number[])[i] as number) / x)
  const row = (k: string, base: string) => {
    const p = paired(k, base)
    const w = runs[k] as number[]
    return `| ${k} | ${(m[k] as number).toFixed(0)} ms | ${Math.min(...w).toFixed(0)}–${Math.max(...w).toFixed(0)} ms | ${(N / ((m[k] as number) / 1000)).toFixed(0)} items/s | ${((m[base] as number) / (m[k] as number)).toFixed(2)}x | ${median(p).toFixed(2)}x (${range(p)}) | ${median(cpu[k] as number[]).toFixed(0)} ms |`
  }
  console.log(`load average ${load0.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end`)
  console.log(`${N} items, median of ${rounds} rounds (speed: the raw loop's wall time over this one's)\n| run | wall | range | rate | speed, medians | speed, paired by round (range) | client CPU |\n| --- | --- | --- | --- | --- | --- | --- |`)
  console.log(row('load raw', 'load raw'))
  console.log(row('load dynamongo', 'load raw'))
  console.log(row('dump raw', 'dump raw'))
  console.log(row('dump dynamongo 1 segment', 'dump raw'))
  console.log(row('dump dynamongo 4 segments', 'dump raw'))
  await db.stop()
}

void main()

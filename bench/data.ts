/**
 * Dump and load of 20,000 items against DynamoDB Local (issue 18, point 9): `Dynamo.dump`
 * (1 and 4 segments) against a hand-written raw-SDK loop (one sequential Scan, each page's
 * items written as lines with `JSON.stringify`, binaries base64), and `Dynamo.load` against a
 * raw loop of sequential `BatchWriteItem` chunks of 25 (lines parsed with `JSON.parse`,
 * unprocessed items re-sent). Per run: wall time, the client's CPU time (this process) and the
 * server's (DynamoDB Local's process, from /proc). The contenders of a workload run next to
 * each other in a round, their order alternating from round to round; the speed is the raw
 * loop's wall time over this one's, as a ratio of the medians and paired by round (median and
 * interquartile range).
 *
 *   npx tsx bench/data.ts [rounds=3] [load|dump|all=all]
 *   (BENCH_CONCURRENCY=n: the Env's batch concurrency, default the Env's)
 */
import { loadavg } from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { Dynamo, Env } from '../lib/index.js'
import { startLocal } from './local.js'
import { N, Things, b64, createThingsTable, item, processCpuMs, rawDump as rawDump_, rawLoad as rawLoad_, sink } from './dataShared.js'

const rounds = Number(process.argv[2] ?? 3)
const which = process.argv[3] ?? 'all'

const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (s.length - 1) * q
  const lo = Math.floor(at)
  return (s[lo] as number) + ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number)) * (at - lo)
}
const median = (xs: ReadonlyArray<number>) => quantile(xs, 0.5)
const iqr = (xs: ReadonlyArray<number>, digits: number) => `${quantile(xs, 0.25).toFixed(digits)}–${quantile(xs, 0.75).toFixed(digits)}`

const main = async () => {
  const db = await startLocal()
  const env = Env.make({ client: db.client, tablePrefix: '', ...(process.env['BENCH_CONCURRENCY'] === undefined ? {} : { concurrency: Number(process.env['BENCH_CONCURRENCY']) }) })
  const client = db.client
  const table = Things.table
  await createThingsTable(client, table)
  // the lines to load (the raw loop's own format: JSON.stringify with binaries base64)
  const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ Item: item(i) }, b64))

  const rawLoad = () => rawLoad_(client, table, lines)
  const libLoadIn = (e: Env.Env) => async () => {
    const r = await Dynamo.load(Things, (async function* () { yield* lines })())(e)()
    if (E.isLeft(r) || r.right.written !== N) throw new Error('load failed')
  }
  const libLoad = libLoadIn(env)
  // BENCH_LOAD_CONCURRENCY=2,4: more contenders, dynamongo's load under those batch concurrencies
  const more = (process.env['BENCH_LOAD_CONCURRENCY'] ?? '').split(',').filter((c) => c !== '')
  const moreLoads = more.map((c) => [`load dynamongo, concurrency ${c}`, libLoadIn(Env.make({ client, tablePrefix: '', concurrency: Number(c) }))] as const)
  const rawDump = () => rawDump_(client, table)
  const libDump = (segments: number) => async () => {
    const s = sink()
    const r = await Dynamo.dump(Things, s.w, { segments })(env)()
    if (E.isLeft(r) || s.lines() !== N) throw new Error('dump failed')
  }

  const workloads: ReadonlyArray<{ readonly base: string; readonly runs: ReadonlyArray<readonly [string, () => Promise<void>]> }> = [
    ...(which === 'dump' ? [] : [{ base: 'load raw', runs: [['load raw', rawLoad], ['load dynamongo', libLoad], ...moreLoads] as const }]),
    ...(which === 'load' ? [] : [{ base: 'dump raw', runs: [['dump raw', rawDump], ['dump dynamongo 1 segment', libDump(1)], ['dump dynamongo 4 segments', libDump(4)]] as const }]),
  ]
  const wall: Record<string, number[]> = {}
  const cpu: Record<string, number[]> = {}
  const server: Record<string, number[]> = {}
  const time = async (name: string, f: () => Promise<void>) => {
    const s0 = processCpuMs(db.pid)
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await f()
    ;(wall[name] ??= []).push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    ;(cpu[name] ??= []).push((c.user + c.system) / 1000)
    ;(server[name] ??= []).push(processCpuMs(db.pid) - s0)
  }
  const load0 = loadavg()[0] as number
  await rawLoad() // the table's items for the dumps
  for (const w of workloads) for (const [, f] of w.runs) await f() // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const w of workloads) {
      const order = r % 2 === 0 ? w.runs : [...w.runs].reverse()
      for (const [name, f] of order) await time(name, f)
    }
  }
  console.log(`load average ${load0.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end; ${N} items, ${rounds} rounds, the order of a round's runs alternating`)
  console.log('| run | wall, median (interquartile) | rate | speed, medians | speed, paired by round: median (interquartile; min–max) | client CPU | server CPU |')
  console.log('| --- | --: | --: | --: | --: | --: | --: |')
  for (const w of workloads) {
    for (const [k] of w.runs) {
      const ws = wall[k] as number[]
      const p = ws.map((x, i) => ((wall[w.base] as number[])[i] as number) / x)
      console.log(
        `| ${k} | ${median(ws).toFixed(0)} ms (${iqr(ws, 0)}) | ${(N / (median(ws) / 1000)).toFixed(0)} items/s | ${(median(wall[w.base] as number[]) / median(ws)).toFixed(2)}x | ` +
          `${median(p).toFixed(2)}x (${iqr(p, 2)}; ${Math.min(...p).toFixed(2)}–${Math.max(...p).toFixed(2)}) | ${median(cpu[k] as number[]).toFixed(0)} ms | ${median(server[k] as number[]).toFixed(0)} ms |`,
      )
    }
  }
  await db.stop()
}

void main()

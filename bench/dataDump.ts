/**
 * Where `Dynamo.dump`'s time goes, against the raw loop of bench/data.ts, in one process:
 * per run the wall time, this process's CPU, DynamoDB Local's CPU, and the wall time split
 * into time inside requests (from `client.send` to its answer, timed by a wrapper of the
 * client that both contenders go through) and outside them (formatting and writing lines
 * while no request is in flight). With the path of another checkout's `lib/index.ts`, that
 * build's `Dynamo.dump` runs too ("lib other"): before and after a change, paired by round.
 *
 *   npx tsx bench/dataDump.ts [rounds=8] [/path/to/other/lib/index.ts]
 *   (e.g. git archive <commit> lib | tar -x -C /tmp/old && ln -s $PWD/node_modules /tmp/old/)
 */
import { loadavg } from 'node:os'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { Dynamo, Env } from '../lib/index.js'
import type * as Lib from '../lib/index.js'
import { startLocal } from './local.js'
import { N, Things, b64, createThingsTable, item, processCpuMs, rawDump as rawDump_, rawLoad, sink } from './dataShared.js'

const rounds = Number(process.argv[2] ?? 8)
const otherPath = process.argv[3]

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = (s.length - 1) / 2
  return ((s[Math.floor(m)] as number) + (s[Math.ceil(m)] as number)) / 2
}

const main = async () => {
  const other = otherPath === undefined ? undefined : ((await import(otherPath)) as typeof Lib)
  const db = await startLocal()
  // the time each run spends inside requests: the intervals between a send and its answer, merged
  let inFlight = 0
  let since = 0
  let inside = 0
  const client = new Proxy(db.client, {
    get: (c, k) =>
      k === 'send'
        ? (...args: ReadonlyArray<unknown>) => {
            if (inFlight++ === 0) since = performance.now()
            return (c.send as (...a: ReadonlyArray<unknown>) => Promise<unknown>)(...args).finally(() => {
              if (--inFlight === 0) inside += performance.now() - since
            })
          }
        : Reflect.get(c, k),
  }) as DynamoDBClient
  const env = Env.make({ client, tablePrefix: '' })
  const table = Things.table
  await createThingsTable(db.client, table)
  await rawLoad(db.client, table, Array.from({ length: N }, (_, i) => JSON.stringify({ Item: item(i) }, b64)))
  const raw = () => rawDump_(client, table)
  const lib = (D: typeof Dynamo) => async () => {
    const s = sink()
    const r = await D.dump(Things, s.w)(env)()
    if (E.isLeft(r) || s.lines() !== N) throw new Error('dump failed')
  }
  const runs: ReadonlyArray<readonly [string, () => Promise<void>]> = [
    ['dump raw', raw],
    ['dump dynamongo 1 segment', lib(Dynamo)],
    ...(other === undefined ? [] : [['dump dynamongo 1 segment, lib other', lib(other.Dynamo)] as const]),
  ]
  for (const [, f] of runs) await f() // warm-up
  const m: Record<string, { wall: number[]; cpu: number[]; server: number[]; inside: number[] }> = {}
  const load0 = loadavg()[0] as number
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of r % 2 === 0 ? runs : [...runs].reverse()) {
      const s0 = processCpuMs(db.pid)
      const c0 = process.cpuUsage()
      inside = 0
      const t0 = performance.now()
      await f()
      const wall = performance.now() - t0
      const c = process.cpuUsage(c0)
      const x = (m[name] ??= { wall: [], cpu: [], server: [], inside: [] })
      x.wall.push(wall)
      x.cpu.push((c.user + c.system) / 1000)
      x.server.push(processCpuMs(db.pid) - s0)
      x.inside.push(inside)
    }
  }
  console.log(`load average ${load0.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end; ${N} items, ${rounds} rounds, the order of a round's runs alternating`)
  console.log('| run | wall | speed, paired: median (min–max) | client CPU | server CPU | inside requests | outside requests |')
  console.log('| --- | --: | --: | --: | --: | --: | --: |')
  const base = (m['dump raw'] as { wall: number[] }).wall
  for (const [name] of runs) {
    const x = m[name] as { wall: number[]; cpu: number[]; server: number[]; inside: number[] }
    const p = x.wall.map((w, i) => (base[i] as number) / w)
    console.log(
      `| ${name} | ${median(x.wall).toFixed(0)} ms | ${median(p).toFixed(2)}x (${Math.min(...p).toFixed(2)}–${Math.max(...p).toFixed(2)}) | ${median(x.cpu).toFixed(0)} ms | ` +
        `${median(x.server).toFixed(0)} ms | ${median(x.inside).toFixed(0)} ms | ${median(x.wall.map((w, i) => w - (x.inside[i] as number))).toFixed(0)} ms |`,
    )
  }
  await db.stop()
}

void main()

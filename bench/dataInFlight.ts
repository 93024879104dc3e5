/**
 * How DynamoDB Local serves `BatchWriteItem`s of 25 with 1, 2, … requests in flight (no
 * library: the same prebuilt requests through the raw client, unprocessed items re-sent), to
 * tell what concurrency buys against it on this machine: wall time per 20,000 items, the
 * client's CPU time and DynamoDB Local's (from /proc). The settings of a round run one after
 * another, their order alternating from round to round.
 *
 *   npx tsx bench/dataInFlight.ts [in flight=1,2,8] [rounds=3]
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb'
import { startLocal } from './local.js'
import { N, createThingsTable, item } from './dataShared.js'

/** The CPU time of a process so far, in ms (user + system, /proc/<pid>/stat, 100 ticks a second). */
const processCpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

const main = async () => {
  const db = await startLocal()
  const client = db.client
  const table = 'bench-inflight'
  await createThingsTable(client, table)
  const chunks: WriteRequest[][] = []
  for (let i = 0; i < N; i += 25) chunks.push(Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item(i + j) } })))
  /** Every chunk, `k` requests in flight. */
  const run = async (k: number) => {
    let next = 0
    const worker = async () => {
      while (next < chunks.length) {
        let req = chunks[next++] as WriteRequest[]
        while (req.length > 0) {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: req } }))
          req = out.UnprocessedItems?.[table] ?? []
        }
      }
    }
    await Promise.all(Array.from({ length: k }, worker))
  }
  const ks = (process.argv[2] ?? '1,2,8').split(',').map(Number)
  const rounds = Number(process.argv[3] ?? 3)
  const load0 = loadavg()[0] as number
  for (const k of ks) await run(k) // warm-up
  const res = new Map(ks.map((k) => [k, { wall: [] as number[], server: [] as number[], client: [] as number[] }]))
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 === 0 ? ks : [...ks].reverse()) {
      const s0 = processCpuMs(db.pid)
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      await run(k)
      const e = res.get(k) as { wall: number[]; server: number[]; client: number[] }
      e.wall.push(performance.now() - t0)
      e.server.push(processCpuMs(db.pid) - s0)
      const c = process.cpuUsage(c0)
      e.client.push((c.user + c.system) / 1000)
    }
  }
  console.log(`load average ${load0.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end; ${N} items, ${rounds} rounds`)
  for (const [k, e] of res) {
    console.log(`| ${k} in flight | ${median(e.wall).toFixed(0)} ms (${Math.min(...e.wall).toFixed(0)}–${Math.max(...e.wall).toFixed(0)}) | client CPU ${median(e.client).toFixed(0)} ms | server CPU ${median(e.server).toFixed(0)} ms |`)
  }
  await db.stop()
}

void main()

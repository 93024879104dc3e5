/**
 * The streaming workloads without DynamoDB Local: each contender's stream run through a real
 * `DynamoDBClient` (the SDK's defaults, every middleware, the response parsed from JSON)
 * whose HTTP handler answers at once with the streamed table's pages (`Limit` items each, from
 * `ExclusiveStartKey`, with `LastEvaluatedKey`). What a run costs then is the client's work
 * alone: no wall time spent waiting, no other process. Runs alternate by round in one process
 * unless one contender is given (then, e.g., for `node --cpu-prof`, or one process each).
 *
 *   npx tsx bench/streamStub.ts 'pages scan 100000' [rounds=10] [contenders=floor,dynamongo]
 *   npx tsx bench/streamStub.ts 'pages scan 100000' 10 .bench-out/bundle/floor.mjs,.bench-out/bundle/dynamongo.mjs
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { alternateRounds, answeringClient, contenderOf, smallToAv } from './e2eCommon.js'
import { STREAM_COUNT, median, smallItem, streamWorkloads, type StreamWorkload } from './shared.js'

const [workload, roundsArg, list = 'floor,dynamongo'] = process.argv.slice(2)
if (workload === undefined || !(streamWorkloads as ReadonlyArray<string>).includes(workload)) {
  throw new Error(`usage: streamStub.ts <workload> [rounds] [contenders]; workloads: ${streamWorkloads.join(', ')}`)
}
const rounds = Number(roundsArg ?? 10)
const ids = list.split(',')

// the table, in key order (one partition: a Query and a Scan read the same order)
const avs = Array.from({ length: STREAM_COUNT }, (_, i) => smallToAv(smallItem(i)))
const bodies = new Map<string, string>()
const pageBody = (from: number, limit: number): string => {
  const k = `${from}/${limit}`
  let b = bodies.get(k)
  if (b === undefined) {
    const items = avs.slice(from, from + limit)
    const last = items[items.length - 1]
    const more = from + limit < avs.length && last !== undefined
    b = JSON.stringify({ Count: items.length, Items: items, ScannedCount: items.length, ...(more ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}) })
    bodies.set(k, b)
  }
  return b
}

const client = (): DynamoDBClient =>
  answeringClient((_, input) => {
    const sk = (input.ExclusiveStartKey as { sk?: { S?: string } } | undefined)?.sk?.S
    const from = sk === undefined ? 0 : Number(sk.slice(2)) + 1
    return pageBody(from, (input.Limit as number | undefined) ?? STREAM_COUNT)
  })

const main = async (): Promise<void> => {
  const runs = []
  for (const id of ids) {
    const contender = await contenderOf(id)
    const factory = contender?.stream?.[workload as StreamWorkload]
    if (factory === undefined) throw new Error(`${id} has no ${workload}`)
    runs.push(await factory({ endpoint: 'http://127.0.0.1:1', table: 'bench', prefix: '', client: client() }))
  }
  const cpu = await alternateRounds(runs, rounds, (i, n) => {
    if (n !== STREAM_COUNT) throw new Error(`${ids[i]}: ${n} items`)
  })
  console.log(`${workload} against a client answering at once, ${rounds} rounds: ${ids.map((id, i) => `${id} ${median(cpu[i] as number[]).toFixed(1)} ms`).join(', ')} (medians)`)
  const base = cpu[0] as number[]
  for (let i = 1; i < ids.length; i++) {
    const ratios = (cpu[i] as number[]).map((x, k) => x / (base[k] as number)).sort((a, b) => a - b)
    console.log(`${ids[i]} / ${ids[0]}, paired: median ${median(ratios).toFixed(3)}, range ${ratios[0]!.toFixed(3)}–${ratios[ratios.length - 1]!.toFixed(3)}`)
  }
  for (const r of runs) r.close()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})

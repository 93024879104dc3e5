/**
 * `page x200 of 20` without DynamoDB Local: each contender's run through a real
 * `DynamoDBClient` (every middleware of the SDK, the request signed and serialized, the
 * response parsed from JSON) whose HTTP handler answers at once with the orders' pages that
 * `stubClient` gives (20 orders newest first from `ExclusiveStartKey`, with `LastEvaluatedKey`).
 * What a run costs then is the client's work alone. Runs alternate by round in one process,
 * each paired with the first contender's run of the same round; with one contender it only
 * runs (for `node --cpu-prof` or `--heap-prof`).
 *
 *   npx tsx bench/pageStub.ts [rounds=20] [contenders=floor,dynamongo]
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { alternateRounds, answeringClient, contenderOf, stubBodies } from './e2eCommon.js'
import { ORDER_PAGE, ORDER_WALK, ORDER_WALKS, median } from './shared.js'

const [roundsArg, list = 'floor,dynamongo'] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 20)
const ids = list.split(',')
const workload = 'page x200 of 20'

// the stand-in's answers, as JSON bodies, kept by request (both contenders ask the same pages; Query's kept)
const bodyOf = stubBodies((target) => target === 'Query')

const client = (): DynamoDBClient => answeringClient(bodyOf)

const quantile = (xs: ReadonlyArray<number>, q: number): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * q)] as number

const main = async (): Promise<void> => {
  const runs = []
  for (const id of ids) {
    const contender = await contenderOf(id)
    const factory = contender?.e2e[workload]
    if (factory === undefined) throw new Error(`${id} has no ${workload}`)
    runs.push(await factory({ endpoint: 'http://127.0.0.1:1', table: 'bench', prefix: '', client: client() }))
  }
  const expected = ORDER_WALKS * ORDER_WALK * ORDER_PAGE
  const cpu = await alternateRounds(runs, rounds, (i, n) => {
    if (n !== expected) throw new Error(`${ids[i]}: ${n} items, expected ${expected}`)
  })
  console.log(`${workload} against a client answering at once, ${rounds} rounds: ${ids.map((id, i) => `${id} ${median(cpu[i] as number[]).toFixed(1)} ms`).join(', ')} (medians)`)
  const base = cpu[0] as number[]
  for (let i = 1; i < ids.length; i++) {
    const ratios = (cpu[i] as number[]).map((x, k) => x / (base[k] as number))
    console.log(`${ids[i]} / ${ids[0]}, paired: median ${quantile(ratios, 0.5).toFixed(3)}, interquartile ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}`)
  }
  for (const r of runs) r.close()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})

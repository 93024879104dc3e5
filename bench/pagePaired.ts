/**
 * The page of 20 of `page x200 of 20`, to the microsecond: contenders walking the customer's
 * orders newest first against one DynamoDB Local, one page each in turn (each contender in each
 * place of a round equally often: `stats.roundOrder`), each page's client CPU (`process.cpuUsage`) read on its
 * own and paired with the first contender's page of the same round, the same page of the same
 * walk (a walk is `ORDER_WALK` pages from the newest, each from the cursor of the one before).
 * The same instrument as `bench/runtimePaired.ts` for the page: adjacent pages share the
 * machine's state, so a difference of a few percent shows through the load of other processes.
 * Each contender against the first: the ratio of the trimmed means (10% each side) and of the
 * plain means (which keep every page's share of GC), each with a 95% bootstrap interval over
 * the rounds.
 *
 *   npx tsx bench/pagePaired.ts [rounds=3000] [contenders=floor,dynamongo]
 *
 * The contenders: `floor`, `dynamongo`, `bare`, `sent`, `sent:bare`, `send`, `send:bare`,
 * `send=<checkout>`, or the path of another checkout's `bench/dynamongo.ts` (bench/pageContenders.ts).
 */
import { startLocal } from './local.js'
import { createTable, makeClient, orderItems, rawBatchWrite } from './e2eCommon.js'
import { load, pairedPages, printRatios, stepOf, type Step } from './pageContenders.js'
import { ORDER_PAGE } from './shared.js'

const [roundsArg, list = 'floor,dynamongo'] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 3000)
const ids = list.split(',')

const local = await startLocal()
const admin = makeClient(local.endpoint)
const closes: Array<() => void> = []
try {
  const steps: Step[] = []
  for (const [i, id] of ids.entries()) {
    const prefix = `pp${i}_`
    const table = `${prefix}bench`
    await createTable(admin, table)
    await rawBatchWrite(admin, table, orderItems())
    const { step, close } = await stepOf(id, { endpoint: local.endpoint, table, prefix })
    closes.push(close)
    steps.push(step)
  }
  const us = await pairedPages(ids, steps, rounds)
  console.log(`page of ${ORDER_PAGE}, ${rounds} rounds of ${ids.join(', ')} (one page each), client CPU (node ${process.version}; load average ${us.loadBefore} before, ${load()} after)`)
  printRatios(ids, us.us)
} finally {
  for (const c of closes) c()
  admin.destroy()
  await local.stop()
}

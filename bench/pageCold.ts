/**
 * The page of 20 of `page x200 of 20` without DynamoDB Local, with cold caches: the
 * contenders of `bench/pagePaired.ts` (bench/pageContenders.ts), each through a real
 * `DynamoDBClient` whose HTTP handler answers at once with the stand-in client's pages of
 * orders (every middleware of the SDK; no network), one page each in turn, paired by round
 * as pagePaired pairs them; before each page (outside its measure) a write to every cache
 * line of a buffer of `MB` megabytes (default 24) evicts the caches, as the wait for
 * DynamoDB's answer does (its JVM and the kernel run in between). A page's code and data
 * then come from memory, as they do against a server: a function run once a page costs
 * several times what it costs in a warm loop (with `MB` 0, the warm figures).
 *
 *   npx tsx bench/pageCold.ts [rounds=5000] [contenders=floor,dynamongo] [MB=24]
 */
import { answeringClient, stubBodies } from './e2eCommon.js'
import { load, pairedPages, printRatios, stepOf, type Step } from './pageContenders.js'
import { ORDER_PAGE } from './shared.js'

const [roundsArg, list = 'floor,dynamongo', mbArg] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 5000)
const ids = list.split(',')
const mb = Number(mbArg ?? 24)

// the stand-in's answers as JSON bodies, kept by request (every contender asks the same pages)
const bodyOf = stubBodies()

const lines = new Uint8Array(mb * 1024 * 1024)
const evict = (): void => {
  for (let i = 0; i < lines.length; i += 64) lines[i] = ((lines[i] as number) + 1) & 0xff
}

const closes: Array<() => void> = []
try {
  const steps: Step[] = []
  for (const id of ids) {
    const { step, close } = await stepOf(id, { endpoint: 'http://127.0.0.1:1', table: 'bench', prefix: '', client: answeringClient(bodyOf) })
    closes.push(close)
    steps.push(step)
  }
  const us = await pairedPages(ids, steps, rounds, evict)
  console.log(`page of ${ORDER_PAGE} against a client answering at once, caches evicted (${mb} MB) before each page, ${rounds} rounds of ${ids.join(', ')}, client CPU (node ${process.version}; load average ${us.loadBefore} before, ${load()} after)`)
  printRatios(ids, us.us)
} finally {
  for (const c of closes) c()
}

/**
 * Decoding a page of `page x200 of 20`, to the fraction of a microsecond: the 20 orders of a
 * page as the SDK parses them (a real `DynamoDBClient` answering at once, as
 * `bench/pageStub.ts`), read by the raw loop's hand decoding (`orderFromAv` and the customer
 * check of `bench/floor.ts`) and by `Model.decode` of the bench's `Order` (`bench/dynamongo.ts`);
 * with the path of another checkout's `lib/index.ts`, that build's `Model.decode` too. The
 * contenders alternate batch by batch (the order rotated every round) in one process; each
 * batch decodes the page `REPS` times and its CPU is read on its own. Each contender's cost is
 * the trimmed mean (10% each side) of its batches, its difference with the raw loop's batch of
 * the same round the trimmed mean of the paired differences, with a 95% bootstrap interval.
 * Then the bytes allocated per page (the heap's growth over a batch right after a full GC,
 * median of 40 batches). With `--only=<decoder>`, that decoder alone runs its batches (for
 * `node --cpu-prof` or `--heap-prof` of a bundle of this file, whose functions keep their names).
 *
 *   npx tsx bench/decodePaired.ts [rounds=400] [/path/to/other/lib/index.ts] [--only=dynamongo]
 */
import * as v8 from 'node:v8'
import * as vm from 'node:vm'
import type { AttributeValue, QueryCommandOutput } from '@aws-sdk/client-dynamodb'
import { QueryCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as Lib from '../lib/index.js'
import * as Field from '../lib/codec/Field.js'
import * as Model from '../lib/model/Model.js'
import { orderModel } from './dynamongo.js'
import { answeringClient, orderFromAv, stubBodies } from './e2eCommon.js'
import { ORDER_CUSTOMER, ORDER_PAGE, type Order } from './shared.js'
import { at, bootstrap, cpuUs, roundOrder, trimmedMean } from './stats.js'

type AttributeMap = Record<string, AttributeValue>

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const [roundsArg, otherPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const rounds = Number(roundsArg ?? 400)
const REPS = 50

const client = answeringClient(stubBodies())
const out = (await client.send(
  new QueryCommand({
    TableName: 'bench',
    KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
    ExpressionAttributeValues: { ':v0': { S: `CUSTOMER#${ORDER_CUSTOMER}` }, ':v1': { S: 'ORDER#' } },
    Limit: ORDER_PAGE,
    ScanIndexForward: false,
  }),
)) as QueryCommandOutput
client.destroy()
const page = out.Items as AttributeMap[]
if (page.length !== ORDER_PAGE) throw new Error(`a page of ${page.length} items`)

/** A page decoded `REPS` times: the number of items kept (so that nothing is optimized away). */
type Decoder = () => number

const raw: Decoder = () => {
  let n = 0
  for (let r = 0; r < REPS; r++) {
    const got: Order[] = []
    for (const it of page) {
      const o = orderFromAv(it)
      if (o.customerId === ORDER_CUSTOMER) got.push(o)
    }
    n += got.length
  }
  return n
}

const decoderOf = (decode: (item: AttributeMap) => E.Either<unknown, unknown>): Decoder => () => {
  let n = 0
  for (let r = 0; r < REPS; r++) {
    const got: unknown[] = []
    for (const it of page) {
      const a = decode(it)
      if (E.isRight(a)) got.push(a.right)
      else throw new Error(`decode failed: ${JSON.stringify(a.left)}`)
    }
    n += got.length
  }
  return n
}

const here = orderModel({ Model, Field })
const decodes: Record<string, (item: AttributeMap) => E.Either<unknown, unknown>> = { dynamongo: (it) => Model.decode(here, it) }
if (otherPath !== undefined) {
  const other = (await import(otherPath)) as typeof Lib
  const there = orderModel(other as never)
  decodes['other'] = (it) => other.Model.decode(there as never, it)
}
const contenders: Record<string, Decoder> = { raw, ...Object.fromEntries(Object.entries(decodes).map(([name, d]) => [name, decoderOf(d)])) }
const names = Object.keys(contenders)

// the same values either way
const expected = JSON.stringify(page.map(orderFromAv))
for (const [name, d] of Object.entries(decodes)) {
  const got = JSON.stringify(page.map((it) => (d(it) as E.Right<unknown>).right))
  if (got !== expected) throw new Error(`${name} decodes otherwise than the raw loop: ${got}`)
}

if (only !== undefined) {
  const d = contenders[only]
  if (d === undefined) throw new Error(`no decoder ${only}: ${names.join(', ')}`)
  for (let r = 0; r < rounds; r++) d()
  process.exit(0)
}

// warm-up: 1.5 s of CPU over all of them
const w0 = cpuUs()
while (cpuUs() - w0 < 1_500_000) for (const name of names) (contenders[name] as Decoder)()

const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
for (let r = 0; r < rounds; r++) {
  for (const name of roundOrder(names, r)) {
    const t0 = cpuUs()
    const n = (contenders[name] as Decoder)()
    ;(us[name] as number[]).push((cpuUs() - t0) / REPS)
    if (n !== REPS * ORDER_PAGE) throw new Error(`${name}: ${n} items`)
  }
}

// bytes allocated per page: the heap's growth over one decode of the page, right after a full GC
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
const bytes: Record<string, number> = {}
for (const name of names) {
  const d = contenders[name] as Decoder
  const xs: number[] = []
  for (let i = 0; i < 40; i++) {
    gc()
    const h0 = v8.getHeapStatistics().used_heap_size
    d()
    xs.push((v8.getHeapStatistics().used_heap_size - h0) / REPS)
  }
  bytes[name] = at(xs, 0.5)
}

const base = us['raw'] as number[]
console.log(`decoding a page of ${ORDER_PAGE} orders, ${rounds} rounds of ${names.join(', ')} (${REPS} pages a batch), CPU per page (node ${process.version})`)
console.log(`| decoder | µs a page (trimmed mean) | − raw, paired (95%) | / raw | bytes a page |`)
console.log(`|---|--:|--:|--:|--:|`)
for (const name of names) {
  const d = (us[name] as number[]).map((x, i) => x - (base[i] as number))
  const diff = bootstrap(d, trimmedMean)
  console.log(
    `| ${name} | ${trimmedMean(us[name] as number[]).toFixed(2)} | ${diff.value.toFixed(2)} (${diff.low.toFixed(2)}..${diff.high.toFixed(2)}) | ${(1 + diff.value / trimmedMean(base)).toFixed(2)} | ${Math.round(bytes[name] as number)} |`,
  )
}
if (otherPath !== undefined) {
  const d = (us['dynamongo'] as number[]).map((x, i) => x / (us['other'] as number[])[i]!)
  const ratio = bootstrap(d, trimmedMean)
  console.log(`dynamongo / other, paired by round: ${ratio.value.toFixed(3)} (95% ${ratio.low.toFixed(3)}..${ratio.high.toFixed(3)})`)
}

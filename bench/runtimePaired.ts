/**
 * What the runtime of DESIGN §5.5 costs a request, to the microsecond: `Dynamo.getOne` or
 * `Dynamo.saveOne` against DynamoDB Local under three Envs over one client (the one every
 * contender of the bench uses), their requests alternated one by one (the order rotated every
 * round), the client CPU of each request read on its own. The same instrument as
 * `bench/ab.ts` at a finer grain: adjacent requests share the machine's state, so a
 * difference of a few microseconds in ~500 shows through the load of other processes. Each
 * Env's cost is the trimmed mean (10% each side) of its paired differences with `bare`, with
 * a 95% bootstrap interval.
 *
 * - `bare`: no time limit (`timeoutMs: Infinity`) and no listener;
 * - `limit`: `Env.make`'s defaults (a 5,000 ms limit per attempt);
 * - `traced`: the limit and a listener that counts the events.
 *
 *   npx tsx bench/runtimePaired.ts getOne|saveOne [rounds=4000]
 */
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../lib/run/Dynamo.js'
import * as Env from '../lib/run/Env.js'
import { startLocal } from './local.js'
import { Wide } from './dynamongo.js'
import { bootstrap, cpuUs, roundOrder, trimmedMean } from './stats.js'
import { createTable, items, makeClient, rawBatchWrite, toAv } from './e2eCommon.js'
import { wideItem } from './shared.js'

const [op = 'getOne', roundsArg] = process.argv.slice(2)
if (op !== 'getOne' && op !== 'saveOne') throw new Error('usage: runtimePaired.ts getOne|saveOne [rounds]')
const rounds = Number(roundsArg ?? 4000)

const local = await startLocal()
const client = makeClient(local.endpoint)
try {
  await createTable(client, 'paired_bench')
  await rawBatchWrite(client, 'paired_bench', items(0, 2000).map(toAv))
  let heard = 0
  const envs: Record<string, Env.Env> = {
    bare: Env.make({ client, tablePrefix: 'paired_', timeoutMs: Infinity }),
    limit: Env.make({ client, tablePrefix: 'paired_' }),
    traced: Env.make({ client, tablePrefix: 'paired_', on: () => void heard++ }),
  }
  const names = Object.keys(envs)
  const request = (env: Env.Env, i: number): Promise<E.Either<unknown, unknown>> => {
    const w = wideItem(i % 2000)
    return op === 'getOne' ? Dynamo.getOne(Wide, [w.pk, w.sk])(env)() : Dynamo.saveOne(Wide, w)(env)()
  }
  for (const name of names) {
    for (let i = 0; i < 500; i++) if (E.isLeft(await request(envs[name] as Env.Env, i))) throw new Error(`${op} failed under ${name}`)
  }
  const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  for (let r = 0; r < rounds; r++) {
    for (const name of roundOrder(names, r)) {
      const t0 = cpuUs()
      await request(envs[name] as Env.Env, r)
      ;(us[name] as number[]).push(cpuUs() - t0)
    }
  }
  const base = us['bare'] as number[]
  console.log(`${op}, ${rounds} rounds of ${names.join(', ')} (one request each), client CPU (node ${process.version}, ${heard} events heard)`)
  console.log(`| Env | µs a request (trimmed mean) | − bare, paired (95%) | / bare |`)
  console.log(`|---|--:|--:|--:|`)
  for (const name of names) {
    const d = (us[name] as number[]).map((x, i) => x - (base[i] as number))
    const diff = bootstrap(d, trimmedMean)
    console.log(`| ${name} | ${trimmedMean(us[name] as number[]).toFixed(1)} | ${diff.value.toFixed(1)} (${diff.low.toFixed(1)}..${diff.high.toFixed(1)}) | ${(1 + diff.value / trimmedMean(base)).toFixed(3)} |`)
  }
} finally {
  client.destroy()
  await local.stop()
}

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
 * A contender is `floor` (the raw loop, `orderPage` of bench/floor.ts), `bare` (dynamongo's page
 * under an Env without a time limit: `timeoutMs: Infinity`), `sent` (the raw loop's Query and
 * cursor through `Dynamo.send`, its items through `Model.decode`: the page without its own
 * machinery), `send` (the raw loop's page, items read by hand, with its Query through
 * `Dynamo.send`: what `send` adds to `client.send`), `sent:bare` and `send:bare` (the same under
 * `timeoutMs: Infinity`), `send=<checkout>` (`send` through another checkout's `lib/`: the
 * request path A/B), or a module exporting `orderPage`
 * and `sameClient` as bench/dynamongo.ts does (`dynamongo`, or the path of another checkout's
 * `bench/dynamongo.ts`: that checkout's `lib/` against this one's).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../lib/run/Dynamo.js'
import * as Env from '../lib/run/Env.js'
import * as Model from '../lib/model/Model.js'
import { start } from '../lib/local/DynamoLocal.js'
import { createTable, makeClient, orderFromAv, orderItems, rawBatchWrite } from './e2eCommon.js'
import * as dynamongo from './dynamongo.js'
import * as floor from './floor.js'
import { ORDER_CUSTOMER, ORDER_PAGE, ORDER_WALK } from './shared.js'
import { cpuUs, mean, pairedRatio, roundOrder, trimmedMean } from './stats.js'

const [roundsArg, list = 'floor,dynamongo'] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 3000)
const ids = list.split(',')

type Step = (cursor: string | undefined) => Promise<{ readonly n: number; readonly cursor: string | undefined }>

interface PageModule {
  readonly orderPage: (env: Env.Env, cursor: string | undefined) => ReturnType<Step>
  readonly sameClient: (ctx: { endpoint: string; table: string; prefix: string }) => { readonly env: Env.Env; readonly close: () => void }
}

/**
 * The raw loop's page (its Query and its cursor, `floor.orderQuery`) sent with `Dynamo.send`
 * and each item read with `Model.decode`: dynamongo's page without the page's own machinery
 * (plan, prepared read, read loop, its cursor).
 */
const sentPage = async (env: Env.Env, table: string, cursor: string | undefined): ReturnType<Step> => {
  const out = await Dynamo.send(floor.orderQuery(table, cursor))(env)()
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  let n = 0
  for (const it of out.right.Items ?? []) {
    const o = Model.decode(dynamongo.Order, it)
    if (E.isRight(o) && o.right.customerId === ORDER_CUSTOMER) n++
  }
  return { n, cursor: floor.cursorOf(out.right.LastEvaluatedKey) }
}

/** The raw loop's page (its Query, its items read by hand, its cursor) with the Query sent by `send` (`Dynamo.send` of this checkout or another). */
const sendPage = async (send: typeof Dynamo.send, env: Env.Env, table: string, cursor: string | undefined): ReturnType<Step> => {
  const out = await send(floor.orderQuery(table, cursor))(env)()
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  let n = 0
  for (const it of out.right.Items ?? []) if (orderFromAv(it).customerId === ORDER_CUSTOMER) n++
  return { n, cursor: floor.cursorOf(out.right.LastEvaluatedKey) }
}

const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

const local = await start()
const admin = makeClient(local.endpoint)
const closes: Array<() => void> = []
try {
  const steps: Step[] = []
  for (const [i, id] of ids.entries()) {
    const prefix = `pp${i}_`
    const table = `${prefix}bench`
    await createTable(admin, table)
    await rawBatchWrite(admin, table, orderItems())
    if (id === 'floor') {
      const client = makeClient(local.endpoint)
      closes.push(() => client.destroy())
      steps.push((cursor) => floor.orderPage(client, table, cursor))
    } else if (id === 'sent' || id === 'sent:bare' || id === 'send' || id === 'send:bare') {
      const client = makeClient(local.endpoint)
      closes.push(() => client.destroy())
      const env = Env.make({ client, tablePrefix: prefix, ...(id.endsWith(':bare') ? { timeoutMs: Infinity } : {}) })
      steps.push(id.startsWith('sent') ? (cursor) => sentPage(env, table, cursor) : (cursor) => sendPage(Dynamo.send, env, table, cursor))
    } else if (id.startsWith('send=')) {
      const root = resolve(id.slice('send='.length))
      const D = (await import(pathToFileURL(`${root}/lib/run/Dynamo.ts`).href)) as typeof Dynamo
      const V = (await import(pathToFileURL(`${root}/lib/run/Env.ts`).href)) as typeof Env
      const client = makeClient(local.endpoint)
      closes.push(() => client.destroy())
      const env = V.make({ client, tablePrefix: prefix })
      steps.push((cursor) => sendPage(D.send, env, table, cursor))
    } else if (id === 'bare') {
      const client = makeClient(local.endpoint)
      closes.push(() => client.destroy())
      const env = Env.make({ client, tablePrefix: prefix, timeoutMs: Infinity })
      steps.push((cursor) => dynamongo.orderPage(env, cursor))
    } else {
      const mod = id === 'dynamongo' ? dynamongo : ((await import(pathToFileURL(resolve(id)).href)) as PageModule)
      const { env, close } = mod.sameClient({ endpoint: local.endpoint, table, prefix })
      closes.push(close)
      steps.push((cursor) => mod.orderPage(env, cursor))
    }
  }
  const cursors: Array<string | undefined> = ids.map(() => undefined)
  const page = async (i: number, p: number): Promise<void> => {
    const got = await (steps[i] as Step)(p % ORDER_WALK === 0 ? undefined : cursors[i])
    if (got.n !== ORDER_PAGE) throw new Error(`${ids[i]}: ${got.n} orders on page ${p % ORDER_WALK}, expected ${ORDER_PAGE}`)
    cursors[i] = got.cursor
  }
  // warmed up: whole walks, until 1.5 s of CPU over all of them and at least 10 walks each
  const w0 = cpuUs()
  for (let p = 0; p < 10 * ORDER_WALK || cpuUs() - w0 < 1_500_000 || p % ORDER_WALK !== 0; p++) for (let i = 0; i < ids.length; i++) await page(i, p)
  const loadBefore = load()
  const us: number[][] = ids.map(() => [])
  for (let r = 0; r < rounds; r++) {
    for (const i of roundOrder([...ids.keys()], r)) {
      const t0 = cpuUs()
      await page(i, r)
      ;(us[i] as number[]).push(cpuUs() - t0)
    }
  }
  const base = us[0] as number[]
  console.log(`page of ${ORDER_PAGE}, ${rounds} rounds of ${ids.join(', ')} (one page each), client CPU (node ${process.version}; load average ${loadBefore} before, ${load()} after)`)
  console.log(`| contender | µs a page (trimmed mean) | µs a page (mean) | / ${ids[0]}, trimmed (95%) | / ${ids[0]}, means (95%) |`)
  console.log(`|---|--:|--:|--:|--:|`)
  for (const [i, id] of ids.entries()) {
    const xs = us[i] as number[]
    console.log(`| ${id} | ${trimmedMean(xs).toFixed(0)} | ${mean(xs).toFixed(0)} | ${pairedRatio(base, xs, trimmedMean)} | ${pairedRatio(base, xs, mean)} |`)
  }
} finally {
  for (const c of closes) c()
  admin.destroy()
  await local.stop()
}

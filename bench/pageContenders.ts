/**
 * The contenders of the page of 20 (`bench/pagePaired.ts`, `bench/pageCold.ts`): each a step
 * that reads one page of the customer's orders newest first from a cursor and gives how many
 * orders it read and the next page's cursor.
 *
 * - `floor`: the raw loop's page (`orderPage` of bench/floor.ts);
 * - `dynamongo`: `Dynamo.page` (bench/dynamongo.ts) under the default Env;
 * - `bare`: the same under an Env without a time limit (`timeoutMs: Infinity`);
 * - `sent`: the raw loop's Query and cursor through `Dynamo.send`, its items through
 *   `Model.decode`: the page without its own machinery (plan, prepared read, read loop, cursor);
 * - `send`: the raw loop's page, its items read by hand, with its Query through `Dynamo.send`
 *   (what `send` adds to `client.send`); `send:bare` and `sent:bare`: `send` and `sent` under
 *   `timeoutMs: Infinity`; `send=<checkout>`: `send` through another checkout's `lib/` (the
 *   request path's A/B);
 * - the path of a module exporting `orderPage` and `sameClient` as bench/dynamongo.ts does
 *   (another checkout's `bench/dynamongo.ts`: that checkout's `lib/` against this one's).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../lib/run/Dynamo.js'
import * as Env from '../lib/run/Env.js'
import * as Model from '../lib/model/Model.js'
import { clientOf, orderFromAv } from './e2eCommon.js'
import * as dynamongo from './dynamongo.js'
import * as floor from './floor.js'
import { ORDER_CUSTOMER, ORDER_PAGE, ORDER_WALK, type E2eContext } from './shared.js'
import { cpuUs, mean, pairedRatio, roundOrder, trimmedMean } from './stats.js'

export type Step = (cursor: string | undefined) => Promise<{ readonly n: number; readonly cursor: string | undefined }>

interface PageModule {
  readonly orderPage: (env: Env.Env, cursor: string | undefined) => ReturnType<Step>
  readonly sameClient: (ctx: E2eContext) => { readonly env: Env.Env; readonly close: () => void }
}

/** The raw loop's Query and cursor sent with `Dynamo.send`, each item read with `Model.decode`. */
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

/** Contender `id`'s step on `ctx`'s table (its client `ctx.client`, else one for `ctx.endpoint`), and what closes it. */
export const stepOf = async (id: string, ctx: E2eContext): Promise<{ readonly step: Step; readonly close: () => void }> => {
  if (id === 'floor') {
    const client = clientOf(ctx)
    return { step: (cursor) => floor.orderPage(client, ctx.table, cursor), close: () => client.destroy() }
  }
  if (id === 'sent') {
    const { env, close } = dynamongo.sameClient(ctx)
    return { step: (cursor) => sentPage(env, ctx.table, cursor), close }
  }
  if (id === 'sent:bare' || id === 'send' || id === 'send:bare') {
    const client = clientOf(ctx)
    const env = Env.make({ client, tablePrefix: ctx.prefix, ...(id.endsWith(':bare') ? { timeoutMs: Infinity } : {}) })
    const step: Step = id === 'sent:bare' ? (cursor) => sentPage(env, ctx.table, cursor) : (cursor) => sendPage(Dynamo.send, env, ctx.table, cursor)
    return { step, close: () => client.destroy() }
  }
  if (id.startsWith('send=')) {
    const root = resolve(id.slice('send='.length))
    const D = (await import(pathToFileURL(`${root}/lib/run/Dynamo.ts`).href)) as typeof Dynamo
    const V = (await import(pathToFileURL(`${root}/lib/run/Env.ts`).href)) as typeof Env
    const client = clientOf(ctx)
    const env = V.make({ client, tablePrefix: ctx.prefix })
    return { step: (cursor) => sendPage(D.send, env, ctx.table, cursor), close: () => client.destroy() }
  }
  if (id === 'bare') {
    const client = clientOf(ctx)
    const env = Env.make({ client, tablePrefix: ctx.prefix, timeoutMs: Infinity })
    return { step: (cursor) => dynamongo.orderPage(env, cursor), close: () => client.destroy() }
  }
  const mod = id === 'dynamongo' ? dynamongo : ((await import(pathToFileURL(resolve(id)).href)) as PageModule)
  const { env, close } = mod.sameClient(ctx)
  return { step: (cursor) => mod.orderPage(env, cursor), close }
}

/** The load average of the last 1, 5 and 15 minutes. */
export const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/**
 * Each step's pages, one page each in turn (each contender in each place of a round equally
 * often: `stats.roundOrder`), each walking the orders from the newest (`ORDER_WALK` pages a walk, each from the
 * cursor of the one before), after a warm-up of whole walks (at least 10 each and 1.5 s of
 * CPU over all): each page's client CPU in µs, by step, and the load average before the
 * rounds. `between` runs before each page, outside its measure.
 */
export const pairedPages = async (
  ids: ReadonlyArray<string>,
  steps: ReadonlyArray<Step>,
  rounds: number,
  between: () => void = () => undefined,
): Promise<{ readonly us: ReadonlyArray<ReadonlyArray<number>>; readonly loadBefore: string }> => {
  const cursors: Array<string | undefined> = ids.map(() => undefined)
  const page = async (i: number, p: number): Promise<void> => {
    const got = await (steps[i] as Step)(p % ORDER_WALK === 0 ? undefined : cursors[i])
    if (got.n !== ORDER_PAGE) throw new Error(`${ids[i]}: ${got.n} orders on page ${p % ORDER_WALK}, expected ${ORDER_PAGE}`)
    cursors[i] = got.cursor
  }
  const w0 = cpuUs()
  for (let p = 0; p < 10 * ORDER_WALK || cpuUs() - w0 < 1_500_000 || p % ORDER_WALK !== 0; p++) {
    for (let i = 0; i < ids.length; i++) {
      between()
      await page(i, p)
    }
  }
  const loadBefore = load()
  const us: number[][] = ids.map(() => [])
  for (let r = 0; r < rounds; r++) {
    for (const i of roundOrder([...ids.keys()], r)) {
      between()
      const t0 = cpuUs()
      await page(i, r)
      ;(us[i] as number[]).push(cpuUs() - t0)
    }
  }
  return { us, loadBefore }
}

/**
 * The table of each contender against the first: the ratio of the trimmed means (10% each
 * side) and of the plain means (which keep every page's share of GC), each with a 95%
 * bootstrap interval over the rounds.
 */
export const printRatios = (ids: ReadonlyArray<string>, us: ReadonlyArray<ReadonlyArray<number>>): void => {
  const base = us[0] as ReadonlyArray<number>
  console.log(`| contender | µs a page (trimmed mean) | µs a page (mean) | / ${ids[0]}, trimmed (95%) | / ${ids[0]}, means (95%) |`)
  console.log(`|---|--:|--:|--:|--:|`)
  for (const [i, id] of ids.entries()) {
    const xs = us[i] as ReadonlyArray<number>
    console.log(`| ${id} | ${trimmedMean(xs).toFixed(0)} | ${mean(xs).toFixed(0)} | ${pairedRatio(base, xs, trimmedMean)} | ${pairedRatio(base, xs, mean)} |`)
  }
}

/**
 * dynamongo: the whole path of each request, from the model and the combinators to the
 * SDK input with `AttributeValue`s (`Model.encode` for items, `Strategy.parse` for the key
 * conditions of updates and deletes, `C`/`U` combinators for the AST, `Plan.make` for the
 * query plan, `Command.*` for the input, compiled by `Expression`): what `Dynamo.*` builds.
 * End to end: `Dynamo.*` against DynamoDB Local.
 */
import { marshall } from '@aws-sdk/util-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Command from '../lib/compile/Command.js'
import * as C from '../lib/ast/Condition.js'
import * as Cursor from '../lib/run/Cursor.js'
import * as Dynamo from '../lib/run/Dynamo.js'
import * as Env from '../lib/run/Env.js'
import * as Pages from '../lib/run/pages.js'
import * as Read from '../lib/run/read.js'
import * as Field from '../lib/codec/Field.js'
import * as Model from '../lib/model/Model.js'
import * as Plan from '../lib/plan/Plan.js'
import * as T from '../lib/compile/Transaction.js'
import * as Strategy from '../lib/model/Strategy.js'
import * as U from '../lib/ast/Update.js'
import { QUERY_PK, clientOf, items, orderItems, queryItems, rawBatchWrite, toAv } from './e2eCommon.js'
import {
  ORDER_CUSTOMER,
  ORDER_PAGE,
  ORDER_WALK,
  ORDER_WALKS,
  PAGE_QUERIES,
  STREAM_PAGE,
  STREAM_PK,
  STREAM_WARM,
  TABLE,
  composed,
  page,
  pagePk,
  tx,
  w1Item,
  w1MaxAge,
  w2,
  w3,
  w4,
  wideItem,
  type Contender,
  type E2eContext,
} from './shared.js'

/** A `Left` here is a bug of the benchmark or of the library: fail loudly. */
const ok = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`dynamongo returned a Left: ${JSON.stringify(e.left)}`)
  return e.right
}

// -------------------------------------------------------------------------------------
// models
// -------------------------------------------------------------------------------------

const User = Model.make({
  table: TABLE,
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([
    t.type({ pk: t.string, sk: t.string, name: t.string, age: t.number, tags: Field.list(t.string) }),
    t.partial({ address: t.partial({ city: t.string }), counter: t.number }),
  ]),
})

const fiftyProps: Record<`a${number}`, t.NumberC> = {}
for (const a of w4.attrs) fiftyProps[a as `a${number}`] = t.number
const Fifty = Model.make({
  table: TABLE,
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([t.type({ pk: t.string, sk: t.string }), t.partial(fiftyProps)]),
})

/** The streamed item. */
const Small = Model.make({ table: TABLE, hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.string, n: t.number, s: t.string }) })

/** The 12-attribute item; one default, so that `encode` goes through the defaults step. */
export const Wide = Model.make({
  table: TABLE,
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.type({
    pk: t.string,
    sk: t.string,
    name: t.string,
    email: t.string,
    age: t.number,
    score: t.number,
    visits: t.number,
    active: t.boolean,
    tags: Field.list(t.string),
    address: t.type({ city: t.string, zip: t.string }),
    roles: Field.stringSet,
    lucky: Field.numberSet,
  }),
  defaults: { visits: 0 },
})

/** `Wide` with a version (optimistic locking): every save is a conditional put. */
export const VersionedWide = Model.make({
  table: TABLE,
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([Wide.codec, t.partial({ version: Field.int({ min: 1 }) })]),
  defaults: { visits: 0 },
  version: 'version',
})

/** An order of a single-table design, made with a build's `Model` and `Field` (`bench/decodePaired.ts` makes it with another checkout's too). */
export const orderModel = (lib: { readonly Model: typeof Model; readonly Field: typeof Field }) =>
  lib.Model.make({
    table: TABLE,
    entity: 'order',
    codec: t.type({ customerId: t.string, orderId: t.string, createdAt: lib.Field.dateTime, status: t.string, total: lib.Field.int({ min: 0 }) }),
    hashKey: lib.Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: lib.Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  })

/** An order of a single-table design: its keys composed from its fields, its entity stored in `_et`. */
export const Order = orderModel({ Model, Field })

// -------------------------------------------------------------------------------------
// request building
// -------------------------------------------------------------------------------------

const w1 = () => {
  const u = User.attrs
  const enc = ok(Model.encode(User, w1Item))
  return ok(Command.putItem(User, User.table, enc.stored, C.lt(u.age, w1MaxAge), new Date()))
}

const w2Update = () => {
  const u = User.attrs
  const strategy = ok(
    Strategy.parse(User, C.and(C.eq(u.pk, w2.key.pk), C.eq(u.sk, w2.key.sk), C.between(u.age, w2.low, w2.high), C.beginsWith(u.name, w2.prefix))),
  )
  return ok(
    Command.updateItem(
      User,
      User.table,
      strategy,
      [
        U.set(u.name, w2.name),
        U.set(u.age, U.plus(u.age, w2.ageStep)),
        U.set(u.tags, U.listAppend(u.tags, w2.tags)),
        U.set(u.counter, U.plus(U.ifNotExists(u.counter, w2.counterStart), w2.counterStep)),
        U.remove(u.address.city),
      ],
      new Date(),
    ),
  )
}

const w3Query = () => {
  const u = User.attrs
  const plan = ok(
    Plan.make(
      User,
      C.and(
        C.eq(u.pk, w3.pk),
        C.beginsWith(u.sk, w3.skPrefix),
        C.or(C.and(C.gt(u.age, w3.minAge), C.contains(u.tags, w3.tag)), C.notExists(u.address)),
      ),
    ),
  )
  if (plan._tag !== 'Query') throw new Error(`expected a Query plan, got ${plan._tag}`)
  return ok(Command.query(User.table, plan, { descending: true, pageSize: w3.limit, projection: w3.projection }))
}

/**
 * K composed query: the condition on the orders' fields, planned (`Plan.make` translates it
 * through the key templates: the key condition on `pk`/`sk`, the rest and the entity in the
 * filter), then `Command.query`: what `getMany`/`page` build before sending.
 */
const composedQuery = () => {
  const o = Order.attrs
  const plan = ok(Plan.make(Order, C.and(C.eq(o.customerId, composed.customerId), C.between(o.createdAt, composed.from, composed.to), C.gte(o.total, composed.minTotal))))
  if (plan._tag !== 'Query') throw new Error(`expected a Query plan, got ${plan._tag}`)
  return ok(Command.query(Order.table, plan, { descending: true, pageSize: composed.limit }))
}

/**
 * What `Dynamo.page(User, pk = … AND begins_with(sk, …), { descending, pageSize: 50, cursor })`
 * does besides sending, by its own code: read.ts's `pageStart` (the options read once, the
 * read prepared, or found kept, the incoming cursor checked and read: SHA-256 checksum, no
 * cursorKey), the request built (`ExclusiveStartKey`, `Limit`, the `QueryCommand`), and
 * `cursorOf` the next page's cursor from the last item's key. The condition is built afresh
 * per request, as a service builds it. `queries` partitions in turn (`pagePk`): with more
 * than a model keeps, each request prepares its read (P page); with 1, each finds it kept
 * (P page kept). The cursors are a third page's and on, as a walk makes them: each holds its
 * position's trail (`answer.Trail`, a key the walk gave before), carried to the next
 * (`Pages.afterItem`).
 */
const pageOf = (queries: number) => () => {
  const env = Env.make({ client: {} as DynamoDBClient })
  const u = User.attrs
  const condition = (pk: string) => C.and(C.eq(u.pk, pk), C.beginsWith(u.sk, page.skPrefix))
  const pages = Array.from({ length: queries }, (_, i) => {
    const pk = pagePk(i)
    // the first page: its read's identity
    const first = ok(Read.pageStart(User, env, condition(pk), { descending: true, pageSize: page.pageSize }))
    // a key the walk gave before the page's (descending: a later order's)
    const trail = { kept: marshall({ ...page.after, pk, sk: 'ORDER#2024-08-19' }), power: 2, steps: 1 }
    const position: Pages.Position = { _tag: 'After', key: marshall({ ...page.after, pk }), trail }
    const cursor = ok(Cursor.encode([{ _tag: 'Some', value: position }], first.prepared.expected().identity, env.cursorKey))
    return { pk, cursor, last: marshall({ ...w1Item, ...page.last, pk }) }
  })
  let i = 0
  return () => {
    const p = pages[i] as (typeof pages)[number]
    i = i + 1 === queries ? 0 : i + 1
    const started = ok(Read.pageStart(User, env, condition(p.pk), { descending: true, pageSize: page.pageSize, cursor: p.cursor }))
    const at = started.at[0]
    if (at === undefined || at._tag === 'None') throw new Error('the cursor holds no position')
    const stream = ok(started.prepared.stream(0))
    const request = stream.read(at.value, page.pageSize)
    const after = ok(Pages.afterItem(stream, at.value, p.last))
    const next = ok(Read.cursorOf(env, started.prepared, [{ _tag: 'Some', value: after }]))
    return { request, next }
  }
}

/**
 * What `Dynamo.transactWrite([put, update, delete, check], { token })` builds before sending
 * (`Transaction.toWriteInput`): each entry as its single operation (`Model.encode`,
 * `Strategy.parse` of the key conditions, `Command.*`), the items distinct, the sizes summed.
 */
const transactWrite = () => {
  const env = Env.make({ client: {} as DynamoDBClient })
  const tableOf = (m: Model.Model<any, any, any, any>) => Env.tableName(env, m.table)
  return () => {
    const u = User.attrs
    const entries: ReadonlyArray<T.Write> = [
      T.put(User, tx.put),
      T.update(User, C.and(C.eq(u.pk, tx.update.key.pk), C.eq(u.sk, tx.update.key.sk), C.gte(u.age, tx.update.minAge)), [
        U.set(u.name, tx.update.name),
        U.set(u.age, U.plus(u.age, tx.update.ageStep)),
      ]),
      T.delete(User, [tx.delete.key.pk, tx.delete.key.sk]),
      T.check(User, C.and(C.eq(u.pk, tx.check.key.pk), C.eq(u.sk, tx.check.key.sk), C.lt(u.counter, tx.check.maxCounter))),
    ]
    return ok(T.toWriteInput(entries, tableOf, tx.token, new Date(env.now())))
  }
}

const w4Delete = () => {
  const f = Fifty.attrs as unknown as Record<string, Parameters<typeof C.eq<number>>[0]>
  const conditions: C.Condition[] = [C.eq(Fifty.attrs.pk, w4.key.pk), C.eq(Fifty.attrs.sk, w4.key.sk)]
  for (let i = 0; i < w4.attrs.length; i++) conditions.push(C.eq(f[w4.attrs[i] as string] as never, w4.values[i] as number))
  return ok(Command.deleteItem(Fifty, Fifty.table, ok(Strategy.parse(Fifty, C.and(...conditions))), new Date()))
}

// -------------------------------------------------------------------------------------
// end to end
// -------------------------------------------------------------------------------------

/** The Env of a run: `Env.make` with the run's client (the one every contender uses). */
export const sameClient = (ctx: E2eContext) => {
  const client = clientOf(ctx)
  return { env: Env.make({ client, tablePrefix: ctx.prefix }), close: () => client.destroy() }
}

type EnvOf = typeof sameClient

const getLoop = (env: Env.Env, from: number, n: number) => async (): Promise<number> => {
  let found = 0
  for (let i = 0; i < n; i++) {
    const w = wideItem(from + (i % 2000))
    const r = await Dynamo.getOne(Wide, [w.pk, w.sk])(env)()
    if (ok(r).pk === w.pk) found++
  }
  return found
}

const saveLoop = (env: Env.Env, from: number, n: number) => async (): Promise<number> => {
  let saved = 0
  for (let i = 0; i < n; i++) {
    ok(await Dynamo.saveOne(Wide, wideItem(from + i))(env)())
    saved++
  }
  return saved
}

/** Versionless saves of a versioned model (each a create, `attribute_not_exists`); each run writes keys of its own. */
const versionedSaveLoop = (env: Env.Env, next: { from: number }, n: number) => async (): Promise<number> => {
  const from = next.from
  next.from += n
  let saved = 0
  for (let i = 0; i < n; i++) {
    ok(await Dynamo.saveOne(VersionedWide, wideItem(from + i))(env)())
    saved++
  }
  return saved
}

const mine = C.eq(Order.attrs.customerId, ORDER_CUSTOMER)

/** One page of a customer's orders newest first (`ORDER_PAGE` of them) from `cursor` (absent: the newest): how many were read, and the next page's cursor. */
export const orderPage = async (env: Env.Env, cursor: string | undefined): Promise<{ readonly n: number; readonly cursor: string | undefined }> => {
  const got = ok(await Dynamo.page(Order, mine, { pageSize: ORDER_PAGE, descending: true, ...(cursor === undefined ? {} : { cursor }) })(env)())
  let n = 0
  for (const x of got.items) if (x.customerId === ORDER_CUSTOMER) n++
  return { n, cursor: O.isSome(got.cursor) ? got.cursor.value : undefined }
}

/** `ORDER_WALKS` walks of `ORDER_WALK` pages (`orderPage`), each page from the cursor of the one before. */
const orderPages = (env: Env.Env, walks: number) => async (): Promise<number> => {
  let n = 0
  for (let w = 0; w < walks; w++) {
    let cursor: string | undefined
    for (let p = 0; p < ORDER_WALK; p++) {
      const got = await orderPage(env, cursor)
      n += got.n
      cursor = got.cursor
    }
  }
  return n
}

const queryAll = (env: Env.Env) => async (): Promise<number> => {
  const got = ok(await Dynamo.getMany(Wide, C.eq(Wide.attrs.pk, QUERY_PK), { pageSize: 100 })(env)())
  return got.length
}

/** Every item of a read through `Dynamo.pages`, each page's items let go; at most `limit`. */
const streamPages = (env: Env.Env, condition: C.Condition, limit: number, segments: number | undefined) => async (): Promise<number> => {
  let n = 0
  for await (const p of Dynamo.pages(Small, condition, { pageSize: STREAM_PAGE, limit, ...(segments === undefined ? {} : { segments }) })(env)) {
    for (const x of ok(p).items) if (x.pk === STREAM_PK) n++
  }
  return n
}

const streamQuery = C.eq(Small.attrs.pk, STREAM_PK)
/** A Scan of every item (`n >= 0` is true of each), as the SDK loop's. */
const streamScan = C.gte(Small.attrs.n, 0)

const streamed = (read: (env: Env.Env, limit: number) => () => Promise<number>, envOf: EnvOf) => async (ctx: E2eContext) => {
  const { env, close } = envOf(ctx)
  return { warmup: async () => void (await read(env, STREAM_WARM)()), run: read(env, Infinity), close }
}

/** The streaming workloads, with the Env `envOf` gives. */
export const streamWith = (envOf: EnvOf): NonNullable<Contender['stream']> => ({
  'pages query 100000': streamed((env, limit) => streamPages(env, streamQuery, limit, undefined), envOf),
  'getMany query 100000': streamed((env, limit) => async () => ok(await Dynamo.getMany(Small, streamQuery, { pageSize: STREAM_PAGE, limit })(env)()).length, envOf),
  'pages scan 100000': streamed((env, limit) => streamPages(env, streamScan, limit, undefined), envOf),
  'pages scan 100000 x4 segments': streamed((env, limit) => streamPages(env, streamScan, limit, 4), envOf),
})

/** The end-to-end workloads, with the Env `envOf` gives. */
export const e2eWith = (envOf: EnvOf): Contender['e2e'] => ({
  'getOne x2000': async (ctx) => {
    const { env, close } = envOf(ctx)
    await rawBatchWrite(env.client, ctx.table, items(0, 2000).map(toAv))
    return { warmup: async () => void (await getLoop(env, 0, 200)()), run: getLoop(env, 0, 2000), close }
  },
  'saveOne x2000': async (ctx) => {
    const { env, close } = envOf(ctx)
    return { warmup: async () => void (await saveLoop(env, 100_000, 200)()), run: saveLoop(env, 0, 2000), close }
  },
  'saveOne versioned x2000': async (ctx) => {
    const { env, close } = envOf(ctx)
    const next = { from: 1_000_000 }
    return { warmup: async () => void (await versionedSaveLoop(env, next, 200)()), run: versionedSaveLoop(env, next, 2000), close }
  },
  'saveMany 10000': async (ctx) => {
    const { env, close } = envOf(ctx)
    const warm = items(100_000, 500)
    const all = items(0, 10_000)
    const run = async (xs: ReadonlyArray<ReturnType<typeof wideItem>>): Promise<number> => {
      const r = ok(await Dynamo.saveMany(Wide, xs)(env)())
      if (r.failCount > 0) throw new Error(`saveMany: ${r.failCount} failed: ${JSON.stringify(r.fail[0]?.error)}`)
      return r.success.length
    }
    return { warmup: async () => void (await run(warm)), run: () => run(all), close }
  },
  'getMany query 1000/100': async (ctx) => {
    const { env, close } = envOf(ctx)
    await rawBatchWrite(env.client, ctx.table, queryItems(1000).map(toAv))
    return { warmup: async () => void (await queryAll(env)()), run: queryAll(env), close }
  },
  'page x200 of 20': async (ctx) => {
    const { env, close } = envOf(ctx)
    await rawBatchWrite(env.client, ctx.table, orderItems())
    return { warmup: async () => void (await orderPages(env, 1)()), run: orderPages(env, ORDER_WALKS), close }
  },
})

// -------------------------------------------------------------------------------------
// the contender
// -------------------------------------------------------------------------------------

export const contender: Contender = {
  id: 'dynamongo',
  label: 'dynamongo',
  version: 'dynamongo (working tree)',
  cpu: {
    'W1 put': () => w1,
    'W2 update': () => w2Update,
    'W3 query': () => w3Query,
    'W4 delete50': () => w4Delete,
    'P page': pageOf(PAGE_QUERIES),
    'P page kept': pageOf(1),
    'K composed query': () => composedQuery,
    'T transactWrite': transactWrite,
    'item encode': () => {
      const it = wideItem(1)
      return () => ok(Model.encode(Wide, it)).stored
    },
    'item decode': () => {
      const av = marshall(wideItem(1))
      return () => ok(Model.decode(Wide, av))
    },
  },
  e2e: e2eWith(sameClient),
  stream: streamWith(sameClient),
}

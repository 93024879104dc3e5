/**
 * Type tests (compile-only) of the public API contract: DESIGN §2 and §5, their example forms
 * written as DESIGN writes them, each result type checked. What DESIGN's forms accept compiles;
 * what they rule out does not.
 */
import { Readable, Writable } from 'node:stream'
import type * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import * as t from 'io-ts'
import { GetItemCommand, type AttributeValue, type GetItemCommandOutput } from '@aws-sdk/client-dynamodb'
import { Condition as C, Dynamo, type DynamoError, Env, Expression, Field, Model, Plan, Table, TablePlan, Transaction as T, Update as U } from 'dynamongo'
import type { BatchResult, Compiled, DynamoErrorType, EnvType, LoadResult, Op, Page, Pages, PlanType, TableInfo, TablePlanType, TableStep } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

// -------------------------------------------------------------------------------------
// §2: the model of DESIGN's example, as written there
// -------------------------------------------------------------------------------------

const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec: t.intersection([
    t.type({ email: Field.email, name: Field.string({ minLength: 1 }) }),
    t.partial({
      year_of_birth: Field.int({ min: 1900, max: 2018 }),
      cities_visited: Field.list(t.string),
      created_at: Field.dateTime,
    }),
  ]),
  defaults: { created_at: () => new Date(), cities_visited: () => [] },
  readUnits: 8,
  writeUnits: 8,
  indexes: { byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'year_of_birth' }) },
})
type User = Model.TypeOf<typeof User>
const u = User.attrs
expect<Equals<User['email'], string>>()
expect<Equals<User['created_at'], Date | undefined>>()
expect<Equals<Model.KeyOf<typeof User>, { email: string }>>()
// defaults make fields optional on input
export const input: Model.InputOf<typeof User> = { email: 'a@x.io', name: 'A' }

// §2: billing, an index's own units, the three projections
export const OnDemand = Model.make({ table: 'od_users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }), billing: 'onDemand' })
export const Indexed = Model.make({
  table: 'contacts',
  hashKey: 'email',
  rangeKey: 'name',
  codec: t.type({ email: t.string, name: t.string, age: Field.int(), nick: t.string }),
  billing: 'provisioned',
  indexes: {
    byAge: Model.globalIndex({ hashKey: 'age', projection: 'keys', readUnits: 2, writeUnits: 3 }),
    byNick: Model.globalIndex({ hashKey: 'nick', rangeKey: 'age', projection: ['name'] }),
    byAgeLocal: Model.localIndex({ rangeKey: 'age', projection: 'all' }),
  },
})
// @ts-expect-error billing is 'provisioned' or 'onDemand'
Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }), billing: 'PAY_PER_REQUEST' })

// §2 Field: every name, with the options DESIGN shows
export const fields = t.type({
  s: Field.string({ regex: /^[a-z]+$/, minLength: 1, maxLength: 9 }),
  e: Field.email,
  url: Field.url,
  id: Field.uuid,
  ip: Field.ipAddress,
  i: Field.int({ min: 0, max: 9 }),
  f: Field.float({ min: 0, max: 1 }),
  b: Field.boolean,
  dt: Field.dateTime,
  d: Field.date,
  dur: Field.duration,
  l: Field.list(t.string),
  m: Field.map({ a: t.string }),
  ss: Field.stringSet,
  ns: Field.numberSet,
  bin: Field.binary,
  bs: Field.binarySet,
  j: Field.json,
  big: Field.bigint,
  dec: Field.decimal,
  ttl: Field.epochSeconds,
})
type Fields = t.TypeOf<typeof fields>
// the in-memory types are plain (DESIGN §3 Precisions), not brands
expect<Equals<[Fields['e'], Fields['url'], Fields['id'], Fields['ip'], Fields['d'], Fields['dec']], [string, string, string, string, string, string]>>()
expect<Equals<[Fields['dt'], Fields['ttl']], [Date, Date]>>()
expect<Equals<Fields['ss'], ReadonlySet<string>>>()
expect<Equals<Fields['ns'], ReadonlySet<number>>>()
expect<Equals<Fields['bs'], ReadonlySet<Uint8Array>>>()
expect<Equals<Fields['bin'], Uint8Array>>()
expect<Equals<Fields['big'], bigint>>()
// @ts-expect-error Field.string's regex is a RegExp
Field.string({ regex: '^[a-z]+$' })
// @ts-expect-error int's bounds are numbers
Field.int({ min: '0' })

// -------------------------------------------------------------------------------------
// §2 Condition, Update, Expression
// -------------------------------------------------------------------------------------

export const conditions: ReadonlyArray<C.Condition<typeof User>> = [
  C.eq(u.name, 'x'),
  C.ne(u.name, u.email),
  C.lt(u.year_of_birth, 2000),
  C.lte(u.created_at, new Date()),
  C.gt(u.year_of_birth, u.year_of_birth),
  C.gte(u.name, 'a'),
  C.between(u.year_of_birth, 1950, 1990),
  C.isIn(u.email, ['a@x.io', 'b@x.io']),
  C.beginsWith(u.email, 'john'),
  C.contains(u.cities_visited, 'Paris'),
  C.exists(u.year_of_birth),
  C.notExists(u.created_at),
  C.attributeType(u.cities_visited, 'L'),
  C.gt(C.size(u.cities_visited), 2),
  C.and(C.eq(u.name, 'x'), C.or(C.lt(u.year_of_birth, 1950), C.not(C.exists(u.cities_visited)))),
  C.eq(u.cities_visited.at(0), 'Paris'),
  Model.keysIn(User, ['a@x.io', 'b@x.io']),
]
// @ts-expect-error a value of the wrong type for the attribute
C.eq(u.year_of_birth, '1990')

export const updates: U.Update<typeof User> = [
  U.set(u.name, 'y'),
  U.setIfNotExists(u.year_of_birth, 1990),
  U.remove(u.created_at),
  U.add(u.year_of_birth, 1),
  U.append(u.cities_visited, ['Rome']),
  U.prepend(u.cities_visited, ['Oslo']),
  U.increment(u.year_of_birth, 1),
  U.decrement(u.year_of_birth, 1),
]
const Tagged = Model.make({ table: 'tagged', hashKey: 'id', codec: t.type({ id: t.string, tags: Field.stringSet }) })
export const setUpdates = [U.add(Tagged.attrs.tags, new Set(['a'])), U.deleteFrom(Tagged.attrs.tags, new Set(['b']))]

const compiledCondition = Expression.condition(C.eq(u.name, 'x'))
expect<Equals<typeof compiledCondition, E.Either<DynamoErrorType, Compiled>>>()
const compiledUpdate = Expression.update(updates)
expect<Equals<typeof compiledUpdate, E.Either<DynamoErrorType, Compiled>>>()
export const parts = (c: Compiled): readonly [string, Readonly<Record<string, string>>, Readonly<Record<string, { S?: string }>>] => [c.expression, c.names, c.values]

// -------------------------------------------------------------------------------------
// §2 Dynamo: operations, options, results; running one
// -------------------------------------------------------------------------------------

const user: User = { email: 'a@x.io', name: 'A' }
expect<Equals<ReturnType<typeof Dynamo.createTable>, Op<void>>>()
export const created = [Dynamo.createTable(User), Dynamo.deleteTable(User)]
expect<Equals<typeof Dynamo.saveOne<typeof User>, (m: typeof User, item: Model.InputOf<typeof User>, options?: Dynamo.SaveOptions<typeof User>) => Op<User>>>()
export const saves = [
  Dynamo.saveOne(User, user, { overwrite: true }),
  Dynamo.saveOne(User, user, { overwrite: C.lt(u.year_of_birth, 2000) }),
  Dynamo.saveMany(User, [user], { overwrite: false }),
]
const strategies = [
  Dynamo.getOne(User, 'a@x.io'),
  Dynamo.getOne(User, { email: 'a@x.io', name: 'ignored' }),
  Dynamo.getOne(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.year_of_birth, 1990))),
]
expect<Equals<(typeof strategies)[number], Op<User>>>()
const many = Dynamo.getMany(User, C.eq(u.name, 'x'), { descending: true, limit: 10 })
expect<Equals<typeof many, Op<ReadonlyArray<User>>>>()
const manyByKeys = Dynamo.getMany(User, ['a@x.io', { email: 'b@x.io' }])
expect<Equals<typeof manyByKeys, Op<ReadonlyArray<User>>>>()
const deleted = Dynamo.deleteOne(User, 'a@x.io')
expect<Equals<typeof deleted, Op<O.Option<User>>>>()
const deletedMany = Dynamo.deleteMany(User, C.lt(u.year_of_birth, 1950))
expect<Equals<(typeof deletedMany extends Op<infer R> ? R : never)['success'], ReadonlyArray<Model.KeyOf<typeof User>>>>()
const updated = Dynamo.updateOne(User, 'a@x.io', updates)
expect<Equals<typeof updated, Op<User>>>()
const fromDict = Dynamo.updateFromDict(User, { email: 'a@x.io', name: 'B' })
expect<Equals<typeof fromDict, Op<User>>>()
const explained = Dynamo.explain(User, C.eq(u.name, 'x'))
expect<Equals<typeof explained, E.Either<DynamoErrorType, PlanType>>>()
export const shown: string = Plan.show({ _tag: 'Scan', table: 'users' })
// the planner's public options: a read split in segments is the reads' own business, not an option of Plan.make
export const plannedRead = Plan.make(User, C.eq(u.name, 'x'), { consistentRead: true, crossKeys: false })
// @ts-expect-error segmented is not a public option of the planner
export const splitPlan = Plan.make(User, C.eq(u.name, 'x'), { segmented: true })
export const planTags = (p: PlanType): 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan' => p._tag
export const queryIndex = (p: PlanType): string | undefined => (p._tag === 'Query' ? p.index : undefined)
// Op<A> is ReaderTaskEither<Env, DynamoError, A>, and composes as one
expect<Equals<Op<User>, RTE.ReaderTaskEither<EnvType, DynamoErrorType, User>>>()
export const piped = pipe(
  Dynamo.getOne(User, 'a@x.io'),
  RTE.flatMap((x) => Dynamo.updateOne(User, x.email, [U.set(u.name, 'B')])),
)
export const run = async (env: EnvType): Promise<E.Either<DynamoErrorType, User>> => Dynamo.getOne(User, 'john@x')(env)()

// BatchResult<A> = { success, fail: { item, error, outcome }, failCount }
export const batch = (r: BatchResult<User>): readonly [ReadonlyArray<User>, User | undefined, DynamoErrorType | undefined, 'not-written' | 'unknown' | undefined, number] => [
  r.success,
  r.fail[0]?.item,
  r.fail[0]?.error,
  r.fail[0]?.outcome,
  r.failCount,
]
expect<Equals<BatchResult<User>['fail'][number]['outcome'], 'not-written' | 'unknown'>>()

// -------------------------------------------------------------------------------------
// §2 Env
// -------------------------------------------------------------------------------------

const env: EnvType = Env.make({
  region: 'us-east-2',
  endpoint: 'http://127.0.0.1:8000',
  credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
  tablePrefix: 'test_',
})
export const envWithClient = Env.make({ client: env.client })
const fromEnv = Env.fromEnv(process.env)
expect<Equals<typeof fromEnv, E.Either<DynamoErrorType, EnvType>>>()

// §2 DynamoError: the tags, and what they carry
export const tags = (e: DynamoErrorType): string => {
  switch (e._tag) {
    case 'ValidationError':
      return e.issues.map((i) => `${i.path}: ${i.message}`).join()
    case 'SchemaError':
    case 'ExpressionError':
    case 'ConditionalCheckFailed':
    case 'ConfigError':
      return e.message
    case 'NotFound':
      return `${e.table} ${e.reason}`
    case 'TransactionCanceled':
      return e.reasons.map((r) => `${r.index} ${r.code} ${r.message ?? ''} ${String(r.item)}`).join()
    case 'ItemTooLarge':
      return `${e.size} > ${e.limit}`
    case 'AwsError':
      return `${e.name} ${e.message} ${String(e.cause)}`
  }
}
expect<Equals<DynamoErrorType['_tag'], 'ValidationError' | 'SchemaError' | 'ExpressionError' | 'ConditionalCheckFailed' | 'NotFound' | 'TransactionCanceled' | 'ItemTooLarge' | 'ConfigError' | 'AwsError'>>()
expect<Equals<DynamoError.DynamoError, DynamoErrorType>>()
// the stored item of a failed check, as DynamoDB returned it: one type for a single write and a transaction's reason
type StoredItem = Readonly<Record<string, AttributeValue>> | undefined
expect<Equals<Extract<DynamoErrorType, { _tag: 'ConditionalCheckFailed' }>['item'], StoredItem>>()
expect<Equals<DynamoError.CancellationReason['stored'], StoredItem>>()
// a reason's decoded item is of no one model
expect<Equals<DynamoError.CancellationReason['item'], unknown>>()
expect<Equals<Env.Env, EnvType>>()

// -------------------------------------------------------------------------------------
// §5.1 reads
// -------------------------------------------------------------------------------------

const byName = C.eq(u.name, 'x')
const signal = new AbortController().signal
const p1 = Dynamo.page(User, byName, { cursor: 'abc', pageSize: 20, consistentRead: true, maxRequests: 3, signal })
expect<Equals<typeof p1, Op<Page<User>>>>()
expect<Equals<Page<User>, { readonly items: ReadonlyArray<User>; readonly cursor: O.Option<string> }>>()
const ps = Dynamo.pages(User, byName, { pageSize: 20, limit: 100, index: 'byName', descending: true, readUnitsPerSecond: 10, includeExpired: true })
expect<Equals<typeof ps, (env: EnvType) => Pages<E.Either<DynamoErrorType, Page<User>>>>>()
// an async generator is one: a stand-in for the pages of a read (a test's, a cache's) compiles
export const standIns: ReadonlyArray<ReturnType<typeof Dynamo.pages<typeof User>>> = [
  () => (async function* () {})(),
  () => ({
    async *[Symbol.asyncIterator]() {
      yield { _tag: 'Right', right: { items: [], cursor: { _tag: 'None' } } } as const
    },
  }),
  (env) => Dynamo.pages(User, byName)(env),
]
const folded = Dynamo.reduce(User, byName, 0, (n, a) => n + (a.year_of_birth ?? 0), { limit: 10 })
expect<Equals<typeof folded, Op<number>>>()
const counted = Dynamo.count(User, byName, { consistentRead: true })
expect<Equals<typeof counted, Op<number>>>()
export const scans = [Dynamo.count(User, C.exists(u.name), { segments: 4 }), Dynamo.getMany(User, C.exists(u.name), { segment: { index: 0, total: 4 } })]
// select: the result is Model.Projected, the key fields always in it
const projected = Dynamo.getMany(User, byName, { select: ['name'] })
expect<Equals<typeof projected, Op<ReadonlyArray<Model.Projected<typeof User, 'name'>>>>>()
expect<Equals<Model.Projected<typeof User, 'name'>, Pick<User, 'name' | 'email'>>>()
const one = Dynamo.getOne(User, 'a@x.io', { consistentRead: true, select: ['year_of_birth'], signal })
expect<Equals<typeof one, Op<Pick<User, 'email' | 'year_of_birth'>>>>()
// @ts-expect-error select names fields of the model
Dynamo.getMany(User, byName, { select: ['nope'] })
// @ts-expect-error index names a declared index
Dynamo.getMany(User, byName, { index: 'byNope' })
// @ts-expect-error getOne takes no index
Dynamo.getOne(User, 'a@x.io', { index: 'byName' })
// @ts-expect-error a cursor is a string
Dynamo.page(User, byName, { cursor: 1 })
// @ts-expect-error page takes no limit (DESIGN §5.1): pageSize bounds a page
Dynamo.page(User, byName, { limit: 10 })
// @ts-expect-error getMany takes no cursor: it reads from the start
Dynamo.getMany(User, byName, { cursor: 'c' })
// @ts-expect-error count takes no cursor
Dynamo.count(User, byName, { cursor: 'c' })
// @ts-expect-error count takes no limit: it counts every item the read matches
Dynamo.count(User, byName, { limit: 10 })
// @ts-expect-error reduce takes no cursor
Dynamo.reduce(User, byName, 0, (n) => n + 1, { cursor: 'c' })
// pages, reduce and getMany take it
export const limited = [Dynamo.pages(User, byName, { limit: 10 }), Dynamo.reduce(User, byName, 0, (n) => n + 1, { limit: 10 }), Dynamo.getMany(User, byName, { limit: 10 })]

// -------------------------------------------------------------------------------------
// §5.2 transactions, DESIGN's example as written
// -------------------------------------------------------------------------------------

const Order = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'id', codec: t.type({ customer: t.string, id: t.string, total: Field.int({ min: 0 }) }) })
type Order = Model.TypeOf<typeof Order>
const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: Field.int({ min: 0 }) }) })
const Cart = Model.make({ table: 'carts', hashKey: 'id', codec: t.type({ id: t.string }) })
const s = Stock.attrs
const order: Order = { customer: 'c-1', id: 'o-9', total: 3 }
const written = Dynamo.transactWrite(
  [
    T.put(Order, order, { overwrite: false }),
    T.update(Stock, C.and(C.eq(s.sku, 'x'), C.gte(s.count, 1)), [U.decrement(s.count, 1)]),
    T.delete(Cart, 'c-1'),
    T.check(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.year_of_birth, 1990))),
  ],
  { token: 'order-42' },
)
expect<Equals<typeof written, Op<void>>>()
const got = Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Order, ['c-1', 'o-9'])] as const)
expect<Equals<typeof got, Op<readonly [O.Option<User>, O.Option<Order>]>>>()
// @ts-expect-error an update of a transaction takes its model's handles
T.update(Stock, 'x', [U.set(u.name, 'x')])
// @ts-expect-error a token is a string
Dynamo.transactWrite([T.delete(Cart, 'c-1')], { token: 42 })

// -------------------------------------------------------------------------------------
// §5.3 lifecycle
// -------------------------------------------------------------------------------------

export const Session = Model.make({
  table: 'sessions',
  hashKey: 'id',
  codec: t.type({ id: t.string, version: Field.int(), created_at: Field.dateTime, updated_at: Field.dateTime, expires_at: Field.epochSeconds }),
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  ttl: 'expires_at',
})
export const clocked = Env.make({ now: () => new Date(0) })

// -------------------------------------------------------------------------------------
// §5.4 single-table design, DESIGN's example as written
// -------------------------------------------------------------------------------------

const Shop = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int() }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
  },
})
const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  entityAttribute: '_et',
  codec: t.type({ customerId: t.string, name: t.string, total: Field.int() }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE#{total}', { pad: { total: 10 } }),
})
const coll = Dynamo.collection({ customer: Customer, orders: Shop }, { customerId: 'c-1' }, { signal })
expect<Equals<typeof coll, Op<{ readonly customer: ReadonlyArray<Model.TypeOf<typeof Customer>>; readonly orders: ReadonlyArray<Model.TypeOf<typeof Shop>> }>>>()
export const shared = [Dynamo.createTable([Shop, Customer]), Dynamo.planTable([Shop, Customer]), Dynamo.syncTable([Shop, Customer])]

// -------------------------------------------------------------------------------------
// §5.5 runtime
// -------------------------------------------------------------------------------------

export const tuned = Env.make({
  timeoutMs: 1000,
  waitTimeoutMs: 60_000,
  maxAttempts: 3,
  on: (e: Env.Event) => void [e._tag, e.operation, e.command, e.table, e.attempt, e.durationMs, e.consumedCapacity, e.error],
  consumedCapacity: true,
  cursorKey: new Uint8Array(32),
  now: () => new Date(),
})
expect<Equals<Env.Event['_tag'], 'Request'>>()
expect<Equals<Env.Event['table'], string>>()
expect<Equals<[Env.Event['attempt'], Env.Event['durationMs']], [number, number]>>()
const sent = Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { email: { S: 'a@x.io' } } }))
expect<Equals<typeof sent, Op<GetItemCommandOutput>>>()

// every operation takes `signal` in its options
export const aborted = [
  Dynamo.createTable(User, { signal }),
  Dynamo.deleteTable(User, { signal }),
  Dynamo.saveOne(User, user, { signal }),
  Dynamo.saveMany(User, [user], { signal }),
  Dynamo.getOne(User, 'a@x.io', { signal }),
  Dynamo.getMany(User, byName, { signal }),
  Dynamo.deleteOne(User, 'a@x.io', { signal }),
  Dynamo.deleteMany(User, ['a@x.io'], { signal }),
  Dynamo.updateOne(User, 'a@x.io', updates, { signal }),
  Dynamo.updateFromDict(User, { email: 'a@x.io', name: 'B' }, { signal }),
  Dynamo.page(User, byName, { signal }),
  Dynamo.reduce(User, byName, 0, (n) => n + 1, { signal }),
  Dynamo.count(User, byName, { signal }),
  Dynamo.transactWrite([T.delete(Cart, 'c-1')], { signal }),
  Dynamo.transactGet([T.get(User, 'a@x.io')], { signal }),
  Dynamo.describeTable(User, { signal }),
  Dynamo.planTable(User, { signal }),
  Dynamo.syncTable(User, { deleteIndexes: true, rebuildIndexes: true, signal }),
  Dynamo.clearTable(User, { signal }),
  Dynamo.dump(User, new Writable(), { signal }),
  Dynamo.load(User, Readable.from([]), { signal }),
  Dynamo.send(new GetItemCommand({ TableName: 'users', Key: {} }), { signal }),
]
export const abortedPages = Dynamo.pages(User, byName, { signal })

// -------------------------------------------------------------------------------------
// §5.6 tables and data
// -------------------------------------------------------------------------------------

const described = Dynamo.describeTable(User)
expect<Equals<typeof described, Op<O.Option<TableInfo>>>>()
const plan = Table.diff([Shop, Customer], { _tag: 'None' }, { deleteIndexes: true, rebuildIndexes: false })
expect<Equals<typeof plan, TablePlanType>>()
export const planOne: TablePlanType = Table.diff(User, { _tag: 'None' })
export const drawn: string = TablePlan.show(plan)
expect<
  Equals<TableStep['_tag'], 'CreateTable' | 'UpdateBilling' | 'UpdateThroughput' | 'CreateIndex' | 'DeleteIndex' | 'UpdateIndexThroughput' | 'EnableTtl' | 'DisableTtl' | 'Unfixable'>
>()
// a model tells whether its billing was declared; a plan, the billing it left as the table has it
expect<Equals<typeof User.throughputDeclared, boolean>>()
expect<Equals<TablePlanType['keptBilling'], { readonly billing: Model.Throughput; readonly default: Model.Throughput; readonly indexes: Readonly<Record<string, Table.Units>> } | undefined>>()
const planned = Dynamo.planTable(User)
expect<Equals<typeof planned, Op<TablePlanType>>>()
export const synced = Dynamo.syncTable([Shop, Customer], { deleteIndexes: true, rebuildIndexes: true })
const cleared = Dynamo.clearTable(Shop, { onProgress: (p) => void p.done })
expect<Equals<typeof cleared, Op<number>>>()
const dumped = Dynamo.dump(User, process.stdout, { segments: 4, onProgress: (p) => void p.done })
expect<Equals<(typeof dumped extends Op<infer R> ? R : never)['items'], number>>()
async function* lines(): AsyncIterable<string> {
  yield '{"Item":{"email":{"S":"a@x.io"},"name":{"S":"A"}}}'
}
const loaded = Dynamo.load(User, lines(), { onProgress: (p) => void p.done })
expect<Equals<typeof loaded, Op<LoadResult>>>()
export const loadedStream = Dynamo.load(User, process.stdin)
export const loadResult = (r: LoadResult): readonly [number, number | undefined, DynamoErrorType | undefined, 'not-written' | 'unknown' | undefined] => [
  r.written,
  r.fail[0]?.line,
  r.fail[0]?.error,
  r.fail[0]?.outcome,
]
// @ts-expect-error load reads lines, not items
Dynamo.load(User, [user])
// an iterable of lines (an array, a Set) as an async one; a string is none (its characters are no lines)
export const loadedLines = Dynamo.load(User, ['{"Item":{"email":{"S":"a@x.io"},"name":{"S":"A"}}}'])
export const loadedSet = Dynamo.load(User, new Set<string>())
// @ts-expect-error a string is no iterable of lines
Dynamo.load(User, '{"Item":{"email":{"S":"a@x.io"},"name":{"S":"A"}}}')

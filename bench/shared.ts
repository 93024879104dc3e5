/**
 * What every contender of the benchmarks shares: the workloads' names, their inputs (the
 * same objects for everyone), the contender interface, the timing loop of a CPU
 * measurement, and small statistics helpers. No library under test is imported here.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'

// -------------------------------------------------------------------------------------
// workloads
// -------------------------------------------------------------------------------------

/**
 * CPU-only workloads: request building (W1–W4, a page with its cursors, the same page of a
 * read kept since an earlier request, a query through composed keys, a transaction) and item
 * encode/decode.
 */
export const cpuWorkloads = ['W1 put', 'W2 update', 'W3 query', 'W4 delete50', 'P page', 'P page kept', 'K composed query', 'T transactWrite', 'item encode', 'item decode'] as const
export type CpuWorkload = (typeof cpuWorkloads)[number]

/** End-to-end workloads against DynamoDB Local. */
export const e2eWorkloads = ['getOne x2000', 'saveOne x2000', 'saveOne versioned x2000', 'saveMany 10000', 'getMany query 1000/100', 'page x200 of 20'] as const
export type E2eWorkload = (typeof e2eWorkloads)[number]

/**
 * Streaming workloads against DynamoDB Local, on one table of `STREAM_COUNT` small items
 * seeded once per run (`--only=stream`): every item of the partition, page by page.
 */
export const streamWorkloads = ['pages query 100000', 'getMany query 100000', 'pages scan 100000', 'pages scan 100000 x4 segments'] as const
export type StreamWorkload = (typeof streamWorkloads)[number]

/** A streaming run: given the seeded table, read it once; resolves to the items read. */
export type StreamFactory = (ctx: E2eContext) => Promise<{
  /** A smaller read of the same kind (not measured). */
  readonly warmup: () => Promise<void>
  readonly run: () => Promise<number>
  readonly close: () => void
}>

/** A CPU workload: set up once (not measured), then the returned thunk is one operation. */
export type CpuFactory = () => () => unknown

/** An end-to-end workload: given a fresh table (seeded as the workload needs), run it once. */
export interface E2eContext {
  readonly endpoint: string
  /** The physical table name (already created, keys `pk`/`sk`, both strings). */
  readonly table: string
  /** The prefix that turns the logical table name `bench` into `table`. */
  readonly prefix: string
  /** A stand-in client that answers without a network (the `stub` runs); absent: connect to `endpoint`. */
  readonly client?: DynamoDBClient
}
export type E2eFactory = (ctx: E2eContext) => Promise<{
  /** A smaller run of the same kind (not measured). */
  readonly warmup: () => Promise<void>
  /** The measured run; resolves to a count that proves the work was done. */
  readonly run: () => Promise<number>
  readonly close: () => void
}>

export interface Contender {
  readonly id: string
  /** How the table names it. */
  readonly label: string
  readonly version: string
  readonly cpu: Partial<Record<CpuWorkload, CpuFactory>>
  readonly e2e: Partial<Record<E2eWorkload, E2eFactory>>
  readonly stream?: Partial<Record<StreamWorkload, StreamFactory>>
}

// -------------------------------------------------------------------------------------
// inputs (W1–W4: table `bench`, hash key `pk`, range key `sk`)
// -------------------------------------------------------------------------------------

export const TABLE = 'bench'

export interface User {
  pk: string
  sk: string
  name: string
  age: number
  tags: string[]
  address?: { city?: string }
  counter?: number
}

/** W1: the item put under `attribute_not_exists(pk) OR age < 30`. */
export const w1Item: User = {
  pk: 'USER#1',
  sk: 'ORDER#2024-01-01',
  name: 'Jane Doe',
  age: 25,
  tags: ['new', 'vip', 'x'],
  address: { city: 'Paris' },
  counter: 3,
}
export const w1MaxAge = 30

/** W2: `SET name = :v, age = age + 1, tags = list_append(tags, :t), counter = if_not_exists(counter, :0) + :1 REMOVE address.city`, condition `age BETWEEN 18 AND 65 AND begins_with(name, 'J')`. */
export const w2 = {
  key: { pk: 'USER#1', sk: 'ORDER#2024-01-01' },
  name: 'John',
  tags: ['x', 'y'],
  counterStart: 0,
  counterStep: 1,
  ageStep: 1,
  low: 18,
  high: 65,
  prefix: 'J',
} as const

/** W3: key `pk = :p AND begins_with(sk, 'ORDER#')`, filter `(age > 21 AND contains(tags, 'x')) OR attribute_not_exists(address)`. */
export const w3 = {
  pk: 'USER#1',
  skPrefix: 'ORDER#',
  minAge: 21,
  tag: 'x',
  projection: ['name', 'age', 'tags'] as const,
  limit: 50,
} as const

/** W4: a delete whose condition is `a1 = 1 AND a2 = 2 AND … AND a50 = 50`. */
export const w4 = {
  key: { pk: 'USER#1', sk: 'ORDER#2024-01-01' },
  attrs: Array.from({ length: 50 }, (_, i) => `a${i + 1}`),
  values: Array.from({ length: 50 }, (_, i) => i + 1),
} as const

// -------------------------------------------------------------------------------------
// inputs (items: 12 attributes)
// -------------------------------------------------------------------------------------

/** 4 strings, 3 numbers, a boolean, a list, a map, a string set, a number set. */
/**
 * P page: the second page of the W3 query without its filter and projection (`pk = :p AND
 * begins_with(sk, 'ORDER#')`, descending, 50 items): the cursor of the page before it read,
 * the request built, the next page's cursor made from the last item's key. Each request is
 * for another partition (`pagePk`, `PAGE_QUERIES` of them in turn), as a service's requests
 * are for its users' reads: none is the read of the request before, nor one of the reads a
 * model keeps. `P page kept`: the same page of partition `page.pk` on every request.
 */
export const page = {
  pk: 'USER#1',
  skPrefix: 'ORDER#',
  pageSize: 50,
  /** The key the page goes on after (the last item of the page before). */
  after: { pk: 'USER#1', sk: 'ORDER#2024-06-30' },
  /** The key of the page's last item (where the next page goes on). */
  last: { pk: 'USER#1', sk: 'ORDER#2024-05-11' },
}

/** How many partitions P page's requests go through in turn: more than a model's kept reads (`prepared.ts`'s `capacity`). */
export const PAGE_QUERIES = 1000

/** The partition of P page's request `i` (`page.pk` for the first). */
export const pagePk = (i: number): string => `USER#${i + 1}`

// -------------------------------------------------------------------------------------
// inputs (single-table: orders under their customer, keys composed from fields)
// -------------------------------------------------------------------------------------

/**
 * An order of the single-table workloads, stored in table `bench` under
 * `pk = CUSTOMER#<customerId>`, `sk = ORDER#<createdAt ISO>#<orderId>`, entity `_et = order`
 * (dynamongo's `Model.key` templates; ElectroDB's composite keys; toolbox's computed keys).
 */
export interface Order {
  customerId: string
  orderId: string
  createdAt: Date
  status: string
  total: number
}

/**
 * K composed query: a customer's orders in a month, with a filter, newest first, 20 items:
 * `customerId = c1 AND createdAt BETWEEN <first and last millisecond of March 2024> AND
 * total >= 100` on the orders' fields. What it means on the table: `pk = CUSTOMER#c1 AND sk
 * BETWEEN ORDER#2024-03-01T00:00:00.000Z AND ORDER#2024-03-31T23:59:59.999Z$` (the upper
 * bound past the separator `#`, so that every order of the last millisecond is in), filter
 * `_et = order AND total >= 100`, `Limit` 20, descending.
 */
export const composed = {
  customerId: 'c1',
  from: new Date('2024-03-01T00:00:00.000Z'),
  to: new Date('2024-03-31T23:59:59.999Z'),
  minTotal: 100,
  limit: 20,
} as const

/** The customer whose orders the page workload reads, its order count, a page's size, pages per walk and walks per run. */
export const ORDER_CUSTOMER = 'c1'
export const ORDER_COUNT = 1000
export const ORDER_PAGE = 20
export const ORDER_WALK = 40
export const ORDER_WALKS = 5

/** Order `i` of customer `ORDER_CUSTOMER`: one an hour from 2024-01-01, ids `o0000`…. */
export const orderItem = (i: number): Order => ({
  customerId: ORDER_CUSTOMER,
  orderId: `o${String(i).padStart(4, '0')}`,
  createdAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
  status: ['open', 'paid', 'shipped'][i % 3] as string,
  total: (i * 37) % 500,
})

/**
 * T transactWrite: one `TransactWriteItems` of 4 entries on table `bench`, each on its own
 * item: a put of `w1Item`; an update `SET name = :v, age = age + 1` with the check
 * `age >= 18`; a delete; a condition check `counter < 10`. The token is fixed (what
 * `Dynamo.transactWrite` draws once per call is not request building).
 */
export const tx = {
  put: w1Item,
  update: { key: { pk: 'USER#2', sk: 'ORDER#2024-01-02' }, name: 'John', ageStep: 1, minAge: 18 },
  delete: { key: { pk: 'USER#3', sk: 'ORDER#2024-01-03' } },
  check: { key: { pk: 'USER#4', sk: 'ORDER#2024-01-04' }, maxCounter: 10 },
  token: 'bench-transaction-0001',
} as const

/** The streamed table: `STREAM_COUNT` items of one partition, ~100 bytes each. */
export const STREAM_PK = 'STREAM'
export const STREAM_COUNT = 100_000
/** Items per request of the streaming workloads (dynamongo's `pageSize`, the SDK loop's `Limit`). */
export const STREAM_PAGE = 1000
/** Items of a streaming warm-up. */
export const STREAM_WARM = 5000

export interface Small {
  pk: string
  sk: string
  n: number
  s: string
}

export const smallItem = (i: number): Small => ({ pk: STREAM_PK, sk: `S#${String(i).padStart(6, '0')}`, n: i, s: `item ${i} `.padEnd(48, '.') })

export interface Wide {
  pk: string
  sk: string
  name: string
  email: string
  age: number
  score: number
  visits: number
  active: boolean
  tags: string[]
  address: { city: string; zip: string }
  roles: ReadonlySet<string>
  lucky: ReadonlySet<number>
}

export const wideItem = (i = 0): Wide => ({
  pk: `USER#${i}`,
  sk: `PROFILE#${i % 7}`,
  name: `User number ${i}`,
  email: `user${i}@example.com`,
  age: 20 + (i % 50),
  score: 1234.5 + i,
  visits: i * 3,
  active: i % 2 === 0,
  tags: ['alpha', 'beta', `t${i % 10}`],
  address: { city: 'Lyon', zip: '69001' },
  roles: new Set(['admin', 'editor']),
  lucky: new Set([7, 13, 42]),
})

// -------------------------------------------------------------------------------------
// measurement
// -------------------------------------------------------------------------------------

export interface TimingOptions {
  /** Warm up for at least this much CPU time… */
  readonly warmupMs: number
  /** …and at least this many operations (the optimizing tiers need thousands), within 3 × `warmupMs`. */
  readonly warmupOps: number
  readonly samples: number
  readonly sampleMs: number
}

export const timing = (quick: boolean): TimingOptions =>
  quick ? { warmupMs: 400, warmupOps: 3000, samples: 5, sampleMs: 30 } : { warmupMs: 1500, warmupOps: 8000, samples: 15, sampleMs: 60 }

/** Keeps results alive so that no engine may drop the work. */
let sink: unknown
export const consume = (x: unknown): void => {
  sink = x
}
export const sunk = (): unknown => sink

const now = (): number => performance.now()

const cpuNow = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

export interface CpuSamples {
  /** CPU time of this process per operation, in nanoseconds, one per sample. */
  readonly cpuNs: ReadonlyArray<number>
  /** Wall time per operation, in nanoseconds, one per sample. */
  readonly wallNs: ReadonlyArray<number>
}

/**
 * Time one operation: warm up (JIT), calibrate a batch size that lasts about `sampleMs` of
 * CPU, then take `samples` batches. CPU time (`process.cpuUsage`) is the figure reported:
 * on a shared machine wall time also counts the time other processes hold the cores.
 */
export const measureCpu = (op: () => unknown, o: TimingOptions): CpuSamples => {
  let n = 0
  const c0 = cpuNow()
  for (;;) {
    const spent = cpuNow() - c0
    if ((spent >= o.warmupMs && n >= o.warmupOps) || spent >= 3 * o.warmupMs) break
    for (let i = 0; i < 16; i++) consume(op())
    n += 16
  }
  // calibrate on the last stretch, once warm
  const c1 = cpuNow()
  let m = 0
  while (cpuNow() - c1 < o.sampleMs / 2) {
    for (let i = 0; i < 16; i++) consume(op())
    m += 16
  }
  const perOpMs = (cpuNow() - c1) / Math.max(1, m)
  const batch = Math.max(1, Math.round(o.sampleMs / Math.max(perOpMs, 1e-6)))
  const cpuNs: number[] = []
  const wallNs: number[] = []
  for (let s = 0; s < o.samples; s++) {
    const w = now()
    const c = cpuNow()
    for (let i = 0; i < batch; i++) consume(op())
    cpuNs.push(((cpuNow() - c) * 1e6) / batch)
    wallNs.push(((now() - w) * 1e6) / batch)
  }
  return { cpuNs, wallNs }
}

export const median = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

/** Rotate `xs` left by `r`: round `r` starts with a different contender. */
export const rotate = <A>(xs: ReadonlyArray<A>, r: number): ReadonlyArray<A> => {
  if (xs.length === 0) return xs
  const k = ((r % xs.length) + xs.length) % xs.length
  return [...xs.slice(k), ...xs.slice(0, k)]
}

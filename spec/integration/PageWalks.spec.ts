/**
 * An adversarial differential pass over page walks (DESIGN §5.1), with DynamoDB Local as the
 * oracle. One table of 160 generated items (four partitions; ties on every index's range key;
 * sparse attributes) with a global index (all attributes), a local index projecting a list, a
 * sparse global index projecting keys only, and a global index of multi-attribute keys. A
 * generated read (which table or index, a key condition, a filter, the order, a projection,
 * pageSize, limit, segments) is written twice: as a `Condition` for `Dynamo`, and by hand as
 * the raw SDK input; the raw Query or Scan, read to its end without `Limit`, is the oracle.
 *
 * - walks: `Dynamo.page` followed cursor to cursor, and `Dynamo.pages` (with a limit), give the
 *   raw result in its order, nothing twice, nothing lost; every page that carries a cursor is
 *   full; `pages` resumed from any cursor of the walk with another pageSize gives exactly the rest.
 * - requests: `getMany` with a limit makes exactly the requests a raw walk with `Limit =
 *   pageSize` needs to reach `limit` matches (never a page it does not need).
 * - segments: a parallel scan, one-shot and walked by cursors, and each segment alone, cover
 *   every item once.
 * - cursors on another read (another key, index, filter, order, projection, model, table,
 *   segments) are refused with a `ValidationError` before any request.
 * - items changing between pages: nothing that stays in place is skipped or repeated. What
 *   DynamoDB itself guarantees is positional: a Query or Scan from `ExclusiveStartKey` reads
 *   what sits after that key in the index's order at the time of the request, not a snapshot.
 *   An item put after the position is seen, one put before it is not; a deleted item is not
 *   seen once deleted, and a cursor after a deleted item still goes on after its place; an
 *   item whose index key moves ahead of the position (an update of byG's range key) can be
 *   seen twice, one that moves behind it not at all. Table keys never move, so a walk of the
 *   table never sees an item twice.
 * - keys of any text, bytes and exact decimals; responses cut at 1 MB rather than at `Limit`.
 *
 * fast-check with fixed seeds (in each property's `check`); counts modest (the whole property
 * set makes a few thousand requests).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import { fixture, ok, type Fixture, REQUEST_MS } from '../harness/models.js'

// -------------------------------------------------------------------------------------
// the model and its items
// -------------------------------------------------------------------------------------

const codec = t.intersection([
  t.type({ h: t.string, r: Field.int(), g: t.string, c: t.string, k: Field.int(), s: Field.int() }),
  t.partial({ o: t.string, x: Field.int() }),
])

const indexes = {
  byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'k' }),
  byS: Model.localIndex({ rangeKey: 's', projection: ['x'] }),
  byO: Model.globalIndex({ hashKey: 'g', rangeKey: 'o', projection: 'keys' }),
  byGC: Model.globalIndex({ hashKey: ['g', 'c'], rangeKey: ['k', 's'] }),
}

const Row = Model.make({ table: 'walks', billing: 'onDemand', hashKey: 'h', rangeKey: 'r', codec, indexes })
/** The same model on another table (a cursor of one is not the other's). */
const Twin = Model.make({ table: 'walks-twin', billing: 'onDemand', hashKey: 'h', rangeKey: 'r', codec, indexes })
/** The table items move in while they are read. */
const Moving = Model.make({ table: 'walks-moving', billing: 'onDemand', hashKey: 'h', rangeKey: 'r', codec, indexes })
type Row = Model.TypeOf<typeof Row>
const a = Row.attrs
/** Moving's own handles: a condition belongs to its model, and Moving is another table's. */
const mv = Moving.attrs

const N = 160
const Os = ['a', 'ab', 'b', 'ba']

/** A small deterministic generator (mulberry32): the items are the same on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let z = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z
  return ((z ^ (z >>> 14)) >>> 0) / 4294967296
}

const makeItems = (n: number, seed: number, partitions: number): Row[] => {
  const rnd = random(seed)
  const pick = (k: number) => Math.floor(rnd() * k)
  return Array.from({ length: n }, (_, i): Row => {
    const o = pick(3) === 0 ? undefined : Os[pick(Os.length)]
    const x = pick(2) === 0 ? undefined : pick(21)
    return { h: `h${i % partitions}`, r: i, g: `g${pick(3)}`, c: `c${pick(2)}`, k: pick(6), s: pick(8), ...(o === undefined ? {} : { o }), ...(x === undefined ? {} : { x }) }
  })
}

const items = makeItems(N, 2718, 4)
/** The Twin's items: spread over 40 partitions, so that a parallel scan's segments each hold some. */
const spread = makeItems(N, 3141, 40)
const byKey = new Map(items.map((x) => [keyOf(x), x]))

function keyOf(x: { readonly h: string; readonly r: number }): string {
  return `${x.h}#${x.r}`
}

type Raw = Record<string, AttributeValue>
const rawKey = (x: Raw): string => `${x['h']?.S}#${x['r']?.N}`

// -------------------------------------------------------------------------------------
// reads, written twice: a Condition and the raw SDK input
// -------------------------------------------------------------------------------------

type Kind = 'table' | 'byG' | 'byS' | 'byO' | 'byGC' | 'scan' | 'scanG'
type Op = 'lt' | 'lte' | 'gt' | 'gte'
const opText: Record<Op, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' }

/** A range condition on an index's range key: a comparison, BETWEEN, or begins_with (strings). */
type Range = { readonly op: Op; readonly v: number | string } | { readonly op: 'between'; readonly lo: number; readonly hi: number } | { readonly op: 'beginsWith'; readonly v: string }

/** The filters: each a Condition and its raw text, testing only what the reads they go with project. */
const filters = {
  none: undefined,
  sGt: { c: (v: number) => C.gt(a.s, v), raw: '#s > :f', names: ['s'], test: (x: Row, v: number) => x.s > v },
  xExists: { c: () => C.exists(a.x), raw: 'attribute_exists(#x)', names: ['x'], test: (x: Row) => x.x !== undefined },
  xLtOrS: { c: (v: number) => C.or(C.lt(a.x, v * 3), C.eq(a.s, v)), raw: '#x < :f3 OR #s = :f', names: ['x', 's'], test: (x: Row, v: number) => (x.x !== undefined && x.x < v * 3) || x.s === v },
  oBegins: { c: () => C.beginsWith(a.o, 'a'), raw: 'begins_with(#o, :fa)', names: ['o'], test: (x: Row) => x.o?.startsWith('a') === true },
  kLteNoO: { c: (v: number) => C.and(C.lte(a.k, v), C.notExists(a.o)), raw: '#k <= :f AND attribute_not_exists(#o)', names: ['k', 'o'], test: (x: Row, v: number) => x.k <= v && x.o === undefined },
  cOrX: { c: (v: number) => C.or(C.eq(a.c, 'c0'), C.gt(a.x, v * 2)), raw: '#c = :fc OR #x > :f2', names: ['c', 'x'], test: (x: Row, v: number) => x.c === 'c0' || (x.x !== undefined && x.x > v * 2) },
  rGt: { c: (v: number) => C.gt(a.r, v * 20), raw: '#r > :f20', names: ['r'], test: (x: Row, v: number) => x.r > v * 20 },
} as const
type FilterName = keyof typeof filters

/**
 * The filters each kind of read can test: an index read tests only what the index projects,
 * and a Query's filter never its index's key attributes (DynamoDB refuses them: the planner
 * then scans the index instead, a `scanG` read); a table read does not test `s`, which the
 * planner reads through the local index instead (as its key).
 */
const filtersOf: Record<Kind, ReadonlyArray<FilterName>> = {
  table: ['none', 'xExists', 'xLtOrS', 'oBegins', 'kLteNoO', 'cOrX'],
  byG: ['none', 'sGt', 'xExists', 'xLtOrS', 'oBegins', 'cOrX'],
  byS: ['none', 'xExists', 'rGt'],
  byO: ['none', 'rGt'],
  byGC: ['none', 'xExists', 'oBegins'],
  scan: ['sGt', 'xExists', 'xLtOrS', 'oBegins', 'kLteNoO', 'cOrX'],
  scanG: ['sGt', 'xExists', 'xLtOrS', 'oBegins', 'kLteNoO', 'cOrX'],
}

interface Read {
  readonly kind: Kind
  /** The partition: `h<n>` for the table and byS, `g<n>` for byG/byO/byGC (with `c<n % 2>` for byGC). */
  readonly part: number
  readonly range: Range | undefined
  /** byGC: an equality on its first range attribute `k` (then `range` is on `s`). */
  readonly kEq: number | undefined
  readonly filter: FilterName
  readonly fv: number
  readonly descending: boolean
  readonly select: ReadonlyArray<'s' | 'o' | 'x' | 'g'> | undefined
}

const rangeArb = (kind: Kind): fc.Arbitrary<Range | undefined> => {
  const cmp = (vs: fc.Arbitrary<number>) => fc.record({ op: fc.constantFrom<Op>('lt', 'lte', 'gt', 'gte'), v: vs })
  const between = (max: number) => fc.tuple(fc.nat(max), fc.nat(max)).map(([x, y]) => ({ op: 'between' as const, lo: Math.min(x, y), hi: Math.max(x, y) }))
  switch (kind) {
    case 'table':
      return fc.option(fc.oneof(cmp(fc.nat(N)), between(N)), { nil: undefined })
    case 'byG':
      return fc.option(fc.oneof(cmp(fc.nat(6)), between(6)), { nil: undefined })
    case 'byS':
    case 'byGC':
      return fc.option(fc.oneof(cmp(fc.nat(8)), between(8)), { nil: undefined })
    case 'byO':
      return fc.option(fc.oneof(fc.constantFrom('a', 'b').map((v) => ({ op: 'beginsWith' as const, v })), fc.record({ op: fc.constantFrom<Op>('lt', 'gt', 'gte'), v: fc.constantFrom('a', 'ab', 'b') })), { nil: undefined })
    case 'scan':
    case 'scanG':
      return fc.constant(undefined)
  }
}

const readArb = (kinds: ReadonlyArray<Kind>): fc.Arbitrary<Read> =>
  fc.constantFrom(...kinds).chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      part: fc.nat(kind === 'table' || kind === 'byS' ? 3 : 5),
      range: rangeArb(kind),
      kEq: kind === 'byGC' ? fc.option(fc.nat(5), { nil: undefined }) : fc.constant(undefined),
      filter: fc.constantFrom(...filtersOf[kind]),
      fv: fc.integer({ min: 1, max: 6 }),
      descending: kind === 'scan' || kind === 'scanG' ? fc.constant(false) : fc.boolean(),
      select:
        kind === 'byO'
          ? fc.constantFrom<ReadonlyArray<'o' | 'g'>>(['o'], ['g', 'o'])
          : kind === 'byS'
            ? fc.option(fc.constantFrom<ReadonlyArray<'s' | 'x' | 'o' | 'g'>>(['x'], ['s', 'x'], ['o'], ['g', 's']), { nil: undefined })
            : fc.option(fc.subarray(['s', 'o', 'x', 'g'] as const, { minLength: 1 }), { nil: undefined }),
    }),
  )

const hashOf = (r: Read): { readonly g?: string; readonly c?: string; readonly h?: string } =>
  r.kind === 'table' || r.kind === 'byS' ? { h: `h${r.part}` } : r.kind === 'byGC' ? { g: `g${r.part % 3}`, c: `c${r.part % 2}` } : r.kind === 'scan' || r.kind === 'scanG' ? {} : { g: `g${r.part % 3}` }

/** The attribute a read's range condition is on. */
const rangeAttr = (r: Read): 'r' | 'k' | 's' | 'o' => (r.kind === 'table' ? 'r' : r.kind === 'byG' ? 'k' : r.kind === 'byO' ? 'o' : r.kind === 'byGC' && r.kEq === undefined ? 'k' : 's')

const rangeCondition = (attr: 'r' | 'k' | 's' | 'o', x: Range): C.Condition => {
  const p = a[attr] as never
  switch (x.op) {
    case 'between':
      return C.between(p, x.lo as never, x.hi as never)
    case 'beginsWith':
      return C.beginsWith(p, x.v as never)
    default:
      return C[x.op](p, x.v as never)
  }
}

/** The read as a `Condition` for `Dynamo`. */
const conditionOf = (r: Read): C.Condition => {
  const h = hashOf(r)
  const parts: C.Condition[] = []
  if (h.h !== undefined) parts.push(C.eq(a.h, h.h))
  if (h.g !== undefined) parts.push(C.eq(a.g, h.g))
  if (h.c !== undefined) parts.push(C.eq(a.c, h.c))
  if (r.kEq !== undefined) parts.push(C.eq(a.k, r.kEq))
  if (r.range !== undefined) parts.push(rangeCondition(rangeAttr(r), r.range))
  const f = filters[r.filter]
  if (f !== undefined) parts.push(f.c(r.fv))
  return parts.length === 1 ? (parts[0] as C.Condition) : C.and(...parts)
}

const indexOf = (r: Read): 'byG' | 'byS' | 'byO' | 'byGC' | undefined => (r.kind === 'table' || r.kind === 'scan' ? undefined : r.kind === 'scanG' ? 'byG' : r.kind)
const isScan = (r: Read): boolean => r.kind === 'scan' || r.kind === 'scanG'

/** The read's options for `Dynamo` (no pageSize, limit or cursor). */
const optionsOf = (r: Read): Dynamo.ReadOptions<typeof Row, 's' | 'o' | 'x' | 'g'> => ({
  ...(indexOf(r) === undefined ? {} : { index: indexOf(r) as never }),
  ...(r.descending ? { descending: true } : {}),
  ...(r.select === undefined ? {} : { select: r.select }),
})

/** The read written by hand for the SDK: no Limit, read to the end. */
const rawInput = (r: Read, TableName: string): { readonly query: boolean; readonly input: QueryCommandInput | ScanCommandInput } => {
  const names: Record<string, string> = {}
  const values: Record<string, AttributeValue> = {}
  const name = (n: string) => ((names[`#${n}`] = n), `#${n}`)
  const key: string[] = []
  const h = hashOf(r)
  for (const k of ['h', 'g', 'c'] as const) {
    const v = h[k]
    if (v !== undefined) {
      values[`:${k}`] = { S: v }
      key.push(`${name(k)} = :${k}`)
    }
  }
  if (r.kEq !== undefined) {
    values[':keq'] = { N: String(r.kEq) }
    key.push(`${name('k')} = :keq`)
  }
  if (r.range !== undefined) {
    const attr = rangeAttr(r)
    const av = (v: number | string): AttributeValue => (typeof v === 'number' ? { N: String(v) } : { S: v })
    const x = r.range
    if (x.op === 'between') {
      values[':lo'] = av(x.lo)
      values[':hi'] = av(x.hi)
      key.push(`${name(attr)} BETWEEN :lo AND :hi`)
    } else if (x.op === 'beginsWith') {
      values[':rv'] = av(x.v)
      key.push(`begins_with(${name(attr)}, :rv)`)
    } else {
      values[':rv'] = av(x.v)
      key.push(`${name(attr)} ${opText[x.op]} :rv`)
    }
  }
  const f = filters[r.filter]
  let FilterExpression: string | undefined
  if (f !== undefined) {
    for (const n of f.names) name(n)
    FilterExpression = f.raw
    const used: Record<string, AttributeValue> = { ':f': { N: String(r.fv) }, ':f2': { N: String(r.fv * 2) }, ':f3': { N: String(r.fv * 3) }, ':f20': { N: String(r.fv * 20) }, ':fa': { S: 'a' }, ':fc': { S: 'c0' } }
    for (const [k, v] of Object.entries(used)) if (new RegExp(`${k}(?![0-9a-z])`).test(f.raw)) values[k] = v
  }
  const common = {
    TableName,
    ...(indexOf(r) === undefined ? {} : { IndexName: indexOf(r) }),
    ...(FilterExpression === undefined ? {} : { FilterExpression }),
    ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
    ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
  }
  return isScan(r)
    ? { query: false, input: common }
    : { query: true, input: { ...common, KeyConditionExpression: key.join(' AND '), ScanIndexForward: !r.descending } }
}

const rawAll = async (client: DynamoDBClient, x: { readonly query: boolean; readonly input: QueryCommandInput | ScanCommandInput }): Promise<Raw[]> => {
  const out: Raw[] = []
  let ExclusiveStartKey: Raw | undefined
  do {
    const input = { ...x.input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }
    const page = await client.send(x.query ? new QueryCommand(input) : new ScanCommand(input))
    out.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return out
}

/** How many raw requests with `Limit = pageSize` reach `limit` matches (or the end). */
const rawRequestsTo = async (client: DynamoDBClient, x: { readonly query: boolean; readonly input: QueryCommandInput | ScanCommandInput }, pageSize: number, limit: number): Promise<number> => {
  if (limit === 0) return 0
  let n = 0
  let got = 0
  let ExclusiveStartKey: Raw | undefined
  do {
    const input = { ...x.input, Limit: pageSize, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }
    const page = await client.send(x.query ? new QueryCommand(input) : new ScanCommand(input))
    n++
    got += page.Items?.length ?? 0
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined && got < limit)
  return n
}

const show = (r: Read): string => JSON.stringify(r)

/** What `Dynamo` should give for a stored item under the read's `select`: the key fields and those asked. */
const projected = (r: Read, x: Row): Record<string, unknown> => {
  if (r.select === undefined) return { ...x }
  const keep = new Set(['h', 'r', ...r.select])
  return Object.fromEntries(Object.entries(x).filter(([k]) => keep.has(k)))
}

// -------------------------------------------------------------------------------------
// the fixture: the table, and an Env counting requests
// -------------------------------------------------------------------------------------

interface Counted {
  readonly f: Fixture
  readonly env: Env.Env
  /** Requests sent through `env` so far. */
  readonly sent: () => number
}

const counted = (f: Fixture, prefix = f.prefix): Counted => {
  let n = 0
  const client = {
    send: (command: unknown, options?: unknown) => {
      n++
      return (f.client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options)
    },
  } as unknown as DynamoDBClient
  // one attempt per request, with a time limit a loaded machine does not reach: a count of sends is
  // then a count of requests (a retry would fail the read, saying why, not miscount it)
  return { f, env: Env.make({ client, tablePrefix: prefix, timeoutMs: REQUEST_MS, maxAttempts: 1 }), sent: () => n }
}

let loaded: Promise<Counted> | undefined
const table = (): Promise<Counted> =>
  (loaded ??= (async () => {
    const f = await fixture('walks', { concurrency: 8 })
    await ok(f.env, Dynamo.createTable(Row))
    await ok(f.env, Dynamo.createTable(Twin))
    const r = await ok(f.env, Dynamo.saveMany(Row, items))
    assert.is(r.failCount, 0)
    await ok(f.env, Dynamo.saveMany(Twin, spread))
    await ok(f.env, Dynamo.createTable(Moving))
    return counted(f)
  })())

/** A walk through `Dynamo.page`, cursor to cursor: the pages' items and the cursors they carried. */
const walk = async (env: Env.Env, r: Read, pageSize: number, extra: Partial<Dynamo.PageOptions<typeof Row>> = {}) => {
  const pages: Array<ReadonlyArray<Record<string, unknown>>> = []
  const cursors: string[] = []
  let cursor: string | undefined
  for (;;) {
    const p = await Dynamo.page(Row, conditionOf(r), { ...optionsOf(r), ...extra, pageSize, ...(cursor === undefined ? {} : { cursor }) } as Dynamo.PageOptions<typeof Row>)(env)()
    if (E.isLeft(p)) throw new Error(`page ${pages.length} of ${show(r)}: ${DE.show(p.left)}`)
    pages.push(p.right.items as ReadonlyArray<Record<string, unknown>>)
    if (p.right.cursor._tag === 'None') return { pages, cursors }
    cursor = p.right.cursor.value
    cursors.push(cursor)
    if (pages.length > 2 * N + 2) throw new Error(`${show(r)}: more pages than items`)
  }
}

/** Every page of `Dynamo.pages`. */
const stream = async (env: Env.Env, r: Read, options: Omit<Partial<Dynamo.PageOptions<typeof Row>>, 'limit'> & { readonly limit?: number }) => {
  const pages: Array<ReadonlyArray<Record<string, unknown>>> = []
  for await (const p of Dynamo.pages(Row, conditionOf(r), { ...optionsOf(r), ...options } as never)(env)) {
    if (E.isLeft(p)) throw new Error(`pages of ${show(r)}: ${DE.show(p.left)}`)
    pages.push(p.right.items as ReadonlyArray<Record<string, unknown>>)
    if (pages.length > 2 * N + 2) throw new Error(`${show(r)}: more pages than items`)
  }
  return pages
}

/** The cursor of the last page of `Dynamo.pages`. */
const last = async (env: Env.Env, r: Read, options: Omit<Partial<Dynamo.PageOptions<typeof Row>>, 'limit'> & { readonly limit?: number }): Promise<string | undefined> => {
  let cursor: string | undefined
  for await (const p of Dynamo.pages(Row, conditionOf(r), { ...optionsOf(r), ...options } as never)(env)) {
    if (E.isLeft(p)) throw new Error(`pages of ${show(r)}: ${DE.show(p.left)}`)
    cursor = p.right.cursor._tag === 'Some' ? p.right.cursor.value : undefined
  }
  return cursor
}

const keysOf = (xs: ReadonlyArray<Record<string, unknown>>): string[] => xs.map((x) => keyOf(x as { h: string; r: number }))

/** fast-check's verdict as an assertion: the seed and the shrunk counterexample when it fails. */
const holds = async <T>(what: string, details: Promise<fc.RunDetails<T>>, seed: number): Promise<void> => {
  const d = await details
  if (d.failed) {
    const e = d.errorInstance as Error | undefined
    assert.unreachable(`${what} (seed ${seed}, shrunk ${d.numShrinks} times)\ncounterexample: ${JSON.stringify(d.counterexample)}\n${e?.message ?? String(d.errorInstance)}`)
  }
}

const kinds: ReadonlyArray<Kind> = ['table', 'byG', 'byS', 'byO', 'byGC', 'scan', 'scanG']

/**
 * The classes of cases a property claims to cover, counted as its runs reach them: each must be
 * reached at least once (a property whose cases stopped reaching a branch would pass having
 * tested nothing there); the counts are in the failure message.
 */
class Reached {
  private readonly counts = new Map<string, number>()
  hit(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1)
  }
  /** Fails unless every class of `expected` was reached; `PAGE_WALK_STATS` prints the counts. */
  floor(what: string, expected: ReadonlyArray<string>): void {
    const counts = JSON.stringify([...this.counts].sort())
    if (process.env['PAGE_WALK_STATS'] !== undefined) console.log(`  [${what}] ${counts}`)
    for (const k of expected) assert.ok((this.counts.get(k) ?? 0) > 0, `${what}: no run reached '${k}' in ${counts}`)
  }
}

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

test('every generated read is planned as written: a Query of its index (or the table), or a Scan', () => {
  const [reads] = fc.sample(fc.array(readArb(kinds), { minLength: 300, maxLength: 300 }), { seed: 1, numRuns: 1 }) as [Read[]]
  for (const r of reads) {
    // explain takes a plan's options, not descending: the read's without it. A descending read is
    // planned as a Query or a Scan (crossKeys: false), which changes no plan here: no read named
    // a value of every key field of the table, the one a GetItem or BatchGetItem could answer
    const { descending: _, ...planned } = optionsOf(r)
    const p = Dynamo.explain(Row, conditionOf(r), planned as never)
    if (E.isLeft(p)) assert.unreachable(`${show(r)}: ${DE.show(p.left)}`)
    const plan = (p as E.Right<Plan.Plan>).right
    assert.is(plan._tag, isScan(r) ? 'Scan' : 'Query', show(r))
    if (plan._tag === 'Query' || plan._tag === 'Scan') assert.is(plan.index, indexOf(r), `${show(r)}\n${Plan.show(plan)}`)
  }
})

const walkRuns = Number(process.env['WALK_RUNS'] ?? 40)

test(`a walk of page by cursor, and of pages with a limit, is the raw Query or Scan to its end, in order; every page with a cursor is full; pages resumed from any cursor give the rest (${walkRuns} reads)`, async () => {
  const { f, env } = await table()
  const TableName = f.table(Row)
  const seed = 20251205
  const reached = new Reached()
  await holds(
    'walk',
    fc.check(
      fc.asyncProperty(readArb(kinds), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.option(fc.nat(50), { nil: undefined }), fc.nat(1000), async (r, size, size2, limit, at) => {
        const pageSize = isScan(r) ? size * 4 : size
        const raw = await rawAll(f.client, rawInput(r, TableName))
        const want = raw.map(rawKey)
        // page by page through cursors
        const w = await walk(env, r, pageSize)
        if (w.cursors.length > 0) reached.hit(`${r.kind}: pages`)
        const got = w.pages.flat()
        assert.equal(keysOf(got), want, `page walk of ${show(r)}, pageSize ${pageSize}`)
        got.forEach((x) => assert.equal(x, projected(r, byKey.get(keyOf(x as Row)) as Row), `${show(r)}: the item as stored, projected`))
        w.pages.forEach((p, i) => {
          if (i < w.cursors.length) assert.is(p.length, pageSize, `${show(r)}: page ${i} of ${w.pages.map((q) => q.length)} carries a cursor but is not full`)
          else assert.ok(p.length <= pageSize)
        })
        // page by cursor with maxRequests: pages end early (fewer items, even none), and still nothing is skipped or repeated
        const short = await walk(env, r, pageSize, { maxRequests: 1 + (at % 2) })
        assert.equal(keysOf(short.pages.flat()), want, `page walk of ${show(r)}, pageSize ${pageSize}, maxRequests ${1 + (at % 2)}`)
        assert.ok(short.pages.every((p) => p.length <= pageSize))
        // pages with a limit: the prefix
        const s = await stream(env, r, { pageSize, ...(limit === undefined ? {} : { limit }) })
        assert.equal(keysOf(s.flat()), want.slice(0, limit ?? want.length), `pages of ${show(r)}, pageSize ${pageSize}, limit ${limit}`)
        assert.ok(s.every((p) => p.length <= pageSize))
        // pages with a limit that ends mid-page: its last cursor goes on right after the last item given
        if (limit !== undefined && limit > 0 && limit < want.length) {
          reached.hit('a limit ending before the items')
          const cut = await last(env, r, { pageSize, limit })
          assert.ok(cut !== undefined, `${show(r)}: pages with limit ${limit} of ${want.length} ended without a cursor`)
          const rest = await stream(env, r, { pageSize, cursor: cut as string })
          assert.equal(keysOf(rest.flat()), want.slice(limit), `${show(r)}: resumed after limit ${limit}`)
        }
        // resumed from one of the cursors, with another page size
        if (w.cursors.length > 0) {
          reached.hit('resumed from a cursor')
          const j = at % w.cursors.length
          const before = w.pages.slice(0, j + 1).flat().length
          const rest = await stream(env, r, { pageSize: isScan(r) ? size2 * 4 : size2, cursor: w.cursors[j] as string })
          assert.equal(keysOf(rest.flat()), want.slice(before), `${show(r)}: resumed from cursor ${j}`)
        }
      }),
      { seed, numRuns: walkRuns },
    ),
    seed,
  )
  reached.floor('walk', ['a limit ending before the items', 'resumed from a cursor', ...kinds.map((k) => `${k}: pages`)])
})

const limitRuns = Number(process.env['WALK_LIMIT_RUNS'] ?? 40)

test(`getMany with a limit makes exactly the requests a raw walk with Limit = pageSize needs to reach limit matches, and gives its first limit items; count is the raw Select COUNT walk, request for request (${limitRuns} reads)`, async () => {
  const c = await table()
  const TableName = c.f.table(Row)
  const seed = 424242
  const reached = new Reached()
  await holds(
    'limits',
    fc.check(
      fc.asyncProperty(readArb(kinds), fc.integer({ min: 1, max: 15 }), fc.nat(45), async (r, size, limit) => {
        const pageSize = isScan(r) ? size * 4 : size
        const x = rawInput(r, TableName)
        const want = (await rawAll(c.f.client, x)).map(rawKey).slice(0, limit)
        const needed = await rawRequestsTo(c.f.client, x, pageSize, limit)
        if (want.length > 0 && needed > 1) reached.hit('items in several requests')
        if (limit === 0) reached.hit('limit 0')
        const before = c.sent()
        const got = await ok(c.env, Dynamo.getMany(Row, conditionOf(r), { ...optionsOf(r), pageSize, limit } as never))
        assert.equal(keysOf(got as ReadonlyArray<Record<string, unknown>>), want, `${show(r)}, pageSize ${pageSize}, limit ${limit}`)
        assert.is(c.sent() - before, needed, `${show(r)}, pageSize ${pageSize}, limit ${limit}: requests`)
        // count: the raw Select COUNT walk with Limit = pageSize, request for request
        let rawCount = 0
        let rawRequests = 0
        let ExclusiveStartKey: Raw | undefined
        do {
          // (a count has no order: ascending, as count reads)
          const input = { ...x.input, ...(x.query ? { ScanIndexForward: true } : {}), Select: 'COUNT' as const, Limit: pageSize, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }
          const out = await c.f.client.send(x.query ? new QueryCommand(input) : new ScanCommand(input))
          rawCount += out.Count ?? 0
          rawRequests++
          ExclusiveStartKey = out.LastEvaluatedKey
        } while (ExclusiveStartKey !== undefined)
        const counted = c.sent()
        const { select: _s, descending: _d, ...countOptions } = optionsOf(r)
        assert.is(await ok(c.env, Dynamo.count(Row, conditionOf(r), { ...countOptions, pageSize } as never)), rawCount, `${show(r)}: count`)
        assert.is(c.sent() - counted, rawRequests, `${show(r)}, pageSize ${pageSize}: count requests`)
        if (rawCount > 0 && rawRequests > 1) reached.hit('a count of several requests')
      }),
      { seed, numRuns: limitRuns },
    ),
    seed,
  )
  reached.floor('limits', ['items in several requests', 'a count of several requests'])
})

const cursorRuns = Number(process.env['WALK_CURSOR_RUNS'] ?? 100)

/** The read as DynamoDB receives it: what tells two reads apart (a value a read does not use left out). */
const normal = (r: Read): string => {
  const f = filters[r.filter]
  const fv = f === undefined || !/:f(?![a-z])|:f2|:f3|:f20/.test(f.raw) ? 0 : r.fv
  const part = isScan(r) ? 0 : r.kind === 'table' || r.kind === 'byS' ? r.part : r.kind === 'byGC' ? r.part % 6 : r.part % 3
  return JSON.stringify([r.kind, part, r.range ?? null, r.kEq ?? null, r.filter, fv, r.descending, r.select ?? null])
}

/** Another read made from `r` by taking one of its parts (or all) from `o`. */
const otherRead = fc
  .tuple(readArb(kinds), readArb(kinds), fc.constantFrom('kind', 'part', 'range', 'filter', 'fv', 'descending', 'select', 'same'))
  .map(([r, o, what]): [Read, Read] => [r, what === 'kind' ? o : what === 'same' ? r : { ...r, [what]: o[what as keyof Read] }])

test(`a cursor is taken only by its own read: on another read (key, index, filter, order, projection, scan or query) a ValidationError before any request; on its own read with another pageSize, the next page (${cursorRuns} pairs)`, async () => {
  const c = await table()
  const seed = 777
  let refused = 0
  let taken = 0
  await holds(
    'cursors',
    fc.check(
      fc.asyncProperty(otherRead, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), async ([r, o], size, size2) => {
        const first = await ok(c.env, Dynamo.page(Row, conditionOf(r), { ...optionsOf(r), pageSize: size } as never))
        if (first.cursor._tag === 'None') return
        const before = c.sent()
        const got = await Dynamo.page(Row, conditionOf(o), { ...optionsOf(o), pageSize: size2, cursor: first.cursor.value } as never)(c.env)()
        if (normal(o) === normal(r)) {
          taken++
          assert.ok(E.isRight(got), `${show(r)}\n${show(o)}: the same read refused its cursor: ${E.isLeft(got) ? DE.show(got.left) : ''}`)
          const rest = await ok(c.env, Dynamo.getMany(Row, conditionOf(r), { ...optionsOf(r) } as never))
          assert.equal(keysOf((got as E.Right<Dynamo.Page<Record<string, unknown>>>).right.items), keysOf(rest as ReadonlyArray<Record<string, unknown>>).slice(size, size + size2))
          return
        }
        refused++
        assert.ok(E.isLeft(got), `${show(r)}\n${show(o)}: another read took the cursor`)
        assert.is(c.sent() - before, 0, `${show(r)}\n${show(o)}: requests sent`)
        // a read that is valid refuses the cursor; one that is not is refused for itself
        const alone = await Dynamo.page(Row, conditionOf(o), { ...optionsOf(o), pageSize: 1 } as never)(c.env)()
        if (E.isRight(alone)) assert.is((got as E.Left<DE.DynamoError>).left._tag, 'ValidationError', DE.show((got as E.Left<DE.DynamoError>).left))
      }),
      { seed, numRuns: cursorRuns },
    ),
    seed,
  )
  // the generator reaches both outcomes (at the committed run count)
  if (cursorRuns >= 100) assert.ok(refused > cursorRuns / 3 && taken > 5, `refused ${refused}, taken ${taken}`)
})

test('a cursor of one table is refused on another (another model, another prefix), and segment cursors on another split, before any request', async () => {
  const c = await table()
  const r: Read = { kind: 'table', part: 1, range: undefined, kEq: undefined, filter: 'none', fv: 1, descending: false, select: undefined }
  const first = await ok(c.env, Dynamo.page(Row, conditionOf(r), { pageSize: 2 }))
  assert.ok(first.cursor._tag === 'Some')
  const cursor = (first.cursor as { value: string }).value
  const elsewhere = counted(c.f, `${c.f.prefix}other-`)
  const refusals: ReadonlyArray<readonly [string, Env.Env, Dynamo.Op<unknown>]> = [
    ['the same read of another model', c.env, Dynamo.page(Twin, C.eq(Twin.attrs.h, 'h1'), { pageSize: 2, cursor })],
    ['the same read under another prefix', elsewhere.env, Dynamo.page(Row, conditionOf(r), { pageSize: 2, cursor })],
  ]
  const scan = C.gt(a.s, 2)
  const split = await ok(c.env, Dynamo.page(Row, scan, { pageSize: 3, segments: 3 }))
  // (the items sit in four partitions: a segment that holds some)
  const segs = await Promise.all([0, 1, 2].map((index) => ok(c.env, Dynamo.page(Row, scan, { pageSize: 3, segment: { index, total: 3 } }))))
  const at = segs.findIndex((p) => p.cursor._tag === 'Some')
  const one = segs[at] as Dynamo.Page<Row>
  const plain = await ok(c.env, Dynamo.page(Row, scan, { pageSize: 3 }))
  const s3 = (split.cursor as { value: string }).value
  const s1 = (one.cursor as { value: string }).value
  for (const x of [split, one, plain]) assert.ok(x.cursor._tag === 'Some')
  const s0 = (plain.cursor as { value: string }).value
  const more: ReadonlyArray<readonly [string, Env.Env, Dynamo.Op<unknown>]> = [
    ['segments 3 on a plain scan', c.env, Dynamo.page(Row, scan, { pageSize: 3, cursor: s3 })],
    ['segments 3 on segments 4', c.env, Dynamo.page(Row, scan, { pageSize: 3, segments: 4, cursor: s3 })],
    ['segments 3 on segment 1 of 3', c.env, Dynamo.page(Row, scan, { pageSize: 3, segment: { index: 1, total: 3 }, cursor: s3 })],
    ['segment i of 3 on segment i + 1 of 3', c.env, Dynamo.page(Row, scan, { pageSize: 3, segment: { index: (at + 1) % 3, total: 3 }, cursor: s1 })],
    ['segment i of 3 on segments 3', c.env, Dynamo.page(Row, scan, { pageSize: 3, segments: 3, cursor: s1 })],
    ['a plain scan on segments 3', c.env, Dynamo.page(Row, scan, { pageSize: 3, segments: 3, cursor: s0 })],
    ['a scan on a query', c.env, Dynamo.page(Row, conditionOf(r), { pageSize: 3, cursor: s0 })],
    ['a query on a scan', c.env, Dynamo.page(Row, scan, { pageSize: 3, cursor })],
    ['a query on a consistent query', c.env, Dynamo.page(Row, conditionOf(r), { pageSize: 3, consistentRead: true, cursor })],
    ['a query on a batch get', c.env, Dynamo.page(Row, [['h1', 1], ['h1', 5], ['h1', 9]], { pageSize: 1, cursor })],
  ]
  for (const [what, env, op] of [...refusals, ...more]) {
    const counts = env === c.env ? c : elsewhere
    const before = counts.sent()
    const got = await op(env)()
    assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError', `${what}: ${E.isLeft(got) ? DE.show(got.left) : 'taken'}`)
    assert.is(counts.sent() - before, 0, `${what}: requests sent`)
  }
})

const segmentRuns = Number(process.env['WALK_SEGMENT_RUNS'] ?? 20)

test(`a parallel scan covers every item once: getMany, a walk of page by cursor (full pages), pages with a limit, and each segment alone (${segmentRuns} scans of 1 to 8 segments)`, async () => {
  const c = await table()
  const TableName = c.f.table(Twin)
  const seed = 31337
  const sorted = (xs: ReadonlyArray<string>) => [...xs].sort()
  const scanArb = readArb(['scan', 'scanG'])
  const reached = new Reached()
  await holds(
    'segments',
    fc.check(
      fc.asyncProperty(scanArb, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 10 }), fc.option(fc.nat(80), { nil: undefined }), async (r, segments, size, limit) => {
        const pageSize = size * 3
        const cond = conditionOf(r) as never
        const o = { ...optionsOf(r), segments } as never
        const want = sorted((await rawAll(c.f.client, rawInput(r, TableName))).map(rawKey))
        const all = (await ok(c.env, Dynamo.getMany(Twin, cond, o))) as ReadonlyArray<Record<string, unknown>>
        assert.equal(sorted(keysOf(all)), want, `getMany ${show(r)}, segments ${segments}`)
        // page by page
        const pages: Array<ReadonlyArray<unknown>> = []
        let cursor: string | undefined
        let carried = 0
        for (;;) {
          const p = await ok(c.env, Dynamo.page(Twin, cond, { ...optionsOf(r), segments, pageSize, ...(cursor === undefined ? {} : { cursor }) } as never))
          pages.push(p.items)
          if (p.cursor._tag === 'None') break
          carried++
          assert.is(p.items.length, pageSize, `${show(r)}, segments ${segments}: a page with a cursor is full (${pages.map((q) => q.length)})`)
          cursor = p.cursor.value
        }
        assert.equal(sorted(keysOf(pages.flat() as ReadonlyArray<Record<string, unknown>>)), want, `pages ${show(r)}, segments ${segments}, pageSize ${pageSize}`)
        if (carried > 0) reached.hit(`${r.kind}: pages`)
        if (carried > 0 && segments > 1) reached.hit('several segments, pages')
        // pages with a limit: that many distinct items of the set
        const got: string[] = []
        for await (const p of Dynamo.pages(Twin, cond, { ...optionsOf(r), segments, pageSize, ...(limit === undefined ? {} : { limit }) } as never)(c.env)) {
          if (E.isLeft(p)) assert.unreachable(DE.show(p.left))
          got.push(...keysOf((p as E.Right<Dynamo.Page<Record<string, unknown>>>).right.items))
        }
        assert.is(new Set(got).size, got.length, 'nothing twice')
        assert.is(got.length, Math.min(limit ?? Infinity, want.length))
        if (limit !== undefined && limit < want.length) reached.hit('a limit ending before the items')
        assert.ok(got.every((k) => want.includes(k)))
        // each segment alone: the segments are disjoint and cover the set
        const parts: string[] = []
        for (let index = 0; index < segments; index++) {
          const part = (await ok(c.env, Dynamo.getMany(Twin, cond, { ...optionsOf(r), segment: { index, total: segments } } as never))) as ReadonlyArray<Record<string, unknown>>
          parts.push(...keysOf(part))
        }
        assert.equal(sorted(parts), want, `segment by segment ${show(r)}, ${segments}`)
      }),
      { seed, numRuns: segmentRuns },
    ),
    seed,
  )
  reached.floor('segments', ['scan: pages', 'scanG: pages', 'several segments, pages', 'a limit ending before the items'])
})

test('pacing is how fast a read goes, not what it reads: a cursor of a paced read (readUnitsPerSecond) goes on in the same read unpaced, and back, and with the Env asking for consumed capacity', async () => {
  const c = await table()
  const r: Read = { kind: 'byG', part: 1, range: undefined, kEq: undefined, filter: 'xExists', fv: 1, descending: true, select: ['s'] }
  const want = (await rawAll(c.f.client, rawInput(r, c.f.table(Row)))).map(rawKey)
  const asking = Env.make({ client: c.f.client, tablePrefix: c.f.prefix, consumedCapacity: true, timeoutMs: REQUEST_MS })
  const paced = { readUnitsPerSecond: 10_000 }
  for (const [what, first, second] of [
    ['paced, then unpaced', paced, {}],
    ['unpaced, then paced', {}, paced],
  ] as const) {
    for (const env of [c.env, asking]) {
      const p = await ok(c.env, Dynamo.page(Row, conditionOf(r), { ...optionsOf(r), ...first, pageSize: 3 } as never))
      assert.ok(p.cursor._tag === 'Some')
      const next = await Dynamo.page(Row, conditionOf(r), { ...optionsOf(r), ...second, pageSize: 4, cursor: (p.cursor as { value: string }).value } as never)(env)()
      assert.ok(E.isRight(next), `${what}: ${E.isLeft(next) ? DE.show(next.left) : ''}`)
      assert.equal(keysOf([...p.items, ...(next as E.Right<Dynamo.Page<Record<string, unknown>>>).right.items] as ReadonlyArray<Record<string, unknown>>), want.slice(0, 7), what)
    }
  }
  // a paced segmented read too
  const scan = C.gt(a.s, 2)
  const split = await ok(c.env, Dynamo.page(Row, scan, { pageSize: 3, segments: 2, ...paced }))
  assert.ok(E.isRight(await Dynamo.page(Row, scan, { pageSize: 3, segments: 2, cursor: (split.cursor as { value: string }).value })(c.env)()), 'segments 2, paced then unpaced')
})

// -------------------------------------------------------------------------------------
// items changing between pages
// -------------------------------------------------------------------------------------

/**
 * A change made between two pages: a new item, a delete, an update of a plain field, or of
 * byG's range key (the item moves in byG); `last` picks the last item the walk was given (the
 * one its cursor points after), else any stored item.
 */
type Change = { readonly _tag: 'put'; readonly r: number; readonly k: number } | { readonly _tag: 'delete' | 'touch' | 'move'; readonly at: number; readonly v: number; readonly last: boolean }

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ _tag: fc.constant('put' as const), r: fc.integer({ min: 0, max: 200 }), k: fc.nat(5) }),
  fc.record({ _tag: fc.constantFrom('delete' as const, 'touch' as const, 'move' as const), at: fc.nat(1000), v: fc.nat(7), last: fc.boolean() }),
)

const movingRuns = Number(process.env['WALK_MOVING_RUNS'] ?? 30)
let movingRun = 0

test(`items put, deleted and updated between pages: no item seen twice (but one that moved ahead in the index read), every item left in place seen once, none made up; a Query in key order (${movingRuns} walks)`, async () => {
  const c = await table()
  const TableName = c.f.table(Moving)
  const seed = 8128
  const reached = new Reached()
  await holds(
    'moving',
    fc.check(
      fc.asyncProperty(
        fc.constantFrom<'table' | 'byG' | 'scan'>('table', 'byG', 'scan'),
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 0, maxLength: 24 }),
        fc.array(fc.array(changeArb, { maxLength: 3 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.boolean(),
        async (kind, rs, changes, pageSize, descending, filtered) => {
          const run = movingRun++
          const h = `m${run}`
          const g = `gm${run}`
          // one partition of the table and one of byG, this run's own
          const stored = new Map<number, Row>()
          for (const r of rs) stored.set(r, { h, r, g, c: 'c0', k: r % 6, s: r % 8 })
          await Promise.all([...stored.values()].map((x) => c.f.client.send(new PutItemCommand({ TableName, Item: marshalled(x) }))))
          const initial = new Set(stored.keys())
          const touched = new Set<number>()
          const moved = new Set<number>()
          const made = new Set<number>()
          const cond = kind === 'byG' ? C.eq(mv.g, g) : kind === 'table' ? C.eq(mv.h, h) : C.beginsWith(mv.h, `${h}`)
          // (on the table's own partition not s, which the planner would read through byS, in s order)
          const [filter, passes] = kind === 'table' ? [C.lt(mv.k, 4), (r: number) => r % 6 < 4] : [C.lt(mv.s, 6), (r: number) => r % 8 < 6]
          const full = filtered ? C.and(cond, filter) : cond
          const options = { pageSize, ...(kind === 'byG' ? { index: 'byG' } : {}), ...(kind !== 'scan' && descending ? { descending } : {}) }
          const seen: number[] = []
          let cursor: string | undefined
          for (let i = 0; ; i++) {
            const p = await Dynamo.page(Moving, full, { ...options, ...(cursor === undefined ? {} : { cursor }) } as never)(c.env)()
            if (E.isLeft(p)) return assert.unreachable(`page ${i}: ${DE.show(p.left)}`)
            for (const x of p.right.items as ReadonlyArray<Row>) if (x.h === h) seen.push(x.r)
            if (p.right.cursor._tag === 'None') break
            cursor = p.right.cursor.value
            for (const ch of changes[i] ?? []) if (await change(c.f.client, TableName, stored, ch, h, g, { touched, moved, made }, seen[seen.length - 1])) reached.hit(`${kind}: ${ch._tag}`)
          }
          const twice = seen.filter((r, i) => seen.indexOf(r) !== i)
          assert.ok(twice.every((r) => kind === 'byG' && moved.has(r)), `seen twice: ${twice} (moved ${[...moved]})`)
          for (const r of initial) if (!touched.has(r) && (!filtered || passes(r))) assert.ok(seen.includes(r), `${r} stayed in place and was not seen (${seen})`)
          for (const r of seen) assert.ok(initial.has(r) || made.has(r), `${r} was never stored`)
          if (filtered) for (const r of seen) if (!touched.has(r)) assert.ok(passes(r), `${r} does not pass the filter`)
          if (kind === 'table') for (let i = 1; i < seen.length; i++) assert.ok(descending ? (seen[i] as number) < (seen[i - 1] as number) : (seen[i] as number) > (seen[i - 1] as number), `out of order: ${seen}`)
        },
      ),
      { seed, numRuns: movingRuns },
    ),
    seed,
  )
  // every change made between two pages of every read (a move only changes byG's order)
  reached.floor('moving', ['table', 'byG', 'scan'].flatMap((k) => ['put', 'delete', 'touch', 'move'].map((ch) => `${k}: ${ch}`)))
})

const marshalled = (x: Row): Raw => {
  const out: Raw = {}
  for (const [k, v] of Object.entries(x)) out[k] = typeof v === 'number' ? { N: String(v) } : { S: String(v) }
  return out
}

const change = async (
  client: DynamoDBClient,
  TableName: string,
  stored: Map<number, Row>,
  ch: Change,
  h: string,
  g: string,
  marks: { readonly touched: Set<number>; readonly moved: Set<number>; readonly made: Set<number> },
  lastSeen: number | undefined,
): Promise<boolean> => {
  if (ch._tag === 'put') {
    if (stored.has(ch.r) || marks.touched.has(ch.r)) return false
    const x: Row = { h, r: ch.r, g, c: 'c0', k: ch.k, s: ch.r % 8 }
    stored.set(ch.r, x)
    marks.made.add(ch.r)
    marks.touched.add(ch.r)
    await client.send(new PutItemCommand({ TableName, Item: marshalled(x) }))
    return true
  }
  const keys = [...stored.keys()]
  if (keys.length === 0) return false
  const r = ch.last && lastSeen !== undefined && stored.has(lastSeen) ? lastSeen : (keys[ch.at % keys.length] as number)
  marks.touched.add(r)
  const Key = { h: { S: h }, r: { N: String(r) } }
  if (ch._tag === 'delete') {
    stored.delete(r)
    await client.send(new DeleteItemCommand({ TableName, Key }))
    return true
  }
  if (ch._tag === 'move') marks.moved.add(r)
  await client.send(
    new UpdateItemCommand({ TableName, Key, UpdateExpression: 'SET #a = :v', ExpressionAttributeNames: { '#a': ch._tag === 'move' ? 'k' : 's' }, ExpressionAttributeValues: { ':v': { N: String(ch.v) } } }),
  )
  return true
}

const batchRuns = Number(process.env['WALK_BATCH_RUNS'] ?? 30)

test(`a batch plan (keysIn, some keys absent or repeated, a filter) walked page by cursor, and with a limit, gives the items of its keys in request order, each once; every page with a cursor is full (${batchRuns} key lists)`, async () => {
  const c = await table()
  const seed = 6174
  const reached = new Reached()
  await holds(
    'batch walks',
    fc.check(
      fc.asyncProperty(
        // a few keys, or more than a BatchGetItem takes (100): fast-check's arrays are short
        // unless asked for long ones
        fc.oneof({ weight: 3, arbitrary: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 101, maxLength: 260 }) }),
        fc.constantFrom<FilterName>('none', 'sGt', 'xExists', 'cOrX'),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.nat(150), { nil: undefined }),
        fc.option(fc.constantFrom<ReadonlyArray<'s' | 'o' | 'x' | 'g'>>(['s'], ['o', 'g']), { nil: undefined }),
        async (rs, filter, fv, pageSize, limit, select) => {
          // keys of the table's items, and of none (r above N, or in another partition)
          const keys = rs.map((r) => ({ h: `h${r % 7 === 0 ? (r + 1) % 4 : r % 4}`, r }))
          const f = filters[filter]
          const cond = f === undefined ? Model.keysIn(Row, keys) : C.and(Model.keysIn(Row, keys), f.c(fv))
          const plan = Dynamo.explain(Row, cond)
          assert.ok(E.isRight(plan) && plan.right._tag === 'BatchGetItem', E.isRight(plan) ? Plan.show(plan.right) : DE.show(plan.left))
          const seen = new Set<string>()
          const want: string[] = []
          for (const k of keys) {
            const key = keyOf(k)
            if (seen.has(key)) continue
            seen.add(key)
            const x = byKey.get(key)
            if (x !== undefined && (f === undefined || f.test(x, fv))) want.push(key)
          }
          const got: string[] = []
          let cursor: string | undefined
          for (let i = 0; ; i++) {
            const p = await ok(c.env, Dynamo.page(Row, cond, { pageSize, ...(select === undefined ? {} : { select }), ...(cursor === undefined ? {} : { cursor }) }))
            got.push(...keysOf(p.items as ReadonlyArray<Record<string, unknown>>))
            // the fields asked for and the key, nothing the filter read to test
            const r0: Read = { kind: 'table', part: 0, range: undefined, kEq: undefined, filter: 'none', fv: 1, descending: false, select }
            for (const x of p.items as ReadonlyArray<Row>) assert.equal(x, projected(r0, byKey.get(keyOf(x)) as Row))
            if (p.cursor._tag === 'None') break
            assert.is(p.items.length, pageSize, `page ${i} carries a cursor and is not full`)
            cursor = p.cursor.value
            assert.ok(i <= keys.length, 'more pages than keys')
          }
          assert.equal(got, want, `page walk, pageSize ${pageSize}`)
          if (got.length > pageSize) reached.hit(f === undefined ? 'pages' : 'filtered, pages')
          if (seen.size > 100) reached.hit('over 100 keys')
          if (want.length < seen.size) reached.hit('keys absent or filtered out')
          if (seen.size < keys.length) reached.hit('keys repeated')
          if (limit !== undefined && limit < want.length) reached.hit('a limit ending before the items')
          const limited: string[] = []
          for await (const p of Dynamo.pages(Row, cond, { pageSize, ...(limit === undefined ? {} : { limit }) })(c.env)) {
            if (E.isLeft(p)) return assert.unreachable(DE.show(p.left))
            limited.push(...keysOf(p.right.items as ReadonlyArray<Record<string, unknown>>))
          }
          assert.equal(limited, want.slice(0, limit ?? want.length), `pages, pageSize ${pageSize}, limit ${limit}`)
          assert.equal(keysOf((await ok(c.env, Dynamo.getMany(Row, cond, limit === undefined ? {} : { limit }))) as ReadonlyArray<Record<string, unknown>>), want.slice(0, limit ?? want.length), 'getMany')
        },
      ),
      { seed, numRuns: batchRuns },
    ),
    seed,
  )
  reached.floor('batch walks', ['pages', 'filtered, pages', 'over 100 keys', 'keys absent or filtered out', 'keys repeated', 'a limit ending before the items'])
})

// -------------------------------------------------------------------------------------
// keys of every type
// -------------------------------------------------------------------------------------

/** Keys of the types cursors find hardest: text beyond ASCII (and a NUL), bytes as a range key, exact decimals of any size in an index. */
const Odd = Model.make({
  table: 'walks-odd',
  billing: 'onDemand',
  hashKey: 'h',
  rangeKey: 'b',
  codec: t.type({ h: t.string, b: Field.binary, g: t.string, n: Field.decimal }),
  indexes: { byN: Model.globalIndex({ hashKey: 'g', rangeKey: 'n' }) },
})
const hs = ['é', '😀 x', 'a\u0000b']
const ns = ['-1e-5', '0', '1.5', '12345678901234567890123456789012345678', '-99.9', '1e10', '0.000000000000000000000000000000000001']

const oddRuns = Number(process.env['WALK_ODD_RUNS'] ?? 30)

test(`keys of any text, bytes and exact decimals: walks of page by cursor are the raw Query's result, both orders, through the table and an index keyed on decimals (${oddRuns} walks)`, async () => {
  const c = await table()
  const TableName = c.f.table(Odd)
  await ok(c.f.env, Dynamo.createTable(Odd))
  const [odd] = fc.sample(
    fc.uniqueArray(fc.record({ h: fc.constantFrom(...hs), b: fc.uint8Array({ minLength: 1, maxLength: 6 }), g: fc.constantFrom('g0', 'g1'), n: fc.constantFrom(...ns) }), {
      minLength: 60,
      maxLength: 60,
      selector: (x) => `${x.h}|${Buffer.from(x.b).toString('hex')}`,
    }),
    { seed: 1618, numRuns: 1 },
  ) as [Array<Model.TypeOf<typeof Odd>>]
  assert.is((await ok(c.f.env, Dynamo.saveMany(Odd, odd))).failCount, 0)
  const rawOddKey = (x: Raw) => `${x['h']?.S}|${Buffer.from(x['b']?.B ?? new Uint8Array()).toString('hex')}`
  const oddKey = (x: Model.TypeOf<typeof Odd>) => `${x.h}|${Buffer.from(x.b).toString('hex')}`
  const seed = 2357
  const reached = new Reached()
  await holds(
    'odd keys',
    fc.check(
      fc.asyncProperty(fc.boolean(), fc.nat(2), fc.boolean(), fc.integer({ min: 1, max: 4 }), async (byIndex, part, descending, pageSize) => {
        const h = hs[part] as string
        const g = `g${part % 2}`
        const cond = byIndex ? C.eq(Odd.attrs.g, g) : C.eq(Odd.attrs.h, h)
        const raw = await rawAll(c.f.client, {
          query: true,
          input: {
            TableName,
            ...(byIndex ? { IndexName: 'byN' } : {}),
            KeyConditionExpression: '#k = :k',
            ExpressionAttributeNames: { '#k': byIndex ? 'g' : 'h' },
            ExpressionAttributeValues: { ':k': { S: byIndex ? g : h } },
            ScanIndexForward: !descending,
          },
        })
        const got: string[] = []
        let cursor: string | undefined
        for (;;) {
          const p = await ok(c.env, Dynamo.page(Odd, cond, { pageSize, ...(descending ? { descending } : {}), ...(cursor === undefined ? {} : { cursor }) }))
          got.push(...p.items.map(oddKey))
          if (p.cursor._tag === 'None') break
          cursor = p.cursor.value
        }
        assert.equal(got, raw.map(rawOddKey), `by ${byIndex ? g : JSON.stringify(h)}, descending ${descending}, pageSize ${pageSize}`)
        if (got.length > pageSize) reached.hit(`${byIndex ? 'byN' : 'table'}${descending ? ', descending' : ''}: pages`)
      }),
      { seed, numRuns: oddRuns },
    ),
    seed,
  )
  reached.floor('odd keys', ['table: pages', 'table, descending: pages', 'byN: pages', 'byN, descending: pages'])
})

// -------------------------------------------------------------------------------------
// responses cut by DynamoDB's 1 MB
// -------------------------------------------------------------------------------------

/** Items of about 150 KB: a response holds 6 or 7 of them (DynamoDB's 1 MB per response), whatever the Limit. */
const Big = Model.make({ table: 'walks-big', billing: 'onDemand', hashKey: 'h', rangeKey: 'r', codec: t.type({ h: t.string, r: Field.int(), s: Field.int(), blob: t.string }) })
const bigRuns = Number(process.env['WALK_BIG_RUNS'] ?? 12)

test(`responses cut at 1 MB (not at Limit): walks of page by cursor, and getMany with a limit, are the raw result, both orders, filtered or not, Query and Scan (${bigRuns} walks)`, async () => {
  const c = await table()
  const TableName = c.f.table(Big)
  await ok(c.f.env, Dynamo.createTable(Big))
  const big = Array.from({ length: 30 }, (_, i) => ({ h: `b${i % 2}`, r: i, s: (i * 7) % 5, blob: String.fromCharCode(97 + (i % 26)).repeat(150_000) }))
  assert.is((await ok(c.f.env, Dynamo.saveMany(Big, big))).failCount, 0)
  // DynamoDB cuts a response at 1 MB: one partition (2.25 MB) takes three
  const first = await c.f.client.send(new QueryCommand({ TableName, KeyConditionExpression: '#h = :h', ExpressionAttributeNames: { '#h': 'h' }, ExpressionAttributeValues: { ':h': { S: 'b0' } } }))
  assert.ok((first.Items?.length ?? 0) < 8 && first.LastEvaluatedKey !== undefined, `a response of ${first.Items?.length} items`)
  const seed = 4096
  const reached = new Reached()
  await holds(
    'big items',
    fc.check(
      fc.asyncProperty(fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 20 }), async (scan, descending, filtered, pageSize, limit) => {
        const cond = scan ? C.lt(Big.attrs.s, filtered ? 3 : 5) : filtered ? C.and(C.eq(Big.attrs.h, 'b0'), C.lt(Big.attrs.s, 3)) : C.eq(Big.attrs.h, 'b0')
        const raw = await rawAll(c.f.client, {
          query: !scan,
          input: {
            TableName,
            ...(scan ? { FilterExpression: '#s < :s' } : { KeyConditionExpression: '#h = :h', ScanIndexForward: !descending, ...(filtered ? { FilterExpression: '#s < :s' } : {}) }),
            ExpressionAttributeNames: { ...(scan ? {} : { '#h': 'h' }), ...(scan || filtered ? { '#s': 's' } : {}) },
            ExpressionAttributeValues: { ...(scan ? {} : { ':h': { S: 'b0' } }), ...(scan || filtered ? { ':s': { N: scan && !filtered ? '5' : '3' } } : {}) },
          },
        })
        const want = raw.map(rawKey)
        const order = !scan && descending ? { descending: true } : {}
        const got: string[] = []
        let cursor: string | undefined
        for (;;) {
          const p = await ok(c.env, Dynamo.page(Big, cond, { pageSize, ...order, select: ['s'], ...(cursor === undefined ? {} : { cursor }) }))
          got.push(...keysOf(p.items as ReadonlyArray<Record<string, unknown>>))
          if (p.cursor._tag === 'None') break
          assert.is(p.items.length, pageSize, 'a page with a cursor is full')
          cursor = p.cursor.value
        }
        assert.equal(got, want, `scan ${scan}, descending ${descending}, filtered ${filtered}, pageSize ${pageSize} (select)`)
        if (got.length > pageSize) reached.hit(`${scan ? 'Scan' : 'Query'}: pages`)
        if (limit < want.length) reached.hit(`${scan ? 'Scan' : 'Query'}: a limit ending before the items`)
        const limited = await ok(c.env, Dynamo.getMany(Big, cond, { ...order, limit }))
        assert.equal(keysOf(limited as ReadonlyArray<Record<string, unknown>>), want.slice(0, limit), `getMany limit ${limit}`)
        assert.ok(limited.every((x) => x.blob.length === 150_000))
      }),
      { seed, numRuns: bigRuns },
    ),
    seed,
  )
  reached.floor('big items', ['Query: pages', 'Scan: pages', 'Query: a limit ending before the items', 'Scan: a limit ending before the items'])
})

test.run()

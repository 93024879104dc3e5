/**
 * Reads as a stream of pages: what a plan (`GetItem`, `BatchGetItem`, `Query`, `Scan`) reads,
 * one request at a time, each page with the position the read goes on from.
 *
 * - `make` prepares a plan's read once (its inputs compiled, its in-memory checks built), so
 *   what DynamoDB would refuse is a `Left` before any request.
 * - `Stream.read(from, cap)` makes one request from a position and gives its page: the stored
 *   items (in order, filters and a batch plan's checks applied) and `next`, where the read goes
 *   on (`none` at the end). A Query or Scan page is one request (`ExclusiveStartKey`, `Limit`);
 *   a batch page is one chunk of the key list (at most 100 keys, in request order, unprocessed
 *   keys retried with backoff by `batch.ts`); a GetItem is one page.
 * - `fold` is the one consumer loop: pages folded as they arrive (memory stays flat), ending at
 *   the end, after a `Left`, or when the fold wants no more (a limit reached, enough requests
 *   made). `take` (getMany, deleteMany's finding step) is a fold.
 *
 * Positions are plain data, so a read can resume where another left off: a cursor is a
 * position written down.
 */
import { GetItemCommand, QueryCommand, ScanCommand, type AttributeValue, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import type * as C from '../ast/Condition.js'
import * as Command from '../compile/Command.js'
import * as DE from '../DynamoError.js'
import * as Evaluate from '../evaluate/Evaluate.js'
import * as M from '../model/Model.js'
import type * as Plan from '../plan/Plan.js'
import * as Batch from './batch.js'
import { BATCH_GET } from '../rules/limits.js'
import type { Env } from './Env.js'
import { send, sendThen } from './send.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type AttributeMap = Record<string, AttributeValue>

/** Where a read starts or goes on. */
export type Position =
  /** The beginning. */
  | { readonly _tag: 'Start' }
  /** A Query or Scan after this key (`LastEvaluatedKey`, given back as `ExclusiveStartKey`). */
  | { readonly _tag: 'After'; readonly key: AttributeMap }
  /** A batch plan at this index of its key list. */
  | { readonly _tag: 'At'; readonly offset: number }

export interface Page {
  /** The stored items this request gave, in order, with the plan's in-memory checks applied. */
  readonly items: ReadonlyArray<AttributeMap>
  /** Where the read goes on after this page; `none` at the end. */
  readonly next: O.Option<Position>
}

/** The options that reach a read's requests. */
export interface ReadOptions {
  /** `ConsistentRead` on every request (GetItem, BatchGetItem, Query, Scan). */
  readonly consistentRead?: boolean
  /** `ScanIndexForward: false` on every Query request. */
  readonly descending?: boolean
  /** The most items one Query or Scan request evaluates (DynamoDB's `Limit`). */
  readonly pageSize?: number
}

export interface Stream {
  /**
   * One request from `from`: its page. With a finite `cap` the page holds at most `cap` items
   * (a Query or Scan's `Limit` is at most `cap`; a batch page reads at most `cap` keys).
   */
  readonly read: (from: Position, cap: number) => ReaderTaskEither<Env, DE.DynamoError, Page>
  /**
   * Whether a request gives back every item it reads (a Query or Scan without a filter): then
   * capping a request at the items still wanted costs no extra requests.
   */
  readonly exact: boolean
}

type AnyModel = M.Model<any, any, any, any>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export const start: Position = { _tag: 'Start' }

const none: O.Option<never> = { _tag: 'None' }

const some = <A>(value: A): O.Option<A> => ({ _tag: 'Some', value })

const resolved = <A>(a: A): ReaderTaskEither<Env, never, A> => () => () => Promise.resolve(E.right(a))

const failed = (e: DE.DynamoError): ReaderTaskEither<Env, DE.DynamoError, never> => () => () => Promise.resolve(E.left(e))

const foreign = (from: Position, plan: Plan.Plan) =>
  failed(DE.validationError([{ path: 'position', message: `a position ${from._tag} does not belong to a ${plan._tag} read` }]))

/** No check: every item passes. */
const everything: E.Either<never, Evaluate.Predicate> = E.right(() => true)

/** The predicate of a check evaluated in memory, or the error DynamoDB would give for it. */
const predicate = (c: C.Condition | undefined): E.Either<DE.DynamoError, Evaluate.Predicate> => (c === undefined ? everything : Evaluate.conditionE(c))

const checkPageSize = (pageSize: number | undefined): E.Either<DE.DynamoError, number> =>
  pageSize === undefined
    ? E.right(Infinity)
    : Number.isSafeInteger(pageSize) && pageSize >= 1
      ? E.right(pageSize)
      : E.left(DE.validationError([{ path: 'pageSize', message: `must be a whole number ≥ 1, got ${String(pageSize)}` }]))

/**
 * The stream of `plan`'s pages on `table` (the name DynamoDB knows, prefix included), with
 * `options` on every request they apply to.
 */
export const make = (m: AnyModel, table: string, plan: Plan.Plan, options: ReadOptions = {}): E.Either<DE.DynamoError, Stream> => {
  const pageSize = checkPageSize(options.pageSize)
  if (E.isLeft(pageSize)) return pageSize
  const consistent = options.consistentRead === true
  switch (plan._tag) {
    case 'GetItem':
      return getItem(table, plan, consistent)
    case 'BatchGetItem':
      return batchGetItem(m, table, plan, consistent)
    case 'Query': {
      const input = Command.query(table, plan, { descending: options.descending === true, consistentRead: consistent })
      return E.isLeft(input) ? input : E.right(paged(plan, input.right, pageSize.right, (i) => new QueryCommand(i)))
    }
    case 'Scan': {
      const input = Command.scan(table, plan, { consistentRead: consistent })
      return E.isLeft(input) ? input : E.right(paged(plan, input.right, pageSize.right, (i) => new ScanCommand(i)))
    }
  }
}

const getItem = (table: string, plan: Plan.GetItem, consistentRead: boolean): E.Either<DE.DynamoError, Stream> => {
  const passes = predicate(plan.filter)
  if (E.isLeft(passes)) return passes
  const input = Command.get(table, plan.key, { consistentRead })
  if (E.isLeft(input)) return input
  return E.right({
    exact: false,
    read: (from) =>
      from._tag !== 'Start'
        ? foreign(from, plan)
        : (env) => () =>
            sendThen(env, new GetItemCommand(input.right), (out) =>
              E.right({ items: out.Item === undefined || !passes.right(out.Item) ? [] : [out.Item], next: none }),
            ),
  })
}

/**
 * A batch plan pages its key list: a page is the next chunk (at most 100 keys, at most `cap`),
 * read with `batch.ts` (unprocessed keys retried), its items in request order; the plan's filter
 * and each key's own checks are evaluated in memory. A key that stays unread fails the read.
 */
const batchGetItem = (m: AnyModel, table: string, plan: Plan.BatchGetItem, consistentRead: boolean): E.Either<DE.DynamoError, Stream> => {
  const filter = predicate(plan.filter)
  if (E.isLeft(filter)) return filter
  const checks = new Map<string, Evaluate.Predicate>()
  for (const k of plan.keys) {
    if (k.check === undefined) continue
    const check = predicate(k.check)
    if (E.isLeft(check)) return check
    checks.set(M.keyString(m, k.key), check.right)
  }
  const keys = plan.keys.map((k) => k.key)
  const keyOf = (key: AttributeMap) => M.keyString(m, key)
  const passes = (item: AttributeMap): boolean => {
    const check = checks.size === 0 ? undefined : checks.get(keyOf(M.keyOfStored(m, item)))
    return (check === undefined || check(item)) && filter.right(item)
  }
  return E.right({
    exact: false,
    read: (from, cap) => {
      if (from._tag === 'After') return foreign(from, plan)
      const offset = from._tag === 'At' ? from.offset : 0
      const end = Math.min(keys.length, offset + Math.min(BATCH_GET, Math.max(1, cap)))
      const next = end < keys.length ? some<Position>({ _tag: 'At', offset: end }) : none
      if (offset >= end) return resolved({ items: [], next })
      return (env) => async () => {
        const progress = env.batch.onProgress
        const r = await Batch.batchGet(table, keys.slice(offset, end), keyOf, {
          consistentRead,
          ...(progress === undefined ? {} : { onProgress: (p) => progress({ done: offset + p.done, total: keys.length }) }),
        })(env)()
        if (E.isLeft(r)) return r
        const unread = r.right.failed[0]
        return unread !== undefined ? E.left(unread.error) : E.right({ items: r.right.items.filter(passes), next })
      }
    },
  })
}

/** A Query or Scan: a page is one request, from `ExclusiveStartKey`, with `Limit` at most `pageSize` and `cap`. */
const paged = <I extends QueryCommandInput | ScanCommandInput>(
  plan: Plan.Query | Plan.Scan,
  input: I,
  pageSize: number,
  command: (input: I) => QueryCommand | ScanCommand,
): Stream => ({
  exact: plan.filter === undefined,
  read: (from, cap) => {
    if (from._tag === 'At') return foreign(from, plan)
    const limit = Math.min(pageSize, cap)
    const c = command(
      Command.page(input, {
        ...(from._tag === 'After' ? { startKey: from.key } : {}),
        ...(Number.isFinite(limit) ? { pageSize: limit } : {}),
      }),
    )
    return (env) => async () => {
      const out = await send(c)(env)()
      if (E.isLeft(out)) return out
      const last = out.right.LastEvaluatedKey
      return E.right({ items: out.right.Items ?? [], next: last === undefined ? none : some<Position>({ _tag: 'After', key: last }) })
    }
  },
})

// -------------------------------------------------------------------------------------
// consumers
// -------------------------------------------------------------------------------------

/** A fold over pages. */
export interface Fold<B> {
  /**
   * How many more items the fold wants from the next request, given its state and the requests
   * made so far: `0` ends the read; `Infinity` takes whole pages. It caps the next request.
   */
  readonly want: (b: B, requests: number) => number
  /** A page into the state, as it arrives; a `Left` ends the read with it. */
  readonly page: (b: B, page: Page) => E.Either<DE.DynamoError, B>
}

export interface Folded<B> {
  readonly state: B
  /** Where the read would go on after the last page folded; `none` when it reached the end. */
  readonly next: O.Option<Position>
  readonly requests: number
}

/**
 * Read `stream` from `from`, one request at a time, folding each page into the state as it
 * arrives. Ends at the end of the read, when `want` says `0`, or with the first `Left` (no
 * request after it).
 */
export const fold =
  <B>(stream: Stream, from: Position, init: B, f: Fold<B>): ReaderTaskEither<Env, DE.DynamoError, Folded<B>> =>
  (env) =>
  async () => {
    let state = init
    let next: O.Option<Position> = some(from)
    let requests = 0
    while (next._tag === 'Some') {
      const cap = f.want(state, requests)
      if (!(cap > 0)) break
      const page = await stream.read(next.value, cap)(env)()
      requests++
      if (E.isLeft(page)) return page
      const folded = f.page(state, page.right)
      if (E.isLeft(folded)) return folded
      state = folded.right
      next = page.right.next
    }
    return E.right({ state, next, requests })
  }

const checkLimit = (limit: number): E.Either<DE.DynamoError, number> =>
  limit === Infinity || (Number.isSafeInteger(limit) && limit >= 0)
    ? E.right(limit)
    : E.left(DE.validationError([{ path: 'limit', message: `must be a whole number ≥ 0, got ${String(limit)}` }]))

/**
 * The first `limit` items of the read (`Infinity`: all), each through `f` as its page arrives
 * (a page is dropped once read). Requests are capped at the items still wanted when that costs
 * no extra requests (`Stream.exact`), so the read ends with the fewest requests.
 */
export const take =
  <A>(stream: Stream, limit: number, f: (item: AttributeMap) => E.Either<DE.DynamoError, A>): ReaderTaskEither<Env, DE.DynamoError, ReadonlyArray<A>> =>
  (env) =>
  async () => {
    const checked = checkLimit(limit)
    if (E.isLeft(checked)) return checked
    const out: A[] = []
    const r = await fold<A[]>(stream, start, out, {
      want: (as) => (stream.exact ? limit - as.length : as.length < limit ? Infinity : 0),
      page: (as, page) => {
        for (const item of page.items) {
          if (as.length >= limit) break
          const a = f(item)
          if (E.isLeft(a)) return a
          as.push(a.right)
        }
        return E.right(as)
      },
    })(env)()
    return E.isLeft(r) ? r : E.right(r.right.state)
  }

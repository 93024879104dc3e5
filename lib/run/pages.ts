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
 *   keys retried with backoff by `batch.ts`, each request paced when the read is); a GetItem is one page.
 * - `fold` is the one consumer loop: pages folded as they arrive (memory stays flat), ending at
 *   the end, after a `Left`, or when the fold wants no more (a limit reached, enough requests
 *   made). `take` (getMany, deleteMany's finding step) is a fold.
 *
 * Positions are plain data, so a read can resume where another left off: a cursor is a
 * position written down.
 */
import {
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import type * as C from '../ast/Condition.js'
import * as N from '../ast/nodes.js'
import * as Command from '../compile/Command.js'
import * as Expression from '../compile/Expression.js'
import * as DE from '../DynamoError.js'
import {
  answerWhy,
  cameRound,
  capacityWhy,
  itemCapacity,
  cursorCameRound,
  itemCameRound,
  keptWritten,
  partitionOf,
  queryOrder,
  trailAfter,
  unreadableAnswer,
  type KeyOrder,
  type Partition,
  type Trail,
} from './answer.js'
import { READ_LIMIT } from '../rules/limits.js'
import * as Evaluate from '../evaluate/Evaluate.js'
import type * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import { indexKeys, keyAttributes } from '../model/indexKeys.js'
import type * as Plan from '../plan/Plan.js'
import * as Entity from '../plan/Entity.js'
import * as Batch from './batch.js'
import type { Env } from './Env.js'
import { listener } from './listener.js'
import { units, type Pacer } from './pace.js'
import { left, right, wholeOption } from './op.js'
import { sendThen, withSignal, type SendOptions } from './send.js'
import { none, some } from '../internal/option.js'
import { base64 } from '../internal/bytes.js'
import { perObject } from '../internal/memo.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type AttributeMap = Record<string, AttributeValue>

/** Where a read starts or goes on. */
export type Position =
  /** The beginning. */
  | { readonly _tag: 'Start' }
  /**
   * A Query or Scan after this key (`LastEvaluatedKey`, given back as `ExclusiveStartKey`); with
   * the trail of the walk that gave it (`answer.Trail`; a cursor holds it too), none at a walk's first page.
   */
  | { readonly _tag: 'After'; readonly key: AttributeMap; readonly trail?: Trail }
  /** A batch plan at this index of its key list. */
  | { readonly _tag: 'At'; readonly offset: number }

export interface Page {
  /** The stored items this request gave, in order, with the plan's in-memory checks applied. */
  readonly items: ReadonlyArray<AttributeMap>
  /** Where the read goes on after this page; `none` at the end. */
  readonly next: O.Option<Position>
  /** How many items matched: `items.length`, or DynamoDB's `Count` of a counting read. */
  readonly count: number
  /** The read capacity units the request consumed, when it asked (`consumedCapacity`; a batch page: paced); else 0. */
  readonly consumed: number
}

/** The options that reach a read's requests. */
export interface ReadOptions {
  /** The user's operation the requests belong to (`getMany`, `page`, `deleteMany`, …), told to `Env.on`. */
  readonly operation?: string
  /** `ConsistentRead` on every request (GetItem, BatchGetItem, Query, Scan). */
  readonly consistentRead?: boolean
  /** `ScanIndexForward: false` on every Query request. */
  readonly descending?: boolean
  /** The most items one Query or Scan request evaluates (DynamoDB's `Limit`). */
  readonly pageSize?: number
  /** The top-level attributes to read (`ProjectionExpression`); the positions' key attributes are added. */
  readonly projection?: ReadonlyArray<string>
  /** One segment of a parallel Scan. */
  readonly segment?: { readonly index: number; readonly total: number }
  /** Query and Scan requests count (`Select: 'COUNT'`): pages hold no items, only `count`. */
  readonly count?: boolean
  /** Query, Scan and GetItem requests ask for the capacity they consume (`Page.consumed`). */
  readonly consumedCapacity?: boolean
  /** Aborts the request in flight. */
  readonly signal?: AbortSignal
  /**
   * On a model with `ttl`: the items expired at this time are left out (`Command.livePlan`);
   * absent, they are read as any other.
   */
  readonly now?: Date
}

export interface Stream {
  /**
   * One request from `from`: its page. With a finite `cap` the page holds at most `cap` items
   * (a Query or Scan's `Limit` is at most `cap`; a batch page reads at most `cap` keys). A
   * batch page is one `BatchGetItem` and its retries of unprocessed keys: with a `pacer`, each
   * of them is paced (`Batch.BatchGetOptions.pacer`) and the page's `consumed` is their sum. A
   * Query, Scan or GetItem page is one request, paced by its reader (the pacer is not read).
   */
  readonly read: (from: Position, cap: number, pacer?: Pacer) => ReaderTaskEither<Env, DE.DynamoError, Page>
  /**
   * Whether a request gives back every item it reads (a Query or Scan without a filter): then
   * capping a request at the items still wanted costs no extra requests.
   */
  readonly exact: boolean
  /** The position right after `item`, an item of a page of this stream (so that a read may end mid-page). */
  readonly after: (item: AttributeMap) => Position
  /** The attributes an `After` position of this stream holds: the table's key, and the index's when it reads one. */
  readonly keyNames: ReadonlyArray<string>
  /**
   * What this read is, in one string: the table, the index, the compiled expressions with
   * their names and values, the order, the segment, a batch plan's keys (a cursor is bound to
   * it). Computed once, when a cursor first asks (a read without cursors never does).
   */
  readonly identity: () => string
  /**
   * A batch plan's: where a page read with `cap` from `from` ends, without reading it (the
   * next chunk of the key list), so that chunks can be read ahead, at once.
   */
  readonly ahead?: (from: Position, cap: number) => O.Option<Position>
}

type AnyModel = M.Any

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export const start: Position = { _tag: 'Start' }

/** What `Env.on` is told of a read's requests when its caller names no operation (every `Dynamo` operation names itself). */
const reading = 'read'

const foreign = (from: Position, plan: Plan.Plan) =>
  left<never>(DE.validationError([{ path: 'position', message: `a position ${from._tag} does not belong to a ${plan._tag} read` }]))

/** `f`, called at most once, when first asked: its result kept. */
const once = <A>(f: () => A): (() => A) => {
  let a: { readonly value: A } | undefined
  return () => (a ??= { value: f() }).value
}

/** No check: every item passes. */
const everything: E.Either<never, Evaluate.Predicate> = E.right(() => true)

/**
 * The predicate of a check evaluated in memory, or the error DynamoDB would give for it. With
 * `given` (the part of `c` the read's condition gave, checks added around it: an entity's, the
 * time to live's), a refusal tells the two apart as a Query's filter does (`Expression.request`).
 * With `fields` (a read's filter, evaluated on the items of a GetItem or BatchGetItem), `c` is
 * first compiled as a Query's or Scan's filter is, with its model's fields: what that refuses
 * (another model's handle, a `contains` that never holds on the field's stored type) is refused
 * whatever plan the read gets.
 */
export const predicate = (c: C.Condition | undefined, given?: C.Condition, fields?: Expression.Fields): E.Either<DE.DynamoError, Evaluate.Predicate> => {
  if (c === undefined) return everything
  if (fields !== undefined) {
    const compiled = Expression.request(given === undefined ? { condition: c, fields } : { condition: c, fields, given })
    if (E.isLeft(compiled)) return compiled
  }
  const p = Evaluate.condition(c)
  if (E.isRight(p) || given === undefined || given === c || p.left._tag !== 'ExpressionError') return p
  const told = Expression.request({ condition: c, given })
  return E.isLeft(told) ? told : p
}

const unbounded: E.Either<never, number> = E.right(Infinity)

const checkPageSize = (pageSize: number | undefined): E.Either<DE.DynamoError, number> => {
  const why = wholeOption('pageSize', pageSize, 1)
  return why !== undefined ? E.left(why) : pageSize === undefined ? unbounded : E.right(pageSize)
}

/**
 * The stream of `plan`'s pages on `table` (the name DynamoDB knows, prefix included), with
 * `options` on every request they apply to. With `now`, on a model with `ttl`, expired items
 * are left out; the stream's identity is then the plan's own and a mark, never the clock
 * (a cursor taken at one time goes on at another).
 */
export const make = (m: AnyModel, table: string, plan: Plan.Plan, options: ReadOptions = {}): E.Either<DE.DynamoError, Stream> => {
  const live = options.now === undefined ? plan : Command.livePlan(m, plan, options.now)
  if (live === plan) return build(m, table, plan, options)
  const s = build(m, table, live, options, Entity.given(m, plan.filter))
  if (E.isLeft(s)) return s
  const r = s.right
  return E.right({
    read: r.read,
    exact: r.exact,
    after: r.after,
    keyNames: r.keyNames,
    identity: once(() => {
      const g = build(m, table, plan, options)
      return `${E.isRight(g) ? g.right.identity() : ''}\nlive`
    }),
    ...(r.ahead === undefined ? {} : { ahead: r.ahead }),
  })
}

const queryCommand = (i: QueryCommandInput): QueryCommand => new QueryCommand(i)
const scanCommand = (i: ScanCommandInput): ScanCommand => new ScanCommand(i)

/** `given`: the part of the plan's filter the read's condition gave (`Command.ReadOptions.given`; by default the filter without the entity check). */
const build = (m: AnyModel, table: string, plan: Plan.Plan, options: ReadOptions, given = Entity.given(m, plan.filter)): E.Either<DE.DynamoError, Stream> => {
  const pageSize = checkPageSize(options.pageSize)
  if (E.isLeft(pageSize)) return pageSize
  const consistent = options.consistentRead === true
  const keyNames = keyNamesOf(m, plan)
  const projection = options.projection === undefined ? undefined : withNames(options.projection, keyNames)
  const operation = options.operation ?? reading
  const sendOptions = withSignal({ operation }, options.signal)
  switch (plan._tag) {
    case 'GetItem':
    case 'BatchGetItem': {
      const k = keyed(m, table, plan, given, consistent, projection)
      if (E.isLeft(k)) return k
      return plan._tag === 'GetItem' ? getItem(k.right, plan, options.consumedCapacity === true, sendOptions) : batchGetItem(k.right, plan, options.signal, operation)
    }
    case 'Query':
    case 'Scan': {
      const ix = plan.index === undefined ? undefined : m.indexes[plan.index]
      // one object of one shape (a Query takes no segment, a Scan no order)
      const read: Command.ReadOptions = {
        consistentRead: consistent,
        allAttributes: ix !== undefined && ix._tag === 'LocalIndex' && ix.projection !== 'all',
        count: options.count === true,
        consumedCapacity: options.consumedCapacity === true,
        projection: options.count === true ? undefined : projection,
        descending: options.descending === true,
        segment: options.segment,
        given,
        fields: m.fields,
      }
      if (plan._tag === 'Query') {
        // its items are of one partition: the hash key attributes of what it reads
        const keys = ix === undefined ? tableKeys(m) : indexKeys(m, ix)
        if (plan.check !== undefined) return checkedQuery(table, plan, plan.check, keyNames, keys, read, pageSize.right, sendOptions)
        const input = Command.query(table, plan, read)
        return E.isLeft(input) ? input : E.right(paged(plan, keyNames, keys, input.right, pageSize.right, queryCommand, sendOptions))
      }
      const input = Command.scan(table, plan, read)
      return E.isLeft(input) ? input : E.right(paged(plan, keyNames, undefined, input.right, pageSize.right, scanCommand, sendOptions))
    }
  }
}

/** The table's hash and range key attributes, as `indexKeys` gives an index's (made once per model). */
const tableKeys = perObject((m: AnyModel): { readonly hash: ReadonlyArray<string>; readonly range: ReadonlyArray<string> } => ({
  hash: SK.keyNames(m).slice(0, 1),
  range: SK.keyNames(m).slice(1),
}))

/**
 * The key attributes of a read's positions: the table's key; through a global index its key
 * too (each attribute of a multi-attribute key), through a local index its range key (DynamoDB's `LastEvaluatedKey` of such a read).
 */
export const keyNamesOf = (m: AnyModel, plan: Plan.Plan): ReadonlyArray<string> => {
  const index = plan._tag === 'Query' || plan._tag === 'Scan' ? plan.index : undefined
  const ix = index === undefined ? undefined : m.indexes[index]
  // the table's (made once per model)
  if (ix === undefined) return SK.keyNames(m)
  const names = [...SK.keyNames(m)]
  // (every attribute of a multi-attribute key)
  for (const k of keyAttributes(indexKeys(m, ix))) if (!names.includes(k)) names.push(k)
  return names
}

const withNames = (names: ReadonlyArray<string>, more: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set([...names, ...more])]

/** The attributes `names` of a stored item, those it has (a position's key attributes, a read's selected part). */
export const pick = (item: AttributeMap, names: ReadonlyArray<string>): AttributeMap => {
  const out: AttributeMap = {}
  for (const n of names) {
    const v = item[n]
    if (v !== undefined) out[n] = v
  }
  return out
}

/**
 * A deterministic text of a request's input, for a read's identity: JSON with every object's
 * keys sorted, `undefined` members left out, binary as `"b:<base64>"`. (A Query or Scan's
 * identity takes a shorter one where it can: `identityText`.)
 */
const canonical = (u: unknown): string => {
  switch (typeof u) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(u)
    case 'object': {
      if (u === null) return 'null'
      if (u instanceof Uint8Array) return `"b:${base64(u)}"`
      let s: string
      if (Array.isArray(u)) {
        s = '['
        for (let i = 0; i < u.length; i++) s += (i === 0 ? '' : ',') + canonical(u[i])
        return `${s}]`
      }
      const o = u as Record<string, unknown>
      const keys = Object.keys(o)
      if (keys.length > 1) keys.sort()
      s = '{'
      let first = true
      for (const k of keys) {
        const v = o[k]
        if (v === undefined) continue
        s += `${first ? '' : ','}${JSON.stringify(k)}:${canonical(v)}`
        first = false
      }
      return `${s}}`
    }
    default:
      return 'null'
  }
}

/**
 * The members of a Query or Scan input, each by one letter in a read's identity (the identity
 * is hashed into every cursor made and read: the full names would make it twice as long),
 * kept as the text that opens the member there (`\n<code>=`).
 */
const memberCodes: ReadonlyMap<string, string> = new Map(
  (
    [
      ['TableName', 'T'],
      ['IndexName', 'I'],
      ['KeyConditionExpression', 'K'],
      ['FilterExpression', 'F'],
      ['ProjectionExpression', 'P'],
      ['ExpressionAttributeNames', 'N'],
      ['ExpressionAttributeValues', 'V'],
      ['ScanIndexForward', 'O'],
      ['ConsistentRead', 'C'],
      ['Select', 'S'],
      ['ReturnConsumedCapacity', 'R'],
      ['Segment', 'G'],
      ['TotalSegments', 'H'],
      ['Limit', 'L'],
    ] as const
  ).map(([member, code]) => [member, `\n${code}=`]),
)

/**
 * The identity of a Query or Scan: its kind and its input, member by member in the order
 * `Command` builds them (one order for one query), each as `\n<code>=<value>` (`memberCodes`):
 * a string as `<length>:<text>` (its length first, so no text can pass for another's end), a
 * number or boolean as written, the names map as `<placeholder>=<length>:<name>;` each, the
 * values map as `<placeholder>=S|N<length>:<text>;` each. An input this does not cover (a
 * member without a code, a value that is not a string or number) takes `canonical`, whose
 * text starts with `{`, never a code. Exported for its spec.
 */
export const identityText = (tag: string, input: QueryCommandInput | ScanCommandInput): string => {
  let s = tag
  const members = input as unknown as Record<string, unknown>
  for (const k in members) {
    const v = members[k]
    if (v === undefined) continue
    const code = memberCodes.get(k)
    if (code === undefined) return `${tag}\n${canonical(input)}`
    switch (typeof v) {
      case 'string':
        s = s + code + v.length + ':' + v
        continue
      case 'number':
      case 'boolean':
        s = s + code + v
        continue
    }
    if (k === 'ExpressionAttributeNames' && v !== null) {
      s += code
      const names = v as Record<string, unknown>
      for (const n in names) {
        const name = names[n]
        if (typeof name !== 'string') return `${tag}\n${canonical(input)}`
        s = s + n + '=' + name.length + ':' + name + ';'
      }
      continue
    }
    if (k === 'ExpressionAttributeValues' && v !== null) {
      s += code
      const values = v as Record<string, unknown>
      for (const n in values) {
        const av = values[n] as AttributeValue | null | undefined
        if (typeof av !== 'object' || av === null) return `${tag}\n${canonical(input)}`
        if (av.S !== undefined && typeof av.S === 'string') s = s + n + '=S' + av.S.length + ':' + av.S + ';'
        else if (av.S === undefined && av.N !== undefined && typeof av.N === 'string') s = s + n + '=N' + av.N.length + ':' + av.N + ';'
        else return `${tag}\n${canonical(input)}`
      }
      continue
    }
    return `${tag}\n${canonical(input)}`
  }
  return s
}

/** Whether two lists hold the same elements (`===`), in the same order. */
export const sameList = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const consumedOf = (out: { readonly ConsumedCapacity?: unknown }): number => units(out.ConsumedCapacity)

/**
 * A read of known keys (a GetItem, a BatchGetItem), whose filter is evaluated in memory on the
 * items read, and a batch plan's keys' own checks too: so its projection reads what they test.
 */
interface Keyed {
  readonly m: AnyModel
  readonly table: string
  readonly consistentRead: boolean
  /** The filter (every item passes without one). */
  readonly passes: Evaluate.Predicate
  /** The attributes read, those the checks test among them; `undefined`: every attribute. */
  readonly projection: ReadonlyArray<string> | undefined
}

/** `given`: the part of the filter the read's condition gave (`predicate`), compiled with the model's fields. */
const keyed = (
  m: AnyModel,
  table: string,
  plan: Plan.GetItem | Plan.BatchGetItem,
  given: C.Condition | undefined,
  consistentRead: boolean,
  projection: ReadonlyArray<string> | undefined,
): E.Either<DE.DynamoError, Keyed> => {
  // only the caller's part is held to the model's fields: the checks the library adds (an
  // entity's, the time to live's) are its own, and a read by key that gave none compiles nothing
  if (given !== undefined) {
    const compiled = Expression.request({ condition: given, fields: m.fields })
    if (E.isLeft(compiled)) return compiled
  }
  const passes = predicate(plan.filter, given)
  if (E.isLeft(passes)) return passes
  const tested = plan._tag === 'BatchGetItem' ? [plan.filter, ...plan.keys.map((k) => k.check)] : [plan.filter]
  const names = projection === undefined ? undefined : withNames(projection, tested.flatMap((c) => (c === undefined ? [] : N.topNames(c))))
  return E.right({ m, table, consistentRead, passes: passes.right, projection: names })
}

const getItem = ({ m, table, consistentRead, passes, projection }: Keyed, plan: Plan.GetItem, consumedCapacity: boolean, sendOptions: SendOptions | undefined): E.Either<DE.DynamoError, Stream> => {
  const input = Command.getItem(table, plan, { consistentRead, ...(projection === undefined ? {} : { projection }) })
  if (E.isLeft(input)) return input
  if (consumedCapacity) input.right.ReturnConsumedCapacity = 'TOTAL'
  return E.right({
    exact: false,
    after() {
      return start
    },
    keyNames: SK.keyNames(m),
    identity: once(() => canonical(['GetItem', input.right])),
    read(from) {
      return from._tag !== 'Start'
        ? foreign(from, plan)
        : (env) => () =>
            sendThen(
              env,
              new GetItemCommand(input.right),
              (out) => {
                const why = capacityWhy(out.ConsumedCapacity, itemCapacity)
                if (why !== undefined) return E.left(unreadableAnswer(why))
                const items = out.Item === undefined || !passes(out.Item) ? [] : [out.Item]
                return E.right({ items, next: none, count: items.length, consumed: consumedOf(out) })
              },
              sendOptions,
            )
    },
  })
}

/** The chunk of a key list of `n` keys a batch page reads from `from`: at most 100 keys, at most `cap`. */
const chunkOf = (n: number, from: Position, cap: number): { readonly offset: number; readonly end: number; readonly next: O.Option<Position> } => {
  const offset = from._tag === 'At' ? from.offset : 0
  const end = Math.min(n, offset + Math.min(Batch.getChunkSize, Math.max(1, cap)))
  return { offset, end, next: end < n ? some<Position>({ _tag: 'At', offset: end }) : none }
}

/**
 * A batch plan pages its key list: a page is the next chunk (at most 100 keys, at most `cap`),
 * read with `batch.ts` (unprocessed keys retried), its items in request order; the plan's filter
 * and each key's own checks are evaluated in memory. A key that stays unread fails the read.
 */
const batchGetItem = (
  { m, table, consistentRead, passes, projection: names }: Keyed,
  plan: Plan.BatchGetItem,
  signal: AbortSignal | undefined,
  operation: string,
): E.Either<DE.DynamoError, Stream> => {
  const checks = new Map<string, Evaluate.Predicate>()
  for (const k of plan.keys) {
    if (k.check === undefined) continue
    const check = predicate(k.check, undefined, m.fields)
    if (E.isLeft(check)) return check
    checks.set(SK.keyString(m, k.key), check.right)
  }
  const keys = plan.keys.map((k) => k.key)
  // where each key stands in the list (keys are distinct: the plan collapsed duplicates)
  let at: Map<string, number> | undefined
  let settled: number | undefined
  return E.right({
    exact: false,
    after(item) {
      at ??= new Map(keys.map((k, i) => [SK.keyString(m, k), i]))
      return { _tag: 'At', offset: (at.get(SK.keyString(m, item)) ?? -1) + 1 }
    },
    keyNames: SK.keyNames(m),
    identity: once(() =>
      canonical([
        'BatchGetItem',
        table,
        keys.map((k) => SK.keyString(m, k)),
        names ?? null,
        plan.filter === undefined ? null : Expression.show(plan.filter),
        plan.keys.map((k) => (k.check === undefined ? null : Expression.show(k.check))),
      ]),
    ),
    ahead(from, cap) {
      return chunkOf(keys.length, from, cap).next
    },
    read(from, cap, pacer) {
      if (from._tag === 'After') return foreign(from, plan)
      const { offset, end, next } = chunkOf(keys.length, from, cap)
      if (offset >= end) return right<Page>({ items: [], next, count: 0, consumed: 0 })
      return (env) => async () => {
        const progress = listener(env.batch.onProgress)
        // chunks may be read at once (read ahead): the keys settled are counted across them, so progress never goes back
        settled ??= offset
        let mine = 0
        const r = await Batch.batchGet(table, keys.slice(offset, end), (key) => SK.keyString(m, key), {
          consistentRead,
          operation,
          ...(names === undefined ? {} : { projection: names }),
          ...(signal === undefined ? {} : { signal }),
          ...(pacer === undefined ? {} : { pacer }),
          ...(progress === undefined
            ? {}
            : {
                onProgress: (p) => {
                  settled = (settled ?? offset) + p.done - mine
                  mine = p.done
                  progress({ done: settled, total: keys.length })
                },
              }),
        })(env)()
        if (E.isLeft(r)) return r
        const unread = r.right.failed[0]
        if (unread !== undefined) return E.left(unread.error)
        const items = r.right.items.filter((item) => {
          const check = checks.size === 0 ? undefined : checks.get(SK.keyString(m, SK.keyOfStored(m, item)))
          return (check === undefined || check(item)) && passes(item)
        })
        return E.right({ items, next, count: items.length, consumed: r.right.consumed })
      }
    },
  })
}

/**
 * A Query's or Scan's response to a request from `from` as a page; its next position carries the
 * walk's trail (a key given before ends it). With `order` (a Query of the table's items), its
 * `LastEvaluatedKey` and each of its items are past the key sent in that order; with
 * `partition` (a Query's), its items are of it.
 */
const pageOf = (
  out: QueryCommandOutput | ScanCommandOutput,
  keyNames: ReadonlyArray<string>,
  from: Position,
  order: KeyOrder | undefined,
  partition: Partition | undefined,
): E.Either<DE.DynamoError, Page> => {
  const after = from._tag === 'After' ? from : undefined
  const why = answerWhy(out, keyNames, after?.key, order, partition)
  if (why !== undefined) return E.left(unreadableAnswer(why))
  const last = out.LastEvaluatedKey
  const trail = last === undefined || after === undefined ? undefined : trailAfter(keyNames, after.key, after.trail, last)
  if (trail === undefined && after !== undefined && last !== undefined) {
    return E.left(roundError(after.trail, cameRound))
  }
  const items = out.Items ?? []
  return E.right({
    items,
    next: last === undefined ? none : some<Position>(trail === undefined ? { _tag: 'After', key: last } : { _tag: 'After', key: last, trail }),
    count: out.Count ?? items.length,
    consumed: consumedOf(out),
  })
}

/**
 * The position right after `item`, an item of the page `stream` read from `from` (a read that
 * ends mid-page goes on from there), with the walk's trail carried on (`answer.Trail`): the
 * keys a walk goes on from are one sequence, whether an answer's `LastEvaluatedKey` or an
 * item's, so an endpoint whose items come round again (each answer holding more items than
 * the page takes) ends the walk as one whose `LastEvaluatedKey`s do: a `Left`. A walk that
 * starts at the start, or at a batch plan's offset, has no trail to carry.
 */
export const afterItem = (stream: Stream, from: Position, item: AttributeMap): E.Either<DE.DynamoError, Position> => {
  const at = stream.after(item)
  if (at._tag !== 'After' || from._tag !== 'After') return E.right(at)
  const trail = trailAfter(stream.keyNames, from.key, from.trail, at.key)
  if (trail === undefined) return E.left(roundError(from.trail, itemCameRound))
  return E.right({ _tag: 'After', key: at.key, trail })
}

/**
 * The error of a walk that found a key it gave before against `trail` (`why`: at a
 * `LastEvaluatedKey` or an item): the cursor's `ValidationError` where the key found is one a
 * plain cursor wrote (`answer.keptWritten`: anyone can write one, so an honest endpoint's next
 * key may be it), else the endpoint's `InvalidAnswer`.
 */
const roundError = (trail: Trail | undefined, why: string): DE.DynamoError =>
  keptWritten(trail) ? DE.validationError([{ path: 'cursor', message: cursorCameRound }]) : unreadableAnswer(why)

/**
 * A Query or Scan: a page is one request, from `ExclusiveStartKey`, with `Limit` at most
 * `pageSize` and `cap`. `keys`: a Query's hash key attributes, whose values its items all hold,
 * and range key attributes, within whose key condition its `LastEvaluatedKey`s all are.
 */
const paged = <I extends QueryCommandInput | ScanCommandInput>(
  plan: Plan.Query | Plan.Scan,
  keyNames: ReadonlyArray<string>,
  keys: { readonly hash: ReadonlyArray<string>; readonly range: ReadonlyArray<string> } | undefined,
  input: I,
  pageSize: number,
  command: (input: I) => QueryCommand | ScanCommand,
  sendOptions: SendOptions | undefined,
): Stream => {
  // a Query's range key orders its items (the table's, or the index's), so each answer's key is not before the one sent
  const order: KeyOrder | undefined =
    keys === undefined || plan._tag !== 'Query' ? undefined : queryOrder(keys.range, (input as QueryCommandInput).ScanIndexForward === false, plan.index !== undefined)
  // read from the key condition's AST when a first answer comes
  const partition =
    keys === undefined || plan._tag !== 'Query' ? undefined : once(() => partitionOf(plan.keyCondition, keys.hash, keys.range))
  return {
    exact: plan.filter === undefined,
    after(item) {
      return { _tag: 'After', key: pick(item, keyNames) }
    },
    keyNames,
    // a function, not a getter: an object literal with an accessor is slow for V8 to make (P page)
    identity: once(() => identityText(plan._tag, input)),
    read(from, cap) {
      if (from._tag === 'At') return foreign(from, plan)
      const limit = Math.min(pageSize, cap)
      const sent = from._tag === 'After' ? from.key : undefined
      const c = command(Command.page(input, sent, limit <= READ_LIMIT ? limit : undefined))
      // the SDK's promise and a handler (`sendThen`), no async function around it: one is sent
      // per page; a page after a key: its answer must not give that key, nor one its walk gave before, back (`pageOf`)
      // a segment's page from a cursor's key: DynamoDB's refusal of a key of another segment is the cursor's (as Env.on is told it too)
      const options = sent === undefined || (input as ScanCommandInput).Segment === undefined ? sendOptions : { ...sendOptions, refusal: outsideSegment }
      return (env) => () => sendThen(env, c, (out: QueryCommandOutput | ScanCommandOutput) => pageOf(out, keyNames, from, order, partition?.()), options)
    },
  }
}

/**
 * DynamoDB's words refusing a segment's Scan from a key outside that segment: DynamoDB's
 * ("… Please use ExclusiveStartKey with correct Segment …") and DynamoDB Local's ("Exclusive
 * start key must lie within the segment").
 */
const outsideSegmentWords = /within the segment|with correct Segment/i

/**
 * DynamoDB's refusal of a segment's Scan from a key outside that segment: a position this
 * segment's reads never give (they start from its own items' keys), so one from a cursor made
 * for another segment with its tag forged (without `cursorKey` the tag is a checksum, which
 * anyone can compute; which segment holds a key is DynamoDB's own hash, not known before the
 * request): the cursor's `ValidationError`. Nothing is read.
 */
const outsideSegment = (e: DE.DynamoError): DE.DynamoError =>
  e._tag === 'AwsError' && e.name === 'ValidationException' && outsideSegmentWords.test(e.message)
    ? DE.validationError([{ path: 'cursor', message: `holds a position outside this read's segment (DynamoDB: ${e.message}): a cursor of another segment, with its tag forged` }])
    : e

/**
 * A Query with a check evaluated in memory (`Plan.Query.check`, which tests only the range
 * key): a page is one request, as `paged`'s, its items those that pass. A count reads the
 * key attributes of the items (none transferred otherwise) and counts those that pass.
 */
const checkedQuery = (
  table: string,
  plan: Plan.Query,
  check: C.Condition,
  keyNames: ReadonlyArray<string>,
  keys: { readonly hash: ReadonlyArray<string>; readonly range: ReadonlyArray<string> },
  read: Command.ReadOptions,
  pageSize: number,
  sendOptions: SendOptions | undefined,
): E.Either<DE.DynamoError, Stream> => {
  const passes = predicate(check)
  if (E.isLeft(passes)) return passes
  const counting = read.count === true
  const input = Command.query(table, plan, counting ? { ...read, count: false, projection: keyNames, checked: true } : { ...read, checked: true })
  if (E.isLeft(input)) return input
  const inner = paged(plan, keyNames, keys, input.right, pageSize, queryCommand, sendOptions)
  const keep = passes.right
  return E.right({
    exact: false,
    after: inner.after,
    keyNames,
    identity: once(() => `${inner.identity()}\ncheck=${Expression.show(check)}${counting ? '\ncount' : ''}`),
    read(from, cap) {
      const r = inner.read(from, cap)
      return (env) => async () => {
        const page = await r(env)()
        if (E.isLeft(page)) return page
        const items = page.right.items.filter((item) => keep(item))
        return E.right({ items: counting ? [] : items, next: page.right.next, count: items.length, consumed: page.right.consumed })
      }
    },
  })
}

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

/**
 * The first `limit` items of the read (`Infinity`: all; a whole number, as its callers have
 * checked it), each through `f` as its page arrives (a page is dropped once read). Requests are
 * capped at the items still wanted when that costs no extra requests (`Stream.exact`), so the
 * read ends with the fewest requests.
 */
export const take =
  <A>(stream: Stream, limit: number, f: (item: AttributeMap) => E.Either<DE.DynamoError, A>): ReaderTaskEither<Env, DE.DynamoError, ReadonlyArray<A>> =>
  (env) =>
  async () => {
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

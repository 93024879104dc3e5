/**
 * A table's data, in bulk: `dump` (parallel segment scans written as lines of DynamoDB's
 * export format, honouring the output's backpressure), `load` (lines read, validated and
 * written in `BatchWriteItem` chunks, a bounded number of items in memory at once) and
 * `clearTable` (every key scanned and deleted). They work on a `Target` (a table, its key
 * attributes and how to check an item), made from a model (`Dynamo.dump`, `Dynamo.load`,
 * `Dynamo.clearTable`) or from a raw table's description (the `dynamongo` command line).
 */
import { GetItemCommand, PutItemCommand, ScanCommand, type PutItemCommandInput, type ScanCommandInput, type WriteRequest } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Command from '../compile/Command.js'
import * as DE from '../DynamoError.js'
import * as Item from '../codec/Item.js'
import { ITEM_BYTES, TOTAL_SEGMENTS } from '../rules/limits.js'
import * as M from '../model/Model.js'
import * as Computed from '../model/computed.js'
import type * as C from '../ast/Condition.js'
import * as Entity from '../plan/Entity.js'
import * as Expression from '../compile/Expression.js'
import * as P from '../ast/Path.js'
import * as SK from '../model/storedKey.js'
import * as Line from '../table/Line.js'
import type * as Table from '../table/Table.js'
import * as Batch from './batch.js'
import type { Op } from './Dynamo.js'
import * as Env from './Env.js'
import { listener, told } from './listener.js'
import { abortError, runEither, send, withSignal, type Outcome } from './send.js'
import { cleaner } from './config.js'
import { guard, names as optionNames, wholeOption } from './op.js'
import { read as readOptions } from './options.js'
import * as Clock from './clock.js'
import { answerWhy, cameRound, trailAfter, unreadableAnswer, type Trail } from './answer.js'
import { describeByName } from './tables.js'
import { offAbort, onAbort } from './abort.js'
import { atLeastOne, pause } from './retry.js'
import { count, kindOf, thrown } from '../internal/show.js'
import { modelError, withModel } from '../model/isModel.js'
import { checkMap } from '../codec/attributeShape.js'
import { isRecord } from '../internal/own.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------


/**
 * How far a bulk operation has got: `done` items (for `load`, lines read), of about `total`
 * (DynamoDB's approximate item count of the table; never given by `load`, nor for an entity of
 * a shared table, whose own items are counted nowhere) when known.
 *
 * @category model
 */
export interface ItemProgress {
  readonly done: number
  readonly total?: number
}

/**
 * The options of `dump`: parallel segments, progress, cancellation.
 *
 * @category model
 */
export interface DumpOptions {
  /** Parallel segment scans (DynamoDB's `TotalSegments`, 1 to 1,000,000), default 1; at most the Env's `concurrency` run at once. */
  readonly segments?: number | undefined
  readonly onProgress?: ((progress: ItemProgress) => void) | undefined
  /** Cancels: no request starts after it; `Left(AwsError)` named `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options of `load`: progress, cancellation.
 *
 * @category model
 */
export interface LoadOptions {
  /**
   * Told after each group of lines is written (its failures told) and once at the end: `done`
   * is the lines read up to that group's last (blank and failed lines too, not the items
   * written); no `total`.
   */
  readonly onProgress?: ((progress: ItemProgress) => void) | undefined
  /**
   * Each line that fails, as it fails (in the order found: a write's failure comes after the
   * lines read since it was sent), instead of keeping it: `LoadResult.fail` (and a stopped
   * load's error's `fail`) then holds none, so a load of any number of bad lines holds none of
   * them, only their count and the lowest 1,000 numbers of each outcome for a stopped load's
   * message (the command line's `--failed FILE` writes them so, and counts them). It is called
   * one at a time: a promise it returns is awaited before it is called again and before the
   * load reads on, and the load ends (its `Right`, or its `Left` however it stopped, an abort
   * too) only once the last has settled, so an `onFail` whose promise never settles holds the
   * load. Its throw or rejection is ignored, as a listener's is.
   */
  readonly onFail?: ((failure: LoadFailure) => void | PromiseLike<void>) | undefined
  /**
   * Cancels: no line is read and no request starts after it; `Left(AwsError)` named
   * `AbortError`, saying the line it stopped after, the items written and the lines whose
   * outcome is unknown (they may have been written): those whose requests it ended in flight
   * ("aborted in flight"), and those an earlier request left unanswered; its `fail` holds every
   * line that failed before, as a whole load's does. An abort that comes
   * while the last lines (those after the last whole group, every line read) are written is
   * a `Right` whose `fail` holds them.
   */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options of `clearTable`: progress, cancellation.
 *
 * @category model
 */
export interface ClearOptions {
  readonly onProgress?: ((progress: ItemProgress) => void) | undefined
  /** Cancels: no request starts after it; `Left(AwsError)` named `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/** The options of `dump`, `load` and `clearTable`, by name (`readOptions`). */
const dumpOptionNames = optionNames<DumpOptions>({ segments: true, onProgress: true, signal: true })
const loadOptionNames = optionNames<LoadOptions>({ onProgress: true, onFail: true, signal: true })
const clearOptionNames = optionNames<ClearOptions>({ onProgress: true, signal: true })

/** Whether a failed write may have been stored: `not-written` only when it surely was not (`send.ts`). */
export type { Outcome } from './send.js'

/** What `Env.on` is told of a dump's requests, and of a load's single puts. */
const dumping = { operation: 'dump' } as const
const loading = { operation: 'load' } as const


/**
 * A line of a load that was not written: its number, the error and what became of the write.
 *
 * @category model
 */
export interface LoadFailure {
  /** The line's number in the input, from 1 (blank lines counted, not loaded). */
  readonly line: number
  readonly error: DE.DynamoError
  readonly outcome: Outcome
}

/**
 * What `load` did: how many items it wrote, and the lines it did not.
 *
 * @category model
 */
export interface LoadResult {
  readonly written: number
  /** Every line that failed, by line number; none when they went to `LoadOptions.onFail`. */
  readonly fail: ReadonlyArray<LoadFailure>
}

/**
 * What the bulk operations need of a table.
 *
 * @category model
 */
export interface Target {
  /** The name DynamoDB knows. */
  readonly table: string
  readonly hashKey: string
  readonly rangeKey: string | undefined
  readonly keyTypes: Readonly<Record<string, M.StoredKeyType>>
  /**
   * Whether an item read from a line may be stored (its key, its shape, its size: not
   * computed when `within`, the line being short enough, `Line.surelyWithin`); gives the item to store.
   */
  readonly check: (item: M.AttributeMap, within?: boolean) => E.Either<DE.DynamoError, M.AttributeMap>
  /**
   * A versioned model: the conditional `PutItem` that restores a checked item as it is, over
   * no newer version (`Command.restoreItem`); absent, items are written in batches.
   */
  readonly restore?: (item: M.AttributeMap, now: Date) => E.Either<DE.DynamoError, PutItemCommandInput>
  /** The items of the table that are the target's (a model with an entity: its own, Entity.ts); absent: every item. */
  readonly filter?: C.Condition
}

// -------------------------------------------------------------------------------------
// targets
// -------------------------------------------------------------------------------------

const sized = (item: M.AttributeMap): E.Either<DE.DynamoError, M.AttributeMap> => {
  const n = Item.size(item)
  return n > ITEM_BYTES ? E.left(DE.itemTooLarge(n)) : E.right(item)
}

/** The operation `f` on the table of `m`, once `m` is a model (`modelError`: else a ValidationError, before any request). */
const modelOp =
  <A>(m: M.Model<any, any, any, any>, f: (target: Target) => Op<A>) =>
  (env: Env.Env): Promise<E.Either<DE.DynamoError, A>> => {
    const notModel = modelError(m)
    return notModel !== undefined ? Promise.resolve(E.left(notModel)) : f(modelTarget(env, m))(env)()
  }

/** The line `item` of a model with an entity (its attribute `ea`) without the composed keys it holds, its entity attribute the model's where it holds none. */
const fieldsOf = (m: M.Model<any, any, any, any>, item: M.AttributeMap, ea: string): M.AttributeMap => {
  const out: M.AttributeMap = { ...item }
  for (const c of Computed.computed(m)) if (c.template !== undefined) delete out[c.attribute]
  if (out[ea] === undefined) out[ea] = { S: m.entity as string }
  return out
}

/** A model's table: an item must decode through the model, with a valid key, within DynamoDB's size. */
const modelTarget = (env: Env.Env, m: M.Model<any, any, any, any>): Target => {
  const table = Env.tableName(env, m.table)
  const filter = Entity.condition(m)
  const target: Target = {
    table,
    hashKey: m.hashKey,
    rangeKey: m.rangeKey,
    keyTypes: m.keyTypes,
    check: (item, within) => {
      // a model with an entity: a line of another entity is not its own (decode refuses it); the
      // keys and the entity attribute are computed from the fields, as on every write, so a line
      // without them is the model's. The line's fields decode without its composed keys (those
      // it holds are compared below, with the load's one message, not a read's); the keys are
      // composed from the fields as a save of the decoded item stores them, so they are the keys
      // a save writes and a read composes (the fields are written as the line holds them)
      const ea = m.entityAttribute
      const decoded = M.decode(m, ea === undefined ? item : fieldsOf(m, item, ea))
      if (E.isLeft(decoded)) return decoded
      const stored = ea === undefined ? E.right(item) : withModel(m, () => Computed.withKeys(m, item, Computed.savedFields(m, item)))
      if (E.isLeft(stored)) return stored
      const differs = ea === undefined ? undefined : Computed.disagreeing(m, item, stored.right, 'the line')
      if (differs !== undefined) return E.left(differs)
      const key = SK.checkKey(m, stored.right)
      if (E.isLeft(key)) return key
      // the keys of its indexes, as every write of the model checks them
      const indexed = SK.checkIndexKeys(SK.indexKeySides(m), m.keyTypes, stored.right)
      if (E.isLeft(indexed)) return indexed
      // computed key attributes add to the item: its size is computed
      return within === true && ea === undefined ? stored : sized(stored.right)
    },
    ...(filter === undefined ? {} : { filter }),
  }
  return m.version === undefined ? target : { ...target, restore: (item, now) => Command.restoreItem(m, table, item, now) }
}

/** The attributes of one side of an index's key as DynamoDB describes it (one, or a multi-attribute key's). */
const keyAttributes = (k: Table.IndexKey): ReadonlyArray<Table.KeyAttribute> => (Array.isArray(k) ? (k as ReadonlyArray<Table.KeyAttribute>) : [k as Table.KeyAttribute])

/** Whether DynamoDB refuses a write that breaks the index's key: an index ACTIVE or UPDATING (its units), not backfilling. */
const writesChecked = (ix: Table.IndexInfo): boolean => (ix.status === 'ACTIVE' || ix.status === 'UPDATING') && !ix.backfilling

/**
 * The sides of the keys of a raw table's indexes that refuse writes (`writesChecked`), as `SK.indexKeySides` gives a model's: each
 * global index's hash and range attributes, each local index's range attribute (its hash key
 * is the table's); with the stored type of each attribute.
 */
const describedIndexKeys = (info: Table.TableInfo): { readonly sides: ReadonlyArray<SK.IndexKeySide>; readonly types: Readonly<Record<string, M.StoredKeyType>> } => {
  const sides: SK.IndexKeySide[] = []
  const types: Record<string, M.StoredKeyType> = {}
  for (const [index, ix] of Object.entries(info.indexes)) {
    // an index being built (CREATING, backfilling) or DELETING refuses no write: DynamoDB takes
    // an item that breaks its key and records it as a violation of the backfill
    if (!writesChecked(ix)) continue
    const hash = keyAttributes(ix.hashKey)
    const range = ix.rangeKey === undefined ? [] : keyAttributes(ix.rangeKey)
    for (const a of [...hash, ...range]) types[a.name] = a.type
    if (ix._tag === 'GlobalIndex') sides.push({ index, role: 'hash', names: hash.map((a) => a.name) })
    if (range.length > 0) sides.push({ index, role: 'range', names: range.map((a) => a.name) })
  }
  return { sides, types }
}

/**
 * A raw table, as DynamoDB describes it: an item must hold its key attributes, of their types,
 * its indexes' key attributes it holds of theirs (non-empty, within their bytes), within DynamoDB's size.
 */
export const rawTarget = (info: Table.TableInfo): Target => {
  const keyTypes: Record<string, M.StoredKeyType> = { [info.hashKey.name]: info.hashKey.type }
  if (info.rangeKey !== undefined) keyTypes[info.rangeKey.name] = info.rangeKey.type
  const keys = { hashKey: info.hashKey.name, rangeKey: info.rangeKey?.name, keyTypes }
  const indexes = describedIndexKeys(info)
  return {
    table: info.name,
    ...keys,
    check: (item, within) => {
      const key = SK.checkKey(keys, item)
      if (E.isLeft(key)) return key
      const indexed = SK.checkIndexKeys(indexes.sides, indexes.types, item)
      if (E.isLeft(indexed)) return indexed
      return within === true ? E.right(item) : sized(item)
    },
  }
}

const keyOf = (t: Target) => (req: WriteRequest) => SK.keyString(t, (req.PutRequest?.Item ?? req.DeleteRequest?.Key) as M.AttributeMap)

const keyNames = (t: Target): ReadonlyArray<string> => (t.rangeKey === undefined ? [t.hashKey] : [t.hashKey, t.rangeKey])

// -------------------------------------------------------------------------------------
// scanning
// -------------------------------------------------------------------------------------

/** One page of a segment scan: its items, and the key it goes on from (`undefined` at the end) with the walk's trail (`answer.Trail`). */
interface ScanPage {
  readonly items: ReadonlyArray<M.AttributeMap>
  readonly last: M.AttributeMap | undefined
  readonly trail?: Trail
}

/**
 * One segment of a Scan of the whole table: a request per page, going on from
 * `LastEvaluatedKey`, throttling and server errors retried. With `keysOnly`, only the key
 * attributes are read. (pages.ts's streams read a model's plan; a raw table has no model.)
 * Consistent reads: a dump or a clear then sees every write completed before it began (an
 * eventually consistent Scan may miss one of the last second), at twice the read units.
 */
const segmentReader = (t: Target, segment: number, segments: number, keysOnly: boolean, sending: { readonly operation: string }) => {
  const names = keyNames(t)
  const base: E.Either<DE.DynamoError, ScanCommandInput> = t.filter !== undefined ? filtered(t, t.filter, segment, segments, keysOnly) : E.right({
    TableName: t.table,
    ConsistentRead: true,
    ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
    ...(keysOnly
      ? { ProjectionExpression: names.map((_, i) => `#k${i}`).join(', '), ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#k${i}`, n])) }
      : {}),
  })
  // from the key and trail of the page before (none: the segment's start); a key the segment gave before ends it, as a read's (`pages.ts`)
  return (before: Pick<ScanPage, 'last' | 'trail'> | undefined): Op<ScanPage> =>
    (env) =>
    async () => {
      if (E.isLeft(base)) return base
      const from = before?.last
      const out = await send(new ScanCommand(from === undefined ? base.right : { ...base.right, ExclusiveStartKey: from }), sending)(env)()
      if (E.isLeft(out)) return out
      const why = answerWhy(out.right, names, from)
      if (why !== undefined) return E.left(unreadableAnswer(why))
      const items = out.right.Items ?? []
      const last = out.right.LastEvaluatedKey
      if (from === undefined || last === undefined) return E.right({ items, last })
      const trail = trailAfter(names, from, before?.trail, last)
      return trail === undefined ? E.left(unreadableAnswer(cameRound)) : E.right({ items, last, trail })
    }
}

/** A Scan input keeping only the target's items (`filter`), with its key attributes only when `keysOnly`. */
const filtered = (t: Target, filter: C.Condition, segment: number, segments: number, keysOnly: boolean): E.Either<DE.DynamoError, ScanCommandInput> =>
  E.map((x: Expression.RequestExpressions): ScanCommandInput => ({ TableName: t.table, ConsistentRead: true, ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}), ...x }))(
    Expression.request({ filter, ...(keysOnly ? { projection: keyNames(t).map((n) => P.of(n)) } : {}) }),
  )

/**
 * Read every segment to its end, handing each page to `onPage`, at most `env.batch.concurrency`
 * segments at once (a segment starts when one ends: thousands of segments of a small table are
 * as many requests, never as many at once); the first `Left` (of a request or of `onPage`)
 * stops every segment and starts no other. With `ahead`, a segment asks for its
 * next page before handing this one over, so DynamoDB reads it while `onPage` works (at most
 * two pages of a segment in memory: one handed over, one coming); without, `onPage` is
 * awaited before the segment's next request. A request in flight is always awaited: when
 * this settles, no request of it is pending.
 */
const scanAll = async (
  env: Env.Env,
  t: Target,
  segments: number,
  keysOnly: boolean,
  ahead: boolean,
  sending: { readonly operation: string },
  onPage: (items: ReadonlyArray<M.AttributeMap>) => Promise<E.Either<DE.DynamoError, void>>,
): Promise<E.Either<DE.DynamoError, void>> => {
  let failed: DE.DynamoError | undefined
  const run = async (segment: number): Promise<void> => {
    const read = segmentReader(t, segment, segments, keysOnly, sending)
    let next: Promise<E.Either<DE.DynamoError, ScanPage>> | undefined = read(undefined)(env)()
    while (next !== undefined) {
      const page: E.Either<DE.DynamoError, ScanPage> = await next
      next = undefined
      if (E.isLeft(page)) {
        failed ??= page.left
        return
      }
      // another segment failed: this one stops too
      if (failed !== undefined) return
      const last: M.AttributeMap | undefined = page.right.last
      if (ahead && last !== undefined) {
        next = read({ last, trail: page.right.trail })(env)()
        // the SDK builds, signs and writes a request in promise callbacks: they run only once
        // this turn ends, so the page is handed over in the next one, the request sent
        await immediate()
      }
      const handled = await onPage(page.right.items)
      if (E.isLeft(handled)) {
        failed ??= handled.left
        await next
        return
      }
      if (!ahead && last !== undefined && failed === undefined) next = read({ last, trail: page.right.trail })(env)()
    }
  }
  let nextSegment = 0
  const worker = async (): Promise<void> => {
    while (failed === undefined && nextSegment < segments) await run(nextSegment++)
  }
  await Promise.all(Array.from({ length: Math.min(segments, atLeastOne(env.batch.concurrency)) }, worker))
  return failed === undefined ? E.right(undefined) : E.left(failed)
}

/**
 * The approximate item count of the table, for progress; `undefined` when not asked for or not
 * known. A target with a `filter` (an entity of a shared table) goes through its own items
 * only, of a count nothing gives: the table's, of every entity's items, is none of theirs.
 */
const approximateCount = async (env: Env.Env, t: Target, wanted: boolean, sending: { readonly operation: string }): Promise<number | undefined> => {
  if (!wanted || t.filter !== undefined) return undefined
  const info = await describeByName(t.table, sending)(env)()
  return E.isRight(info) && info.right._tag === 'Some' ? info.right.value.itemCount : undefined
}

const checkSegments = (segments: number | undefined): E.Either<DE.DynamoError, number> => {
  const bad = wholeOption('segments', segments, 1, TOTAL_SEGMENTS)
  return bad === undefined ? E.right(segments ?? 1) : E.left(bad)
}

/**
 * An error of the stream given to `dump` or `load` (no request of DynamoDB's). Its message is
 * the stream's own, cleaned as an SDK error's is (`config.cleaner`, with the Env's `redact`):
 * a stream's error may quote a URL with its password, or a key.
 */
const streamError = (what: 'output' | 'input', e: unknown, redact: ((text: string) => string) | undefined): DE.DynamoError =>
  DE.awsError(what === 'output' ? 'OutputStreamError' : 'InputStreamError', `the ${what} stream failed: ${cleaner(redact)(streamText(e))}`, false, undefined)

/** What a stream's error says: itself when it is text, an `Error`'s message when that is text, else `thrown`'s account of the value (never a throw: the stream's code calls the error's handlers). */
const streamText = (e: unknown): string => {
  try {
    if (typeof e === 'string') return e
    if (e instanceof Error && typeof e.message === 'string') return e.message
  } catch {
    // a Proxy whose traps throw: described below
  }
  return thrown(e)
}

// -------------------------------------------------------------------------------------
// dump
// -------------------------------------------------------------------------------------

/** Why `out` is no writable stream (what `writer` calls: `write`, `on`, `once`, `removeListener`), or `undefined`. */
const outWhy = (out: unknown): DE.DynamoError | undefined => {
  const methods = ['write', 'on', 'once', 'removeListener'] as const
  if (typeof out === 'object' && out !== null && methods.every((k) => typeof (out as Record<string, unknown>)[k] === 'function')) return undefined
  return DE.validationError([{ path: 'out', message: `expected a writable stream (a Node Writable: process.stdout, fs.createWriteStream(…)), got ${kindOf(out, 'an object without its methods')}` }])
}

/**
 * Writes to `out` from concurrent writers: once `out.write` says its buffer is full, every
 * writer waits for `drain` before writing again (one at a time: the first woken may fill the
 * buffer anew). `out`'s first `error` (or a write calling back with one), its `close`
 * (destroyed: no `drain` will come) or an abort of `signal` (its reason `redact`ed) fails every later write and wakes
 * the writers waiting. `flush` waits for the last write to be taken (its callback): a write
 * refused after the last page is the dump's error, not a `Right` for lines never taken. So the
 * output is read while the dump runs (as a dump of more than a buffer's worth needs anyway: a
 * stream read only after the dump never drains). A failure of the stream that `close` leaves
 * to come as an `error` event is handled (the dump reports it).
 */
const writer = (out: NodeJS.WritableStream, signal: AbortSignal | undefined, redact: ((text: string) => string) | undefined) => {
  let failed: DE.DynamoError | undefined
  let blocked = false
  let waiting: Array<() => void> = []
  // whether a write called back with an error whose `error` event has not come yet
  let errorPending = false
  // the last write, taken (or failed) when it settles; none when its buffer was full
  let last: Promise<void> | undefined
  // the lines the stream has taken: those of the writes that called back without an error
  let taken = 0
  // the lines of the writes given to the stream that have not called back yet
  let outstanding = 0
  const wake = () => {
    blocked = false
    const ws = waiting
    waiting = []
    for (const w of ws) w()
  }
  const fail = (error: DE.DynamoError) => {
    failed ??= error
    wake()
  }
  const onError = (e: unknown) => {
    errorPending = false
    fail(streamError('output', e, redact))
  }
  const onClose = () => fail(closedError)
  const aborted = () => fail(abortError(signal as AbortSignal, false, redact))
  // a stream destroyed or ended before the dump takes no write and says so by no event
  if ((out as { readonly destroyed?: unknown }).destroyed === true) failed = closedError
  else if ((out as { readonly writableEnded?: unknown }).writableEnded === true) failed = endedError
  out.on('error', onError)
  out.on('close', onClose)
  out.on('drain', wake)
  if (signal?.aborted === true) aborted()
  else if (signal !== undefined) onAbort(signal, aborted)
  return {
    /** Writes `chunk`, its `lines` lines counted as taken when the stream calls back without an error. */
    write: async (chunk: string, lines: number): Promise<E.Either<DE.DynamoError, void>> => {
      while (blocked && failed === undefined) await new Promise<void>((resolve) => waiting.push(resolve))
      if (failed !== undefined) return E.left(failed)
      let called = false
      try {
        let settle!: () => void
        const settled = new Promise<void>((resolve) => (settle = resolve))
        outstanding += lines
        blocked = !out.write(chunk, (e?: Error | null) => {
          called = true
          outstanding -= lines
          if (e !== undefined && e !== null) {
            // the stream emits its `error` event after this callback
            errorPending = true
            fail(streamError('output', e, redact))
          } else taken += lines
          settle()
        })
        last = settled
      } catch (e) {
        // a write that threw took nothing and will not call back
        if (!called) outstanding -= lines
        onError(e)
      }
      return failed === undefined ? E.right(undefined) : E.left(failed)
    },
    flush: async (): Promise<E.Either<DE.DynamoError, void>> => {
      if (failed === undefined && last !== undefined) {
        // the last write's callback, or a failure (an error, a close, an abort) that wakes the writers
        await Promise.race([last, new Promise<void>((resolve) => waiting.push(resolve))])
      }
      return failed === undefined ? E.right(undefined) : E.left(failed)
    },
    /**
     * After the dump failed: the last write's callback, for `SETTLE_MS` at most, waited with
     * the Env's `sleep` as every wait of dynamongo's (a file's write calls back from the thread
     * pool, after the turn that made it; one stalled would hold the failed dump for ever), so
     * that `taken` counts what the stream took. The sleep is ended once the callback comes.
     */
    settle: async (env: Env.Env): Promise<void> => {
      if (outstanding === 0 || last === undefined) return
      const waited = new AbortController()
      await Promise.race([last, pause(env, SETTLE_MS, waited.signal)])
      waited.abort()
    },
    /** How many lines the stream has taken. */
    taken: (): number => taken,
    /** How many lines were given to the stream in writes that have not called back. */
    outstanding: (): number => outstanding,
    close: () => {
      out.removeListener('error', onError)
      out.removeListener('close', onClose)
      out.removeListener('drain', wake)
      // an error the stream emits after the dump: of a write that failed, or of one still in flight
      if (errorPending || outstanding > 0) out.once('error', () => undefined)
      if (signal !== undefined) offAbort(signal, aborted)
    },
  }
}

/**
 * The bytes of an HTTP answer's body, read whole from its stream (Node's, or an async
 * iterable's chunks); `undefined` for a body of another kind, left as it is.
 */
const bodyBytes = async (body: unknown): Promise<Uint8Array | undefined> => {
  if (body instanceof Uint8Array) return body
  if (typeof body !== 'object' || body === null || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return undefined
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const c of body as AsyncIterable<unknown>) {
    const b = typeof c === 'string' ? new TextEncoder().encode(c) : c instanceof Uint8Array ? c : undefined
    if (b === undefined) return undefined
    chunks.push(b)
    length += b.length
  }
  const all = new Uint8Array(length)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.length
  }
  return all
}

/**
 * The item of `key` read again with a `GetItem` whose answer's body is kept as DynamoDB sent
 * it (a step of the command's own, before the SDK's parser, which is then given the same
 * bytes): the SDK gives a top-level attribute named `__proto__` without its value (`Line.lostWhy`),
 * `JSON.parse` of the body keeps it. `Right(undefined)` when the item is gone (deleted since
 * its page was read: a dump is no snapshot); `Left` when the body could not be kept (a client
 * of the application's that runs no middleware) or reads as no item.
 */
const readWhole = (t: Target, key: M.AttributeMap, sending: { readonly operation: string }): Op<M.AttributeMap | undefined> => (env) => async () => {
  const command = new GetItemCommand({ TableName: t.table, Key: key, ConsistentRead: true })
  let body: Uint8Array | undefined
  command.middlewareStack.add(
    (next) => async (args) => {
      const r = await next(args)
      const response = r.response as { body?: unknown } | undefined
      if (response !== undefined) {
        const bytes = await bodyBytes(response.body)
        if (bytes !== undefined) response.body = bytes
        body = bytes
      }
      return r
    },
    { step: 'deserialize', priority: 'low', name: 'dynamongoWholeItem' },
  )
  const out = await send(command, sending)(env)()
  if (E.isLeft(out)) return out
  if (out.right.Item === undefined) return E.right(undefined)
  let u: unknown
  try {
    u = body === undefined ? undefined : (JSON.parse(new TextDecoder().decode(body)) as unknown)
  } catch {
    u = undefined
  }
  const item = isRecord(u) ? u['Item'] : undefined
  return isRecord(item) && checkMap(item, 1, 'json') === undefined && Line.lostWhy(item as M.AttributeMap) === undefined
    ? E.right(item as M.AttributeMap)
    : E.left(unreadableAnswer('its GetItem answer could not be read whole'))
}

/** How long a failed dump waits for the output's callback of its last write before it says what the output took "at least". */
const SETTLE_MS = 1_000

/** The error of an output stream closed before the dump was written. */
const closedError = streamError('output', 'it closed before the dump was written', undefined)

/** The error of an output stream ended before the dump. */
const endedError = streamError('output', 'it was ended before the dump was written', undefined)

/**
 * Write every item of the table to `out`, one line each (`{"Item":{…}}`, DynamoDB's export
 * format), with `segments` parallel scans; a page's lines go out in one write, after the
 * previous write has drained, while the segment's next page is read (at most two pages of a
 * segment in memory). `out` is not ended.
 */
export const dumpTarget =
  (t: Target, out: NodeJS.WritableStream, given: DumpOptions = {}): Op<{ readonly items: number }> =>
  (env) =>
  async () => {
    // read once: every option one value for the whole dump
    const o = readOptions(given, dumpOptionNames)
    if (E.isLeft(o)) return o
    const options = o.right
    const segments = checkSegments(options.segments)
    if (E.isLeft(segments)) return segments
    const badOut = outWhy(out)
    if (badOut !== undefined) return E.left(badOut)
    const progress = listener(options.onProgress)
    const sending = withSignal(dumping, options.signal)
    const total = await approximateCount(env, t, progress !== undefined, sending)
    const w = writer(out, options.signal, env.redact)
    let items = 0
    const r = await scanAll(env, t, segments.right, false, true, sending, async (page) => {
      if (page.length === 0) return E.right(undefined)
      let chunk = ''
      let lines = 0
      for (const scanned of page) {
        // an attribute the SDK lost the value of (a top-level `__proto__`): the item read again
        // whole, from DynamoDB's answer as sent; the dump fails rather than write a line without it
        let item: M.AttributeMap | undefined = scanned
        const lost = Line.lostWhy(scanned)
        if (lost !== undefined) {
          const key = Object.fromEntries(keyNames(t).map((k) => [k, scanned[k]]))
          const whole = await readWhole(t, key as M.AttributeMap, sending)(env)()
          if (E.isLeft(whole)) return E.left(unreadableAnswer(`the item with key ${JSON.stringify(key)}: its attribute ${lost}; read again: ${DE.show(whole.left)}`))
          item = whole.right
        }
        if (item === undefined) continue
        chunk += `${Line.show(item)}\n`
        lines++
      }
      if (lines === 0) return E.right(undefined)
      const written = await w.write(chunk, lines)
      if (E.isRight(written)) {
        items += lines
        progress?.({ done: items, ...(total === undefined ? {} : { total }) })
      }
      return written
    })
    if (E.isLeft(r)) {
      // what the stream took, as far as it says within a turn: a failed dump settles, its output stalled or not
      await w.settle(env)
      w.close()
      return E.left(stopped(r.left, w.taken(), w.outstanding()))
    }
    // the last page taken by the stream, or its error
    const flushed = await w.flush()
    w.close()
    return E.isLeft(flushed) ? E.left(stopped(flushed.left, w.taken(), w.outstanding())) : E.right({ items })
  }

/**
 * The error a dump stopped on, saying how many items (lines) `out` had taken by then (the
 * writes it called back without an error: whole pages, none of the page it stopped in), and,
 * when writes of `outstanding` more lines had not called back (a stream stalled), that it took
 * at least that many. A request that failed, an item that cannot be written as stored (its key
 * named), an output that failed or an abort: each is an `AwsError`, and the user can act on
 * the lines written (keep them, or dump again).
 */
const stopped = (e: DE.DynamoError, taken: number, outstanding: number): DE.DynamoError =>
  e._tag !== 'AwsError'
    ? e
    : {
        ...e,
        message:
          outstanding === 0
            ? `${e.message} (the dump stopped there: the output took ${count(taken, 'item')} before, one line each)`
            : `${e.message} (the dump stopped there: the output took at least ${count(taken, 'item')} before, one line each; it had not called back for the write of ${count(outstanding, 'item')} more)`,
      }

// -------------------------------------------------------------------------------------
// load
// -------------------------------------------------------------------------------------

/** What `splitLines` gives for a line whose bytes are not UTF-8: that line fails, the others load. */
const notUtf8: unique symbol = Symbol('not UTF-8')

/** A line as read: its text, or `notUtf8`. */
type Read = string | typeof notUtf8

/** Why a line after the first that a byte order mark opens fails. */
const laterMark = 'a byte order mark (U+FEFF) opens the line: one opens a file, not a line inside it (files joined with their marks? remove it)'

/** Why a line whose bytes are not UTF-8 fails. */
const notUtf8Why = 'its bytes are not UTF-8 text (a readable stream is read as UTF-8): convert the input first (iconv -f LATIN1 -t UTF-8, for one in Latin-1)'

/** The bytes of a chunk that is no string (`Line.chunkWhy`: a typed array, a `DataView` or an `ArrayBuffer`). */
const bytesOf = (chunk: ArrayBufferView | ArrayBuffer): Uint8Array =>
  chunk instanceof Uint8Array ? chunk : ArrayBuffer.isView(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : new Uint8Array(chunk)

/**
 * Where the characters of `b` whole end: before a character its last bytes begin and do not
 * end (a UTF-8 character is at most four bytes, so only the last three are looked at), else
 * its length.
 */
const wholeEnd = (b: Uint8Array): number => {
  for (let i = b.length - 1; i >= 0 && i >= b.length - 3; i--) {
    const x = b[i] as number
    // a continuation byte: the character began before
    if ((x & 0xc0) === 0x80) continue
    const size = x < 0xc0 ? 1 : x < 0xe0 ? 2 : x < 0xf0 ? 3 : 4
    return i + size > b.length ? i : b.length
  }
  return b.length
}

/**
 * The lines of a readable stream of UTF-8 text (`\n` or `\r\n` ends a line; a last line may lack
 * one, and loses a `\r` it ends with, as a `\r\n`-ended line does); a line whose bytes are not
 * UTF-8 is `notUtf8`. Each chunk is searched once: the text of a line not yet ended is kept in
 * parts, joined when it ends, so a line over many chunks costs its length, not its length squared.
 * A chunk of bytes is decoded whole up to a character its end cuts (those bytes open the next
 * chunk), and again strictly only when its text holds a U+FFFD; a chunk that is not all UTF-8 is
 * decoded line by line, strictly, to find which lines are not (a strict decode of every chunk is
 * several times slower on text that is not ASCII, and an import of `node:buffer` for `isUtf8` costs
 * the import of the package). A byte order mark is kept (`take` drops it from the first line): a
 * decode per chunk would drop one opening any chunk.
 */
async function* splitLines(stream: AsyncIterable<Uint8Array | string>, refuse: (why: string) => void): AsyncIterable<Read> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  // the text of `b`, or `undefined` when its bytes are not UTF-8
  const decoded = (b: Uint8Array): string | undefined => {
    try {
      return strict.decode(b)
    } catch {
      return undefined
    }
  }
  // the text of the line not yet ended, in the order read: at most `most` characters of it
  // (`Line.longWhy` refuses the line, still too long once a CR is cut), so junk without a
  // line end is not held whole; and whether any of its bytes were not UTF-8
  let parts: string[] = []
  let held = 0
  let bad = false
  const most = Line.LINE_CHARS + 2
  const keep = (part: string | undefined): void => {
    if (part === undefined) bad = true
    if (part === undefined || held >= most) return
    const p = held + part.length > most ? part.slice(0, most - held) : part
    parts.push(p)
    held += p.length
  }
  const line = (last: string | undefined): Read => {
    if (last === undefined) bad = true
    const text = parts.length === 0 ? (last ?? '') : (keep(last), parts.join(''))
    const wasBad = bad
    parts = []
    held = 0
    bad = false
    return wasBad ? notUtf8 : withoutCr(text)
  }
  // the bytes of a character the last chunk's end cut, which open the next
  let carry = new Uint8Array(0)
  for await (const chunk of stream) {
    // a chunk of something else (an object-mode stream's): no text to split, the lines end there and the load stops saying what it got
    const why = Line.chunkWhy(chunk)
    if (why !== undefined) return refuse(why)
    let text: string | undefined
    if (typeof chunk === 'string') {
      // text after bytes that cut a character: that character is not UTF-8
      if (carry.length > 0) bad = true
      carry = new Uint8Array(0)
      text = chunk
    } else {
      let b = bytesOf(chunk)
      if (carry.length > 0) {
        const joined = new Uint8Array(carry.length + b.length)
        joined.set(carry)
        joined.set(b, carry.length)
        b = joined
      }
      const whole = wholeEnd(b)
      carry = b.slice(whole)
      b = b.subarray(0, whole)
      // a U+FFFD in the text is a replacement for bytes that are not UTF-8, or one the input
      // holds (its bytes EF BF BD): only then is the chunk decoded again, strictly, to tell
      const t = decoder.decode(b)
      text = !t.includes('\uFFFD') || decoded(b) !== undefined ? t : undefined
      if (text === undefined) {
        // some bytes are not UTF-8: each line's decoded alone, to fail only those that hold them
        let start = 0
        for (let end = b.indexOf(10); end !== -1; end = b.indexOf(10, start)) {
          yield line(decoded(b.subarray(start, end)))
          start = end + 1
        }
        if (start < b.length) keep(decoded(b.subarray(start)))
        continue
      }
    }
    let start = 0
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield line(text.slice(start, end))
      start = end + 1
    }
    if (start < text.length) keep(text.slice(start))
  }
  // bytes that end the input inside a character
  if (carry.length > 0) bad = true
  const last = parts.join('')
  if (bad) yield notUtf8
  else if (last !== '') yield withoutCr(last)
}

/** A line's text without the `\r` of its `\r\n`: the last line's too, ended by the input before its `\n`. */
const withoutCr = (text: string): string => (text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text)

/**
 * `lines`, ended once `signal` aborts, also while a line is awaited: an input that stalls (a
 * writer that hangs) would otherwise hold the load for ever, its abort unheard. Its stream is
 * released then (`release`: a web one cancelled, a Node one destroyed), which ends the read
 * awaited; an iterable's line awaited is left to its source. One abort listener wakes the wait of the moment (a race
 * with a promise kept for the whole load would keep a reaction per line until the load ends).
 */
async function* untilAborted({ lines, release }: Lines, signal: AbortSignal): AsyncIterable<Read> {
  if (signal.aborted) return
  let wake: ((r: IteratorResult<Read>) => void) | undefined
  // the stream is released at once: its iterator's return() would wait behind the read it awaits
  const stop = (): void => (wake?.({ done: true, value: undefined }), release(signal.reason))
  onAbort(signal, stop)
  const it = lines[Symbol.asyncIterator]()
  // whether the input ended by itself (its end or its error): its iterator is then not told to stop
  let ended = false
  try {
    for (;;) {
      if (signal.aborted) return
      const r = await new Promise<IteratorResult<Read>>((resolve, reject) => {
        wake = resolve
        const failed = (e: unknown): void => {
          ended = true
          reject(e)
        }
        try {
          it.next().then(resolve, failed)
        } catch (e) {
          failed(e)
        }
      })
      wake = undefined
      if (signal.aborted) return
      if (r.done === true) {
        ended = true
        return
      }
      yield r.value
    }
  } finally {
    offAbort(signal, stop)
    // stopped early: the iterator's own end (a generator's finally, a stream's release), not
    // awaited (a line may still be awaited); whatever it gives or throws is the source's own
    if (!ended) {
      try {
        void Promise.resolve(it.return?.()).catch(() => undefined)
      } catch {
        // a return that throws: nothing more to end
      }
    }
  }
}

/**
 * What `load` reads: lines of the export format, as a Node readable stream, a web
 * `ReadableStream` (`fetch(url).body`, `Readable.toWeb(…)`), each of text or bytes, or an
 * iterable (an array, a generator) or async iterable of lines, each a string. A string is
 * none (its characters are no lines): give its lines; nor are bytes whole (a `Buffer`): give a
 * stream of them.
 *
 * @category data
 */
export type LoadInput = AsyncIterable<string> | (Iterable<string> & object) | NodeJS.ReadableStream | ReadableStream<Uint8Array | string>

/** Whether `input` is a stream of text or bytes to split at line ends: a Node readable stream (`pipe`) or a web one (`getReader`). */
const isStream = (input: LoadInput): input is NodeJS.ReadableStream | ReadableStream<Uint8Array | string> =>
  typeof (input as NodeJS.ReadableStream).pipe === 'function' || typeof (input as ReadableStream).getReader === 'function'

/** Whether `input` has a method named `key` (an iterator's: a member that is no function is none). */
const hasMethod = (input: object, key: symbol): boolean => typeof (input as Record<symbol, unknown>)[key] === 'function'

/**
 * Why `input` is no `LoadInput`, or `undefined`: what is neither a stream nor an iterable
 * (`null`, a number, a plain object, an object whose iterator member is no function) would
 * fail as the stream's error after the load began; a string or a `String` object would be
 * read as lines of one character each, and bytes (a `Buffer`, any typed array or `DataView`,
 * an `ArrayBuffer`) as lines of one number each.
 */
const inputWhy = (input: unknown): DE.DynamoError | undefined => {
  const expected = 'expected a readable stream or an iterable of lines'
  const why =
    typeof input === 'string' || input instanceof String
      ? `a ${typeof input === 'string' ? 'string' : 'String object'} is no stream of lines (each of its characters would be read as one): give its lines, text.split(/\r?\n/)`
      : input instanceof ArrayBuffer || ArrayBuffer.isView(input)
        ? `${expected}, got bytes (each would be read as one line): give a stream of them, Readable.from([bytes]), or a file's stream, fs.createReadStream(path)`
        : (typeof input === 'object' && input !== null) || typeof input === 'function'
          ? isStream(input as LoadInput) || hasMethod(input, Symbol.asyncIterator) || hasMethod(input, Symbol.iterator)
            ? undefined
            : `${expected}, got an object that is neither`
          : `${expected}, got ${kindOf(input)}`
  return why === undefined ? undefined : DE.validationError([{ path: 'input', message: why }])
}

/** The lines a load reads, and how to let go of their stream at once when the load is aborted (nothing for an iterable of lines). */
interface Lines {
  readonly lines: AsyncIterable<Read>
  readonly release: (why: unknown) => void
}

const releaseNothing = (): void => undefined

/**
 * The chunks of a web `ReadableStream`, through its reader (a polyfill or an older runtime
 * may give no async iterator), and its `release`: the reader cancelled, which answers the
 * read awaited (a `fetch(url).body` closes its socket). Stopped early (a chunk refused), the
 * stream is cancelled; at its end, its error or an abort, its lock is let go.
 */
const webChunks = (stream: ReadableStream<Uint8Array | string>): { readonly chunks: AsyncIterable<Uint8Array | string>; readonly release: (why: unknown) => void } => {
  let reader: ReadableStreamDefaultReader<Uint8Array | string> | undefined
  const cancel = (why: unknown): void => {
    try {
      void reader?.cancel(why).catch(() => undefined)
    } catch {
      // a reader whose cancel throws: nothing more to end
    }
  }
  async function* chunks(): AsyncIterable<Uint8Array | string> {
    const r = stream.getReader()
    reader = r
    let ended = false
    try {
      for (;;) {
        const read = await r.read()
        if (read.done) {
          ended = true
          return
        }
        yield read.value
      }
    } finally {
      // stopped early, or its read failed (a cancel of an errored stream, refused, is nothing)
      if (!ended) cancel(undefined)
      try {
        r.releaseLock()
      } catch {
        // a polyfill's reader that refuses: the stream stays its own
      }
    }
  }
  return { chunks: chunks(), release: cancel }
}

/** An iterable's lines (an array, a generator), one at a time, as the async iterable a load reads. */
async function* fromIterable(lines: Iterable<string>): AsyncIterable<string> {
  yield* lines
}

/**
 * The lines of `input`: a readable stream (a Node one iterated, a web one read through its
 * reader) split at line ends (up to a chunk that is no text, given to `refuse`), or an
 * iterable or async iterable already of lines; with how to release the stream on an abort (a
 * Node one destroyed).
 */
const linesOf = (input: LoadInput, refuse: (why: string) => void): Lines => {
  if (!isStream(input)) {
    const lines = hasMethod(input, Symbol.asyncIterator) ? (input as AsyncIterable<string>) : fromIterable(input as Iterable<string>)
    return { lines, release: releaseNothing }
  }
  if (typeof (input as NodeJS.ReadableStream).pipe !== 'function') {
    const web = webChunks(input as ReadableStream<Uint8Array | string>)
    return { lines: splitLines(web.chunks, refuse), release: web.release }
  }
  const node = input as NodeJS.ReadableStream & { readonly destroy?: unknown }
  return {
    lines: splitLines(node as AsyncIterable<Uint8Array | string>, refuse),
    release: () => {
      try {
        if (typeof node.destroy === 'function') (node.destroy as () => void)()
      } catch {
        // a stream whose destroy throws: nothing more to end
      }
    },
  }
}

/**
 * Line numbers as ranges, in order (`101–300, 402`); after `MAX_RANGES` ranges, how many more
 * lines of `total` (the lines given, or more when only the lowest of them are given).
 */
const lineRanges = (lines: ReadonlyArray<number>, total = lines.length): string => {
  const sorted = [...lines].sort((a, b) => a - b)
  const ranges: string[] = []
  let shown = 0
  for (let i = 0; i < sorted.length && ranges.length < MAX_RANGES; ) {
    let j = i
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++
    ranges.push(i === j ? `${sorted[i] as number}` : `${sorted[i] as number}–${sorted[j] as number}`)
    shown += j - i + 1
    i = j + 1
  }
  return shown < total ? `${ranges.join(', ')} and ${count(total - shown, 'more line')}` : ranges.join(', ')
}

/** The most line numbers of failed lines a load given `onFail` keeps for its message (the lowest). */
const KEPT_LINES = 1000

/** Adds `line` to `lowest`, the lowest `KEPT_LINES` numbers in order. */
const keepLowest = (lowest: number[], line: number): void => {
  if (lowest.length >= KEPT_LINES && line > (lowest[lowest.length - 1] as number)) return
  let i = lowest.length
  while (i > 0 && (lowest[i - 1] as number) > line) i--
  lowest.splice(i, 0, line)
  if (lowest.length > KEPT_LINES) lowest.pop()
}

/** The most ranges of lines an error message lists. */
const MAX_RANGES = 10

/**
 * The names of the errors of a write that are its item's own (DynamoDB refused that item, or
 * its condition; its partition is full; a transaction held it past every attempt): the lines
 * after it may load. Any other error of DynamoDB's or of the connection (attempts run out on
 * an endpoint that refuses connections or on throttling, the table gone, access refused, an
 * answer that is no DynamoDB's) would be every line's: the load stops on it.
 */
const itemsOwn: ReadonlySet<string> = new Set(['ValidationException', 'ConditionalCheckFailedException', 'ItemCollectionSizeLimitExceededException', 'TransactionConflictException', 'AbortError'])

/** Whether a write's failure stops the load (`itemsOwn`): errors that are not AWS's (a condition failed, an item too large) are the line's. */
const stopsLoad = (e: DE.DynamoError): boolean => e._tag === 'AwsError' && !itemsOwn.has(e.name)

/** A turn of the event loop: what waits for I/O (a request's answer) runs first. */
const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** How many lines a load reads at most before it gives the event loop a turn (an abort is seen there). */
const turnLines = 1024

/** Items read ahead of the writes: one group is written while the next is read. */
const groupSize = (env: Env.Env): number => Batch.writeChunkSize * atLeastOne(env.batch.concurrency) * 2

/**
 * Read `input` line by line, check each line's item (`t.check`; a bad line fails with its
 * number, the others still load; a write that fails for no line's own reason, `stopsLoad`,
 * stops the load before the next group is written, its `Left` saying how far it came) and write the good ones with `BatchWriteItem` (chunks of
 * 25, `env.batch.concurrency` at once, unprocessed items retried), a group of lines at a
 * time: at most two groups are in memory. Blank lines are skipped. A target with a `restore`
 * (a versioned model) sends each item as its own conditional `PutItem` instead (bounded
 * concurrency), as `saveMany` does.
 */
export const loadTarget =
  (t: Target, input: LoadInput, given: LoadOptions = {}): Op<LoadResult> =>
  (env) =>
  async () => {
    const o = readOptions(given, loadOptionNames)
    if (E.isLeft(o)) return o
    const options = o.right
    const badInput = inputWhy(input)
    if (badInput !== undefined) return E.left(badInput)
    const progress = listener(options.onProgress)
    const onFail = options.onFail
    // the failed lines: kept, or given to `onFail` (then counted, with the lowest numbers of
    // each outcome's lines, for the message of a load that stops)
    const fail: LoadFailure[] = []
    let failCount = 0
    let unknownCount = 0
    const unknownLines: number[] = []
    const notWrittenLines: number[] = []
    let endedInFlight = false
    // `onFail`'s calls, one at a time in the order found (the read loop's and a group's write's
    // failures come concurrently): each waits for the one before to settle; `tail` settles with
    // the last, and `calling` counts those not yet settled
    let tail: Promise<void> = Promise.resolve()
    let calling = 0
    const failed = (f: LoadFailure): Promise<void> | undefined => {
      failCount++
      if (f.outcome === 'unknown') {
        unknownCount++
        if (onFail === undefined) unknownLines.push(f.line)
        else keepLowest(unknownLines, f.line)
        if (f.error._tag === 'AwsError' && f.error.name === 'AbortError') endedInFlight = true
      }
      if (onFail === undefined) {
        fail.push(f)
        return undefined
      }
      if (f.outcome === 'not-written') keepLowest(notWrittenLines, f.line)
      calling++
      tail = tail.then(() => told(onFail, f)).then(() => {
        calling--
      })
      return tail
    }
    const key = keyOf(t)
    const size = groupSize(env)
    let written = 0
    // the first failure of a write that is no line's own (`stopsLoad`): no group is written after it
    let ending: DE.DynamoError | undefined
    // the lines of a versioned group's puts not sent once `ending` came (the held group's are `group`)
    const unsent: number[] = []
    const wrote = async (f: LoadFailure): Promise<void> => {
      if (ending === undefined && stopsLoad(f.error)) ending = f.error
      await failed(f)
    }
    let writing: Promise<void> = Promise.resolve()
    const now = Clock.now(env)
    const signal = options.signal
    // a versioned put's refusal returns the item at its key, checked against the key's attributes (SendOptions.putKeys)
    const sending = withSignal(t.restore === undefined ? loading : { ...loading, putKeys: [keyNames(t)] }, signal)
    /**
     * A versioned model's group: each item a conditional put (`t.restore`), sent one by one,
     * the lines of one key in their order (`Batch.mapInKeyOrder`); otherwise the group, for the batch.
     */
    const single = async (group: ReadonlyArray<{ readonly line: number; readonly item: M.AttributeMap }>) => {
      const restore = t.restore
      if (restore === undefined) return group
      const conditional: Array<{ readonly line: number; readonly input: PutItemCommandInput }> = []
      for (const g of group) {
        const input = restore(g.item, now)
        if (E.isLeft(input)) await failed({ line: g.line, error: input.left, outcome: 'not-written' })
        else conditional.push({ line: g.line, input: input.right })
      }
      const keys = conditional.map((c) => SK.keyString(t, c.input.Item as M.AttributeMap))
      // once a put fails for no line's own reason (`stopsLoad`), the group's puts not yet sent
      // are not: `undefined`, their lines kept in `unsent` (the load stops, its error names them)
      const results = await Batch.mapInKeyOrder(conditional, keys, env.batch.concurrency, (c) =>
        ending !== undefined
          ? Promise.resolve(undefined)
          : runEither(env, new PutItemCommand(c.input), sending).then((r) => {
              if (E.isLeft(r) && ending === undefined && stopsLoad(r.left.error)) ending = r.left.error
              return r
            }),
      )
      for (let i = 0; i < results.length; i++) {
        const r = results[i] as (typeof results)[number]
        if (r === undefined) unsent.push((conditional[i] as { line: number }).line)
        else if (E.isLeft(r)) await wrote({ line: (conditional[i] as { line: number }).line, error: r.left.error, outcome: r.left.outcome })
        else written++
      }
      return []
    }
    const flush = async (lines: ReadonlyArray<{ readonly line: number; readonly item: M.AttributeMap }>, read: number): Promise<void> => {
      const group = await single(lines)
      if (group.length > 0) {
        const r = await Batch.batchWrite(t.table, group.map((g) => ({ PutRequest: { Item: g.item } })), key, { onProgress: () => undefined, operation: 'load', ...(signal === undefined ? {} : { signal }) })(env)()
        // batchWrite's error type is never: failures are per request
        if (E.isRight(r)) {
          written += r.right.succeeded.length
          for (const f of r.right.failed) await wrote({ line: (group[f.index] as { line: number }).line, error: f.error, outcome: f.outcome })
        }
      }
      progress?.({ done: read })
    }
    let group: Array<{ readonly line: number; readonly item: M.AttributeMap }> = []
    let n = 0
    /**
     * The error of a load stopped before its end (an abort, the input's failure, a write that
     * failed for no line's own reason), saying how far it came: every line read is written,
     * failed (with its outcome) or not sent (those of the group held, and a versioned group's
     * puts after the failure). The items written are stored, and a load run again writes them
     * again (its puts, or restores of no newer version, are the same).
     */
    const stopped = (e: DE.DynamoError): DE.DynamoError => {
      if (e._tag !== 'AwsError') return e
      // the lines whose outcome is unknown may have been written: those whose writes the abort
      // ended after sending, and any an earlier group's request left so (its attempts ran out
      // unanswered); the abort came in flight only if it ended a write
      const inFlight = signal?.aborted === true && e.name === 'AbortError' && endedInFlight ? abortError(signal, true, env.redact) : e
      const aborted = inFlight._tag === 'AwsError' ? inFlight : e
      const maybe = unknownCount === 0 ? '' : `; ${unknownCount === 1 ? 'line' : 'lines'} ${lineRanges(unknownLines, unknownCount)} may have been written (outcome unknown), no other line's outcome is unknown`
      // the lines that surely failed (their item refused, or their write) are carried too, as a
      // whole load's `fail` carries them (given to `onFail`: counted only)
      const sorted = [...fail].sort((a, b) => a.line - b.line)
      const notWritten = failCount - unknownCount
      const notWrittenShown = onFail === undefined ? sorted.filter((f) => f.outcome === 'not-written').map((f) => f.line) : notWrittenLines
      const lost = notWritten === 0 ? '' : `; ${notWritten === 1 ? 'line' : 'lines'} ${lineRanges(notWrittenShown, notWritten)} failed, not written`
      const held = [...unsent, ...group.map((g) => g.line)]
      const notSent = held.length === 0 ? '' : `; ${held.length === 1 ? 'line' : 'lines'} ${lineRanges(held)} not sent`
      return { ...aborted, message: `${aborted.message} (after line ${n}; ${count(written, 'item')} written${lost}${notSent}${maybe})`, fail: sorted }
    }
    /**
     * The item of line number `line`, checked; its failure, found before any request
     * (`not-written`); or nothing, for a blank line.
     */
    const take = (text: Read, line: number): { readonly line: number; readonly item: M.AttributeMap } | LoadFailure | undefined => {
      // the line's number is the failure's `line`: the error says what is wrong with it (the command line says `line N: …` once)
      const bad = (message: string): LoadFailure => ({ line, error: DE.validationError([{ path: '', message }]), outcome: 'not-written' })
      // an iterable of lines that gives something else (bytes, a number): that line fails with its number, the others still load
      if (text === notUtf8) return bad(notUtf8Why)
      const notText = Line.textWhy(text)
      if (notText !== undefined) return bad(notText)
      // a line longer than any of an item (junk): failed unread
      const long = Line.longWhy(text)
      if (long !== undefined) return bad(long)
      if (text.trim() === '') return undefined
      // a byte order mark opens a file, not its first line (bytes, text and lines keep it); one
      // that opens a later line (files joined with their marks) is no JSON, said so
      const marked = text.charCodeAt(0) === 0xfeff
      if (marked && line > 1) return bad(laterMark)
      const unmarked = marked ? text.slice(1) : text
      // a line of the format whose item DynamoDB would refuse (its item is written as it is) fails here, before any request
      const parsed = E.flatMap((item: M.AttributeMap) => {
        const why = Line.storedWhy(item)
        return why === undefined ? E.right(item) : E.left(why)
      })(Line.parse(unmarked))
      if (E.isLeft(parsed)) return bad(parsed.left)
      const checked = t.check(parsed.right, Line.surelyWithin(unmarked, ITEM_BYTES))
      return E.isLeft(checked) ? { line, error: checked.left, outcome: 'not-written' } : { line, item: checked.right }
    }
    // whether a group is being written: its answers wait in the event loop's I/O queue
    let busy = false
    // why the input stream gave no more lines: a chunk that is no text (`Line.chunkWhy`)
    let refused: string | undefined
    const refuse = (why: string): void => {
      refused = why
    }
    try {
      for await (const text of signal === undefined ? linesOf(input, refuse).lines : untilAborted(linesOf(input, refuse), signal)) {
        if (signal?.aborted === true) {
          await writing
          return E.left(stopped(abortError(signal, false, env.redact)))
        }
        n++
        // lines from memory (or one big stream chunk) are read without leaving the microtask
        // queue: every chunk's worth of lines, let the answers in, so the next request goes out
        // while this group is read rather than after it; and every `turnLines` lines whatever is
        // in flight, so that lines that give no write (blank, or each refused) still let a timer
        // or an abort in
        if ((busy && n % Batch.writeChunkSize === 0) || n % turnLines === 0) await immediate()
        const taken = take(text, n)
        if (taken !== undefined && 'error' in taken) await failed(taken)
        else if (taken !== undefined) group.push(taken)
        if (group.length >= size) {
          // the group before this one is written first: at most two are held
          await writing
          // a write of a group before failed for no line's own reason (`stopsLoad`): this one is not sent
          if (ending !== undefined) return E.left(stopped(ending))
          busy = true
          writing = flush(group, n).then(() => {
            busy = false
          })
          group = []
        }
        // a group's write failures given to `onFail` meanwhile: the next line is read after they settle
        if (calling > 0) await tail
      }
    } catch (e) {
      await writing
      return E.left(stopped(streamError('input', e, env.redact)))
    }
    await writing
    if (refused !== undefined) return E.left(stopped(streamError('input', refused, env.redact)))
    // the lines ended by an abort (while one was awaited): the lines read after the last group are not written
    if (signal?.aborted === true) return E.left(stopped(abortError(signal, false, env.redact)))
    if (ending !== undefined) return E.left(stopped(ending))
    // the last lines; a write of theirs that fails for no line's own reason stops the load as
    // one of a group before does (its `Left` names the puts of a versioned group not sent)
    const last = group
    group = []
    await flush(last, n)
    if (ending !== undefined) return E.left(stopped(ending))
    fail.sort((a, b) => a.line - b.line)
    return E.right({ written, fail })
  }

// -------------------------------------------------------------------------------------
// clear
// -------------------------------------------------------------------------------------

/** What `Env.on` is told of a clear's requests (its scan, its deletes, its count). */
const clearing = { operation: 'clearTable' } as const

/**
 * Delete every item of the table: its keys scanned (key attributes only), each page's keys
 * deleted with `BatchWriteItem` before the next page is read. Gives how many were deleted; a
 * key that stays undeleted (its attempts ran out) fails the whole with its error, which says
 * how many items were deleted before (as an abort's does).
 */
export const clearTarget =
  (t: Target, given: ClearOptions = {}): Op<number> =>
  (env) =>
  async () => {
    const o = readOptions(given, clearOptionNames)
    if (E.isLeft(o)) return o
    const options = o.right
    const progress = listener(options.onProgress)
    const signal = options.signal
    const sending = withSignal(clearing, signal)
    const total = await approximateCount(env, t, progress !== undefined, sending)
    const key = keyOf(t)
    let deleted = 0
    const r = await scanAll(env, t, 1, true, false, sending, async (page) => {
      if (page.length === 0) return E.right(undefined)
      const w = await Batch.batchWrite(t.table, page.map((k) => ({ DeleteRequest: { Key: k } })), key, {
        onProgress: () => undefined,
        operation: clearing.operation,
        ...(signal === undefined ? {} : { signal }),
      })(env)()
      if (E.isLeft(w)) return w
      deleted += w.right.succeeded.length
      progress?.({ done: deleted, ...(total === undefined ? {} : { total }) })
      const first = w.right.failed[0]
      return first === undefined ? E.right(undefined) : E.left(first.error)
    })
    // a clear that stops has deleted part of the table: its error says how much
    return E.isLeft(r) && r.left._tag === 'AwsError' ? E.left({ ...r.left, message: `${r.left.message} (the clear stopped there: ${count(deleted, 'item')} deleted before)` }) : E.isLeft(r) ? r : E.right(deleted)
  }

// -------------------------------------------------------------------------------------
// by model
// -------------------------------------------------------------------------------------

/**
 * Write every item of the model's table to `out`, one line each in the format of DynamoDB's
 * export to S3 (`{"Item":{…AttributeValues…}}`, binaries base64), so `load` and `ImportTable`
 * read it; `segments` parallel consistent Scans (every write completed before the dump began is
 * in it; one made while it runs may be or not: no snapshot of one moment); `out`'s
 * backpressure honoured; `out` is not ended. An
 * item whose attribute comes without its value (a top-level attribute named `__proto__`:
 * DynamoDB stores it, the SDK loses its value) is read again whole, from the body of a
 * `GetItem`'s answer as DynamoDB sent it (`readWhole`); one that cannot be so read (a client of
 * the application's) fails the dump, `InvalidAnswer` naming its key, rather than being written
 * without it. Items are written as stored, none read
 * through the model's codec (one it cannot decode is dumped too; its line fails a `load`). A
 * dump that stops (that item, a request refused, the output failing, an abort) says in its
 * `Left` how many items the output took before, one line each (at least, when the output has
 * not called back for a write by then: a stalled output does not hold the failed dump).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { createWriteStream } from 'node:fs'
 * import { Dynamo, Env, Field, Model } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: Field.email, name: t.string }),
 *     t.partial({ year_of_birth: Field.int({ min: 1900 }), logins: Field.int({ min: 0 }), cities_visited: Field.list(t.string) }),
 *   ]),
 * })
 * const u = User.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * const out = createWriteStream('users.jsonl')
 * const dumped = await Dynamo.dump(User, out, { segments: 4 })(env)() // Right({ items }): 4 parallel Scans
 * out.end()
 * ```
 *
 * @category data
 */
export const dump =
  (m: M.Model<any, any, any, any>, out: NodeJS.WritableStream, options: DumpOptions = {}): Op<{ readonly items: number }> =>
    guard((env) => modelOp(m, (target) => dumpTarget(target, out, options))(env))

/**
 * Load lines of the export format (a readable stream, or an iterable or async iterable of
 * lines) into the model's table: a restore, so that a dump loaded into an empty table gives
 * identical items.
 * An iterable's line that is no string (bytes too: `Line.textWhy`) fails with its number, as
 * does a stream's line whose bytes are not UTF-8 (Latin-1, say: no character is replaced).
 * Each item must decode through the model (with a valid key, within 400 KB); a bad line goes
 * to `fail` (or to `onFail`, as it fails, which keeps memory flat however many lines fail) with
 * its line number (`outcome: 'not-written'`) and the others still load (`LoadOptions`:
 * `onProgress`, `onFail`, and `signal`, after which no line is read nor request sent); items
 * are written as they are (attributes the model does not know kept, on a `t.exact` codec's
 * model too, whose reads strip them), in batches, at most two groups of lines in memory.
 *
 * - Timestamps are kept as dumped, never restamped with the load's clock; a version is kept,
 *   never incremented.
 * - A versioned model's items go one conditional `PutItem` each (`BatchWriteItem` carries no
 *   condition), which never replaces a newer version: the item is written where no item has
 *   the key (or the one there has expired), where the stored item has no version, or where
 *   its version is at most the line's (`Command.restoreItem`). Equal versions write: loading
 *   the same dump again (after a partial failure, say) writes the same items again, where
 *   refusing them would fail every line already loaded. A line refused goes to `fail` with
 *   its line number, a `ConditionalCheckFailed` carrying the stored item, `not-written`.
 * - Time to live: a line whose time has passed is written as it is (a dump holds the
 *   expired items DynamoDB had not yet deleted, and a restore keeps them): reads leave it out
 *   as they leave out any expired item, and DynamoDB deletes it.
 * - An entity of a shared table: its key attributes and `_et` are computed from its fields, as
 *   on every write; a line that holds one with another value than its fields give (a composed
 *   key edited, an index key whose field is absent) fails (`ValidationError` naming the
 *   attribute) rather than being rewritten; a line of another entity fails too; the other
 *   entities' items are never touched (their keys differ).
 * - A line with a top-level attribute named `__proto__` is written as it is (DynamoDB stores
 *   it, and `dump` writes its value): a restore of what a dump holds, where every other write
 *   refuses it, since no read through the SDK gives its value back.
 *
 * A write that fails says whether it surely was not stored (`not-written`) or may have been
 * (`unknown`). One that fails for no line's own reason (its attempts run out on an endpoint
 * that refuses connections or on throttling, the table gone, access refused) stops the load
 * before the next group of lines is written: its `Left` is that error, saying after which line,
 * the items written, the lines that failed and the lines read but not sent; run it again once
 * the table takes writes.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { createReadStream } from 'node:fs'
 * import { Dynamo, Env, Field, Model } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: Field.email, name: t.string }),
 *     t.partial({ year_of_birth: Field.int({ min: 1900 }), logins: Field.int({ min: 0 }), cities_visited: Field.list(t.string) }),
 *   ]),
 * })
 * const u = User.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // each line's item checked (it decodes as a User) and written as it is, a restore (no defaults,
 * // no stamps); a line that fails is in `fail`, with its number
 * const loaded = await Dynamo.load(User, createReadStream('users.jsonl'))(env)() // Right({ written, fail })
 * ```
 *
 * @category data
 */
export const load =
  (m: M.Model<any, any, any, any>, input: LoadInput, options: LoadOptions = {}): Op<LoadResult> =>
    guard((env) => modelOp(m, (target) => loadTarget(target, input, options))(env))

/**
 * Delete every item of the model's table (read with a consistent Scan: every item written before
 * it began; one written while it runs may stay); gives how many were deleted. One that stops (a delete
 * refused, an abort) says in its `Left` how many items it deleted before.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Dynamo, Env, Field, Model } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: Field.email, name: t.string }),
 *     t.partial({ year_of_birth: Field.int({ min: 1900 }), logins: Field.int({ min: 0 }), cities_visited: Field.list(t.string) }),
 *   ]),
 * })
 * const u = User.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * const deleted = await Dynamo.clearTable(User, { onProgress: (p) => console.log(p) })(env)() // Right(number)
 * ```
 *
 * @category data
 */
export const clearTable = (m: M.Model<any, any, any, any>, options: ClearOptions = {}): Op<number> =>
  // options cast through `any` (null, a Proxy): a Left, never a rejection
  guard((env) => modelOp(m, (target) => clearTarget(target, options))(env))

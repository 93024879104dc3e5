/**
 * The batch engine: `BatchWriteItem` and `BatchGetItem` over raw `AttributeValue` maps,
 * losing nothing. It knows no model: the caller says how to tell a request's key
 * (`keyOf`, a canonical string of the key attributes).
 *
 * - Writes go in chunks of 25, gets in chunks of 100; duplicate keys never share a
 *   request: writes to one key go out in order, one wave after another; duplicate gets
 *   are collapsed into one.
 * - Chunks run concurrently, at most `env.batch.concurrency` at once.
 * - `UnprocessedItems` / `UnprocessedKeys` (which the SDK does not retry) and whole
 *   requests failing with throttling or server errors are retried with capped
 *   exponential backoff and full jitter, at most `env.batch.retry.maxAttempts` attempts
 *   per chunk. When attempts run out, exactly the requests still unsent are reported,
 *   each with its error. A chunk DynamoDB rejects as invalid is split in halves until the
 *   culprit is alone, so one bad item never sinks the others.
 * - Every input index ends in exactly one of `succeeded` / `failed` (writes); every
 *   distinct key of a get, named by the index of its first occurrence, in exactly one of
 *   `found` / `missing` / `failed`.
 * - Progress: `onProgress({ done, total })` (from the options, else the Env) after every
 *   settled chunk.
 *
 * The returned `ReaderTaskEither`s never fail as a whole (their error type is `never`):
 * failures are per request.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import * as DE from '../DynamoError.js'
import type { Env, Progress } from './Env.js'
import { invalidOf } from './config.js'
import { listener } from './listener.js'
import { units, type Pacer } from './pace.js'
import { atLeastOne, backoffDelay, isRetryableError, mapBounded, pause } from './retry.js'
import { abortError, attemptEither, exhausted, type Failure as RequestFailure, type Outcome } from './send.js'
import { BATCH_GET, BATCH_WRITE } from '../rules/limits.js'
import { batchGetWhy, batchWriteWhy, unreadableAnswer } from './answer.js'
import { count } from '../internal/show.js'
import { fromThrown } from './op.js'

export { mapBounded } from './retry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type AttributeMap = Record<string, AttributeValue>

export interface Failure {
  /** The index of the request in the input. */
  readonly index: number
  readonly error: DE.DynamoError
}

/** A write that failed, and what became of it (`send.ts`'s `Outcome`: `not-written` or `unknown`). */
export interface WriteFailure extends Failure {
  readonly outcome: Outcome
}

export interface BatchWriteResult {
  /** Input indices written, ascending. */
  readonly succeeded: ReadonlyArray<number>
  /** Input indices not known to be written, ascending, each with its error and outcome. */
  readonly failed: ReadonlyArray<WriteFailure>
  /** How many retries were made (chunks re-sent after unprocessed items or errors). */
  readonly retries: number
}

export interface BatchGetResult {
  /** The items found, in request order (the `item`s of `found`). */
  readonly items: ReadonlyArray<AttributeMap>
  /** The items found, in request order; `index` is the first input index of the key. */
  readonly found: ReadonlyArray<{ readonly index: number; readonly item: AttributeMap }>
  /** Input indices (first occurrences) whose key has no item. */
  readonly missing: ReadonlyArray<number>
  /** Input indices (first occurrences) whose key could not be read, each with its error. */
  readonly failed: ReadonlyArray<Failure>
  readonly retries: number
  /** The read capacity units the requests consumed, when they asked (`pacer`); else 0. */
  readonly consumed: number
}

export interface BatchOptions {
  /** Overrides the Env's `onProgress` for this call. */
  readonly onProgress?: (progress: Progress) => void
  /** Aborts: no request starts after it, those in flight are aborted; what is pending fails with `AbortError`. */
  readonly signal?: AbortSignal
  /** The dynamongo operation the requests belong to (told to `Env.on`). */
  readonly operation?: string
}

export interface BatchGetOptions extends BatchOptions {
  /** Top-level attributes to read (the key attributes are always read too). */
  readonly projection?: ReadonlyArray<string>
  readonly consistentRead?: boolean
  /**
   * Paces the requests (`pace.ts`): each one, a retry of unprocessed keys too, starts when the
   * pacer says, asks for the capacity it consumes (`ReturnConsumedCapacity: 'TOTAL'`) and tells
   * the pacer of it.
   */
  readonly pacer?: Pacer
}

/** The most requests DynamoDB takes in one `BatchWriteItem` (`rules/limits`). */
export const writeChunkSize = BATCH_WRITE

/** The most keys DynamoDB takes in one `BatchGetItem` (`rules/limits`). */
export const getChunkSize = BATCH_GET

// -------------------------------------------------------------------------------------
// chunking (pure)
// -------------------------------------------------------------------------------------

/** `as` in consecutive slices of at most `size`. */
export const chunksOf = <A>(as: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < as.length; i += size) out.push(as.slice(i, i + size))
  return out
}

/**
 * Waves of input indices: wave `w` holds the `w`-th write to each key, in input order.
 * No wave holds a key twice, and the writes to one key are in successive waves, so
 * running the waves one after another keeps the order of the writes to every key.
 */
export const waves = (keys: ReadonlyArray<string>): ReadonlyArray<ReadonlyArray<number>> => {
  const seen = new Map<string, number>()
  const out: Array<Array<number>> = []
  keys.forEach((k, i) => {
    const w = seen.get(k) ?? 0
    seen.set(k, w + 1)
    ;(out[w] ??= []).push(i)
  })
  return out
}

/**
 * `f` over every element with at most `concurrency` calls in flight, the elements of one key
 * (`keys[i]`) one after another in input order: two conditional writes to one key meet the
 * stored item in the order given, never in the order their requests happen to arrive. Each
 * key is a chain: its next element becomes ready when the one before it has answered, and
 * the ready elements take the free places in the order they became ready (first, each key's
 * first element, in input order). No element waits for another key's: a slow request holds
 * back its own key's next element only. Results in input order; `f` must not reject (a
 * rejection or a throw rejects the whole, as `mapBounded`'s).
 */
export const mapInKeyOrder = <A, B>(
  as: ReadonlyArray<A>,
  keys: ReadonlyArray<string>,
  concurrency: number,
  f: (a: A, index: number) => Promise<B>,
): Promise<ReadonlyArray<B>> => {
  const n = as.length
  const out = new Array<B>(n)
  if (n === 0) return Promise.resolve(out)
  // after[i]: the next element of i's key (-1: none); ready: elements whose key has none
  // before them unanswered, in the order they became ready, taken from `head`
  const after = new Int32Array(n).fill(-1)
  const ready: number[] = []
  const last = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string
    const before = last.get(k)
    if (before === undefined) ready.push(i)
    else after[before] = i
    last.set(k, i)
  }
  const bound = Math.min(atLeastOne(concurrency), n)
  return new Promise((resolve, reject) => {
    let head = 0
    let running = 0
    let done = 0
    // once one call fails the whole has failed: nothing more is started
    let failed = false
    const fail = (e: unknown): void => {
      failed = true
      reject(e)
    }
    const launch = (): void => {
      while (!failed && running < bound && head < ready.length) {
        const i = ready[head++] as number
        running++
        let answer: Promise<B>
        try {
          answer = f(as[i] as A, i)
        } catch (e) {
          fail(e)
          return
        }
        answer.then((b) => {
          out[i] = b
          running--
          const j = after[i] as number
          if (j >= 0) ready.push(j)
          if (++done === n) resolve(out)
          else launch()
        }, fail)
      }
    }
    launch()
  })
}

/**
 * The chunks of a batch write, as lists of input indices: the waves, each cut in chunks
 * of 25. Chunks of one wave may run concurrently; waves run in order.
 */
export const writeChunks = (keys: ReadonlyArray<string>, size = BATCH_WRITE): ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>> =>
  waves(keys).map((wave) => chunksOf(wave, size))

/** Distinct keys in order of first occurrence, each with every input index holding it. */
export const distinctKeys = (keys: ReadonlyArray<string>): ReadonlyArray<{ readonly key: string; readonly indices: ReadonlyArray<number> }> => {
  const at = new Map<string, Array<number>>()
  keys.forEach((k, i) => {
    const is = at.get(k)
    if (is === undefined) at.set(k, [i])
    else is.push(i)
  })
  return Array.from(at, ([key, indices]) => ({ key, indices }))
}

// -------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------

/** The error of requests DynamoDB left unprocessed until the attempts ran out. */
const unprocessed = (what: 'items' | 'keys', attempts: number): DE.DynamoError =>
  DE.awsError(
    what === 'items' ? 'UnprocessedItems' : 'UnprocessedKeys',
    `DynamoDB left the request unprocessed after ${count(attempts, 'attempt')}`,
    true,
    undefined,
  )

/** Why no attempt starts for `signal`: its `AbortError` (its reason `redact`ed) once it has aborted, `undefined` while it may go on. */
const stopOf = (signal: AbortSignal | undefined, redact: ((text: string) => string) | undefined): DE.DynamoError | undefined =>
  signal?.aborted === true ? abortError(signal, false, redact) : undefined

/** A rejection that is about one of the requests rather than the whole chunk. */
const isInputError = (e: DE.DynamoError): boolean =>
  e._tag === 'ItemTooLarge' || e._tag === 'ValidationError' || (e._tag === 'AwsError' && e.name === 'ValidationException')

// -------------------------------------------------------------------------------------
// batchWrite
// -------------------------------------------------------------------------------------

const report = (env: Env, options: BatchOptions | undefined) => listener(options?.onProgress ?? env.batch.onProgress)

/**
 * The attempts of one chunk: `attempt(sent, n)` makes one request for what is pending and
 * gives what is still pending after it (`Right`), or the failure of the whole request
 * (`Left`; `onUnknown` hears of what it sent when its outcome is `unknown`). Waits with
 * backoff between attempts; stops at an error that is not retryable, after `maxAttempts`, or
 * when the signal aborts. Gives what is still pending, with the error to report for it.
 */
const attemptAll = async <K>(
  env: Env,
  what: 'items' | 'keys',
  first: ReadonlyArray<K>,
  signal: AbortSignal | undefined,
  attempt: (sent: ReadonlyArray<K>, n: number) => Promise<E.Either<RequestFailure, ReadonlyArray<K>>>,
  onUnknown: (sent: ReadonlyArray<K>) => void,
  onRetry: () => void,
): Promise<{ readonly pending: ReadonlyArray<K>; readonly error: DE.DynamoError }> => {
  // an Env whose settings are refused (spread by hand: no attempt count to run on) fails every one, unsent
  const invalid = invalidOf(env)
  if (invalid !== undefined) return { pending: first, error: invalid }
  const { maxAttempts } = env.batch.retry
  const t0 = performance.now()
  let pending = first
  let error = unprocessed(what, 0)
  // the first attempt's error, for the message of attempts that ran out
  let firstError: DE.DynamoError | undefined
  for (let n = 1; pending.length > 0 && n <= maxAttempts; n++) {
    if (n > 1) {
      onRetry()
      await pause(env, backoffDelay(env.batch.retry, n - 1, env.random), signal)
    }
    const stopped = stopOf(signal, env.redact)
    if (stopped !== undefined) return { pending, error: stopped }
    let r: E.Either<RequestFailure, ReadonlyArray<K>>
    try {
      r = await attempt(pending, n)
    } catch (e) {
      // the application's code threw in the attempt (the Env's clock gone bad: `fromThrown` tells
      // which): what it sent may have been written, and is not sent again
      onUnknown(pending)
      return { pending, error: fromThrown(e) }
    }
    if (E.isLeft(r)) {
      if (r.left.outcome === 'unknown') onUnknown(pending)
      if (!isRetryableError(r.left.error)) return { pending, error: r.left.error }
      if (n === 1) firstError = r.left.error
      error = exhausted(r.left.error, n, performance.now() - t0, firstError)
      continue
    }
    pending = r.right
    error = unprocessed(what, n)
  }
  // left unprocessed to the end: say after how many attempts
  const stillUnprocessed = error._tag === 'AwsError' && error.name === (what === 'items' ? 'UnprocessedItems' : 'UnprocessedKeys')
  return { pending, error: stillUnprocessed ? unprocessed(what, maxAttempts) : error }
}

/**
 * Write `requests` (puts and deletes of one table) with `BatchWriteItem`, losing nothing.
 * `keyOf` gives the canonical key string of a request (from its key attributes only).
 */
export const batchWrite =
  (
    table: string,
    requests: ReadonlyArray<WriteRequest>,
    keyOf: (request: WriteRequest) => string,
    options?: BatchOptions,
  ): ReaderTaskEither<Env, never, BatchWriteResult> =>
  (env) =>
  async () => {
    const keys = requests.map(keyOf)
    const succeeded: Array<number> = []
    const failed: Array<WriteFailure> = []
    const progress = report(env, options)
    const signal = options?.signal
    const sendOptions = { operation: options?.operation ?? 'batchWrite', ...(signal === undefined ? {} : { abortSignal: signal }) }
    // what an attempt may have written: once unknown, an item's outcome stays unknown
    const unknown = new Set<number>()
    let done = 0
    let retries = 0
    const settle = (ok: ReadonlyArray<number>, ko: ReadonlyArray<WriteFailure>) => {
      for (const i of ok) succeeded.push(i)
      for (const f of ko) failed.push(f)
      done += ok.length + ko.length
      progress?.({ done, total: requests.length })
    }
    /** One chunk: resend what is pending until all is written or attempts run out. */
    const runChunk = async (chunk: ReadonlyArray<number>): Promise<void> => {
      const { pending, error } = await attemptAll(
        env,
        'items',
        chunk,
        signal,
        async (sent, n) => {
          const command = new BatchWriteItemCommand({ RequestItems: { [table]: sent.map((i) => requests[i] as WriteRequest) } })
          const r = await attemptEither(env, command, n, sendOptions)
          if (E.isLeft(r)) {
            if (!(isInputError(r.left.error) && sent.length > 1)) return r
            // find the culprit: each half on its own
            const half = Math.ceil(sent.length / 2)
            await runChunk(sent.slice(0, half))
            await runChunk(sent.slice(half))
            return E.right([])
          }
          // an answer that says nothing of what was written: every item of it unknown
          const why = batchWriteWhy(r.right, table)
          if (why !== undefined) return E.left({ error: unreadableAnswer(why), outcome: 'unknown' })
          const left = r.right.UnprocessedItems?.[table] ?? []
          if (left.length === 0) {
            settle(sent, [])
            return E.right([])
          }
          const leftKeys = answerKeys(left, keyOf)
          if (leftKeys === undefined) return E.left({ error: unreadableAnswer('its UnprocessedItems hold a key that cannot be read'), outcome: 'unknown' })
          const byKey = new Map(sent.map((i) => [keys[i] as string, i]))
          const still = new Set<number>()
          for (const k of leftKeys) {
            const i = byKey.get(k)
            // a request we cannot tell: resend them all rather than lose one (writes are idempotent)
            if (i === undefined) for (const j of sent) still.add(j)
            else still.add(i)
          }
          const written = sent.filter((i) => !still.has(i))
          if (written.length > 0) settle(written, [])
          return E.right(sent.filter((i) => still.has(i)))
        },
        (sent) => sent.forEach((i) => unknown.add(i)),
        () => retries++,
      )
      if (pending.length > 0) settle([], pending.map((index) => ({ index, error, outcome: unknown.has(index) ? 'unknown' : 'not-written' })))
    }

    for (const wave of writeChunks(keys)) {
      await mapBounded(wave, env.batch.concurrency, runChunk)
    }
    succeeded.sort((a, b) => a - b)
    failed.sort((a, b) => a.index - b.index)
    return E.right({ succeeded, failed, retries })
  }

/**
 * The key strings of the requests, keys or items of an answer (`keyOf`), or `undefined` when
 * one cannot be read (a key attribute that is no attribute value, from an endpoint that is not
 * DynamoDB or a client of the application's): that answer says nothing sure of any key.
 */
const answerKeys = <A>(list: ReadonlyArray<A>, keyOf: (a: A) => string): ReadonlyArray<string> | undefined => {
  try {
    return list.map(keyOf)
  } catch {
    return undefined
  }
}

// -------------------------------------------------------------------------------------
// batchGet
// -------------------------------------------------------------------------------------

const projectionOf = (names: ReadonlyArray<string>) => {
  const unique = Array.from(new Set(names))
  return {
    ProjectionExpression: unique.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(unique.map((n, i) => [`#p${i}`, n])),
  }
}

/**
 * Read the items of `keys` (key attribute maps of one table) with `BatchGetItem`.
 * `keyOf` gives the canonical key string of a key map, and of an item read back (so it
 * must look at the key attributes only).
 */
export const batchGet =
  (
    table: string,
    keys: ReadonlyArray<AttributeMap>,
    keyOf: (keyOrItem: AttributeMap) => string,
    options?: BatchGetOptions,
  ): ReaderTaskEither<Env, never, BatchGetResult> =>
  (env) =>
  async () => {
    const distinct = distinctKeys(keys.map(keyOf))
    const items = new Map<string, AttributeMap>()
    const failedKeys = new Map<string, DE.DynamoError>()
    const progress = report(env, options)
    const keyNames = keys[0] === undefined ? [] : Object.keys(keys[0])
    const projection = options?.projection === undefined ? {} : projectionOf([...keyNames, ...options.projection])
    const signal = options?.signal
    const sendOptions = { operation: options?.operation ?? 'batchGet', ...(signal === undefined ? {} : { abortSignal: signal }) }
    const pacer = options?.pacer
    let done = 0
    let retries = 0
    let consumed = 0

    // each chunk: resend what is unprocessed until all is read or attempts run out (paced: one
    // chunk at a time, each request after the one before is paid for)
    await mapBounded(chunksOf(distinct, BATCH_GET), pacer === undefined ? env.batch.concurrency : 1, async (chunk): Promise<void> => {
      const keyMapOf = new Map(chunk.map((d) => [d.key, keys[d.indices[0] as number] as AttributeMap]))
      const { pending, error } = await attemptAll(
        env,
        'keys',
        chunk.map((d) => d.key),
        signal,
        async (sent, n) => {
          const command = new BatchGetItemCommand({
              RequestItems: {
                [table]: {
                  Keys: sent.map((k) => keyMapOf.get(k) as AttributeMap),
                  ...projection,
                  ...(options?.consistentRead === true ? { ConsistentRead: true } : {}),
                },
              },
              ...(pacer === undefined ? {} : { ReturnConsumedCapacity: 'TOTAL' }),
            })
          // a paced request starts when the pacer says (a wait the signal ends)
          const startedAt = pacer === undefined ? 0 : await pacer.wait()
          if (signal?.aborted === true) return E.left({ error: abortError(signal, false, env.redact), outcome: 'not-written' })
          const r = await attemptEither(env, command, n, sendOptions)
          if (E.isLeft(r)) return r
          const why = batchGetWhy(r.right, table, keyNames, sent.length)
          if (why !== undefined) return E.left({ error: unreadableAnswer(why), outcome: 'unknown' })
          if (pacer !== undefined) {
            const units = unitsOf(r.right.ConsumedCapacity)
            consumed += units
            pacer.spent(startedAt, units)
          }
          const got = r.right.Responses?.[table] ?? []
          const gotKeys = answerKeys(got, keyOf)
          const leftKeys = answerKeys(r.right.UnprocessedKeys?.[table]?.Keys ?? [], keyOf)
          if (gotKeys === undefined || leftKeys === undefined) return E.left({ error: unreadableAnswer('its Responses or UnprocessedKeys hold a key that cannot be read'), outcome: 'unknown' })
          const sentSet = new Set(sent)
          // an item of a key not asked for would leave the key asked for read as "no item"
          if (gotKeys.some((k) => !sentSet.has(k))) return E.left({ error: unreadableAnswer('its Responses hold an item of a key it was not asked for'), outcome: 'unknown' })
          gotKeys.forEach((k, i) => items.set(k, got[i] as AttributeMap))
          const left = new Set(leftKeys)
          // a key we cannot tell: read them all again rather than lose one
          const still = [...left].some((k) => !sentSet.has(k)) ? sent.filter((k) => !items.has(k)) : sent.filter((k) => left.has(k))
          done += sent.length - still.length
          progress?.({ done, total: distinct.length })
          return E.right(still)
        },
        () => undefined,
        () => retries++,
      )
      for (const k of pending) failedKeys.set(k, error)
      if (pending.length > 0) {
        done += pending.length
        progress?.({ done, total: distinct.length })
      }
    })

    const found: Array<{ index: number; item: AttributeMap }> = []
    const missing: Array<number> = []
    const failed: Array<Failure> = []
    for (const d of distinct) {
      const first = d.indices[0] as number
      const error = failedKeys.get(d.key)
      if (error !== undefined) failed.push({ index: first, error })
      else {
        const item = items.get(d.key)
        if (item !== undefined) found.push({ index: first, item })
        else missing.push(first)
      }
    }
    return E.right({ items: found.map((f) => f.item), found, missing, failed, retries, consumed })
  }

/** The read capacity units of a batch's answer: its `ConsumedCapacity` list's (one entry for its one table, `batchGetWhy`, as `Pace.units` counts it), 0 when it has none. */
const unitsOf = (list: unknown): number => {
  let sum = 0
  if (Array.isArray(list)) for (const c of list) sum += units(c)
  return sum
}

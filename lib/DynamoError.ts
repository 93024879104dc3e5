/**
 * The errors of dynamongo, as data. Every operation fails with one of these (as the left
 * of an `Either` / `TaskEither`); nothing is thrown across the public surface. Plain objects,
 * compared by deep equality: `String(e)` is `[object Object]`, so log `show(e)` or `draw(e)`.
 *
 * @since 0.1.0
 * @category Errors
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { ITEM_BYTES } from './rules/limits.js'
import type { LoadFailure } from './run/data.js'
import { matchTag } from './internal/match.js'
import { show as describe, showGiven, showKey, unshowable } from './internal/show.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One failing place of a value: a path for people (`address.city`, `tags[2]`) and why.
 *
 * @category model
 */
export interface Issue {
  readonly path: string
  readonly message: string
}

/**
 * A value does not fit its codec, or breaks one of DynamoDB's item rules.
 *
 * @category model
 */
export interface ValidationError {
  readonly _tag: 'ValidationError'
  readonly message: string
  readonly issues: ReadonlyArray<Issue>
  /**
   * Present only when DynamoDB did write: an update whose result the codec refuses (an
   * `add` or `+` past a field's range cannot be known before the call), the item as stored;
   * a `deleteOne` of an item the codec refuses (another writer stored it), the item removed.
   */
  readonly written?: Readonly<Record<string, AttributeValue>>
}

/**
 * A model declaration that cannot be right (thrown only at definition time).
 *
 * @category model
 */
export interface SchemaError {
  readonly _tag: 'SchemaError'
  readonly message: string
}

/**
 * A condition, update or strategy that DynamoDB would reject, found before any call.
 *
 * @category model
 */
export interface ExpressionError {
  readonly _tag: 'ExpressionError'
  readonly message: string
}

/**
 * The condition of a write did not hold.
 *
 * @category model
 */
export interface ConditionalCheckFailed {
  readonly _tag: 'ConditionalCheckFailed'
  readonly message: string
  /**
   * The item as it was, when DynamoDB returned it (`ReturnValuesOnConditionCheckFailure`): as
   * stored, an attribute map, whatever it is (on a shared table, another entity's item at the
   * key; an item the model's codec refuses). A cancelled transaction's reason gives the same
   * map as `stored`, and the model's own item decoded as `item`.
   */
  readonly item?: Readonly<Record<string, AttributeValue>>
  /**
   * `true` when this may be the request's own write: an earlier attempt's answer was lost
   * (its outcome unknown) and what is stored is what the request leaves: `item` is exactly
   * the item a save writes, or one an update leaves as it is; no `item` for a conditional
   * delete of `deleteMany`. DynamoDB cannot tell that attempt's write from another writer's
   * identical one (two edits of one version that computed the same item, a second create of
   * one marker, another delete): read the item and decide.
   */
  readonly mayBeOwnWrite?: true
}

/**
 * No item has the key, or the item that has it fails the strategy's extra checks.
 *
 * @category model
 */
export interface NotFound {
  readonly _tag: 'NotFound'
  /** The table as sent: with `Env`'s prefix. */
  readonly table: string
  /** The key values as given. */
  readonly key: Readonly<Record<string, unknown>>
  /** `'absent'`: no item has the key; `'failedCheck'`: one has, but it fails the strategy's extra checks. */
  readonly reason: 'absent' | 'failedCheck'
}

/**
 * One reason of a cancelled transaction: one per entry, in the order of the entries.
 *
 * @category model
 */
export interface CancellationReason {
  /** The entry's place in the transaction, from 0. */
  readonly index: number
  /** DynamoDB's code: `'None'` where the entry was fine, `'ConditionalCheckFailed'`, `'TransactionConflict'`, …; `''` for a reason that gave none (no object with a string `Code`: DynamoDB gives none such, and `transactWrite` then tells no reason to any entry). */
  readonly code: string
  readonly message?: string
  /**
   * Where a check failed on an item of the entry's model that exists: that item decoded through
   * the entry's model by `Dynamo.transactWrite` (typed `unknown`: a reason is not of one model).
   * None where the stored item is another entity's (a shared table), has expired, or does not
   * decode (the reason's `message` says why), nor in a transaction not built by dynamongo:
   * `stored` holds it then, as it is.
   */
  readonly item?: unknown
  /**
   * Where a check failed on an item that exists: the item as DynamoDB returned it
   * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), an attribute map, whatever it is: what
   * `ConditionalCheckFailed.item` is for a single write.
   */
  readonly stored?: Readonly<Record<string, AttributeValue>>
}

/**
 * A transaction DynamoDB canceled, with one reason for each of its items, in request order.
 * Reasons that are not one per item (an answer DynamoDB never gives) cannot be told to their
 * items: `reasons` is then empty, and `message` says how many came for how many items.
 *
 * @category model
 */
export interface TransactionCanceled {
  readonly _tag: 'TransactionCanceled'
  readonly message: string
  readonly reasons: ReadonlyArray<CancellationReason>
}

/**
 * An item over DynamoDB's 400 KB (409,600 bytes) limit.
 *
 * @category model
 */
export interface ItemTooLarge {
  readonly _tag: 'ItemTooLarge'
  /** The item's size in bytes; with `atLeast`, a lower bound (`limit + 1`). */
  readonly size: number
  readonly limit: number
  /**
   * `true` when the item's size is not known, only that it is over `limit`: an update that
   * DynamoDB refused as making a stored item too large (the stored item was not read), so
   * `size` is `limit + 1`, the least it can be.
   */
  readonly atLeast?: true
}

/**
 * Bad configuration (region, endpoint, credentials, prefix).
 *
 * @category model
 */
export interface ConfigError {
  readonly _tag: 'ConfigError'
  readonly message: string
}

/**
 * What an `AwsError` keeps of the error under it: plain data (a frozen object of
 * `Object.prototype`), never the SDK's error object, whose response, request and headers
 * hold the request's credentials (`authorization`, `x-amz-security-token`).
 *
 * @category model
 */
export interface AwsErrorCause {
  readonly name: string
  readonly message: string
  /** Node's system error code (`ECONNREFUSED`, …), when there is one. */
  readonly code?: string
  /** The error under this one (a network error under the SDK's), copied the same way. */
  readonly cause?: AwsErrorCause
  /** The errors of an `AggregateError` (one per address tried), copied the same way. */
  readonly errors?: ReadonlyArray<AwsErrorCause>
}

/**
 * Any other error of the AWS SDK or of DynamoDB: its name and message, what the SDK knows
 * of the call (HTTP status, request id, attempts, fault), and the SDK's error as a plain
 * `cause`. Only safe data: no field of an error body other than its message, no part of
 * the request or the response.
 *
 * `name` is DynamoDB's or the SDK's; Node's system error code when the network failed
 * (`ECONNREFUSED`, `ECONNRESET`, `EPIPE`, `ENOTFOUND`, `ETIMEDOUT`, `EAI_AGAIN`, …: the SDK's
 * error is then a plain `Error`, or a `TimeoutError` of a reset, kept as it is in `cause`); or
 * one of dynamongo's own:
 * - `TimeoutError`: no answer within `timeoutMs`, or a table (and its indexes) not ACTIVE
 *   within `waitTimeoutMs`; retryable, except after `createTable`'s or `deleteTable`'s own
 *   change (running them again cannot finish it: their message says what does).
 * - `AbortError`: the operation's `signal` aborted it.
 * - `TableNotActive`: `syncTable` on a table in a status no wait ends
 *   (ARCHIVED, ARCHIVING, INACCESSIBLE_ENCRYPTION_CREDENTIALS, …), named in the message; not
 *   retryable (`planTable` shows it as an `Unfixable` step).
 * - `InvalidAnswer`: an answer that parses but holds what DynamoDB never gives.
 * - `UnprocessedItems`, `UnprocessedKeys`: a batch DynamoDB left unprocessed through every attempt.
 * - `InputStreamError`, `OutputStreamError`: `load`'s input or `dump`'s output failed.
 *
 * @category model
 */
export interface AwsError extends AwsErrorDetails {
  readonly _tag: 'AwsError'
  readonly name: string
  readonly message: string
  readonly retryable: boolean
  readonly cause: AwsErrorCause | undefined
  /**
   * `true` when the request may have been applied by an attempt whose answer was lost, and a
   * retry met the state that attempt leaves: a `deleteOne` whose retry found no item (the item
   * is gone, and this delete may be what deleted it; the item it deleted is unknown), a
   * `createTable` whose retry found the table (`ResourceInUseException`), a `deleteTable`
   * whose retry found none (`ResourceNotFoundException`).
   */
  readonly mayBeOwnWrite?: true
  /**
   * `'unknown'` on the error of a write that may have been applied: an attempt of it reached
   * DynamoDB and ended without its answer (a reset, a time limit, an abort in flight, a 5xx,
   * an answer that could not be read), whatever error the last attempt then met (a retry's
   * throttling, an abort during the backoff). A conditional write's own retry meets its own
   * item (`ConditionalCheckFailed` marked `mayBeOwnWrite`); so does a caller's retry of it
   * after this error: read the item and decide. Absent on the error of a write none of whose
   * attempts reached DynamoDB or was answered other than by a refusal (a 4xx, throttling
   * included): nothing was written. Never on a read's. A batch's `fail` entry says the same in
   * its own `outcome`. Given by the single-item writes (`saveOne`, `updateOne`,
   * `updateFromDict`, `deleteOne`), `transactWrite`, `createTable`, `deleteTable`,
   * `syncTable`, and `Dynamo.send` of a command that is no read. A table operation that
   * failed after DynamoDB answered one of its changes (a `createTable` whose wait or
   * time-to-live step failed, a `deleteTable` whose wait failed, a `syncTable` after a step)
   * gives it too: the table was changed, and the message says how.
   */
  readonly outcome?: 'unknown'
  /**
   * Present only on the error of a `load` that stopped before its end (an abort, its input
   * failing): every line that failed before it stopped, by line number, as a whole load's
   * `LoadResult.fail` holds them (a line its item check refused, a write refused or of unknown
   * outcome); none when they went to `LoadOptions.onFail`.
   */
  readonly fail?: ReadonlyArray<LoadFailure>
}

/**
 * What the SDK knows of the call an `AwsError` comes from.
 *
 * @category model
 */
export interface AwsErrorDetails {
  /** The HTTP status of DynamoDB's answer, when there was one. */
  readonly status?: number
  /** DynamoDB's request id (what AWS support asks for), when there was one. */
  readonly requestId?: string
  /** How many attempts the SDK made. */
  readonly attempts?: number
  /** Whose fault the SDK says it was. */
  readonly fault?: 'client' | 'server'
}

/**
 * Every failure of dynamongo, as a value: the left side of each operation's `Either`. Tell the
 * cases apart by `_tag` (`match`).
 *
 * @category model
 */
export type DynamoError =
  | ValidationError
  | SchemaError
  | ExpressionError
  | ConditionalCheckFailed
  | NotFound
  | TransactionCanceled
  | ItemTooLarge
  | ConfigError
  | AwsError

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A `ValidationError` of the issues found, its message made of them.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * const e = DynamoError.validationError([{ path: 'email', message: 'expected an e-mail address' }])
 * e._tag // => 'ValidationError'
 * ```
 *
 * @category constructors
 */
export const validationError = (issues: ReadonlyArray<Issue>): DynamoError => ({
  _tag: 'ValidationError',
  message: issuesMessage(issues),
  issues,
})

/** The message of `issues`: each path and message; issues that cannot be read (through \`any\`: no list, a getter or a Proxy that throws) say so. */
const issuesMessage = (issues: ReadonlyArray<Issue>): string => {
  try {
    return issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')
  } catch (e) {
    return unshowable('a list of issues', issues, e)
  }
}

/**
 * A `SchemaError`: a model or index that cannot be used as declared.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * DynamoError.show(DynamoError.schemaError('index byAge: no such field')) // => 'SchemaError: index byAge: no such field'
 * ```
 *
 * @category constructors
 */
export const schemaError = (message: string): DynamoError => ({ _tag: 'SchemaError', message })

/**
 * An `ExpressionError`: an expression DynamoDB would reject, found before any call.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * // what a stand-in for an operation returns in a test, as dynamongo would
 * const refused = DynamoError.expressionError('IN takes 1 to 100 values')
 * DynamoError.show(refused) // => 'ExpressionError: IN takes 1 to 100 values'
 * ```
 *
 * @category constructors
 */
export const expressionError = (message: string): DynamoError => ({ _tag: 'ExpressionError', message })

/**
 * A `ConditionalCheckFailed`, with the item DynamoDB returned when it returned one.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * const failed = DynamoError.conditionalCheckFailed(undefined, { email: { S: 'a@b.c' }, version: { N: '3' } })
 * DynamoError.show(failed) // => 'ConditionalCheckFailed: The conditional request failed'
 * failed._tag === 'ConditionalCheckFailed' ? failed.item?.['version'] : undefined // => { N: '3' }
 * ```
 *
 * @category constructors
 */
export const conditionalCheckFailed = (
  message = 'The conditional request failed',
  item?: Readonly<Record<string, AttributeValue>>,
): DynamoError => (item === undefined ? { _tag: 'ConditionalCheckFailed', message } : { _tag: 'ConditionalCheckFailed', message, item })

/**
 * `NotFound` in `table` (the name as sent, prefix included).
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * // an item there, but not as the strategy's checks want it
 * DynamoError.show(DynamoError.notFound('users', { email: 'a@b.c' }, 'failedCheck'))
 * // => 'NotFound: the item in users with email = "a@b.c" fails the strategy\'s checks'
 * ```
 *
 * @category constructors
 */
export const notFound = (table: string, key: Readonly<Record<string, unknown>>, reason: NotFound['reason']): DynamoError => ({
  _tag: 'NotFound',
  table,
  key,
  reason,
})

/**
 * A `TransactionCanceled`, with one reason for each item of the transaction.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * const canceled = DynamoError.transactionCanceled('Transaction cancelled', [
 *   { index: 0, code: 'None' },
 *   { index: 1, code: 'ConditionalCheckFailed', message: 'The conditional request failed' },
 * ])
 * // the entries that failed
 * canceled._tag === 'TransactionCanceled' ? canceled.reasons.filter((r) => r.code !== 'None').map((r) => r.index) : [] // => [1]
 * ```
 *
 * @category constructors
 */
export const transactionCanceled = (message: string, reasons: ReadonlyArray<CancellationReason>): DynamoError => ({
  _tag: 'TransactionCanceled',
  message,
  reasons,
})

/**
 * An `ItemTooLarge`: an item of `size` bytes, over `limit` (DynamoDB's 400 KB by default).
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * DynamoError.show(DynamoError.itemTooLarge(500_000)) // => "ItemTooLarge: the item takes 500000 bytes, over DynamoDB's limit of 409600"
 * ```
 *
 * @category constructors
 */
export const itemTooLarge = (size: number, limit = ITEM_BYTES): DynamoError => ({ _tag: 'ItemTooLarge', size, limit })

/**
 * A `ConfigError`: an `Env` or an option that cannot be used.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * DynamoError.show(DynamoError.configError('region: expected a string')) // => 'ConfigError: region: expected a string'
 * ```
 *
 * @category constructors
 */
export const configError = (message: string): DynamoError => ({ _tag: 'ConfigError', message })

/**
 * An `AwsError`: a failure DynamoDB or the SDK reported, by its name, and whether trying again
 * may succeed.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * // a throttled request, as a test's stand-in for DynamoDB reports it (no SDK error behind it)
 * const throttled = DynamoError.awsError('ProvisionedThroughputExceededException', 'Rate exceeded', true, undefined)
 * DynamoError.show(throttled) // => 'AwsError ProvisionedThroughputExceededException: Rate exceeded (retryable)'
 * ```
 *
 * @category constructors
 */
export const awsError = (
  name: string,
  message: string,
  retryable: boolean,
  cause: AwsErrorCause | undefined,
  details: AwsErrorDetails = {},
): DynamoError => ({
  _tag: 'AwsError',
  name,
  message,
  retryable,
  ...details,
  cause,
})

/**
 * A `SchemaError` as a throwable, for the one place dynamongo throws: a model declaration
 * that cannot be right, at definition time.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { DynamoError, Model } from 'dynamongo'
 *
 * // a table name DynamoDB refuses (a space): make throws when the module loads
 * const why = (() => {
 *   try {
 *     Model.make({ table: 'my users', hashKey: 'email', codec: t.type({ email: t.string }) })
 *     return 'made'
 *   } catch (e) {
 *     return e instanceof DynamoError.SchemaException ? e.error._tag : 'other'
 *   }
 * })()
 * why // => 'SchemaError'
 * ```
 *
 * @category model
 */
export class SchemaException extends Error {
  readonly error: SchemaError
  constructor(message: string) {
    // a message that is no string (through \`any\`) is described, never converted: its conversion may throw
    const said = typeof message === 'string' ? message : describe(message)
    super(said)
    this.name = 'SchemaError'
    this.error = { _tag: 'SchemaError', message: said }
  }
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A fold over the errors: one handler per `_tag`, the one of the error's tag applied.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { DynamoError } from 'dynamongo'
 *
 * // an HTTP status for each error
 * const status = DynamoError.match({
 *   ValidationError: () => 400,
 *   SchemaError: () => 500,
 *   ExpressionError: () => 400,
 *   ConditionalCheckFailed: () => 409,
 *   NotFound: () => 404,
 *   TransactionCanceled: () => 409,
 *   ItemTooLarge: () => 413,
 *   ConfigError: () => 500,
 *   AwsError: (e) => (e.retryable ? 503 : 500),
 * })
 * pipe(E.left(DynamoError.notFound('users', { email: 'j@x.io' }, 'absent')), E.mapLeft(status)) // => E.left(404)
 * ```
 *
 * @category pattern matching
 */
export const match: <B>(handlers: { readonly [K in DynamoError['_tag']]: (e: Extract<DynamoError, { _tag: K }>) => B }) => (e: DynamoError) => B = matchTag

/** A `NotFound`'s key, as every message shows a key (`showKey`). */
const notFoundKey = (key: Readonly<Record<string, unknown>>): string => showKey(Object.keys(key), (k) => showGiven(key[k]))

/**
 * One line for people. Never shows credentials (no error carries them).
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * DynamoError.show(DynamoError.notFound('users', { email: 'j@x.io' }, 'absent')) // => 'NotFound: no item in users with email = "j@x.io"'
 * ```
 *
 * @category destructors
 */
export const show = (e: DynamoError): string => {
  try {
    switch (e._tag) {
      case 'NotFound':
        return e.reason === 'absent'
          ? `NotFound: no item in ${e.table} with ${notFoundKey(e.key)}`
          : `NotFound: the item in ${e.table} with ${notFoundKey(e.key)} fails the strategy's checks`
      case 'TransactionCanceled':
        // each reason once, with its entry's index and its own message
        return `TransactionCanceled: ${cancellation(e)} [${e.reasons.map((r) => `${r.index}: ${r.code}${r.message === undefined || r.message === '' ? '' : ` (${r.message})`}`).join('; ')}]`
      case 'ItemTooLarge':
        return e.atLeast === true
          ? `ItemTooLarge: the item would take more than DynamoDB's limit of ${e.limit} bytes (its size is unknown)`
          : `ItemTooLarge: the item takes ${e.size} bytes, over DynamoDB's limit of ${e.limit}`
      case 'AwsError':
        return `AwsError ${e.name}: ${e.message}${e.outcome === 'unknown' ? ' (outcome unknown: the write may have been applied)' : ''}${e.retryable ? ' (retryable)' : ''}`
      default:
        // ValidationError, SchemaError, ExpressionError, ConditionalCheckFailed, ConfigError: the tag and the message
        return `${e._tag}: ${e.message}`
    }
  } catch (thrownHere) {
    return unshowable('a DynamoError', e, thrownHere)
  }
}

/**
 * A cancellation's message without the list of codes DynamoDB ends it with (`… [None,
 * ConditionalCheckFailed]`, the reasons' codes in order): `show` and `draw` give each reason
 * once, per entry, with its own message. A message that ends otherwise is kept whole.
 */
const cancellation = (e: TransactionCanceled): string => {
  const m = /^([\s\S]*?)\s*\[([^\]]*)\]$/.exec(e.message)
  if (m === null) return e.message
  const codes = (m[2] as string).split(',').map((c) => c.trim())
  return codes.length === e.reasons.length && codes.every((c, i) => c === e.reasons[i]?.code) ? (m[1] as string) : e.message
}

/**
 * A tree for people: the error and, for validation errors, one line per failing path.
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * DynamoError.draw(DynamoError.validationError([{ path: 'age', message: 'expected a number' }]))
 * // => 'ValidationError\n└─ age: expected a number'
 * ```
 *
 * @category destructors
 */
export const draw = (e: DynamoError): string => {
  try {
    switch (e._tag) {
      case 'ValidationError':
        return ['ValidationError', ...e.issues.map((i) => `└─ ${i.path === '' ? '(value)' : i.path}: ${i.message}`)].join('\n')
      case 'TransactionCanceled':
        return [`TransactionCanceled: ${cancellation(e)}`, ...e.reasons.map((r) => `└─ [${r.index}] ${r.code}${r.message ? `: ${r.message}` : ''}`)].join('\n')
      default:
        return show(e)
    }
  } catch (thrownHere) {
    return unshowable('a DynamoError', e, thrownHere)
  }
}

/**
 * Whether a value is one of the `DynamoError` cases (by its `_tag`).
 *
 * @example
 * ```ts
 * import { DynamoError } from 'dynamongo'
 *
 * DynamoError.isDynamoError(DynamoError.expressionError('no such index')) // => true
 * DynamoError.isDynamoError(new Error('x'))                            // => false
 * ```
 *
 * @category refinements
 */
export const isDynamoError = (u: unknown): u is DynamoError => {
  try {
    return typeof u === 'object' && u !== null && typeof (u as { _tag?: unknown })._tag === 'string' &&
    ['ValidationError', 'SchemaError', 'ExpressionError', 'ConditionalCheckFailed', 'NotFound', 'TransactionCanceled', 'ItemTooLarge', 'ConfigError', 'AwsError'].includes((u as { _tag: string })._tag)
  } catch {
    // a value whose reading throws (a getter, a Proxy) is none
    return false
  }
}

/**
 * The one place dynamongo calls `client.send`: caught, its error
 * classified by the SDK error's `name` into a `DynamoError`. Nothing thrown escapes.
 *
 * - `ConditionalCheckFailedException` → `ConditionalCheckFailed`
 * - `TransactionCanceledException` → `TransactionCanceled` with its `CancellationReasons`
 * - `ValidationException` about the item size → `ItemTooLarge` (when the request holds
 *   the item, so that its size can be told)
 * - anything else → `AwsError { name, message, retryable, cause }`, `retryable` for
 *   throttling, 5xx / server faults and transient network errors.
 *
 * Messages pass through the Env's `redact`, so no credential ends up in an error.
 */
import {
  type $Command,
  type AttributeValue,
  type DynamoDBClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import * as DE from '../DynamoError.js'
import type { Env } from './Env.js'
import { itemSize } from '../rules/size.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Any DynamoDB command of the SDK (`new GetItemCommand(input)`, …). */
export type DynamoCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = $Command<
  I,
  O,
  DynamoDBClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes
>

// -------------------------------------------------------------------------------------
// classification
// -------------------------------------------------------------------------------------

/** Error names DynamoDB (or the SDK) uses for throttling: worth a retry after a wait. */
export const throttlingNames: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
])

/** Error names of server faults and transient failures: worth a retry after a wait. */
export const transientNames: ReadonlySet<string> = new Set([
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
])

const transientCodes: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED'])

interface ErrorLike {
  readonly name?: unknown
  readonly message?: unknown
  readonly Message?: unknown
  readonly code?: unknown
  readonly $fault?: unknown
  readonly $retryable?: unknown
  readonly $metadata?: { readonly httpStatusCode?: unknown }
  readonly CancellationReasons?: unknown
}

const asErrorLike = (e: unknown): ErrorLike => (typeof e === 'object' && e !== null ? (e as ErrorLike) : {})

const nameOf = (e: unknown): string => {
  const n = asErrorLike(e).name
  return typeof n === 'string' && n !== '' ? n : e instanceof Error ? 'Error' : typeof e
}

const messageOf = (e: unknown): string => {
  const x = asErrorLike(e)
  if (typeof x.message === 'string' && x.message !== '') return x.message
  if (typeof x.Message === 'string' && x.Message !== '') return x.Message
  return typeof e === 'string' ? e : nameOf(e)
}

/** Whether an SDK error is worth retrying after a wait (throttling, 5xx, transient network). */
export const isRetryable = (e: unknown): boolean => {
  const x = asErrorLike(e)
  const name = nameOf(e)
  if (throttlingNames.has(name) || transientNames.has(name)) return true
  if (x.$fault === 'server') return true
  if (typeof x.$retryable === 'object' && x.$retryable !== null) return true
  const status = x.$metadata?.httpStatusCode
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true
  return typeof x.code === 'string' && transientCodes.has(x.code)
}

/** Whether an SDK error is throttling (as opposed to a server fault). */
export const isThrottling = (e: unknown): boolean => throttlingNames.has(nameOf(e))

const cancellationReasons = (e: unknown): ReadonlyArray<DE.CancellationReason> => {
  const rs = asErrorLike(e).CancellationReasons
  if (!Array.isArray(rs)) return []
  return rs.map((r: { Code?: unknown; Message?: unknown }) => {
    const code = typeof r?.Code === 'string' ? r.Code : 'None'
    return typeof r?.Message === 'string' ? { code, message: r.Message } : { code }
  })
}

const itemSizeMessage = /item size (?:to update )?has exceeded the maximum allowed size|item size exceeded|maximum allowed size of 400 ?kb/i

/** The largest item a write request carries (PutItem, BatchWriteItem, TransactWriteItems). */
const largestItemSize = (input: unknown): number | undefined => {
  if (typeof input !== 'object' || input === null) return undefined
  const i = input as {
    Item?: Record<string, AttributeValue>
    RequestItems?: Record<string, ReadonlyArray<{ PutRequest?: { Item?: Record<string, AttributeValue> } }>>
    TransactItems?: ReadonlyArray<{ Put?: { Item?: Record<string, AttributeValue> } }>
  }
  const items: Array<Record<string, AttributeValue>> = []
  if (i.Item !== undefined) items.push(i.Item)
  if (i.RequestItems !== undefined) {
    for (const rs of Object.values(i.RequestItems)) {
      if (!Array.isArray(rs)) continue
      for (const r of rs) if (r.PutRequest?.Item !== undefined) items.push(r.PutRequest.Item)
    }
  }
  if (Array.isArray(i.TransactItems)) for (const t of i.TransactItems) if (t.Put?.Item !== undefined) items.push(t.Put.Item)
  if (items.length === 0) return undefined
  return items.reduce((m, it) => Math.max(m, itemSize(it)), 0)
}

/** A thrown value (an SDK error, or anything) as a `DynamoError`. */
export const classify = (e: unknown, options: { readonly redact?: (s: string) => string; readonly input?: unknown } = {}): DE.DynamoError => {
  const redact = options.redact ?? ((s: string) => s)
  const name = nameOf(e)
  const message = redact(messageOf(e))
  switch (name) {
    case 'ConditionalCheckFailedException': {
      // with ReturnValuesOnConditionCheckFailure: ALL_OLD, DynamoDB returns the item as it was
      const item = (e as { Item?: Record<string, AttributeValue> }).Item
      return DE.conditionalCheckFailed(message, item !== undefined && Object.keys(item).length > 0 ? item : undefined)
    }
    case 'TransactionCanceledException':
      return DE.transactionCanceled(message, cancellationReasons(e).map((r) => (r.message === undefined ? r : { ...r, message: redact(r.message) })))
    case 'ValidationException': {
      if (itemSizeMessage.test(message)) {
        const size = largestItemSize(options.input)
        if (size !== undefined) return DE.itemTooLarge(size)
      }
      break
    }
  }
  const cause = message === messageOf(e) ? e : redactedCause(e, name, message)
  return DE.awsError(name, message, isRetryable(e), cause)
}

/** A copy of an error whose message carried a credential: the name, the redacted message, the metadata. */
const redactedCause = (e: unknown, name: string, message: string): unknown => {
  const copy = new Error(message)
  copy.name = name
  const meta = asErrorLike(e).$metadata
  return meta === undefined ? copy : Object.assign(copy, { $metadata: meta })
}

// -------------------------------------------------------------------------------------
// send
// -------------------------------------------------------------------------------------

/**
 * Send one command with the Env's client. Never throws: the SDK's error comes back as
 * the `Left` of its `DynamoError`.
 */
export const send =
  <I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: DynamoCommand<I, O>): ReaderTaskEither<Env, DynamoError, O> =>
  (env) =>
  () =>
    sendThen(env, command, E.right)

/**
 * `send`, and `then` of the SDK's output: the SDK's promise with a handler each way, rather
 * than async functions around it (for the single-item operations, one promise a request).
 * Between the SDK's work on a request, caches are cold, so what runs here costs several
 * times what it costs in a tight loop (bench/README.md).
 */
export const sendThen = <I extends ServiceInputTypes, O extends ServiceOutputTypes, B>(
  env: Env,
  command: DynamoCommand<I, O>,
  then: (out: O) => E.Either<DynamoError, B>,
): Promise<E.Either<DynamoError, B>> => {
  const failed = (e: unknown): E.Either<DynamoError, B> => E.left(classify(e, { redact: env.redact, input: command.input }))
  try {
    return env.client.send(command).then(then, failed)
  } catch (e) {
    return Promise.resolve(failed(e))
  }
}

type DynamoError = DE.DynamoError

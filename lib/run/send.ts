/**
 * The one place dynamongo calls `client.send`: caught, its error
 * classified by the SDK error's `name` into a `DynamoError`. Nothing thrown escapes.
 *
 * - `ConditionalCheckFailedException` → `ConditionalCheckFailed`
 * - `TransactionCanceledException` → `TransactionCanceled` with its `CancellationReasons`
 * - `ValidationException` about the item size → `ItemTooLarge` (when the request holds
 *   the item, so that its size can be told)
 * - anything else → `AwsError { name, message, retryable, status, requestId, attempts,
 *   fault, cause }`, `retryable` for throttling, 5xx / server faults and transient network
 *   errors; `cause` a plain copy of the SDK's error (name, message, code), never the error
 *   itself, whose response and request hold the signed headers.
 *
 * Messages pass through the Env's `redact` and `Env.scrubUrls`, so no credential, and no
 * user name, password, query or fragment of a URL, ends up in an error.
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
import * as Env from './Env.js'
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

/**
 * The SDK's note on an answer it could not parse (an HTML page of a proxy, a cut body): its
 * message then quotes the start of the body, which may hold anything the server put there.
 */
const deserializationHint = /Deserialization error: to see the raw response/

/** The message dynamongo shows of a thrown value: an unreadable answer is described, not quoted. */
const safeMessageOf = (e: unknown): string => {
  const message = messageOf(e)
  if (!deserializationHint.test(message)) return message
  const status = asErrorLike(e).$metadata?.httpStatusCode
  return `DynamoDB's answer${typeof status === 'number' ? ` (HTTP ${status})` : ''} could not be read (${nameOf(e)})`
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
  return rs.map((r: { Code?: unknown; Message?: unknown; Item?: unknown }, index): DE.CancellationReason => {
    const code = typeof r?.Code === 'string' ? r.Code : 'None'
    const item = typeof r?.Item === 'object' && r.Item !== null && Object.keys(r.Item).length > 0 ? { item: r.Item } : {}
    return typeof r?.Message === 'string' ? { index, code, message: r.Message, ...item } : { index, code, ...item }
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
  const given = options.redact
  const clean = given === undefined ? Env.scrubUrls : (s: string) => Env.scrubUrls(given(s))
  const name = nameOf(e)
  const message = clean(safeMessageOf(e))
  switch (name) {
    case 'ConditionalCheckFailedException': {
      // with ReturnValuesOnConditionCheckFailure: ALL_OLD, DynamoDB returns the item as it was
      const item = (e as { Item?: Record<string, AttributeValue> }).Item
      return DE.conditionalCheckFailed(message, item !== undefined && Object.keys(item).length > 0 ? item : undefined)
    }
    case 'TransactionCanceledException':
      return DE.transactionCanceled(message, cancellationReasons(e).map((r) => (r.message === undefined ? r : { ...r, message: clean(r.message) })))
    case 'ValidationException': {
      if (itemSizeMessage.test(message)) {
        const size = largestItemSize(options.input)
        if (size !== undefined) return DE.itemTooLarge(size)
      }
      break
    }
  }
  return DE.awsError(name, message, isRetryable(e), copyOf(e, clean, 0), detailsOf(e))
}

/** How deep a chain of causes is copied, and how many errors of an `AggregateError`. */
const MAX_CAUSE_DEPTH = 4
const MAX_ERRORS = 8

/** A property of a thrown value, or `undefined` when reading it throws (a getter, a Proxy). */
const read = (e: unknown, key: string): unknown => {
  if (typeof e !== 'object' || e === null) return undefined
  try {
    return (e as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

/**
 * The plain copy an `AwsError` keeps of a thrown value: its name, message (cleaned of
 * credentials and of URLs' user names, passwords, queries and fragments), Node's error
 * code, and the same of the errors under it. Nothing else is read from it: not its
 * `$response` (the HTTP response, whose request holds the signed headers), not the other
 * fields of an error body, not its stack.
 */
const copyOf = (e: unknown, clean: (s: string) => string, depth: number): DE.AwsErrorCause => {
  const out: { name: string; message: string; code?: string; cause?: DE.AwsErrorCause; errors?: ReadonlyArray<DE.AwsErrorCause> } = {
    name: clean(nameOf(e)),
    message: clean(safeMessageOf(e)),
  }
  const code = read(e, 'code')
  if (typeof code === 'string') out.code = clean(code)
  if (depth < MAX_CAUSE_DEPTH) {
    const cause = read(e, 'cause')
    if (cause !== undefined && cause !== null && cause !== e) out.cause = copyOf(cause, clean, depth + 1)
    const errors = read(e, 'errors')
    if (Array.isArray(errors) && errors.length > 0) out.errors = Object.freeze(errors.slice(0, MAX_ERRORS).map((x) => copyOf(x, clean, depth + 1)))
  }
  return Object.freeze(out)
}

/** What the SDK says of the call: HTTP status, request id, attempts, fault (only those present). */
const detailsOf = (e: unknown): DE.AwsErrorDetails => {
  const meta = read(e, '$metadata')
  const status = read(meta, 'httpStatusCode')
  const requestId = read(meta, 'requestId')
  const attempts = read(meta, 'attempts')
  const fault = read(e, '$fault')
  const out: { -readonly [K in keyof DE.AwsErrorDetails]: DE.AwsErrorDetails[K] } = {}
  if (typeof status === 'number') out.status = status
  if (typeof requestId === 'string' && /^[A-Za-z0-9-]{1,128}$/.test(requestId)) out.requestId = requestId
  if (typeof attempts === 'number') out.attempts = attempts
  if (fault === 'client' || fault === 'server') out.fault = fault
  return out
}

// -------------------------------------------------------------------------------------
// send
// -------------------------------------------------------------------------------------

/**
 * Send one command with the Env's client. Never throws: the SDK's error comes back as
 * the `Left` of its `DynamoError`.
 */
export const send =
  <I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: DynamoCommand<I, O>, options?: SendOptions): ReaderTaskEither<Env.Env, DynamoError, O> =>
  (env) =>
  () =>
    sendThen(env, command, E.right, options)

/** What one request may carry besides its input. */
export interface SendOptions {
  /** Aborts the request in flight (the SDK's `abortSignal`): its `Left` is an `AwsError` named `AbortError`. */
  readonly abortSignal?: AbortSignal
}

/**
 * `send`, and `then` of the SDK's output: the SDK's promise with a handler each way, rather
 * than async functions around it (for the single-item operations, one promise a request).
 * Between the SDK's work on a request, caches are cold, so what runs here costs several
 * times what it costs in a tight loop (bench/README.md).
 */
export const sendThen = <I extends ServiceInputTypes, O extends ServiceOutputTypes, B>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  then: (out: O) => E.Either<DynamoError, B>,
  options?: SendOptions,
): Promise<E.Either<DynamoError, B>> => {
  const failed = (e: unknown): E.Either<DynamoError, B> => E.left(classify(e, { redact: env.redact, input: command.input }))
  try {
    return (options === undefined ? env.client.send(command) : env.client.send(command, options)).then(then, failed)
  } catch (e) {
    return Promise.resolve(failed(e))
  }
}

type DynamoError = DE.DynamoError

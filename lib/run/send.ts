/**
 * The one place dynamongo calls `client.send`: caught, its error
 * classified by the SDK error's `name` into a `DynamoError`. Nothing thrown escapes.
 *
 * - `ConditionalCheckFailedException` → `ConditionalCheckFailed`
 * - `TransactionCanceledException` → `TransactionCanceled` with its `CancellationReasons`
 * - `ValidationException` about the item size → `ItemTooLarge`: its size when the request
 *   holds the item, else (an update of a stored item) `atLeast` the limit and one byte
 * - anything else → `AwsError { name, message, retryable, status, requestId, attempts,
 *   fault, cause }`, `retryable` for throttling, 5xx / server faults, a single write refused
 *   because a transaction holds its item (`TransactionConflictException`), and transient
 *   network errors; `cause` a plain copy of the SDK's error (name, message, code), never the
 *   error itself, whose response and request hold the signed headers.
 *
 * Messages pass through the Env's `redact` and `scrub` (config.ts), so no credential (the
 * Env's, or what a quoted request's signature carries), and no user name, password, query or
 * fragment of a URL, ends up in an error.
 */
import {
  type $Command,
  type AttributeValue,
  type DynamoDBClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb'
import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import * as E from 'fp-ts/lib/Either.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import * as DE from '../DynamoError.js'
import type * as Env from './Env.js'
import * as Listener from './listener.js'
import { cleaner, enforcedLimit, invalidOf, showEndpoint } from './config.js'
import { backoffDelay, isRetryableError, pause } from './retry.js'
import { itemSize } from '../rules/size.js'
import { ITEM_BYTES, requestTableNameWhy, tableNameWhy } from '../rules/limits.js'
import { mapsEqual } from '../rules/compare.js'
import { TYPE_NAMES } from '../rules/ast.js'
import { offAbort, onAbort } from './abort.js'
import { answeredKeyWhy, errorShapeWhy, returnedKeyWhy, unreadableAnswer } from './answer.js'
import { UnreadableAnswer } from './answerBody.js'
import { perObject } from '../internal/memo.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Any DynamoDB command of the SDK (`new GetItemCommand(input)`, …).
 *
 * @category model
 */
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
const throttlingNames: ReadonlySet<string> = new Set([
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
const transientNames: ReadonlySet<string> = new Set([
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionInProgressException',
  // a single write to an item a transaction holds: refused (HTTP 400, nothing written) until
  // the transaction ends, as a transaction's own `TransactionConflict` cancellation is retried
  'TransactionConflictException',
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
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly clockSkewCorrected?: unknown }
  readonly CancellationReasons?: unknown
}

const asErrorLike = (e: unknown): ErrorLike => (typeof e === 'object' && e !== null ? (e as ErrorLike) : {})

const nameOf = (e: unknown): string => {
  const n = asErrorLike(e).name
  return typeof n === 'string' && n !== '' ? n : e instanceof Error ? 'Error' : typeof e
}

/**
 * Node's system error codes (`ECONNREFUSED`, `ECONNRESET`, `EPIPE`, `ENOTFOUND`, `ETIMEDOUT`,
 * `EAI_AGAIN`, …): an `E` and capitals, never Node's own `ERR_` codes.
 */
const systemCode = /^E(?!RR_)[A-Z0-9]+(?:_[A-Z0-9]+)*$/

/**
 * The names under which the SDK passes a socket's error on: Node's plain `Error` (a refused
 * connection, a name not found), its `AggregateError` (every address refused), and the SDK's
 * `TimeoutError`, which it gives a reset, a broken pipe and a connection timed out alike.
 */
const socketNames: ReadonlySet<string> = new Set(['Error', 'AggregateError', 'TimeoutError'])

/**
 * Whether a thrown value is the error of an error answer (it has a fault, or a status of 300 or
 * more): the SDK copies the fields of the answer's body onto it, so a `code` there is the
 * server's text, no socket's system code. A socket's error while a 2xx body was read carries
 * that status too (the SDK's deserializer adds its `$metadata`), and is the network's.
 */
const answered = (e: unknown): boolean => {
  const x = asErrorLike(e)
  const status = x.$metadata?.httpStatusCode
  return x.$fault !== undefined || (typeof status === 'number' && status >= 300)
}

/**
 * The name an `AwsError` shows of a thrown value: its own, or for a socket's error its system
 * code, which says it was the network and how (a plain `Error` says nothing; the SDK's
 * `TimeoutError` of a reset would be read as a time limit run out). An error without a code
 * (the SDK's own time limit of a request, `TimeoutError`) keeps its name.
 */
const shownNameOf = (e: unknown): string => {
  const name = nameOf(e)
  const code = read(e, 'code')
  return !answered(e) && socketNames.has(name) && typeof code === 'string' && systemCode.test(code) ? code : name
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

/**
 * Whether an SDK error is worth retrying after a wait (throttling, 5xx, a single write refused
 * while a transaction holds its item, transient network).
 */
const isRetryable = (e: unknown): boolean => {
  const x = asErrorLike(e)
  const name = nameOf(e)
  if (throttlingNames.has(name) || transientNames.has(name)) return true
  if (x.$fault === 'server') return true
  // the SDK's signer has corrected its clock from the server's time: a new attempt is signed right
  if (x.$metadata?.clockSkewCorrected === true) return true
  if (typeof x.$retryable === 'object' && x.$retryable !== null) return true
  const status = x.$metadata?.httpStatusCode
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true
  return !answered(e) && typeof x.code === 'string' && transientCodes.has(x.code)
}

const cancellationReasons = (e: unknown): ReadonlyArray<DE.CancellationReason> => {
  const rs = asErrorLike(e).CancellationReasons
  if (!Array.isArray(rs)) return []
  return rs.map((r: { Code?: unknown; Message?: unknown; Item?: unknown }, index): DE.CancellationReason => {
    // a reason without a code (no object, no string Code: DynamoDB gives none such) is no entry's 'None' (fine): ''
    const code = typeof r?.Code === 'string' ? r.Code : ''
    // the item as DynamoDB returned it (Dynamo.transactWrite decodes the model's own as `item`)
    const item = typeof r?.Item === 'object' && r.Item !== null && Object.keys(r.Item).length > 0 ? { stored: r.Item as Record<string, AttributeValue> } : {}
    return typeof r?.Message === 'string' ? { index, code, message: r.Message, ...item } : { index, code, ...item }
  })
}

const itemSizeMessage = /item size (?:to update )?has exceeded the maximum allowed size|item size exceeded|maximum allowed size of 400 ?kb/i

/** An item whose size is not known, only that it is over the limit: `atLeast` its least size. */
export const overLimit: DE.DynamoError = Object.freeze({ _tag: 'ItemTooLarge', size: ITEM_BYTES + 1, limit: ITEM_BYTES, atLeast: true })

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
  // a document client's item (@aws-sdk/lib-dynamodb) holds plain values: its stored size is not known here
  if (items.length === 0 || !items.every(isAttributeMap)) return undefined
  return items.reduce((m, it) => Math.max(m, itemSize(it)), 0)
}

/**
 * Whether every attribute of `item` is an attribute value (`{ S: … }`, `{ M: … }`, …: one
 * member, a type's name, holding a value of that type, its members and elements too), as a
 * client command's item is: the size of any other is not told (`itemSize` reads each by its type).
 */
const isAttributeMap = (item: unknown): boolean =>
  typeof item === 'object' && item !== null && !Array.isArray(item) && Object.values(item).every(isAttributeValue)

const isAttributeValue = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const keys = Object.keys(v)
  if (keys.length !== 1 || !TYPE_NAMES.has(keys[0] as string)) return false
  const x = (v as Record<string, unknown>)[keys[0] as string]
  switch (keys[0]) {
    case 'S':
    case 'N':
      return typeof x === 'string'
    case 'B':
      return x instanceof Uint8Array
    case 'BOOL':
      return typeof x === 'boolean'
    case 'NULL':
      return x === true
    case 'SS':
    case 'NS':
      return Array.isArray(x) && x.every((e) => typeof e === 'string')
    case 'BS':
      return Array.isArray(x) && x.every((e) => e instanceof Uint8Array)
    case 'L':
      return Array.isArray(x) && x.every(isAttributeValue)
    case 'M':
      return isAttributeMap(x)
    default:
      return false
  }
}

/**
 * `largestItemSize`, or `undefined` (not known) when reading the input throws: the input is the
 * application's (a command of `Dynamo.send`, copied shallowly: an entry may hold a getter or be a
 * Proxy), and classifying its refusal reads the refusal, not the input.
 */
const knownItemSize = (input: unknown): number | undefined => {
  try {
    return largestItemSize(input)
  } catch {
    return undefined
  }
}

/**
 * The entry of a cancelled transaction that DynamoDB refused as making its item too large (a
 * reason `ValidationError` about the item size: an update of a stored item), if any.
 */
export const overLimitEntry = (e: DE.TransactionCanceled): number | undefined =>
  e.reasons.find((r) => r.code === 'ValidationError' && r.message !== undefined && itemSizeMessage.test(r.message))?.index

/**
 * The tables a request named, as the models name them: those that carry the Env's
 * `tablePrefix` said without it, with a note of the prefix; any other as sent (a command of
 * the application's own, sent through `Dynamo.send`, may name a table without the prefix).
 */
const showTables = (input: unknown, prefix: string): string | undefined => {
  const tables = tablesOf(input)
  if (tables.length === 0) return undefined
  const prefixed = prefix === '' ? [] : tables.filter((t) => t.startsWith(prefix))
  const others = prefixed.length === 0 ? tables : tables.filter((t) => !t.startsWith(prefix))
  const join = (ts: ReadonlyArray<string>): string => ts.join(ts.length === 2 ? ' or ' : ', ')
  const parts = [
    ...(others.length === 0 ? [] : [join(others)]),
    ...(prefixed.length === 0 ? [] : [`${join(prefixed.map((t) => t.slice(prefix.length)))} with tablePrefix ${JSON.stringify(prefix)}`]),
  ]
  return `table ${parts.join(' or ')}`
}

type Where = Pick<Env.Env, 'tablePrefix' | 'region' | 'endpoint'>

/**
 * What an error of DynamoDB or of the SDK means to the caller, said before their own words when
 * these name no table or no remedy, or `undefined`:
 * - `ResourceNotFoundException`: the tables the request named, where they were looked for, and
 *   what to do (DynamoDB says "Cannot do operations on a non-existent table", or "Requested
 *   resource not found");
 * - `ResourceInUseException` of a `CreateTable`: the table (DynamoDB says "Cannot create preexisting table");
 * - `CredentialsProviderError`: where credentials come from ("Could not load credentials from any providers").
 */
const meaning = (name: string, input: unknown, env: Where): string | undefined => {
  switch (name) {
    case 'ResourceNotFoundException': {
      const tables = showTables(input, env.tablePrefix)
      if (tables === undefined) return undefined
      const which = `no ${tables}${tablesOf(input).length > 1 ? ' (one of them at least)' : ''}`
      const where = `${env.endpoint === undefined ? '' : ` at ${showEndpoint(env.endpoint)}`} in region ${env.region}`
      return `${which}${where} for these credentials: create it (Dynamo.createTable, Dynamo.syncTable), or check the Env's endpoint, region, credentials and tablePrefix (DynamoDB Local keeps the tables of each access key id and region apart); DynamoDB said`
    }
    case 'ResourceInUseException': {
      // a CreateTable's (its input declares a KeySchema): the table is there; another request's
      // (a delete or change of a table being changed) is said by DynamoDB as it is
      const tables = read(input, 'KeySchema') === undefined ? undefined : showTables(input, env.tablePrefix)
      if (tables === undefined) return undefined
      return `${tables} exists already, or is being created, changed or deleted (Dynamo.syncTable creates a table only when it is missing, and waits for a change to end); DynamoDB said`
    }
    case 'CredentialsProviderError':
      // (credentials given to Env.make beside a client of the application's only describe it)
      return 'no AWS credentials were found: give Env.make credentials, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment (against DynamoDB Local, any values do); a client of your own, Env.make({ client }), reads its own (the credentials given to Env.make are not its): give them to new DynamoDBClient({ credentials }); the SDK said'
    default:
      return undefined
  }
}

/** `meaning`, or none when reading the input throws (as `knownItemSize`): the refusal is then said as DynamoDB said it. */
const meaningOf = (name: string, input: unknown, env: Where): string | undefined => {
  try {
    return meaning(name, input, env)
  } catch {
    return undefined
  }
}

/**
 * A thrown value (an SDK error, or anything) as a `DynamoError`. With the `env` it was sent
 * through, an error whose own words name no table or remedy is said first (`meaning`).
 */
export const classify = (
  e: unknown,
  options: { readonly redact?: (s: string) => string; readonly input?: unknown; readonly env?: Where } = {},
): DE.DynamoError => {
  try {
    return classified(e, options)
  } catch {
    return unreadableFailure
  }
}

/**
 * The error of a failure whose thrown value cannot be read (a client of the application's that
 * fails with a Proxy whose traps throw: even `instanceof` throws): nothing of it is known, so it
 * is not retried.
 */
const unreadableFailure: DE.DynamoError = DE.awsError('Unknown', 'the request failed with a value that cannot be read (reading it threw)', false, undefined)

/**
 * `classify`'s reading of `e`, which may throw where `e` is the application's (a Proxy, a getter);
 * its reading of the input never throws (`knownItemSize`, `meaningOf`), so that `classify`'s catch
 * meets only a value that cannot be read.
 */
const classified = (e: unknown, options: { readonly redact?: (s: string) => string; readonly input?: unknown; readonly env?: Where }): DE.DynamoError => {
  // an answer the check of answers' bodies refused (a 200 whose JSON is no object)
  if (e instanceof UnreadableAnswer) return unreadableAnswer(e.why)
  const clean = cleaner(options.redact)
  const name = clean(shownNameOf(e))
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
        // the size of the item a request carries; an update's item is stored, its size not known
        const size = knownItemSize(options.input)
        return size !== undefined ? DE.itemTooLarge(size) : overLimit
      }
      break
    }
  }
  const said = options.env === undefined ? undefined : meaningOf(name, options.input, options.env)
  if (said !== undefined) return DE.awsError(name, `${clean(said)}: ${message}`, isRetryable(e), copyOf(e, clean, 0), detailsOf(e))
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
// outcomes
// -------------------------------------------------------------------------------------

/**
 * What became of a write that failed: `not-written` when it never reached DynamoDB
 * (connection refused, name resolution, a TLS handshake refused, signing, abort before sending) or DynamoDB refused
 * it (a 4xx, throttling included); `unknown` when it may have been applied (reset, broken
 * pipe, time limit, abort in flight, 5xx, an answer that could not be read).
 *
 * @category model
 */
export type Outcome = 'not-written' | 'unknown'

/** A failed request: its error, and what became of it. */
export interface Failure {
  readonly error: DynamoError
  readonly outcome: Outcome
}

/** Node's codes of a connection that was never made: nothing was sent. */
const notConnectedCodes: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])

/**
 * Node's codes of a server certificate the client refused (OpenSSL's verification errors, and
 * Node's own check of the host name): the TLS handshake failed, and a request is written only
 * once it succeeded, so nothing was sent.
 */
const refusedCertificateCodes: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'CERT_SIGNATURE_FAILURE', 'CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED', 'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_CHAIN_TOO_LONG', 'CERT_REVOKED',
  'INVALID_CA', 'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_INVALID',
])

/**
 * OpenSSL's reasons of a handshake that failed before the connection was secured (a server that
 * speaks no TLS, or none of the client's versions), as Node gives them: in the message of an
 * `EPROTO`, or as an `ERR_SSL_…` code. Other TLS errors (a bad record) may come once the request
 * was sent.
 */
const handshakeReasons = /wrong version number|unknown protocol|unsupported protocol|no protocols available|alert handshake failure|alert protocol version/i

/** Whether a thrown value's code says its TLS handshake failed: nothing was sent. */
const handshakeFailed = (e: unknown, code: string): boolean => {
  if (refusedCertificateCodes.has(code)) return true
  if (code.startsWith('ERR_SSL_')) return handshakeReasons.test(code.slice(8).replace(/_/g, ' '))
  if (code !== 'EPROTO') return false
  const message = read(e, 'message')
  return typeof message === 'string' && handshakeReasons.test(message)
}

/**
 * Errors the SDK raises before a request is sent (no credentials to sign with): its providers'
 * (`ProviderError`, their base, is what a provider used on its own throws, such as the instance
 * metadata service's `fromInstanceMetadata` when the service does not answer).
 */
const unsignedNames: ReadonlySet<string> = new Set(['CredentialsProviderError', 'TokenProviderError', 'ProviderError'])

/** Whether a thrown value is a connection that was never made, or never secured (every address of an `AggregateError` refused). */
const neverConnected = (e: unknown, depth: number): boolean => {
  const code = read(e, 'code')
  if (typeof code === 'string' && (notConnectedCodes.has(code) || handshakeFailed(e, code))) return true
  if (depth >= MAX_CAUSE_DEPTH) return false
  const errors = read(e, 'errors')
  if (Array.isArray(errors) && errors.length > 0) return errors.every((x) => neverConnected(x, depth + 1))
  const cause = read(e, 'cause')
  return cause !== undefined && cause !== null && cause !== e && neverConnected(cause, depth + 1)
}

/** What became of a request the SDK failed with `e` (see `Outcome`). */
export const outcomeOf = (e: unknown): Outcome => {
  try {
    const status = read(read(e, '$metadata'), 'httpStatusCode')
    if (typeof status === 'number') return status >= 400 && status < 500 ? 'not-written' : 'unknown'
    return unsignedNames.has(nameOf(e)) || neverConnected(e, 0) ? 'not-written' : 'unknown'
  } catch {
    // a thrown value that cannot be read (a Proxy whose traps throw): what became of the request is not known
    return 'unknown'
  }
}

/**
 * The error of an aborted request: `AwsError` named `AbortError` (the signal's reason, when it is
 * an `Error` whose name and message are strings, as its cause). The reason is the application's:
 * one whose reading throws (a getter, a Proxy's trap) is passed over, since this error is made
 * where nothing may throw (a signal's listener, which would leave the attempt unsettled). What
 * it says of the reason is cleaned as an SDK error's message is (`config.cleaner`, with the
 * Env's `redact`, which every caller passes): a reason may quote a credential.
 */
export const abortError = (signal: AbortSignal, sent: boolean, redact: ((text: string) => string) | undefined): DynamoError =>
  abortedAs(signal, sent ? 'aborted in flight' : 'aborted before sending', redact)

/** The `AbortError` of what `signal` stopped, said as `what` (`abortError`'s, a read's between its requests): the reason as `abortError` takes it. */
export const abortedAs = (signal: AbortSignal, what: string, redact: ((text: string) => string) | undefined): DynamoError => {
  const cause = plainReason(signal.reason, cleaner(redact))
  const why = cause !== undefined && cause.name !== 'AbortError' ? `: ${cause.message}` : ''
  return DE.awsError('AbortError', `${what}${why}`, false, cause)
}

/** An abort's reason as a plain `{ name, message }`, each `clean`ed, when it is an `Error` with string ones, read once; else (or when reading throws) none. */
const plainReason = (reason: unknown, clean: (text: string) => string): { readonly name: string; readonly message: string } | undefined => {
  try {
    if (!(reason instanceof Error)) return undefined
    const { name, message } = reason
    return typeof name === 'string' && typeof message === 'string' ? { name: clean(name), message: clean(message) } : undefined
  } catch {
    return undefined
  }
}

/** The error of an attempt DynamoDB did not answer within the Env's `timeoutMs`. */
const timeoutError = (ms: number): DynamoError => DE.awsError('TimeoutError', `no answer within ${ms} ms`, true, undefined)

/**
 * The last error of a request whose attempts ran out: it says how many over how long, and,
 * when the first attempt (`first`) failed otherwise, how (an endpoint that died with a request
 * in flight: the first met the cut connection, the others a refused one). Only what the errors
 * already show (their name and message): no part of the request.
 */
export const exhausted = (error: DynamoError, attempts: number, ms: number, first?: DynamoError): DynamoError =>
  error._tag === 'AwsError' && attempts > 1
    ? { ...error, message: `${error.message} (gave up after ${attempts} attempts over ${Math.round(ms)} ms${firstFailure(error, first)})`, attempts }
    : error

/**
 * What `exhausted` adds of the first attempt's error `first` when it is not the last's (`last`):
 * `; the first failed with …`. Only an `AwsError` is retried, so only one can be a first attempt's.
 */
const firstFailure = (last: DE.AwsError, first: DynamoError | undefined): string => {
  if (first === undefined || first._tag !== 'AwsError') return ''
  const said = `${first.name}: ${first.message}`
  return said === `${last.name}: ${last.message}` ? '' : `; the first failed with ${said}`
}

/**
 * The error of a write that may have been applied and that a caller's retry could apply
 * twice: no longer `retryable`, and it says why (`why`). One rule for the writes that are not
 * idempotent (`notSentAgain`) and a transaction without a token of the caller's (transact.ts).
 */
export const mayHaveBeenApplied = (error: DynamoError, why: string): DynamoError =>
  error._tag === 'AwsError' ? { ...error, retryable: false, message: `${error.message} (${why})` } : error

/**
 * The error of a write that may have been applied (an attempt's outcome `unknown`): an
 * `AwsError` carries `outcome: 'unknown'`; the other errors say it their own way (a
 * `ConditionalCheckFailed` met by a retry, `mayBeOwnWrite`) or are DynamoDB's refusal of the
 * write as a whole.
 */
export const unknownOutcome = (error: DynamoError): DynamoError => (error._tag === 'AwsError' && error.outcome === undefined ? { ...error, outcome: 'unknown' } : error)

/** The error of a write that is not idempotent, not sent again because it may have been applied. */
const notSentAgain = (error: DynamoError): DynamoError => mayHaveBeenApplied(error, 'not sent again: it is not idempotent and may have been applied')

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * The DynamoDB operation a command sends (`GetItem`): the operation of the SDK's schema of it
 * (`[kind, namespace, operation, …]`), of the client's command it wraps for a document client's
 * command (`@aws-sdk/lib-dynamodb`'s `UpdateCommand` sends `UpdateItem`). By it a command is
 * retried (`rules/idempotent`), given a token (`sentCommand`) and told to `Env.on`, whatever its
 * class: a subclass of the application's, an anonymous or minified one, a wrapper of its own. A
 * command without a schema (of an SDK that gives none) is named by its class (`GetItemCommand` →
 * `GetItem`); one whose reading throws (a Proxy of the application's) by none.
 */
export const commandName = (command: object): string => {
  try {
    const of = sentOf(command)
    const operation = schemaOf(of)?.[2]
    return typeof operation === 'string' ? operation : classNamed(of)
  } catch {
    return ''
  }
}

/** The command `command` sends: the client's command a document client's command wraps (`clientCommand`), else itself. */
const sentOf = (command: object): object => {
  const inner = (command as { readonly clientCommand?: unknown }).clientCommand
  return typeof inner === 'object' && inner !== null ? inner : command
}

/**
 * The SDK's schema of the operation `command` sends (`[kind, namespace, operation, …]`: its own,
 * or its `clientCommand`'s), or `undefined` for a command without one (of an SDK that gives none).
 * Reads the command as it is: it throws where the command's reading does (a Proxy).
 */
export const operationSchema = (command: object): ReadonlyArray<unknown> | undefined => schemaOf(sentOf(command))

const schemaOf = (of: object): ReadonlyArray<unknown> | undefined => {
  const schema = (of as { readonly schema?: unknown }).schema
  return Array.isArray(schema) ? (schema as ReadonlyArray<unknown>) : undefined
}

/** `GetItemCommand` → `GetItem`: the name of `of`'s class, read once per class. */
const classNamed = (of: object): string => {
  const made = of.constructor
  const known = commandNames.get(made)
  if (known !== undefined) return known
  const name = typeof made?.name === 'string' ? made.name.replace(/Command$/, '') : ''
  commandNames.set(made, name)
  return name
}

const commandNames = new Map<unknown, string>()

/**
 * The tables a request names, each once, in the order it names them: its `TableName`, or
 * those of a batch's `RequestItems` or of a transaction's entries (`TransactItems`, each
 * `Put`/`Update`/`Delete`/`ConditionCheck`/`Get`); none for a request that names none.
 */
const tablesOf = (input: unknown): ReadonlyArray<string> => {
  const i = input as {
    TableName?: unknown
    RequestItems?: Record<string, unknown>
    TransactItems?: ReadonlyArray<Record<string, { readonly TableName?: unknown } | undefined> | undefined>
  }
  if (typeof i?.TableName === 'string') return [i.TableName]
  if (typeof i?.RequestItems === 'object' && i.RequestItems !== null) return Object.keys(i.RequestItems)
  if (!Array.isArray(i?.TransactItems)) return []
  const out: string[] = []
  for (const entry of i.TransactItems) {
    if (typeof entry !== 'object' || entry === null) continue
    for (const part of Object.values(entry)) {
      const named = (part as { readonly TableName?: unknown } | undefined)?.TableName
      if (typeof named === 'string' && !out.includes(named)) out.push(named)
    }
  }
  return out
}

/**
 * The tables an event names (`tablesOf`); none where reading them throws: `Dynamo.send`'s copy of
 * the application's input is shallow, and a transaction's entry may be a Proxy or hold a getter.
 */
const toldTables = (input: unknown): ReadonlyArray<string> => {
  try {
    return tablesOf(input)
  } catch {
    return []
  }
}

const tell = (on: (e: Env.Event) => void, command: object, operation: string, attempt: number, t0: number, out: unknown, error: DynamoError | undefined): void => {
  const capacity = error === undefined ? capacityOf(out) : undefined
  const tables = toldTables((command as { input?: unknown }).input)
  const event: Env.Event = {
    _tag: 'Request',
    operation,
    command: commandName(command),
    table: tables[0] ?? '',
    ...(tables.length > 1 ? { tables } : {}),
    attempt,
    durationMs: performance.now() - t0,
    ...(capacity === undefined ? {} : { consumedCapacity: capacity }),
    ...(error === undefined ? {} : { error: error._tag }),
  }
  Listener.tell(on, event)
}

/** The answer's `ConsumedCapacity`; none from an answer whose read throws (a client of the application's), which its own handler then meets. */
const capacityOf = (out: unknown): Env.Event['consumedCapacity'] | undefined => {
  try {
    return (out as { ConsumedCapacity?: Env.Event['consumedCapacity'] } | undefined)?.ConsumedCapacity
  } catch {
    return undefined
  }
}

/** Commands that take `ReturnConsumedCapacity`. */
const measurable: ReadonlySet<string> = new Set([
  'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'Query', 'Scan',
  'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction', 'SearchVectors',
])

/**
 * A copy of `command` with `input` in place of its own: of the same class and with every own
 * property of the instance (its serializer, schema, anything a caller set on it), and a copy of
 * its middleware stack, so that what a caller added there (`command.middlewareStack.add(…)`)
 * runs for the copy too and the caller's stack is left as it is (the SDK adds its own
 * middleware to a command's stack when it sends it). With `construct`, the copy is made by the
 * command's class (`new C(input)`), so that a subclass's private members (`#tag`), which no
 * other object carries, are there. They are those the construction gives, not the caller's
 * instance's (nothing outside the class can read them to copy), and the constructor runs once
 * more, on the input read: what it fills in is sent (README). A class that does not take its
 * input as its first argument (its instance's prototype, or its input, is not the one given),
 * or whose instance takes no property set on it (frozen, or its input or stack read-only), is
 * copied without it.
 */
const withInput = <C extends DynamoCommand<any, any>>(command: C, input: unknown, construct: boolean): C => {
  const proto = Object.getPrototypeOf(command) as object | null
  const made = construct ? constructed(command, proto, input) : undefined
  const copy = (made === undefined ? undefined : filled(made, command, input)) ?? Object.assign(Object.create(proto) as C, command, { input })
  // a document client's command (@aws-sdk/lib-dynamodb) sends the client's command it wraps,
  // whose stack is its own: that one is copied with the input, else the copy would send the caller's
  const inner = (command as { readonly clientCommand?: unknown }).clientCommand
  if (typeof inner === 'object' && inner !== null && 'middlewareStack' in inner) {
    const sent = withInput(inner as C, input, construct)
    return Object.assign(copy, { clientCommand: sent, middlewareStack: sent.middlewareStack })
  }
  const stack = (command as { readonly middlewareStack?: { readonly clone?: unknown } }).middlewareStack
  if (typeof stack?.clone === 'function') (copy as { middlewareStack: unknown }).middlewareStack = (stack.clone as () => unknown).call(stack)
  return copy
}

/**
 * `made` given `command`'s own properties and `input`, or `undefined` when it does not take
 * them (frozen by its constructor, or a property such as `input` or `middlewareStack` made
 * read-only): such a command is copied as one not made by its class is.
 */
const filled = <C>(made: C, command: C, input: unknown): C | undefined => {
  if (!Object.isExtensible(made)) return undefined
  try {
    const copy = Object.assign(made as object, command, { input }) as C
    const stack = (copy as { readonly middlewareStack?: unknown }).middlewareStack
    // the stack is replaced by its clone (`withInput`): a read-only one refuses it
    const own = Object.getOwnPropertyDescriptor(copy, 'middlewareStack')
    return stack === undefined || own === undefined || own.writable === true || own.set !== undefined ? copy : undefined
  } catch {
    return undefined
  }
}

/** `new C(input)` of `command`'s class `C` when it makes one of that class holding `input` (`withInput`). */
const constructed = <C>(command: C, proto: object | null, input: unknown): C | undefined => {
  const Ctor = (command as { readonly constructor?: unknown }).constructor
  if (typeof Ctor !== 'function' || Ctor.prototype !== proto) return undefined
  let made: C
  try {
    made = new (Ctor as new (input: unknown) => C)(input)
  } catch {
    // a class whose constructor takes something else (a wrapper of a client's command)
    return undefined
  }
  return Object.getPrototypeOf(made) === proto && (made as { readonly input?: unknown }).input === input ? made : undefined
}

/**
 * `command` asking for its consumed capacity (a copy, `withInput`: the caller's is left as it
 * is). Only dynamongo's own commands, of the SDK's classes, are copied here (`Dynamo.send`'s
 * ask already, `sentCommand`): not made by their class, which would cost each request more.
 */
const withCapacity = <C extends DynamoCommand<any, any>>(command: C): C => {
  const input = command.input as { ReturnConsumedCapacity?: unknown }
  if (input.ReturnConsumedCapacity !== undefined || !measurable.has(commandName(command))) return command
  return withInput(command, { ...input, ReturnConsumedCapacity: 'TOTAL' }, false)
}

/**
 * The commands that take an idempotency token, by the name of its member: a transaction's
 * `ClientRequestToken` makes its retries one transaction; an export's, an import's or a bulk
 * put's `ClientToken` makes them one export, import or bulk put.
 */
const tokened: ReadonlyMap<string, string> = new Map([
  ['TransactWriteItems', 'ClientRequestToken'],
  ['ExecuteTransaction', 'ClientRequestToken'],
  ['ExportTableToPointInTime', 'ClientToken'],
  ['ImportTable', 'ClientToken'],
  ['StartBulkPutItems', 'ClientToken'],
])

/**
 * A plain copy of `command`'s input: its own enumerable members, and each member its
 * operation's input takes (`inputMembers`) that the input holds otherwise (a getter of its
 * class, a member defined as not enumerable), each read once.
 */
const inputCopy = (command: object): Record<string, unknown> => {
  const raw = (command as { readonly input: object }).input
  const input: Record<string, unknown> = { ...raw }
  for (const name of inputMembers(command)) {
    if (!Object.prototype.propertyIsEnumerable.call(raw, name) && name in raw) input[name] = (raw as Record<string, unknown>)[name]
  }
  return input
}

/** The member names of `command`'s operation's input, as its schema lists them (`[3, namespace, name, traits, names, schemas]`, or a function giving it); none without a schema. */
const inputMembers = (command: object): ReadonlyArray<string> => {
  const schema = operationSchema(command)
  if (schema === undefined) return []
  const known = membersOf.get(schema)
  if (known !== undefined) return known
  const given: unknown = schema[4]
  const structure: unknown = typeof given === 'function' ? (given as () => unknown)() : given
  const names: unknown = Array.isArray(structure) ? (structure as ReadonlyArray<unknown>)[4] : undefined
  const members = Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []
  membersOf.set(schema, members)
  return members
}

/** `inputMembers` by schema: each read once. */
const membersOf = new WeakMap<object, ReadonlyArray<string>>()

/**
 * The application's command of `Dynamo.send` as every attempt sends it: a copy (`withInput`: the
 * caller's is left as it is) whose input is a plain copy of the caller's (`inputCopy`), read
 * once (each member a getter or a Proxy gives is read once, here, where a throw is the
 * caller's Left), its idempotency token (`tokened`) fixed when it takes one and has none,
 * and, with `capacity`, asking for its consumed capacity when it takes that and does not say
 * (`measurable`). The rules that say whether it is retried, the checks of its answers, the meaning of its errors, the
 * events and every request then read the one input: the SDK would draw a fresh token for each
 * attempt (a retry after a lost answer a second transaction, export, import or bulk put), and
 * an input read again could differ from, or throw where, the one the rules were given.
 */
export const sentCommand = <C extends DynamoCommand<any, any>>(command: C, capacity: boolean): C => {
  const input = inputCopy(command)
  const name = commandName(command)
  const member = tokened.get(name)
  // the SDK leaves out a member that is null before it draws a token: no token at all
  if (member !== undefined && (input[member] === undefined || input[member] === null)) input[member] = randomUUID()
  if (capacity && input.ReturnConsumedCapacity === undefined && measurable.has(name)) input.ReturnConsumedCapacity = 'TOTAL'
  return withInput(command, input, true)
}

// -------------------------------------------------------------------------------------
// send
// -------------------------------------------------------------------------------------

/** What one request may carry besides its input. */
export interface SendOptions {
  /** Aborts: no attempt starts after it, the one in flight is aborted (`AwsError` named `AbortError`). */
  readonly abortSignal?: AbortSignal
  /** The dynamongo operation the request belongs to (told to `Env.on`); default `send`. */
  readonly operation?: string
  /** `false` for a write that is not idempotent: not retried once its outcome is `unknown`. */
  readonly idempotent?: boolean
  /**
   * `true` for a write whose error is the operation's own (no batch entry's, which says its
   * outcome apart): once an attempt's outcome is `unknown`, its final `AwsError` says so
   * (`unknownOutcome`).
   */
  readonly write?: boolean
  /**
   * What DynamoDB's refusal of this request means to its caller, when the caller knows more
   * than the refusal says (a segment's start key DynamoDB refuses: the cursor's
   * `ValidationError`): the attempt's error, as `Env.on` is told it and the operation answers it.
   */
  readonly refusal?: (error: DynamoError) => DynamoError
  /**
   * `true` for a command of the application's own (`Dynamo.send`): the tables it names are
   * the application's, said as sent in an error's meaning, never cut by the Env's
   * `tablePrefix` (a name that starts with it was given so, not prefixed by dynamongo).
   */
  readonly ownCommand?: boolean
  /**
   * The key attributes of each item the request puts, by its place (a PutItem's at 0, a
   * TransactWriteItems' `Put` by its entry's index): a put names no key, and the item its
   * refusal returns (`ReturnValuesOnConditionCheckFailure: ALL_OLD`) must be at the put item's
   * key (`answer.returnedKeyWhy`), as one returned at a `Key` the request names always is.
   */
  readonly putKeys?: ReadonlyArray<ReadonlyArray<string> | undefined>
}

/** Where a request looked for its tables, for an error's meaning (`classify`): the Env's, without its prefix for an application's own command. */
const whereOf = (env: Env.Env, options: SendOptions): Where =>
  options.ownCommand === true ? { tablePrefix: '', region: env.region, endpoint: env.endpoint } : env

const noOptions: SendOptions = {}

/** The options of a request of `base`'s operation, with the caller's signal when there is one (one object more only then). */
export const withSignal = <B extends SendOptions>(base: B, signal: AbortSignal | undefined): B => (signal === undefined ? base : { ...base, abortSignal: signal })

/**
 * One attempt of `command`: `ok` of the SDK's output, or `ko` of the failure. The attempt is
 * bounded by `env.timeoutMs` and `signal` through an abort signal handed to the SDK (so the
 * socket is closed), and settles when either fires even if the client does not. `env.on` is
 * told of it. Without a limit, a signal or a listener, it is the SDK's promise with a
 * handler each way (the single-item operations' hot path: bench/README.md). `startedAt` is
 * `performance.now()` at its start when the caller has just read it (one reading of the clock
 * for the request's retries, the event and the deadline).
 */
const attempt = <I extends ServiceInputTypes, O extends ServiceOutputTypes, R>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  n: number,
  options: SendOptions,
  ok: (out: O) => R | PromiseLike<R>,
  ko: (failure: Failure) => R | PromiseLike<R>,
  startedAt?: number,
): Promise<R> => {
  const signal = options.abortSignal
  if (signal?.aborted === true) return Promise.resolve(ko({ error: abortError(signal, false, env.redact), outcome: 'not-written' }))
  const invalid = invalidOf(env)
  if (invalid !== undefined) return Promise.resolve(ko({ error: invalid, outcome: 'not-written' }))
  // a request naming a table DynamoDB refuses is not sent (a retry sends what the first attempt did)
  const refused = n === 1 ? tableNamesWhy(command.input, options.ownCommand === true) : undefined
  if (refused !== undefined) return Promise.resolve(ko({ error: refused, outcome: 'not-written' }))
  const on = env.on
  const sent = env.consumedCapacity ? withCapacity(command) : command
  const spared = options.ownCommand !== true && withoutLogRecords(env.client, sent)
  // (an Env spread by hand may hold a limit beyond what a timer enforces: none, as make reads it)
  const ms = enforcedLimit(env.timeoutMs)
  const t0 = startedAt ?? (on === undefined && ms === Infinity ? 0 : performance.now())
  if (ms === Infinity && signal === undefined) {
    let p: Promise<O>
    try {
      p = sendOf(env.client, sent, spared)
    } catch (e) {
      return Promise.resolve(ko({ error: classify(e, { redact: env.redact, input: command.input, env: whereOf(env, options) }), outcome: 'not-written' }))
    }
    if (on === undefined)
      return p.then(
        (out) => {
          const f = servedFailure(env, command.input, out)
          return f === undefined ? ok(out) : ko(f)
        },
        (e) => ko(failureOf(env, command, e, options)),
      )
    const operation = options.operation ?? 'send'
    return p.then(
      (out) => {
        const f = servedFailure(env, command.input, out)
        if (f === undefined) return tell(on, sent, operation, n, t0, out, undefined), ok(out)
        tell(on, sent, operation, n, t0, undefined, f.error)
        return ko(f)
      },
      (e) => {
        const f = failureOf(env, command, e, options)
        tell(on, sent, operation, n, t0, undefined, f.error)
        return ko(f)
      },
    )
  }
  return new Promise<R>((resolve) => {
    const deadline = ms === Infinity ? undefined : deadlineOf(ms, t0)
    // what the SDK is handed: the attempt's own light signal when the client's handler takes
    // one; else the deadline's signal, shared by the attempts of its window, or, with a
    // caller's signal too, an AbortController of the attempt's own that either aborts
    const light = takesLightSignal(env.client) ? new LightSignal() : undefined
    const own = light !== undefined || signal === undefined ? undefined : new AbortController()
    const bounded = new Bounded(env, sent, n, options, t0, ok, ko, resolve, deadline, light ?? own)
    deadline?.waiting.add(bounded)
    if (signal !== undefined) onAbort(signal, bounded)
    let p: Promise<O>
    try {
      p = sendOf(env.client, sent, spared, light !== undefined ? { abortSignal: light } : own === undefined ? (deadline as Deadline).options : { abortSignal: own.signal })
    } catch (e) {
      bounded.settle(undefined, { error: classify(e, { redact: env.redact, input: command.input, env: whereOf(env, options) }), outcome: 'not-written' })
      return
    }
    p.then(
      (out) => {
        const f = servedFailure(env, command.input, out)
        bounded.settle(f === undefined ? out : undefined, f)
      },
      (e) => bounded.settle(undefined, failureOf(env, command, e, options)),
    )
  })
}

/**
 * Why a served answer to `input` is none DynamoDB gives, of what every answer is checked for:
 * DynamoDB's error shape with a success's status (`answer.errorShapeWhy`), or an item at another
 * key than the one the request names (`answer.answeredKeyWhy`).
 */
const servedWhy = (env: Env.Env, input: unknown, out: unknown): string | undefined => errorShapeWhy(out, cleaner(env.redact)) ?? answeredKeyWhy(input, out)

/** The failure of a served answer to `input` (`servedWhy`'s, as `errorShaped` gives it), or `undefined` for one that reads. */
const servedFailure = (env: Env.Env, input: unknown, out: unknown): Failure | undefined => {
  const why = servedWhy(env, input, out)
  return why === undefined ? undefined : errorShaped(why)
}

/**
 * The failure of an answer `servedWhy` refuses, or of a refusal whose returned item is at
 * another key (`failureOf`): an `InvalidAnswer`, not retried; the request reached an endpoint
 * that may have applied it, so its outcome is unknown. What its why quotes of the answer (an
 * error's `__type`) was cleaned there (`config.cleaner`): an endpoint may echo a credential.
 */
const errorShaped = (why: string): Failure => ({ error: unreadableAnswer(why), outcome: 'unknown' })

/**
 * What a client's `send` gave, as a promise: the SDK's own promise as it is; from a client of
 * the application's, a value that is no promise is its answer and a thenable is followed (as
 * `await` takes them), so that its failure is the attempt's, never a throw of the operation.
 */
const given = <O>(answer: Promise<O>): Promise<O> => (answer instanceof Promise ? answer : Promise.resolve(answer))

/**
 * An attempt under a time limit or a caller's signal, until it settles first of: the SDK's
 * answer, the deadline (`timeout`), the caller's signal (`handleEvent`: the object is the
 * signal's listener). One object with methods rather than a closure per handler: the
 * single-item operations make one per request.
 */
class Bounded<O, R> {
  private settled = false
  constructor(
    private readonly env: Env.Env,
    private readonly sent: object,
    private readonly n: number,
    private readonly options: SendOptions,
    private readonly t0: number,
    private readonly ok: (out: O) => R | PromiseLike<R>,
    private readonly ko: (failure: Failure) => R | PromiseLike<R>,
    private readonly resolve: (r: R | PromiseLike<R>) => void,
    private readonly deadline: Deadline | undefined,
    /** The attempt's own signal handed to the SDK, if any (else the deadline's is). */
    private readonly own: { readonly abort: (reason: unknown) => void } | undefined,
  ) {}

  settle(out: O | undefined, f: Failure | undefined): void {
    if (this.settled) return
    this.settled = true
    if (this.deadline !== undefined) leave(this.deadline, this)
    const signal = this.options.abortSignal
    if (signal !== undefined) offAbort(signal, this)
    const on = this.env.on
    if (on !== undefined) tell(on, this.sent, this.options.operation ?? 'send', this.n, this.t0, out, f?.error)
    // what the handlers throw (reading an answer of a client of the application's that is no
    // object) rejects the attempt, as it does without a time limit: the caller's chain takes
    // it, rather than the promise handler or the timer that settled the attempt
    let r: R | PromiseLike<R>
    try {
      r = f === undefined ? this.ok(out as O) : this.ko(f)
    } catch (e) {
      r = Promise.reject(e)
    }
    this.resolve(r)
  }

  /**
   * Out of time, or aborted: the attempt settles now, then the SDK's request is aborted (settled
   * first: aborting runs the request handler's code, which may throw).
   */
  private stop(error: DynamoError): void {
    if (this.settled) return
    this.settle(undefined, { error, outcome: 'unknown' })
    try {
      this.own?.abort(error)
    } catch {
      // the handler's listener threw: the attempt has settled, and nothing thrown escapes a timer or a signal's listener
    }
  }

  /** The deadline fired. */
  timeout(): void {
    this.stop(timeoutError(this.env.timeoutMs))
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.stop(abortError(this.options.abortSignal as AbortSignal, true, this.env.redact))
  }
}

/**
 * The abort signal of one attempt in the form `{ aborted, reason, onabort }`, for a client
 * whose request handler is the SDK's own for Node (`takesLightSignal`): that handler and the
 * SDK's retry middleware set `onabort` when a signal has no `addEventListener` (the handler's
 * closes the request's socket).
 * Speed: the SDK's listeners on an `AbortSignal` alone would put the time limit over its target (bench/README.md).
 */
class LightSignal {
  aborted = false
  reason: unknown = undefined
  onabort: ((this: unknown) => void) | null = null

  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    try {
      this.onabort?.()
    } catch {
      // the handler's code threw: the request is abandoned all the same (its attempt has settled)
    }
  }
}

/** The names of the SDK's request handlers for Node, which take a `LightSignal` (read in @smithy/node-http-handler). */
const lightSignalHandlers: ReadonlySet<string> = new Set(['NodeHttpHandler', 'NodeHttp2Handler'])

/**
 * Whether `client`'s request handler is one of the SDK's for Node, told by its class's name (a
 * subclass, another handler, or a bundle that renamed the class get an `AbortSignal`).
 */
const takesLightSignal = (client: Env.Env['client']): boolean => typeof client === 'object' && client !== null && lightSignalClients(client)

/**
 * Whether `client`'s handler is one of the SDK's for Node; a client whose config cannot be read (a
 * strict mock: a getter or a Proxy that throws) takes an `AbortSignal`. Decided once per client (its
 * handler is read once; a client's config does not change its handler).
 */
const lightSignalClients = perObject((client: object): boolean => {
  try {
    const handler = (client as { readonly config?: { readonly requestHandler?: unknown } }).config?.requestHandler
    return typeof handler === 'object' && handler !== null && lightSignalHandlers.has((handler as { readonly constructor?: { readonly name?: unknown } }).constructor?.name as string)
  } catch {
    return false
  }
})

/**
 * The SDK's logger middleware (`loggerMiddleware`), after every send, copies the request and
 * its answer through the operation's schema for the client's `logger.info` (the request for
 * `logger.error` when it fails) whenever the logger has those methods. The SDK's default
 * logger (`NoOpLogger`) has them and does nothing with the copy, whose making is, for a page
 * of a Scan, more than half of what the SDK does on the client (bench/sdkLogger.ts). So on a
 * command of dynamongo's own (never on one of the application's, `Dynamo.send`), sent through a
 * client whose logger logs nothing there and that does not cache its middleware
 * (`logsNothing`) and whose stack holds the SDK's own logger middleware where `handOn` can take
 * its place (`sdkLoggerReplaceable`), that middleware is replaced, on the command's own stack,
 * by one that hands the request on: nothing is logged and no copy is made. The client's stack
 * is never changed: the application's own requests run it as it is. A client with a logger of
 * the application's keeps every record; so does a client whose `loggerMiddleware` is the
 * application's own, or was moved to another step or priority, when it was judged. The stack
 * is judged once per client (`replaceable`), the logger on every send. A stack the application
 * changed after that so that the SDK refuses the override (the entry moved to another step or
 * priority: the SDK throws as `client.send` resolves the command's middleware, before anything
 * is sent) costs one request a fresh command (`sendOf`), and the client is not overridden again.
 * A retry of a command that carries `handOn`, through a client that no longer spares it, is
 * sent without it.
 * Not seen: a `loggerMiddleware` of the application's put in the SDK's one's very place after
 * the judgement is replaced on dynamongo's commands as the SDK's was (telling it would read
 * the client's stack on every send).
 *
 * Whether the override was made on `command` (`sendOf` takes it).
 */
const withoutLogRecords = (client: Env.Env['client'], command: object): boolean => {
  const carries = carrying.has(command)
  if (!spares(client)) {
    // a retry of a command that carries `handOn` from an earlier attempt, on a client that
    // changed since (a logger set, its stack changed): sent as the client's stack has it
    if (carries) dropHandOn(command)
    return false
  }
  if (carries) return true
  const stack = (command as { readonly middlewareStack?: { readonly add?: unknown } }).middlewareStack
  if (typeof stack?.add !== 'function') return false
  ;(stack.add as (m: unknown, o: unknown) => void).call(stack, handOn, loggerMiddleware)
  carrying.add(command)
  return true
}

/** The commands whose own stack carries `handOn` (a retry sends the same command again). */
const carrying = new WeakSet<object>()

/** Takes `handOn` off a command's own stack. */
const dropHandOn = (command: object): void => {
  carrying.delete(command)
  try {
    ;(command as { readonly middlewareStack: { remove: (m: unknown) => boolean } }).middlewareStack.remove(handOn)
  } catch {
    // (the SDK's stack removes by reference without throwing; a stack that throws keeps it)
  }
}

/** A middleware that hands the request on to the next one (it is the next one). */
const handOn = (next: unknown): unknown => next

/** The place of the SDK's logger middleware in a client's stack, which `handOn` takes on a command's. */
const loggerMiddleware = { step: 'initialize', priority: 'normal', name: 'loggerMiddleware', override: true } as const

/** Whether a client's stack holds the SDK's logger middleware where `handOn` can take its place, by client. */
const replaceable = new WeakMap<object, boolean>()

/**
 * Whether `withoutLogRecords` replaces the logger middleware on a command of `client`'s: its
 * logger, read on every send as the SDK reads it, logs nothing, and its stack (judged once)
 * holds the SDK's own logger middleware.
 */
const spares = (client: Env.Env['client']): boolean => {
  if (typeof client !== 'object' || client === null || !logsNothing(client)) return false
  const known = replaceable.get(client)
  if (known !== undefined) return known
  const decided = sdkLoggerReplaceable(client)
  replaceable.set(client, decided)
  return decided
}

/**
 * `client.send` of `command` (with `options`, when given), as a promise (`given`). A command
 * that carries `handOn` (`spared`) and that the client refuses at once (it throws: the SDK
 * refuses the override when the client's `loggerMiddleware` is no longer where it was judged
 * to be) loses `handOn` (a retry of it is sent as any other), its client is marked as not
 * replaceable, and a fresh command of the same input is sent in its place, as the client's
 * stack has it. What else throws is thrown.
 */
const sendOf = <I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  client: Env.Env['client'],
  command: DynamoCommand<I, O>,
  spared: boolean,
  options?: SendArgs[1],
): Promise<O> => {
  if (!spared) return given(options === undefined ? client.send(command) : client.send(command, options))
  try {
    return given(options === undefined ? client.send(command) : client.send(command, options))
  } catch {
    replaceable.set(client, false)
    dropHandOn(command)
    const fresh = new (command.constructor as new (input: I) => DynamoCommand<I, O>)(command.input)
    return given(options === undefined ? client.send(fresh) : client.send(fresh, options))
  }
}

/** The arguments of a client's `send` of a command with options. */
type SendArgs = [command: DynamoCommand<ServiceInputTypes, ServiceOutputTypes>, options: NonNullable<Parameters<Env.Env['client']['send']>[1]>]

interface StackLike {
  readonly applyToStack?: unknown
  readonly clone?: unknown
}

interface EntryOptions {
  readonly name?: unknown
  readonly aliases?: unknown
  readonly tags?: unknown
  readonly step?: unknown
  readonly priority?: unknown
}

/**
 * Whether `client`'s middleware stack holds the SDK's own logger middleware (the one entry
 * named `loggerMiddleware`, carrying the SDK's `LOGGER` tag, at the step and priority of
 * `loggerMiddleware` above) and a command's `handOn` overrides it (tried on a clone of the
 * stack). The entries are read through the stack's `applyToStack`, which hands each one's
 * options to the stack it is given. A stack that cannot be read, or any doubt, says no.
 */
const sdkLoggerReplaceable = (client: object): boolean => {
  try {
    const stack = (client as { readonly middlewareStack?: StackLike }).middlewareStack
    if (typeof stack?.applyToStack !== 'function' || typeof stack.clone !== 'function') return false
    const named: Array<{ readonly options: EntryOptions; readonly relative: boolean }> = []
    const record = (relative: boolean) => (_m: unknown, options: EntryOptions | undefined) => {
      const o = options ?? {}
      const aliases = Array.isArray(o.aliases) ? (o.aliases as ReadonlyArray<unknown>) : []
      if (o.name === loggerMiddleware.name || aliases.includes(loggerMiddleware.name)) named.push({ options: o, relative })
    }
    ;(stack.applyToStack as (to: unknown) => unknown).call(stack, { add: record(false), addRelativeTo: record(true), identifyOnResolve: () => false })
    if (named.length !== 1) return false
    const [{ options, relative }] = named as [(typeof named)[0]]
    if (relative || !Array.isArray(options.tags) || !(options.tags as ReadonlyArray<unknown>).includes('LOGGER')) return false
    if ((options.step ?? 'initialize') !== loggerMiddleware.step || (options.priority ?? 'normal') !== loggerMiddleware.priority) return false
    const probe = (stack.clone as () => { readonly add?: unknown }).call(stack)
    if (typeof probe?.add !== 'function') return false
    ;(probe.add as (m: unknown, o: unknown) => void).call(probe, handOn, loggerMiddleware)
    return true
  } catch {
    return false
  }
}

/**
 * Whether `client`'s logger logs nothing at `info` and `error` (the SDK's `NoOpLogger`, told
 * by its class's name, as the SDK tells it, or a logger with neither method: `Env.make`'s)
 * and the client makes each command's middleware anew: one that caches it (`cacheMiddleware`)
 * would run a handler made for a command of dynamongo's, without the logger, on the
 * application's own commands of that kind. A client whose config cannot be read (a strict
 * mock: a getter or a Proxy that throws), or that has no logger, is left as it is.
 */
const logsNothing = (client: Env.Env['client']): boolean => {
  try {
    const config = (client as { readonly config?: { readonly logger?: unknown; readonly cacheMiddleware?: unknown } }).config
    if (config?.cacheMiddleware === true) return false
    const logger = config?.logger
    if (typeof logger !== 'object' || logger === null) return false
    const l = logger as { readonly info?: unknown; readonly error?: unknown; readonly constructor?: { readonly name?: unknown } }
    return l.constructor?.name === 'NoOpLogger' || (typeof l.info !== 'function' && typeof l.error !== 'function')
  } catch {
    return false
  }
}

/** What a thrown value of `client.send` means: its error, and what became of the request. */
const failureOf = (env: Env.Env, command: { readonly input: unknown }, e: unknown, options: SendOptions): Failure => {
  const error = classify(e, { redact: env.redact, input: command.input, env: whereOf(env, options) })
  // the item a refusal returns is of the key refused, or the refusal is no answer to read
  const returned = returnedKeyWhy(command.input, error, options.putKeys)
  if (returned !== undefined) return errorShaped(returned)
  return { error: options.refusal === undefined ? error : options.refusal(error), outcome: outcomeOf(e) }
}

/** The shared signal of the attempts that start in one window, aborted when the last of them is out of time. */
interface Deadline {
  readonly signal: AbortSignal
  /** What `client.send` is given when its handler takes no `LightSignal` (one object for all the attempts of the window). */
  readonly options: { readonly abortSignal: AbortSignal }
  /** Attempts may join until then (`performance.now()`). */
  readonly joinUntil: number
  /**
   * Each attempt of the window still in flight, stopped when the deadline fires (a set, not
   * listeners on the signal: adding and removing a signal's listener costs more).
   */
  readonly waiting: Set<{ readonly timeout: () => void }>
  /** When it fires (`performance.now()`): `ms + slack` after its first attempt. */
  readonly firesAt: number
  /** Its time limit, the key of `deadlines`. */
  readonly ms: number
  readonly controller: AbortController
  /** Its timer, while an attempt waits: cleared once none waits (`leave`), armed again when one joins. */
  timer: ReturnType<typeof setTimeout> | undefined
  /** A `sweep` of the deadline is scheduled. */
  sweeping: boolean
}

const deadlines = new Map<number, Deadline>()

/**
 * The deadline an attempt bounded by `ms` and starting at `now` (`performance.now()`) joins:
 * the current one of `ms`, or a new one. A deadline is one timer and one signal for every
 * attempt that starts within `slack` (1/20 of `ms`, at most 250 ms) of its first; it fires
 * `ms + slack` after that first one, so each attempt gets between `ms` and `ms + slack`. A
 * fresh `AbortSignal` and timer per attempt would cost the single-item operations more CPU a
 * request than the request's own work here (a first listener on a signal is what costs:
 * bench/runtime.ts). The timer does not keep the process alive.
 */
const deadlineOf = (ms: number, now: number): Deadline => {
  const current = deadlines.get(ms)
  if (current !== undefined && now < current.joinUntil) {
    if (current.timer === undefined) arm(current, now)
    return current
  }
  const slack = Math.min(250, Math.max(1, Math.floor(ms / 20)))
  const controller = new AbortController()
  // every attempt of the window listens, and so does the SDK: not a leak
  setMaxListeners(0, controller.signal)
  const fresh: Deadline = {
    signal: controller.signal,
    options: { abortSignal: controller.signal },
    joinUntil: now + slack,
    waiting: new Set(),
    firesAt: now + ms + slack,
    ms,
    controller,
    timer: undefined,
    sweeping: false,
  }
  arm(fresh, now)
  deadlines.set(ms, fresh)
  return fresh
}

/**
 * The deadline's time is out: every attempt still waiting is stopped, and its signal aborted.
 * One function at module level, given the deadline by its timer: a closure per deadline would
 * be a function (and, in the published build, a name) made per deadline.
 */
const fire = (d: Deadline): void => {
  if (deadlines.get(d.ms) === d) deadlines.delete(d.ms)
  for (const a of d.waiting) a.timeout()
  d.controller.abort()
}

/** Start the deadline's timer (it does not keep the process alive). */
const arm = (d: Deadline, now: number): void => {
  d.timer = setTimeout(fire, d.firesAt - now, d)
  d.timer.unref()
}

/**
 * An attempt of the deadline settled: once none waits, its timer is cleared as soon as the
 * promise reactions running now are done (`sweep`, on the next tick), unless an attempt joined
 * by then, so that no timer of an operation outlives it. A caller that awaits its requests one
 * after another starts the next in those reactions, and finds the timer armed: cleared at once,
 * each request would arm a timer of its own, a good part of what the time limit costs a request
 * (bench/README.md).
 */
const leave = (d: Deadline, attempt: { readonly timeout: () => void }): void => {
  d.waiting.delete(attempt)
  if (d.waiting.size === 0 && d.timer !== undefined && !d.sweeping) {
    d.sweeping = true
    process.nextTick(sweep, d)
  }
}

/** The deadline's timer cleared if no attempt waits (`leave`). */
const sweep = (d: Deadline): void => {
  d.sweeping = false
  if (d.waiting.size === 0 && d.timer !== undefined) {
    clearTimeout(d.timer)
    d.timer = undefined
  }
}

/**
 * `command` with the Env's retries: attempts (each bounded as `attempt` says) until one
 * succeeds, one fails with an error that is not retryable, `maxAttempts` were made, the
 * signal aborts, or, for a write that is not idempotent, one's outcome is `unknown`; waits
 * with capped, jittered backoff between them. Once an attempt's outcome is `unknown`, the
 * request's is, and a write's (`SendOptions.write`) error says so (`unknownOutcome`). The
 * last error of attempts that ran out says how many over how long. `lost`, when given, takes
 * the output of an attempt that succeeded after one whose outcome was `unknown` (with that
 * one's failure): its answer may be to a request that met the lost attempt's own write. `ko`
 * takes, with the request's failure, that of an earlier attempt whose outcome was `unknown`,
 * if one was.
 */
const run = <I extends ServiceInputTypes, O extends ServiceOutputTypes, R>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  options: SendOptions,
  ok: (out: O) => R | PromiseLike<R>,
  ko: (failure: Failure, lost: Failure | undefined) => R | PromiseLike<R>,
  lost?: (out: O, lost: Failure) => R | PromiseLike<R>,
): Promise<R> => new Retries(env, command, options, ok, ko, lost).go(1)

/**
 * The `ValidationError` of a table name DynamoDB refuses, or `undefined`: of dynamongo's own
 * requests, whose names are checked models' tables, `requestTableNameWhy`; of an application's
 * own command (`own`: `Dynamo.send`), whose names are as it wrote them (or `Env.tableName` of
 * an Env that cannot be read, a name no table has), DynamoDB's whole rule (`tableNameWhy`), an
 * ARN's length left to DynamoDB.
 */
const tableNameRefused = (name: string, own: boolean): DynamoError | undefined => {
  const why = own && !name.startsWith('arn:') ? tableNameWhy(name) : requestTableNameWhy(name)
  return why === undefined ? undefined : DE.validationError([{ path: 'TableName', message: why }])
}

/**
 * The `ValidationError` of a request naming a table DynamoDB refuses, before it is sent: a
 * model's table that `Env`'s `tablePrefix` makes longer than 255 characters (each is checked
 * alone, the two only here, where a request names them), any name of an application's own
 * command that DynamoDB refuses (`own`); `undefined` when it takes every table the request
 * names (`tablesOf`).
 */
const tableNamesWhy = (input: unknown, own: boolean): DynamoError | undefined => {
  const named = (input as { readonly TableName?: unknown } | undefined)?.TableName
  if (typeof named === 'string') return tableNameRefused(named, own)
  for (const name of tablesOf(input)) {
    const refused = tableNameRefused(name, own)
    if (refused !== undefined) return refused
  }
  return undefined
}

/** The attempts of one request (`run`): an object rather than closures made per request, as `Bounded`. */
class Retries<I extends ServiceInputTypes, O extends ServiceOutputTypes, R> {
  /** The last failure whose outcome was `unknown` (for `lost`): once there is one, the request's outcome is `unknown`. */
  private lostFailure: Failure | undefined = undefined
  /** `performance.now()` at the first attempt's start, for the message of attempts that ran out. */
  private readonly t0: number | undefined
  /** The first attempt's error, for the message of attempts that ran out (`exhausted`). */
  private first: DynamoError | undefined = undefined
  constructor(
    private readonly env: Env.Env,
    private readonly command: DynamoCommand<I, O>,
    private readonly options: SendOptions,
    private readonly ok: (out: O) => R | PromiseLike<R>,
    private readonly ko: (failure: Failure, lost: Failure | undefined) => R | PromiseLike<R>,
    private readonly lost: ((out: O, lost: Failure) => R | PromiseLike<R>) | undefined,
  ) {
    this.t0 = env.batch.retry.maxAttempts > 1 ? performance.now() : undefined
  }

  go(n: number): Promise<R> {
    const lost = this.lost
    const after = this.lostFailure
    const ok = lost === undefined || after === undefined ? this.ok : (out: O) => lost(out, after)
    return attempt(this.env, this.command, n, this.options, ok, (f) => this.failed(n, f), n === 1 ? this.t0 : undefined)
  }

  private failed(n: number, f: Failure): R | PromiseLike<R> {
    const { env, options } = this
    const retry = env.batch.retry
    // an earlier attempt's lost answer (not this attempt's own), for `ko`
    const earlier = this.lostFailure
    if (n === 1) this.first = f.error
    if (f.outcome === 'unknown') this.lostFailure = f
    const unknown = this.lostFailure !== undefined
    const retryable = isRetryableError(f.error)
    if (n < retry.maxAttempts && retryable && !(unknown && options.idempotent === false) && options.abortSignal?.aborted !== true) {
      return pause(env, backoffDelay(retry, n, env.random), options.abortSignal).then(() => this.go(n + 1))
    }
    const error =
      retryable && unknown && options.idempotent === false
        ? notSentAgain(f.error)
        : retryable && n >= retry.maxAttempts
          ? exhausted(f.error, n, performance.now() - (this.t0 as number), this.first)
          : f.error
    return this.ko(unknown ? { error: options.write === true ? unknownOutcome(error) : error, outcome: 'unknown' } : error === f.error ? f : { error, outcome: f.outcome }, earlier)
  }
}

const leftOf = <B>(f: Failure): E.Either<DynamoError, B> => E.left(f.error)

/** An error's message, followed by what a retry met after an earlier attempt's answer was lost. */
const lostAnswer = (message: string, met: string): string => `${message} (an earlier attempt's answer was lost, and ${met})`

/**
 * The failure of a conditional write, its `ConditionalCheckFailed` marked `mayBeOwnWrite`
 * where an earlier attempt's outcome was unknown (its answer lost) and what the refusal says
 * is stored (its `ALL_OLD`) is what the write leaves: `item` for a put (the very item) or an
 * update (the item as it is, which the update leaves as it is), no item (`undefined`) for a
 * delete. The retry may have met the write's own work. It stays a failure: the same state may
 * be another writer's (two edits of one version that computed the same item, a second create
 * of a marker, another delete), and taking it for success would lose that write's meaning;
 * the caller reads it and decides.
 */
export const ownWriteMarked = (f: Failure, item: Readonly<Record<string, AttributeValue>> | undefined, what: 'save' | 'update' | 'delete' = 'save'): Failure => {
  if (f.outcome !== 'unknown' || f.error._tag !== 'ConditionalCheckFailed') return f
  const stored = f.error.item
  if (item === undefined ? stored !== undefined : stored === undefined || !mapsEqual(stored, item)) return f
  const met = item === undefined ? `no item is stored, as this ${what} leaves it` : what === 'save' ? 'the item stored is the one this save writes' : `the item stored is one this ${what} leaves as it is`
  return { ...f, error: { ...f.error, message: lostAnswer(f.error.message, `${met}: it may be this ${what}'s own write`), mayBeOwnWrite: true } }
}

/**
 * The error of a `DeleteItem` whose earlier attempt's answer was lost (`lost`) and whose retry
 * found no item to delete (`met` 'none'), or another entity's item (`met` 'foreign'): the item
 * is gone, and this delete may be what deleted it (the lost answer held it), or no item was there. Not a confident "nothing deleted": the lost attempt's
 * `AwsError`, not `retryable` (the item is gone), marked `mayBeOwnWrite`.
 */
export const lostDelete = (lost: Failure, met: 'none' | 'foreign' = 'none'): DynamoError => {
  const e = (lost.error._tag === 'AwsError' ? lost.error : DE.awsError('UnknownOutcome', DE.show(lost.error), false, undefined)) as DE.AwsError
  const found = met === 'none' ? 'the retry found no item: the item is gone' : "the retry found another entity's item, which this delete never deletes: the item it deletes is gone"
  return {
    ...e,
    retryable: false,
    message: lostAnswer(e.message, `${found}, and this delete may be what deleted it; what it deleted is unknown`),
    mayBeOwnWrite: true,
    outcome: 'unknown',
  }
}

/** `sendThen` of a conditional `PutItem` of `item`: its failure as `ownWriteMarked` marks it. */
export const putThen = <I extends ServiceInputTypes, O extends ServiceOutputTypes, B>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  item: Readonly<Record<string, AttributeValue>>,
  then: (out: O | undefined) => E.Either<DynamoError, B>,
  options?: SendOptions,
): Promise<E.Either<DynamoError, B>> =>
  run<I, O, E.Either<DynamoError, B>>(env, command, options ?? noOptions, then, (f) => E.left(ownWriteMarked(f, item).error))

/** One `attempt`, as an `Either` of its failure (with its outcome) or the SDK's output. */
export const attemptEither = <I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  n: number,
  options: SendOptions,
): Promise<E.Either<Failure, O>> => attempt<I, O, E.Either<Failure, O>>(env, command, n, options, E.right, E.left)

/** One `attempt` and no retry (for a caller with retries of its own), its failure as the `Left` of its error. */
export const sendOnce = <I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  n: number,
  options: SendOptions,
): Promise<E.Either<DynamoError, O>> => attempt<I, O, E.Either<DynamoError, O>>(env, command, n, options, E.right, leftOf)

/**
 * The error of a table's create or delete whose earlier attempt's answer was lost and whose
 * retry DynamoDB refused because the table is as that attempt leaves it (`met`:
 * `ResourceInUseException` for a create, the table exists; `ResourceNotFoundException` for a
 * delete, it is gone): that attempt may have done it, or another caller did. Marked
 * `mayBeOwnWrite`, as `lostDelete`; other errors as they are.
 */
export const ownTableMarked = (f: Failure, met: 'ResourceInUseException' | 'ResourceNotFoundException'): DynamoError =>
  f.outcome === 'unknown' && f.error._tag === 'AwsError' && f.error.name === met
    ? { ...f.error, message: lostAnswer(f.error.message, "the table is as it leaves it: it may be this call's own"), mayBeOwnWrite: true }
    : f.error

/**
 * `run`, as an `Either` of its failure (with its outcome) or the SDK's output, `lost` taking
 * the output of an attempt made after one whose answer was lost (`run`'s `lost`), and
 * `failedAfterLost` the failure of such an attempt (with the lost attempt's).
 */
export const runLost = <I extends ServiceInputTypes, O extends ServiceOutputTypes, B, F extends Failure = Failure>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  options: SendOptions,
  ok: (out: O) => E.Either<Failure, B>,
  lost: (out: O, lost: Failure) => E.Either<Failure, B>,
  failedAfterLost?: (failure: Failure, lost: Failure) => E.Either<F, B>,
): Promise<E.Either<Failure | F, B>> =>
  run<I, O, E.Either<Failure | F, B>>(env, command, options, ok, (f, earlier) => (earlier === undefined || failedAfterLost === undefined ? E.left(f) : failedAfterLost(f, earlier)), lost)

/** `run`, as an `Either` of its failure (with its outcome) or the SDK's output. */
export const runEither = <I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  options: SendOptions,
): Promise<E.Either<Failure, O>> => run<I, O, E.Either<Failure, O>>(env, command, options, E.right, E.left)

/**
 * Send one command with the Env's client, time limit, retries and events. Never throws: the
 * SDK's error comes back as the `Left` of its `DynamoError`.
 */
export const send =
  <I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: DynamoCommand<I, O>, options?: SendOptions): ReaderTaskEither<Env.Env, DynamoError, O> =>
  (env) =>
  () =>
    run<I, O, E.Either<DynamoError, O>>(env, command, options ?? noOptions, E.right, leftOf)

/**
 * `send`, and `then` of the SDK's output: the SDK's promise with a handler each way, rather
 * than async functions around it (for the single-item operations, one promise a request
 * when there is no time limit, signal or listener). Between the SDK's work on a request,
 * caches are cold, so what runs here costs several times what it costs in a tight loop
 * (bench/README.md).
 */
export const sendThen = <I extends ServiceInputTypes, O extends ServiceOutputTypes, B>(
  env: Env.Env,
  command: DynamoCommand<I, O>,
  then: (out: O) => E.Either<DynamoError, B>,
  options?: SendOptions,
): Promise<E.Either<DynamoError, B>> => run<I, O, E.Either<DynamoError, B>>(env, command, options ?? noOptions, then, leftOf)

type DynamoError = DE.DynamoError

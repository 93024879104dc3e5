/**
 * Running transactions (DESIGN §5.2): `transactWrite` and `transactGet` send what
 * `compile/Transaction` builds, retry what DynamoDB says may pass later, and read a
 * cancellation back in the terms of the entries given.
 *
 * - The `ClientRequestToken` is fixed before the first attempt (the given `token`, else a
 *   fresh UUID) and sent unchanged on every retry: a retry after a lost answer is the same
 *   transaction to DynamoDB, never a second one.
 * - Retried with the `Env`'s backoff, as batches are: throttling and server errors, and a
 *   cancellation whose only reasons are conflicts with other transactions or throttling
 *   (`TransactionConflict`, `ThrottlingError`, `ProvisionedThroughputExceeded`). When they
 *   outlast the attempts, the last error says so.
 * - A cancellation is `TransactionCanceled` with one reason per entry in input order, each
 *   with its `index`, and, where a check failed on an item, that item decoded through the
 *   entry's model; reasons that are not one per entry are given to none (`cancelled`).
 * - The Env's clock is read once per transaction (`now`), or `transactWrite`'s `now` option
 *   is the clock: on a model with `ttl`, an item expired by then is no item to every entry
 *   (and `none` to a `get`, unless `transactGet`'s `includeExpired`). With a given `now` and `token`, every run of the same entries
 *   sends the same parameters, so a caller's retry is the same transaction to DynamoDB.
 */
import { TransactGetItemsCommand, TransactWriteItemsCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import * as Command from '../compile/Command.js'
import * as Guard from '../compile/updateGuard.js'
import * as S from '../model/Strategy.js'
import type { Update } from '../ast/Update.js'
import * as Lifecycle from '../model/lifecycle.js'
import * as DE from '../DynamoError.js'
import * as Entity from '../plan/Entity.js'
import * as Env from './Env.js'
import * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import * as T from '../compile/Transaction.js'
import { atEntry, entriesOnce, entryName } from '../compile/entry.js'
import { retrying, isRetryableError } from './retry.js'
import { attemptEither, exhausted, mayHaveBeenApplied, overLimit, overLimitEntry, sendOnce, unknownOutcome, withSignal } from './send.js'
import { booleanOption, dateOption, expired, guard, names as optionNames } from './op.js'
import { read as readOptions } from './options.js'
import * as Clock from './clock.js'
import { unreadableAnswer } from './answer.js'
import { timeOf } from '../internal/date.js'

type AnyModel = M.Any

/**
 * The options of `transactWrite`.
 *
 * @category model
 */
export interface WriteOptions {
  /** The `ClientRequestToken` (1 to 36 characters): the same token and parameters within 10 minutes are one transaction (entries of a model with timestamps or ttl carry the clock of their run: run again later without `now`, they are other parameters, `IdempotentParameterMismatchException`). Default: a fresh UUID per run (a run that may have been applied is then not `retryable`: a retry would be another transaction). */
  readonly token?: string | undefined
  /** The clock of every entry of the run, in place of the `Env`'s `now`: the timestamps it sets, the time to live's `:now`, an item expired at it read as no item. Given with `token`, every run of the transaction sends the same parameters, so a retry of it later is the same transaction to DynamoDB (applied once); a default computed at each save (`() => randomUUID()`) is not the clock: give that field in the item. Default: the `Env`'s `now`, read once per run. */
  readonly now?: Date | undefined
  /** Cancels: no attempt starts after it, the one in flight is aborted; `Left(AwsError)` named `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options of `transactGet`.
 *
 * @category model
 */
export interface GetOptions {
  /** On a model with `ttl`: an item whose time has passed is read too (`some`), as `getOne`'s `includeExpired` reads it; without it, such an item is `none`. */
  readonly includeExpired?: boolean | undefined
  /** Cancels: no attempt starts after it, the one in flight is aborted; `Left(AwsError)` named `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

// -------------------------------------------------------------------------------------
// retries
// -------------------------------------------------------------------------------------

/** Cancellation codes that say the transaction may pass if sent again. */
const passingCodes: ReadonlySet<string> = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'])

/** Whether a cancellation is only conflicts or throttling (at least one, nothing else but `None`, every reason one DynamoDB gives: `reasonWhy`). */
const isPassing = (e: DE.DynamoError): e is DE.TransactionCanceled =>
  e._tag === 'TransactionCanceled' &&
  e.reasons.some((r) => passingCodes.has(r.code)) &&
  e.reasons.every((r) => (r.code === 'None' || passingCodes.has(r.code)) && reasonWhy(r) === undefined)

const retryable = (e: DE.DynamoError): boolean => isRetryableError(e) || isPassing(e)

/** The last error of attempts that ran out: a conflict or throttling that lasted says so. */
const outlasted = (e: DE.DynamoError, attempts: number): DE.DynamoError => {
  if (!isPassing(e) || attempts < 2) return e
  const codes = [...new Set(e.reasons.filter((r) => r.code !== 'None').map((r) => r.code))].join(', ')
  return { ...e, message: `${e.message} (${codes} through all ${attempts} attempts)` }
}

/**
 * `command` sent with the Env's retries and backoff, retrying a cancellation that may pass
 * later; none once `signal` aborts. Attempts that ran out say how many over how long (as
 * `send.run`'s do).
 */
const sendTransaction = <A>(env: Env.Env, attempt: (n: number) => Promise<E.Either<DE.DynamoError, A>>, signal: AbortSignal | undefined): Promise<E.Either<DE.DynamoError, A>> => {
  let attempts = 0
  const t0 = performance.now()
  // the first attempt's error, for the message of attempts that ran out
  let first: DE.DynamoError | undefined
  return retrying(
    () => () => {
      attempts++
      const n = attempts
      return attempt(n).then((r) => {
        if (n === 1 && E.isLeft(r)) first = r.left
        return r
      })
    },
    undefined,
    signal === undefined ? retryable : (e) => !signal.aborted && retryable(e),
    signal,
  )(env)().then((r) => (E.isLeft(r) ? E.left(ranOut(env, r.left, attempts, t0, first)) : r))
}

/** The last error of a transaction's attempts: a conflict that lasted, or a retryable error of every attempt, says so (and how the first failed). */
const ranOut = (env: Env.Env, e: DE.DynamoError, attempts: number, t0: number, first: DE.DynamoError | undefined): DE.DynamoError =>
  isRetryableError(e) && attempts >= env.batch.retry.maxAttempts ? exhausted(e, attempts, performance.now() - t0, first) : outlasted(e, attempts)

/** What `Env.on` is told of a transaction's requests (each attempt is one: `sendTransaction` retries). */
const writing = { operation: 'transactWrite' } as const
const getting = { operation: 'transactGet' } as const


// -------------------------------------------------------------------------------------
// cancellations
// -------------------------------------------------------------------------------------

/** A reason's message (DynamoDB's, if any) with `why` after it. */
const also = (message: string | undefined, why: string): string => `${message === undefined ? '' : `${message}; `}${why}`

/** What an entry whose model has an entity does with the item at its key that is none of the entity's, in the terms of its single request. */
const onForeign: { readonly [K in T.Write['_tag'] | 'Get']: (entity: string) => string } = {
  Put: (entity) => `no ${entity}: overwrite false fails on any item, a put's condition holds only on a ${entity}'s own`,
  Update: (entity) => `no ${entity}: an update never creates one (updateOne is NotFound there)`,
  // DynamoDB cancels a transaction whose entry's condition fails: no entry can be a no-op on a
  // condition, and a second transaction without the entry would break the token's promise
  // (one token, one transaction: a retry of the first could then apply it twice)
  Delete: (entity) => `which a delete of ${entity} leaves: deleteOne answers none there, but no entry of a transaction can be left out, so the transaction is cancelled`,
  Check: (entity) => `no ${entity}: a check takes it as no item`,
  Get: (entity) => `no ${entity}`,
}

/**
 * Why the item `stored` at an entry's key, which failed its check, is none of the entry's
 * model's, or `undefined` when it is its own: another entity's, or no entity's (the entry and
 * what it does with such an item named, as its single request says it).
 */
const foreignWhy = (index: number, entry: T.Write | T.Get, table: string, stored: Record<string, AttributeValue>): string | undefined => {
  const m = entry.model
  if (Entity.owns(m, stored) || m.entityAttribute === undefined) return undefined
  const et = stored[m.entityAttribute]?.S
  const whose = et === undefined ? `has no ${m.entityAttribute} (it is no entity's)` : `is another entity's (${et})`
  const does = onForeign[entry._tag] ?? onForeign.Get
  return `${entryName(index, entry, table)}: the item at the key ${whose}, ${does(String(m.entity))}`
}

/**
 * A cancellation's reasons, indexed, each with the item DynamoDB returned (`stored`, as it is)
 * and, where that item is its entry's model's own (its entity's, not expired at `now`: none
 * when expired items are read, a `transactGet`'s `includeExpired`) and
 * decodes, that item decoded (`item`); one that does not decode says so in the message, as
 * an update's failed check on an item whose version has no next one says that (as `updateOne`'s does).
 * Where the item is another entity's, or no entity's, the message names the entry and says
 * what the entry does with such an item (`foreignWhy`).
 */
const readCancellation = (e: DE.TransactionCanceled, entries: ReadonlyArray<T.Write | T.Get>, now: Date | undefined, tableOf: (m: AnyModel) => string): DE.DynamoError => ({
  ...e,
  reasons: e.reasons.map((r, index): DE.CancellationReason => {
    const { item: _, ...rest } = r
    const stored = r.stored as Record<string, AttributeValue> | undefined
    const entry = entries[index]
    const m = entry?.model
    if (stored === undefined || entry === undefined || m === undefined) return { ...rest, index }
    const foreign = foreignWhy(index, entry, tableOf(m), stored)
    if (foreign !== undefined) return { ...rest, index, message: also(rest.message, foreign) }
    const gone = now === undefined ? E.right(false) : expired(m, stored, now)
    if (E.isLeft(gone)) return { ...rest, index, message: also(rest.message, DE.show(gone.left)) }
    if (gone.right) return { ...rest, index }
    // (an update is a transactWrite's, whose clock is always read)
    const exhausted = entry?._tag === 'Update' && r.code === 'ConditionalCheckFailed' && now !== undefined ? (Lifecycle.versionExhausted(m, stored) ?? boundRefusal(entry, stored, now)) : undefined
    const said = exhausted === undefined ? rest : { ...rest, message: also(rest.message, exhausted) }
    const item = M.decode(m, stored)
    if (E.isRight(item)) return { ...said, index, item: item.right }
    return { ...said, index, message: also(said.message, `the stored item does not decode: ${DE.show(item.left)}`) }
  }),
})

/**
 * Why an update entry's condition failed on `stored` when one of its guards does not hold there
 * (what it computes would leave a field's bounds, `updateGuard.refusal`), as `updateOne` says it.
 */
const boundRefusal = (entry: T.Update, stored: Readonly<Record<string, AttributeValue>>, now: Date): string | undefined => {
  try {
    const s = S.parseWrite(entry.model, entry.strategy, 'update')
    const parts = E.isLeft(s) ? s : Command.updateParts(entry.model, s.right, entry.updates as Update, now)
    return E.isLeft(parts) ? undefined : Guard.refusal(parts.right.guards, stored)
  } catch {
    // an entry whose reading throws was refused before it was sent: no guard to name
    return undefined
  }
}

/**
 * Why a cancellation reason is none DynamoDB gives, or `undefined`: one without a code (send.ts
 * reads it as `''`), never read as an entry's `'None'`; one that carries an item but is no failed
 * check (`'None'`, a conflict): DynamoDB returns an item only where an entry's condition failed
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so such an item would be decoded as what is
 * stored at an entry that was fine, or retried as a conflict that is no answer at all.
 */
const reasonWhy = (r: DE.CancellationReason): string | undefined =>
  r.code === ''
    ? 'is no reason DynamoDB gives (no object with a string Code)'
    : r.stored !== undefined && r.code !== 'ConditionalCheckFailed'
      ? `carries an item, which DynamoDB returns only where an entry's condition failed (its code is ${JSON.stringify(r.code)})`
      : undefined

/**
 * A cancellation read back in the terms of `entries`: the `ValidationError` of an entry whose item
 * DynamoDB found too large (as when it is found before the call), else its reasons read
 * (`readCancellation`). Reasons that are not one per entry, which DynamoDB never gives, cannot be
 * told to their entries (a reason shifted would be read as another entry's, its item decoded
 * through another model): the cancellation says so and gives none; so too where a reason is none
 * DynamoDB gives (`reasonWhy`).
 */
const cancelled = (e: DE.TransactionCanceled, entries: ReadonlyArray<T.Write | T.Get>, now: Date | undefined, tableOf: (m: AnyModel) => string): DE.DynamoError => {
  if (e.reasons.length !== entries.length) {
    const why = `DynamoDB gave ${e.reasons.length} cancellation reasons for ${entries.length} entries: none can be told to its entry`
    return DE.transactionCanceled(`${e.message} (${why})`, [])
  }
  // a reason DynamoDB never gives: what the others say cannot be trusted either
  for (const r of e.reasons) {
    const why = reasonWhy(r)
    if (why !== undefined) return DE.transactionCanceled(`${e.message} (its cancellation reason ${r.index} ${why}: none can be told to its entry)`, [])
  }
  const over = overLimitEntry(e)
  const entry = over === undefined ? undefined : entries[over]
  if (entry !== undefined) return atEntry(over as number, entry, tableOf(entry.model), overLimit)
  return readCancellation(e, entries, now, tableOf)
}

/** Whether an entry's model writes the clock into its request (timestamps, the time to live's `now`). */
const carriesClock = (entries: ReadonlyArray<T.Write>): boolean => entries.some((x) => x.model.timestamps !== undefined || x.model.ttl !== undefined)

/**
 * DynamoDB's refusal of a token it took in the last 10 minutes with other parameters, saying
 * so, and, where an entry's model writes the clock into its request (timestamps, the time to
 * live's `now`) and the run read the Env's clock, that a later run of the same entries is
 * other parameters (that earlier transaction may be this one, run before) and how to retry.
 */
const mismatched = (e: DE.AwsError, token: string, entries: ReadonlyArray<T.Write>, clockGiven: boolean): DE.DynamoError => {
  // with `now` given, the clock is the same on every run: the mismatch is other entries
  const clocked = !clockGiven && carriesClock(entries)
  const why = `a transaction with token ${JSON.stringify(token)} was made in the last 10 minutes with other parameters${
    clocked
      ? '; entries of a model with timestamps or ttl carry the clock of their run, so a later run of the same entries is other parameters: that transaction may be an earlier run of this one. To retry a transaction, run it with the same `token` and the same `now` (a Date given once, in its options)'
      : ''
  }`
  return { ...e, message: `${e.message} (${why})` }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/** The options of `transactWrite` and `transactGet`, by name (`readOptions`). */
const writeOptionNames = optionNames<WriteOptions>({ token: true, signal: true, now: true })
const getOptionNames = optionNames<GetOptions>({ includeExpired: true, signal: true })

/**
 * Write `entries` in one `TransactWriteItems`: all of them, or none. Every entry is validated
 * as its single operation would be before any request; a failed check is
 * `TransactionCanceled` with one reason per entry.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Field, Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Order = Model.make({ table: 'orders', hashKey: 'id', codec: t.type({ id: t.string, sku: t.string }) })
 * const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: Field.int({ min: 0 }) }) })
 * const s = Stock.attrs
 *
 * Dynamo.transactWrite([
 *   T.put(Order, { id: 'o-42', sku: 'x' }, { overwrite: false }),
 *   T.update(Stock, C.and(C.eq(s.sku, 'x'), C.gte(s.count, 1)), [U.decrement(s.count, 1)]),
 * ], { token: 'order-42' })
 * // Left(TransactionCanceled) with reasons [None, ConditionalCheckFailed (item: the stock as stored)] when none is left
 * ```
 *
 * @category transactions
 */
export const transactWrite = <const Es extends ReadonlyArray<T.Write>>(entries: Es & T.OwnCheck<Es> & T.NonEmpty<Es>, given: WriteOptions = {}): ReaderTaskEither<Env.Env, DE.DynamoError, void> =>
  // entries or options cast through `any` (null, a Proxy): a Left, never a rejection
  guard(async (env) => {
    // read once: the token and the signal each one value
    const o = readOptions(given, writeOptionNames)
    if (E.isLeft(o)) return o
    const options = o.right
    // a copy, its time read once by internal/date (not by a getTime the object carries, which could
    // answer the check and the copy apart): the run reads the given Date once, whatever is done to it meanwhile
    const givenTime = timeOf(options.now)
    const nowGiven: unknown = givenTime === undefined ? options.now : new Date(givenTime)
    const badNow = dateOption('now', nowGiven)
    if (badNow !== undefined) return E.left(badNow)
    const token = options.token ?? randomUUID()
    const now = nowGiven === undefined ? Clock.now(env) : (nowGiven as Date)
    // read once: the entries checked and sent are those a cancellation is read against
    const once = entriesOnce<T.Write>(entries, 'a transactWrite')
    if (E.isLeft(once)) return once
    const list = once.right
    const input = T.toWriteInput(list, (m) => Env.tableName(env, m.table), token, now)
    if (E.isLeft(input)) return input
    const command = new TransactWriteItemsCommand(input.right)
    // each put's key attributes: the item a cancellation reason returns at a put's key is checked against it (SendOptions.putKeys)
    const sent = withSignal({ ...writing, putKeys: list.map((x) => (x._tag === 'Put' ? SK.keyNames(x.model) : undefined)) }, options.signal)
    // whether an attempt's outcome was unknown (it may have been applied)
    let unknown = false
    const r = await sendTransaction(
      env,
      (n) => attemptEither(env, command, n, sent).then((a) => (E.isRight(a) ? a : ((unknown ||= a.left.outcome === 'unknown'), E.left(a.left.error)))),
      options.signal,
    )
    if (E.isRight(r)) return E.right(undefined)
    if (r.left._tag === 'TransactionCanceled') return E.left(cancelled(r.left, list, now, (m) => Env.tableName(env, m.table)))
    if (r.left._tag === 'AwsError' && r.left.name === 'IdempotentParameterMismatchException') return E.left(mismatched(r.left, token, list, options.now !== undefined))
    if (!unknown) return r
    // it may have been applied (an abort in flight, a time limit, a lost answer); retried by
    // the caller without the token, it would go with a fresh one: a second transaction to DynamoDB
    const error = unknownOutcome(r.left)
    if (options.token !== undefined) return E.left(error)
    const safely = options.now === undefined && carriesClock(list) ? 'pass `token`, and `now` (its entries carry the clock), to retry it safely' : 'pass `token` to retry it safely'
    return E.left(mayHaveBeenApplied(error, `it may have been applied, and a retry without its token could apply it twice: ${safely}`))
  })

/**
 * Read `entries` in one `TransactGetItems` (a consistent snapshot across items and tables):
 * a tuple in input order, `some(item)` decoded through each entry's model, or `none` when no
 * item has the key, a key condition's extra checks fail on it, or (on a model with `ttl`) its
 * time has passed, unless `includeExpired: true` (as `getOne`'s).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Dynamo, Env, Model, Transaction as T } from 'dynamongo'
 *
 * const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 * const Order = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'id', codec: t.type({ customer: t.string, id: t.string }) })
 * const env = Env.make({ region: 'us-east-2' })
 *
 * const r = await Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Order, ['c-1', 'o-9'])] as const)(env)()
 * // Either<DynamoError, readonly [Option<User>, Option<Order>]>
 * ```
 *
 * @category transactions
 */
export const transactGet = <const Es extends ReadonlyArray<T.Get>>(entries: Es & T.OwnCheck<Es> & T.NonEmpty<Es>, given: GetOptions = {}): ReaderTaskEither<Env.Env, DE.DynamoError, T.Results<Es>> =>
  guard(async (env) => {
    const o = readOptions(given, getOptionNames)
    if (E.isLeft(o)) return o
    const options = o.right
    const flag = booleanOption('includeExpired', options.includeExpired)
    if (flag !== undefined) return E.left(flag)
    const once = entriesOnce<T.Get>(entries, 'a transactGet')
    if (E.isLeft(once)) return once
    const list = once.right
    const plan = T.toGetInput(list, (m) => Env.tableName(env, m.table))
    if (E.isLeft(plan)) return plan
    // the clock, read once, where an item may be taken as expired (as getOne reads it): none when expired items are read too
    const now = Clock.expiryTime(env, list.map((x) => x.model), options.includeExpired)
    const command = new TransactGetItemsCommand(plan.right.input)
    const sent = withSignal(getting, options.signal)
    const r = await sendTransaction(env, (n) => sendOnce(env, command, n, sent), options.signal)
    if (E.isLeft(r)) return r.left._tag === 'TransactionCanceled' ? E.left(cancelled(r.left, list, now, (m) => Env.tableName(env, m.table))) : r
    // one response per entry, in their order (`{}` where no item has the key; the SDK reads an entry `null` as `null`,
    // absent too): any other answer would read as items absent
    const responses: unknown = r.right.Responses
    if (!Array.isArray(responses) || responses.length !== list.length) {
      return E.left(unreadableAnswer(`its Responses are not one per entry (${list.length})`))
    }
    const out: Array<{ readonly _tag: 'None' } | { readonly _tag: 'Some'; readonly value: unknown }> = new Array(list.length)
    for (let i = 0; i < list.length; i++) {
      const response: unknown = responses[i]
      if (typeof response !== 'object') return E.left(unreadableAnswer(`its response ${i} is no object`))
      const stored = response === null ? undefined : (response as { readonly Item?: Record<string, AttributeValue> }).Item
      const check = plan.right.checks[i]
      const entry = list[i] as T.Get
      // another entity's item at the key is none, as for getOne (Entity.ts)
      const present = stored !== undefined && Object.keys(stored).length > 0 && Entity.owns(entry.model, stored)
      const gone = !present ? E.right(true) : now === undefined ? E.right(false) : expired(entry.model, stored, now)
      if (E.isLeft(gone)) return E.left(atEntry(i, entry, Env.tableName(env, entry.model.table), gone.left))
      if (stored === undefined || gone.right || (check !== undefined && !check(stored))) {
        out[i] = none
        continue
      }
      const item = M.decode(entry.model, stored)
      if (E.isLeft(item)) return E.left(atEntry(i, entry, Env.tableName(env, entry.model.table), item.left))
      out[i] = { _tag: 'Some', value: item.right }
    }
    return E.right(out as unknown as T.Results<Es>)
  })

const none = { _tag: 'None' } as const

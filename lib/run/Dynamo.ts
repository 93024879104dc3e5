/**
 * The SDK interpreter: every dynamongo operation as a `ReaderTaskEither<Env, DynamoError, A>`.
 * Building is pure (`Model`, `Plan`, `Command`); sending happens only through
 * `internal/send`; batches go through `internal/batch` (chunked, deduplicated, retried,
 * bounded concurrency). Nothing thrown escapes: what the application's code throws while a
 * request is built or a result read (a default, a codec, a getter, a Proxy) is a `Left`
 * (`run/op`), and nothing is sent.
 *
 * ```ts
 * const r = await Dynamo.getOne(User, 'john@x')(env)()   // Either<DynamoError, User>
 * ```
 *
 * @since 0.1.0
 * @category Running
 * @module
 */
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type DeleteItemCommandInput,
  type PutItemCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import * as N from '../ast/nodes.js'
import * as Command from '../compile/Command.js'
import * as Guard from '../compile/updateGuard.js'
import * as Lifecycle from '../model/lifecycle.js'
import * as DE from '../DynamoError.js'
import * as Env from './Env.js'
import { checkOverwrite } from '../compile/overwrite.js'
import { listener } from './listener.js'
import * as Evaluate from '../evaluate/Evaluate.js'
import * as Item from '../codec/Item.js'
import * as M from '../model/Model.js'
import * as Computed from '../model/computed.js'
import * as SK from '../model/storedKey.js'
import { perObject } from '../internal/memo.js'
import * as P from '../ast/Path.js'
import * as Plan from '../plan/Plan.js'
import * as S from '../model/Strategy.js'
import * as Entity from '../plan/Entity.js'
import { foreignItem } from '../compile/noItem.js'
import type { Update } from '../ast/Update.js'
import * as U from '../ast/Update.js'
import { isIdempotent, isIdempotentCommand, isReadCommand } from '../rules/idempotent.js'
import * as Batch from './batch.js'
import * as Pages from './pages.js'
import * as Table from '../table/Table.js'
import * as TablePlan from '../table/TablePlan.js'
import { modelsWhy } from '../table/models.js'
import { indexLimitsWhy } from '../table/indexLimits.js'
import { modelError } from '../model/isModel.js'
import * as PreparedReads from './prepared.js'
import * as Read from './read.js'
import { commandName, lostDelete, operationSchema, ownTableMarked, ownWriteMarked, putThen, runEither, runLost, send as request, sendThen, sentCommand, withSignal, unknownOutcome, type DynamoCommand, type Failure, type Outcome, type SendOptions } from './send.js'
import { changedThen, namesOf, waitUntil } from './tables.js'
import { unreadableAnswer, updatedWhy } from './answer.js'
import { conditionError, snapshot } from '../rules/ast.js'
import { attempt, booleanOption, expired, guard, invalid, left, leftThrown, writtenButInvalid, names as optionNames, type Op } from './op.js'
import { read as readOptions, sendOptions, signalOnly } from './options.js'
import * as Clock from './clock.js'
import { hasOwn } from '../internal/own.js'

export type { Op } from './op.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item in DynamoDB's wire form: attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type AttributeMap = Record<string, AttributeValue>

/** Any DynamoDB command of the SDK (`Dynamo.send`'s argument), and what became of a failed write (a batch `fail` entry's `outcome`). */
export type { DynamoCommand, Outcome } from './send.js'

/**
 * The outcome of a batch operation: every input lands in exactly one of `success` or `fail`,
 * each in the order of the inputs (of `deleteMany` by a condition, the order found). A `fail`
 * entry's `outcome` is `not-written` when every attempt for it ended before reaching
 * DynamoDB or was refused (a 4xx, `UnprocessedItems`), `unknown` when one may have been
 * applied (reset, time limit, abort in flight, 5xx).
 *
 * @category model
 */
export interface BatchResult<A, F = A> {
  readonly success: ReadonlyArray<A>
  readonly fail: ReadonlyArray<{ readonly item: F; readonly error: DE.DynamoError; readonly outcome: Outcome }>
  readonly failCount: number
}

/**
 * What every operation takes.
 *
 * @category model
 */
export interface RunOptions {
  /**
   * Cancels: no request starts after it, the one in flight is aborted. A single-item
   * operation is then `Left(AwsError)` named `AbortError`; a batch write is `Right(BatchResult)`
   * saying what became of each item.
   */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `saveOne`/`saveMany` on the model `Mo`.
 *
 * @category model
 */
export interface SaveOptions<Mo = any> extends RunOptions {
  /**
   * `true` (default): replace; `false`: only create; a condition (of the model): create, or
   * replace when it holds. A versioned model's saves take none: the version is the condition.
   */
  readonly overwrite?: M.OverwriteOf<Mo, boolean | C.Condition<Mo>>
}

/** The options of every read (DESIGN §5.1): `read.ts`. */
export type { ReadOptions, PageOptions, OneOptions, Page, Pages, FieldName, Read, Selection } from './read.js'

type AnyModel = M.Any
type ItemOf<Mo> = M.TypeOf<Mo>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const saveOneOptions: SendOptions = { operation: 'saveOne', write: true }
/** `saveOne`'s options for a model: its key attributes, against which a refusal's returned item is checked (`SendOptions.putKeys`). */
const saveOneOptionsOf = perObject((m: AnyModel): SendOptions => ({ ...saveOneOptions, putKeys: [SK.keyNames(m)] }))
const getOneOptions: SendOptions = { operation: 'getOne' }

/**
 * `ConditionalCheckFailed` of an update that required the item: `NotFound` when it was absent
 * (no old item came back, an expired one, or another entity's); on an item whose version has
 * no next one (`Lifecycle.versionExhausted`), the message says so: that update can never pass, and
 * a caller retrying on conflicts would retry for ever. On an item where what the update
 * computes would leave a field's bounds (`guards`, `updateGuard.refusal`), the message names the bound.
 */
const notFoundIfAbsent = (
  m: AnyModel,
  table: string,
  values: Readonly<Record<string, unknown>>,
  e: DE.DynamoError,
  now: Date,
  guards: ReadonlyArray<Guard.Guard> = [],
): DE.DynamoError => {
  if (e._tag !== 'ConditionalCheckFailed') return e
  if (e.item === undefined || !Entity.owns(m, e.item)) return DE.notFound(table, values, 'absent')
  const gone = expired(m, e.item, now)
  if (E.isLeft(gone)) return gone.left
  if (gone.right) return DE.notFound(table, values, 'absent')
  const why = Lifecycle.versionExhausted(m, e.item) ?? Guard.refusal(guards, e.item)
  return why === undefined ? e : { ...e, message: `${e.message}: ${why}` }
}

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

/**
 * Create the model's table (key schema, attribute definitions, indexes, billing) and wait
 * until it and each of its indexes is ACTIVE (at most the Env's `waitTimeoutMs`); then, on a
 * model with `ttl`, turn time to live on for that field (`UpdateTimeToLive`). Given the list
 * of models that share a table (DESIGN §5.4), the table they all want: the union of their
 * indexes; models that disagree (on the table, its keys, billing, an index, the ttl, or
 * entities that could produce the same key), and indexes beyond DynamoDB's limits (`Table.diff`),
 * are a `SchemaError`, before any request. A
 * failure once `CreateTable` was answered (of the wait, of the time-to-live step) is an
 * `AwsError` with `outcome: 'unknown'` whose message says the table was created; it is not
 * `retryable` (a `createTable` again would find the table: `ResourceInUseException`), and
 * `syncTable` finishes what is left (it waits for the table, and turns time to live on).
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
 * // CreateTable from the model (keys, indexes, units), then waits until ACTIVE; Right(undefined)
 * await Dynamo.createTable(User)(env)()
 * ```
 *
 * @category tables
 */
export function createTable<Ms extends AnyModel | ReadonlyArray<AnyModel>>(m: Ms & Table.OneTable<Ms>, options?: RunOptions): Op<void>
/** `createTable` from generic code: the models' tables told by their type parameter's constraint. */
export function createTable<N extends string>(m: Table.OfTable<N> & Table.OneName<N>, options?: RunOptions): Op<void>
export function createTable(m: AnyModel | ReadonlyArray<AnyModel>, options?: RunOptions): Op<void> {
  return guard(async (env) => {
    const o = signalOnly(options)
    if (E.isLeft(o)) return o
    const input = createTableOf(m)
    if (E.isLeft(input)) return input
    const TableName = Env.tableName(env, input.right.table)
    const sent = withSignal(createTableOptions, o.right.signal)
    const create = TablePlan.createTable(TableName, input.right)
    if (E.isLeft(create)) return create
    const r = await runEither(env, new CreateTableCommand(create.right), sent)
    // a table that exists when an earlier attempt's answer was lost may be that attempt's (send.ownTableMarked)
    if (E.isLeft(r)) return E.left(ownTableMarked(r.left, 'ResourceInUseException'))
    // the table is there from now on: what fails after says so (the waits are reads, not write-flagged)
    const created = `table ${TableName} was created (CreateTable answered)`
    const finish = 'a createTable again finds the table (ResourceInUseException); syncTable waits for it and turns its time to live on'
    const active = await waitUntil(TableName, 'active', withSignal(createTableWaits, o.right.signal), undefined, namesOf(m))(env)()
    if (E.isLeft(active)) return E.left(changedThen(created, 'the wait for it to be ACTIVE', active.left, finish))
    const ttl = input.right.ttl === undefined ? undefined : TablePlan.updateTimeToLive(TableName, input.right.ttl, true)
    if (ttl === undefined) return active
    const on = await request(new UpdateTimeToLiveCommand(ttl), sent)(env)()
    return E.isLeft(on) ? E.left(changedThen(created, 'turning its time to live on', on.left, finish)) : E.right(undefined)
  })
}

/**
 * The table a model, or the list of models sharing one table, wants (`Table.diff` of no
 * table: its `CreateTable` step); what the models disagree on is a `SchemaError`.
 */
const createTableOf = (models: AnyModel | ReadonlyArray<AnyModel>): E.Either<DE.DynamoError, Table.TableShape> => {
  // not models (cast through any): the one rule of models.ts, as planTable and syncTable answer it
  const notModels = modelsWhy(models)
  if (notModels !== undefined) return invalid(notModels.path, notModels.message)
  if (!Array.isArray(models)) {
    // one model is within DynamoDB's counts of indexes (Model.make), not always within its limit of attributes projected
    const shape = Table.shapeOf(models as AnyModel)
    if (E.isLeft(shape)) return shape
    const over = indexLimitsWhy(Object.values(shape.right.indexes))
    return over.length === 0 ? shape : E.left(DE.schemaError(`${shape.right.table}: ${over.join('; ')}`))
  }
  const plan = Table.diff(models as ReadonlyArray<AnyModel>, none)
  const conflicts = TablePlan.unfixable(plan).map((s) => s.reason)
  const create = plan.steps.find((s) => s._tag === 'CreateTable')
  return conflicts.length > 0 || create === undefined || create._tag !== 'CreateTable'
    ? E.left(DE.schemaError(`${plan.table || 'createTable'}: ${conflicts.join('; ')}`))
    : E.right(create.shape)
}

const createTableOptions: SendOptions = { operation: 'createTable', write: true }
const deleteTableOptions: SendOptions = { operation: 'deleteTable', write: true }
/** The requests of the waits after them: reads. */
const createTableWaits: SendOptions = { operation: 'createTable' }
const deleteTableWaits: SendOptions = { operation: 'deleteTable' }

/**
 * Delete the model's table and wait until it is gone (at most the Env's `waitTimeoutMs`). A
 * failure of the wait is an `AwsError` with `outcome: 'unknown'` whose message says the table
 * was deleted; it is not `retryable` (a `deleteTable` again would find it deleting, or gone).
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
 * // DeleteTable, then waits until DescribeTable answers ResourceNotFoundException; Right(undefined)
 * await Dynamo.deleteTable(User)(env)()
 * ```
 *
 * @category tables
 */
export const deleteTable = (m: AnyModel, options?: RunOptions): Op<void> =>
  guard(async (env) => {
    const o = signalOnly(options)
    if (E.isLeft(o)) return o
    const notModel = modelError(m)
    if (notModel !== undefined) return E.left(notModel)
    const TableName = Env.tableName(env, m.table)
    const sent = withSignal(deleteTableOptions, o.right.signal)
    const r = await runEither(env, new DeleteTableCommand({ TableName }), sent)
    if (E.isLeft(r)) return E.left(ownTableMarked(r.left, 'ResourceNotFoundException'))
    // the table is deleted from now on: a failure of the wait says so
    const gone = await waitUntil(TableName, 'gone', withSignal(deleteTableWaits, o.right.signal), undefined, namesOf(m))(env)()
    return E.isLeft(gone) ? E.left(changedThen(`table ${TableName} was deleted (DeleteTable answered)`, 'the wait for it to be gone', gone.left, 'a deleteTable again finds it deleting or gone; describeTable tells when it is gone')) : gone
  })

export { describeTable, planTable, syncTable } from './tables.js'
export { clearTable, dump, load, type ClearOptions, type DumpOptions, type ItemProgress, type LoadFailure, type LoadInput, type LoadOptions, type LoadResult } from './data.js'

// -------------------------------------------------------------------------------------
// saving
// -------------------------------------------------------------------------------------

/**
 * Save one item (defaults applied, validated, encoded). `overwrite: false` writes only when
 * no item has the key; a condition writes when no item has the key or the existing one
 * satisfies it; otherwise `ConditionalCheckFailed`. On a versioned model, an item without a
 * version is created with version 1 (none may have the key), one with version `n` replaces
 * version `n` only, stored as `n + 1` (else `ConditionalCheckFailed` with the stored item);
 * timestamps are set (`Command.stamp`). Returns the saved item as a read gives it back (a
 * field that stores less, as `Field.epochSeconds` does, as stored: `model/readBack`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Field, Model } from 'dynamongo'
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
 * const john = { email: 'john@x.io', name: 'John' }
 * await Dynamo.saveOne(User, john)(env)()                      // PutItem: Right(the saved User)
 * await Dynamo.saveOne(User, john, { overwrite: false })(env)() // only if no item has the key, else Left(ConditionalCheckFailed)
 * await Dynamo.saveOne(User, john, { overwrite: C.lt(u.logins, 3) })(env)() // create, or replace while logins < 3
 * Dynamo.saveOne(User, { email: 'not an email', name: 'X' }) // Left(ValidationError) when run, before any request
 * ```
 *
 * @category writing
 */
export const saveOne =
  <Mo extends AnyModel>(m: Mo, item: M.InputOf<Mo>, options?: SaveOptions<NoInfer<Mo>>): Op<ItemOf<Mo>> =>
  (env) =>
  () => {
    // a promise chain, not an async function: this and getOne are the per-request hot paths.
    // What the application's own code throws (a default, a codec, a getter) is a Left, as
    // everywhere (run/op), caught here without the promise `guard` adds.
    try {
      const notModel = modelError(m)
      if (notModel !== undefined) return Promise.resolve(E.left(notModel))
      // read once: the condition and the request see one value of each option
      const o = readOptions(options, saveOptionNames)
      if (E.isLeft(o)) return Promise.resolve(o)
      const overwrite = overwriteOf(o.right)
      if (E.isLeft(overwrite)) return Promise.resolve(overwrite)
      const now = Clock.now(env)
      const stamped = Command.stamp(m, item as ItemOf<Mo>, now)
      if (E.isLeft(stamped)) return Promise.resolve(stamped)
      const enc = M.encode(m, stamped.right)
      if (E.isLeft(enc)) return Promise.resolve(enc)
      const input = Command.putItem(m, Env.tableName(env, m.table), enc.right.stored, overwrite.right, now)
      if (E.isLeft(input)) return Promise.resolve(input)
      const saved = E.right(enc.right.item)
      const sending = withSignal(saveOneOptionsOf(m), o.right.signal)
      // a conditional put whose retry may have met its own write says so (send.ownWriteMarked)
      return input.right.ConditionExpression === undefined
        ? sendThen(env, new PutItemCommand(input.right), () => saved, sending)
        : putThen(env, new PutItemCommand(input.right), enc.right.stored, () => saved, sending)
    } catch (e) {
      return Promise.resolve(leftThrown(e, env))
    }
  }

/** The `overwrite` of save options (read once, `readOptions`): `undefined`, a boolean or a condition (read by the compiler), `checkOverwrite`. */
const overwriteOf = (options: SaveOptions): E.Either<DE.DynamoError, Command.Overwrite | undefined> => {
  const w: unknown = options.overwrite
  return w === undefined ? NO_OVERWRITE : checkOverwrite(w)
}

const NO_OVERWRITE: E.Either<never, undefined> = E.right(undefined)

/** The options of saves, by name (`readOptions`). */
const saveOptionNames = optionNames<SaveOptions>({ overwrite: true, signal: true })

/**
 * An entry of `saveMany` or `deleteMany` (`writeAll`): written in a `BatchWriteItem` chunk
 * (`batch`), sent alone as a conditional command (`alone`), or refused before any request.
 */
type Planned<T> = { readonly send: 'batch' | 'alone'; readonly x: T } | { readonly send: 'refused'; readonly error: DE.DynamoError }

/** What became of an entry that was not written: its error, and whether it may have been (`Outcome`). */
type Failed = { readonly error: DE.DynamoError; readonly outcome: Outcome }

/**
 * The writes of `saveMany` and `deleteMany`: what became of each entry, in the order of
 * `entries` (the caller's), `undefined` for one written, whatever phase settled it. `batch`
 * ones go in `BatchWriteItem` chunks (`write` gives an entry's put or delete; two writes to
 * one key never share a chunk; unprocessed ones retried); `alone` ones are sent one
 * conditional command each (`command`; bounded concurrency, the writes to one key (`keyOf`)
 * one after another in their order, throttling and server errors retried, progress told to
 * `env.batch.onProgress`); `refused` ones fail `not-written` with their error. After an abort,
 * what has not started fails `not-written` with `AbortError`.
 */
const writeAll = async <T, I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  env: Env.Env,
  m: AnyModel,
  table: string,
  operation: string,
  signal: AbortSignal | undefined,
  entries: ReadonlyArray<Planned<T>>,
  write: (x: T) => WriteRequest,
  keyOf: (x: T) => AttributeMap,
  command: (x: T) => E.Either<DE.DynamoError, DynamoCommand<I, O>>,
): Promise<ReadonlyArray<Failed | undefined>> => {
  // a conditional put's refusal returns the item at its key (SendOptions.putKeys)
  const options = withSignal({ operation, putKeys: [SK.keyNames(m)] }, signal)
  const outcomes: Array<Failed | undefined> = []
  // the entries of each way, as places in `entries`, and the entry at each
  const batched: Array<number> = []
  const single: Array<number> = []
  const xs: Array<T> = []
  entries.forEach((e, i) => {
    if (e.send === 'refused') outcomes[i] = { error: e.error, outcome: 'not-written' }
    else {
      outcomes[i] = undefined
      xs[i] = e.x
      ;(e.send === 'batch' ? batched : single).push(i)
    }
  })
  const at = (i: number): T => xs[i] as T
  if (batched.length > 0) {
    const keyOf = (req: WriteRequest) => SK.keyString(m, (req.PutRequest?.Item ?? req.DeleteRequest?.Key) as AttributeMap)
    const r = await Batch.batchWrite(table, batched.map((i) => write(at(i))), keyOf, { operation, ...(signal === undefined ? {} : { signal }) })(env)()
    // a failure's index is the write's place in this batch
    if (E.isRight(r)) for (const f of r.right.failed) outcomes[batched[f.index] as number] = { error: f.error, outcome: f.outcome }
  }
  const progress = listener(env.batch.onProgress)
  let done = 0
  // the writes to one key in their order: each conditional write meets what the one before it left
  const results = await Batch.mapInKeyOrder(single, single.map((i) => SK.keyString(m, keyOf(at(i)))), env.batch.concurrency, async (i) => {
    const c = command(at(i))
    const r = E.isLeft(c) ? E.left({ error: c.left, outcome: 'not-written' as const }) : await runEither(env, c.right, options)
    progress?.({ done: ++done, total: single.length })
    return r
  })
  results.forEach((r, j) => {
    if (E.isLeft(r)) outcomes[single[j] as number] = r.left
  })
  return outcomes
}

/**
 * Save many items. Every item is validated first (invalid ones go to `fail` and never reach
 * the network). With `overwrite: true` (default) the rest go in `BatchWriteItem` chunks of 25
 * (two writes to one key never share a chunk; unprocessed items retried with backoff); with
 * `overwrite: false` or a condition, or on a versioned model, each is a conditional `PutItem`
 * (bounded concurrency; a failed check goes to `fail`, with the stored item). Each `fail`
 * entry's `item` is the item as given (the same object), so that saving the failed ones again
 * is the same save (on a versioned model: a create, or an edit of the version it read);
 * `success` holds the items as stored.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
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
 * const r = await Dynamo.saveMany(User, [{ email: 'a@x.io', name: 'A' }, { email: 'b@x.io', name: 'B' }])(env)()
 * // BatchWriteItem chunks of 25: Right({ success, fail: [{ item, error, outcome }], failCount })
 * pipe(r, E.map((b) => b.failCount))
 * ```
 *
 * @category writing
 */
export const saveMany = <Mo extends AnyModel>(
  m: Mo,
  items: ReadonlyArray<M.InputOf<Mo>>,
  options?: SaveOptions<NoInfer<Mo>>,
): Op<BatchResult<ItemOf<Mo>, M.InputOf<Mo>>> =>
  guard(async (env) => {
    type I = ItemOf<Mo>
    type G = M.InputOf<Mo>
    const notModel = modelError(m)
    if (notModel !== undefined) return E.left(notModel)
    const o = readOptions(options, saveOptionNames)
    if (E.isLeft(o)) return o
    const overwrite = overwriteOf(o.right)
    if (E.isLeft(overwrite)) return overwrite
    const batchable = Command.batchable(m, overwrite.right)
    if (E.isLeft(batchable)) return batchable
    if (!Array.isArray(items)) return invalid('items', 'expected a list of items')
    const table = Env.tableName(env, m.table)
    const now = Clock.now(env)
    // a failed item is given back as the caller gave it (not as stamped: a versioned one would
    // carry the version it was to store), so that saving the failed ones again is the same save
    const batched = batchable.right
    const given: Array<G> = []
    const planned: Array<Planned<{ readonly item: I; readonly stored: AttributeMap }>> = []
    for (const g of items) {
      const enc = attempt(() => E.flatMap(Command.stamp(m, g as I, now), (stamped: I) => M.encode(m, stamped)))
      given.push(g)
      planned.push(E.isLeft(enc) ? { send: 'refused', error: enc.left } : { send: batched ? 'batch' : 'alone', x: enc.right })
    }
    const outcomes = await writeAll(
      env,
      m,
      table,
      'saveMany',
      o.right.signal,
      planned,
      (v) => ({ PutRequest: { Item: v.stored } }),
      (v) => v.stored,
      (v) => E.map((input: PutItemCommandInput) => new PutItemCommand(input))(Command.putItem(m, table, v.stored, overwrite.right, now)),
    )
    // in the caller's order, whatever phase settled each item
    const success: I[] = []
    const fail: Array<BatchResult<I, G>['fail'][number]> = []
    outcomes.forEach((failed, i) => {
      const p = planned[i] as (typeof planned)[number]
      const stored = p.send === 'refused' ? undefined : p.x
      if (failed !== undefined) fail.push({ item: given[i] as G, ...(stored === undefined ? failed : ownWriteMarked(failed, stored.stored)) })
      else if (stored !== undefined) success.push(stored.item)
    })
    return E.right({ success, fail, failCount: fail.length })
  })

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/** What `explain` takes and reads of its options: those its type picks, each read once; any other (a read's `limit`, `cursor`, `signal`: no plan has them) is refused by name. */
const explainOptionNames = optionNames<Pick<Read.ReadOptions<AnyModel, string, string>, 'index' | 'consistentRead' | 'select' | 'readUnitsPerSecond' | 'includeExpired'>>({
  index: true,
  consistentRead: true,
  select: true,
  readUnitsPerSecond: true,
  includeExpired: true,
})

/**
 * Without a network: the calls `getOne`/`getMany`/`deleteMany` would make for this strategy
 * (with `options`, those of a read that names an index, reads consistently, selects fields or
 * is paced: `readUnitsPerSecond`, checked as a read checks it, is then the plan's, `Plan.Paced`).
 * On a model with `ttl` it plans as the read does: through no index that does not project the
 * time-to-live attribute (the read's filter of expired items tests it), unless `includeExpired: true`;
 * the plan shows the condition given, without that filter.
 * `strategy` also takes `Read.KeyObjectMisuse`, the misuse a read's selection holds and no value
 * has, so that a selection typed as `getMany`'s (`Parameters<typeof Dynamo.getMany<typeof M>>[1]`)
 * is explained.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Dynamo, Env, Field, Model, Plan } from 'dynamongo'
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
 * // which requests a read makes, without a network
 * pipe(Dynamo.explain(User, C.and(C.lt(u.year_of_birth, 1990), C.contains(u.cities_visited, 'Nairobi'))), E.map(Plan.show))
 * // => E.right('Scan users\n  filter: year_of_birth < 1990 AND contains(cities_visited, "Nairobi")')
 * pipe(Dynamo.explain(User, 'john@x.io'), E.map(Plan.show)) // => E.right('GetItem users\n  key: email = "john@x.io"')
 * // a paced read of known keys: their BatchGetItem, each request paced
 * pipe(Dynamo.explain(User, C.isIn(u.email, ['a@x.io', 'b@x.io']), { readUnitsPerSecond: 10 }), E.map(Plan.show))
 * // => E.right('BatchGetItem users (2 keys, 1 request)\n  key: email = "a@x.io"\n  key: email = "b@x.io"\n  paced: 10 read units a second')
 * ```
 *
 * @category reading
 */
export const explain = <Mo extends AnyModel, K extends Read.Selectable<Mo, I> = never, I extends (0 extends 1 & Mo ? string : Read.IndexNameOption<Mo>) | Read.Unnamed = Read.Unnamed, R extends boolean = boolean, X extends boolean = false>(
  m: Mo,
  strategy: NoInfer<M.Strategy<Mo> | ReadonlyArray<M.Strategy<Mo>> | Read.KeyObjectMisuse>,
  options?: Pick<Read.ReadOptions<Mo, K, I>, 'index' | 'consistentRead' | 'select' | 'readUnitsPerSecond'> & Read.ExpiredOption<X> & Read.ConsistentOption<R> & Read.IndexCheck<Mo, I, X, R>,
): E.Either<DE.DynamoError, Plan.Plan> =>
  attempt(() => {
    const notModel = modelError(m)
    if (notModel !== undefined) return E.left(notModel)
    // the condition read once (`conditionOnce`, as a read plans it), then the whole of it checked
    // (the planner reads only what it needs, leaving the rest to the compiler): the plan is of the copy
    const given = PreparedReads.conditionOnce(strategy)
    if (E.isLeft(given)) return given
    const bad = N.isCondition(given.right) ? conditionError(given.right, 'strategy') : undefined
    if (bad !== undefined) return E.left(bad)
    const read = readOptions(options as Parameters<typeof Read.readOnce>[0], explainOptionNames)
    if (E.isLeft(read)) return read
    // through an index of some fields, without select: what it gives, as the read selects it
    const o = Read.throughIndex(m, read.right as Plan.Options & { readonly select?: unknown; readonly readUnitsPerSecond?: unknown; readonly includeExpired?: unknown })
    const select = Read.checkSelect(m, o.select)
    if (E.isLeft(select)) return select
    const rate = o.readUnitsPerSecond as number | undefined
    const refused = Read.checkRate(rate)
    if (refused !== undefined) return refused
    const includeExpired = o.includeExpired
    const flag = booleanOption('includeExpired', includeExpired)
    if (flag !== undefined) return E.left(flag)
    const fields = select.right === undefined ? undefined : Read.projectedNames(m, select.right)
    // the read filters expired items out by their ttl: an index it reads through must project it (read.ts planOptions)
    const tests = Lifecycle.leavesExpiredOut([m], includeExpired as boolean | undefined) ? [m.ttl as string] : undefined
    const plan = Plan.make(m, given.right, options === undefined && tests === undefined ? undefined : { ...o, ...(fields === undefined ? {} : { fields }), ...(tests === undefined ? {} : { tests }) })
    if (E.isLeft(plan)) return plan
    // its requests prepared as the read prepares them (their values encoded, a batch plan's checks
    // built), so that what the read refuses before any request, explain refuses too, in its words
    const requests = Pages.make(m, m.table, plan.right, { consistentRead: o.consistentRead === true, ...(fields === undefined ? {} : { projection: fields }) })
    if (E.isLeft(requests)) return requests
    // the paced read runs this plan, its requests paced (Plan.Paced)
    return rate === undefined ? plan : E.right({ ...plan.right, readUnitsPerSecond: rate })
  })

/**
 * One item by any strategy form; `NotFound` when absent (or when a key condition's extra checks fail).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Model } from 'dynamongo'
 *
 * const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 * const env = Env.make({ region: 'us-east-2' })
 *
 * const john = await Dynamo.getOne(User, 'john@x.io')(env)() // Either<DynamoError, User>: a GetItem
 * Dynamo.getOne(User, { email: 'john@x.io' })               // the same item, by an object holding the key
 * Dynamo.getOne(User, C.and(C.eq(User.attrs.email, 'john@x.io'), C.beginsWith(User.attrs.name, 'J')))
 * // the same GetItem, then Left(NotFound) unless the name begins with 'J'
 * ```
 *
 * @category reading
 */
export const getOne =
  <Mo extends AnyModel, K extends Read.FieldName<Mo> = never>(m: Mo, strategy: NoInfer<M.Strategy<Mo>>, options?: Read.OneOptions<Mo, K>): Op<Read.Read<Mo, K>> =>
  (env) =>
  () => {
    // a promise chain, as saveOne's (and as there, a throw is a Left)
    try {
      const s = S.parse(m, strategy)
      if (E.isLeft(s)) return Promise.resolve(s)
      if (options !== undefined) {
        // Read.getOne compiles the key condition's checks itself
        const o = readOptions(options, Read.oneOptionNames)
        return E.isLeft(o) ? Promise.resolve(o) : guard((env) => Read.getOne(m, s.right, o.right)(env)())(env)()
      }
      // a key condition's extra checks, evaluated on the item read: compiled with the model's fields first, as any read's filter (Pages.predicate)
      const passes = Pages.predicate(s.right.check, undefined, m.fields)
      if (E.isLeft(passes)) return Promise.resolve(passes)
      const table = Env.tableName(env, m.table)
      const input = Command.getItem(table, s.right)
      if (E.isLeft(input)) return Promise.resolve(input)
      // the clock is read before the request: one that gives no valid Date is refused before it (clock.ts)
      const now = Clock.expiryTime(env, [m], undefined)
      return sendThen(
        env,
        new GetItemCommand(input.right),
        (out): E.Either<DE.DynamoError, Read.Read<Mo, K>> => {
          try {
            const item = out.Item
            // a model with an entity reads only its own items (Entity.ts): another's is absent
            const gone = item === undefined || !Entity.owns(m, item) ? E.right(true) : now === undefined ? E.right(false) : expired(m, item, now)
            if (E.isLeft(gone)) return gone
            if (item === undefined || gone.right) return E.left(DE.notFound(table, s.right.values, 'absent'))
            return passes.right(item) ? (M.decode(m, item) as E.Either<DE.DynamoError, Read.Read<Mo, K>>) : E.left(DE.notFound(table, s.right.values, 'failedCheck'))
          } catch (e) {
            return leftThrown(e, env)
          }
        },
        getOneOptions,
      )
    } catch (e) {
      return Promise.resolve(leftThrown(e, env))
    }
  }

/**
 * Many items: a list of strategies is a `BatchGetItem` (keys without an item left out);
 * a condition is planned (`explain`) as a `GetItem`, a `BatchGetItem` plus a filter, a
 * `Query` or a `Scan`. The plan's pages are read and decoded as they arrive, to the end or to
 * `limit` items; `page`, `pages`, `reduce` and `count` read the same way (`read.ts`).
 */
export { getMany, page, pages, reduce, count } from './read.js'

/**
 * `collection(models, keyValues, options)`: every listed entity's items under one partition,
 * in one Query that follows its pages, each decoded by its model (`collection.ts`).
 */
export { collection, type Collection, type CollectionOptions, type KeyValues as CollectionKeyValues } from './collection.js'

// -------------------------------------------------------------------------------------
// transactions
// -------------------------------------------------------------------------------------

/**
 * `transactWrite(entries, { token?, signal? })`: the entries of `Transaction` (`put`, `update`,
 * `delete`, `check`) in one `TransactWriteItems`, all or none; `transactGet(entries, { includeExpired?, signal? })`:
 * the `get` entries in one `TransactGetItems`, a typed tuple of `Option`s in input order
 * (`transact.ts`).
 */
export { transactWrite, transactGet, type WriteOptions } from './transact.js'

// -------------------------------------------------------------------------------------
// deleting
// -------------------------------------------------------------------------------------

/**
 * Delete one item; `some(deleted item)`, or `none` when no item had the key (or, on a model
 * with `ttl`, the one that had it had expired; on a model with an entity, the item there is
 * another entity's, and stays). A key condition's extra checks must hold (else
 * `ConditionalCheckFailed`). When an earlier attempt's answer was lost and the retry finds no
 * item (or another entity's), that attempt may have deleted it: `AwsError` marked
 * `mayBeOwnWrite`, not `none`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Field, Model } from 'dynamongo'
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
 * await Dynamo.deleteOne(User, 'john@x.io')(env)() // DeleteItem: Right(Option<User>), the deleted item or none
 * Dynamo.deleteOne(User, C.and(C.eq(u.email, 'john@x.io'), C.exists(u.logins))) // Left(ConditionalCheckFailed) unless it holds
 * ```
 *
 * @category writing
 */
export const deleteOne = <Mo extends AnyModel>(m: Mo, strategy: NoInfer<M.Strategy<Mo>>, options?: RunOptions): Op<O.Option<ItemOf<Mo>>> =>
  guard(async (env): Promise<E.Either<DE.DynamoError, O.Option<ItemOf<Mo>>>> => {
    const o = signalOnly(options)
    if (E.isLeft(o)) return o
    const s = S.parseWrite(m, strategy, 'delete')
    if (E.isLeft(s)) return s
    const now = Clock.now(env)
    const input = Command.deleteItem(m, Env.tableName(env, m.table), s.right, now)
    if (E.isLeft(input)) return input
    // the answer of a retry after an attempt whose answer was lost comes with that attempt's failure
    const out = await runLost(env, new DeleteItemCommand(input.right), withSignal(deleteOneOptions, o.right.signal), answered, answeredAfterLost, failedAfterLost)
    if (E.isLeft(out)) {
      const e = out.left.error
      // another entity's item met by a retry after a lost attempt: that attempt may have
      // deleted the item, as where the retry finds no item (send.lostDelete)
      const lost = 'lost' in out.left ? out.left.lost : undefined
      if (lost !== undefined && e._tag === 'ConditionalCheckFailed' && foreignItem(m, e.item)) return E.left(lostDelete(lost, 'foreign'))
      // another entity's item at the key (Command.deleteKeyCondition, deleteCondition): left in place, none here
      return e._tag === 'ConditionalCheckFailed' && foreignItem(m, e.item) ? E.right(none) : E.left(e)
    }
    const old = out.right.out.Attributes
    // no item found by a retry whose earlier attempt's answer was lost: that attempt may have
    // deleted it, so "none" would be a guess (send.lostDelete)
    const lost = out.right.lost
    if (lost !== undefined && (old === undefined || Object.keys(old).length === 0)) return E.left(lostDelete(lost))
    // fp-ts's Option as the plain data it is: its module would bring its typeclass instances
    // into the published bundle for two constructors; an expired item was no item
    if (old === undefined || Object.keys(old).length === 0) return E.right(none)
    const gone = expired(m, old, now)
    if (E.isLeft(gone)) return gone
    if (gone.right) return E.right(none)
    // DynamoDB deletes a live item only where the checks hold on it (Command.deleteCondition): an
    // old item that fails them is no answer to this delete, and would be returned as deleted
    // (a check using size() is not judged here: DynamoDB Local counts a string's UTF-16 units, AWS's
    // documentation hints at bytes, and a disagreement would fail a delete that was applied)
    const holds = s.right.check === undefined || usesSize(s.right.check) ? undefined : Evaluate.condition(s.right.check)
    if (holds !== undefined && E.isRight(holds) && !holds.right(old)) {
      return E.left(unknownOutcome(unreadableAnswer("its Attributes fail the delete's checks: DynamoDB deletes an item only where they hold")))
    }
    const item = M.decode(m, old) as E.Either<DE.DynamoError, ItemOf<Mo>>
    // the delete was applied: a Left says so (a plain ValidationError reads as nothing done)
    return E.isLeft(item) ? E.left(writtenButInvalid(item.left, old, true)) : E.right({ _tag: 'Some', value: item.right })
  })

const none: O.Option<never> = { _tag: 'None' }

/** `c` compares a `size(…)` anywhere in it (an operand of a comparison, a between, an in, a begins_with or a contains). */
const usesSize = (c: C.Condition): boolean => {
  const sized = (o: C.Operand): boolean => o._tag === 'Size'
  switch (c._tag) {
    case 'Comparison':
      return sized(c.left) || sized(c.right)
    case 'Between':
      return sized(c.operand) || sized(c.low) || sized(c.high)
    case 'In':
      return sized(c.operand) || c.values.some(sized)
    case 'BeginsWith':
      return sized(c.prefix)
    case 'Contains':
      return sized(c.operand)
    case 'And':
    case 'Or':
      return c.conditions.some(usesSize)
    case 'Not':
      return usesSize(c.condition)
    default:
      return false
  }
}

const deleteOneOptions: SendOptions = { operation: 'deleteOne', write: true }

/** An answer, and the failure of an earlier attempt whose answer was lost (`send.runLost`). */
interface Answered<O> {
  readonly out: O
  readonly lost: Failure | undefined
}

/** A failure, and that of an earlier attempt whose answer was lost (`send.runLost`'s `failedAfterLost`). */
interface FailedAfterLost extends Failure {
  readonly lost: Failure
}

const failedAfterLost = (failure: Failure, lost: Failure): E.Either<FailedAfterLost, never> => E.left({ ...failure, lost })

const answered = <O>(out: O): E.Either<never, Answered<O>> => E.right({ out, lost: undefined })
const answeredAfterLost = <O>(out: O, lost: Failure): E.Either<never, Answered<O>> => E.right({ out, lost })

/**
 * The key values of a stored key, read as items are (`Item.unmarshall`: a number a JS `number`
 * cannot hold exactly stays exact) and decoded through the key fields' codecs.
 */
const keyValues = (m: AnyModel, key: AttributeMap): Record<string, unknown> => {
  // a composed key: its fields read back from its text
  const fields = m.entityAttribute === undefined ? key : (Computed.keyFieldsOf(m, key) ?? key)
  const read = Item.unmarshall(fields)
  const stored: Record<string, unknown> = E.isRight(read) ? read.right : fields
  const out: Record<string, unknown> = {}
  for (const n of Computed.keyFieldNames(m)) {
    const d = (m.fields[n] as A.Codec).decode(stored[n])
    out[n] = E.isRight(d) ? d.right : stored[n]
  }
  return out
}

/** The condition a found item of a batch-get plan must still meet: the plan's filter AND its key's checks. */
const batchCheck = (m: AnyModel, p: Plan.BatchGetItem) => {
  const checks = new Map(p.keys.map((k) => [SK.keyString(m, k.key), k.check]))
  return (key: AttributeMap): C.Condition | undefined => {
    // the filter's entity condition (Entity.restrict) taken once, around the whole (Command.deleteIf reads it so)
    const cs = [Entity.given(m, p.filter), checks.get(SK.keyString(m, key))].filter((c): c is C.Condition => c !== undefined)
    return Entity.and(m, cs.length === 0 ? undefined : cs.length === 1 ? cs[0] : C.and(...cs))
  }
}

/**
 * Delete many items. Plain keys go in `BatchWriteItem` chunks of 25; entries with extra
 * checks, and items selected by a condition, are deleted one by one with a conditional
 * `DeleteItem` (bounded concurrency), so an item is deleted only if the check holds at
 * that moment. `success` holds the keys of the deleted items; a failed check goes to `fail`.
 * A `fail` entry's `item` is, for a list, the entry as given (the same value, its version or
 * check with it: deleting the failed ones again is the same delete); for a condition, the key
 * of the item found (run the condition again to delete what still meets it). On a model with
 * an entity, a checked delete never deletes another entity's item (nor one without `_et`): it
 * is no item. A checked entry of a list and an item found by a condition are deleted as
 * `deleteOne` deletes its key with its check (`Command.deleteFound`, one rule): no item at the
 * key (never there, deleted since, or another entity's item in its place) is a delete of
 * nothing, in `success` (no check failed: nothing was there), as a plain key's; an item whose
 * check fails is in `fail`. A plain key's `DeleteRequest` deletes whatever is at the key (use
 * `deleteOne` where another entity's item may share it).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Field, Model } from 'dynamongo'
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
 * Dynamo.deleteMany(User, ['a@x.io', 'b@x.io'])(env) // BatchWriteItem chunks of 25: Right(BatchResult of the keys)
 * Dynamo.deleteMany(User, C.and(C.isIn(u.email, ['a@x.io', 'b@x.io']), C.gt(u.logins, 100)))
 * // each a conditional DeleteItem: an item goes only if the check holds at that moment
 * ```
 *
 * @category writing
 */
export const deleteMany = <Mo extends AnyModel>(
  m: Mo,
  // one object of key fields is a misuse that says what to give, as a read's (`Read.KeyObjectMisuse`)
  strategy: NoInfer<ReadonlyArray<M.Strategy<Mo>> | M.KeyTuple<Mo>> | C.Condition<NoInfer<Mo>> | A.Misuse<Read.WholeKeys>,
  options: RunOptions = {},
): Op<BatchResult<M.KeyOf<Mo>, unknown>> =>
  guard(async (env) => {
    const notModel = modelError(m)
    if (notModel !== undefined) return E.left(notModel)
    // the signal read once; one that is no AbortSignal is the call's error, not each key's
    const o = signalOnly(options)
    if (E.isLeft(o)) return o
    const signal = o.right.signal
    const table = Env.tableName(env, m.table)
    const now = Clock.now(env)
    // what to delete: [key, condition of the delete] pairs, and the entry given for each in a
    // list (a failed one is given back as the caller gave it, its check with it: deleting the
    // failed ones again is the same delete, never one without its version or check)
    let targets: ReadonlyArray<{ readonly key: AttributeMap; readonly check: C.Condition | undefined; readonly given?: { readonly entry: unknown } }>
    if (Array.isArray(strategy)) {
      const sels = S.parseList(m, strategy, (mo, u) => S.parseWrite(mo, u, 'delete'))
      if (E.isLeft(sels)) return sels
      // one strategy for each entry, or one for the whole list (a [hash, range] tuple)
      const list = strategy as ReadonlyArray<unknown>
      const entries = sels.right.length === list.length ? list : [list]
      targets = sels.right.map((s, i) => ({ key: s.key, check: s.check, given: { entry: entries[i] } }))
    } else {
      // the condition read once: the Query, its answer's checks and each delete's check are of it
      const given = PreparedReads.conditionOnce(strategy)
      if (E.isLeft(given)) return given
      // the items found are filtered by their ttl: an index read must project it
      const plan = Plan.make(m, given.right, Lifecycle.leavesExpiredOut([m], undefined) ? { tests: [m.ttl as string] } : undefined)
      if (E.isLeft(plan)) return plan
      const p = plan.right
      if (p._tag === 'BatchGetItem' && p.filter === undefined && p.keys.every((k) => k.check === undefined)) {
        targets = p.keys.map((k) => ({ key: k.key, check: undefined }))
      } else {
        // find the items, then delete each only if the whole condition still holds; for a batch
        // get, the key part is the delete's Key, so the check is the filter and the key's own
        // checks (an `isIn` of more than 99 values cannot be a ConditionExpression)
        // the signal stops the read too: no request of it starts after an abort (nothing is deleted then)
        const stream = Pages.make(m, table, p, { now, operation: 'deleteMany', ...(signal === undefined ? {} : { signal }) })
        if (E.isLeft(stream)) return stream
        // (with the entity condition: a delete never takes another entity's item)
        const checkOf = p._tag === 'BatchGetItem' ? batchCheck(m, p) : () => Entity.and(m, given.right as C.Condition) as C.Condition
        const found = await Pages.take(stream.right, Infinity, (item) => {
          const key = SK.keyOfStored(m, item)
          return E.right({ key, check: checkOf(key) })
        })(env)()
        if (E.isLeft(found)) return found
        targets = found.right
      }
    }
    // the deletes of a key that has a checked one are all sent one by one, in their order (a
    // batch's would go before every conditional delete); the others in BatchWriteItem chunks
    const checked = new Set<string>()
    for (const t of targets) if (t.check !== undefined) checked.add(SK.keyString(m, t.key))
    const oneByOne = (t: (typeof targets)[number]) => t.check !== undefined || (checked.size > 0 && checked.has(SK.keyString(m, t.key)))
    const outcomes = await writeAll(
      env,
      m,
      table,
      'deleteMany',
      signal,
      targets.map((t) => ({ send: oneByOne(t) ? 'alone' : 'batch', x: t })),
      (t) => ({ DeleteRequest: { Key: t.key } }),
      (t) => t.key,
      (t) =>
        E.map((input: DeleteItemCommandInput) => new DeleteItemCommand(input))(
          // with a check, as deleteOne deletes its key (a list entry's or a found item's: one rule)
          t.check !== undefined ? Command.deleteFound(m, table, t.key, t.check, now) : Command.deleteIf(m, table, t.key, undefined, now),
        ),
    )
    // in the caller's order (or the order found), whatever phase settled each delete
    const success: Array<M.KeyOf<Mo>> = []
    const fail: Array<BatchResult<unknown>['fail'][number]> = []
    outcomes.forEach((failed, i) => {
      const t = targets[i] as (typeof targets)[number]
      // no item at the key passes the check (Command.deleteFound, as deleteOne): a delete of
      // nothing, in success; another entity's item there fails it, and is no item of the model:
      // a delete of nothing too (after a lost answer as well: the item is gone either way)
      const e = failed?.error
      if (failed === undefined || (e?._tag === 'ConditionalCheckFailed' && foreignItem(m, e.item))) {
        success.push(keyValues(m, t.key) as M.KeyOf<Mo>)
      } else {
        // a conditional delete whose retry fails after a lost answer may have met its own write (send.ownWriteMarked)
        fail.push({ item: t.given === undefined ? keyValues(m, t.key) : t.given.entry, ...ownWriteMarked(failed, undefined, 'delete') })
      }
    })
    return E.right({ success, fail, failCount: fail.length })
  })

// -------------------------------------------------------------------------------------
// updating
// -------------------------------------------------------------------------------------

/** `updateOne`, its request told to `Env.on` as `operation`'s (`updateOne`, or the `updateFromDict` that updates). */
const update =
  (operation: string) =>
  <Mo extends AnyModel>(m: Mo, strategy: NoInfer<M.Strategy<Mo>>, updates: Update<NoInfer<Mo>>, options?: RunOptions): Op<ItemOf<Mo>> =>
  guard(async (env) => {
    const o = signalOnly(options)
    if (E.isLeft(o)) return o
    const signal = o.right.signal
    const s = S.parseWrite(m, strategy)
    if (E.isLeft(s)) return s
    const table = Env.tableName(env, m.table)
    const now = Clock.now(env)
    // read once (rules/ast's snapshot): what is compiled, judged idempotent and read back on a
    // failure is one reading of the caller's update
    const read = snapshot(updates as Update, 'update expression', true)
    if (E.isLeft(read)) return read
    const once = read.right
    const input = Command.updateItem(m, table, s.right, once, now)
    if (E.isLeft(input)) return input
    // an update that is not idempotent (an increment, an append, a version's increment) is
    // not retried once it may have been applied
    const idempotent = isIdempotent(once) && m.version === undefined
    const out = await runEither(env, new UpdateItemCommand(input.right), {
      operation,
      write: true,
      ...(idempotent ? {} : { idempotent }),
      ...(signal === undefined ? {} : { abortSignal: signal }),
    })
    if (E.isLeft(out)) {
      const guards = attempt(() => E.map((parts: { readonly guards: ReadonlyArray<Guard.Guard> }) => parts.guards)(Command.updateParts(m, s.right, once, now)))
      return E.left(notFoundIfAbsent(m, table, s.right.values, ownUpdateMarked(m, s.right, once, now, out.left).error, now, E.isRight(guards) ? guards.right : []))
    }
    // an answer without the item reached an endpoint that may have applied the update (as send's errorShaped)
    const unread = updatedWhy(out.right)
    if (unread !== undefined) return E.left(unknownOutcome(unreadableAnswer(unread)))
    const written = out.right.Attributes as M.AttributeMap
    const item = M.decode(m, written) as E.Either<DE.DynamoError, ItemOf<Mo>>
    return E.isLeft(item) ? E.left(writtenButInvalid(item.left, written)) : item
  })

/**
 * The failure of `updateOne`'s `UpdateItem`, marked as `send.ownWriteMarked` marks it: a
 * refusal after an attempt whose answer was lost, on an item the update leaves as it is (the
 * update applied in memory, `Evaluate.update`, to the item the refusal returns), may be the
 * retry meeting that attempt's own write (its checks no longer hold on what it wrote). Only
 * an idempotent update is retried after a lost answer, so only one is marked.
 */
const ownUpdateMarked = (m: AnyModel, s: S.Strategy, updates: Update, now: Date, f: Failure): Failure => {
  const stored = f.error._tag === 'ConditionalCheckFailed' ? f.error.item : undefined
  if (f.outcome !== 'unknown' || stored === undefined) return f
  const after = attempt(() => E.flatMap(Command.updateParts(m, s, updates, now), (parts) => E.flatMap(Evaluate.update(parts.update), (apply) => apply(stored))))
  return E.isRight(after) ? ownWriteMarked(f, after.right, 'update') : f
}

/**
 * Update one existing item (never creates one): `NotFound` when no item has the key,
 * `ConditionalCheckFailed` when a key condition's extra checks fail. Returns the item as
 * updated.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { pipe } from 'fp-ts/function'
 * import * as TE from 'fp-ts/TaskEither'
 * import { Condition as C, Dynamo, Env, Field, Model, Update as U } from 'dynamongo'
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
 * // one UpdateItem (SET name = "Johnny" ADD logins 1), only if the item exists: Right(the updated User), or Left(NotFound)
 * const task = Dynamo.updateOne(User, 'john@x.io', [U.set(u.name, 'Johnny'), U.add(u.logins, 1)])(env)
 * // with an extra check: Left(ConditionalCheckFailed) unless logins < 10
 * Dynamo.updateOne(User, C.and(C.eq(u.email, 'john@x.io'), C.lt(u.logins, 10)), [U.increment(u.logins, 1)])
 * const after = await pipe(task, TE.map((user) => user.logins))()
 * ```
 *
 * @category writing
 */
export const updateOne = update('updateOne')

/**
 * dynamongo's `update_from_dict`: set every given non-key field of an existing item (each
 * value validated through its field's codec). `NotFound` when no item has the key. On a
 * versioned model a given version is a check (`ConditionalCheckFailed` with the stored item
 * when stale); given timestamps are left to the update's own rules.
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
 * // SET each field given besides the key: Right(the updated User), or Left(NotFound)
 * Dynamo.updateFromDict(User, { email: 'john@x.io', year_of_birth: 1991 })(env)
 * ```
 *
 * @category writing
 */
export const updateFromDict = <Mo extends AnyModel>(m: Mo, partial: Partial<ItemOf<Mo>> & M.KeyOf<Mo>, options?: RunOptions): Op<ItemOf<Mo>> =>
  guard((env) => {
    const notModel = modelError(m)
    if (notModel !== undefined) return left<ItemOf<Mo>>(notModel)(env)()
    if (typeof partial !== 'object' || partial === null) {
      return left<ItemOf<Mo>>(DE.validationError([{ path: '', message: 'expected an object holding the key and the fields to set' }]))(env)()
    }
    const keys = Computed.keyFieldNames(m)
    // the version is a check (read from `partial` as a strategy), the timestamps are the update's own
    const maintained = [m.version, m.timestamps?.createdAt, m.timestamps?.updatedAt]
    const updates: U.Action[] = []
    // own keys only, checked against the model's own fields: `constructor`, `toString` or an
    // own `__proto__` (from JSON.parse) are not fields
    for (const [k, v] of Object.entries(partial as Record<string, unknown>)) {
      if (keys.includes(k) || v === undefined || maintained.includes(k)) continue
      if (!hasOwn(m.fields, k)) return left<ItemOf<Mo>>(DE.validationError([{ path: P.show(P.of(k)), message: 'is not a field of the model' }]))(env)()
      updates.push(U.set(m.attrs[k as never] as A.Attr<unknown>, v))
    }
    if (updates.length === 0) return left<ItemOf<Mo>>(DE.expressionError(`${m.table}: updateFromDict needs at least one field besides the key`))(env)()
    return update('updateFromDict')(m, partial as M.Strategy<Mo>, updates, options)(env)()
  })

// -------------------------------------------------------------------------------------
// any command
// -------------------------------------------------------------------------------------

/**
 * Any command of the SDK, for what dynamongo does not cover, sent as dynamongo sends its own:
 * the error classified into a `DynamoError`, each attempt bounded by `timeoutMs`, retried
 * within `maxAttempts`, told to `on` (operation `send`). A transaction without a
 * `ClientRequestToken` gets one before its first attempt (its retries are one transaction), and
 * an export, an import or a bulk put without a `ClientToken` one (its retries are one call);
 * a write that may not be idempotent (`rules/idempotent`'s `isIdempotentCommand`) is not
 * sent again once it may have been applied. A command of DynamoDB only (`@aws-sdk/client-dynamodb`'s,
 * or a document client's of `@aws-sdk/lib-dynamodb`): one of another service, cast through
 * `any`, is a `ValidationError` naming `command`, never signed and posted to DynamoDB.
 *
 * @example
 * ```ts
 * import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
 * import { Dynamo, Env } from 'dynamongo'
 *
 * const env = Env.make({ region: 'us-east-2' })
 * const ttl = await Dynamo.send(new DescribeTimeToLiveCommand({ TableName: Env.tableName(env, 'users') }))(env)()
 * // Either<DynamoError, DescribeTimeToLiveCommandOutput>
 * ```
 *
 * @category interop
 */
export const send =
  <I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: DynamoCommand<I, O>, options?: RunOptions): Op<O> =>
  (env) =>
  () => {
    // a command cast through `any` (null, no input): a Left, never a throw in the SDK's callbacks
    if (!isCommand(command)) return Promise.resolve(invalid('command', 'expected a command of @aws-sdk/client-dynamodb (new GetItemCommand({ … }))'))
    // a command of another service (cast through any) would be signed with the Env's credentials and posted to DynamoDB
    const service = otherService(command)
    if (service !== undefined) return Promise.resolve(invalid('command', `expected a command of DynamoDB (@aws-sdk/client-dynamodb, @aws-sdk/lib-dynamodb), got one of ${service}`))
    // read once: its signal, and the SDK's `abortSignal` refused (carried over here it would cancel nothing)
    const o = sendOptions(options)
    if (E.isLeft(o)) return Promise.resolve(o)
    // its input read once, into the plain copy every attempt sends and every rule reads (a
    // transaction keeps one token through its retries); a write that may not be idempotent is
    // not sent again once it may have been applied
    const sent = attempt(() => {
      const c = sentCommand(command, (env as Partial<Env.Env> | null | undefined)?.consumedCapacity === true)
      const name = commandName(c)
      return E.right({ c, options: isReadCommand(name, c.input) ? sendCommandOptions : isIdempotentCommand(name, c.input) ? sendWriteOptions : sendOnceApplied })
    })
    if (E.isLeft(sent)) return Promise.resolve(sent)
    try {
      return sendThen(env, sent.right.c, E.right, withSignal(sent.right.options, o.right.signal))
    } catch (e) {
      // an Env built by hand without batch (or its retry), read before the first request: its ConfigError
      return Promise.resolve(leftThrown(e, env))
    }
  }

/**
 * Whether `u` may be a command: an object with an object `input`, of a class with a name (the
 * SDK's commands are each of one; `commandName` names a command without a schema by its class),
 * and so is the client's command it wraps when it wraps one (`clientCommand`, a document
 * client's): that one is what is sent, copied and named.
 */
const isCommand = (u: unknown): boolean => {
  try {
    if (!isCommandShaped(u)) return false
    const inner = (u as { readonly clientCommand?: unknown }).clientCommand
    return inner === undefined || isCommandShaped(inner)
  } catch {
    // a Proxy whose reads throw
    return false
  }
}

/** An object with an object `input`, of a class with a name (`isCommand`'s test of one command). */
const isCommandShaped = (u: unknown): boolean => {
  if (typeof u !== 'object' || u === null) return false
  const { input, constructor: made } = u as { readonly input?: unknown; readonly constructor?: unknown }
  return typeof input === 'object' && input !== null && typeof made === 'function' && typeof made.name === 'string'
}

/** The namespace of DynamoDB's operations in the SDK's schemas. */
const dynamodbNamespace = 'com.amazonaws.dynamodb'

/**
 * The service a command is of, read from its schema (`[kind, namespace, operation, …]`; a
 * document client's command, of the command it wraps), when that is not DynamoDB; `undefined`
 * for DynamoDB's, and for a command without a schema to tell it (of an SDK that gives none).
 */
const otherService = (command: object): string | undefined => {
  try {
    const namespace = operationSchema(command)?.[1]
    return typeof namespace !== 'string' || namespace === dynamodbNamespace ? undefined : /^[\w.-]{1,100}$/.test(namespace) ? namespace : 'another service'
  } catch {
    // a Proxy whose reads throw: the SDK meets it, and its failure is a Left
    return undefined
  }
}

const sendCommandOptions: SendOptions = { operation: 'send', ownCommand: true }
const sendWriteOptions: SendOptions = { operation: 'send', write: true, ownCommand: true }
const sendOnceApplied: SendOptions = { operation: 'send', idempotent: false, write: true, ownCommand: true }

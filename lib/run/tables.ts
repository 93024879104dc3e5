/**
 * Tables, read and changed: `describeTable` (`DescribeTable` and `DescribeTimeToLive` as a
 * `TableInfo`), `planTable` (`Table.diff` of the models and what the table is) and
 * `syncTable` (the plan's requests, one at a time, each followed by a wait until the table
 * and every index of it are `ACTIVE`). `Dynamo` re-exports them.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as DE from '../DynamoError.js'
import * as Describe from '../table/describe.js'
import * as Table from '../table/Table.js'
import * as TablePlan from '../table/TablePlan.js'
import { leading, listOf, modelsWhy, ttlOf as tableTtl } from '../table/models.js'
import { attributesOf } from '../table/indexKey.js'
import { modelError } from '../model/isModel.js'
import * as Env from './Env.js'
import { abortError, send, withSignal, type SendOptions } from './send.js'
import { pause } from './retry.js'
import { offAbort, onAbort } from './abort.js'
import { cleaner, enforcedLimit } from './config.js'
import { guard, invalid, names as optionNames } from './op.js'
import { diffOptionKeys, diffValuesWhy } from '../table/diffOptions.js'
import { read as readOptions, signalOnly } from './options.js'
import { tableNameWhy } from '../rules/limits.js'
import { describedWhy, unreadableAnswer, type Quote } from './answer.js'
import { count } from '../internal/show.js'

/** What `Env.on` is told of the requests of `describeTable`, `planTable` and `syncTable`. */
const describing = { operation: 'describeTable' } as const
const planning = { operation: 'planTable' } as const
const syncing = { operation: 'syncTable' } as const
/** `syncTable`'s steps: writes (`SendOptions.write`: an error after a lost answer says its outcome). */
const stepping = { write: true } as const

/**
 * The error of a table operation that failed after a request of it that changes the table was
 * answered (`done`: what was changed; `then`: what failed after it): the table was changed,
 * so an `AwsError` says `outcome: 'unknown'` (its absence says nothing was written) and its
 * message says what was done. An operation that cannot be run again to finish (`createTable`
 * and `deleteTable`: their request would meet the table as they left it) gives `instead`, what
 * finishes it: the error is then not `retryable`, whatever failed, and says so. An error of
 * another tag is as it is.
 */
export const changedThen = (done: string, then: string, error: DE.DynamoError, instead?: string): DE.DynamoError =>
  error._tag !== 'AwsError'
    ? error
    : instead === undefined
      ? { ...error, outcome: 'unknown', message: `${done}, but ${then} failed: ${error.message}` }
      : { ...error, outcome: 'unknown', retryable: false, message: `${done}, but ${then} failed: ${error.message}; not retryable: ${instead}` }


import type { Op } from './Dynamo.js'

const none: O.Option<never> = { _tag: 'None' }

const isNotFound = (e: DE.DynamoError): boolean => e._tag === 'AwsError' && e.name === 'ResourceNotFoundException'

/** The statuses the waits and plans tell a table by (`Describe`): dynamongo's words, quoted as they are. */
const told: ReadonlySet<string> = new Set(['ACTIVE', 'CREATING', 'UPDATING', 'DELETING'])

/**
 * How an error's message quotes what DynamoDB said of a table (`Describe.quoted`: its status,
 * its indexes' names and statuses, its key attributes; `answer.describedWhy`: the names in a
 * description of another shape): cleaned as an SDK error's message is
 * (`config.cleaner`: an endpoint may echo a credential there), but for the names the user gave
 * (`names`, `TableName`: the table's, the models' indexes and attributes) and the statuses
 * dynamongo tells it by, which are no secret: a credential (LocalStack's `test`) is taken out
 * of no model's name (`test_users`, `latest`).
 */
const quoting = (env: Env.Env, TableName: string, names: ReadonlySet<string>): Quote => {
  const clean = cleaner(env.redact)
  const kept = (text: string): boolean => text === TableName || names.has(text) || told.has(text)
  // one quote per text, and distinct texts apart: two names that clean alike (test_x and
  // demo_x, credentials test/demo: ***_x) get ***_x and ***_x #2, and none is quoted as a kept
  // one, so what is told of the quoted texts is told of the answered ones (a plan of them has
  // the same steps)
  const given = new Map<string, string>()
  const taken = new Set<string>()
  return (answered) => {
    if (kept(answered)) return answered
    const before = given.get(answered)
    if (before !== undefined) return before
    const cleaned = clean(answered)
    let text = cleaned
    for (let n = 2; kept(text) || taken.has(text); n++) text = `${cleaned} #${n}`
    given.set(answered, text)
    taken.add(text)
    return text
  }
}

/** The requests of one `describeByName`: DescribeTable, then DescribeTimeToLive. */
const DESCRIBE_REQUESTS = 2

/**
 * What DynamoDB says of the table it knows as `TableName`; `none` when there is no such table.
 * An answer of another shape is an `InvalidAnswer` quoting the answer's texts by `quoting`
 * (`names`: the models', when known).
 */
export const describeByName =
  (TableName: string, options: SendOptions = describing, names: ReadonlySet<string> = new Set()): Op<O.Option<Table.TableInfo>> =>
  (env) =>
  async () => {
    // a name DynamoDB refuses (a raw name, or a prefix that made one too long): no request
    const refused = tableNameWhy(TableName)
    if (refused !== undefined) return invalid('TableName', refused)
    const d = await send(new DescribeTableCommand({ TableName }), options)(env)()
    if (E.isLeft(d)) return isNotFound(d.left) ? E.right(none) : d
    const ttl = await send(new DescribeTimeToLiveCommand({ TableName }), options)(env)()
    if (E.isLeft(ttl)) return isNotFound(ttl.left) ? E.right(none) : ttl
    // a missing table is ResourceNotFoundException: an answer without its description is none DynamoDB gives
    const quote = quoting(env, TableName, names)
    const why = describedWhy(d.right, 'Table', quote) ?? describedWhy(ttl.right, 'TimeToLiveDescription', quote)
    if (why !== undefined) return E.left(unreadableAnswer(why))
    return E.right({ _tag: 'Some', value: Describe.fromDescription(d.right.Table as TableDescription, ttl.right.TimeToLiveDescription) })
  }

/**
 * The model's table as DynamoDB describes it: status, keys, indexes with their status, billing
 * and units, time to live, the approximate item count; `none` when the table does not exist.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import * as O from 'fp-ts/Option'
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
 * const info = await Dynamo.describeTable(User)(env)() // Right(none) when there is no such table
 * pipe(info, E.map(O.map((table) => table.status)))   // Right(some('ACTIVE')), …
 * ```
 *
 * @category tables
 */
export const describeTable = (m: Table.TableModel, options: { readonly signal?: AbortSignal | undefined } = {}): Op<O.Option<Table.TableInfo>> =>
  // a model or options cast through `any` (null, a Proxy): a Left, never a throw
  guard((env) => {
    const o = signalOnly(options)
    if (E.isLeft(o)) return Promise.resolve(o)
    const notModel = modelError(m)
    return notModel !== undefined
      ? Promise.resolve(E.left(notModel))
      : describeByName(Env.tableName(env, m.table), withSignal(describing, o.right.signal), namesOf(m))(env)()
  })

type SignalOptions = { readonly signal?: AbortSignal | undefined }

type PlanOptions = Table.DiffOptions & SignalOptions

const planOptionNames = optionNames<PlanOptions>({ ...diffOptionKeys, signal: true })

/** planTable's and syncTable's options, read once (`run/options`' `read`) and checked as `Table.diff` checks its own (`diffValuesWhy`), plus the signal: the plan and the requests see one value of each. */
const planOptions = (given: PlanOptions | undefined): E.Either<DE.DynamoError, PlanOptions> => {
  const o = readOptions(given, planOptionNames)
  if (E.isLeft(o)) return o
  const bad = diffValuesWhy(o.right)
  return bad === undefined ? o : E.left(bad)
}

/** What `Table.diff` takes of planTable's and syncTable's options: all but the signal, which is theirs. */
const diffing = (o: Table.DiffOptions): Table.DiffOptions => ({ deleteIndexes: o.deleteIndexes, rebuildIndexes: o.rebuildIndexes })

const tableOf = (models: Table.TableModel | ReadonlyArray<Table.TableModel>): string | undefined => leading(models)?.table

/** The time-to-live attribute of the table (`models.ttlOf`, as `Table.diff` plans it), for a wait on its change. */
const ttlOf = (models: Table.TableModel | ReadonlyArray<Table.TableModel>): Watch => {
  const ttl: unknown = tableTtl(models)
  return { ttl: typeof ttl === 'string' ? ttl : undefined }
}

/**
 * The steps that would make the models' table match them (`Table.diff` of what `describeTable` reads); a change under way
 * that `syncTable` would wait for first is the plan's `wait` (`TablePlan.wait`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { pipe } from 'fp-ts/function'
 * import * as TE from 'fp-ts/TaskEither'
 * import { Dynamo, Env, Field, Model, TablePlan } from 'dynamongo'
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
 * // what syncTable would do, as a value: DescribeTable and DescribeTimeToLive only
 * const plan = await pipe(Dynamo.planTable(User)(env), TE.map(TablePlan.show))()
 * // Right('table users: 1 step\n  1. create table: …'), or 'table users: up to date'
 * ```
 *
 * @category tables
 */
export function planTable<Ms extends Table.TableModel | ReadonlyArray<Table.TableModel>>(models: Ms & Table.OneTable<Ms>, options?: Table.DiffOptions & { readonly signal?: AbortSignal | undefined }): Op<TablePlan.TablePlan>
/** `planTable` from generic code: the models' tables told by their type parameter's constraint. */
export function planTable<N extends string>(models: Table.OfTable<N> & Table.OneName<N>, options?: Table.DiffOptions & { readonly signal?: AbortSignal | undefined }): Op<TablePlan.TablePlan>
export function planTable(models: Table.TableModel | ReadonlyArray<Table.TableModel>, options: Table.DiffOptions & { readonly signal?: AbortSignal | undefined } = {}): Op<TablePlan.TablePlan> {
  return guard((env) => {
    const o = planOptions(options)
    return E.isLeft(o) ? Promise.resolve(o) : planFor(models, o.right, withSignal(planning, o.right.signal))(env)()
  })
}

/**
 * `planTable`, its request told to `Env.on` as `sending`'s (`planTable`, or the `syncTable` that
 * plans). With `settled`, the table is first waited for (`settle`): a plan is made from what
 * the table is once no change is under way.
 */
const planFor =
  (models: Table.TableModel | ReadonlyArray<Table.TableModel>, options: Table.DiffOptions, sending: SendOptions): Op<TablePlan.TablePlan> =>
  (env) =>
  async () => {
    const r = await planned(models, options, sending)(env)()
    return E.isLeft(r) ? r : E.right(r.right.plan)
  }

/** `planFor`, with what the table was when planned (`info`). */
const planned =
  (
    models: Table.TableModel | ReadonlyArray<Table.TableModel>,
    options: Table.DiffOptions,
    sending: SendOptions,
    settled = false,
  ): Op<{ readonly plan: TablePlan.TablePlan; readonly info: O.Option<Table.TableInfo> }> =>
  (env) =>
  async () => {
    // not models (cast through any): the one rule of models.ts, as createTable answers it
    const notModels = modelsWhy(models)
    if (notModels !== undefined) return invalid(notModels.path, notModels.message)
    const table = tableOf(models)
    if (table === undefined) return E.right({ plan: Table.diff(models, none, diffing(options)), info: none })
    const TableName = Env.tableName(env, table)
    const info = await (settled ? poll(TableName, 'settled', sending, ttlOf(models), namesOf(models)) : describeByName(TableName, sending, namesOf(models)))(env)()
    return E.isLeft(info) ? info : E.right({ plan: Table.diff(models, info.right, diffing(options)), info: info.right })
  }

/** The names the models give (`quoting`'s): their tables', key attributes', indexes' and their attributes', time-to-live attributes'. */
export const namesOf = (models: Table.TableModel | ReadonlyArray<Table.TableModel>): ReadonlySet<string> => {
  const names = new Set<string>()
  if (modelsWhy(models) !== undefined) return names
  for (const m of listOf(models)) {
    const shape = Table.shapeOf(m)
    if (E.isLeft(shape)) continue
    const { table, hashKey, rangeKey, indexes, ttl } = shape.right
    for (const name of [table, hashKey.name, rangeKey?.name, ttl]) if (name !== undefined) names.add(name)
    for (const [name, ix] of Object.entries(indexes)) {
      names.add(name)
      for (const k of [...attributesOf(ix.hashKey), ...attributesOf(ix.rangeKey)]) names.add(k.name)
      if (ix.projection._tag === 'Include') for (const a of ix.projection.attributes) names.add(a)
    }
  }
  return names
}

/**
 * What a wait waits for: the table ACTIVE with its indexes (`active`: after a CreateTable,
 * where DynamoDB may not know the new table at once, so a describe that finds none is waited
 * through; `changed`: after a change to a table that is there, where one that finds none is the
 * table deleted under the wait, and ends it); gone; either (no change under way).
 */
type Until = 'active' | 'changed' | 'gone' | 'settled'

/**
 * What a wait for ACTIVE watches besides the table and its indexes: with `ttl` (the attribute
 * the models name, or `undefined`), also that the time to live is in no change that blocks
 * one they want (`Describe.ttlBlocked`: DynamoDB takes no UpdateTimeToLive until it ends).
 */
type Watch = Describe.TtlWatch | undefined

/** Whether a wait ends on what the table is: `gone` and `settled` when it is gone; `active` and `settled` when it is there and no wait goes on (`Describe.mustWait`; a status no wait ends is refused before this is asked). */
const reached = (until: Until, info: O.Option<Table.TableInfo>, watch: Watch): boolean =>
  info._tag === 'None' ? until === 'gone' || until === 'settled' : until !== 'gone' && !Describe.mustWait(info.value, watch)

/** Whether the wait was last held by the time to live's change (the table and its indexes may be ACTIVE). */
const heldByTtl = (info: O.Option<Table.TableInfo>, watch: Watch): boolean =>
  watch !== undefined && info._tag === 'Some' && Describe.ttlBlocked(info.value.ttl, watch.ttl)

const waitedFor = (until: Until, ttl: boolean): string =>
  until === 'gone' ? 'to be gone' : `and its indexes to be ACTIVE${ttl ? ' and its time to live change to end' : ''}${until === 'active' || until === 'changed' ? '' : ', or gone'}`

/** What the table was last seen as: its status and its indexes' (`Describe.seen`), and its time to live when that held the wait; or none. */
const lastSeen = (info: O.Option<Table.TableInfo>, ttl: boolean): string =>
  info._tag === 'None' ? 'no such table' : `${Describe.seen(info.value)}${ttl ? `, ${Describe.seenTtl(info.value.ttl)}` : ''}`

/**
 * Wait until the table is `ACTIVE` and so is every index of it (a new global index is
 * `CREATING`, then backfilling, while the table already says `ACTIVE`), or gone (`gone`): at
 * most `env.waitTimeoutMs` (counted on the real clock, and on the Env's as it sleeps), else
 * `TimeoutError` naming the status last seen. No poll starts after that time; a describe after
 * the first still unanswered when it runs out is cut, once each of its two requests had an attempt's `timeoutMs` (a
 * poll started at the limit is not cut as soon as sent): the same `TimeoutError`. An abort of `options.abortSignal` ends it with
 * `AbortError`. A table in a status that no wait ends (`Describe.inTransition` false: ARCHIVED,
 * INACCESSIBLE_ENCRYPTION_CREDENTIALS, …) is `TableNotActive` at once, not retryable. After a
 * change to a table that was there (`changed`), a describe that finds no table is
 * `ResourceNotFoundException` at once, not retryable: the table was deleted under the wait.
 */
export const waitUntil =
  (TableName: string, until: 'active' | 'changed' | 'gone', options: SendOptions = describing, watch?: Watch, names: ReadonlySet<string> = new Set()): Op<void> =>
  (env) =>
  async () => {
    const r = await poll(TableName, until, options, watch, names)(env)()
    return E.isLeft(r) ? r : E.right(undefined)
  }

/**
 * `waitUntil`'s polls (`settled`: the table ACTIVE with its indexes, or gone), giving what the
 * table is when the wait ends. Its errors quote what DynamoDB said of the table by `quoting`
 * (`names`: the models').
 */
const poll =
  (TableName: string, until: Until, options: SendOptions, watch: Watch, names: ReadonlySet<string>): Op<O.Option<Table.TableInfo>> =>
  (env) =>
  async () => {
    const quote = quoting(env, TableName, names)
    const shown = O.map((info: Table.TableInfo) => Describe.quoted(info, quote))
    const t0 = performance.now()
    let slept = 0
    let last: O.Option<Table.TableInfo> | undefined
    for (let poll = 0; ; poll++) {
      // the describes of the wait count in it: one still unanswered when its time runs out is
      // cut, once each of its requests (DescribeTable, DescribeTimeToLive) had an attempt's
      // time (a poll started as the time runs out has its fair chance: its retries are cut).
      // Not the first, the look that tells whether to wait at all: a request as any other
      const left = Math.max(0, env.waitTimeoutMs - Math.max(performance.now() - t0, slept))
      const attempt = enforcedLimit(env.timeoutMs)
      const limit = enforcedLimit(attempt === Infinity ? left : Math.max(left, DESCRIBE_REQUESTS * attempt))
      const cut = poll === 0 || limit === Infinity ? undefined : new WaitLimit(options.abortSignal, limit)
      const r = await describeByName(TableName, cut === undefined ? options : { ...options, abortSignal: cut.signal }, names)(env)()
      cut?.clear()
      if (E.isLeft(r) && cut?.fired === true) {
        const waited = Math.max(performance.now() - t0, slept)
        const seen = last === undefined ? 'not yet seen' : `last seen ${lastSeen(shown(last), heldByTtl(last, watch))}`
        const given = limit > left ? ` (an attempt's timeoutMs for each of its ${DESCRIBE_REQUESTS} requests)` : ''
        const why = `its describe, sent with ${Math.round(left)} ms of waitTimeoutMs (${env.waitTimeoutMs} ms) left, was unanswered after ${Math.round(limit)} ms${given}`
        return E.left(DE.awsError('TimeoutError', `waited ${Math.round(waited)} ms for table ${TableName} ${waitedFor(until, last !== undefined && heldByTtl(last, watch))}, ${seen}; ${why}`, true, undefined))
      }
      if (E.isLeft(r)) return r
      const info = r.right
      last = info
      // a status no wait ends (ARCHIVED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, …): refused now, not after waitTimeoutMs;
      // the names are quoted only for that refusal, not on every poll
      const stuck = until === 'gone' || info._tag === 'None' || Describe.stuckWhy(info.value) === undefined ? undefined : Describe.stuckWhy(info.value, quote(info.value.name), Describe.quoted(info.value, quote))
      if (stuck !== undefined) return E.left(DE.awsError('TableNotActive', stuck, false, undefined))
      // a table changed, then found by no describe, was deleted: no poll brings it back
      if (until === 'changed' && info._tag === 'None') return E.left(DE.awsError('ResourceNotFoundException', `table ${TableName} is gone: it was deleted while the wait for its change to end went on`, false, undefined))
      if (reached(until, info, watch)) return E.right(info)
      const wait = Math.min(1000, 50 * 2 ** Math.min(poll, 5))
      // it stops before a poll that would come after the limit: it says what it waited, and why it stopped
      const waited = Math.max(performance.now() - t0, slept)
      if (waited + wait > env.waitTimeoutMs) {
        const why = `the next poll, ${wait} ms on, would pass waitTimeoutMs (${env.waitTimeoutMs} ms)`
        return E.left(DE.awsError('TimeoutError', `waited ${Math.round(waited)} ms for table ${TableName} ${waitedFor(until, heldByTtl(info, watch))}, last seen ${lastSeen(shown(info), heldByTtl(info, watch))}; ${why}`, true, undefined))
      }
      if (options.abortSignal?.aborted === true) return E.left(abortError(options.abortSignal, false, env.redact))
      await pause(env, wait, options.abortSignal)
      slept += wait
    }
  }

/**
 * The signal of a wait's describe: aborted when `ms` run out (`fired`: the wait's time is out),
 * or when the wait's own signal `outer` aborts (dynamongo's mirror of the caller's, whose
 * reads never throw). `clear` ends both once the describe settled.
 */
class WaitLimit {
  private readonly controller = new AbortController()
  private readonly timer: ReturnType<typeof setTimeout>
  fired = false
  constructor(
    private readonly outer: AbortSignal | undefined,
    ms: number,
  ) {
    if (outer?.aborted === true) this.controller.abort(outer.reason)
    else if (outer !== undefined) onAbort(outer, this)
    this.timer = setTimeout(() => {
      this.fired = true
      this.controller.abort(new DOMException('waitTimeoutMs ran out', 'TimeoutError'))
    }, Math.max(0, ms))
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** The wait's own signal aborted. */
  handleEvent(): void {
    this.controller.abort((this.outer as AbortSignal).reason)
  }

  clear(): void {
    clearTimeout(this.timer)
    if (this.outer !== undefined) offAbort(this.outer, this)
  }
}

const sendRequest =
  (r: TablePlan.Request, sent: SendOptions): Op<unknown> =>
  (env) => {
    switch (r._tag) {
      case 'CreateTable':
        return send(new CreateTableCommand(r.input), sent)(env)
      case 'UpdateTable':
        return send(new UpdateTableCommand(r.input), sent)(env)
      case 'UpdateTimeToLive':
        return send(new UpdateTimeToLiveCommand(r.input), sent)(env)
    }
  }

/**
 * Make the models' table match them: the plan of `planTable`, applied one step at a time,
 * each followed by a wait until the table and every index of it are `ACTIVE` (DynamoDB takes
 * one index change at a time). A table in transition (CREATING, UPDATING, DELETING, an index
 * CREATING, UPDATING, DELETING or backfilling: the plan's `wait`) is first waited for, within
 * `waitTimeoutMs`, and planned from what it then is (a table DELETING is gone, and created), as is a time to live ENABLING or DISABLING
 * where the models want it otherwise; a table in any other status that is not
 * ACTIVE (ARCHIVED, …) is refused at once (`TableNotActive`). A plan with an `Unfixable` step is refused whole before any
 * request (`SchemaError` naming every such step). Gives the plan applied. A step refused
 * because another process changes the table at the same time (two deployments syncing at once:
 * the table made, an index deleted since this one looked: `ResourceInUseException`, or
 * `ResourceNotFoundException` for a step on what was there when planned) is no
 * failure: the table is waited for and planned again, and that plan applied (up to 3 times);
 * the plan given holds the steps this call applied (`EnableTtl` alone, say, or none: the other
 * did all). A failure once a step was applied is an `AwsError` with `outcome: 'unknown'` whose
 * message names the steps applied (a step is a write: one whose answer was lost says so too).
 *
 * Moving time to live to another attribute is two steps (DisableTtl, then EnableTtl once the
 * status reads DISABLED). AWS documents that a table takes no further time-to-live change for
 * up to an hour after one, whatever its status says: there the second step may fail (a
 * `ValidationException`) or outwait `waitTimeoutMs`, leaving time to live off until a later
 * `syncTable` turns it on.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Dynamo, Env, Field, Model, TablePlan } from 'dynamongo'
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
 * // create the table, or change it to fit the models (indexes, billing, time to live), waiting for each step
 * const applied = await Dynamo.syncTable(User)(env)() // Right(the plan applied)
 * pipe(applied, E.map(TablePlan.isEmpty)) // Right(true) when the table already fitted
 * ```
 *
 * @category tables
 */
export function syncTable<Ms extends Table.TableModel | ReadonlyArray<Table.TableModel>>(models: Ms & Table.OneTable<Ms>, options?: Table.DiffOptions & { readonly signal?: AbortSignal | undefined }): Op<TablePlan.TablePlan>
/** `syncTable` from generic code: the models' tables told by their type parameter's constraint. */
export function syncTable<N extends string>(models: Table.OfTable<N> & Table.OneName<N>, options?: Table.DiffOptions & { readonly signal?: AbortSignal | undefined }): Op<TablePlan.TablePlan>
export function syncTable(models: Table.TableModel | ReadonlyArray<Table.TableModel>, options: Table.DiffOptions & { readonly signal?: AbortSignal | undefined } = {}): Op<TablePlan.TablePlan> {
  return guard(async (env) => {
    const o = planOptions(options)
    if (E.isLeft(o)) return o
    return syncWith(models, o.right, withSignal(syncing, o.right.signal), REPLANS)(env)()
  })
}

/**
 * `syncTable` with its options read. A step DynamoDB refuses because the table or its index is
 * in another change (`ResourceInUseException`: another process syncing at once made the table
 * between this one's describe and its `CreateTable`, or deletes or changes it meanwhile; a
 * `CreateTable` of this one whose answer was lost and whose retry found the table) is no
 * failure of the sync: the table is waited for and planned anew, and that plan applied, at
 * most `replans` times. Gives the steps applied (`applied`, those before) and the last plan's
 * other fields.
 */
const syncWith =
  (models: Table.TableModel | ReadonlyArray<Table.TableModel>, options: Table.DiffOptions, sent: SendOptions, replans: number, applied: ReadonlyArray<TablePlan.Step> = []): Op<TablePlan.TablePlan> =>
  (env) =>
  async () => {
    const names = namesOf(models)
    // a table in transition (Describe.mustWait) is waited for, then planned
    const made = await planned(models, options, sent, true)(env)()
    // planned again after steps applied (a step refused as in use): a failure says they were
    if (E.isLeft(made)) return applied.length === 0 ? made : E.left(changedThen(`table ${Env.tableName(env, tableOf(models) ?? '')}: ${appliedSteps(applied)}`, 'the wait to plan it again', made.left))
    const plan = made.right.plan
    const TableName = Env.tableName(env, plan.table)
    const bad = TablePlan.unfixable(plan)
    if (bad.length > 0) return E.left(DE.schemaError(`table ${plan.table} cannot be made to match its models: ${unfixableSaid(env, TableName, names, models, options, made.right.info)}`))
    const done: TablePlan.Step[] = [...applied]
    // once a step was applied, what fails after says so (the waits and plans are reads, the steps writes)
    const failed = (then: string, error: DE.DynamoError): E.Either<DE.DynamoError, never> =>
      E.left(done.length === 0 ? error : changedThen(`table ${TableName}: ${appliedSteps(done)}`, then, error))
    for (const step of plan.steps) {
      const req = TablePlan.request(TableName, step)
      if (E.isLeft(req)) return failed(`its next step (${step._tag})`, req.left)
      const sentStep = await sendRequest(req.right, { ...sent, ...stepping })(env)()
      // another change under way: this step was not applied, the ones before were
      if (E.isLeft(sentStep) && replans > 0 && (isInUse(sentStep.left) || isGone(step, sentStep.left))) return syncWith(models, options, sent, replans - 1, done)(env)()
      if (E.isLeft(sentStep)) return failed(`its next step (${step._tag})`, sentStep.left)
      done.push(step)
      // a time-to-live change is waited for too when a step after it changes it again (DisableTtl, then EnableTtl)
      // after a CreateTable a describe may not find the new table yet; after any other step, the table was there
      const waited = await waitUntil(TableName, step._tag === 'CreateTable' ? 'active' : 'changed', sent, ttlOf(models), names)(env)()
      if (E.isLeft(waited)) return failed(`the wait for it to be ACTIVE after ${step._tag}`, waited.left)
    }
    return E.right({ ...plan, steps: done })
  }

/**
 * The reasons of a plan's `Unfixable` steps as an error's message says them: those of the plan
 * made of what the table was as `quoting` quotes it (told of the same table, `quoting` keeping
 * distinct texts apart: the same steps, only the texts the answer gave cleaned).
 */
const unfixableSaid = (
  env: Env.Env,
  TableName: string,
  names: ReadonlySet<string>,
  models: Table.TableModel | ReadonlyArray<Table.TableModel>,
  options: Table.DiffOptions,
  info: O.Option<Table.TableInfo>,
): string => {
  const quote = quoting(env, TableName, names)
  return TablePlan.unfixable(Table.diff(models, O.map((i: Table.TableInfo) => Describe.quoted(i, quote))(info), diffing(options)))
    .map((s) => s.reason)
    .join('; ')
}

/** The steps a `syncTable` applied, named by their tags: `2 steps applied (CreateTable, EnableTtl)`. */
const appliedSteps = (done: ReadonlyArray<TablePlan.Step>): string =>
  `${count(done.length, 'step')} applied (${done.map((s) => s._tag).join(', ')})`

/** How many times `syncTable` plans again after a step refused because the table was in another change. */
const REPLANS = 3

const isInUse = (e: DE.DynamoError): boolean => e._tag === 'AwsError' && e.name === 'ResourceInUseException'

/**
 * A step on a table that was there when planned, refused because what it changes is gone
 * (`ResourceNotFoundException`: another process deleted the index, or the table, after this one
 * looked): planned again from what the table now is, as a step refused as in use.
 */
const isGone = (step: TablePlan.Step, e: DE.DynamoError): boolean =>
  step._tag !== 'CreateTable' && e._tag === 'AwsError' && e.name === 'ResourceNotFoundException'

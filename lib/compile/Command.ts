/**
 * Pure command builders: SDK `*CommandInput` values from models, parsed strategies,
 * conditions and updates, testable without a network. `Dynamo` sends them; nothing here
 * does I/O. Table names are given resolved (with the `Env`'s prefix).
 *
 * What each request means is decided here, once: the condition `overwrite` adds to a put,
 * the existence check that keeps an update from creating an item, the
 * `attribute_not_exists(hashKey) OR (checks)` of a delete with checks, and which item
 * comes back (`ReturnValues`, `ReturnValuesOnConditionCheckFailure`). Each single-item
 * operation of `Dynamo` is one function here, from (model, table, parsed strategy,
 * options, now), so a transaction entry can be the same input as its single request.
 *
 * Time to live: on a model with `ttl`, an item whose time has passed at `now` (the clock
 * `Dynamo` reads once per operation, the last parameter of every builder) is absent. "No item
 * has the key" is `attribute_not_exists(hashKey) OR ttl <= :now` (`absentCondition`), "an
 * item has it" is `attribute_exists(hashKey) AND NOT (ttl <= :now)` (`existsCondition`),
 * and every condition above is built from these two; a read's filter leaves expired items
 * out (`livePlan`), and an item read by key is checked against `now` (`run/op`'s `expired`, on `lifecycle.expiredBy`). A model
 * without `ttl` builds the requests it always did.
 *
 * Entities (DESIGN §5.4): on a model with an `entity`, an item at the key that is another
 * entity's (or has no `_et`) is never written, deleted nor taken as the model's: an update
 * requires `_et = :entity` (so a foreign item is `NotFound`, as no item), a delete is
 * conditioned on no item or `_et = :entity` (a foreign item stays, and is none), a condition
 * check takes a foreign item as no item. Saves keep their meaning: `overwrite: false` fails on
 * any item at the key, `overwrite: true` replaces it; a save's condition (`overwrite:
 * condition`, a version) holds only on the model's own item (`_et = :entity AND …`), so a
 * conditional save never replaces a foreign item.
 *
 * Nothing here throws. What is no model (`isModel`: null, a forged model, one changed after
 * `Model.make`) is a `ValidationError` at `model` from every builder that answers an `Either`;
 * the condition builders (`absentCondition`, `existsCondition`, …) answer it with a condition
 * that every interpreter (`Expression`, `Evaluate`, `Strategy`, `Plan`) refuses with an
 * `ExpressionError` quoting that error, `isExpired` with `false`. What throws while an input is read (a getter, a Proxy) is the `ValidationError`
 * quoting it.
 *
 * @since 0.1.0
 * @category Compiling
 * @module
 */
import type {
  AttributeValue,
  CreateTableCommandInput,
  DeleteItemCommandInput,
  GetItemCommandInput,
  PutItemCommandInput,
  QueryCommandInput,
  ScanCommandInput,
  UpdateItemCommandInput,
  UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { refusalOf, refusedBy, snapshot, updateWhy } from '../rules/ast.js'
import * as Entity from '../plan/Entity.js'
import * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import { refuse } from '../model/refuse.js'
import { modelError, withModel } from '../model/isModel.js'
import * as Expression from './Expression.js'
import * as KeyUpdate from './KeyUpdate.js'
import type * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import * as Stored from '../model/stored.js'
import { expiredBy, versionCeiling, versionIssue } from '../model/lifecycle.js'
import * as P from '../ast/Path.js'
import * as D from '../codec/decimal.js'
import type * as Plan from '../plan/Plan.js'
import type * as S from '../model/Strategy.js'
import * as U from '../ast/Update.js'
import type { SetValue, Update } from '../ast/Update.js'
import * as Table from '../table/Table.js'
import * as TablePlan from '../table/TablePlan.js'
import { perObject } from '../internal/memo.js'
import { hasOwn } from '../internal/own.js'
import { catching, threw } from '../internal/threw.js'
import { count } from '../internal/show.js'
import { placed, toAttributeValue } from '../codec/value.js'
import { updateTooLarge } from './updateSize.js'
import * as Guard from './updateGuard.js'
import { holdsOnNoItem } from './noItem.js'
import { elementsOf, pathsEqual } from '../ast/nodes.js'
import { timeOf } from '../internal/date.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item in DynamoDB's wire form: attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type AttributeMap = Record<string, AttributeValue>

type AnyModel = M.Any

/**
 * `saveOne`/`saveMany`'s `overwrite`: replace unconditionally, never, or when the condition holds.
 *
 * @category model
 */
export type Overwrite = boolean | C.Condition

/**
 * The request parts of a `Query` or `Scan` besides its plan: order, page size, start key,
 * projection, consistent read, segment, count and consumed capacity.
 *
 * @category model
 */
export interface ReadOptions {
  /** `ScanIndexForward: false` (queries only). */
  readonly descending?: boolean
  /** The most items one page request evaluates (DynamoDB's `Limit`). */
  readonly pageSize?: number
  /** `ExclusiveStartKey`. */
  readonly startKey?: AttributeMap
  /** Top-level attributes to read (`ProjectionExpression`). */
  readonly projection?: ReadonlyArray<string>
  readonly consistentRead?: boolean
  /** One segment of a parallel Scan (`Segment`, `TotalSegments`). */
  readonly segment?: { readonly index: number; readonly total: number }
  /** `Select: 'COUNT'`: the number of matching items, none of the items. */
  readonly count?: boolean
  /** `ReturnConsumedCapacity: 'TOTAL'` (to pace reads by the capacity they consume). */
  readonly consumedCapacity?: boolean
  /**
   * `Select: 'ALL_ATTRIBUTES'`: a read of a local index that does not project every attribute
   * gives whole items (DynamoDB fetches the rest from the table).
   */
  readonly allAttributes?: boolean
  /**
   * The part of the plan's filter the read's condition gave, without the checks dynamongo
   * adds (the entity, the time to live): an over-long filter says how many operators each
   * has (`Expression.RequestParts.given`).
   */
  readonly given?: C.Condition
  /**
   * The model's field codecs (`Expression.RequestParts.fields`): a filter's path built by
   * `Attr.path` to a modelled field is checked as its handle's would be (`contains`,
   * `begins_with` and order against the stored type), and another model's handle is refused.
   */
  readonly fields?: Expression.Fields
  /**
   * The caller evaluates a `Query` plan's `check` on the items read (a Query cannot carry it:
   * DynamoDB refuses a key attribute in its filter); without it, `query` refuses such a plan.
   */
  readonly checked?: boolean
}

// -------------------------------------------------------------------------------------
// conditions of writes
// -------------------------------------------------------------------------------------

/**
 * A builder of a condition below, given `m`: `build()` when `m` is a model, else `refusedBy` of
 * `withModel`'s error (rules/ast): that of no model (`modelError`: null, a forged model, one
 * changed after `Model.make`), or the `ValidationError` quoting what a part of it threw when
 * read (a getter, a Proxy), a node that every interpreter refuses, quoting that error, so that
 * nothing built of it is sent. The operations ask `modelError` first: they never build one.
 */
const modelCondition = <R extends C.Condition | undefined>(m: unknown, build: () => R): R => {
  const c = withModel(m, () => E.right(build()))
  return E.isLeft(c) ? (refusedBy(c.left) as unknown as R) : c.right
}

/** The hash key attribute's handle (a composed key is no field: a handle on its attribute). */
const hashHandle = (m: AnyModel): A.Attr<unknown> => (m.attrs[m.hashKey as never] as A.Attr<unknown> | undefined) ?? A.path(m.hashKey)

/**
 * The condition an expired item meets at `now`: `ttl <= :now` (its time, in whole seconds, is
 * now or past); `undefined` for a model without `ttl`. An item without the attribute, or whose
 * attribute is no number, never expires (DynamoDB's time to live ignores it): the comparison
 * is false on it.
 *
 * @category constructors
 */
export const expiredCondition = (m: AnyModel, now: Date): C.Condition | undefined =>
  modelCondition(m, () => (m.ttl === undefined ? undefined : C.lte(m.attrs[m.ttl as never] as A.Attr<unknown>, now)))

/**
 * The condition an item that has not expired meets at `now`: `NOT (ttl <= :now)`, exactly the items `expiredCondition` leaves out.
 *
 * @category constructors
 */
export const liveCondition = (m: AnyModel, now: Date): C.Condition | undefined => {
  const expired = expiredCondition(m, now)
  // what is no model: expiredCondition's refusal as it is (not its Not, which the planner would plan)
  return expired === undefined || refusalOf(expired) !== undefined ? expired : C.not(expired)
}

/** The handle of a top-level field of the model (its version, its timestamps). */
const fieldHandle = (m: AnyModel, name: string): A.Attr<unknown> => m.attrs[name as never] as A.Attr<unknown>

/** A versioned model's saves take no `overwrite`: the version is the condition. */
const noOverwrite = (m: AnyModel): E.Either<DE.DynamoError, never> =>
  E.left(DE.validationError([{ path: 'overwrite', message: `${m.table} is versioned: its saves take no overwrite (the version is the condition)` }]))

/**
 * The condition of a put, with the version rule of a versioned model (DESIGN §5.3): the
 * stored item's version (`stamp` set it) is 1 for a create, which must find no item
 * (`saveCondition(m, false, now)`: none, or an expired one), and `n + 1` for a save of
 * version `n`, which writes only over version `n` (and, with `ttl`, not over an expired item):
 * a stale save never re-creates a deleted item; with an entity, only over the model's own item
 * (`_et = :entity`: a foreign item's attribute of that name is no version of it). A versioned
 * model's saves take no `overwrite` (the version is the condition). Other models: `saveCondition`.
 *
 * @category constructors
 */
export const putCondition = (m: AnyModel, stored: AttributeMap, overwrite: Overwrite | undefined, now: Date): E.Either<DE.DynamoError, C.Condition | undefined> =>
  withModel(m, () => {
    if (m.version === undefined) return E.right(saveCondition(m, overwrite, now))
    if (overwrite !== undefined) return noOverwrite(m)
    const n = stored[m.version]?.N
    if (n === undefined || Number(n) === 1) return E.right(saveCondition(m, false, now))
    const same = Entity.and(m, C.eq(fieldHandle(m, m.version), Number(n) - 1)) as C.Condition
    const live = liveCondition(m, now)
    return E.right(live === undefined ? same : C.and(same, live))
  })

/**
 * Whether `saveMany`'s puts can go in `BatchWriteItem` chunks: only unconditional ones can
 * (not those of `overwrite: false` or a condition, nor a versioned model's). A versioned
 * model's saves taking an `overwrite` is a `ValidationError`.
 *
 * @category utils
 */
export const batchable = (m: AnyModel, overwrite: Overwrite | undefined): E.Either<DE.DynamoError, boolean> =>
  withModel(m, () => {
    if (m.version !== undefined) return overwrite === undefined ? E.right(false) : noOverwrite(m)
    return E.right(overwrite === undefined || overwrite === true)
  })

/**
 * A shallow copy of an item, what `{ ...item }` gives (its own enumerable properties, in
 * order), built key by key: V8 gives a spread's copy a shape that turns slow once a key is
 * added (the version, a timestamp), for the copy and for every read of it after (kept for the
 * versioned saveOne target of `bench/ab.ts`). An own `__proto__` or a symbol key: the spread, which
 * keeps each an own property.
 */
const copyOf = (item: Record<string, unknown>): Record<string, unknown> => {
  if (hasOwn(item, '__proto__') || Object.getOwnPropertySymbols(item).length > 0) return { ...item }
  const out: Record<string, unknown> = {}
  const keys = Object.keys(item)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    out[k] = item[k]
  }
  return out
}

/**
 * A put's item with the lifecycle rules of its model applied (DESIGN §5.3): the version `n`
 * becomes `n + 1` (none: 1, a create), `updatedAt` is `now`, and `createdAt` is `now` unless
 * the item carries one (each a new Date of `now`'s time, never `now` itself). A version that is not a whole number from 1 is a `ValidationError`.
 * Items of models without version nor timestamps are returned as they are.
 *
 * @category utils
 */
export const stamp = <I>(m: M.Model<I, any, any, any>, item: I, now: Date): E.Either<DE.DynamoError, I> =>
  withModel(m, () => {
    if ((m.version === undefined && m.timestamps === undefined) || typeof item !== 'object' || item === null) return E.right(item)
    const out = copyOf(item as Record<string, unknown>)
    if (m.version !== undefined) {
      const v = out[m.version]
      // absent: a create; `null` is no version (versionIssue, as an update's or a delete's strategy reads it)
      if (v === undefined) out[m.version] = 1
      else {
        const issue = versionIssue(m, v, 'save')
        if (issue !== undefined) return E.left(DE.validationError([issue]))
        out[m.version] = (v as number) + 1
      }
    }
    if (m.timestamps !== undefined) {
      // a Date of its own for each field of each item: a Date is mutable, and the saved items
      // go back to the caller (a change to one item's createdAt must not change its updatedAt,
      // nor another item's of the same saveMany)
      // (no Date given as `now`: given as it is, for the codec to refuse)
      const t = timeOf(now)
      out[m.timestamps.updatedAt] = t === undefined ? now : new Date(t)
      if (out[m.timestamps.createdAt] === undefined) out[m.timestamps.createdAt] = t === undefined ? now : new Date(t)
    }
    return E.right(out as I)
  })

/**
 * The actions of an update with the lifecycle rules of its model added (DESIGN §5.3):
 * `version = if_not_exists(version, 0) + 1`, `updatedAt = now` and
 * `createdAt = if_not_exists(createdAt, now)`, after the update's own. An action of the update
 * on the version is an `ExpressionError` (a version in the strategy is the check); one on a
 * timestamp replaces that timestamp's rule. Updates of other models are returned as they are.
 *
 * @category utils
 */
export const updatesOf = (m: AnyModel, updates: Update, now: Date): E.Either<DE.DynamoError, Update> =>
  withModel(m, () => {
    if (m.version === undefined && m.timestamps === undefined) return E.right(updates)
    const touched = new Set<string>()
    for (const u of updates) touched.add(elementsOf(u.path)[0] as string)
    if (m.version !== undefined && touched.has(m.version)) {
      return refuse(m, `every update writes its version itself (${m.version} = if_not_exists(${m.version}, 0) + 1): give the version read in the strategy, as a check`)
    }
    const out: U.Action[] = [...updates]
    if (m.version !== undefined) out.push(U.increment(fieldHandle(m, m.version) as A.Attr<number>, 1))
    if (m.timestamps !== undefined) {
      if (!touched.has(m.timestamps.updatedAt)) out.push(U.set(fieldHandle(m, m.timestamps.updatedAt), now))
      if (!touched.has(m.timestamps.createdAt)) out.push(U.setIfNotExists(fieldHandle(m, m.timestamps.createdAt), now))
    }
    return E.right(out)
  })


/**
 * Whether the stored item has expired at `now`, a predicate: what `expiredCondition` says of it
 * (the same comparison `Evaluate` makes, `lifecycle.expiredBy`), without compiling a condition;
 * `false` on a model without `ttl`. A model made by `Model.make` is read without a throw; what is
 * no model, or one whose parts throw when read (a getter, a Proxy), answers `false`: no time to
 * live is known by which the item expired. The operations do not read an item by this predicate:
 * their reads answer such a model with the `ValidationError` quoting the throw (`run/op.expired`,
 * on the same `lifecycle.expiredBy`), never the item as live.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Command, Field, Model } from 'dynamongo'
 *
 * const Session = Model.make({ table: 'sessions', hashKey: 'id', ttl: 'expiresAt', codec: t.type({ id: t.string, expiresAt: Field.epochSeconds }) })
 * Command.isExpired(Session, { id: { S: 's' }, expiresAt: { N: '1000' } }, new Date(2_000_000)) // => true
 * ```
 *
 * @category utils
 */
export const isExpired = (m: AnyModel, item: AttributeMap, now: Date): boolean => {
  if (modelError(m) !== undefined) return false
  try {
    return expiredBy(m.ttl, item, now)
  } catch {
    // a model, an item or a clock whose reading throws (a getter, a Proxy): no time to live is known
    return false
  }
}

/**
 * No item has the key, or the one that has it expired at `now`: `attribute_not_exists(hashKey)`, `OR ttl <= :now` with `ttl`.
 *
 * @category constructors
 */
export const absentCondition = (m: AnyModel, now: Date): C.Condition => modelCondition(m, () => absentOr(m, now, undefined))

/** `absentCondition`, OR-ed with `check` (one flat OR). */
const absentOr = (m: AnyModel, now: Date, check: C.Condition | undefined): C.Condition => {
  const expired = expiredCondition(m, now)
  const notExists = notExistsOf(m).condition
  if (expired === undefined) return check === undefined ? notExists : C.or(notExists, check)
  return check === undefined ? C.or(notExists, expired) : C.or(notExists, expired, check)
}

/**
 * `attribute_not_exists(hashKey)`, made once per model, and its expressions, compiled once: on
 * a model without `ttl` it is the whole condition of a create (`absentCondition`), which
 * `putItem` then does not compile again for every save.
 */
const notExistsOf = perObject((m: AnyModel) => {
  const condition = C.notExists(hashHandle(m))
  return { condition, compiled: Expression.request({ condition, fields: m.fields }) }
})

/**
 * The condition of a save: none for `overwrite: true`, `absentCondition` for `false`
 * (`attribute_not_exists(hashKey)`), and `absentCondition OR (condition)` for a condition
 * (write when no item has the key, or when the existing one satisfies the condition); with
 * an entity, `absentCondition OR (_et = :entity AND (condition))`: the existing item must be
 * the model's own (a foreign item is never tested as the model's, nor replaced by a
 * conditional save).
 *
 * @category constructors
 */
export const saveCondition = (m: AnyModel, overwrite: Overwrite | undefined, now: Date): C.Condition | undefined =>
  overwrite === undefined || overwrite === true ? undefined : modelCondition(m, () => absentOr(m, now, overwrite === false ? undefined : Entity.and(m, overwrite)))

/**
 * An item of the model has the key and has not expired at `now` (`attribute_exists(hashKey)`,
 * `AND _et = :entity` with an entity, `AND NOT (ttl <= :now)` with `ttl`), AND-ed with
 * `check`: an update that never creates an item, nor touches another entity's.
 *
 * @category constructors
 */
export const existsCondition = (m: AnyModel, check: C.Condition | undefined, now: Date): C.Condition => modelCondition(m, () => {
  const parts = [C.exists(hashHandle(m))]
  const own = Entity.condition(m)
  if (own !== undefined) parts.push(own)
  const live = liveCondition(m, now)
  if (live !== undefined) parts.push(live)
  if (check !== undefined) parts.push(check)
  return parts.length === 1 ? (parts[0] as C.Condition) : C.and(...parts)
})

/**
 * The condition of a delete with checks: `absentCondition OR (check)`
 * (`attribute_not_exists(hashKey) OR (check)`), so that no item is a delete of nothing
 * (`none`), and an item is deleted only if the checks hold. With an entity,
 * `attribute_not_exists(hashKey) OR (_et = :entity AND (checks))` (with `ttl`, `(ttl <= :now
 * OR (checks))`): another entity's item is never deleted.
 *
 * @category constructors
 */
export const deleteCondition = (m: AnyModel, check: C.Condition, now: Date): C.Condition =>
  modelCondition(m, () => {
    const own = Entity.condition(m)
    if (own === undefined) return absentOr(m, now, check)
    const expired = expiredCondition(m, now)
    return C.or(C.notExists(hashHandle(m)), C.and(own, expired === undefined ? check : C.or(expired, check)))
  })

/**
 * The condition of a delete by key alone: none on a model without an entity; on one with an
 * entity, `attribute_not_exists(hashKey) OR _et = :entity`, so that another entity's item (or
 * a foreign item without `_et`) is never deleted: the condition fails, and `Dynamo` reads the
 * foreign item that comes back as none.
 */
const deleteKeyCondition = (m: AnyModel): C.Condition | undefined => {
  const own = Entity.condition(m)
  return own === undefined ? undefined : C.or(C.notExists(hashHandle(m)), own)
}

/**
 * The condition of a condition check (`Transaction.check`): a bare key requires the item
 * (`existsCondition`); checks are the condition as written. With `ttl`, an expired item is
 * taken as no item: the checks then hold exactly when they hold on no item
 * (`ttl <= :now OR (checks)` when they do, `NOT (ttl <= :now) AND (checks)` when not). With an
 * entity, another entity's item is taken as no item the same way (`NOT _et = :entity OR …`,
 * `_et = :entity AND …`).
 *
 * @category constructors
 */
export const checkCondition = (m: AnyModel, check: C.Condition | undefined, now: Date): C.Condition => modelCondition(m, () => {
  if (check === undefined) return existsCondition(m, undefined, now)
  const own = Entity.condition(m)
  const expired = expiredCondition(m, now)
  if (own === undefined && expired === undefined) return check
  if (holdsOnNoItem(check)) {
    const gone: C.Condition[] = own === undefined ? [] : [C.not(own)]
    if (expired !== undefined) gone.push(expired)
    return C.or(...gone, check)
  }
  const present: C.Condition[] = own === undefined ? [] : [own]
  if (expired !== undefined) present.push(C.not(expired))
  return C.and(...present, check)
})

/**
 * `checkCondition` of `deleteMany`'s conditional deletes, whose condition already holds the
 * entity condition (`Entity.and`): only an expired item is taken as no item.
 */
const liveCheckCondition = (m: AnyModel, check: C.Condition, now: Date): C.Condition => {
  const expired = expiredCondition(m, now)
  if (expired === undefined) return check
  return holdsOnNoItem(check) ? C.or(expired, check) : C.and(C.not(expired), check)
}

// -------------------------------------------------------------------------------------
// items
// -------------------------------------------------------------------------------------

/** A top-level attribute as a path (`P.of(name)` without its rest parameters). */
const topPath = (name: string): P.Path => ({ _tag: 'Path', elements: [name] })

const projectionPaths = (names: ReadonlyArray<string>): ReadonlyArray<P.Path> => {
  const out: P.Path[] = new Array(names.length)
  for (let i = 0; i < names.length; i++) out[i] = topPath(names[i] as string)
  return out
}

/** The compiled expressions, copied into an SDK input (in place, property by property: faster than a spread or `Object.assign`; kept for W3 query, near its target without it). */
const withExpressions = <I extends object>(input: I, x: Expression.RequestExpressions): I => {
  const o = input as { -readonly [K in keyof Expression.RequestExpressions]: Expression.RequestExpressions[K] }
  if (x.KeyConditionExpression !== undefined) o.KeyConditionExpression = x.KeyConditionExpression
  if (x.FilterExpression !== undefined) o.FilterExpression = x.FilterExpression
  if (x.ConditionExpression !== undefined) o.ConditionExpression = x.ConditionExpression
  if (x.ProjectionExpression !== undefined) o.ProjectionExpression = x.ProjectionExpression
  if (x.UpdateExpression !== undefined) o.UpdateExpression = x.UpdateExpression
  if (x.ExpressionAttributeNames !== undefined) o.ExpressionAttributeNames = x.ExpressionAttributeNames
  if (x.ExpressionAttributeValues !== undefined) o.ExpressionAttributeValues = x.ExpressionAttributeValues
  return input
}

/**
 * The `PutItem` of `saveOne` (and of each conditional write of `saveMany`): the stored item
 * (`stamp`ed, then encoded), with the condition `overwrite` means (`saveCondition`), or on a
 * versioned model the version's (`putCondition`; a failed check returns the stored item).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Item, Model } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 * // saveOne(Users, item, { overwrite: false }): only where no item has this key
 * const input = pipe(
 *   Item.encode(Users.codec, { email: 'a@b.c', name: 'Ann' }),
 *   E.chain((item) => Command.putItem(Users, 'users', item, false, new Date())),
 * )
 * pipe(input, E.map((i) => i.ConditionExpression)) // => E.right('attribute_not_exists(#n0)')
 * ```
 *
 * @category compilers
 */
export const putItem = (m: AnyModel, table: string, item: AttributeMap, overwrite: Overwrite | undefined, now: Date): E.Either<DE.DynamoError, PutItemCommandInput> =>
  withModel(m, () => {
    const c = putCondition(m, item, overwrite, now)
    if (E.isLeft(c)) return c
    const condition = c.right
    if (condition === undefined) return E.right({ TableName: table, Item: item })
    const created = notExistsOf(m)
    const x = condition === created.condition ? created.compiled : Expression.request(typeof overwrite === 'object' ? { condition, fields: m.fields, given: overwrite } : { condition, fields: m.fields })
    if (E.isLeft(x)) return x
    const input = withExpressions<PutItemCommandInput>({ TableName: table, Item: item }, x.right)
    // the compiled names of a create are shared by every save of the model: each input gets its own map
    if (x === created.compiled && input.ExpressionAttributeNames !== undefined) input.ExpressionAttributeNames = { ...input.ExpressionAttributeNames }
    // a refused save says what is stored (a stale save of a versioned model; a retry that may have met its own write: run/send's ownWriteMarked)
    input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
    return E.right(input)
  })

/**
 * The `PutItem` of `load` on a versioned model: a restore, not a save (DESIGN §5.6). The item
 * is written as it was dumped (its version and timestamps kept), where it replaces nothing
 * newer: no item has the key (or the one there expired at `now`), or the stored item has no
 * version, or a version at most the line's: `attribute_not_exists(hashKey) [OR ttl <= :now]
 * OR attribute_not_exists(version) OR version <= :n`. Equal versions write, so a load can be
 * run again (after a partial failure) and writes the same items again. A line without a
 * version replaces only an item without one. A refusal returns the stored item.
 *
 * @category compilers
 */
export const restoreItem = (m: AnyModel, table: string, item: AttributeMap, now: Date): E.Either<DE.DynamoError, PutItemCommandInput> =>
  withModel(m, () => {
    if (m.version === undefined) return E.right({ TableName: table, Item: item })
    const version = fieldHandle(m, m.version)
    const n = item[m.version]?.N
    const expired = expiredCondition(m, now)
    const x = Expression.request({
      fields: m.fields,
      condition: C.or(
        C.notExists(hashHandle(m)),
        ...(expired === undefined ? [] : [expired]),
        C.notExists(version),
        ...(n === undefined ? [] : [C.lte(version, Number(n))]),
      ),
    })
    if (E.isLeft(x)) return x
    const input = withExpressions<PutItemCommandInput>({ TableName: table, Item: item }, x.right)
    input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
    return E.right(input)
  })

/**
 * The `GetItem` of `getOne` and of a `GetItem` plan: the strategy's (or the plan's) key. A
 * `GetItem` takes no condition: the checks are evaluated on the item it returns (`Evaluate`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Model, Strategy } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 * // the SDK's input, as getOne sends it (the table name as sent: Env.tableName)
 * pipe(Strategy.parse(Users, 'a@b.c'), E.chain((s) => Command.getItem('users', s, { consistentRead: true })))
 * // => E.right({ TableName: 'users', Key: { email: { S: 'a@b.c' } }, ConsistentRead: true })
 * ```
 *
 * @category compilers
 */
export const getItem = (
  table: string,
  s: Pick<S.Strategy, 'key'>,
  options: Pick<ReadOptions, 'projection' | 'consistentRead'> = {},
): E.Either<DE.DynamoError, GetItemCommandInput> =>
  catching(() => {
    const input: GetItemCommandInput = { TableName: table, Key: s.key }
    if (options.consistentRead) input.ConsistentRead = true
    if (options.projection === undefined) return E.right(input)
    const x = Expression.request({ projection: projectionPaths(options.projection) })
    return E.isLeft(x) ? x : E.right(withExpressions(input, x.right))
  })

/**
 * A `DeleteItem` of `key`, returning the old item when `old` (a delete that reads it); with a
 * condition (holding the strategy's checks, `given`), the item as it is when the condition fails.
 * The condition is compiled with the model's fields (`Expression.RequestParts.fields`).
 */
const deleteInput = (
  m: AnyModel,
  table: string,
  key: AttributeMap,
  condition: C.Condition | undefined,
  given: C.Condition | undefined,
  old: boolean,
): E.Either<DE.DynamoError, DeleteItemCommandInput> => {
  const input: DeleteItemCommandInput = old ? { TableName: table, Key: key, ReturnValues: 'ALL_OLD' } : { TableName: table, Key: key }
  if (condition === undefined) return E.right(input)
  const x = Expression.request(given === undefined ? { condition, fields: m.fields } : { condition, fields: m.fields, given })
  if (E.isLeft(x)) return x
  withExpressions(input, x.right).ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
  return E.right(input)
}

/**
 * The `DeleteItem` of `deleteOne`, returning the deleted item. With checks, the condition is
 * `deleteCondition`: no item, nothing deleted and no failure; an item is deleted only if
 * the checks hold (else `ConditionalCheckFailed` with the item as it is). An expired item
 * comes back as the old item (deleting it is harmless): `Dynamo` reads it as none (`run/op`'s `expired`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Condition as C, Model, Strategy } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 * const u = Users.attrs
 * // a key condition's checks: the item is deleted only if they hold (no item: nothing to delete)
 * const input = pipe(
 *   Strategy.parseWrite(Users, C.and(C.eq(u.email, 'a@b.c'), C.eq(u.name, 'Ann'))),
 *   E.chain((s) => Command.deleteItem(Users, 'users', s, new Date())),
 * )
 * pipe(input, E.map((i) => i.ConditionExpression)) // => E.right('attribute_not_exists(#n0) OR #n1 = :v0')
 * ```
 *
 * @category compilers
 */
export const deleteItem = (m: AnyModel, table: string, s: S.Strategy, now: Date): E.Either<DE.DynamoError, DeleteItemCommandInput> =>
  withModel(m, () => {
    return deleteInput(m, table, s.key, s._tag === 'Key' ? deleteKeyCondition(m) : deleteCondition(m, s.check, now), s.check, true)
  })

/**
 * A conditional `DeleteItem` of `key`: `key` is deleted only if
 * `condition` holds on its item at that moment (evaluated on no item when there is none, or
 * when it expired: `checkCondition`; failing, `ConditionalCheckFailed`); without a condition,
 * deleted as a `BatchWriteItem`'s `DeleteRequest` deletes it. With an entity, another
 * entity's item (or one without the entity attribute) is never deleted, and is no item of the
 * model: where the condition holds on no item, `attribute_not_exists(hashKey) OR (_et =
 * :entity AND …)` (as `deleteCondition`; `Dynamo` reads the foreign item that comes back as a
 * delete of nothing), else `_et = :entity AND …` (an entity condition the
 * caller AND-ed in, `Entity.and`, is taken once; that condition alone is `_et = :entity`,
 * which no item and a foreign item fail). The deleted item is not asked for. (`deleteMany`
 * sends a plain key alone with no condition here; its checked deletes are `deleteFound`'s.)
 *
 * @category compilers
 */
export const deleteIf = (m: AnyModel, table: string, key: AttributeMap, condition: C.Condition | undefined, now: Date): E.Either<DE.DynamoError, DeleteItemCommandInput> =>
  withModel(m, () => {
    if (condition === undefined) return deleteInput(m, table, key, undefined, undefined, false)
    const check = Entity.given(m, condition)
    // the entity condition alone (a list entry's check that is only the entity's): the
    // entity's item, alive, is deleted; no item or a foreign one fails
    if (check === undefined) return deleteInput(m, table, key, liveCheckCondition(m, condition, now), undefined, false)
    return deleteInput(m, table, key, deleteIfCondition(m, check, now), check, false)
  })

/**
 * The `DeleteItem` of `deleteMany`'s checked deletes, sent one by one (a list entry with a
 * version or checks, an item found by reading its condition: a Query, a Scan, a BatchGetItem
 * with checks), `condition` what the item must meet: deleted as `deleteOne` deletes its key with
 * that condition (`deleteKeyCondition`, `deleteCondition`), one rule for all. No item there
 * (never there, deleted since) is a delete of nothing, no failure; an item
 * changed so that the condition fails is `ConditionalCheckFailed` with the item; with an
 * entity, another entity's item put there is never deleted (the failure carries it:
 * `noItem.foreignItem`, a delete of nothing as `deleteOne`'s none).
 *
 * @category compilers
 */
export const deleteFound = (m: AnyModel, table: string, key: AttributeMap, condition: C.Condition, now: Date): E.Either<DE.DynamoError, DeleteItemCommandInput> =>
  withModel(m, () => {
    const check = Entity.given(m, condition)
    return deleteInput(m, table, key, check === undefined ? deleteKeyCondition(m) : deleteCondition(m, check, now), check, false)
  })

/** The condition of `deleteIf` of `check` (no entity condition in it). */
const deleteIfCondition = (m: AnyModel, check: C.Condition, now: Date): C.Condition => {
  const own = Entity.condition(m)
  if (own === undefined) return liveCheckCondition(m, check, now)
  return holdsOnNoItem(check) ? deleteCondition(m, check, now) : C.and(own, liveCheckCondition(m, check, now))
}


/** An update may not write a key attribute, nor remove a field the codec requires (at any depth: the item would no longer decode). */
const checkUpdate = (m: AnyModel, updates: Update): E.Either<DE.DynamoError, Update> => {
  // an update cast through any: rules/ast says what is wrong with it (the compiler would too)
  const malformed = Array.isArray(updates) && updates.every(isAction) ? undefined : updateWhy(updates)
  if (malformed !== undefined) return E.left(DE.expressionError(malformed))
  const keys = SK.keyNames(m)
  for (const u of updates) {
    const name = elementsOf(u.path)[0] as string
    if (keys.includes(name)) return refuse(m, `an update cannot change the key attribute ${P.show(u.path)}`)
    if (u._tag === 'Remove' && Stored.isRequired(m.codec, m.fields, u.path)) {
      const element = typeof elementsOf(u.path).at(-1) === 'number'
      return E.left(DE.validationError([{ path: P.show(u.path), message: element ? "a tuple's element cannot be removed (the later ones would move down a place)" : 'a required field cannot be removed' }]))
    }
  }
  return E.right(updates)
}

/** The attributes of the model's index keys (once per model). */
const indexKeyNames = perObject((m: AnyModel): ReadonlySet<string> => new Set(SK.indexKeySides(m).flatMap((side) => side.names)))

/**
 * An update that sets an index key attribute to a value DynamoDB refuses as one (an empty
 * string or binary, over the key's bytes, alone or with the other attributes of that key the
 * update sets) is a `ValidationError`: DynamoDB refuses the `UpdateItem` whatever the item.
 * So is a fallback of `if_not_exists` (`U.setIfNotExists`, `U.ifNotExists`) such a value, by
 * itself: DynamoDB refuses the update whenever the item needs it, and a fallback is checked
 * whether or not the item will need it, as the compiler checks it against the field's codec.
 * Only values are known before the call (a value the codec refuses is left to the compiler,
 * which names it); the attributes the item already holds are not.
 */
const checkIndexKeySets = (m: AnyModel, updates: Update): E.Either<DE.DynamoError, Update> => {
  const names = indexKeyNames(m)
  if (names.size === 0) return E.right(updates)
  let set: Record<string, AttributeValue> | undefined
  for (const u of updates) {
    if (u._tag !== 'Set' || elementsOf(u.path).length !== 1) continue
    const name = elementsOf(u.path)[0] as string
    if (!names.has(name)) continue
    if (u.value._tag === 'Value') {
      const av = toAttributeValue(placed(u.value, 'value', m.fields[name]), true, name)
      if (E.isRight(av)) (set ??= Object.create(null) as Record<string, AttributeValue>)[name] = av.right
      continue
    }
    // the fallbacks of if_not_exists, each alone: which one the item needs is not known here
    for (let o: SetValue = u.value; o._tag === 'IfNotExists'; o = o.value) {
      if (o.value._tag !== 'Value') continue
      const av = toAttributeValue(placed(o.value, 'value', m.fields[name]), true, name)
      if (E.isLeft(av)) continue
      const alone: Record<string, AttributeValue> = Object.create(null)
      alone[name] = av.right
      for (const side of SK.indexKeySides(m)) {
        const issue = SK.indexKeySideWhy(side, m.keyTypes, alone)
        if (issue !== undefined) return E.left(DE.validationError([issue]))
      }
    }
  }
  if (set === undefined) return E.right(updates)
  for (const side of SK.indexKeySides(m)) {
    const issue = SK.indexKeySideWhy(side, m.keyTypes, set)
    if (issue !== undefined) return E.left(DE.validationError([issue]))
  }
  return E.right(updates)
}

/** An action whose path the check above can read (the compiler reads the rest). */
const isAction = (u: unknown): boolean =>
  typeof u === 'object' && u !== null && typeof (u as { path?: unknown }).path === 'object' && (u as { path: unknown }).path !== null && Array.isArray((u as { path: { elements?: unknown } }).path.elements)

/**
 * What an update of the item `s` selects means, as ASTs (`updateItem` compiles them,
 * `Evaluate.updateOne` applies them): the update with the composed index keys it implies
 * (`KeyUpdate.implied`) and its model's lifecycle actions (`updatesOf`), under the condition that keeps it from creating an item (`existsCondition`,
 * with the strategy's checks) and what it computes within its fields' bounds (`guards`, AND-ed
 * in: a sum past a `Field.int`'s `max`, a `DELETE` emptying a required set, its size guard where
 * the listed one leaves the condition no room, `fitted`; an action no item makes fit is a
 * `ValidationError`).
 *
 * @category utils
 */
export const updateParts = (
  m: AnyModel,
  s: S.Strategy,
  updates: Update,
  now: Date,
): E.Either<DE.DynamoError, { readonly update: Update; readonly condition: C.Condition; readonly guards: ReadonlyArray<{ readonly condition: C.Condition; readonly why: string }> }> =>
  withModel(m, () => {
    // read once (a getter's or a Proxy's first answer): the value checked is the value sent
    const read = snapshot(updates, 'update expression')
    if (E.isLeft(read)) return read
    const checked = checkUpdate(m, read.right)
    if (E.isLeft(checked)) return checked
    // the composed index keys an update of their fields recomputes or removes (KeyUpdate.ts)
    const implied = KeyUpdate.implied(m, s, checked.right)
    if (E.isLeft(implied)) return implied
    const keys = checkIndexKeySets(m, implied.right)
    if (E.isLeft(keys)) return keys
    // what DynamoDB computes stays within the fields' bounds (updateGuard.ts)
    const guards = Guard.guardsOf(m, implied.right)
    if (E.isLeft(guards)) return guards
    const all = updatesOf(m, implied.right, now)
    if (E.isLeft(all)) return all
    // (a guard the strategy's check already holds is that check's: not repeated, nor named)
    const added = fitted(m, s, all.right, guards.right.filter((g) => !holdsConjunct(s.check, g.condition)), now)
    return E.right({ update: all.right, condition: existsCondition(m, withGuards(versionRoom(m, s.check), added), now), guards: added })
  })

/**
 * `guards` with those that take the request's condition past DynamoDB's size (its bytes or
 * operators) put in their `coarse` guards' place (a listed `DELETE` guard: its size guard),
 * from the last, until the request compiles: the most exact guards the condition has room for.
 * Where it does not compile for another reason, the guards as they are (the compiler says why).
 */
const fitted = (m: AnyModel, s: S.Strategy, update: Update, guards: ReadonlyArray<Guard.Guard>, now: Date): ReadonlyArray<Guard.Guard> => {
  let out = guards
  for (let i = guards.length - 1; i >= 0; i--) {
    const coarse = (guards[i] as Guard.Guard).coarse
    if (coarse === undefined) continue
    const condition = existsCondition(m, withGuards(versionRoom(m, s.check), out), now)
    const x = Expression.request(s.check === undefined ? { update, condition, fields: m.fields } : { update, condition, fields: m.fields, given: s.check })
    if (E.isRight(x) || !tooLarge(x.left)) return out
    out = out.map((g, j) => (j === i ? coarse : g))
  }
  return out
}

/** An `ExpressionError` of a condition over DynamoDB's size (`Expression`: operators, bytes). */
const tooLarge = (e: DE.DynamoError): boolean => e._tag === 'ExpressionError' && /^the condition (has|takes) /.test(e.message)

/**
 * A condition refused for its size (DynamoDB's operators or bytes) that holds bound guards
 * (`updateGuard.ts`) says so: DynamoDB counts them too, and they are dynamongo's, not the caller's.
 */
const guardsCounted = (e: DE.DynamoError, guards: ReadonlyArray<Guard.Guard>): DE.DynamoError => {
  if (guards.length === 0 || e._tag !== 'ExpressionError' || !tooLarge(e)) return e
  const on = [...new Set(guards.map((g) => boundOf(g.condition)?.path ?? undefined).filter((p) => p !== undefined).map((p) => P.show(p as P.Path)))]
  const named = on.length > 0 ? ` (on ${on.join(', ')})` : ''
  return DE.expressionError(`${e.message}; it holds ${count(guards.length, 'bound guard')}${named}, the conditions dynamongo adds to keep what DynamoDB computes within the fields' declared bounds, and DynamoDB counts them too`)
}

/** `check` AND-ed with the guards' conditions (`updateGuard.ts`), after it. */
const withGuards = (check: C.Condition | undefined, guards: ReadonlyArray<Guard.Guard>): C.Condition | undefined => {
  const conditions = guards.map((g) => g.condition)
  if (conditions.length === 0) return check
  return check === undefined ? (conditions.length === 1 ? conditions[0] : C.and(...conditions)) : C.and(check, ...conditions)
}

/**
 * `check` holds the guard `g` (a guard's form: a comparison of a path with a number, `x <= k`,
 * or its path missing too, `NOT x > k`), or has such a top conjunct: the same bound, and a
 * `NOT` guard is held by the comparison (which fails where the path is missing) or the same `NOT`.
 */
const holdsConjunct = (check: C.Condition | undefined, g: C.Condition): boolean => {
  if (check === undefined) return false
  if (check._tag === 'And') return check.conditions.some((c) => holdsConjunct(c, g))
  const a = boundOf(check)
  const b = boundOf(g)
  return a !== undefined && b !== undefined && (b.orMissing || !a.orMissing) && a.op === b.op && pathsEqual(a.path, b.path) && D.equals(a.value, b.value)
}

const NEGATED = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' } as const

/** A comparison of a path with a number as the bound it sets where the path is there (`NOT x > k`: `x <= k`, or missing). */
const boundOf = (c: C.Condition): { readonly path: P.Path; readonly op: string; readonly value: string; readonly orMissing: boolean } | undefined => {
  const inner = c._tag === 'Not' ? c.condition : c
  if (inner._tag !== 'Comparison' || inner.left._tag !== 'Path' || inner.right._tag !== 'Value') return undefined
  const v = inner.right.value
  const value = typeof v === 'number' ? D.ofNumber(v) : v instanceof D.NumberValue ? v.value : undefined
  if (value === undefined) return undefined
  const op = c._tag === 'Not' ? (NEGATED as Record<string, string>)[inner.op] : inner.op
  return op === undefined ? undefined : { path: inner.left, op, value, orMissing: c._tag === 'Not' }
}

/**
 * A versioned update's checks with `NOT version >= ceiling` added (`versionCeiling`: the version
 * field's bound, `Number.MAX_SAFE_INTEGER` when it has none): the update stores version + 1,
 * which past that is a number the field does not hold or no read can decode exactly (an item
 * loaded or written raw may hold it); such an item is `ConditionalCheckFailed` (saying why,
 * `versionExhausted`), and stays as it was.
 */
const versionRoom = (m: AnyModel, check: C.Condition | undefined): C.Condition | undefined => {
  if (m.version === undefined) return check
  const ceiling = versionCeiling(m)
  if (pinsVersion(m.version, ceiling, check)) return check
  const room = C.not(C.gte(fieldHandle(m, m.version) as A.Attr<number>, ceiling))
  return check === undefined ? room : C.and(check, room)
}

/** `check` holds `version = n` below `ceiling` (a strategy's version: `Strategy` took `n` only with room after it), alone or as a top conjunct. */
const pinsVersion = (version: string, ceiling: number, check: C.Condition | undefined): boolean => {
  if (check === undefined) return false
  if (check._tag === 'And') return check.conditions.some((c) => pinsVersion(version, ceiling, c))
  return (
    check._tag === 'Comparison' && check.op === '=' && check.left._tag === 'Path' && elementsOf(check.left).length === 1 && elementsOf(check.left)[0] === version &&
    check.right._tag === 'Value' && typeof check.right.value === 'number' && check.right.value < ceiling
  )
}

/**
 * The `UpdateItem` of `updateOne` (and `updateFromDict`): never creates an item
 * (`existsCondition`, with the strategy's checks), returns the item as updated, and the
 * item as it was when the condition fails (none there: `NotFound`; there: the checks failed).
 * An update of a key attribute is an `ExpressionError`, a removal of a required field a
 * `ValidationError`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Model, Strategy, Update as U } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, logins: t.number }) })
 * const input = pipe(
 *   Strategy.parseWrite(Users, 'a@b.c'),
 *   E.chain((s) => Command.updateItem(Users, 'users', s, [U.increment(Users.attrs.logins, 1)], new Date())),
 * )
 * // an update never creates an item: the key must exist
 * pipe(input, E.map((i) => i.ConditionExpression)) // => E.right('attribute_exists(#n0)')
 * ```
 *
 * @category compilers
 */
export const updateItem = (m: AnyModel, table: string, s: S.Strategy, updates: Update, now: Date): E.Either<DE.DynamoError, UpdateItemCommandInput> =>
  withModel(m, () => {
    const parts = updateParts(m, s, updates, now)
    if (E.isLeft(parts)) return parts
    // every value is checked against the model's codec of where it ends up
    const x = Expression.request(
      s.check === undefined ? { update: parts.right.update, condition: parts.right.condition, fields: m.fields } : { update: parts.right.update, condition: parts.right.condition, fields: m.fields, given: s.check },
    )
    if (E.isLeft(x)) return E.left(guardsCounted(x.left, parts.right.guards))
    const large = updateTooLarge(m, s.key, parts.right.update, x.right.ExpressionAttributeValues)
    if (large !== undefined) return E.left(large)
    const input = withExpressions<UpdateItemCommandInput>({ TableName: table, Key: s.key }, x.right)
    input.ReturnValues = 'ALL_NEW'
    input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
    return E.right(input)
  })

// -------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------

/**
 * The plan of a read that leaves out the items expired at `now`: its filter AND-ed with
 * `liveCondition` (a Query's or Scan's `FilterExpression`; a GetItem's or BatchGetItem's
 * checks on the items read). The plan itself on a model without `ttl`.
 *
 * @category utils
 */
export const livePlan = <P extends Plan.Plan>(m: AnyModel, plan: P, now: Date): P => {
  const live = liveCondition(m, now)
  if (live === undefined) return plan
  try {
    return { ...plan, filter: plan.filter === undefined ? live : C.and(plan.filter, live) }
  } catch (e) {
    // a plan whose reading throws (a getter, a Proxy): a Scan that no compiler takes, saying why
    return { _tag: 'Scan', filter: refusedBy(threw(e)) } as unknown as P
  }
}

/** The expressions of a read: a key condition (queries), a filter, a projection. */
const readExpressions = (
  keyCondition: C.Condition | undefined,
  filter: C.Condition | undefined,
  projection: ReadonlyArray<string> | undefined,
  given: C.Condition | undefined,
  fields: Expression.Fields | undefined,
) => {
  const parts: { -readonly [K in keyof Expression.RequestParts]: Expression.RequestParts[K] } = {}
  if (fields !== undefined) parts.fields = fields
  if (keyCondition !== undefined) parts.keyCondition = keyCondition
  if (filter !== undefined) parts.filter = filter
  if (given !== undefined) parts.given = given
  if (projection !== undefined) parts.projection = projectionPaths(projection)
  return Expression.request(parts)
}

const withReadParts = <I extends QueryCommandInput | ScanCommandInput>(input: I, options: ReadOptions): I => {
  if (options.pageSize !== undefined) input.Limit = options.pageSize
  if (options.startKey !== undefined) input.ExclusiveStartKey = options.startKey
  if (options.consistentRead) input.ConsistentRead = true
  if (options.count) input.Select = 'COUNT'
  else if (options.allAttributes && input.ProjectionExpression === undefined) input.Select = 'ALL_ATTRIBUTES'
  if (options.consumedCapacity) input.ReturnConsumedCapacity = 'TOTAL'
  return input
}

/**
 * The `QueryCommandInput` of a `Query` plan: its key condition, filter and projection
 * compiled, with the read options. A plan with a `check` (evaluated in memory on the items
 * read) is an `ExpressionError` unless `options.checked` says the caller evaluates it: the
 * request alone would read items the plan does not select.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Condition as C, DynamoError, Model, Plan } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 * const input = pipe(
 *   Plan.make(Contacts, C.and(C.eq(c.email, 'a@b.c'), C.gt(c.age, 17))),
 *   E.chain((p) => (p._tag === 'Query' ? Command.query('contacts', p) : E.left(DynamoError.expressionError(`a ${p._tag}`)))),
 * )
 * pipe(input, E.map((i) => [i.KeyConditionExpression, i.FilterExpression])) // => E.right(['#n0 = :v0', '#n1 > :v1'])
 * ```
 *
 * @category compilers
 */
export const query = (table: string, plan: Plan.Query, options: ReadOptions = {}): E.Either<DE.DynamoError, QueryCommandInput> =>
  catching(() => {
    if (plan.check !== undefined && options.checked !== true) {
      return E.left(DE.expressionError(`${table}: this Query's check (${Expression.show(plan.check)}) is evaluated on the items read, which the request cannot carry: pass checked: true and evaluate plan.check on its items, or read through Dynamo`))
    }
    const x = readExpressions(plan.keyCondition, plan.filter, options.projection, options.given, options.fields)
    if (E.isLeft(x)) return x
    const input: QueryCommandInput = { TableName: table }
    if (plan.index !== undefined) input.IndexName = plan.index
    withReadParts(withExpressions(input, x.right), options)
    if (options.descending) input.ScanIndexForward = false
    return E.right(input)
  })

/**
 * The `ScanCommandInput` of a `Scan` plan: its filter and projection compiled, with the read
 * options (a segment included).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Condition as C, DynamoError, Model, Plan } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 * // the first of two segments of a parallel scan
 * const input = pipe(
 *   Plan.make(Contacts, C.gt(c.age, 17)),
 *   E.chain((p) => (p._tag === 'Scan' ? Command.scan('contacts', p, { segment: { index: 0, total: 2 } }) : E.left(DynamoError.expressionError(`a ${p._tag}`)))),
 * )
 * pipe(input, E.map((i) => [i.FilterExpression, i.Segment, i.TotalSegments])) // => E.right(['#n0 > :v0', 0, 2])
 * ```
 *
 * @category compilers
 */
export const scan = (table: string, plan: Plan.Scan, options: ReadOptions = {}): E.Either<DE.DynamoError, ScanCommandInput> =>
  catching(() => {
    const x = readExpressions(undefined, plan.filter, options.projection, options.given, options.fields)
    if (E.isLeft(x)) return x
    const input: ScanCommandInput = { TableName: table }
    if (plan.index !== undefined) input.IndexName = plan.index
    if (options.segment !== undefined) {
      input.Segment = options.segment.index
      input.TotalSegments = options.segment.total
    }
    return E.right(withReadParts(withExpressions(input, x.right), options))
  })

/**
 * The input of one page of a Query or Scan: a copy of `input` (built once per read) with this
 * page's `ExclusiveStartKey` and `Limit`, where given. (Copied member by member: a spread
 * followed by new members costs V8 far more.)
 *
 * @category compilers
 */
export const page = <I extends QueryCommandInput | ScanCommandInput>(input: I, startKey: AttributeMap | undefined, pageSize: number | undefined): I => {
  const out: Record<string, unknown> = {}
  try {
    for (const k in input) out[k] = input[k]
  } catch {
    // an input whose reading throws (a getter, a Proxy): this page's members alone, without a
    // TableName, which DynamoDB (and the SDK) refuse
  }
  if (pageSize !== undefined) out['Limit'] = pageSize
  if (startKey !== undefined) out['ExclusiveStartKey'] = startKey
  return out as I
}

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

/**
 * `CreateTable` from a model: key schema, attribute definitions, indexes, billing (the table
 * `Table.shapeOf` describes). What is no model (`isModel`) is its `ValidationError`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Command, Model } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 * pipe(Command.createTable('users', Users), E.map((i) => [i.KeySchema, i.BillingMode]))
 * // => E.right([[{ AttributeName: 'email', KeyType: 'HASH' }], 'PROVISIONED'])
 * ```
 *
 * @category compilers
 */
export const createTable = (table: string, m: AnyModel): E.Either<DE.DynamoError, CreateTableCommandInput> => {
  // what is no model is shapeOf's ValidationError (it asks modelError)
  const shape = Table.shapeOf(m)
  return E.isLeft(shape) ? shape : TablePlan.createTable(table, shape.right)
}

/**
 * The `UpdateTimeToLive` that turns time to live on for the model's `ttl` field (`createTable`
 * sends it once the table is ACTIVE); `undefined` without `ttl`. What is no model (`isModel`)
 * is its `ValidationError`.
 *
 * @category compilers
 */
export const enableTtl = (table: string, m: AnyModel): E.Either<DE.DynamoError, UpdateTimeToLiveCommandInput | undefined> =>
  withModel(m, () => E.right(m.ttl === undefined ? undefined : TablePlan.updateTimeToLive(table, m.ttl, true)))

/**
 * Transactions (DESIGN §5.2): entries as tagged data (`put`, `update`, `delete`, `check`,
 * `get`), and the pure compilation of a list of them into one `TransactWriteItems` or
 * `TransactGetItems` input. Nothing here does I/O: `Dynamo.transactWrite` and
 * `Dynamo.transactGet` send what this module builds.
 *
 * Each write entry is built by the same `Command` builder as its single-item operation, from
 * the same (model, table, parsed strategy, options), so it means exactly what that operation
 * means: `put` is `saveOne` (`overwrite` included), `update` is `updateOne` (it never
 * creates an item), `delete` is `deleteOne` (with checks: `attribute_not_exists(hashKey) OR
 * (checks)`). `check` tests an item without writing it: a bare key is `attribute_exists`.
 * On a model with `ttl` every entry takes an item expired at the transaction's `now` as no
 * item, as its single request does (`Command.checkCondition` for `check`); on a model with an
 * entity, another entity's item at the key is no item either (an `update` or `delete` of it
 * cancels the transaction, and writes nothing: `deleteOne` answers none there, but DynamoDB
 * cancels a transaction whose entry's condition fails, and no entry can be left out; the
 * cancellation's reason says so).
 * Every entry asks for the stored item when its condition fails
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`).
 *
 * Before any request, every entry is validated as its single operation would be, and the
 * whole list as DynamoDB would: 1 to 100 entries, no two on the same item (the table as sent
 * and the stored key, `keyString`, whatever strategy form or model names it), at most 4 MB
 * as DynamoDB counts it (`TRANSACTION_BYTES`: the items put, the keys of the other entries,
 * every expression with the names and values it uses), and no two entities of one table that
 * can produce the same key (entities declared apart meet here: `entityConflicts`, as
 * `createTable` and `collection` check them). A failure names the entry's index. The list and
 * each entry are read once (`entriesOnce`): what is checked is what is sent. An entry built by
 * hand with a field no entry of its kind has (a `condition` beside its strategy, which the
 * types of `transactWrite`'s entries let through) is refused naming it (`extraWhy`), never
 * sent without it.
 *
 * ```ts
 * import * as t from 'io-ts'
 * import { Dynamo, Field, Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Order = Model.make({ table: 'orders', hashKey: 'id', codec: t.type({ id: t.string, sku: t.string }) })
 * const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: Field.int({ min: 0 }) }) })
 *
 * Dynamo.transactWrite([T.put(Order, { id: 'o-1', sku: 'x' }, { overwrite: false }), T.update(Stock, 'x', [U.decrement(Stock.attrs.count, 1)])])
 * ```
 *
 * @since 0.3.0
 * @category Compiling
 * @module
 */
import type {
  AttributeValue,
  ConditionCheck,
  Delete as SdkDelete,
  Put as SdkPut,
  TransactGetItemsCommandInput,
  TransactWriteItem,
  TransactWriteItemsCommandInput,
  Update as SdkUpdate,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { ITEM_BYTES, TOKEN_CHARS, TRANSACTION_BYTES, transactionEntryBound, transactionEntryBytes, type TransactionEntryParts } from '../rules/limits.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as Command from './Command.js'
import { atEntry, entriesOnce, extraWhy } from './entry.js'
import { entityConflicts } from '../table/entities.js'
import { keySchemaOf, keySchemaWhy } from '../table/keySchema.js'
import { showKeys } from '../table/show.js'
import { checkOverwrite } from './overwrite.js'
import { names, read } from '../internal/optionNames.js'
import * as DE from '../DynamoError.js'
import { modelError } from '../model/isModel.js'
import { catching } from '../internal/threw.js'
import * as Evaluate from '../evaluate/Evaluate.js'
import * as Expression from './Expression.js'
import * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import * as S from '../model/Strategy.js'
import type { Update as Updates } from '../ast/Update.js'
import type * as C from '../ast/Condition.js'
import type * as A from '../ast/Attr.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type AnyModel = M.Any

/**
 * What a hand-built entry's strategy and updates are typed against: its model, or any model
 * for an entry of a model known only by its type (`Model.Any`, `Model.Model<Item>`: one
 * `Model.Any` is assignable to) or of a union of models (a list of entries of several models;
 * the test of a union: `Mo` is the intersection of its members). An entry of a model known
 * only by its type must take the entries of every made model of that type (`T.get(User, …)` is
 * a `T.Get<Model.Model<User>>`), and no type of strategy does that while refusing another
 * model's handles (a made model's are tied to it, contravariantly): such an entry's handles
 * are checked against its model when compiled. Typed against any model, a strategy
 * (`Model.Strategy<any>`) is any scalar or object, another model's condition included.
 *
 * @category model
 */
export type Loose<Mo> = AnyModel extends Mo
  ? any
  : [Mo] extends [(Mo extends unknown ? (m: Mo) => void : never) extends (m: infer I) => void ? I : never]
    ? Mo
    : any

/**
 * `saveOne` of `item` inside a transaction (`overwrite` as there), of the model `Mo` (any model
 * of items `I`, where the type does not tell which: a `put` entry names its own). Without type
 * arguments (`T.Put`), of any model, its item an object (`Model.UnknownInput`), never a scalar.
 *
 * @category model
 */
export interface Put<I = M.UnknownInput, Mo extends M.Model<I, any, any, any> = M.UnknownInput extends I ? AnyModel : M.Model<I, any, any, any>> {
  readonly _tag: 'Put'
  readonly model: Mo
  readonly item: I
  /** The `overwrite` of an entry built by hand (one of `put` carries its options in `options`; one given here and there too is refused). */
  readonly overwrite?: Command.Overwrite
  /** The options as given (`PutOptions`), unread: compiling reads them once, and refuses `null`, a non-object, or an option of another name. */
  readonly options?: object
}

/**
 * `updateOne` inside a transaction: never creates an item; a key condition's checks must hold.
 *
 * @category model
 */
export interface Update<Mo extends AnyModel = AnyModel, S = Loose<Mo>> {
  readonly _tag: 'Update'
  readonly model: Mo
  /** Of `model`, typed against `S`: `Mo` (an entry typed by hand takes no other model's handles), any model for an entry of a model known only by its type (`Model.Any`, `Model.Model<Item>`) or of a union of models (`Get`, `Write`: a list of entries of several models); checked against the model when compiled. */
  readonly strategy: M.Strategy<S>
  /** Of `model`, typed against `S`, as `strategy`. */
  readonly updates: Updates<S>
  /** Options given anyway, through a cast (it takes none), unread: compiling refuses any that names an option (a `condition` would otherwise be ignored). */
  readonly options?: object
}

/**
 * `deleteOne` inside a transaction: no item is no failure; a key condition's checks must hold on an item there.
 *
 * @category model
 */
export interface Delete<Mo extends AnyModel = AnyModel, S = Loose<Mo>> {
  readonly _tag: 'Delete'
  readonly model: Mo
  /** Of `model`, typed against `S`: `Mo` (an entry typed by hand takes no other model's handles), any model for an entry of a model known only by its type (`Model.Any`, `Model.Model<Item>`) or of a union of models (`Get`, `Write`: a list of entries of several models); checked against the model when compiled. */
  readonly strategy: M.Strategy<S>
  /** Options given anyway, through a cast (it takes none), unread: compiling refuses any that names an option (a `condition` would otherwise be ignored). */
  readonly options?: object
}

/**
 * A condition on one item, written nowhere: a bare key requires the item; a key condition's checks must hold.
 *
 * @category model
 */
export interface Check<Mo extends AnyModel = AnyModel, S = Loose<Mo>> {
  readonly _tag: 'Check'
  readonly model: Mo
  /** Of `model`, typed against `S`: `Mo` (an entry typed by hand takes no other model's handles), any model for an entry of a model known only by its type (`Model.Any`, `Model.Model<Item>`) or of a union of models (`Get`, `Write`: a list of entries of several models); checked against the model when compiled. */
  readonly strategy: M.Strategy<S>
  /** Options given anyway, through a cast (it takes none), unread: compiling refuses any that names an option (a `condition` would otherwise be ignored). */
  readonly options?: object
}

/**
 * One item of a `transactGet`, decoded through `model`.
 *
 * @category model
 */
export interface Get<Mo extends AnyModel = AnyModel, S = Loose<Mo>> {
  readonly _tag: 'Get'
  readonly model: Mo
  /** Of `model`, typed against `S`: `Mo` (an entry typed by hand takes no other model's handles), any model for an entry of a model known only by its type (`Model.Any`, `Model.Model<Item>`) or of a union of models (`Get`, `Write`: a list of entries of several models); checked against the model when compiled. */
  readonly strategy: M.Strategy<S>
  /** Options given anyway, through a cast (it takes none), unread: compiling refuses any that names an option (a `condition` would otherwise be ignored). */
  readonly options?: object
}

/**
 * An entry of `transactWrite`, of any model: what a list of entries of several models is
 * annotated with. A `put`'s item is an object (`Model.UnknownInput`), never a scalar or `null`.
 * Typed `Write`, an entry is no longer tied to its model (no type relates one property of an
 * object to another): an object literal annotated `Write` takes another model's handles or an
 * item missing a field. Built with the constructors (`T.put`, `T.update`, …), each entry is
 * checked against its model, and so is a list annotated with `satisfies ReadonlyArray<T.Write>`
 * (it keeps each literal's type, which `transactWrite` checks: `Own`).
 *
 * @category model
 */
export type Write = Put | Update | Delete | Check

/**
 * An entry as its own model types it: a `put` of that model's item, a strategy and updates of
 * that model. What `transactWrite` and `transactGet` check each entry against, so that an
 * entry written by hand as an object literal takes no other model's handles nor items, as the
 * constructors take none. An entry of a model known only by its type, or of a union of
 * models, or one typed `Write` (of any model), is as loose as its type (`Loose`).
 *
 * @category type-level
 */
export type Own<E> = E extends { readonly _tag: infer Tag; readonly model: infer Mo extends AnyModel }
  ? Tag extends 'Put'
    ? OnlyFields<E, Put<M.InputOf<Mo>, Mo>>
    : Tag extends 'Update'
      ? OnlyFields<E, Update<Mo>>
      : Tag extends 'Delete'
        ? OnlyFields<E, Delete<Mo>>
        : Tag extends 'Check'
          ? OnlyFields<E, Check<Mo>>
          : Tag extends 'Get'
            ? OnlyFields<E, Get<Mo>>
            : E
  : E

/**
 * The entry `B`, and each field of `E` that no entry of its kind has a misuse that says so
 * (`undefined` is taken: a field that reads `undefined` is absent), as the run refuses such a
 * field (`entries[i].<name>`). The run reads the entry's own enumerable keys; a type does not
 * tell those from what a class puts on its prototype, so two cases differ: a field whose type
 * is a function is left to the run (a method on the prototype is not read, and an entry built
 * by a class compiles), so an own function field (`readonly describe = () => 'x'`) compiles and
 * the run refuses it; and a getter (`get label(): string`, on the prototype) reads as a field
 * here and fails the type check, though the run, not reading it, takes the entry.
 *
 * @category type-level
 */
export type OnlyFields<E, B> = B & {
  readonly [K in Exclude<keyof E, keyof B> as E[K] extends (...args: never) => unknown ? never : K]?: A.Misuse<`no transaction entry of this kind has a field ${K & string}`> | undefined
}

/**
 * The entries `Es`, each as its own model types it (`Own`).
 *
 * @category type-level
 */
export type Owned<Es extends ReadonlyArray<unknown>> = { readonly [K in keyof Es]: Own<Es[K]> }

/**
 * What `transactWrite` and `transactGet` ask of their entries `Es` beyond their own type:
 * nothing when each is as its own model types it (`Owned`), else that. Not inferred from (the
 * entries' type is theirs, a tuple for a list literal).
 *
 * @category type-level
 */
export type OwnCheck<Es extends ReadonlyArray<unknown>> = Es extends Owned<Es> ? unknown : NoInfer<Owned<Es>>

/**
 * What `transactWrite` and `transactGet` ask of a list of entries `Es` whose type tells its
 * length: one entry at least (a list literal of none, `[]`, is a misuse that says why, as the
 * run refuses it: an `ExpressionError` before any request). A list typed apart
 * (`ReadonlyArray<Write>`) may hold none: the run's to check.
 *
 * @category type-level
 */
export type NonEmpty<Es extends ReadonlyArray<unknown>> = Es extends readonly [] ? A.Misuse<'a transaction holds 1 to 100 entries: DynamoDB refuses an empty one'> : unknown

/**
 * The items of a `transactGet` of `Es`, in input order: `some(item)` or `none` for each entry.
 *
 * @category type-level
 */
export type Results<Es extends ReadonlyArray<Get>> = {
  readonly [K in keyof Es]: Es[K] extends Get<infer Mo> ? O.Option<M.TypeOf<Mo>> : never
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The options of `put`: `overwrite` as in `saveOne`; a versioned model's puts take none (the version is the condition).
 *
 * @category model
 */
export interface PutOptions<Mo = AnyModel> {
  readonly overwrite?: M.OverwriteOf<Mo, boolean | C.Condition<Mo>>
}

/**
 * Put `item` (defaults, version and timestamps applied, validated, encoded); `overwrite` as in
 * `saveOne` (default `true`). The options are kept unread, for the compiling to check (`null`,
 * an option of another name: a `ValidationError` of `transactWrite`): a constructor never throws.
 * A number in their place is `map`'s index (`items.map(T.put.bind(null, Model))`): ignored, with
 * the list after it, as every constructor ignores them.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Dynamo, Env, Model, Transaction as T } from 'dynamongo'
 *
 * const Account = Model.make({ table: 'accounts', hashKey: 'id', codec: t.type({ id: t.string, owner: t.string, balance: t.number }) })
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // open two accounts, or neither (`overwrite: false`: each only where no item has its key)
 * await Dynamo.transactWrite([
 *   T.put(Account, { id: 'a-1', owner: 'ann', balance: 100 }, { overwrite: false }),
 *   T.put(Account, { id: 'a-2', owner: 'bob', balance: 0 }, { overwrite: false }),
 * ])(env)()
 * ```
 *
 * @category constructors
 */
export const put = <Mo extends AnyModel>(model: Mo, item: M.InputOf<Mo>, options?: PutOptions<NoInfer<Mo>>): Put<M.TypeOf<Mo>, Mo> => {
  // a number where the options go is `map`'s index (`items.map(T.put.bind(null, M))`, its list after it unread):
  // ignored, as the other constructors ignore it (`given`); anything else is kept, for the compiling to check
  const o: unknown = options
  return o === undefined || typeof o === 'number' ? { _tag: 'Put', model, item: item as M.TypeOf<Mo> } : { _tag: 'Put', model, item: item as M.TypeOf<Mo>, options: o as PutOptions<Mo> }
}

/** An entry that takes no options, with what was given after its arguments (its `options`, for the compiling to refuse). */
const given = <X extends object>(entry: X, more: ReadonlyArray<unknown>): X => {
  const o = more[0]
  // an object is options given through a cast (refused by the transaction), a list too (a condition or updates given as a list
  // would otherwise be dropped: a delete or a check without its checks); anything else is what a callback's caller adds
  // (`map`'s index, its list after it), ignored as a function ignores extra arguments
  return typeof o === 'object' && o !== null ? { ...entry, options: o } : entry
}

/**
 * Update the item `strategy` selects, as `updateOne` does (never creating it).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Account = Model.make({ table: 'accounts', hashKey: 'id', codec: t.type({ id: t.string, owner: t.string, balance: t.number }) })
 * const a = Account.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // move 10 from a-1 to a-2, only while a-1 holds at least 10
 * await Dynamo.transactWrite([
 *   T.update(Account, C.and(C.eq(a.id, 'a-1'), C.gte(a.balance, 10)), [U.set(a.balance, U.minus(a.balance, 10))]),
 *   T.update(Account, 'a-2', [U.set(a.balance, U.plus(a.balance, 10))]),
 * ])(env)()
 * ```
 *
 * @category constructors
 */
export const update = <Mo extends AnyModel>(model: Mo, strategy: NoInfer<M.Strategy<Mo>>, updates: Updates<NoInfer<Mo>>, ...none: []): Update<Mo> =>
  given<Update<Mo>>({ _tag: 'Update', model, strategy, updates }, none)

/**
 * Delete the item `strategy` selects, as `deleteOne` does; but where the key holds another
 * entity's item (a shared table), which both leave, the transaction is cancelled where
 * `deleteOne` answers none (no entry of a transaction can be left out). Exported as `delete`
 * (a reserved word: no `const` can be named so).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Account = Model.make({ table: 'accounts', hashKey: 'id', codec: t.type({ id: t.string, owner: t.string, balance: t.number }) })
 * const a = Account.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // close a-2 only if it is empty, and note it on a-1
 * await Dynamo.transactWrite([
 *   T.delete(Account, C.and(C.eq(a.id, 'a-2'), C.eq(a.balance, 0))),
 *   T.update(Account, 'a-1', [U.set(a.owner, 'ann (a-2 closed)')]),
 * ])(env)()
 * ```
 *
 * @category constructors
 */
const delete_ = <Mo extends AnyModel>(model: Mo, strategy: NoInfer<M.Strategy<Mo>>, ...none: []): Delete<Mo> => given<Delete<Mo>>({ _tag: 'Delete', model, strategy }, none)

export { delete_ as delete }

/**
 * Require the item `strategy` selects: a bare key (scalar, tuple, item) is
 * `attribute_exists(hashKey)` (on a model with `ttl`, an item not expired); a key condition's
 * extra checks are the condition, as written (an expired item taken as no item); on a
 * versioned model, a version in an object strategy is checked (`version = n`), as in `update`
 * and `delete`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Account = Model.make({ table: 'accounts', hashKey: 'id', codec: t.type({ id: t.string, owner: t.string, balance: t.number }) })
 * const a = Account.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // credit a-2 only while a-1 still belongs to ann
 * await Dynamo.transactWrite([
 *   T.check(Account, C.and(C.eq(a.id, 'a-1'), C.eq(a.owner, 'ann'))),
 *   T.update(Account, 'a-2', [U.set(a.balance, U.plus(a.balance, 5))]),
 * ])(env)()
 * ```
 *
 * @category constructors
 */
export const check = <Mo extends AnyModel>(model: Mo, strategy: NoInfer<M.Strategy<Mo>>, ...none: []): Check<Mo> => given<Check<Mo>>({ _tag: 'Check', model, strategy }, none)

/**
 * Read the item `strategy` selects (`none` when absent, or when a key condition's extra checks fail on it).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Env, Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Account = Model.make({ table: 'accounts', hashKey: 'id', codec: t.type({ id: t.string, owner: t.string, balance: t.number }) })
 * const a = Account.attrs
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // both accounts as of one moment: Right([Option<Account>, Option<Account>])
 * await Dynamo.transactGet([T.get(Account, 'a-1'), T.get(Account, 'a-2')])(env)()
 * ```
 *
 * @category constructors
 */
export const get = <Mo extends AnyModel>(model: Mo, strategy: NoInfer<M.Strategy<Mo>>, ...none: []): Get<Mo> => given<Get<Mo>>({ _tag: 'Get', model, strategy }, none)

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

const writeKinds: Readonly<Record<string, true>> = { Put: true, Update: true, Delete: true, Check: true }
const getKinds: Readonly<Record<string, true>> = { Get: true }

/** What an entry that is none is, for a message: `a get`, `null`, `undefined`, `a string`, `an object`. */
const entryKind = (u: unknown): string => {
  if (u === null || u === undefined) return String(u)
  if (typeof u !== 'object') return `a ${typeof u}`
  const tag: unknown = (u as { readonly _tag?: unknown })._tag
  return typeof tag === 'string' && tag !== '' ? `a ${JSON.stringify(tag)} entry` : 'an object'
}

/**
 * Why the `i`th entry is none of the kinds the operation takes (`takes` names their
 * constructors), or `undefined`: an object of one of those kinds, with its model. What a cast
 * lets through (a `T.get` in `transactWrite`, a hole, `null`) is refused here, before its
 * fields are read.
 */
const entryWhy = (u: unknown, i: number, kinds: Readonly<Record<string, true>>, takes: string): DE.DynamoError | undefined => {
  if (typeof u === 'object' && u !== null) {
    const { _tag: tag, model } = u as { readonly _tag?: unknown; readonly model?: unknown }
    if (typeof tag === 'string' && Object.hasOwn(kinds, tag) && model !== undefined) {
      // its model, by the one rule (null or forged: a ValidationError at the entry's model)
      return modelError(model, `entries[${i}].model`)
    }
  }
  return DE.validationError([{ path: '', message: `entry ${i}: expected ${takes} (an entry with its model), got ${entryKind(u)}` }])
}

/** A `ClientRequestToken`: 1 to 36 characters. */
const checkToken = (token: unknown): E.Either<DE.DynamoError, string> =>
  typeof token === 'string' && token.length >= 1 && token.length <= TOKEN_CHARS
    ? E.right(token)
    : E.left(DE.validationError([{ path: 'token', message: `a ClientRequestToken is 1 to ${TOKEN_CHARS} characters` }]))

/** The parts every write entry shares, from a single request's input (its own `ReturnValues` dropped: transactions return none). */
interface Conditioned {
  readonly TableName?: string | undefined
  readonly ConditionExpression?: string | undefined
  readonly ExpressionAttributeNames?: Record<string, string> | undefined
  readonly ExpressionAttributeValues?: Record<string, AttributeValue> | undefined
}

const conditioned = <X extends object>(out: X, i: Conditioned): X => {
  const o = out as { -readonly [K in keyof Conditioned]: Conditioned[K] } & { ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' }
  if (i.ConditionExpression !== undefined) {
    o.ConditionExpression = i.ConditionExpression
    o.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
  }
  if (i.ExpressionAttributeNames !== undefined) o.ExpressionAttributeNames = i.ExpressionAttributeNames
  if (i.ExpressionAttributeValues !== undefined) o.ExpressionAttributeValues = i.ExpressionAttributeValues
  return out
}

/**
 * One write entry's `TransactWriteItem`, its stored key, its parts that count toward
 * `TRANSACTION_BYTES` (`transactionEntryBytes`), and a bound from above of what they count
 * (`transactionEntryBound`).
 */
interface Built {
  readonly item: TransactWriteItem
  readonly key: S.AttributeMap
  readonly parts: TransactionEntryParts
  readonly bound: number
}

const putNames = names<PutOptions>({ overwrite: true })
const noNames = names<object>({})

/**
 * The `i`th entry's options, read once (the checks and the condition see one value) by the
 * operations' parser (`read`, at `entries[i].options`): a put's `overwrite` (of its `options`,
 * or of an entry built by hand its own), checked as `saveOne` checks it. Options that are
 * `null` or no object, or that name an option the entry does not take (any, but a put's
 * `overwrite`), are a `ValidationError` at the entry's options; a reading that throws (a
 * getter, a Proxy's trap), one at the option's path (or the options', when asked anything throws).
 * A put whose entry and options both give an `overwrite` (a `T.put` with options, spread with
 * an `overwrite` of its own) is a `ValidationError` at the entry's `overwrite`: taking either
 * would drop the other, and a dropped `overwrite: false` replaces the stored item.
 */
const entryOptions = (entry: Write | Get, i: number): E.Either<DE.DynamoError, Command.Overwrite | undefined> => {
  const o: unknown = entry.options
  if (o === undefined) return entry._tag === 'Put' ? checkOverwrite(entry.overwrite) : E.right(undefined)
  if (entry._tag !== 'Put') {
    const none = read(o as object, noNames, `entries[${i}].options`)
    return E.isLeft(none) ? none : E.right(undefined)
  }
  const put = read(o as PutOptions, putNames, `entries[${i}].options`)
  if (E.isLeft(put)) return put
  const inOptions = put.right.overwrite
  if (inOptions !== undefined && entry.overwrite !== undefined) {
    return E.left(DE.validationError([{ path: `entries[${i}].overwrite`, message: 'overwrite is given twice, on the entry and in its options: give it once' }]))
  }
  return checkOverwrite(inOptions !== undefined ? inOptions : entry.overwrite)
}

const buildWrite = (entry: Write, table: string, now: Date, i: number): E.Either<DE.DynamoError, Built> => {
  const m: AnyModel = entry.model
  const overwrite = entryOptions(entry, i)
  if (E.isLeft(overwrite)) return overwrite
  if (entry._tag === 'Put') {
    const stamped = Command.stamp(m, entry.item, now)
    if (E.isLeft(stamped)) return stamped
    const enc = M.encode(m, stamped.right)
    if (E.isLeft(enc)) return enc
    const stored = enc.right.stored
    const input = Command.putItem(m, table, stored, overwrite.right, now)
    if (E.isLeft(input)) return input
    const Put: SdkPut = conditioned({ TableName: table, Item: stored }, input.right)
    return E.right({ item: { Put }, key: SK.keyOfStored(m, stored), parts: Put, bound: transactionEntryBound(Put, ITEM_BYTES) })
  }
  // a version in an update's, a delete's or a check's object strategy is a check (a key condition is its condition, as written)
  const s = S.parseWrite(m, entry.strategy, entry._tag === 'Update' ? 'update' : entry._tag === 'Delete' ? 'delete' : 'check')
  if (E.isLeft(s)) return s
  switch (entry._tag) {
    case 'Update': {
      const input = Command.updateItem(m, table, s.right, entry.updates, now)
      if (E.isLeft(input)) return input
      const Update: SdkUpdate = conditioned({ TableName: table, Key: s.right.key, UpdateExpression: input.right.UpdateExpression }, input.right)
      return E.right({ item: { Update }, key: s.right.key, parts: Update, bound: transactionEntryBound(Update) })
    }
    case 'Delete': {
      const input = Command.deleteItem(m, table, s.right, now)
      if (E.isLeft(input)) return input
      const Delete: SdkDelete = conditioned({ TableName: table, Key: s.right.key }, input.right)
      return E.right({ item: { Delete }, key: s.right.key, parts: Delete, bound: transactionEntryBound(Delete) })
    }
    case 'Check': {
      const x = Expression.request(
        s.right.check === undefined
          ? { condition: Command.checkCondition(m, undefined, now), fields: m.fields }
          : { condition: Command.checkCondition(m, s.right.check, now), fields: m.fields, given: s.right.check },
      )
      if (E.isLeft(x)) return x
      const ConditionCheck: ConditionCheck = conditioned({ TableName: table, Key: s.right.key, ConditionExpression: undefined }, x.right)
      return E.right({ item: { ConditionCheck }, key: s.right.key, parts: ConditionCheck, bound: transactionEntryBound(ConditionCheck) })
    }
  }
}

/** The items touched so far on each table (as sent): each stored key's identity (`keyString`), with the entry that touches it. */
type Seen = Map<string, Map<string, number>>

/** Records that entry `i` touches the item of stored key `key` on `table`; the error when an earlier entry already does. */
const touchOnce = (seen: Seen, m: AnyModel, table: string, key: S.AttributeMap, i: number): DE.DynamoError | undefined => {
  let here = seen.get(table)
  if (here === undefined) seen.set(table, (here = new Map()))
  const id = SK.keyString(m, key)
  const other = here.get(id)
  if (other !== undefined) return DE.expressionError(`it names the same item as entry ${other}: a transaction may touch each item once`)
  here.set(id, i)
  return undefined
}

/**
 * The models met so far on each table (as sent), each with the first entry of it: they must
 * key the table alike (a table has one key schema: DynamoDB refuses the entry of a model that
 * names other key attributes, or types them otherwise, and the whole transaction with it;
 * nor is one item told between keys of two schemas), the rule `createTable` and `collection`
 * apply to the models they are given (table/keySchema); and where entities declared apart
 * meet in one transaction, they must not be able to produce the same key (`entityConflicts`,
 * the check `createTable` and `collection` make of them), else a write of one may replace or
 * delete an item of the other.
 */
type Met = Map<string, Array<{ readonly model: AnyModel; readonly index: number }>>

/**
 * Records that entry `i` is of model `m` on `table`; the error when `m` keys the table otherwise than a model
 * met earlier there (table/keySchema), or when they are entities that can produce the same key.
 */
const meetOnce = (met: Met, table: string, m: AnyModel, i: number): DE.DynamoError | undefined => {
  const here = met.get(table)
  if (here === undefined) {
    met.set(table, [{ model: m, index: i }])
    return undefined
  }
  if (here.some((x) => x.model === m)) return undefined
  for (const x of here) {
    if (keySchemaWhy(m, x.model) !== undefined) {
      return DE.expressionError(`its model keys the table ${showKeys(keySchemaOf(m))} here and ${showKeys(keySchemaOf(x.model))} in entry ${x.index}: a table has one key schema`)
    }
    const conflict = entityConflicts([x.model, m])[0]
    if (conflict !== undefined) {
      return DE.expressionError(`${conflict} (entry ${x.index} is of the entity ${String(x.model.entity)}, entry ${i} of ${String(m.entity)}): one table cannot hold both`)
    }
  }
  here.push({ model: m, index: i })
  return undefined
}

/**
 * The `TransactWriteItems` input of `entries`, every entry validated as its single operation
 * would be (`tableOf` gives a model's table as sent; `token` is the `ClientRequestToken`;
 * `now` the clock every entry reads, as its single request would).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Model, Transaction as T, Update as U } from 'dynamongo'
 *
 * const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: t.number }) })
 * const input = T.toWriteInput([T.update(Stock, 'x', [U.decrement(Stock.attrs.count, 1)]), T.check(Stock, 'y')], (m) => `prod-${m.table}`, 'order-o-1', new Date())
 * pipe(input, E.map((i) => i.TransactItems?.map((e) => Object.keys(e)[0]))) // => E.right(['Update', 'ConditionCheck'])
 * // one item twice is refused before any request
 * pipe(T.toWriteInput([T.check(Stock, 'x'), T.check(Stock, 'x')], (m) => m.table, 't', new Date()), E.mapLeft((e) => e._tag)) // => E.left('ExpressionError')
 * ```
 *
 * @category compilers
 */
export const toWriteInput = (
  entries: ReadonlyArray<Write>,
  tableOf: (m: AnyModel) => string,
  token: string,
  now: Date,
): E.Either<DE.DynamoError, TransactWriteItemsCommandInput> =>
  catching(() => {
    const list = entriesOnce(entries, 'a transactWrite', false)
    if (E.isLeft(list)) return list
    const t = checkToken(token)
    if (E.isLeft(t)) return t
    const once = list.right
    const items: TransactWriteItem[] = new Array(once.length)
    const seen: Seen = new Map()
    const met: Met = new Map()
    // the entries' bytes are bounded from above (transactionEntryBound) until the bound passes
    // the limit, then counted exactly (transactionEntryBytes), those before and those after
    let bound = 0
    let bytes: number | undefined
    const parts: TransactionEntryParts[] = new Array(once.length)
    for (let i = 0; i < once.length; i++) {
      const entry = once[i] as Write
      const notEntry = entryWhy(entry, i, writeKinds, 'T.put, T.update, T.delete or T.check')
      if (notEntry !== undefined) return E.left(notEntry)
      const table = tableOf(entry.model)
      const extra = extraWhy(entry, i)
      if (extra !== undefined) return E.left(atEntry(i, entry, table, extra))
      const apart = meetOnce(met, table, entry.model, i)
      if (apart !== undefined) return E.left(atEntry(i, entry, table, apart))
      const built = buildWrite(entry, table, now, i)
      if (E.isLeft(built)) return E.left(atEntry(i, entry, table, built.left))
      const twice = touchOnce(seen, entry.model, table, built.right.key, i)
      if (twice !== undefined) return E.left(atEntry(i, entry, table, twice))
      parts[i] = built.right.parts
      if (bytes !== undefined) bytes += transactionEntryBytes(built.right.parts)
      else {
        bound += built.right.bound
        if (bound > TRANSACTION_BYTES) {
          bytes = 0
          for (let j = 0; j <= i; j++) bytes += transactionEntryBytes(parts[j] as TransactionEntryParts)
        }
      }
      if (bytes !== undefined && bytes > TRANSACTION_BYTES) {
        return E.left(atEntry(i, entry, table, DE.validationError([{ path: '', message: `the entries reach ${bytes} bytes as DynamoDB counts them (the items put, the keys of the others, the expressions with the names and values they use), over the ${TRANSACTION_BYTES} of one transaction` }])))
      }
      items[i] = built.right.item
    }
    return E.right({ TransactItems: items, ClientRequestToken: token })
  })

/**
 * What `transactGet` needs besides its input: each entry's extra checks, as predicates on the stored item.
 *
 * @category model
 */
export interface GetPlan {
  readonly input: TransactGetItemsCommandInput
  readonly checks: ReadonlyArray<Evaluate.Predicate | undefined>
}

/**
 * The `TransactGetItems` input of `entries` (each key validated as `getOne` validates it),
 * and each entry's extra checks, evaluated on the item it reads (a `Get` takes no condition).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Model, Transaction as T } from 'dynamongo'
 *
 * const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: t.number }) })
 * pipe(T.toGetInput([T.get(Stock, 'x')], (m) => m.table), E.map((p) => p.input.TransactItems)) // => E.right([{ Get: { TableName: 'stock', Key: { sku: { S: 'x' } } } }])
 * ```
 *
 * @category compilers
 */
export const toGetInput = (entries: ReadonlyArray<Get>, tableOf: (m: AnyModel) => string): E.Either<DE.DynamoError, GetPlan> =>
  catching(() => {
    const list = entriesOnce(entries, 'a transactGet', false)
    if (E.isLeft(list)) return list
    const once = list.right
    const items: Array<{ Get: { TableName: string; Key: S.AttributeMap } }> = new Array(once.length)
    const checks: Array<Evaluate.Predicate | undefined> = new Array(once.length)
    const seen: Seen = new Map()
    const met: Met = new Map()
    for (let i = 0; i < once.length; i++) {
      const entry = once[i] as Get
      const notEntry = entryWhy(entry, i, getKinds, 'T.get')
      if (notEntry !== undefined) return E.left(notEntry)
      const table = tableOf(entry.model)
      const extra = extraWhy(entry, i)
      if (extra !== undefined) return E.left(atEntry(i, entry, table, extra))
      const apart = meetOnce(met, table, entry.model, i)
      if (apart !== undefined) return E.left(atEntry(i, entry, table, apart))
      const o = entryOptions(entry, i)
      if (E.isLeft(o)) return E.left(atEntry(i, entry, table, o.left))
      const s = S.parse(entry.model, entry.strategy)
      if (E.isLeft(s)) return E.left(atEntry(i, entry, table, s.left))
      const twice = touchOnce(seen, entry.model, table, s.right.key, i)
      if (twice !== undefined) return E.left(atEntry(i, entry, table, twice))
      if (s.right.check !== undefined) {
        // the check is held to the model's fields as a read's filter is (what a field can hold)
        const compiled = Expression.request({ condition: s.right.check, fields: entry.model.fields })
        if (E.isLeft(compiled)) return E.left(atEntry(i, entry, table, compiled.left))
        const p = Evaluate.condition(s.right.check)
        if (E.isLeft(p)) return E.left(atEntry(i, entry, table, p.left))
        checks[i] = p.right
      }
      items[i] = { Get: { TableName: table, Key: s.right.key } }
    }
    return E.right({ input: { TransactItems: items }, checks })
  })

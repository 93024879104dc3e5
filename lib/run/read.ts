/**
 * Production reads (DESIGN §5.1): `page` (a page and a cursor), `pages` (a lazy stream of
 * them), `reduce` (a fold in constant memory), `count` (`Select: 'COUNT'`) and `getMany`,
 * all one loop over the page stream of `pages.ts`, with the read options: consistency, a
 * typed projection, a chosen index, the order, limits, parallel segments, pacing, abort.
 *
 * A page reads until it holds `pageSize` items, the end, or `maxRequests` requests. When a
 * response gives more than the page has room for, the page ends at its last returned item
 * and goes on from that item's key attributes (the table's, and the index's when it reads
 * one); when a response is taken whole, from its `LastEvaluatedKey`. So nothing that stays in
 * place is skipped or repeated between pages, in either order, filter or not.
 *
 * Requests: DynamoDB's `Limit` is what the page still has room for when every item read is
 * returned (no filter), else `pageSize` (items past the page's last one are read again by the
 * next page). A parallel scan reads its first segments not at their end at once (at most
 * `env.batch.concurrency` requests in flight; paced, one at a time), a round's pages taken in
 * segment order; a segment's stream exists only while it is read (memory does not grow with
 * `segments`, DynamoDB's limit is 1,000,000); a batch plan reads ahead up to
 * `env.batch.concurrency` chunks of its key list, taken in order (paced, one at a time: each
 * request waits for what the one before consumed, `pace.ts`).
 */
import * as t from 'io-ts'
import { booleanOption, expired, guard, invalid, leftThrown, names as optionNames, showing, signalOf, unknownOption, wholeOption, type Every, type Names } from './op.js'
import { read as readOptions } from './options.js'
import { threwAt } from '../internal/optionNames.js'
import { notOptions } from '../internal/optionNames.js'
import * as Clock from './clock.js'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import type * as A from '../ast/Attr.js'
import type * as C from '../ast/Condition.js'
import * as N from '../ast/nodes.js'
import type * as Evaluate from '../evaluate/Evaluate.js'
import * as Predicates from '../evaluate/predicate.js'
import * as DE from '../DynamoError.js'
import { modelError } from '../model/isModel.js'
import { decodeRead } from '../model/decodeEntity.js'
import { refuse } from '../model/refuse.js'
import { keyNames, positionKeyWhy } from '../model/storedKey.js'
import { showKey, showStored } from '../internal/show.js'
import * as Item from '../codec/Item.js'
import type * as M from '../model/Model.js'
import * as Computed from '../model/computed.js'
import type * as S from '../model/Strategy.js'
import * as Entity from '../plan/Entity.js'
import * as MF from '../model/fields.js'
import * as Plan from '../plan/Plan.js'
import { givenThrough } from '../plan/held.js'
import { perObject } from '../internal/memo.js'
import * as Batch from './batch.js'
import * as Cursor from './Cursor.js'
import * as Env from './Env.js'
import * as Pace from './pace.js'
import type { SplitOptions } from '../plan/split.js'
import * as Paging from './pages.js'
import * as PreparedReads from './prepared.js'
import { atLeastOne, pause } from './retry.js'
import { abortedAs } from './send.js'
import { TOTAL_SEGMENTS } from '../rules/limits.js'
import { hasOwn } from '../internal/own.js'
import { isWhole } from '../internal/whole.js'
import { none, some } from '../internal/option.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type AnyModel = M.Any
type AttributeMap = Paging.AttributeMap

/**
 * The names of a model's fields.
 *
 * @category model
 */
export type FieldName<Mo> = keyof M.TypeOf<Mo> & string

/**
 * What `select` takes: a list of the model's fields `K`. An empty list is no projection: a
 * `ValidationError` naming `select`, before any request. (A type that refused `[]` would be a
 * conditional type on `K`, which generic code forwarding its own `select` could not meet.)
 *
 * @category model
 */
export type Select<K> = ReadonlyArray<K>

/**
 * What `index` names: one of the model's indexes (a misuse that says so on a model that declares none).
 *
 * @category type-level
 */
export type IndexNameOption<Mo> = [M.IndexName<Mo>] extends [never] ? string & A.Misuse<'this model declares no index to read through'> : M.IndexName<Mo>

/**
 * The indexes that give a read of the fields `K` (`select`; none: every field) all it asks for
 * (`Model.IndexGives`), the others a misuse that says why: what `ReadOptions` written apart
 * from a read (`ReadOptions<typeof User, K>`) takes as `index`. A read itself takes any index
 * that holds the key fields, its type parameter `I` inferred from the name, and gives what
 * that index projects (`Read`, `Selectable`, `IndexCheck`).
 *
 * @category type-level
 */
export type IndexOption<Mo, K> = [M.IndexName<Mo>] extends [never]
  ? IndexNameOption<Mo>
  : {
      [N in M.IndexName<Mo>]: string extends M.IndexGives<Mo, N>
        ? N
        : [Exclude<[K] extends [never] ? FieldName<Mo> : K | M.KeyFieldName<Mo>, M.IndexGives<Mo, N>>] extends [never]
          ? N
          : N & ([K] extends [never] ? A.Misuse<`the index ${N} projects some fields only: options written apart from a read, or a read whose type arguments name no index, give every field (name the index in the read's own options or type arguments, or select what it projects)`> : A.Misuse<`the index ${N} does not project every field selected (and the key fields)`>)
    }[M.IndexName<Mo>]

declare const UnnamedId: unique symbol

/**
 * The index of a read that names none (a phantom: no value has this type, and no option's type
 * shows it): the default of a read's index parameter `I`, where the planner chooses (a read
 * names one through `index`, and `I` is then its name).
 *
 * @category type-level
 */
export interface Unnamed {
  readonly [UnnamedId]: true
}

/**
 * What a read through the index `I` asks besides its name: an index that projects the table's
 * key fields, which every read gives; and on a model with `ttl`, one that projects the
 * time-to-live attribute, unless the read says `includeExpired: true` (`X`, what it gives as
 * `includeExpired`): a filter tests only what an index projects, so expired items could not
 * be left out. A misuse on `index` says which, as the run refuses it (`ExpressionError`); of a
 * union of names, each is checked.
 *
 * @category type-level
 */
export type IndexCheck<Mo, I, X = boolean, R = boolean> = [I] extends [never] ? unknown : Unnamed extends I ? unknown : KeysCheck<Mo, I> & ExpiryCheck<Mo, I, X> & ConsistencyCheck<Mo, I, R>

/**
 * What `count` asks of its index `I`: of `IndexCheck`, the time-to-live attribute only (a count
 * gives no field, so an index need not project the key fields).
 *
 * @category type-level
 */
export type CountCheck<Mo, I, X, R = boolean> = [I] extends [never] ? unknown : Unnamed extends I ? unknown : ExpiryCheck<Mo, I, X> & ConsistencyCheck<Mo, I, R>

/** The indexes among `I` (one name, or a union of them: each is checked) that do not give the field `F`. */
type Lacking<Mo, I, F> = I extends unknown ? (F extends M.IndexGives<Mo, I> ? never : I) : never

/** The fields every index among `I` gives. */
type GivenByEvery<Mo, I> = { [F in FieldName<Mo>]: [Lacking<Mo, I, F>] extends [never] ? F : never }[FieldName<Mo>]

type KeysCheck<Mo, I> = [{ [F in M.KeyFieldName<Mo>]: Lacking<Mo, I, F> }[M.KeyFieldName<Mo>]] extends [never]
  ? unknown
  : { readonly index?: A.Misuse<`the index ${{ [F in M.KeyFieldName<Mo>]: Lacking<Mo, I, F> }[M.KeyFieldName<Mo>] & string} does not project the key fields (a read gives them)`> }

type ExpiryCheck<Mo, I, X> = [X] extends [true]
  ? unknown
  : [M.TtlOf<Mo>] extends [never]
    ? unknown
    : string extends M.TtlOf<Mo>
      ? unknown
      : [NotHolding<Mo, I, M.TtlOf<Mo>>] extends [never]
        ? unknown
        : { readonly index?: A.Misuse<`the index ${NotHolding<Mo, I, M.TtlOf<Mo>> & string} does not project the ttl attribute ${M.TtlOf<Mo> & string}: expired items cannot be left out (includeExpired: true reads them all)`> }

/** The indexes among `I` that do not hold the attribute of the field `F` (a local index's projection counts: a filter tests only what it holds). */
type NotHolding<Mo, I, F> = I extends unknown ? (F extends M.IndexHolds<Mo, I> ? never : I) : never

/**
 * The global indexes among `I` (one name, or a union of them) of `Mo`.
 *
 * @category type-level
 */
export type GlobalIndexNames<Mo, I> = Mo extends { readonly indexes: infer X } ? (I extends keyof X ? (X[I] extends { readonly _tag: 'GlobalIndex' } ? I : never) : never) : never

/**
 * What a read through the index `I` asks of `consistentRead` (`R`, what the read gives as
 * `consistentRead`): `true` through a global index (of a union of names, any) is a misuse on
 * `index` that says why, as the run refuses it (`ExpressionError`: DynamoDB reads a global index
 * eventually consistently only). A local index and the table take it; a flag that is a `boolean`
 * (options forwarded by generic code) is the run's to check.
 *
 * @category type-level
 */
export type ConsistencyCheck<Mo, I, R> = [R] extends [true]
  ? [GlobalIndexNames<Mo, I>] extends [never]
    ? unknown
    : { readonly index?: A.Misuse<`the global index ${GlobalIndexNames<Mo, I> & string} cannot be read with consistentRead (DynamoDB refuses it; the table and a local index can be)`> }
  : unknown

/**
 * What a read gives as `descending` and `segments` (`D`, `G`, a read's type parameters:
 * `SelectionOf`; `SplitChecks` reads the options whole).
 *
 * @category type-level
 */
export interface OrderOption<D extends boolean, G extends number> {
  readonly descending?: D | undefined
  readonly segments?: G | undefined
}

/** Whether a read's `segments` (`G`) is given as a number literal: a `number` (options typed apart from the read, or not given) is the run's to check. */
type Splits<G> = [G] extends [never] ? false : number extends G ? false : true

/**
 * What the options of a read ask of one another, as the run refuses them: `segments` and
 * `segment` not both; neither with `descending: true` (they split a Scan, which has no order).
 * A misuse on the option that contradicts says why. Only what the options' type tells is
 * checked: `descending: true`, and `segments` given as a number literal (a `boolean` or a
 * `number`, as in options typed apart from the read or forwarded by generic code, is the run's
 * to check). `O` is the options as the read is given them, taken member by member: options that are a union (`flag ? { descending: true } : { segments: 4 }`) are
 * refused where one member contradicts itself, as the run refuses that member, and not where
 * members only differ from one another. The misuse is then on every member's option (the
 * union is refused as a whole). `O` is inferred from the options through the false branch,
 * which no `O` takes, so that it adds no property of its own to the options' type.
 *
 * @category type-level
 */
export type SplitChecks<O> = [O] extends [unknown]
  ? ('both' extends Contradiction<O>
      ? { readonly segment?: A.Misuse<'segments and segment cannot both be given: segments reads every segment of the Scan, segment one of them'> }
      : unknown) &
      ('descending' extends Contradiction<O>
        ? {
            readonly segments?: A.Misuse<'descending orders a Query; segments split a Scan, which has no order'>
            readonly segment?: A.Misuse<'descending orders a Query; segment reads a segment of a Scan, which has no order'>
          }
        : unknown)
  : O

/**
 * The checks of a read's options (`page`, `pages`, `reduce`, `getMany`), as the run makes them:
 * `includeExpired` (`X`), `consistentRead` (`R`) and `index` (`I`) of one another
 * (`IndexCheck`), `descending` (`D`) and `segments` (`G`, `OrderOption`), and what the options
 * `O` contradict (`SplitChecks`). One list, so that every read checks the same.
 *
 * @category type-level
 */
export type ReadChecks<Mo, I, X extends boolean, R extends boolean, D extends boolean, G extends number, O> = ExpiredOption<X> &
  ConsistentOption<R> &
  IndexCheck<Mo, I, X, R> &
  OrderOption<D, G> &
  SplitChecks<O>

/** Whether an options member `O` gives its option `K` (a value other than `undefined`). */
type Gives<O, K extends PropertyKey> = K extends keyof O ? ([Exclude<O[K], undefined>] extends [never] ? false : true) : false

/**
 * What each member of a read's options `O` contradicts (`SplitChecks`): `'both'` (`segments`
 * and `segment`), `'descending'` (`descending: true` with either).
 */
type Contradiction<O> = O extends unknown
  ?
      | (Gives<O, 'segment'> extends true ? (Splits<'segments' extends keyof O ? Exclude<O['segments'], undefined> : never> extends true ? 'both' : never) : never)
      | ([O extends { readonly descending?: infer D } ? D : unknown] extends [true] ? (true extends Gives<O, 'segments'> | Gives<O, 'segment'> ? 'descending' : never) : never)
  : never

/**
 * What a read takes as its selection, given its options (`D`, `G`: `OrderOption`; `O`: the
 * options whole, as `SplitChecks` reads them): `Selection`, but a key list (`BatchGetItem`) or a
 * key tuple (`GetItem`) is a misuse that says why where the options need a Query or a Scan, as
 * the run refuses it: `segments` given as a number literal, or `segment` (they split a Scan);
 * `index` (keys are read from the table); and, for a key list, `descending: true` (its items
 * come in its keys' order; a key tuple's one item is in either). Options that are a union are
 * read member by member, as `SplitChecks` reads them: keys are refused where one member would
 * be. An option that may be absent (optional, or of a type that holds `undefined`), as in
 * options typed apart from the read (`ReadOptions<typeof M>`, whose `index` is any index of the
 * model), is the run's to check. Otherwise `Selection`, with a misuse that says what a read of
 * many items takes, for the compiler's message of an object of key fields (`KeyObjectMisuse`).
 *
 * @category type-level
 */
export type SelectionOf<Mo, D, G, O = unknown> =
  Splits<G> extends true
    ? C.Condition<NoInfer<Mo>> | KeysMisuse<Mo, 'segments split a Scan: a read of keys takes a condition'>
    : true extends Surely<O, 'segment'>
      ? C.Condition<NoInfer<Mo>> | KeysMisuse<Mo, 'segment reads a segment of a Scan: a read of keys takes a condition'>
      : true extends Surely<O, 'index'>
        ? C.Condition<NoInfer<Mo>> | KeysMisuse<Mo, 'keys are read from the table: a read through an index takes a condition'>
        : [D] extends [true]
          ? NoInfer<M.KeyTuple<Mo>> | C.Condition<NoInfer<Mo>> | KeysMisuse<Mo, "descending orders a Query; a key list is read by BatchGetItem, whose items come in its keys' order">
          : true extends Descends<O>
            ? NoInfer<M.KeyTuple<Mo>> | C.Condition<NoInfer<Mo>> | KeysMisuse<Mo, "descending orders a Query; a key list is read by BatchGetItem, whose items come in its keys' order">
            : A.Misuse<WholeKeys> | Selection<Mo>

/**
 * Whether each member of a read's options `O` surely gives its option `K`: a property that is
 * not optional, of a type without `undefined` (of options typed `any`, `false`).
 */
type Surely<O, K extends PropertyKey> = O extends unknown ? (K extends keyof O ? ({} extends Pick<O, K> ? false : undefined extends O[K] ? false : true) : false) : never

/** Whether each member of a read's options `O` gives `descending: true`. */
type Descends<O> = O extends unknown ? ([O extends { readonly descending?: infer D } ? D : unknown] extends [true] ? true : false) : never

/** A key list or tuple refused, saying why (a list of the model's strategies, and the misuse no list is). */
type KeysMisuse<Mo, Why extends string> = NoInfer<ReadonlyArray<M.Strategy<Mo>>> & A.Misuse<Why>

/**
 * What a read gives as `consistentRead` (`R`, a read's type parameter: `ConsistencyCheck`).
 *
 * @category type-level
 */
export interface ConsistentOption<R extends boolean> {
  readonly consistentRead?: R | undefined
}

/**
 * What a read gives as `includeExpired` (`X`, a read's type parameter: `IndexCheck`).
 *
 * @category type-level
 */
export interface ExpiredOption<X extends boolean> {
  readonly includeExpired?: X
}

/**
 * What `select` may list in a read through the index `I`: the fields that index gives; one it
 * does not project is a misuse naming the index and the field. (Where no index is named, or
 * one gives every field: every field.)
 *
 * @category type-level
 */
export type Selectable<Mo, I> = Unnamed extends I
  ? FieldName<Mo>
  : [I] extends [never]
    ? FieldName<Mo>
    : { [F in FieldName<Mo>]: [Lacking<Mo, I, F>] extends [never] ? F : F & A.Misuse<`the index ${Lacking<Mo, I, F> & string} does not project ${F}`> }[FieldName<Mo>]

/**
 * What a read gives for each item: the model's item, or with `select` the part asked for (the
 * key fields with it); through an index `I` and without `select`, what that index gives
 * (`Model.IndexGives`: every field, or its keys and the fields it projects).
 *
 * @category type-level
 */
export type Read<Mo, K, I = Unnamed> = [K] extends [never] ? (Unnamed extends I ? M.TypeOf<Mo> : [I] extends [never] ? M.TypeOf<Mo> : Through<Mo, I>) : M.Projected<Mo, K>

type Through<Mo, I> = [Exclude<FieldName<Mo>, GivenByEvery<Mo, I>>] extends [never] ? M.TypeOf<Mo> : Pick<M.TypeOf<Mo>, GivenByEvery<Mo, I>>

/**
 * The options of every read (DESIGN §5.1).
 *
 * @category model
 */
export interface ReadOptions<Mo, K extends FieldName<Mo> = never, I = Unnamed> {
  /** `ConsistentRead` on every request of every plan; never through a global index (`ConsistencyCheck`). */
  readonly consistentRead?: boolean | undefined
  /** Only these fields (and the key fields) come back, decoded by that part of the codec. */
  readonly select?: Select<K>
  /**
   * Read through this declared index (`I`, a read's type parameter inferred from it, checked by
   * `IndexCheck`): the read gives what it projects (a union of names: what every one of them projects).
   * Options written apart from a read (`I` is `Unnamed`) take the indexes of `IndexOption`.
   */
  readonly index?: Unnamed extends I ? ([I] extends [Unnamed] ? IndexOption<Mo, K> : IndexNameOption<Mo>) : I
  /** Descending range-key order (a Query); an `ExpressionError` on a Scan or a key list (BatchGetItem: its keys' order). */
  readonly descending?: boolean | undefined
  /** The most items returned in all (`getMany`, `pages`, `reduce`). */
  readonly limit?: number | undefined
  /** The most items one page returns (`page`, `pages`: default 100; elsewhere: the most one request reads). */
  readonly pageSize?: number | undefined
  /** A Scan plan as that many parallel segment scans, merged. */
  readonly segments?: number | undefined
  /** Only this segment of a parallel Scan. */
  readonly segment?: { readonly index: number; readonly total: number } | undefined
  /**
   * Requests paced so the consumed read capacity stays under this rate: each asks for what it
   * consumes (`ReturnConsumedCapacity`), and the next one waits for it. Requests go one at a
   * time: a key list's (`BatchGetItem`), its retries of unprocessed keys paced too, and a Scan's
   * in `segments`, which share the rate (in turn, not at once: n segments read at once would
   * consume n times it).
   */
  readonly readUnitsPerSecond?: number | undefined
  /**
   * On a model with `ttl`: read the items whose time has passed too (by default they are left
   * out, as DynamoDB will soon delete them: the read's filter, or a check of the items read).
   */
  readonly includeExpired?: boolean
  /** Cancels: no request starts after it, the one in flight is aborted; `Left(AwsError)` named `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options of `page` (and, with `limit`, of `pages`).
 *
 * @category model
 */
export interface PageOptions<Mo, K extends FieldName<Mo> = never, I = Unnamed> extends ReadOptions<Mo, K, I> {
  /** Where the page starts: the cursor of the page before it. */
  readonly cursor?: string | undefined
  /**
   * Ends a page after this many requests (a whole number from 1): it may then hold fewer than
   * `pageSize` items, even none, and still carries a cursor (`pages`: each page). `getMany`,
   * `reduce` and `count` read to the end and refuse it (a `ValidationError`).
   */
  readonly maxRequests?: number | undefined
  /** None: `page` takes no `limit` (DESIGN §5.1), `pageSize` bounds a page; `pages`, `reduce` and `getMany` take it. */
  readonly limit?: number & A.Misuse<'page takes no limit: pageSize bounds a page (pages, reduce and getMany take a limit)'>
}

/** Every option a read takes (`PageOptions` with `limit`, as `pages` takes them). */
type AnyOptions<Mo, K extends FieldName<Mo>> = ReadOptions<Mo, K, string> & Pick<PageOptions<Mo, K, string>, 'cursor' | 'maxRequests'>

/** Every option a read takes, by name: what `readOptions` reads of an options object, once each. */
export const readOptionNames = optionNames<AnyOptions<AnyModel, string>>({
  consistentRead: true,
  select: true,
  index: true,
  descending: true,
  limit: true,
  pageSize: true,
  maxRequests: true,
  segments: true,
  segment: true,
  readUnitsPerSecond: true,
  includeExpired: true,
  signal: true,
  cursor: true,
})

/**
 * The read options a read takes, by name, for the message of an option of another name
 * (`Names.shown`): each reads every read option (those it does not take refused by its own
 * message, `notTaken`), and says it takes the others only. `pages` takes them all. `notTaken`
 * is what the read's options type `O` lacks of every read option's.
 */
const readsTakingAllBut = <O>(...notTaken: ReadonlyArray<Exclude<keyof AnyOptions<AnyModel, string>, keyof O>>): Names<AnyOptions<AnyModel, string>> =>
  showing(readOptionNames, { keys: readOptionNames.keys.filter((k) => !(notTaken as ReadonlyArray<string>).includes(k)) })
/** `page`'s: no `limit` (`pageSize` bounds a page). */
const pageNames = readsTakingAllBut<Omit<AnyOptions<AnyModel, string>, 'limit'>>('limit')
/** `getMany`'s and `reduce`'s: no `cursor` nor `maxRequests` (they read from the start to the end). */
const allNames = readsTakingAllBut<Omit<AnyOptions<AnyModel, string>, 'cursor' | 'maxRequests'>>('cursor', 'maxRequests')
/** `count`'s (`CountOptions`): no `select`, `limit`, `descending`, `cursor` nor `maxRequests`. */
const countNames = readsTakingAllBut<CountOptions<AnyModel, string>>('select', 'limit', 'descending', 'cursor', 'maxRequests')

/**
 * `readOptions(given, readOptionNames)` written out for the reads of this module: the same
 * options read once each, in the same order, into one object of one shape (an absent option
 * `undefined`, which every reader here takes as absent). A copy built name by name takes a
 * keyed read and store of a new shape for each option, on every page. The copy is an
 * `Every` of the options, as `readOptionNames`' record is their `Names`: the compiler holds
 * both to every option of `AnyOptions`, none missing, none other. Exported for its spec.
 */
export const readOnce = (
  given: AnyOptions<AnyModel, string> | undefined,
  names: Names<AnyOptions<AnyModel, string>> = readOptionNames,
): E.Either<DE.DynamoError, AnyOptions<AnyModel, string>> => {
  if (given === undefined || typeof given !== 'object' || given === null) return readOptions(given, names)
  // the option being read: a getter (or a Proxy's trap) that throws is a ValidationError naming it
  let at = 'options'
  try {
    if (Array.isArray(given)) return readOptions(given, names)
    const other = unknownOption(given, names)
    if (other !== undefined) return E.left(other)
    const o = given
    const consistentRead = ((at = 'consistentRead'), o.consistentRead)
    const select = ((at = 'select'), o.select)
    const index = ((at = 'index'), o.index)
    const descending = ((at = 'descending'), o.descending)
    const limit = ((at = 'limit'), o.limit)
    const pageSize = ((at = 'pageSize'), o.pageSize)
    const maxRequests = ((at = 'maxRequests'), o.maxRequests)
    const segments = ((at = 'segments'), o.segments)
    const segment = ((at = 'segment'), o.segment)
    const readUnitsPerSecond = ((at = 'readUnitsPerSecond'), o.readUnitsPerSecond)
    const includeExpired = ((at = 'includeExpired'), o.includeExpired)
    const signal = ((at = 'signal'), o.signal)
    const cursor = ((at = 'cursor'), o.cursor)
    const copy: Every<AnyOptions<AnyModel, string>> = { consistentRead, select, index, descending, limit, pageSize, maxRequests, segments, segment, readUnitsPerSecond, includeExpired, signal, cursor }
    return E.right(copy)
  } catch (e) {
    return E.left(threwAt(at, e))
  }
}

/**
 * The options of `count`: those of a read that gives no item (no `select`, any index; no `limit`, no order).
 *
 * @category model
 */
export interface CountOptions<Mo, I = Unnamed> extends Omit<ReadOptions<Mo>, 'select' | 'limit' | 'descending' | 'index'> {
  /**
   * Read through this declared index, whatever it projects: a count gives no field. What it
   * tests must be projected, the time-to-live attribute of a model with `ttl` included (unless
   * `includeExpired`): the run refuses an index that lacks it (`ExpressionError`), and the
   * types do too.
   */
  readonly index?: Unnamed extends I ? IndexNameOption<Mo> : I
}

/**
 * The options of `getOne`.
 *
 * @category model
 */
export interface OneOptions<Mo, K extends FieldName<Mo> = never> {
  readonly consistentRead?: boolean | undefined
  readonly select?: Select<K>
  /** On a model with `ttl`: give the item even when its time has passed (by default that is `NotFound`). */
  readonly includeExpired?: boolean | undefined
  readonly signal?: AbortSignal | undefined
}

/**
 * One page of a read: its items, and the cursor where the next page starts.
 *
 * @category model
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** Where the next page starts; `none` only at the end. */
  readonly cursor: O.Option<string>
}

/**
 * What `pages` gives: the pages of a read, one `for await` at a time. Its iterator returns
 * nothing when done and takes nothing from `next` (not TypeScript's default `any`), written
 * with `AsyncIterator`'s three arguments, which every TypeScript reads (`AsyncIterable`'s
 * second and third arguments need TypeScript 5.6). An async generator is one.
 *
 * @category model
 */
export interface Pages<A> extends AsyncIterable<A> {
  [Symbol.asyncIterator](): AsyncIterator<A, void, undefined>
}

/**
 * What a read selects: a list of keys (strategies), a key tuple, or a condition. Each is read
 * against the model of the read's first argument, never used to infer it (`NoInfer`): a key
 * typed `Model.KeyValue<M>` in code generic in `M` would otherwise make the model `Model.Any`
 * and the results `any`.
 *
 * @category model
 */
export type Selection<Mo> = NoInfer<ReadonlyArray<M.Strategy<Mo>> | M.KeyTuple<Mo>> | C.Condition<NoInfer<Mo>>

/**
 * What a read of many items, and `deleteMany`, take, said by a misuse (`KeyObjectMisuse`): a list of whole keys or a condition.
 *
 * @category type-level
 */
export type WholeKeys = 'many items are selected by a list of whole keys ([{ ...every key field }] or [[hash, range]]) or a condition: the items of one hash key are a Query of C.eq on each hash key field'

/**
 * What `SelectionOf` adds to `Selection` for the compiler's message of one object of key fields
 * given where a read of many items takes a list of keys (`getMany(Order, { customerId })`): a
 * misuse that says what to give (`WholeKeys`), no value's type. It has no index signature, so
 * that only an object literal given whole is checked for excess properties against it: a key
 * list's elements (a wrong value, a tuple, a condition of another model) keep the messages of
 * the model's key strategies, and a key list of partial keys (`[{ customerId }]`) the message of
 * its key's misuse. It is of no model: the compiler elaborates an object literal against the
 * first member of a union that is not array-like, in the order the members were made, and one
 * made with the declaration comes before every model's condition. `SelectionOf` writes it as
 * `A.Misuse<WholeKeys>`, so that the message shows the misuse's text, not this name.
 *
 * @category type-level
 */
export type KeyObjectMisuse = A.Misuse<WholeKeys>

// -------------------------------------------------------------------------------------
// options
// -------------------------------------------------------------------------------------

const defaultPageSize = 100

/** DynamoDB's most segments of a parallel Scan. */
const maxSegments = TOTAL_SEGMENTS

/**
 * Every option a read takes, checked before any request (what `any` let through included):
 * the options to read by, with `select` a copy of the caller's list, read once (a list that
 * answers differently each time, a Proxy, is checked, keyed and planned as one list).
 */
const checkOptions = (m: AnyModel, o: AnyOptions<AnyModel, string>): E.Either<DE.DynamoError, AnyOptions<AnyModel, string>> => {
  const notObject = notOptions(o)
  if (notObject !== undefined) return invalid('options', notObject)
  const flag = booleanOption('descending', o.descending) ?? booleanOption('consistentRead', o.consistentRead) ?? booleanOption('includeExpired', o.includeExpired)
  if (flag !== undefined) return E.left(flag)
  const whole = wholeOption('pageSize', o.pageSize, 1) ?? (o.limit === Infinity ? undefined : wholeOption('limit', o.limit, 0)) ?? wholeOption('maxRequests', o.maxRequests, 1)
  if (whole !== undefined) return E.left(whole)
  if (o.segments !== undefined && o.segment !== undefined) return invalid('segments', 'segments and segment cannot both be given')
  const segments = wholeOption('segments', o.segments, 1, maxSegments)
  if (segments !== undefined) return E.left(segments)
  let segment: { readonly index: number; readonly total: number } | undefined
  if (o.segment !== undefined) {
    const s = o.segment as { index?: unknown; total?: unknown } | null
    // each read once (a getter may answer otherwise), and the request given the values checked
    const total = s === null || typeof s !== 'object' ? undefined : s.total
    const index = s === null || typeof s !== 'object' ? undefined : s.index
    if (!isWhole(total, 1, maxSegments) || !isWhole(index, 0, total - 1)) {
      return invalid('segment', `must be { index, total } with 0 ≤ index < total ≤ ${maxSegments.toLocaleString('en-US')}`)
    }
    segment = { index, total }
  }
  const rate = checkRate(o.readUnitsPerSecond)
  if (rate !== undefined) return rate
  const select = checkSelect(m, o.select)
  if (E.isLeft(select)) return select
  if (o.index !== undefined && typeof o.index !== 'string') return invalid('index', 'must be the name of a declared index')
  // the caller's signal read here, once: the read follows it through a signal of its own (`signalOf`)
  const signal = signalOf(o.signal)
  if (E.isLeft(signal)) return signal
  if (o.cursor !== undefined && typeof o.cursor !== 'string') return invalid('cursor', 'must be a string')
  const followed = signal.right === o.signal ? o : { ...o, signal: signal.right }
  const checked = segment === undefined ? followed : { ...followed, segment }
  return E.right(select.right === undefined ? checked : { ...checked, select: select.right })
}

/** Why a read's `readUnitsPerSecond` is no rate (`explain` checks it so too): a finite number > 0, or absent. */
export const checkRate = (rate: unknown): E.Either<DE.DynamoError, never> | undefined =>
  rate === undefined || (typeof rate === 'number' && Number.isFinite(rate) && rate > 0) ? undefined : invalid('readUnitsPerSecond', `must be a number > 0, got ${String(rate)}`)

const noSelect: E.Either<never, undefined> = E.right(undefined)

/**
 * A read's `select`, checked (`explain` reads it so too): a list of 1 or more of the model's
 * fields, copied once (a list that answers differently each time, a Proxy, is read as one
 * list). No field is no projection: the key fields come with every one, and a read of the
 * keys alone selects one of them.
 */
export const checkSelect = (m: AnyModel, given: unknown): E.Either<DE.DynamoError, ReadonlyArray<string> | undefined> => {
  if (given === undefined) return noSelect
  if (!Array.isArray(given)) return invalid('select', 'must be a list of field names')
  const copy: ReadonlyArray<unknown> = Array.from(given as ReadonlyArray<unknown>)
  if (copy.length === 0) return invalid('select', `select lists at least one field of ${m.table} (the key fields come with every projection: select one of them for the keys alone)`)
  for (const n of copy) {
    if (typeof n !== 'string' || !hasOwn(m.fields, n)) return invalid('select', `${String(n)} is not a field of ${m.table}`)
  }
  return E.right(copy as ReadonlyArray<string>)
}

// -------------------------------------------------------------------------------------
// projections
// -------------------------------------------------------------------------------------

/**
 * The options of a read that names a global index projecting some fields and selects none: it
 * selects what that index gives (`givenThrough`, `Read`'s type through it), read and
 * decoded as any select is; other options as they are.
 */
export const throughIndex = <O extends { readonly index?: unknown; readonly select?: unknown }>(m: AnyModel, o: O): O => {
  if (o.select !== undefined || typeof o.index !== 'string') return o
  const fields = givenThrough(m, o.index)
  return fields === undefined ? o : { ...o, select: fields }
}

/** The fields a read with `select` gives: those asked for and the key fields, in the model's order (what it asks an index to project; `explain` too). */
export const projectedNames = (m: AnyModel, select: ReadonlyArray<string>): ReadonlyArray<string> => {
  const keys = Computed.keyFieldNames(m)
  return Object.keys(m.fields).filter((n) => keys.includes(n) || select.includes(n))
}

/** The codec of part of an item: the fields `names`, each required as in the model's codec. */
const partCodecs = perObject((_m: AnyModel) => new Map<string, t.Mixed>())

const partCodec = (m: AnyModel, names: ReadonlyArray<string>): t.Mixed => {
  const cache = partCodecs(m)
  const id = names.join('\u0000')
  let codec = cache.get(id)
  if (codec === undefined) {
    const required = MF.requiredFields(m.codec)
    const req: Record<string, t.Mixed> = {}
    const opt: Record<string, t.Mixed> = {}
    for (const n of names) (required.has(n) ? req : opt)[n] = m.fields[n] as t.Mixed
    codec = t.intersection([t.type(req), t.partial(opt)])
    cache.set(id, codec)
  }
  return codec
}

/**
 * How a read through `index` (`undefined`: the table) decodes its items: the model's codec, an
 * entity's item with the keys that read answers by checked (`decodeRead`: the table's, and that
 * index's), or with `select` that part of it (the attributes read for the positions only, such
 * as an index's key, left out).
 */
const decoderOf = (m: AnyModel, select: ReadonlyArray<string> | undefined, index: string | undefined): ((item: AttributeMap) => E.Either<DE.DynamoError, unknown>) => {
  if (select === undefined) return (item) => decodeRead(m, item, index)
  const names = projectedNames(m, select)
  const codec = partCodec(m, names)
  return (item) => Item.decode(codec, Paging.pick(item, names))
}

/**
 * `decoderOf` for a read of many items of table `table` (as sent) through `index`: an item that does not decode
 * is named in its error (`itemNamed`), among the many the read gives.
 */
const manyDecoderOf = (m: AnyModel, select: ReadonlyArray<string> | undefined, table: string, index: string | undefined): ((item: AttributeMap) => E.Either<DE.DynamoError, unknown>) => {
  if (select !== undefined) return namingDecoder(m, select, table, index)
  // a read of every field: one decoder a table and index (a read is prepared on every page)
  const kept = wholeDecoders(m)
  const id = index === undefined ? table : `${table}\u0000${index}`
  let decode = kept.get(id)
  if (decode === undefined) {
    if (kept.size >= capacityOfDecoders) kept.clear()
    decode = namingDecoder(m, undefined, table, index)
    kept.set(id, decode)
  }
  return decode
}

/** The decoders of reads of every field of a model, by table (as sent) and index: a few a model (`capacityOfDecoders` at most). */
const wholeDecoders = perObject((_m: AnyModel) => new Map<string, (item: AttributeMap) => E.Either<DE.DynamoError, unknown>>())
const capacityOfDecoders = 16

const namingDecoder = (m: AnyModel, select: ReadonlyArray<string> | undefined, table: string, index: string | undefined): ((item: AttributeMap) => E.Either<DE.DynamoError, unknown>) => {
  const decode = decoderOf(m, select, index)
  const keys = keyNames(m)
  return (item) => {
    const a = decode(item)
    return E.isRight(a) ? a : E.left(itemNamed(table, keys, item, a.left))
  }
}

/**
 * `e`, the error of decoding `item`, a stored item of a read of many, with the item named at the
 * start of each issue's path: `name[key]`, its key attributes `keyNames` and their stored values
 * (`table[c = "c1", id = 2].n`); another error as it is. The one naming of a read's items
 * (`collection` names them by their model's name).
 */
export const itemNamed = (name: string, keyNames: ReadonlyArray<string>, item: AttributeMap, e: DE.DynamoError): DE.DynamoError => {
  if (e._tag !== 'ValidationError') return e
  const at = `${name}[${showKey(keyNames, (n) => showStored(item[n]))}]`
  return DE.validationError(e.issues.map((i) => ({ path: i.path === '' ? at : `${at}.${i.path}`, message: i.message })))
}

// -------------------------------------------------------------------------------------
// a prepared read
// -------------------------------------------------------------------------------------

export interface Prepared {
  /** The kind of the read's plan. */
  readonly plan: Plan.Plan['_tag']
  /** The read's plan. */
  readonly planned: Plan.Plan
  /** How many streams the read has: its segments (1 for a read that is not split). */
  readonly segments: number
  /**
   * The stream of segment `seg` (0 for a read that is not split), made when a read of it starts
   * and kept until `ended` says it is at its end: at most the segments being read exist at once,
   * however many the read has.
   */
  readonly stream: (seg: number) => E.Either<DE.DynamoError, Paging.Stream>
  /** Segment `seg` is at its end: its stream is let go. */
  readonly ended: (seg: number) => void
  /** What a cursor of this read must agree with (computed when a cursor is read or made). */
  readonly expected: () => Cursor.Expected
  readonly decode: (item: AttributeMap) => E.Either<DE.DynamoError, unknown>
  readonly rate: number | undefined
  readonly signal: AbortSignal | undefined
}

/**
 * The plan of a read and its streams, or the error DynamoDB would give, before any request;
 * a read of one stream kept by content (`prepared.ts`: a service prepares the same read on
 * every page; a batch plan's read as its plan, from which each call makes its streams afresh,
 * as they keep their progress), the last one kept or found compared first (`sameRead`: nothing
 * hashed for a walk's next page), then the one kept under its hash, taken only when made from the
 * same (`sameRead`); a read is kept from its second preparation (`PreparedReads.admitted`). A
 * read not found is hashed and prepared from one snapshot of its condition
 * (`PreparedReads.conditionOnce`), so a condition whose nodes read differently each time (a
 * getter, a Proxy) is never kept as another content's read.
 */
const prepare = (m: AnyModel, env: Env.Env, strategy: unknown, given: AnyOptions<AnyModel, string>, count: boolean, operation: string): E.Either<DE.DynamoError, Prepared> => {
  const notModel = modelError(m)
  if (notModel !== undefined) return E.left(notModel)
  const checked = checkOptions(m, given)
  if (E.isLeft(checked)) return checked
  const o = count ? checked.right : throughIndex(m, checked.right)
  const now = Clock.expiryTime(env, [m], o.includeExpired)
  if (now !== undefined) return unkept(m, env, strategy, o, count, operation, now)
  const table = Env.tableName(env, m.table)
  const parts = keyParts(o)
  if (parts === undefined || !N.isCondition(strategy)) return unkept(m, env, strategy, o, count, operation, now)
  if (last !== undefined && last.m === m && sameRead(last, table, strategy, parts, count, operation)) return again(last, env, o, count, operation)
  const key = readHash(table, strategy, parts, count, operation)
  if (key === undefined) return unkept(m, env, strategy, o, count, operation, now)
  // a read of the same hash is taken only when made from the same (hashes may be shared)
  const found = PreparedReads.found(m, key) as Kept | undefined
  if (found !== undefined && sameRead(found, table, strategy, parts, count, operation)) {
    last = found
    return again(found, env, o, count, operation)
  }
  // one snapshot, planned and kept; or its error: never the caller's condition read again (a
  // getter answering otherwise would be planned unchecked). It is kept under the hash of the
  // condition as first read: where a getter answered otherwise, under another content's hash,
  // where it is taken for no read but one of its own content (`sameRead` compares with the copy)
  const once = PreparedReads.conditionOnce(strategy)
  if (E.isLeft(once)) return once
  const copy = once.right as C.Condition
  const p = prepareAfresh(m, env, copy, o, count, operation, now)
  if (E.isRight(p) && p.right.segments === 1) {
    // a batch plan's streams keep their progress: its plan is kept, its streams made again for each read
    last = p.right.plan === 'BatchGetItem' ? { m, table, operation, count, parts, condition: copy, prepared: p, batch: p.right.planned } : { m, table, operation, count, parts, condition: copy, prepared: p }
    // the last read compared first, whether kept or not: a walk's next page takes it
    if (PreparedReads.admitted(m, key)) PreparedReads.keep(m, key, last)
  }
  return p
}

/**
 * A read that is not kept, prepared from one snapshot of its condition
 * (`PreparedReads.conditionOnce`): its request, its cursors and its answer's checks (a Query's
 * partition, `answer.ts`) all read the same values.
 */
const unkept = (
  m: AnyModel, env: Env.Env, strategy: unknown, o: AnyOptions<AnyModel, string>, count: boolean, operation: string, now: Date | undefined,
): E.Either<DE.DynamoError, Prepared> => {
  const s = PreparedReads.conditionOnce(strategy)
  return E.isLeft(s) ? s : prepareAfresh(m, env, s.right, o, count, operation, now)
}

/** A kept read for another call: itself, or a batch plan's read prepared again from its kept plan (its keys not planned again). */
const again = (k: Kept, env: Env.Env, o: AnyOptions<AnyModel, string>, count: boolean, operation: string): E.Either<DE.DynamoError, Prepared> =>
  k.batch === undefined ? k.prepared : prepareAfresh(k.m, env, k.condition, o, count, operation, undefined, k.batch)

/** The options a kept read is keyed by, each read once; `undefined` for a read that is not kept (an abort signal, segments). */
interface KeyParts {
  readonly consistentRead: boolean
  readonly descending: boolean
  readonly readUnitsPerSecond: number | undefined
  readonly index: string | undefined
  readonly select: ReadonlyArray<string> | undefined
}

const keyParts = (o: AnyOptions<AnyModel, string>): KeyParts | undefined => {
  if (o.signal !== undefined || o.segments !== undefined || o.segment !== undefined) return undefined
  // `select` is `checkOptions`' copy: read once, never changed, so kept as it is
  return { consistentRead: o.consistentRead === true, descending: o.descending === true, readUnitsPerSecond: o.readUnitsPerSecond, index: o.index as string | undefined, select: o.select }
}

/** A kept read, with everything it is hashed from and compared with (`readHash`, `sameRead`). */
interface Kept {
  readonly m: AnyModel
  readonly table: string
  readonly operation: string
  readonly count: boolean
  readonly parts: KeyParts
  /** The snapshot the read was prepared from. */
  readonly condition: C.Condition
  readonly prepared: E.Either<DE.DynamoError, Prepared>
  /** A batch plan's read: its plan, from which each call prepares it (its streams hold their progress). */
  readonly batch?: Plan.Plan
}

/**
 * The read last prepared (kept or not) or found: the pages of one read come one after another,
 * and comparing with it (`sameRead`) costs less than hashing the read and looking it up.
 */
let last: Kept | undefined

/** Whether a read of these is made from what `k` was: the same table, operation, options and condition (`sameCondition`, each node read once). */
const sameRead = (k: Kept, table: string, strategy: C.Condition, parts: KeyParts, count: boolean, operation: string): boolean =>
  k.table === table &&
  k.operation === operation &&
  k.count === count &&
  k.parts.consistentRead === parts.consistentRead &&
  k.parts.descending === parts.descending &&
  k.parts.readUnitsPerSecond === parts.readUnitsPerSecond &&
  k.parts.index === parts.index &&
  sameNames(k.parts.select, parts.select) &&
  PreparedReads.sameCondition(strategy, k.condition)

const sameNames = (a: ReadonlyArray<string> | undefined, b: ReadonlyArray<string> | undefined): boolean =>
  a === undefined || b === undefined ? a === b : Paging.sameList(a, b)

/**
 * A hash of everything a read is prepared from (`prepareAfresh` reads nothing else): the
 * table, the operation, the options and the condition (`PreparedReads.conditionHash`), the
 * options first; `undefined` for a condition that is not kept (not of plain values).
 */
const readHash = (table: string, strategy: C.Condition, o: KeyParts, count: boolean, operation: string): number | undefined => {
  const select = o.select
  const options = PreparedReads.partsHash([table, operation, count, o.consistentRead, o.descending, o.readUnitsPerSecond, o.index, select === undefined ? undefined : select.length])
  return PreparedReads.conditionHash(strategy, select === undefined ? options : PreparedReads.partsHash(select, options))
}

/**
 * The hash a page of `strategy` with options `o` on `m` is kept under (`readHash`), or
 * `undefined` for a read that is not kept: for the spec that keeps one read under another's hash.
 */
export const pageHash = (m: AnyModel, env: Env.Env, strategy: unknown, o: AnyOptions<AnyModel, string>): number | undefined => {
  const parts = keyParts(o)
  return parts === undefined || !N.isCondition(strategy) ? undefined : readHash(Env.tableName(env, m.table), strategy, parts, false, 'page')
}

/**
 * The names of the options `readHash` and `prepareAfresh` read, for a read of `strategy` with
 * options `o` (each given `o` through a Proxy that notes the names): for the spec that holds
 * the key to every option the preparation reads.
 */
export const optionsRead = (
  m: AnyModel,
  env: Env.Env,
  strategy: unknown,
  o: AnyOptions<AnyModel, string>,
): { readonly keyed: ReadonlyArray<string> | undefined; readonly prepared: ReadonlyArray<string> } => {
  const noting = (names: Set<string>): AnyOptions<AnyModel, string> =>
    new Proxy(o, {
      get: (target, name) => {
        if (typeof name === 'string') names.add(name)
        return Reflect.get(target, name) as unknown
      },
    })
  const keyed = new Set<string>()
  const prepared = new Set<string>()
  const parts = keyParts(noting(keyed))
  const key = parts === undefined || !N.isCondition(strategy) ? undefined : readHash(Env.tableName(env, m.table), strategy, parts, false, 'page')
  prepareAfresh(m, env, strategy, noting(prepared), false, 'page', undefined)
  return { keyed: key === undefined ? undefined : [...keyed], prepared: [...prepared] }
}

/** The planner's options of a read; `queryOrScan`: a plan a Query or a Scan gives (`Plan.Options.crossKeys`). */
const planOptions = (
  m: AnyModel,
  o: AnyOptions<AnyModel, string>,
  select: ReadonlyArray<string> | undefined,
  count: boolean,
  now: Date | undefined,
  queryOrScan: boolean,
): SplitOptions => ({
  // one object of one shape, an option not given `undefined` (which the planner reads as absent): a read is planned on every page
  index: o.index as string | undefined,
  consistentRead: o.consistentRead === true ? true : undefined,
  // a count transfers no item: it asks no field of an index (what it tests, the planner checks)
  fields: count ? [] : select === undefined ? undefined : projectedNames(m, select),
  // expired items are filtered out by their ttl: an index read must project it
  tests: now === undefined ? undefined : [m.ttl as string],
  crossKeys: queryOrScan ? false : undefined,
  // segments: a Scan, whatever a Query of one partition could read
  segmented: o.segments !== undefined || o.segment !== undefined ? true : undefined,
})

const prepareAfresh = (
  m: AnyModel,
  env: Env.Env,
  strategy: unknown,
  o: AnyOptions<AnyModel, string>,
  count: boolean,
  operation: string,
  now: Date | undefined,
  planned?: Plan.Plan,
): E.Either<DE.DynamoError, Prepared> => {
  const select = o.select as ReadonlyArray<string> | undefined
  // an order or segments: what a Query or a Scan gives and a key list cannot (pacing paces a key list's requests too)
  const options = planOptions(m, o, select, count, now, o.descending === true || o.segments !== undefined || o.segment !== undefined)
  const plan = planned === undefined ? Plan.make(m, strategy, options) : E.right(planned)
  if (E.isLeft(plan)) return plan
  const p = plan.right
  if (o.descending === true && p._tag === 'Scan') return refuse(m, `descending orders a Query; this read is a Scan, which has no order`)
  // a key list's items come in its keys' order, which descending cannot set (one GetItem item is in either order)
  if (o.descending === true && p._tag === 'BatchGetItem') return refuse(m, `descending orders a Query; this read is a BatchGetItem, whose items come in its keys' order`)
  const split = o.segments !== undefined || o.segment !== undefined
  if (split && p._tag !== 'Scan') return refuse(m, `segments split a Scan; this read is a ${p._tag}`)
  const table = Env.tableName(env, m.table)
  // one object of one shape, as `planOptions`
  const base: Paging.ReadOptions = {
    operation,
    consistentRead: o.consistentRead === true ? true : undefined,
    descending: o.descending === true ? true : undefined,
    // a count reads only what its checks test: the key attributes of a batch plan's items
    count: count ? true : undefined,
    projection: count ? [] : select === undefined ? undefined : projectedNames(m, select),
    consumedCapacity: o.readUnitsPerSecond === undefined ? undefined : true,
    signal: o.signal,
    now,
  }
  // segment 0's stream made now (a stream's errors are its plan's, the same for every segment); the others when read
  const total = o.segments
  const segment = total !== undefined ? { index: 0, total } : o.segment
  const made = Paging.make(m, table, p, segment === undefined ? base : { ...base, segment })
  if (E.isLeft(made)) return made
  const first = made.right
  // the streams of the other segments being read: made when a read of a split read's segment starts
  let open: Map<number, Paging.Stream> | undefined
  let expected: Cursor.Expected | undefined
  return E.right({
    plan: p._tag,
    planned: p,
    segments: total ?? 1,
    stream(seg) {
      if (seg === 0) return made
      const kept = open?.get(seg)
      if (kept !== undefined) return E.right(kept)
      const s = Paging.make(m, table, p, { ...base, segment: { index: seg, total: total as number } })
      if (E.isRight(s)) (open ??= new Map()).set(seg, s.right)
      return s
    },
    ended(seg) {
      open?.delete(seg)
    },
    expected() {
      // pacing (the ReturnConsumedCapacity it asks for) is how fast the read goes, not what it reads: a cursor's identity is the unpaced read's
      return (expected ??= expectedOf({ m, table, p, strategy, options, base, made, segment, total, paced: o.readUnitsPerSecond !== undefined }, first))
    },
    // a Query or Scan of an index answers by its keys too; a BatchGetItem reads by the table's key
    decode: manyDecoderOf(m, select, table, p._tag === 'Query' || p._tag === 'Scan' ? p.index : undefined),
    rate: o.readUnitsPerSecond,
    signal: o.signal,
  })
}

/** What a prepared read's `Cursor.Expected` is made from (`expectedOf`). */
interface Reading {
  readonly m: AnyModel
  readonly table: string
  readonly p: Plan.Plan
  readonly strategy: unknown
  readonly options: SplitOptions
  readonly base: Paging.ReadOptions
  /** The stream prepared with the read (segment 0's of a split read). */
  readonly made: E.Either<DE.DynamoError, Paging.Stream>
  readonly segment: Paging.ReadOptions['segment']
  /** The read's segments; `undefined` for a read that is not split. */
  readonly total: number | undefined
  readonly paced: boolean
}

/** The stream of segment `s` of read `r` with or without the `ReturnConsumedCapacity` pacing asks for: the prepared one where it is that one. */
const streamOf = (r: Reading, consumedCapacity: boolean, s: Paging.ReadOptions['segment']): E.Either<DE.DynamoError, Paging.Stream> =>
  consumedCapacity === r.paced && s === r.segment ? r.made : Paging.make(r.m, r.table, r.p, { ...r.base, consumedCapacity, ...(s === undefined ? {} : { segment: s }) })

/** A stream's identity as a cursor's: segment 0's of a split read marked so (it holds everything the others' do but their number, which is their place in the positions). */
const marked = (r: Reading, s: Paging.Stream): string => (r.total === undefined ? s.identity() : `${s.identity()}\nsegments`)

/** The identity of read `r`'s cursors, with or without pacing's `ReturnConsumedCapacity`; `undefined` where its stream cannot be made. */
const identityOf = (r: Reading, consumedCapacity: boolean): string | undefined => {
  const s = streamOf(r, consumedCapacity, r.segment)
  return E.isLeft(s) ? undefined : marked(r, s.right)
}

/**
 * What earlier builds tagged read `r`'s cursors with: a Query's or Scan's, the paced read's
 * identity; a batch plan's, the identities of the Query or Scan earlier builds planned its
 * paced read as (they read literal key values without their cross product when paced).
 */
const earlierOf = (r: Reading): ReadonlyArray<string> => {
  const { m, table, p, strategy, options, base } = r
  if (p._tag === 'BatchGetItem') return pacedBefore(m, table, strategy, options, base)
  const withPacing = identityOf(r, true)
  const out = withPacing === undefined ? [] : [withPacing]
  // a range key's isIn checked in memory was, in earlier builds, in the filter of the Scan
  // the read is when split in segments: that Scan's positions are not this Query's
  if (p._tag === 'Query' && p.check !== undefined) out.push(...bothIdentities(m, table, Plan.make(m, strategy, splitInSegments(options)), base))
  return out
}

/** Why `key` can be no position of a read of `m` through `index` (`positionKeyWhy`), as one line. */
const keyWhyOf = (m: AnyModel, index: string | undefined, key: M.AttributeMap): string | undefined => {
  const issue = positionKeyWhy(m, key, index)
  return issue === undefined ? undefined : `${issue.path}: ${issue.message}`
}

/**
 * What a cursor of read `r` must agree with: its identity, made now (every cursor read or made
 * is tagged with it); a position's key of the key attributes' types and, on a Query, inside its
 * key condition, compiled when a cursor is first read; the identities of earlier builds, made
 * only for a cursor whose tag is wrong. Methods of object literals, no function made per
 * read but these.
 */
const expectedOf = (r: Reading, first: Paging.Stream): Cursor.Expected => {
  const { m, p, total } = r
  const identity = identityOf(r, false) ?? marked(r, first)
  const index = p._tag === 'Query' || p._tag === 'Scan' ? p.index : undefined
  if (total !== undefined) {
    return {
      identity,
      keyNames: first.keyNames,
      segments: total,
      keyTypes: m.keyTypes,
      earlier() {
        return earlierOf(r)
      },
      keyWhy(key) {
        return keyWhyOf(m, index, key)
      },
      // what earlier builds tagged a split read's cursors with: every segment's identity joined by newlines (unpaced, then paced)
      *joined() {
        for (const consumedCapacity of [false, true]) yield joinedIdentity(total, consumedCapacity, (seg) => streamOf(r, consumedCapacity, { index: seg, total }))
      },
    }
  }
  if (p._tag !== 'Query') {
    return {
      identity,
      keyNames: first.keyNames,
      segments: 1,
      keyTypes: m.keyTypes,
      earlier() {
        return earlierOf(r)
      },
      keyWhy(key) {
        return keyWhyOf(m, index, key)
      },
    }
  }
  // the key condition's test: `null` until a cursor's key is first tested, `undefined` where it cannot be evaluated in memory
  let test: ((key: Evaluate.Item) => boolean) | undefined | null = null
  return {
    identity,
    keyNames: first.keyNames,
    segments: 1,
    keyTypes: m.keyTypes,
    earlier() {
      return earlierOf(r)
    },
    keyWhy(key) {
      return keyWhyOf(m, index, key)
    },
    within(key) {
      if (test === null) test = keyConditionOf(p)
      return test === undefined || test(key)
    },
  }
}

/** A Query's key condition as a test of a key (`Cursor.Expected.within`); `undefined` where it cannot be evaluated in memory. */
const keyConditionOf = (p: Plan.Query): ((key: Evaluate.Item) => boolean) | undefined => {
  // planned from a snapshot and compiled into the read's request: read for its meaning alone
  const test = Predicates.keyCondition(p.keyCondition)
  return E.isRight(test) ? test.right : undefined
}

/**
 * The identities earlier builds tagged the cursors of a batch plan's read with when it was
 * paced: they planned it without the cross product of its key values (`crossKeys: false`), a
 * Query or a Scan, whose cursors they tagged with its identity unpaced (and, before that, paced).
 * None when that plan is a key list too (`keysIn`, `isIn` on a lone key field, which earlier builds refused to pace).
 */
const pacedBefore = (m: AnyModel, table: string, strategy: unknown, options: SplitOptions, base: Paging.ReadOptions): ReadonlyArray<string> => {
  const unpaired: SplitOptions = { ...options, crossKeys: false }
  const plan = Plan.make(m, strategy, unpaired)
  if (E.isLeft(plan) || plan.right._tag === 'BatchGetItem') return []
  // a range key's isIn checked in memory was, in earlier builds, in a Scan's filter
  const p = plan.right
  return bothIdentities(m, table, p._tag === 'Query' && p.check !== undefined ? Plan.make(m, strategy, splitInSegments(unpaired)) : plan, base)
}

/** `options` of a read split in segments (`SplitOptions.segmented`). */
const splitInSegments = (options: SplitOptions): SplitOptions => ({ ...options, segmented: true })

/** A plan's identities unpaced and paced: what earlier builds tagged its read's cursors with. */
const bothIdentities = (m: AnyModel, table: string, plan: E.Either<DE.DynamoError, Plan.Plan>, base: Paging.ReadOptions): ReadonlyArray<string> => {
  if (E.isLeft(plan)) return []
  const out: string[] = []
  for (const consumedCapacity of [false, true]) {
    const s = Paging.make(m, table, plan.right, { ...base, consumedCapacity })
    if (E.isRight(s)) out.push(s.right.identity())
  }
  return out
}

/**
 * The last `joinedIdentity` built for an unpaced read (`[0]`) and for a paced one (`[1]`), by
 * segment 0's identity (which fixes every other segment's): a refused cursor costs one stream
 * per segment once a read, not once a call. One entry per pacing, as a refused cursor asks
 * for both: one entry would evict the other on every call.
 */
const joinedKept: Array<{ readonly first: string; readonly identity: string | undefined } | undefined> = [undefined, undefined]

/**
 * Every segment's identity joined by newlines (what earlier builds tagged a split read's
 * cursors with), of `total` segments whose streams `streamOf` makes (with the
 * `ReturnConsumedCapacity` pacing asks for when `paced`), or `undefined` where a segment's
 * stream cannot be made. Exported for the spec that counts the streams it makes.
 */
export const joinedIdentity = (total: number, paced: boolean, streamOf: (index: number) => E.Either<DE.DynamoError, Paging.Stream>): string | undefined => {
  const first = streamOf(0)
  if (E.isLeft(first)) return undefined
  const slot = paced ? 1 : 0
  const kept = joinedKept[slot]
  if (kept?.first === first.right.identity()) return kept.identity
  const identities = [first.right.identity()]
  for (let i = 1; i < total; i++) {
    const s = streamOf(i)
    if (E.isLeft(s)) return undefined
    identities.push(s.right.identity())
  }
  const made = { first: first.right.identity(), identity: identities.join('\n') }
  joinedKept[slot] = made
  return made.identity
}

const atStart: O.Option<Paging.Position> = some(Paging.start)

const startOf = (p: Prepared): Cursor.Positions => new Array<O.Option<Paging.Position>>(p.segments).fill(atStart)

/** The positions a cursor holds, checked against this read, before any request. */
const from = (env: Env.Env, p: Prepared, cursor: string | undefined): E.Either<DE.DynamoError, Cursor.Positions> =>
  cursor === undefined ? E.right(startOf(p)) : Cursor.decode(cursor, p.expected(), env.cursorKey)

const atEnd = (positions: Cursor.Positions): boolean => positions.every((x) => x._tag === 'None')

/** The cursor of a read's positions after a page: `none` at the end. */
export const cursorOf = (env: Env.Env, p: Prepared, positions: Cursor.Positions): E.Either<DE.DynamoError, O.Option<string>> => {
  if (atEnd(positions)) return E.right(none)
  const c = Cursor.encode(positions, p.expected().identity, env.cursorKey)
  return E.isLeft(c) ? c : E.right(some(c.right))
}

/** The `Left` of a read aborted between its requests: the reason as an attempt's abort takes it (`send.abortedAs`). */
export const aborted = (signal: AbortSignal, redact: ((text: string) => string) | undefined): DE.DynamoError => abortedAs(signal, 'the read was aborted', redact)

// -------------------------------------------------------------------------------------
// the loop
// -------------------------------------------------------------------------------------

interface Bounds {
  /** The most items to take. */
  readonly room: number
  /** The most items one request reads (`Infinity`: DynamoDB's own page). */
  readonly pageSize: number
  readonly maxRequests: number
}

interface Taken {
  readonly next: Cursor.Positions
  readonly taken: number
  /** Items matched (DynamoDB's `Count` of a counting read). */
  readonly count: number
  readonly requests: number
}

/** One request of a round: segment `seg`'s page of at most `cap` items from `from`. */
interface Round {
  readonly seg: number
  readonly stream: Paging.Stream
  readonly from: Paging.Position
  readonly cap: number
}

/** The page of one request of a round, paced (a batch page paces its requests itself: its retries are requests too). */
const readOne = async (p: Prepared, pacer: Pace.Pacer | undefined, env: Env.Env, r: Round): Promise<E.Either<DE.DynamoError, Paging.Page>> => {
  if (p.plan === 'BatchGetItem') return r.stream.read(r.from, r.cap, pacer)(env)()
  const startedAt = pacer === undefined ? 0 : await pacer.wait()
  if (p.signal?.aborted === true) return E.left(aborted(p.signal, env.redact))
  const page = await r.stream.read(r.from, r.cap)(env)()
  if (pacer !== undefined && E.isRight(page)) pacer.spent(startedAt, page.right.consumed)
  return page
}

/**
 * Read from `positions` until `room` items are taken, the end, or `maxRequests` requests,
 * each item through `f` as its response arrives (none is kept here). Gives where the read
 * goes on.
 */
const readItems =
  (p: Prepared, positions: Cursor.Positions, bounds: Bounds, pacer: Pace.Pacer | undefined, f: (item: AttributeMap) => E.Either<DE.DynamoError, unknown>) =>
  async (env: Env.Env): Promise<E.Either<DE.DynamoError, Taken>> => {
    const pos = [...positions]
    let requests = 0
    let taken = 0
    let count = 0
    const concurrency = atLeastOne(env.batch.concurrency)
    // the first segments not at their end, in order (at most `concurrency`): every one before
    // `next` that is not at its end is here, so each position is looked at once a read
    const live: number[] = []
    let next = 0
    while (taken < bounds.room && requests < bounds.maxRequests) {
      const need = bounds.room - taken
      const slots = Math.min(concurrency, bounds.maxRequests - requests)
      // the requests of this round: one per live segment (the first `slots`), or a batch plan's next chunks
      const round: Round[] = []
      // (loops, not `filter`/`flatMap`: V8's cost microseconds a call, once per request)
      let kept = 0
      for (const seg of live) if ((pos[seg] as O.Option<Paging.Position>)._tag === 'Some') live[kept++] = seg
      live.length = kept
      for (; live.length < concurrency && next < pos.length; next++) if ((pos[next] as O.Option<Paging.Position>)._tag === 'Some') live.push(next)
      if (live.length === 0) break
      const first = p.stream(live[0] as number)
      if (E.isLeft(first)) return first
      const only = first.right
      if (live.length === 1 && only.ahead !== undefined) {
        const seg = live[0] as number
        const chunk = Math.min(Batch.getChunkSize, bounds.pageSize)
        // paced, one chunk at a time: the pacer spaces requests by what the one before consumed
        const want = pacer !== undefined ? 1 : Number.isFinite(need) ? Math.ceil(need / chunk) : slots
        let at: O.Option<Paging.Position> = pos[seg] as O.Option<Paging.Position>
        while (at._tag === 'Some' && round.length < Math.min(slots, want)) {
          round.push({ seg, stream: only, from: at.value, cap: bounds.pageSize })
          at = only.ahead(at.value, bounds.pageSize)
        }
      } else {
        // paced, one segment's request at a time: the pacer spaces a request by what the one
        // before consumed, which segments read at once would not wait for (n times the rate)
        const n = pacer !== undefined ? 1 : Math.min(live.length, slots)
        const share = Math.ceil(need / n)
        for (let k = 0; k < n; k++) {
          const seg = live[k] as number
          const s = k === 0 ? first : p.stream(seg)
          if (E.isLeft(s)) return s
          round.push({ seg, stream: s.right, from: (pos[seg] as O.Some<Paging.Position>).value, cap: s.right.exact ? Math.min(share, bounds.pageSize) : bounds.pageSize })
        }
      }
      if (p.signal?.aborted === true) return E.left(aborted(p.signal, env.redact))
      // one request (a Query or Scan page) awaited as it is; a round of several, at once
      // (without a pacer, the stream's own promise: the signal was checked just above)
      const one = round[0] as Round
      const pages =
        round.length > 1
          ? await Promise.all(round.map((r) => readOne(p, pacer, env, r)))
          : [await (pacer === undefined ? one.stream.read(one.from, one.cap)(env)() : readOne(p, pacer, env, one))]
      requests += round.length
      // taken in order: a segment whose response was cut (or dropped) reads it again next time
      const stopped: number[] = []
      for (let k = 0; k < round.length; k++) {
        const page = pages[k] as E.Either<DE.DynamoError, Paging.Page>
        if (E.isLeft(page)) return page
        const { seg, stream, from } = round[k] as Round
        const room = bounds.room - taken
        if (stopped.includes(seg) || room <= 0) {
          stopped.push(seg)
          continue
        }
        const items = page.right.items
        const n = Math.min(items.length, room)
        for (let j = 0; j < n; j++) {
          const r = f(items[j] as AttributeMap)
          if (E.isLeft(r)) return r
        }
        taken += n
        count += n < items.length ? n : page.right.count
        if (n < items.length) {
          const at = Paging.afterItem(stream, from, items[n - 1] as AttributeMap)
          if (E.isLeft(at)) return at
          pos[seg] = some(at.right)
          stopped.push(seg)
        } else {
          pos[seg] = page.right.next
          if (page.right.next._tag === 'None') p.ended(seg)
        }
      }
    }
    return E.right({ next: pos, taken, count, requests })
  }

/**
 * The pacer of a read with `readUnitsPerSecond` (`undefined` without: its requests start at
 * once): its waits end when the read's signal aborts (the read then stops before its next request).
 */
const pacerOf = (env: Env.Env, p: Prepared): Pace.Pacer | undefined => {
  if (p.rate === undefined) return undefined
  const signal = p.signal
  const clock = { now: () => Clock.now(env).getTime(), sleep: (ms: number) => pause(env, ms, signal) }
  return Pace.make(p.rate, clock)
}

// -------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------

/**
 * The error of an option a read does not take, given anyway (through `any`, or options spread
 * from another read's): never silently ignored. A cursor given to a read that starts from the
 * start would give the first items again.
 */
const notTaken = (o: unknown, name: string, operation: string, why: string): E.Either<DE.DynamoError, never> | undefined =>
  o !== null && typeof o === 'object' && (o as Readonly<Record<string, unknown>>)[name] !== undefined ? invalid(name, `${operation} takes no ${name}: ${why}`) : undefined

const fromTheStart = 'it reads from the start (page and pages go on from a cursor)'

const toTheEnd = 'it reads to the end (page and pages end after maxRequests)'

/**
 * One page: at most `pageSize` items (default 100) from `cursor` (absent: the start), and
 * the cursor of the next page (`none` only at the end). It takes no `limit` (DESIGN §5.1):
 * `pageSize` bounds a page; given one anyway, a `ValidationError`, never silently ignored.
 * With `maxRequests: n` the page ends after n requests, even short of `pageSize` items (even
 * empty), and still carries its cursor: a very selective filter reads on no longer than that.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Dynamo, Env, Field, Model } from 'dynamongo'
 * import * as O from 'fp-ts/Option'
 * import * as RTE from 'fp-ts/ReaderTaskEither'
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
 * // a list endpoint: a page and a cursor out, the cursor back in for the next page
 * const listUsers = (cursor?: string) =>
 *   pipe(
 *     Dynamo.page(User, C.gt(u.logins, 0), { pageSize: 20, cursor }), // cursor undefined: the first page
 *     RTE.map((page) => ({ users: page.items, next: O.toNullable(page.cursor) })),
 *   )
 * const first = await listUsers()(env)() // next is null only at the end
 * ```
 *
 * @category reading
 */
export const page =
  <Mo extends AnyModel, K extends Selectable<Mo, I> = never, I extends (0 extends 1 & Mo ? string : IndexNameOption<Mo>) | Unnamed = Unnamed, X extends boolean = false, R extends boolean = boolean, D extends boolean = boolean, G extends number = number, O = unknown>(
    m: Mo,
    strategy: SelectionOf<Mo, D, G, O>,
    given?: PageOptions<Mo, K, I> & ReadChecks<Mo, I, X, R, D, G, O>,
  ): ReaderTaskEither<Env.Env, DE.DynamoError, Page<Read<Mo, K, NoInfer<I>>>> =>
  guard(async (env) => {
    const started = pageStart(m, env, strategy, given as AnyOptions<AnyModel, string> | undefined)
    if (E.isLeft(started)) return started
    const { options, prepared: p, at } = started.right
    const pageSize = options.pageSize ?? defaultPageSize
    const items: unknown[] = []
    const r = await readItems(p, at, { room: pageSize, pageSize, maxRequests: options.maxRequests ?? Infinity }, pacerOf(env, p), (item) => {
      const a = p.decode(item)
      if (E.isRight(a)) items.push(a.right)
      return a
    })(env)
    if (E.isLeft(r)) return r
    const cursor = cursorOf(env, p, r.right.next)
    return E.isLeft(cursor) ? cursor : E.right({ items: items as ReadonlyArray<Read<Mo, K, I>>, cursor: cursor.right })
  })

/** What `page` has before its first request (`pageStart`). */
export interface PageStart {
  /** The options, read once. */
  readonly options: AnyOptions<AnyModel, string>
  readonly prepared: Prepared
  /** Where the page starts: the cursor's positions, or the read's start. */
  readonly at: Cursor.Positions
}

/**
 * What `page` does before its first request: the options read once and checked, the read
 * prepared (a kept read found by its content: `prepare`), the cursor read. Exported for the
 * P page bench, which measures what `page` does besides sending.
 */
export const pageStart = (m: AnyModel, env: Env.Env, strategy: unknown, given: AnyOptions<AnyModel, string> | undefined): E.Either<DE.DynamoError, PageStart> => {
  // read once: the checks, the plan and the requests see one value of each option
  const o = readOnce(given, pageNames)
  if (E.isLeft(o)) return o
  const options = o.right
  const refused = notTaken(options, 'limit', 'page', 'pageSize bounds a page (pages, reduce and getMany take limit)')
  if (refused !== undefined) return refused
  const p = prepare(m, env, strategy, options, false, 'page')
  if (E.isLeft(p)) return p
  const at = from(env, p.right, options.cursor)
  return E.isLeft(at) ? at : E.right({ options, prepared: p.right, at: at.right })
}

/**
 * The pages of a read, lazily: a page is read when the consumer asks for it (memory stays
 * flat). From `cursor`, to the end or `limit` items; after a `Left` it ends. Each page is
 * `page`'s: up to `pageSize` items, or fewer after `maxRequests` requests. There is always
 * a page (or a `Left`), and the last page's cursor is where the read stopped: with `limit: 0`,
 * one page of no items whose cursor is where the read stands (the start, or `cursor`), read
 * without a request, as `getMany` with `limit: 0` gives no items and sends none (`Pages`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
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
 * // one page at a time, as the loop asks: a slow consumer holds back the reads
 * for await (const page of Dynamo.pages(User, C.gt(u.logins, 0), { pageSize: 100 })(env)) {
 *   if (E.isLeft(page)) break // the error, and the end of the pages
 *   console.log(page.right.items.length)
 * }
 * ```
 *
 * @category reading
 */
export const pages =
  <Mo extends AnyModel, K extends Selectable<Mo, I> = never, I extends (0 extends 1 & Mo ? string : IndexNameOption<Mo>) | Unnamed = Unnamed, X extends boolean = false, R extends boolean = boolean, D extends boolean = boolean, G extends number = number, O = unknown>(
    m: Mo,
    strategy: SelectionOf<Mo, D, G, O>,
    given?: ReadOptions<Mo, K, I> & Pick<PageOptions<Mo, K, I>, 'cursor' | 'maxRequests'> & ReadChecks<Mo, I, X, R, D, G, O>,
  ) =>
  (env: Env.Env): Pages<E.Either<DE.DynamoError, Page<Read<Mo, K, NoInfer<I>>>>> => ({
    [Symbol.asyncIterator]: async function* () {
      // what the application's code throws (a codec, a getter) ends the pages with a Left, never a rejection
      try {
        const o = readOnce(given as AnyOptions<AnyModel, string> | undefined)
        if (E.isLeft(o)) return yield o
        const options = o.right
        const p = prepare(m, env, strategy, options, false, 'pages')
        if (E.isLeft(p)) return yield p
        const first = from(env, p.right, options.cursor)
        if (E.isLeft(first)) return yield first
        let at = first.right
        const pageSize = options.pageSize ?? defaultPageSize
        const pacer = pacerOf(env, p.right)
        let left = options.limit ?? Infinity
        // (a page even when no item is wanted: its cursor says where the read stands)
        do {
          const items: unknown[] = []
          const r = await readItems(p.right, at, { room: Math.min(pageSize, left), pageSize, maxRequests: options.maxRequests ?? Infinity }, pacer, (item) => {
            const a = p.right.decode(item)
            if (E.isRight(a)) items.push(a.right)
            return a
          })(env)
          if (E.isLeft(r)) return yield r
          left -= r.right.taken
          const cursor = cursorOf(env, p.right, r.right.next)
          if (E.isLeft(cursor)) return yield cursor
          yield E.right({ items: items as ReadonlyArray<Read<Mo, K, I>>, cursor: cursor.right })
          if (cursor.right._tag === 'None') return
          at = r.right.next
        } while (left > 0)
      } catch (e) {
        yield leftThrown(e, env)
      }
    },
  })

/**
 * Every item of a read (to `limit`), decoded and given to `each` as its response arrives:
 * `reduce`'s and `getMany`'s read, told to `Env.on` as `operation`'s.
 */
const readAll = async <Mo extends AnyModel, K extends FieldName<Mo>, I>(
  operation: 'reduce' | 'getMany',
  m: Mo,
  env: Env.Env,
  strategy: unknown,
  given: AnyOptions<AnyModel, string> | undefined,
  each: (a: Read<Mo, K, I>) => void,
): Promise<E.Either<DE.DynamoError, unknown>> => {
  const o = readOnce(given, allNames)
  if (E.isLeft(o)) return o
  const options = o.right
  const refused = notTaken(options, 'cursor', operation, fromTheStart) ?? notTaken(options, 'maxRequests', operation, toTheEnd)
  if (refused !== undefined) return refused
  const p = prepare(m, env, strategy, options, false, operation)
  if (E.isLeft(p)) return p
  return readItems(p.right, startOf(p.right), { room: options.limit ?? Infinity, pageSize: options.pageSize ?? Infinity, maxRequests: Infinity }, pacerOf(env, p.right), (item) => {
    const a = p.right.decode(item)
    if (E.isRight(a)) each(a.right as Read<Mo, K, I>)
    return a
  })(env)
}

/**
 * Every item of a read (to `limit`), folded into `b` as its response arrives: constant memory.
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
 * // every item folded in as its response arrives, in constant memory
 * Dynamo.reduce(User, C.exists(u.email), 0, (n, user) => n + (user.logins ?? 0))(env)
 * ```
 *
 * @category reading
 */
export const reduce =
  <Mo extends AnyModel, B, K extends Selectable<Mo, I> = never, I extends (0 extends 1 & Mo ? string : IndexNameOption<Mo>) | Unnamed = Unnamed, X extends boolean = false, R extends boolean = boolean, D extends boolean = boolean, G extends number = number, O = unknown>(
    m: Mo,
    strategy: SelectionOf<Mo, D, G, O>,
    b: B,
    f: (b: B, a: Read<Mo, K, I>) => B,
    given?: ReadOptions<Mo, K, I> & ReadChecks<Mo, I, X, R, D, G, O>,
  ): ReaderTaskEither<Env.Env, DE.DynamoError, B> =>
  guard(async (env) => {
    let state = b
    const r = await readAll<Mo, K, I>('reduce', m, env, strategy, given as AnyOptions<AnyModel, string> | undefined, (a) => {
      state = f(state, a)
    })
    return E.isLeft(r) ? r : E.right(state)
  })

/**
 * Every item of a read (to `limit`), decoded as its response arrives.
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
 * Dynamo.getMany(User, ['a@x.io', 'b@x.io'])                   // BatchGetItem: Right(ReadonlyArray<User>), missing keys left out
 * Dynamo.getMany(User, C.isIn(u.email, ['a@x.io', 'b@x.io']))  // the same
 * Dynamo.getMany(User, C.contains(u.cities_visited, 'Nairobi')) // Scan with a filter, to the end
 * const names = Dynamo.getMany(User, C.gt(u.logins, 10), { select: ['name'], limit: 100 })
 * // Right(ReadonlyArray<Pick<User, 'email' | 'name'>>): the key always comes
 * ```
 *
 * @category reading
 */
export const getMany =
  <Mo extends AnyModel, K extends Selectable<Mo, I> = never, I extends (0 extends 1 & Mo ? string : IndexNameOption<Mo>) | Unnamed = Unnamed, X extends boolean = false, R extends boolean = boolean, D extends boolean = boolean, G extends number = number, O = unknown>(
    m: Mo,
    strategy: SelectionOf<Mo, D, G, O>,
    given?: ReadOptions<Mo, K, I> & ReadChecks<Mo, I, X, R, D, G, O>,
  ): ReaderTaskEither<Env.Env, DE.DynamoError, ReadonlyArray<Read<Mo, K, NoInfer<I>>>> =>
  guard(async (env) => {
    const out: Array<Read<Mo, K, I>> = []
    const r = await readAll<Mo, K, I>('getMany', m, env, strategy, given as AnyOptions<AnyModel, string> | undefined, (a) => {
      out.push(a)
    })
    return E.isLeft(r) ? r : E.right(out)
  })

/**
 * How many items a read matches: DynamoDB's counts (`Select: 'COUNT'`, no items transferred)
 * of a Query or Scan, following its pages; the found items that pass of a batch plan.
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
 * // Select: 'COUNT', following LastEvaluatedKey: DynamoDB counts, no item is transferred
 * const active = await Dynamo.count(User, C.gt(u.logins, 0))(env)() // Either<DynamoError, number>
 * ```
 *
 * @category reading
 */
export const count =
  <Mo extends AnyModel, I extends (0 extends 1 & Mo ? string : IndexNameOption<Mo>) | Unnamed = Unnamed, X extends boolean = false, R extends boolean = boolean, G extends number = number, O = unknown>(m: Mo, strategy: SelectionOf<Mo, false, G, O>, given?: CountOptions<Mo, I> & ExpiredOption<X> & ConsistentOption<R> & CountCheck<Mo, I, X, R> & Pick<OrderOption<false, G>, 'segments'> & SplitChecks<O>): ReaderTaskEither<Env.Env, DE.DynamoError, number> =>
  guard(async (env) => {
    const o = readOnce(given as AnyOptions<AnyModel, string> | undefined, countNames)
    if (E.isLeft(o)) return o
    const options = o.right
    const refused =
      notTaken(options, 'cursor', 'count', fromTheStart) ??
      notTaken(options, 'limit', 'count', 'it counts every item the read matches') ??
      notTaken(options, 'maxRequests', 'count', toTheEnd) ??
      notTaken(options, 'select', 'count', 'it gives a number, no items') ??
      notTaken(options, 'descending', 'count', 'a number has no order')
    if (refused !== undefined) return refused
    const p = prepare(m, env, strategy, options, true, 'count')
    if (E.isLeft(p)) return p
    const r = await readItems(p.right, startOf(p.right), { room: Infinity, pageSize: options.pageSize ?? Infinity, maxRequests: Infinity }, pacerOf(env, p.right), () => E.right(undefined))(env)
    return E.isLeft(r) ? r : E.right(r.right.count)
  })

/** The read options `getOne` takes (`OneOptions`): it refuses the others `readOptionNames` holds. */
const getOneNames = optionNames<OneOptions<AnyModel, string>>({ consistentRead: true, select: true, includeExpired: true, signal: true })
const getOneTakes: ReadonlySet<string> = new Set(getOneNames.keys)

/** What `getOne` reads of its options: every read option (those it does not take refused by `getOne`'s own message), an unknown one said to be none of those it takes. */
export const oneOptionNames = showing(readOptionNames, getOneNames)

/**
 * `getOne` with options: one `GetItem` (consistent, projected, abortable) of a selected key;
 * `NotFound` when absent or when the key condition's extra checks fail.
 */
export const getOne =
  <Mo extends AnyModel, K extends FieldName<Mo> = never>(m: Mo, sel: S.Strategy, given: OneOptions<Mo, K>): ReaderTaskEither<Env.Env, DE.DynamoError, Read<Mo, K>> =>
  (env) =>
  async () => {
    // every other read option, given anyway (through any, spread from another read's): never ignored
    for (const name of readOptionNames.keys) {
      if (getOneTakes.has(name)) continue
      const refused = notTaken(given, name, 'getOne', 'it reads one item by its key (getMany, page and pages read many)')
      if (refused !== undefined) return refused
    }
    const checked = checkOptions(m, given as AnyOptions<AnyModel, string>)
    if (E.isLeft(checked)) return checked
    const options = checked.right
    const select = options.select as ReadonlyArray<string> | undefined
    const check = sel._tag === 'Key' ? undefined : sel.check
    // compiled with the model's fields first, as a read's filter is whatever its plan (Paging.predicate)
    const passes = check === undefined ? undefined : Paging.predicate(check, undefined, m.fields)
    if (passes !== undefined && E.isLeft(passes)) return passes
    const table = Env.tableName(env, m.table)
    const now = Clock.expiryTime(env, [m], options.includeExpired)
    // the key condition's checks (and the ttl) are evaluated on the item read: a projection reads what they test too
    const tested = [...(check === undefined ? [] : N.topNames(check)), ...(now === undefined ? [] : [m.ttl as string])]
    // a model with an entity reads only its own items (Entity.ts): another's is absent
    const stream = Paging.make(m, table, Entity.restrict(m, { _tag: 'GetItem', table: m.table, key: sel.key }), {
      ...(options.consistentRead === true ? { consistentRead: true } : {}),
      ...(select === undefined ? {} : { projection: [...projectedNames(m, select), ...tested] }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      operation: 'getOne',
    })
    if (E.isLeft(stream)) return stream
    if (options.signal?.aborted === true) return E.left(aborted(options.signal, env.redact))
    const got = await stream.right.read(Paging.start, 1)(env)()
    if (E.isLeft(got)) return got
    const item = got.right.items[0]
    const gone = item === undefined ? E.right(true) : now === undefined ? E.right(false) : expired(m, item, now)
    if (E.isLeft(gone)) return gone
    if (item === undefined || gone.right) return E.left(DE.notFound(table, sel.values, 'absent'))
    if (passes !== undefined && !passes.right(item)) return E.left(DE.notFound(table, sel.values, 'failedCheck'))
    return (decoderOf(m, select, undefined)(item) as E.Either<DE.DynamoError, Read<Mo, K>>)
  }

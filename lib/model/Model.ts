/**
 * Models: the single source of truth for an item's shape (an io-ts codec), its keys, its
 * indexes, its defaults and its table. `Model.make` checks at the type level that keys name
 * required string, number or binary fields, and at definition time (`SchemaError`) what
 * types cannot catch. `M.attrs` are typed attribute handles derived from the codec.
 *
 * ```ts
 * const User = Model.make({ table: 'users', hashKey: 'email', codec })
 * const u = User.attrs
 * C.and(C.eq(u.email, 'john@x'), C.gt(u.year_of_birth, 2000))
 * ```
 *
 * @since 0.1.0
 * @category Describing items
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type * as A from '../ast/Attr.js'
import * as Ex from '../ast/expr.js'
import * as C from '../ast/Condition.js'
import { built } from '../ast/nodes.js'
import * as DE from '../DynamoError.js'
import * as Key from './Key.js'
import * as Shape from '../codec/Shape.js'
import * as P from '../ast/Path.js'
import { presentFields, requiredFields, storedTypeOf, templateTypeOf, withDefaults } from './fields.js'
import { heldBy } from './held.js'
import * as Computed from './computed.js'
import { arrayWhy, isTuple, keyValues, tupleFields } from './keyValues.js'
import { refusal } from './refuse.js'
import { checkIndexKeys as checkSides, checkKey, indexKeySides } from './storedKey.js'
import { checkLifecycle, isEpochSeconds } from './lifecycle.js'
import { readBack } from './readBack.js'
import { entityProjection } from './projected.js'
import { GLOBAL_INDEXES, HASH_KEY_BYTES, INDEX_KEY_ATTRIBUTES, INDEX_PROJECTED_ATTRIBUTES, KEY_NAME_BYTES, LOCAL_INDEXES, RANGE_KEY_BYTES, TABLE_NAME, TABLE_NAME_RULE, quoted } from '../rules/limits.js'
import { checkAttributeName, loneSurrogate } from '../rules/path.js'
import { declaredProto } from '../codec/proto.js'
import { encodeSeen, type Marshalled } from '../codec/marshal.js'
import { hasOwn } from '../internal/own.js'
import { isModel, withModel } from './isModel.js'
import { undeclarable } from '../internal/declared.js'
import { show, shortened } from '../internal/show.js'
import { decodeRead } from './decodeEntity.js'
import { wholeWhy } from '../internal/whole.js'
import { refusedBy } from '../rules/ast.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item in DynamoDB's wire form: attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type AttributeMap = Record<string, AttributeValue>

/**
 * The in-memory types a key may have: stored as S (strings, dates), N (numbers) or B (binary).
 *
 * @category model
 */
export type KeyScalar = string | number | bigint | Uint8Array | Date

/**
 * The names of the required fields of `I` whose type is a key scalar.
 *
 * @category model
 */
export type KeyName<I> = {
  [K in keyof I]-?: {} extends Pick<I, K> ? never : [I[K]] extends [KeyScalar] ? K : never
}[keyof I] &
  string

/**
 * The names of the fields of `I` that may key an index: string, number or binary fields, optional ones too (sparse indexes).
 *
 * @category model
 */
export type IndexKeyName<I> = {
  [K in keyof I]-?: [Exclude<I[K], undefined>] extends [KeyScalar] ? K : never
}[keyof I] &
  string

/**
 * The names of the fields of `I` that a composed index key (`Model.key`) may be made of:
 * string, number or date fields, optional or nullable ones too (an item whose field is
 * absent or `null` is left out of that index: a sparse index).
 *
 * @category model
 */
export type IndexTemplateName<I> = {
  [K in keyof I]-?: [Exclude<I[K], undefined | null>] extends [never] ? never : [Exclude<I[K], undefined | null>] extends [KeyScalar] ? K : never
}[keyof I] &
  string

/**
 * The names of the fields that may be a model's `ttl`: a `Date` in memory stored as a number
 * (`Field.epochSeconds`; a `Field.dateTime`, stored as a string, is not one).
 *
 * @category model
 */
export type TtlName<I, O> = {
  [K in keyof I & keyof O]-?: [Exclude<I[K], undefined>] extends [Date] ? ([Exclude<O[K], undefined>] extends [number] ? K : never) : never
}[keyof I & keyof O] &
  string

/**
 * What an index projects: every field, the keys only, or the keys and the fields named `N`.
 *
 * @category model
 */
export type Projection<N extends string = string> = 'all' | 'keys' | ReadonlyArray<N>

/**
 * A key attribute composed from fields (DESIGN §5.4): `Model.key('sk', 'ORDER#{createdAt}#{orderId}')`
 * is the stored attribute `A` whose value is the template with the fields `F` (in order)
 * replaced by their stored text.
 *
 * @category model
 */
export interface ComposedKey<A extends string = string, F extends ReadonlyArray<string> = ReadonlyArray<string>> {
  readonly _tag: 'ComposedKey'
  readonly attribute: A
  readonly template: Key.Template
  /** The fields of the template, in order. */
  readonly fields: F
}

/**
 * How a key is declared: a field's name (the field is the key attribute) or a composed key.
 *
 * @category model
 */
export type KeySpec = string | ComposedKey

/**
 * DynamoDB's multi-attribute key of a global index (DESIGN §5.4): 1 to 4 fields `N`, in order,
 * each stored as it is (nothing composed, nothing recomputed).
 *
 * @category model
 */
export type MultiKey<N extends string = string> = readonly [N] | readonly [N, N] | readonly [N, N, N] | readonly [N, N, N, N]

/**
 * The parameter type of a multi-attribute key `K` (a list) on the `Side` of an index: 1 to 4
 * fields, as DynamoDB takes them (`INDEX_KEY_ATTRIBUTES`), or a misuse that says so. Any other
 * key passes.
 *
 * @category type-level
 */
export type MultiKeyCheck<K, Side extends 'hash' | 'range'> = K extends ReadonlyArray<string>
  ? K['length'] extends 1 | 2 | 3 | 4
    ? unknown
    : [Side, K['length']] extends ['range', 0]
      ? A.Misuse<'a multi-attribute key lists 1 to 4 fields a side: leave rangeKey out for none'>
      : A.Misuse<'a multi-attribute key lists 1 to 4 fields a side (DynamoDB takes 4 partition and 4 sort key attributes at most)'>
  : unknown

/**
 * How an index key is declared: a field, a composed key, or a multi-attribute key.
 *
 * @category model
 */
export type IndexKeyDeclaration = KeySpec | MultiKey

/**
 * The stored attribute of a key as declared.
 *
 * @category type-level
 */
export type AttributeOf<K> = K extends ComposedKey<infer A, any> ? A : K

/**
 * The fields of a key as declared: its template's, or the one field that is the key attribute.
 *
 * @category type-level
 */
export type FieldsOfKey<K> = K extends ComposedKey<any, infer F extends ReadonlyArray<string>> ? F : K extends string ? readonly [K] : undefined

/**
 * The fields of a declared hash key.
 *
 * @category type-level
 */
export type HashFieldsOfKey<K> = K extends ComposedKey<any, infer F extends ReadonlyArray<string>> ? F : readonly [K & string]

/**
 * The fields of a declared range key (`undefined` for none).
 *
 * @category type-level
 */
export type RangeFieldsOfKey<K> = K extends ComposedKey<any, infer F extends ReadonlyArray<string>> ? F : K extends string ? readonly [K] : undefined

/**
 * A global secondary index on the keys `H` (hash) and `R` (range), projecting `P`; a key is
 * one attribute, or (a multi-attribute key) the list of its fields in order.
 *
 * @category model
 */
export interface GlobalIndex<H extends IndexKeyDeclaration = string | MultiKey, R extends IndexKeyDeclaration | undefined = string | MultiKey | undefined, P extends Projection = Projection> {
  readonly _tag: 'GlobalIndex'
  readonly hashKey: H
  readonly rangeKey: R
  readonly projection: P
  /** The index's own read units, when its table is provisioned: a whole number ≥ 1 (undeclared, a new table's index gets the table's; `Table.diff` refuses to add it to an existing provisioned table whose units no model declares, unless they are the default's); on a model whose billing is on demand, a `SchemaError` (DynamoDB refuses them on an on-demand table's index). They do not declare the table's billing. */
  readonly readUnits?: number
  /** The index's own write units, as `readUnits`. */
  readonly writeUnits?: number
}

/**
 * A local secondary index on the key `R` (range; the hash key is the table's), projecting `P`.
 *
 * @category model
 */
export interface LocalIndex<R extends KeySpec = string, P extends Projection = Projection> {
  readonly _tag: 'LocalIndex'
  readonly rangeKey: R
  readonly projection: P
}

/**
 * An index of a model with items `I` and range key `RK`: its keys and projected names are
 * fields of `I`; a local index only where the table has a range key.
 *
 * @category type-level
 */
export type Index<I = any, RK = string> = unknown extends I
  ? GlobalIndex | LocalIndex
  :
  | GlobalIndex<
    (string & A.Misuse<IndexKeyMisuse>) | IndexKeySpec<I> | MultiKey<IndexKeyName<I>>,
    (string & A.Misuse<IndexKeyMisuse>) | IndexKeySpec<I> | MultiKey<IndexKeyName<I>> | undefined,
    Projection<(string & A.Misuse<ProjectionMisuse>) | (keyof I & string)>
  >
  | (LocalIndex<(string & A.Misuse<IndexKeyMisuse>) | IndexKeySpec<I>, Projection<(string & A.Misuse<ProjectionMisuse>) | (keyof I & string)>> &
    ([RK] extends [string | ComposedKey] ? unknown : A.Misuse<'a local index needs a model with a range key'>))

/**
 * What an index key is, as the compiler's message of one that is none says it (`Index` takes
 * each key as `IndexKeySpec<I> | (string & Misuse<IndexKeyMisuse>)`, a misuse no name is): a
 * name that is no field of the codec, or a field of another type.
 *
 * @category type-level
 */
export type IndexKeyMisuse = 'an index key names a string, number or binary field of the codec (an optional one too), or composes string, number or date fields (Model.key; optional or nullable ones too)'

/**
 * What an index's projection lists, as the compiler's message of a name that is no field of the codec says it.
 *
 * @category type-level
 */
export type ProjectionMisuse = 'an index projects fields of the codec'

/**
 * A table key of items `I`: a required key field, or a key composed from required key fields.
 *
 * @category model
 */
export type KeySpecOf<I> = KeyName<I> | ComposedKey<string, ReadonlyArray<KeyName<I>>>

/**
 * What a table key is, as the compiler's message of a key that is none says it: `make` takes
 * its keys as `KeySpecOf<I> | (string & Misuse<KeyMisuse>)`, a misuse no name is.
 *
 * @category type-level
 */
export type KeyMisuse = 'a table key names a required string, number or binary field of the codec, or composes such fields (Model.key)'

/**
 * An index key of items `I`: a key field (optional ones too), or a key composed from such
 * fields (optional or nullable ones too: `IndexTemplateName`).
 *
 * @category model
 */
export type IndexKeySpec<I> = IndexKeyName<I> | ComposedKey<string, ReadonlyArray<IndexTemplateName<I>>>

/**
 * The fields an index key as declared is made of: a composed key's template fields, a multi-attribute key's fields, or the field.
 *
 * @category type-level
 */
export type IndexKeyFields<K> = K extends ComposedKey<any, infer F> ? F[number] : K extends ReadonlyArray<infer F extends string> ? F : Extract<K, string>

/**
 * The fields of the composed keys (`Model.key`) of the indexes `X` as declared, `undefined` for
 * none (as a model's `version`: a `never` would show in the compiler's messages): an update of
 * one recomputes the index key attribute from the value it sets (`Attr.Unkeyed`).
 *
 * @category type-level
 */
export type IndexTemplateFields<X> = [TemplateFieldsIn<X>] extends [never] ? undefined : TemplateFieldsIn<X>

/**
 * The fields of the composed keys of the indexes `X` as declared (`never` for none: `IndexTemplateFields`).
 *
 * @category type-level
 */
export type TemplateFieldsIn<X> = {
  [N in keyof X]: (X[N] extends { readonly hashKey: ComposedKey<any, infer F> } ? F[number] : never) | (X[N] extends { readonly rangeKey: ComposedKey<any, infer F> } ? F[number] : never)
}[keyof X] &
  string

/**
 * The fields `F` an index's keys are made of (`IndexKeyFields`), as `make` read them: a
 * phantom, no value holds it (a composed key's template is in `Model.templates`).
 *
 * @category model
 */
export interface IndexKeyFieldsOf<F extends string> {
  readonly keyFieldNames?: F
}

/**
 * An index as a model holds it: its keys are the stored attributes' names (a composed key's template is in `Model.templates`).
 *
 * @category type-level
 */
export type StoredIndex<X> =
  X extends GlobalIndex<infer H, infer R, infer P>
    ? GlobalIndex<Extract<AttributeOf<H>, string | MultiKey>, Extract<AttributeOf<R>, string | MultiKey | undefined>, P> & IndexKeyFieldsOf<IndexKeyFields<H> | IndexKeyFields<R>>
    : X extends LocalIndex<infer R, infer P>
      ? LocalIndex<AttributeOf<R> & string, P> & IndexKeyFieldsOf<IndexKeyFields<R>>
      : X

/**
 * The indexes of a model as it holds them (`StoredIndex` of each).
 *
 * @category type-level
 */
export type StoredIndexes<X> = { readonly [K in keyof X]: StoredIndex<X[K]> }

/**
 * The key fields of a key attribute `H` when nothing says otherwise: the attribute itself.
 *
 * @category type-level
 */
export type HashFieldsOf<H> = string extends H ? ReadonlyArray<string> : readonly [H]

/**
 * The key fields of a range key attribute `R` when nothing says otherwise.
 *
 * @category type-level
 */
export type RangeFieldsOf<R> = string extends R ? ReadonlyArray<string> | undefined : [R] extends [undefined] ? undefined : readonly [Exclude<R, undefined>]

/**
 * The fields the key of a table is made of: its hash key's and its range key's (in template order).
 *
 * @category model
 */
export interface KeyFields<HF extends ReadonlyArray<string> = ReadonlyArray<string>, RF extends ReadonlyArray<string> | undefined = ReadonlyArray<string> | undefined> {
  readonly hash: HF
  readonly range: RF
}

/**
 * A table's or index's capacity mode: provisioned read and write units, or on demand.
 *
 * @category model
 */
export type Throughput =
  | { readonly _tag: 'Provisioned'; readonly readUnits: number; readonly writeUnits: number }
  | { readonly _tag: 'OnDemand' }

/**
 * The defaults of a model's fields: a value, or a function called at each save, for each
 * optional field.
 *
 * @category type-level
 */
export type Defaults<I> = { readonly [K in keyof I]?: Exclude<I[K], undefined> | (() => Exclude<I[K], undefined>) }

/**
 * The attribute types a key attribute can have in DynamoDB: string, number or binary.
 *
 * @category model
 */
export type StoredKeyType = 'S' | 'N' | 'B'

/**
 * A model: the table, its keys and indexes, the codec of its items, and the typed handles of
 * its attributes (`attrs`). Made by `make`.
 *
 * @category model
 */
export interface Model<
  I,
  O = unknown,
  H extends string = string,
  R extends string | undefined = string | undefined,
  HF extends ReadonlyArray<string> = HashFieldsOf<H>,
  RF extends ReadonlyArray<string> | undefined = RangeFieldsOf<R>,
> {
  readonly _tag: 'Model'
  /** The table name, before `Env`'s prefix. */
  readonly table: string
  /** The stored hash key attribute (a field, or the attribute of a composed key). */
  readonly hashKey: H
  /** The stored range key attribute, if any (a field, or the attribute of a composed key). */
  readonly rangeKey: R
  /** The fields the table's key is made of: the key fields themselves, or the fields of the key templates. */
  readonly keyFields: KeyFields<HF, RF>
  /** The templates of the composed key attributes (table and index keys), by stored attribute name. */
  readonly templates: Readonly<Record<string, Key.Template>>
  /** The entity this model's items are (DESIGN §5.4), stored in `entityAttribute` on every write. */
  readonly entity: string | undefined
  /** The attribute that holds the entity (`_et` unless declared), when the model has an entity. */
  readonly entityAttribute: string | undefined
  readonly codec: t.Type<I, O, unknown>
  readonly defaults: Defaults<I>
  /** The table's billing: as declared (`billing`, `readUnits`, `writeUnits`), else the default, provisioned 8/8 (`throughputDeclared` tells which). */
  readonly throughput: Throughput
  /**
   * Whether `Model.make` was given `billing`, `readUnits` or `writeUnits`. When it was not,
   * `throughput` is the default a new table gets (`createTable`, `syncTable` of a missing
   * table), and `planTable`/`syncTable` leave the billing of a table that exists as it is.
   * An index's own units do not count: they are that index's, whenever its table is provisioned.
   */
  readonly throughputDeclared: boolean
  /** The indexes, their keys named by stored attribute (a composed key's template is in `templates`). */
  readonly indexes: Readonly<Record<string, GlobalIndex | LocalIndex>>
  /**
   * Typed attribute handles of this model: `M.attrs.email`, `M.attrs.address.city`, `M.attrs.tags.at(0)`.
   * A made model's are tied to it (`Made`); here, of a model known only by its type (`Model.Any`,
   * `Model<Item>`, a type parameter's), to none (`UnknownModel`, whose handles every model's
   * handles are: see `Attr.Tied`): no operation takes them, not even of that model. Code generic
   * in its model takes its handles as `attrsOf(m)`, tied to it.
   */
  readonly attrs: A.Children<I, UnknownModel>
  /** The stored type of every key attribute (of the table and of its indexes). */
  readonly keyTypes: Readonly<Record<string, StoredKeyType>>
  /** The codec of each top-level field. */
  readonly fields: Readonly<Record<string, A.Codec>>
  /** The version field (optimistic locking, DESIGN §5.3), if any. */
  readonly version?: string | undefined
  /** The timestamp fields every write maintains (DESIGN §5.3), if any. */
  readonly timestamps?: Timestamps | undefined
  /** The `Field.epochSeconds` field whose time expires an item (DynamoDB's time to live), when the model has one. */
  readonly ttl?: string
}

/**
 * The names of a model's timestamp fields: `createdAt` set once, `updatedAt` on every write.
 *
 * @category model
 */
export interface Timestamps<N extends string = string> {
  readonly createdAt: N
  readonly updatedAt: N
}

/**
 * The names of the fields of `I` that may hold a version: integer (number) fields.
 *
 * @category model
 */
export type VersionName<I> = {
  [K in keyof I]-?: [Exclude<I[K], undefined>] extends [number] ? ([number] extends [Exclude<I[K], undefined>] ? K : never) : never
}[keyof I] &
  string

/**
 * What `version` takes: an integer field's name (a misuse that says so when the codec has none).
 *
 * @category type-level
 */
export type VersionOption<I> = [VersionName<I>] extends [never]
  ? string & A.Misuse<'a version names an integer field, and this codec has none'>
  : VersionName<I> | (string & A.Misuse<'a version names an integer field of the codec'>)

/**
 * The names of the fields of `I` that may hold a timestamp: `Date` fields (`Field.dateTime`).
 *
 * @category model
 */
export type DateName<I> = {
  [K in keyof I]-?: [Exclude<I[K], undefined>] extends [Date] ? K : never
}[keyof I] &
  string

/**
 * `X`, or `undefined` when `X` is `never`: what `make` gives as a model's optional input fields
 * (`Made`'s `L`) when it has none, so that a message printing the model's type shows no `never`.
 *
 * @category type-level
 */
export type NoneAsUndefined<X> = [X] extends [never] ? undefined : X

/**
 * What `make` returns: a model with the type of its indexes (`X`) and its table's name (`T`),
 * whose handles are tied to it (`Condition<typeof User>` is a condition of `User`). `IK` names
 * the fields of its composed index keys (`IndexTemplateFields`); the entity `EN` comes last, so
 * that a message of the compiler, which shows a model's first and last type arguments, shows it.
 *
 * @category model
 */
export interface Made<
  I,
  O,
  H extends string,
  R extends string | undefined,
  X extends Readonly<Record<string, GlobalIndex | LocalIndex>>,
  HF extends ReadonlyArray<string> = HashFieldsOf<H>,
  RF extends ReadonlyArray<string> | undefined = RangeFieldsOf<R>,
  L extends string | undefined = undefined,
  V extends string | undefined = undefined,
  T extends string = string,
  TT extends string | undefined = string,
  IK extends string | undefined = undefined,
  EN extends string | undefined = string | undefined,
> extends Model<I, O, H, R, HF, RF> {
  readonly table: T
  /** The entity, its literal type telling apart the models of one table with the same codec and keys (twins of a single-table design). */
  readonly entity: EN
  readonly indexes: X
  /**
   * Typed attribute handles, the key fields' and the version's marked `Fixed` (no update writes
   * them), those of the fields of composed index keys (`IK`) that only a set and a remove
   * take (`Attr.Unkeyed`).
   */
  readonly attrs: A.Fields<I, Made<I, O, H, R, X, HF, RF, L, V, T, TT, IK, EN>, HF[number] | (RF extends ReadonlyArray<infer F extends string> ? F : never), V, IK>
  readonly version: V
  /** The fields saves take as optional (`InputOf`): those with a default, the version and the timestamps (a phantom: no value). */
  readonly optionalOnInput?: L
  /** The `Field.epochSeconds` field whose time expires an item (`TtlOf`), when the model has one (`TT` `undefined` for none). */
  readonly ttl?: Exclude<TT, undefined>
}

/**
 * The model the handles of a model known only by its type are tied to (`Model`'s `attrs`): a
 * type no model is assignable to, so that no operation takes them, which says why in the
 * compiler's message (its one key of its own, which no model has). It is assignable to every
 * model in turn (each property of a model is `never` here), so that a made model's handles are
 * handles of a `Model` too (see `Attr.Tied`).
 *
 * @category type-level
 */
export interface UnknownModel extends Readonly<Record<keyof Model<any, any, any, any, any, any>, never>> {
  readonly 'the handles m.attrs of a model known only by its type go with no model: build with Model.attrsOf(m)': typeof UnknownModelId
}

declare const UnknownModelId: unique symbol

/**
 * The handles of the model `m`, tied to its type `M`: what code generic in its model
 * (`<M extends Model.Any>(m: M)`) builds its conditions and updates with. There `m.attrs` are
 * the handles of a model known only by its type, which go with no model (see `Model`'s
 * `attrs`); `attrsOf(m)`'s go with `m` and no other. The fields are those of the item type of
 * `M`'s constraint (`Model.Model<Item, any, any, any>`: `Item`'s; `Model.Any`: any name, of
 * unknown type), none of them marked `Fixed` (an update of a key field or the version is
 * refused when it runs, not when it compiles). Of a made model, `M.attrs` say more. What is no
 * model (through a cast) has no handles.
 *
 * @example
 * ```ts
 * import { Condition as C, Dynamo, Model } from 'dynamongo'
 *
 * const having = <M extends Model.Any>(m: M, field: string) => Dynamo.getMany(m, C.exists(Model.attrsOf(m)[field]!))
 * ```
 *
 * @category model
 */
export const attrsOf = <I, M extends Model<I, any, any, any, any, any>>(m: M & Model<I, any, any, any, any, any>): A.Children<I, M> =>
  (isModel(m) ? m.attrs : noAttrs) as unknown as A.Children<I, M>

/** The handles of what is no model (given through a cast): none, so each is `undefined`, which the builders and operations refuse. */
const noAttrs: Readonly<Record<string, never>> = Object.freeze(Object.create(null) as Record<string, never>)

/**
 * Any model: what generic code constrains its model with (`<M extends Model.Any>(m: M, key:
 * Model.KeyValue<M>) => Dynamo.getOne(m, key)`), the operations' own constraint. As the type of
 * a value (`m: Model.Any`) it is a model not known, whose operations take any strategy
 * (`Strategy`) and whose `attrs` go with no model; `ConditionType<Model.Any>` is a condition
 * that goes with every model, which only untyped handles build. A condition of one model is a
 * `ConditionType<typeof User>`, or a `ConditionType<M>` in code generic in `M` (`attrsOf`).
 *
 * @category model
 */
export type Any = Model<any, any, any, any>

/**
 * The item type of a model: `type User = Model.TypeOf<typeof User>`. Of a model whose item type
 * is `any` (`Model.Any`, and so in code generic in `<M extends Model.Any>`, where `TypeOf<M>`
 * stands for that of its constraint) it is an item of fields not known (`UnknownItem`), not
 * `any`: what a generic helper reads is checked (`item.name` is `unknown` until narrowed).
 *
 * @category type-level
 */
export type TypeOf<M> = M extends Model<infer I, any, any, any, any, any> ? (0 extends 1 & I ? UnknownItem : I) : never

/**
 * The item of a model whose item type is not known (`TypeOf<Model.Any>`): an object whose
 * fields are `unknown` (narrowed before use), every model's item.
 *
 * @category type-level
 */
export interface UnknownItem {
  readonly [field: string]: unknown
}

/**
 * What the saves of a model whose item type is not known take (`InputOf<Model.Any>`): any
 * object (an index signature of `any`, which an interface's values meet too), never a scalar,
 * `null` or `undefined`.
 *
 * @category type-level
 */
export interface UnknownInput {
  readonly [field: string]: any
}

/**
 * What saves take (`saveOne`, `saveMany`, `Transaction.put`): the items of `TypeOf`, with the
 * fields that have a default, the version and the timestamps optional.
 *
 * @category type-level
 */
export type InputOf<M> = M extends Model<infer I, any, any, any, any, any>
  ? 0 extends 1 & I
    ? UnknownInput
    : OptionalOn<I, M extends { readonly optionalOnInput?: infer L } ? Exclude<L, undefined> & keyof I : never>
  : never

/**
 * `I` with the fields `L` optional (`I` itself when there are none).
 *
 * @category type-level
 */
export type OptionalOn<I, L extends keyof I> = [L] extends [never] ? I : Omit<I, L> & Partial<Pick<I, L>>

/**
 * Whether a model has a version field (its saves then take no `overwrite`): a literal name of
 * a field, `undefined` aside. A model of unknown type has `string`, and is not known to be
 * versioned.
 *
 * @category type-level
 */
export type IsVersioned<M> = M extends { readonly version: infer V }
  ? [Exclude<V, undefined>] extends [never]
    ? false
    : string extends Exclude<V, undefined>
      ? false
      : true
  : false

/**
 * What saves take as `overwrite` (`X`): nothing on a versioned model, whose version is the condition.
 *
 * @category type-level
 */
export type OverwriteOf<M, X> = IsVersioned<M> extends true ? A.Misuse<'a versioned model takes no overwrite: the version is the condition'> : X

/**
 * The names of the fields a model's table key is made of (the key fields, or the fields of the key templates).
 *
 * @category type-level
 */
export type KeyFieldName<M> = M extends { readonly keyFields: KeyFields<infer HF, infer RF> } ? HF[number] | (RF extends ReadonlyArray<string> ? RF[number] : never) : never

/**
 * The names of the fields a model's hash key is made of.
 *
 * @category type-level
 */
export type HashFieldName<M> = M extends { readonly keyFields: KeyFields<infer HF, any> } ? HF[number] : never

/**
 * The key fields of a model's items (of a model with composed keys: the fields of its key
 * templates). Of a model whose item type is not known (`Model.Any`, and so in code generic in
 * `<M extends Model.Any>`) it is an object of fields not known (`UnknownItem`), not `any`: a
 * key's fields are named by strings and a codec may decode them to any type.
 *
 * @category type-level
 */
export type KeyOf<M> = M extends Model<infer I, any, any, any, any, any> ? (0 extends 1 & I ? UnknownItem : Pick<I, KeyFieldName<M> & keyof I>) : never

/**
 * The items of a read that asks for the fields `K` (`select`): those fields and the key fields
 * (of a model whose item type is not known, of `unknown` type: `TypeOf`). Of a union of models
 * (a model value typed `typeof A | typeof B`), the union of each model's: each item has its own
 * model's key fields.
 *
 * @category type-level
 */
export type Projected<M, K> = M extends unknown ? Pick<TypeOf<M>, (K | KeyFieldName<M>) & keyof TypeOf<M>> : never

/**
 * The names of a model's declared indexes.
 *
 * @category type-level
 */
export type IndexName<M> = M extends { readonly indexes: infer X } ? keyof X & string : never

/**
 * The fields a read through the index `N` of `M` gives (`string`: every field). A local index
 * gives every field (DynamoDB fetches what it does not project from the table), and so does a
 * global index projecting all; one projecting its keys gives the table's key fields and its
 * own key fields (the fields of their templates too: a model's projection of keys holds them);
 * one projecting a list gives those fields, and the key attributes that are fields.
 *
 * @category type-level
 */
export type IndexGives<M, N> = M extends { readonly indexes: infer X } ? (N extends keyof X ? (X[N] extends { readonly _tag: 'GlobalIndex' } ? Holds<M, X[N]> : string) : string) : string

/**
 * The fields the index `N` of `M` projects (`string`: every field): what a filter through it
 * may test. As `IndexGives`, but a local index holds only what it projects too (DynamoDB
 * fetches the rest for what a read gives, never for what a filter tests).
 *
 * @category type-level
 */
export type IndexHolds<M, N> = M extends { readonly indexes: infer X } ? (N extends keyof X ? Holds<M, X[N]> : string) : string

type Holds<M, Ix> = Ix extends { readonly projection: infer P }
  ? 'all' extends P
    ? string
    : P extends 'keys'
      ? KeyFieldName<M> | (Ix extends { readonly keyFieldNames?: infer F } ? Exclude<F, undefined> : never)
      : P extends ReadonlyArray<infer F>
        ? F | (M extends { readonly hashKey: infer H; readonly rangeKey: infer R } ? H | R : never) | IndexKeyFields<Ix extends { readonly hashKey: infer K } ? K : never> | IndexKeyFields<Ix extends { readonly rangeKey: infer K } ? K : never>
        : string
  : string

/**
 * The field whose time expires a model's items (its `ttl`): `never` for a model without one,
 * `string` where the type does not tell.
 *
 * @category type-level
 */
export type TtlOf<M> = M extends { readonly ttl?: infer N } ? Exclude<N, undefined> : never

/**
 * The `[hash, range]` tuple of a hash+range model's key (`never` for a hash-only model, and
 * where a key template has more or fewer than one field).
 *
 * @category type-level
 */
export type KeyTuple<M> =
  M extends Model<infer I, any, any, any, infer HF, infer RF>
    ? HF extends readonly [infer H]
      ? RF extends readonly [infer R]
        ? readonly [I[H & keyof I], I[R & keyof I]]
        : never
      : never
    : never

/**
 * A key of a model as a value: its hash-key scalar (hash-only models) or a `[hash, range]`
 * tuple; for composed keys, only where each template has exactly one field (its value). Of a
 * model whose item type is `any` or `unknown` (`Model.Any`), whose key's type is not known,
 * any key a model may have (`UnknownKey`).
 *
 * @category type-level
 */
export type KeyValue<M> =
  M extends Model<infer I, any, any, any, infer HF, infer RF>
    ? unknown extends I
      ? UnknownKey
      : [RF] extends [undefined | readonly []]
      ? HF extends readonly [infer H]
        ? I[H & keyof I]
        : never
      : KeyTuple<M>
    : never

/**
 * A *strategy* selects one item: a hash-key scalar (hash-only models), a `[hash, range]`
 * tuple, an object holding the key fields (others ignored), or a key condition of this model
 * (`C.eq` on every key field, `C.and`-ed with extra checks). `Strategy.parse` reads it.
 * The condition is outside the conditional type (`KeyStrategy`), so that generic code's
 * `Condition<M>` is one. The union is intersected with `unknown` (the same union) so that the
 * compiler's messages show its members, a misuse saying why among them (`StrategyMisuse`),
 * rather than the name `Strategy`: a key given as a scalar to a model with a range key is
 * refused with "a model with a range key takes its key as a [hash, range] pair…".
 * Of a model whose item type is `any` or `unknown` (`Model.Any`, `Model<unknown>`) it is any
 * key (`UnknownKey`: its key's type is not known) or a condition that goes with every model
 * (untyped handles), never one model's condition: `Dynamo.getOne(m, C.eq(s.email, 'x'))` with
 * `m: Model.Any`, or `getOne<Model.Any>(User, …)`, does not compile, as `getMany`'s condition
 * does not. So a generic function of a model and a strategy bound with `bind` does not
 * compile either: TypeScript erases its model to `Model.Any` there, and the erased strategy is
 * no strategy of `User` (TS2684, its `this` context). That holds for a helper of one's own
 * (`fetch.bind(null, User)`) as for the library's own: `T.get`, `T.delete`, `T.check` and
 * `T.update` (`keys.map(T.get.bind(null, User))`), and `Dynamo.getOne`, `deleteOne`,
 * `updateOne` and the other operations of one item. A function keeps the model:
 * `keys.map((k) => T.get(User, k))`, `(k) => fetch(User, k)`.
 *
 * @category type-level
 */
export type Strategy<M> = (C.Condition<M> | KeyValue<M> | KeyStrategy<M>) & unknown

/**
 * The strategies of `M` that are no condition: its key's value (`KeyValue`), an object holding
 * its key fields, and a misuse that says why a key value of the wrong shape is none
 * (`StrategyMisuse`).
 *
 * @category type-level
 */
export type KeyStrategy<M> = M extends Model<infer I, any, any, any, infer HF, infer RF>
  ? KeyValue<M> | (unknown extends I ? never : StrategyMisuse<HF, RF> | (KeyOf<M> & Partial<I>))
  : never

/**
 * A key of a model whose key's type is not known (`KeyValue<Model.Any>`): a scalar, or an
 * object (a tuple, an object of key fields, a `Date`, a `Uint8Array`) that is no model's
 * condition (a condition carries its model's tie, `Attr.Tied`). A codec may decode a key
 * field to any type, so an object of the key fields is any object; the tie keeps out the
 * conditions of a model, which a model of unknown type takes only where they go with every
 * model (`Condition<Model.Any>`). Its fields are of any type (an index signature of `any`,
 * which every object meets, a `Date`'s or an interface's too, not only an object literal).
 *
 * @category type-level
 */
export type UnknownKey = string | number | bigint | boolean | { readonly [A.ModelId]?: undefined; readonly [field: string]: any }

/**
 * What `Strategy` adds for the compiler's message of a key value of the wrong shape: a scalar
 * for a model with a range key (its key is a `[hash, range]` pair), or for a model whose key
 * templates compose several fields or whose key fields its type does not tell (`Model<Item>`:
 * its key is an object of them). A misuse no value is. Nothing array-like: the compiler
 * elaborates an object literal against the first member that is not array-like of a union that
 * has one, so that an array-like misuse would draw the message of an object missing a key field
 * away from that field; and a `Uint8Array` would draw a tuple's elements (as numbers).
 *
 * @category type-level
 */
export type StrategyMisuse<HF, RF> = [RF] extends [undefined | readonly []]
  ? HF extends readonly [unknown]
    ? never
    : (string | number | bigint | Date) & A.Misuse<'a model whose key templates compose several fields (or whose key fields its type does not tell) takes its key as an object of its key fields or a key condition'>
  : RF extends readonly [unknown]
    ? HF extends readonly [unknown]
      ? (string | number | bigint | Date) & A.Misuse<'a model with a range key takes its key as a [hash, range] pair, an object of its key fields or a key condition'>
      : (string | number | bigint | Date) & A.Misuse<'a model whose key templates compose several fields (or whose key fields its type does not tell) takes its key as an object of its key fields or a key condition'>
    : (string | number | bigint | Date) & A.Misuse<'a model whose key templates compose several fields (or whose key fields its type does not tell) takes its key as an object of its key fields or a key condition'>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The options of `Model.make`: the table, the keys, the codec, and what the model adds
 * (entity, defaults, capacity, indexes, version, timestamps, time to live).
 *
 * @category model
 */
export interface MakeOptions<I, O, H extends KeySpecOf<I> | (string & A.Misuse<KeyMisuse>), R extends KeySpecOf<I> | (string & A.Misuse<KeyMisuse>) | undefined> {
  /** The table's name (3 to 255 of a-z, A-Z, 0-9, `_`, `-`, `.`, else a `SchemaError`); the Env's `tablePrefix` is prepended at run time. */
  readonly table: string
  /** The hash key: a required key field, or `Model.key(attribute, template)` composed from required key fields. */
  readonly hashKey: H
  /** The range key, if any: a field or a composed key, as `hashKey`. */
  readonly rangeKey?: R
  /** The item: any io-ts codec of one object (`t.type`, `t.partial`, their `t.intersection`; `Field` codecs for its fields). */
  readonly codec: t.Type<I, O, unknown>
  /**
   * The entity of this model's items, when several models share the table (DESIGN §5.4):
   * stored in `entityAttribute` on every write, and every read of the model keeps only its
   * own entity's items. Required when a key is composed (`Model.key`).
   */
  readonly entity?: string
  /** The attribute holding the entity (default `_et`); not a field of the codec. */
  readonly entityAttribute?: string
  /**
   * A field's value where an item given to a put (`saveOne`, `saveMany`, `T.put`, `Model.encode`)
   * lacks it: a value, or a function called once per item. Stored as any value (a default `[]` is
   * an empty list); `load` (a restore) and updates apply none.
   */
  readonly defaults?: Defaults<I>
  /** Provisioned read capacity (default 8, as in dynamongo); giving it declares the billing (see `billing`). */
  readonly readUnits?: number
  /** Provisioned write capacity (default 8, as in dynamongo); giving it declares the billing (see `billing`). */
  readonly writeUnits?: number
  /**
   * `'onDemand'` for PAY_PER_REQUEST billing (then read/write units must not be given), or
   * `'provisioned'`. When none of `billing`, `readUnits` and `writeUnits` is given, the
   * default, provisioned 8/8, is what a new table gets (`createTable`, `syncTable` of a
   * missing table); `planTable` and `syncTable` leave the billing of a table that exists as it
   * is (on demand stays on demand, units stay as they are), and a global index they create
   * there gets what that billing needs (no units on demand; its own units when provisioned,
   * else the table's where they are the default's, else the plan is `Unfixable`, asking for
   * the index's units). Declared billing is the table's: `syncTable` switches it, or changes
   * its units, to match. Of several models sharing a table, the first that declares billing
   * decides it; two that declare it differently are `Unfixable`.
   */
  readonly billing?: 'provisioned' | 'onDemand'
  /** Secondary indexes by name: `Model.globalIndex(…)`, `Model.localIndex(…)` (checked against the codec's fields). */
  readonly indexes?: Readonly<Record<string, Index<I, R>>>
  /**
   * An integer field holding the item's version: optimistic locking on every write (DESIGN §5.3).
   * It must hold 1 (else a `SchemaError`); its last version is its bound (`Field.int({ max })`,
   * else `Number.MAX_SAFE_INTEGER`): a write of an item at it is refused, never stored past it.
   */
  readonly version?: VersionOption<I>
  /** `Date` fields every write maintains: `createdAt` set once, `updatedAt` on every write. */
  readonly timestamps?: Timestamps<DateName<I>>
  /**
   * The `Field.epochSeconds` field whose time expires an item: `createTable` turns DynamoDB's
   * time to live on for it, and an item whose time has passed is absent for every operation.
   */
  readonly ttl?: NoInfer<[TtlName<I, O>] extends [never] ? A.Misuse<'a ttl names a Field.epochSeconds field, and this codec has none'> : TtlName<I, O> | (string & A.Misuse<'a ttl names a Field.epochSeconds field of the codec'>)>
}

/**
 * The parameter type of a template: the template, or a misuse when it is malformed.
 *
 * @category type-level
 */
export type TemplateCheck<T extends string> = [Key.FieldsOf<T>] extends [never]
  ? A.Misuse<'a malformed key template: fields are {name}, each once, separated by literal text; literal braces {{ and }}'>
  : unknown

/**
 * A key attribute composed from fields (DESIGN §5.4), for a table or index key of a model with
 * an `entity`: `Model.key('sk', 'ORDER#{createdAt}#{orderId}')` stores in `sk` the template
 * with each `{field}` replaced by the field's stored text (`{{`/`}}` are literal braces; two
 * fields are separated by literal text). `pad` gives the width numbers are zero-padded to.
 * A malformed template throws `SchemaError` here (and does not compile when the type tells).
 *
 * An index key's template may use optional or nullable fields (a table key's may not): an item
 * in which any of them is absent or `null`, whatever the others hold, is stored without that
 * key attribute, and so is not in the index (a sparse index). An update that removes one of
 * them, or sets it to `null`, removes the key attribute in the same request.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import * as t from 'io-ts'
 * import { Field, Model } from 'dynamongo'
 *
 * // single-table design: the stored keys are composed from fields (pk, sk never appear in the item type)
 * const ShopOrder = Model.make({
 *   table: 'shop',
 *   entity: 'order',
 *   codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, total: Field.int({ min: 0 }) }),
 *   hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
 *   rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
 * })
 * const order = { customerId: 'c1', orderId: 'o1', createdAt: new Date('2024-03-05T10:00:00.000Z'), total: 120 }
 * pipe(Model.encode(ShopOrder, order), E.map((encoded) => encoded.stored))
 * // => E.right({
 * //      customerId: { S: 'c1' },
 * //      orderId: { S: 'o1' },
 * //      createdAt: { S: '2024-03-05T10:00:00.000Z' },
 * //      total: { N: '120' },
 * //      pk: { S: 'CUSTOMER#c1' },
 * //      sk: { S: 'ORDER#2024-03-05T10:00:00.000Z#o1' },
 * //      _et: { S: 'order' },
 * //    })
 * ```
 *
 * @category constructors
 */
export const key = <const A extends string, const T extends string>(
  attribute: A,
  template: T & TemplateCheck<T>,
  options: { readonly pad?: { readonly [K in Key.FieldsOf<T>[number]]?: number } } = {},
): ComposedKey<A, Key.FieldsOf<T>> => {
  try {
    const parsed = Key.parse(attribute, template, options as Key.ParseOptions)
    if (E.isLeft(parsed)) return throwSchemaError(parsed.left)
    return { _tag: 'ComposedKey', attribute, template: parsed.right, fields: Key.fields(parsed.right) as Key.FieldsOf<T> }
  } catch (e) {
    return undeclarable('Model.key', e)
  }
}

/**
 * A global secondary index (its names are checked against the model's fields where
 * `Model.make` takes it). Its keys are fields, composed keys (`Model.key`), or DynamoDB's
 * multi-attribute keys: lists of 1 to 4 fields each, stored as they are
 * (`{ hashKey: ['status'], rangeKey: ['createdAt', 'orderId'] }`; a list on both sides or none).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Field, Model } from 'dynamongo'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 *
 * const Order = Model.make({
 *   table: 'orders',
 *   hashKey: 'id',
 *   codec: t.type({ id: t.string, customer: t.string, placedAt: Field.dateTime, status: t.string }),
 *   indexes: {
 *     byCustomer: Model.globalIndex({ hashKey: 'customer', rangeKey: 'placedAt' }),
 *     byStatus: Model.globalIndex({ hashKey: 'status', projection: 'keys' }),
 *   },
 * })
 * // an equality on an index's hash key reads through the index
 * pipe(Dynamo.explain(Order, C.eq(Order.attrs.customer, 'c1')), E.map((p) => p._tag === 'Query' && p.index)) // => E.right('byCustomer')
 * ```
 *
 * @category constructors
 */
export const globalIndex = <
  const H extends KeySpec | ReadonlyArray<string>,
  const R extends (H extends ReadonlyArray<string> ? ReadonlyArray<string> : KeySpec) | undefined = undefined,
  const P extends Projection = 'all',
>(o: {
  readonly hashKey: H & MultiKeyCheck<H, 'hash'>
  readonly rangeKey?: R & MultiKeyCheck<R, 'range'>
  readonly projection?: P
  readonly readUnits?: number
  readonly writeUnits?: number
}): NoInfer<GlobalIndex<Extract<H, IndexKeyDeclaration>, Extract<R, IndexKeyDeclaration | undefined>, P>> => {
  try {
    return {
      _tag: 'GlobalIndex',
      hashKey: o.hashKey as Extract<H, IndexKeyDeclaration>,
      rangeKey: o.rangeKey as Extract<R, IndexKeyDeclaration | undefined>,
      projection: o.projection ?? ('all' as P),
      ...(o.readUnits === undefined ? {} : { readUnits: o.readUnits }),
      ...(o.writeUnits === undefined ? {} : { writeUnits: o.writeUnits }),
    }
  } catch (e) {
    return undeclarable('Model.globalIndex', e)
  }
}

/**
 * A local secondary index (same hash key as the table, another range key); only on a model with a range key.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Dynamo, Field, Model } from 'dynamongo'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 *
 * // a local index sorts a partition by another range key (the table must have one)
 * const Contacts = Model.make({
 *   table: 'user-contacts',
 *   hashKey: 'user_id',
 *   rangeKey: 'email',
 *   codec: t.type({ user_id: t.string, email: Field.email, addedAt: Field.dateTime }),
 *   indexes: { byAdded: Model.localIndex({ rangeKey: 'addedAt' }) },
 * })
 * const c = Contacts.attrs
 * pipe(Dynamo.explain(Contacts, C.and(C.eq(c.user_id, 'u1'), C.gt(c.addedAt, new Date('2024-01-01T00:00:00.000Z')))), E.map((p) => p._tag === 'Query' && p.index))
 * // => E.right('byAdded')
 * ```
 *
 * @category constructors
 */
export const localIndex = <R extends KeySpec, const P extends Projection = 'all'>(o: { readonly rangeKey: R; readonly projection?: P }): NoInfer<LocalIndex<R, P>> => {
  try {
    return { _tag: 'LocalIndex', rangeKey: o.rangeKey, projection: o.projection ?? ('all' as P) }
  } catch (e) {
    return undeclarable('Model.localIndex', e)
  }
}

const throwSchemaError = (message: string): never => {
  // eslint-disable-next-line no-restricted-syntax -- DESIGN.md §1: a malformed model throws SchemaError at definition time
  throw new DE.SchemaException(message)
}


const rootHandles = <I>(fields: Readonly<Record<string, A.Codec>>): A.Children<I> => {
  // a fast object whose prototype has none (`Object.create(null)` is a dictionary: every `attrs.x` a hash lookup)
  const out: Record<string, unknown> = Object.create(Object.freeze(Object.create(null) as object)) as Record<string, unknown>
  Ex.defineHandles(out, fields, (k) => P.of(k))
  // frozen with the model (each handle a getter, made at its first read)
  return Object.freeze(out) as A.Children<I>
}

/** The keys an index declares. */
type IndexKeysOf<X> = {
  [K in keyof X]: X[K] extends GlobalIndex<infer H, infer R, any> ? H | R : X[K] extends LocalIndex<infer R, any> ? R : never
}[keyof X]

/**
 * What `make` asks besides its options: an `entity` when a key is composed.
 *
 * @category type-level
 */
export type EntityCheck<H, R, X> = [DefiniteComposed<H | R | IndexKeysOf<X>>] extends [never] ? unknown : { readonly entity: string }

/** The composed keys among `K` whose attribute is known (not the `ComposedKey` of a loose type). */
type DefiniteComposed<K> = K extends ComposedKey<infer A, any> ? (string extends A ? never : K) : never

/** A key template as a model holds it: frozen, its parts too. */
const freezeTemplate = (tpl: Key.Template): Key.Template => Object.freeze({ attribute: tpl.attribute, parts: Object.freeze(tpl.parts.map((p) => Object.freeze({ ...p }))) })

/** An index as a model holds it: a copy, frozen, its lists too (the declaration's own lists are the caller's, left as they are). */
const freezeIndex = (ix: GlobalIndex | LocalIndex): GlobalIndex | LocalIndex => {
  const list = <A>(a: A): A => (Array.isArray(a) ? (Object.freeze([...(a as ReadonlyArray<unknown>)]) as A) : a)
  return Object.freeze(
    ix._tag === 'GlobalIndex'
      ? { ...ix, hashKey: list(ix.hashKey), rangeKey: list(ix.rangeKey), projection: list(ix.projection) }
      : { ...ix, projection: list(ix.projection) },
  )
}

const attributeOf = (k: KeySpec): string => (typeof k === 'string' ? k : k.attribute)

/** A composed key in a message: its attribute and its template (`pk (C#{id})`), each shortened (a template may be kilobytes long). */
const keyShown = (attribute: string, template: Key.Template): string => `${shortened(attribute)} (${shortened(Key.show(template))})`

/** An index key as the model holds it: a composed key by its attribute, a field or a multi-attribute key as it is. */
const storedIndexKey = (k: IndexKeyDeclaration): string | MultiKey => (Array.isArray(k) ? (k as MultiKey) : attributeOf(k as KeySpec))

/**
 * Define a model. Throws `SchemaError` (a `SchemaException` carrying it) at definition time
 * for what the types cannot catch: a key that is not a field, a key whose stored type cannot
 * be told, a local index without a table range key, a bad table or index name, …
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Field, Model } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([t.type({ email: Field.email, name: t.string }), t.partial({ logins: Field.int({ min: 0 }) })]),
 *   defaults: { logins: () => 0 },
 * })
 * type User = Model.TypeOf<typeof User> // { email: string; name: string } & { logins?: number }
 * const u = User.attrs // typed attribute handles: u.email, u.name, u.logins
 * ```
 *
 * @category constructors
 */
export const make = <
  I,
  O,
  H extends KeySpecOf<I> | (string & A.Misuse<KeyMisuse>),
  R extends KeySpecOf<I> | (string & A.Misuse<KeyMisuse>) | undefined = undefined,
  X extends Readonly<Record<string, Index<I>>> = {},
  D extends Defaults<I> = {},
  V extends VersionOption<I> | undefined = undefined,
  TS extends Timestamps<DateName<I>> | undefined = undefined,
  T extends string = string,
  TL extends string | undefined = undefined,
  EN extends string | undefined = undefined,
>(
  o: MakeOptions<I, O, H, R> & { readonly table: T; readonly entity?: EN; readonly indexes?: X; readonly defaults?: D; readonly version?: V; readonly timestamps?: TS; readonly ttl?: TL } & EntityCheck<H, R, X>,
  // NoInfer: a model made inline in a call (`collection({ orders: Model.make(…) }, …)`,
  // `getOne(Model.make(…), …)`) takes its types from its options alone; the call's parameter
  // type (a `Model<any, …>`) takes no part in inferring its keys, indexes and version
): NoInfer<
  Made<
    I,
    O,
    AttributeOf<H> & string,
    AttributeOf<R> & (string | undefined),
    StoredIndexes<X>,
    HashFieldsOfKey<H>,
    RangeFieldsOfKey<R>,
    NoneAsUndefined<(keyof D & string) | (V & string) | (TS extends Timestamps<infer N> ? N : never)>,
    V,
    T,
    TL,
    IndexTemplateFields<X>,
    EN
  >
> => {
  try {
    if (typeof o.table !== 'string' || !TABLE_NAME.test(o.table)) {
      throwSchemaError(`table ${typeof o.table === 'string' ? quoted(o.table) : show(o.table)}: a table name is ${TABLE_NAME_RULE}`)
    }
    // every SchemaError of a model names its table first
    const refuse = (why: string): never => throwSchemaError(`${o.table}: ${why}`)
    const fields = Ex.propsOf(o.codec)
    if (fields === undefined) {
      // a union of objects (a discriminated, polymorphic item) has no one set of fields to store and
      // index: the hint to model each member only then (a union of scalars has no members to model)
      const s = Shape.of(o.codec as A.Codec)
      const union = s._tag === 'Union' && s.members.length > 0 && s.members.every((m) => Shape.fields(m) !== undefined)
      return refuse(
        `the codec must describe an object (t.type, t.partial, t.intersection, t.exact, t.strict)${union ? ', not a union of them: give each member a model of its own, entities sharing the table (entity, Model.key), read together by Dynamo.collection' : ''}`,
      )
    }
    const required = requiredFields(o.codec)
    const keyTypes: Record<string, StoredKeyType> = Object.create(null)
    const templates: Record<string, Key.Template> = Object.create(null)
    // index keys may be optional: items without them are left out of the index (sparse indexes)
    // DynamoDB creates no table whose key attribute, or attribute projected into an index, has a longer name
    const keyName = (name: string, what: string, reason = ''): void => {
      const n = Buffer.byteLength(name)
      if (n > KEY_NAME_BYTES) {
        refuse(`${what} ${JSON.stringify(shortened(name))}${reason}: the name of a key attribute, or of one an index projects, takes at most ${KEY_NAME_BYTES} bytes (UTF-8), this one ${n}`)
      }
    }
    const keyField = (name: string, role: string, mustBeRequired = true): void => {
      if (typeof name !== 'string' || !hasOwn(fields, name)) refuse(`the ${role} ${JSON.stringify(name)} is not a field of the codec`)
      keyName(name, `the ${role}`)
      if (mustBeRequired && !required.has(name)) refuse(`the ${role} ${JSON.stringify(name)} must be a required field`)
      const st = storedTypeOf(fields[name] as A.Codec)
      if (st === undefined) {
        refuse(`the ${role} ${JSON.stringify(name)} must be stored as a string, a number or binary (its codec ${(fields[name] as A.Codec).name} is none of these)`)
      }
      // a range key is sorted and queried by its stored form: one that keeps equality only cannot be
      const unordered = role.startsWith('range') ? Shape.equalityOnly(fields[name] as A.Codec) : undefined
      if (unordered !== undefined) refuse(`the ${role} ${JSON.stringify(name)} cannot be ${(fields[name] as A.Codec).name}: ${unordered}; a range key is sorted and queried by its stored form`)
      keyTypes[name] = st as StoredKeyType
    }
    // a composed key: a stored string attribute that is no field, from string or number fields
    const composedKey = (k: ComposedKey, role: string, mustBeRequired: boolean): void => {
      const at = `the ${role} ${keyShown(k.attribute, k.template)}`
      if (o.entity === undefined) refuse(`${at}: a model with composed keys must declare its entity`)
      if (hasOwn(fields, k.attribute)) refuse(`${at}: ${k.attribute} is a field of the codec; a composed key is stored in an attribute of its own`)
      const why = checkAttributeName(k.attribute)
      if (why !== undefined) refuse(`${at}: ${why}`)
      keyName(k.attribute, `the ${role}`)
      for (const name of Key.fields(k.template)) {
        if (!hasOwn(fields, name)) refuse(`${at}: {${name}} is not a field of the codec`)
        if (mustBeRequired && !required.has(name)) refuse(`${at}: {${name}} must be a required field`)
        // an index key's field may be nullable too: an item whose field is null is left out of the index, as one without it
        const codec = fields[name] as A.Codec
        const st = mustBeRequired ? storedTypeOf(codec) : templateTypeOf(codec)
        if (st !== 'S' && st !== 'N') {
          const nullable = mustBeRequired && templateTypeOf(codec) !== undefined
          refuse(`${at}: {${name}} must be stored as a string or a number to be part of a key${nullable ? ' (a table key field cannot be null; an index key field can: the item is left out of that index)' : ''}`)
        }
      }
      // a pad is a width of digits: it applies to numbers
      for (const p of k.template.parts) {
        if (p._tag === 'Field' && p.pad !== undefined && templateTypeOf(fields[p.name] as A.Codec) !== 'N') refuse(`${at}: pad names {${p.name}}, which is not a number (a pad is a width of digits)`)
      }
      // the least every key it makes takes: its literal text, and each number's digits (its pad, else one); a
      // string field may be ''. Longer than the key holds, it refuses every write
      const limit = role.startsWith('range') ? RANGE_KEY_BYTES : HASH_KEY_BYTES
      let least = 0
      for (const p of k.template.parts) {
        least += p._tag === 'Literal' ? Buffer.byteLength(p.text) : (p.pad ?? (templateTypeOf(fields[p.name] as A.Codec) === 'N' ? 1 : 0))
      }
      if (least > limit) {
        const pads = k.template.parts.flatMap((p) => (p._tag === 'Field' && p.pad !== undefined ? [`the pad of ${p.name}`] : []))
        const unpadded = k.template.parts.some((p) => p._tag === 'Field' && p.pad === undefined && templateTypeOf(fields[p.name] as A.Codec) === 'N')
        const digits = unpadded ? [`a digit of each ${pads.length > 0 ? 'other ' : ''}number`] : []
        refuse(`${at}: every key it makes takes at least ${least} bytes (${['its literal text', ...pads, ...digits].join(', ')}), more than the ${limit} bytes a ${role.startsWith('range') ? 'range' : 'hash'} key holds, so no item can be written`)
      }
      const seen = templates[k.attribute]
      if (seen !== undefined && !Key.sameParts(seen.parts, k.template.parts)) refuse(`${at}: ${shortened(k.attribute)} is composed twice, differently (${shortened(Key.show(seen))}; a pad counts)`)
      templates[k.attribute] = k.template
      keyTypes[k.attribute] = 'S'
    }
    const declareKey = (k: KeySpec | undefined, role: string, mustBeRequired = true): void => {
      if (typeof k === 'object' && k !== null && (k as { _tag?: unknown })._tag === 'ComposedKey') composedKey(k, role, mustBeRequired)
      else keyField(k as string, role, mustBeRequired)
    }
    // DynamoDB's multi-attribute keys of a global index: lists of 1 to 4 fields each, each field
    // a key type (S, N, B) and in one place only; the fields are the key attributes, as they are
    const multiKey = (name: string, hash: unknown, range: unknown): void => {
      const at = `the index ${name}`
      const sides: ReadonlyArray<readonly [unknown, string]> = range === undefined ? [[hash, 'hash']] : [[hash, 'hash'], [range, 'range']]
      const seen = new Set<string>()
      for (const [list, side] of sides) {
        if (!Array.isArray(list)) refuse(`${at}: a multi-attribute key lists its fields on both sides (its ${side} key is no list: ${JSON.stringify(list)})`)
        const fs = list as ReadonlyArray<unknown>
        if (fs.length < 1 || fs.length > INDEX_KEY_ATTRIBUTES) {
          refuse(`${at}: a multi-attribute ${side} key lists 1 to ${INDEX_KEY_ATTRIBUTES} fields, not ${fs.length}${side === 'range' && fs.length === 0 ? ' (leave rangeKey out for none)' : ''}`)
        }
        for (const f of fs) {
          if (typeof f !== 'string') refuse(`${at}: a multi-attribute key lists field names, not ${JSON.stringify(f)}`)
          if (seen.has(f as string)) refuse(`${at}: the field ${JSON.stringify(f)} appears twice in its multi-attribute key`)
          seen.add(f as string)
          keyField(f as string, `${side} key field of index ${name}`, false)
        }
      }
    }
    if (o.entity !== undefined && (typeof o.entity !== 'string' || o.entity === '')) refuse(`an entity is a non-empty string, got ${JSON.stringify(o.entity)}`)
    // every read's and conditional write's test of the entity attribute would be refused (the compiler's rule of values)
    if (typeof o.entity === 'string' && !o.entity.isWellFormed()) refuse(`the entity ${JSON.stringify(o.entity)} holds ${loneSurrogate}`)
    // each field's name first: a key field's is then measured in bytes (keyName)
    for (const k of Object.keys(fields)) {
      // '' is no attribute name; '__proto__' is one, but the AWS SDK loses its value on reads;
      // a lone surrogate DynamoDB reads as '?'
      const why = checkAttributeName(k)
      if (why !== undefined) refuse(`the field ${JSON.stringify(k)}: ${why}`)
    }
    declareKey(o.hashKey, 'hash key')
    const hashKey = attributeOf(o.hashKey)
    const rangeKey = o.rangeKey === undefined ? undefined : attributeOf(o.rangeKey)
    if (o.rangeKey !== undefined) {
      declareKey(o.rangeKey, 'range key')
      if (rangeKey === hashKey) refuse('the range key cannot be the hash key')
    }
    // a property named __proto__ inside a field: io-ts's type/partial cannot read it back (codec/proto)
    const proto = declaredProto(o.codec)
    if (proto !== undefined) {
      refuse(
        `the field ${JSON.stringify(proto)}: a property named __proto__ cannot be read back through io-ts (t.type and t.partial copy an object by assignment, which sets its prototype instead of the key): rename it, or keep such keys in a t.record, whose keys are data`,
      )
    }
    const onDemand = o.billing === 'onDemand'
    if (onDemand && (o.readUnits !== undefined || o.writeUnits !== undefined)) {
      refuse('on-demand billing takes no read or write units')
    }
    const units = (n: number | undefined, what: string): number => {
      const v = n ?? 8
      const why = wholeWhy(v, 1, undefined, show)
      if (why !== undefined) refuse(`${what} ${why}`)
      return v
    }
    const throughput: Throughput = onDemand
      ? { _tag: 'OnDemand' }
      : { _tag: 'Provisioned', readUnits: units(o.readUnits, 'readUnits'), writeUnits: units(o.writeUnits, 'writeUnits') }
    const declared: Readonly<Record<string, Index<I>>> = o.indexes ?? {}
    const indexes: Record<string, GlobalIndex | LocalIndex> = {}
    let gsi = 0
    let lsi = 0
    for (const [name, ix] of Object.entries(declared)) {
      if (!TABLE_NAME.test(name)) refuse(`index name ${quoted(name)} must be ${TABLE_NAME_RULE}`)
      // a name DynamoDB takes, but no object holds an entry so named (it would set its prototype): dropped unsaid
      if (name === '__proto__') refuse('index name "__proto__": no JavaScript object holds an index so named (it would be dropped unsaid); give it another name')
      if (ix._tag === 'GlobalIndex') {
        gsi++
        // DynamoDB refuses ProvisionedThroughput on an index of an on-demand table: units given there would be dropped unsaid
        if (onDemand && (ix.readUnits !== undefined || ix.writeUnits !== undefined)) {
          refuse(`index ${name}: on-demand billing takes no read or write units (DynamoDB refuses them on an index of an on-demand table)`)
        }
        if (ix.readUnits !== undefined) units(ix.readUnits, `index ${name}'s readUnits`)
        if (ix.writeUnits !== undefined) units(ix.writeUnits, `index ${name}'s writeUnits`)
        const multi = Array.isArray(ix.hashKey)
        if (multi || Array.isArray(ix.rangeKey)) multiKey(name, ix.hashKey, ix.rangeKey)
        else {
          declareKey(ix.hashKey as KeySpec, `hash key of index ${name}`, false)
          if (ix.rangeKey !== undefined) declareKey(ix.rangeKey as KeySpec, `range key of index ${name}`, false)
        }
        indexes[name] = { ...ix, hashKey: storedIndexKey(ix.hashKey), rangeKey: ix.rangeKey === undefined ? undefined : storedIndexKey(ix.rangeKey) }
      } else {
        lsi++
        if (o.rangeKey === undefined) refuse(`the local index ${name} needs a table with a range key`)
        if (Array.isArray(ix.rangeKey)) refuse(`the local index ${name}: a local index has one range key attribute (DynamoDB takes multi-attribute keys on global indexes only)`)
        declareKey(ix.rangeKey, `range key of index ${name}`, false)
        indexes[name] = { ...ix, rangeKey: attributeOf(ix.rangeKey) }
      }
      if (Array.isArray(ix.projection)) {
        for (const a of ix.projection as ReadonlyArray<string>) {
          if (!hasOwn(fields, a)) refuse(`index ${name} projects ${JSON.stringify(a)}, which is not a field`)
        }
        // what it lists beyond the key attributes, which every index holds, and an entity's
        // attribute, which it lists too (model/projected's entityProjection): the table's NonKeyAttributes
        const keyed = new Set([o.hashKey, o.rangeKey, (ix as { readonly hashKey?: unknown }).hashKey, ix.rangeKey].flat())
        const listed = new Set((ix.projection as ReadonlyArray<string>).filter((a) => !keyed.has(a))).size + (o.entity === undefined ? 0 : 1)
        if (listed > INDEX_PROJECTED_ATTRIBUTES) refuse(`index ${name} projects ${listed} attributes besides its keys, and DynamoDB takes at most ${INDEX_PROJECTED_ATTRIBUTES} in one index`)
      }
    }
    // a template no value of a field can be written into: every save would be refused (Key.refusal).
    // Only one of fields every item has a value of (a table key's are): an item without an
    // optional field, or with a nullable one null, saves, left out of the sparse index, and
    // one with a value is refused at run time
    const ranges = [rangeKey, ...Object.values(indexes).map((ix) => ix.rangeKey)]
    const present = Object.keys(templates).length === 0 ? undefined : presentFields(o.codec)
    for (const [a, tp] of Object.entries(templates)) {
      if (!Key.fields(tp).every((f) => present?.has(f) === true)) continue
      tp.parts.forEach((p, i) => {
        const why = p._tag === 'Field' ? Key.unwritable(tp, i, heldBy(fields[p.name] as A.Codec), ranges.includes(a)) : undefined
        if (why) refuse(`the key ${keyShown(a, tp)}: ${why}, so no item can be written`)
      })
    }
    if (gsi > GLOBAL_INDEXES) refuse(`at most ${GLOBAL_INDEXES} global secondary indexes`)
    if (lsi > LOCAL_INDEXES) refuse(`at most ${LOCAL_INDEXES} local secondary indexes`)
    const entityAttribute = o.entity === undefined ? undefined : (o.entityAttribute ?? '_et')
    if (entityAttribute !== undefined) {
      const why = checkAttributeName(entityAttribute)
      if (why !== undefined) refuse(`the entity attribute ${JSON.stringify(entityAttribute)}: ${why}`)
      if (hasOwn(fields, entityAttribute)) refuse(`the entity attribute ${entityAttribute} is a field of the codec; it is written by dynamongo`)
      if (entityAttribute in keyTypes) refuse(`the entity attribute ${entityAttribute} is a key attribute`)
    } else if (o.entityAttribute !== undefined) refuse('entityAttribute without an entity')
    // what each index projects besides its keys, as createTable lists it: the fields it names and, of a model
    // with an entity, the entity attribute and (for 'keys') the fields its composed keys are made of
    for (const [name, ix] of Object.entries(indexes)) {
      const keys = [hashKey, rangeKey, ...[ix._tag === 'GlobalIndex' ? ix.hashKey : undefined, ix.rangeKey].flatMap((k) => (k === undefined ? [] : typeof k === 'string' ? [k] : k))]
      const projected = entityProjection({ entityAttribute, templates }, keys, ix.projection)
      // the reason a name is there, where the declaration does not say it: the entity attribute, a composed key's field
      const reasonOf = (a: string): string => {
        if (a === entityAttribute) return ' (the entity attribute)'
        const composed = ix.projection === 'keys' ? keys.find((k) => k !== undefined && templates[k] !== undefined && Key.fields(templates[k]).includes(a)) : undefined
        return composed === undefined ? '' : ` (a field of composed key ${shortened(composed)}, which a 'keys' index of an entity projects)`
      }
      if (Array.isArray(projected)) for (const a of projected as ReadonlyArray<string>) keyName(a, `index ${name} projects`, reasonOf(a))
    }
    const defaults = o.defaults ?? {}
    for (const k of Object.keys(defaults)) {
      if (!hasOwn(fields, k)) refuse(`a default for ${JSON.stringify(k)}, which is not a field`)
    }
    const fieldsOfKey = (k: KeySpec): ReadonlyArray<string> => (typeof k === 'string' ? [k] : Key.fields(k.template))
    // a key template's fields are keys too: a version or a timestamp there would move the item or stale its index key
    const keyed = new Set([...Object.keys(keyTypes), ...Object.values(templates).flatMap((t) => Key.fields(t))])
    const lifecycle = checkLifecycle(fields, keyed, o.version, o.timestamps, o.ttl, defaults)
    if (typeof lifecycle === 'string') refuse(lifecycle)
    // the misuse in ttl's type holds no value: a name, or whatever an untyped caller gave (checked below)
    const ttl = o.ttl as string | undefined
    if (ttl !== undefined) {
      if (typeof ttl !== 'string' || !hasOwn(fields, ttl)) refuse(`the ttl ${JSON.stringify(ttl)} is not a field of the codec`)
      if (!isEpochSeconds(fields[ttl] as A.Codec)) refuse(`the ttl field ${JSON.stringify(ttl)} must be a Field.epochSeconds field (its codec is ${(fields[ttl] as A.Codec).name})`)
    }
    // frozen, with every part the rules of a model read (isModel): a model is a value, and one
    // changed after make (through a cast) must not keep what isModel found of it. Its type is the
    // signature's (`Made`, written there only): its phantom parts (the item type, the literal
    // names, `optionalOnInput`) are no values this object could be checked against
    const life = lifecycle as Exclude<typeof lifecycle, string>
    const frozenTemplates: Record<string, Key.Template> = Object.create(null)
    for (const [a, tpl] of Object.entries(templates)) frozenTemplates[a] = freezeTemplate(tpl)
    const frozenIndexes: Record<string, GlobalIndex | LocalIndex> = {}
    for (const [name, ix] of Object.entries(indexes)) frozenIndexes[name] = freezeIndex(ix)
    return Object.freeze({
      _tag: 'Model',
      table: o.table,
      hashKey,
      rangeKey,
      keyFields: Object.freeze({
        hash: Object.freeze([...fieldsOfKey(o.hashKey)]),
        range: o.rangeKey === undefined ? undefined : Object.freeze([...fieldsOfKey(o.rangeKey)]),
      }),
      templates: Object.freeze(frozenTemplates),
      entity: o.entity,
      entityAttribute,
      codec: o.codec,
      defaults: Object.freeze({ ...defaults }),
      throughput: Object.freeze(throughput),
      throughputDeclared: o.billing !== undefined || o.readUnits !== undefined || o.writeUnits !== undefined,
      indexes: Object.freeze(frozenIndexes),
      attrs: rootHandles<I>(fields),
      keyTypes: Object.freeze(keyTypes),
      fields: Object.freeze({ ...fields }),
      ttl,
      ...life,
      ...(life.timestamps === undefined ? {} : { timestamps: Object.freeze(life.timestamps) }),
    }) as never
  } catch (e) {
    return undeclarable('Model.make', e)
  }
}

// -------------------------------------------------------------------------------------
// items
// -------------------------------------------------------------------------------------

/** The keys of the model's indexes present on an item must be values DynamoDB takes (`storedKey.checkIndexKeys`): it rejects the write otherwise. */
const checkIndexKeys = (m: Model<any, any, any, any>, av: AttributeMap): E.Either<DE.DynamoError, AttributeMap> => checkSides(indexKeySides(m), m.keyTypes, av)

/**
 * A `ValidationError` of an item that lacks a field it must have while it holds a name the
 * model does not declare (a misspelt field: `{ nmae: 'Ann' }`): the issue of each missing
 * field names those others, so the caller sees the likely cause. Any other error as it is.
 */
const misspelt = (m: Pick<Model<any, any, any, any>, 'fields'>, item: unknown, e: DE.DynamoError): DE.DynamoError => {
  if (e._tag !== 'ValidationError' || typeof item !== 'object' || item === null) return e
  const others = Object.keys(item).filter((k) => !hasOwn(m.fields, k))
  if (others.length === 0) return e
  const absent = (path: string): boolean => hasOwn(m.fields, path) && (item as Record<string, unknown>)[path] === undefined
  if (!e.issues.some((i) => absent(i.path))) return e
  const also = ` (the item has ${others.slice(0, 5).map((k) => shortened(k, 40)).join(', ')}${others.length > 5 ? ', …' : ''}, which the model does not declare: a misspelt name?)`
  return DE.validationError(e.issues.map((i) => (absent(i.path) ? { ...i, message: `${i.message}${also}` } : i)))
}

/**
 * An item, ready to store: defaults applied, validated against the codec, encoded,
 * marshalled, checked against DynamoDB's item rules (sizes, keys). Returns the item with
 * defaults and its stored form. It applies defaults but sets no version and no timestamp
 * (the writes set those before encoding: the item here keeps the ones it gives, or none).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Field, Model } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([t.type({ email: t.string }), t.partial({ logins: Field.int({ min: 0 }) })]),
 *   defaults: { logins: () => 0 },
 * })
 * Model.encode(User, { email: 'a@b.c' }) // => E.right({ item: { email: 'a@b.c', logins: 0 }, stored: { email: { S: 'a@b.c' }, logins: { N: '0' } } })
 * E.isLeft(Model.encode(User, { email: 'a@b.c', logins: -1 })) // => true
 * ```
 *
 * @category conversions
 */
export const encode = <I>(m: Model<I, any, any, any>, item: I): E.Either<DE.DynamoError, { readonly item: I; readonly stored: AttributeMap }> =>
  withModel(m, () => {
    const withDs = withDefaults(m, item)
    if (E.isLeft(withDs)) return withDs
    const full = withDs.right
    const seen: Marshalled = { lossy: false }
    const encoded = encodeSeen(m.codec, full, seen)
    if (E.isLeft(encoded)) return E.left(misspelt(m, full, encoded.left))
    const r = m.entityAttribute === undefined ? encoded : Computed.withKeys(m, encoded.right)
    if (E.isLeft(r)) return r
    // a computed attribute the item gives another value: refused, never replaced silently
    const differs = m.entityAttribute === undefined ? undefined : Computed.disagreeing(m, encoded.right, r.right, 'the item')
    if (differs !== undefined) return E.left(differs)
    const k = checkKey(m, r.right)
    if (E.isLeft(k)) return k
    const ix = checkIndexKeys(m, r.right)
    if (E.isLeft(ix)) return ix
    // the item as it will read back (a field that stores less than it was given: as stored;
    // where a value stores as another, -0 or a Buffer say, the whole item as read)
    const back = seen.lossy ? decode(m, r.right) : undefined
    // (the item as Item.encode read it once, not the caller's object, which may read otherwise)
    const read = (seen.read ?? full) as I
    return E.right({ item: back !== undefined && E.isRight(back) ? back.right : readBack(m.codec, read, r.right), stored: r.right })
  })

/**
 * A stored item, decoded through the model's codec (the attributes dynamongo computes left out: they are no fields).
 * On a model with an `entity`, an item that is not its own (another entity's sharing the table,
 * or one without the entity attribute: what no read of the model returns) is a
 * `ValidationError` at the entity attribute naming what it holds; so is, at that attribute, a
 * composed key of the table that the item holds with other values than its fields, or, in a
 * range key, in a text other than the one a save of its value composes (one that need not sort
 * as the value: a date-time's `+02:00` form, a number's `12.50`; in a hash key a read misses
 * such a text, never matches it wrongly, so the stored field's own text and a number's other
 * text at a part without `pad` are taken; Computed.storedKeyWhy): the item is not where its
 * fields say. A composed key of an index is
 * not checked here: a read of the table (by its key, `getMany`'s BatchGetItem, `transactGet`, a
 * Query of a partition, `collection`, a Scan of the table, the old and new items of a write)
 * decodes so, and a read through an index checks that index's keys too, where a stale one would
 * give a wrong answer.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Field, Model } from 'dynamongo'
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
 *
 * Model.decode(User, { email: { S: 'j@x.io' }, name: { S: 'John' }, logins: { N: '3' } }) // => E.right({ email: 'j@x.io', name: 'John', logins: 3 })
 * E.isLeft(Model.decode(User, { email: { S: 'j@x.io' }, logins: { N: '-1' } }))           // => true
 * ```
 *
 * @category conversions
 */
export const decode = <I>(m: Model<I, any, any, any>, av: AttributeMap): E.Either<DE.DynamoError, I> => decodeRead(m, av, undefined)

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

/**
 * dynamongo's `keys_in`: the selection of many keys, as a condition (an `OR` of key
 * equalities). `getMany`/`deleteMany` plan it as batch gets; it can be `C.and`-ed with checks.
 * Keys are hash scalars for hash-only models and `[hash, range]` tuples otherwise, or objects
 * of the key fields (a composed key's template fields: the only form when a template has several).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Dynamo, Field, Model } from 'dynamongo'
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
 *
 * pipe(Dynamo.explain(User, Model.keysIn(User, ['a@x.io', 'b@x.io'])), E.map((p) => p._tag)) // => E.right('BatchGetItem')
 * ```
 *
 * @category utils
 */
export const keysIn = <M extends Model<any, any, any, any>>(m: M, keys: ReadonlyArray<KeyValue<M> | KeyOf<M>>): C.Condition<M> => {
  // no model, or keys that are no list or cannot be read (through `any`): a condition every
  // interpreter refuses, saying why (rules/ast), as the compilers refuse a forged model
  const c = withModel(m, () =>
    Array.isArray(keys) ? E.right(keysCondition(m, keys)) : E.left(DE.validationError([{ path: 'keys', message: `Model.keysIn: expected a list of keys, got ${show(keys)}` }])),
  )
  return E.isLeft(c) ? (refusedBy(c.left) as unknown as C.Condition<M>) : c.right
}

const keysCondition = <M extends Model<any, any, any, any>>(m: M, keys: ReadonlyArray<KeyValue<M> | KeyOf<M>>): C.Condition<M> => {
  // an equality on every key field, its value what the key value gives it as getOne reads it
  // (keyValues.ts); a form that is no key of this model is the first field's value and
  // the others are given none (`undefined`): a key the planner refuses as getOne does, with a
  // message naming what is wrong, never a filter
  const names = Computed.keyFieldNames(m)
  const attrs = names.map((n) => m.attrs[n as keyof typeof m.attrs] as unknown as A.Attr<unknown>)
  // a tuple of two values where one field makes both keys: getOne's ExpressionError (keyValues.ts), not
  // a ValidationError of the tuple as that field's value
  const twice = tupleFields(m) !== undefined ? keys.find((k) => isTuple(m, k) && keyValues(m, k) === undefined) : undefined
  if (twice !== undefined) return refusedBy(refusal(m, arrayWhy(m))) as unknown as C.Condition<M>
  const conditions = keys.map((k) => {
    const v = keyValues(m, k) ?? { [names[0] as string]: k }
    return attrs.length === 1 ? C.eq(attrs[0] as A.Attr<unknown>, v[names[0] as string]) : C.and(...attrs.map((a, i) => C.eq(a, v[names[i] as string])))
  })
  // the node `C.or` builds, its list given whole: a spread of that many arguments (a list of
  // more than some 100,000 keys) would exhaust the call stack
  return { _tag: 'Or', conditions, [built]: true } as C.Condition<M>
}

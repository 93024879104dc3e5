/**
 * Typed attribute handles. A handle names a path of an item and carries, at the type level,
 * the in-memory type of what is stored there, and at run time the codec that encodes values
 * compared with or written to it. `Model.make` derives `M.attrs` from the model's codec:
 * `u.email`, `u.address.city`, `u.tags.at(0)`.
 *
 * Handles (and every other expression builder: `C.size`, `U.plus`, `U.ifNotExists`,
 * `U.listAppend`) carry a private symbol; combinators read an argument that carries it as
 * an expression and anything else as a value. User data is never inspected for its shape.
 *
 * @since 0.1.0
 * @category Building queries
 * @module
 */
import type * as t from 'io-ts'
import * as P from './Path.js'
import { type ExprId, fromCodec } from './expr.js'
import type { Size } from './Condition.js'
import type { SetOperand, Arithmetic } from './Update.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Any io-ts codec.
 *
 * @category model
 */
export type Codec = t.Type<any, any, unknown>

/**
 * The AST node an expression builder stands for.
 *
 * @category model
 */
export type ExprNode = P.Path | Size | SetOperand | Arithmetic

/**
 * Phantom: the in-memory type of the expression (type level only).
 *
 * @category model
 */
export declare const TypeId: unique symbol

/**
 * Phantom: the model an expression, a condition or an update belongs to (type level only).
 *
 * @category model
 */
export declare const ModelId: unique symbol

/**
 * The model tie, a phantom property no value holds: `M` is the model (its type, `typeof User`)
 * whose handles built the value. Models are distinct types (a model is invariant in its item
 * type), so a condition on one model is no condition on another, even one whose items merely
 * overlap. The tie is contravariant: a value tied to `M` goes with every model assignable to
 * `M`. A value tied to a union of models (`typeof User | typeof Shadow`) goes with each member,
 * and a value of one member is none of the union's: an operation on a model known only as one
 * of several, or on a model type written out as a union, takes no other model's handles.
 * `unknown` is every model: what untyped handles (`Attr.path`) build goes with any model and,
 * next to a model's handles, takes that model. `never` is none; the handles of a model known
 * only by its type (`Model<I>['attrs']`) are tied to `Model.UnknownModel`, which no model is
 * assignable to, so that they go with none either. `any` (the default) is any model, and takes
 * any.
 *
 * @category model
 */
export interface Tied<M> {
  readonly [ModelId]?: (model: M) => void
}

declare const MisuseId: unique symbol

/**
 * The parameter type of a misuse: its one key says what is wrong (`Misuse<'increment needs a
 * number attribute'>`), so the compiler's message does; no value has this type.
 *
 * @category type-level
 */
export type Misuse<Why extends string> = { readonly [K in Why]: typeof MisuseId }

/**
 * `T` as the handle it is compared with or written to decides it: a value's type is not
 * inferred from (as `NoInfer<T>`), and once `T` is known it is `T` itself, a union spread into
 * its members. `NoInfer<T>` beside another member of a union (`NoInfer<T> | Attr<…>`) stays
 * one member, against which an object literal for a union of maps (`{ a: 'x' }` for
 * `{ a: string } | { b: number }`) is refused.
 *
 * @category type-level
 */
export type Decided<T> = [T] extends [unknown] ? T : never

declare const FixedId: unique symbol

declare const RequiredId: unique symbol

/**
 * What an expression handle carries: its AST node, and the codec its values are encoded through.
 *
 * @category model
 */
export interface ExprInfo<N extends ExprNode> {
  readonly node: N
  /** The codec of the attribute (values meeting this expression are encoded through it). */
  readonly codec: Codec | undefined
}

/**
 * An expression of type `A` (node `N`), of the model `M` (see `Tied`). `F` is `any` but on the
 * handles of fields no update writes (`Fixed`); `Q` is `any` but on the handles of what an
 * item cannot be without (`Removable`).
 *
 * @category model
 */
export interface Expr<A, N extends ExprNode = ExprNode, M = any, F = any, Q = any> extends Tied<M> {
  readonly [ExprId]: ExprInfo<N>
  readonly [TypeId]?: A
  readonly [FixedId]?: F
  readonly [RequiredId]?: Q
}

/**
 * A handle on a path whose values have type `A`, of the model `M` (`W`, `Q`: see `Handle`).
 *
 * @category model
 */
export type Attr<A, M = any, W = any, Q = any> = Expr<A, P.Path, M, W, Q>

/**
 * The handle of a top-level field of type `A` of model `M` that no update writes, `Why` saying
 * which (a key field: DynamoDB cannot change an item's key; the version: dynamongo writes it).
 * A model's `attrs` give its key fields and its version such handles; conditions and the
 * right-hand sides of updates take them as any other, update actions do not (`Writable`).
 *
 * @category model
 */
export type Fixed<A, M, Why extends string> = Attr<A, M, Why>

/**
 * What an update action writes: a handle of type `A` of model `M` that is not `Fixed` (a misuse that says why for one that is).
 * Its `W` is `Unkeyed`'s, not that of a field of a composed index key, so that a helper taking
 * one may give it to every action (an increment, a set to an expression).
 *
 * @category model
 */
export type Writable<A, M = any> = Attr<A, M, Misuse<WriteWhy> & Misuse<IndexKeyWhy>>

/**
 * Why an update action takes no `Fixed` handle (a key field, the version).
 *
 * @category type-level
 */
export type WriteWhy = 'an update writes no key field (DynamoDB cannot change an item key) nor the version (dynamongo writes it)'

/**
 * Why a field of a composed index key (`Model.key` in an index) takes no action but a set to a
 * value and a remove: the index key attribute is recomputed from the value set (removed with the
 * field), which an increment, an add, an `if_not_exists` or a set to an expression do not give
 * before the request (the run refuses them too, `ExpressionError`).
 *
 * @category type-level
 */
export type IndexKeyWhy = 'this field makes a composed index key: an update sets it to a value or removes it (the key is recomputed from the value)'

/**
 * What an update action other than a set or a remove writes (an increment, an add, a
 * `setIfNotExists`): a `Writable` handle of no field of a composed index key (whose handle's
 * `W` is `Misuse<WriteWhy>`, what `set` and `remove` take: `Fields`), a misuse that says why for one.
 *
 * @category model
 */
export type Unkeyed<A, M = any> = Attr<A, M, Misuse<WriteWhy> & Misuse<IndexKeyWhy>>

/**
 * What `remove` takes: a `Writable` handle of model `M` whose item may be without it (an
 * optional field at any depth, a field whose codec takes `undefined`, a list's element, a
 * dictionary's entry); a misuse that says why for one it requires.
 *
 * @category model
 */
export type Removable<M = any> = Attr<
  unknown,
  M,
  Misuse<'an update writes no key field (DynamoDB cannot change an item key) nor the version (dynamongo writes it)'>,
  'may go' | Misuse<'remove takes what an item may be without: the codec requires this attribute (a required field, or a tuple element: the later ones would move down), and an item without it no longer decodes'>
>

/**
 * `Q` of the handle of the child `K` of `B` (`Handle`): `'may go'` when an item may be without it
 * (`B[K]` takes `undefined`, or `K` is a dictionary's entry), `'a required attribute'` otherwise
 * (a marker, not `any`: a union or a list of handles mixing both keeps the required one's).
 *
 * @category type-level
 */
export type RequiredOf<B, K extends keyof B> = string extends K ? 'may go' : undefined extends B[K] ? 'may go' : 'a required attribute'

/**
 * The handles of a model's fields `B` (`Children` of model `M`): those of the key fields `K`
 * and of the version `V` (`undefined` for none) are `Fixed`; those of the fields of composed
 * index keys `IK` (`undefined` for none) take only a set and a remove (`Unkeyed`).
 *
 * @category type-level
 */
export type Fields<B, M, K extends string, V extends string | undefined, IK extends string | undefined = undefined> = {
  readonly [F in keyof B & string]-?: F extends K
    ? Handle<B[F], M, 'a key field'>
    : F extends V
      ? Handle<B[F], M, 'the version'>
      : F extends IK
        ? Handle<B[F], M, Misuse<WriteWhy>, RequiredOf<B, F>>
        : Handle<B[F], M, any, RequiredOf<B, F>>
}

type Leaf = Date | Uint8Array | ReadonlySet<unknown> | ReadonlyMap<unknown, unknown> | bigint | ((...args: never) => unknown)

/**
 * A handle with its children: map fields by name, list elements by `.at(i)`; all of model `M`.
 * `W` is what keeps a scalar from being written (`Fixed`: a key field, the version), `any` for
 * none; `Q` what keeps it from being removed (`Removable`), `any` for none. A list's element may
 * go, a tuple's may not (the later ones would move down a place).
 *
 * @category type-level
 */
export type Handle<A, M = any, W = any, Q = any> = unknown extends A
  ? Attr<unknown, M>
  : [Exclude<A, undefined>] extends [infer B]
    ? [B] extends [Leaf]
      ? Attr<B, M, W, Q>
      : [B] extends [ReadonlyArray<infer E>]
        ? Attr<B, M, any, Q> & { readonly at: (i: number) => Handle<E, M, any, number extends B['length'] ? 'may go' : 'a tuple element'> }
        : [B] extends [object]
          ? Attr<B, M, any, Q> & Children<B, M>
          : Attr<B, M, W, Q>
    : never

/**
 * The handles of the fields of `B`, of model `M` (a model's `attrs` are `Children<Item, Model>`).
 *
 * @category type-level
 */
export type Children<B, M = any> = { readonly [K in keyof B & string]-?: Handle<B[K], M, any, RequiredOf<B, K>> }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An untyped handle on a raw path, of every model (`unknown`: usable with any): `Attr.path('address', 'city')`, `Attr.path('tags', 0)`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Attr, Condition as C, Expression, Model } from 'dynamongo'
 *
 * // an attribute the codec does not describe (written by another tool), with any model
 * const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }) })
 * const legacy = Attr.path('profile', 'city')
 * Expression.show(C.and(C.eq(User.attrs.email, 'a@b.c'), C.exists(legacy))) // => 'email = "a@b.c" AND attribute_exists(profile.city)'
 * ```
 *
 * @category constructors
 */
export const path = <A = unknown>(name: string, ...rest: ReadonlyArray<P.Element>): Handle<A, unknown> =>
  fromCodec(P.of(name, ...rest), undefined) as Handle<A, unknown>

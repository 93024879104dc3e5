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

/** Any io-ts codec. */
export type Codec = t.Type<any, any, unknown>

/** The AST node an expression builder stands for. */
export type ExprNode = P.Path | Size | SetOperand | Arithmetic

/** Phantom: the in-memory type of the expression (type level only). */
export declare const TypeId: unique symbol

/** Phantom: the model an expression, a condition or an update belongs to (type level only). */
export declare const ModelId: unique symbol

/**
 * The model tie, a phantom property no value holds: `M` is the model (its type, `typeof User`)
 * whose handles built the value. Models are distinct types (a model is invariant in its item
 * type), so a condition on one model is no condition on another, even one whose items merely
 * overlap. `never` is no model: what untyped handles (`Attr.path`) build goes with every model
 * and, next to a model's handles, takes that model. `any` (the default) is any model.
 */
export interface Tied<M> {
  readonly [ModelId]?: M
}

declare const MisuseId: unique symbol

/**
 * The parameter type of a misuse: its one key says what is wrong (`Misuse<'increment needs a
 * number attribute'>`), so the compiler's message does; no value has this type.
 */
export type Misuse<Why extends string> = { readonly [K in Why]: typeof MisuseId }

export interface ExprInfo<N extends ExprNode> {
  readonly node: N
  /** The codec of the attribute (values meeting this expression are encoded through it). */
  readonly codec: Codec | undefined
}

/** An expression of type `A` (node `N`), of the model `M` (see `Tied`). */
export interface Expr<A, N extends ExprNode = ExprNode, M = any> extends Tied<M> {
  readonly [ExprId]: ExprInfo<N>
  readonly [TypeId]?: A
}

/** A handle on a path whose values have type `A`, of the model `M`. */
export type Attr<A, M = any> = Expr<A, P.Path, M>

type Leaf = Date | Uint8Array | ReadonlySet<unknown> | ReadonlyMap<unknown, unknown> | bigint | ((...args: never) => unknown)

/** A handle with its children: map fields by name, list elements by `.at(i)`; all of model `M`. */
export type Handle<A, M = any> = unknown extends A
  ? Attr<unknown, M>
  : [Exclude<A, undefined>] extends [infer B]
    ? [B] extends [Leaf]
      ? Attr<B, M>
      : [B] extends [ReadonlyArray<infer E>]
        ? Attr<B, M> & { readonly at: (i: number) => Handle<E, M> }
        : [B] extends [object]
          ? Attr<B, M> & Children<B, M>
          : Attr<B, M>
    : never

/** The handles of the fields of `B`, of model `M` (a model's `attrs` are `Children<Item, Model>`). */
export type Children<B, M = any> = { readonly [K in keyof B & string]-?: Handle<B[K], M> }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** An untyped handle on a raw path, of no model (usable with any): `Attr.path('address', 'city')`, `Attr.path('tags', 0)`. */
export const path = <A = unknown>(name: string, ...rest: ReadonlyArray<P.Element>): Handle<A, never> =>
  fromCodec(P.of(name, ...rest), undefined) as Handle<A, never>

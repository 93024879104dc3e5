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
import * as Shape from '../codec/Shape.js'
import type { Size } from './Condition.js'
import type { SetOperand, Arithmetic } from './Update.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Any io-ts codec. */
export type Codec = t.Type<any, any, unknown>

/** The AST node an expression builder stands for. */
export type ExprNode = P.Path | Size | SetOperand | Arithmetic

/** The symbol that marks dynamongo's expression builders. */
export const ExprId: unique symbol = Symbol.for('dynamongo/Expr') as never

/** Phantom: the in-memory type of the expression (type level only). */
export declare const TypeId: unique symbol

export interface ExprInfo<N extends ExprNode> {
  readonly node: N
  /** The codec of the attribute (values meeting this expression are encoded through it). */
  readonly codec: Codec | undefined
}

export interface Expr<A, N extends ExprNode = ExprNode> {
  readonly [ExprId]: ExprInfo<N>
  readonly [TypeId]?: A
}

/** A handle on a path whose values have type `A`. */
export type Attr<A> = Expr<A, P.Path>

type Leaf = Date | Uint8Array | ReadonlySet<unknown> | ReadonlyMap<unknown, unknown> | bigint | ((...args: never) => unknown)

/** A handle with its children: map fields by name, list elements by `.at(i)`. */
export type Handle<A> = unknown extends A
  ? Attr<unknown>
  : [Exclude<A, undefined>] extends [infer B]
    ? [B] extends [Leaf]
      ? Attr<B>
      : [B] extends [ReadonlyArray<infer E>]
        ? Attr<B> & { readonly at: (i: number) => Handle<E> }
        : [B] extends [object]
          ? Attr<B> & Children<B>
          : Attr<B>
    : never

export type Children<B> = { readonly [K in keyof B & string]-?: Handle<B[K]> }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export const expr = <A, N extends ExprNode>(node: N, codec: Codec | undefined): Expr<A, N> =>
  ({ [ExprId]: { node, codec } }) as Expr<A, N>

/** An untyped handle on a raw path: `Attr.path('address', 'city')`, `Attr.path('tags', 0)`. */
export const path = <A = unknown>(name: string, ...rest: ReadonlyArray<P.Element>): Handle<A> =>
  fromCodec(P.of(name, ...rest), undefined) as Handle<A>

/**
 * The handle for `path`, typed by `codec`: children are derived from the inspectable io-ts
 * shapes (`t.type`, `t.partial`, `t.strict`, `t.exact`, `t.readonly`, `t.intersection`,
 * refinements of those) and lists (`t.array`, `t.readonlyArray`). Children are built lazily.
 */
export const fromCodec = (p: P.Path, codec: Codec | undefined): unknown => {
  const handle: Record<PropertyKey, unknown> = Object.create(null)
  Object.defineProperty(handle, ExprId, { value: { node: p, codec }, enumerable: false })
  const props = codec === undefined ? undefined : propsOf(codec)
  if (props !== undefined) {
    for (const k of Object.keys(props)) {
      Object.defineProperty(handle, k, {
        enumerable: true,
        configurable: true,
        get() {
          const child = fromCodec(P.key(k)(p), props[k])
          Object.defineProperty(handle, k, { value: child, enumerable: true })
          return child
        },
      })
    }
  }
  const item = codec === undefined ? undefined : elementOf(codec)
  if (item !== undefined) {
    Object.defineProperty(handle, 'at', { value: (i: number) => fromCodec(P.index(i)(p), item), enumerable: false })
  }
  return handle
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

export const isExpr = (u: unknown): u is Expr<unknown> =>
  (typeof u === 'object' || typeof u === 'function') && u !== null && ExprId in (u as object)

export const info = <A, N extends ExprNode>(e: Expr<A, N>): ExprInfo<N> => e[ExprId]

export const pathOf = (a: Attr<unknown>): P.Path => a[ExprId].node

export const codecOf = (e: Expr<unknown>): Codec | undefined => e[ExprId].codec

// -------------------------------------------------------------------------------------
// utils: reading io-ts shapes
// -------------------------------------------------------------------------------------

/** The record of named fields of a struct-like codec, or `undefined` (read by `codec/Shape`). */
export const propsOf = (codec: Codec): Readonly<Record<string, Codec>> | undefined => Shape.fields(codec)?.props

/** The element codec of a list codec, or `undefined` (read by `codec/Shape`). */
export const elementOf = (codec: Codec): Codec | undefined => Shape.element(codec)

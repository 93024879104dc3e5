/**
 * The run-time side of attribute handles and expression builders, inside the library: the
 * symbol that marks them, the handle of a path typed by its codec, and the readers of an
 * expression's node and codec. `Attr` (the public module) holds the types and `Attr.path`.
 *
 * @since 0.1.0
 */
import * as P from './Path.js'
import { elementsOf, sealedPath, setCodecOfPath } from './nodes.js'
import * as Shape from '../codec/Shape.js'
import type { Attr, Codec, Expr, ExprInfo, ExprNode } from './Attr.js'

/** The symbol that marks dynamongo's expression builders. */
export const ExprId: unique symbol = Symbol.for('dynamongo/Expr') as never

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** An expression builder of `node`, whose values are encoded through `codec`. */
export const expr = <A, N extends ExprNode, M = unknown>(node: N, codec: Codec | undefined): Expr<A, N, M> =>
  ({ [ExprId]: { node, codec } }) as Expr<A, N, M>

/**
 * The prototype of every handle: empty, itself without one (so a handle inherits no name).
 * `Object.create(null)` would make each handle a dictionary, and reading its `ExprId` in every
 * combinator a hash lookup (on the path of the W3 query target, bench/README.md).
 */
const handleProto: object = Object.freeze(Object.create(null) as object)

/**
 * A getter on `target` for each field `k` of `props`: the handle of `pathOf(k)` with that
 * field's codec, made on first read and kept by the getter (redefining the property as a
 * value would make `target` a dictionary). A handle's children, and a model's `attrs`.
 */
export const defineHandles = (target: object, props: Readonly<Record<string, Codec>>, pathOf: (k: string) => P.Path): void => {
  for (const k of Object.keys(props)) {
    let h: unknown
    Object.defineProperty(target, k, {
      enumerable: true,
      configurable: true,
      get: () => (h ??= fromCodec(pathOf(k), props[k])),
    })
  }
}

/**
 * The handle for `p`, typed by `codec`: children are derived from the inspectable io-ts
 * shapes (`t.type`, `t.partial`, `t.strict`, `t.exact`, `t.readonly`, `t.intersection`,
 * refinements of those) and lists (`t.array`, `t.readonlyArray`). Children are built lazily.
 * `p` is given `codec` (`codecOfPath`), so `p` must be a node just made, which no one else
 * holds (never a caller's: `handleAt`).
 */
export const fromCodec = (p: P.Path, codec: Codec | undefined): unknown => {
  if (codec !== undefined) setCodecOfPath(p, codec)
  const handle: Record<PropertyKey, unknown> = Object.create(handleProto) as Record<PropertyKey, unknown>
  Object.defineProperty(handle, ExprId, { value: { node: p, codec }, enumerable: false })
  const props = codec === undefined ? undefined : propsOf(codec)
  if (props !== undefined) defineHandles(handle, props, (k) => P.key(k)(p))
  const item = codec === undefined ? undefined : elementOf(codec)
  if (item !== undefined) {
    Object.defineProperty(handle, 'at', { value: (i: number) => fromCodec(P.index(i)(p), item), enumerable: false })
  }
  return handle
}

/**
 * A handle of the attribute `at` names, typed by `codec`, on a path node of its own: `at` may be
 * a caller's (a handle's node, which a snapshot takes as its own copy), whose codec stays its own.
 */
export const handleAt = (at: P.Path, codec: Codec | undefined): unknown => fromCodec(sealedPath([...elementsOf(at)]), codec)

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

export const isExpr = (u: unknown): u is Expr<unknown> =>
  (typeof u === 'object' || typeof u === 'function') && u !== null && ExprId in (u as object)

/**
 * What stands for a value that is no handle where a handle belongs (a field the model does not
 * declare, read through a cast: `undefined`): no node, which the AST's reader (`rules/ast`)
 * refuses, saying where and why, when the AST is compiled or run; the combinator itself never throws.
 */
const noHandle: ExprInfo<never> = Object.freeze({ node: undefined as never, codec: undefined })

/** The node and codec of a handle or expression; `noHandle`'s for anything else. */
export const info = <A, N extends ExprNode>(e: Expr<A, N>): ExprInfo<N> => (e as Partial<Expr<A, N>> | null | undefined)?.[ExprId] ?? noHandle

export const pathOf = (a: Attr<unknown>): P.Path => info(a).node

export const codecOf = (e: Expr<unknown>): Codec | undefined => info(e).codec

// -------------------------------------------------------------------------------------
// utils: reading io-ts shapes
// -------------------------------------------------------------------------------------

/** The record of named fields of a struct-like codec, or `undefined` (read by `codec/Shape`). */
export const propsOf = (codec: Codec): Readonly<Record<string, Codec>> | undefined => Shape.fields(codec)?.props

/** The element codec of a list codec, or `undefined` (read by `codec/Shape`). */
export const elementOf = (codec: Codec): Codec | undefined => Shape.element(codec)

/** The codec a member is stored through, as `contains` compares one: a list's element, a set's declared member codec (read by `codec/Shape`). */
export const memberOf = (codec: Codec): Codec | undefined => Shape.member(codec)

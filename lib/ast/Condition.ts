/**
 * Conditions as values: the AST of DynamoDB condition (and filter, and key condition)
 * expressions, and its combinators. A condition is a plain readonly object with a `_tag`;
 * combinators build new nodes and never touch their inputs. Paths and values are different
 * nodes, so nothing is ever guessed from a value's shape.
 *
 * ```ts
 * C.and(C.eq(u.email, 'john@x'), C.gt(u.year_of_birth, 2000))
 * ```
 *
 * @since 0.1.0
 * @category Building queries
 * @module
 */
import * as A from './Attr.js'
import type { Path } from './Path.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A constant. `codec` (the attribute's) encodes it when the condition is compiled. */
export interface Value {
  readonly _tag: 'Value'
  readonly value: unknown
  readonly codec: A.Codec | undefined
}

/** `size(path)`: the length of a string, binary, set, list or map. */
export interface Size {
  readonly _tag: 'Size'
  readonly path: Path
}

export type Operand = Path | Value | Size

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>='

export type AttributeTypeName = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL'

export interface Comparison {
  readonly _tag: 'Comparison'
  readonly op: Comparator
  readonly left: Operand
  readonly right: Operand
}

export interface Between {
  readonly _tag: 'Between'
  readonly operand: Operand
  readonly low: Operand
  readonly high: Operand
}

export interface In {
  readonly _tag: 'In'
  readonly operand: Operand
  readonly values: ReadonlyArray<Operand>
}

export interface BeginsWith {
  readonly _tag: 'BeginsWith'
  readonly path: Path
  readonly prefix: Operand
}

export interface Contains {
  readonly _tag: 'Contains'
  readonly path: Path
  readonly operand: Operand
}

export interface Exists {
  readonly _tag: 'Exists'
  readonly path: Path
}

export interface NotExists {
  readonly _tag: 'NotExists'
  readonly path: Path
}

export interface AttributeType {
  readonly _tag: 'AttributeType'
  readonly path: Path
  readonly type: AttributeTypeName
}

export interface And {
  readonly _tag: 'And'
  readonly conditions: ReadonlyArray<Condition>
}

export interface Or {
  readonly _tag: 'Or'
  readonly conditions: ReadonlyArray<Condition>
}

export interface Not {
  readonly _tag: 'Not'
  readonly condition: Condition
}

/**
 * A condition node. `M` ties it to the model whose handles built it (`Condition<typeof User>`;
 * see `Attr.Tied`), a phantom property no node holds: `Dynamo`'s operations on a model take
 * only its conditions (and those of untyped handles). `Condition` alone is any condition.
 */
export type Condition<M = any> = (
  | Comparison
  | Between
  | In
  | BeginsWith
  | Contains
  | Exists
  | NotExists
  | AttributeType
  | And
  | Or
  | Not
) &
  A.Tied<M>

/**
 * The mark of a node built by this module's constructors, as a symbol-keyed property: JSON,
 * `Object.keys`, deep equality and `for…in` do not see it, a spread keeps it. `isCondition`
 * reads it, so a strategy that is an item is never taken for a condition because of its
 * shape (an item may have a field named `_tag`).
 */
const built: symbol = Symbol.for('dynamongo/Condition')

/** Every tag of a condition node (the compiler checks this list against `Condition['_tag']`). */
const conditionTags: { readonly [K in Condition['_tag']]: true } = {
  Comparison: true,
  Between: true,
  In: true,
  BeginsWith: true,
  Contains: true,
  Exists: true,
  NotExists: true,
  AttributeType: true,
  And: true,
  Or: true,
  Not: true,
}

// -------------------------------------------------------------------------------------
// typing helpers
// -------------------------------------------------------------------------------------

/** What may stand on the left of a comparison: an attribute, or `size(attribute)`, of model `M`. */
export type Subject<T, M = any> = A.Expr<T, Path, M> | A.Expr<T, Size, M>

/** A value of type `T`, or another attribute (or size) of the same type. */
export type Rhs<T, M = any> = T | Subject<T, M>

type OrderedPart<T> = T extends boolean | null | ReadonlyArray<unknown> | ReadonlySet<unknown> | ReadonlyMap<unknown, unknown>
  ? never
  : T extends Date | Uint8Array | string | number | bigint
    ? T
    : T extends object
      ? never
      : T

/** Types DynamoDB can order (`< <= > >= BETWEEN`): no booleans, nulls, lists, maps or sets. */
export type Ordered<T> = unknown extends T
  ? unknown
  : [OrderedPart<T>] extends [never]
    ? A.Misuse<'lt, lte, gt, gte and between need a string, number, date or binary attribute'>
    : OrderedPart<T>

type MemberPart<T> = T extends string
  ? string
  : T extends Uint8Array
    ? Uint8Array
    : T extends ReadonlyArray<infer E>
      ? E
      : T extends ReadonlySet<infer E>
        ? E
        : never

/** What `contains(a, v)` accepts for an attribute of type `T`. */
export type Member<T> = unknown extends T
  ? unknown
  : [MemberPart<T>] extends [never]
    ? A.Misuse<'contains needs a string, binary, list or set attribute'>
    : MemberPart<T>

/** What `beginsWith(a, v)` accepts for an attribute of type `T` (a string for strings and dates). */
export type Prefix<T> = unknown extends T
  ? string | Uint8Array
  : [T] extends [Uint8Array]
    ? Uint8Array
    : [T] extends [string | Date]
      ? string
      : A.Misuse<'beginsWith needs a string, date or binary attribute'>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A constant operand, encoded through `codec` (if any) when compiled. */
export const value = (v: unknown, codec?: A.Codec): Value => ({ _tag: 'Value', value: v, codec })

/** `size(a)`, as an operand (a number). */
export const size = <M = never>(a: A.Attr<unknown, M>): A.Expr<number, Size, M> => A.expr({ _tag: 'Size', path: A.pathOf(a) }, undefined)

const operand = (x: unknown, codec: A.Codec | undefined): Operand => {
  if (A.isExpr(x)) {
    const node = A.info(x).node
    if (node._tag === 'Path' || node._tag === 'Size' || node._tag === 'Value') return node
    // an update-only expression (plus, ifNotExists, listAppend) used in a condition:
    // keep it typed out by the signatures; at run time treat it as a value to be refused.
    return { _tag: 'Value', value: x, codec: undefined }
  }
  return { _tag: 'Value', value: x, codec }
}

const subject = (a: Subject<unknown>): Operand => (a as A.Expr<unknown, Path | Size>)[A.ExprId].node

const compare =
  (op: Comparator) =>
  (left: Subject<unknown>, right: unknown): Condition => ({
    _tag: 'Comparison',
    op,
    left: subject(left),
    right: operand(right, A.codecOf(left)),
    [built]: true,
  })

/** `a = v` (or `a = b` for another attribute). */
export const eq: <T, M = never>(a: Subject<T, M>, v: Rhs<NoInfer<T>, M>) => Condition<M> = compare('=')

/** `a <> v`. */
export const ne: <T, M = never>(a: Subject<T, M>, v: Rhs<NoInfer<T>, M>) => Condition<M> = compare('<>')

/** `a < v`. */
export const lt: <T, M = never>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('<')

/** `a <= v`. */
export const lte: <T, M = never>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('<=')

/** `a > v`. */
export const gt: <T, M = never>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('>')

/** `a >= v`. */
export const gte: <T, M = never>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('>=')

/** `a BETWEEN lo AND hi` (inclusive). */
export const between = <T, M = never>(a: Subject<T, M>, low: Rhs<Ordered<NoInfer<T>>, M>, high: Rhs<Ordered<NoInfer<T>>, M>): Condition<M> => {
  const codec = A.codecOf(a)
  return { _tag: 'Between', operand: subject(a), low: operand(low, codec), high: operand(high, codec), [built]: true }
}

/** `a IN (v1, v2, …)`: 1 to 99 values. */
export const isIn = <T, M = never>(a: Subject<T, M>, values: ReadonlyArray<Rhs<NoInfer<T>, M>>): Condition<M> => {
  const codec = A.codecOf(a)
  return { _tag: 'In', operand: subject(a), values: values.map((v) => operand(v, codec)), [built]: true }
}

/** `begins_with(a, prefix)`: strings and binaries. The prefix is checked by type only. */
export const beginsWith = <T, M = never>(a: A.Attr<T, M>, prefix: Prefix<NoInfer<T>> | A.Attr<Prefix<NoInfer<T>>, M>): Condition<M> => ({
  _tag: 'BeginsWith',
  path: A.pathOf(a),
  prefix: operand(prefix, undefined),
  [built]: true,
})

/**
 * `contains(a, v)`: a substring of a string attribute, a byte string of a binary one, a
 * member of a set, an element of a list (encoded through the list's element codec).
 */
export const contains = <T, M = never>(a: A.Attr<T, M>, v: Member<NoInfer<T>> | A.Attr<Member<NoInfer<T>>, M>): Condition<M> => {
  const codec = A.codecOf(a)
  const element = codec === undefined ? undefined : A.elementOf(codec)
  return { _tag: 'Contains', path: A.pathOf(a), operand: operand(v, element), [built]: true }
}

/** `attribute_exists(a)`. */
export const exists = <M = never>(a: A.Attr<unknown, M>): Condition<M> => ({ _tag: 'Exists', path: A.pathOf(a), [built]: true })

/** `attribute_not_exists(a)`. */
export const notExists = <M = never>(a: A.Attr<unknown, M>): Condition<M> => ({ _tag: 'NotExists', path: A.pathOf(a), [built]: true })

/** `attribute_type(a, type)`. */
export const attributeType = <M = never>(a: A.Attr<unknown, M>, type: AttributeTypeName): Condition<M> => ({
  _tag: 'AttributeType',
  path: A.pathOf(a),
  type,
  [built]: true,
})

/**
 * All of `conditions` (at least one; the compiler refuses an empty `and`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, age: t.number }) }).attrs
 * const adult = C.and(C.exists(u.email), C.gte(u.age, 18)) // attribute_exists(email) AND age >= 18
 * ```
 */
export const and = <M = never>(...conditions: ReadonlyArray<Condition<M>>): Condition<M> => ({ _tag: 'And', conditions, [built]: true })

/** Any of `conditions` (at least one; the compiler refuses an empty `or`). */
export const or = <M = never>(...conditions: ReadonlyArray<Condition<M>>): Condition<M> => ({ _tag: 'Or', conditions, [built]: true })

/** `NOT c`. */
export const not = <M = never>(condition: Condition<M>): Condition<M> => ({ _tag: 'Not', condition, [built]: true })

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether `u` is a condition built by this module's constructors: it carries their mark and
 * a condition tag. An object of the same shape built otherwise (an item with a field named
 * `_tag`, a condition read back from JSON) is not one.
 */
export const isCondition = (u: unknown): u is Condition =>
  typeof u === 'object' && u !== null && (u as Readonly<Record<symbol, unknown>>)[built] === true && conditionTags[(u as Condition)._tag] === true

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

export const match =
  <B>(handlers: { readonly [K in Condition['_tag']]: (c: Extract<Condition, { _tag: K }>) => B }) =>
  (c: Condition): B =>
    (handlers[c._tag] as (c: Condition) => B)(c)

/** Every path a condition reads, in traversal order (with repeats). */
export const paths = (c: Condition): ReadonlyArray<Path> => {
  const out: Path[] = []
  const op = (o: Operand): void => {
    if (o._tag === 'Path') out.push(o)
    else if (o._tag === 'Size') out.push(o.path)
  }
  const go = (c: Condition): void => {
    switch (c._tag) {
      case 'Comparison':
        op(c.left)
        op(c.right)
        return
      case 'Between':
        op(c.operand)
        op(c.low)
        op(c.high)
        return
      case 'In':
        op(c.operand)
        c.values.forEach(op)
        return
      case 'BeginsWith':
        out.push(c.path)
        op(c.prefix)
        return
      case 'Contains':
        out.push(c.path)
        op(c.operand)
        return
      case 'Exists':
      case 'NotExists':
      case 'AttributeType':
        out.push(c.path)
        return
      case 'And':
      case 'Or':
        c.conditions.forEach(go)
        return
      case 'Not':
        go(c.condition)
        return
      default:
        return absurd(c)
    }
  }
  go(c)
  return out
}

/** The default of every exhaustive switch over an AST: unreachable for well-typed nodes. */
export const absurd = (x: never): never => {
  // eslint-disable-next-line no-restricted-syntax -- unreachable for well-typed nodes: the one throw of an exhaustive switch
  throw new Error(`dynamongo: unexpected node ${JSON.stringify(x)}`)
}

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
import type * as A from './Attr.js'
import * as Ex from './expr.js'
import { built } from './nodes.js'
import type { Path } from './Path.js'
import { matchTag } from '../internal/match.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A constant. `codec` (the attribute's) encodes it when the condition is compiled.
 *
 * @category model
 */
export interface Value {
  readonly _tag: 'Value'
  readonly value: unknown
  readonly codec: A.Codec | undefined
}

/**
 * `size(path)`: the length of a string, binary, set, list or map.
 *
 * @category model
 */
export interface Size {
  readonly _tag: 'Size'
  readonly path: Path
}

/**
 * An operand of a comparison: an attribute path, a constant, or `size(path)`.
 *
 * @category model
 */
export type Operand = Path | Value | Size

/**
 * The comparison operators of DynamoDB's condition expressions.
 *
 * @category model
 */
export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>='

/**
 * DynamoDB's attribute type descriptors, as `attribute_type(path, :type)` takes them.
 *
 * @category model
 */
export type AttributeTypeName = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL'

/**
 * `left op right`, for one of the six comparators.
 *
 * @category model
 */
export interface Comparison {
  readonly _tag: 'Comparison'
  readonly op: Comparator
  readonly left: Operand
  readonly right: Operand
}

/**
 * `operand BETWEEN low AND high` (both bounds included).
 *
 * @category model
 */
export interface Between {
  readonly _tag: 'Between'
  readonly operand: Operand
  readonly low: Operand
  readonly high: Operand
}

/**
 * `operand IN (v1, v2, …)`.
 *
 * @category model
 */
export interface In {
  readonly _tag: 'In'
  readonly operand: Operand
  readonly values: ReadonlyArray<Operand>
}

/**
 * `begins_with(path, prefix)`, for strings and binary values.
 *
 * @category model
 */
export interface BeginsWith {
  readonly _tag: 'BeginsWith'
  readonly path: Path
  readonly prefix: Operand
}

/**
 * `contains(path, operand)`: a substring of a string, a member of a set, an element of a list.
 *
 * @category model
 */
export interface Contains {
  readonly _tag: 'Contains'
  readonly path: Path
  readonly operand: Operand
}

/**
 * `attribute_exists(path)`.
 *
 * @category model
 */
export interface Exists {
  readonly _tag: 'Exists'
  readonly path: Path
}

/**
 * `attribute_not_exists(path)`.
 *
 * @category model
 */
export interface NotExists {
  readonly _tag: 'NotExists'
  readonly path: Path
}

/**
 * `attribute_type(path, type)`: the stored attribute has that type.
 *
 * @category model
 */
export interface AttributeType {
  readonly _tag: 'AttributeType'
  readonly path: Path
  readonly type: AttributeTypeName
}

/**
 * All the conditions hold (`a AND b AND …`).
 *
 * @category model
 */
export interface And {
  readonly _tag: 'And'
  readonly conditions: ReadonlyArray<Condition>
}

/**
 * Any of the conditions holds (`a OR b OR …`).
 *
 * @category model
 */
export interface Or {
  readonly _tag: 'Or'
  readonly conditions: ReadonlyArray<Condition>
}

/**
 * The condition does not hold (`NOT c`).
 *
 * @category model
 */
export interface Not {
  readonly _tag: 'Not'
  readonly condition: Condition
}

/**
 * A condition node. `M` ties it to the model whose handles built it (`Condition<typeof User>`;
 * see `Attr.Tied`), a phantom property no node holds: `Dynamo`'s operations on a model take
 * only its conditions (and those of untyped handles). `Condition` alone is any condition.
 *
 * @category model
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

// -------------------------------------------------------------------------------------
// typing helpers
// -------------------------------------------------------------------------------------

/**
 * What may stand on the left of a comparison: an attribute, or `size(attribute)`, of model `M`.
 *
 * @category model
 */
export type Subject<T, M = any> = A.Expr<T, Path, M> | A.Expr<T, Size, M>

/**
 * A value of type `T`, or another attribute (or size) of the same type.
 *
 * @category model
 */
export type Rhs<T, M = any> = T | Subject<T, M>

type OrderedPart<T> = T extends boolean | null | ReadonlyArray<unknown> | ReadonlySet<unknown> | ReadonlyMap<unknown, unknown>
  ? never
  : T extends Date | Uint8Array | string | number | bigint
    ? T
    : T extends object
      ? never
      : T

/**
 * Types DynamoDB can order (`< <= > >= BETWEEN`): no booleans, nulls, lists, maps or sets.
 *
 * @category type-level
 */
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

/**
 * What `contains(a, v)` accepts for an attribute of type `T`.
 *
 * @category type-level
 */
export type Member<T> = unknown extends T
  ? unknown
  : [MemberPart<T>] extends [never]
    ? A.Misuse<'contains needs a string, binary, list or set attribute'>
    : MemberPart<T>

/**
 * What `beginsWith(a, v)` accepts for an attribute of type `T` (a string for strings and dates),
 * a null or an absent value aside (a nullable string attribute takes a string).
 *
 * @category type-level
 */
export type Prefix<T> = unknown extends T
  ? string | Uint8Array
  : [Exclude<T, null | undefined>] extends [never]
    ? A.Misuse<'beginsWith needs a string, date or binary attribute'>
    : [Exclude<T, null | undefined>] extends [Uint8Array]
      ? Uint8Array
      : [Exclude<T, null | undefined>] extends [string | Date]
        ? string
        : A.Misuse<'beginsWith needs a string, date or binary attribute'>

/**
 * What `size(a)` takes besides the handle: nothing for an attribute of a type DynamoDB's
 * `size` applies to (strings, binaries, sets, lists and maps; a date, stored as a string by
 * `Field.dateTime`), or that may be one of them (a nullable list, `Field.json`'s `Json`), a
 * misuse that says so for a type all of whose members are numbers, bigints, booleans or nulls
 * (whose `size` DynamoDB evaluates as no value: every comparison with it is false). Nothing
 * either for a handle whose type says nothing (`unknown`, or `never`, which an untyped
 * `Attr.path` handle is inferred as here). The test is on the whole type, not on each member:
 * `NoInfer` keeps a union holding an object type from being split. One signature, so that
 * `size` passes as a function (`pipe(u.tags, C.size)`); a helper generic in a handle's type
 * (`<T extends string>(h: Attr.Attr<T>)`) widens the handle (`Attr.Attr<unknown, M>`): a
 * conditional type on a type parameter is left unresolved, as `beginsWith`'s `Prefix`.
 *
 * @category type-level
 */
export type Sized<T> = unknown extends T
  ? unknown
  : [T] extends [never]
    ? unknown
    : [T] extends [number | bigint | boolean | null | undefined]
      ? A.Misuse<'size applies to strings, binaries, sets, lists and maps, not to numbers, booleans or nulls'>
      : unknown

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A constant operand, encoded through `codec` (if any) when compiled.
 *
 * @category constructors
 */
export const value = (v: unknown, codec?: A.Codec): Value => ({ _tag: 'Value', value: v, codec })

/**
 * `size(a)`, as an operand (a number): the length of a string, the bytes of a binary, the
 * members of a set, the elements of a list or map. DynamoDB's `size` applies to these only: of
 * a number, a boolean or a null attribute it is no value (`Sized` refuses such a handle).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.gt(C.size(u.cities_visited), 3)) // => 'size(cities_visited) > 3'
 * ```
 *
 * @category constructors
 */
export const size = <T, M = unknown>(a: A.Attr<T, M> & Sized<NoInfer<T>>): A.Expr<number, Size, M> => Ex.expr({ _tag: 'Size', path: Ex.pathOf(a) }, undefined)

const operand = (x: unknown, codec: A.Codec | undefined): Operand => {
  if (Ex.isExpr(x)) {
    const node = Ex.info(x).node
    if (node._tag === 'Path' || node._tag === 'Size' || node._tag === 'Value') return node
    // an update-only expression (plus, ifNotExists, listAppend) used in a condition:
    // keep it typed out by the signatures; at run time treat it as a value to be refused.
    return { _tag: 'Value', value: x, codec: undefined }
  }
  return { _tag: 'Value', value: x, codec }
}

const subject = (a: Subject<unknown>): Operand => Ex.info(a as A.Expr<unknown, Path | Size>).node

const compare =
  (op: Comparator) =>
  (left: Subject<unknown>, right: unknown): Condition => ({
    _tag: 'Comparison',
    op,
    left: subject(left),
    right: operand(right, Ex.codecOf(left)),
    [built]: true,
  })

/**
 * `a = v` (or `a = b` for another attribute).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.condition(C.eq(u.email, 'john@x.io'))
 * // => E.right({ expression: '#n0 = :v0', names: { '#n0': 'email' }, values: { ':v0': { S: 'john@x.io' } } })
 * Expression.show(C.ne(u.name, u.email)) // => 'name <> email'
 * ```
 *
 * @category constructors
 */
export const eq: <T, M = unknown>(a: Subject<T, M>, v: Rhs<A.Decided<T>, M>) => Condition<M> = compare('=')

/**
 * `a <> v`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: t.string, name: t.string, score: t.number, best: t.number }),
 *     t.partial({ tags: Field.stringSet, cities: Field.list(t.string), logins: Field.int({ min: 0 }) }),
 *   ]),
 * }).attrs
 *
 * Expression.show(C.ne(u.name, 'x')) // => 'name <> "x"'
 * ```
 *
 * @category constructors
 */
export const ne: <T, M = unknown>(a: Subject<T, M>, v: Rhs<A.Decided<T>, M>) => Condition<M> = compare('<>')

/**
 * `a < v`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, score: t.number }) }).attrs
 * Expression.show(C.lt(u.score, 10)) // => 'score < 10'
 * ```
 *
 * @category constructors
 */
export const lt: <T, M = unknown>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('<')

/**
 * `a <= v`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: t.string, name: t.string, score: t.number, best: t.number }),
 *     t.partial({ tags: Field.stringSet, cities: Field.list(t.string), logins: Field.int({ min: 0 }) }),
 *   ]),
 * }).attrs
 *
 * Expression.show(C.lte(u.score, u.best)) // => 'score <= best'
 * ```
 *
 * @category constructors
 */
export const lte: <T, M = unknown>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('<=')

/**
 * `a > v`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: t.string, name: t.string, score: t.number, best: t.number }),
 *     t.partial({ tags: Field.stringSet, cities: Field.list(t.string), logins: Field.int({ min: 0 }) }),
 *   ]),
 * }).attrs
 *
 * Expression.show(C.gt(u.score, 10)) // => 'score > 10'
 * ```
 *
 * @category constructors
 */
export const gt: <T, M = unknown>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('>')

/**
 * `a >= v`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'events', hashKey: 'id', codec: t.type({ id: t.string, at: Field.dateTime }) }).attrs
 * // a date is compared in its stored form, which sorts as the times do
 * Expression.show(C.gte(u.at, new Date(Date.UTC(2024, 0, 1)))) // => 'at >= "2024-01-01T00:00:00.000Z"'
 * ```
 *
 * @category constructors
 */
export const gte: <T, M = unknown>(a: Subject<T, M>, v: Rhs<Ordered<NoInfer<T>>, M>) => Condition<M> = compare('>=')

/**
 * `a BETWEEN lo AND hi` (inclusive).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.between(u.year_of_birth, 1980, 1989)) // => 'year_of_birth BETWEEN 1980 AND 1989'
 * ```
 *
 * @category constructors
 */
export const between = <T, M = unknown>(a: Subject<T, M>, low: Rhs<Ordered<NoInfer<T>>, M>, high: Rhs<Ordered<NoInfer<T>>, M>): Condition<M> => {
  const codec = Ex.codecOf(a)
  return { _tag: 'Between', operand: subject(a), low: operand(low, codec), high: operand(high, codec), [built]: true }
}

/**
 * `a IN (v1, v2, …)`: 1 to 99 values.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.isIn(u.email, ['a@x.io', 'b@x.io'])) // => 'email IN ("a@x.io", "b@x.io")'
 * ```
 *
 * @category constructors
 */
export const isIn = <T, M = unknown>(a: Subject<T, M>, values: ReadonlyArray<Rhs<A.Decided<T>, M>>): Condition<M> => {
  const codec = Ex.codecOf(a)
  // values that are no list, or whose reading throws (through \`any\`: a getter, a Proxy), are
  // kept as given: the AST's reader (rules/ast) refuses them when the condition is compiled or run
  let vs: unknown = values
  try {
    if (Array.isArray(values)) vs = values.map((v) => operand(v, codec))
  } catch {
    vs = values
  }
  return { _tag: 'In', operand: subject(a), values: vs as ReadonlyArray<Operand>, [built]: true }
}

/**
 * `begins_with(a, prefix)`: strings and binaries. The prefix is checked by type only.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.beginsWith(u.name, 'Jo')) // => 'begins_with(name, "Jo")'
 * ```
 *
 * @category constructors
 */
export const beginsWith = <T, M = unknown>(a: A.Attr<T, M>, prefix: NoInfer<Prefix<T>> | A.Attr<NoInfer<Prefix<T>>, M>): Condition<M> => ({
  _tag: 'BeginsWith',
  path: Ex.pathOf(a),
  prefix: operand(prefix, undefined),
  [built]: true,
})

/**
 * `contains(a, v)`: a substring of a string attribute, a byte string of a binary one, a
 * member of a set, an element of a list (encoded through the list's element codec).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.contains(u.cities_visited, 'Nairobi')) // => 'contains(cities_visited, "Nairobi")'
 * ```
 *
 * @category constructors
 */
export const contains = <T, M = unknown>(a: A.Attr<T, M>, v: Member<NoInfer<T>> | A.Attr<Member<NoInfer<T>>, M>): Condition<M> => {
  const codec = Ex.codecOf(a)
  const member = codec === undefined ? undefined : Ex.memberOf(codec)
  return { _tag: 'Contains', path: Ex.pathOf(a), operand: operand(v, member), [built]: true }
}

/**
 * `attribute_exists(a)`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: t.string, name: t.string, score: t.number, best: t.number }),
 *     t.partial({ tags: Field.stringSet, cities: Field.list(t.string), logins: Field.int({ min: 0 }) }),
 *   ]),
 * }).attrs
 *
 * Expression.show(C.exists(u.tags)) // => 'attribute_exists(tags)'
 * ```
 *
 * @category constructors
 */
export const exists = <M = unknown>(a: A.Attr<unknown, M>): Condition<M> => ({ _tag: 'Exists', path: Ex.pathOf(a), [built]: true })

/**
 * `attribute_not_exists(a)`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: t.string, name: t.string, score: t.number, best: t.number }),
 *     t.partial({ tags: Field.stringSet, cities: Field.list(t.string), logins: Field.int({ min: 0 }) }),
 *   ]),
 * }).attrs
 *
 * Expression.show(C.notExists(u.tags)) // => 'attribute_not_exists(tags)'
 * ```
 *
 * @category constructors
 */
export const notExists = <M = unknown>(a: A.Attr<unknown, M>): Condition<M> => ({ _tag: 'NotExists', path: Ex.pathOf(a), [built]: true })

/**
 * `attribute_type(a, type)`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const u = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: t.string, name: t.string, score: t.number, best: t.number }),
 *     t.partial({ tags: Field.stringSet, cities: Field.list(t.string), logins: Field.int({ min: 0 }) }),
 *   ]),
 * }).attrs
 *
 * Expression.show(C.attributeType(u.tags, 'SS')) // => 'attribute_type(tags, SS)'
 * ```
 *
 * @category constructors
 */
export const attributeType = <M = unknown>(a: A.Attr<unknown, M>, type: AttributeTypeName): Condition<M> => ({
  _tag: 'AttributeType',
  path: Ex.pathOf(a),
  type,
  [built]: true,
})

/**
 * All of `conditions` (at least one; the compiler refuses an empty `and`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, age: t.number }) }).attrs
 * const adult = C.and(C.exists(u.email), C.gte(u.age, 18))
 * Expression.show(adult) // => 'attribute_exists(email) AND age >= 18'
 * ```
 *
 * @category combinators
 */
export const and = <M = unknown>(...conditions: ReadonlyArray<Condition<M>>): Condition<M> => ({ _tag: 'And', conditions, [built]: true })

/**
 * Any of `conditions` (at least one; the compiler refuses an empty `or`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.or(C.lt(u.year_of_birth, 1950), C.notExists(u.year_of_birth)))
 * // => 'year_of_birth < 1950 OR attribute_not_exists(year_of_birth)'
 * ```
 *
 * @category combinators
 */
export const or = <M = unknown>(...conditions: ReadonlyArray<Condition<M>>): Condition<M> => ({ _tag: 'Or', conditions, [built]: true })

/**
 * `NOT c`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
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
 * Expression.show(C.not(C.exists(u.logins))) // => 'NOT attribute_exists(logins)'
 * ```
 *
 * @category combinators
 */
export const not = <M = unknown>(condition: Condition<M>): Condition<M> => ({ _tag: 'Not', condition, [built]: true })

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A fold over the condition nodes: one handler per `_tag`, the one of the node's tag applied.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, age: t.number }) }).attrs
 * // how many comparisons a condition holds, at any depth
 * const comparisons: (c: C.Condition) => number = C.match({
 *   Comparison: () => 1,
 *   Between: () => 1,
 *   In: () => 1,
 *   BeginsWith: () => 0,
 *   Contains: () => 0,
 *   Exists: () => 0,
 *   NotExists: () => 0,
 *   AttributeType: () => 0,
 *   And: (c) => c.conditions.reduce((n, x) => n + comparisons(x), 0),
 *   Or: (c) => c.conditions.reduce((n, x) => n + comparisons(x), 0),
 *   Not: (c) => comparisons(c.condition),
 * })
 * comparisons(C.and(C.eq(u.email, 'a@b.c'), C.not(C.gt(u.age, 3)), C.exists(u.age))) // => 2
 * ```
 *
 * @category pattern matching
 */
export const match: <B>(handlers: { readonly [K in Condition['_tag']]: (c: Extract<Condition, { _tag: K }>) => B }) => (c: Condition) => B = matchTag

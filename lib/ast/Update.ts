/**
 * Updates as values: an update is a `ReadonlyArray<Action>`; each action is a plain
 * readonly object with a `_tag` (`Set`, `Remove`, `Add`, `Delete`). The right-hand side of
 * a `Set` is a small AST of its own: a value, a path, `if_not_exists(path, x)`,
 * `list_append(x, y)`, or `x + y` / `x - y`.
 *
 * ```ts
 * [U.set(u.name, 'Jo'), U.increment(u.logins, 1), U.remove(u.year_of_birth)]
 * ```
 *
 * Every value an update writes is checked against the codec of the attribute it ends up in
 * when compiled (`Expression.update`): a `Set` keeps its target's codec for that. What DynamoDB
 * computes (a sum, a copy of another attribute, `ADD`, a `DELETE` of set members) is kept within
 * the target field's declared bounds by `Command.updateParts`: refused before the call, or
 * guarded by a condition of the request.
 *
 * @since 0.1.0
 * @category Building queries
 * @module
 */
import type * as A from './Attr.js'
import * as Ex from './expr.js'
import { value, type Value } from './Condition.js'
import type { Path } from './Path.js'
import { matchTag } from '../internal/match.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * `if_not_exists(path, value)`.
 *
 * @category model
 */
export interface IfNotExists {
  readonly _tag: 'IfNotExists'
  readonly path: Path
  readonly value: SetOperand
}

/**
 * `list_append(left, right)`.
 *
 * @category model
 */
export interface ListAppend {
  readonly _tag: 'ListAppend'
  readonly left: SetOperand
  readonly right: SetOperand
}

/**
 * An operand of a `SET` right-hand side.
 *
 * @category model
 */
export type SetOperand = Path | Value | IfNotExists | ListAppend

/**
 * `left + right` or `left - right` (one level: DynamoDB allows no more).
 *
 * @category model
 */
export interface Arithmetic {
  readonly _tag: 'Arithmetic'
  readonly op: '+' | '-'
  readonly left: SetOperand
  readonly right: SetOperand
}

/**
 * What `SET path = …` assigns: an operand, or a sum or difference of two.
 *
 * @category model
 */
export type SetValue = SetOperand | Arithmetic

/**
 * `SET path = value`.
 *
 * @category model
 */
export interface SetAction {
  readonly _tag: 'Set'
  readonly path: Path
  readonly value: SetValue
  /**
   * The codec of the attribute written (its handle's): every value of `value` is checked
   * against it where it ends up (the value itself, a list's elements, a number of a sum).
   */
  readonly codec?: A.Codec | undefined
}

/**
 * `REMOVE path`.
 *
 * @category model
 */
export interface RemoveAction {
  readonly _tag: 'Remove'
  readonly path: Path
}

/**
 * `ADD path value`: a number added (from 0 when missing), or set members added.
 *
 * @category model
 */
export interface AddAction {
  readonly _tag: 'Add'
  readonly path: Path
  readonly value: Value
}

/**
 * `DELETE path value`: set members removed.
 *
 * @category model
 */
export interface DeleteAction {
  readonly _tag: 'Delete'
  readonly path: Path
  readonly value: Value
}

/**
 * An action. `M` ties it to the model whose handles built it (`Action<typeof User>`; see
 * `Attr.Tied`), a phantom property no node holds. `Action` alone is any action.
 *
 * @category model
 */
export type Action<M = any> = (SetAction | RemoveAction | AddAction | DeleteAction) & A.Tied<M>

/**
 * The actions of one update, of model `M` (`Update` alone is any update).
 *
 * @category model
 */
export type Update<M = any> = ReadonlyArray<Action<M>>

// -------------------------------------------------------------------------------------
// typing helpers
// -------------------------------------------------------------------------------------

/**
 * A `SET` right-hand side of type `T`: a value, another attribute, or an expression (of model `M`).
 *
 * @category model
 */
export type Rhs<T, M = any> = T | A.Expr<T, Path | SetOperand | Arithmetic, M>

/**
 * What arithmetic on an attribute of type `T` takes: a number (or bigint); for any other
 * attribute a `Misuse` saying `Why`.
 *
 * @category type-level
 */
export type Numeric<T, Why extends string = 'plus and minus need number operands'> = unknown extends T
  ? number | bigint
  : [Extract<T, number | bigint>] extends [never]
    ? A.Misuse<Why>
    : Extract<T, number | bigint>

/**
 * Set types (`ADD`/`DELETE` of members); for any other attribute a `Misuse` saying `Why`.
 *
 * @category type-level
 */
export type SetOf<T, Why extends string = 'deleteFrom needs a set attribute'> = unknown extends T
  ? ReadonlySet<unknown>
  : [Extract<T, ReadonlySet<unknown>>] extends [never]
    ? A.Misuse<Why>
    : Extract<T, ReadonlySet<unknown>>

/**
 * What `add` takes for an attribute of type `T`: a number, or members of its set type.
 *
 * @category type-level
 */
export type Addend<T> = unknown extends T
  ? number | bigint | ReadonlySet<unknown>
  : [Extract<T, number | bigint | ReadonlySet<unknown>>] extends [never]
    ? A.Misuse<'add needs a number or set attribute'>
    : Extract<T, number | bigint | ReadonlySet<unknown>>

/**
 * List types (`append`/`prepend`).
 *
 * @category type-level
 */
export type ListOf<T> = unknown extends T
  ? ReadonlyArray<unknown>
  : [Extract<T, ReadonlyArray<unknown>>] extends [never]
    ? A.Misuse<'append and prepend need a list attribute'>
    : Extract<T, ReadonlyArray<unknown>>

// -------------------------------------------------------------------------------------
// constructors: right-hand-side expressions
// -------------------------------------------------------------------------------------

/** An operand: expressions are taken as they are, anything else is a value (with `codec`). */
const setOperand = (x: unknown, codec: A.Codec | undefined): SetOperand => {
  if (Ex.isExpr(x)) {
    const node = Ex.info(x).node
    if (node._tag !== 'Size' && node._tag !== 'Arithmetic') return node
  }
  return value(x, codec)
}

const setValue = (x: unknown, codec: A.Codec | undefined): SetValue => {
  if (Ex.isExpr(x) && Ex.info(x).node._tag === 'Arithmetic') return Ex.info(x).node as Arithmetic
  return setOperand(x, codec)
}

/**
 * `if_not_exists(a, v)`: `a` when it exists, else `v`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.set(u.best, U.ifNotExists(u.best, 0))]) // => 'SET best = if_not_exists(best, 0)'
 * ```
 *
 * @category constructors
 */
export const ifNotExists = <T, M = unknown>(a: A.Attr<T, M>, v: T | A.Expr<NoInfer<T>, Path | SetOperand, M>): A.Expr<T, IfNotExists, M> =>
  Ex.expr({ _tag: 'IfNotExists', path: Ex.pathOf(a), value: setOperand(v, Ex.codecOf(a)) }, Ex.codecOf(a))

/**
 * `list_append(x, y)`: the elements of `x` then those of `y`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.set(u.cities, U.listAppend(u.cities, ['Lima']))]) // => 'SET cities = list_append(cities, ["Lima"])'
 * ```
 *
 * @category constructors
 */
export const listAppend = <T extends ReadonlyArray<unknown>, M = unknown>(
  x: T | A.Expr<T, Path | SetOperand, M>,
  y: NoInfer<T> | A.Expr<NoInfer<T>, Path | SetOperand, M>,
): A.Expr<T, ListAppend, M> => {
  const codec = Ex.isExpr(x) ? Ex.codecOf(x) : Ex.isExpr(y) ? Ex.codecOf(y) : undefined
  return Ex.expr({ _tag: 'ListAppend', left: setOperand(x, codec), right: setOperand(y, codec) }, codec)
}

const arithmetic =
  (op: '+' | '-') =>
  <T, M = unknown>(x: Numeric<T> | A.Expr<T, Path | SetOperand, M>, y: Numeric<NoInfer<T>> | A.Expr<NoInfer<T>, Path | SetOperand, M>): A.Expr<T, Arithmetic, M> => {
    const codec = Ex.isExpr(x) ? Ex.codecOf(x) : Ex.isExpr(y) ? Ex.codecOf(y) : undefined
    // numbers in arithmetic are not attribute values: they are not checked by the codec
    return Ex.expr({ _tag: 'Arithmetic', op, left: setOperand(x, undefined), right: setOperand(y, undefined) }, codec)
  }

/**
 * `x + y`, for `SET a = x + y` (at most one level).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.set(u.score, U.plus(u.score, 5))]) // => 'SET score = score + 5'
 * ```
 *
 * @category constructors
 */
export const plus = arithmetic('+')

/**
 * `x - y`, for `SET a = x - y` (at most one level).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.set(u.score, U.minus(u.best, 1))]) // => 'SET score = best - 1'
 * ```
 *
 * @category constructors
 */
export const minus = arithmetic('-')

// -------------------------------------------------------------------------------------
// constructors: actions
// -------------------------------------------------------------------------------------

/**
 * `SET a = v` (a value, another attribute, or an expression of `plus`/`minus`/`ifNotExists`/`listAppend`).
 * `W` is what the handle carries (`Attr.Fields`): `any` on a writable one (or `Attr.Writable`'s);
 * a field of a composed index key (`Misuse<WriteWhy>` only) takes a value only, as its key is
 * recomputed from it (a misuse that says why for an expression); a key field or the version, nothing.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Model, Update as U } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, score: t.number, best: t.number }) }).attrs
 * Expression.showUpdate([U.set(u.name, 'Johnny')])                           // => 'SET name = "Johnny"'
 * Expression.showUpdate([U.set(u.best, u.score)])                            // => 'SET best = score'
 * Expression.showUpdate([U.set(u.score, U.plus(U.ifNotExists(u.score, 0), 10))]) // => 'SET score = if_not_exists(score, 0) + 10'
 * ```
 *
 * @category constructors
 */
export const set = <T, M = unknown, W extends A.Misuse<A.WriteWhy> = any>(a: A.Attr<T, M, W>, v: 0 extends 1 & W ? Rhs<A.Decided<T>, M> : W extends A.Misuse<A.IndexKeyWhy> ? Rhs<A.Decided<T>, M> : A.Decided<T> | (A.Expr<T, SetValue, M> & A.Misuse<A.IndexKeyWhy>)): Action<M> => {
  const codec = Ex.codecOf(a)
  return { _tag: 'Set', path: Ex.pathOf(a), value: setValue(v, codec), codec }
}

/**
 * `SET a = if_not_exists(a, v)`: writes `v` only when `a` is missing.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.setIfNotExists(u.name, 'anonymous')]) // => 'SET name = if_not_exists(name, "anonymous")'
 * ```
 *
 * @category constructors
 */
export const setIfNotExists = <T, M = unknown>(a: A.Unkeyed<T, M>, v: NoInfer<T>): Action<M> => {
  const codec = Ex.codecOf(a)
  return { _tag: 'Set', path: Ex.pathOf(a), value: { _tag: 'IfNotExists', path: Ex.pathOf(a), value: value(v, codec) }, codec }
}

/**
 * `REMOVE a`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.remove(u.year_of_birth), U.set(u.name, 'Jo')]) // => 'SET name = "Jo" REMOVE year_of_birth'
 * ```
 *
 * @category constructors
 */
export const remove = <M = unknown>(a: A.Removable<M>): Action<M> => ({ _tag: 'Remove', path: Ex.pathOf(a) })

/**
 * `ADD a v`: adds a number (a missing attribute counts as 0) or set members.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.add(u.logins, 1)]) // => 'ADD logins 1'
 * ```
 *
 * @category constructors
 */
export const add = <T, M = unknown>(a: A.Unkeyed<T, M>, v: Addend<NoInfer<T>>): Action<M> => ({
  _tag: 'Add',
  path: Ex.pathOf(a),
  value: value(v, typeof v === 'object' ? Ex.codecOf(a) : undefined),
})

/**
 * `DELETE a v`: removes set members (the attribute goes when the set empties).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.deleteFrom(u.tags, new Set(['old']))]) // => 'DELETE tags <<"old">>'
 * ```
 *
 * @category constructors
 */
export const deleteFrom = <T, M = unknown>(a: A.Writable<T, M>, v: SetOf<NoInfer<T>>): Action<M> => ({
  _tag: 'Delete',
  path: Ex.pathOf(a),
  value: value(v, Ex.codecOf(a)),
})

const emptyList = (codec: A.Codec | undefined): Value => value([], codec)

/**
 * `SET a = list_append(if_not_exists(a, []), vs)`: appends, creating the list when missing.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.append(u.cities_visited, ['Nairobi'])])
 * // => 'SET cities_visited = list_append(if_not_exists(cities_visited, []), ["Nairobi"])'
 * ```
 *
 * @category constructors
 */
export const append = <T, M = unknown>(a: A.Writable<T, M>, values: ListOf<NoInfer<T>>): Action<M> => {
  const codec = Ex.codecOf(a)
  const p = Ex.pathOf(a)
  return {
    _tag: 'Set',
    path: p,
    value: { _tag: 'ListAppend', left: { _tag: 'IfNotExists', path: p, value: emptyList(codec) }, right: value(values, codec) },
    codec,
  }
}

/**
 * `SET a = list_append(vs, if_not_exists(a, []))`: prepends, creating the list when missing.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.prepend(u.cities, ['Lima'])])
 * // => 'SET cities = list_append(["Lima"], if_not_exists(cities, []))'
 * ```
 *
 * @category constructors
 */
export const prepend = <T, M = unknown>(a: A.Writable<T, M>, values: ListOf<NoInfer<T>>): Action<M> => {
  const codec = Ex.codecOf(a)
  const p = Ex.pathOf(a)
  return {
    _tag: 'Set',
    path: p,
    value: { _tag: 'ListAppend', left: value(values, codec), right: { _tag: 'IfNotExists', path: p, value: emptyList(codec) } },
    codec,
  }
}

const counter =
  (op: '+' | '-') =>
  <T, M = unknown>(a: A.Unkeyed<T, M>, n: Numeric<NoInfer<T>, 'increment and decrement need a number attribute'>): Action<M> => {
    const p = Ex.pathOf(a)
    return {
      _tag: 'Set',
      path: p,
      value: { _tag: 'Arithmetic', op, left: { _tag: 'IfNotExists', path: p, value: value(0, undefined) }, right: value(n, undefined) },
      codec: Ex.codecOf(a),
    }
  }

/**
 * `SET a = if_not_exists(a, 0) + n`: adds `n`, counting a missing attribute as 0.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.increment(u.logins, 1)]) // => 'SET logins = if_not_exists(logins, 0) + 1'
 * ```
 *
 * @category constructors
 */
export const increment = counter('+')

/**
 * `SET a = if_not_exists(a, 0) - n`: subtracts `n`, counting a missing attribute as 0.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Field, Model, Update as U } from 'dynamongo'
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
 * Expression.showUpdate([U.decrement(u.logins, 1)]) // => 'SET logins = if_not_exists(logins, 0) - 1'
 * ```
 *
 * @category constructors
 */
export const decrement = counter('-')

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A fold over the update actions: one handler per `_tag`, the one of the action's tag applied.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Path, Update as U, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.intersection([t.type({ email: t.string, logins: t.number }), t.partial({ nick: t.string })]) }).attrs
 * // the attributes an update touches
 * const touched = U.match({ Set: (a) => Path.show(a.path), Remove: (a) => Path.show(a.path), Add: (a) => Path.show(a.path), Delete: (a) => Path.show(a.path) })
 * ;[U.increment(u.logins, 1), U.remove(u.nick)].map(touched) // => ['logins', 'nick']
 * ```
 *
 * @category pattern matching
 */
export const match: <B>(handlers: { readonly [K in Action['_tag']]: (a: Extract<Action, { _tag: K }>) => B }) => (a: Action) => B = matchTag

/**
 * The in-memory interpreter: conditions and updates evaluated over stored items
 * (`AttributeValue` maps) exactly as DynamoDB evaluates them, so numbers and binaries stay
 * exact. Checked against DynamoDB Local on generated items, conditions and updates.
 *
 * ```ts
 * const adult = Evaluate.condition(C.gte(u.year_of_birth, 2000))
 * items.filter(adult)
 * Evaluate.update([U.increment(u.logins, 1)])(item) // Either<DynamoError, item>
 * Evaluate.saveOne(User, user, now)                 // Either: (stored) => what saveOne stores over it
 * ```
 *
 * The writes of a model (`saveOne`, `updateOne`) apply what `Command` says each request
 * means (the condition of a put, the version's check and increment, the timestamps) to a
 * stored item, and give the item DynamoDB then stores, or its error.
 *
 * Semantics (DynamoDB's, as DynamoDB Local answers):
 * - a comparison across types is false (`<>` true); a missing attribute makes `=`, `<`,
 *   `BETWEEN`, `IN`, `begins_with`, `contains` false and `<>` true;
 * - numbers compare as exact decimals, strings by their UTF-8 bytes, binaries as unsigned
 *   bytes; `< <= > >= BETWEEN` order only strings, numbers and binaries (two booleans are
 *   not `<=`); sets are equal regardless of order, lists and maps deeply;
 * - `contains`: substring on strings and binaries, membership on sets, deep element
 *   equality on lists; false on anything else;
 * - `size`: UTF-16 code units of a string, bytes of a binary, elements of a set, list or
 *   map; a `size` of anything else (or of a missing attribute) is itself missing;
 * - a path through a non-map, or a list index out of range, is a missing attribute;
 * - a string with a lone surrogate (as `'😀'.slice(0, 1)` makes), as a constant or a name,
 *   is refused (`loneSurrogate` in `rules/path`), as the compiler refuses it: DynamoDB Local reads a
 *   lone surrogate as `'?'` (`'x\uD808y' = 'x?y'` holds, `contains('𒋬', '\uD808')` does not);
 * - what DynamoDB refuses before reading any item is a `Left` of `condition`/`update`:
 *   the compiler's verdict first (`Expression`: a malformed or too deep AST, over 300
 *   operators, an `IN` of 0 or over 99 values, over 4,096 bytes, an operand type `<` cannot
 *   order, reversed or mixed `BETWEEN` bounds, a path compared with itself, an empty
 *   `and`/`or`, a value that cannot be encoded); both read one plain copy of the AST (rules/ast
 *   `snapshot`: each field read once, even through a getter that would answer otherwise when
 *   read again), so the two never disagree; this module then reads the copy for its meaning.
 *
 * @since 0.1.0
 * @category Evaluating in memory
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as C from '../ast/Condition.js'
import { absurd, elementsOf } from '../ast/nodes.js'
import * as DE from '../DynamoError.js'
import * as P from '../ast/Path.js'
import type * as U from '../ast/Update.js'
import * as Cmp from '../rules/compare.js'
import * as D from '../codec/decimal.js'
import { toAttributeValue } from '../codec/value.js'
import * as Command from '../compile/Command.js'
import * as Expression from '../compile/Expression.js'
import { updateTooLarge } from '../compile/updateSize.js'
import * as M from '../model/Model.js'
import * as S from '../model/Strategy.js'
import { modelError } from '../model/isModel.js'
import { snapshot, unreadable } from '../rules/ast.js'
import { shapeWhy } from '../codec/attributeShape.js'
import { define, hasOwn } from '../internal/own.js'
import { thrown } from '../internal/show.js'
import { catching } from '../internal/threw.js'
import { compileCondition, get, refuse, sequence, sizeOf, wrongType, type Getter } from './predicate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A stored item (or map): attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type Item = Record<string, AttributeValue>

/**
 * A condition compiled for evaluation: a predicate on stored items.
 *
 * @category model
 */
export type Predicate = (item: Item) => boolean

/**
 * An update compiled for evaluation: the new item (the input is never mutated) or DynamoDB's error.
 *
 * @category model
 */
export type Updater = (item: Item) => E.Either<DE.DynamoError, Item>

/**
 * A write compiled for evaluation: from the stored item (`undefined`: none has the key), the item stored after it, or DynamoDB's error.
 *
 * @category model
 */
export type Write = (stored: Item | undefined) => E.Either<DE.DynamoError, Item>

// -------------------------------------------------------------------------------------
// updates
// -------------------------------------------------------------------------------------

const missingAttribute = (): E.Either<DE.DynamoError, never> =>
  refuse('The provided expression refers to an attribute that does not exist in the item')

const incorrectType = (): E.Either<DE.DynamoError, never> => refuse('An operand in the update expression has an incorrect data type')

const invalidPath = (p: P.Path): E.Either<DE.DynamoError, never> =>
  refuse(`The document path provided in the update expression is invalid for update: ${P.show(p)}`)

type Rhs = (item: Item) => E.Either<DE.DynamoError, AttributeValue>

/** A value an update writes: validated against its codec, encoded, checked (`compileOperand`). */
const updateValue = (v: C.Value, at: string): E.Either<DE.DynamoError, AttributeValue> => toAttributeValue(v, true, at)

const constantType = (o: U.SetOperand): E.Either<DE.DynamoError, AttributeValue> | undefined =>
  o._tag === 'Value' ? updateValue(o, 'value') : undefined

/**
 * A SET operand (`list_append` only as the whole right-hand side, as the compiler checked
 * before: `update`).
 */
const compileSetOperand = (o: U.SetOperand, at: string): E.Either<DE.DynamoError, Rhs> => {
  switch (o._tag) {
    case 'Path': {
      const g = get(o)
      return E.right((item) => {
        const v = g(item)
        return v === undefined ? missingAttribute() : E.right(v)
      })
    }
    case 'Value':
      return E.map((av: AttributeValue): Rhs => () => E.right(av))(updateValue(o, at))
    case 'IfNotExists': {
      const g = get(o.path)
      const fallback = compileSetOperand(o.value, at)
      if (E.isLeft(fallback)) return fallback
      const f = fallback.right
      // DynamoDB evaluates the fallback even when the path exists: a missing path there fails
      return E.right((item) => {
        const fb = f(item)
        if (E.isLeft(fb)) return fb
        const v = g(item)
        return v === undefined ? fb : E.right(v)
      })
    }
    case 'ListAppend': {
      // a constant's own codec may encode it otherwise than the list the compiler placed it in
      for (const side of [o.left, o.right]) {
        const t = constantType(side)
        if (t !== undefined && E.isRight(t) && t.right.L === undefined) {
          return wrongType('list_append', Cmp.typeOf(t.right))
        }
      }
      return binary(o.left, o.right, at, (x, y) =>
        x.L === undefined || y.L === undefined ? incorrectType() : E.right({ L: [...x.L, ...y.L] }),
      )
    }
    default:
      return absurd(o)
  }
}

const arithmetic = (op: '+' | '-', x: string, y: string): E.Either<DE.DynamoError, AttributeValue> => {
  const a = D.parse(x)
  const b = D.parse(y)
  if (a === undefined || b === undefined) return incorrectType()
  const r = op === '+' ? D.add(a, b) : D.subtract(a, b)
  const why = D.check(r)
  return why === undefined ? E.right({ N: D.format(r) }) : refuse(why)
}

const compileSetValue = (v: U.SetValue, at: string): E.Either<DE.DynamoError, Rhs> => {
  if (v._tag !== 'Arithmetic') return compileSetOperand(v, at)
  const op = v.op
  return binary(v.left, v.right, at, (x, y) => (x.N === undefined || y.N === undefined ? incorrectType() : arithmetic(op, x.N, y.N)))
}

/** Both operands compiled once; per item, each read (either failing fails) and then combined. */
const binary = (
  left: U.SetOperand,
  right: U.SetOperand,
  at: string,
  combine: (x: AttributeValue, y: AttributeValue) => E.Either<DE.DynamoError, AttributeValue>,
): E.Either<DE.DynamoError, Rhs> => {
  const l = compileSetOperand(left, at)
  if (E.isLeft(l)) return l
  const r = compileSetOperand(right, at)
  if (E.isLeft(r)) return r
  const fl = l.right
  const fr = r.right
  return E.right((item) => {
    const x = fl(item)
    if (E.isLeft(x)) return x
    const y = fr(item)
    return E.isLeft(y) ? y : combine(x.right, y.right)
  })
}

/** What one action does to the item, computed from the item as it was. */
type Effect =
  | { readonly _tag: 'Write'; readonly path: P.Path; readonly value: AttributeValue }
  | { readonly _tag: 'Remove'; readonly path: P.Path }
  /** Nothing to write, but the path's parent must still be there (DELETE of a missing attribute). */
  | { readonly _tag: 'Touch'; readonly path: P.Path }

type Step = (item: Item) => E.Either<DE.DynamoError, Effect>

/** How two members of a set are the same: strings exactly, numbers by value (`1` and `1.0`), binaries byte by byte. */
type Same = (x: unknown, y: unknown) => boolean

/** A set's type, its members and how two of them are the same; `undefined` for any other value. */
interface SetOf {
  readonly type: 'SS' | 'NS' | 'BS'
  readonly members: ReadonlyArray<unknown>
  readonly same: Same
}

const sameString: Same = (x, y) => x === y

/** An attribute value as a set (`SetOf`), `undefined` when it is none. */
const setOf = (av: AttributeValue): SetOf | undefined =>
  av.SS !== undefined
    ? { type: 'SS', members: av.SS, same: sameString }
    : av.NS !== undefined
      ? { type: 'NS', members: av.NS, same: Cmp.numbersEqual as Same }
      : av.BS !== undefined
        ? { type: 'BS', members: av.BS, same: Cmp.bytesEqual as Same }
        : undefined

/** `a` and `b`, sets of one type, as `f` of `a`'s and `b`'s sets makes them; `undefined` when they are not. */
const setsOf = (a: AttributeValue, b: AttributeValue, f: (x: SetOf, y: SetOf) => ReadonlyArray<unknown>): AttributeValue | undefined => {
  const x = setOf(a)
  const y = setOf(b)
  return x === undefined || y === undefined || x.type !== y.type ? undefined : ({ [x.type]: f(x, y) } as unknown as AttributeValue)
}

const union = (a: AttributeValue, b: AttributeValue): AttributeValue | undefined =>
  setsOf(a, b, (x, y) => [...x.members, ...y.members.filter((m) => !x.members.some((n) => x.same(m, n)))])

const difference = (a: AttributeValue, b: AttributeValue): AttributeValue | undefined =>
  setsOf(a, b, (x, y) => x.members.filter((m) => !y.members.some((n) => x.same(m, n))))

/** The value of an ADD or DELETE (validated; of a type the action takes, as the compiler checked) and the getter of its path. */
const setOperands = (a: U.AddAction | U.DeleteAction, at: string): E.Either<DE.DynamoError, { readonly value: AttributeValue; readonly g: Getter }> =>
  E.map((value: AttributeValue) => ({ value, g: get(a.path) }))(updateValue(a.value, at))

const compileAction = (a: U.Action, i: number): E.Either<DE.DynamoError, Step> => {
  const at = `update[${i}] ${P.show(a.path)}`
  switch (a._tag) {
    case 'Set': {
      const rhs = compileSetValue(a.value, at)
      if (E.isLeft(rhs)) return rhs
      const f = rhs.right
      const path = a.path
      return E.right((item) => E.map((value: AttributeValue): Effect => ({ _tag: 'Write', path, value }))(f(item)))
    }
    case 'Remove': {
      const effect: Effect = { _tag: 'Remove', path: a.path }
      return E.right(() => E.right(effect))
    }
    case 'Add': {
      const operands = setOperands(a, at)
      if (E.isLeft(operands)) return operands
      const { value, g } = operands.right
      const path = a.path
      return E.right((item) => {
        const old = g(item)
        if (old === undefined) return E.right({ _tag: 'Write', path, value })
        if (value.N !== undefined) {
          if (old.N === undefined) return incorrectType()
          return E.map((n: AttributeValue): Effect => ({ _tag: 'Write', path, value: n }))(arithmetic('+', old.N, value.N))
        }
        const u = union(old, value)
        return u === undefined ? incorrectType() : E.right({ _tag: 'Write', path, value: u })
      })
    }
    case 'Delete': {
      const operands = setOperands(a, at)
      if (E.isLeft(operands)) return operands
      const { value, g } = operands.right
      const path = a.path
      return E.right((item) => {
        const old = g(item)
        if (old === undefined) return E.right({ _tag: 'Touch', path })
        const d = difference(old, value)
        if (d === undefined) return incorrectType()
        return E.right(sizeOf(d) === 0 ? { _tag: 'Remove', path } : { _tag: 'Write', path, value: d })
      })
    }
    default:
      return absurd(a)
  }
}

/** A container the update writes into: the item itself, a map or a list. */
type Container = { readonly _tag: 'M'; readonly map: Item } | { readonly _tag: 'L'; readonly list: AttributeValue[] }

/** The container holding the last element of `path` in (the copy) `item`, if it has the right kind. */
const parentOf = (item: Item, path: P.Path): Container | undefined => {
  const es = elementsOf(path)
  let container: Container = { _tag: 'M', map: item }
  for (let i = 0; i < es.length - 1; i++) {
    const e = es[i] as P.Element
    let next: AttributeValue | undefined
    if (typeof e === 'number') next = container._tag === 'L' && e >= 0 && e < container.list.length ? container.list[e] : undefined
    else next = container._tag === 'M' && hasOwn(container.map, e) ? container.map[e] : undefined
    if (next === undefined) return undefined
    if (next.M !== undefined) container = { _tag: 'M', map: next.M }
    else if (next.L !== undefined) container = { _tag: 'L', list: next.L }
    else return undefined
  }
  const last = es[es.length - 1] as P.Element
  return (typeof last === 'number') === (container._tag === 'L') ? container : undefined
}

const clone = (av: AttributeValue): AttributeValue => {
  if (av.M !== undefined) return { M: cloneMap(av.M) }
  if (av.L !== undefined) return { L: av.L.map(clone) }
  if (av.B !== undefined) return { B: av.B.slice() }
  if (av.BS !== undefined) return { BS: av.BS.map((b) => b.slice()) }
  if (av.SS !== undefined) return { SS: [...av.SS] }
  if (av.NS !== undefined) return { NS: [...av.NS] }
  return { ...av } as AttributeValue
}

const cloneMap = (m: Item): Item => {
  const out: Item = {}
  for (const k of Object.keys(m)) define(out, k, clone(m[k] as AttributeValue))
  return out
}

const setKey = (m: Item, k: string, v: AttributeValue): void => define(m, k, v)

/** Apply the effects, DynamoDB's way: writes in place, then removals, then appends past the ends of lists. */
const apply = (item: Item, effects: ReadonlyArray<Effect>): E.Either<DE.DynamoError, Item> => {
  const out = cloneMap(item)
  const appends: Array<{ readonly list: AttributeValue[]; readonly index: number; readonly value: AttributeValue }> = []
  const removals: Array<{ readonly parent: Container; readonly key: P.Element }> = []
  // resolve every parent first: all paths refer to the item before this update
  for (const e of effects) {
    const parent = parentOf(out, e.path)
    if (parent === undefined) return invalidPath(e.path)
    const key = elementsOf(e.path).at(-1) as P.Element
    switch (e._tag) {
      case 'Write':
        if (parent._tag === 'M') setKey(parent.map, key as string, clone(e.value))
        else if ((key as number) < parent.list.length) parent.list[key as number] = clone(e.value)
        else appends.push({ list: parent.list, index: key as number, value: clone(e.value) })
        break
      case 'Remove':
        removals.push({ parent, key })
        break
      case 'Touch':
        break
      default:
        absurd(e)
    }
  }
  // list elements go from the highest index down, so the lower indexes stay put
  const indexed = removals.filter((r) => r.parent._tag === 'L').sort((a, b) => (b.key as number) - (a.key as number))
  for (const r of removals) if (r.parent._tag === 'M') delete r.parent.map[r.key as string]
  for (const r of indexed) {
    const list = (r.parent as { readonly list: AttributeValue[] }).list
    if ((r.key as number) < list.length) list.splice(r.key as number, 1)
  }
  appends.sort((a, b) => a.index - b.index)
  for (const a of appends) a.list.push(a.value)
  return E.right(out)
}

/**
 * An update as a function of items. `update` has the compiler read it first (`Expression`),
 * which refuses what DynamoDB refuses before reading an item (no action, paths that overlap or
 * conflict, the rules of paths, operand types, `list_append` and `if_not_exists`).
 */
const compileUpdate = (us: U.Update): E.Either<DE.DynamoError, Updater> => {
  const steps = sequence(us.map(compileAction))
  if (E.isLeft(steps)) return steps
  const ss = steps.right
  return E.right(onItems((item: Item) => {
    const effects: Effect[] = []
    for (const s of ss) {
      const e = s(item)
      if (E.isLeft(e)) return e
      effects.push(e.right)
    }
    return apply(item, effects)
  }))
}


// -------------------------------------------------------------------------------------
// interpreters
// -------------------------------------------------------------------------------------

/**
 * A condition as a predicate on stored items, or the error DynamoDB would give before
 * reading any item. Values are converted once, here, not per item.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Evaluate, Field, Model } from 'dynamongo'
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
 * const born80s = Evaluate.condition(C.between(u.year_of_birth, 1980, 1989))
 * pipe(born80s, E.map((p) => p({ email: { S: 'j@x.io' }, year_of_birth: { N: '1985' } }))) // => E.right(true)
 * pipe(born80s, E.map((p) => p({ email: { S: 'k@x.io' } })))                             // => E.right(false)
 * ```
 *
 * @category interpreters
 */
export const condition = (c: C.Condition): E.Either<DE.DynamoError, Predicate> => checkedThen(c, 'condition', Expression.condition, compileCondition)

/**
 * What DynamoDB refuses before reading an item is the compiler's verdict (`check`: one count of
 * the operators, one IN limit, the shape read before any recursion); then `interpret` (the
 * predicate, the updater). Both read one plain copy of the AST `ast` (a `kind`: rules/ast's
 * `snapshot`), so that what is interpreted is what the compiler checked.
 */
const checkedThen = <A, R>(
  ast: A,
  kind: string,
  check: (a: A) => E.Either<DE.DynamoError, unknown>,
  interpret: (a: A) => E.Either<DE.DynamoError, R>,
): E.Either<DE.DynamoError, R> => {
  const read = snapshot(ast, kind)
  if (E.isLeft(read)) return read
  const compiled = check(read.right)
  return E.isLeft(compiled) ? compiled : catching(() => interpret(read.right), unreadableNode)
}

/**
 * `f`, total over what it is given: an item that is no map of AttributeValues (`null`, a
 * number, an attribute held as `null` or `{N: 5}`, through a cast: `attributeShape.shapeWhy`) is a
 * `ValidationError` naming the item, checked before `f` reads it (a write would otherwise
 * fail as an `ExpressionError`, a failed condition, or write what it cannot hold); no item
 * (`undefined`, or `null`, which a save reads as none stored) is `f`'s. Never a throw. (A
 * `Predicate` gives a boolean, with no room for an error: it takes well-formed items.)
 */
const onItems =
  <A>(f: (item: A) => E.Either<DE.DynamoError, Item>) =>
  (item: A): E.Either<DE.DynamoError, Item> => {
    const notItem = (why: string): E.Either<DE.DynamoError, Item> =>
      E.left(DE.validationError([{ path: 'item', message: `is no stored item (a map of AttributeValues): ${why}` }]))
    try {
      const why = item === undefined || item === null ? undefined : shapeWhy(item)
      return why === undefined ? f(item) : notItem(why)
    } catch (e) {
      return notItem(thrown(e))
    }
  }

/** The compiler read the AST first; a node it read but this module cannot is still a Left (`catching`), never a throw. */
const unreadableNode = (e: unknown): DE.DynamoError => DE.expressionError(unreadable(e))

/**
 * An update as a function of stored items: the new item, or the error DynamoDB would give.
 * Values are validated against their codecs and converted once, here; a `Left`
 * is what DynamoDB refuses before reading the item (overlapping or conflicting paths, an
 * operand of the wrong type, `list_append` anywhere but as a whole right-hand side, an
 * empty update). Then, per item, as DynamoDB does it:
 * - right-hand sides read the item as it was (`SET a = :v, b = a` gives `b` the old `a`);
 *   `if_not_exists(p, x)` evaluates `x` even when `p` exists (a missing path in `x` fails);
 * - reading a missing attribute, arithmetic on a non-number, `list_append` of a non-list,
 *   `ADD` to a non-number/non-set or to a set of another type, a result beyond 38
 *   significant digits (or out of range), a target under a missing parent or a non-container
 *   all fail with `ExpressionError`;
 * - list indexes refer to the item as it was: in-place writes first, then removals (the
 *   list closes up, out-of-range indexes do nothing), then `SET`/`ADD` past the end, which
 *   append in index order;
 * - `ADD` creates a missing number (from 0) or set; `DELETE` of a missing attribute does
 *   nothing; a set that `DELETE` empties is removed (a list element too).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Evaluate, Field, Model, Update as U } from 'dynamongo'
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
 * pipe(
 *   Evaluate.update([U.add(u.logins, 1), U.set(u.name, 'Jo')]),
 *   E.chain((apply) => apply({ email: { S: 'j@x.io' }, name: { S: 'John' } })),
 * )
 * // => E.right({ email: { S: 'j@x.io' }, name: { S: 'Jo' }, logins: { N: '1' } })
 * ```
 *
 * @category interpreters
 */
export const update = (us: U.Update): E.Either<DE.DynamoError, Updater> => checkedThen(us, 'update expression', Expression.update, compileUpdate)

// -------------------------------------------------------------------------------------
// writes
// -------------------------------------------------------------------------------------

const empty: Item = {}

/** A failed condition, as DynamoDB reports it: with the stored item (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), if any. */
const failed = (stored: Item | undefined): E.Either<DE.DynamoError, never> => E.left(DE.conditionalCheckFailed(undefined, stored))

/**
 * `saveOne` of `item` on the model `m` at `now`, in memory: the item as `saveOne` would store
 * it (defaults, version and timestamps applied by `Command.stamp`, encoded), replacing the
 * stored one when the put's condition (`Command.putCondition`: `overwrite`, or the version's)
 * holds on it; else `ConditionalCheckFailed` with the stored item. A static error (an invalid
 * item, an `overwrite` on a versioned model) is the `Left`, before any stored item.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Evaluate, Field, Model } from 'dynamongo'
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
 * // saveOne with overwrite: false, against no stored item and against one
 * const create = Evaluate.saveOne(User, { email: 'j@x.io', name: 'Jo' }, new Date(), false)
 * pipe(create, E.chain((write) => write(undefined))) // => E.right({ email: { S: 'j@x.io' }, name: { S: 'Jo' } })
 * pipe(create, E.chain((write) => write({ email: { S: 'j@x.io' }, name: { S: 'John' } })), E.mapLeft((e) => e._tag))
 * // => E.left('ConditionalCheckFailed')
 * ```
 *
 * @category interpreters
 */
export const saveOne = <Mo extends M.Model<any, any, any, any>>(
  m: Mo,
  item: M.InputOf<Mo>,
  now: Date,
  overwrite?: M.OverwriteOf<Mo, boolean | C.Condition<NoInfer<Mo>>>,
): E.Either<DE.DynamoError, Write> => {
  const built = catching(() => {
    const notModel = modelError(m)
    if (notModel !== undefined) return E.left(notModel)
    // what Dynamo.saveOne takes: the defaults, the version and the timestamps are applied here
    const stamped = Command.stamp(m, item as M.TypeOf<Mo>, now)
    if (E.isLeft(stamped)) return stamped
    const enc = M.encode(m, stamped.right)
    if (E.isLeft(enc)) return enc
    const c = Command.putCondition(m, enc.right.stored, overwrite as Command.Overwrite | undefined, now)
    if (E.isLeft(c)) return c
    const holds = c.right === undefined ? E.right(undefined) : condition(c.right)
    return E.isLeft(holds) ? holds : E.right({ stored: enc.right.stored, holds: holds.right })
  }, unreadableNode)
  if (E.isLeft(built)) return built
  const { stored: next, holds } = built.right
  return E.right(onItems((stored: Item | undefined) => (holds === undefined || holds(stored ?? empty) ? E.right(cloneMap(next)) : failed(stored))))
}

/**
 * `updateOne` of the item `strategy` selects, on the model `m` at `now`, in memory: the
 * update with its model's lifecycle actions, under its condition (`Command.updateParts`: it
 * never creates an item; a version in an object strategy is a check). The item as updated,
 * or `ConditionalCheckFailed` with the stored item (none: without one, `updateOne`'s
 * `NotFound`), or the error the update gives on it; what the request would be refused for
 * is the `Left`, before any stored item.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Evaluate, Model, Update as U } from 'dynamongo'
 *
 * const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, logins: t.number }) })
 * const login = Evaluate.updateOne(User, 'a@b.c', [U.increment(User.attrs.logins, 1)], new Date())
 * pipe(login, E.chain((write) => write({ email: { S: 'a@b.c' }, logins: { N: '1' } }))) // => E.right({ email: { S: 'a@b.c' }, logins: { N: '2' } })
 * // it never creates an item (no item fails its condition: Dynamo.updateOne's NotFound)
 * pipe(login, E.chain((write) => write(undefined)), E.mapLeft((e) => e._tag)) // => E.left('ConditionalCheckFailed')
 * ```
 *
 * @category interpreters
 */
export const updateOne = <Mo extends M.Model<any, any, any, any>>(m: Mo, strategy: M.Strategy<Mo>, updates: U.Update<NoInfer<Mo>>, now: Date): E.Either<DE.DynamoError, Write> => {
  const built = catching(() => {
    const s = S.parseWrite(m, strategy)
    if (E.isLeft(s)) return s
    const parts = Command.updateParts(m, s.right, updates, now)
    if (E.isLeft(parts)) return parts
    // what the request would be refused for (a value its field's codec refuses, among others)
    const x = Expression.request({ update: parts.right.update, condition: parts.right.condition, fields: m.fields })
    if (E.isLeft(x)) return x
    const large = updateTooLarge(m, s.right.key, parts.right.update, x.right.ExpressionAttributeValues)
    if (large !== undefined) return E.left(large)
    const holds = condition(parts.right.condition)
    if (E.isLeft(holds)) return holds
    const apply = update(parts.right.update)
    return E.isLeft(apply) ? apply : E.right({ holds: holds.right, apply: apply.right })
  }, unreadableNode)
  if (E.isLeft(built)) return built
  const { holds, apply } = built.right
  return E.right(onItems((stored: Item | undefined) => (stored !== undefined && holds(stored) ? apply(stored) : failed(stored))))
}

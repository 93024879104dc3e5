/**
 * Strategies: the loose input that selects items (DESIGN §2 and §3), parsed into tagged
 * values before anything reads it, as kysely parses loose input into nodes. Every operation
 * that takes a strategy, a list of them or a condition (`getOne`, `deleteOne`, `updateOne`,
 * `updateFromDict`, `getMany`, `deleteMany`, `explain`, `Plan.make`) reads it here, once.
 *
 * How an input is read, on a model:
 *
 * - a condition built by `Condition`'s constructors (`isCondition`: the mark those
 *   constructors give, not the object's shape) is a condition. As one item's strategy it must
 *   be a key condition: an equality on every key field, AND-ed with extra checks;
 * - on a model that takes a `[hash, range]` tuple (`tupleFields`: one hash and one range
 *   key field), an array of two scalars is one key, that tuple, wherever a strategy or a
 *   list of strategies is taken (so a list of bare scalars is never a list of keys there);
 * - any other array is a list of strategies (where a list is taken);
 * - a scalar (string, number, bigint, `Uint8Array`, `Date`) is the hash key of a model keyed
 *   by one field (`scalarField`: a hash-only model, or one whose range template is constant);
 * - any other object is an item: its key fields are read, the others ignored. Its fields
 *   never make it a condition: a model may have a field named `_tag`, and an object whose
 *   `_tag` is `'And'` is an item like any other.
 *
 * Key values are validated through the key fields' codecs and DynamoDB's key rules here,
 * before any request.
 *
 * @since 0.2.0
 * @category Describing items
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import type * as A from '../ast/Attr.js'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import { withModel } from './isModel.js'
import { refuse } from './refuse.js'
import type * as M from './Model.js'
import * as Computed from './computed.js'
import * as Template from './Key.js'
import { arrayWhy, isScalar, isTuple, keyValues, objectKey, scalarField, tupleFields } from './keyValues.js'
import * as N from '../ast/nodes.js'
import * as SK from './storedKey.js'
import { type VersionUse, versionIssue } from './lifecycle.js'
import type * as P from '../ast/Path.js'
import { show as showValue } from '../internal/show.js'
import { toAttributeValue } from '../codec/value.js'
import { conditionError } from '../rules/ast.js'
import { hasOwn, isRecord } from '../internal/own.js'
import { matchTag } from '../internal/match.js'
import { catching } from '../internal/threw.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item in DynamoDB's wire form: attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type AttributeMap = Record<string, AttributeValue>

type AnyModel = M.Any

/**
 * One item's key, without checks: from a scalar, a tuple, an item, or a key condition of key equalities only.
 *
 * @category model
 */
export interface Key {
  readonly _tag: 'Key'
  /** The stored key: every key attribute present, of its stored type, within DynamoDB's sizes. */
  readonly key: AttributeMap
  /** The key values as given (for `NotFound` and messages). */
  readonly values: Readonly<Record<string, unknown>>
  readonly check?: undefined
}

/**
 * One item's key, from a key condition with extra checks: the request applies only if they hold.
 *
 * @category model
 */
export interface KeyWithCheck {
  readonly _tag: 'KeyWithCheck'
  readonly key: AttributeMap
  readonly values: Readonly<Record<string, unknown>>
  /** The conjuncts of the key condition that are not key equalities. */
  readonly check: C.Condition
}

/**
 * What selects one item.
 *
 * @category model
 */
export type Strategy = Key | KeyWithCheck

/**
 * A list of strategies, in the order given (duplicates kept: the planner collapses them).
 *
 * @category model
 */
export interface Keys {
  readonly _tag: 'Keys'
  readonly keys: ReadonlyArray<Strategy>
}

/**
 * A condition that is not read as one key: the planner chooses how to find what it selects.
 *
 * @category model
 */
export interface Where {
  readonly _tag: 'Where'
  readonly condition: C.Condition
}

/**
 * What `getMany`, `deleteMany` and `explain` take: one strategy, a list of them, or a condition.
 *
 * @category model
 */
export type Selection = Strategy | Keys | Where

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------





/** Whether the model composes a key of its table (the key is then built from the fields' stored values). */
const composesKey = (m: AnyModel): boolean =>
  m.templates !== undefined && (m.templates[m.hashKey] !== undefined || (m.rangeKey !== undefined && m.templates[m.rangeKey] !== undefined))

/**
 * The stored key from the key fields' stored values: each composed key attribute from its
 * template, the others as they are; checked against DynamoDB's key rules.
 */
const keyFromFields = (m: AnyModel, fields: AttributeMap): E.Either<DE.DynamoError, AttributeMap> => {
  if (!composesKey(m)) return SK.checkKey(m, fields)
  const key: AttributeMap = {}
  for (const name of SK.keyNames(m)) {
    const template = m.templates[name]
    if (template === undefined) {
      key[name] = fields[name] as AttributeValue
      continue
    }
    const v = Computed.composeKey({ template, ordered: name === m.rangeKey, table: true }, fields)
    if (E.isLeft(v)) return v
    key[name] = v.right as AttributeValue
  }
  return SK.checkKey(m, key)
}

/** `codec.is(value)`, false where it throws (the slow path then reads it again, and says why). */
const isQuietly = (codec: t.Mixed, value: string): boolean => {
  try {
    return codec.is(value)
  } catch {
    return false
  }
}

const encodeKeyField = (m: AnyModel, name: string, value: unknown): E.Either<DE.DynamoError, AttributeValue> => {
  const codec = m.fields[name]
  // the common key, a string its codec takes as it is: no Value node, no marshalling machinery;
  // a codec's `is` that throws is left to toAttributeValue, which names the field
  if (typeof value === 'string' && codec !== undefined && codec.encode === t.identity && value.isWellFormed() && isQuietly(codec, value)) return E.right({ S: value })
  return toAttributeValue({ _tag: 'Value', value, codec }, true, name)
}

/** What a key field is to its model, for a message: `the range key`, `a field of the range key sk = ORDER#{day}#{orderId}`. */
const roleOf = (m: AnyModel, name: string): string => {
  if (!composesKey(m)) return name === m.rangeKey ? 'the range key' : 'the hash key'
  for (const attribute of SK.keyNames(m)) {
    const template = m.templates[attribute]
    const side = attribute === m.rangeKey ? 'range' : 'hash'
    if (template === undefined ? attribute === name : Template.fields(template).includes(name)) {
      return template === undefined ? `the ${side} key` : `a field of the ${side} key ${attribute} = ${Template.show(template)}`
    }
  }
  return 'a key field'
}

/** A key field named with what it is to its model: `n, the range key`. */
const keyField = (m: AnyModel, name: string): string => `${name}, ${roleOf(m, name)}`

/** What a key condition must hold (every key field, by name), then `why` it does not. */
const refuseKeyCondition = (m: AnyModel, why: string): E.Either<DE.DynamoError, never> =>
  refuse(m, `a key condition selects one item by an equality on each key field (${Computed.keyFieldNames(m).join(', ')}), AND-ed with any checks of other fields; ${why}`)

/** Why an object gave no value for a key field (an object built like a condition is read as an item: say so). */
const missing = (m: AnyModel, name: string, u: object | undefined): E.Either<DE.DynamoError, never> =>
  refuse(
    m,
    `a key is an object of every key field (${Computed.keyFieldNames(m).join(', ')}); ${keyField(m, name)}, is missing` +
      (u !== undefined && !hasOwn(m.fields, '_tag') && typeof (u as { _tag?: unknown })._tag === 'string'
        ? ` (an object is read as an item: a condition must be built by Condition's constructors)`
        : ''),
  )

/**
 * The key of the given key values (`values` holds every key field's, as given), each validated through its field's codec.
 *
 * @category constructors
 */
export const fromValues = (m: AnyModel, values: Record<string, unknown>, given?: object): E.Either<DE.DynamoError, Key> =>
  withModel(m, () =>
    typeof values !== 'object' || values === null
      ? E.left(DE.validationError([{ path: 'values', message: `expected the key fields' values, an object, got ${showValue(values)}` }]))
      : keyOf(m, values, given),
  )

/** `fromValues` of a model already found one (`parse`): one check a call. */
const keyOf = (m: AnyModel, values: Record<string, unknown>, given?: object): E.Either<DE.DynamoError, Key> => {
  const names = Computed.keyFieldNames(m)
  const fields: AttributeMap = {}
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string
    const v = values[n]
    if (v === undefined || v === null) return missing(m, n, given)
    const av = encodeKeyField(m, n, v)
    if (E.isLeft(av)) return av
    fields[n] = av.right
  }
  const key = keyFromFields(m, fields)
  return E.isLeft(key) ? key : E.right({ _tag: 'Key', key: key.right, values })
}


/**
 * One item's strategy (DESIGN §3): a hash-key scalar (hash-only models), a `[hash, range]`
 * tuple (hash+range models), an item holding the key fields, or a key condition. Keys OR-ed,
 * a missing key, or a non-equality on a key is an `ExpressionError`; a bad key value a
 * `ValidationError`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Strategy } from 'dynamongo'
 *
 * const Orders = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'id', codec: t.type({ customer: t.string, id: t.string, total: t.number }) })
 * const o = Orders.attrs
 * // a [hash, range] tuple and a key condition name the same item
 * pipe(Strategy.parse(Orders, ['c-1', 'o-9']), E.map((s) => s.key)) // => E.right({ customer: { S: 'c-1' }, id: { S: 'o-9' } })
 * pipe(Strategy.parse(Orders, C.and(C.eq(o.customer, 'c-1'), C.eq(o.id, 'o-9'))), E.map((s) => s.key)) // => E.right({ customer: { S: 'c-1' }, id: { S: 'o-9' } })
 * // a key of the wrong form is refused, before any request
 * pipe(Strategy.parse(Orders, 'c-1'), E.mapLeft((e) => e._tag)) // => E.left('ExpressionError')
 * ```
 *
 * @category constructors
 */
export const parse = (m: AnyModel, u: unknown): E.Either<DE.DynamoError, Strategy> =>
  withModel(m, () => parseOf(m, u))

/** `parse` of a model already found one; what the input's reading throws, the caller's (`parse`: a `Left`). */
const parseOf = (m: AnyModel, u: unknown): E.Either<DE.DynamoError, Strategy> => {
  const one = scalarField(m)
  if (typeof u === 'string' && one !== undefined) return keyOf(m, { [one]: u })
  if (N.isCondition(u)) return strategyOf(m, u)
  const values = keyValues(m, u)
  if (values !== undefined) return keyOf(m, values, Array.isArray(u) || isScalar(u) ? undefined : (u as object))
  const two = tupleFields(m)
  if (Array.isArray(u)) return refuse(m, arrayWhy(m))
  if (isScalar(u)) {
    return refuse(m, two !== undefined ? `the key has a range key (${two[1]}): give [${two[0]}, ${two[1]}], an object or a key condition` : objectKey(m))
  }
  return refuse(m, `${showValue(u)} is not a key, an item or a key condition`)
}

/**
 * The strategy of a write that selects an item (`write`: an update, a delete, a transaction's
 * check): as `parse`, and on a versioned model a version in an object strategy (an item) is a
 * check, `version = n`, AND-ed with the rest (DESIGN §5.3: a version there is checked, never
 * written). An update stores version + 1, so its version must be below the version field's bound
 * (`versionCeiling`); a delete's or a check's may be the bound itself.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Expression, Field, Model, Strategy } from 'dynamongo'
 *
 * const Docs = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, body: t.string, version: Field.int() }), version: 'version' })
 * // deleting the item as it was read: only if nobody wrote it since
 * const read = { id: 'd1', body: 'draft', version: 3 }
 * pipe(Strategy.parseWrite(Docs, read, 'delete'), E.map((s) => (s._tag === 'KeyWithCheck' ? Expression.show(s.check) : s._tag))) // => E.right('version = 3')
 * // a read's strategy ignores it
 * pipe(Strategy.parse(Docs, read), E.map((s) => s._tag)) // => E.right('Key')
 * ```
 *
 * @category constructors
 */
export const parseWrite = (m: AnyModel, u: unknown, write: 'update' | 'delete' | 'check' = 'update'): E.Either<DE.DynamoError, Strategy> => {
  const s = parse(m, u)
  return E.isLeft(s) ? s : catching(() => withVersionCheck(m, u, s, write))
}

/** On a versioned model, the version an object strategy holds, as a check of the strategy `s` parsed from it (`parseWrite`). */
const withVersionCheck = (m: AnyModel, u: unknown, s: E.Right<Strategy>, write: VersionUse): E.Either<DE.DynamoError, Strategy> => {
  if (m.version === undefined || !isRecord(u) || isScalar(u) || N.isCondition(u)) return s
  const v = (u as Record<string, unknown>)[m.version]
  if (v === undefined) return s
  const issue = versionIssue(m, v, write)
  if (issue !== undefined) return E.left(DE.validationError([issue]))
  const check = C.eq(m.attrs[m.version as never] as A.Attr<unknown>, v)
  return E.right({ _tag: 'KeyWithCheck', key: s.right.key, values: s.right.values, check: s.right.check === undefined ? check : C.and(s.right.check, check) })
}

/**
 * A list of strategies. On a model that takes a `[hash, range]` tuple (`tupleFields`) such a
 * tuple is one key, not a list of two (and a list of bare scalars is refused, entry by
 * entry, asking for the tuple).
 * Each entry is read by `one` (`parse`; a delete's `parseWrite`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Strategy } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 *
 * pipe(Strategy.parseList(Contacts, [['a@b.c', 'Ann'], { email: 'b@c.d', name: 'Bob' }]), E.map((ss) => ss.map((s) => s.values)))
 * // => E.right([{ email: 'a@b.c', name: 'Ann' }, { email: 'b@c.d', name: 'Bob' }])
 * // a [hash, range] tuple is one key, not a list of two
 * pipe(Strategy.parseList(Contacts, ['a@b.c', 'Ann']), E.map((ss) => ss.length)) // => E.right(1)
 * ```
 *
 * @category constructors
 */
export const parseList = (m: AnyModel, us: ReadonlyArray<unknown>, one: typeof parse = parse): E.Either<DE.DynamoError, ReadonlyArray<Strategy>> =>
  withModel(m, () => listOf(m, us, one))

/** `parseList` of a model already found one. */
const listOf = (m: AnyModel, us: ReadonlyArray<unknown>, one: typeof parse): E.Either<DE.DynamoError, ReadonlyArray<Strategy>> => {
  if (isTuple(m, us)) return E.map((s: Strategy) => [s])(one(m, us))
  const out: Strategy[] = new Array(us.length)
  for (let i = 0; i < us.length; i++) {
    const s = one(m, us[i])
    if (E.isLeft(s)) return s
    out[i] = s.right
  }
  return E.right(out)
}

/**
 * What `getMany`, `deleteMany` and `explain` take: a condition (`Where`; the planner reads a
 * key in it), a list of strategies (`Keys`), or one strategy (a `[hash, range]` tuple is one,
 * on a model that takes it: `tupleFields`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Strategy } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 *
 * pipe(Strategy.parseSelection(Contacts, ['a@b.c', 'Ann']), E.map((s) => s._tag)) // => E.right('Key')
 * pipe(Strategy.parseSelection(Contacts, [['a@b.c', 'Ann'], ['a@b.c', 'Bob']]), E.map((s) => s._tag)) // => E.right('Keys')
 * pipe(Strategy.parseSelection(Contacts, C.gt(c.age, 3)), E.map((s) => s._tag)) // => E.right('Where')
 * ```
 *
 * @category constructors
 */
export const parseSelection = (m: AnyModel, u: unknown): E.Either<DE.DynamoError, Selection> =>
  withModel(m, () => {
    if (N.isCondition(u)) return E.right({ _tag: 'Where', condition: u })
    if (Array.isArray(u) && !isTuple(m, u)) return E.map((keys: ReadonlyArray<Strategy>): Selection => ({ _tag: 'Keys', keys }))(parseList(m, u))
    return parse(m, u)
  })

// -------------------------------------------------------------------------------------
// key conditions
// -------------------------------------------------------------------------------------

const isKeyName = (m: AnyModel, name: string | number): boolean =>
  typeof name === 'string' && (composesKey(m) ? Computed.keyFieldNames(m).includes(name) : name === m.hashKey || name === m.rangeKey)

const isKeyPath = (m: AnyModel, p: C.Operand): p is P.Path => p._tag === 'Path' && N.elementsOf(p).length === 1 && isKeyName(m, N.elementsOf(p)[0] as string)

const operandOnKey = (m: AnyModel, o: C.Operand): boolean =>
  o._tag === 'Path' ? isKeyName(m, N.elementsOf(o)[0] as string) : o._tag === 'Size' ? isKeyName(m, N.elementsOf(o.path)[0] as string) : false

/** Whether a condition mentions a key attribute other than through `exists`/`notExists`. */
const mentionsKey = (m: AnyModel, c: C.Condition): boolean => {
  switch (c._tag) {
    case 'Exists':
    case 'NotExists':
      return false
    case 'And':
    case 'Or':
      for (const d of c.conditions) if (mentionsKey(m, d)) return true
      return false
    case 'Not':
      return mentionsKey(m, c.condition)
    case 'Comparison':
      return operandOnKey(m, c.left) || operandOnKey(m, c.right)
    case 'Between':
      return operandOnKey(m, c.operand) || operandOnKey(m, c.low) || operandOnKey(m, c.high)
    case 'In':
      if (operandOnKey(m, c.operand)) return true
      for (const v of c.values) if (operandOnKey(m, v)) return true
      return false
    case 'BeginsWith':
      return isKeyName(m, N.elementsOf(c.path)[0] as string) || operandOnKey(m, c.prefix)
    case 'Contains':
      return isKeyName(m, N.elementsOf(c.path)[0] as string) || operandOnKey(m, c.operand)
    case 'AttributeType':
      return isKeyName(m, N.elementsOf(c.path)[0] as string)
    default:
      return N.absurd(c)
  }
}

/** How a part of a key condition that is no key equality tests a key field, in the terms of `Condition`'s constructors. */
const howTested = (c: C.Condition): string => {
  switch (c._tag) {
    case 'Comparison':
      return c.left._tag === 'Size' || c.right._tag === 'Size' ? `size (${c.op})` : c.op === '=' ? 'an equality with no value (another attribute)' : `a comparison (${c.op})`
    case 'Between':
      return 'BETWEEN'
    case 'In':
      return 'IN'
    case 'BeginsWith':
      return 'begins_with'
    case 'Contains':
      return 'contains'
    case 'AttributeType':
      return 'attribute_type'
    case 'Not':
      return 'NOT'
    case 'Or':
      return 'OR'
    case 'And':
      return 'AND'
    case 'Exists':
    case 'NotExists':
      return c._tag === 'Exists' ? 'exists' : 'notExists'
    default:
      return N.absurd(c)
  }
}

/**
 * Why a part of a key condition that tests a key field otherwise than by an equality is
 * refused: the field, and how it is tested. An OR that names no key field tests none: the
 * first key field has no equality, as a condition that leaves it out says.
 */
const notAnEquality = (m: AnyModel, part: C.Condition): E.Either<DE.DynamoError, never> => {
  const name = N.paths(part).map((p) => N.elementsOf(p)[0]).find((e): e is string => typeof e === 'string' && isKeyName(m, e))
  if (name !== undefined) return refuseKeyCondition(m, `${keyField(m, name)}, is tested by ${howTested(part)}`)
  return refuseKeyCondition(m, `${keyField(m, Computed.keyFieldNames(m)[0] as string)}, has none`)
}

/**
 * A key condition: an equality on every key field, AND-ed with extra checks (`KeyWithCheck`
 * when there are any). Keys OR-ed, a key missing or given twice, or a key tested otherwise
 * than by an equality is an `ExpressionError`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Strategy } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 *
 * const adult = Strategy.fromCondition(Contacts, C.and(C.eq(c.email, 'a@b.c'), C.eq(c.name, 'Ann'), C.gt(c.age, 17)))
 * pipe(adult, E.map((s) => [s._tag, s.values])) // => E.right(['KeyWithCheck', { email: 'a@b.c', name: 'Ann' }])
 * // the range key missing
 * E.isLeft(Strategy.fromCondition(Contacts, C.eq(c.email, 'a@b.c'))) // => true
 * ```
 *
 * @category constructors
 */
export const fromCondition = <Mo extends AnyModel>(m: Mo, c: C.Condition<NoInfer<Mo>>): E.Either<DE.DynamoError, Strategy> => withModel(m, () => strategyOf(m, c))

/** `fromCondition` on a model already found one (`parse`): one check a call. */
const strategyOf = <Mo extends AnyModel>(m: Mo, c: C.Condition<NoInfer<Mo>>): E.Either<DE.DynamoError, Strategy> => {
  // shape and depth first (rules/ast): the walks below then meet only well-formed nodes
  const bad = conditionError(c, 'strategy')
  if (bad !== undefined) return E.left(bad)
  if (c._tag === 'Or') return notAnEquality(m, c)
  const names = Computed.keyFieldNames(m)
  // each key field's equality at the field's place in `names` (a list, not a record keyed by name)
  const found: Array<C.Value | undefined> = new Array(names.length)
  const rest: C.Condition[] = []
  for (const part of N.conjuncts(c)) {
    if (part._tag === 'Comparison' && part.op === '=' && isKeyPath(m, part.left) && part.right._tag === 'Value' && names.includes(N.elementsOf(part.left)[0] as string)) {
      const name = N.elementsOf(part.left)[0] as string
      const i = names.indexOf(name)
      if (found[i] !== undefined) return refuse(m, `the key ${name} is given twice`)
      found[i] = part.right
    } else if (mentionsKey(m, part)) {
      return notAnEquality(m, part)
    } else rest.push(part)
  }
  const fields: AttributeMap = {}
  const values: Record<string, unknown> = {}
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string
    const v = found[i]
    if (v === undefined) return refuseKeyCondition(m, `${keyField(m, name)}, has none`)
    // a value of the field's own codec is encoded as a key given by value is (its fast path for plain strings)
    const av =
      v.codec === undefined || v.codec === m.fields[name]
        ? encodeKeyField(m, name, v.value)
        : toAttributeValue({ _tag: 'Value', value: v.value, codec: v.codec }, true, name)
    if (E.isLeft(av)) return av
    fields[name] = av.right
    values[name] = v.value
  }
  const checked = keyFromFields(m, fields)
  if (E.isLeft(checked)) return checked
  const key = checked.right
  return E.right(rest.length === 0 ? { _tag: 'Key', key, values } : { _tag: 'KeyWithCheck', key, values, check: rest.length === 1 ? (rest[0] as C.Condition) : C.and(...rest) })
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A fold over the selections: one handler per `_tag`, the one of the selection's tag applied.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Strategy } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 *
 * // how many items a selection reads at most
 * const most = Strategy.match({ Key: () => 1, KeyWithCheck: () => 1, Keys: (k) => k.keys.length, Where: () => Infinity })
 * pipe(Strategy.parseSelection(Contacts, [['a@b.c', 'Ann'], ['a@b.c', 'Bob']]), E.map(most)) // => E.right(2)
 * ```
 *
 * @category pattern matching
 */
export const match: <B>(handlers: { readonly [K in Selection['_tag']]: (s: Extract<Selection, { _tag: K }>) => B }) => (s: Selection) => B = matchTag

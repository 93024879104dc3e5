/**
 * The expression compiler: a pure fold from the `Condition`, `Update` and `Path` ASTs to
 * DynamoDB expression strings with their `ExpressionAttributeNames` and
 * `ExpressionAttributeValues`.
 *
 * - Every attribute name goes through a `#n…` placeholder (the same name reuses its
 *   placeholder), every value through a `:v…` placeholder (marshalled to an SDK
 *   `AttributeValue`); list indexes print as `[3]`. No user text is ever spliced into
 *   an expression string.
 * - Placeholders are numbered in traversal order, so the same AST gives byte-identical
 *   output. One state per request: `request` compiles the key condition, filter,
 *   condition, projection and update of one command (in that order) with one shared
 *   placeholder state, so they never collide.
 * - Parentheses only where DynamoDB's precedence needs them
 *   (comparators, `IN`, `BETWEEN`, functions > `NOT` > `AND` > `OR`); never `((x))`.
 * - Static checks (what DynamoDB would reject, found before any call) give
 *   `ExpressionError` lefts; values that do not fit their codec give `ValidationError`
 *   lefts (a condition's value compared with an attribute: of a type its codec stores).
 *   Nothing is thrown.
 *
 * ```ts
 * Expression.condition(C.and(C.gt(u.age, 21), C.beginsWith(u.name, 'J')))
 * // right({ expression: '#n0 > :v0 AND begins_with(#n1, :v1)',
 * //         names: { '#n0': 'age', '#n1': 'name' }, values: { ':v0': { N: '21' }, ':v1': { S: 'J' } } })
 * ```
 *
 * Each compile call owns a small mutable accumulator (counters, maps, the first error)
 * that never escapes it: the public functions are pure.
 *
 * @since 0.1.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { absurd, codecOfPath, elementsOf, pathsEqual } from '../ast/nodes.js'
import { type AttributeTypeName, type Condition, type Operand, type Value } from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import * as P from '../ast/Path.js'
import type { Action, SetOperand, SetValue, Update } from '../ast/Update.js'
import { show as showRaw } from '../internal/show.js'
import { placed, toAttributeValue, type Place } from '../codec/value.js'
import * as Cmp from '../rules/compare.js'
import { AST_DEPTH, EXPRESSION_BYTES, IN_VALUES, INDEX_KEY_ATTRIBUTES, ITEM_DEPTH, OPERATORS, tooDeep, tooManyOperators } from '../rules/limits.js'
import * as Rule from '../rules/path.js'
import { TYPE_NAMES, badNode, builtBy, conditionError, misplacedNode, pathsWhy, refusalOf, updateWhy } from '../rules/ast.js'
import { shortened, thrown, unshowable } from '../internal/show.js'
import { isoOf, timeOf } from '../internal/date.js'
import type { Codec } from '../ast/Attr.js'
import * as Stored from '../model/stored.js'
import * as Shape from '../codec/Shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One compiled expression with the placeholders it uses.
 *
 * @category model
 */
export interface Compiled {
  readonly expression: string
  readonly names: Readonly<Record<string, string>>
  readonly values: Readonly<Record<string, AttributeValue>>
}

/**
 * The parts of one request, compiled with one placeholder state; spread it into an SDK `*CommandInput`.
 *
 * @category model
 */
export interface RequestExpressions {
  readonly KeyConditionExpression?: string
  readonly FilterExpression?: string
  readonly ConditionExpression?: string
  readonly ProjectionExpression?: string
  readonly UpdateExpression?: string
  /** Omitted when no name is used. */
  readonly ExpressionAttributeNames?: Record<string, string>
  /** Omitted when no value is used. */
  readonly ExpressionAttributeValues?: Record<string, AttributeValue>
}

/**
 * The parts of one request.
 *
 * @category model
 */
export interface RequestParts {
  readonly keyCondition?: Condition
  readonly filter?: Condition
  readonly condition?: Condition
  readonly projection?: ReadonlyArray<P.Path>
  readonly update?: Update
  /**
   * The codecs of the item's top-level fields (a model's `fields`). With them, the codec of
   * every path an update writes or reads is the model's: values are checked against the
   * attribute they end up in, attributes read on a right-hand side against the target. And a
   * path of another model's handle (through a cast), in any part (key condition, filter,
   * condition, projection, update), is refused: an `ExpressionError` naming it
   * (`Stored.foreignWhy`). Every request of a model is compiled with them.
   */
  readonly fields?: Fields
  /**
   * The condition the caller gave, inside `condition` or `filter` with the checks dynamongo
   * adds to it (`Command`): an expression over DynamoDB's operator limit says how many
   * operators are the given condition's and how many the added checks' (`tooManyOperators`).
   */
  readonly given?: Condition
}

/**
 * The codecs of an item's top-level fields (a model's `fields`).
 *
 * @category model
 */
export type Fields = Readonly<Record<string, Codec>>

// -------------------------------------------------------------------------------------
// the accumulator (private to one compile call)
// -------------------------------------------------------------------------------------

interface Acc {
  /** The names by placeholder number (found by a scan while they are few). */
  readonly nameList: string[]
  /** The placeholders of the names, once there are more than `SCAN_NAMES`. */
  nameOf: Map<string, string> | undefined
  readonly names: Record<string, string>
  readonly values: Record<string, AttributeValue>
  valueCount: number
  /**
   * Operators of the expression being compiled, counted as DynamoDB counts them (see
   * `limits.OPERATORS`): each comparator, BETWEEN, IN, function (size included), NOT, each
   * AND/OR between two conditions, each + and -. The one count of the rule: Evaluate asks
   * this compiler for its verdict.
   */
  ops: number
  /** `ops` stopped once over the limit (a wide AND/OR refused before its conditions are read): a lower bound. */
  atLeast: boolean
  /** How deep the compiler is in the AST: it never goes past `AST_DEPTH` (a cycle, a tree too deep). */
  depth: number
  /** Precedence level of the last compiled condition (see `OR`, `AND`, `NOT`, `ATOM`). */
  level: number
  /** The first error: once set, compilation stops and its result is ignored. */
  error: DE.DynamoError | undefined
  /** The model's field codecs, when the update is compiled for a model. */
  fields: Fields | undefined
  /** The constant of the operand compiled last (`operand`), `undefined` for a path or `size`. */
  av: AttributeValue | undefined
  /** The condition the caller gave (`RequestParts.given`), inside the condition or filter compiled. */
  given: Condition | undefined
}

const newAcc = (fields?: Fields): Acc => ({
  nameList: [],
  nameOf: undefined,
  names: {},
  values: {},
  valueCount: 0,
  ops: 0,
  atLeast: false,
  depth: 0,
  level: 0,
  error: undefined,
  fields,
  av: undefined,
  given: undefined,
})

const refuse = (acc: Acc, message: string): string => {
  if (acc.error === undefined) acc.error = DE.expressionError(message)
  return ''
}

const OR = 1
const AND = 2
const NOT = 3
const ATOM = 4

// -------------------------------------------------------------------------------------
// paths and values
// -------------------------------------------------------------------------------------


/**
 * The first placeholders, made once: a key string built per call (`'#n' + i`) is a fresh
 * string the engine must look up before every property store (kept for the W3 query target of
 * `bench/cpuPaired.ts`).
 */
const PLACEHOLDERS = 128
const NAME_PH: ReadonlyArray<string> = Array.from({ length: PLACEHOLDERS }, (_, i) => '#n' + i)
const VALUE_PH: ReadonlyArray<string> = Array.from({ length: PLACEHOLDERS }, (_, i) => ':v' + i)

const namePh = (i: number): string => (i < PLACEHOLDERS ? (NAME_PH[i] as string) : '#n' + i)
const valuePh = (i: number): string => (i < PLACEHOLDERS ? (VALUE_PH[i] as string) : ':v' + i)

/** Names found by a scan of `nameList` up to this many; a `Map` beyond. */
const SCAN_NAMES = 16

/**
 * `o[NAME_PH[i]] = name`, and `putValue` for `VALUE_PH`: the first placeholders stored at
 * call sites of their own, each of which always sees the same object shape (a store with a
 * key chosen at run time adds properties far slower; W3 query would miss its target without
 * them). The objects are built in placeholder order, so the i-th site always meets the shape
 * of i properties.
 */
const putName = (o: Record<string, string>, i: number, name: string): void => {
  switch (i) {
    case 0: o['#n0'] = name; break
    case 1: o['#n1'] = name; break
    case 2: o['#n2'] = name; break
    case 3: o['#n3'] = name; break
    case 4: o['#n4'] = name; break
    case 5: o['#n5'] = name; break
    case 6: o['#n6'] = name; break
    case 7: o['#n7'] = name; break
    default:
      o[namePh(i)] = name
  }
}

const putValue = (o: Record<string, AttributeValue>, i: number, av: AttributeValue): void => {
  switch (i) {
    case 0: o[':v0'] = av; break
    case 1: o[':v1'] = av; break
    case 2: o[':v2'] = av; break
    case 3: o[':v3'] = av; break
    case 4: o[':v4'] = av; break
    case 5: o[':v5'] = av; break
    case 6: o[':v6'] = av; break
    case 7: o[':v7'] = av; break
    default:
      o[valuePh(i)] = av
  }
}

const namePlaceholder = (acc: Acc, name: string, path: P.Path): string => {
  const list = acc.nameList
  if (acc.nameOf === undefined) {
    for (let i = 0; i < list.length; i++) if (list[i] === name) return namePh(i)
  } else {
    const known = acc.nameOf.get(name)
    if (known !== undefined) return known
  }
  const why = Rule.nameWhy(path, name)
  if (why !== undefined) return refuse(acc, why)
  const i = list.length
  const ph = namePh(i)
  list.push(name)
  if (acc.nameOf !== undefined) acc.nameOf.set(name, ph)
  else if (i === SCAN_NAMES) acc.nameOf = new Map(list.map((x, j) => [x, namePh(j)]))
  putName(acc.names, i, name)
  return ph
}

const path = (acc: Acc, p: P.Path): string => {
  const es = elementsOf(p)
  if (!Array.isArray(es)) return refuse(acc, 'an attribute path whose elements are not a list')
  const deep = Rule.depthWhy(p)
  if (deep !== undefined) return refuse(acc, deep)
  // compiled for a model: no handle of another (one hash lookup of the name)
  const foreign = acc.fields === undefined ? undefined : Stored.foreignWhy(acc.fields, p, es)
  if (foreign !== undefined) return refuse(acc, foreign)
  let out = namePlaceholder(acc, es[0], p)
  for (let i = 1; i < es.length; i++) {
    const e = es[i] as P.Element
    if (typeof e === 'number') {
      const why = Rule.indexWhy(p, e)
      if (why !== undefined) return refuse(acc, why)
      out += '[' + e + ']'
    } else out += '.' + namePlaceholder(acc, e, p)
  }
  return out
}

/** The DynamoDB type of an `AttributeValue` (one this module encoded: never malformed). */
const avType = (av: AttributeValue): AttributeTypeName => Cmp.typeOf(av) as AttributeTypeName

/**
 * The fast path of the commonest constants (what `toAttributeValue` gives for them, without
 * its general machinery): strings, booleans, null, and safe integers (always within
 * DynamoDB's number rules). `undefined` for anything else.
 */
const primitive = (u: unknown): AttributeValue | undefined => {
  switch (typeof u) {
    case 'string':
      return u.isWellFormed() ? { S: u } : undefined
    case 'boolean':
      return { BOOL: u }
    case 'number':
      return Number.isSafeInteger(u) ? { N: String(u) } : undefined
    case 'object':
      return u === null ? { NULL: true } : undefined
    default:
      return undefined
  }
}

/**
 * A condition's value compared with an attribute, for error messages: the attribute's path
 * (where the refusal is reported) and the value's place in words (`the low bound of BETWEEN`).
 */
interface Compared {
  readonly path: P.Path
  readonly role: string
}

/**
 * Where a value stands, for error messages: a word (the operand of a value compared with no
 * attribute), the path an update writes, or the attribute a condition's value is compared with.
 */
type Label = string | P.Path | Compared

/** The root name a value at a document path is encoded under: each issue's path starts with it, and `named` puts the document path in its place. */
const ROOT = 'value'

/** The name a value is encoded under (`toAttributeValue`'s `at`). */
const label = (at: Label): string => (typeof at === 'string' ? at : ROOT)

/** The label of a condition's value compared with `other`: the attribute's path, when `other` is one or its size, with `role`; else `fallback`. */
const comparedWith = (other: Operand, role: string, fallback: string): Label =>
  other._tag === 'Path' ? { path: other, role } : other._tag === 'Size' ? { path: other.path, role: `${role}, against its size` } : fallback

/**
 * The refusal of a value encoded at `at`: where `at` is a document path (an update's target, or
 * the attribute a condition's value is compared with), each issue is placed under that path
 * (`address.city.x`, not a quoted name), its message prefixed with the value's place in a
 * condition.
 */
const named = (at: Label, e: DE.DynamoError): DE.DynamoError => {
  if (typeof at === 'string' || e._tag !== 'ValidationError') return e
  const path = 'role' in at ? at.path : at
  const prefix = 'role' in at ? `${at.role}: ` : ''
  return DE.validationError(e.issues.map((i) => ({ path: i.path.startsWith(ROOT) ? P.show(path) + i.path.slice(ROOT.length) : i.path, message: prefix + i.message })))
}

/**
 * Encode a value; `undefined` on error (recorded). `at` names the value in errors; it is
 * only computed when there is one (encoding is retried with it, rarely). `depth`: the levels
 * above it (`Item.marshallValue`), so that a value an update writes at a path of n elements
 * nests at most `ITEM_DEPTH` − n levels.
 */
const encode = (acc: Acc, v: Value, validate: boolean, at: Label, depth = 1): AttributeValue | undefined => {
  const codec = v.codec
  if (codec !== undefined && (typeof codec.is !== 'function' || typeof codec.encode !== 'function')) {
    refuse(acc, `${typeof at === 'string' ? at : 'role' in at ? `${P.show(at.path)} (${at.role})` : P.show(at)}: ${badNode('Value', 'codec', 'is not an io-ts codec (it has no is and encode)')}`)
    return undefined
  }
  let fits: boolean
  try {
    fits = codec === undefined || (codec.encode === t.identity && (!validate || codec.is(v.value)))
  } catch {
    // the codec's own code threw: toAttributeValue runs it again and names the value in its Left
    fits = false
  }
  if (fits) {
    const fast = primitive(v.value)
    if (fast !== undefined) return fast
  }
  const r = toAttributeValue(v, validate, '', depth)
  if (r._tag === 'Left') {
    if (acc.error === undefined) {
      const again = toAttributeValue(v, validate, label(at), depth)
      acc.error = named(at, again._tag === 'Left' ? again.left : r.left)
    }
    return undefined
  }
  return r.right
}

const valuePlaceholder = (acc: Acc, av: AttributeValue): string => {
  const i = acc.valueCount++
  putValue(acc.values, i, av)
  return valuePh(i)
}

// -------------------------------------------------------------------------------------
// conditions
// -------------------------------------------------------------------------------------

/**
 * A compiled operand's text; its constant, if it is one, in `acc.av` (no object per operand).
 * A constant compared with the attribute `subject` must be of a type its codec stores
 * (`storesAs`).
 */
const operand = (acc: Acc, o: Operand, at: Label, subject?: Operand): string => {
  switch (o._tag) {
    case 'Path':
      acc.av = undefined
      return path(acc, o)
    case 'Value': {
      const av = encode(acc, o, false, at)
      acc.av = av
      if (av === undefined) return ''
      if (subject !== undefined && subject._tag === 'Path' && o.codec !== undefined && !storesAs(acc, o, av, subject)) return ''
      return valuePlaceholder(acc, av)
    }
    case 'Size':
      acc.ops++
      acc.av = undefined
      return 'size(' + path(acc, o.path) + ')'
    default:
      return absurd(o)
  }
}

/** A bit per type an attribute is stored as (`kindBits`), for `storesAs`. */
const KIND_BITS: Readonly<Record<string, number>> = { S: 1, N: 2, B: 4, BOOL: 8, NULL: 16, L: 32, M: 64 }

/** The bits of the types `codec` stores (`Stored.kindsOf`); -1 when the codec does not tell. */
const kindBits = (codec: Codec): number => {
  const kinds = Stored.kindsOf(codec)
  if (kinds === undefined) return -1
  let bits = 0
  for (const k of kinds) bits |= KIND_BITS[k] as number
  return bits
}

/** The bit of an encoded value's type (0 for a set: no codec `kindsOf` reads stores one). */
const avBit = (av: AttributeValue): number =>
  av.S !== undefined ? 1 : av.N !== undefined ? 2 : av.B !== undefined ? 4 : av.BOOL !== undefined ? 8 : av.NULL !== undefined ? 16 : av.L !== undefined ? 32 : av.M !== undefined ? 64 : 0

/**
 * The last codecs `storesAs` read and their bits, tried in turn before `Stored.kindsOf`'s own
 * memo (a request's values come from a few handles: a pointer compared costs less than a lookup).
 * Kept for W3 query, which stands near its target without it.
 */
const recentCodecs: Array<Codec | undefined> = [undefined, undefined, undefined, undefined]
const recentBits: number[] = [0, 0, 0, 0]
let recentNext = 0

/**
 * A constant compared with the attribute at `subject` is of a type the attribute's codec (the
 * value's, from the handle) stores, or the codec does not tell (`Stored.kindsOf`); else a
 * `ValidationError` naming the attribute, recorded: DynamoDB takes such a value, and a test of
 * it never holds (`<>` always does). By type only, never by the codec's refinements.
 */
const storesAs = (acc: Acc, v: Value, av: AttributeValue, subject: P.Path): boolean => {
  const codec = v.codec as Codec
  let bits: number
  const i = recentCodecs[0] === codec ? 0 : recentCodecs[1] === codec ? 1 : recentCodecs[2] === codec ? 2 : recentCodecs[3] === codec ? 3 : -1
  if (i !== -1) bits = recentBits[i] as number
  else {
    bits = kindBits(codec)
    recentCodecs[recentNext] = codec
    recentBits[recentNext] = bits
    recentNext = (recentNext + 1) & 3
  }
  if (bits === -1 || (bits & avBit(av)) !== 0) return true
  if (acc.error === undefined) {
    const name = P.show(subject)
    const kinds = Stored.kindsOf(codec) ?? new Set()
    acc.error = DE.validationError([
      { path: name, message: `${showValue(v.value)} is of type ${avType(av)}, and ${name} is stored as ${[...kinds].join(' or ') || 'nothing'}: the test would compare values of different types` },
    ])
  }
  return false
}

/** A comparison's operator with its spaces (` = `), `undefined` for anything that is not one of DynamoDB's. */
const spacedOp = (op: unknown): string | undefined =>
  op === '=' ? ' = ' : op === '<>' ? ' <> ' : op === '<' ? ' < ' : op === '<=' ? ' <= ' : op === '>' ? ' > ' : op === '>=' ? ' >= ' : undefined

/** A comparison's value named in a refusal, by operator: made once, not at each comparison compiled. */
const COMPARED_ROLE: Readonly<Record<string, string>> = Object.fromEntries(['=', '<>', '<', '<=', '>', '>='].map((op) => [op, `the value compared with it (${op})`]))

const isOrdering = (op: string): boolean => op !== '=' && op !== '<>'

/** DynamoDB refuses `x op y` when `x` is a path and `y` is the same path. */
const samePath = (first: Operand, other: Operand): boolean =>
  first._tag === 'Path' && other._tag === 'Path' && pathsEqual(first, other)

const showOperand = (o: Operand): string => {
  switch (o._tag) {
    case 'Path':
      return P.show(o)
    case 'Value':
      return showValue(o.value)
    case 'Size':
      return `size(${P.show(o.path)})`
    default:
      return absurd(o)
  }
}

/** A BETWEEN as explanations show it. */
const showBetween = (c: Extract<Condition, { readonly _tag: 'Between' }>): string => `${showOperand(c.operand)} BETWEEN ${showOperand(c.low)} AND ${showOperand(c.high)}`

const distinct = (acc: Acc, op: string, first: Operand, other: Operand): boolean => {
  if (samePath(first, other)) {
    refuse(acc, `${op}: the same path ${P.show(first as P.Path)} on both sides (DynamoDB requires the first operand to be distinct from the others)`)
    return false
  }
  return true
}

const refuseType = (acc: Acc, op: string, o: Operand, t: AttributeTypeName, allowed: string): string =>
  refuse(acc, `${op}: the constant ${showOperand(o)} is of type ${t}; DynamoDB accepts only ${allowed} here`)

/** Whether the constant `av` of `o` (none: not a constant) is of a type DynamoDB orders (`< <= > >=`, `BETWEEN`); else refused. */
const ordered = (acc: Acc, op: string, o: Operand, av: AttributeValue | undefined): boolean => {
  if (av === undefined || Cmp.isOrdered(avType(av))) return true
  refuseType(acc, op, o, avType(av), 'S, N or B')
  return false
}

/** One level down: refused past `AST_DEPTH`, before the recursion (a cycle, a tree too deep). */
const deeper = (acc: Acc): boolean => {
  if (++acc.depth <= AST_DEPTH) return true
  refuse(acc, tooDeep('the expression'))
  return false
}

/**
 * An attribute whose stored form keeps its values' equality only (`Shape.equalityOnly`:
 * `Field.pynamoBinary`) is not ordered, prefixed, searched or sized by `op`: else an
 * `ExpressionError` naming it and why, recorded. Its codec is its handle's, or the value's
 * compared with it. A set of such values declares none (`contains` compares its members whole).
 * `=`, `<>`, `IN` and the functions that do not read its stored text do not call this.
 */
const unordered = (acc: Acc, op: string, o: Operand, value?: Operand): boolean => {
  const p = o._tag === 'Path' ? o : o._tag === 'Size' ? o.path : undefined
  if (p === undefined) return true
  const codec = codecOfOperand(acc, p) ?? (value !== undefined && value._tag === 'Value' ? value.codec : undefined)
  const why = codec === undefined ? undefined : Shape.equalityOnly(codec)
  if (why === undefined) return true
  refuse(acc, `${o._tag === 'Size' ? 'size' : op} on ${P.show(p)}: ${why}; it takes =, <>, IN, attribute_exists, attribute_not_exists and attribute_type only`)
  return false
}

/**
 * Whether `contains(path, v)` or `begins_with(path, v)` (`fn`) can hold for the constant `av`
 * of `v`, as far as the attribute's codec tells its stored types (`Stored.kindsOf`): a string
 * holds a string, bytes hold bytes; for `contains`, a list any element (its element codec
 * checked `v` already, `storesAs`) and a set a member (its member codec did). An attribute
 * stored as none of those (a number, a boolean, a map) or a constant of another type is a test
 * DynamoDB takes and that never holds: a `ValidationError` naming the attribute, recorded, as
 * `storesAs` refuses a value of another type.
 */
const containable = (acc: Acc, fn: 'contains' | 'begins_with', p: P.Path, v: Value, av: AttributeValue): boolean => {
  const codec = codecOfOperand(acc, p)
  const kinds = codec === undefined ? undefined : Stored.kindsOf(codec)
  if (kinds === undefined || (fn === 'contains' && kinds.has('L'))) return true
  const type = avType(av)
  if ((type === 'S' || type === 'B') && kinds.has(type)) return true
  const name = P.show(p)
  const stored = [...kinds].join(' or ') || 'nothing'
  acc.error = DE.validationError([
    {
      path: name,
      message:
        kinds.has('S') || kinds.has('B')
          ? `${showValue(v.value)} is of type ${type}, and ${name} is stored as ${stored}: ${fn} looks for a value of one type in one of another, and never holds`
          : `${name} is stored as ${stored}: ${fn} holds only on ${fn === 'contains' ? 'a string, bytes, a list or a set' : 'a string or bytes'}`,
    },
  ])
  return false
}

const cond = (acc: Acc, c: Condition): string => {
  // a function or comparison is an atom; AND, OR and NOT set their own level after their members
  acc.level = ATOM
  switch (c._tag) {
    case 'Comparison': {
      // the operator is printed as it is: it must be one of DynamoDB's
      const op = c.op
      const spaced = spacedOp(op)
      if (spaced === undefined) return refuse(acc, badNode('Comparison', 'op', `is ${showRaw(op)}, not one of = <> < <= > >=`))
      if (!distinct(acc, op, c.left, c.right)) return ''
      if (isOrdering(op) ? !(unordered(acc, op, c.left, c.right) && unordered(acc, op, c.right, c.left)) : c.left._tag === 'Size' ? !unordered(acc, 'size', c.left) : c.right._tag === 'Size' && !unordered(acc, 'size', c.right)) return ''
      acc.ops++
      const role = COMPARED_ROLE[op] as string
      const l = operand(acc, c.left, comparedWith(c.right, role, 'left'))
      const lav = acc.av
      const r = operand(acc, c.right, comparedWith(c.left, role, 'right'), c.left)
      const rav = acc.av
      if (acc.error !== undefined) return ''
      if (isOrdering(op) && !(ordered(acc, op, c.left, lav) && ordered(acc, op, c.right, rav))) return ''
      return l + spaced + r
    }
    case 'Between': {
      if (!distinct(acc, 'BETWEEN', c.operand, c.low) || !distinct(acc, 'BETWEEN', c.operand, c.high)) return ''
      if (!(unordered(acc, 'BETWEEN', c.operand, c.low) && unordered(acc, 'BETWEEN', c.low, c.operand) && unordered(acc, 'BETWEEN', c.high, c.operand))) return ''
      acc.ops++
      const x = operand(acc, c.operand, 'operand')
      const xav = acc.av
      const lo = operand(acc, c.low, comparedWith(c.operand, 'the low bound of BETWEEN', 'low'), c.operand)
      const loav = acc.av
      const hi = operand(acc, c.high, comparedWith(c.operand, 'the high bound of BETWEEN', 'high'), c.operand)
      const hiav = acc.av
      if (acc.error !== undefined) return ''
      if (!(ordered(acc, 'BETWEEN', c.operand, xav) && ordered(acc, 'BETWEEN', c.low, loav) && ordered(acc, 'BETWEEN', c.high, hiav))) return ''
      if (loav !== undefined && hiav !== undefined) {
        const tl = avType(loav)
        if (tl !== avType(hiav)) return refuse(acc, `${showBetween(c)}: the bounds are of different types (${tl} and ${avType(hiav)})`)
        const cmp =
          tl === 'N'
            ? Cmp.compareNumbers(loav.N as string, hiav.N as string)
            : tl === 'S'
              ? Cmp.compareStrings(loav.S as string, hiav.S as string)
              : Cmp.compareBytes(loav.B as Uint8Array, hiav.B as Uint8Array)
        if (cmp > 0) return refuse(acc, `${showBetween(c)}: the low bound is above the high bound`)
      }
      return x + ' BETWEEN ' + lo + ' AND ' + hi
    }
    case 'In': {
      if (!Array.isArray(c.values)) return refuse(acc, badNode('In', 'values', `is ${showRaw(c.values)}, not a list`))
      const n = c.values.length
      if (n === 0) return refuse(acc, `IN: ${showOperand(c.operand)} IN () has no values (DynamoDB needs 1 to ${IN_VALUES})`)
      if (n > IN_VALUES) return refuse(acc, `IN: ${showOperand(c.operand)} IN (…) has ${n} values, more than ${IN_VALUES}`)
      for (let i = 0; i < n; i++) if (!distinct(acc, 'IN', c.operand, c.values[i] as Operand)) return ''
      if (c.operand._tag === 'Size' && !unordered(acc, 'size', c.operand)) return ''
      acc.ops++
      let out = operand(acc, c.operand, 'operand') + ' IN ('
      for (let i = 0; i < n; i++) {
        if (i > 0) out += ', '
        out += operand(acc, c.values[i] as Operand, comparedWith(c.operand, `values[${i}] of IN (…)`, `values[${i}]`), c.operand)
      }
      return out + ')'
    }
    case 'BeginsWith': {
      if (!distinct(acc, 'begins_with', c.path, c.prefix)) return ''
      if (c.prefix._tag === 'Size') return refuse(acc, `begins_with(${P.show(c.path)}, …): the prefix size(${P.show(c.prefix.path)}) is a number; DynamoDB accepts only S or B`)
      if (!(unordered(acc, 'begins_with', c.path) && unordered(acc, 'begins_with', c.prefix))) return ''
      acc.ops++
      const p = path(acc, c.path)
      const x = operand(acc, c.prefix, { path: c.path, role: 'the prefix of begins_with' })
      if (acc.error !== undefined) return ''
      if (acc.av !== undefined) {
        const t = avType(acc.av)
        if (t !== 'S' && t !== 'B') return refuseType(acc, `begins_with(${P.show(c.path)}, …)`, c.prefix, t, 'S or B')
        if (c.prefix._tag === 'Value' && !containable(acc, 'begins_with', c.path, c.prefix, acc.av)) return ''
      }
      return 'begins_with(' + p + ', ' + x + ')'
    }
    case 'Contains': {
      if (!distinct(acc, 'contains', c.path, c.operand)) return ''
      // a set's members are compared whole; a single equality-only attribute's stored text is no list of its value's parts
      if (!unordered(acc, 'contains', c.path)) return ''
      acc.ops++
      const p = path(acc, c.path)
      const x = operand(acc, c.operand, { path: c.path, role: 'the operand of contains' }, c.path)
      if (acc.error !== undefined || (c.operand._tag === 'Value' && acc.av !== undefined && !containable(acc, 'contains', c.path, c.operand, acc.av))) return ''
      return 'contains(' + p + ', ' + x + ')'
    }
    case 'Exists':
      acc.ops++
      return 'attribute_exists(' + path(acc, c.path) + ')'
    case 'NotExists':
      acc.ops++
      return 'attribute_not_exists(' + path(acc, c.path) + ')'
    case 'AttributeType': {
      if (!TYPE_NAMES.has(c.type)) return refuse(acc, `attribute_type(${P.show(c.path)}, …): ${showRaw(c.type)} is not a DynamoDB type`)
      acc.ops++
      const p = path(acc, c.path)
      return 'attribute_type(' + p + ', ' + valuePlaceholder(acc, { S: c.type }) + ')'
    }
    case 'And':
    case 'Or': {
      const cs = c.conditions
      const and = c._tag === 'And'
      const word = and ? 'AND' : 'OR'
      if (!Array.isArray(cs)) return refuse(acc, badNode(c._tag, 'conditions', `is ${showRaw(cs)}, not a list`))
      if (cs.length === 0) return refuse(acc, `an empty ${word} (${builtBy(c._tag)}() of no conditions)`)
      if (!deeper(acc)) return ''
      if (cs.length === 1) {
        const one = cond(acc, cs[0] as Condition)
        acc.depth--
        return one
      }
      const level = and ? AND : OR
      const sep = and ? ' AND ' : ' OR '
      acc.ops += cs.length - 1
      // a wide AND/OR: refused before its conditions are compiled (the count, a lower bound)
      if (acc.ops > OPERATORS) {
        acc.atLeast = true
        return ''
      }
      let out = ''
      for (let i = 0; i < cs.length; i++) {
        const s = cond(acc, cs[i] as Condition)
        if (acc.error !== undefined) return ''
        if (i > 0) out += sep
        out += acc.level < level ? '(' + s + ')' : s
      }
      acc.depth--
      acc.level = level
      return out
    }
    case 'Not': {
      acc.ops++
      if (!deeper(acc)) return ''
      const s = cond(acc, c.condition)
      acc.depth--
      const out = acc.level < NOT ? 'NOT (' + s + ')' : 'NOT ' + s
      acc.level = NOT
      return out
    }
    default:
      return absurd(c)
  }
}

/** Check the limits of one finished expression: its operators, its bytes. */
const limits = (acc: Acc, kind: string, expression: string): string => {
  if (acc.ops > OPERATORS) return refuse(acc, tooManyOperators(kind, acc.ops, undefined, acc.atLeast))
  // placeholders and keywords are ASCII: the length is the byte size
  if (expression.length > EXPRESSION_BYTES) {
    return refuse(acc, `the ${kind} takes ${expression.length} bytes, more than DynamoDB's ${EXPRESSION_BYTES}`)
  }
  return expression
}

/**
 * A condition compiled. The recursion is bounded (`deeper`); a node the compiler cannot read
 * (an AST cast through `any`) fails it with a throw, which the public functions below turn
 * into an `ExpressionError` that rules/ast words.
 */
const compileCondition = (acc: Acc, c: Condition, kind: string): string => {
  acc.ops = 0
  acc.atLeast = false
  const s = cond(acc, c)
  if (acc.error !== undefined) return ''
  // over the limit with checks added to the caller's condition: the message tells the two apart
  if (acc.ops > OPERATORS && acc.given !== undefined && acc.given !== c) return refuse(acc, tooManyOperators(kind, acc.ops, operatorsOf(acc.given), acc.atLeast))
  return limits(acc, kind, s)
}

/** The operators of a condition alone, as `cond` counts them (`undefined` where it does not compile). */
const operatorsOf = (c: Condition): number | undefined => {
  const acc = newAcc()
  cond(acc, c)
  return acc.error === undefined && !acc.atLeast ? acc.ops : undefined
}

// -------------------------------------------------------------------------------------
// key conditions
// -------------------------------------------------------------------------------------

const NOT_TOP_LEVEL = 'a key condition compares a top-level key attribute'

/**
 * Why `c` is no key condition, or `undefined`. The key attribute each member compares is pushed
 * on `names` as the member is read (one walk: the check of one condition per key attribute
 * compares them without reading the members again).
 */
const keyConditionShape = (c: Condition, top: boolean, depth: number, names: unknown[]): string | undefined => {
  if (depth > AST_DEPTH) return tooDeep('the key condition')
  switch (c._tag) {
    case 'Comparison':
      if (c.op === '<>') return 'a key condition cannot use <>'
      if (c.left._tag !== 'Path' || elementsOf(c.left).length !== 1) return NOT_TOP_LEVEL
      if (c.right._tag !== 'Value') return 'a key condition compares a key with a value'
      names.push(elementsOf(c.left)[0])
      return undefined
    case 'Between':
      if (c.operand._tag !== 'Path' || elementsOf(c.operand).length !== 1) return NOT_TOP_LEVEL
      if (c.low._tag !== 'Value' || c.high._tag !== 'Value') return 'BETWEEN in a key condition takes two values'
      names.push(elementsOf(c.operand)[0])
      return undefined
    case 'BeginsWith':
      if (elementsOf(c.path).length !== 1) return NOT_TOP_LEVEL
      if (c.prefix._tag !== 'Value') return 'begins_with in a key condition takes a value'
      names.push(elementsOf(c.path)[0])
      return undefined
    case 'And': {
      if (!top) return 'a key condition is one condition on the hash key, AND-ed with at most one on the range key'
      if (c.conditions.length === 1) return keyConditionShape(c.conditions[0] as Condition, true, depth + 1, names)
      // (a multi-attribute key takes one condition per attribute: up to 4 hash and 4 range)
      if (c.conditions.length > 2 * INDEX_KEY_ATTRIBUTES) return `a key condition holds at most ${2 * INDEX_KEY_ATTRIBUTES} conditions (4 hash and 4 range attributes of a multi-attribute key)`
      const first = names.length
      for (let i = 0; i < c.conditions.length; i++) {
        const why = keyConditionShape(c.conditions[i] as Condition, false, depth + 1, names)
        if (why !== undefined) return why
        // at most 8 members: compared pairwise, without a Set per key condition
        const name = names[names.length - 1]
        for (let j = first; j < names.length - 1; j++) if (names[j] === name) return `a key condition takes one condition per key attribute (${String(name)} has two)`
      }
      return undefined
    }
    case 'Or':
      if (c.conditions.length === 1) return keyConditionShape(c.conditions[0] as Condition, top, depth + 1, names)
      return `a key condition cannot use OR`
    case 'In':
    case 'Contains':
    case 'Exists':
    case 'NotExists':
    case 'AttributeType':
    case 'Not':
      return `a key condition cannot use ${c._tag}`
    default:
      return absurd(c)
  }
}

const compileKeyCondition = (acc: Acc, c: Condition): string => {
  const why = keyConditionShape(c, true, 0, [])
  if (why === undefined) return compileCondition(acc, c, 'key condition')
  const shown = show(c)
  return refuse(acc, `${why}: ${shortened(shown, 200)}`)
}

// -------------------------------------------------------------------------------------
// projections
// -------------------------------------------------------------------------------------

const clashError = (acc: Acc, kind: string, q: P.Path, p: P.Path, why: 'overlap' | 'conflict'): boolean => {
  refuse(acc, `${kind}: the paths ${P.show(q)} and ${P.show(p)} ${why === 'overlap' ? 'overlap' : 'conflict (one indexes a list, the other a map)'}`)
  return false
}

const checkClashes = (acc: Acc, kind: string, ps: ReadonlyArray<P.Path>): boolean => {
  if (ps.length <= 16) {
    // few paths: pairwise
    for (let i = 1; i < ps.length; i++) {
      const p = ps[i] as P.Path
      const name = elementsOf(p)[0]
      for (let j = 0; j < i; j++) {
        const q = ps[j] as P.Path
        if (elementsOf(q)[0] !== name) continue
        const why = Rule.clash(q, p)
        if (why !== undefined) return clashError(acc, kind, q, p, why)
      }
    }
    return true
  }
  // many: pairwise only among paths of one top-level name
  const byName = new Map<string, P.Path[]>()
  for (const p of ps) {
    const name = elementsOf(p)[0]
    const list = byName.get(name)
    if (list === undefined) byName.set(name, [p])
    else {
      for (const q of list) {
        const why = Rule.clash(q, p)
        if (why !== undefined) return clashError(acc, kind, q, p, why)
      }
      list.push(p)
    }
  }
  return true
}

const compileProjection = (acc: Acc, ps: ReadonlyArray<P.Path>): string => {
  const bad = pathsWhy(ps)
  if (bad !== undefined) return refuse(acc, bad)
  if (ps.length === 0) return refuse(acc, 'an empty projection')
  if (!checkClashes(acc, 'projection', ps)) return ''
  acc.ops = 0
  acc.atLeast = false
  let out = ''
  for (let i = 0; i < ps.length; i++) {
    if (i > 0) out += ', '
    out += path(acc, ps[i] as P.Path)
  }
  return acc.error === undefined ? limits(acc, 'projection', out) : ''
}

// -------------------------------------------------------------------------------------
// updates
// -------------------------------------------------------------------------------------

/** The model's codec of the attribute at `p`, when compiling for a model. */
const codecAt = (acc: Acc, p: P.Path): Codec | undefined => (acc.fields === undefined ? undefined : Stored.codecAt(acc.fields, p))

/**
 * The codec a path of a condition is checked by: the model's at that path when compiling for
 * one (a cast handle of another model under a name this model has is held to this model's
 * field, which is what the item stores), else its handle's (none for a path of `Attr.path`).
 */
const codecOfOperand = (acc: Acc, p: P.Path): Codec | undefined => codecAt(acc, p) ?? codecOfPath(p)

/** The target can store a `kind` (or its codec does not tell); else the error of `clause` (printed only then), recorded. */
const targetStores = (acc: Acc, target: Codec | undefined, kind: Stored.StoredKind, clause: () => string, at: P.Path): boolean => {
  const ks = target === undefined ? undefined : Stored.kindsOf(target)
  if (ks === undefined || ks.has(kind)) return true
  refuse(acc, `${clause()}: ${P.show(at)} is stored as ${[...ks].join(' or ') || 'nothing'}, this writes ${kind}`)
  return false
}

/** Whether each kind of `ks` is a number or NULL. */
const onlyNumbers = (ks: ReadonlySet<Stored.StoredKind>): boolean => {
  for (const k of ks) if (k !== 'N' && k !== 'NULL') return false
  return true
}

/** An attribute read on the right-hand side stores what its place takes (as far as the model's codecs tell). */
const readFits = (acc: Acc, read: P.Path, place: Place, target: Codec | undefined, at: P.Path): boolean => {
  if (acc.fields === undefined) return true
  const source = codecAt(acc, read)
  if (source === undefined) return true
  if (place === 'number') {
    // a nullable number too: the update's guard refuses the write where it is NULL (updateGuard)
    const ks = Stored.kindsOf(source)
    if (ks === undefined || onlyNumbers(ks)) return true
    refuse(acc, `SET ${P.show(at)} = … ${P.show(read)} …: ${P.show(read)} is stored as ${[...ks].join(' or ')}, + and - take numbers`)
    return false
  }
  if (target === undefined) return true
  const why = Stored.misfit(source, target, read, at)
  if (why === undefined) return true
  refuse(acc, `SET ${P.show(at)} = … ${P.show(read)} …: ${why}`)
  return false
}

const setOperand = (
  acc: Acc,
  o: SetOperand,
  inside: 'top' | 'arithmetic' | 'list_append' | 'if_not_exists',
  place: Place,
  target: Codec | undefined,
  at: P.Path,
): string => {
  switch (o._tag) {
    case 'Path':
      return readFits(acc, o, place, target, at) ? path(acc, o) : ''
    case 'Value': {
      // checked against the attribute it ends up in (a number of a sum keeps its own codec: its type is checked below)
      const av = encode(acc, placed(o, place, target), true, at, elementsOf(at).length)
      if (av === undefined) return ''
      if (inside === 'arithmetic' && av.N === undefined) return refuseType(acc, 'SET … + / -', o, avType(av), 'N')
      if (inside === 'list_append' && av.L === undefined) return refuseType(acc, 'list_append', o, avType(av), 'L')
      return valuePlaceholder(acc, av)
    }
    case 'IfNotExists': {
      if (o.value._tag === 'Path' && pathsEqual(o.path, o.value)) {
        return refuse(acc, `if_not_exists(${P.show(o.path)}, ${P.show(o.value)}): the same path twice (DynamoDB requires the first operand to be distinct)`)
      }
      if (o.value._tag === 'ListAppend') return refuse(acc, `if_not_exists(${P.show(o.path)}, list_append(…)): DynamoDB does not allow list_append inside if_not_exists`)
      if (!readFits(acc, o.path, place, target, at)) return ''
      acc.ops++
      if (!deeper(acc)) return ''
      const p = path(acc, o.path)
      const x = setOperand(acc, o.value, 'if_not_exists', place, target, at)
      acc.depth--
      return 'if_not_exists(' + p + ', ' + x + ')'
    }
    case 'ListAppend': {
      if (inside === 'list_append' || inside === 'arithmetic' || inside === 'if_not_exists') {
        return refuse(acc, `list_append(…) inside ${inside === 'arithmetic' ? '+ / -' : inside}: DynamoDB allows list_append only as the whole right-hand side of SET`)
      }
      if (!targetStores(acc, target, 'L', () => `SET ${P.show(at)} = list_append(…)`, at)) return ''
      acc.ops++
      const l = setOperand(acc, o.left, 'list_append', 'list', target, at)
      const r = setOperand(acc, o.right, 'list_append', 'list', target, at)
      return 'list_append(' + l + ', ' + r + ')'
    }
    default:
      return absurd(o)
  }
}

const setValue = (acc: Acc, v: SetValue, target: Codec | undefined, at: P.Path): string => {
  if (v._tag === 'Arithmetic') {
    // the operator is printed as it is
    if (v.op !== '+' && v.op !== '-') return refuse(acc, `SET ${P.show(at)}: ${badNode('Arithmetic', 'op', `is ${showRaw(v.op)}, not + or -`)}`)
    if (!targetStores(acc, target, 'N', () => `SET ${P.show(at)} = … ${v.op} …`, at)) return ''
    acc.ops++
    const l = setOperand(acc, v.left, 'arithmetic', 'number', target, at)
    const r = setOperand(acc, v.right, 'arithmetic', 'number', target, at)
    return l + ' ' + v.op + ' ' + r
  }
  return setOperand(acc, v, 'top', 'value', target, at)
}

/** The codec of the attribute a `SET` writes: the model's, else its handle's, else its value's. */
const setTarget = (acc: Acc, a: Extract<Action, { _tag: 'Set' }>): Codec | undefined =>
  codecAt(acc, a.path) ?? a.codec ?? (a.value._tag === 'Value' ? a.value.codec : undefined)

/** The value of an `ADD`/`DELETE`, checked against the model's codec of its target when compiling for a model. */
const addOrDeleteValue = (acc: Acc, v: Value, at: P.Path): Value => {
  const target = codecAt(acc, at)
  return typeof v.value === 'number' || typeof v.value === 'bigint' ? v : placed(v, 'value', target)
}

const targetOf = (a: Action): P.Path => a.path

const CLAUSES = ['Set', 'Remove', 'Add', 'Delete'] as const

const KEYWORD = { Set: 'SET ', Remove: 'REMOVE ', Add: 'ADD ', Delete: 'DELETE ' } as const

const CLAUSE_BIT = { Set: 1, Remove: 2, Add: 4, Delete: 8 } as const

const compileUpdate = (acc: Acc, us: Update): string => {
  if (!Array.isArray(us)) return refuse(acc, 'an update is a list of actions')
  if (us.length === 0) return refuse(acc, 'an update of nothing (no action)')
  // every action of one of the four clauses (the passes below would leave out any other)
  // (and which clauses the update has: a pass is made for those only)
  let present = 0
  for (let i = 0; i < us.length; i++) {
    const tag = (us[i] as Action)._tag
    if (tag !== 'Set' && tag !== 'Remove' && tag !== 'Add' && tag !== 'Delete') return refuse(acc, `update[${i}]: ${misplacedNode(tag, 'action')}`)
    present |= CLAUSE_BIT[tag]
  }
  if (!checkClashes(acc, 'update', us.map(targetOf))) return ''
  acc.ops = 0
  // one pass per clause, so that placeholders are numbered in the order they are printed
  let out = ''
  for (const tag of CLAUSES) {
    if ((present & CLAUSE_BIT[tag]) === 0) continue
    let clause = ''
    for (let i = 0; i < us.length; i++) {
      const a = us[i] as Action
      if (a._tag !== tag) continue
      const at = a.path
      clause += clause === '' ? (out === '' ? '' : ' ') + KEYWORD[tag] : ', '
      switch (a._tag) {
        case 'Set': {
          const p = path(acc, a.path)
          clause += p + ' = ' + setValue(acc, a.value, setTarget(acc, a), at)
          break
        }
        case 'Remove':
          clause += path(acc, a.path)
          break
        case 'Add':
        case 'Delete': {
          // a Value: a set for either, or a number for ADD
          const action = (): string => KEYWORD[a._tag] + P.show(at)
          if (a.value._tag !== 'Value') return refuse(acc, `${action()}: ${misplacedNode(a.value._tag, 'value')}`)
          const p = path(acc, a.path)
          const av = encode(acc, addOrDeleteValue(acc, a.value, at), true, at)
          if (av === undefined) return ''
          const t = avType(av)
          if (a._tag === 'Add' && t === 'N') {
            if (!targetStores(acc, codecAt(acc, at), 'N', action, at)) return ''
          } else if (t !== 'SS' && t !== 'NS' && t !== 'BS') {
            return refuseType(acc, action(), a.value, t, a._tag === 'Add' ? 'a number or a set (N, SS, NS, BS)' : 'a set (SS, NS, BS)')
          }
          clause += p + ' ' + valuePlaceholder(acc, av)
          break
        }
        default:
          return absurd(a)
      }
      if (acc.error !== undefined) return ''
    }
    out += clause
  }
  return limits(acc, 'update expression', out)
}

// -------------------------------------------------------------------------------------
// compilers
// -------------------------------------------------------------------------------------

const finish = (acc: Acc, expression: string): E.Either<DE.DynamoError, Compiled> =>
  acc.error !== undefined ? E.left(acc.error) : E.right({ expression, names: acc.names, values: acc.values })

/**
 * A condition (or filter) expression.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, age: t.number }) }).attrs
 * Expression.condition(C.and(C.eq(u.email, 'john@x.io'), C.gt(u.age, 21)))
 * // => E.right({
 * //      expression: '#n0 = :v0 AND #n1 > :v1',
 * //      names: { '#n0': 'email', '#n1': 'age' },
 * //      values: { ':v0': { S: 'john@x.io' }, ':v1': { N: '21' } },
 * //    })
 * ```
 *
 * @category compilers
 */
export const condition = (c: Condition): E.Either<DE.DynamoError, Compiled> => {
  try {
    const acc = newAcc()
    return finish(acc, compileCondition(acc, c, 'condition'))
  } catch (e) {
    return unreadable(e, conditionError(c, 'condition'))
  }
}

/**
 * What a throw of the compiler means: a node it could not read (cast through `any`, or a
 * getter or Proxy trap that failed). `why`, rules/ast's reading of the same input, says which.
 */
const unreadable = (e: unknown, why: string | DE.DynamoError | undefined): E.Either<DE.DynamoError, never> =>
  E.left(typeof why === 'object' ? why : DE.expressionError(why ?? `the AST could not be compiled: ${thrown(e)}`))

/**
 * A key condition: an equality on the hash key, `AND`-ed with at most one condition on
 * the range key (`= < <= > >=`, `BETWEEN`, `begins_with`) against values.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Field, Model } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'user-contacts', hashKey: 'user_id', rangeKey: 'email', codec: t.type({ user_id: t.string, email: Field.email }) })
 * const c = Contacts.attrs
 *
 * Expression.keyCondition(C.and(C.eq(c.user_id, 'u1'), C.beginsWith(c.email, 'j')))
 * // => E.right({
 * //      expression: '#n0 = :v0 AND begins_with(#n1, :v1)',
 * //      names: { '#n0': 'user_id', '#n1': 'email' },
 * //      values: { ':v0': { S: 'u1' }, ':v1': { S: 'j' } },
 * //    })
 * ```
 *
 * @category compilers
 */
export const keyCondition = (c: Condition): E.Either<DE.DynamoError, Compiled> => {
  try {
    const acc = newAcc()
    return finish(acc, compileKeyCondition(acc, c))
  } catch (e) {
    return unreadable(e, conditionError(c, 'key condition'))
  }
}

/**
 * A projection expression: `#n0, #n1.#n2[0]`. Paths may not overlap.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Expression, Path } from 'dynamongo'
 *
 * Expression.projection([Path.of('email'), Path.of('address', 'city')])
 * // => E.right({ expression: '#n0, #n1.#n2', names: { '#n0': 'email', '#n1': 'address', '#n2': 'city' }, values: {} })
 * ```
 *
 * @category compilers
 */
export const projection = (paths: ReadonlyArray<P.Path>): E.Either<DE.DynamoError, Compiled> => {
  try {
    const acc = newAcc()
    return finish(acc, compileProjection(acc, paths))
  } catch (e) {
    return unreadable(e, pathsWhy(paths))
  }
}

/**
 * An update expression: `SET … REMOVE … ADD … DELETE …` (clauses in that order, actions in
 * input order). Every value is checked against the codec of the attribute it ends up in:
 * the handle's, or with `fields` (a model's) the model's, which also checks the attributes
 * a right-hand side reads.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
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
 * Expression.update([U.set(u.name, 'Johnny'), U.remove(u.logins)])
 * // => E.right({
 * //      expression: 'SET #n0 = :v0 REMOVE #n1',
 * //      names: { '#n0': 'name', '#n1': 'logins' },
 * //      values: { ':v0': { S: 'Johnny' } },
 * //    })
 * ```
 *
 * @category compilers
 */
export const update = (us: Update, fields?: Fields): E.Either<DE.DynamoError, Compiled> => {
  try {
    const acc = newAcc(fields)
    return finish(acc, compileUpdate(acc, us))
  } catch (e) {
    return unreadable(e, updateWhy(us))
  }
}

/**
 * The expressions of one request with one placeholder state, compiled in this order:
 * key condition, filter, condition, projection, update. Spread the result into an SDK
 * `*CommandInput`; the attribute maps are omitted when empty.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Condition as C, Expression, Field, Model, Path } from 'dynamongo'
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
 * // one request's expressions share their placeholders: `email` is #n0 in both
 * Expression.request({ condition: C.exists(u.email), projection: [Path.of('email'), Path.of('name')] })
 * // => E.right({
 * //      ConditionExpression: 'attribute_exists(#n0)',
 * //      ProjectionExpression: '#n0, #n1',
 * //      ExpressionAttributeNames: { '#n0': 'email', '#n1': 'name' },
 * //    })
 * ```
 *
 * @category compilers
 */
export const request = (parts: RequestParts): E.Either<DE.DynamoError, RequestExpressions> => {
  if (typeof parts !== 'object' || parts === null) {
    return E.left(DE.expressionError(`the request: expected its parts (keyCondition, filter, condition, projection, update), got ${showRaw(parts)}`))
  }
  try {
    return compileRequest(parts)
  } catch (e) {
    let why: string | DE.DynamoError | undefined
    try {
      why = partsWhy(parts)
    } catch {
      // parts whose reading throws (a getter, a Proxy): what threw says why
    }
    return unreadable(e, why)
  }
}

/** rules/ast's reading of each part of a request, the first problem found (a builder's refusal: the error it carries). */
const partsWhy = (parts: RequestParts): string | DE.DynamoError | undefined =>
  (parts.keyCondition === undefined ? undefined : conditionError(parts.keyCondition, 'key condition')) ??
  (parts.filter === undefined ? undefined : conditionError(parts.filter, 'filter')) ??
  (parts.condition === undefined ? undefined : conditionError(parts.condition, 'condition')) ??
  (parts.projection === undefined ? undefined : pathsWhy(parts.projection)) ??
  (parts.update === undefined ? undefined : updateWhy(parts.update))

const compileRequest = (parts: RequestParts): E.Either<DE.DynamoError, RequestExpressions> => {
  const acc = newAcc(parts.fields)
  acc.given = parts.given
  const out: {
    -readonly [K in keyof RequestExpressions]: RequestExpressions[K]
  } = {}
  if (parts.keyCondition !== undefined) out.KeyConditionExpression = compileKeyCondition(acc, parts.keyCondition)
  if (acc.error === undefined && parts.filter !== undefined) out.FilterExpression = compileCondition(acc, parts.filter, 'filter')
  if (acc.error === undefined && parts.condition !== undefined) out.ConditionExpression = compileCondition(acc, parts.condition, 'condition')
  if (acc.error === undefined && parts.projection !== undefined) out.ProjectionExpression = compileProjection(acc, parts.projection)
  if (acc.error === undefined && parts.update !== undefined) out.UpdateExpression = compileUpdate(acc, parts.update)
  if (acc.error !== undefined) return E.left(acc.error)
  if (acc.nameList.length > 0) out.ExpressionAttributeNames = acc.names
  if (acc.valueCount > 0) out.ExpressionAttributeValues = acc.values
  return E.right(out)
}

// -------------------------------------------------------------------------------------
// printers for people
// -------------------------------------------------------------------------------------

/** A constant for people: strings quoted, numbers as they are, sets as `<<…>>`. */
const showValue = (u: unknown): string => showNested(u, 0)

/** Values nested deeper than an item may be (`limits.ITEM_DEPTH`) print as `…`. */
const showNested = (u: unknown, depth: number): string => {
  if (depth > ITEM_DEPTH) return '…'
  if (u instanceof Set) return '<<' + Array.from(u, (x) => showNested(x, depth + 1)).join(', ') + '>>'
  // a Date by the time it holds (internal/date), as the request sends it
  const time = timeOf(u)
  if (time !== undefined) return Number.isNaN(time) ? 'Date(invalid)' : JSON.stringify(isoOf(u as Date))
  if (Array.isArray(u)) return '[' + u.map((x) => showNested(x, depth + 1)).join(', ') + ']'
  return showRaw(u)
}

const showCondition = (c: Condition, out: { level: number; depth: number }): string => {
  const wrap = (x: Condition, level: number): string => {
    const s = showCondition(x, out)
    return out.level < level ? '(' + s + ')' : s
  }
  // a tree deeper than any expression prints as … below that depth (the printer recurses)
  if (out.depth > AST_DEPTH) {
    out.level = ATOM
    return '…'
  }
  out.depth++
  // a function or comparison is an atom; AND, OR and NOT set their own level after their members
  out.level = ATOM
  const s = showNode(c, out, wrap)
  out.depth--
  return s
}

const showNode = (c: Condition, out: { level: number; depth: number }, wrap: (x: Condition, level: number) => string): string => {
  switch (c._tag) {
    case 'Comparison':
      return `${showOperand(c.left)} ${c.op} ${showOperand(c.right)}`
    case 'Between':
      return showBetween(c)
    case 'In':
      return `${showOperand(c.operand)} IN (${c.values.map(showOperand).join(', ')})`
    case 'BeginsWith':
      return `begins_with(${P.show(c.path)}, ${showOperand(c.prefix)})`
    case 'Contains':
      return `contains(${P.show(c.path)}, ${showOperand(c.operand)})`
    case 'Exists':
      return `attribute_exists(${P.show(c.path)})`
    case 'NotExists':
      return `attribute_not_exists(${P.show(c.path)})`
    case 'AttributeType':
      return `attribute_type(${P.show(c.path)}, ${c.type})`
    case 'And':
    case 'Or': {
      if (c.conditions.length === 0) return c._tag === 'And' ? 'and()' : 'or()'
      if (c.conditions.length === 1) return showCondition(c.conditions[0] as Condition, out)
      const level = c._tag === 'And' ? AND : OR
      const s = c.conditions.map((x) => wrap(x, level)).join(c._tag === 'And' ? ' AND ' : ' OR ')
      out.level = level
      return s
    }
    case 'Not': {
      const s = wrap(c.condition, NOT)
      out.level = NOT
      return 'NOT ' + s
    }
    default: {
      // a builder's refusal (rules/ast), which no compiler takes: drawn with its reason
      const why = refusalOf(c)
      return why === undefined ? absurd(c) : `(refused: ${why})`
    }
  }
}

/**
 * A condition for people, names and values inlined: `age > 21 AND begins_with(name, "J")`.
 * What is no condition (through `any`) is described as such, never thrown.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Condition as C, Expression, Model } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, age: t.number }) }).attrs
 * Expression.show(C.and(C.gt(u.age, 21), C.beginsWith(u.name, 'J'))) // => 'age > 21 AND begins_with(name, "J")'
 * ```
 *
 * @category destructors
 */
export const show = (c: Condition): string => {
  try {
    return showCondition(c, { level: ATOM, depth: 0 })
  } catch (e) {
    return unshowable('a condition', c, e)
  }
}

const showSetOperand = (o: SetOperand): string => {
  switch (o._tag) {
    case 'Path':
    case 'Value':
      return showOperand(o)
    case 'IfNotExists':
      return `if_not_exists(${P.show(o.path)}, ${showSetOperand(o.value)})`
    case 'ListAppend':
      return `list_append(${showSetOperand(o.left)}, ${showSetOperand(o.right)})`
    default:
      return absurd(o)
  }
}

/**
 * An update for people: `SET a = if_not_exists(a, 0) + 1 REMOVE b`. What is no update
 * (through `any`) is described as such, never thrown.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Expression, Model, Update as U } from 'dynamongo'
 *
 * const u = Model.make({ table: 'users', hashKey: 'email', codec: t.intersection([t.type({ email: t.string, logins: t.number }), t.partial({ nick: t.string })]) }).attrs
 * Expression.showUpdate([U.increment(u.logins, 1), U.remove(u.nick)]) // => 'SET logins = if_not_exists(logins, 0) + 1 REMOVE nick'
 * ```
 *
 * @category destructors
 */
export const showUpdate = (us: Update): string => {
  try {
    const clauses: Record<Action['_tag'], string[]> = { Set: [], Remove: [], Add: [], Delete: [] }
    for (const a of us) {
      switch (a._tag) {
        case 'Set':
          clauses.Set.push(
            `${P.show(a.path)} = ${a.value._tag === 'Arithmetic' ? `${showSetOperand(a.value.left)} ${a.value.op} ${showSetOperand(a.value.right)}` : showSetOperand(a.value)}`,
          )
          break
        case 'Remove':
          clauses.Remove.push(P.show(a.path))
          break
        case 'Add':
        case 'Delete':
          clauses[a._tag].push(`${P.show(a.path)} ${showValue(a.value.value)}`)
          break
        default:
          return absurd(a)
      }
    }
    return CLAUSES.filter((k) => clauses[k].length > 0)
      .map((k) => KEYWORD[k] + clauses[k].join(', '))
      .join(' ')
  } catch (e) {
    return unshowable('an update', us, e)
  }
}

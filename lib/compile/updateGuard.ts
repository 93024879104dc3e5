/**
 * The bounds of an update's computed values, inside the library (DESIGN §3: nothing the store
 * holds may become unreadable). A value an update sets is checked against its field's codec
 * when compiled; a value DynamoDB computes (`x + y`, `x - y`, `ADD` of a number, a copy of
 * another attribute, `if_not_exists`, a `DELETE` of set members) is known only to DynamoDB.
 * Against a field's declared bounds (`Field.int`, `Field.float`: `min`, `max`, integers), and a
 * required set that a `DELETE` could empty, each such action is:
 *
 * - refused before any request (`ValidationError`) when no item makes it fit (a step wider
 *   than the bounds, a fraction into an integer field), or when no condition can tell the
 *   items it fits on (a sum of two attributes: a condition compares an attribute with a
 *   number or another attribute, never a sum);
 * - guarded by a condition (`Guard`) when some items do (a bound on the one attribute read,
 *   read twice in `x + x`; `a >= b` for `a - b` whose bound is 0; for a `DELETE`, the sets it
 *   would empty): `Command.updateParts` AND-s it into the update's condition, so DynamoDB
 *   refuses the write on the others (`ConditionalCheckFailed`, which `refusal` explains by
 *   the bound) and `Evaluate` does the same;
 * - left as it is when every item makes it fit (a field without bounds gets no guard).
 *
 * A number added to that may be NULL (a nullable field read by `x + …` or `ADD x`) is guarded
 * by `NOT attribute_type(x, NULL)`: DynamoDB adds no number to a NULL.
 *
 * The bounds are the codec's declared ones (`Shape.bounds`): a refinement's own predicate is
 * not read. A `Field.int` (and `Field.duration`) reads safe integers only: its bounds are
 * within them (`max: 1e20` is `Number.MAX_SAFE_INTEGER`), and where it declares none, they
 * are its bounds. So a counter without bounds is guarded too (`U.increment(x, 1)` adds
 * `NOT x > 9007199254740990`): past `Number.MAX_SAFE_INTEGER` DynamoDB would keep it exactly,
 * and the item would no longer decode (a `Field.bigint` counts on past it).
 *
 * @since 0.3.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import * as Ex from '../ast/expr.js'
import * as D from '../codec/decimal.js'
import * as P from '../ast/Path.js'
import type { Action, SetOperand, SetValue, Update } from '../ast/Update.js'
import * as DE from '../DynamoError.js'
import * as Evaluate from '../evaluate/Evaluate.js'
import * as Expression from './Expression.js'
import type * as M from '../model/Model.js'
import * as Stored from '../model/stored.js'
import { EXPRESSION_BYTES, IN_VALUES, OPERATORS } from '../rules/limits.js'
import { pathsEqual } from '../ast/nodes.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A condition an update needs on the stored item so that what it computes fits, and why. */
export interface Guard {
  readonly condition: C.Condition
  /** What the bound is and what the update computes (the message of a write it refuses). */
  readonly why: string
  /**
   * A guard to put in its place where this one would take the update's condition past
   * DynamoDB's size (`EXPRESSION_BYTES`, `OPERATORS`): a listed `DELETE` guard's size guard,
   * shorter, and refusing more (`Command.updateParts` chooses).
   */
  readonly coarse?: Guard
}

type Range = Stored.Range

/** A term of a computed number: a constant (exact, as DynamoDB adds it), or the stored number at a path. */
type Term = { readonly _tag: 'Const'; readonly value: D.Decimal } | { readonly _tag: 'Read'; readonly path: P.Path; readonly range: Range }

/** One way the right-hand side computes: the paths that must be there or missing for it, and the signed terms it sums. */
interface Case {
  readonly present: ReadonlyArray<P.Path>
  readonly absent: ReadonlyArray<P.Path>
  readonly terms: ReadonlyArray<{ readonly sign: 1 | -1; readonly term: Term }>
}

// -------------------------------------------------------------------------------------
// ranges
// -------------------------------------------------------------------------------------

const bounded = (r: Range): boolean => r.integer || r.min > -Infinity || r.max < Infinity

/**
 * The range of a codec's numbers as its reads take them (`Stored.rangeOf`): safe integers
 * (`Field.int`, `Field.duration`) within them where the codec declares no nearer bound, as
 * its decode refuses the others. As a target, a counter without bounds is guarded at them (a
 * write past them would leave an item no read decodes); as a source, it holds no other.
 */
const rangeOf = (codec: A.Codec | undefined): Range => {
  const r = Stored.rangeOf(codec)
  return r.safe
    ? { ...r, min: Math.max(r.min, -Number.MAX_SAFE_INTEGER), max: Math.min(r.max, Number.MAX_SAFE_INTEGER) }
    : r
}

// -------------------------------------------------------------------------------------
// what a right-hand side computes
// -------------------------------------------------------------------------------------

/** The exact number of a value, or `undefined` (the compiler refuses what is no number). */
const numberOf = (v: unknown): D.Decimal | undefined =>
  typeof v === 'number' ? (Number.isFinite(v) ? D.parse(D.ofNumber(v)) : undefined)
  : typeof v === 'bigint' ? D.parse(v.toString())
  : v instanceof D.NumberValue ? D.parse(v.value)
  : undefined

/** The same path read on both sides and kept apart (`if_not_exists(x, 0) + x`): a case that needs `x` there and missing applies to no item. */
const possible = (c: Case): boolean => !c.absent.some((p) => c.present.some((q) => pathsEqual(p, q)))

/** The cases of an operand: a value, a read path, or `if_not_exists(p, x)` (p when there, else x). `undefined`: not a number the guard can follow. */
const casesOf = (o: SetOperand, fields: Readonly<Record<string, A.Codec>>): ReadonlyArray<Case> | undefined => {
  switch (o._tag) {
    case 'Value': {
      const n = numberOf(o.value)
      return n === undefined ? undefined : [{ present: [], absent: [], terms: [{ sign: 1, term: { _tag: 'Const', value: n } }] }]
    }
    case 'Path':
      return [{ present: [o], absent: [], terms: [{ sign: 1, term: { _tag: 'Read', path: o, range: rangeOf(Stored.codecAt(fields, o)) } }] }]
    case 'IfNotExists': {
      const there = casesOf(o.path, fields)
      const otherwise = casesOf(o.value, fields)
      if (there === undefined || otherwise === undefined) return undefined
      return [...there, ...otherwise.map((c) => ({ ...c, absent: [...c.absent, o.path] }))]
    }
    default:
      return undefined
  }
}

/** The paths of `a` and those of `b` not among them (a path read on both sides is needed once). */
const joined = (a: ReadonlyArray<P.Path>, b: ReadonlyArray<P.Path>): ReadonlyArray<P.Path> => [...a, ...b.filter((p) => !a.some((q) => pathsEqual(p, q)))]

/** The cases of a `SET` right-hand side (a list_append is no number: `undefined`). */
const casesOfSet = (v: SetValue, fields: Readonly<Record<string, A.Codec>>): ReadonlyArray<Case> | undefined => {
  if (v._tag !== 'Arithmetic') return v._tag === 'ListAppend' ? undefined : casesOf(v, fields)
  const l = casesOf(v.left, fields)
  const r = casesOf(v.right, fields)
  if (l === undefined || r === undefined) return undefined
  const sign = v.op === '-' ? -1 : 1
  const out: Case[] = []
  for (const a of l) {
    for (const b of r) {
      out.push({ present: joined(a.present, b.present), absent: joined(a.absent, b.absent), terms: [...a.terms, ...b.terms.map((t) => ({ sign: (t.sign * sign) as 1 | -1, term: t.term }))] })
    }
  }
  return out.filter(possible)
}

/** What `SET`/`ADD` computes, shown (`if_not_exists(level, 0) + 1`). */
const showCase = (c: Case): string =>
  c.terms.map((t, i) => `${i === 0 ? (t.sign < 0 ? '-' : '') : t.sign < 0 ? ' - ' : ' + '}${t.term._tag === 'Const' ? D.format(t.term.value) : P.show(t.term.path)}`).join('')

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/** A handle of `p` without a codec: the bounds in a guard are numbers as they are. */
const raw = (p: P.Path): A.Attr<Bound> => Ex.fromCodec(p, undefined) as A.Attr<Bound>

/** A number in a guard: a JS number where one holds it exactly, else its decimal. */
type Bound = number | D.NumberValue

/**
 * A number of a bound, exact: a decimal, or an infinite end (`±Infinity`). The bounds are
 * computed as DynamoDB adds, in exact decimal (`0.2 + 0.1` is `0.3`), never through a double.
 */
type X = D.Decimal | number

const exact = (n: number): X => (Number.isFinite(n) ? (numberOf(n) as D.Decimal) : n)
const plus = (a: X, b: X): X => (typeof a === 'number' ? a : typeof b === 'number' ? b : D.add(a, b))
const minus = (a: X, b: X): X => plus(a, typeof b === 'number' ? -b : D.negate(b))
const cmp = (a: X, b: X): number =>
  typeof a === 'number' ? (typeof b === 'number' && a === b ? 0 : a < 0 ? -1 : 1) : typeof b === 'number' ? (b < 0 ? 1 : -1) : D.compare(a, b)
const showX = (a: X): string => (typeof a === 'number' ? String(a) : D.format(a))

/** A finite bound as a condition's value: the number that holds it exactly, else its decimal (`NumberValue`). */
const valueOf = (d: D.Decimal): Bound => {
  const s = D.format(d)
  return D.toExactNumber(s) ?? new D.NumberValue(s)
}

/** `a` × `c` (`c` an integer), exact; an infinite end stays one (its sign by `c`'s). */
const times = (a: X, c: number): X => {
  if (typeof a === 'number') return c < 0 ? -a : a
  let out = D.parse('0') as D.Decimal
  for (let i = 0; i < Math.abs(c); i++) out = D.add(out, a)
  return c < 0 ? D.negate(out) : out
}

/** `a` ÷ `c` (`c` 1 or 2, the most times one path is read in a sum of two operands), exact: ÷ 2 is × 5 ÷ 10. */
const over = (a: X, c: 1 | 2): X => {
  if (typeof a === 'number' || c === 1) return a
  return D.parse(`${a.negative ? '-' : ''}${BigInt(a.digits === '' ? '0' : a.digits) * 5n}e${a.exponent - a.digits.length - 1}`) as D.Decimal
}

/** The bounds a case needs on one read path: `path >= lo` and/or `path <= hi`, each a number or another read path. */
interface Need {
  readonly path: P.Path
  readonly lo?: D.Decimal | P.Path
  readonly hi?: D.Decimal | P.Path
}

/** A bound of a `Need` as a condition's operand: its number, or the attribute it reads. */
const operand = (b: D.Decimal | P.Path): Bound | A.Attr<Bound> => ('digits' in b ? valueOf(b) : raw(b))

/** The paths a `Need` compares: a comparison is false where one is missing, so it needs each there. */
const compared = (need: Need): ReadonlyArray<P.Path> => [need.path, ...[need.lo, need.hi].filter((b): b is P.Path => b !== undefined && !('digits' in b))]

/** Why a case can never fit, that it always does, or the bounds on its one read path that make it fit. */
type Verdict = { readonly _tag: 'Never'; readonly why: string; readonly sum?: true } | { readonly _tag: 'Always' } | { readonly _tag: 'When'; readonly need: Need }

const verdictOf = (c: Case, target: Range): Verdict => {
  let k: D.Decimal = D.parse('0') as D.Decimal
  // the paths read, each with how many times it is added (x + x: 2; x - x: 0, no read)
  const reads: Array<{ times: number; readonly path: P.Path; readonly range: Range }> = []
  for (const { sign, term } of c.terms) {
    if (term._tag === 'Const') {
      if (target.integer && !D.isInteger(D.format(term.value))) return { _tag: 'Never', why: `${D.format(term.value)} is no integer` }
      k = sign > 0 ? D.add(k, term.value) : D.subtract(k, term.value)
    } else {
      if (target.integer && !term.range.integer) return { _tag: 'Never', why: `${P.show(term.path)} may hold numbers that are no integers` }
      const same = reads.find((r) => pathsEqual(r.path, term.path))
      if (same !== undefined) same.times += sign
      else reads.push({ times: sign, path: term.path, range: term.range })
    }
  }
  const read = reads.filter((r) => r.times !== 0)
  const min = exact(target.min)
  const max = exact(target.max)
  if (read.length === 0) return cmp(k, min) >= 0 && cmp(k, max) <= 0 ? { _tag: 'Always' } : { _tag: 'Never', why: `it is ${D.format(k)}` }
  // the range of the sum, from the declared ranges of what it reads
  let low: X = k
  let high: X = k
  for (const r of read) {
    low = plus(low, times(exact(r.times > 0 ? r.range.min : r.range.max), r.times))
    high = plus(high, times(exact(r.times > 0 ? r.range.max : r.range.min), r.times))
  }
  if (cmp(low, min) >= 0 && cmp(high, max) <= 0) return { _tag: 'Always' }
  const span = `from ${showX(low)} to ${showX(high)}`
  if (cmp(high, min) < 0 || cmp(low, max) > 0) return { _tag: 'Never', why: `it is ${span}, whatever the item holds` }
  // a condition compares an attribute with a value or another attribute, never a sum: x - y + k
  // within [min, max] is x >= y where it needs min = k, x <= y where it needs max = k
  if (read.length === 2 && read.every((r) => Math.abs(r.times) === 1) && (read[0]?.times ?? 0) + (read[1]?.times ?? 0) === 0) {
    const [x, y] = (read[0]?.times ?? 0) > 0 ? [read[0], read[1]] : [read[1], read[0]]
    const needLo = cmp(low, min) < 0
    const needHi = cmp(high, max) > 0
    if ((!needLo || cmp(min, k) === 0) && (!needHi || cmp(max, k) === 0) && x !== undefined && y !== undefined) {
      return { _tag: 'When', need: { path: x.path, ...(needLo ? { lo: y.path } : {}), ...(needHi ? { hi: y.path } : {}) } }
    }
  }
  if (read.length > 1) {
    return { _tag: 'Never', sum: true, why: `it is ${span}, and a condition compares an attribute with a number or with another attribute as it is (a - b >= 0 as a >= b), never a sum (a bound on each alone would refuse sums that fit)` }
  }
  const r = read[0] as (typeof read)[number]
  // c·x + k in [min, max]: x in [(min - k) / c, (max - k) / c] for c > 0, [(max - k) / c, (min - k) / c] for c < 0
  const n = Math.abs(r.times) as 1 | 2
  const lo = r.times > 0 ? over(minus(min, k), n) : over(minus(k, max), n)
  const hi = r.times > 0 ? over(minus(max, k), n) : over(minus(k, min), n)
  const needLo = cmp(lo, exact(r.range.min)) > 0
  const needHi = cmp(hi, exact(r.range.max)) < 0
  // (a needed end is finite: it is inside the read's range)
  return { _tag: 'When', need: { path: r.path, ...(needLo ? { lo: lo as D.Decimal } : {}), ...(needHi ? { hi: hi as D.Decimal } : {}) } }
}

/** `need` as a condition: `x BETWEEN lo AND hi`, `x >= lo`, `x <= hi`. */
const holds = (need: Need): C.Condition => {
  const x = raw(need.path)
  if (need.lo !== undefined && need.hi !== undefined) return C.between(x, operand(need.lo), operand(need.hi))
  return need.lo !== undefined ? C.gte(x, operand(need.lo)) : C.lte(x, operand(need.hi as D.Decimal | P.Path))
}

/**
 * `need` or its path missing, for one end: `NOT x < lo`, `NOT x > hi` (a comparison on a
 * missing attribute is false, so its NOT holds there): 2 operators, where `x <= hi OR
 * attribute_not_exists(x)` costs 3 and more bytes. Both ends: `undefined` (the OR is shorter).
 */
const holdsOrMissing = (need: Need): C.Condition | undefined => {
  const x = raw(need.path)
  if ((need.lo !== undefined) === (need.hi !== undefined) || compared(need).length > 1) return undefined
  return need.lo !== undefined ? C.not(C.lt(x, operand(need.lo))) : C.not(C.gt(x, operand(need.hi as D.Decimal)))
}

/**
 * The guard of a computed number written at `at` within `target` (`undefined`: none needed, every
 * case fits), or the `ValidationError` when no case does. Each case that fits on some items is an
 * alternative: the paths it needs there or missing (a comparison on its one read path already
 * needs that one there), and its condition. `declared` is the range the codec declares (`target`
 * without the safe integers an unbounded `Field.int` is bounded by): a case no condition can keep
 * within `target` (a sum of reads) is held to `declared` alone, so the implicit bound guards what
 * a condition can say and never refuses an update a declared bound would let through. Its
 * messages show `action` (shown only for a message: most actions need no guard).
 */
const numberGuard = (at: P.Path, cases: ReadonlyArray<Case>, target: Range, declared: Range, action: Action): Guard | undefined | DE.DynamoError => {
  const alternatives: Alternative[] = []
  const nevers: string[] = []
  let always = true
  for (const c of cases) {
    const clamped = verdictOf(c, target)
    const v = clamped._tag === 'Never' && clamped.sum === true && declared !== target ? verdictOf(c, declared) : clamped
    if (v._tag === 'Never') {
      nevers.push(`${showCase(c)}${c.absent.length > 0 ? ` (where ${c.absent.map(P.show).join(', ')} is missing)` : ''}: ${v.why}`)
      always = false
      continue
    }
    if (v._tag === 'When') always = false
    const there = v._tag === 'When' ? compared(v.need) : []
    alternatives.push({
      present: c.present.filter((p) => !there.some((q) => pathsEqual(p, q))),
      absent: c.absent,
      ...(v._tag === 'When' ? { need: v.need } : {}),
    })
  }
  if (always) return undefined
  const bound = `${P.show(at)} holds ${Stored.showRange(target)}`
  if (alternatives.length === 0) return DE.validationError([{ path: P.show(at), message: `${showAction(action)} cannot fit: ${bound}, and ${nevers.join('; ')}` }])
  // a bound on x alone OR x missing alone (ADD, if_not_exists(x, …) + k): one NOT comparison
  const merged = new Set<Alternative>()
  const conditions: C.Condition[] = []
  for (const a of alternatives) {
    if (merged.has(a)) continue
    const missing = a.need !== undefined && a.present.length === 0 && a.absent.length === 0
      ? alternatives.find((b) => b !== a && !merged.has(b) && b.need === undefined && b.present.length === 0 && b.absent.length === 1 && pathsEqual(b.absent[0] as P.Path, (a.need as Need).path))
      : undefined
    const one = missing === undefined ? undefined : holdsOrMissing(a.need as Need)
    if (missing !== undefined && one !== undefined) {
      merged.add(missing)
      conditions.push(one)
    } else conditions.push(conditionOf(a, alternatives))
  }
  return {
    condition: conditions.length === 1 ? (conditions[0] as C.Condition) : C.or(...conditions),
    why: `${showAction(action)} would store a number outside the field's bounds (${bound})`,
  }
}

/** A case that fits on the items it applies to: the paths it needs there or missing, and its bounds. */
interface Alternative {
  readonly present: ReadonlyArray<P.Path>
  readonly absent: ReadonlyArray<P.Path>
  readonly need?: Need
}

/**
 * The condition of `a` among `all`, OR-ed: where another alternative is "`p` is there" alone,
 * `a` need not say `p` is missing (the OR reaches it only then), and the other way round.
 */
const conditionOf = (a: Alternative, all: ReadonlyArray<Alternative>): C.Condition => {
  const alone = (p: P.Path, there: boolean) =>
    all.some((b) => b !== a && b.need === undefined && (there ? b.present : b.absent).length === 1 && (there ? b.absent : b.present).length === 0 && pathsEqual((there ? b.present : b.absent)[0] as P.Path, p))
  const parts: C.Condition[] = [
    ...a.present.filter((p) => !alone(p, false)).map((p) => C.exists(raw(p))),
    ...a.absent.filter((p) => !alone(p, true)).map((p) => C.notExists(raw(p))),
    ...(a.need === undefined ? [] : [holds(a.need)]),
  ]
  // (never empty: a case without paths nor condition always fits, and `always` held)
  return parts.length === 1 ? (parts[0] as C.Condition) : C.and(...parts)
}

/**
 * The most members of a `DELETE` whose guard lists the subsets it empties: 8, 255 subsets in
 * 3 lists of `IN` (6 operators, some 2 KB of the 4 KB of a condition in placeholders).
 */
const DELETE_LISTED = 8

/**
 * The guard of a `DELETE` of `members` from the required set at `at`: the set empties exactly
 * when it is one of the non-empty subsets of `members` (sets compare as sets), so the guard is
 * `NOT at IN (subsets)`, OR-ed lists of at most `IN_VALUES` each. Past `DELETE_LISTED`
 * members, where the subsets are too many for one condition, `size(at) > n`: exact on a set of
 * more members than it deletes, it also refuses one of at most n that the delete would leave
 * members of (no condition tells which of its members a set holds but by listing them). The
 * listed guard has that size guard as its `coarse` one, for a condition it would take past
 * DynamoDB's size.
 */
const deleteGuard = (at: P.Path, codec: A.Codec, members: ReadonlySet<unknown>, shown: string): Guard => {
  const all = [...members]
  const why = `${P.show(at)}: ${shown} would remove the last members of a set the codec requires (DynamoDB removes an emptied set)`
  const sized = (reason: string): Guard => ({
    condition: C.gt(C.size(raw(at) as never), all.length),
    why: `${why}, or the set has at most ${all.length} members (${reason})`,
  })
  if (all.length > DELETE_LISTED) return sized(`past ${DELETE_LISTED} members deleted at once, the guard cannot list the sets the delete empties`)
  const subsets: Array<ReadonlySet<unknown>> = []
  for (let bits = 1; bits < 2 ** all.length; bits++) subsets.push(new Set(all.filter((_, i) => (bits & (1 << i)) !== 0)))
  const handle = Ex.handleAt(at, codec) as A.Attr<ReadonlySet<unknown>>
  const lists: C.Condition[] = []
  for (let i = 0; i < subsets.length; i += IN_VALUES) {
    const list = subsets.slice(i, i + IN_VALUES)
    lists.push(list.length === 1 ? C.eq(handle, list[0] as never) : C.isIn(handle, list as never))
  }
  return {
    condition: C.not(lists.length === 1 ? (lists[0] as C.Condition) : C.or(...lists)),
    why,
    coarse: sized(`listing the sets the delete empties would take the condition past DynamoDB's ${EXPRESSION_BYTES} bytes or ${OPERATORS} operators`),
  }
}

/**
 * A path a `SET` right-hand side reads as a number, and the paths whose presence keeps it
 * unread (`if_not_exists(p, x)` reads x only where p is missing).
 */
interface NumberRead {
  readonly path: P.Path
  readonly unless: ReadonlyArray<P.Path>
}

/**
 * The paths a `SET` right-hand side reads as numbers (of `+`/`-`, through `if_not_exists`),
 * into `out`.
 */
const numbersRead = (v: SetValue, out: NumberRead[], unless: ReadonlyArray<P.Path> = []): void => {
  if (v._tag === 'Arithmetic') {
    numbersRead(v.left, out, unless)
    numbersRead(v.right, out, unless)
  } else if (v._tag === 'IfNotExists') {
    out.push({ path: v.path, unless })
    numbersRead(v.value, out, [...unless, v.path])
  } else if (v._tag === 'Path') out.push({ path: v, unless })
}

/**
 * Two number reads of the same paths (its own, then those whose presence keeps it unread), in
 * the same order. (This and `readBefore` are module functions that allocate nothing, not
 * closures made at each call of `nullGuards`: it runs for every update with arithmetic.)
 */
const sameRead = (q: NumberRead, r: NumberRead): boolean => {
  if (q.unless.length !== r.unless.length || !pathsEqual(q.path, r.path)) return false
  for (let j = 0; j < q.unless.length; j++) if (!pathsEqual(q.unless[j] as P.Path, r.unless[j] as P.Path)) return false
  return true
}

/** Whether `reads[i]` is read by one of the reads before it. */
const readBefore = (reads: ReadonlyArray<NumberRead>, i: number): boolean => {
  for (let j = 0; j < i; j++) if (sameRead(reads[j] as NumberRead, reads[i] as NumberRead)) return true
  return false
}

/**
 * The guards of the numbers an action adds to that may be NULL (`ADD x`, `x + …`, where x's
 * codec stores NULL too): DynamoDB adds no number to a NULL (`ValidationException: An operand
 * in the update expression has an incorrect data type`, as for `ADD`), so the write is
 * conditioned on `NOT attribute_type(x, NULL)`; missing, x counts as 0 or is `if_not_exists`'s.
 * A fallback of `if_not_exists(p, x)` is read only where p is missing: its guard is
 * `attribute_exists(p) OR NOT attribute_type(x, NULL)`, refusing no item whose p is there.
 * A guard's `why` shows `action`.
 */
const nullGuards = (
  fields: Readonly<Record<string, A.Codec>>,
  reads: ReadonlyArray<NumberRead>,
  action: Action,
): ReadonlyArray<Guard> => {
  const out: Guard[] = []
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i] as NumberRead
    const { path: p, unless } = r
    // read where it was read before, or wherever the action runs: that guard covers this one
    if (readBefore(reads, i)) continue
    if (unless.length > 0 && reads.some((q) => pathsEqual(p, q.path) && q.unless.length === 0)) continue
    const codec = Stored.codecAt(fields, p)
    if (codec === undefined || !(Stored.kindsOf(codec)?.has('NULL') ?? false)) continue
    const notNull = C.not(C.attributeType(raw(p), 'NULL'))
    const where = unless.length === 0 ? '' : ` where ${unless.map((u) => P.show(u)).join(' and ')} is missing`
    out.push({
      condition: unless.length === 0 ? notNull : C.or(...unless.map((u) => C.exists(raw(u))), notNull),
      why: `${showAction(action)}: ${P.show(p)} is NULL${where}, and DynamoDB adds no number to NULL`,
    })
  }
  return out
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** An action as the update expression shows it. */
const showAction = (a: Action): string => Expression.showUpdate([a])

/**
 * The guards of `update` on model `m` (its field codecs, `fields`, and its codec, for what is
 * required), or the `ValidationError` of an action no stored item makes fit. Actions that set
 * values (checked by the compiler), remove, or write a field without bounds need none.
 * An update the compiler will refuse for its form is left to it.
 */
export const guardsOf = (m: Pick<M.Any, 'codec' | 'fields'>, update: Update): E.Either<DE.DynamoError, ReadonlyArray<Guard>> => {
  const out: Guard[] = []
  for (const a of update) {
    // a value set is the compiler's to check against the codec
    if (a._tag === 'Remove' || (a._tag === 'Set' && a.value._tag === 'Value')) continue
    if (a._tag === 'Set' && a.value._tag === 'Arithmetic') {
      const reads: NumberRead[] = []
      numbersRead(a.value, reads)
      out.push(...nullGuards(m.fields, reads, a))
    } else if (a._tag === 'Add' && a.value._tag === 'Value' && numberOf(a.value.value) !== undefined) {
      out.push(...nullGuards(m.fields, [{ path: a.path, unless: [] }], a))
    }
    const codec = Stored.codecAt(m.fields, a.path) ?? (a._tag === 'Set' ? a.codec : undefined)
    if (codec === undefined) continue
    if (a._tag === 'Delete') {
      const members = a.value._tag === 'Value' ? a.value.value : undefined
      if (members instanceof Set && members.size > 0 && Stored.isRequired(m.codec, m.fields, a.path)) {
        out.push(deleteGuard(a.path, codec, members, showAction(a)))
      }
      continue
    }
    const declared = Stored.rangeOf(codec)
    const target = rangeOf(codec)
    if (!bounded(target)) continue
    let cases: ReadonlyArray<Case> | undefined
    if (a._tag === 'Add') {
      const n = a.value._tag === 'Value' ? numberOf(a.value.value) : undefined
      // ADD of a number: the stored number (0 where missing) + n; of set members: no bound
      if (n === undefined) continue
      cases = casesOf({ _tag: 'IfNotExists', path: a.path, value: C.value(0) }, m.fields)?.map((c) => ({ ...c, terms: [...c.terms, { sign: 1, term: { _tag: 'Const', value: n } }] }))
    } else {
      cases = casesOfSet(a.value, m.fields)
    }
    if (cases === undefined) continue
    if (Stored.hasGap(codec)) {
      const message = `${showAction(a)}: DynamoDB computes the value, and the field's bounds are a union of ranges apart (${Stored.showRange(target)} with a gap): no condition keeps it in one of them`
      return E.left(DE.validationError([{ path: P.show(a.path), message }]))
    }
    const g = numberGuard(a.path, cases, target, declared.min === target.min && declared.max === target.max ? target : declared, a)
    if (g === undefined) continue
    if ('_tag' in g) return E.left(g)
    out.push(g)
  }
  return E.right(out)
}

/**
 * Why an update refused on `stored` (its condition failed on that item) was refused by a guard:
 * the `why` of the first of `guards` that does not hold there (evaluated as DynamoDB does,
 * `Evaluate.condition`), or `undefined` when each holds (the update's other checks failed).
 */
export const refusal = (guards: ReadonlyArray<Guard>, stored: Readonly<Record<string, AttributeValue>>): string | undefined =>
  guards.find((g) => {
    const holds = Evaluate.condition(g.condition)
    return E.isRight(holds) && !holds.right(stored)
  })?.why

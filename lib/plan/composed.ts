/**
 * The planner over composed keys (DESIGN §5.4): the conjuncts of a condition on a model's
 * fields, translated into a key condition on the key attributes its templates compose
 * (`Key.Template`), the rest left to the filter, with where each conjunct went and why.
 *
 * - Hash: an equality on every field of the hash template gives the hash attribute's text.
 * - Range: equalities on a leading run of the range template's fields give a literal prefix
 *   `P` (the text up to and with the literal after the last of them); at most one range
 *   condition on the next field (or one lower and one upper bound) gives one `begins_with` or
 *   `BETWEEN` whose bounds both carry `P`, so the read never leaves the entity's items. With
 *   no range condition, `begins_with(P)` keeps the read within the entity and the run.
 * - An exclusive bound is moved past the separator `s` (the first code point of the literal
 *   after the field): a range field's stored text holds only code points above `s` (the
 *   rule `Key.refusal` enforces on writes), so `gt(f, x)` starts at `P + x + succ(s)` and
 *   excludes `x`, and `lte(f, x)` ends at `P + x + succ(s)`. A field at the end of the template
 *   (nothing after it) compares as it is: `gt(f, x)` starts at `P + x + "\0"`. Past U+10FFFF,
 *   the last code point, nothing follows: a lower bound stays at `P + x`, an upper one at
 *   `top(P)`, and the conjunct stays in the filter.
 * - A lower bound alone ends at `top(P)`: `P` followed by the greatest text that fits in a
 *   range key (1,024 bytes), above every stored key that starts with `P`.
 *
 * Every translation is sound: the key condition holds every item the conjuncts select. A
 * conjunct the key condition holds exactly is dropped from the filter; one it only
 * approximates (a value the writes' rules would refuse, a separator that can overlap itself,
 * `lt` on the last field) stays in the filter too, so the read returns exactly what the
 * condition selects. Pure: no I/O.
 *
 * @since 0.3.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import * as N from '../ast/nodes.js'
import * as K from '../model/Key.js'
import * as Dec from '../codec/decimal.js'
import { perObject } from '../internal/memo.js'
import { compareStrings } from '../rules/compare.js'
import { HASH_KEY_BYTES, RANGE_KEY_BYTES } from '../rules/limits.js'
import { utf8Length } from '../rules/size.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One side of a key: an attribute composed by a template, or a field stored as it is. */
export type Side = { readonly _tag: 'Template'; readonly template: K.Template } | { readonly _tag: 'Plain'; readonly attribute: string }

/** A key a read may use (the table's, or an index's): its hash side and its range side. */
export interface Key {
  readonly hash: Side
  readonly range: Side | undefined
}

/** What the translation needs to know of the model's fields. */
export interface Fields {
  /** A value of the field `name` as stored (through its codec), or `undefined` when it does not encode. */
  readonly stored: (name: string, v: C.Value) => AttributeValue | undefined
  /** How the field is stored (`S`, `N`, `B`), or `undefined` when it is none of these. */
  readonly storedType: (name: string) => 'S' | 'N' | 'B' | undefined
}

/**
 * Where one conjunct of the condition went, and why.
 *
 * @category model
 */
export interface Placement {
  readonly condition: C.Condition
  /** The top-level fields it tests. */
  readonly fields: ReadonlyArray<string>
  /** The key attributes whose key condition it narrows (none: the filter only). */
  readonly keys: ReadonlyArray<string>
  /** Whether it stays in the filter: it narrows no key, or the key condition holds more items than it selects. */
  readonly filter: boolean
  readonly why: string
}

/** A key condition for a read on `key`. */
export interface Translation {
  readonly _tag: 'Translation'
  readonly keyCondition: C.Condition
  /** The conjuncts the filter keeps, in their order. */
  readonly filter: ReadonlyArray<C.Condition>
  /** One per conjunct, in their order. */
  readonly placements: ReadonlyArray<Placement>
  /** Whether a conjunct narrowed the range side (beyond the template's literal prefix). */
  readonly ranged: boolean
  /** The full stored key, when the conjuncts give every field of both sides by equality (`keyCondition` is then its equalities). */
  readonly key: Readonly<Record<string, AttributeValue>> | undefined
  /** The fields of conjuncts the key condition uses: each such item has them (a sparse index holds it when it has the rest). */
  readonly tested: ReadonlySet<string>
}

/** Why the condition gives no key condition on `key`. */
export interface Miss {
  readonly _tag: 'Miss'
  readonly why: string
}

// -------------------------------------------------------------------------------------
// conjuncts
// -------------------------------------------------------------------------------------

/** What a conjunct says of one field, when it compares the field with values. */
export type Test =
  | { readonly kind: 'eq'; readonly field: string; readonly value: C.Value }
  | { readonly kind: 'lower'; readonly field: string; readonly value: C.Value; readonly inclusive: boolean }
  | { readonly kind: 'upper'; readonly field: string; readonly value: C.Value; readonly inclusive: boolean }
  | { readonly kind: 'between'; readonly field: string; readonly low: C.Value; readonly high: C.Value }
  | { readonly kind: 'prefix'; readonly field: string; readonly value: C.Value }

const fieldOf = (o: C.Operand): string | undefined => (o._tag === 'Path' && o.elements.length === 1 && typeof o.elements[0] === 'string' ? o.elements[0] : undefined)

/** What `c` says of one field (`Test`), when it compares a top-level field with values; else `undefined`. */
export const testOf = (c: C.Condition): Test | undefined => {
  switch (c._tag) {
    case 'Comparison': {
      const field = fieldOf(c.left)
      if (field === undefined || c.right._tag !== 'Value') return undefined
      const value = c.right
      switch (c.op) {
        case '=':
          return { kind: 'eq', field, value }
        case '<':
          return { kind: 'upper', field, value, inclusive: false }
        case '<=':
          return { kind: 'upper', field, value, inclusive: true }
        case '>':
          return { kind: 'lower', field, value, inclusive: false }
        case '>=':
          return { kind: 'lower', field, value, inclusive: true }
        default:
          return undefined
      }
    }
    case 'Between': {
      const field = fieldOf(c.operand)
      return field === undefined || c.low._tag !== 'Value' || c.high._tag !== 'Value' ? undefined : { kind: 'between', field, low: c.low, high: c.high }
    }
    case 'BeginsWith': {
      const field = fieldOf(c.path)
      return field === undefined || c.prefix._tag !== 'Value' ? undefined : { kind: 'prefix', field, value: c.prefix }
    }
    default:
      return undefined
  }
}

const opName = (c: C.Condition): string =>
  c._tag === 'Comparison' ? c.op : c._tag === 'Between' ? 'BETWEEN' : c._tag === 'BeginsWith' ? 'begins_with' : c._tag

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/** The stored text of a value at a field part, as `Key.compose` writes it (`Key.text`: a number in its canonical form). */
const textOf = (fields: Fields, part: K.FieldPart, v: C.Value): E.Either<string, string> => {
  const av = fields.stored(part.name, v)
  if (av === undefined) return E.left(`the value does not encode as ${part.name}`)
  return K.text(part, av)
}

/** Whether no non-empty proper prefix of `s` is also its suffix (a separator that cannot overlap itself). */
const borderFree = (s: string): boolean => {
  for (let k = 1; k < s.length; k++) if (s.startsWith(s.slice(s.length - k))) return false
  return true
}

/** The code point after `c` in UTF-8 order (surrogates are no code points of text); `undefined` after U+10FFFF, the last. */
const succ = (c: number): string | undefined => (c >= 0x10ffff ? undefined : String.fromCodePoint(c + 1 === 0xd800 ? 0xe000 : c + 1))

/** What the translation reads of the literal after a field part. */
interface After {
  /** Its first code point, the field's separator (`undefined`: the field ends the template). */
  readonly sep: number | undefined
  /** `sep` as text. */
  readonly sepText: string
  /** Whether the literal cannot overlap itself: then its first occurrence ends the field, in a stored key and in a text alike. */
  readonly borderFree: boolean
  /** Where an exclusive bound on the field moves, as explanations say it. */
  readonly moved: string
}

/** What the translation reads of a template, computed once per template. */
interface Shape {
  /** The handle of its attribute: the subject of the key condition. */
  readonly handle: A.Attr<string>
  /** `attribute = template`, as explanations name the key. */
  readonly shown: string
  readonly fields: ReadonlyArray<string>
  /** Per part, for a field part: the literal after it. */
  readonly after: ReadonlyArray<After | undefined>
}

const shapeOf = perObject((t: K.Template): Shape => {
  const after = t.parts.map((p, i): After | undefined => {
    if (p._tag === 'Literal') return undefined
    const next = K.literalAfter(t, i)
    if (next === '') return { sep: undefined, sepText: '', borderFree: true, moved: 'moved past its end' }
    const sepText = String.fromCodePoint(next.codePointAt(0) as number)
    return { sep: next.codePointAt(0) as number, sepText, borderFree: borderFree(next), moved: `moved past the separator ${JSON.stringify(sepText)}` }
  })
  return { handle: A.path<string>(t.attribute), shown: `${t.attribute} = ${K.show(t)}`, fields: K.fields(t), after }
})

/**
 * Whether a text at part `index` reads back as itself: nothing follows it, or it holds no
 * first code point of the literal that follows and that literal cannot overlap itself (then
 * the first occurrence of the literal ends the field, in a stored key and in this text alike).
 */
const exactAt = (t: K.Template, index: number, text: string): boolean => {
  const a = shapeOf(t).after[index] as After
  return a.sep === undefined || (a.borderFree && !text.includes(a.sepText))
}

/** The index in `text` of its first code point at or below `sep`, or -1 (the order rule of a range field's text: every code point above `sep`). */
const atOrBelow = (text: string, sep: number): number => {
  // below the surrogates, a code unit at or below sep is such a code point: a walk by code point would miss the K composed query target
  if (sep < 0xd800) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) <= sep) return i
    return -1
  }
  let i = 0
  for (const ch of text) {
    if ((ch.codePointAt(0) as number) <= sep) return i
    i += ch.length
  }
  return -1
}

/** The greatest character of exactly `bytes` UTF-8 bytes (0: none). */
const greatest = ['', '\u007f', '\u07ff', '\uffff'] as const

/**
 * `P` followed by the greatest text that fits in a range key: no stored key that starts with
 * `P` is above it (`undefined` when `P` itself does not fit).
 */
export const top = (p: string): string | undefined => {
  const room = RANGE_KEY_BYTES - utf8Length(p)
  if (room < 0) return undefined
  return p + '\u{10FFFF}'.repeat(Math.floor(room / 4)) + greatest[room % 4]
}

/** The `P` of a text that is `top(P)`, else `undefined` (for people: `explain` draws such a bound as `top(P)`). */
export const topOf = (s: string): string | undefined => {
  const p = s.replace(/\u{10FFFF}*[\u{7F}\u{7FF}\u{FFFF}]?$/u, '')
  return p !== s && top(p) === s ? p : undefined
}

/** Whether `s` takes at most `bytes` UTF-8 bytes. */
// a UTF-16 code unit takes at most 3 bytes: a short text is not counted (the K composed query target needs it)
const within = (s: string, bytes: number): boolean => s.length * 3 <= bytes || utf8Length(s) <= bytes

const fits = (s: string, bytes: number): boolean => s !== '' && within(s, bytes)

// -------------------------------------------------------------------------------------
// translation
// -------------------------------------------------------------------------------------

interface Use {
  readonly key: string
  readonly exact: boolean
  readonly why: string
}

/**
 * The first conjunct that is an equality on the field of part `index` of `t` whose value has a
 * key text the write rules accept there (`range`: the rules of a range template).
 */
const equalityOn = (
  tests: ReadonlyArray<Test | undefined>,
  fields: Fields,
  t: K.Template,
  index: number,
  range: boolean,
): { readonly found: true; readonly at: number; readonly text: string } | { readonly found: false; readonly why: string } => {
  const part = t.parts[index] as K.FieldPart
  const field = part.name
  let why: string | undefined
  for (let i = 0; i < tests.length; i++) {
    const x = tests[i]
    if (x === undefined || x.kind !== 'eq' || x.field !== field) continue
    const s = textOf(fields, part, x.value)
    const refused = E.isLeft(s) ? s.left : K.refusal(t, index, s.right, range)
    if (refused === undefined && E.isRight(s)) return { found: true, at: i, text: s.right }
    why = `the equality on ${field} has no key text (${refused})`
  }
  return { found: false, why: why ?? `no equality on ${field}` }
}

const showSide = (s: Side): string => (s._tag === 'Template' ? shapeOf(s.template).shown : s.attribute)

const attributeOf = (s: Side): string => (s._tag === 'Plain' ? s.attribute : s.template.attribute)

/** Whether `field` is a field the side's key is made of. */
const onSide = (s: Side | undefined, field: string): boolean =>
  s !== undefined && (s._tag === 'Plain' ? s.attribute === field : shapeOf(s.template).fields.includes(field))

/** `u` added to the uses of conjunct `i`. */
const addUse = (uses: Array<Use[] | undefined>, i: number, u: Use): void => {
  const list = uses[i]
  if (list === undefined) uses[i] = [u]
  else list.push(u)
}

/** The keys conjunct uses narrow, each once, in order. */
const keysOf = (us: ReadonlyArray<Use>): ReadonlyArray<string> => (us.length === 1 ? [(us[0] as Use).key] : [...new Set(us.map((u) => u.key))])

/**
 * The key condition on `key` of the conjuncts `parts` (an AND's members, or one condition),
 * or why there is none (some field of the hash side has no equality with a key text).
 */
export const translate = (key: Key, parts: ReadonlyArray<C.Condition>, fields: Fields): Translation | Miss => {
  const tests = parts.map(testOf)
  // the uses of each conjunct, by its position
  const uses: Array<Use[] | undefined> = []
  const stored: Record<string, AttributeValue> = {}

  // the hash side: every field by equality
  let hashCondition: C.Condition
  const hash = key.hash
  if (hash._tag === 'Plain') {
    const at = tests.findIndex((x) => x !== undefined && x.kind === 'eq' && x.field === hash.attribute)
    if (at === -1) return { _tag: 'Miss', why: `no equality on ${hash.attribute}, the hash key` }
    const av = fields.stored(hash.attribute, (tests[at] as Extract<Test, { kind: 'eq' }>).value)
    if (av === undefined) return { _tag: 'Miss', why: `the equality on ${hash.attribute} does not encode` }
    stored[hash.attribute] = av
    hashCondition = parts[at] as C.Condition
    addUse(uses, at, { key: hash.attribute, exact: true, why: `an equality on the hash key ${hash.attribute}` })
  } else {
    const t = hash.template
    const shape = shapeOf(t)
    let text = ''
    for (let i = 0; i < t.parts.length; i++) {
      const part = t.parts[i] as K.Part
      if (part._tag === 'Literal') {
        text += part.text
        continue
      }
      const eq = equalityOn(tests, fields, t, i, false)
      if (!eq.found) return { _tag: 'Miss', why: `${eq.why}, a field of the hash key ${shape.shown}` }
      const exact = exactAt(t, i, eq.text)
      addUse(uses, eq.at, {
        key: t.attribute,
        exact,
        why: `an equality on a field of the hash key ${shape.shown}${exact ? '' : ` (kept in the filter: the text may read back otherwise)`}`,
      })
      text += eq.text
    }
    if (!fits(text, HASH_KEY_BYTES)) return { _tag: 'Miss', why: `the hash key ${t.attribute} would be ${text === '' ? 'empty' : `over ${HASH_KEY_BYTES} bytes`}` }
    stored[t.attribute] = { S: text }
    hashCondition = C.eq(shape.handle, text)
  }

  // the range side
  let rangeCondition: C.Condition | undefined
  let ranged = false
  let full = key.range === undefined
  let notes: ReadonlyMap<number, string> | undefined
  const range = key.range
  if (range !== undefined && range._tag === 'Plain') {
    const i = tests.findIndex((x) => x !== undefined && x.field === range.attribute)
    if (i !== -1) {
      const x = tests[i] as Test
      rangeCondition = parts[i] as C.Condition
      ranged = true
      if (x.kind === 'eq') {
        const av = fields.stored(range.attribute, x.value)
        if (av !== undefined) {
          stored[range.attribute] = av
          full = true
        }
      }
      addUse(uses, i, { key: range.attribute, exact: true, why: `a condition on the range key ${range.attribute}` })
    }
  } else if (range !== undefined) {
    const r = rangeOf(range.template, tests, fields)
    rangeCondition = r.condition
    ranged = r.used.length > 0
    for (const [i, u] of r.used) addUse(uses, i, u)
    notes = r.notes
    if (r.full !== undefined) {
      stored[range.template.attribute] = { S: r.full }
      full = true
    }
  }

  // where every conjunct went
  const placements: Placement[] = []
  const filter: C.Condition[] = []
  const tested = new Set<string>()
  const hashAttribute = attributeOf(key.hash)
  const rangeAttribute = range === undefined ? undefined : attributeOf(range)
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i] as C.Condition
    const x = tests[i]
    // a comparison of a field with values tests that field alone (no walk of the conjunct)
    const fs = x === undefined ? N.topNames(c) : [x.field]
    const us = uses[i]
    if (us !== undefined) {
      const exact = us.some((u) => u.exact)
      for (const f of fs) tested.add(f)
      placements.push({ condition: c, fields: fs, keys: keysOf(us), filter: !exact, why: us.map((u) => u.why).join('; ') })
      if (exact) continue
    } else placements.push({ condition: c, fields: fs, keys: [], filter: true, why: notes?.get(i) ?? filterWhy(c, x, key) })
    filter.push(c)
    // DynamoDB refuses a filter on a key attribute of the read
    const onKey = fs.find((f) => f === hashAttribute || f === rangeAttribute)
    if (onKey !== undefined) return { _tag: 'Miss', why: `the filter would test ${onKey}, a key attribute of the read (DynamoDB refuses it)` }
  }
  const keyCondition = rangeCondition === undefined ? hashCondition : C.and(hashCondition, rangeCondition)
  return { _tag: 'Translation', keyCondition, filter, placements, ranged, key: full ? stored : undefined, tested }
}

/** Why a conjunct that narrows no key went to the filter. */
const filterWhy = (c: C.Condition, x: Test | undefined, key: Key): string => {
  if (x === undefined) return `${opName(c)} narrows no key (a key takes =, <, <=, >, >=, BETWEEN and begins_with of a field with a value)`
  const r = key.range
  if (!onSide(key.hash, x.field) && !onSide(r, x.field)) return `${x.field} is no field of the key (${r === undefined ? showSide(key.hash) : `${showSide(key.hash)}, ${showSide(r)}`})`
  if (r !== undefined && r._tag === 'Template' && onSide(r, x.field)) {
    return x.kind === 'eq'
      ? `${x.field} does not follow a run of equalities from the start of ${showSide(r)}`
      : `${x.field} is not the field after the leading equalities of ${showSide(r)}, or the key has its range condition already`
  }
  return `${opName(c)} on ${x.field} narrows no key here`
}

interface Range {
  readonly condition: C.Condition | undefined
  readonly used: ReadonlyArray<readonly [number, Use]>
  /** Why conjuncts on the range fields narrow nothing (they go to the filter). */
  readonly notes: ReadonlyMap<number, string>
  /** The whole text, when every field has an equality. */
  readonly full: string | undefined
}

interface Bound {
  readonly at: number
  readonly text: string
  readonly exact: boolean
  readonly why: string
}

const keptWhy = (b: { readonly exact: boolean; readonly why: string }): string =>
  b.exact ? b.why : `${b.why} (kept in the filter: the key condition holds more than it selects)`

/** The range condition of `begins_with(P)` alone (none when P is empty), the conjuncts in `used` narrowing the key. */
const prefixOnly = (h: A.Attr<string>, p: string, used: ReadonlyArray<readonly [number, Use]>, notes: ReadonlyMap<number, string>): Range => ({
  condition: p === '' ? undefined : C.beginsWith(h, p),
  used,
  notes,
  full: undefined,
})

/** The range key's field after its leading equalities: P (the text before it), its name, the separator after it. */
interface NextField {
  readonly p: string
  readonly f: string
  /** The first code point of the separator after it (`undefined`: it ends the template). */
  readonly sep: number | undefined
  /** How an exclusive bound is moved past the separator (for the explanation). */
  readonly moved: string
  /** The explanation's words for this field. */
  readonly after: string
}

/** The key text of a lower bound `x` (inclusive or not) on the next field. */
const lowerOf = (n: NextField, j: number, x: string, inclusive: boolean, what: string): Bound => {
  const exact = n.sep === undefined || atOrBelow(x, n.sep) === -1
  if (inclusive) return { at: j, text: n.p + x, exact, why: `${what} ${n.after}` }
  const past = n.sep === undefined ? '\u0000' : succ(n.sep)
  // no code point follows the separator U+10FFFF: the bound stays at x, the conjunct in the filter
  if (past === undefined) return { at: j, text: n.p + x, exact: false, why: `${what} ${n.after} (the exclusive bound held at the value: no code point follows the separator)` }
  return { at: j, text: n.p + x + past, exact, why: `${what} ${n.after} (the exclusive bound ${n.moved})` }
}

/**
 * A bound on a number field padded to `pad` digits, among the values a write of it takes (the
 * integers 0 to 10^pad − 1; `Key.text` refuses any other): the padded text of the least
 * (`lower`) or greatest (`upper`) of them it holds, as an inclusive bound; `'all'` when each
 * of them holds it, `'none'` when none does; `undefined` when the value is no number.
 */
export const paddedBound = (pad: number, av: AttributeValue | undefined, side: 'lower' | 'upper', inclusive: boolean): string | 'all' | 'none' | undefined => {
  const d = av?.N === undefined ? undefined : Dec.parse(av.N)
  if (d === undefined) return undefined
  // |value| = whole + a fraction (> 0 when fractional); a magnitude beyond the pad's is one digit more than it holds
  const wide = d.exponent > pad + 1
  const whole = d.digits === '' || d.exponent <= 0 || wide ? (wide ? 10n ** BigInt(pad + 1) : 0n) : BigInt(d.digits.slice(0, d.exponent).padEnd(d.exponent, '0'))
  const fraction = !wide && d.digits.length > Math.max(d.exponent, 0)
  const floor = d.negative ? -whole - (fraction ? 1n : 0n) : whole
  const ceil = d.negative ? -whole : whole + (fraction ? 1n : 0n)
  // the least integer above (or at) a lower bound; the greatest below (or at) an upper one
  const k = side === 'lower' ? (inclusive ? ceil : floor + 1n) : inclusive ? floor : ceil - 1n
  const max = 10n ** BigInt(pad) - 1n
  if (side === 'lower') return k <= 0n ? 'all' : k > max ? 'none' : k.toString().padStart(pad, '0')
  return k >= max ? 'all' : k < 0n ? 'none' : k.toString().padStart(pad, '0')
}

/** Whether the values a range test of a padded field compares with each have a key text (`Key.text`: within the pad). */
const hasKeyText = (fields: Fields, part: K.FieldPart, x: Test): boolean =>
  x.kind === 'between' ? E.isRight(textOf(fields, part, x.low)) && E.isRight(textOf(fields, part, x.high)) : x.kind === 'eq' || E.isRight(textOf(fields, part, x.value))

/** Whether two number values are out of order (low above high). */
const outOfOrder = (low: AttributeValue | undefined, high: AttributeValue | undefined): boolean => {
  const a = low?.N === undefined ? undefined : Dec.parse(low.N)
  const b = high?.N === undefined ? undefined : Dec.parse(high.N)
  return a !== undefined && b !== undefined && Dec.compare(a, b) > 0
}

/** The key text of an upper bound `x` (inclusive or not) on the next field. */
const upperOf = (n: NextField, j: number, x: string, inclusive: boolean, what: string): Bound => {
  const { p, sep, after } = n
  if (sep === undefined) {
    return { at: j, text: p + x, exact: inclusive, why: inclusive ? `${what} ${after}` : `${what} ${after} (the key's bound holds ${n.f} = the value too)` }
  }
  // below a clean value x, keys end before P + x (x's own keys go on past it); at or below it, past the separator after x
  const cut = atOrBelow(x, sep)
  if (!inclusive && cut === -1) return { at: j, text: p + x, exact: true, why: `${what} ${after}` }
  const past = succ(sep)
  // no code point follows the separator U+10FFFF: every key that starts with P is below top(P) (P fits: rangeOf)
  if (past === undefined) return { at: j, text: top(p) as string, exact: false, why: `${what} ${after} (the bound held at the end of the key's prefix: no code point follows the separator)` }
  return { at: j, text: p + (cut === -1 ? x : x.slice(0, cut)) + past, exact: cut === -1, why: `${what} ${after} (the bound ${n.moved})` }
}

/** The range side of a template: a leading run of equalities, then at most one range condition on the next field. */
const rangeOf = (t: K.Template, tests: ReadonlyArray<Test | undefined>, fields: Fields): Range => {
  const at = t.attribute
  const shape = shapeOf(t)
  const side = shape.shown
  const used: Array<readonly [number, Use]> = []
  const notes = new Map<number, string>()
  const none: Range = { condition: undefined, used: [], notes, full: undefined }
  let p = ''
  let i = 0
  // the leading run of equalities: P, the text up to and with the literal after the last of them
  for (; i < t.parts.length; i++) {
    const part = t.parts[i] as K.Part
    if (part._tag === 'Literal') {
      p += part.text
      continue
    }
    const eq = equalityOn(tests, fields, t, i, true)
    if (!eq.found) break
    const exact = exactAt(t, i, eq.text)
    used.push([eq.at, { key: at, exact, why: `an equality on a leading field of the range key ${side}${exact ? '' : ' (kept in the filter: the text may read back otherwise)'}` }])
    p += eq.text
  }
  if (!within(p, RANGE_KEY_BYTES)) return none
  if (i === t.parts.length) return fits(p, RANGE_KEY_BYTES) ? { condition: C.eq(shape.handle, p), used, notes, full: p } : none

  // the next field: one range condition, or one lower and one upper bound
  const part = t.parts[i] as K.FieldPart
  const f = part.name
  const { sep, sepText, moved } = shape.after[i] as After
  const type = fields.storedType(f)
  const ordered = type === 'S' || (type === 'N' && part.pad !== undefined)
  const next: NextField = { p, f, sep, moved, after: `on ${f}, the field after the leading equalities of the range key ${side}` }
  let lower: Bound | undefined
  let upper: Bound | undefined
  let prefix: Bound | undefined
  // a padded number's bound that every value it takes holds (no key text needed), or that none does
  const whole: Array<readonly [number, Use]> = []
  let empty: { readonly at: number; readonly text: string } | undefined
  for (let j = 0; j < tests.length; j++) {
    const x = tests[j]
    if (x === undefined || x.field !== f || x.kind === 'eq') continue
    if (prefix !== undefined || (lower !== undefined && upper !== undefined) || (x.kind !== 'lower' && x.kind !== 'upper' && (lower !== undefined || upper !== undefined))) {
      notes.set(j, `the range key ${at} has its range condition already`)
      continue
    }
    if (x.kind === 'prefix') {
      const av = fields.stored(f, x.value)
      if (type !== 'S' || av?.S === undefined) {
        notes.set(j, `begins_with narrows a key only on a field stored as a string`)
        continue
      }
      prefix = { at: j, text: p + av.S, exact: sep === undefined || !av.S.includes(sepText), why: `begins_with ${next.after}` }
      continue
    }
    if (!ordered) {
      notes.set(j, type === 'N' ? `${f} is a number without pad: its text in the key is not in its order` : `${f} has no order in the key's text`)
      continue
    }
    if (part.pad !== undefined && !hasKeyText(fields, part, x)) {
      // a padded number's bound that no key text is (negative, fractional, wider than the pad):
      // read among the values the pad takes, as the least or greatest of them it holds
      const value = (v: C.Value) => fields.stored(f, v)
      const lo = x.kind === 'between' ? paddedBound(part.pad, value(x.low), 'lower', true) : x.kind === 'lower' ? paddedBound(part.pad, value(x.value), 'lower', x.inclusive) : 'all'
      const hi = x.kind === 'between' ? paddedBound(part.pad, value(x.high), 'upper', true) : x.kind === 'upper' ? paddedBound(part.pad, value(x.value), 'upper', x.inclusive) : 'all'
      if (lo === undefined || hi === undefined) {
        notes.set(j, 'the value has no key text (it is no number)')
        continue
      }
      // bounds out of order are refused by DynamoDB (in the filter, the compiler's refusal)
      if (x.kind === 'between' && outOfOrder(value(x.low), value(x.high))) {
        notes.set(j, 'its bounds are out of order (DynamoDB refuses it)')
        continue
      }
      const what = x.kind === 'between' ? 'BETWEEN' : x.kind === 'lower' ? (x.inclusive ? '>=' : '>') : x.inclusive ? '<=' : '<'
      const values = `the values the pad of ${f} takes (0 to ${'9'.repeat(part.pad)})`
      if (lo === 'none' || hi === 'none') {
        empty ??= { at: j, text: `${what} ${next.after}: none of ${values} holds it` }
        continue
      }
      if ((lo !== 'all' && lower !== undefined) || (hi !== 'all' && upper !== undefined)) {
        notes.set(j, `the range key ${at} has its bound already`)
        continue
      }
      if (lo === 'all' && hi === 'all') {
        whole.push([j, { key: at, exact: true, why: `${what} ${next.after}: each of ${values} holds it` }])
        continue
      }
      if (lo !== 'all') lower = lowerOf(next, j, lo, true, what)
      if (hi !== 'all') {
        const u = upperOf(next, j, hi, true, what)
        upper = lo !== 'all' && lower !== undefined ? { ...u, exact: lower.exact && u.exact } : u
      }
      continue
    }
    if (x.kind === 'between') {
      const lo = textOf(fields, part, x.low)
      const hi = textOf(fields, part, x.high)
      if (E.isLeft(lo) || E.isLeft(hi)) {
        notes.set(j, `a bound has no key text (${E.isLeft(lo) ? lo.left : (hi as E.Left<string>).left})`)
        continue
      }
      // bounds out of order are refused by DynamoDB (in the filter, the compiler's refusal), even
      // where the key's bounds are not: the high one moves past the separator ("a$" AND "a")
      if (compareStrings(lo.right, hi.right) > 0) {
        notes.set(j, 'its bounds are out of order (DynamoDB refuses it)')
        continue
      }
      lower = lowerOf(next, j, lo.right, true, 'BETWEEN')
      const u = upperOf(next, j, hi.right, true, 'BETWEEN')
      upper = { ...u, exact: lower.exact && u.exact }
      continue
    }
    const v = textOf(fields, part, x.value)
    if (E.isLeft(v)) {
      notes.set(j, `the value has no key text (${v.left})`)
      continue
    }
    const what = x.kind === 'lower' ? (x.inclusive ? '>=' : '>') : x.inclusive ? '<=' : '<'
    if (x.kind === 'lower' && lower === undefined) lower = lowerOf(next, j, v.right, x.inclusive, what)
    else if (x.kind === 'upper' && upper === undefined) upper = upperOf(next, j, v.right, x.inclusive, what)
    else notes.set(j, `the range key ${at} has its ${x.kind} bound already`)
  }
  const h = shape.handle
  if (empty !== undefined) {
    // a padded number's text is digits: no key of the template holds P then '-' (the conjunct stays in the filter)
    const nothing = p + '-'
    if (fits(nothing, RANGE_KEY_BYTES)) {
      return { condition: C.beginsWith(h, nothing), used: [...used, [empty.at, { key: at, exact: false, why: `${empty.text} (the key condition selects no item)` }]], notes, full: undefined }
    }
  }
  used.push(...whole)
  if (prefix !== undefined) {
    if (!fits(prefix.text, RANGE_KEY_BYTES)) {
      notes.set(
        prefix.at,
        prefix.text === ''
          ? 'as a key condition the prefix would be empty, which DynamoDB refuses (every key of the template begins with it)'
          : `the prefix would be over ${RANGE_KEY_BYTES} bytes, more than a range key holds`,
      )
      return prefixOnly(h, p, used, notes)
    }
    return { condition: C.beginsWith(h, prefix.text), used: [...used, [prefix.at, { key: at, exact: prefix.exact, why: keptWhy(prefix) }]], notes, full: undefined }
  }
  if (lower === undefined && upper === undefined) return prefixOnly(h, p, used, notes)
  const lo = lower === undefined ? p : lower.text
  const hi = upper === undefined ? (p === '' ? undefined : top(p)) : upper.text
  // what DynamoDB refuses (a bound too long, bounds out of order): the prefix alone, the conditions in the filter
  const refused =
    (lo !== '' && !fits(lo, RANGE_KEY_BYTES)) || (hi !== undefined && !fits(hi, RANGE_KEY_BYTES))
      ? `a bound would be ${hi === '' ? 'empty' : `over ${RANGE_KEY_BYTES} bytes`}`
      : hi !== undefined && compareStrings(lo, hi) > 0
        ? 'its bounds are out of order (it selects nothing)'
        : undefined
  const bounds = lower !== undefined && upper !== undefined && lower.at === upper.at ? [upper] : [lower, upper].filter((b): b is Bound => b !== undefined)
  if (refused !== undefined) {
    for (const b of bounds) notes.set(b.at, `as a key condition ${refused}`)
    return prefixOnly(h, p, used, notes)
  }
  // a lower bound of '' (>= '' with no prefix) holds everything: no condition needed
  const condition = lo === '' ? (hi === undefined ? undefined : C.lte(h, hi)) : hi === undefined ? C.gte(h, lo) : C.between(h, lo, hi)
  if (condition === undefined) return { ...none, used }
  return { condition, used: [...used, ...bounds.map((b) => [b.at, { key: at, exact: b.exact, why: keptWhy(b) }] as const)], notes, full: undefined }
}

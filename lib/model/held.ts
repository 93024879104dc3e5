/**
 * What every stored text of a key field holds, read from its codec, inside the library: what
 * `Model.make` decides a key template by (`Key.unwritable`: a template no value of a field can
 * be written into is a `SchemaError`). Each fact is one every text holds, so a fact left out
 * only lets a template through to its run-time refusal (`Key.refusal`), never refuses one.
 *
 * - The texts a field holds within it: an ISO date-time's `-.:TZ`, a UUID's `-`, an e-mail's
 *   `@`, a negative number's `-`, the text every match of a `Field.string` regex holds.
 * - The text every stored text ends with: an ISO date-time's `Z`, PynamoDB's `+0000`, the
 *   fixed end of a regex anchored with `$`.
 * - A code point each holds one at or below (a number: a digit, so `9`).
 * - Every value, where the codec names them all (`t.literal`, `t.keyof`, unions of them).
 * - A number field's bounds (`Field.int`, `Field.float`): a padded number is a non-negative
 *   integer of at most its width, so bounds outside that refuse every value.
 *
 * @since 0.3.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type * as A from '../ast/Attr.js'
import * as Shape from '../codec/Shape.js'
import * as Field from '../codec/Field.js'
import { canonical } from '../codec/decimal.js'

/**
 * What every stored text of a field holds.
 *
 * @category model
 */
export interface Held {
  /** Texts every stored text holds. */
  readonly within: ReadonlyArray<string>
  /** The text every stored text ends with (`''`: none known). */
  readonly suffix: string
  /** A code point each stored text holds one at or below (`Infinity`: none known). */
  readonly low: number
  /** Every stored value, where the codec names them all. */
  readonly values?: ReadonlyArray<AttributeValue>
  /** The bounds of a number field's values, where its codec declares them. */
  readonly bounds?: Shape.Bounds
}

/** Nothing known: every text may be any. */
export const nothing: Held = { within: [], suffix: '', low: Infinity }

/** What one text holds: itself, and its least code point. */
const ofText = (s: string): Held => ({ within: s === '' ? [] : [s], suffix: s, low: least(s) })

/** The least code point of `s` (`Infinity` for `''`). */
const least = (s: string): number => {
  let low = Infinity
  for (const ch of s) low = Math.min(low, ch.codePointAt(0) as number)
  return low
}

/** How many characters of a prefix or suffix are kept (fewer tell less, never wrong). */
const KEPT = 256
const first = (s: string): string => (s.length > KEPT ? s.slice(0, KEPT) : s)
const last = (s: string): string => (s.length > KEPT ? s.slice(s.length - KEPT) : s)

const commonSuffix = (a: string, b: string): string => {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n === 0 ? '' : a.slice(a.length - n)
}

/**
 * How much of two `Held`s a meet reads: the first `MEET_TEXTS` texts of each (each cut to its
 * first `KEPT` characters, the suffix to its last), and the first `MEET_CANDIDATES` texts and
 * characters of them as the facts it may keep. A fact it leaves out is one it does not keep
 * (never a wrong one), and its time is bounded whatever the union or the regex: unbounded, a
 * meet reads every text of one side for each text and character of both, and a regex of two
 * long alternatives (or thousands of short ones) took seconds to minutes of `Model.make`.
 */
const MEET_TEXTS = 64
const MEET_CANDIDATES = 256

/** The texts of `h` a meet reads (`MEET_TEXTS`): a text in one of them is one every text of `h` holds. */
const meetTexts = (h: Held): ReadonlyArray<string> => {
  const out = h.within.length > MEET_TEXTS ? h.within.slice(0, MEET_TEXTS).map(first) : h.within.map(first)
  return h.suffix === '' ? out : [...out, last(h.suffix)]
}

/**
 * What every text of either holds (a union's members, a regex's alternatives): the texts both
 * hold (and each character of one that both hold), the suffix both end with, the greater low
 * code point, every value of both when both name theirs; within the bounds of `MEET_TEXTS`.
 */
export const meet = (a: Held, b: Held): Held => {
  const ta = meetTexts(a)
  const tb = meetTexts(b)
  const candidates = new Set<string>()
  fill: for (const s of [...ta, ...tb]) {
    for (const c of [s, ...s]) {
      if (candidates.size >= MEET_CANDIDATES) break fill
      if (c !== '') candidates.add(c)
    }
  }
  const within = [...candidates].filter((s) => ta.some((w) => w.includes(s)) && tb.some((w) => w.includes(s)))
  const low = Math.max(a.low, b.low)
  const suffix = commonSuffix(a.suffix, b.suffix)
  return a.values !== undefined && b.values !== undefined ? { within, suffix, low, values: [...a.values, ...b.values] } : { within, suffix, low }
}

/** What `h` says with `more` held too. */
const and = (h: Held, more: Partial<Held>): Held => ({
  ...h,
  within: [...h.within, ...(more.within ?? [])],
  suffix: more.suffix !== undefined && more.suffix.length > h.suffix.length ? more.suffix : h.suffix,
  low: Math.min(h.low, more.low ?? Infinity),
})

/** A literal's stored value (a string or a number), else `undefined`. */
const literalValue = (v: string | number): AttributeValue | undefined => {
  if (typeof v === 'string') return { S: v }
  const n = Number.isFinite(v) ? canonical(String(v)) : undefined
  return n === undefined ? undefined : { N: n }
}

/** What every text of the named values holds (their texts in full, each a `Held` met with the others). */
const ofValues = (vs: ReadonlyArray<string | number>): Held | undefined => {
  const avs: AttributeValue[] = []
  let h: Held | undefined
  for (const v of vs) {
    const av = literalValue(v)
    if (av === undefined) return undefined
    avs.push(av)
    const one = ofText((av.S ?? av.N) as string)
    h = h === undefined ? one : meet(h, one)
  }
  return h === undefined ? undefined : { ...h, values: avs }
}

/** What every number of `bounds` holds in its text: a digit; `-` when all are negative; `.` when none is an integer. */
const ofNumbers = (bounds: Shape.Bounds | undefined): Held => {
  const h: Held = { within: [], suffix: '', low: 0x39 }
  if (bounds === undefined) return h
  const negative = bounds.max !== undefined && bounds.max < 0
  const fractional = bounds.integer !== true && bounds.min !== undefined && bounds.max !== undefined && Math.ceil(bounds.min) > Math.floor(bounds.max)
  return and(
    { ...h, bounds },
    { within: [...(negative ? ['-'] : []), ...(fractional ? ['.'] : [])], low: negative ? 0x2d : fractional ? 0x2e : 0x39 },
  )
}

/**
 * What every stored text of a key field's codec holds (a refinement of it holds the same, a
 * union what each member's does), `nothing` where the codec does not tell.
 */
export const heldBy = (codec: A.Codec): Held => {
  const named = Shape.literals(codec)
  if (named !== undefined) return ofValues(named) ?? nothing
  let s = Shape.of(codec)
  while (s._tag === 'Refinement') s = Shape.of(s.of)
  if (s._tag === 'Union') {
    let h: Held | undefined
    for (const m of s.members) h = h === undefined ? heldBy(m) : meet(h, heldBy(m))
    return h ?? nothing
  }
  const c = s.codec
  const bounds = Shape.bounds(c)
  if (c === Field.dateTime) return { within: ['-', '.', ':', 'T'], suffix: 'Z', low: 0x2d }
  if (c === Field.pynamoDateTime) return { within: ['-', '.', ':', 'T'], suffix: '+0000', low: 0x2b }
  if (c === Field.naiveDateTime) return { within: ['-', '.', ':', 'T'], suffix: '', low: 0x2d }
  if (c === Field.date || c === Field.uuid) return { within: ['-'], suffix: '', low: 0x2d }
  if (c === Field.email) return { within: ['@'], suffix: '', low: 0x40 }
  if (c === Field.url) return { within: [':'], suffix: '', low: 0x3a }
  // an IPv4 address holds '.', an IPv6 one ':'
  if (c === Field.ipAddress) return { within: [], suffix: '', low: 0x3a }
  if (Shape.stored(c) === 'N') return ofNumbers(bounds)
  // (a regex given past the types, of no RegExp, tells nothing)
  return bounds?.regex instanceof RegExp ? ofRegex(bounds.regex) : nothing
}

// -------------------------------------------------------------------------------------
// regular expressions
// -------------------------------------------------------------------------------------

/** What every match of a part of a regex holds: a `Held`, its fixed text if it has one, its prefix, and whether it ends where the input does. */
interface Part extends Held {
  /** The one text every match is (`''` for an assertion), or `undefined`. */
  readonly fixed: string | undefined
  /** The text every match starts with. */
  readonly prefix: string
  /** Every match ends where the input ends (`$` without the `m` flag). */
  readonly end: boolean
}

const unknown: Part = { within: [], suffix: '', low: Infinity, fixed: undefined, prefix: '', end: false }
const empty: Part = { within: [], suffix: '', low: Infinity, fixed: '', prefix: '', end: false }

const char = (c: string): Part => ({ within: [c], suffix: c, low: c.codePointAt(0) as number, fixed: c, prefix: c, end: false })

/** A character any one of whose code points ≤ `max` a match is (a class): only its low is known. */
const oneOf = (max: number): Part => ({ ...unknown, low: max })

const commonPrefix = (a: string, b: string): string => {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return a.slice(0, n)
}

/**
 * `a` then `b`. A fixed text's one fact is itself (every text it holds is in it); else what
 * either holds, and their join, go to `into` (a sequence's facts, pushed once each: a long
 * one copies no array per term).
 */
const concat = (a: Part, b: Part, into: string[]): Part => {
  const fixed = a.fixed !== undefined && b.fixed !== undefined ? a.fixed + b.fixed : undefined
  const suffix = b.fixed === undefined || b.fixed.length >= KEPT ? b.suffix : last(a.suffix + b.fixed)
  const prefix = a.fixed === undefined || a.fixed.length >= KEPT ? a.prefix : first(a.fixed + b.prefix)
  const part = { suffix, prefix, low: Math.min(a.low, b.low), fixed, end: b.end || (b.fixed === '' && a.end) }
  if (fixed !== undefined) return { ...part, within: fixed === '' ? [] : [fixed] }
  for (const w of a.within) into.push(w)
  for (const w of b.within) into.push(w)
  const join = a.suffix + b.prefix
  if (join !== '') into.push(join)
  return { ...part, within: [] }
}

const alternative = (a: Part, b: Part): Part => ({
  ...meet(a, b),
  prefix: commonPrefix(a.prefix, b.prefix),
  fixed: a.fixed === b.fixed ? a.fixed : undefined,
  end: a.end && b.end,
})

const repeated = (a: Part, min: number, max: number): Part => {
  if (min === 0) return max === 0 ? empty : unknown
  const join = min >= 2 ? [a.suffix + a.prefix] : []
  const fixed = min === max && a.fixed !== undefined && a.fixed.length * min <= 1024 ? a.fixed.repeat(min) : undefined
  return { ...a, within: [...a.within, a.prefix, a.suffix, ...join].filter((s) => s !== ''), fixed, end: a.end }
}

/** A character of a pattern a match holds as it is: an ASCII character no case of a letter (a case-insensitive match may hold another case of one). */
const caseless = (cp: number): boolean => cp < 0x80 && !((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a))

/** The deepest nesting of groups the reader reads. */
const DEEPEST = 200

/** What an escape stands for: one code point, or one of a class of code points at most `max`. */
type Escaped = { readonly cp: number } | { readonly max: number }

/**
 * What every string `regex` matches in a text holds (its matches are in every value the regex
 * tests, so every value holds it too), and its end when every match ends where the input
 * does. A pattern the reader does not read (the `v` flag, modifiers, astral characters, a
 * syntax it does not know, groups nested deeper than it goes) tells nothing.
 */
export const ofRegex = (regex: RegExp): Held => {
  const src = regex.source
  const flags = regex.flags
  if (flags.includes('v') || /[\ud800-\udfff]/.test(src)) return nothing
  const fold = flags.includes('i')
  const unicode = flags.includes('u')
  const multiline = flags.includes('m')
  let i = 0
  let unread = false
  let depth = 0
  const peek = (): string | undefined => src[i]
  // what the reader does not read stops it (every loop ends at the end of the source), and it tells nothing
  const fail = (): Part => {
    unread = true
    i = src.length
    return unknown
  }
  const anyOf: Escaped = { max: Infinity }
  const hex = (n: number): number | undefined => {
    const h = src.slice(i, i + n)
    if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) return undefined
    i += n
    return parseInt(h, 16)
  }
  /** An escape after `\` (`\b`, `\B` and backreferences are read by `term`). */
  const escape = (): Escaped => {
    const c = src[i++]
    switch (c) {
      case 'd':
        return { max: 0x39 }
      case 'w':
        // a case-insensitive unicode \w holds U+017F and U+212A
        return fold ? anyOf : { max: 0x7a }
      case 's':
        return { max: 0xfeff }
      case 'D':
      case 'W':
      case 'S':
      case 'p':
      case 'P':
        return anyOf
      case 'n':
        return { cp: 0x0a }
      case 'r':
        return { cp: 0x0d }
      case 't':
        return { cp: 0x09 }
      case 'v':
        return { cp: 0x0b }
      case 'f':
        return { cp: 0x0c }
      case 'c': {
        const l = src.charCodeAt(i)
        if (!((l >= 0x41 && l <= 0x5a) || (l >= 0x61 && l <= 0x7a))) return (fail(), anyOf)
        i++
        return { cp: l % 32 }
      }
      case 'x': {
        const cp = hex(2)
        return cp === undefined ? (fail(), anyOf) : { cp }
      }
      case 'u': {
        if (unicode && peek() === '{') {
          const close = src.indexOf('}', i)
          const cp = close < 0 ? NaN : parseInt(src.slice(i + 1, close), 16)
          if (!(cp >= 0 && cp <= 0x10ffff)) return (fail(), anyOf)
          i = close + 1
          return { cp }
        }
        const cp = hex(4)
        return cp === undefined ? (fail(), anyOf) : cp >= 0xd800 && cp <= 0xdfff ? anyOf : { cp }
      }
      case undefined:
        return (fail(), anyOf)
      default:
        // \0 followed by a digit, and a backreference or octal inside a class, are left unread
        return /[0-9k]/.test(c) && !(c === '0' && !/[0-9]/.test(peek() ?? '')) ? (fail(), anyOf) : { cp: c === '0' ? 0 : (c.codePointAt(0) as number) }
    }
  }
  const atomOf = (cp: number): Part => (fold && !caseless(cp) ? unknown : char(String.fromCodePoint(cp)))
  /** A class, after its `[`: a match of it is one of its code points, each at most its greatest. */
  const classPart = (): Part => {
    const negated = peek() === '^'
    if (negated) i++
    let max = -Infinity
    let one: number | undefined
    let count = 0
    const member = (): Escaped => {
      const c = src[i++]
      if (c === undefined) return (fail(), anyOf)
      if (c !== '\\') return { cp: c.codePointAt(0) as number }
      if (peek() === 'b') return (i++, { cp: 0x08 })
      if (peek() === '-') return (i++, { cp: 0x2d })
      return escape()
    }
    while (!unread && peek() !== ']') {
      const a = member()
      if ('cp' in a && peek() === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
        i++
        const b = member()
        if (!('cp' in b) || b.cp < a.cp) return fail()
        // a case-insensitive range of letters (or beyond ASCII) matches their other cases too
        const folds = fold && (b.cp >= 0x80 || (a.cp <= 0x7a && b.cp >= 0x41))
        // without the u flag a range over the surrogates takes half of an astral character's pair
        const halves = !unicode && a.cp <= 0xdfff && b.cp >= 0xd800
        max = Math.max(max, folds || halves ? Infinity : b.cp)
        count += 2
      } else if ('cp' in a) {
        max = Math.max(max, fold && !caseless(a.cp) ? Infinity : a.cp)
        one = a.cp
        count++
      } else {
        max = Math.max(max, a.max)
        count += 2
      }
    }
    i++
    if (unread || negated || count === 0) return unknown
    return count === 1 && one !== undefined && max !== Infinity ? char(String.fromCodePoint(one)) : oneOf(max)
  }
  const quantifier = (): readonly [number, number] | undefined => {
    const c = peek()
    let q: readonly [number, number] | undefined
    if (c === '*') q = [0, Infinity]
    else if (c === '+') q = [1, Infinity]
    else if (c === '?') q = [0, 1]
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i))
      // without the u flag, a '{' that starts no quantifier is a literal brace (the next term)
      if (m === null) return unicode ? (fail(), undefined) : undefined
      const lo = Number(m[1])
      q = [lo, m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3])]
      i += m[0].length - 1
    }
    if (q === undefined) return undefined
    i++
    if (peek() === '?') i++
    return q
  }
  const disjunction = (): Part => {
    let out = alternativeOf()
    while (!unread && peek() === '|') {
      i++
      out = alternative(out, alternativeOf())
    }
    return out
  }
  const alternativeOf = (): Part => {
    // a run of fixed terms is one fixed text before it meets the others (a long literal's one fact)
    const within: string[] = []
    let out = empty
    let run = empty
    while (!unread && i < src.length && peek() !== '|' && peek() !== ')') {
      const b = term()
      if (b.fixed !== undefined) run = concat(run, b, within)
      else {
        out = concat(concat(out, run, within), b, within)
        run = empty
      }
    }
    out = concat(out, run, within)
    for (const w of out.within) within.push(w)
    return { ...out, within }
  }
  const group = (): Part => {
    // after '(': an assertion looks without matching; a group (named or not) matches its disjunction
    const look = /^\?(=|!|<=|<!)/.exec(src.slice(i))
    if (look !== null) i += look[0].length
    else if (src.startsWith('?:', i)) i += 2
    else if (src.startsWith('?<', i)) {
      const close = src.indexOf('>', i)
      if (close < 0) return fail()
      i = close + 1
    } else if (peek() === '?') return fail()
    // a nesting deeper than the reader goes tells nothing (its recursion stays within the stack)
    if (depth >= DEEPEST) return fail()
    depth++
    const inner = disjunction()
    depth--
    if (src[i++] !== ')') return fail()
    return look === null ? inner : empty
  }
  const term = (): Part => {
    const c = src[i++] as string
    let atom: Part
    switch (c) {
      case '^':
        return empty
      case '$':
        return multiline ? empty : { ...empty, end: true }
      case '.':
        atom = unknown
        break
      case '[':
        atom = classPart()
        break
      case '(':
        atom = group()
        break
      case '\\': {
        const e = peek()
        if (e === 'b' || e === 'B') return (i++, empty)
        // without the u flag and a named group, \k is the letter k
        if (e === 'k' && !unicode && !/\(\?<(?![=!])/.test(src)) {
          i++
          atom = atomOf(0x6b)
          break
        }
        if (e !== undefined && /[1-9k]/.test(e)) {
          // a backreference matches what its group did: nothing known
          i++
          if (e === 'k') {
            // a group's name: what is not one (a source whose '(?<' is no group) is not read
            const name = /<[^<>|()[\]]*>/y
            name.lastIndex = i
            if (!name.test(src)) return fail()
            i = name.lastIndex
          } else while (/[0-9]/.test(peek() ?? '')) i++
          atom = unknown
          break
        }
        const x = escape()
        atom = 'cp' in x ? atomOf(x.cp) : oneOf(x.max)
        break
      }
      case ')':
      case '*':
      case '+':
      case '?':
        return fail()
      default:
        atom = atomOf(c.codePointAt(0) as number)
    }
    const q = quantifier()
    return q === undefined ? atom : repeated(atom, q[0], q[1])
  }
  const p = disjunction()
  if (unread || i !== src.length) return nothing
  return { within: [...new Set(p.within.filter((w) => w !== ''))], suffix: p.end ? p.suffix : '', low: p.low }
}

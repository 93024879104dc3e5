/**
 * Key templates (DESIGN §5.4): a stored key attribute composed from fields, as
 * `Model.key('sk', 'ORDER#{createdAt}#{orderId}')` declares it. A template is parsed once into
 * parts (literal text and fields); the stored attribute's value is the template with each
 * field replaced by the field's stored text. Pure: no I/O.
 *
 * The text rules, in one place:
 * - `{name}` is a field; `{{` and `}}` are literal braces; any other brace is an error;
 * - two fields are never adjacent (literal text separates them), so a stored key reads back
 *   unambiguously;
 * - a field's stored text may not contain the literal that follows its placeholder, nor end
 *   with a start of it that the literal completes (`a:` before `::`); in a
 *   range template (ordered keys) it may not contain a code point at or below the first code
 *   point of that literal (the separator), so that text order of the composed key is the
 *   order of the fields, field by field;
 * - a number is its stored decimal text; with `pad` it must be a non-negative integer and is
 *   left-padded with zeros to that width (so text order is numeric order).
 *
 * @since 0.3.0
 * @category Describing items
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { canonical } from '../codec/decimal.js'
import { hasOwn } from '../internal/own.js'
import { show as describe } from '../internal/show.js'
import { wholeWhy } from '../internal/whole.js'
import { loneSurrogate } from '../rules/path.js'
import type { Held } from './held.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One part of a template: literal text, or a field (with the width its numbers are padded to).
 *
 * @category model
 */
export type Part = { readonly _tag: 'Literal'; readonly text: string } | { readonly _tag: 'Field'; readonly name: string; readonly pad?: number }

/**
 * A field part.
 *
 * @category model
 */
export type FieldPart = Extract<Part, { readonly _tag: 'Field' }>

/**
 * A parsed template: the stored attribute it composes and its parts (literal runs merged,
 * `{{`/`}}` unescaped into literal text, two `Field` parts never adjacent).
 *
 * @category model
 */
export interface Template {
  readonly attribute: string
  readonly parts: ReadonlyArray<Part>
}

/**
 * The options of a key template: the zero-padded width of its number fields.
 *
 * @category model
 */
export interface ParseOptions {
  /** The width to which the numbers of a field are padded with zeros (non-negative integers only). */
  readonly pad?: Readonly<Record<string, number>>
}

// -------------------------------------------------------------------------------------
// type-level parsing
// -------------------------------------------------------------------------------------

/**
 * The field names of a template, in order, read at the type level (`{{`/`}}` are literal
 * braces). A malformed template gives `never` (as do a field placed twice and two fields with
 * no literal text between them).
 *
 * @category type-level
 */
export type FieldsOf<T extends string, Acc extends ReadonlyArray<string> = readonly []> = string extends T
  ? ReadonlyArray<string>
  : T extends `${infer C}${infer Rest}`
    ? C extends '{'
      ? Rest extends `{${infer After}`
        ? FieldsOf<After, Acc>
        : Rest extends `${infer Name}}${infer After}`
          ? Name extends '' | `${string}{${string}` | Acc[number]
            ? never
            : After extends `{${infer Next}`
              ? Next extends `{${string}`
                ? FieldsOf<After, readonly [...Acc, Name]>
                : never
              : FieldsOf<After, readonly [...Acc, Name]>
          : never
      : C extends '}'
        ? Rest extends `}${infer After}`
          ? FieldsOf<After, Acc>
          : never
        : FieldsOf<Rest, Acc>
    : Acc

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const pushLiteral = (parts: Part[], text: string): void => {
  if (text === '') return
  const last = parts[parts.length - 1]
  if (last !== undefined && last._tag === 'Literal') parts[parts.length - 1] = { _tag: 'Literal', text: last.text + text }
  else parts.push({ _tag: 'Literal', text })
}

/**
 * Parse a template of the stored attribute `attribute`. A `Left` says why it is malformed: an
 * unmatched brace, an empty `{}`, two adjacent fields, a `pad` that is not a whole number ≥ 1
 * or names no field of the template.
 */
export const parse = (attribute: string, template: string, options: ParseOptions = {}): E.Either<string, Template> => {
  const at = `the key template ${JSON.stringify(template)} of ${attribute}`
  if (typeof attribute !== 'string' || attribute === '') return E.left(`a key template needs an attribute name, got ${JSON.stringify(attribute)}`)
  if (typeof template !== 'string' || template === '') return E.left(`${at}: a template is a non-empty string`)
  // the key written would not be the text a read's key condition sends (the compiler refuses it there)
  if (!template.isWellFormed()) return E.left(`${at}: its text holds ${loneSurrogate}`)
  const pad = options.pad ?? {}
  const parts: Part[] = []
  const seen = new Set<string>()
  let i = 0
  let literal = ''
  while (i < template.length) {
    const c = template[i] as string
    if (c === '{' && template[i + 1] === '{') {
      literal += '{'
      i += 2
    } else if (c === '}' && template[i + 1] === '}') {
      literal += '}'
      i += 2
    } else if (c === '}') {
      return E.left(`${at}: a lone '}' at ${i} (write '}}' for a literal brace)`)
    } else if (c === '{') {
      const end = template.indexOf('}', i + 1)
      if (end < 0) return E.left(`${at}: the '{' at ${i} is never closed (write '{{' for a literal brace)`)
      const name = template.slice(i + 1, end)
      if (name === '') return E.left(`${at}: an empty placeholder '{}' at ${i}`)
      if (name.includes('{')) return E.left(`${at}: a '{' inside the placeholder at ${i}`)
      if (seen.has(name)) return E.left(`${at}: the field ${name} is placed twice`)
      pushLiteral(parts, literal)
      literal = ''
      const last = parts[parts.length - 1]
      if (last !== undefined && last._tag === 'Field') {
        return E.left(`${at}: the fields ${last.name} and ${name} must be separated by literal text (else a stored key cannot be read back)`)
      }
      seen.add(name)
      const width = hasOwn(pad, name) ? pad[name] : undefined
      parts.push(width === undefined ? { _tag: 'Field', name } : { _tag: 'Field', name, pad: width })
      i = end + 1
    } else {
      literal += c
      i++
    }
  }
  pushLiteral(parts, literal)
  for (const [name, width] of Object.entries(pad)) {
    if (!seen.has(name)) return E.left(`${at}: pad names ${name}, which is not a field of the template`)
    const why = wholeWhy(width, 1, undefined, describe)
    if (why !== undefined) return E.left(`${at}: the pad of ${name} ${why}`)
  }
  return E.right({ attribute, parts })
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** The field names of a template, in order. */
export const fields = (t: Template): ReadonlyArray<string> => {
  const out: string[] = []
  for (const p of t.parts) if (p._tag === 'Field') out.push(p.name)
  return out
}

/** The literal text before the first field (all of it when the template has no field). */
export const prefix = (t: Template): string => {
  const p = t.parts[0]
  return p !== undefined && p._tag === 'Literal' ? p.text : ''
}

/** Whether a template is all literal text (it composes one constant). */
export const isConstant = (t: Template): boolean => t.parts.every((p) => p._tag === 'Literal')

/** The literal text that follows the part at `index` (`''` when it is the last part). */
export const literalAfter = (t: Template, index: number): string => {
  const next = t.parts[index + 1]
  return next !== undefined && next._tag === 'Literal' ? next.text : ''
}

/** The template as written (`{`/`}` of literal text escaped again). */
export const show = (t: Template): string =>
  t.parts.map((p) => (p._tag === 'Literal' ? p.text.replace(/\{/g, '{{').replace(/\}/g, '}}') : `{${p.name}}`)).join('')

/** A template in messages: its attribute and the template as written (`sk = ORDER#{createdAt}#{orderId}`). */
export const named = (t: Template): string => `${t.attribute} = ${show(t)}`

/** Whether two templates' parts are the same: the same literals and fields, in order, each field with the same pad. */
export const sameParts = (a: ReadonlyArray<Part>, b: ReadonlyArray<Part>): boolean =>
  a.length === b.length &&
  a.every((p, i) => {
    const q = b[i] as Part
    return p._tag === 'Literal' ? q._tag === 'Literal' && p.text === q.text : p._tag === 'Field' && q._tag === 'Field' && p.name === q.name && p.pad === q.pad
  })

/**
 * Whether two templates can compose the same text (conservatively): not when their leading
 * literals differ before one ends, nor when one is constant and the other cannot give it.
 */
export const mayMeet = (a: Template, b: Template): boolean => {
  const pa = prefix(a)
  const pb = prefix(b)
  const ca = isConstant(a)
  const cb = isConstant(b)
  if (ca && cb) return pa === pb
  if (ca) return pa.startsWith(pb)
  if (cb) return pb.startsWith(pa)
  return pa.startsWith(pb) || pb.startsWith(pa)
}

// -------------------------------------------------------------------------------------
// composing
// -------------------------------------------------------------------------------------

const digits = /^(0|[1-9][0-9]*)$/
const integer = /^(0|-?[1-9][0-9]*)$/

/**
 * The stored text of a field from its stored value: a string as it is (a date is its stored
 * ISO text), a number its canonical decimal text (DynamoDB's form), padded with zeros to `pad` when the part declares one
 * (then only a non-negative integer of at most `pad` digits). A `Left` says why the value
 * cannot stand in a key template (binary, a set, a map, …).
 */
export const text = (part: FieldPart, av: AttributeValue): E.Either<string, string> => {
  if (av.S !== undefined) return E.right(av.S)
  if (av.N !== undefined) {
    // one text per number, DynamoDB's form of it ('12.50', '1.25e1' and '12.5' are one value;
    // '-0' is 0): a JS integer's text already is
    const n = integer.test(av.N) ? av.N : canonical(av.N)
    if (n === undefined) return E.left(`${av.N} is not a number`)
    if (part.pad === undefined) return E.right(n)
    if (!digits.test(n)) return E.left(`${n} is not a non-negative integer, as a number padded to ${part.pad} digits must be`)
    if (n.length > part.pad) return E.left(`${n} has more than the ${part.pad} digits it is padded to`)
    return E.right(n.padStart(part.pad, '0'))
  }
  return E.left('a key template takes strings, dates and numbers only')
}

/**
 * Why `value` (a field's stored text) cannot stand at the part `index` of `t`, or `undefined`
 * when it can: it contains the literal that follows, or (in an ordered, range template) a
 * code point at or below that literal's first code point.
 */
export const refusal = (t: Template, index: number, value: string, ordered: boolean): string | undefined => {
  const next = literalAfter(t, index)
  if (next === '') return undefined
  const key = named(t)
  // the literal must first occur where the value ends: a value ending with the start of a
  // literal that overlaps itself (`a:` before `::`) would read back as another value
  if ((value + next).indexOf(next) !== value.length) return `it contains ${JSON.stringify(next)}, the text that follows it in the key ${key}, or ends with its start`
  if (ordered) {
    const sep = next.codePointAt(0) as number
    for (const ch of value) {
      if ((ch.codePointAt(0) as number) <= sep) {
        return `it contains ${JSON.stringify(ch)}, at or below ${JSON.stringify(String.fromCodePoint(sep))} that separates it in the range key ${key}`
      }
    }
  }
  return undefined
}

/**
 * Why no value of the field at part `index` of `t` can stand there (`text` or `refusal`
 * refuses each), given what every text of it holds (`held`), or `undefined` when some may: each
 * value its codec names is refused; its bounds leave no number a pad takes; every text holds
 * the literal that follows, or ends with a text that runs into it; or (ordered) every text
 * holds a code point at or below the literal's first.
 */
export const unwritable = (t: Template, index: number, held: Held, ordered: boolean): string | undefined => {
  const part = t.parts[index] as FieldPart
  const at = `every value of {${part.name}}`
  if (held.values !== undefined) {
    const whys = held.values.map((v) => {
      const s = text(part, v)
      return E.isLeft(s) ? s.left : refusal(t, index, s.right, ordered)
    })
    const first = whys[0]
    if (first === undefined || !whys.every((w) => w !== undefined)) return undefined
    return `${at} is refused (${held.values.map((v) => (v.S !== undefined ? JSON.stringify(v.S) : v.N)).join(', ')}): ${held.values.length > 1 ? `the first: ${first}` : first}`
  }
  const b = held.bounds
  if (part.pad !== undefined && b !== undefined) {
    const lo = Math.max(b.min === undefined ? 0 : Math.ceil(b.min), 0)
    const hi = Math.min(b.max === undefined ? Infinity : Math.floor(b.max), 10 ** part.pad - 1)
    if (lo > hi) {
      const range = `${b.min === undefined ? '' : `≥ ${b.min}`}${b.min !== undefined && b.max !== undefined ? ' and ' : ''}${b.max === undefined ? '' : `≤ ${b.max}`}`
      return `${at} is a number ${range}, none a non-negative integer of at most the ${part.pad} digits it is padded to`
    }
  }
  const next = literalAfter(t, index)
  if (next === '') return undefined
  if (held.suffix.includes(next) || held.within.some((w) => w.includes(next))) return `${at} holds ${JSON.stringify(next)}, the text that follows it`
  // the literal must first occur where the value ends (`refusal`): a fixed end that runs into it puts it earlier
  if ((held.suffix + next).indexOf(next) < held.suffix.length) {
    return `${at} ends with ${JSON.stringify(held.suffix)}, which runs into ${JSON.stringify(next)}, the text that follows it`
  }
  if (ordered && held.low <= (next.codePointAt(0) as number)) return `${at} holds a code point at or below ${JSON.stringify([...next][0])}, the separator that follows it in a range key`
  return undefined
}

/**
 * Why a field's value cannot be composed: the field and the reason.
 *
 * @category model
 */
export interface Refused {
  readonly field: string
  readonly message: string
}

/**
 * The stored text of `t` from the fields' stored values (`valueOf` gives each field's; a field
 * without one is refused), each checked by `text` and `refusal`.
 */
export const compose = (t: Template, valueOf: (name: string) => AttributeValue | undefined, ordered: boolean): E.Either<Refused, string> =>
  composeFirst(t, t.parts.length, valueOf, ordered)

/**
 * The text of the first `count` parts of `t` (`compose` when `count` is every part): what a
 * `begins_with` on a leading run of the fields takes.
 */
export const composeFirst = (
  t: Template,
  count: number,
  valueOf: (name: string) => AttributeValue | undefined,
  ordered: boolean,
): E.Either<Refused, string> => {
  let out = ''
  const n = Math.min(count, t.parts.length)
  for (let i = 0; i < n; i++) {
    const p = t.parts[i] as Part
    if (p._tag === 'Literal') {
      out += p.text
      continue
    }
    const av = valueOf(p.name)
    if (av === undefined) return E.left({ field: p.name, message: `the key ${named(t)} is composed from it, and it has no value` })
    const s = text(p, av)
    if (E.isLeft(s)) return E.left({ field: p.name, message: `${s.left} (in the key ${named(t)})` })
    const why = refusal(t, i, s.right, ordered)
    if (why !== undefined) return E.left({ field: p.name, message: why })
    out += s.right
  }
  return E.right(out)
}

/**
 * The fields' stored texts read back from a composed text (`compose`'s inverse): each
 * literal must be where the template puts it, and a field runs to the next occurrence of
 * the literal after it (which its text cannot contain). A padded number keeps its zeros.
 * `undefined` when the text is not one of the template's.
 */
export const decompose = (t: Template, composed: string): Readonly<Record<string, string>> | undefined => {
  const out: Record<string, string> = {}
  let at = 0
  for (let i = 0; i < t.parts.length; i++) {
    const p = t.parts[i] as Part
    if (p._tag === 'Literal') {
      if (!composed.startsWith(p.text, at)) return undefined
      at += p.text.length
      continue
    }
    const next = literalAfter(t, i)
    const end = next === '' ? composed.length : composed.indexOf(next, at)
    if (end < 0) return undefined
    out[p.name] = composed.slice(at, end)
    at = end
  }
  return at === composed.length ? out : undefined
}

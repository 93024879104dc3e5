/**
 * The machinery of `Field`'s codecs, inside the library: the codec class that can say why a
 * value is not one of its values, fields from a parser of stored values, the declaration of
 * a scalar's stored type, and the text checks of IPv6 addresses and JSON values.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { show } from '../internal/show.js'
import type { Field } from './Field.js'
import { NumberValue } from './decimal.js'
import { JSON_DEPTH } from '../rules/limits.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** A field codec: an io-ts `Type` that also says why an in-memory value is not one of its values. */
export class FieldType<A, O> extends t.Type<A, O, unknown> implements Field<A, O> {
  readonly _tag = 'FieldType' as const
  constructor(
    name: string,
    readonly why: (u: unknown) => string | undefined,
    /** From what is stored (or an in-memory value) to the in-memory value, or why not: `validate` without its context. */
    readonly parse: (u: unknown) => A | Invalid,
    encode: (a: A) => O,
  ) {
    super(
      name,
      (u): u is A => why(u) === undefined,
      (u, c) => {
        const r = parse(u)
        return r instanceof Invalid ? t.failure(u, c, r.message) : t.success(r)
      },
      encode,
    )
  }
}

/** Why a stored value cannot be read (returned by a field's `parse`). */
export class Invalid {
  constructor(readonly message: string) {}
}

/** An `Invalid` with `message`. */
export const invalid = (message: string): Invalid => new Invalid(message)

/** A value already of the field's type, as `parse` reads it: itself when `why` finds no fault, else `Invalid`. */
export const checked = <A>(a: A, why: (u: unknown) => string | undefined): A | Invalid => {
  const w = why(a)
  return w === undefined ? a : invalid(w)
}

/** A field that stores `O` and holds `A`: `why` checks an in-memory value, `parse` reads. */
export const fromParse = <A, O>(
  name: string,
  why: (u: unknown) => string | undefined,
  parse: (u: unknown) => A | Invalid,
  encode: (a: A) => O,
): Field<A, O> => new FieldType<A, O>(name, why, parse, encode)

/**
 * How DynamoDB stores a scalar field: `S`, `N` or `B` (`Model.make` reads it for key attributes).
 *
 * @category model
 */
export type StoredAs = 'S' | 'N' | 'B'

/**
 * A codec that is `field` in every way and declares how it is stored (`storedAs`); any codec
 * can declare it the same way. `field` itself is left as it was: the new codec is an object
 * of its own whose prototype is `field`, so it reads as `field` does (`_tag`, `props`,
 * `is`, `decode`, …).
 */
export const stored = <F extends t.Mixed>(storedAs: StoredAs, field: F): F & { readonly storedAs: StoredAs } =>
  Object.create(field, { storedAs: { value: storedAs, enumerable: true } }) as F & { readonly storedAs: StoredAs }

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

/** A value in a field's message: a `NumberValue` as the number it holds. */
export const got = (u: unknown): string => (u instanceof NumberValue ? `the number ${u.value}` : show(u))

/** A dotted-quad IPv4 address, no leading zeros. */
export const ipv4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const hex4 = /^[0-9a-fA-F]{1,4}$/

/** An IPv6 address in text (RFC 4291 §2.2: `::`, groups of 1–4 hex digits, a trailing IPv4). */
export const isIPv6 = (s: string): boolean => {
  if (s.length > 45) return false
  const halves = s.split('::')
  if (halves.length > 2) return false
  const groups = (h: string | undefined) => (h === undefined || h === '' ? [] : h.split(':'))
  const head = groups(halves[0])
  const tail = groups(halves[1])
  const all = [...head, ...tail]
  let count = 0
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as string
    if (i === all.length - 1 && g.includes('.')) {
      if (!ipv4.test(g)) return false
      count += 2
    } else if (hex4.test(g)) count += 1
    else return false
  }
  return halves.length === 2 ? count < 8 : count === 8
}

/** Why `u` is not a JSON value (finite numbers, plain objects and arrays), or `undefined`. */
export const jsonWhy = (u: unknown, depth = 0): string | undefined => {
  if (u === null || typeof u === 'string' || typeof u === 'boolean') return undefined
  if (typeof u === 'number') return Number.isFinite(u) ? undefined : `${u} is not a JSON number`
  if (depth > JSON_DEPTH) return 'too deeply nested'
  if (Array.isArray(u)) {
    for (const v of u) {
      const why = jsonWhy(v, depth + 1)
      if (why !== undefined) return why
    }
    return undefined
  }
  if (typeof u === 'object') {
    const proto = Object.getPrototypeOf(u)
    if (proto !== Object.prototype && proto !== null) return `${got(u)} is not a plain object`
    for (const k of Object.keys(u)) {
      const why = jsonWhy((u as Record<string, unknown>)[k], depth + 1)
      if (why !== undefined) return why
    }
    return undefined
  }
  return `${got(u)} is not JSON`
}

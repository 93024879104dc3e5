/**
 * The forms of a key value (DESIGN §3), read one way for every caller (`Strategy.parse`,
 * `Model.keysIn`): a hash-key scalar, a `[hash, range]` tuple, an object of the key fields.
 */
import * as Computed from './computed.js'
import type * as M from './Model.js'
import { isDate, timeOf } from '../internal/date.js'

type AnyModel = M.Any

/** A scalar key value: a string, a number, a bigint, bytes or a date. */
export const isScalar = (u: unknown): boolean =>
  typeof u === 'string' || typeof u === 'number' || typeof u === 'bigint' || u instanceof Uint8Array || isDate(u)

/** The one field a hash-key scalar means (`undefined` where a scalar is no key of the model). */
export const scalarField = (m: AnyModel): string | undefined =>
  m.keyFields === undefined
    ? m.rangeKey === undefined ? m.hashKey : undefined
    : m.keyFields.hash.length === 1 && (m.keyFields.range === undefined || (m.keyFields.range.length === 0 && m.rangeKey !== undefined && m.templates[m.rangeKey] !== undefined))
      ? m.keyFields.hash[0]
      : undefined

/** The two fields a `[hash, range]` tuple means (`undefined` where a tuple is no key of the model). */
export const tupleFields = (m: AnyModel): readonly [string, string] | undefined =>
  m.rangeKey === undefined
    ? undefined
    : m.keyFields === undefined
      ? [m.hashKey, m.rangeKey]
      : m.keyFields.hash.length === 1 && m.keyFields.range?.length === 1
        ? [m.keyFields.hash[0] as string, m.keyFields.range[0] as string]
        : undefined

/**
 * On a model that takes a `[hash, range]` tuple as a key (`tupleFields`), whether `u` is one:
 * an array of two scalars. On another (a composed key whose range template is constant is
 * keyed by one scalar), a pair of scalars is a list of two keys, as a list of one or three is.
 */
export const isTuple = (m: AnyModel, u: unknown): u is readonly [unknown, unknown] =>
  Array.isArray(u) && u.length === 2 && isScalar(u[0]) && isScalar(u[1]) && tupleFields(m) !== undefined

/** What a key is, for a model whose key is neither one scalar nor a tuple. */
export const objectKey = (m: AnyModel): string => `a key of this model is an object of its key fields (${Computed.keyFieldNames(m).join(', ')}) or a key condition`

/**
 * Why an array that `keyValues` reads as no key is none of this model: the one message of
 * `Strategy.parse` and `Model.keysIn`. Where one field makes both keys, a tuple must give it
 * twice alike.
 */
export const arrayWhy = (m: AnyModel): string => {
  const one = scalarField(m)
  const two = tupleFields(m)
  return one !== undefined
    ? `a key of this model is one ${one} value, not an array`
    : two === undefined
      ? objectKey(m)
      : two[0] === two[1]
        ? `a key tuple is [${two[0]}, ${two[1]}]: ${two[0]} makes both keys, so both values must be the same (or give { ${two[0]} })`
        : `a key tuple is [${two[0]}, ${two[1]}], two scalars`
}

/** Whether two scalar key values are one value (`[hash, range]` of a field that makes both keys): two Dates by the times they hold (`internal/date`). */
const sameScalar = (a: unknown, b: unknown): boolean =>
  isDate(a) && isDate(b)
    ? Object.is(timeOf(a), timeOf(b))
    : a instanceof Uint8Array && b instanceof Uint8Array
      ? a.length === b.length && a.every((x, i) => x === b[i])
      : a === b

/** The key values of the key fields in `o` (others ignored). */
const pickFields = (m: AnyModel, o: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const n of Computed.keyFieldNames(m)) out[n] = o[n]
  return out
}

/**
 * The key field values a key value gives: a hash-key scalar its one field,
 * a `[hash, range]` tuple its two (one, given twice alike, where one field makes both keys), an
 * object (an item) its key fields; `undefined` where the form is no key of this model.
 */
export const keyValues = (m: AnyModel, u: unknown): Record<string, unknown> | undefined => {
  if (Array.isArray(u)) {
    const two = tupleFields(m)
    if (two === undefined || !isTuple(m, u)) return undefined
    // both templates made of one field (`U#{id}`, `U#{id}`): the tuple gives it twice, one value
    if (two[0] === two[1]) return sameScalar(u[0], u[1]) ? { [two[0]]: u[0] } : undefined
    return { [two[0]]: u[0], [two[1]]: u[1] }
  }
  if (isScalar(u)) {
    const one = scalarField(m)
    return one === undefined ? undefined : { [one]: u }
  }
  return typeof u === 'object' && u !== null ? pickFields(m, u as Record<string, unknown>) : undefined
}

/**
 * From a `Value` node to an `AttributeValue`: validate (for values an update writes),
 * encode through the attribute's codec, marshall with util-dynamodb, and check DynamoDB's
 * number rules. Errors are values.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { convertToAttr } from '@aws-sdk/util-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type { Value } from '../Condition.js'
import * as DE from '../DynamoError.js'
import { checkNumberString } from './number.js'

const options = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const

/** Walk an `AttributeValue` and report the first number DynamoDB would refuse. */
export const checkNumbers = (av: AttributeValue, at: string): string | undefined => {
  if (av.N !== undefined) {
    const why = checkNumberString(av.N)
    return why === undefined ? undefined : `${at}: ${why}`
  }
  if (av.NS !== undefined) {
    for (const n of av.NS) {
      const why = checkNumberString(n)
      if (why !== undefined) return `${at}: ${why}`
    }
    return undefined
  }
  if (av.L !== undefined) {
    for (let i = 0; i < av.L.length; i++) {
      const why = checkNumbers(av.L[i] as AttributeValue, `${at}[${i}]`)
      if (why !== undefined) return why
    }
    return undefined
  }
  if (av.M !== undefined) {
    for (const k of Object.keys(av.M)) {
      const why = checkNumbers(av.M[k] as AttributeValue, `${at}.${k}`)
      if (why !== undefined) return why
    }
  }
  return undefined
}

/** Marshall a plain (already encoded) JS value. */
export const marshallValue = (encoded: unknown, at = 'value'): E.Either<DE.DynamoError, AttributeValue> => {
  let av: AttributeValue
  try {
    av = convertToAttr(encoded, options)
  } catch (e) {
    return E.left(DE.validationError([{ path: at, message: e instanceof Error ? e.message : String(e) }]))
  }
  const why = checkNumbers(av, at)
  return why === undefined ? E.right(av) : E.left(DE.validationError([{ path: at, message: why }]))
}

/**
 * The `AttributeValue` of a `Value` node. With `validate`, the value must satisfy the
 * codec (`codec.is`): what an update writes is checked like an item's field.
 */
export const toAttributeValue = (v: Value, validate: boolean, at = 'value'): E.Either<DE.DynamoError, AttributeValue> => {
  const codec = v.codec
  if (codec === undefined) return marshallValue(v.value, at)
  if (validate && !codec.is(v.value)) {
    return E.left(DE.validationError([{ path: at, message: `expected ${codec.name}, got ${show(v.value)}` }]))
  }
  let encoded: unknown
  try {
    encoded = codec.encode(v.value)
  } catch (e) {
    return E.left(DE.validationError([{ path: at, message: `cannot encode as ${codec.name}: ${e instanceof Error ? e.message : String(e)}` }]))
  }
  return marshallValue(encoded, at)
}

export const show = (u: unknown): string => {
  if (typeof u === 'bigint') return `${u}n`
  if (u instanceof Date) return `Date(${Number.isNaN(u.getTime()) ? 'invalid' : u.toISOString()})`
  if (u instanceof Set) return `Set(${u.size})`
  if (u instanceof Uint8Array) return `Uint8Array(${u.length})`
  try {
    const s = JSON.stringify(u)
    return s === undefined ? String(u) : s.length > 60 ? s.slice(0, 57) + '...' : s
  } catch {
    return String(u)
  }
}

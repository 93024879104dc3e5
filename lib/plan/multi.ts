/**
 * The planner over DynamoDB's multi-attribute keys of a global index (DESIGN §5.4): the
 * conjuncts of a condition, as they are, made into a key condition on the index's attributes
 * (the fields themselves: nothing is composed), the rest left to the filter, with where each
 * conjunct went and why. DynamoDB's rule, as DynamoDB Local applies it:
 *
 * - every hash attribute takes an equality (`HASH key attributes b must have equality
 *   conditions specified in the query`);
 * - the range attributes take equalities on a leading run, then at most one range condition
 *   (`<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`) on the next one (`RANGE key attributes c
 *   must have equality conditions specified in the query because a condition is present on
 *   key attribute d`); two conditions on one attribute are refused (`KeyConditionExpressions
 *   must only contain one condition per key`): a lower and an upper bound are sent as one
 *   `BETWEEN` where it holds exactly what they select (`pairOn`);
 * - a filter may test no key attribute of the index, not even one the key condition leaves
 *   out (`Filter Expression can only contain non-primary key attributes`): such a condition
 *   makes the index unusable (the planner reads another key, or scans).
 *
 * The key condition holds exactly what its conjuncts select (DynamoDB compares the
 * attributes as they are), so each conjunct it takes leaves the filter. Pure: no I/O.
 *
 * @since 0.3.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../ast/Condition.js'
import * as N from '../ast/nodes.js'
import { toAttributeValue } from '../codec/value.js'
import type { StoredKeyType } from '../model/Model.js'
import { compareOrdered } from '../rules/compare.js'
import { RANGE_KEY_BYTES } from '../rules/limits.js'
import { utf8Length } from '../rules/size.js'
import { testOf, type Miss, type Placement, type Translation } from './composed.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A multi-attribute key: its hash attributes (1 to 4) and range attributes (0 to 4), in order, with their stored types. */
export interface Key {
  readonly hash: ReadonlyArray<string>
  readonly range: ReadonlyArray<string>
  readonly types: Readonly<Record<string, StoredKeyType>>
}

// -------------------------------------------------------------------------------------
// conjuncts
// -------------------------------------------------------------------------------------

/** The attribute an equality with a value compares, else `undefined`. */
const equalityOn = (c: C.Condition): string | undefined => {
  const t = testOf(c)
  return t?.kind === 'eq' ? t.field : undefined
}

/** The attribute a range condition with values narrows (`<`…`>=`, `BETWEEN`, `begins_with`), else `undefined`. */
const rangeOn = (c: C.Condition): string | undefined => {
  const t = testOf(c)
  return t === undefined || t.kind === 'eq' ? undefined : t.field
}

/** One lower and one upper bound of an attribute as one `BETWEEN` that holds exactly what both select, with their positions. */
interface Pair {
  readonly lower: number
  readonly upper: number
  readonly between: C.Condition
}

/** The stored form of a bound's value, `undefined` when it does not encode (the compiler says why, in the filter). */
const storedOf = (v: C.Value): AttributeValue | undefined => {
  const av = toAttributeValue(v, false)
  return E.isRight(av) ? av.right : undefined
}

/** Whether a string's or binary's bytes leave no room for one more under a sort key's limit. */
const atLimit = (av: AttributeValue): boolean => (av.S !== undefined ? utf8Length(av.S) : av.B !== undefined ? av.B.length : 0) >= RANGE_KEY_BYTES

/**
 * The least value above `av`, of the key's stored type: a string's or binary's own followed
 * by U+0000 or the byte 0 (nothing sorts between them); `undefined` for a number (no decimal
 * is the next one), and where that byte takes it past a sort key's bytes (DynamoDB refuses
 * such a bound).
 */
const successor = (av: AttributeValue, type: StoredKeyType | undefined): C.Value | undefined => {
  if (atLimit(av)) return undefined
  if (type === 'S' && av.S !== undefined) return C.value(`${av.S}\u0000`)
  if (type === 'B' && av.B !== undefined) {
    const b = new Uint8Array(av.B.length + 1)
    b.set(av.B)
    return C.value(b)
  }
  return undefined
}

/**
 * The first lower bound (`>`, `>=`) and the first upper bound (`<=`) on `name` among the
 * conjuncts not taken, made one `BETWEEN` when it holds exactly what both select: the upper
 * bound inclusive (no value is the greatest below another), the lower one inclusive or on a
 * string or binary key (`successor`, of the key's type), and in order (DynamoDB refuses
 * `BETWEEN` with its bounds out of order). (A bound of another type than the key's is refused
 * before any plan: storedKey.storedTypeWhy, a key condition's values.) DynamoDB refuses two conditions on
 * one key attribute, and a filter on one: without it the index is not read. A string: why an
 * exclusive lower bound has no successor within a sort key's bytes (for `explain`).
 */
const pairOn = (parts: ReadonlyArray<C.Condition>, taken: ReadonlyMap<number, string>, name: string, type: StoredKeyType | undefined): Pair | string | undefined => {
  let lower: { readonly at: number; readonly operand: C.Operand; readonly value: C.Value } | undefined
  let upper: { readonly at: number; readonly value: C.Value } | undefined
  for (let i = 0; i < parts.length && (lower === undefined || upper === undefined); i++) {
    const c = parts[i] as C.Condition
    const t = taken.has(i) || c._tag !== 'Comparison' ? undefined : testOf(c)
    if (t === undefined || t.field !== name || c._tag !== 'Comparison') continue
    if (t.kind === 'lower' && lower === undefined) {
      const av = storedOf(t.value)
      const value = av === undefined ? undefined : t.inclusive ? t.value : successor(av, type)
      if (value === undefined) {
        return av !== undefined && !t.inclusive && (type === 'S' || type === 'B') && atLimit(av)
          ? `the least value above the exclusive lower bound on ${name} (it then U+0000 or the byte 0) would be over the ${RANGE_KEY_BYTES} bytes of a sort key, and no other BETWEEN holds exactly what the bounds select`
          : undefined
      }
      lower = { at: i, operand: c.left, value }
    } else if (t.kind === 'upper' && upper === undefined) {
      if (!t.inclusive) return undefined
      upper = { at: i, value: t.value }
    }
  }
  if (lower === undefined || upper === undefined) return undefined
  const lo = storedOf(lower.value)
  const hi = storedOf(upper.value)
  const order = lo === undefined || hi === undefined ? undefined : compareOrdered(lo, hi)
  if (order === undefined || order > 0) return undefined
  const between: C.Condition = { _tag: 'Between', operand: lower.operand, low: lower.value, high: upper.value, [N.built]: true }
  return { lower: lower.at, upper: upper.at, between }
}

const show = (k: Key): string => `${k.hash.join(' + ')}${k.range.length === 0 ? '' : `, ${k.range.join(' + ')}`}`

// -------------------------------------------------------------------------------------
// translation
// -------------------------------------------------------------------------------------

/**
 * The key condition on `key` of the conjuncts `parts` (an AND's members, or one condition):
 * the equalities on every hash attribute, then on a leading run of the range attributes, then
 * at most one range condition on the next (`begins_with` only on a string or binary
 * attribute); or why there is none.
 */
export const translate = (key: Key, parts: ReadonlyArray<C.Condition>): Translation | Miss => {
  const taken = new Map<number, string>()
  const take = (name: string, what: string): boolean => {
    for (let i = 0; i < parts.length; i++) {
      if (taken.has(i) || equalityOn(parts[i] as C.Condition) !== name) continue
      taken.set(i, what)
      return true
    }
    return false
  }
  const keyParts: C.Condition[] = []
  for (const h of key.hash) {
    if (!take(h, `an equality on ${h}, of the multi-attribute hash key (${show(key)})`)) return { _tag: 'Miss', why: `no equality on ${h}, of the multi-attribute hash key (${show(key)})` }
  }
  let ranged = false
  let r = 0
  for (; r < key.range.length; r++) {
    const name = key.range[r] as string
    if (!take(name, `an equality on ${name}, of a leading run of the multi-attribute range key (${show(key)})`)) break
    ranged = true
  }
  const next = key.range[r]
  // a lower and an upper bound on the next attribute, made one BETWEEN: its conjuncts' positions
  let pair: Pair | undefined
  // why a lower and an upper bound on it are not one BETWEEN, where explain can say it
  let unpaired: string | undefined
  if (next !== undefined) {
    const rangeWhy = `a range condition on ${next}, after the leading equalities of the multi-attribute range key (${show(key)})`
    const paired = pairOn(parts, taken, next, key.types[next])
    if (typeof paired === 'string') unpaired = paired
    else pair = paired
    if (pair !== undefined) {
      const why = `${rangeWhy}, with the other bound one BETWEEN (DynamoDB takes one condition per key attribute)`
      taken.set(pair.lower, why)
      taken.set(pair.upper, why)
      ranged = true
    } else {
      for (let i = 0; i < parts.length; i++) {
        const c = parts[i] as C.Condition
        if (taken.has(i) || rangeOn(c) !== next) continue
        // DynamoDB's begins_with takes a string or binary key
        if (c._tag === 'BeginsWith' && key.types[next] === 'N') continue
        taken.set(i, rangeWhy)
        ranged = true
        break
      }
    }
  }
  // the key condition in the key's order (hash attributes, then range); the rest, in its order, the filter
  const order = [...key.hash, ...key.range]
  const atOf = (i: number): number => order.indexOf(N.topNames(parts[i] as C.Condition)[0] as string)
  const used = [...taken.keys()].sort((a, b) => atOf(a) - atOf(b))
  for (const i of used) {
    if (pair !== undefined && i === pair.upper) continue
    keyParts.push(pair !== undefined && i === pair.lower ? pair.between : (parts[i] as C.Condition))
  }
  const attributes = new Set(order)
  const placements: Placement[] = []
  const filter: C.Condition[] = []
  const tested = new Set<string>()
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i] as C.Condition
    const fields = N.topNames(c)
    const why = taken.get(i)
    if (why !== undefined) {
      for (const f of fields) tested.add(f)
      placements.push({ condition: c, fields, keys: [fields[0] as string], filter: false, why })
      continue
    }
    const onKey = fields.find((f) => attributes.has(f))
    // DynamoDB refuses a filter on a key attribute of the index
    if (onKey !== undefined) {
      return { _tag: 'Miss', why: `the filter would test ${onKey}, an attribute of the multi-attribute key (${show(key)}) that its key condition cannot take here (DynamoDB refuses it)${unpaired === undefined ? '' : `: ${unpaired}`}` }
    }
    filter.push(c)
    placements.push({ condition: c, fields, keys: [], filter: true, why: `it tests no attribute of the multi-attribute key (${show(key)})` })
  }
  const keyCondition = keyParts.length === 1 ? (keyParts[0] as C.Condition) : C.and(...keyParts)
  return { _tag: 'Translation', keyCondition, filter, placements, ranged, key: undefined, tested }
}

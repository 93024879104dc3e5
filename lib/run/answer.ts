/**
 * What DynamoDB's answers must hold to be read: the one check of each shape, for the reads of
 * a model (`pages`), the scans of a raw table (`data`), batches (`batch`), updates and tables.
 * DynamoDB never gives another; an endpoint that is not DynamoDB (a proxy, a stand-in, a bug)
 * may: an empty body read as "no items", "all written" or "no table" would be a silent lie,
 * and a `LastEvaluatedKey` that is no key, sent back as `ExclusiveStartKey` to an endpoint that
 * keeps giving it, would read on for ever. Where `{}` is DynamoDB's answer (a GetItem of no
 * item, a put, a delete of no item, a transaction), nothing is checked.
 *
 * @since 0.3.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as C from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import type { AttributeMap } from '../model/Model.js'
import { sameKeyAt } from '../model/storedKey.js'
import * as Num from '../codec/decimal.js'
import { toAttributeValue } from '../codec/value.js'
import { AST_DEPTH, READ_UNITS_PER_ITEM, READ_UNITS_PER_REQUEST } from '../rules/limits.js'
import { bytesEqual, bytesStartWith, compareBytes, compareOrdered, compareStrings } from '../rules/compare.js'
import { hasOwn, isRecord } from '../internal/own.js'
import { showElements } from '../internal/show.js'
import { ttlStatuses } from '../table/describe.js'
import { isWhole, wholeRule } from '../internal/whole.js'

/**
 * What a request's `ConsumedCapacity` may say: one entry (`list: false`: a Query's, Scan's,
 * GetItem's), or a list of at most one entry for `table`, the one table it was sent (a
 * BatchGetItem's), and at most `most` read capacity units in all (`READ_UNITS_PER_REQUEST` for
 * a Query or Scan page; `READ_UNITS_PER_ITEM` a key read).
 */
interface CapacityShape {
  readonly list: boolean
  readonly table?: string
  readonly most: number
}

/** A Query's or Scan's page. */
const pageCapacity: CapacityShape = { list: false, most: READ_UNITS_PER_REQUEST }

/** A GetItem's. */
export const itemCapacity: CapacityShape = { list: false, most: READ_UNITS_PER_ITEM }

/** A BatchGetItem's of `keys` keys of `table`. */
const batchCapacity = (table: string, keys: number): CapacityShape => ({ list: true, table, most: keys * READ_UNITS_PER_ITEM })

/**
 * Why an answer's `ConsumedCapacity` (`c`) is none DynamoDB gives to a request of `shape`, or
 * `undefined` (none at all: it was not asked for): a list where DynamoDB sends one entry, or one
 * entry where it sends a list; an entry no map, or for a table the request was not sent, or a
 * second one for it; a `CapacityUnits` that is no number ≥ 0, or units past `shape.most` in
 * all. A paced read waits for what its requests consumed: a count past what the request can
 * consume would stall it for years, a negative or NaN one would be read as none.
 * `Dynamo.getOne` without options (its own GetItemCommand) and `transactGet` do not call it:
 * neither is paced, so no count of theirs is waited for.
 */
export const capacityWhy = (c: unknown, shape: CapacityShape): string | undefined => {
  if (c === undefined) return undefined
  if (Array.isArray(c) !== shape.list) return shape.list ? 'its ConsumedCapacity is no list' : 'its ConsumedCapacity is a list, not the one entry DynamoDB sends for this request'
  const list = shape.list ? (c as ReadonlyArray<unknown>) : [c]
  if (list.length > 1) return 'its ConsumedCapacity has more than one entry for the one table it was sent'
  let sum = 0
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]
    if (!isMap(entry)) return 'its ConsumedCapacity is no map'
    const table = (entry as { readonly TableName?: unknown }).TableName
    if (shape.table !== undefined && table !== undefined && table !== shape.table) return 'its ConsumedCapacity names a table it was not sent'
    const u = (entry as { readonly CapacityUnits?: unknown }).CapacityUnits
    if (u === undefined) continue
    if (!(typeof u === 'number' && u >= 0)) return `its ConsumedCapacity says ${typeof u === 'number' ? String(u) : `a ${typeof u}`} capacity units, not a number ≥ 0`
    sum += u
  }
  if (!(sum <= shape.most)) return `its ConsumedCapacity says ${sum} capacity units, more than this request can consume (${shape.most})`
  return undefined
}

/**
 * Why a Query's or Scan's answer is none DynamoDB gives (neither `Items` nor `Count`, which
 * DynamoDB always sends, a counting read's and an empty page's too; `Items` no list, `Count`
 * no whole number ≥ 0 or, beside `Items`, not their number; an item without the read's key
 * attributes `keyNames`; a `LastEvaluatedKey` that is not exactly the read's key attributes `keyNames`,
 * or one that is the key `sent` as this request's `ExclusiveStartKey`, or, with `order` (a
 * Query's, whose range key orders its items: `queryOrder`), one, or an item, whose range key
 * is not past the one sent in that order (through an index: before it); with `partition` (a Query's), an item or a
 * `LastEvaluatedKey` of another partition, or a `LastEvaluatedKey` outside the bounds the key
 * condition sets on the range key; with `order`, items not each past the one before it
 * (through an index: one before it), or a `LastEvaluatedKey` before the last item), or
 * `undefined`. Such a key, sent back as `ExclusiveStartKey`,
 * would read on for ever from an endpoint that keeps giving it: DynamoDB's next page always
 * starts after the one it was asked from. The order needs nothing remembered; a read without
 * one (a Scan), or an index's Query whose keys tie on its range key, finds keys that go round
 * by its walk's `Trail`, which a cursor carries from page to page.
 */
export const answerWhy = (
  out: { readonly Items?: unknown; readonly Count?: unknown; readonly LastEvaluatedKey?: unknown; readonly ConsumedCapacity?: unknown },
  keyNames: ReadonlyArray<string>,
  sent?: AttributeMap,
  order?: KeyOrder,
  partition?: Partition,
): string | undefined => {
  if (out.Items !== undefined && !Array.isArray(out.Items)) return 'its Items are no list'
  if (out.ConsumedCapacity !== undefined) {
    const why = capacityWhy(out.ConsumedCapacity, pageCapacity)
    if (why !== undefined) return why
  }
  const n = out.Count
  if (n === undefined && out.Items === undefined) return 'it has neither Items nor Count'
  if (n !== undefined && !isWhole(n, 0)) return `its Count is not ${wholeRule(0)}`
  // DynamoDB's Count is the number of items in the answer (a counting read's gives no Items)
  if (n !== undefined && out.Items !== undefined && n !== (out.Items as ReadonlyArray<unknown>).length) return 'its Count is not the number of its Items'
  const last = out.LastEvaluatedKey
  if (last !== undefined) {
    if (!isKeyOf(last, keyNames)) return `its LastEvaluatedKey is no key of this read (${keyNames.join(', ')})`
    if (sent !== undefined && sameKeyAt(keyNames, last as AttributeMap, sent)) return 'its LastEvaluatedKey is the ExclusiveStartKey it was sent: the read would not go on'
    // the next page goes on from it: one of another partition, or outside the range key's
    // condition, would steer the read (and its cursor) there
    const why = partition === undefined ? undefined : (partitionWhy(last, partition) ?? rangeWhy(last, partition))
    if (why !== undefined) return `its LastEvaluatedKey ${why}`
  }
  const items = out.Items as ReadonlyArray<unknown> | undefined
  if (partition !== undefined && items !== undefined) {
    for (let i = 0; i < items.length; i++) {
      // an item outside the range key's condition is no item of the Query, and a page ending
      // mid-answer would go on (its cursor) from it
      const why = partitionWhy(items[i], partition) ?? rangeWhy(items[i], partition)
      if (why !== undefined) return `an item of it ${why}`
    }
  }
  // (after the partition's check, which names the attribute of another partition, or missing)
  // every item holds the read's key attributes (a projection reads them too): one without is
  // no stored item, and a page ending on it would go on from no key
  if (items !== undefined) {
    for (let i = 0; i < items.length; i++) if (!holdsKey(items[i], keyNames)) return `an item of it does not hold the key attributes of this read (${keyNames.join(', ')})`
  }
  // a Query's items come in its order, each past the one before it (a range key is unique in a
  // partition; through an index, items equal on its range key come in an order of DynamoDB's:
  // each is not before the one before it): items in another order are not the order it
  // promises, and a page that ends mid-answer would go on from an item before others it gave
  if (order !== undefined && items !== undefined) {
    const ties = order.index !== undefined
    // each item's number parsed once: kept for the comparison with the next
    let before: AttributeMap | undefined
    let parsed: Num.Decimal | undefined
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as AttributeMap
      const a = item[order.attribute] as AttributeValue
      const x = numberOf(a)
      if (before !== undefined) {
        let c = compareParsed(a, x, before[order.attribute] as AttributeValue, parsed)
        if (c === 0 && ties) c = compareRest(item, before, order.index as ReadonlyArray<string>)
        if (c === undefined || (order.descending ? (ties ? c > 0 : c >= 0) : ties ? c < 0 : c <= 0)) {
          return ties ? `an item of it is before the one before it in ${orderName(order)}` : `an item of it is not past the one before it in ${orderName(order)}`
        }
      }
      before = item
      parsed = x
    }
    // DynamoDB's LastEvaluatedKey is the key of the last item it read, at or past the last one
    // it gives (after it: items a filter left out): one before it would read those items again
    const end = items[items.length - 1]
    if (last !== undefined && end !== undefined) {
      let c = compareRange((last as AttributeMap)[order.attribute] as AttributeValue, (end as AttributeMap)[order.attribute] as AttributeValue)
      if (c === 0 && ties) c = compareRest(last as AttributeMap, end as AttributeMap, order.index as ReadonlyArray<string>)
      if (c === undefined || (order.descending ? c > 0 : c < 0)) {
        return ties ? `its LastEvaluatedKey is before its last item in ${orderName(order)}` : `its LastEvaluatedKey is not past its last item in ${orderName(order)}`
      }
    }
  }
  if (sent === undefined || order === undefined) return undefined
  const back = last === undefined ? undefined : orderWhy('its LastEvaluatedKey', last as AttributeMap, sent, order)
  if (back !== undefined) return back
  // a page that ends mid-answer goes on from an item's key: each is past the key sent too (the
  // first is, and each of the others is past it, as checked above)
  const first: unknown = items?.[0]
  return first === undefined ? undefined : orderWhy('an item of it', isMap(first) ? (first as AttributeMap) : {}, sent, order)
}

/** The order of a Query's keys: its range key attribute, ascending or descending (`ScanIndexForward: false`). */
export interface KeyOrder {
  /** The range key attribute: the table's, or the index's (the first of a multi-attribute key). */
  readonly attribute: string
  readonly descending: boolean
  /**
   * A Query through an index: its range key attributes (`attribute` and any after it, compared
   * in turn). Items equal on them are not in the table key's order (DynamoDB Local gives them
   * in an order of its own, neither the table key's nor its reverse), so ties pass: each item,
   * and the `LastEvaluatedKey`, is refused only where it lies before the one before it.
   */
  readonly index?: ReadonlyArray<string>
}

/**
 * The order of a Query's answers whose range key attributes are `range` (the table's, or with
 * `index` the index's), `descending` or not; `undefined` without a range key (no order to check).
 */
export const queryOrder = (range: ReadonlyArray<string>, descending: boolean, index: boolean): KeyOrder | undefined => {
  const attribute = range[0]
  return attribute === undefined ? undefined : index ? { attribute, descending, index: range } : { attribute, descending }
}

/** "the Query's order of …", as a message names `order`. */
const orderName = (order: KeyOrder): string =>
  `the Query's ${order.descending ? 'descending ' : ''}order of ${order.index === undefined ? order.attribute : `the index's range key (${order.index.join(', ')})`}`

/**
 * `compareRange` of two keys (items of an answer, or its `LastEvaluatedKey`) equal on the
 * first of the range key attributes `range`: on the others, in turn (the first that differs
 * decides); `undefined` where one is missing or of another type.
 */
const compareRest = (a: AttributeMap, b: AttributeMap, range: ReadonlyArray<string>): number | undefined => {
  for (let i = 1; i < range.length; i++) {
    const x: unknown = a[range[i] as string]
    const y: unknown = b[range[i] as string]
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return undefined
    const c = compareRange(x as AttributeValue, y as AttributeValue)
    if (c !== 0) return c
  }
  return 0
}

/**
 * The partition a Query asks for: each hash key attribute of what it reads (the table's, or the
 * index's: one, or each of a multi-attribute key) and the value its key condition gives it, as
 * sent (a composed key's text too, as stored). Every item DynamoDB answers holds them, equal:
 * a projection always reads the key attributes, an index's too (KEYS_ONLY and INCLUDE alike).
 */
export interface Partition {
  readonly attributes: ReadonlyArray<string>
  readonly values: ReadonlyArray<AttributeValue>
  /**
   * The bounds the key condition sets on the range key attributes (where it sets any): each
   * item DynamoDB reads, and so its `LastEvaluatedKey`, holds every one of them.
   */
  readonly range?: ReadonlyArray<RangeBound>
}

/**
 * A bound of a Query's key condition on a range key attribute: `attribute op value`
 * (`BETWEEN a AND b` is `>= a` and `<= b`), or `begins_with(attribute, value)`; its value
 * encoded as the compiled request sends it.
 */
export interface RangeBound {
  readonly attribute: string
  readonly op: '=' | '<' | '<=' | '>' | '>=' | 'begins_with'
  readonly value: AttributeValue
}

/**
 * The partition of a Query whose key condition is `keyCondition` and whose hash key attributes
 * are `hash`, read from the condition's AST: each attribute's equality (`attribute = value`,
 * DynamoDB's one form of a hash key's condition, inside ANDs and one-member ORs as the compiler
 * takes them), its value encoded as the compiled request sends it (`toAttributeValue`, as the
 * compiler encodes a key condition's value). `undefined` when an attribute has no such equality
 * of a string, number or binary value (then no item is checked). With `range` (the range key
 * attributes of what it reads), the bounds the condition sets on them too (`RangeBound`s, read
 * the same way: a form not known adds none). Read once per read, at its first answer: nothing
 * is added to building the request.
 */
export const partitionOf = (keyCondition: C.Condition, hash: ReadonlyArray<string>, range: ReadonlyArray<string> = []): Partition | undefined => {
  const found: Array<AttributeValue | undefined> = hash.map(() => undefined)
  eachConjunct(keyCondition, (c) => equality(c, hash, found))
  if (!found.every((v) => v !== undefined)) return undefined
  const bounds: RangeBound[] = []
  if (range.length > 0) eachConjunct(keyCondition, (c) => rangeBound(c, range, bounds))
  const partition = { attributes: hash, values: found as ReadonlyArray<AttributeValue> }
  return bounds.length === 0 ? partition : { ...partition, range: bounds }
}

/** A key condition's value as the compiled request sends it, when a key value (S, N or B). */
const keyValue = (o: C.Operand): AttributeValue | undefined => {
  if (o._tag !== 'Value') return undefined
  const v = toAttributeValue(o, false)
  if (E.isLeft(v)) return undefined
  const av = v.right
  return av.S !== undefined || av.N !== undefined || av.B !== undefined ? av : undefined
}

/** The range key attribute of `range` an operand reads (a top-level path), or `undefined`. */
const rangeAttribute = (o: C.Operand, range: ReadonlyArray<string>): string | undefined =>
  o._tag === 'Path' && o.elements.length === 1 && range.includes(o.elements[0] as string) ? (o.elements[0] as string) : undefined

/**
 * Calls `visit` on each conjunct of a key condition `c`: through ANDs and one-member ORs (as the
 * planner reads a key condition); deeper than any expression, nothing (the compiler refused it,
 * so no read asks).
 */
const eachConjunct = (c: C.Condition, visit: (c: C.Condition) => void, depth = 0): void => {
  if (depth > AST_DEPTH) return
  switch (c._tag) {
    case 'And':
      for (const d of c.conditions) eachConjunct(d, visit, depth + 1)
      return
    case 'Or':
      if (c.conditions.length === 1) eachConjunct(c.conditions[0] as C.Condition, visit, depth + 1)
      return
    default:
      visit(c)
  }
}

/**
 * Puts into `out` the bound a conjunct `c` of a key condition (`eachConjunct`) sets on an
 * attribute of `range`; a form it does not know adds none (no check, no refusal).
 */
const rangeBound = (c: C.Condition, range: ReadonlyArray<string>, out: RangeBound[]): void => {
  switch (c._tag) {
    case 'Comparison': {
      const attribute = rangeAttribute(c.left, range)
      const value = keyValue(c.right)
      if (attribute !== undefined && value !== undefined && c.op !== '<>') out.push({ attribute, op: c.op, value })
      return
    }
    case 'Between': {
      const attribute = rangeAttribute(c.operand, range)
      const low = keyValue(c.low)
      const high = keyValue(c.high)
      if (attribute !== undefined && low !== undefined && high !== undefined) {
        out.push({ attribute, op: '>=', value: low }, { attribute, op: '<=', value: high })
      }
      return
    }
    case 'BeginsWith': {
      const attribute = rangeAttribute(c.path, range)
      const value = keyValue(c.prefix)
      if (attribute !== undefined && value !== undefined) out.push({ attribute, op: 'begins_with', value })
      return
    }
    default:
      return
  }
}

/**
 * Puts into `found` the value a conjunct `c` of a key condition (`eachConjunct`) gives a
 * top-level attribute of `hash` by an equality (at its place in `hash`).
 */
const equality = (c: C.Condition, hash: ReadonlyArray<string>, found: Array<AttributeValue | undefined>): void => {
  switch (c._tag) {
    case 'Comparison': {
      const left = c.left
      const right = c.right
      if (c.op !== '=' || left._tag !== 'Path' || right._tag !== 'Value') return
      const elements = left.elements
      if (elements.length !== 1) return
      const at = hash.indexOf(elements[0] as string)
      if (at === -1) return
      const v = toAttributeValue(right, false)
      if (E.isLeft(v)) return
      const av = v.right
      if (av.S !== undefined || av.N !== undefined || av.B !== undefined) found[at] = av
      return
    }
    default:
      return
  }
}

/**
 * Why `item`, of a Query's answer (an item, or its `LastEvaluatedKey`), is not of its
 * `partition` (a hash key attribute missing or another value: strings code unit for code unit,
 * numbers by exact value, `1` and `1.0` one, binary byte for byte), said after what it is, or
 * `undefined`. Nothing is made per item.
 */
const partitionWhy = (item: unknown, partition: Partition): string | undefined => {
  const { attributes, values } = partition
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i] as string
    const got: unknown = isMap(item) ? (item as Record<string, unknown>)[a] : undefined
    if (!sameKeyValue(got, values[i] as AttributeValue)) {
      return `is not of the Query's partition: its ${showElements([a])} is not the one the key condition asks for`
    }
  }
  return undefined
}

/**
 * Why `key` (a Query's `LastEvaluatedKey`, or an item of its answer) is outside the bounds its
 * key condition sets on the range key (`partition.range`: a value past one, of another type, not of the prefix; numbers
 * by exact value, strings and bytes in DynamoDB's order), said after what it is, or `undefined`.
 */
const rangeWhy = (key: unknown, partition: Partition): string | undefined => {
  const bounds = partition.range
  if (bounds === undefined) return undefined
  for (const b of bounds) {
    const got: unknown = isMap(key) ? (key as Record<string, unknown>)[b.attribute] : undefined
    if (!holdsBound(got, b)) {
      return `is outside the Query's key condition: its ${showElements([b.attribute])} is not within the bounds the key condition asks for`
    }
  }
  return undefined
}

/** Whether the stored value `got` (of an answer: any shape) holds the bound `b`. */
const holdsBound = (got: unknown, b: RangeBound): boolean => {
  if (typeof got !== 'object' || got === null) return false
  const g = got as { readonly S?: unknown; readonly N?: unknown; readonly B?: unknown }
  const w = b.value
  if (b.op === 'begins_with') {
    return w.S !== undefined ? typeof g.S === 'string' && g.S.startsWith(w.S) : w.B !== undefined && g.B instanceof Uint8Array && bytesStartWith(g.B, w.B)
  }
  const c =
    w.S !== undefined ? (typeof g.S === 'string' ? compareStrings(g.S, w.S) : undefined)
    : w.N !== undefined ? (typeof g.N === 'string' ? compareRange({ N: g.N }, w) : undefined)
    : w.B !== undefined && g.B instanceof Uint8Array ? compareBytes(g.B, w.B)
    : undefined
  if (c === undefined) return false
  switch (b.op) {
    case '=':
      return c === 0
    case '<':
      return c < 0
    case '<=':
      return c <= 0
    case '>':
      return c > 0
    case '>=':
      return c >= 0
  }
}

/** Whether the stored value `got` (of an answer: any shape) is the key value `want`. */
const sameKeyValue = (got: unknown, want: AttributeValue): boolean => {
  if (typeof got !== 'object' || got === null) return false
  const g = got as { readonly S?: unknown; readonly N?: unknown; readonly B?: unknown }
  if (want.S !== undefined) return g.S === want.S
  // (an answer's text: compared uncached, as compareRange does)
  if (want.N !== undefined) return typeof g.N === 'string' && (g.N === want.N || Num.sameValue(g.N, want.N))
  return want.B !== undefined && g.B instanceof Uint8Array && bytesEqual(g.B, want.B)
}

/**
 * Why `key` (`what`: a Query's `LastEvaluatedKey` after `sent`, or an item of its answer) is not
 * past `sent` in `order` (its range key equal to `sent`'s, before it, missing or of another
 * type; through an index, only before it: `KeyOrder.index`), or `undefined`.
 */
const orderWhy = (what: string, key: AttributeMap, sent: AttributeMap, order: KeyOrder): string | undefined => {
  const a = key[order.attribute]
  const b = sent[order.attribute]
  let c = typeof a !== 'object' || a === null || typeof b !== 'object' || b === null ? undefined : compareRange(a, b)
  if (order.index === undefined) {
    return c !== undefined && (order.descending ? c < 0 : c > 0) ? undefined : `${what} is not past the ExclusiveStartKey it was sent in ${orderName(order)}: the read would go back`
  }
  if (c === 0) c = compareRest(key, sent, order.index)
  return c !== undefined && (order.descending ? c <= 0 : c >= 0) ? undefined : `${what} is before the ExclusiveStartKey it was sent in ${orderName(order)}: the read would go back`
}

/**
 * `compareOrdered` of a range key value of an answer (`a`) with the one sent (`b`), numbers
 * parsed here rather than through the decimal module's cache: a walk meets each item's key once,
 * and would fill that cache, which keeps the constants conditions compare over and over.
 */
const compareRange = (a: AttributeValue, b: AttributeValue): number | undefined => compareParsed(a, numberOf(a), b, numberOf(b))

/** `compareRange` of `a` and `b` given their numbers parsed (`numberOf`: `x` of `a`, `y` of `b`). */
const compareParsed = (a: AttributeValue, x: Num.Decimal | undefined, b: AttributeValue, y: Num.Decimal | undefined): number | undefined => {
  if (a.N === undefined || b.N === undefined) return compareOrdered(a, b)
  if (a.N === b.N) return 0
  return x === undefined || y === undefined ? undefined : Num.compare(x, y)
}

/** The number of a range key value `v` (`N`), parsed, or `undefined` (another type, or no number). */
const numberOf = (v: AttributeValue): Num.Decimal | undefined => (typeof v.N === 'string' ? Num.parse(v.N) : undefined)

/** `item` is a map that holds each attribute of `keyNames`, an object. */
const holdsKey = (item: unknown, keyNames: ReadonlyArray<string>): boolean => {
  if (!isMap(item)) return false
  for (let i = 0; i < keyNames.length; i++) {
    const v: unknown = (item as Record<string, unknown>)[keyNames[i] as string]
    if (typeof v !== 'object' || v === null) return false
  }
  return true
}

/** `last` is a map of exactly the attributes `keyNames`, each an object. */
const isKeyOf = (last: unknown, keyNames: ReadonlyArray<string>): boolean => {
  if (!isMap(last)) return false
  let count = 0
  for (const k in last as Record<string, unknown>) {
    const v: unknown = (last as Record<string, unknown>)[k]
    if (!keyNames.includes(k) || typeof v !== 'object' || v === null) return false
    count++
  }
  return count === keyNames.length
}

const isMap = (u: unknown): boolean => isRecord(u)

/**
 * What a walk of pages remembers of the keys its answers gave, to tell one that comes round
 * again (Brent's cycle finding, in constant memory): `kept`, one key it gave, and `steps`, the
 * keys given since; after `power` steps the key of the moment is kept instead and `power`
 * doubles. DynamoDB's next page always starts after the key it was asked from, so a walk
 * never gives a key twice (the keys of a Query or Scan come in one order, and its position
 * only moves on in it, however long between pages); an endpoint whose keys go round (A, B, A,
 * B, …) would be read on for ever, each request's key another than the one it was sent
 * (`answerWhy`). A cursor holds its position's trail (`Cursor`), so a walk of `page` by
 * cursor, a call a page, is one walk.
 */
export interface Trail {
  readonly kept: AttributeMap
  readonly power: number
  readonly steps: number
  /**
   * Set where `kept` is a plain cursor's (made without `cursorKey`: anyone can write one whose
   * checksum is right), not a key this process saw an answer give: that key given again may be
   * the cursor's doing, not the endpoint's (`keptWritten`).
   */
  readonly written?: true
}

/** Why a walk stops at a `LastEvaluatedKey` it gave before (`trailAfter`'s `undefined`). */
export const cameRound = 'its LastEvaluatedKey is one an earlier answer of this read gave: the read would go round for ever'

/**
 * Why a walk stops at an item whose key an earlier answer gave as a position (the read went on
 * from it: a page that ended mid-answer, `pages.afterItem`): DynamoDB gives the items after the
 * key it is asked from, never one at or before it.
 */
export const itemCameRound = 'an item of its answer is at a key an earlier answer of this read gave: the read would go round for ever'

/**
 * The trail of a walk after the answer to a request from `sent` (the key the walk went on from:
 * the answer before's `LastEvaluatedKey` or the key of an item of it, with `trail`, that answer's
 * trail, `undefined` after the walk's first answer) gave `last`, or `undefined` when `last` is
 * a key the walk gave before (found within a few turns of its cycle).
 */
export const trailAfter = (keyNames: ReadonlyArray<string>, sent: AttributeMap, trail: Trail | undefined, last: AttributeMap): Trail | undefined => {
  const fresh = trail === undefined || trail.steps === trail.power
  const t: Trail = fresh ? { kept: sent, power: trail === undefined ? 1 : trail.power * 2, steps: 0 } : trail
  if (sameKeyAt(keyNames, last, t.kept)) return undefined
  const steps = t.steps + 1
  if (t.written === true) return { kept: t.kept, power: t.power, steps, written: true }
  return { kept: t.kept, power: t.power, steps }
}

/**
 * Whether `trailAfter(…, trail, last)`'s `undefined` found `last` at a kept key a plain cursor
 * wrote (`Trail.written`; its trail not yet moved on to a key of its own): the cursor's
 * forgery, or the endpoint's keys going round, and no telling which.
 */
export const keptWritten = (trail: Trail | undefined): boolean =>
  trail !== undefined && trail.written === true && trail.steps !== trail.power

/** Why a walk stops at a key a plain cursor's trail holds (`keptWritten`): the cursor's refusal. */
export const cursorCameRound =
  "its trail's kept key is one an answer of this read gave again: the cursor was altered (a cursor made " +
  'without a cursorKey can be rewritten by anyone), or the endpoint\'s keys go round; start the read again without it'

/**
 * Why a BatchGetItem's answer to a request for `keys` keys of `table` (whose key attributes are
 * `keyNames`) is none DynamoDB gives: its `ConsumedCapacity` none of such a request
 * (`capacityWhy`); it always sends `Responses` and `UnprocessedKeys` (`{}`
 * when none), one of them at least must be a map; each names only the request's table, the
 * items of `Responses` a list of maps that hold the key attributes (DynamoDB always reads
 * them), the `UnprocessedKeys` a map whose `Keys` are a list of maps. An item without its key
 * would be read as its key's "no item", and a list of something else would fail the read of
 * every other chunk's items.
 */
export const batchGetWhy = (
  out: { readonly Responses?: unknown; readonly UnprocessedKeys?: unknown; readonly ConsumedCapacity?: unknown },
  table: string,
  keyNames: ReadonlyArray<string>,
  keys: number,
): string | undefined => {
  const capacity = capacityWhy(out.ConsumedCapacity, batchCapacity(table, keys))
  if (capacity !== undefined) return capacity
  const found = out.Responses
  const left = out.UnprocessedKeys
  if (!isMap(found) && !isMap(left)) return 'it has neither Responses nor UnprocessedKeys'
  if (found !== undefined) {
    if (!isMap(found)) return 'its Responses are no map'
    for (const name in found as Record<string, unknown>) {
      if (name !== table) return 'its Responses name a table it was not asked for'
      const items: unknown = (found as Record<string, unknown>)[name]
      if (!Array.isArray(items) || !items.every((i) => isMap(i) && keyNames.every((k) => isMap((i as Record<string, unknown>)[k])))) {
        return 'its Responses are no list of items holding their key'
      }
    }
  }
  if (left !== undefined) {
    if (!isMap(left)) return 'its UnprocessedKeys are no map'
    for (const name in left as Record<string, unknown>) {
      if (name !== table) return 'its UnprocessedKeys name a table it was not asked for'
      const keys: unknown = (left as Record<string, Record<string, unknown> | undefined>)[name]?.Keys
      if (!Array.isArray(keys) || !keys.every(isMap)) return 'its UnprocessedKeys hold no list of keys'
    }
  }
  return undefined
}

/**
 * Why a BatchWriteItem's answer to a request of writes to `table` is none DynamoDB gives:
 * `UnprocessedItems` (`{}` when none) is always a map, naming only the request's table, each
 * a list of write requests (a `PutRequest` with its `Item`, a `DeleteRequest` with its `Key`).
 * Another table's would be read as every write done; a list of something else would fail the
 * account of every other chunk's writes.
 */
export const batchWriteWhy = (out: { readonly UnprocessedItems?: unknown }, table: string): string | undefined => {
  const left = out.UnprocessedItems
  if (!isMap(left)) return 'it has no UnprocessedItems'
  for (const name in left as Record<string, unknown>) {
    if (name !== table) return 'its UnprocessedItems name a table it was not sent'
    const writes: unknown = (left as Record<string, unknown>)[name]
    if (!Array.isArray(writes) || !writes.every(isWriteRequest)) return 'its UnprocessedItems are no list of write requests'
  }
  return undefined
}

/** A `PutRequest` with its `Item`, or a `DeleteRequest` with its `Key`. */
const isWriteRequest = (w: unknown): boolean => {
  if (!isMap(w)) return false
  const { PutRequest: put, DeleteRequest: del } = w as { readonly PutRequest?: { readonly Item?: unknown }; readonly DeleteRequest?: { readonly Key?: unknown } }
  return (isMap(put) && isMap(put?.Item)) || (isMap(del) && isMap(del?.Key))
}

/** Why an UpdateItem's answer to `ReturnValues: 'ALL_NEW'` is none DynamoDB gives: an update leaves an item, always in `Attributes`. */
export const updatedWhy = (out: { readonly Attributes?: unknown }): string | undefined =>
  isMap(out.Attributes) ? undefined : 'it has no Attributes (an update asked for ALL_NEW always leaves an item)'

/**
 * Why a DescribeTable's or DescribeTimeToLive's answer is none DynamoDB gives: `Table`,
 * `TimeToLiveDescription` (a missing table is ResourceNotFoundException), and in them every
 * member `describe.fromDescription` reads, of the shape DynamoDB gives it (`tableWhy`,
 * `ttlWhy`). A `TableStatus` left out would be read as ACTIVE, and a wait for the table would
 * end as if it were ready; a key schema or an index of another shape would fail the read.
 */
export const describedWhy = (
  out: { readonly Table?: unknown } | { readonly TimeToLiveDescription?: unknown },
  member: 'Table' | 'TimeToLiveDescription',
  quote: Quote,
): string | undefined => {
  const d: unknown = (out as Record<string, unknown>)[member]
  if (!isMap(d)) return `it has no ${member}`
  const why = member === 'Table' ? tableWhy(d as Record<string, unknown>, quote) : ttlWhy(d as Record<string, unknown>)
  return why === undefined ? undefined : `its ${member} ${why}`
}

/**
 * How a why quotes a text the answer gave (an index's name, a key attribute's): an endpoint may
 * echo a credential there, so the caller gives the Env's cleaning (`config.cleaner`).
 */
export type Quote = (answered: string) => string

const isString = (u: unknown): boolean => typeof u === 'string'
const isCount = (u: unknown): boolean => isWhole(u, 0)
const absentOr = (u: unknown, is: (u: unknown) => boolean): boolean => u === undefined || is(u)

/**
 * Why a `KeySchema` is none DynamoDB gives: a list of `{ AttributeName, KeyType: HASH | RANGE }`
 * with a HASH. A table's (with `defined`, its AttributeDefinitions' names) has one HASH and at
 * most one RANGE, each defined; an index's key may be of several attributes of a role, and
 * DynamoDB may list an index being deleted whose attributes it no longer defines.
 */
const keySchemaWhy = (schema: unknown, quote: Quote, defined?: ReadonlySet<unknown>): string | undefined => {
  if (!Array.isArray(schema) || !schema.every((k) => isMap(k) && isString(k.AttributeName) && (k.KeyType === 'HASH' || k.KeyType === 'RANGE'))) {
    return 'is no list of key attributes (AttributeName, KeyType HASH or RANGE)'
  }
  const keys = schema as ReadonlyArray<{ readonly AttributeName: string; readonly KeyType: string }>
  const hashes = keys.filter((k) => k.KeyType === 'HASH').length
  if (hashes === 0) return 'has no HASH key'
  if (defined === undefined) return undefined
  if (hashes > 1 || keys.length > 2) return 'has more than one HASH or RANGE key'
  const missing = keys.find((k) => !defined.has(k.AttributeName))
  return missing === undefined ? undefined : `names ${quote(missing.AttributeName)}, which the AttributeDefinitions do not define`
}

/** A `ProvisionedThroughput` left out, or a map whose units are whole numbers ≥ 0. */
const throughputOk = (pt: unknown): boolean =>
  pt === undefined || (isMap(pt) && absentOr((pt as Record<string, unknown>).ReadCapacityUnits, isCount) && absentOr((pt as Record<string, unknown>).WriteCapacityUnits, isCount))

const projectionOk = (p: unknown): boolean => {
  if (p === undefined) return true
  if (!isMap(p)) return false
  const { ProjectionType: type, NonKeyAttributes: attrs } = p as Record<string, unknown>
  return absentOr(type, isString) && absentOr(attrs, (a) => Array.isArray(a) && a.every(isString))
}

/** Why an index of `LocalSecondaryIndexes` or `GlobalSecondaryIndexes` is none DynamoDB gives. */
const indexWhy = (ix: unknown, quote: Quote): string | undefined => {
  if (!isMap(ix)) return 'is no map'
  const i = ix as Record<string, unknown>
  if (!isString(i.IndexName)) return 'has no IndexName'
  const name = quote(i.IndexName as string)
  const keys = keySchemaWhy(i.KeySchema, quote)
  if (keys !== undefined) return `(${name}) has a KeySchema that ${keys}`
  if (!projectionOk(i.Projection)) return `(${name}) has a Projection of another shape`
  if (!absentOr(i.IndexStatus, isString)) return `(${name}) has an IndexStatus that is no string`
  if (!absentOr(i.Backfilling, (b) => typeof b === 'boolean')) return `(${name}) has a Backfilling that is no boolean`
  if (!absentOr(i.ItemCount, isCount)) return `(${name}) has an ItemCount that is no whole number ≥ 0`
  return throughputOk(i.ProvisionedThroughput) ? undefined : `(${name}) has a ProvisionedThroughput that is no map of whole numbers ≥ 0`
}

/** Why a DescribeTable's `Table` is none DynamoDB gives (what `describedWhy` says after `its Table`). */
const tableWhy = (t: Record<string, unknown>, quote: Quote): string | undefined => {
  if (!isString(t.TableName)) return 'has no TableName'
  if (!isString(t.TableStatus)) return 'has no TableStatus'
  // a table DELETING is described as DeleteTable answers: without its keys and their definitions
  const deleting = t.TableStatus === 'DELETING'
  const defs = t.AttributeDefinitions
  if (!(deleting && defs === undefined)) {
    if (!Array.isArray(defs) || !defs.every((d) => isMap(d) && isString(d.AttributeName) && (d.AttributeType === 'S' || d.AttributeType === 'N' || d.AttributeType === 'B'))) {
      return 'has no list of AttributeDefinitions (AttributeName, AttributeType S, N or B)'
    }
  }
  if (!(deleting && t.KeySchema === undefined)) {
    const defined: ReadonlySet<unknown> = new Set(Array.isArray(defs) ? defs.map((d) => (d as Record<string, unknown>).AttributeName) : [])
    const keys = keySchemaWhy(t.KeySchema, quote, defined)
    if (keys !== undefined) return `whose KeySchema ${keys}`
  }
  for (const member of ['LocalSecondaryIndexes', 'GlobalSecondaryIndexes'] as const) {
    const list = t[member]
    if (list === undefined) continue
    if (!Array.isArray(list)) return `whose ${member} are no list`
    for (const ix of list) {
      const why = indexWhy(ix, quote)
      if (why !== undefined) return `whose ${member} hold an index that ${why}`
    }
  }
  const billing = t.BillingModeSummary
  if (!absentOr(billing, (b) => isMap(b) && absentOr((b as Record<string, unknown>).BillingMode, isString))) return 'whose BillingModeSummary is no map'
  if (!throughputOk(t.ProvisionedThroughput)) return 'whose ProvisionedThroughput is no map of whole numbers ≥ 0'
  if (!absentOr(t.ItemCount, isCount)) return 'whose ItemCount is no whole number ≥ 0'
  if (!absentOr(t.TableSizeBytes, isCount)) return 'whose TableSizeBytes is no whole number ≥ 0'
  return undefined
}

/**
 * Why a DescribeTimeToLive's `TimeToLiveDescription` is none DynamoDB gives: it always names its
 * `TimeToLiveStatus`, one of the four it documents (another, read as DISABLED, would have a
 * plan enable a time to live that may be on).
 */
const ttlWhy = (d: Record<string, unknown>): string | undefined =>
  !isString(d.TimeToLiveStatus)
    ? 'has no TimeToLiveStatus'
    : !(ttlStatuses as ReadonlyArray<unknown>).includes(d.TimeToLiveStatus)
      ? `whose TimeToLiveStatus is none of ${ttlStatuses.join(', ')}`
      : !absentOr(d.AttributeName, isString)
        ? 'whose AttributeName is no string'
        : undefined

/**
 * Why an answer the SDK resolved with is DynamoDB's error shape (`__type`, and a `message`):
 * an HTTP 200 whose body is an error, which the SDK reads by its status only, resolving with
 * the error's members as the command's output (a PutItem's success, a GetItem's "no item").
 * DynamoDB never answers a request it served with `__type`. Checked of every answer
 * (`send.ts`): one member read. The error's name is quoted (the part after `#`, when it is
 * a name; by `quote`), never its message. An answer whose read throws (a client of the application's
 * answering a Proxy) is left to the reading of its operation, which takes such a throw.
 */
export const errorShapeWhy = (out: unknown, quote: Quote): string | undefined => {
  let type: unknown
  try {
    type = typeof out === 'object' && out !== null ? (out as { readonly __type?: unknown }).__type : undefined
  } catch {
    return undefined
  }
  if (type === undefined) return undefined
  const name = typeof type === 'string' ? type.slice(type.lastIndexOf('#') + 1) : ''
  return `it is an error (${/^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(name) ? quote(name) : 'its __type no name'}) with a success's status`
}

// -------------------------------------------------------------------------------------
// items at a key
// -------------------------------------------------------------------------------------

/**
 * Why `item`, which an answer gives at the key `key` its request names, is not at that key: an
 * attribute of the key of another value (`sameKeyValue`: strings code unit for code unit,
 * numbers by exact value, `1` and `1.0` one, binary byte for byte) or, where `whole` (the answer
 * holds every attribute of the item: nothing projected), missing; `undefined` when it is at the
 * key. A projected answer may leave a key attribute out, never give it another value. Another
 * key's item read as the one asked for would be decoded, returned, written back or taken as
 * what is stored there.
 */
export const keyedWhy = (item: unknown, key: AttributeMap, whole: boolean): string | undefined => {
  if (!isMap(item)) return 'is no map of attributes'
  for (const name of Object.keys(key)) {
    const got: unknown = hasOwn(item as object, name) ? (item as Record<string, unknown>)[name] : undefined
    if (got === undefined ? whole : !sameKeyValue(got, key[name] as AttributeValue)) {
      return `is not at the key it was asked for: its ${showElements([name])} is ${got === undefined ? 'missing' : "another than the key's"}`
    }
  }
  return undefined
}

/** An item of an answer that is one: a map of at least one attribute (`{}`, `null` and none are no item, as the operations read them). */
const someItem = (u: unknown): boolean => u !== undefined && u !== null && !(isMap(u) && Object.keys(u as object).length === 0)

/** The members of a request that say which key it is of and what its answer holds. */
interface Keyed {
  readonly Key?: unknown
  readonly Item?: unknown
  readonly ProjectionExpression?: unknown
  readonly AttributesToGet?: unknown
  readonly ReturnValues?: unknown
}

/**
 * `key` (a request's `Key`) where each of its values is a key's attribute value (an object of
 * exactly one of `S`, `N`, `B`), else `undefined`: a document client's command
 * (`@aws-sdk/lib-dynamodb`) names its key in JavaScript values, and its answer's items are
 * JavaScript values too (its own middleware translates both ways), which are not checked here.
 */
const attributeKey = (key: unknown): AttributeMap | undefined => {
  if (!isMap(key)) return undefined
  const k = key as Record<string, unknown>
  for (const name of Object.keys(k)) if (!isKeyValue(k[name])) return undefined
  return k as AttributeMap
}

/** `v` is an attribute value of a key's type: an object holding exactly one of `S`, `N`, `B` (nothing else). */
const isKeyValue = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return false
  const names = Object.keys(v)
  return names.length === 1 && (names[0] === 'S' || names[0] === 'N' || names[0] === 'B')
}

/** A request's `Key`, or its put `Item`'s attributes `putKeys` (a put names no key), as attribute values (`attributeKey`), or `undefined`. */
const askedKey = (request: Keyed, putKeys: ReadonlyArray<string> | undefined): AttributeMap | undefined => {
  if (isMap(request.Key)) return attributeKey(request.Key)
  if (putKeys === undefined || !isMap(request.Item)) return undefined
  const item = request.Item as Record<string, unknown>
  const key: Record<string, unknown> = {}
  for (const k of putKeys) if (hasOwn(item, k)) key[k] = item[k]
  return attributeKey(key)
}

/** The request of a transaction's entry (`TransactItems[i]`): its `Get`, `Put`, `Update`, `Delete` or `ConditionCheck`. */
const entryRequest = (entry: unknown): Keyed | undefined => {
  if (!isMap(entry)) return undefined
  const e = entry as { readonly Get?: unknown; readonly Put?: unknown; readonly Update?: unknown; readonly Delete?: unknown; readonly ConditionCheck?: unknown }
  const r = e.Get ?? e.Put ?? e.Update ?? e.Delete ?? e.ConditionCheck
  return isMap(r) ? (r as Keyed) : undefined
}

/**
 * Why a served answer to `input` gives an item at another key than the one `input` names
 * (`keyedWhy`), or `undefined`: a GetItem's `Item` (whole unless projected), the `Attributes` an
 * UpdateItem or DeleteItem returns (whole for `ALL_NEW` and `ALL_OLD`; an `UPDATED_` answer holds
 * no key attribute, and any it holds is checked), each `Item` of a TransactGetItems' `Responses`
 * against its entry's `Get`. The answer of a request that names no key (a put, a Query), or names
 * it in JavaScript values (a document client's command: `attributeKey`), is not read here. Checked of every answer (`send.ts`), as `errorShapeWhy`: what throws while it is
 * read (a client of the application's answering a Proxy) is left to the operation's reading.
 */
export const answeredKeyWhy = (input: unknown, out: unknown): string | undefined => {
  try {
    if (!isMap(input) || !isMap(out)) return undefined
    const request = input as Keyed & { readonly TransactItems?: unknown }
    if (isMap(request.Key)) {
      const key = attributeKey(request.Key)
      if (key === undefined) return undefined
      const { Item: item, Attributes: attributes } = out as { readonly Item?: unknown; readonly Attributes?: unknown }
      if (someItem(item)) {
        const why = keyedWhy(item, key, request.ProjectionExpression === undefined && request.AttributesToGet === undefined)
        return why === undefined ? undefined : `its Item ${why}`
      }
      if (!someItem(attributes)) return undefined
      const why = keyedWhy(attributes, key, request.ReturnValues === 'ALL_NEW' || request.ReturnValues === 'ALL_OLD')
      return why === undefined ? undefined : `its Attributes ${why}`
    }
    const responses: unknown = (out as { readonly Responses?: unknown }).Responses
    const entries = request.TransactItems
    if (!Array.isArray(responses) || !Array.isArray(entries)) return undefined
    for (let i = 0; i < responses.length && i < entries.length; i++) {
      const response: unknown = responses[i]
      const item: unknown = isMap(response) ? (response as { readonly Item?: unknown }).Item : undefined
      const get = entryRequest(entries[i])
      const key = get === undefined ? undefined : attributeKey(get.Key)
      if (!someItem(item) || get === undefined || key === undefined) continue
      const why = keyedWhy(item, key, get.ProjectionExpression === undefined)
      if (why !== undefined) return `its response ${i} ${why}`
    }
    return undefined
  } catch {
    return undefined
  }
}

/**
 * Why the item a refused write returns (`ReturnValuesOnConditionCheckFailure: ALL_OLD`) is not at
 * the key of the request `input` that was refused (`keyedWhy`, every attribute of the key: the
 * item is returned whole), or `undefined`: a `ConditionalCheckFailed`'s `item`, each cancellation
 * reason's `stored` item against its entry's key (where the reasons are one per entry: reasons
 * that are not cannot be told to their entries, which `transactWrite` says). A put names no key:
 * its item's attributes `putKeys[i]` are its key (a PutItem's at 0, a transaction's put by its
 * index); a put without them is not checked (an application's own command: no key is known).
 */
export const returnedKeyWhy = (input: unknown, error: DE.DynamoError, putKeys: ReadonlyArray<ReadonlyArray<string> | undefined> | undefined): string | undefined => {
  try {
    if (!isMap(input)) return undefined
    if (error._tag === 'ConditionalCheckFailed') {
      const key = error.item === undefined ? undefined : askedKey(input as Keyed, putKeys?.[0])
      const why = key === undefined ? undefined : keyedWhy(error.item, key, true)
      return why === undefined ? undefined : `the item its ConditionalCheckFailed returns ${why}`
    }
    if (error._tag !== 'TransactionCanceled') return undefined
    const entries = (input as { readonly TransactItems?: unknown }).TransactItems
    if (!Array.isArray(entries) || entries.length !== error.reasons.length) return undefined
    for (let i = 0; i < entries.length; i++) {
      const stored = error.reasons[i]?.stored
      const request = stored === undefined ? undefined : entryRequest(entries[i])
      const key = request === undefined ? undefined : askedKey(request, putKeys?.[i])
      const why = key === undefined ? undefined : keyedWhy(stored, key, true)
      if (why !== undefined) return `the item of its cancellation reason ${i} ${why}`
    }
    return undefined
  } catch {
    return undefined
  }
}

/**
 * Why an answer whose body is no JSON object (`[]`, `"x"`, `42`, `null`, nothing) is none
 * DynamoDB gives, to any request: the SDK reads such a body as `{}` (`answerBody` looks at it
 * before the SDK does).
 */
export const nonObjectBody = 'its body is no JSON object (DynamoDB answers every request it served with one)'

/** An answer one of these checks refuses, as the error of the request that brought it. */
export const unreadableAnswer = (why: string): DE.DynamoError => DE.awsError('InvalidAnswer', `DynamoDB's answer could not be read: ${why}`, false, undefined)

/**
 * fast-check arbitraries of stored items (`AttributeValue` maps) and of conditions and
 * updates over their paths, for the differential specs of `Evaluate` against DynamoDB
 * Local. Items draw their attribute names, map keys and scalars from small pools, so the
 * generated conditions meet existing paths, equal values and type clashes often:
 * missing attributes, mixed types, nested maps and lists, sets, numbers of up to 38 digits
 * (tiny and huge) in odd spellings (`-0`, `+1`, `.5`, `1e2`, `0.10`), unicode strings with
 * astral characters, NUL and the code points where UTF-8 and UTF-16 orders part, binaries with
 * high bytes; and, as constants only, zeros DynamoDB refuses to read (`0E-2147483648`).
 *
 * Values in the ASTs are `Value` nodes whose codec marshals exactly to a given
 * `AttributeValue` (`avValue`), so a generated constant means one stored value.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { NumberValueImpl } from '@aws-sdk/util-dynamodb'
import fc from 'fast-check'
import * as t from 'io-ts'
import type * as C from '../../lib/ast/Condition.js'
import * as P from '../../lib/ast/Path.js'
import type * as U from '../../lib/ast/Update.js'
import * as Cmp from '../../lib/rules/compare.js'
import * as D from '../../lib/codec/decimal.js'

export type Item = Record<string, AttributeValue>

// -------------------------------------------------------------------------------------
// pools
// -------------------------------------------------------------------------------------

/** Top-level attribute names (besides the key `pk`). */
export const names: ReadonlyArray<string> = ['a', 'b', 'c', 'd', 'e']

/** Map keys inside documents. */
export const keys: ReadonlyArray<string> = ['x', 'y', 'z']

const strings: ReadonlyArray<string> = ['', 'a', 'ab', 'abc', 'b', 'A', 'é', 'x', '\uFFFD', '\uFF61', '😀', '😀a', '𐀀', 'a😀', '日本', 'ab\u0000c']

/**
 * Strings at the edges of UTF-8's byte lengths and of the orders of code units and code points
 * (U+D7FF below the surrogates, U+E000 and U+FFFF above them, the astral ones between in UTF-16
 * and above in UTF-8), and NUL first, alone and last.
 */
const edgeStrings: ReadonlyArray<string> = ['\u0000', '\u0000a', 'a\u0000', '\u007F', '\u0080', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{10FFFF}', 'a\u{10FFFF}b', '\uFFFFa']

/** Numbers: small and colliding, big and tiny, 38 digits, the same value spelled twice. */
const numbers: ReadonlyArray<string> = [
  '0', '1', '-1', '2', '1.0', '1E+2', '100', '0.5', '-0.5', '3.14', '10',
  '12345678901234567890123456789012345678',
  '12345678901234567890123456789012345677',
  '-12345678901234567890123456789012345678',
  '0.12345678901234567890123456789012345678',
  '1.2345678901234567890123456789012345678E+125',
  '9.9999999999999999999999999999999999999E+125',
  '-9.9999999999999999999999999999999999999E+125',
  '1E-130', '-1E-130', '1E+125', '99999999999999999999999999999999999999',
]

/**
 * Numbers in the spellings a client may send (DynamoDB reads each as its value): a sign, `-0`,
 * a point at either end, leading and trailing zeros, a lower-case `e`, a zero with an exponent,
 * a fraction's zeros past 38 digits; and 38 digits at both ends of the exponent range.
 */
const edgeNumbers: ReadonlyArray<string> = [
  '-0', '-0.0', '+1', '.5', '-.5', '5.', '007', '1e2', '1.0E2', '0.10', '00.00', '0E+10', '0e-10', '+0',
  '1.00000000000000000000000000000000000000000', '10000000000000000000000000000000000000000000',
  '1.0000000000000000000000000000000000001E-130', '-9.9999999999999999999999999999999999999E-93',
  '1.2345678901234567890123456789012345678e125',
]

const bytes: ReadonlyArray<ReadonlyArray<number>> = [[], [0], [1], [0x7f], [0x80], [0xff], [0x80, 0], [1, 2, 3], [2, 3], [0xff, 0xfe]]

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

const digits = fc.stringMatching(/^[1-9][0-9]{0,37}$/)

/**
 * A decimal written as a client may write it: plain notation for moderate exponents, else
 * `d.dddE±n` (DynamoDB itself answers in plain notation, `D.format`).
 */
const scientific = (d: D.Decimal): string => {
  const sign = d.negative ? '-' : ''
  const n = d.digits.length
  const e = d.exponent
  if (e >= n && e <= 40) return sign + d.digits + '0'.repeat(e - n)
  if (e > 0 && e < n) return sign + d.digits.slice(0, e) + '.' + d.digits.slice(e)
  if (e <= 0 && e > -10) return sign + '0.' + '0'.repeat(-e) + d.digits
  const exp = e - 1
  return sign + d.digits[0] + (n > 1 ? '.' + d.digits.slice(1) : '') + 'E' + (exp >= 0 ? '+' : '') + exp
}

/** A random number DynamoDB can store: up to 38 significant digits, exponent in range. */
const randomNumber: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), digits, fc.integer({ min: -125, max: 88 }))
  .map(([neg, ds, e]) => scientific({ negative: neg, digits: ds.replace(/0+$/, '') || '1', exponent: e + 1 }))

export const stringValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...strings) },
  { weight: 1, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
)

export const numberValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...numbers) },
  { weight: 1, arbitrary: fc.constantFrom(...edgeNumbers) },
  { weight: 1, arbitrary: randomNumber },
  { weight: 1, arbitrary: fc.integer({ min: -20, max: 20 }).map(String) },
)

export const binaryValue: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...bytes).map((b) => Uint8Array.from(b)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }) },
)

/**
 * Zeros DynamoDB refuses in a request (`cannot be converted into a number`): it reads a number
 * as a Java `BigDecimal`, whose exponent and scale are 32-bit integers. A constant only: no item
 * holds one.
 */
const unreadNumbers: ReadonlyArray<string> = ['0E-2147483648', '0E99999999999', '-0.0E-99999999999', '0E+2147483648']

/** A number as a request's constant: what an item holds, and now and then one DynamoDB refuses to read. */
const numberConstantValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 12, arbitrary: numberValue.map((n): AttributeValue => ({ N: n })) },
  { weight: 1, arbitrary: fc.constantFrom(...unreadNumbers).map((n): AttributeValue => ({ N: n })) },
)

const S = stringValue.map((s): AttributeValue => ({ S: s }))
const N = numberValue.map((n): AttributeValue => ({ N: n }))
const B = binaryValue.map((b): AttributeValue => ({ B: b }))
const BOOL = fc.boolean().map((b): AttributeValue => ({ BOOL: b }))
const NULL = fc.constant<AttributeValue>({ NULL: true })

const SS = fc.uniqueArray(stringValue, { minLength: 1, maxLength: 3 }).map((ss): AttributeValue => ({ SS: ss }))
const NS = fc
  .uniqueArray(numberValue, { minLength: 1, maxLength: 3, comparator: (a, b) => D.compareStrings(a, b) === 0 })
  .map((ns): AttributeValue => ({ NS: ns }))
const BS = fc
  .uniqueArray(binaryValue, { minLength: 1, maxLength: 3, comparator: (a, b) => Buffer.compare(a, b) === 0 })
  .map((bs): AttributeValue => ({ BS: bs }))

/** A scalar: S, N, B, BOOL or NULL. */
export const scalar: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 4, arbitrary: S },
  { weight: 4, arbitrary: N },
  { weight: 2, arbitrary: B },
  { weight: 1, arbitrary: BOOL },
  { weight: 1, arbitrary: NULL },
)

export const set: fc.Arbitrary<AttributeValue> = fc.oneof(SS, NS, BS)

/** Any stored value, nested up to `depth` levels of lists and maps. */
export const attributeValue = (depth = 2): fc.Arbitrary<AttributeValue> => {
  if (depth <= 0) return fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: set })
  const inner = attributeValue(depth - 1)
  return fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: set },
    { weight: 2, arbitrary: fc.array(inner, { maxLength: 3 }).map((l): AttributeValue => ({ L: l })) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...keys), inner, { maxKeys: 3 }).map((m): AttributeValue => ({ M: m })) },
  )
}

/** An item: `pk` and a few of `names`, each of any type. */
export const item = (pk: string): fc.Arbitrary<Item> =>
  fc.dictionary(fc.constantFrom(...names), attributeValue(2), { maxKeys: names.length }).map((m) => ({ ...m, pk: { S: pk } }))

/** `n` items with keys `i0`… */
export const items = (n: number, prefix = 'i'): fc.Arbitrary<ReadonlyArray<Item>> =>
  fc.tuple(...Array.from({ length: n }, (_, i) => item(`${prefix}${i}`)))

// -------------------------------------------------------------------------------------
// Value nodes
// -------------------------------------------------------------------------------------

/** The plain JS value util-dynamodb marshals to exactly `av` (numbers as `NumberValue`s). */
export const fromAttributeValue = (av: AttributeValue): unknown => {
  if (av.S !== undefined) return av.S
  if (av.N !== undefined) return NumberValueImpl.from(av.N)
  if (av.B !== undefined) return av.B
  if (av.BOOL !== undefined) return av.BOOL
  if (av.NULL !== undefined) return null
  if (av.SS !== undefined) return new Set(av.SS)
  if (av.NS !== undefined) return new Set(av.NS.map((n) => NumberValueImpl.from(n)))
  if (av.BS !== undefined) return new Set(av.BS)
  if (av.L !== undefined) return av.L.map(fromAttributeValue)
  if (av.M !== undefined) return Object.fromEntries(Object.entries(av.M).map(([k, v]) => [k, fromAttributeValue(v)]))
  throw new Error('unknown AttributeValue')
}

/** A codec whose encoding of an `AttributeValue` marshals back to it. */
export const attributeValueCodec = new t.Type<AttributeValue, unknown, unknown>(
  'AttributeValue',
  (u): u is AttributeValue => typeof u === 'object' && u !== null,
  (u, c) => (typeof u === 'object' && u !== null ? t.success(u as AttributeValue) : t.failure(u, c)),
  fromAttributeValue,
)

/** The `Value` node standing for `av`. */
export const avValue = (av: AttributeValue): C.Value => ({ _tag: 'Value', value: av, codec: attributeValueCodec })

// -------------------------------------------------------------------------------------
// paths
// -------------------------------------------------------------------------------------

// mostly top-level (present in about half the items), often one level down, sometimes deeper or out of range
const suffixes: ReadonlyArray<ReadonlyArray<P.Element>> = [[], [], [], [], [], [], [], [], ['x'], ['y'], [0], [1], ['x', 'y'], [0, 'x'], ['x', 0], [0, 0], [5], ['z', 'z']]

/** A path over the items' names (sometimes `pk`, sometimes one no item has). */
export const path = (o: { readonly key?: boolean } = {}): fc.Arbitrary<P.Path> =>
  fc
    .tuple(
      fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom(...(o.key === false ? ['f'] : ['pk', 'f'])) }),
      fc.constantFrom(...suffixes),
    )
    // DynamoDB refuses `pk.x` and `pk[0]` outright (a key is a scalar): the key only as it is
    .map(([n, rest]) => (n === 'pk' ? P.of(n) : P.of(n, ...rest)))

// -------------------------------------------------------------------------------------
// conditions
// -------------------------------------------------------------------------------------

const orderedConstant = fc.oneof({ weight: 6, arbitrary: S }, { weight: 6, arbitrary: numberConstantValue }, { weight: 4, arbitrary: B })

/** A constant: mostly scalars (mostly orderable), sometimes a set, a list or a map. */
export const constant: fc.Arbitrary<C.Value> = fc
  .oneof({ weight: 8, arbitrary: orderedConstant }, { weight: 1, arbitrary: fc.oneof(BOOL, NULL) }, { weight: 2, arbitrary: attributeValue(1) })
  .map(avValue)

const size = path().map((p): C.Size => ({ _tag: 'Size', path: p }))

export const operand: fc.Arbitrary<C.Operand> = fc.oneof(
  { weight: 5, arbitrary: path() },
  { weight: 4, arbitrary: constant },
  { weight: 1, arbitrary: size },
)

/** The left side: a path (mostly), a size, rarely a constant. */
const subject: fc.Arbitrary<C.Operand> = fc.oneof({ weight: 8, arbitrary: path() }, { weight: 2, arbitrary: size }, { weight: 1, arbitrary: constant })

const comparator = fc.constantFrom<C.Comparator>('=', '<>', '<', '<=', '>', '>=')

const orderedOperand: fc.Arbitrary<C.Operand> = fc.oneof(
  { weight: 4, arbitrary: path() },
  { weight: 6, arbitrary: orderedConstant.map(avValue) },
  { weight: 1, arbitrary: size },
  { weight: 1, arbitrary: constant },
)

const leaf: fc.Arbitrary<C.Condition> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ _tag: fc.constant('Comparison' as const), op: comparator, left: subject, right: operand }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant('Between' as const), operand: subject, low: orderedOperand, high: orderedOperand }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant('In' as const), operand: subject, values: fc.array(operand, { minLength: 1, maxLength: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant('BeginsWith' as const),
      path: path(),
      prefix: fc.oneof({ weight: 4, arbitrary: fc.oneof(S, B).map(avValue) }, { weight: 1, arbitrary: path() }, { weight: 1, arbitrary: constant }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ _tag: fc.constant('Contains' as const), path: path(), operand }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Exists' as const), path: path() }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant('NotExists' as const), path: path() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant('AttributeType' as const),
      path: path(),
      type: fc.constantFrom<C.AttributeTypeName>('S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'),
    }),
  },
)

const codePoints = (s: string, from: number, to?: number): string => Array.from(s).slice(from, to).join('')

/**
 * Leaves anchored on a batch of items: a path and a value one item holds there (`pathsOf`),
 * compared, bounded, listed, prefixed or looked into, so a leaf holds for the items that
 * share the value and not for the others (free leaves mostly hold for all or none).
 */
const anchoredLeaf = (held: ReadonlyArray<readonly [P.Path, AttributeValue]>): fc.Arbitrary<C.Condition> => {
  const heldValue = fc.constantFrom(...held).map(([, av]) => avValue(av))
  const sameType = new Map<string | undefined, AttributeValue[]>()
  for (const [, av] of held) {
    const type = Cmp.typeOf(av)
    const those = sameType.get(type)
    if (those === undefined) sameType.set(type, [av])
    else those.push(av)
  }
  return fc.constantFrom(...held).chain(([p, av]): fc.Arbitrary<C.Condition> => {
    const v = avValue(av)
    const inside: AttributeValue[] = [
      // whole code points: a lone surrogate is refused (loneSurrogate, rules/path)
      ...(av.S !== undefined ? [{ S: codePoints(av.S, 0, 1) }, { S: codePoints(av.S, 1) }] : []),
      ...(av.SS ?? []).map((x): AttributeValue => ({ S: x })),
      ...(av.NS ?? []).map((x): AttributeValue => ({ N: x })),
      ...(av.BS ?? []).map((x): AttributeValue => ({ B: x })),
      ...(av.L ?? []),
    ]
    const size = av.S?.length ?? av.B?.length ?? av.L?.length ?? (av.M === undefined ? undefined : Object.keys(av.M).length) ?? av.SS?.length ?? av.NS?.length ?? av.BS?.length
    const ordered = av.S !== undefined || av.N !== undefined || av.B !== undefined
    return fc.oneof(
      { weight: 4, arbitrary: fc.record({ _tag: fc.constant('Comparison' as const), op: comparator, left: fc.constant(p), right: fc.constant(v) }) },
      { weight: 2, arbitrary: fc.array(fc.oneof(heldValue, operand), { maxLength: 3 }).map((vs): C.Condition => ({ _tag: 'In', operand: p, values: [v, ...vs] })) },
      { weight: 1, arbitrary: fc.constant<C.Condition>({ _tag: 'AttributeType', path: p, type: Cmp.typeOf(av) as C.AttributeTypeName }) },
      // bounds of one type, in order (a value some item holds at some path)
      ...(ordered
        ? [{ weight: 2, arbitrary: fc.constantFrom(...(sameType.get(Cmp.typeOf(av)) ?? [av])).map((o): C.Condition => (Cmp.compareOrdered(av, o) ?? 0) <= 0 ? { _tag: 'Between', operand: p, low: v, high: avValue(o) } : { _tag: 'Between', operand: p, low: avValue(o), high: v }) }]
        : []),
      ...(av.S !== undefined || av.B !== undefined
        ? [{ weight: 2, arbitrary: fc.nat({ max: 3 }).map((n): C.Condition => ({ _tag: 'BeginsWith', path: p, prefix: avValue(av.S !== undefined ? { S: codePoints(av.S, 0, n) } : { B: (av.B as Uint8Array).slice(0, n) }) })) }]
        : []),
      ...(inside.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...inside).map((x): C.Condition => ({ _tag: 'Contains', path: p, operand: avValue(x) })) }] : []),
      ...(size !== undefined
        ? [{ weight: 1, arbitrary: comparator.map((op): C.Condition => ({ _tag: 'Comparison', op, left: { _tag: 'Size', path: p }, right: avValue({ N: String(size) }) })) }]
        : []),
    )
  })
}

/**
 * A condition tree of leaves under `and`/`or`/`not`, up to `depth` levels; given the
 * (path, value) pairs of a batch of items, half its leaves are anchored on them.
 */
export const condition = (depth = 3, held: ReadonlyArray<readonly [P.Path, AttributeValue]> = []): fc.Arbitrary<C.Condition> =>
  fc.letrec<{ c: C.Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: held.length === 0 ? leaf : fc.oneof(leaf, anchoredLeaf(held)) },
      { weight: 1, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((cs): C.Condition => ({ _tag: 'And', conditions: cs })) },
      { weight: 1, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((cs): C.Condition => ({ _tag: 'Or', conditions: cs })) },
      { weight: 1, arbitrary: tie('c').map((c): C.Condition => ({ _tag: 'Not', condition: c })) },
    ),
  })).c.filter((c) => height(c) <= depth)

const height = (c: C.Condition): number => {
  switch (c._tag) {
    case 'And':
    case 'Or':
      return 1 + Math.max(0, ...c.conditions.map(height))
    case 'Not':
      return 1 + height(c.condition)
    default:
      return 0
  }
}

// -------------------------------------------------------------------------------------
// updates
// -------------------------------------------------------------------------------------

/** Every path of `item` (but the key), up to `depth` levels, with its value. */
export const pathsOf = (item: Item, depth = 3): ReadonlyArray<readonly [P.Path, AttributeValue]> => {
  const out: Array<readonly [P.Path, AttributeValue]> = []
  const go = (p: P.Path, av: AttributeValue): void => {
    out.push([p, av])
    if (p.elements.length >= depth) return
    if (av.M !== undefined) for (const k of Object.keys(av.M)) go(P.key(k)(p), av.M[k] as AttributeValue)
    if (av.L !== undefined) av.L.forEach((x, i) => go(P.index(i)(p), x))
  }
  for (const k of Object.keys(item)) if (k !== 'pk') go(P.of(k), item[k] as AttributeValue)
  return out
}

const numberConstant = numberConstantValue.map(avValue)
const listConstant = fc.array(attributeValue(1), { maxLength: 3 }).map((l) => avValue({ L: l }))

/** Arbitraries of updates over the paths of one item (mostly of the right types), and a few others. */
const updatesOver = (existing: ReadonlyArray<readonly [P.Path, AttributeValue]>): fc.Arbitrary<U.Update> => {
  const of = (keep: (av: AttributeValue) => boolean, o: { readonly key?: boolean }): fc.Arbitrary<P.Path> => {
    const typed = existing.filter(([, av]) => keep(av)).map(([p]) => p)
    const any = existing.map(([p]) => p)
    const top = fc.constantFrom(...names).map((n) => P.of(n))
    return fc.oneof(
      { weight: typed.length === 0 ? 0 : 6, arbitrary: typed.length === 0 ? top : fc.constantFrom(...typed) },
      { weight: any.length === 0 ? 0 : 2, arbitrary: any.length === 0 ? top : fc.constantFrom(...any) },
      { weight: 2, arbitrary: top },
      { weight: 1, arbitrary: path(o) },
    )
  }
  const anything = (): boolean => true
  const read = of(anything, {})
  const target = of(anything, { key: false })
  const numberPath = of((av) => av.N !== undefined, {})
  const listPath = of((av) => av.L !== undefined, {})
  const addTarget = of((av) => av.N !== undefined || av.SS !== undefined || av.NS !== undefined || av.BS !== undefined, { key: false })
  const setTarget = of((av) => av.SS !== undefined || av.NS !== undefined || av.BS !== undefined, { key: false })
  const ifNotExists = (fallback: fc.Arbitrary<U.SetOperand>): fc.Arbitrary<U.IfNotExists> =>
    fc.record({ _tag: fc.constant('IfNotExists' as const), path: read, value: fallback })
  const numeric: fc.Arbitrary<U.SetOperand> = fc.oneof(
    { weight: 4, arbitrary: numberConstant },
    { weight: 4, arbitrary: numberPath },
    { weight: 2, arbitrary: ifNotExists(fc.oneof(numberConstant, numberPath)) },
    { weight: 1, arbitrary: constant },
  )
  const listy: fc.Arbitrary<U.SetOperand> = fc.oneof(
    { weight: 4, arbitrary: listConstant },
    { weight: 3, arbitrary: listPath },
    { weight: 2, arbitrary: ifNotExists(fc.oneof(listConstant, listPath)) },
    { weight: 1, arbitrary: constant },
  )
  const setValue: fc.Arbitrary<U.SetValue> = fc.oneof(
    { weight: 4, arbitrary: attributeValue(2).map(avValue) },
    { weight: 2, arbitrary: read },
    { weight: 2, arbitrary: ifNotExists(fc.oneof(attributeValue(1).map(avValue), read)) },
    { weight: 2, arbitrary: fc.record({ _tag: fc.constant('ListAppend' as const), left: listy, right: listy }) },
    { weight: 3, arbitrary: fc.record({ _tag: fc.constant('Arithmetic' as const), op: fc.constantFrom<'+' | '-'>('+', '-'), left: numeric, right: numeric }) },
  )
  const action: fc.Arbitrary<U.Action> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ _tag: fc.constant('Set' as const), path: target, value: setValue }) },
    { weight: 2, arbitrary: fc.record({ _tag: fc.constant('Remove' as const), path: target }) },
    {
      weight: 2,
      arbitrary: fc.record({
        _tag: fc.constant('Add' as const),
        path: addTarget,
        value: fc.oneof({ weight: 3, arbitrary: numberConstantValue }, { weight: 2, arbitrary: set }, { weight: 1, arbitrary: scalar }).map(avValue),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        _tag: fc.constant('Delete' as const),
        path: setTarget,
        value: fc.oneof({ weight: 5, arbitrary: set }, { weight: 1, arbitrary: scalar }).map(avValue),
      }),
    },
  )
  return fc.oneof(
    // mostly one action per top-level attribute (no overlaps), sometimes anything
    { weight: 4, arbitrary: fc.uniqueArray(action, { minLength: 1, maxLength: 4, selector: (a) => a.path.elements[0] }) },
    { weight: 1, arbitrary: fc.uniqueArray(action, { minLength: 1, maxLength: 4, selector: (a) => P.show(a.path) }) },
  )
}

/** 1 to 4 actions over the pool's paths. */
export const update: fc.Arbitrary<U.Update> = updatesOver([])

/** An item and an update over its paths (and a few others). */
export const itemAndUpdate = (pk: string): fc.Arbitrary<readonly [Item, U.Update]> =>
  item(pk).chain((it) => updatesOver(pathsOf(it)).map((us) => [it, us] as const))

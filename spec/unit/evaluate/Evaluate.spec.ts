/**
 * `Evaluate.condition`: one spec per semantic rule. Every expected verdict was asked of
 * DynamoDB Local (3.3.0) with a hand-written FilterExpression first.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as P from '../../../lib/ast/Path.js'
import * as Cmp from '../../../lib/rules/compare.js'
import { avValue } from '../../arb/items.js'

type Item = Record<string, AttributeValue>
const p = (name: string, ...rest: ReadonlyArray<P.Element>): P.Path => P.of(name, ...rest)
const v = avValue
const S = (s: string): AttributeValue => ({ S: s })
const N = (n: string): AttributeValue => ({ N: n })
const B = (...bs: number[]): AttributeValue => ({ B: Uint8Array.from(bs) })
const cmp = (op: C.Comparator, left: C.Operand, right: C.Operand): C.Condition => ({ _tag: 'Comparison', op, left, right })
const size = (path: P.Path): C.Size => ({ _tag: 'Size', path })
const holds = (c: C.Condition, item: Item): boolean => {
  const e = Evaluate.condition(c)
  if (E.isLeft(e)) throw new Error(`refused: ${e.left._tag}`)
  return e.right(item)
}
const refused = (c: C.Condition): boolean => E.isLeft(Evaluate.condition(c))

// ---- comparisons across types, missing attributes -----------------------------------

test('a comparison across types is false, and <> is true', () => {
  assert.is(holds(cmp('=', p('a'), v(S('1'))), { a: N('1') }), false)
  assert.is(holds(cmp('<>', p('a'), v(S('1'))), { a: N('1') }), true)
  assert.is(holds(cmp('<', p('a'), v(N('1'))), { a: S('a') }), false)
})

test('a missing attribute makes =, <, IN false and <> true (and not of them true)', () => {
  assert.is(holds(cmp('=', p('a'), v(S('1'))), {}), false)
  assert.is(holds(cmp('<', p('a'), v(S('1'))), {}), false)
  assert.is(holds(C.not(cmp('<', p('a'), v(S('1')))), {}), true)
  assert.is(holds(cmp('<>', p('a'), v(S('1'))), {}), true)
  assert.is(holds({ _tag: 'In', operand: p('a'), values: [v(S('x'))] }, {}), false)
  assert.is(holds(cmp('=', p('a'), p('b')), {}), false)
  assert.is(holds(cmp('<>', p('a'), p('b')), {}), true)
})

test('two constants compare with each other', () => {
  assert.is(holds(cmp('=', v(S('x')), v(S('x'))), {}), true)
  assert.is(holds(cmp('<', v(N('1')), v(N('2'))), {}), true)
  assert.is(holds({ _tag: 'In', operand: v(N('1')), values: [v(N('1.0'))] }, {}), true)
})

// ---- numbers --------------------------------------------------------------------------

test('numbers compare as exact decimals of up to 38 digits', () => {
  assert.is(holds(cmp('=', p('a'), v(N('1E0'))), { a: N('1.00') }), true)
  assert.is(holds(cmp('>', p('a'), v(N('12345678901234567890123456789012345677'))), { a: N('12345678901234567890123456789012345678') }), true)
  assert.is(holds(cmp('>', p('a'), v(N('9.9999999999999999999999999999999999999E+124'))), { a: N('1E+125') }), true)
  assert.is(holds(cmp('<', p('a'), v(N('-0.25'))), { a: N('-0.5') }), true)
  assert.is(holds(cmp('=', p('a'), v(N('-0'))), { a: N('0') }), true)
})

// ---- strings and binaries ---------------------------------------------------------------

test('strings order by their UTF-8 bytes, not by UTF-16 code units', () => {
  // U+FFFD < U+1F600 in code points (and UTF-8), though '\uFFFD' > '\uD83D' in UTF-16
  assert.is(holds(cmp('<', p('a'), v(S('😀'))), { a: S('\uFFFD') }), true)
  assert.is(holds(cmp('>', p('a'), v(S('\u{10000}'))), { a: S('\uFF61') }), false)
  assert.is(Cmp.compareStrings('\uFFFD', '😀'), -1)
  assert.is(Cmp.compareStrings('a', 'ab'), -1)
})

test('binaries order as unsigned bytes', () => {
  assert.is(holds(cmp('>', p('a'), v(B(0x7f))), { a: B(0x80) }), true)
  assert.is(holds(cmp('<', p('a'), v(B(0xff, 0))), { a: B(0xff) }), true)
})

test('< <= > >= order only S, N and B: two equal booleans are not <=', () => {
  assert.is(holds(cmp('<=', p('a'), p('b')), { a: { BOOL: true }, b: { BOOL: true } }), false)
  assert.is(holds(cmp('<', p('a'), p('b')), { a: { L: [] }, b: { L: [N('1')] } }), false)
})

// ---- contains, begins_with ----------------------------------------------------------------

test('contains is a substring test on strings and binaries', () => {
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(S('') ) }, { a: S('12') }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(B(2, 3)) }, { a: B(1, 2, 3) }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(B()) }, { a: B(1) }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(N('1')) }, { a: S('12') }), false)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v({ SS: ['1'] }) }, { a: S('12') }), false)
})

test('contains is membership on sets, numbers numerically', () => {
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(N('1')) }, { a: { NS: ['1.0', '2'] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(S('1')) }, { a: { NS: ['1'] } }), false)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(S('a')) }, { a: { SS: ['ab'] } }), false)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(B(1)) }, { a: { BS: [Uint8Array.from([1])] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v({ NS: ['1'] }) }, { a: { NS: ['1'] } }), false)
})

test('contains is deep element equality on lists', () => {
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(N('1')) }, { a: { L: [N('1.0')] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(N('1E2')) }, { a: { L: [N('100')] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v({ M: { x: N('1.0') } }) }, { a: { L: [{ M: { x: N('1') } }] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v({ SS: ['b', 'a'] }) }, { a: { L: [{ SS: ['a', 'b'] }] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v({ NULL: true }) }, { a: { L: [{ NULL: true }] } }), true)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: p('b') }, { a: { L: [S('x')] }, b: S('x') }), true)
})

test('contains is false on maps, numbers and with a missing operand', () => {
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(S('x')) }, { a: { M: { x: S('1') } } }), false)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: v(N('1')) }, { a: N('12') }), false)
  assert.is(holds({ _tag: 'Contains', path: p('a'), operand: p('b') }, { a: S('xy') }), false)
})

test('beginsWith works on strings and binaries, not across them', () => {
  assert.is(holds({ _tag: 'BeginsWith', path: p('a'), prefix: v(S('1')) }, { a: S('12') }), true)
  assert.is(holds({ _tag: 'BeginsWith', path: p('a'), prefix: v(S('')) }, { a: S('x') }), true)
  assert.is(holds({ _tag: 'BeginsWith', path: p('a'), prefix: v(B(1)) }, { a: B(1, 2) }), true)
  assert.is(holds({ _tag: 'BeginsWith', path: p('a'), prefix: v(B(0x31)) }, { a: S('12') }), false)
  assert.is(holds({ _tag: 'BeginsWith', path: p('a'), prefix: p('b') }, { a: S('xy'), b: S('x') }), true)
  assert.is(holds({ _tag: 'BeginsWith', path: p('a'), prefix: p('b') }, { a: S('xy') }), false)
})

// ---- size -----------------------------------------------------------------------------------

test('size counts UTF-16 code units of a string (an astral character is 2)', () => {
  assert.is(holds(cmp('=', size(p('a')), v(N('2'))), { a: S('😀') }), true)
  assert.is(holds(cmp('=', size(p('a')), v(N('1'))), { a: S('é') }), true)
  assert.is(holds(cmp('=', size(p('a')), v(N('0'))), { a: S('') }), true)
})

test('size counts bytes of a binary, elements of sets, lists and maps', () => {
  assert.is(holds(cmp('=', size(p('a')), v(N('3'))), { a: B(1, 2, 3) }), true)
  assert.is(holds(cmp('=', size(p('a')), v(N('0'))), { a: B() }), true)
  assert.is(holds(cmp('=', size(p('a')), v(N('2'))), { a: { NS: ['1', '2'] } }), true)
  assert.is(holds(cmp('=', size(p('a')), v(N('2'))), { a: { M: { x: S('1'), y: S('2') } } }), true)
  assert.is(holds(cmp('<', size(p('a')), v(N('1'))), { a: { L: [] } }), true)
  assert.is(holds(cmp('=', size(p('a')), size(p('b'))), { a: S('abc'), b: { L: [N('1'), N('1'), N('1')] } }), true)
})

test('size of a number, boolean, null or missing attribute is missing: = false, <> true', () => {
  assert.is(holds(cmp('=', size(p('a')), v(N('3'))), { a: N('123') }), false)
  assert.is(holds(cmp('<>', size(p('a')), v(N('3'))), { a: N('123') }), true)
  assert.is(holds(cmp('<>', size(p('a')), v(N('3'))), { a: { BOOL: true } }), true)
  assert.is(holds(cmp('<>', size(p('a')), v(N('3'))), {}), true)
  assert.is(holds(C.not(cmp('=', size(p('a')), v(N('3')))), {}), true)
  assert.is(holds(cmp('=', p('a'), size(p('a'))), { a: N('1') }), false)
})

test('size is a number: compared with a string it is false (<> true)', () => {
  assert.is(holds(cmp('=', size(p('a')), v(S('3'))), { a: S('abc') }), false)
  assert.is(holds(cmp('<>', size(p('a')), v(S('3'))), { a: S('abc') }), true)
  assert.is(holds({ _tag: 'In', operand: size(p('a')), values: [v(S('1'))] }, { a: { NS: ['1'] } }), false)
})

// ---- between, in ------------------------------------------------------------------------------

test('between is inclusive', () => {
  assert.is(holds({ _tag: 'Between', operand: p('a'), low: v(N('3')), high: v(N('3')) }, { a: N('3') }), true)
  assert.is(holds({ _tag: 'Between', operand: size(p('a')), low: v(N('1')), high: v(N('3')) }, { a: S('xx') }), true)
  assert.is(holds({ _tag: 'Between', operand: p('a'), low: v(S('\uFFFD')), high: v(S('\u{1F601}')) }, { a: S('😀') }), true)
})

test('between with bounds read from the item: reversed or mixed bounds are false, not an error', () => {
  assert.is(holds({ _tag: 'Between', operand: p('a'), low: p('lo'), high: p('hi') }, { a: N('3'), lo: N('5'), hi: N('1') }), false)
  assert.is(holds({ _tag: 'Between', operand: p('a'), low: p('lo'), high: p('hi') }, { a: N('3'), lo: N('1'), hi: S('5') }), false)
  assert.is(holds({ _tag: 'Between', operand: p('a'), low: p('b'), high: p('b') }, { a: N('1'), b: N('1') }), true)
  assert.is(holds({ _tag: 'Between', operand: v(N('1')), low: p('a'), high: p('a') }, { a: N('1') }), true)
})

test('IN is deep equality with any value, across types', () => {
  assert.is(holds({ _tag: 'In', operand: p('a'), values: [v({ L: [N('1.0')] })] }, { a: { L: [N('1')] } }), true)
  assert.is(holds({ _tag: 'In', operand: p('a'), values: [v(N('1')), v(S('1'))] }, { a: S('1') }), true)
  assert.is(holds({ _tag: 'In', operand: p('a'), values: [v({ BOOL: true })] }, { a: { BOOL: true } }), true)
})

// ---- exists, attribute_type --------------------------------------------------------------------

test('exists is true for NULL and for an empty string', () => {
  assert.is(holds(C.exists(A.path('a')), { a: { NULL: true } }), true)
  assert.is(holds(C.exists(A.path('a')), { a: S('') }), true)
  assert.is(holds(C.notExists(A.path('a')), { a: S('') }), false)
})

test('attributeType is false on a missing attribute', () => {
  assert.is(holds(C.attributeType(A.path('a'), 'NULL'), {}), false)
  assert.is(holds(C.attributeType(A.path('a'), 'NULL'), { a: { NULL: true } }), true)
  assert.is(holds(C.attributeType(A.path('a'), 'SS'), { a: { SS: ['x'] } }), true)
})

// ---- equality of documents and sets -------------------------------------------------------------

test('sets are equal regardless of order (numbers by value)', () => {
  assert.is(holds(cmp('=', p('a'), v({ SS: ['b', 'a'] })), { a: { SS: ['a', 'b'] } }), true)
  assert.is(holds(cmp('=', p('a'), v({ NS: ['2.0', '1'] })), { a: { NS: ['1', '2'] } }), true)
  assert.is(holds(cmp('=', p('a'), v({ NS: ['1'] })), { a: { NS: ['1', '2'] } }), false)
})

test('maps and lists are equal deeply (keys in any order); NULL equals NULL', () => {
  assert.is(holds(cmp('=', p('a'), v({ M: { y: S(''), x: N('1.0') } })), { a: { M: { x: N('1'), y: S('') } } }), true)
  assert.is(holds(cmp('=', p('a'), v({ L: [N('1'), N('2')] })), { a: { L: [N('2'), N('1')] } }), false)
  assert.is(holds(cmp('=', p('a'), v({ NULL: true })), { a: { NULL: true } }), true)
})

// ---- paths ---------------------------------------------------------------------------------------

test('a path into a non-map, or an index out of range, is a missing attribute', () => {
  assert.is(holds({ _tag: 'Exists', path: p('a', 'b') }, { a: S('x') }), false)
  assert.is(holds(cmp('<>', p('a', 'b'), v(S('x'))), { a: S('x') }), true)
  assert.is(holds(cmp('<>', p('a', 3), v(S('x'))), { a: { L: [N('1')] } }), true)
  assert.is(holds({ _tag: 'Exists', path: p('a', 0) }, { a: { M: { '0': S('x') } } }), false)
  assert.is(holds(cmp('=', p('a', 0, 'b', 0), v(N('1'))), { a: { L: [{ M: { b: { L: [N('1')] } } }] } }), true)
})

test('names are data: __proto__ and constructor are attributes like any other', () => {
  const item: Item = JSON.parse('{"__proto__": {"S": "x"}}')
  assert.is(holds({ _tag: 'Exists', path: p('__proto__') }, item), true)
  assert.is(holds({ _tag: 'Exists', path: p('constructor') }, {}), false)
  assert.is(holds({ _tag: 'Exists', path: p('a', 'toString') }, { a: { M: {} } }), false)
})

// ---- what DynamoDB refuses before reading any item ----------------------------------------------

test('refused: < <= > >= BETWEEN with a constant of a type that has no order', () => {
  assert.ok(refused(cmp('<', p('a'), v({ BOOL: true }))))
  assert.ok(refused(cmp('<', p('a'), v({ L: [] }))))
  assert.ok(refused(cmp('<', p('a'), v({ NULL: true }))))
  assert.ok(refused(cmp('<', p('a'), v({ SS: ['a'] }))))
  assert.ok(refused(cmp('<', size(p('a')), v({ BOOL: true }))))
  assert.ok(refused({ _tag: 'Between', operand: v({ BOOL: true }), low: p('a'), high: p('b') }))
  assert.not.ok(refused(cmp('=', p('a'), v({ BOOL: true }))))
})

test('refused: BETWEEN with constant bounds reversed (in UTF-8 / byte order) or of two types', () => {
  assert.ok(refused({ _tag: 'Between', operand: p('a'), low: v(N('5')), high: v(N('1')) }))
  assert.ok(refused({ _tag: 'Between', operand: p('a'), low: v(N('1')), high: v(S('5')) }))
  assert.ok(refused({ _tag: 'Between', operand: p('a'), low: v(S('😀')), high: v(S('\uFFFD')) }))
  assert.ok(refused({ _tag: 'Between', operand: p('a'), low: v(B(0x80)), high: v(B(0x7f)) }))
  assert.not.ok(refused({ _tag: 'Between', operand: p('a'), low: v(N('1.0')), high: v(N('1')) }))
})

test('refused: a path compared with itself (the first operand must be distinct)', () => {
  assert.ok(refused(cmp('=', p('a'), p('a'))))
  assert.ok(refused(cmp('<>', p('a'), p('a'))))
  assert.ok(refused({ _tag: 'Between', operand: p('a'), low: p('a'), high: p('b') }))
  assert.ok(refused({ _tag: 'In', operand: p('a'), values: [p('a'), v(S('x'))] }))
  assert.ok(refused({ _tag: 'BeginsWith', path: p('a'), prefix: p('a') }))
  assert.ok(refused({ _tag: 'Contains', path: p('a'), operand: p('a') }))
  assert.not.ok(refused(cmp('=', size(p('a')), size(p('a')))))
  assert.not.ok(refused(cmp('<>', p('a', 'b'), p('a'))))
})

test('refused: begins_with with a prefix that is not S or B', () => {
  assert.ok(refused({ _tag: 'BeginsWith', path: p('a'), prefix: v(N('1')) }))
  assert.ok(refused({ _tag: 'BeginsWith', path: p('a'), prefix: v({ L: [] }) }))
  assert.ok(refused({ _tag: 'BeginsWith', path: p('a'), prefix: size(p('b')) }))
})

test('refused: IN of no values or of more than 99 (as the compiler: rules/limits); empty and/or; bad paths', () => {
  assert.ok(refused({ _tag: 'In', operand: p('a'), values: [] }))
  assert.not.ok(refused({ _tag: 'In', operand: p('a'), values: Array.from({ length: 99 }, (_, i) => v(N(String(i)))) }))
  assert.ok(refused({ _tag: 'In', operand: p('a'), values: Array.from({ length: 100 }, (_, i) => v(N(String(i)))) }))
  assert.ok(refused(C.and()))
  assert.ok(refused(C.or()))
  assert.ok(refused({ _tag: 'Exists', path: p('') }))
  assert.ok(refused({ _tag: 'Exists', path: p('a', -1) }))
  assert.ok(refused({ _tag: 'Exists', path: p('a', ...Array.from({ length: 32 }, () => 'x')) }))
})

test('condition: a refused condition is a Left saying why', () => {
  const c = cmp('<', p('a'), v({ BOOL: true }))
  const e = Evaluate.condition(c)
  assert.ok(E.isLeft(e) && e.left._tag === 'ExpressionError')
})

test('a value that cannot be encoded is a ValidationError of condition', () => {
  const e = Evaluate.condition(C.eq(A.path<number>('a'), Number.NaN))
  assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError')
})

test('a constant set with duplicate members (1 and 1.0, equal bytes), even nested, is a ValidationError', () => {
  const dup = (av: AttributeValue) => {
    const e = Evaluate.condition(cmp('=', p('a'), v(av)))
    return E.isLeft(e) && e.left._tag === 'ValidationError'
  }
  assert.ok(dup({ NS: ['1', '1.0'] }))
  assert.ok(dup({ BS: [Uint8Array.from([1]), Uint8Array.from([1])] }))
  assert.ok(dup({ L: [{ M: { x: { NS: ['2', '2.00'] } } }] }))
  assert.not.ok(dup({ NS: ['1', '2'] }))
  const e = Evaluate.condition(C.eq(A.path('a'), new Set([Uint8Array.of(1), Uint8Array.of(1)])))
  assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError')
})

// ---- with combinators and codecs -----------------------------------------------------------------

test('combinators: values are encoded through the attribute codec, once', () => {
  const item: Item = { name: S('Jo'), year: N('2001'), tags: { SS: ['a', 'b'] } }
  const c = C.and(C.gt(A.path<number>('year'), 2000), C.beginsWith(A.path<string>('name'), 'J'), C.contains(A.path<ReadonlySet<string>>('tags'), 'a'))
  assert.is(holds(c, item), true)
  assert.is(holds(c, { ...item, year: N('2000') }), false)
  assert.is(holds(C.or(C.eq(A.path('x'), 1), C.not(C.exists(A.path('x')))), item), true)
})

test('nested paths of stored items are read; a path past the end or through a missing key is missing', () => {
  const item: Item = { a: { M: { b: { L: [S('x')] } } } }
  assert.is(holds(cmp('=', p('a', 'b', 0), v(S('x'))), item), true)
  assert.is(holds({ _tag: 'Exists', path: p('a', 'b', 1) }, item), false)
  assert.is(holds({ _tag: 'Exists', path: p('a', 'c') }, item), false)
})

test('a lone surrogate in a constant or a name is refused, as the compiler refuses it', () => {
  assert.ok(refused(cmp('=', p('a'), v(S('x\uD808')))))
  assert.ok(refused({ _tag: 'Exists', path: p('a\uDC00') }))
  assert.ok(holds(cmp('=', p('a'), v(S('x😀'))), { a: S('x😀') }))
})

test.run()

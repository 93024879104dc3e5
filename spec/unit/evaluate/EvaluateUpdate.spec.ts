/**
 * `Evaluate.update`: one spec per semantic rule. Every expected result (or error) was
 * asked of DynamoDB Local (3.3.0) with a hand-written UpdateExpression first.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../../lib/ast/Attr.js'
import type * as C from '../../../lib/ast/Condition.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as P from '../../../lib/ast/Path.js'
import * as U from '../../../lib/ast/Update.js'
import * as Model from '../../../lib/model/Model.js'
import * as Field from '../../../lib/codec/Field.js'
import { avValue } from '../../arb/items.js'
import { normalizeItem } from '../../harness/differential.js'

type Item = Record<string, AttributeValue>
const p = (name: string, ...rest: ReadonlyArray<P.Element>): P.Path => P.of(name, ...rest)
const v = avValue
const S = (s: string): AttributeValue => ({ S: s })
const N = (n: string): AttributeValue => ({ N: n })
const L = (...xs: AttributeValue[]): AttributeValue => ({ L: xs })
const set = (path: P.Path, value: U.SetValue): U.Action => ({ _tag: 'Set', path, value })
const remove = (path: P.Path): U.Action => ({ _tag: 'Remove', path })
const add = (path: P.Path, value: AttributeValue): U.Action => ({ _tag: 'Add', path, value: v(value) })
const del = (path: P.Path, value: AttributeValue): U.Action => ({ _tag: 'Delete', path, value: v(value) })
const plus = (left: U.SetOperand, right: U.SetOperand): U.Arithmetic => ({ _tag: 'Arithmetic', op: '+', left, right })
const minus = (left: U.SetOperand, right: U.SetOperand): U.Arithmetic => ({ _tag: 'Arithmetic', op: '-', left, right })
const ifne = (path: P.Path, value: U.SetOperand): U.IfNotExists => ({ _tag: 'IfNotExists', path, value })
const append = (left: U.SetOperand, right: U.SetOperand): U.ListAppend => ({ _tag: 'ListAppend', left, right })

/** The update applied to one item: the new item or DynamoDB's error. */
const run = (us: U.Update, item: Item): E.Either<DE.DynamoError, Item> => E.flatMap(Evaluate.update(us), (f) => f(item))

/** The new item (numbers compared by value, sets in any order). */
const gives = (us: U.Update, item: Item, expected: Item): void => {
  const r = run(us, item)
  if (E.isLeft(r)) throw new assert.Assertion({ message: `expected an item, got ${r.left._tag}: ${(r.left as { message?: string }).message}`, generated: true, operator: 'gives', expects: expected, actual: r.left })
  assert.equal(normalizeItem(r.right), normalizeItem(expected))
}
const fails = (us: U.Update, item: Item, tag: 'ExpressionError' | 'ValidationError' = 'ExpressionError'): void => {
  const r = run(us, item)
  assert.ok(E.isLeft(r), `expected ${tag}, got ${JSON.stringify(E.isRight(r) ? r.right : null)}`)
  assert.is(r.left._tag, tag)
}

// ---- SET ------------------------------------------------------------------------------------

test('SET a value, at the top and nested; an empty string is a value', () => {
  gives([set(p('a'), v(S('')))], {}, { a: S('') })
  gives([set(p('a', 0, 'b'), v(S('x')))], { a: L({ M: {} }) }, { a: L({ M: { b: S('x') } }) })
})

test('right-hand sides read the item as it was: SET a = :v, b = a gives b the old a', () => {
  gives([set(p('a'), v(N('2'))), set(p('b'), p('a'))], { a: N('1') }, { a: N('2'), b: N('1') })
  gives([set(p('b'), p('a')), add(p('a'), N('1'))], { a: N('1') }, { a: N('2'), b: N('1') })
})

test('SET under a missing parent, a non-map, or an index on a map fails', () => {
  fails([set(p('a', 'b'), v(S('x')))], {})
  fails([set(p('a', 'b'), v(S('x')))], { a: S('') })
  fails([set(p('a', 'b'), v(S('x')))], { a: L() })
  fails([set(p('a', 0), v(S('x')))], { a: { M: {} } })
  fails([set(p('a', 0), v(S('x')))], {})
  fails([set(p('a', 2, 'b'), v(S('x')))], { a: L() })
})

test('SET past the end of a list appends, in index order', () => {
  gives([set(p('a', 5), v(S('x')))], { a: L(N('1')) }, { a: L(N('1'), S('x')) })
  gives([set(p('a', 5), v(S('x'))), set(p('a', 3), v(S('y')))], { a: L(N('1')) }, { a: L(N('1'), S('y'), S('x')) })
  gives([set(p('a', 3), v(S('y'))), set(p('a', 5), v(S('x')))], { a: L(N('1')) }, { a: L(N('1'), S('y'), S('x')) })
})

test('SET reading a missing attribute fails (also through a non-map or out of range)', () => {
  fails([set(p('b'), p('a'))], {})
  fails([set(p('b'), p('a', 3))], { a: L() })
  fails([set(p('c'), p('a', 'b'))], { a: S('x') })
})

test('SET path + n, path - n, with exact decimals', () => {
  gives([set(p('c'), plus(p('a'), p('b')))], { a: N('1'), b: N('2.5') }, { a: N('1'), b: N('2.5'), c: N('3.5') })
  gives([set(p('c'), minus(v(N('0.5')), p('a')))], { a: N('1') }, { a: N('1'), c: N('-0.5') })
  gives([set(p('a'), plus(p('a'), v(N('0.2'))))], { a: N('0.1') }, { a: N('0.3') })
  gives([set(p('a'), minus(p('a'), v(N('0.1'))))], { a: N('0.1') }, { a: N('0') })
  gives([set(p('a'), plus(p('a'), v(N('1'))))], { a: N('99999999999999999999999999999999999999') }, { a: N('1E+38') })
  gives([set(p('a'), plus(p('a'), v(N('1E+63'))))], { a: N('1E+100') }, { a: N('1.0000000000000000000000000000000000001E+100') })
})

test('arithmetic beyond 38 significant digits or out of range fails', () => {
  fails([set(p('a'), plus(p('a'), v(N('2'))))], { a: N('99999999999999999999999999999999999999') })
  fails([set(p('a'), plus(p('a'), v(N('1E-10'))))], { a: N('1E+30') })
  fails([set(p('a'), plus(p('a'), v(N('0.01'))))], { a: N('1234567890123456789012345678901234567.8') })
  fails([set(p('a'), minus(p('a'), v(N('1E-125'))))], { a: N('1E+125') })
  fails([set(p('a'), plus(p('a'), p('a')))], { a: N('9.9999999999999999999999999999999999999E+125') })
})

test('arithmetic on a missing attribute or a non-number fails', () => {
  fails([set(p('a'), plus(p('a'), v(N('1'))))], {})
  fails([set(p('a'), plus(p('a'), v(N('1'))))], { a: S('1') })
  fails([set(p('b'), minus(p('a'), v(N('1'))))], { a: L() })
  fails([set(p('a'), plus(p('a'), v(S('1'))))], { a: N('1') }) // refused before reading
})

test('if_not_exists: the path when it exists, else the fallback', () => {
  gives([set(p('a'), ifne(p('a'), v(N('1'))))], { a: S('x') }, { a: S('x') })
  gives([set(p('a'), ifne(p('b'), v(N('1'))))], { b: S('x') }, { a: S('x'), b: S('x') })
  gives([set(p('a'), ifne(p('b', 'c'), v(N('1'))))], { b: S('s') }, { a: N('1'), b: S('s') })
  gives([set(p('c'), ifne(p('a'), ifne(p('b'), v(N('1')))))], {}, { c: N('1') })
  gives([set(p('c'), plus(ifne(p('a'), v(N('1'))), v(N('1'))))], {}, { c: N('2') })
})

test('regression (differential): if_not_exists reads its fallback even when the path exists', () => {
  // DynamoDB Local: SET c = if_not_exists(c, a) on {c: NULL} fails: "refers to an attribute that does not exist"
  fails([set(p('c'), ifne(p('c'), p('a')))], { c: { NULL: true }, e: { M: {} } })
})

test('list_append, and append/prepend creating the list when missing', () => {
  gives([set(p('c'), append(p('a'), p('b')))], { a: L(N('1')), b: L(S('x')) }, { a: L(N('1')), b: L(S('x')), c: L(N('1'), S('x')) })
  gives([set(p('a'), append(v(L(N('1'))), v(L(N('1')))))], {}, { a: L(N('1'), N('1')) })
  gives([U.append(A.path('l'), [1, 2])], {}, { l: L(N('1'), N('2')) })
  gives([U.prepend(A.path('l'), ['x'])], { l: L(N('1')) }, { l: L(S('x'), N('1')) })
  fails([set(p('a'), append(p('a'), v(L())))], { a: S('x') })
  fails([set(p('a'), append(p('a'), v(L())))], {})
  fails([set(p('c'), append(p('a'), p('b')))], { a: L(N('1')), b: S('x') })
})

test('list_append is allowed only as a whole right-hand side (refused inside +, if_not_exists, list_append)', () => {
  fails([set(p('c'), append(append(p('a'), p('a')), p('a')))], { a: L(N('1')) })
  fails([set(p('c'), ifne(p('c'), append(p('a'), p('a'))))], { a: L(N('1')) })
  fails([set(p('c'), { _tag: 'Arithmetic', op: '+', left: append(v(L()), v(L())), right: v(N('1')) })], {})
  fails([set(p('c'), append(p('a'), v(S('x'))))], { a: L(N('1')) })
})

// ---- REMOVE -----------------------------------------------------------------------------------

test('REMOVE attributes, nested keys and list elements (the list closes up)', () => {
  gives([remove(p('a'))], { a: S('x'), b: S('y') }, { b: S('y') })
  gives([remove(p('a', 'b'))], { a: { M: { b: N('1') } } }, { a: { M: {} } })
  gives([remove(p('a', 0))], { a: L(N('1')) }, { a: L() })
  gives([remove(p('a', 1)), remove(p('a', 2))], { a: L(N('0'), N('1'), N('2'), N('3')) }, { a: L(N('0'), N('3')) })
  gives([remove(p('a', 0)), remove(p('a', 1, 'b'))], { a: L(N('0'), { M: { b: N('1'), c: N('2') } }) }, { a: L({ M: { c: N('2') } }) })
})

test('REMOVE of a missing attribute or an index out of range does nothing', () => {
  gives([remove(p('a'))], {}, {})
  gives([remove(p('a', 5))], { a: L(N('1')) }, { a: L(N('1')) })
})

test('REMOVE under a missing parent or a non-container fails', () => {
  fails([remove(p('a', 'b'))], {})
  fails([remove(p('a', 'b'))], { a: S('') })
  fails([remove(p('a', 0))], { a: { M: {} } })
  fails([remove(p('a', 0))], {})
})

test('list indexes refer to the item before the update: SET in place, REMOVE, then appends', () => {
  gives([set(p('a', 2), v(S('x'))), remove(p('a', 1))], { a: L(N('0'), N('1'), N('2'), N('3')) }, { a: L(N('0'), S('x'), N('3')) })
  gives([set(p('a', 7), v(S('x'))), remove(p('a', 0))], { a: L(N('0'), N('1')) }, { a: L(N('1'), S('x')) })
  gives([set(p('a', 5), v(S('x'))), remove(p('a', 2))], { a: L(N('0'), N('1')) }, { a: L(N('0'), N('1'), S('x')) })
  gives([set(p('a', 1), v(S('x'))), set(p('a', 9), v(S('y'))), remove(p('a', 0)), remove(p('a', 2))], { a: L(N('0'), N('1'), N('2')) }, { a: L(S('x'), S('y')) })
  gives([set(p('a', 1, 'c'), v(N('9'))), remove(p('a', 0))], { a: L(N('0'), { M: { b: N('1') } }) }, { a: L({ M: { b: N('1'), c: N('9') } }) })
})

// ---- ADD, DELETE ---------------------------------------------------------------------------------

test('ADD a number: from 0 when missing, exactly', () => {
  gives([add(p('a'), N('1'))], {}, { a: N('1') })
  gives([add(p('a'), N('-1'))], { a: N('1') }, { a: N('0') })
  gives([add(p('a'), N('1'))], { a: N('99999999999999999999999999999999999999') }, { a: N('1E+38') })
  gives([add(p('a', 5), N('2'))], { a: L(N('1')) }, { a: L(N('1'), N('2')) })
})

test('ADD set members, creating the set; numbers deduplicated by value', () => {
  gives([add(p('a'), { SS: ['x'] })], {}, { a: { SS: ['x'] } })
  gives([add(p('a'), { NS: ['1.0', '2'] })], { a: { NS: ['1'] } }, { a: { NS: ['1', '2'] } })
  gives([add(p('a'), { BS: [Uint8Array.from([1]), Uint8Array.from([255])] })], { a: { BS: [Uint8Array.from([1])] } }, { a: { BS: [Uint8Array.from([1]), Uint8Array.from([255])] } })
  gives([add(p('l', 0), { NS: ['1'] })], { l: L() }, { l: L({ NS: ['1'] }) })
})

test('ADD to a string, NULL, or a set of another type fails; ADD of a string or list is refused', () => {
  fails([add(p('a'), N('1'))], { a: S('x') })
  fails([add(p('a'), N('1'))], { a: { NULL: true } })
  fails([add(p('a'), { NS: ['1'] })], { a: { SS: ['x'] } })
  fails([add(p('a'), N('1'))], { a: { NS: ['1'] } })
  fails([add(p('a'), S('y'))], { a: S('x') })
  fails([add(p('a'), L(N('1')))], { a: L() })
  fails([add(p('a', 'b'), N('1'))], {})
})

test('DELETE set members; the attribute goes when the set empties (a list element too)', () => {
  gives([del(p('a'), { NS: ['1.00'] })], { a: { NS: ['1', '2'] } }, { a: { NS: ['2'] } })
  gives([del(p('a'), { SS: ['x', 'y'] })], { a: { SS: ['x'] } }, {})
  gives([del(p('m', 's'), { SS: ['x'] })], { m: { M: { s: { SS: ['x'] } } } }, { m: { M: {} } })
  gives([del(p('l', 0), { SS: ['x'] })], { l: L({ SS: ['x'] }, N('1')) }, { l: L(N('1')) })
  gives([del(p('l', 0), { SS: ['x'] }), remove(p('l', 1))], { l: L({ SS: ['x'] }, N('1'), N('2')) }, { l: L(N('2')) })
})

test('DELETE from a missing attribute does nothing, but under a missing parent fails', () => {
  gives([del(p('a'), { SS: ['x'] })], {}, {})
  gives([del(p('a', 5), { SS: ['x'] })], { a: L(N('1')) }, { a: L(N('1')) })
  fails([del(p('a', 'b'), { SS: ['x'] })], {})
})

test('DELETE from a string or a set of another type fails; DELETE of a non-set is refused', () => {
  fails([del(p('a'), { NS: ['1'] })], { a: { SS: ['x'] } })
  fails([del(p('a'), { SS: ['x'] })], { a: S('x') })
  fails([del(p('a'), N('1'))], { a: { NS: ['1'] } })
})

// ---- static refusals ----------------------------------------------------------------------------

test('overlapping or conflicting paths are refused, for every item', () => {
  fails([set(p('a', 'b'), v(N('1'))), remove(p('a'))], { a: { M: {} } })
  fails([set(p('a'), v(N('1'))), set(p('a'), v(N('1')))], {})
  fails([set(p('a', 0), v(N('1'))), remove(p('a', 0))], { a: L(N('1')) })
  fails([set(p('a', 0), v(N('1'))), set(p('a', 'b'), v(N('1')))], {})
  fails([], {})
  fails([set(p('c'), ifne(p('a'), p('a')))], {})
})

test('update values are validated by their codec; empty sets and duplicates cannot be written', () => {
  const codec = t.type({ n: t.number })
  fails([{ _tag: 'Set', path: p('a'), value: { _tag: 'Value', value: { n: 'x' }, codec } as C.Value }], {}, 'ValidationError')
  fails([set(p('a'), { _tag: 'Value', value: new Set(), codec: undefined })], {}, 'ValidationError')
  fails([set(p('a'), v({ NS: ['1', '1.0'] }))], {}, 'ValidationError')
})

test('combinators: increment, decrement, setIfNotExists, add, deleteFrom, remove', () => {
  const item: Item = { pk: S('k'), n: N('5'), tags: { SS: ['a', 'b'] }, gone: S('x') }
  gives(
    [U.increment(A.path('n'), 2), U.decrement(A.path('m'), 1), U.setIfNotExists(A.path('name'), 'Jo'), U.add(A.path('tags'), new Set(['c'])), U.remove(A.path('gone'))],
    item,
    { pk: S('k'), n: N('7'), m: N('-1'), name: S('Jo'), tags: { SS: ['a', 'b', 'c'] } },
  )
  gives([U.deleteFrom(A.path('tags'), new Set(['a', 'b']))], item, { pk: S('k'), n: N('5'), gone: S('x') })
})

test('the input item is never mutated', () => {
  const item: Item = { a: L(N('0'), N('1')), m: { M: { x: { SS: ['x'] } } }, n: N('1') }
  const before = JSON.stringify(item)
  const r = run([remove(p('a', 0)), del(p('m', 'x'), { SS: ['x'] }), add(p('n'), N('1'))], item)
  assert.ok(E.isRight(r))
  assert.is(JSON.stringify(item), before)
  gives([set(p('b'), p('a'))], item, { ...item, b: item['a'] as AttributeValue })
  const copy = run([set(p('b'), p('a'))], item)
  if (E.isRight(copy)) (copy.right['b']?.L as AttributeValue[]).push(N('9'))
  assert.is(JSON.stringify(item), before)
})

test('an item that is no map of AttributeValues (null, an attribute held as null or a map as null, cast through any) is a ValidationError naming the item, never a throw: the updater, and the writes of Evaluate.saveOne and Evaluate.updateOne', () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'id', version: 'v', codec: t.intersection([t.type({ id: t.string }), t.partial({ v: Field.int({ min: 1 }), n: t.number, m: t.type({ a: t.number }) })]) })
  const d = Doc.attrs
  // (a save reads a null stored item as none, as undefined, and of the item only its version)
  const bad = [{ id: S('a'), n: null }, { id: S('a'), m: { M: null } }, { id: S('a'), v: null }] as unknown as ReadonlyArray<Item>
  const updater = Evaluate.update([U.increment(d.n, 1), U.set(d.m.a, 1)])
  const save = Evaluate.saveOne(Doc, { id: 'a', v: 1 }, new Date(0))
  const edit = Evaluate.updateOne(Doc, 'a', [U.increment(d.n, 1), U.set(d.m.a, 1)], new Date(0))
  for (const [f, items] of [[updater, [null, ...bad]], [save, [{ id: S('a'), v: null }]], [edit, [null, ...bad]]] as const) {
    assert.ok(E.isRight(f))
    for (const item of items as ReadonlyArray<Item>) {
      let r: E.Either<DE.DynamoError, Item> | undefined
      try {
        r = (f as E.Right<(i: Item) => E.Either<DE.DynamoError, Item>>).right(item)
      } catch (e) {
        assert.unreachable(`${JSON.stringify(item)}: threw ${String(e)}`)
      }
      assert.ok(r !== undefined && E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
      assert.equal((r as E.Left<DE.ValidationError>).left.issues.map((i) => i.path), ['item'])
    }
  }
})

test('a stored item of another shape than a map of AttributeValues (a number, a list, a value of the wrong JS type for its type key: {N: null}, {N: 5}, {M: 5}, {B: "x"}, {SS: []}, two type keys, no type key, one in a list) is a ValidationError naming the item, before any condition is read: the updater, and the writes of Evaluate.saveOne and Evaluate.updateOne', () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ n: t.number, m: t.type({ a: t.number }) })]) })
  const d = Doc.attrs
  const bad = [
    5,
    [],
    'a',
    { id: S('a'), n: { N: null } },
    { id: S('a'), n: { N: 5 } },
    { id: S('a'), m: { M: 5 } },
    { id: S('a'), m: { M: { a: { N: 1 } } } },
    { id: S('a'), b: { B: 'x' } },
    { id: S('a'), s: { SS: [] } },
    { id: S('a'), s: { SS: [1] } },
    { id: S('a'), n: { N: '1', S: 'a' } },
    { id: S('a'), n: {} },
    { id: S('a'), l: { L: [{ N: '1' }, { BOOL: 'yes' }] } },
    { id: S('a'), z: { NULL: false } },
  ]
  const updater = Evaluate.update([U.increment(d.n, 1)])
  const save = Evaluate.saveOne(Doc, { id: 'a' }, new Date(0))
  const edit = Evaluate.updateOne(Doc, 'a', [U.increment(d.n, 1)], new Date(0))
  for (const [what, f] of [['update', updater], ['saveOne', save], ['updateOne', edit]] as const) {
    assert.ok(E.isRight(f))
    for (const item of bad) {
      const r = (f as E.Right<(i: Item) => E.Either<DE.DynamoError, Item>>).right(item as never)
      const shown = `${what} of ${JSON.stringify(item)}: ${JSON.stringify(r)}`
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', shown)
      assert.equal((r as E.Left<DE.ValidationError>).left.issues.map((i) => i.path), ['item'], shown)
    }
    // a well-formed item of every type is taken
    const good: Item = { id: S('a'), n: N('1'), b: { B: new Uint8Array([1]) }, bs: { BS: [new Uint8Array([2])] }, ss: { SS: ['x'] }, ns: { NS: ['1'] }, z: { NULL: true }, o: { BOOL: false }, l: L(S('x'), { M: { a: N('2') } }) }
    assert.ok(E.isRight((f as E.Right<(i: Item) => E.Either<DE.DynamoError, Item>>).right(good)), what)
  }
})

test.run()

/**
 * Update edges, differential: hand-picked (item, update) pairs at DynamoDB's corners, each
 * applied by `UpdateItem` on DynamoDB Local and by `Evaluate.update`; results (or failures)
 * must agree. Then a property over numbers at the edges of DynamoDB's range and precision.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as P from '../../lib/ast/Path.js'
import * as D from '../../lib/codec/decimal.js'
import type * as U from '../../lib/ast/Update.js'
import * as arb from '../arb/items.js'
import * as diff from '../harness/differential.js'
import { local } from '../harness/local.js'

type Item = Record<string, AttributeValue>
const v = arb.avValue
const p = P.of
const set = (path: P.Path, value: U.SetValue): U.Action => ({ _tag: 'Set', path, value })
const remove = (path: P.Path): U.Action => ({ _tag: 'Remove', path })
const add = (path: P.Path, value: AttributeValue): U.Action => ({ _tag: 'Add', path, value: v(value) })
const del = (path: P.Path, value: AttributeValue): U.Action => ({ _tag: 'Delete', path, value: v(value) })
const arith = (op: '+' | '-', left: U.SetOperand, right: U.SetOperand): U.SetValue => ({ _tag: 'Arithmetic', op, left, right })
const N = (n: string): AttributeValue => ({ N: n })

const cases: ReadonlyArray<readonly [string, Item, U.Update]> = [
  ['ADD to a missing number set', {}, [add(p('a'), { NS: ['1', '2'] })]],
  ['ADD to a missing string set', {}, [add(p('a'), { SS: ['x'] })]],
  ['ADD to a missing number', {}, [add(p('a'), N('5'))]],
  ['ADD a set to a nested missing path (parent missing)', {}, [add(p('m', 'x'), { SS: ['x'] })]],
  ['ADD a set to a nested path (parent present)', { m: { M: {} } }, [add(p('m', 'x'), { SS: ['x'] })]],
  ['DELETE emptying a set', { a: { SS: ['x', 'y'] } }, [del(p('a'), { SS: ['x', 'y'] })]],
  ['DELETE more than the set holds', { a: { SS: ['x'] } }, [del(p('a'), { SS: ['x', 'y'] })]],
  ['DELETE from a missing set', {}, [del(p('a'), { SS: ['x'] })]],
  ['DELETE of a number set by a string set', { a: { NS: ['1'] } }, [del(p('a'), { SS: ['1'] })]],
  ['DELETE emptying a nested set', { m: { M: { x: { NS: ['1'] } } } }, [del(p('m', 'x'), { NS: ['1.0'] })]],
  ['list_append with if_not_exists (missing)', {}, [set(p('l'), { _tag: 'ListAppend', left: { _tag: 'IfNotExists', path: p('l'), value: v({ L: [] }) }, right: v({ L: [N('1')] }) })]],
  ['list_append with if_not_exists (present)', { l: { L: [N('0')] } }, [set(p('l'), { _tag: 'ListAppend', left: { _tag: 'IfNotExists', path: p('l'), value: v({ L: [] }) }, right: v({ L: [N('1')] }) })]],
  ['list_append of a missing list', {}, [set(p('l'), { _tag: 'ListAppend', left: p('l'), right: v({ L: [N('1')] }) })]],
  ['list_append onto a non-list', { l: { S: 'x' } }, [set(p('l'), { _tag: 'ListAppend', left: p('l'), right: v({ L: [N('1')] }) })]],
  ['SET of a nested path whose parent is missing', {}, [set(p('m', 'x'), v(N('1')))]],
  ['SET of a nested path whose parent is a scalar', { m: { S: 's' } }, [set(p('m', 'x'), v(N('1')))]],
  ['SET of a list index past the end (appends)', { l: { L: [N('0')] } }, [set(p('l', 5), v(N('1')))]],
  ['SET of an index of a missing list', {}, [set(p('l', 0), v(N('1')))]],
  ['SET of an index of a map', { l: { M: { x: N('1') } } }, [set(p('l', 0), v(N('1')))]],
  ['SET of two indexes past the end', { l: { L: [N('0')] } }, [set(p('l', 7), v(N('7'))), set(p('l', 5), v(N('5')))]],
  ['REMOVE of a list index past the end', { l: { L: [N('0')] } }, [remove(p('l', 3))]],
  ['REMOVE of two list indexes', { l: { L: [N('0'), N('1'), N('2')] } }, [remove(p('l', 0)), remove(p('l', 2))]],
  ['REMOVE of a missing nested path', {}, [remove(p('m', 'x'))]],
  ['REMOVE of an index of a missing list', {}, [remove(p('l', 0))]],
  ['REMOVE of a key of a scalar', { m: { S: 's' } }, [remove(p('m', 'x'))]],
  ['REMOVE of an index of a scalar', { m: { S: 's' } }, [remove(p('m', 0))]],
  ['38 digits + 1 (exact)', { a: N('1234567890123456789012345678901234567') }, [set(p('a'), arith('+', p('a'), v(N('1'))))]],
  ['38 nines + 1 (39 digits)', { a: N('99999999999999999999999999999999999999') }, [set(p('a'), arith('+', p('a'), v(N('1'))))]],
  ['38 nines + 1 by ADD', { a: N('99999999999999999999999999999999999999') }, [add(p('a'), N('1'))]],
  ['1e37 + 0.1 (39 significant digits)', { a: N('1E+37') }, [set(p('a'), arith('+', p('a'), v(N('0.1'))))]],
  ['1e38 + 1', { a: N('1E+38') }, [set(p('a'), arith('+', p('a'), v(N('1'))))]],
  ['1e38 - 1 by ADD', { a: N('1E+38') }, [add(p('a'), N('-1'))]],
  ['9.99e125 + 9.99e125 (overflow)', { a: N('9.9999999999999999999999999999999999999E+125') }, [add(p('a'), N('9.9999999999999999999999999999999999999E+125'))]],
  ['-9.99e125 - 9.99e125 (overflow)', {}, [set(p('a'), arith('-', v(N('-9.9999999999999999999999999999999999999E+125')), v(N('9.9999999999999999999999999999999999999E+125'))))]],
  ['1e-130 - 1e-130 (zero)', { a: N('1E-130') }, [add(p('a'), N('-1E-130'))]],
  ['1e-130 + 1 (precision)', { a: N('1E-130') }, [add(p('a'), N('1'))]],
  ['1e-130 / 10 via minus (underflow)', { a: N('1.1E-130') }, [add(p('a'), N('-1E-130'))]],
  ['1.5e-130 - 1e-130', { a: N('1.5E-130') }, [add(p('a'), N('-1E-130'))]],
  ['ADD to a number set with an equal number', { a: { NS: ['1'] } }, [add(p('a'), { NS: ['1.00', '2'] })]],
  ['ADD of a NS near the bound', {}, [add(p('a'), { NS: ['9.9999999999999999999999999999999999999E+125', '1E-130'] })]],
  ['SET the same list twice through overlapping paths', { l: { L: [N('0')] } }, [set(p('l', 0), v(N('1'))), remove(p('l'))]],
  ['SET a map key with a dot', {}, [set(p('m.x'), v(N('1')))]],
  ['SET an empty string, empty binary, empty list, empty map', {}, [set(p('a'), v({ S: '' })), set(p('b'), v({ B: new Uint8Array() })), set(p('c'), v({ L: [] })), set(p('d'), v({ M: {} }))]],
  ['SET from a missing path', {}, [set(p('a'), p('b'))]],
  ['arithmetic on a missing path', {}, [set(p('a'), arith('+', p('b'), v(N('1'))))]],
  ['if_not_exists of a nested missing path', {}, [set(p('a'), { _tag: 'IfNotExists', path: p('m', 'x', 3), value: v(N('1')) })]],
  ['SET an index past the end and REMOVE an earlier index', { l: { L: [N('0'), N('1'), N('2')] } }, [set(p('l', 5), v(N('5'))), remove(p('l', 0))]],
  ['SET an index and REMOVE an earlier one', { l: { L: [N('0'), N('1'), N('2')] } }, [set(p('l', 1), v(N('9'))), remove(p('l', 0))]],
  ['REMOVE an index and SET a later one', { l: { L: [N('0'), N('1'), N('2')] } }, [remove(p('l', 2)), set(p('l', 0), v(N('9')))]],
  ['swap two attributes (each SET reads the old item)', { a: N('1'), b: N('2') }, [set(p('a'), p('b')), set(p('b'), p('a'))]],
  ['list_append of a list to itself', { l: { L: [N('0'), N('1')] } }, [set(p('l'), { _tag: 'ListAppend', left: p('l'), right: p('l') })]],
  ['SET one map key, REMOVE another', { m: { M: { x: N('1'), y: N('2') } } }, [set(p('m', 'z'), v(N('3'))), remove(p('m', 'x'))]],
  ['ADD to one set, DELETE from another', { s: { SS: ['a'] }, t: { NS: ['1', '2'] } }, [add(p('s'), { SS: ['b'] }), del(p('t'), { NS: ['2', '1'] })]],
  ['SET a nested key under a map SET in the same update', {}, [set(p('m'), v({ M: {} })), set(p('m', 'x'), v(N('1')))]],
  ['arithmetic reading a path another action removes', { a: N('1'), b: N('2') }, [set(p('a'), arith('+', p('b'), v(N('1')))), remove(p('b'))]],
  ['if_not_exists through a scalar', { m: { S: 's' } }, [set(p('a'), { _tag: 'IfNotExists', path: p('m', 'x'), value: v(N('1')) })]],
]

test(`update edges: Evaluate.update and UpdateItem agree on ${cases.length} hand-picked cases`, async () => {
  const db = await local()
  const TableName = await diff.createTable(db.client, 'updedge')
  const wrong: string[] = []
  try {
    for (const [name, item, us] of cases) {
      const r = await diff.checkUpdate(db.client, TableName, item, us)
      if (r._tag === "disagree") wrong.push(`${name}: ${r.why}`)
    }
  } finally {
    await diff.deleteTable(db.client, TableName)
  }
  assert.equal(wrong, [], wrong.join('\n'))
})

/** A number at DynamoDB's edges: 1 to 38 significant digits (runs of 9s and 0s), exponents near 125 and -130, and near 38 digits. */
const edgeNumber: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constantFrom('1', '9', '5', '99999999999999999999999999999999999999', '10000000000000000000000000000000000001'), fc.stringMatching(/^[1-9][09]{0,37}$/)),
    fc.oneof(fc.integer({ min: -130, max: -120 }), fc.integer({ min: 115, max: 125 }), fc.integer({ min: -2, max: 40 })),
  )
  .map(([neg, digits, e]) => `${neg ? '-' : ''}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}E${e}`)
  .filter((n) => D.checkString(n) === undefined)

const numberUpdate: fc.Arbitrary<readonly [Item, U.Update]> = fc
  .tuple(edgeNumber, edgeNumber, fc.constantFrom('+', '-', 'add'))
  .map(([a, b, op]) => [{ a: N(a) }, [op === 'add' ? add(p('a'), N(b)) : set(p('a'), arith(op as '+' | '-', p('a'), v(N(b))))]] as const)

test('numbers at the edges (38 digits, ±1e125, 1e-130): Evaluate.update and UpdateItem agree on 400 sums and differences (fast-check, seed 10_002)', async () => {
  const db = await local()
  const TableName = await diff.createTable(db.client, 'updnum')
  const how = { same: 0, failedByBoth: 0, refusedByBoth: 0 }
  try {
    await fc.assert(
      fc.asyncProperty(numberUpdate, async ([item, us]) => {
        const r = await diff.checkUpdate(db.client, TableName, item, us)
        if (r._tag === 'disagree') return false
        how[r.how]++
        return true
      }),
      { seed: 10_002, numRuns: 400 },
    )
  } finally {
    await diff.deleteTable(db.client, TableName)
  }
  // both outcomes are reached: sums DynamoDB stores, and sums it refuses (overflow, precision)
  assert.ok(how.same > 50 && how.failedByBoth > 50, JSON.stringify(how))
})

test.run()

/**
 * `Field.pynamoBinary` stores the bytes of its value's base64 text: equal values have equal
 * texts, but the texts do not sort as the bytes do (`+` < `/` < digits < `A-Z` < `a-z`: [0xff]
 * is `/w==`, below [0x00]'s `AA==`), a value's prefix is not its text's prefix ([1, 2] is
 * `AQI=`, [1, 2, 3] `AQID`), and `size` counts the text ([0] is 4 bytes). Such a codec declares
 * `Shape.EQUALITY_ONLY`: `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`, `contains` and `size` on its
 * attribute are an `ExpressionError` naming it and why (the compiler and Evaluate alike), `=`,
 * `<>`, `IN` and the attribute functions stay, and it is no range key of a table or an index.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Shape from '../../../lib/codec/Shape.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'

const Blob = Model.make({
  table: 'blobs',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string }), t.partial({ pb: Field.pynamoBinary, other: Field.pynamoBinary, raw: Field.binary, pbs: Field.pynamoBinarySet, j: Field.json })]),
})
const u = Blob.attrs

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'))
const accepted = 'it takes =, <>, IN, attribute_exists, attribute_not_exists and attribute_type only'
const why = `its stored form is the bytes of its base64 text, which do not sort, begin, contain or count as the bytes do; ${accepted}`
const jsonWhy = 'its stored form is its JSON text, which does not sort, begin, contain or count as its values do (10 is stored as "10", before "9"), and = compares that text, equal only when written the same (as this library writes it: {"a":1,"b":2} is neither {"b":2,"a":1} nor PynamoDB\'s {"a": 1, "b": 2})'

/** `c` is an ExpressionError saying `message`, from the compiler and Evaluate alike. */
const refused = (c: C.Condition, message: string): void => {
  const e = X.condition(c)
  if (E.isRight(e)) throw new Error(`expected a Left, got ${e.right.expression} ${JSON.stringify(e.right.values)}`)
  assert.equal(e.left, DE.expressionError(message))
  const ev = Evaluate.condition(c)
  assert.ok(E.isLeft(ev) && ev.left._tag === 'ExpressionError' && ev.left.message.includes(message), JSON.stringify(ev))
}

test('before, the stored text was ordered, prefixed and sized: [0x00] > [0xff] held, [1, 2, 3] did not begin with [1, 2], size([0]) was 4', () => {
  const item = (b: number[]) => ({ id: { S: 'a' }, pb: { B: Field.pynamoBinary.encode(new Uint8Array(b)) } })
  for (const [c, b] of [
    [C.gt(u.pb, new Uint8Array([0xff])), [0x00]],
    [C.beginsWith(u.pb, new Uint8Array([1, 2])), [1, 2, 3]],
    [C.eq(C.size(u.pb), 4), [0]],
  ] as const) {
    const e = Evaluate.condition(c)
    assert.ok(E.isLeft(e), E.isRight(e) ? `the predicate says ${e.right(item([...b]))}` : '')
  }
})

test('ordering, prefixes and sizes of an equality-only attribute are refused, naming it and why', () => {
  const b = new Uint8Array([1])
  refused(C.gt(u.pb, b), `> on pb: ${why}`)
  refused(C.gte(u.pb, b), `>= on pb: ${why}`)
  refused(C.lt(u.pb, b), `< on pb: ${why}`)
  refused(C.lte(u.pb, b), `<= on pb: ${why}`)
  refused(C.lt(u.pb, u.other), `< on pb: ${why}`)
  refused(C.lt(u.raw, u.pb), `< on pb: ${why}`)
  refused(C.between(u.pb, b, new Uint8Array([2])), `BETWEEN on pb: ${why}`)
  refused(C.beginsWith(u.pb, b), `begins_with on pb: ${why}`)
  refused(C.eq(C.size(u.pb), 4), `size on pb: ${why}`)
  refused(C.gt(C.size(u.pb), 4), `size on pb: ${why}`)
  refused(C.between(C.size(u.pb), 1, 4), `size on pb: ${why}`)
  refused(C.isIn(C.size(u.pb), [1, 4]), `size on pb: ${why}`)
  refused(C.not(C.and(C.exists(u.pb), C.lt(u.pb, b))), `< on pb: ${why}`)
  // JSON text: 10 is stored as "10", before "9"
  const json = `${jsonWhy}; ${accepted}`
  refused(C.gt(u.j, 9), `> on j: ${json}`)
  refused(C.eq(C.size(u.j), 2), `size on j: ${json}`)
  assert.ok(E.isRight(X.condition(C.eq(u.j, 10))))
})

test('equality and the attribute functions stay: the stored text compared', () => {
  const b = new Uint8Array([1, 2])
  for (const c of [C.eq(u.pb, b), C.ne(u.pb, b), C.isIn(u.pb, [b]), C.exists(u.pb), C.notExists(u.pb), C.attributeType(u.pb, 'B'), C.contains(u.pbs, b), C.gt(u.raw, b), C.gt(C.size(u.pbs), 1)]) {
    assert.ok(E.isRight(X.condition(c)), JSON.stringify(X.condition(c)))
    assert.ok(E.isRight(Evaluate.condition(c)))
  }
  const e = X.condition(C.eq(u.pb, b))
  assert.equal(E.isRight(e) && Object.values(e.right.values), [{ B: ascii('AQI=') }])
})

test('Shape.equalityOnly: declared by pynamoBinary, read through refinements, readonly and intersections; none for binary', () => {
  assert.is(typeof Shape.equalityOnly(Field.pynamoBinary), 'string')
  assert.is(Shape.equalityOnly(t.readonly(Field.pynamoBinary)), Shape.equalityOnly(Field.pynamoBinary))
  assert.is(Shape.equalityOnly(t.refinement(Field.pynamoBinary, () => true)), Shape.equalityOnly(Field.pynamoBinary))
  assert.is(Shape.equalityOnly(t.intersection([Field.pynamoBinary, Field.pynamoBinary])), Shape.equalityOnly(Field.pynamoBinary))
  assert.is(typeof Shape.equalityOnly(Field.json), 'string')
  for (const c of [Field.binary, Field.pynamoBinarySet, t.string, Field.dateTime]) assert.is(Shape.equalityOnly(c), undefined)
})

test('a pynamoBinary range key, of the table, a global or a local index, or a multi-attribute one: a SchemaError at Model.make; a hash key is fine', () => {
  const codec = t.type({ id: t.string, sk: t.string, pb: Field.pynamoBinary, n: t.number })
  const cases: ReadonlyArray<[() => unknown, string]> = [
    [() => Model.make({ table: 'ttt', hashKey: 'id', rangeKey: 'pb', codec }), 'the range key "pb"'],
    [() => Model.make({ table: 'ttt', hashKey: 'id', codec, indexes: { ggg: Model.globalIndex({ hashKey: 'id', rangeKey: 'pb' }) } }), 'the range key of index ggg "pb"'],
    [() => Model.make({ table: 'ttt', hashKey: 'id', rangeKey: 'sk', codec, indexes: { lll: Model.localIndex({ rangeKey: 'pb' }) } }), 'the range key of index lll "pb"'],
    [() => Model.make({ table: 'ttt', hashKey: 'id', codec, indexes: { mmm: Model.globalIndex({ hashKey: ['id'], rangeKey: ['n', 'pb'] }) } }), 'the range key field of index mmm "pb"'],
  ]
  for (const [make, at] of cases) {
    try {
      make()
      assert.unreachable('Model.make accepted it')
    } catch (e) {
      assert.ok(e instanceof DE.SchemaException, String(e))
      const err = (e as DE.SchemaException).error
      assert.ok(err.message.includes(`ttt: ${at} cannot be pynamoBinary: its stored form is the bytes of its base64 text`), err.message)
    }
  }
  assert.ok(Model.make({ table: 'ttt', hashKey: 'pb', rangeKey: 'id', codec }).table === 'ttt')
})

test('contains on a single equality-only attribute is refused: its stored text is no list of the bytes; a set of them keeps contains', () => {
  const item = { id: { S: 'a' }, pb: { B: Field.pynamoBinary.encode(new Uint8Array([1, 2, 3])) } }
  // [1, 2, 3] is stored as the text "AQID": [1, 2] ("AQI=") is not in it, "AQ" ([0x41, 0x51]) is
  refused(C.contains(u.pb, new Uint8Array([1, 2])), `contains on pb: ${why}`)
  refused(C.contains(u.pb, new Uint8Array([0x41, 0x51])), `contains on pb: ${why}`)
  const set = { id: { S: 'a' }, pbs: { BS: [Field.pynamoBinary.encode(new Uint8Array([1, 2]))] } }
  const e = Evaluate.condition(C.contains(u.pbs, new Uint8Array([1, 2])))
  assert.ok(E.isRight(e) && e.right(set) === true && e.right(item) === false)
  const x = X.condition(C.contains(u.pbs, new Uint8Array([1, 2])))
  assert.equal(E.isRight(x) && Object.values(x.right.values), [{ B: ascii('AQI=') }])
})

test('json: = compares the stored text, so an equal value written in another key order or spacing is another text; contains is refused', () => {
  const json = `${jsonWhy}; ${accepted}`
  refused(C.contains(u.j, 'a' as never), `contains on j: ${json}`)
  const p = Evaluate.condition(C.eq(u.j, { a: 1, b: 2 }))
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  assert.is(p.right({ id: { S: 'a' }, j: { S: '{"a":1,"b":2}' } }), true)
  assert.is(p.right({ id: { S: 'a' }, j: { S: '{"b":2,"a":1}' } }), false)
  assert.is(p.right({ id: { S: 'a' }, j: { S: '{"a": 1, "b": 2}' } }), false)
  for (const c of [C.ne(u.j, 1), C.isIn(u.j, [1, 'x']), C.exists(u.j), C.notExists(u.j), C.attributeType(u.j, 'S')]) assert.ok(E.isRight(X.condition(c)))
})

test.run()

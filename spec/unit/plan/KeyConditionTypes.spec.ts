/**
 * A Query's key condition holds values of its key attributes' stored types: DynamoDB refuses
 * any other ("Condition parameter type does not match schema type", and begins_with on a
 * number key; asked of DynamoDB Local 3.3.0). Typed code cannot give such a value; one cast
 * through `any`, or from JavaScript, is a ValidationError naming the key field from `explain`
 * and every read, before any request, as `getOne` already gives for its key.
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as SK from '../../../lib/model/storedKey.js'
import type * as DE from '../../../lib/DynamoError.js'

const Row = Model.make({
  table: 'rows',
  hashKey: 'h',
  rangeKey: 'r',
  codec: t.type({ h: t.string, r: t.number, at: Field.dateTime, s: t.string }),
  indexes: { byAt: Model.globalIndex({ hashKey: 's', rangeKey: 'at' }) },
})
const w = Row.attrs
const any = (v: unknown) => v as any

const naming = (r: E.Either<DE.DynamoError, unknown>, path: string, what: string): void => {
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === path), `${what}: ${JSON.stringify(r).slice(0, 300)}`)
}

const cases: ReadonlyArray<readonly [string, string, C.Condition]> = [
  ['a number for a string hash key', 'h', C.eq(w.h, any(5))],
  ['a string for a number range key', 'r', C.and(C.eq(w.h, 'a'), C.gt(w.r, any('x')))],
  ['a between of a string and a number', 'r', C.and(C.eq(w.h, 'a'), C.between(w.r, any('1'), 2))],
  ['begins_with on a number range key', 'r', C.and(C.eq(w.h, 'a'), C.beginsWith(any(w.r), '1'))],
  ['a number for an index hash key', 's', C.eq(w.s, any(7))],
  ['a number for a date range key of an index', 'at', C.and(C.eq(w.s, 'x'), C.lt(w.at, any(5)))],
]

test('explain: a key condition value of another stored type than its key is a ValidationError naming the key field', () => {
  for (const [what, path, c] of cases) naming(Dynamo.explain(Row, c), path, what)
})

test('getMany, page, count and deleteMany: the same ValidationError, nothing sent', async () => {
  for (const [what, path, c] of cases) {
    const sent: unknown[] = []
    const env = Env.make({ client: { send: async (x: unknown) => (sent.push(x), { $metadata: {}, Items: [], Count: 0 }) } as unknown as DynamoDBClient })
    for (const op of [Dynamo.getMany(Row, c), Dynamo.page(Row, c), Dynamo.count(Row, c), Dynamo.deleteMany(Row, c)]) naming(await op(env)(), path, what)
    assert.is(sent.length, 0, what)
  }
})

test("one rule of a key value's stored type: a key condition's value and an item's key attribute of the same other type give the same issue", () => {
  const pairs: ReadonlyArray<readonly [C.Condition, Record<string, AttributeValue>, string]> = [
    [C.eq(w.h, any(5)), { h: { N: '5' }, r: { N: '1' } }, 'h'],
    [C.and(C.eq(w.h, 'a'), C.gt(w.r, any('x'))), { h: { S: 'a' }, r: { S: 'x' } }, 'r'],
    [C.and(C.eq(w.h, 'a'), C.gt(w.r, any(new Uint8Array([1])))), { h: { S: 'a' }, r: { B: new Uint8Array([1]) } }, 'r'],
  ]
  for (const [c, key, path] of pairs) {
    const planned = Dynamo.explain(Row, c)
    const checked = SK.checkKey(Row, key)
    const issues = [planned, checked].map((r) => (E.isLeft(r) && r.left._tag === 'ValidationError' ? r.left.issues : undefined))
    assert.ok(issues[0] !== undefined && issues[0].length === 1 && issues[0][0]?.path === path, JSON.stringify(planned))
    assert.equal(issues[0], issues[1], path)
  }
})

test('the values typed code gives plan: strings, numbers, dates', () => {
  for (const c of [C.eq(w.h, 'a'), C.and(C.eq(w.h, 'a'), C.between(w.r, 1, 2)), C.and(C.eq(w.s, 'x'), C.gt(w.at, new Date(0)))]) {
    const p = Dynamo.explain(Row, c)
    assert.ok(E.isRight(p) && p.right._tag === 'Query', JSON.stringify(p))
  }
})

test.run()

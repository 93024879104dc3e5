/**
 * A hash `eq` with a range-key `isIn` of literal values where the keys are not batch-read (an
 * index, whose keys are not unique; the table when the read needs a Query: `descending`,
 * pacing) is a Query of that partition: its key condition `range BETWEEN least AND greatest`
 * (DynamoDB's order of the key's type; `=` for one value), the `isIn` a check evaluated in
 * memory on the items read (DynamoDB refuses a key attribute in a Query's filter), the other
 * conjuncts the filter. It was a Scan (of the index named, else of the table). A read split in
 * segments stays the Scan; an `isIn` a value of another type than the key's stays a filter.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import type { SplitOptions } from '../../../lib/plan/split.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'

const Row = Model.make({
  table: 'rows',
  hashKey: 'h',
  rangeKey: 'r',
  codec: t.intersection([t.type({ h: t.string, r: Field.int() }), t.partial({ x: Field.int(), tag: t.string, name: t.string })]),
  indexes: {
    byTag: Model.globalIndex({ hashKey: 'tag', rangeKey: 'r' }),
    byName: Model.localIndex({ rangeKey: 'name' }),
  },
})
const w = Row.attrs

const show = (e: E.Either<DE.DynamoError, Plan.Plan>): string => (E.isRight(e) ? Plan.show(e.right) : `${e.left._tag}: ${DE.show(e.left)}`)

test('a global index: a Query of the partition, the range key between the least and the greatest value (numbers by value), the isIn checked in memory (golden)', () => {
  assert.is(
    show(Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.isIn(w.r, [10, 9, 100, -1])))),
    ['Query rows index byTag', '  key condition: tag = "t" AND r BETWEEN -1 AND 100', '  check (evaluated on the results): r IN (10, 9, 100, -1)'].join('\n'),
  )
  // named, with a filter on another attribute (the filter DynamoDB evaluates)
  const p = Dynamo.explain(Row, C.and(C.gt(w.x, 2), C.isIn(w.r, [3, 1]), C.eq(w.tag, 't')), { index: 'byTag' })
  assert.equal(E.isRight(p) && p.right, {
    _tag: 'Query',
    table: 'rows',
    index: 'byTag',
    keyCondition: C.and(C.eq(w.tag, 't'), C.between(w.r, 1, 3)),
    filter: C.gt(w.x, 2),
    check: C.isIn(w.r, [3, 1]),
  })
})

test('Command.query of a plan with a check: refused unless the caller says it evaluates the check (the request alone reads every range key between the bounds)', () => {
  const p = Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.isIn(w.r, [1, 3])))
  if (E.isLeft(p) || p.right._tag !== 'Query') return assert.unreachable('a Query')
  const refused = Command.query('rows', p.right)
  assert.ok(E.isLeft(refused) && refused.left._tag === 'ExpressionError' && /check \(r IN \(1, 3\)\) is evaluated on the items read/.test(DE.show(refused.left)), E.isLeft(refused) ? DE.show(refused.left) : 'compiled')
  const sent = Command.query('rows', p.right, { checked: true })
  assert.ok(E.isRight(sent) && sent.right.KeyConditionExpression === '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2' && sent.right.FilterExpression === undefined)
  // a plan without a check compiles without one
  const plain = Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.gt(w.r, 1)))
  assert.ok(E.isRight(plain) && plain.right._tag === 'Query' && E.isRight(Command.query('rows', plain.right)))
})

test('a local index of a string range key: between in DynamoDB\'s order of strings (by UTF-8 bytes: "Z" before "a", "é" after "z")', () => {
  assert.is(
    show(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.isIn(w.name, ['b', 'é', 'Z', 'z'])))),
    ['Query rows index byName', '  key condition: h = "a" AND name BETWEEN "Z" AND "é"', '  check (evaluated on the results): name IN ("b", "é", "Z", "z")'].join('\n'),
  )
})

test('one value (however often listed): an equality in the key condition, no check', () => {
  const p = Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.isIn(w.r, [7, 7])))
  assert.equal(E.isRight(p) && p.right, { _tag: 'Query', table: 'rows', index: 'byTag', keyCondition: C.and(C.eq(w.tag, 't'), C.eq(w.r, 7)) })
})

test('the table, when its keys are not batch-read (the read needs a Query): the same Query of the partition; split in segments, the Scan it was', () => {
  const c = C.and(C.eq(w.h, 'a'), C.isIn(w.r, [5, 2]), C.ne(w.x, 0))
  assert.is(
    show(Plan.make(Row, c, { crossKeys: false })),
    ['Query rows', '  key condition: h = "a" AND r BETWEEN 2 AND 5', '  filter: x <> 0', '  check (evaluated on the results): r IN (5, 2)'].join('\n'),
  )
  // split in segments (the reads' own option, not a public one)
  const segmented: SplitOptions = { crossKeys: false, segmented: true }
  assert.is(show(Plan.make(Row, c, segmented)), ['Scan rows', '  filter: h = "a" AND r IN (5, 2) AND x <> 0'].join('\n'))
  // batch-read otherwise, as since session 9
  assert.is(E.isRight(Plan.make(Row, c)) && (Plan.make(Row, c) as E.Right<Plan.Plan>).right._tag, 'BatchGetItem')
})

test('what the Query cannot take stays as it was: a value of another type than the key\'s, another conjunct on the range key, an Or', () => {
  // (the planner's choice: the read, and explain with it, refuse the value of another type before any request)
  assert.match(show(Plan.make(Row, C.and(C.eq(w.tag, 't'), C.isIn(w.r, [1, '2' as never])))), /^Scan rows\n/)
  assert.match(show(Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.isIn(w.r, [1, 2]), C.isIn(w.r, [2, 3])))), /^Scan rows\n/)
  assert.match(show(Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.gt(w.r, 0), C.isIn(w.r, [1, 2])))), /^Scan rows\n/)
  assert.match(show(Dynamo.explain(Row, C.or(C.eq(w.tag, 't'), C.isIn(w.r, [1, 2])))), /^Scan rows\n/)
  // a range condition wins the key condition
  assert.match(show(Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.gt(w.r, 0)))), /^Query rows index byTag\n {2}key condition: tag = "t" AND r > 0$/)
})

test('the requests: the bound in KeyConditionExpression, the isIn in no FilterExpression; a count reads the keys and counts those that pass (no Select COUNT)', async () => {
  const c = C.and(C.eq(w.tag, 't'), C.isIn(w.r, [1, 3]))
  const answer = { Items: [1, 2, 3].map((r) => ({ h: { S: 'a' }, r: { N: String(r) }, tag: { S: 't' } })), Count: 3 }
  const inputs: Array<Record<string, any>> = []
  const send = async (cmd: { input: Record<string, any> }) => {
    inputs.push(cmd.input)
    return answer
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient })
  const items = await Dynamo.getMany(Row, c)(env)()
  assert.equal(E.isRight(items) && items.right.map((i) => i.r), [1, 3])
  assert.equal([inputs[0]?.KeyConditionExpression, inputs[0]?.FilterExpression], ['#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2', undefined])
  const n = await Dynamo.count(Row, c)(env)()
  assert.equal(n, E.right(2))
  assert.equal([inputs[1]?.Select, inputs[1]?.ProjectionExpression === undefined], [undefined, false])
})

test.run()

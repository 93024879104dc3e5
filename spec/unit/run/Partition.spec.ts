/**
 * The partition a Query asks for (`answer.partitionOf`), what its answers' items and
 * `LastEvaluatedKey` are checked against, read from its key condition's AST (never from the
 * compiled expression's text): each hash key attribute of what it reads and the value its
 * equality gives it, encoded as the compiled request sends it (a codec's encoding, a composed
 * key's text). The same values the compiled `QueryCommandInput` holds for those attributes.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import { answerWhy, partitionOf, type Partition } from '../../../lib/run/answer.js'
import { right } from '../../harness/either.js'

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number }) })
const r = Row.attrs
const Numbered = Model.make({ table: 'numbered', hashKey: 'id', rangeKey: 'sk', codec: t.type({ id: t.number, sk: t.number }) })
const Binary = Model.make({ table: 'binary', hashKey: 'id', rangeKey: 'sk', codec: t.type({ id: Field.binary, sk: t.number }) })
const Dated = Model.make({ table: 'dated', hashKey: 'day', rangeKey: 'sk', codec: t.type({ day: Field.dateTime, sk: t.number }) })
const Entity = Model.make({ table: 'rows', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW#{n}') })
const Noted = Model.make({
  table: 'noted',
  entity: 'noted',
  codec: t.type({ owner: t.string, at: t.number, title: t.string, tag: t.string, total: t.number, status: t.string, region: t.string }),
  hashKey: 'owner',
  rangeKey: 'at',
  indexes: {
    byTitle: Model.globalIndex({ hashKey: 'title', projection: 'keys' }),
    byTotal: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'TOTAL#{total}'), projection: ['status'] }),
    byTag: Model.localIndex({ rangeKey: 'tag', projection: 'keys' }),
    byStatus: Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['at'] }),
  },
})
const no = Noted.attrs

/** The values the compiled request holds for `attributes` in its key condition's equalities, by placeholder. */
const compiled = (input: QueryCommandInput, attributes: ReadonlyArray<string>): ReadonlyArray<AttributeValue | undefined> =>
  attributes.map((a) => {
    const name = Object.entries(input.ExpressionAttributeNames ?? {}).find(([, n]) => n === a)?.[0]
    const at = name === undefined ? -1 : (input.KeyConditionExpression ?? '').indexOf(`${name} = :`)
    const value = at === -1 ? undefined : /^:[a-z0-9]+/.exec((input.KeyConditionExpression ?? '').slice(at + (name as string).length + 3))?.[0]
    return value === undefined ? undefined : input.ExpressionAttributeValues?.[value]
  })

test("a Query's partition is its hash key attributes and their values, as the compiled request sends them: a table's, a number's, bytes, a codec's encoding, a composed key's text, a global index's of one attribute, of a composed key, of several attributes, a local index's", () => {
  const cases: ReadonlyArray<readonly [string, Model.Any, C.Condition, Plan.Options, ReadonlyArray<string>, ReadonlyArray<AttributeValue>]> = [
    ['a table', Row, C.eq(r.pk, 'a'), {}, ['pk'], [{ S: 'a' }]],
    ['a table, a range condition too', Row, C.and(C.gt(r.sk, 1), C.eq(r.pk, 'a')), {}, ['pk'], [{ S: 'a' }]],
    ['a number', Numbered, C.eq(Numbered.attrs.id, 1.5), {}, ['id'], [{ N: '1.5' }]],
    ['bytes', Binary, C.eq(Binary.attrs.id, new Uint8Array([1, 2, 3])), {}, ['id'], [{ B: new Uint8Array([1, 2, 3]) }]],
    ['a codec', Dated, C.eq(Dated.attrs.day, new Date(0)), {}, ['day'], [{ S: '1970-01-01T00:00:00.000Z' }]],
    ['a composed key', Entity, C.eq(Entity.attrs.id, 'a'), {}, ['pk'], [{ S: 'ROW#a' }]],
    ['a global index of one attribute', Noted, C.eq(no.title, 'todo'), { index: 'byTitle', fields: ['owner', 'at', 'title'] }, ['title'], [{ S: 'todo' }]],
    ['a global index of a composed key', Noted, C.eq(no.total, 5), { index: 'byTotal', fields: ['owner', 'at', 'status'] }, ['gsi2pk'], [{ S: 'TOTAL#5' }]],
    ['a global index of several attributes', Noted, C.and(C.eq(no.region, 'eu'), C.eq(no.status, 'open')), {}, ['status', 'region'], [{ S: 'open' }, { S: 'eu' }]],
    ['a local index', Noted, C.and(C.eq(no.owner, 'ann'), C.eq(no.tag, 'home')), {}, ['owner'], [{ S: 'ann' }]],
  ]
  for (const [what, m, condition, options, attributes, values] of cases) {
    const plan = right(Plan.make(m, condition, options))
    if (plan._tag !== 'Query') return assert.unreachable(`${what}: a ${plan._tag}`)
    const partition = partitionOf(plan.keyCondition, attributes)
    assert.equal(partition, { attributes, values }, what)
    const input = right(Command.query('t', plan, { checked: true }))
    assert.equal(compiled(input, attributes), values, `${what}: the compiled request's`)
  }
})

test('a key condition wrapped in one-member ANDs and ORs is read through them; one without an equality on each hash key attribute (a range condition alone, another attribute) has no partition', () => {
  assert.equal(partitionOf(C.and(C.or(C.and(C.eq(r.pk, 'a'))), C.gt(r.sk, 1)), ['pk']), { attributes: ['pk'], values: [{ S: 'a' }] })
  assert.equal(partitionOf(C.or(C.eq(r.pk, 'a')), ['pk']), { attributes: ['pk'], values: [{ S: 'a' }] })
  assert.is(partitionOf(C.gt(r.sk, 1), ['pk']), undefined)
  assert.is(partitionOf(C.eq(r.sk, 1), ['pk']), undefined)
  assert.is(partitionOf(C.eq(no.status, 'open'), ['status', 'region']), undefined)
})

test("an item of another partition is named by its attribute as a key is printed: a name that is no plain identifier quoted", () => {
  const why = (name: string): string | undefined =>
    answerWhy({ Items: [{ [name]: { S: 'b' } }] }, [name], undefined, undefined, { attributes: [name], values: [{ S: 'a' }] })
  assert.is(why('pk'), "an item of it is not of the Query's partition: its pk is not the one the key condition asks for")
  assert.is(why('my-pk'), `an item of it is not of the Query's partition: its "my-pk" is not the one the key condition asks for`)
  assert.is(why('a b'), `an item of it is not of the Query's partition: its "a b" is not the one the key condition asks for`)
})

test("a Query's range key condition is read from its AST as bounds its LastEvaluatedKey must hold (=, <, <=, >, >=, BETWEEN, begins_with; a composed key's text), checked exactly: a number in another spelling holds, another type does not", () => {
  const bounds = (m: Model.Any, condition: C.Condition, hash: ReadonlyArray<string>, range: ReadonlyArray<string>): Partition | undefined => {
    const plan = right(Plan.make(m, condition))
    if (plan._tag !== 'Query') throw new Error(`a ${plan._tag}`)
    return partitionOf(plan.keyCondition, hash, range)
  }
  const p = bounds(Row, C.and(C.eq(r.pk, 'a'), C.between(r.sk, 2, 4)), ['pk'], ['sk'])
  assert.equal(p?.range, [{ attribute: 'sk', op: '>=', value: { N: '2' } }, { attribute: 'sk', op: '<=', value: { N: '4' } }])
  const why = (partition: typeof p, sk: unknown) => answerWhy({ Items: [], LastEvaluatedKey: { pk: { S: 'a' }, sk } }, ['pk', 'sk'], undefined, undefined, partition)
  assert.is(why(p, { N: '1' }), "its LastEvaluatedKey is outside the Query's key condition: its sk is not within the bounds the key condition asks for")
  assert.is(why(p, { N: '5' }), "its LastEvaluatedKey is outside the Query's key condition: its sk is not within the bounds the key condition asks for")
  assert.is(why(p, { S: '3' }), "its LastEvaluatedKey is outside the Query's key condition: its sk is not within the bounds the key condition asks for")
  assert.is(why(p, { N: '2.0' }), undefined)
  assert.is(why(p, { N: '4' }), undefined)
  for (const [c, inside, outside] of [
    [C.gt(r.sk, 0), { N: '0.001' }, { N: '0' }],
    [C.gte(r.sk, 0), { N: '0' }, { N: '-0.001' }],
    [C.lt(r.sk, 0), { N: '-1' }, { N: '0' }],
    [C.lte(r.sk, 0), { N: '0' }, { N: '1E-100' }],
  ] as const) {
    const q = bounds(Row, C.and(C.eq(r.pk, 'a'), c), ['pk'], ['sk'])
    assert.is(why(q, inside), undefined, JSON.stringify(inside))
    assert.ok(why(q, outside) !== undefined, JSON.stringify(outside))
  }
  // an equality on a local index's range key
  const tag = bounds(Noted, C.and(C.eq(no.owner, 'ann'), C.eq(no.tag, 'home')), ['owner'], ['tag'])
  assert.equal(tag?.range, [{ attribute: 'tag', op: '=', value: { S: 'home' } }])
  const tagWhy = (v: unknown) => answerWhy({ Items: [], LastEvaluatedKey: { owner: { S: 'ann' }, at: { N: '1' }, tag: v } }, ['owner', 'at', 'tag'], undefined, undefined, tag)
  assert.is(tagWhy({ S: 'home' }), undefined)
  assert.match(tagWhy({ S: 'homes' }) ?? '', /its tag is not within the bounds/)
  // a composed range key: its prefix, as stored
  const e = bounds(Entity, C.eq(Entity.attrs.id, 'a'), ['pk'], ['sk'])
  assert.equal(e?.range, [{ attribute: 'sk', op: 'begins_with', value: { S: 'ROW#' } }])
  // no range condition: no bounds (the partition as before)
  assert.equal(bounds(Row, C.eq(r.pk, 'a'), ['pk'], ['sk']), { attributes: ['pk'], values: [{ S: 'a' }] })
})

test.run()

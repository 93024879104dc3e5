/**
 * `count` asks DynamoDB for counts (`Select: 'COUNT'`, DESIGN §5.1): no item is transferred, so
 * no field is asked of the index read. An index that projects only its keys (or a list) counts
 * as well as one that projects everything, as long as it holds what the condition tests
 * (`count(Row, eq(g), { index: 'byO' })` through a keys-only index, for one). What a filter
 * tests must still be projected, and
 * reads of items still need every field they return (a read that selects none gives what the index projects).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { QueryCommandInput } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import { counting } from '../../harness/counting.js'

const Row = Model.make({
  table: 'rows',
  hashKey: 'h',
  rangeKey: 'r',
  codec: t.intersection([t.type({ h: t.string, r: Field.int(), g: t.string, k: Field.int() }), t.partial({ o: t.string, x: Field.int() })]),
  indexes: {
    byO: Model.globalIndex({ hashKey: 'g', rangeKey: 'o', projection: 'keys' }),
    byK: Model.globalIndex({ hashKey: 'g', rangeKey: 'k', projection: ['x'] }),
  },
})
const a = Row.attrs

type Sent = { readonly constructor: { readonly name: string }; readonly input: QueryCommandInput }

test('count through a keys-only and a list-projecting global index: one Query of the index, Select COUNT', async () => {
  for (const [index, c] of [
    ['byO', C.eq(a.g, 'g0')],
    ['byO', C.and(C.eq(a.g, 'g0'), C.beginsWith(a.o, 'a'))],
    ['byO', C.and(C.eq(a.g, 'g0'), C.gt(a.r, 3))],
    ['byK', C.and(C.eq(a.g, 'g0'), C.lt(a.k, 3))],
    ['byK', C.and(C.eq(a.g, 'g0'), C.exists(a.x))],
  ] as const) {
    const { env, sent } = counting<Sent>()
    const n = await Dynamo.count(Row, c, { index })(env)()
    assert.equal(n, E.right(0), `${index}: ${E.isLeft(n) ? DE.show(n.left) : ''}`)
    assert.is(sent.length, 1)
    assert.is(sent[0]?.constructor.name, 'QueryCommand')
    assert.is(sent[0]?.input.IndexName, index)
    assert.is(sent[0]?.input.Select, 'COUNT')
  }
})

test("count's own plan may read a keys-only index: a Query, never a Scan of the table", async () => {
  const { env, sent } = counting<Sent>()
  assert.equal(await Dynamo.count(Row, C.and(C.eq(a.g, 'g0'), C.beginsWith(a.o, 'a')))(env)(), E.right(0))
  assert.is(sent[0]?.constructor.name, 'QueryCommand')
  assert.is(sent[0]?.input.IndexName, 'byO')
})

test('what a count tests must still be projected; reads of items still need every field they return; nothing sent', async () => {
  for (const [what, op] of [
    ['count with a filter on x through byO', Dynamo.count(Row, C.and(C.eq(a.g, 'g0'), C.exists(a.x)), { index: 'byO' })],
    // (the types refuse these reads too: cast, to show the run refuses them as well)
    ['getMany of o through byK', Dynamo.getMany(Row, C.eq(a.g, 'g0'), { index: 'byK', select: ['o'] as never })],
    ['page of x through byO', Dynamo.page(Row, C.eq(a.g, 'g0'), { index: 'byO', select: ['x'] as never })],
  ] as const) {
    const { env, sent } = counting()
    const r = await (op as Dynamo.Op<unknown>)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError' && /does not project/.test(DE.show(r.left)), `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'read'}`)
    assert.is(sent.length, 0)
  }
})

test.run()

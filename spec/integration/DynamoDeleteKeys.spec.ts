/**
 * Issue 14, defect 1h: `deleteMany` reports the keys it deleted exactly as stored, read through
 * the model's codec: a `Field.bigint` key above 2^53 comes back as that bigint, not rounded.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok } from '../harness/models.js'

const Big = Model.make({
  table: 'bigkeys',
  hashKey: 'id',
  codec: t.type({ id: Field.bigint, name: t.string }),
  billing: 'onDemand',
})

const Ranged = Model.make({
  table: 'bigranges',
  hashKey: 'owner',
  rangeKey: 'seq',
  codec: t.type({ owner: t.string, seq: Field.bigint }),
  billing: 'onDemand',
})

// 2^60 + 1: a double rounds it to 2^60
const huge = 2n ** 60n + 1n

test('deleteMany of a list of keys: success holds the bigint key exactly (2^60 + 1)', async () => {
  const f = await fixture('bigdel')
  await ok(f.env, Dynamo.createTable(Big))
  await ok(f.env, Dynamo.saveOne(Big, { id: huge, name: 'a' }))
  const r = await ok(f.env, Dynamo.deleteMany(Big, [huge]))
  assert.is(r.failCount, 0)
  assert.equal(r.success, [{ id: huge }])
  assert.is(r.success[0]?.id, huge)
})

test('deleteMany of a condition (found by a Scan, then deleted with a check): the bigint key exactly', async () => {
  const f = await fixture('bigdel')
  await ok(f.env, Dynamo.createTable(Big))
  await ok(f.env, Dynamo.saveMany(Big, [{ id: huge, name: 'a' }, { id: huge + 2n, name: 'b' }]))
  const r = await ok(f.env, Dynamo.deleteMany(Big, C.eq(Big.attrs.name, 'a')))
  assert.equal(r.success, [{ id: huge }])
})

test('deleteMany of a Query on a bigint range key: both key fields exactly', async () => {
  const f = await fixture('bigdel')
  await ok(f.env, Dynamo.createTable(Ranged))
  await ok(f.env, Dynamo.saveMany(Ranged, [{ owner: 'o', seq: huge }, { owner: 'o', seq: 1n }]))
  const r = await ok(f.env, Dynamo.deleteMany(Ranged, C.and(C.eq(Ranged.attrs.owner, 'o'), C.gt(Ranged.attrs.seq, 2n))))
  assert.equal(r.success, [{ owner: 'o', seq: huge }])
})

test.run()

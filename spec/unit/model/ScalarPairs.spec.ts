/**
 * A list of two scalar keys of a model whose key is one scalar though it has a range key (a
 * composed key whose range template is constant: `CUSTOMER#{customerId}` / `PROFILE`) is two
 * keys, as a list of one or three is: no `[hash, range]` tuple is a key of such a model, so the
 * list is never read as one. Where a tuple is a key (a hash+range model, one field per
 * template), a pair still is one.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Strategy from '../../../lib/model/Strategy.js'
import { right } from '../../harness/either.js'

const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  codec: t.type({ customerId: t.string, name: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})
const keyOf = (id: string) => ({ pk: { S: `CUSTOMER#${id}` }, sk: { S: 'PROFILE' } })
const batchKeys = (p: E.Either<DE.DynamoError, Plan.Plan>): unknown => {
  const plan = right(p)
  return plan._tag === 'BatchGetItem' ? plan.keys.map((k) => k.key) : Plan.show(plan)
}

test('two scalar keys of a model keyed by one scalar are two keys (parseSelection: getMany, explain; parseList: deleteMany)', () => {
  for (const ids of [['c1'], ['c1', 'c2'], ['c1', 'c2', 'c3']]) {
    assert.equal(batchKeys(Dynamo.explain(Customer, ids)), ids.map(keyOf), JSON.stringify(ids))
    assert.equal(right(Strategy.parseSelection(Customer, ids)), { _tag: 'Keys', keys: ids.map((id) => ({ _tag: 'Key', key: keyOf(id), values: { customerId: id } })) })
    assert.equal(right(Strategy.parseList(Customer, ids)).map((s) => s.key), ids.map(keyOf))
  }
})

test('an array inside the list is still no key of such a model', () => {
  const e = Dynamo.explain(Customer, [['c1', 'c2']] as never)
  assert.ok(E.isLeft(e) && e.left._tag === 'ExpressionError' && /one customerId value, not an array/.test(e.left.message), JSON.stringify(e))
})

test('where a tuple is a key, a pair is one key', () => {
  const Pair = Model.make({
    table: 'pairs',
    entity: 'pair',
    codec: t.type({ a: t.string, b: t.string }),
    hashKey: Model.key('pk', 'A#{a}'),
    rangeKey: Model.key('sk', 'B#{b}'),
  })
  assert.equal(right(Strategy.parseSelection(Pair, ['x', 'y'])), { _tag: 'Key', key: { pk: { S: 'A#x' }, sk: { S: 'B#y' } }, values: { a: 'x', b: 'y' } })
  const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string }) })
  assert.equal(right(Strategy.parseList(Contacts, ['a@b.c', 'Ann'])).length, 1)
})

test.run()

/**
 * Issue 14, 1a and 1i: how strategies are read, against DynamoDB Local. Key identity (two
 * different composite keys are never one key, one key in two spellings is never two), a
 * `[hash, range]` tuple wherever a strategy or a list of them is taken, what `NotFound`
 * says, and what is refused before any request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as U from '../../lib/ast/Update.js'
import { countRequests } from '../harness/faults.js'
import { local } from '../harness/local.js'
import { err, fixture, ok, scanPlain, type Fixture, REQUEST_MS } from '../harness/models.js'

/** Plain string keys: any code point, NUL included. */
const Pairs = Model.make({ table: 'pairs', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.string, v: t.number }) })
/** An exact-decimal range key: one number has many spellings. */
const Nums = Model.make({ table: 'nums', hashKey: 'pk', rangeKey: 'n', codec: t.type({ pk: t.string, n: Field.decimal, v: t.number }) })
/** A hash-only model. */
const Plain = Model.make({ table: 'plain', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ n: t.number })]) })
/** A hash-only model with a field named `_tag`. */
const Tagged = Model.make({ table: 'tagged', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ _tag: t.string, n: t.number })]) })

const p = Pairs.attrs
const byPk = (x: Record<string, unknown>) => `${String(x['pk'])}|${String(x['sk'])}`

/** The two keys of defect 1a: their parts differ, only the boundary between hash and range moves. */
const k1 = ['a\u0000Sb', 'c'] as const
const k2 = ['a', 'b\u0000Sc'] as const

const withPairs = async (): Promise<Fixture> => {
  const f = await fixture('strat')
  await ok(f.env, Dynamo.createTable(Pairs))
  const r = await ok(f.env, Dynamo.saveMany(Pairs, [{ pk: k1[0], sk: k1[1], v: 1 }, { pk: k2[0], sk: k2[1], v: 2 }]))
  assert.is(r.failCount, 0)
  return f
}

// -------------------------------------------------------------------------------------
// key identity (1a)
// -------------------------------------------------------------------------------------

test('1a: getMany of two keys that differ only in where hash ends and range begins gives both items', async () => {
  const f = await withPairs()
  const xs = await ok(f.env, Dynamo.getMany(Pairs, [k1, k2]))
  assert.equal(
    xs.map((x) => x.v),
    [1, 2],
  )
  const ys = await ok(f.env, Dynamo.getMany(Pairs, Model.keysIn(Pairs, [k2, k1])))
  assert.equal(
    ys.map((x) => x.v),
    [2, 1],
  )
})

test('1a: deleteMany of those two keys (a list, keysIn, keysIn with a check) deletes both and reports both', async () => {
  for (const s of [[k1, k2], Model.keysIn(Pairs, [k1, k2]), C.and(Model.keysIn(Pairs, [k1, k2]), C.gt(p.v, 0))] as const) {
    const f = await withPairs()
    const r = await ok(f.env, Dynamo.deleteMany(Pairs, s))
    assert.is(r.failCount, 0)
    assert.equal(r.success, [
      { pk: k1[0], sk: k1[1] },
      { pk: k2[0], sk: k2[1] },
    ])
    assert.equal(await scanPlain(f.client, f.table(Pairs), byPk), [])
  }
})

test('1a: one number in several spellings is one key (getMany sends it once and returns the item once)', async () => {
  const f = await fixture('strat')
  await ok(f.env, Dynamo.createTable(Nums))
  await ok(f.env, Dynamo.saveOne(Nums, { pk: 'x', n: '1', v: 7 }))
  const xs = await ok(f.env, Dynamo.getMany(Nums, [['x', '1'], ['x', '1.0'], ['x', '1e0'], ['x', '0.1E1']]))
  assert.equal(
    xs.map((x) => x.v),
    [7],
  )
  const r = await ok(f.env, Dynamo.deleteMany(Nums, [['x', '1.00'], ['x', '10e-1']]))
  assert.is(r.failCount, 0)
  assert.equal(await scanPlain(f.client, f.table(Nums), byPk), [])
})

// -------------------------------------------------------------------------------------
// tuples (1i)
// -------------------------------------------------------------------------------------

test('1i: on a hash+range model, [hash, range] is one key for getMany, deleteMany and explain', async () => {
  const f = await withPairs()
  assert.equal(
    (await ok(f.env, Dynamo.getMany(Pairs, k1))).map((x) => x.v),
    [1],
  )
  const plan = Dynamo.explain(Pairs, k2)
  assert.ok(E.isRight(plan) && plan.right._tag === 'GetItem', JSON.stringify(plan))
  const r = await ok(f.env, Dynamo.deleteMany(Pairs, k2))
  assert.equal(r.success, [{ pk: k2[0], sk: k2[1] }])
  assert.equal(
    (await scanPlain(f.client, f.table(Pairs), byPk)).map((x) => x['v']),
    [1],
  )
})

test('1i: on a hash+range model, a list of bare scalars is refused (ExpressionError naming the tuple), with no request', async () => {
  const db = await local()
  const f = await withPairs()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const counter = countRequests(client)
  const env = Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS })
  const e = await err(env, Dynamo.getMany(Pairs, ['a', 'b', 'c'] as never), 'ExpressionError')
  assert.match(e.message, /\[pk, sk\]/)
  await err(env, Dynamo.deleteMany(Pairs, ['a'] as never), 'ExpressionError')
  assert.is(counter.total(), 0)
  client.destroy()
})

test('a model whose hash and range templates are one field (U#{id}, U#{id}): a tuple of two values is refused, no item read or deleted; [id, id] is the key', async () => {
  const Self = Model.make({ table: 'selves', entity: 'self', billing: 'onDemand', codec: t.type({ id: t.string, name: t.string }), hashKey: Model.key('pk', 'U#{id}'), rangeKey: Model.key('sk', 'U#{id}') })
  const f = await fixture('selves')
  await ok(f.env, Dynamo.createTable(Self))
  await ok(f.env, Dynamo.saveMany(Self, [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }]))
  await err(f.env, Dynamo.getOne(Self, ['a', 'b']), 'ExpressionError')
  await err(f.env, Dynamo.deleteOne(Self, ['b', 'a']), 'ExpressionError')
  await err(f.env, Dynamo.deleteMany(Self, [['b', 'a']]), 'ExpressionError')
  const stored = await scanPlain(f.client, f.table(Self), (x) => String(x['id']))
  assert.equal(stored.map((x) => [x['pk'], x['sk'], x['name']]), [['U#a', 'U#a', 'A'], ['U#b', 'U#b', 'B']])
  assert.equal(await ok(f.env, Dynamo.getOne(Self, ['a', 'a'])), { id: 'a', name: 'A' })
})

// -------------------------------------------------------------------------------------
// NotFound (1i)
// -------------------------------------------------------------------------------------

test('1i: NotFound names the table as sent, prefix included, and says the item is absent', async () => {
  const f = await withPairs()
  const nf = await err(f.env, Dynamo.getOne(Pairs, ['a', 'zzz']), 'NotFound')
  assert.is(nf.table, f.table(Pairs))
  assert.ok(nf.table.startsWith(f.prefix))
  assert.is(nf.reason, 'absent')
  assert.equal(nf.key, { pk: 'a', sk: 'zzz' })
  assert.match(DE.show(nf), /no item/)
  const nu = await err(f.env, Dynamo.updateOne(Pairs, ['a', 'zzz'], [U.set(p.v, 3)]), 'NotFound')
  assert.is(nu.table, f.table(Pairs))
  const nd = await err(f.env, Dynamo.updateFromDict(Pairs, { pk: 'a', sk: 'zzz', v: 3 }), 'NotFound')
  assert.is(nd.table, f.table(Pairs))
  assert.is(nd.reason, 'absent')
})

test('1i: NotFound of an item that exists but fails the strategy\'s checks says so (not "no item")', async () => {
  const f = await withPairs()
  const nf = await err(f.env, Dynamo.getOne(Pairs, C.and(C.eq(p.pk, k2[0]), C.eq(p.sk, k2[1]), C.gt(p.v, 5))), 'NotFound')
  assert.is(nf.table, f.table(Pairs))
  assert.is(nf.reason, 'failedCheck')
  assert.equal(nf.key, { pk: k2[0], sk: k2[1] })
  assert.not.match(DE.show(nf), /no item/)
  assert.match(DE.show(nf), /fails/)
})

// -------------------------------------------------------------------------------------
// refused before any request (1i)
// -------------------------------------------------------------------------------------

test('1i: isIn of no values on the hash key is an ExpressionError before any request (DynamoDB needs 1 to 99)', async () => {
  const db = await local()
  const f = await withPairs()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const counter = countRequests(client)
  const env = Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS })
  const T = Plain.attrs
  for (const cond of [C.isIn(T.id, []), C.and(C.isIn(T.id, []), C.gt(T.n, 1))]) {
    const e = await err(env, Dynamo.getMany(Plain, cond), 'ExpressionError')
    assert.match(e.message, /IN/)
    await err(env, Dynamo.deleteMany(Plain, cond), 'ExpressionError')
    const plan = Dynamo.explain(Plain, cond)
    assert.ok(E.isLeft(plan) && plan.left._tag === 'ExpressionError', JSON.stringify(plan))
    assert.match(DE.show(plan.left), /IN \(\) has no values/)
  }
  assert.is(counter.total(), 0)
  client.destroy()
})

test('1i: messages name operations as TypeScript does (updateFromDict, not update_from_dict)', async () => {
  const f = await withPairs()
  const e = await err(f.env, Dynamo.updateFromDict(Pairs, { pk: 'a', sk: 'b' } as never), 'ExpressionError')
  assert.match(e.message, /updateFromDict/)
  assert.not.match(e.message, /update_from_dict/)
})

// -------------------------------------------------------------------------------------
// a field named _tag
// -------------------------------------------------------------------------------------

test('a model with a field named _tag: an item whose _tag is a condition tag is read as an item, a condition as a condition', async () => {
  const f = await fixture('strat')
  await ok(f.env, Dynamo.createTable(Tagged))
  const item = { id: 'x', _tag: 'Comparison', n: 3 }
  await ok(f.env, Dynamo.saveOne(Tagged, item))
  assert.equal(await ok(f.env, Dynamo.getOne(Tagged, item)), item)
  assert.equal(await ok(f.env, Dynamo.getOne(Tagged, C.eq(Tagged.attrs.id, 'x'))), item)
  assert.equal(await ok(f.env, Dynamo.getMany(Tagged, [item, { id: 'x', _tag: 'Or' }])), [item])
  const d = await ok(f.env, Dynamo.deleteOne(Tagged, { id: 'x', _tag: 'And' }))
  assert.equal(d, { _tag: 'Some', value: item })
})

test.run()

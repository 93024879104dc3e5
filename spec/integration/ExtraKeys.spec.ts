/**
 * Names an item holds beyond its codec's fields, on a model without an entity: io-ts decides,
 * and every save and read agrees. A `t.type` codec (`t.partial`, `t.intersection` of them)
 * keeps them, in `encode` and in `decode`: `saveOne`, `saveMany`, `T.put`, `load` and
 * `Evaluate.saveOne` store them as given and reads give them back, so what a save returns is
 * what a read returns. A `t.exact` codec strips them: a save is a `ValidationError` naming
 * them before any request (`Item.encode`'s `lostKeys`, the rule of an own `__proto__` key:
 * nothing the caller gave is dropped silently). `load` is a restore: it writes a line's item as
 * it is whatever the codec, so on a `t.exact` model the names are stored and reads strip them.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import { err, fixture, ok, rawGetPlain } from '../harness/models.js'

const codec = t.intersection([t.type({ id: t.string, at: Field.dateTime }), t.partial({ n: Field.int() })])
const Loose = Model.make({ table: 'extra-keys', hashKey: 'id', billing: 'onDemand', codec })
const Exact = Model.make({ table: 'extra-keys-exact', hashKey: 'id', billing: 'onDemand', codec: t.exact(t.type({ id: t.string, n: Field.int() })) })

const AT = new Date('2030-01-01T00:00:00.000Z')
const given = (id: string) => ({ id, at: AT, n: 1, note: 'not a field', tags: ['x'] }) as Model.InputOf<typeof Loose>

test('a t.type codec: saveOne, saveMany, T.put, load and Evaluate.saveOne store the names beyond the fields as given; getOne and getMany read them back; a save returns them', async () => {
  const f = await fixture('extra-keys')
  await ok(f.env, Dynamo.createTable(Loose))
  const saved = await ok(f.env, Dynamo.saveOne(Loose, given('one')))
  const many = await ok(f.env, Dynamo.saveMany(Loose, [given('two')]))
  await ok(f.env, Dynamo.transactWrite([T.put(Loose, given('three'))]))
  const line = JSON.stringify({ Item: { id: { S: 'four' }, at: { S: AT.toISOString() }, n: { N: '1' }, note: { S: 'not a field' }, tags: { L: [{ S: 'x' }] } } })
  assert.equal(await ok(f.env, Dynamo.load(Loose, [line])), { written: 1, fail: [] })
  const stored = { at: AT.toISOString(), n: 1, note: 'not a field', tags: ['x'] }
  for (const id of ['one', 'two', 'three', 'four']) assert.equal(await rawGetPlain(f.client, f.table(Loose), { id: { S: id } }), { id, ...stored }, id)
  const read = await ok(f.env, Dynamo.getOne(Loose, 'one'))
  assert.equal(saved, read)
  assert.equal(many.success, [await ok(f.env, Dynamo.getOne(Loose, 'two'))])
  assert.equal(await ok(f.env, Dynamo.getMany(Loose, ['three', 'four'])), [{ ...given('three') }, { ...given('four') }])
  // Evaluate stores the same item
  const write = Evaluate.saveOne(Loose, given('one'), AT)
  assert.ok(E.isRight(write))
  const inMemory = write.right(undefined)
  assert.ok(E.isRight(inMemory))
  assert.equal(inMemory.right, { id: { S: 'one' }, at: { S: AT.toISOString() }, n: { N: '1' }, note: { S: 'not a field' }, tags: { L: [{ S: 'x' }] } })
})

test('a t.exact codec strips them: saveOne and T.put are a ValidationError naming each, saveMany fails the item, Evaluate.saveOne refuses it; nothing is written', async () => {
  const f = await fixture('extra-keys-exact')
  await ok(f.env, Dynamo.createTable(Exact))
  const item = { id: 'a', n: 1, note: 'x', more: 2 } as Model.InputOf<typeof Exact>
  for (const op of [Dynamo.saveOne(Exact, item), Dynamo.transactWrite([T.put(Exact, item)])] as ReadonlyArray<Dynamo.Op<unknown>>) {
    const e = await err(f.env, op, 'ValidationError')
    assert.equal(e.issues.map((i) => i.path.replace(/^\[0\]\.?/, '')), ['note', 'more'])
  }
  const many = await ok(f.env, Dynamo.saveMany(Exact, [item]))
  assert.is(many.fail.length, 1)
  assert.ok(E.isLeft(Evaluate.saveOne(Exact, item, AT)))
  assert.is(await rawGetPlain(f.client, f.table(Exact), { id: { S: 'a' } }), undefined)
})

test("load writes each line's item as it is, whatever the codec: on a t.exact model the names beyond its fields are stored, and reads strip them", async () => {
  const f = await fixture('extra-keys-load')
  await ok(f.env, Dynamo.createTable(Exact))
  const line = JSON.stringify({ Item: { id: { S: 'l' }, n: { N: '1' }, note: { S: 'not a field' } } })
  assert.equal(await ok(f.env, Dynamo.load(Exact, [line])), { written: 1, fail: [] })
  assert.equal(await rawGetPlain(f.client, f.table(Exact), { id: { S: 'l' } }), { id: 'l', n: 1, note: 'not a field' })
  assert.equal(await ok(f.env, Dynamo.getOne(Exact, 'l')), { id: 'l', n: 1 })
})

test.run()

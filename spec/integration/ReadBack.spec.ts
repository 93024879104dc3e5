/**
 * What a save returns is what a later read returns. Some fields store less than the value
 * given: `Field.epochSeconds` whole seconds (a Date's milliseconds go), `Field.decimal`
 * DynamoDB's form of the number (`"12.50"` reads back `"12.5"`), `Field.map` (`t.exact`) only
 * its fields. `saveOne` and `saveMany` return the item as it will read back, never the one
 * given where they differ (the Date with milliseconds was returned while a second, rounded
 * down, was stored).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok } from '../harness/models.js'

const NOW = new Date('2030-01-01T00:00:00.789Z')

const Lossy = Model.make({
  table: 'read-back',
  hashKey: 'id',
  billing: 'onDemand',
  codec: t.intersection([
    t.type({ id: t.string, price: Field.decimal }),
    t.partial({
      expiresAt: Field.epochSeconds,
      times: Field.list(Field.epochSeconds),
      address: Field.map({ city: t.string }),
      created: Field.epochSeconds,
      updated: Field.epochSeconds,
      version: Field.int(),
    }),
  ]),
  ttl: 'expiresAt',
  version: 'version',
  timestamps: { createdAt: 'created', updatedAt: 'updated' },
})

const given = (id: string) => ({
  id,
  price: '12.50',
  expiresAt: new Date('2031-05-06T07:08:09.999Z'),
  times: [new Date('2020-01-01T00:00:00.001Z')],
  address: { city: 'Nairobi', street: 'not a field of the map' } as { city: string },
})

test('saveOne returns what getOne reads back: epochSeconds rounded down (a ttl field, a list of them, epochSeconds timestamps), a decimal in DynamoDB\'s form, a map without what is no field of it', async () => {
  const f = await fixture('read-back', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Lossy))
  const saved = await ok(f.env, Dynamo.saveOne(Lossy, given('one')))
  const read = await ok(f.env, Dynamo.getOne(Lossy, 'one'))
  assert.equal(saved, read)
  assert.equal(saved.expiresAt, new Date('2031-05-06T07:08:09.000Z'))
  assert.is(saved.price, '12.5')
  assert.equal(saved.updated, new Date('2030-01-01T00:00:00.000Z'))
  // saveMany's successes too
  const many = await ok(f.env, Dynamo.saveMany(Lossy, [given('two')]))
  assert.equal(many.success, [await ok(f.env, Dynamo.getOne(Lossy, 'two'))])
  // and a save of what was read is a plain next version
  const again = await ok(f.env, Dynamo.saveOne(Lossy, read))
  assert.equal(again, await ok(f.env, Dynamo.getOne(Lossy, 'one')))
  assert.is(again.version, 2)
})

test.run()

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
import * as U from '../../lib/ast/Update.js'
import * as DE from '../../lib/DynamoError.js'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { err, fixture, ok, rawGetPlain } from '../harness/models.js'

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

const Counter = Model.make({
  table: 'versions-at-the-limit',
  hashKey: 'id',
  billing: 'onDemand',
  codec: t.type({ id: t.string, n: t.number, version: Field.int() }),
  version: 'version',
})

test('a version at Number.MAX_SAFE_INTEGER: reads decode it; a save or a checked update (whose next version would pass it) is a ValidationError saying so, before any request; a stored version past 2^53 reads as a ValidationError naming the version', async () => {
  const sent: string[] = []
  const f = await fixture('version-limit', { on: (e) => sent.push(e.operation) })
  await ok(f.env, Dynamo.createTable(Counter))
  const max = Number.MAX_SAFE_INTEGER
  await f.client.send(new PutItemCommand({ TableName: f.table(Counter), Item: { id: { S: 'a' }, n: { N: '1' }, version: { N: String(max) } } }))
  const read = await ok(f.env, Dynamo.getOne(Counter, 'a'))
  assert.is(read.version, max)
  sent.length = 0
  for (const op of [Dynamo.saveOne(Counter, read), Dynamo.updateOne(Counter, { id: 'a', version: max }, [U.set(Counter.attrs.n, 2)])]) {
    const e = await err(f.env, op, 'ValidationError')
    assert.equal(e.issues.map((i) => i.path), ['version'])
    assert.match(e.issues[0]?.message ?? '', 'MAX_SAFE_INTEGER')
  }
  assert.equal(sent, [], 'nothing was sent')
  assert.equal(await rawGetPlain(f.client, f.table(Counter), { id: { S: 'a' } }), { id: 'a', n: 1, version: max })
  // a stored version no JS number holds (written by another client): a clear ValidationError naming it
  await f.client.send(new PutItemCommand({ TableName: f.table(Counter), Item: { id: { S: 'b' }, n: { N: '1' }, version: { N: '9007199254740993' } } }))
  const e = await err(f.env, Dynamo.getOne(Counter, 'b'), 'ValidationError')
  assert.equal(e.issues.map((i) => i.path), ['version'], DE.show(e))
})

test.run()

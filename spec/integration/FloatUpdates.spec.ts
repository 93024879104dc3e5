/**
 * Issue 14 ("stored numbers are read in one place, exactly"), against DynamoDB Local: a
 * computed update into a `Field.float` adds in exact decimal, so DynamoDB may store a number no
 * double holds (`0.5 + 1e-20` is stored as `0.50000000000000000001`). A float field holds
 * doubles: the update answers, and every later read gives, the nearest double of what is
 * stored, never a `ValidationError` for an item that was written. A `Field.int` and a plain
 * `t.number` declare no rounding: a stored number no JS number holds stays a typed error there,
 * naming the fields that read it.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as U from '../../lib/ast/Update.js'
import * as Field from '../../lib/codec/Field.js'
import * as DE from '../../lib/DynamoError.js'
import * as M from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import { err, fixture, ok, rawGet, S, type Fixture } from '../harness/models.js'

const Reading = M.make({
  table: 'readings',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, x: Field.float() }),
    t.partial({ ratio: Field.float({ min: 0, max: 1 }), xs: Field.list(Field.float()), plain: t.number, count: Field.int() }),
  ]),
})
const r = Reading.attrs

const withReading = async (item: M.TypeOf<typeof Reading>): Promise<Fixture> => {
  const f = await fixture('floats')
  await ok(f.env, Dynamo.createTable(Reading))
  await ok(f.env, Dynamo.saveOne(Reading, item))
  return f
}

const storedN = async (f: Fixture, id: string, name: string): Promise<string | undefined> =>
  (await rawGet(f.client, f.table(Reading), { id: S(id) }))?.[name]?.N

test('a computed update into a float stores a decimal no double holds: the update and every read give its nearest double', async () => {
  const f = await withReading({ id: 'a', x: 0.5, xs: [0.25] })
  const answered = await ok(f.env, Dynamo.updateOne(Reading, 'a', [U.set(r.x, U.plus(r.x, 1e-20))]))
  assert.is(answered.x, 0.5)
  assert.is(await storedN(f, 'a', 'x'), '0.50000000000000000001')
  assert.is((await ok(f.env, Dynamo.getOne(Reading, 'a'))).x, 0.5)
  // an increment by a tiny step, an ADD, and a list element
  assert.is((await ok(f.env, Dynamo.updateOne(Reading, 'a', [U.increment(r.x, 1e-20)]))).x, 0.5)
  assert.is(await storedN(f, 'a', 'x'), '0.50000000000000000002')
  assert.is((await ok(f.env, Dynamo.updateOne(Reading, 'a', [U.add(r.ratio, 0.1)]))).ratio, 0.1)
  assert.is((await ok(f.env, Dynamo.updateOne(Reading, 'a', [U.add(r.ratio, 1e-20)]))).ratio, 0.1)
  assert.is(await storedN(f, 'a', 'ratio'), '0.10000000000000000001')
  assert.is((await ok(f.env, Dynamo.updateOne(Reading, 'a', [U.set(r.ratio, U.plus(r.ratio, 1e-20))]))).ratio, 0.1)
  assert.equal((await ok(f.env, Dynamo.updateOne(Reading, 'a', [U.set(r.xs.at(0), U.plus(r.xs.at(0), 1e-20))]))).xs, [0.25])
  assert.equal(await ok(f.env, Dynamo.getOne(Reading, 'a')), { id: 'a', x: 0.5, ratio: 0.1, xs: [0.25] })
  // a save writes the double it read
  await ok(f.env, Dynamo.saveOne(Reading, await ok(f.env, Dynamo.getOne(Reading, 'a'))))
  assert.is(await storedN(f, 'a', 'x'), '0.5')
})

test('a bounded float is guarded in exact decimal: 1 + 1e-20 is past max 1 and refused, though its double is 1', async () => {
  const f = await withReading({ id: 'b', x: 0, ratio: 1 })
  const e = await err(f.env, Dynamo.updateOne(Reading, 'b', [U.set(r.ratio, U.plus(r.ratio, 1e-20))]), 'ConditionalCheckFailed')
  assert.match(e.message, /ratio/)
  assert.is(await storedN(f, 'b', 'ratio'), '1')
})

test('a t.number or Field.int holding a decimal no double holds stays a typed error naming the fields that read it', async () => {
  const f = await withReading({ id: 'c', x: 0, plain: 0.5 })
  const e = await err(f.env, Dynamo.updateOne(Reading, 'c', [U.set(r.plain, U.plus(r.plain, 1e-20))]), 'ValidationError')
  assert.match(DE.show(e), /plain/)
  assert.match(DE.show(e), /0\.50000000000000000001/)
  assert.match(DE.show(e), /Field\.float/)
  await f.client.send(new PutItemCommand({ TableName: f.table(Reading), Item: { id: S('d'), x: { N: '0' }, count: { N: '9007199254740993' } } }))
  const read = await Dynamo.getOne(Reading, 'd')(f.env)()
  assert.ok(E.isLeft(read) && read.left._tag === 'ValidationError' && /count/.test(DE.show(read.left)))
})

test.run()

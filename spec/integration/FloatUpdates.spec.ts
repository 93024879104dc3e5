/**
 * Issue 14 ("stored numbers are read in one place, exactly"), against DynamoDB Local: a
 * computed update into a `Field.float` adds in exact decimal, so DynamoDB may store a number no
 * double holds (`0.5 + 1e-20` is stored as `0.50000000000000000001`). The contract (DESIGN.md,
 * Numbers): a number a JS number cannot hold exactly is never silently rounded. The update is
 * written and answers a `ValidationError` that says so and why, as does every later read; a
 * bounded float is guarded in exact decimal.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as U from '../../lib/ast/Update.js'
import * as Field from '../../lib/codec/Field.js'
import * as DE from '../../lib/DynamoError.js'
import * as M from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import { err, fixture, ok, rawGet, S, type Fixture } from '../harness/models.js'

const Reading = M.make({
  table: 'readings',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string, x: Field.float() }), t.partial({ ratio: Field.float({ min: 0, max: 1 }) })]),
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

test('a computed update into a float that stores a decimal no double holds is written and answered by a ValidationError saying why; nothing is rounded', async () => {
  const f = await withReading({ id: 'a', x: 0.5 })
  const e = await err(f.env, Dynamo.updateOne(Reading, 'a', [U.set(r.x, U.plus(r.x, 1e-20))]), 'ValidationError')
  const said = DE.show(e)
  assert.match(said, /the update was written, but the item it left does not decode/)
  assert.match(said, /0\.50000000000000000001/)
  assert.match(said, /DynamoDB computes in exact decimal/)
  assert.match(said, /a float is read exactly, never rounded/)
  assert.is(await storedN(f, 'a', 'x'), '0.50000000000000000001')
  // every later read: the same typed error, never 0.5
  const read = await Dynamo.getOne(Reading, 'a')(f.env)()
  assert.ok(E.isLeft(read) && read.left._tag === 'ValidationError' && /0\.50000000000000000001/.test(DE.show(read.left)), JSON.stringify(read))
})

test('a bounded float is guarded in exact decimal: 1 + 1e-20 is past max 1 and refused, though its double is 1', async () => {
  const f = await withReading({ id: 'b', x: 0, ratio: 1 })
  const e = await err(f.env, Dynamo.updateOne(Reading, 'b', [U.set(r.ratio, U.plus(r.ratio, 1e-20))]), 'ConditionalCheckFailed')
  assert.match(e.message, /ratio/)
  assert.is(await storedN(f, 'b', 'ratio'), '1')
})

test.run()

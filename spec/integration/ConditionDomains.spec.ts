/**
 * A date-time condition value outside the years 0000–9999, against DynamoDB Local: its ISO
 * text (`+010000-01-01T…`) sorts before every stored `2024-…`, so `gt(at, year 10000)` read
 * every item, through a key condition, a filter of a Scan and a composed key's bound alike
 * (DynamoDB and Evaluate agreed, so differential specs could not see it). It is a
 * `ValidationError` naming the attribute, and no request is sent; values within the years
 * compare as the times do.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { Order } from '../harness/shop.js'
import { fixture, ok, scanAll, REQUEST_MS } from '../harness/models.js'

const Event = Model.make({
  table: 'events',
  hashKey: 'h',
  rangeKey: 'at',
  billing: 'onDemand',
  codec: t.type({ h: t.string, at: Field.dateTime, py: Field.pynamoDateTime }),
})
const e = Event.attrs
const o = Order.attrs

const y10k = new Date('+010000-01-01T00:00:00.000Z')
const times = ['2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'].map((s) => new Date(s))

test('a date-time past the year 9999 in a key condition, a filter and a composed key\'s bound: a ValidationError, nothing sent; within the years, the items the times select', async () => {
  const f = await fixture('conddomains')
  await ok(f.env, Dynamo.createTable(Event))
  await ok(f.env, Dynamo.createTable(Order))
  const commands: string[] = []
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, on: (x) => commands.push(x.command), timeoutMs: REQUEST_MS })
  assert.is((await ok(env, Dynamo.saveMany(Event, times.map((at) => ({ h: 'a', at, py: at }))))).failCount, 0)
  assert.is((await ok(env, Dynamo.saveMany(Order, times.map((createdAt, i) => ({ customerId: 'c1', orderId: `o${i}`, createdAt, status: 'open', total: i }))))).failCount, 0)
  // DynamoDB's order of the text the value encoded to: before every stored year
  assert.is((await scanAll(f.client, f.table(Event), { FilterExpression: '#a > :v', ExpressionAttributeNames: { '#a': 'at' }, ExpressionAttributeValues: { ':v': { S: y10k.toISOString() } } })).length, 3)

  commands.length = 0
  for (const [what, read] of [
    ['a key condition', Dynamo.getMany(Event, C.and(C.eq(e.h, 'a'), C.gt(e.at, y10k)))],
    ['a filter', Dynamo.getMany(Event, C.gt(e.py, y10k))],
    ['a composed key\'s bound', Dynamo.getMany(Order, C.and(C.eq(o.customerId, 'c1'), C.gt(o.createdAt, y10k)))],
    ['a composed index key\'s bound', Dynamo.getMany(Order, C.and(C.eq(o.status, 'open'), C.gte(o.createdAt, y10k)))],
  ] as const) {
    const r = await (read as Dynamo.Op<ReadonlyArray<unknown>>)(env)()
    if (E.isRight(r)) assert.unreachable(`${what}: expected a ValidationError, got ${r.right.length} items`)
    const left = (r as E.Left<DE.DynamoError>).left
    assert.is(left._tag, 'ValidationError', `${what}: ${DE.show(left)}`)
    assert.ok(DE.show(left).includes('expected a Date in the years 0000–9999'), `${what}: ${DE.show(left)}`)
  }
  assert.equal(commands, [])

  // the last instant of the year 9999 and the first of 0000: within, as the times order them
  const last = new Date('9999-12-31T23:59:59.999Z')
  const first = new Date('0000-01-01T00:00:00.000Z')
  assert.is((await ok(env, Dynamo.getMany(Event, C.and(C.eq(e.h, 'a'), C.gt(e.at, last))))).length, 0)
  assert.is((await ok(env, Dynamo.getMany(Event, C.gt(e.py, first)))).length, 3)
  assert.is((await ok(env, Dynamo.getMany(Order, C.and(C.eq(o.customerId, 'c1'), C.lt(o.createdAt, last))))).length, 3)
  assert.is((await ok(env, Dynamo.getMany(Event, C.and(C.eq(e.h, 'a'), C.gt(e.at, times[1] as Date))))).length, 1)
})

test.run()

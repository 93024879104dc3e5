/**
 * An `Env` whose `now` gives no valid Date (`new Date(NaN)`, a number, a string, `undefined`,
 * `null`) is refused at use (lib/run/clock.ts): each operation that reads the clock answers a
 * `ConfigError` naming `now`, before any request. Never an expired item read as live (an
 * expiry compared with NaN is never passed), never NaN written into a timestamp or a
 * condition, never the confusing error of a NaN sent.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { NOW, NOW_SECONDS, Session } from '../../harness/ttl.js'

/** A session that expired a minute before `NOW`: what every read below would find. */
const expired = { id: { S: 's1' }, user: { S: 'u' }, expiresAt: { N: String(NOW_SECONDS - 60) } }

/** A note of the shop table (ShopNote, below), in the partition USER#u. */
const note = { pk: { S: 'USER#u' }, sk: { S: 'NOTE#n1' }, _et: { S: 'note' }, id: { S: 'u' }, nid: { S: 'n1' } }

/** A client that answers every read with the expired item, and counts what it is sent. */
const standIn = (now: () => Date) => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string }; input: { TableName?: string } }) => {
    const name = c.constructor.name
    sent.push(name)
    // the partition USER#u of the shop table: a note
    if (name === 'QueryCommand' && c.input.TableName === 'shop') return { $metadata: {}, Items: [note], Count: 1, ScannedCount: 1 }
    if (name === 'GetItemCommand') return { $metadata: {}, Item: expired }
    if (name === 'QueryCommand' || name === 'ScanCommand') return { $metadata: {}, Items: [expired], Count: 1, ScannedCount: 1 }
    if (name === 'BatchGetItemCommand') return { $metadata: {}, Responses: { sessions: [expired] }, UnprocessedKeys: {} }
    if (name === 'BatchWriteItemCommand') return { $metadata: {}, UnprocessedItems: {} }
    if (name === 'TransactGetItemsCommand') return { $metadata: {}, Responses: [{ Item: expired }] }
    return { $metadata: {} }
  }
  return { sent, env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, now }) }
}

const Plain = Model.make({ table: 'plain', hashKey: 'id', codec: t.type({ id: t.string }) })

/** Two entities of one table under one partition key: one whose items expire, one without ttl. */
const ShopSession = Model.make({
  table: 'shop',
  entity: 'session',
  ttl: 'expiresAt',
  codec: t.intersection([t.type({ id: t.string, sid: t.string }), t.partial({ expiresAt: Field.epochSeconds })]),
  hashKey: Model.key('pk', 'USER#{id}'),
  rangeKey: Model.key('sk', 'SESSION#{sid}'),
})
const ShopNote = Model.make({
  table: 'shop',
  entity: 'note',
  codec: t.type({ id: t.string, nid: t.string }),
  hashKey: Model.key('pk', 'USER#{id}'),
  rangeKey: Model.key('sk', 'NOTE#{nid}'),
})

/** A Date whose class answers a time it does not hold: what is read is the time it holds (Date.prototype's getTime). */
class Lying extends Date {
  override getTime(): number {
    return 1e12
  }
  override toISOString(): string {
    return 'nope'
  }
}

const broken: ReadonlyArray<readonly [string, unknown, string]> = [
  ['an invalid Date', new Date(Number.NaN), 'an invalid Date'],
  ['an invalid Date whose class answers a valid time', new Lying(Number.NaN), 'an invalid Date'],
  ['an object that only inherits from Date', Object.create(Date.prototype), 'an object'],
  ['a number', NOW.getTime(), 'number'],
  ['a string', NOW.toISOString(), 'string'],
  ['undefined', undefined, 'undefined'],
  ['null', null, 'null'],
]

const operations: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
  ['getOne', Dynamo.getOne(Session, 's1')],
  ['getOne with options', Dynamo.getOne(Session, 's1', { consistentRead: true })],
  ['getMany (Query)', Dynamo.getMany(Session, C.eq(Session.attrs.id, 's1'))],
  ['getMany (BatchGetItem)', Dynamo.getMany(Session, ['s1', 's2'])],
  ['count', Dynamo.count(Session, C.eq(Session.attrs.id, 's1'))],
  ['page', Dynamo.page(Session, C.eq(Session.attrs.id, 's1'))],
  ['saveOne', Dynamo.saveOne(Session, { id: 's1', user: 'u' })],
  ['saveMany', Dynamo.saveMany(Session, [{ id: 's1', user: 'u' }, { id: 's2', user: 'u' }])],
  ['updateOne', Dynamo.updateOne(Session, 's1', [U.set(Session.attrs.user, 'v')])],
  ['deleteOne', Dynamo.deleteOne(Session, 's1')],
  ['deleteMany', Dynamo.deleteMany(Session, ['s1', 's2'])],
  ['transactWrite', Dynamo.transactWrite([T.put(Session, { id: 's1', user: 'u' })])],
  ['transactGet', Dynamo.transactGet([T.get(Session, 's1')])],
  ['collection', Dynamo.collection({ sessions: ShopSession, notes: ShopNote }, { id: 'u' })],
  ['updateFromDict', Dynamo.updateFromDict(Session, { id: 's1', user: 'v' })],
  ['a paced Scan (readUnitsPerSecond)', Dynamo.getMany(Plain, C.exists(Plain.attrs.id), { readUnitsPerSecond: 10 })],
]

test('every operation that reads the clock: a ConfigError naming now, before any request', async () => {
  for (const [clock, value, says] of broken) {
    for (const [name, op] of operations) {
      const { env, sent } = standIn(() => value as Date)
      const r = await op(env)()
      if (E.isRight(r)) throw new Error(`${name}, now giving ${clock}: expected a ConfigError, got ${JSON.stringify(r.right)}`)
      const shown = DE.show(r.left)
      assert.is(r.left._tag, 'ConfigError', `${name}, now giving ${clock}: ${shown}`)
      assert.ok(shown.includes("the Env's now must give a valid Date") && shown.includes(`got ${says}`), `${name}: ${shown}`)
      assert.equal(sent, [], `${name}, now giving ${clock}: no request`)
    }
  }
})

test('a valid clock: the expired item is read as absent', async () => {
  for (const now of [NOW, new Lying(NOW.getTime())]) {
    const { env } = standIn(() => now)
    const got = await Dynamo.getOne(Session, 's1')(env)()
    assert.ok(E.isLeft(got) && got.left._tag === 'NotFound', JSON.stringify(got))
    const many = await Dynamo.getMany(Session, C.eq(Session.attrs.id, 's1'))(env)()
    assert.equal(many, E.right([]))
  }
})

test('an Env spread by hand with a broken now: the same ConfigError naming now, before any request', async () => {
  for (const [clock, value, says] of broken) {
    for (const [name, op] of operations) {
      const { env: made, sent } = standIn(() => NOW)
      const env: Env.Env = { ...made, now: () => value as Date }
      const r = await op(env)()
      if (E.isRight(r)) throw new Error(`${name}, a spread Env's now giving ${clock}: expected a ConfigError, got ${JSON.stringify(r.right)}`)
      const shown = DE.show(r.left)
      assert.is(r.left._tag, 'ConfigError', `${name}, a spread Env's now giving ${clock}: ${shown}`)
      assert.ok(shown.includes("the Env's now must give a valid Date") && shown.includes(`got ${says}`), `${name}: ${shown}`)
      assert.equal(sent, [], `${name}, a spread Env's now giving ${clock}: no request`)
    }
  }
})

test("a clock's throw is recognised by its tag, not by its class: one from another copy of the package is the same ConfigError", async () => {
  const { env: made, sent } = standIn(() => NOW)
  // what another copy of dynamongo's clock.ts throws: an object of another class, with the same tag and error
  const foreign = Object.assign(new Error("the Env's now must give a valid Date, got null"), { _tag: 'InvalidClock', error: DE.configError("the Env's now must give a valid Date, got null") })
  const env: Env.Env = {
    ...made,
    now: () => {
      throw foreign
    },
  }
  for (const [name, op] of operations) {
    const r = await op(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && DE.show(r.left).includes("the Env's now must give a valid Date"), `${name}: ${JSON.stringify(r)}`)
  }
  assert.equal(sent, [])
})

/** A client whose Scan answers one item a page, 12 pages, and which counts its requests after `bad()` turned true. */
const pagedStandIn = (bad: () => boolean) => {
  let scans = 0
  let scansAfterBad = 0
  const send = async (c: { constructor: { name: string }; input: { RequestItems?: { plain: { Keys: ReadonlyArray<unknown> } } } }) => {
    scans++
    if (bad()) scansAfterBad++
    const name = c.constructor.name
    if (name === 'BatchGetItemCommand') return { $metadata: {}, Responses: { plain: c.input.RequestItems?.plain.Keys }, UnprocessedKeys: {}, ConsumedCapacity: [{ TableName: 'plain', CapacityUnits: 1 }] }
    const more = scans < 12 ? { LastEvaluatedKey: { id: { S: `k${scans}` } } } : {}
    return { $metadata: {}, Items: [{ id: { S: `k${scans}` } }], Count: 1, ScannedCount: 1, ...more, ConsumedCapacity: { TableName: 'plain', CapacityUnits: 1 } }
  }
  return { client: { send } as unknown as DynamoDBClient, scans: () => scans, scansAfterBad: () => scansAfterBad }
}

test('a paced read whose clock goes bad mid-way: stopped before its next request, a ConfigError naming now', async () => {
  for (const spread of [false, true]) {
    for (const [clock, value] of broken) {
      for (const [name, read] of [
        ['getMany (Scan)', Dynamo.getMany(Plain, C.exists(Plain.attrs.id), { readUnitsPerSecond: 1000 })],
        ['getMany (BatchGetItem)', Dynamo.getMany(Plain, Array.from({ length: 1000 }, (_, i) => `k${i}`), { readUnitsPerSecond: 1000 })],
      ] as const) {
        let reads = 0
        const isBad = () => reads > 3
        const stand = pagedStandIn(isBad)
        const now = () => (++reads > 3 ? (value as Date) : new Date(NOW.getTime() + reads))
        const made = Env.make({ client: stand.client, sleep: async () => undefined, ...(spread ? {} : { now }) })
        const env: Env.Env = spread ? { ...made, now } : made
        const r = await (read as Dynamo.Op<unknown>)(env)()
        const what = `${name}, ${spread ? 'a spread Env' : 'made'}, now going to ${clock}`
        assert.ok(stand.scans() > 0, `${what}: some requests before`)
        assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && DE.show(r.left).includes("the Env's now must give a valid Date"), `${what}: ${JSON.stringify(r).slice(0, 300)}`)
        assert.is(stand.scansAfterBad(), 0, `${what}: no request once the clock went bad`)
      }
    }
  }
})

test("a clock that throws gives no Date either: every operation that reads it is the ConfigError naming now (quoting the throw), before any request, never a ValidationError blaming the input", async () => {
  for (const thrown of [new Error('clock down'), 'clock down']) {
    for (const [name, op] of operations) {
      const { env, sent } = standIn(() => {
        throw thrown
      })
      const r = await op(env)()
      if (E.isRight(r)) throw new Error(`${name}, a clock that throws: expected a ConfigError, got ${JSON.stringify(r.right)}`)
      const shown = DE.show(r.left)
      assert.is(r.left._tag, 'ConfigError', `${name}, a clock that throws: ${shown}`)
      assert.ok(shown.includes("the Env's now threw") && shown.includes('clock down'), `${name}: ${shown}`)
      assert.equal(sent, [], `${name}, a clock that throws: no request`)
    }
  }
  // a Date given where the clock belongs (through a cast, from JavaScript): no clock to call, a ConfigError naming now
  for (const [name, op] of operations) {
    const { env, sent } = standIn(NOW as never)
    const r = await op(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && /\bnow\b/.test(r.left.message), `${name}: ${JSON.stringify(r)}`)
    assert.equal(sent, [])
  }
})

test('a clock that throws a Proxy whose every trap throws: still the ConfigError naming now, before any request', async () => {
  const trap = () => {
    throw new Error('trap')
  }
  const hostile = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap })
  for (const [name, op] of operations) {
    const { env, sent } = standIn(() => {
      throw hostile
    })
    const r = await op(env)()
    if (E.isRight(r)) throw new Error(`${name}, a clock that throws a Proxy: expected a ConfigError, got ${JSON.stringify(r.right)}`)
    const shown = DE.show(r.left)
    assert.is(r.left._tag, 'ConfigError', `${name}, a clock that throws a Proxy: ${shown}`)
    assert.ok(shown.includes("the Env's now threw"), `${name}: ${shown}`)
    assert.equal(sent, [], `${name}, a clock that throws a Proxy: no request`)
  }
})

test('a read whose models have no ttl needs no clock: getOne, transactGet and collection of such models succeed with a broken one', async () => {
  for (const [clock, value] of broken) {
    for (const [name, op] of [
      ['getOne', Dynamo.getOne(Plain, 's1')],
      ['transactGet', Dynamo.transactGet([T.get(Plain, 's1')])],
      ['collection', Dynamo.collection({ notes: ShopNote }, { id: 'u' })],
    ] as const) {
      const { env, sent } = standIn(() => value as Date)
      const r = await (op as Dynamo.Op<unknown>)(env)()
      assert.ok(E.isRight(r), `${name}, now giving ${clock}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
      if (name === 'collection') assert.equal(r, E.right({ notes: [{ id: 'u', nid: 'n1' }] }))
      assert.ok(sent.length > 0, `${name}, now giving ${clock}: sent`)
    }
  }
})

test.run()

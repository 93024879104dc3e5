/**
 * syncTable on a table in transition (DESIGN §5.6: it applies the plan "waiting until the
 * table and its indexes are ACTIVE after each" step): it first waits, within the Env's
 * `waitTimeoutMs`, until the table is ACTIVE with every index ACTIVE (and none backfilling),
 * or gone, and plans from what the table then is. A table CREATING or UPDATING, an index
 * CREATING, a table DELETING (then created) are waited for, never planned from mid-way (an
 * UpdateTable then is DynamoDB's ResourceInUseException; a plan of nothing on a CREATING table
 * returned before the table could be used); one that does not settle in time is `TimeoutError`
 * naming the status last seen. A status that no wait ends (ARCHIVED, ARCHIVING, a lost KMS key)
 * is `TableNotActive` at once, not retryable. `planTable` does not wait: its plan's `wait` names
 * the change under way, and its steps are those syncTable applies once the change ends (a table
 * DELETING: CreateTable).
 * Against a stand-in whose DescribeTable gives the statuses of a script, one a call.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { ResourceNotFoundException, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Field from '../../../lib/codec/Field.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import { usersDescription } from '../../harness/usersTable.js'

const User = Model.make({
  table: 'users',
  hashKey: 'id',
  codec: t.type({ id: t.string, n: t.number }),
  indexes: { byN: Model.globalIndex({ hashKey: 'n' }) },
})

type Status = 'CREATING' | 'UPDATING' | 'ACTIVE' | 'DELETING' | 'GONE' | 'INDEX CREATING' | 'BACKFILLING' | 'ARCHIVING' | 'ARCHIVED' | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'

const description = (s: Status): TableDescription =>
  usersDescription(s === 'INDEX CREATING' || s === 'BACKFILLING' ? 'ACTIVE' : s, s === 'INDEX CREATING' ? 'CREATING' : 'ACTIVE', s === 'BACKFILLING')

/** A DynamoDB whose table goes through `script` (one status a DescribeTable, the last kept); a CreateTable makes it ACTIVE. */
const scripted = (script: ReadonlyArray<Status>) => {
  const sent: string[] = []
  let queue = [...script]
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    sent.push(name)
    const now = queue[0] as Status
    if (name === 'DescribeTableCommand') {
      if (queue.length > 1) queue = queue.slice(1)
      if (now === 'GONE') throw new ResourceNotFoundException({ message: 'no table', $metadata: {} })
      return { $metadata: {}, Table: description(now) }
    }
    if (name === 'DescribeTimeToLiveCommand') {
      if (now === 'GONE') throw new ResourceNotFoundException({ message: 'no table', $metadata: {} })
      return { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
    }
    if (name === 'CreateTableCommand') {
      queue = ['ACTIVE']
      return { $metadata: {}, TableDescription: description('CREATING') }
    }
    return { $metadata: {} }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, waitTimeoutMs: 60_000 })
  return { env, sent, describes: () => sent.filter((x) => x === 'DescribeTableCommand').length }
}

test('the stand-in\'s ACTIVE table matches the model: nothing to do', async () => {
  const s = scripted(['ACTIVE'])
  const plan = await Dynamo.planTable(User)(s.env)()
  assert.ok(E.isRight(plan) && plan.right.steps.length === 0, JSON.stringify(plan))
})

for (const [what, script] of [
  ['a table CREATING', ['CREATING', 'CREATING', 'ACTIVE']],
  ['a table UPDATING', ['UPDATING', 'ACTIVE']],
  ['an index CREATING', ['INDEX CREATING', 'INDEX CREATING', 'ACTIVE']],
  ['an index backfilling', ['BACKFILLING', 'ACTIVE']],
] as const) {
  test(`syncTable on ${what}: waits until it is ACTIVE, then plans (nothing to do here): no UpdateTable sent mid-way`, async () => {
    const s = scripted(script)
    const r = await Dynamo.syncTable(User)(s.env)()
    assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
    assert.is(E.isRight(r) ? r.right.steps.length : -1, 0)
    assert.is(s.describes(), script.length)
    assert.ok(!s.sent.includes('UpdateTableCommand'))
  })
}

test('syncTable on a table DELETING: waits until it is gone, then creates it', async () => {
  const s = scripted(['DELETING', 'DELETING', 'GONE'])
  const r = await Dynamo.syncTable(User)(s.env)()
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.equal(E.isRight(r) ? r.right.steps.map((x) => x._tag) : [], ['CreateTable'])
  assert.ok(s.sent.includes('CreateTableCommand'))
})

test('syncTable on a table that stays CREATING: TimeoutError after waitTimeoutMs, and nothing but describes sent', async () => {
  const s = scripted(['CREATING'])
  const env = Env.make({ client: s.env.client, sleep: async () => undefined, waitTimeoutMs: 2_000 })
  const r = await Dynamo.syncTable(User)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TimeoutError', JSON.stringify(r))
  assert.ok(s.sent.every((x) => x === 'DescribeTableCommand' || x === 'DescribeTimeToLiveCommand'))
  // it says what it waited (its sleeps: 50 + 100 + 200 + 400 + 800 ms), and why it stopped (the next poll, 1,000 ms on, would pass the limit)
  assert.match(DE.show((r as E.Left<DE.DynamoError>).left), 'waited 1550 ms for table users and its indexes to be ACTIVE, or gone, last seen CREATING; the next poll, 1000 ms on, would pass waitTimeoutMs (2000 ms)')
})

test('syncTable on an index that stays CREATING: the TimeoutError names the index and its status', async () => {
  const s = scripted(['INDEX CREATING'])
  const env = Env.make({ client: s.env.client, sleep: async () => undefined, waitTimeoutMs: 2_000 })
  const r = await Dynamo.syncTable(User)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TimeoutError', JSON.stringify(r))
  assert.match(DE.show(r.left), 'last seen ACTIVE, index byN CREATING;')
})

// planTable does not wait: it says what the table is in the middle of, and plans from what it will be once that ends
for (const [status, wait, steps] of [
  ['CREATING', 'table users is CREATING', []],
  ['UPDATING', 'table users is UPDATING', []],
  ['INDEX CREATING', 'table users is ACTIVE, index byN CREATING', []],
  ['BACKFILLING', 'table users is ACTIVE, index byN ACTIVE (backfilling)', []],
  ['DELETING', 'table users is DELETING', ['CreateTable']],
] as const) {
  test(`planTable of a table ${status}: one describe, no wait; the plan's wait says "${wait}", and its steps are what syncTable applies once it ends`, async () => {
    const s = scripted([status])
    const plan = await Dynamo.planTable(User)(s.env)()
    if (E.isLeft(plan)) throw new Error(DE.show(plan.left))
    assert.is(plan.right.wait, wait)
    assert.equal(plan.right.steps.map((x) => x._tag), steps)
    assert.is(s.describes(), 1)
    assert.ok(s.sent.every((x) => x === 'DescribeTableCommand' || x === 'DescribeTimeToLiveCommand'))
    assert.ok(!TablePlan.isEmpty(plan.right))
    assert.match(TablePlan.show(plan.right), `first: wait until the change under way ends (${wait})`)
    // syncTable waits, then applies those steps; its plan, made once the table settled, has no wait
    const synced = await Dynamo.syncTable(User)(scripted([status, status === 'DELETING' ? 'GONE' : 'ACTIVE']).env)()
    if (E.isLeft(synced)) throw new Error(DE.show(synced.left))
    assert.equal(synced.right, { table: 'users', steps: plan.right.steps, undeclared: [] })
  })
}

test('planTable of an ACTIVE table that matches: no wait, an empty plan', async () => {
  const plan = await Dynamo.planTable(User)(scripted(['ACTIVE']).env)()
  assert.equal(plan, E.right({ table: 'users', steps: [], undeclared: [] }))
  assert.ok(E.isRight(plan) && TablePlan.isEmpty(plan.right))
})

// statuses that are no change under way (an archive, a lost KMS key): waiting would only run out waitTimeoutMs
for (const status of ['ARCHIVED', 'ARCHIVING', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'] as const) {
  test(`syncTable on a table ${status}: refused at once, not retryable, naming the status; nothing but one describe sent`, async () => {
    const s = scripted([status])
    const r = await Dynamo.syncTable(User)(s.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TableNotActive' && !r.left.retryable, JSON.stringify(r))
    assert.match(DE.show(r.left), `table users is ${status}`)
    assert.is(s.describes(), 1)
    assert.ok(s.sent.every((x) => x === 'DescribeTableCommand' || x === 'DescribeTimeToLiveCommand'))
  })
}

// planTable says what syncTable says: the plan holds the status as an Unfixable step (syncTable refuses a plan that has one)
for (const status of ['ARCHIVED', 'ARCHIVING', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'] as const) {
  test(`planTable of a table ${status}: a plan whose first step is Unfixable, naming the status as syncTable's TableNotActive does; one describe, no wait`, async () => {
    const s = scripted([status])
    const plan = await Dynamo.planTable(User)(s.env)()
    assert.ok(E.isRight(plan), JSON.stringify(plan))
    const synced = await Dynamo.syncTable(User)(scripted([status]).env)()
    const why = E.isLeft(synced) && synced.left._tag === 'AwsError' ? synced.left.message : 'syncTable was no TableNotActive'
    assert.equal(E.isRight(plan) ? plan.right.steps[0] : undefined, { _tag: 'Unfixable', reason: why })
    assert.match(why, `table users is ${status}`)
    assert.is(s.describes(), 1)
  })
}

// --- time to live in transition (ENABLING, DISABLING) -------------------------------------

/** The table of `User`, ACTIVE, with a time-to-live attribute `expiresAt` declared. */
const Expiring = Model.make({
  table: 'users',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string, n: t.number }), t.partial({ expiresAt: Field.epochSeconds })]),
  indexes: { byN: Model.globalIndex({ hashKey: 'n' }) },
  ttl: 'expiresAt',
})

type Ttl = { readonly TimeToLiveStatus: 'ENABLED' | 'ENABLING' | 'DISABLED' | 'DISABLING'; readonly AttributeName?: string }

/**
 * A DynamoDB whose ACTIVE table's time to live goes through `script` (one status a
 * DescribeTimeToLive, the last kept). As DynamoDB, it refuses an UpdateTimeToLive while the
 * last change is under way (ENABLING, DISABLING); one it takes goes through `after` (of the
 * change it made: DISABLING twice then DISABLED, or ENABLING then ENABLED).
 */
const ttlScripted = (script: ReadonlyArray<Ttl>, waitTimeoutMs = 60_000) => {
  const sent: string[] = []
  let queue = [...script]
  const send = async (c: { constructor: { name: string }; input: { TimeToLiveSpecification?: { Enabled: boolean; AttributeName: string } } }) => {
    const name = c.constructor.name
    sent.push(name)
    const now = queue[0] as Ttl
    if (name === 'DescribeTableCommand') return { $metadata: {}, Table: description('ACTIVE') }
    if (name === 'DescribeTimeToLiveCommand') {
      if (queue.length > 1) queue = queue.slice(1)
      return { $metadata: {}, TimeToLiveDescription: now }
    }
    if (name === 'UpdateTimeToLiveCommand') {
      if (now.TimeToLiveStatus === 'ENABLING' || now.TimeToLiveStatus === 'DISABLING') {
        throw Object.assign(new Error('Time to live has been modified multiple times within a fixed interval'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
      }
      const spec = c.input.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string }
      const AttributeName = spec.AttributeName
      queue = spec.Enabled
        ? [{ TimeToLiveStatus: 'ENABLING', AttributeName }, { TimeToLiveStatus: 'ENABLED', AttributeName }]
        : [{ TimeToLiveStatus: 'DISABLING', AttributeName }, { TimeToLiveStatus: 'DISABLING', AttributeName }, { TimeToLiveStatus: 'DISABLED' }]
      return { $metadata: {}, TimeToLiveSpecification: spec }
    }
    return { $metadata: {} }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, waitTimeoutMs })
  return { env, sent, updates: () => sent.filter((x) => x === 'UpdateTimeToLiveCommand').length }
}

test('syncTable while time to live is DISABLING and the models want it on: waits until DISABLED (within waitTimeoutMs), then enables it', async () => {
  const s = ttlScripted([
    { TimeToLiveStatus: 'DISABLING', AttributeName: 'expiresAt' },
    { TimeToLiveStatus: 'DISABLING', AttributeName: 'expiresAt' },
    { TimeToLiveStatus: 'DISABLED' },
  ])
  const r = await Dynamo.syncTable(Expiring)(s.env)()
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.equal(E.isRight(r) ? r.right.steps : [], [{ _tag: 'EnableTtl', attribute: 'expiresAt' }])
  assert.is(s.updates(), 1)
})

test('syncTable moving time to live to another attribute: DisableTtl, a wait until DISABLED (DynamoDB refuses a change while DISABLING), then EnableTtl', async () => {
  const s = ttlScripted([{ TimeToLiveStatus: 'ENABLED', AttributeName: 'old' }])
  const r = await Dynamo.syncTable(Expiring)(s.env)()
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.equal(E.isRight(r) ? r.right.steps.map((x) => x._tag) : [], ['DisableTtl', 'EnableTtl'])
  assert.is(s.updates(), 2)
})

test('syncTable while time to live is ENABLING on the attribute the models name: nothing to do, no wait (one describe)', async () => {
  const s = ttlScripted([{ TimeToLiveStatus: 'ENABLING', AttributeName: 'expiresAt' }, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' }])
  const r = await Dynamo.syncTable(Expiring)(s.env)()
  assert.ok(E.isRight(r) && r.right.steps.length === 0, JSON.stringify(r))
  assert.equal(s.sent, ['DescribeTableCommand', 'DescribeTimeToLiveCommand'])
})

test('syncTable while time to live stays DISABLING: TimeoutError after waitTimeoutMs naming the time to live, retryable, no UpdateTimeToLive sent', async () => {
  const s = ttlScripted([{ TimeToLiveStatus: 'DISABLING', AttributeName: 'old' }], 2_000)
  const r = await Dynamo.syncTable(Expiring)(s.env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TimeoutError' && r.left.retryable, JSON.stringify(r))
  assert.match(DE.show((r as E.Left<DE.DynamoError>).left), 'last seen ACTIVE, time to live DISABLING on old;')
  assert.is(s.updates(), 0)
})

test('planTable while time to live is DISABLING and the models want it on: the plan says syncTable waits for it, then enables it (planTable does not wait)', async () => {
  const s = ttlScripted([{ TimeToLiveStatus: 'DISABLING', AttributeName: 'expiresAt' }])
  const r = await Dynamo.planTable(Expiring)(s.env)()
  assert.equal(E.isRight(r) ? r.right : r, { table: 'users', steps: [{ _tag: 'EnableTtl', attribute: 'expiresAt' }], undeclared: [], wait: 'table users is ACTIVE, time to live DISABLING on expiresAt' })
  assert.is(s.sent.filter((x) => x === 'DescribeTimeToLiveCommand').length, 1)
  // and syncTable does just that
  const synced = await Dynamo.syncTable(Expiring)(ttlScripted([{ TimeToLiveStatus: 'DISABLING', AttributeName: 'expiresAt' }, { TimeToLiveStatus: 'DISABLED' }]).env)()
  assert.equal(E.isRight(synced) ? synced.right.steps : synced, [{ _tag: 'EnableTtl', attribute: 'expiresAt' }])
})

test("models that disagree on the time-to-live attribute: the first model's word is the table's, for planTable's plan and syncTable's wait alike (then refused for the disagreement)", async () => {
  const Other = Model.make({
    table: 'users',
    hashKey: 'id',
    codec: t.intersection([t.type({ id: t.string, n: t.number }), t.partial({ other: Field.epochSeconds })]),
    indexes: { byN: Model.globalIndex({ hashKey: 'n' }) },
    ttl: 'other',
  })
  const enabling: Ttl = { TimeToLiveStatus: 'ENABLING', AttributeName: 'expiresAt' }
  const enabled: Ttl = { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' }
  // ENABLING on expiresAt ends as Expiring wants: with Expiring first, nothing to wait for
  const first = await Dynamo.planTable([Expiring, Other])(ttlScripted([enabling]).env)()
  assert.ok(E.isRight(first) && first.right.wait === undefined, JSON.stringify(first))
  assert.equal(E.isRight(first) ? first.right.steps : [], [{ _tag: 'Unfixable', reason: 'the models disagree on the time-to-live attribute: expiresAt and other' }])
  const s1 = ttlScripted([enabling, enabled])
  const r1 = await Dynamo.syncTable([Expiring, Other])(s1.env)()
  assert.ok(E.isLeft(r1) && r1.left._tag === 'SchemaError', JSON.stringify(r1))
  assert.is(s1.sent.filter((x) => x === 'DescribeTimeToLiveCommand').length, 1)
  // with Other first, it wants other: the change under way is waited for, and planned from its end
  const second = await Dynamo.planTable([Other, Expiring])(ttlScripted([enabling]).env)()
  assert.is(E.isRight(second) ? second.right.wait : undefined, 'table users is ACTIVE, time to live ENABLING on expiresAt')
  const s2 = ttlScripted([enabling, enabled])
  const r2 = await Dynamo.syncTable([Other, Expiring])(s2.env)()
  assert.ok(E.isLeft(r2) && r2.left._tag === 'SchemaError' && r2.left.message.includes('other and expiresAt'), JSON.stringify(r2))
  assert.is(s2.sent.filter((x) => x === 'DescribeTimeToLiveCommand').length, 2)
})

test.run()

/**
 * An answer whose `ConsumedCapacity` no DynamoDB gives (more units than any one request
 * consumes, a negative count, NaN, Infinity, a string) is an `InvalidAnswer` naming it
 * (`answer.capacityWhy`, bounded by `limits.READ_UNITS_PER_REQUEST`): a paced read
 * (`readUnitsPerSecond`) would otherwise wait for it for years, or read a negative or NaN count
 * as none. Against a stand-in DynamoDB on loopback whose Query, Scan, GetItem and
 * BatchGetItem answers say what the case gives, each with a next page to read.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { READ_UNITS_PER_ITEM, READ_UNITS_PER_REQUEST } from '../../../lib/rules/limits.js'
import { serving, within, type StandIn } from '../../harness/standIn.js'
import { REQUEST_MS } from '../../harness/models.js'

const LIVENESS_MS = 10_000
const User = Model.make({ table: 'users', hashKey: 'id', rangeKey: 'n', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs

/** A stand-in whose every read answer says it consumed `units` (as sent in JSON: the SDK reads "NaN" and "Infinity" as numbers). */
const standIn = (units: unknown): Promise<StandIn> =>
  serving((target, input) => {
    const capacity = { TableName: 'users', CapacityUnits: units }
    const item = { id: { S: 'a' }, n: { N: '1' } }
    if (target === 'GetItem') return { status: 200, body: { Item: item, ConsumedCapacity: capacity } }
    if (target === 'BatchGetItem') return { status: 200, body: { Responses: { users: [item] }, UnprocessedKeys: {}, ConsumedCapacity: [capacity] } }
    // a first page with a next one, then the last
    if (input['ExclusiveStartKey'] !== undefined) return { status: 200, body: { Items: [{ id: { S: 'a' }, n: { N: '2' } }], Count: 1, ScannedCount: 1, ConsumedCapacity: capacity } }
    return { status: 200, body: { Items: [item], Count: 1, ScannedCount: 1, LastEvaluatedKey: item, ConsumedCapacity: capacity } }
  })

const envOf = (s: StandIn): Env.Env =>
  Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1, timeoutMs: REQUEST_MS })

const paced = { readUnitsPerSecond: 10 } as const
const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
  ['a paced Query', Dynamo.getMany(User, C.eq(u.id, 'a'), paced)],
  ['a paced Scan', Dynamo.getMany(User, C.gt(u.n, 0), paced)],
  ['a paced BatchGetItem', Dynamo.getMany(User, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], paced)],
  ['a paced GetItem', Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.eq(u.n, 1)), paced)],
  ['an unpaced Query', Dynamo.getMany(User, C.eq(u.id, 'a'), { limit: 1 })],
]

test('a ConsumedCapacity no DynamoDB gives: an InvalidAnswer naming it, never a stalled read', async () => {
  for (const units of [1e12, READ_UNITS_PER_REQUEST + 1, -5, 'NaN', 'Infinity', '-Infinity', 'lots']) {
    for (const [name, op] of reads) {
      const s = await standIn(units)
      const r = await within(op(envOf(s))(), LIVENESS_MS)
      await s.close()
      const what = `${name}, CapacityUnits ${JSON.stringify(units)}`
      if (r === undefined) return assert.unreachable(`${what}: the read did not end`)
      if (E.isRight(r.value)) return assert.unreachable(`${what}: read as ${JSON.stringify(r.value.right)}`)
      const shown = DE.show(r.value.left)
      assert.ok(r.value.left._tag === 'AwsError' && r.value.left.name === 'InvalidAnswer' && shown.includes('ConsumedCapacity'), `${what}: ${shown}`)
    }
  }
})

test('a ConsumedCapacity within the bound is read and paced', async () => {
  for (const units of [0, 0.5, 256, READ_UNITS_PER_REQUEST / 1e5]) {
    const s = await standIn(units)
    const r = await within(Dynamo.getMany(User, C.eq(u.id, 'a'), { readUnitsPerSecond: 1e9 })(envOf(s))(), LIVENESS_MS)
    await s.close()
    assert.equal(r?.value, E.right([{ id: 'a', n: 1 }, { id: 'a', n: 2 }]), `CapacityUnits ${units}`)
  }
})

/**
 * A stand-in whose GetItem, Query and BatchGetItem answers give `capacity(target, keys)` as their
 * ConsumedCapacity (`keys`: the number of keys a BatchGetItem was sent); a BatchGetItem finds every key.
 */
const answering = (capacity: (target: string, keys: number) => unknown): Promise<StandIn> =>
  serving((target, input) => {
    const item = { id: { S: 'a' }, n: { N: '1' } }
    if (target === 'GetItem') return { status: 200, body: { Item: item, ConsumedCapacity: capacity(target, 1) } }
    if (target === 'BatchGetItem') {
      const keys = ((input['RequestItems'] as Record<string, { Keys: ReadonlyArray<unknown> }>)['users'] as { Keys: ReadonlyArray<unknown> }).Keys
      return { status: 200, body: { Responses: { users: keys }, UnprocessedKeys: {}, ConsumedCapacity: capacity(target, keys.length) } }
    }
    return { status: 200, body: { Items: [item], Count: 1, ScannedCount: 1, ConsumedCapacity: capacity(target, 0) } }
  })

const keysOf = (n: number): ReadonlyArray<{ id: string; n: number }> => Array.from({ length: n }, (_, i) => ({ id: `k${i}`, n: i }))

test('the capacity bound holds per request: a BatchGetItem of n keys says at most n x READ_UNITS_PER_ITEM units in one entry for its table; a GetItem at most READ_UNITS_PER_ITEM units', async () => {
  const entry = (units: number, table = 'users') => ({ TableName: table, CapacityUnits: units })
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, (target: string, keys: number) => unknown]> = [
    ['a BatchGetItem of 2 keys answered with 1000 entries of 2^20 units', Dynamo.getMany(User, keysOf(2), paced), () => Array.from({ length: 1000 }, () => entry(2 ** 20))],
    ['a BatchGetItem of 2 keys answered with 2 x READ_UNITS_PER_ITEM + 1 units', Dynamo.getMany(User, keysOf(2), paced), () => [entry(2 * READ_UNITS_PER_ITEM + 1)]],
    ['a BatchGetItem of 101 keys answered with 100 x READ_UNITS_PER_ITEM + 1 units for its first 100', Dynamo.getMany(User, keysOf(101), paced), (_, n) => [entry(n * READ_UNITS_PER_ITEM + 1)]],
    ['a BatchGetItem answered with two entries for its table', Dynamo.getMany(User, keysOf(2), paced), () => [entry(1), entry(1)]],
    ['a BatchGetItem answered with an entry for a table not sent', Dynamo.getMany(User, keysOf(2), paced), () => [entry(1, 'other')]],
    ['a BatchGetItem answered with one entry, no list', Dynamo.getMany(User, keysOf(2), paced), () => entry(1)],
    ['a GetItem answered with READ_UNITS_PER_ITEM + 1 units', Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.eq(u.n, 1)), paced), () => entry(READ_UNITS_PER_ITEM + 1)],
  ]
  for (const [what, op, capacity] of cases) {
    const s = await answering(capacity)
    const r = await within(op(envOf(s))(), LIVENESS_MS)
    await s.close()
    if (r === undefined) return assert.unreachable(`${what}: the read did not end`)
    if (E.isRight(r.value)) return assert.unreachable(`${what}: read as ${JSON.stringify(r.value.right).slice(0, 200)}`)
    const shown = DE.show(r.value.left)
    assert.ok(r.value.left._tag === 'AwsError' && r.value.left.name === 'InvalidAnswer' && shown.includes('ConsumedCapacity'), `${what}: ${shown}`)
  }
})

test('what DynamoDB really answers is read: a BatchGetItem of 100 keys strongly consistent at 10,000 units with Table and GlobalSecondaryIndexes breakdowns, a GetItem at 100 units', async () => {
  const breakdown = (units: number) => ({ TableName: 'users', CapacityUnits: units, ReadCapacityUnits: units, Table: { CapacityUnits: units, ReadCapacityUnits: units }, GlobalSecondaryIndexes: { byN: { CapacityUnits: 0 } } })
  const s = await answering((target, n) => (target === 'BatchGetItem' ? [breakdown(n * 100)] : breakdown(100)))
  const batch = await within(Dynamo.getMany(User, keysOf(100), { readUnitsPerSecond: 1e9, consistentRead: true })(envOf(s))(), LIVENESS_MS)
  const one = await within(Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.eq(u.n, 1)), { readUnitsPerSecond: 1e9 })(envOf(s))(), LIVENESS_MS)
  await s.close()
  assert.equal(batch?.value, E.right(keysOf(100)))
  assert.equal(one?.value, E.right([{ id: 'a', n: 1 }]))
})

test('the bound by key keeps a margin over the largest real answer (an item of 400 KB strongly consistent: 100 units): a GetItem answered with 150 units and a BatchGetItem of 2 keys with 300 are read', async () => {
  const entry = (units: number) => ({ TableName: 'users', CapacityUnits: units })
  const s = await answering((target) => (target === 'BatchGetItem' ? [entry(300)] : entry(150)))
  const batch = await within(Dynamo.getMany(User, keysOf(2), paced)(envOf(s))(), LIVENESS_MS)
  const one = await within(Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.eq(u.n, 1)), paced)(envOf(s))(), LIVENESS_MS)
  await s.close()
  assert.equal(batch?.value, E.right(keysOf(2)))
  assert.equal(one?.value, E.right([{ id: 'a', n: 1 }]))
})

test('a Query, Scan or GetItem answer whose ConsumedCapacity is a list (DynamoDB sends one entry; the SDK reads a list sent in JSON as an empty entry, a client of ours may give it): an InvalidAnswer, paced or not', async () => {
  const capacity = [{ TableName: 'users', CapacityUnits: 2 ** 20 }]
  const item = { id: { S: 'a' }, n: { N: '1' } }
  const send = async (command: unknown) =>
    command instanceof GetItemCommand ? { $metadata: {}, Item: item, ConsumedCapacity: capacity } : { $metadata: {}, Items: [item], Count: 1, ScannedCount: 1, ConsumedCapacity: capacity }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient })
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['a paced Query', Dynamo.getMany(User, C.eq(u.id, 'a'), paced)],
    ['an unpaced Query', Dynamo.getMany(User, C.eq(u.id, 'a'))],
    ['a paced Scan', Dynamo.getMany(User, C.gt(u.n, 0), paced)],
    ['a paced GetItem', Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.eq(u.n, 1)), paced)],
  ]
  for (const [what, op] of cases) {
    const r = await within(op(env)(), LIVENESS_MS)
    if (r === undefined) return assert.unreachable(`${what}: the read did not end`)
    if (E.isRight(r.value)) return assert.unreachable(`${what}: read as ${JSON.stringify(r.value.right)}`)
    const shown = DE.show(r.value.left)
    assert.ok(r.value.left._tag === 'AwsError' && r.value.left.name === 'InvalidAnswer' && shown.includes('ConsumedCapacity'), `${what}: ${shown}`)
  }
})

test.run()

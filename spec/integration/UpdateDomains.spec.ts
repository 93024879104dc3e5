/**
 * Against DynamoDB Local, what an update computes stays where the target's codec reads it
 * (the unit goldens: spec/unit/compile/UpdateDomains): an increment of a nullable number
 * (refused by DynamoDB on a NULL, so guarded), a bounded `Field.int` whose declared bound
 * passes the safe integers, and an unbounded int counter at `Number.MAX_SAFE_INTEGER`: its
 * next step is refused by its guard (`ConditionalCheckFailed` naming the bound), nothing
 * unreadable is written, and `Field.bigint` counts on exactly.
 */
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as U from '../../lib/ast/Update.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import { Domains } from '../harness/domains.js'
import { err, fixture, N, ok, rawGet, S, type Fixture } from '../harness/models.js'

const d = Domains.attrs
const MAX = Number.MAX_SAFE_INTEGER

const withTable = async (): Promise<Fixture> => {
  const f = await fixture('domains')
  await ok(f.env, Dynamo.createTable(Domains))
  return f
}

test('DynamoDB adds no number to a NULL: an increment of a nullable number is refused there by its guard, works elsewhere', async () => {
  const f = await withTable()
  const table = f.table(Domains)
  // what DynamoDB answers without the guard
  await f.client.send(new PutItemCommand({ TableName: table, Item: { id: S('raw'), maybe: { NULL: true } } }))
  const raw = await f.client.send(new UpdateItemCommand({
    TableName: table,
    Key: { id: S('raw') },
    UpdateExpression: 'SET maybe = if_not_exists(maybe, :z) + :o',
    ExpressionAttributeValues: { ':z': N(0), ':o': N(1) },
  })).then(() => 'written', (e: Error) => `${e.name}: ${e.message}`)
  assert.is(raw, 'ValidationException: An operand in the update expression has an incorrect data type')
  await ok(f.env, Dynamo.saveOne(Domains, { id: 'a', maybe: null, level: null }))
  for (const update of [[U.increment(d.maybe, 1)], [U.add(d.maybe, 1)], [U.increment(d.level, 1)]]) {
    const e = await err(f.env, Dynamo.updateOne(Domains, 'a', update), 'ConditionalCheckFailed')
    assert.match(e.message, /is NULL, and DynamoDB adds no number to NULL/)
  }
  assert.equal(await rawGet(f.client, table, { id: S('a') }), { id: S('a'), maybe: { NULL: true }, level: { NULL: true } })
  await ok(f.env, Dynamo.saveOne(Domains, { id: 'b' }))
  assert.is((await ok(f.env, Dynamo.updateOne(Domains, 'b', [U.increment(d.maybe, 1)]))).maybe, 1)
  assert.is((await ok(f.env, Dynamo.updateOne(Domains, 'b', [U.add(d.maybe, 41)]))).maybe, 42)
})

test('if_not_exists(count, maybe) reads maybe only where count is missing: a NULL maybe refuses no item that has a count', async () => {
  const f = await withTable()
  const table = f.table(Domains)
  // what DynamoDB does with a NULL fallback it does not read
  await f.client.send(new PutItemCommand({ TableName: table, Item: { id: S('raw'), count: N(1), maybe: { NULL: true } } }))
  await f.client.send(new UpdateItemCommand({
    TableName: table,
    Key: { id: S('raw') },
    UpdateExpression: 'SET #c = if_not_exists(#c, maybe) + :o',
    ExpressionAttributeNames: { '#c': 'count' },
    ExpressionAttributeValues: { ':o': N(1) },
  }))
  assert.equal(await rawGet(f.client, table, { id: S('raw') }), { id: S('raw'), count: N(2), maybe: { NULL: true } })
  const u = [U.set(d.count, U.plus(U.ifNotExists(d.count, d.maybe as never), 1))]
  await ok(f.env, Dynamo.saveOne(Domains, { id: 'a', count: 1, maybe: null }))
  assert.is((await ok(f.env, Dynamo.updateOne(Domains, 'a', u))).count, 2)
  await ok(f.env, Dynamo.saveOne(Domains, { id: 'b', maybe: null }))
  const e = await err(f.env, Dynamo.updateOne(Domains, 'b', u), 'ConditionalCheckFailed')
  assert.match(e.message, /maybe is NULL where count is missing, and DynamoDB adds no number to NULL/)
})

test('a bounded int whose declared bound passes the safe integers is guarded at them: nothing unreadable is written', async () => {
  const f = await withTable()
  await ok(f.env, Dynamo.saveOne(Domains, { id: 'a', huge: MAX }))
  const e = await err(f.env, Dynamo.updateOne(Domains, 'a', [U.increment(d.huge, 1)]), 'ConditionalCheckFailed')
  assert.match(e.message, /at most 9007199254740991/)
  assert.equal(await rawGet(f.client, f.table(Domains), { id: S('a') }), { id: S('a'), huge: N(MAX) })
})

test('an unbounded int counter stops at Number.MAX_SAFE_INTEGER: ConditionalCheckFailed naming it, nothing unreadable written; a bigint counts on', async () => {
  const f = await withTable()
  await ok(f.env, Dynamo.saveOne(Domains, { id: 'a', count: MAX, big: BigInt(MAX) }))
  for (const update of [[U.increment(d.count, 1), U.increment(d.big, 1n)], [U.add(d.count, 1)], [U.set(d.count, U.plus(d.count, 1))]]) {
    const e = await err(f.env, Dynamo.updateOne(Domains, 'a', update), 'ConditionalCheckFailed')
    assert.match(e.message, /count holds integers .*at most 9007199254740991/)
  }
  assert.equal(await rawGet(f.client, f.table(Domains), { id: S('a') }), { id: S('a'), count: N(MAX), big: N(MAX) })
  assert.is((await ok(f.env, Dynamo.getOne(Domains, 'a'))).count, MAX)
  await ok(f.env, Dynamo.updateOne(Domains, 'a', [U.set(d.count, -MAX)]))
  await err(f.env, Dynamo.updateOne(Domains, 'a', [U.decrement(d.count, 1)]), 'ConditionalCheckFailed')
  // within the safe integers the guard passes; the bigint counter goes on exactly where a double would stay at 2^53
  await ok(f.env, Dynamo.updateOne(Domains, 'a', [U.set(d.count, MAX - 1)]))
  assert.is((await ok(f.env, Dynamo.updateOne(Domains, 'a', [U.increment(d.count, 1)]))).count, MAX)
  const b = await ok(f.env, Dynamo.updateOne(Domains, 'a', [U.increment(d.big, 1n)]))
  assert.is(b.big, 9007199254740992n)
})

test.run()

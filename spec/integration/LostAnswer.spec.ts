/**
 * Writes whose first attempt DynamoDB Local applied and whose answer was lost (a proxy cuts
 * the connection after Local answered): the retry meets the state the lost attempt left, which
 * DynamoDB cannot tell from another writer's. A delete, a conditional delete of `deleteMany`
 * and an idempotent update say that the outcome may be their own (`mayBeOwnWrite`), never a
 * confident "nothing deleted" or a plain conflict; the same requests with no answer lost, or
 * meeting a state the write does not leave, say nothing of their own write.
 */
import { PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import { Doc, NOW, Note, Plain } from '../harness/lifecycle.js'
import { Customer } from '../harness/shop.js'
import { local } from '../harness/local.js'
import { proxy } from '../harness/proxy.js'
import { lossy } from '../harness/lossy.js'
import { err, fixture, ok, rawGet, S, REQUEST_MS } from '../harness/models.js'

const p = Plain.attrs

test('deleteOne whose answer was lost and whose retry finds no item: Left(AwsError) marked mayBeOwnWrite, not retryable, never Right(none); a delete of no item with no answer lost is none', async () => {
  const { f, env, p: px, stored } = await lossy('lostdel', ['DeleteItem'])
  try {
    await ok(f.env, Dynamo.saveMany(Plain, [{ id: 'a', text: 'x', n: 1 }, { id: 'b', text: 'y', n: 1 }]))
    // by key
    const e = await err(env, Dynamo.deleteOne(Plain, 'a'), 'AwsError')
    assert.equal([e.mayBeOwnWrite, e.retryable], [true, false])
    assert.match(e.message, /the retry found no item: the item is gone, and this delete may be what deleted it/)
    assert.is(await stored('a'), undefined)
    // with checks (the condition holds on no item: the retry deletes nothing and succeeds)
    const checked = await err(env, Dynamo.deleteOne(Plain, C.and(C.eq(p.id, 'b'), C.eq(p.n, 1))), 'AwsError')
    assert.is(checked.mayBeOwnWrite, true)
    assert.is(await stored('b'), undefined)
    assert.is(px.seen.filter((x) => x.target === 'DeleteItem').length, 4)
    // no item, and the answer that says so arrives (the proxy forwards a second send): none
    assert.equal(await ok(env, Dynamo.deleteOne(Plain, 'a')), { _tag: 'None' })
    // an item met by the retry was not deleted by the lost attempt: the retry deleted it, and says so
    await ok(f.env, Dynamo.saveOne(Plain, { id: 'c', text: 'z', n: 3 }))
    const firstRefused = await proxy((await local()).endpoint, (x, i) => (x.target === 'DeleteItem' && i === 0 ? { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'boom' } } : 'forward'))
    try {
      const via = Env.make({ endpoint: firstRefused.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: f.prefix, sleep: async () => undefined, maxAttempts: 3, timeoutMs: REQUEST_MS })
      assert.equal(await ok(via, Dynamo.deleteOne(Plain, 'c')), { _tag: 'Some', value: { id: 'c', text: 'z', n: 3 } })
    } finally {
      await firstRefused.close()
    }
  } finally {
    await px.close()
  }
})

test("deleteMany's conditional deletes whose answer was lost: of a list or of items found by a condition, the retry finds the item gone, a delete of nothing (as deleteOne's condition holds on no item): in success; a refusal on an item is not marked", async () => {
  const { f, env, p: px, stored } = await lossy('lostdelmany', ['DeleteItem'])
  try {
    await ok(f.env, Dynamo.saveMany(Plain, [{ id: 'a', text: 'x', n: 1 }, { id: 'b', text: 'y', n: 1 }, { id: 'c', text: 'z', n: 2 }]))
    const ids = ['a', 'b', 'c']
    const entries = ids.map((id) => C.and(C.eq(p.id, id), C.gt(p.n, 0)))
    const r = await ok(env, Dynamo.deleteMany(Plain, entries))
    // the item is gone either way: the keys are no longer in the table
    assert.equal([r.success, r.fail], [[{ id: 'a' }, { id: 'b' }, { id: 'c' }], []])
    for (const id of ['a', 'b', 'c']) assert.is(await stored(id), undefined, id)
    // found by a condition: deleted as deleteOne deletes each key with the condition
    await ok(f.env, Dynamo.saveMany(Plain, [{ id: 'e', text: 'x', n: 1 }, { id: 'g', text: 'z', n: 2 }]))
    const found = await ok(env, Dynamo.deleteMany(Plain, C.and(C.isIn(p.id, ['e', 'g']), C.gt(p.n, 0))))
    assert.equal([found.success, found.fail], [[{ id: 'e' }, { id: 'g' }], []])
    for (const id of ['e', 'g']) assert.is(await stored(id), undefined, id)
    // a refusal on an item that is there (its check fails at the first attempt, whose answer is lost): plain
    await ok(f.env, Dynamo.saveOne(Plain, { id: 'd', text: 'w', n: 5 }))
    const kept = await ok(env, Dynamo.deleteMany(Plain, [C.and(C.eq(p.id, 'd'), C.lt(p.n, 5))]))
    assert.equal(kept.fail.map((x) => [x.error._tag, x.error._tag === 'ConditionalCheckFailed' ? x.error.mayBeOwnWrite : 'no', x.outcome]), [['ConditionalCheckFailed', undefined, 'unknown']])
    assert.is((await stored('d'))?.['n'], 5)
  } finally {
    await px.close()
  }
})

test('updateOne whose answer was lost and whose retry fails its checks on the item it wrote: ConditionalCheckFailed marked mayBeOwnWrite; on an item the update would change, not marked; a versioned update is not sent again', async () => {
  const { f, env, p: px, stored } = await lossy('lostupd', ['UpdateItem'])
  try {
    await ok(f.env, Dynamo.saveMany(Plain, [{ id: 'a', text: 'x', n: 1 }, { id: 'b', text: 'y', n: 7 }]))
    // set n = 2 only while n = 1: applied by the lost attempt, so the retry's check fails on n = 2
    const e = await err(env, Dynamo.updateOne(Plain, C.and(C.eq(p.id, 'a'), C.eq(p.n, 1)), [U.set(p.n, 2), U.set(p.text, 'done')]), 'ConditionalCheckFailed')
    assert.is(e.mayBeOwnWrite, true)
    assert.match(e.message, /the item stored is one this update leaves as it is: it may be this update's own write/)
    assert.equal(await stored('a'), { id: 'a', text: 'done', n: 2 })
    // refused at its first attempt too: the item is not what the update leaves
    const other = await err(env, Dynamo.updateOne(Plain, C.and(C.eq(p.id, 'b'), C.eq(p.n, 1)), [U.set(p.n, 2)]), 'ConditionalCheckFailed')
    assert.is(other.mayBeOwnWrite, undefined)
    assert.is((await stored('b'))?.['n'], 7)
    // a versioned update is not idempotent: not sent again once its answer is lost (DESIGN §5.5)
    await ok(f.env, Dynamo.saveOne(Doc, { id: 'v', title: 'T' }))
    const before = px.seen.length
    const v = await err(env, Dynamo.updateOne(Doc, 'v', [U.set(Doc.attrs.title, 'T2')]), 'AwsError')
    assert.equal([v.retryable, px.seen.length - before], [false, 1])
    assert.match(v.message, /not sent again/)
  } finally {
    await px.close()
  }
})

test('Dynamo.send: a TransactWriteItems without a token whose answer was lost is retried with one token, applied once; a raw UpdateItem that ADDs is not sent again (may have been applied, not retryable), one that SETs values is', async () => {
  const { f, env, p: px, stored } = await lossy('lostsend', ['TransactWriteItems', 'UpdateItem'])
  try {
    await ok(f.env, Dynamo.saveMany(Plain, [{ id: 't', text: 'x', n: 1 }, { id: 'u', text: 'y', n: 1 }]))
    const TableName = f.table(Plain)
    const increment = { TableName, Key: { id: S('t') }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }
    await ok(env, Dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: increment }] })))
    const tokens = px.seen.filter((x) => x.target === 'TransactWriteItems').map((x) => x.body['ClientRequestToken'])
    assert.is(tokens.length, 2)
    assert.type(tokens[0], 'string')
    assert.is(tokens[1], tokens[0])
    assert.is((await stored('t'))?.['n'], 2)
    // a token of the caller's is kept
    await ok(env, Dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: { ...increment, Key: { id: S('u') } } }], ClientRequestToken: 'mine-1' })))
    assert.equal(px.seen.filter((x) => x.target === 'TransactWriteItems').slice(2).map((x) => x.body['ClientRequestToken']), ['mine-1', 'mine-1'])
    assert.is((await stored('u'))?.['n'], 2)
    // ADD: applied by the lost attempt, not sent again
    const before = px.seen.length
    const add = await err(env, Dynamo.send(new UpdateItemCommand({ TableName, Key: { id: S('t') }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } })), 'AwsError')
    assert.equal([add.retryable, px.seen.length - before], [false, 1])
    assert.match(add.message, /not sent again/)
    assert.is((await stored('t'))?.['n'], 3)
    // SET of values: sent again, its answer read
    const set = await ok(env, Dynamo.send(new UpdateItemCommand({ TableName, Key: { id: S('u') }, UpdateExpression: 'SET #t = :t', ExpressionAttributeNames: { '#t': 'text' }, ExpressionAttributeValues: { ':t': S('z') }, ReturnValues: 'ALL_NEW' })))
    assert.equal([set.Attributes?.['text'], px.seen.length - before], [S('z'), 3])
  } finally {
    await px.close()
  }
})

test('createTable and deleteTable whose answer was lost: the retry refused as the table is as the lost attempt leaves it is an AwsError marked mayBeOwnWrite; the same refusal with no answer lost is not', async () => {
  const { f, env, p: px } = await lossy('losttable', ['CreateTable', 'DeleteTable'])
  try {
    const created = await err(env, Dynamo.createTable(Note), 'AwsError')
    assert.equal([created.name, created.mayBeOwnWrite], ['ResourceInUseException', true])
    assert.match(created.message, /it may be this call's own/)
    assert.is((await ok(f.env, Dynamo.describeTable(Note)))._tag, 'Some')
    const again = await err(env, Dynamo.createTable(Note), 'AwsError')
    assert.equal([again.name, again.mayBeOwnWrite], ['ResourceInUseException', undefined])
    const deleted = await err(env, Dynamo.deleteTable(Note), 'AwsError')
    assert.equal([deleted.name, deleted.mayBeOwnWrite], ['ResourceNotFoundException', true])
    const gone = await err(env, Dynamo.deleteTable(Note), 'AwsError')
    assert.equal([gone.name, gone.mayBeOwnWrite], ['ResourceNotFoundException', undefined])
    assert.equal(px.seen.filter((x) => x.target === 'CreateTable' || x.target === 'DeleteTable').map((x) => x.target), ['CreateTable', 'CreateTable', 'CreateTable', 'DeleteTable', 'DeleteTable', 'DeleteTable'])
  } finally {
    await px.close()
  }
})

test("a delete whose answer was lost, another entity's item put at its key before the retry: as a retry that finds no item (deleteOne: AwsError marked mayBeOwnWrite, never none; deleteMany: an item found, or a list entry, whatever its check, in success: no item is a delete of nothing); the foreign item stays", async () => {
  const f = await fixture('lostforeign', { now: () => NOW })
  await ok(f.env, Dynamo.createTable([Customer]))
  const table = f.table(Customer)
  const keyOf = (id: string): Record<string, AttributeValue> => ({ pk: S(`CUSTOMER#${id}`), sk: S('PROFILE') })
  const foreignAt = (id: string): Record<string, AttributeValue> => ({ ...keyOf(id), _et: S('legacy'), customerId: S(id), name: S('Ann') })
  const firsts = new Set<string>()
  const px = await proxy((await local()).endpoint, (x) => {
    if (x.target !== 'DeleteItem') return 'forward'
    const key = JSON.stringify(x.body['Key'])
    if (firsts.has(key)) return 'forward'
    firsts.add(key)
    return 'drop-answer'
  })
  // the pause before the retry: another entity's item is put at the key the lost attempt deleted
  let meanwhile: string | undefined
  const sleep = async (): Promise<void> => {
    if (meanwhile !== undefined) await f.client.send(new PutItemCommand({ TableName: table, Item: foreignAt(meanwhile) }))
    meanwhile = undefined
  }
  const env = Env.make({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: f.prefix, now: () => NOW, sleep, maxAttempts: 3, timeoutMs: REQUEST_MS })
  const cu = Customer.attrs
  try {
    await ok(f.env, Dynamo.saveMany(Customer, ['c1', 'c2', 'c3', 'c4', 'c5'].map((customerId) => ({ customerId, name: 'Ann' }))))
    // deleteOne, by key and with a check
    for (const [id, strategy] of [['c1', 'c1'], ['c2', C.and(C.eq(cu.customerId, 'c2'), C.eq(cu.name, 'Ann'))]] as const) {
      meanwhile = id
      const e = await err(env, Dynamo.deleteOne(Customer, strategy), 'AwsError')
      assert.equal([e.mayBeOwnWrite, e.retryable], [true, false], id)
      assert.match(e.message, /the retry found another entity's item, which this delete never deletes: the item it deletes is gone, and this delete may be what deleted it/, id)
    }
    // deleteMany: an item found by a condition; list entries whose check holds on no item (c4) or fails on it (c5): no item either way
    meanwhile = 'c3'
    const found = await ok(env, Dynamo.deleteMany(Customer, C.isIn(cu.customerId, ['c3'])))
    assert.equal([found.success, found.fail], [[{ customerId: 'c3' }], []])
    const entries = [C.and(C.eq(cu.customerId, 'c4'), C.notExists(cu.tier))]
    meanwhile = 'c4'
    const holds = await ok(env, Dynamo.deleteMany(Customer, entries))
    assert.equal([holds.success, holds.fail], [[{ customerId: 'c4' }], []])
    meanwhile = 'c5'
    const fails = await ok(env, Dynamo.deleteMany(Customer, [C.and(C.eq(cu.customerId, 'c5'), C.eq(cu.name, 'Ann'))]))
    assert.equal([fails.success, fails.fail], [[{ customerId: 'c5' }], []])
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) assert.equal(await rawGet(f.client, table, keyOf(id)), foreignAt(id), `${id}: the foreign item stays`)
    // every delete sent twice: the lost attempt and its retry
    assert.is(px.seen.filter((x) => x.target === 'DeleteItem').length, 10)
  } finally {
    await px.close()
  }
})

test.run()

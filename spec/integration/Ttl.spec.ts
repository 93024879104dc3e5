/**
 * Issue 16, point 6, against DynamoDB Local: a model's `ttl`. `createTable` turns time to live
 * on (DescribeTimeToLive says ENABLED), `planTable`/`syncTable` keep it and skip it when on;
 * what DynamoDB Local itself does with expired items; and an expired item absent to every
 * operation: reads (getOne, getMany by keys, Query and Scan, page, pages, reduce, count, through
 * indexes), updates, deletes, saves with `overwrite: false` or a condition, transactions — unless
 * a read says `includeExpired: true`.
 *
 * DynamoDB Local deletes an expired item within a second or two, so the items are stored with
 * times a day ahead of the real clock (as the file loads: a whole run of a loaded machine stays
 * well within it), and the operations run with an `Env` whose clock is set later still (`now`):
 * expired to dynamongo, still stored to DynamoDB.
 */
import { DescribeTimeToLiveCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as Command from '../../lib/compile/Command.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import * as TablePlan from '../../lib/table/TablePlan.js'
import * as U from '../../lib/ast/Update.js'
import { err, fixture, ok, rawGetPlain, REQUEST_MS, run, scanAll, S, type Fixture } from '../harness/models.js'
import { started, START_MS } from '../harness/local.js'
import { NOW, NOW_SECONDS, Plain, Session, UserSession, clockAround, ttlValue } from '../harness/ttl.js'
import { right } from '../harness/either.js'

const s = Session.attrs
const us = UserSession.attrs

/**
 * A day ahead of the real clock as the file loads, on a whole second: DynamoDB Local keeps an
 * item with this time, and the real clock has not reached it when the specs of a long run read.
 */
const soon = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000)
/** The clock of the specs: a minute after `soon` (items with `soon` have expired). */
const later = soon.getTime() + 60_000
/** Still ahead of the specs' clock. */
const far = new Date(soon.getTime() + 3_600_000)

/** Three sessions of user `u`: one expired at the specs' clock, one live, one without a time (never expires). */
const seed = [
  { id: 'gone', user: 'u', note: 'n', hits: 1, expiresAt: soon },
  { id: 'live', user: 'u', note: 'n', hits: 2, expiresAt: far },
  { id: 'forever', user: 'u', note: 'n', hits: 3 },
]

/** A fixture whose clock is `later`, with the tables of `models` created and seeded. */
const setUp = async (label: string, models: ReadonlyArray<typeof Session | typeof UserSession> = [Session]): Promise<Fixture> => {
  const f = await fixture(label, { now: () => new Date(later) })
  for (const m of models) {
    await ok(f.env, Dynamo.createTable(m))
    await ok(f.env, Dynamo.saveMany(m, seed))
  }
  return f
}

const ids = (items: ReadonlyArray<{ readonly id: string }>): ReadonlyArray<string> => items.map((x) => x.id).sort()

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

test('createTable turns time to live on for the ttl field: DescribeTimeToLive says ENABLED; a model without ttl leaves it off', async () => {
  const f = await fixture('ttl-table')
  await ok(f.env, Dynamo.createTable(Session))
  const d = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(Session) }))
  assert.equal(d.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' })
  const info = await ok(f.env, Dynamo.describeTable(Session))
  assert.equal(info._tag === 'Some' ? info.value.ttl : undefined, { status: 'ENABLED', attribute: 'expiresAt' })
  // the table matches its model: nothing to plan, and syncTable skips TTL, which is on (DynamoDB refuses to turn it on twice)
  assert.ok(TablePlan.isEmpty(await ok(f.env, Dynamo.planTable(Session))))
  assert.equal((await ok(f.env, Dynamo.syncTable(Session))).steps, [])
  const plain = Model.make({ table: 'plain-sessions', hashKey: 'id', codec: Plain.codec })
  await ok(f.env, Dynamo.createTable(plain))
  const off = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(plain) }))
  assert.equal(off.TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' })
  // syncTable of the same table with ttl now named turns it on
  const named = Model.make({ table: 'plain-sessions', hashKey: 'id', codec: Plain.codec, ttl: 'expiresAt' })
  assert.equal((await ok(f.env, Dynamo.planTable(named))).steps, [{ _tag: 'EnableTtl', attribute: 'expiresAt' }])
  await ok(f.env, Dynamo.syncTable(named))
  const on = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(named) }))
  assert.equal(on.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' })
})

test('a ttl that is Field.epochSeconds branded (its values narrowed, stored alike): createTable turns time to live on for it, an item whose time has passed is NotFound, a live one reads back as saved', async () => {
  interface LaterB { readonly Later: unique symbol }
  const until = t.brand(Field.epochSeconds, (d): d is t.Branded<Date, LaterB> => d.getTime() > 0, 'Later')
  const Pass = Model.make({ table: 'branded-ttl', hashKey: 'id', codec: t.type({ id: t.string, until }), ttl: 'until' })
  const f = await fixture('ttl-branded', { now: () => new Date(later) })
  await ok(f.env, Dynamo.createTable(Pass))
  const d = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(Pass) }))
  assert.equal(d.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'until' })
  const live = { id: 'live', until: far as t.Branded<Date, LaterB> }
  await ok(f.env, Dynamo.saveMany(Pass, [{ id: 'gone', until: soon as t.Branded<Date, LaterB> }, live]))
  await err(f.env, Dynamo.getOne(Pass, 'gone'), 'NotFound')
  assert.equal(await ok(f.env, Dynamo.getOne(Pass, 'live')), live)
})

test('what DynamoDB Local does: it deletes an item whose time has passed within seconds, and keeps one more than five years past, one without a number, one in the future', async () => {
  // a DynamoDB Local of its own: the shared one's sweeper walks every table of the run before it,
  // and late in a full run it had not reached this one within two minutes
  const own = await started({ timeoutMs: START_MS })
  try {
    await sweptByLocal(own.client)
  } finally {
    await own.stop()
  }
})

const sweptByLocal = async (client: DynamoDBClient): Promise<void> => {
  // the fixture's time limit: a fresh JVM's first requests are slow, and a CreateTable retried
  // after its time limit meets the table it created
  const env = Env.make({ region: 'us-east-2', client, timeoutMs: REQUEST_MS })
  await ok(env, Dynamo.createTable(Session))
  const TableName = Env.tableName(env, Session.table)
  const nowSeconds = Math.floor(Date.now() / 1000)
  const put = (id: string, expiresAt?: { N: string } | { S: string }) =>
    client.send(new PutItemCommand({ TableName, Item: { id: S(id), user: S('u'), ...(expiresAt === undefined ? {} : { expiresAt }) } }))
  await put('past', { N: String(nowSeconds - 10) })
  await put('fraction', { N: `${nowSeconds - 10}.5` })
  await put('ancient', { N: String(nowSeconds - 6 * 366 * 86_400) })
  await put('text', { S: String(nowSeconds - 10) })
  await put('none')
  await put('future', { N: String(nowSeconds + 3_600) })
  const stored = async () => (await scanAll(client, TableName)).map((x) => x['id']?.S).sort()
  // a liveness bound, not a timing: it settles at all within five minutes (Local sweeps in
  // seconds on a quiet machine, far more slowly on 2 cores shared by many runs)
  const until = Date.now() + 300_000
  const due = async () => (await stored()).some((id) => id === 'past' || id === 'fraction')
  while ((await due()) && Date.now() < until) await new Promise((r) => setTimeout(r, 250))
  assert.equal(await stored(), ['ancient', 'future', 'none', 'text'])
}

// -------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------

test('getOne: an expired item is NotFound (absent), also with checks or select; includeExpired gives it; a live one and one without a time are found', async () => {
  const f = await setUp('ttl-get')
  const table = f.table(Session)
  const absent = await err(f.env, Dynamo.getOne(Session, 'gone'), 'NotFound')
  assert.equal(absent, { _tag: 'NotFound', table, key: { id: 'gone' }, reason: 'absent' })
  assert.is((await err(f.env, Dynamo.getOne(Session, C.and(C.eq(s.id, 'gone'), C.eq(s.hits, 1))), 'NotFound')).reason, 'absent')
  assert.is((await err(f.env, Dynamo.getOne(Session, 'gone', { select: ['note'] }), 'NotFound')).reason, 'absent')
  assert.is((await err(f.env, Dynamo.getOne(Session, 'gone', { consistentRead: true }), 'NotFound')).reason, 'absent')
  assert.equal(await ok(f.env, Dynamo.getOne(Session, 'gone', { includeExpired: true })), seed[0])
  assert.equal(await ok(f.env, Dynamo.getOne(Session, 'gone', { includeExpired: true, select: ['note'] })), { id: 'gone', note: 'n' })
  assert.equal(await ok(f.env, Dynamo.getOne(Session, 'live')), seed[1])
  assert.equal(await ok(f.env, Dynamo.getOne(Session, 'forever', { select: ['hits'] })), { id: 'forever', hits: 3 })
  // the item is still stored: DynamoDB has not deleted it, dynamongo does not show it
  assert.is((await rawGetPlain(f.client, table, { id: S('gone') }))?.['id'], 'gone')
  // with the real clock, nothing has expired yet
  const real = (await fixture('ttl-get-real')).env
  assert.ok(E.isRight(await run({ ...real, tablePrefix: f.prefix }, Dynamo.getOne(Session, 'gone'))))
})

test('getMany, page, pages, reduce and count leave expired items out of every plan (BatchGetItem, GetItem, Query, Scan); includeExpired reads them', async () => {
  const f = await setUp('ttl-reads', [Session, UserSession])
  const keys = ['gone', 'live', 'forever']
  // BatchGetItem
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Session, keys))), ['forever', 'live'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Session, keys, { includeExpired: true }))), ['forever', 'gone', 'live'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Session, Model.keysIn(Session, keys), { select: ['hits'] }))), ['forever', 'live'])
  // GetItem plan
  assert.equal(await ok(f.env, Dynamo.getMany(Session, C.eq(s.id, 'gone'))), [])
  // Scan
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Session, C.eq(s.user, 'u')))), ['forever', 'live'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Session, C.eq(s.user, 'u'), { segments: 2 }))), ['forever', 'live'])
  // Query on the table, and on a global index
  assert.equal(ids(await ok(f.env, Dynamo.getMany(UserSession, C.eq(us.user, 'u')))), ['forever', 'live'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(UserSession, C.eq(us.note, 'n'), { index: 'byNote' }))), ['forever', 'live'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(UserSession, C.eq(us.user, 'u'), { includeExpired: true }))), ['forever', 'gone', 'live'])
  // page by page: a page may hold fewer items than pageSize, and the cursor goes on
  const p1 = await ok(f.env, Dynamo.page(UserSession, C.eq(us.user, 'u'), { pageSize: 1 }))
  const seen = [...p1.items]
  let cursor = p1.cursor
  while (cursor._tag === 'Some') {
    const p = await ok(f.env, Dynamo.page(UserSession, C.eq(us.user, 'u'), { pageSize: 1, cursor: cursor.value }))
    seen.push(...p.items)
    cursor = p.cursor
  }
  assert.equal(ids(seen), ['forever', 'live'])
  const streamed: string[] = []
  for await (const p of Dynamo.pages(Session, C.eq(s.user, 'u'), { pageSize: 2 })(f.env)) {
    if (E.isLeft(p)) return assert.unreachable(DE.show(p.left))
    streamed.push(...p.right.items.map((x) => x.id))
  }
  assert.equal(streamed.sort(), ['forever', 'live'])
  assert.is(await ok(f.env, Dynamo.reduce(Session, C.eq(s.user, 'u'), 0, (n, x) => n + (x.hits ?? 0))), 5)
  assert.is(await ok(f.env, Dynamo.reduce(Session, C.eq(s.user, 'u'), 0, (n, x) => n + (x.hits ?? 0), { includeExpired: true })), 6)
  // count: Select COUNT of a Query and a Scan, and the found items of a batch plan
  assert.is(await ok(f.env, Dynamo.count(UserSession, C.eq(us.user, 'u'))), 2)
  assert.is(await ok(f.env, Dynamo.count(Session, C.eq(s.user, 'u'))), 2)
  assert.is(await ok(f.env, Dynamo.count(Session, keys)), 2)
  assert.is(await ok(f.env, Dynamo.count(Session, C.eq(s.user, 'u'), { includeExpired: true })), 3)
  assert.is(await ok(f.env, Dynamo.count(Session, keys, { includeExpired: true })), 3)
})

test('an index that does not project the ttl cannot filter expired items: never chosen, an ExpressionError when named; includeExpired reads through it', async () => {
  const f = await setUp('ttl-index', [UserSession])
  // the local index byHits projects the keys only: the planner reads the table instead
  assert.equal(ids(await ok(f.env, Dynamo.getMany(UserSession, C.and(C.eq(us.user, 'u'), C.gt(us.hits, 0))))), ['forever', 'live'])
  // (nor do they compile: the index does not project the ttl attribute, and includeExpired is not given)
  // @ts-expect-error the run's refusal, checked as a JavaScript caller would meet it
  const named = await err(f.env, Dynamo.getMany(UserSession, C.and(C.eq(us.user, 'u'), C.gt(us.hits, 0)), { index: 'byHits' }), 'ExpressionError')
  assert.match(named.message, /does not project/)
  // @ts-expect-error as above
  assert.is((await err(f.env, Dynamo.getMany(UserSession, C.eq(us.note, 'n'), { index: 'byNoteKeys', select: ['note'] }), 'ExpressionError'))._tag, 'ExpressionError')
  assert.equal(ids(await ok(f.env, Dynamo.getMany(UserSession, C.and(C.eq(us.user, 'u'), C.gt(us.hits, 0)), { index: 'byHits', includeExpired: true }))), ['forever', 'gone', 'live'])
})

// -------------------------------------------------------------------------------------
// writes
// -------------------------------------------------------------------------------------

test('updateOne and updateFromDict of an expired item: NotFound (absent), nothing written; a live item and one without a time are updated', async () => {
  const f = await setUp('ttl-update')
  const table = f.table(Session)
  assert.equal(await err(f.env, Dynamo.updateOne(Session, 'gone', [U.set(s.note, 'x')]), 'NotFound'), { _tag: 'NotFound', table, key: { id: 'gone' }, reason: 'absent' })
  assert.is((await err(f.env, Dynamo.updateOne(Session, C.and(C.eq(s.id, 'gone'), C.eq(s.hits, 1)), [U.set(s.note, 'x')]), 'NotFound')).reason, 'absent')
  assert.is((await err(f.env, Dynamo.updateFromDict(Session, { id: 'gone', note: 'x' }), 'NotFound')).reason, 'absent')
  assert.is((await rawGetPlain(f.client, table, { id: S('gone') }))?.['note'], 'n')
  assert.is((await ok(f.env, Dynamo.updateOne(Session, 'live', [U.increment(s.hits, 1)]))).hits, 3)
  assert.is((await ok(f.env, Dynamo.updateOne(Session, 'forever', [U.set(s.note, 'x')]))).note, 'x')
  // a live item whose checks fail is still ConditionalCheckFailed, with the item
  const failed = await err(f.env, Dynamo.updateOne(Session, C.and(C.eq(s.id, 'live'), C.eq(s.hits, 99)), [U.set(s.note, 'x')]), 'ConditionalCheckFailed')
  assert.is(failed.item?.['id']?.S, 'live')
  // an update that would set a new time in the future does not revive an expired item either
  await err(f.env, Dynamo.updateOne(Session, 'gone', [U.set(s.expiresAt, far)]), 'NotFound')
})

test('deleteOne of an expired item is as of no item: none (with checks too); a live one gives the item', async () => {
  const f = await setUp('ttl-delete')
  assert.equal(await ok(f.env, Dynamo.deleteOne(Session, 'gone')), { _tag: 'None' })
  await ok(f.env, Dynamo.saveOne(Session, seed[0] as Session))
  assert.equal(await ok(f.env, Dynamo.deleteOne(Session, C.and(C.eq(s.id, 'gone'), C.eq(s.hits, 99)))), { _tag: 'None' })
  assert.equal(await ok(f.env, Dynamo.deleteOne(Session, 'live')), { _tag: 'Some', value: seed[1] })
  // deleteMany by a condition finds no expired item
  await ok(f.env, Dynamo.saveOne(Session, seed[0] as Session))
  const many = await ok(f.env, Dynamo.deleteMany(Session, C.eq(s.user, 'u')))
  assert.equal(many.success, [{ id: 'forever' }])
  assert.is((await rawGetPlain(f.client, f.table(Session), { id: S('gone') }))?.['id'], 'gone')
})

test('a save with overwrite false, or a condition, succeeds over an expired item and not over a live one; saveMany too', async () => {
  const f = await setUp('ttl-save')
  const table = f.table(Session)
  const fresh = { id: 'gone', user: 'v', expiresAt: far }
  assert.equal(await ok(f.env, Dynamo.saveOne(Session, fresh, { overwrite: false })), fresh)
  assert.is((await rawGetPlain(f.client, table, { id: S('gone') }))?.['user'], 'v')
  await err(f.env, Dynamo.saveOne(Session, { id: 'live', user: 'v' }, { overwrite: false }), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.saveOne(Session, { id: 'forever', user: 'v' }, { overwrite: false }), 'ConditionalCheckFailed')
  // a condition that fails on the expired item does not matter: it is no item
  await ok(f.env, Dynamo.saveOne(Session, seed[0] as Session))
  await ok(f.env, Dynamo.saveOne(Session, { id: 'gone', user: 'w' }, { overwrite: C.eq(s.hits, 99) }))
  assert.is((await rawGetPlain(f.client, table, { id: S('gone') }))?.['user'], 'w')
  await err(f.env, Dynamo.saveOne(Session, { id: 'live', user: 'w' }, { overwrite: C.eq(s.hits, 99) }), 'ConditionalCheckFailed')
  await ok(f.env, Dynamo.saveOne(Session, seed[0] as Session))
  const r = await ok(f.env, Dynamo.saveMany(Session, [{ id: 'gone', user: 'x' }, { id: 'live', user: 'x' }, { id: 'new', user: 'x' }], { overwrite: false }))
  assert.equal(ids(r.success), ['gone', 'new'])
  assert.equal(r.fail.map((x) => [x.item.id, x.error._tag]), [['live', 'ConditionalCheckFailed']])
})

test('transactions take an expired item as no item: T.update and T.check of a bare key fail, T.put overwrite false succeeds, T.get gives none', async () => {
  const f = await setUp('ttl-transact')
  const table = f.table(Session)
  const update = await err(f.env, Dynamo.transactWrite([T.update(Session, 'gone', [U.set(s.note, 'x')]), T.check(Session, 'live')]), 'TransactionCanceled')
  // the expired item is no item: no item in the reason
  assert.equal(update.reasons.map((r) => [r.code, r.item]), [['ConditionalCheckFailed', undefined], ['None', undefined]])
  const check = await err(f.env, Dynamo.transactWrite([T.check(Session, 'gone'), T.update(Session, 'live', [U.set(s.note, 'x')])]), 'TransactionCanceled')
  assert.equal(check.reasons.map((r) => r.code), ['ConditionalCheckFailed', 'None'])
  // checks that hold on no item hold on an expired one; checks that need an item fail on it
  await ok(f.env, Dynamo.transactWrite([T.check(Session, C.and(C.eq(s.id, 'gone'), C.notExists(s.hits))), T.update(Session, 'live', [U.set(s.note, 'y')])]))
  await err(f.env, Dynamo.transactWrite([T.check(Session, C.and(C.eq(s.id, 'gone'), C.eq(s.hits, 1))), T.update(Session, 'live', [U.set(s.note, 'z')])]), 'TransactionCanceled')
  assert.is((await rawGetPlain(f.client, table, { id: S('live') }))?.['note'], 'y')
  assert.equal(await ok(f.env, Dynamo.transactGet([T.get(Session, 'gone'), T.get(Session, 'live'), T.get(Session, 'forever')] as const)), [
    { _tag: 'None' },
    { _tag: 'Some', value: { ...seed[1], note: 'y' } },
    { _tag: 'Some', value: seed[2] },
  ])
  await ok(f.env, Dynamo.transactWrite([T.put(Session, { id: 'gone', user: 'v' }, { overwrite: false }), T.delete(Session, C.and(C.eq(s.id, 'forever'), C.eq(s.hits, 3)))]))
  assert.equal(await rawGetPlain(f.client, table, { id: S('gone') }), { id: 'gone', user: 'v' })
  assert.is(await rawGetPlain(f.client, table, { id: S('forever') }), undefined)
})

// -------------------------------------------------------------------------------------
// the conditions, as DynamoDB evaluates them
// -------------------------------------------------------------------------------------

test('expiredCondition and liveCondition: a DynamoDB Scan, Evaluate and Command.isExpired agree on 300 generated ttl values × 25 clocks', async () => {
  // a table without time to live: items whose times are long past stay put
  const f = await fixture('ttl-differential')
  await ok(f.env, Dynamo.createTable(Plain))
  const TableName = f.table(Plain)
  const values = fc.sample(ttlValue(NOW_SECONDS), { seed: 1617, numRuns: 300 })
  const items = values.map((v, i): Record<string, AttributeValue> => ({ id: S(`i${i}`), user: S('u'), ...(v === undefined ? {} : { expiresAt: v }) }))
  for (const Item of items) await f.client.send(new PutItemCommand({ TableName, Item }))
  const clocks = fc.sample(clockAround(NOW), { seed: 1618, numRuns: 25 })
  let expired = 0
  for (const now of clocks) {
    for (const [which, condition] of [['expired', Command.expiredCondition(Session, now)], ['live', Command.liveCondition(Session, now)]] as const) {
      const x = right(Expression.request({ filter: condition as C.Condition }))
      const found = (await scanAll(f.client, TableName, { FilterExpression: x.FilterExpression, ExpressionAttributeNames: x.ExpressionAttributeNames, ExpressionAttributeValues: x.ExpressionAttributeValues }))
        .map((i) => i['id']?.S)
        .sort()
      const holds = right(Evaluate.condition(condition as C.Condition))
      const evaluated = items.filter((i) => holds(i)).map((i) => i['id']?.S).sort()
      const byCommand = items.filter((i) => Command.isExpired(Session, i, now) === (which === 'expired')).map((i) => i['id']?.S).sort()
      assert.equal(evaluated, found, `${which} at ${now.toISOString()}: Evaluate and DynamoDB`)
      assert.equal(byCommand, found, `${which} at ${now.toISOString()}: isExpired and DynamoDB`)
      if (which === 'expired') expired += found.length
    }
  }
  // both kinds, many times
  assert.ok(expired > 1_000 && expired < 300 * 25 - 1_000, String(expired))
})

test.run()

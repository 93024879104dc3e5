/**
 * Issue 16, point 6 (pure): what a model's `ttl` makes of each request. Golden inputs of a
 * model with `ttl` (an expired item is absent: saves succeed over it, updates and checks of a
 * bare key refuse it, deletes take it as none, reads filter it out); a model without `ttl`
 * builds the same requests whatever the clock (no extra placeholder); a transaction entry is
 * its single request; `Command.isExpired` is what `Evaluate` says of `expiredCondition` and
 * `liveCondition` (property); a read's identity never holds the clock.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Command from '../../../lib/compile/Command.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Model from '../../../lib/model/Model.js'
import * as Pages from '../../../lib/run/pages.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as S from '../../../lib/model/Strategy.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as U from '../../../lib/ast/Update.js'
import { NOW, NOW_SECONDS, Plain, Session, UserSession, clockAround, ttlValue } from '../../harness/ttl.js'
import { right } from '../../harness/either.js'

const s = Session.attrs
const sel = (m: Parameters<typeof S.parse>[0], u: unknown): S.Strategy => right(S.parse(m, u))
const at = { ':v0': { N: String(NOW_SECONDS) } }

test('golden: a save with overwrite false, or a condition, succeeds over an expired item; overwrite true has no condition', () => {
  assert.equal(right(Command.putItem(Session, 'sessions', { id: { S: 'a' } }, false, NOW)), {
    TableName: 'sessions',
    Item: { id: { S: 'a' } },
    ConditionExpression: 'attribute_not_exists(#n0) OR #n1 <= :v0',
    ExpressionAttributeNames: { '#n0': 'id', '#n1': 'expiresAt' },
    ExpressionAttributeValues: at,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  const c = right(Command.putItem(Session, 'sessions', { id: { S: 'a' } }, C.or(C.lt(s.hits, 3), C.eq(s.note, 'x')), NOW))
  assert.is(c.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 <= :v0 OR #n2 < :v1 OR #n3 = :v2')
  assert.equal(c.ExpressionAttributeValues, { ...at, ':v1': { N: '3' }, ':v2': { S: 'x' } })
  assert.equal(right(Command.putItem(Session, 'sessions', { id: { S: 'a' } }, true, NOW)), { TableName: 'sessions', Item: { id: { S: 'a' } } })
  assert.equal(Command.absentCondition(Session, NOW), Command.saveCondition(Session, false, NOW))
})

test('golden: an update never creates, nor revives an expired item: attribute_exists(id) AND NOT expiresAt <= :now', () => {
  const plain = right(Command.updateItem(Session, 'sessions', sel(Session, 'a'), [U.set(s.user, 'u')], NOW))
  assert.is(plain.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 <= :v0')
  assert.is(plain.UpdateExpression, 'SET #n2 = :v1')
  assert.equal(plain.ExpressionAttributeValues, { ...at, ':v1': { S: 'u' } })
  assert.is(plain.ReturnValuesOnConditionCheckFailure, 'ALL_OLD')
  const checked = right(Command.updateItem(Session, 'sessions', sel(Session, C.and(C.eq(s.id, 'a'), C.gt(s.hits, 1))), [U.set(s.user, 'u')], NOW))
  assert.is(checked.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 <= :v0 AND #n2 > :v1')
})

test('golden: a delete by key has no condition (an expired old item is read as none); with checks, an expired item passes as none would', () => {
  assert.equal(right(Command.deleteItem(Session, 'sessions', sel(Session, 'a'), NOW)), { TableName: 'sessions', Key: { id: { S: 'a' } }, ReturnValues: 'ALL_OLD' })
  const d = right(Command.deleteItem(Session, 'sessions', sel(Session, C.and(C.eq(s.id, 'a'), C.gt(s.hits, 1))), NOW))
  assert.is(d.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 <= :v0 OR #n2 > :v1')
  assert.is(d.ReturnValuesOnConditionCheckFailure, 'ALL_OLD')
  // deleteMany's conditional deletes: the condition as on no item
  assert.is(right(Command.deleteIf(Session, 'sessions', { id: { S: 'a' } }, C.gt(s.hits, 1), NOW)).ConditionExpression, 'NOT #n0 <= :v0 AND #n1 > :v1')
  assert.is(right(Command.deleteIf(Session, 'sessions', { id: { S: 'a' } }, C.notExists(s.note), NOW)).ConditionExpression, '#n0 <= :v0 OR attribute_not_exists(#n1)')
})

test('golden: a condition check of a bare key requires a live item; checks hold on an expired item exactly when they hold on no item', () => {
  const x = right(
    T.toWriteInput([T.check(Session, 'a'), T.check(Session, C.and(C.eq(s.id, 'b'), C.eq(s.user, 'u'))), T.check(Session, C.and(C.eq(s.id, 'c'), C.notExists(s.note)))], (m) => m.table, 'tok', NOW),
  )
  const checks = (x.TransactItems ?? []).map((i) => [i.ConditionCheck?.ConditionExpression, i.ConditionCheck?.ExpressionAttributeNames, i.ConditionCheck?.ExpressionAttributeValues])
  assert.equal(checks, [
    ['attribute_exists(#n0) AND NOT #n1 <= :v0', { '#n0': 'id', '#n1': 'expiresAt' }, at],
    ['NOT #n0 <= :v0 AND #n1 = :v1', { '#n0': 'expiresAt', '#n1': 'user' }, { ...at, ':v1': { S: 'u' } }],
    ['#n0 <= :v0 OR attribute_not_exists(#n1)', { '#n0': 'expiresAt', '#n1': 'note' }, at],
  ])
})

test('a transaction entry on a model with ttl is its single request (put overwrite false, update, delete with checks)', () => {
  const checked = C.and(C.eq(s.id, 'c'), C.eq(s.hits, 0))
  const x = right(T.toWriteInput([T.put(Session, { id: 'a', user: 'u' }, { overwrite: false }), T.update(Session, 'b', [U.set(s.user, 'v')]), T.delete(Session, checked)], (m) => m.table, 'tok', NOW))
  const [p, up, d] = x.TransactItems ?? []
  assert.equal(p?.Put, { ...right(Command.putItem(Session, 'sessions', { id: { S: 'a' }, user: { S: 'u' } }, false, NOW)), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
  const { ReturnValues: _u, ...updOne } = right(Command.updateItem(Session, 'sessions', sel(Session, 'b'), [U.set(s.user, 'v')], NOW))
  assert.equal(up?.Update, updOne)
  const { ReturnValues: _d, ...delOne } = right(Command.deleteItem(Session, 'sessions', sel(Session, checked), NOW))
  assert.equal(d?.Delete, delOne)
})

test('the clock is rounded down to its second, as the stored times are: an item expires at the start of its second', () => {
  const late = new Date(NOW.getTime() + 999)
  assert.equal(right(Command.putItem(Session, 'sessions', { id: { S: 'a' } }, false, late)).ExpressionAttributeValues, at)
  const item = (n: number) => ({ id: { S: 'a' }, expiresAt: { N: String(n) } })
  assert.is(Command.isExpired(Session, item(NOW_SECONDS), NOW), true)
  assert.is(Command.isExpired(Session, item(NOW_SECONDS), late), true)
  assert.is(Command.isExpired(Session, item(NOW_SECONDS + 1), late), false)
  assert.is(Command.isExpired(Session, item(NOW_SECONDS + 1), new Date(NOW.getTime() + 1000)), true)
  assert.is(Command.isExpired(Session, item(NOW_SECONDS - 100), NOW), true)
  // no ttl attribute, or one that is no number: never expires (DynamoDB's time to live ignores it)
  assert.is(Command.isExpired(Session, { id: { S: 'a' } }, NOW), false)
  assert.is(Command.isExpired(Session, { id: { S: 'a' }, expiresAt: { S: '0' } }, NOW), false)
  // a model without ttl: nothing expires
  assert.is(Command.isExpired(Plain, item(0), NOW), false)
})

test('isExpired is a predicate (fp-ts names is… so): the boolean an if, a filter and a negation read as one', () => {
  const item = (n: number) => ({ id: { S: 'a' }, expiresAt: { N: String(n) } })
  const live = item(NOW_SECONDS + 60)
  const gone = item(NOW_SECONDS - 60)
  let said = 'live'
  if (Command.isExpired(Session, live, NOW)) said = 'expired'
  assert.is(said, 'live')
  assert.equal([live, gone, live].filter((i) => !Command.isExpired(Session, i, NOW)), [live, live])
  assert.equal([live, gone].filter((i) => Command.isExpired(Session, i, NOW)), [gone])
})

test('isExpired is what Evaluate says of expiredCondition, and liveCondition holds exactly on the others (2,000 cases)', () => {
  const expired = (now: Date) => right(Evaluate.condition(Command.expiredCondition(Session, now) as C.Condition))
  const live = (now: Date) => right(Evaluate.condition(Command.liveCondition(Session, now) as C.Condition))
  let counted = { expired: 0, live: 0 }
  fc.assert(
    fc.property(clockAround(NOW), ttlValue(NOW_SECONDS), (now, v) => {
      const item: Record<string, AttributeValue> = v === undefined ? { id: { S: 'a' } } : { id: { S: 'a' }, expiresAt: v }
      const is = Command.isExpired(Session, item, now)
      assert.is(expired(now)(item), is, JSON.stringify(v))
      assert.is(live(now)(item), !is, JSON.stringify(v))
      counted = is ? { ...counted, expired: counted.expired + 1 } : { ...counted, live: counted.live + 1 }
    }),
    { seed: 1616, numRuns: 2_000 },
  )
  // both kinds were tried, many times
  assert.ok(counted.expired > 300 && counted.live > 300, JSON.stringify(counted))
})

test('a model without ttl builds the same requests whatever the clock: no condition, placeholder or filter is added', () => {
  const p = Plain.attrs
  const other = new Date('1999-01-01T00:00:00.000Z')
  const builds = (now: Date) => [
    Command.putItem(Plain, 'sessions', { id: { S: 'a' } }, false, now),
    Command.putItem(Plain, 'sessions', { id: { S: 'a' } }, C.lt(p.hits, 3), now),
    Command.updateItem(Plain, 'sessions', sel(Plain, 'a'), [U.set(p.user, 'u')], now),
    Command.updateItem(Plain, 'sessions', sel(Plain, C.and(C.eq(p.id, 'a'), C.gt(p.hits, 1))), [U.set(p.user, 'u')], now),
    Command.deleteItem(Plain, 'sessions', sel(Plain, C.and(C.eq(p.id, 'a'), C.gt(p.hits, 1))), now),
    Command.deleteIf(Plain, 'sessions', { id: { S: 'a' } }, C.gt(p.hits, 1), now),
    T.toWriteInput([T.check(Plain, 'a'), T.check(Plain, C.and(C.eq(p.id, 'b'), C.notExists(p.note)))], (m) => m.table, 'tok', now),
  ]
  assert.equal(builds(NOW), builds(other))
  assert.is(right(builds(NOW)[0] as E.Either<DE.DynamoError, { ConditionExpression?: string }>).ConditionExpression, 'attribute_not_exists(#n0)')
  assert.equal(Command.enableTtl('sessions', Plain), E.right(undefined))
  const scan = right(Plan.make(Plain, C.gt(p.hits, 1)))
  assert.is(Command.livePlan(Plain, scan, NOW), scan)
})

test('reads: the filter of a Query or Scan leaves expired items out; GetItem and BatchGetItem check the items read', () => {
  const us = UserSession.attrs
  // as a read plans it: an index must project the ttl (the local index byHits projects the keys only)
  const query = right(Plan.make(UserSession, C.and(C.eq(us.user, 'u'), C.gt(us.hits, 1)), { tests: ['expiresAt'] }))
  assert.is((right(Plan.make(UserSession, C.and(C.eq(us.user, 'u'), C.gt(us.hits, 1)))) as Plan.Query).index, 'byHits')
  const q = right(Command.query('user-sessions', Command.livePlan(UserSession, query, NOW) as Plan.Query))
  assert.is(q.KeyConditionExpression, '#n0 = :v0')
  assert.is(q.FilterExpression, '#n1 > :v1 AND NOT #n2 <= :v2')
  assert.equal(q.ExpressionAttributeNames, { '#n0': 'user', '#n1': 'hits', '#n2': 'expiresAt' })
  assert.equal(q.ExpressionAttributeValues, { ':v0': { S: 'u' }, ':v1': { N: '1' }, ':v2': { N: String(NOW_SECONDS) } })
  const scan = right(Plan.make(Session, C.eq(s.user, 'u')))
  assert.is(right(Command.scan('sessions', Command.livePlan(Session, scan, NOW) as Plan.Scan)).FilterExpression, '#n0 = :v0 AND NOT #n1 <= :v1')
  const all = right(Command.scan('sessions', Command.livePlan(Session, { _tag: 'Scan', table: 'sessions' }, NOW)))
  assert.is(all.FilterExpression, 'NOT #n0 <= :v0')
  const get = Command.livePlan(Session, right(Plan.make(Session, C.eq(s.id, 'a'))), NOW)
  assert.is(get._tag, 'GetItem')
  assert.equal(get.filter, Command.liveCondition(Session, NOW))
  // the GetItem request itself takes no condition
  assert.equal(right(Command.getItem('sessions', sel(Session, 'a'))), { TableName: 'sessions', Key: { id: { S: 'a' } } })
})

test("a read's identity (what a cursor is bound to) holds no clock: the same at any time, another without the filter", () => {
  const us = UserSession.attrs
  for (const strategy of [C.eq(us.user, 'u'), C.gt(us.hits, 1), C.and(C.eq(us.user, 'u'), C.eq(us.id, 'a')), Model.keysIn(UserSession, [['u', 'a'], ['u', 'b']])]) {
    const p = right(Plan.make(UserSession, strategy))
    const stream = (now: Date | undefined) => right(Pages.make(UserSession, 'user-sessions', p, now === undefined ? {} : { now }))
    const a = stream(NOW)
    assert.is(a.identity(), stream(new Date(NOW.getTime() + 86_400_000)).identity(), p._tag)
    assert.is.not(a.identity(), stream(undefined).identity(), p._tag)
    assert.not.ok(a.identity().includes(String(NOW_SECONDS)), p._tag)
    // a filtered read is never exact: it may give fewer items than it reads
    if (p._tag === 'Query' || p._tag === 'Scan') assert.not.ok(a.exact)
  }
})

test('createTable: the CreateTable input is the one of the same model without ttl; enableTtl is the UpdateTimeToLive sent after it', () => {
  assert.equal(Command.createTable('sessions', Session), Command.createTable('sessions', Plain))
  assert.equal(Command.enableTtl('p-sessions', Session), E.right({ TableName: 'p-sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }))
})

test.run()

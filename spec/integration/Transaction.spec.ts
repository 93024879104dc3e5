/**
 * Issue 16, points 1-3, against DynamoDB Local: an order that decrements stock with a check
 * that fails (TransactionCanceled, one reason per entry, the stored item decoded; nothing
 * written); a mixed transaction across two tables; transactGet's tuple with a missing item as
 * none; what Local does with tokens (a repeat is applied once; the same token with other
 * parameters is IdempotentParameterMismatch); a stand-in endpoint that drops the first
 * answer (the retry carries the same token: applied once); one that answers conflicts (retried,
 * and a conflict that outlasts the attempts says so).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import type * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { local } from '../harness/local.js'
import { envAt, err, fixture, ok, rawGetPlain, scanAll, S, N, type Fixture } from '../harness/models.js'
import { Order, Stock, User } from '../harness/transaction.js'
import { proxy } from '../harness/proxy.js'

const s = Stock.attrs
const u = User.attrs

const shop = async (label: string, on?: (e: Env.Event) => void): Promise<Fixture> => {
  const f = await fixture(label, on === undefined ? {} : { on })
  for (const m of [Order, Stock, User]) await ok(f.env, Dynamo.createTable(m))
  await ok(f.env, Dynamo.saveOne(Stock, { sku: 'x', count: 1 }))
  await ok(f.env, Dynamo.saveOne(Stock, { sku: 'y', count: 0 }))
  await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'Ann', year: 1995 }))
  return f
}

/** An order of `sku`: the order created, the stock decremented only if some is left, the customer checked. */
const orderOf = (id: number, sku: string) => [
  T.put(Order, { customer: 'a@x.io', id, total: 30 }, { overwrite: false }),
  T.update(Stock, C.and(C.eq(s.sku, sku), C.gte(s.count, 1)), [U.decrement(s.count, 1)]),
  T.check(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.year, 1990))),
]

test('an order whose stock check fails: TransactionCanceled, a reason per entry with the stored item; nothing written', async () => {
  const f = await shop('txcancel')
  const e = await err(f.env, Dynamo.transactWrite(orderOf(1, 'y')), 'TransactionCanceled')
  assert.equal(
    e.reasons.map(({ message: _, ...r }) => r),
    [
      { index: 0, code: 'None' },
      { index: 1, code: 'ConditionalCheckFailed', stored: { sku: S('y'), count: N('0') }, item: { sku: 'y', count: 0 } },
      { index: 2, code: 'None' },
    ],
  )
  assert.match(e.reasons[1]?.message ?? '', /conditional request failed/)
  // printed: DynamoDB's message, then each reason once, per entry (not its message's list of codes again)
  const shown = DE.show(e)
  assert.match(e.message, /\[None, ConditionalCheckFailed, None\]$/)
  assert.is(shown.split('ConditionalCheckFailed').length - 1, 1, shown)
  assert.match(shown, /\[0: None; 1: ConditionalCheckFailed \([^)]*conditional request failed\); 2: None\]$/)
  assert.equal(await scanAll(f.client, f.table(Order)), [])
  assert.equal(await rawGetPlain(f.client, f.table(Stock), { sku: S('y') }), { sku: 'y', count: 0 })
  // the same order of a sku in stock passes, and the stock is down by one
  await ok(f.env, Dynamo.transactWrite(orderOf(2, 'x')))
  assert.equal(await rawGetPlain(f.client, f.table(Order), { customer: S('a@x.io'), id: N(2) }), { customer: 'a@x.io', id: 2, total: 30 })
  assert.equal(await rawGetPlain(f.client, f.table(Stock), { sku: S('x') }), { sku: 'x', count: 0 })
  // a check of an item that is not there: its reason carries no item
  const gone = await err(f.env, Dynamo.transactWrite([T.check(User, 'nobody@x.io'), T.put(Stock, { sku: 'z', count: 5 })]), 'TransactionCanceled')
  assert.equal(
    gone.reasons.map((r) => [r.index, r.code, r.item]),
    [
      [0, 'ConditionalCheckFailed', undefined],
      [1, 'None', undefined],
    ],
  )
})

test('a mixed transaction across two tables: put, update, delete and check, all applied; its events name both tables', async () => {
  const events: Env.Event[] = []
  const f = await shop('txmixed', (e) => events.push(e))
  await ok(f.env, Dynamo.saveOne(Stock, { sku: 'old', count: 3 }))
  const before = events.length
  await ok(
    f.env,
    Dynamo.transactWrite([
      T.put(Stock, { sku: 'new', count: 7 }),
      T.update(Stock, 'x', [U.increment(s.count, 4)]),
      T.delete(Stock, 'old'),
      T.update(User, 'a@x.io', [U.set(u.name, 'Anna')]),
      T.check(Stock, C.and(C.eq(s.sku, 'y'), C.eq(s.count, 0))),
    ]),
  )
  // one request: named by its first entry's table, and by every table it writes, each once, in their order
  assert.equal(
    events.slice(before).map((e) => [e.operation, e.command, e.table, e.tables]),
    [['transactWrite', 'TransactWriteItems', f.table(Stock), [f.table(Stock), f.table(User)]]],
  )
  // a read across tables too; a request of one table has no tables
  const read = events.length
  await ok(f.env, Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Stock, 'x')] as const))
  await ok(f.env, Dynamo.transactGet([T.get(Stock, 'x')] as const))
  assert.equal(
    events.slice(read).map((e) => [e.command, e.table, e.tables]),
    [
      ['TransactGetItems', f.table(User), [f.table(User), f.table(Stock)]],
      ['TransactGetItems', f.table(Stock), undefined],
    ],
  )
  assert.not.ok('tables' in (events.at(-1) as Env.Event))
  const stock = (await scanAll(f.client, f.table(Stock))).map((x) => [x['sku']?.S, x['count']?.N]).sort()
  assert.equal(stock, [
    ['new', '7'],
    ['x', '5'],
    ['y', '0'],
  ])
  assert.equal(await rawGetPlain(f.client, f.table(User), { email: S('a@x.io') }), { email: 'a@x.io', name: 'Anna', year: 1995 })
  // an update never creates: a missing item cancels the transaction (as updateOne is NotFound)
  const e = await err(f.env, Dynamo.transactWrite([T.update(Stock, 'missing', [U.set(s.count, 1)]), T.put(User, { email: 'b@x.io', name: 'B', year: 2000 })]), 'TransactionCanceled')
  assert.equal(e.reasons.map((r) => r.code), ['ConditionalCheckFailed', 'None'])
  assert.is(await rawGetPlain(f.client, f.table(User), { email: S('b@x.io') }), undefined)
})

test('transactGet: a typed tuple in input order, a missing item as none', async () => {
  const f = await shop('txget')
  await ok(f.env, Dynamo.saveOne(Order, { customer: 'a@x.io', id: 9, total: 12 }))
  const [user, order, missing] = await ok(f.env, Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Order, ['a@x.io', 9]), T.get(Stock, 'nope')] as const))
  assert.equal(user, { _tag: 'Some', value: { email: 'a@x.io', name: 'Ann', year: 1995 } })
  assert.equal(order, { _tag: 'Some', value: { customer: 'a@x.io', id: 9, total: 12 } })
  assert.equal(missing, { _tag: 'None' })
  if (order._tag === 'Some') assert.is(order.value.total + 0, 12) // typed as an Order
  // Local refuses two gets of one item too: dynamongo refuses them before sending
  const twice = await Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(User, { email: 'a@x.io' })])(f.env)()
  assert.ok(E.isLeft(twice) && twice.left._tag === 'ExpressionError' && /entry 1/.test(twice.left.message))
})

test('tokens on Local: a repeat with the same token is applied once; other parameters with it are IdempotentParameterMismatch', async () => {
  const f = await shop('txtoken')
  const once = Dynamo.transactWrite([T.update(Stock, 'x', [U.increment(s.count, 10)])], { token: 'restock-1' })
  await ok(f.env, once)
  await ok(f.env, once)
  assert.equal(await rawGetPlain(f.client, f.table(Stock), { sku: S('x') }), { sku: 'x', count: 11 })
  const other = await err(f.env, Dynamo.transactWrite([T.update(Stock, 'x', [U.increment(s.count, 20)])], { token: 'restock-1' }), 'AwsError')
  assert.is(other.name, 'IdempotentParameterMismatchException')
  assert.is(other.retryable, false)
  assert.equal(await rawGetPlain(f.client, f.table(Stock), { sku: S('x') }), { sku: 'x', count: 11 })
})

test('the same token a second later, on a model with timestamps: IdempotentParameterMismatch saying that entries carry the clock of their run (that transaction may be this one, run before); the item stored once, as first written', async () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, body: t.string, created_at: Field.dateTime, updated_at: Field.dateTime }), timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
  let clock = Date.parse('2026-01-01T00:00:00Z')
  const f = await fixture('txclock', { now: () => new Date(clock) })
  await ok(f.env, Dynamo.createTable(Doc))
  const put = Dynamo.transactWrite([T.put(Doc, { id: 'd-1', body: 'first' })], { token: 'doc-1' })
  await ok(f.env, put)
  clock += 1000
  const again = await err(f.env, put, 'AwsError')
  assert.is(again.name, 'IdempotentParameterMismatchException')
  assert.is(again.retryable, false)
  assert.match(again.message, 'a transaction with token "doc-1" was made in the last 10 minutes with other parameters; entries of a model with timestamps or ttl carry the clock of their run')
  assert.match(again.message, 'run it with the same `token` and the same `now`')
  assert.equal(await rawGetPlain(f.client, f.table(Doc), { id: S('d-1') }), { id: 'd-1', body: 'first', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' })
  // entries that carry no clock: the mismatch is other entries, and says only that
  await ok(f.env, Dynamo.createTable(Stock))
  await ok(f.env, Dynamo.transactWrite([T.put(Stock, { sku: 'z', count: 1 })], { token: 'stock-1' }))
  const other = await err(f.env, Dynamo.transactWrite([T.put(Stock, { sku: 'z', count: 2 })], { token: 'stock-1' }), 'AwsError')
  assert.match(other.message, 'a transaction with token "stock-1" was made in the last 10 minutes with other parameters)')
})

test('the same token and the same `now` a second later, on a model with timestamps: the retry succeeds and the transaction is applied once, stamped with the given now; other entries with them are a mismatch that says only that', async () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, n: t.number, created_at: Field.dateTime, updated_at: Field.dateTime }), timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
  let clock = Date.parse('2026-01-01T00:00:00Z')
  const f = await fixture('txnow', { now: () => new Date(clock) })
  await ok(f.env, Dynamo.createTable(Doc))
  await ok(f.env, Dynamo.saveOne(Doc, { id: 'd-1', n: 0 }))
  clock += 1000
  const at = new Date('2026-01-01T00:00:05Z')
  const write = Dynamo.transactWrite([T.put(Doc, { id: 'd-2', n: 7 }, { overwrite: false }), T.update(Doc, 'd-1', [U.increment(Doc.attrs.n, 1)])], { token: 'doc-2', now: at })
  await ok(f.env, write)
  clock += 1000
  await ok(f.env, write)
  // the same entries built again, with the same token and now: the same transaction too
  await ok(f.env, Dynamo.transactWrite([T.put(Doc, { id: 'd-2', n: 7 }, { overwrite: false }), T.update(Doc, 'd-1', [U.increment(Doc.attrs.n, 1)])], { token: 'doc-2', now: new Date(at) }))
  assert.equal(await rawGetPlain(f.client, f.table(Doc), { id: S('d-1') }), { id: 'd-1', n: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:05.000Z' })
  assert.equal(await rawGetPlain(f.client, f.table(Doc), { id: S('d-2') }), { id: 'd-2', n: 7, created_at: '2026-01-01T00:00:05.000Z', updated_at: '2026-01-01T00:00:05.000Z' })
  // the clock fixed, the mismatch is other entries: the message does not blame the clock
  const other = await err(f.env, Dynamo.transactWrite([T.update(Doc, 'd-1', [U.increment(Doc.attrs.n, 2)])], { token: 'doc-2', now: at }), 'AwsError')
  assert.is(other.name, 'IdempotentParameterMismatchException')
  assert.match(other.message, 'a transaction with token "doc-2" was made in the last 10 minutes with other parameters)')
  assert.equal(await rawGetPlain(f.client, f.table(Doc), { id: S('d-1') }), { id: 'd-1', n: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:05.000Z' })
})

test('a lost answer: the first answer is dropped after Local applied it; the retry carries the same token and the transaction is applied once', async () => {
  const f = await shop('txlost')
  const db = await local()
  let dropped = 0
  const p = await proxy(db.endpoint, (x) => (x.target === 'TransactWriteItems' && dropped++ === 0 ? 'drop-answer' : 'forward'))
  try {
    await ok(envAt(f, p.endpoint), Dynamo.transactWrite([T.update(Stock, 'x', [U.increment(s.count, 1)]), T.put(Order, { customer: 'a@x.io', id: 5, total: 1 }, { overwrite: false })]))
    const writes = p.seen.filter((x) => x.target === 'TransactWriteItems')
    assert.is(writes.length, 2)
    const [first, second] = writes.map((x) => x.body['ClientRequestToken'])
    assert.type(first, 'string')
    assert.is(second, first)
    assert.equal(await rawGetPlain(f.client, f.table(Stock), { sku: S('x') }), { sku: 'x', count: 2 })
  } finally {
    await p.close()
  }
})

test('conflicts from a stand-in endpoint: retried until they pass; a conflict that outlasts the attempts says so', async () => {
  const f = await shop('txconflict')
  const db = await local()
  const conflict = {
    status: 400,
    body: {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      // one reason per entry of orderOf, as DynamoDB gives them
      Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict, None]',
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }, { Code: 'None' }],
    },
  }
  const twice = await proxy(db.endpoint, (x, i) => (x.target === 'TransactWriteItems' && i < 2 ? conflict : 'forward'))
  try {
    await ok(envAt(f, twice.endpoint), Dynamo.transactWrite(orderOf(3, 'x')))
    assert.is(twice.seen.length, 3)
    assert.equal(await rawGetPlain(f.client, f.table(Stock), { sku: S('x') }), { sku: 'x', count: 0 })
  } finally {
    await twice.close()
  }
  const always = await proxy(db.endpoint, () => conflict)
  try {
    const e = await err(envAt(f, always.endpoint), Dynamo.transactWrite(orderOf(4, 'x')), 'TransactionCanceled')
    assert.is(always.seen.length, 3)
    assert.match(e.message, 'TransactionConflict through all 3 attempts')
    assert.equal(
      e.reasons.map((r) => [r.index, r.code]),
      [
        [0, 'None'],
        [1, 'TransactionConflict'],
        [2, 'None'],
      ],
    )
    assert.match(DE.draw(e), '[1] TransactionConflict')
  } finally {
    await always.close()
  }
})

test.run()

/**
 * Issue 16, points 1-2: transaction entries compiled (pure). Golden inputs; each entry is
 * exactly its single request (Command's builders) in TransactWriteItem's form; refusals
 * before any request name the entry's index: 0 or 101 entries, an invalid item, a bad key, an
 * update of a key, two entries on one item (across strategy forms and models of one table),
 * more than 4 MB of puts (and of the other entries' keys), a bad token.
 */
import type * as A from '../../../lib/ast/Attr.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Command from '../../../lib/compile/Command.js'
import * as DE from '../../../lib/DynamoError.js'
import * as S from '../../../lib/model/Strategy.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as U from '../../../lib/ast/Update.js'

import { Blob, Order, Stock, User, UserName } from '../../harness/transaction.js'
import { left } from '../../harness/either.js'
import { transactionEntryBytes } from '../../../lib/rules/limits.js'

const u = User.attrs
const s = Stock.attrs
const table = (m: { readonly table: string }): string => `p-${m.table}`
const TOKEN = 'order-42'
const NOW = new Date('2030-01-01T00:00:00.000Z')

test('golden: put with overwrite false, update with a check, delete, check of a bare key', () => {
  const r = T.toWriteInput(
    [
      T.put(Order, { customer: 'c-1', id: 9, total: 30 }, { overwrite: false }),
      T.update(Stock, C.and(C.eq(s.sku, 'x'), C.gte(s.count, 1)), [U.decrement(s.count, 1)]),
      T.delete(User, 'gone@x.io'),
      T.check(User, 'a@x.io'),
    ],
    table,
    TOKEN,
    NOW,
  )
  assert.equal(
    r,
    E.right({
      ClientRequestToken: TOKEN,
      TransactItems: [
        {
          Put: {
            TableName: 'p-orders',
            Item: { customer: { S: 'c-1' }, id: { N: '9' }, total: { N: '30' } },
            ConditionExpression: 'attribute_not_exists(#n0)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ExpressionAttributeNames: { '#n0': 'customer' },
          },
        },
        {
          Update: {
            TableName: 'p-stock',
            Key: { sku: { S: 'x' } },
            UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v1) - :v2',
            ConditionExpression: 'attribute_exists(#n0) AND #n1 >= :v0',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ExpressionAttributeNames: { '#n0': 'sku', '#n1': 'count' },
            ExpressionAttributeValues: { ':v0': { N: '1' }, ':v1': { N: '0' }, ':v2': { N: '1' } },
          },
        },
        { Delete: { TableName: 'p-users', Key: { email: { S: 'gone@x.io' } } } },
        {
          ConditionCheck: {
            TableName: 'p-users',
            Key: { email: { S: 'a@x.io' } },
            ConditionExpression: 'attribute_exists(#n0)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ExpressionAttributeNames: { '#n0': 'email' },
          },
        },
      ],
    }),
  )
})

test('each write entry is its single request (Command) without ReturnValues: put, update, delete with checks', () => {
  const item = { email: 'a@x.io', name: 'A', year: 1990 }
  const overwrite = C.lt(u.year, 2000)
  const upd = [U.set(u.name, 'B'), U.add(u.year, 1)]
  const checked = C.and(C.eq(u.email, 'a@x.io'), C.eq(u.name, 'A'))
  const x = T.toWriteInput([T.put(User, item, { overwrite }), T.update(Order, ['c', 1], [U.set(Order.attrs.total, 5)]), T.delete(Stock, C.and(C.eq(s.sku, 'k'), C.eq(s.count, 0)))], table, TOKEN, NOW)
  if (E.isLeft(x)) return assert.unreachable(DE.show(x.left))
  const [p, up, d] = x.right.TransactItems ?? []
  const single = (r: E.Either<DE.DynamoError, object>) => (E.isRight(r) ? r.right : assert.unreachable('single request refused'))
  const putOne = single(Command.putItem(User, 'p-users', { email: { S: 'a@x.io' }, name: { S: 'A' }, year: { N: '1990' } }, overwrite, NOW))
  assert.equal(p?.Put, { ...putOne, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
  const { ReturnValues: _u, ...updOne } = single(Command.updateItem(Order, 'p-orders', single(S.parse(Order, ['c', 1])) as S.Strategy, [U.set(Order.attrs.total, 5)], NOW)) as { ReturnValues?: string }
  assert.equal(up?.Update, updOne)
  const { ReturnValues: _d, ...delOne } = single(Command.deleteItem(Stock, 'p-stock', single(S.parse(Stock, C.and(C.eq(s.sku, 'k'), C.eq(s.count, 0)))) as S.Strategy, NOW)) as { ReturnValues?: string }
  assert.equal(d?.Delete, delOne)
  assert.is(delOne.hasOwnProperty('ConditionExpression'), true)
  // a check with extra checks is those checks, as written (no existence added)
  const c = T.toWriteInput([T.check(User, checked), T.update(User, 'b@x.io', upd)], table, TOKEN, NOW)
  assert.equal(E.isRight(c) && c.right.TransactItems?.[0]?.ConditionCheck, {
    TableName: 'p-users',
    Key: { email: { S: 'a@x.io' } },
    ConditionExpression: '#n0 = :v0',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ExpressionAttributeNames: { '#n0': 'name' },
    ExpressionAttributeValues: { ':v0': { S: 'A' } },
  })
})

const refused = (entries: ReadonlyArray<T.Write>, tag: DE.DynamoError['_tag'], ...parts: ReadonlyArray<string | RegExp>): DE.DynamoError => {
  const e = left(T.toWriteInput(entries, table, TOKEN, NOW))
  assert.is(e._tag, tag, DE.show(e))
  for (const p of parts) assert.match(DE.show(e), p)
  return e
}

test('refused: no entry, 101 entries', () => {
  refused([], 'ExpressionError', 'takes 1 to 100 entries, got 0')
  const many = Array.from({ length: 101 }, (_, i) => T.check(User, `u${i}@x.io`))
  refused(many, 'ExpressionError', 'got 101')
  assert.ok(E.isRight(T.toWriteInput(many.slice(0, 100), table, TOKEN, NOW)))
})

test('refused, naming the entry: an invalid item, a bad key, an update of the key, a removal of a required field, a bad check', () => {
  const ok = T.check(User, 'a@x.io')
  refused([ok, T.put(User, { email: 'b@x.io', name: 'B', year: 12 })], 'ValidationError', 'entry 1 (put on p-users)', 'year')
  refused([ok, T.delete(User, '')], 'ValidationError', 'entry 1 (delete on p-users)', 'empty string')
  refused([T.update(Order, ['c', 1], [U.set(Order.attrs.total, 1)]), T.update(User, 'b@x.io', [U.set(u.email as A.Attr<string>, 'c@x.io')])], 'ExpressionError', 'entry 1 (update on p-users)', 'key attribute')
  refused([ok, T.update(User, 'b@x.io', [U.remove(u.name as A.Attr<string>)])], 'ValidationError', 'entry 1', 'required field')
  refused([ok, T.check(User, 'b@x.io'), T.update(Stock, 'k', [U.set(s.count, -1)])], 'ValidationError', 'entry 2 (update on p-stock)')
  refused([T.check(Order, 'c' as never)], 'ExpressionError', 'entry 0 (check on p-orders)', 'range key')
  refused([T.check(User, C.and(C.eq(u.email, 'a@x.io'), C.isIn(u.name, Array.from({ length: 101 }, (_, i) => `n${i}`))))], 'ExpressionError', 'entry 0')
})

test('refused: two entries on one item, across strategy forms and models of one table; numbers equal in value are one key', () => {
  refused([T.put(User, { email: 'a@x.io', name: 'A', year: 1990 }), T.update(User, { email: 'a@x.io' }, [U.set(u.name, 'B')])], 'ExpressionError', 'entry 1 (update on p-users)', 'same item as entry 0')
  refused([T.check(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.year, 1))), T.delete(UserName, 'a@x.io')], 'ExpressionError', 'entry 1 (delete on p-users)', 'same item as entry 0')
  refused([T.check(Order, ['c', 1]), T.check(Stock, 'c'), T.delete(Order, { customer: 'c', id: 1.0 })], 'ExpressionError', 'entry 2', 'same item as entry 0')
  // one key value in two tables, or two range keys of one hash key: different items
  const fine = T.toWriteInput([T.check(User, 'k'), T.check(Stock, 'k'), T.check(Order, ['c', 1]), T.check(Order, ['c', 2])], table, TOKEN, NOW)
  assert.ok(E.isRight(fine))
})

test('refused: more than 4 MB of puts, naming the entry that passes it', () => {
  const big = (i: number) => T.put(Blob, { id: `b${i}`, data: 'x'.repeat(400_000) })
  const ten = Array.from({ length: 10 }, (_, i) => big(i))
  assert.ok(E.isRight(T.toWriteInput(ten, table, TOKEN, NOW)))
  refused([...ten, big(10)], 'ValidationError', 'entry 10 (put on p-blobs)', /over the 4194304 of one transaction/)
  // an item over 400 KB is refused as saveOne refuses it, the entry named
  refused([T.put(Blob, { id: 'b', data: 'x'.repeat(410_000) })], 'ValidationError', 'entry 0 (put on p-blobs): the item takes')
})

test('refused: the keys of checks, updates and deletes count toward the 4 MB with the puts (as DynamoDB counts them)', () => {
  // ten puts of 409,008 bytes (4,090,080), then entries on keys of 2,000 + 3 bytes ('sku' and the key), each with its
  // expressions: a check 2,027 bytes, a delete 2,003, an increment 2,111 (with its guard at the safe integers,
  // NOT #n1 > :v0); 50 fit (102,286 bytes), the 51st passes
  const ten = Array.from({ length: 10 }, (_, i) => T.put(Blob, { id: `b${i}`, data: 'x'.repeat(409_000) }))
  const key = (i: number) => `${i}`.padEnd(2_000, 'k')
  const entries = (n: number) => [...ten, ...Array.from({ length: n }, (_, i) => (i % 3 === 0 ? T.check(Stock, key(i)) : i % 3 === 1 ? T.delete(Stock, key(i)) : T.update(Stock, key(i), [U.increment(s.count, 1)])))]
  assert.ok(E.isRight(T.toWriteInput(entries(50), table, TOKEN, NOW)))
  refused(entries(51), 'ValidationError', 'entry 60 (update on p-stock)', /reach 4194477 bytes as DynamoDB counts them .*, over the 4194304 of one transaction/)
})

test("refused: every entry's expressions, and the names and values where they use them, count toward the 4 MB with the items and keys (as DynamoDB counts them)", () => {
  // puts of 4,194,304 - 1,000 bytes (each item 2 + 4 + 4 + 400,000 bytes but the last), then an update setting 2,000 characters
  const puts: Array<T.Write> = []
  for (let left = 4_194_304 - 1_000, i = 0; left > 0; i++) {
    const data = Math.min(400_000, left - 10)
    puts.push(T.put(Blob, { id: `b${String(i).padStart(3, '0')}`, data: 'x'.repeat(data) }))
    left -= 10 + data
  }
  assert.ok(E.isRight(T.toWriteInput(puts, table, TOKEN, NOW)))
  const update = T.update(Blob, 'u', [U.set(Blob.attrs.data, 'x'.repeat(2_000))])
  refused([...puts, update], 'ValidationError', `entry ${puts.length} (update on p-blobs)`, /over the 4194304 of one transaction/)
  // with a value of 900 characters: the key (3), the update (SET #n1 = :v0, 13) and its condition
  // (attribute_exists(#n0), 21), the names where used (data 4, id 2) and the value (900): 943 bytes
  assert.ok(E.isRight(T.toWriteInput([...puts, T.update(Blob, 'u', [U.set(Blob.attrs.data, 'x'.repeat(900))])], table, TOKEN, NOW)))
  const built = T.toWriteInput([T.update(Blob, 'u', [U.set(Blob.attrs.data, 'x'.repeat(900))])], table, TOKEN, NOW)
  if (E.isLeft(built)) return assert.unreachable(DE.show(built.left))
  assert.equal(built.right.TransactItems?.[0]?.Update, {
    TableName: 'p-blobs',
    Key: { id: { S: 'u' } },
    UpdateExpression: 'SET #n1 = :v0',
    ConditionExpression: 'attribute_exists(#n0)',
    ExpressionAttributeNames: { '#n0': 'id', '#n1': 'data' },
    ExpressionAttributeValues: { ':v0': { S: 'x'.repeat(900) } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  assert.is(transactionEntryBytes(built.right.TransactItems?.[0]?.Update as object), 3 + 13 + 21 + 4 + 2 + 900)
})

test('refused: a token of 0 or 37 characters; 36 taken', () => {
  const one = [T.check(User, 'a@x.io')]
  assert.is(left(T.toWriteInput(one, table, '', NOW))._tag, 'ValidationError')
  assert.match(DE.show(left(T.toWriteInput(one, table, 'x'.repeat(37), NOW))), 'token')
  assert.ok(E.isRight(T.toWriteInput(one, table, 'x'.repeat(36), NOW)))
})

test('transactGet: Get inputs in order, checks kept for the client, the same refusals', () => {
  const r = T.toGetInput([T.get(User, 'a@x.io'), T.get(Order, C.and(C.eq(Order.attrs.customer, 'c'), C.eq(Order.attrs.id, 2), C.gt(Order.attrs.total, 10)))], table)
  if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
  assert.equal(r.right.input, {
    TransactItems: [
      { Get: { TableName: 'p-users', Key: { email: { S: 'a@x.io' } } } },
      { Get: { TableName: 'p-orders', Key: { customer: { S: 'c' }, id: { N: '2' } } } },
    ],
  })
  assert.is(r.right.checks[0], undefined)
  assert.is(r.right.checks[1]?.({ customer: { S: 'c' }, id: { N: '2' }, total: { N: '11' } }), true)
  assert.is(r.right.checks[1]?.({ customer: { S: 'c' }, id: { N: '2' }, total: { N: '10' } }), false)
  assert.match(DE.show(left(T.toGetInput([], table))), 'got 0')
  assert.match(DE.show(left(T.toGetInput([T.get(User, 'a'), T.get(Order, ['', 2])], table))), 'entry 1 (get on p-orders)')
})

test.run()

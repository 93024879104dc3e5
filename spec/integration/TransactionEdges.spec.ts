/**
 * Transactions at DynamoDB's edges, against DynamoDB Local: 100 entries over two tables,
 * applied; a cancellation's reasons in entry order across both tables; the 4 MB of one
 * transaction as DynamoDB counts it (the items put, the keys of the other entries, every
 * expression with the names and values it uses: `transactionEntryBytes`, equal to what Local
 * counts for every kind of entry): at the boundary sent and applied, a byte over refused before
 * any request, and Local refusing the same raw input; the item sizes Local reports for
 * generated items equal `Item.size`.
 */
import { TransactWriteItemsCommand, type AttributeValue, type TransactWriteItem } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../lib/ast/Condition.js'
import * as Item from '../../lib/codec/Item.js'
import * as T from '../../lib/compile/Transaction.js'
import * as DE from '../../lib/DynamoError.js'
import * as Model from '../../lib/model/Model.js'
import * as U from '../../lib/ast/Update.js'
import { TRANSACTION_BYTES, transactionEntryBytes } from '../../lib/rules/limits.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as arb from '../arb/items.js'
import { err, fixture, ok, scanAll, type Fixture } from '../harness/models.js'
import { Blob, Stock } from '../harness/transaction.js'

const Ref = Model.make({ table: 'refs', hashKey: 'id', codec: t.type({ id: t.string }) })
/** Items of the refs table with a field whose name is not ASCII (its UTF-8 bytes count). */
const Accent = Model.make({ table: 'refs', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ naïveté: t.string, n: t.number })]) })

const withTables = async (label: string): Promise<Fixture> => {
  const f = await fixture(label)
  for (const m of [Blob, Stock, Ref]) await ok(f.env, Dynamo.createTable(m))
  return f
}

/** What Local says the payload of `items` is when it refuses it as over 4 MB, or `'accepted'` (then it was applied). */
const payloadOnLocal = async (f: Fixture, items: ReadonlyArray<TransactWriteItem>): Promise<number | 'accepted' | string> => {
  try {
    await f.client.send(new TransactWriteItemsCommand({ TransactItems: [...items] }))
    return 'accepted'
  } catch (e) {
    const m = /Payload Size: (\d+)/.exec((e as Error).message)
    return m === null ? String(e) : Number(m[1])
  }
}

/** Puts of Blob items whose sizes add up to `bytes` exactly (each at most 400,000 bytes of data). */
const blobsOf = (bytes: number, prefix: string): ReadonlyArray<{ id: string; data: string }> => {
  const out: Array<{ id: string; data: string }> = []
  let left = bytes
  for (let i = 0; left > 0; i++) {
    const id = `${prefix}${String(i).padStart(3, '0')}`
    const base = Item.size({ id: { S: id }, data: { S: '' } })
    const n = Math.min(400_000, left - base)
    out.push({ id, data: 'x'.repeat(n) })
    left -= base + n
  }
  return out
}

test('100 entries over two tables (puts and checks): applied; a failing check among them cancels all, its reason at its own index', async () => {
  const f = await withTables('tx100')
  await ok(f.env, Dynamo.saveMany(Stock, Array.from({ length: 50 }, (_, i) => ({ sku: `s${i}`, count: i }))))
  const entries = [
    ...Array.from({ length: 50 }, (_, i) => T.put(Ref, { id: `r${i}` })),
    ...Array.from({ length: 50 }, (_, i) => T.check(Stock, C.and(C.eq(Stock.attrs.sku, `s${i}`), C.gte(Stock.attrs.count, 0)))),
  ]
  await ok(f.env, Dynamo.transactWrite(entries))
  assert.is((await scanAll(f.client, f.table(Ref))).length, 50)
  const failing = [
    ...Array.from({ length: 50 }, (_, i) => T.put(Ref, { id: `q${i}` })),
    ...Array.from({ length: 50 }, (_, i) => T.check(Stock, C.and(C.eq(Stock.attrs.sku, `s${i}`), C.lt(Stock.attrs.count, i === 37 ? 37 : 100)))),
  ]
  const e = await err(f.env, Dynamo.transactWrite(failing), 'TransactionCanceled')
  assert.is(e.reasons.length, 100)
  assert.equal(
    e.reasons.flatMap((r, i) => (r.code === 'None' ? [] : [[i, r.code]])),
    [[87, 'ConditionalCheckFailed']],
  )
  assert.is((await scanAll(f.client, f.table(Ref))).length, 50, 'nothing written')
})

test('4 MB of puts as DynamoDB counts them: at the boundary sent and applied; a byte over refused before any request, as Local refuses it', async () => {
  const f = await withTables('tx4mb')
  const at = blobsOf(TRANSACTION_BYTES, 'a')
  await ok(f.env, Dynamo.transactWrite(at.map((b) => T.put(Blob, b))))
  const over = blobsOf(TRANSACTION_BYTES + 1, 'b')
  const e = await err(f.env, Dynamo.transactWrite(over.map((b) => T.put(Blob, b))), 'ValidationError')
  assert.match(DE.show(e), `over the ${TRANSACTION_BYTES} of one transaction`)
  const raw = over.map((b): TransactWriteItem => ({ Put: { TableName: f.table(Blob), Item: { id: { S: b.id }, data: { S: b.data } } } }))
  assert.is(await payloadOnLocal(f, raw), TRANSACTION_BYTES + 1)
  assert.is((await scanAll(f.client, f.table(Blob))).length, at.length)
})

test('the keys of checks, updates and deletes count toward the 4 MB: puts under it with long keys over it are refused before any request, as Local refuses them', async () => {
  const f = await withTables('tx4mbkeys')
  // 4 MB of puts less 10,000 bytes, then 5 checks of keys of 2,000 + 2 bytes each: 4 MB + 10 bytes
  const puts = blobsOf(TRANSACTION_BYTES - 10_000, 'p')
  const keys = Array.from({ length: 5 }, (_, i) => `${i}`.padEnd(2_000, 'k'))
  const entries = [...puts.map((b) => T.put(Blob, b)), ...keys.map((k) => T.check(Ref, k))]
  const raw: TransactWriteItem[] = [
    ...puts.map((b): TransactWriteItem => ({ Put: { TableName: f.table(Blob), Item: { id: { S: b.id }, data: { S: b.data } } } })),
    ...keys.map((k): TransactWriteItem => ({ Delete: { TableName: f.table(Ref), Key: { id: { S: k } } } })),
  ]
  assert.is(await payloadOnLocal(f, raw), TRANSACTION_BYTES + 10)
  const e = await err(f.env, Dynamo.transactWrite(entries), 'ValidationError')
  assert.match(DE.show(e), `entry ${puts.length + 4} (check on`)
  assert.match(DE.show(e), `over the ${TRANSACTION_BYTES} of one transaction`)
  assert.is((await scanAll(f.client, f.table(Blob))).length, 0, 'nothing written')
  // the same keys with fewer puts: sent, and the checks fail at DynamoDB (no such items)
  const fewer = [...puts.slice(1).map((b) => T.put(Blob, b)), ...keys.map((k) => T.check(Ref, k))]
  await err(f.env, Dynamo.transactWrite(fewer), 'TransactionCanceled')
})

/** The `Put`, `Update`, `Delete` or `ConditionCheck` of a transaction's entry. */
const partsOf = (item: TransactWriteItem) => (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck) as NonNullable<TransactWriteItem['Update']>

test('what each entry counts toward the 4 MB (its item or key, its expressions, each name and value where used) is what Local counts: every kind of entry dynamongo builds', async () => {
  const f = await withTables('tx4mbparts')
  const fill = blobsOf(TRANSACTION_BYTES, 'f').map((b): TransactWriteItem => ({ Put: { TableName: f.table(Blob), Item: { id: { S: b.id }, data: { S: b.data } } } }))
  const st = Stock.attrs
  const ac = Accent.attrs
  const entries: ReadonlyArray<T.Write> = [
    T.put(Stock, { sku: 'p1', count: 1 }),
    T.put(Stock, { sku: 'p2', count: 2 }, { overwrite: false }),
    T.put(Stock, { sku: 'p3', count: 3 }, { overwrite: C.and(C.lt(st.count, 5), C.gt(st.count, -123.456)) }),
    T.update(Stock, 'u1', [U.increment(st.count, 1)]),
    T.update(Accent, 'u2', [U.set(ac.naïveté, 'é'.repeat(50)), U.set(ac.n, -123.0045)]),
    T.update(Accent, C.and(C.eq(ac.id, 'u3'), C.beginsWith(ac.naïveté, 'ü'), C.lt(ac.n, 7)), [U.remove(ac.n)]),
    T.delete(Stock, 'd1'),
    T.delete(Stock, C.and(C.eq(st.sku, 'd2'), C.gt(st.count, 3))),
    T.check(Ref, 'c1'),
    T.check(Stock, C.and(C.eq(st.sku, 'c2'), C.between(st.count, 1, 9), C.isIn(st.count, [2, 4, 6]))),
  ]
  const built = T.toWriteInput(entries, f.table, 'tok', new Date())
  if (built._tag === 'Left') return assert.unreachable(DE.show(built.left))
  const wrong: string[] = []
  for (const item of built.right.TransactItems ?? []) {
    const got = await payloadOnLocal(f, [...fill, item])
    const want = transactionEntryBytes(partsOf(item))
    if (got !== TRANSACTION_BYTES + want) wrong.push(`Local ${String(got)}, transactionEntryBytes ${want}: ${JSON.stringify(item)}`)
  }
  assert.equal(wrong, [])
})

test("4 MB with an update's expressions and value: at the boundary sent and applied; a byte over refused before any request, as Local refuses it", async () => {
  const f = await withTables('tx4mbupdate')
  // the update counts its key (2 + 1), SET #n1 = :v0 (13), attribute_exists(#n0) (21), data (4), id (2) and its value
  const update = (n: number) => T.update(Blob, 'u', [U.set(Blob.attrs.data, 'v'.repeat(n))])
  await ok(f.env, Dynamo.saveOne(Blob, { id: 'u', data: '' }))
  const at = blobsOf(TRANSACTION_BYTES - (43 + 1_000), 'a')
  await ok(f.env, Dynamo.transactWrite([...at.map((b) => T.put(Blob, b)), update(1_000)]))
  assert.is((await scanAll(f.client, f.table(Blob))).length, at.length + 1)
  const over = blobsOf(TRANSACTION_BYTES - (43 + 1_000), 'b')
  const e = await err(f.env, Dynamo.transactWrite([...over.map((b) => T.put(Blob, b)), update(1_001)]), 'ValidationError')
  assert.match(DE.show(e), `entry ${over.length} (update on`)
  assert.match(DE.show(e), `reach ${TRANSACTION_BYTES + 1} bytes`)
  // the same entries, built apart (the whole is refused) and sent raw: Local counts them one byte over, and writes nothing
  const puts = T.toWriteInput(over.map((b) => T.put(Blob, b)), f.table, 'tok', new Date())
  const last = T.toWriteInput([update(1_001)], f.table, 'tok', new Date())
  if (puts._tag === 'Left' || last._tag === 'Left') return assert.unreachable()
  const sent = await f.client.send(new TransactWriteItemsCommand({ TransactItems: [...(puts.right.TransactItems ?? []), ...(last.right.TransactItems ?? [])] })).then(
    () => 'accepted',
    (x: Error) => x.message,
  )
  assert.match(sent, `Payload Size: ${TRANSACTION_BYTES + 1}`)
  assert.is((await scanAll(f.client, f.table(Blob))).length, at.length + 1, 'nothing written')
})

test('item sizes: what Local counts for 300 generated items (past 4 MB of puts, it reports the payload) is Item.size (fast-check, seed 10_001)', async () => {
  const f = await withTables('txsize')
  const fill = blobsOf(TRANSACTION_BYTES, 'f').map((b): TransactWriteItem => ({ Put: { TableName: f.table(Blob), Item: { id: { S: b.id }, data: { S: b.data } } } }))
  const items = fc.sample(arb.item('x'), { seed: 10_001, numRuns: 300 }).map(({ pk, ...rest }): Record<string, AttributeValue> => ({ ...rest, id: pk as AttributeValue }))
  const wrong: string[] = []
  for (const item of items) {
    const got = await payloadOnLocal(f, [{ Put: { TableName: f.table(Ref), Item: item } }, ...fill])
    const want = Item.size(item)
    if (got !== TRANSACTION_BYTES + want) wrong.push(`Local ${String(got)}, Item.size ${want}: ${JSON.stringify(item)}`)
  }
  assert.equal(wrong, [])
})

test.run()

/**
 * Lost answers (a proxy drops the first answer after DynamoDB Local applied the request) on
 * the writes of many items and on transactions: saveMany of a versioned model (conditional
 * puts, one request an item), saveMany and deleteMany's unconditional chunks
 * (BatchWriteItem), a versioned saveOne, an increment by updateOne, and transactWrite. Each
 * result is what DynamoDB holds, and `mayBeOwnWrite` marks exactly the refusals a retry met
 * in the state the lost attempt leaves.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as T from '../../lib/compile/Transaction.js'
import { Doc, Plain } from '../harness/lifecycle.js'
import { lossy } from '../harness/lossy.js'
import { err, ok, rawGetPlain, S, scanAll } from '../harness/models.js'

test('saveMany of a versioned model (conditional puts) and a versioned saveOne whose answers were lost: the retry refused on the item the put wrote is ConditionalCheckFailed marked mayBeOwnWrite, outcome unknown; the item stored once', async () => {
  const { f, env, p: px } = await lossy('lostmany', ['PutItem'])
  try {
    const r = await ok(env, Dynamo.saveMany(Doc, [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }]))
    assert.equal(
      r.fail.map((x) => [x.outcome, x.error._tag, x.error._tag === 'ConditionalCheckFailed' ? x.error.mayBeOwnWrite : undefined]),
      [['unknown', 'ConditionalCheckFailed', true], ['unknown', 'ConditionalCheckFailed', true]],
    )
    assert.is((await rawGetPlain(f.client, f.table(Doc), { id: S('a') }))?.['version'], 1)
    const created = await err(env, Dynamo.saveOne(Doc, { id: 'c', title: 'C' }), 'ConditionalCheckFailed')
    assert.is(created.mayBeOwnWrite, true)
    const cur = await ok(f.env, Dynamo.getOne(Doc, 'c'))
    const updated = await err(env, Dynamo.saveOne(Doc, { ...cur, title: 'C2' }), 'ConditionalCheckFailed')
    assert.is(updated.mayBeOwnWrite, true)
    assert.equal([(await rawGetPlain(f.client, f.table(Doc), { id: S('c') }))?.['version'], (await rawGetPlain(f.client, f.table(Doc), { id: S('c') }))?.['title']], [2, 'C2'])
    // a save refused on an item another writer left (not the one it writes): not marked
    const now2 = await ok(f.env, Dynamo.getOne(Doc, 'c'))
    await ok(f.env, Dynamo.saveOne(Doc, { ...now2, title: 'other' }))
    const stale = await err(env, Dynamo.saveOne(Doc, { ...now2, title: 'C3' }), 'ConditionalCheckFailed')
    assert.is(stale.mayBeOwnWrite, undefined)
  } finally {
    await px.close()
  }
})

test('saveMany and deleteMany chunks (BatchWriteItem) whose answers were lost: retried, every item written or deleted, nothing failed', async () => {
  const { f, env, p: px } = await lossy('lostbatch', ['BatchWriteItem'])
  try {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `k${i}`, text: 't', n: i }))
    assert.is((await ok(env, Dynamo.saveMany(Plain, items))).failCount, 0)
    assert.is((await scanAll(f.client, f.table(Plain))).length, 30)
    assert.is((await ok(env, Dynamo.deleteMany(Plain, items.map((i) => i.id)))).failCount, 0)
    assert.ok(px.seen.filter((x) => x.target.endsWith('BatchWriteItem')).length >= 2)
  } finally {
    await px.close()
  }
})

test('transactWrite whose answer was lost: applied once, Right; so are versioned entries (a create, an edit of version 1, an update checking version 2), whose retry with another token would be TransactionCanceled on its own write', async () => {
  const { f, env, p: px } = await lossy('losttx', ['TransactWriteItems'])
  try {
    await ok(f.env, Dynamo.saveOne(Plain, { id: 'x', text: 't', n: 1 }))
    await ok(env, Dynamo.transactWrite([T.update(Plain, 'x', [U.add(Plain.attrs.n, 1)])]))
    assert.is((await rawGetPlain(f.client, f.table(Plain), { id: S('x') }))?.['n'], 2)
    assert.is(px.seen.filter((x) => x.target.endsWith('TransactWriteItems')).length, 2)
    await ok(env, Dynamo.transactWrite([T.put(Doc, { id: 'v', title: 'A' })]))
    const cur = await ok(f.env, Dynamo.getOne(Doc, 'v'))
    await ok(env, Dynamo.transactWrite([T.put(Doc, { ...cur, title: 'B' })]))
    await ok(env, Dynamo.transactWrite([T.update(Doc, { id: 'v', version: 2 }, [U.set(Doc.attrs.title, 'C')])]))
    const v = await rawGetPlain(f.client, f.table(Doc), { id: S('v') })
    assert.equal([v?.['version'], v?.['title']], [3, 'C'])
    // each sent twice with one token: the lost attempt and its retry
    const tokens = px.seen.filter((x) => x.target.endsWith('TransactWriteItems')).map((x) => x.body['ClientRequestToken'])
    assert.equal([tokens.length, new Set(tokens).size, tokens[2] === tokens[3] && tokens[4] === tokens[5] && tokens[6] === tokens[7]], [8, 4, true])
  } finally {
    await px.close()
  }
})

test('deleteOne with checks whose answer was lost and whose retry finds no item: AwsError marked mayBeOwnWrite, as a plain deleteOne; refused on an item the checks fail, not marked', async () => {
  const { f, env, p: px } = await lossy('lostdelcheck', ['DeleteItem'])
  try {
    await ok(f.env, Dynamo.saveMany(Plain, [{ id: 'a', text: 'x', n: 1 }, { id: 'b', text: 'y', n: 7 }]))
    const e = await err(env, Dynamo.deleteOne(Plain, C.and(C.eq(Plain.attrs.id, 'a'), C.eq(Plain.attrs.n, 1))), 'AwsError')
    assert.is(e.retryable, false)
    assert.is(await rawGetPlain(f.client, f.table(Plain), { id: S('a') }), undefined)
    assert.is(e.mayBeOwnWrite, true)
    const other = await err(env, Dynamo.deleteOne(Plain, C.and(C.eq(Plain.attrs.id, 'b'), C.eq(Plain.attrs.n, 1))), 'ConditionalCheckFailed')
    assert.is(other.mayBeOwnWrite, undefined)
  } finally {
    await px.close()
  }
})

test.run()

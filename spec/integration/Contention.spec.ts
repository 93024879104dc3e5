/**
 * Concurrency and consistency, as a production service meets them, against DynamoDB Local:
 * writers on several Envs (each its own client) racing one version of one item through every
 * versioned write path (saveOne, updateOne, updateFromDict, saveMany, transactWrite's put and
 * update); a single write (PutItem, UpdateItem, DeleteItem) meeting a transaction in progress
 * on its item (a stand-in answers DynamoDB's `TransactionConflictException`); batch writes
 * whose chunks are handed back unprocessed, answered too late or lost. Every assertion is an
 * invariant of every interleaving: one winner per version, each loser a typed conflict
 * carrying the item the winner stored, each winner's result the item as stored, each batch item
 * in exactly one of `success` and `fail`, and what each says of it true of what Local holds
 * afterwards.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import type * as M from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { Doc, NOW, Plain } from '../harness/lifecycle.js'
import { injectFaults } from '../harness/faults.js'
import { local, scanAll } from '../harness/local.js'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { proxy, type Action, type Seen } from '../harness/proxy.js'
import { error } from '../harness/standIn.js'
import { err, fixture, ok, rawGetPlain, run, S } from '../harness/models.js'

type Doc = M.TypeOf<typeof Doc>
const d = Doc.attrs

/**
 * `n` Envs on the fixture's tables, each with a client of its own (its own sockets), the clock
 * `NOW`, and no time limit: a slow answer of a loaded Local is still its answer (under a limit,
 * a retry of a write already applied would meet it, and a winner would read as a loser).
 */
const envsOf = async (prefix: string, n: number): Promise<ReadonlyArray<Env.Env>> => {
  const db = await local()
  return Array.from({ length: n }, () =>
    Env.make({
      region: 'us-east-2',
      client: new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      tablePrefix: prefix,
      now: () => NOW,
      timeoutMs: Infinity,
    }),
  )
}

const docs = async (label: string) => {
  const f = await fixture(label, { now: () => NOW, timeoutMs: Infinity })
  await ok(f.env, Dynamo.createTable(Doc))
  return { ...f, envs: await envsOf(f.prefix, 12) }
}

/** The version a conflict says is stored: a single write's `item`, or a transaction's reason's. */
const storedVersion = (e: DE.DynamoError): string | undefined =>
  e._tag === 'ConditionalCheckFailed'
    ? e.item?.['version']?.N
    : e._tag === 'TransactionCanceled'
      ? e.reasons.find((r) => r.code === 'ConditionalCheckFailed')?.stored?.['version']?.N
      : undefined

test('12 Envs race each version of one item through saveOne, updateOne, updateFromDict and transactWrite (put and update), 6 rounds: one winner a round, its result the item as stored; every loser a typed conflict carrying the version the winner stored, never mayBeOwnWrite; no update lost', async () => {
  const f = await docs('contend')
  let read: Doc = await ok(f.env, Dynamo.saveOne(Doc, { id: 'hot', title: '' }))
  for (let round = 0; round < 6; round++) {
    const from = read
    const attempts = f.envs.map((env, i) => {
      const mark = `[${round}.${i}]`
      const op: Dynamo.Op<Doc | void> = [
        Dynamo.saveOne(Doc, { ...from, title: from.title + mark }),
        Dynamo.updateOne(Doc, { id: 'hot', version: from.version }, [U.set(d.title, from.title + mark), U.increment(d.views, 1)]),
        Dynamo.updateFromDict(Doc, { id: 'hot', version: from.version, title: from.title + mark }),
        Dynamo.transactWrite([T.put(Doc, { ...from, title: from.title + mark })]),
        Dynamo.transactWrite([T.update(Doc, { id: 'hot', version: from.version }, [U.set(d.title, from.title + mark)])]),
      ][(i + round) % 5] as Dynamo.Op<Doc | void>
      return run(env, op).then((r) => ({ mark, r }))
    })
    const results = await Promise.all(attempts)
    const won = results.filter((x) => E.isRight(x.r))
    assert.is(won.length, 1, `round ${round}: ${won.length} winners`)
    const stored = await ok(f.env, Dynamo.getOne(Doc, 'hot', { consistentRead: true }))
    assert.is(stored.version, from.version + 1)
    assert.is(stored.title, from.title + (won[0]?.mark ?? '?'))
    // a single write's result is the item as stored (a transaction returns nothing)
    const result = (won[0]?.r as E.Right<Doc | undefined>).right
    if (result !== undefined) assert.equal(result, stored, `round ${round}: the winner's result`)
    for (const { mark, r } of results) {
      if (E.isRight(r)) continue
      const e = r.left
      assert.ok(e._tag === 'ConditionalCheckFailed' || e._tag === 'TransactionCanceled', `${mark}: ${DE.show(e)}`)
      assert.is(storedVersion(e), String(from.version + 1), `${mark}: ${DE.show(e)}`)
      if (e._tag === 'ConditionalCheckFailed') assert.is(e.mayBeOwnWrite, undefined, mark)
      if (e._tag === 'TransactionCanceled') assert.equal(e.reasons[0]?.item, stored, mark)
    }
    read = stored
  }
})

test('12 Envs racing deletes (deleteOne and T.delete checking the version read) against saves of that version: one save or the deletes win, never both; a stale save never re-creates the item; every loser a typed conflict or none', async () => {
  const f = await docs('contenddelete')
  for (let round = 0; round < 4; round++) {
    const id = `gone-${round}`
    const read = await ok(f.env, Dynamo.saveOne(Doc, { id, title: 'T' }))
    const results = await Promise.all(
      f.envs.map((env, i) => {
        const op: Dynamo.Op<unknown> = [
          Dynamo.deleteOne(Doc, { id, version: read.version }),
          Dynamo.saveOne(Doc, { ...read, title: `save ${i}` }),
          Dynamo.transactWrite([T.delete(Doc, { id, version: read.version })]),
        ][(i + round) % 3] as Dynamo.Op<unknown>
        return run(env, op).then((r) => ({ kind: (i + round) % 3, r }))
      }),
    )
    const won = (kind: number) => results.filter((x) => x.kind === kind && E.isRight(x.r) && (kind !== 0 || (x.r.right as { _tag: string })._tag === 'Some')).length
    const stored = await rawGetPlain(f.client, f.table(Doc), { id: S(id) })
    // T.delete is deleteOne: on no item it passes (deleteOne answers none there), so a
    // transaction's Right does not say it deleted the item: after another delete, it did not
    assert.ok(won(0) <= 1 && won(1) <= 1 && won(0) + won(1) <= 1, `round ${round}: ${won(0)} deletes and ${won(1)} saves won`)
    if (won(1) === 1) {
      assert.is(stored?.['version'], read.version + 1)
      assert.is(won(2), 0)
    } else {
      assert.is(stored, undefined)
      assert.ok(won(0) + won(2) >= 1)
    }
    for (const { kind, r } of results) {
      if (E.isRight(r)) continue
      const e = r.left
      assert.ok(e._tag === 'ConditionalCheckFailed' || (e._tag === 'TransactionCanceled' && e.reasons[0]?.code === 'ConditionalCheckFailed'), `${kind}: ${DE.show(e)}`)
      if (e._tag === 'ConditionalCheckFailed') assert.is(e.mayBeOwnWrite, undefined)
    }
  }
})

test('no update lost: 12 Envs each append a mark by read-modify-write saves (reading again on a conflict) while 12 unchecked increments run: every mark once, every increment counted, the version counts every write', async () => {
  const f = await docs('nolost')
  await ok(f.env, Dynamo.saveOne(Doc, { id: 'hot', title: '' }))
  // every conflict means another write succeeded: 24 writes in all, so 25 attempts always suffice
  const edit = async (env: Env.Env, mark: string, attempts: number): Promise<E.Either<DE.DynamoError, Doc>> => {
    const read = await run(env, Dynamo.getOne(Doc, 'hot', { consistentRead: true }))
    if (E.isLeft(read)) return read
    const r = await run(env, Dynamo.saveOne(Doc, { ...read.right, title: read.right.title + mark }))
    return E.isLeft(r) && r.left._tag === 'ConditionalCheckFailed' && attempts > 1 ? edit(env, mark, attempts - 1) : r
  }
  const marks = f.envs.map((_, i) => `[${i}]`)
  const results = await Promise.all([
    ...f.envs.map((env, i) => edit(env, marks[i] as string, 25)),
    ...f.envs.map((env) => run(env, Dynamo.updateOne(Doc, 'hot', [U.increment(d.views, 1)]))),
  ])
  for (const r of results) if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
  const stored = await ok(f.env, Dynamo.getOne(Doc, 'hot', { consistentRead: true }))
  for (const m of marks) assert.is(stored.title.split(m).length - 1, 1, `${m} in ${stored.title}`)
  assert.is(stored.views, 12)
  assert.is(stored.version, 1 + 24)
})

test('8 Envs racing versioned saveMany of one read item, one create of a shared key and one of their own: each shared key written by exactly one call, every item in exactly one of success and fail, each success the item as stored, each failure a ConditionalCheckFailed not written', async () => {
  const f = await docs('contendmany')
  const base = await ok(f.env, Dynamo.saveOne(Doc, { id: 'hot', title: 'base' }))
  const calls = f.envs.slice(0, 8).map((env, i) =>
    run(
      env,
      Dynamo.saveMany(Doc, [
        { ...base, title: `edit ${i}` },
        { id: 'shared', title: `create ${i}` },
        { id: `own-${i}`, title: `own ${i}` },
      ]),
    ),
  )
  const results = (await Promise.all(calls)).map((r, i) => {
    if (E.isLeft(r)) assert.unreachable(`call ${i}: ${DE.show(r.left)}`)
    return (r as E.Right<Dynamo.BatchResult<Doc>>).right
  })
  const stored = new Map((await ok(f.env, Dynamo.getMany(Doc, ['hot', 'shared', ...results.map((_, i) => `own-${i}`)], { consistentRead: true }))).map((x) => [x.id, x]))
  const winners = new Map<string, number>()
  results.forEach((r, i) => {
    assert.is(r.success.length + r.fail.length, 3, `call ${i}`)
    assert.is(r.failCount, r.fail.length)
    const ids = [...r.success.map((x) => x.id), ...r.fail.map((x) => x.item.id)].sort()
    assert.equal(ids, ['hot', `own-${i}`, 'shared'].sort(), `call ${i}: every item once`)
    for (const s of r.success) {
      winners.set(s.id, (winners.get(s.id) ?? 0) + 1)
      assert.equal(s, stored.get(s.id), `call ${i}: ${s.id} as stored`)
    }
    for (const x of r.fail) {
      assert.is(x.error._tag, 'ConditionalCheckFailed', `call ${i}: ${DE.show(x.error)}`)
      assert.is(x.outcome, 'not-written')
      assert.is(storedVersion(x.error), String(stored.get(x.item.id)?.version), `call ${i}: ${x.item.id}`)
    }
  })
  assert.is(winners.get('hot'), 1)
  assert.is(winners.get('shared'), 1)
  assert.is(stored.get('hot')?.version, base.version + 1)
  assert.is(stored.get('shared')?.version, 1)
  for (let i = 0; i < 8; i++) assert.is(winners.get(`own-${i}`), 1)
})

test('one token from 12 Envs at once, 5 rounds: with the same entries, every call Right and the transaction applied once; half of them with other entries: the entries of one set applied once, every call of that set Right, every call of the other IdempotentParameterMismatch', async () => {
  const f = await docs('tokens')
  await ok(f.env, Dynamo.saveOne(Doc, { id: 'x', title: '' }))
  const tx = (token: string, by: number, mark: string) =>
    Dynamo.transactWrite([T.update(Doc, 'x', [U.increment(d.views, by)]), T.put(Doc, { id: `${token}-${mark}`, title: mark })], { token, now: NOW })
  let views = 0
  for (let round = 0; round < 5; round++) {
    const same = await Promise.all(f.envs.map((env) => run(env, tx(`same-${round}`, 1, 'a'))))
    for (const r of same) if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
    views += 1
    const token = `mixed-${round}`
    const mixed = await Promise.all(f.envs.map((env, i) => run(env, tx(token, i % 2 === 0 ? 10 : 100, i % 2 === 0 ? 'even' : 'odd')).then((r) => ({ i, r }))))
    const applied = mixed.filter((x) => E.isRight(x.r)).map((x) => x.i % 2)
    assert.ok(applied.length > 0 && applied.every((p) => p === applied[0]), `round ${round}: calls of both sets applied`)
    for (const { i, r } of mixed) {
      if (E.isRight(r)) continue
      assert.is(i % 2 === applied[0], false, `round ${round}: a call of the applied set failed: ${DE.show(r.left)}`)
      assert.ok(r.left._tag === 'AwsError' && r.left.name === 'IdempotentParameterMismatchException', DE.show(r.left))
    }
    views += applied[0] === 0 ? 10 : 100
    const stored = await ok(f.env, Dynamo.getOne(Doc, 'x', { consistentRead: true }))
    assert.is(stored.views, views, `round ${round}`)
    assert.is(stored.version, 1 + 2 * (round + 1))
    const marks = await ok(f.env, Dynamo.getMany(Doc, [`${token}-even`, `${token}-odd`], { consistentRead: true }))
    assert.equal(marks.map((x) => x.title), [applied[0] === 0 ? 'even' : 'odd'])
  }
})

/**
 * A proxy to Local answering the first `conflicts` single writes of `targets` (PutItem,
 * UpdateItem, DeleteItem: the writes DynamoDB refuses this way) to each key or item with
 * DynamoDB's `TransactionConflictException` (HTTP 400: refused, nothing written, as DynamoDB
 * refuses a single write to an item a transaction holds), forwarding the rest. No time limit,
 * so that only the stand-in's answers are retried.
 */
const conflicting = async (prefix: string, targets: ReadonlyArray<string>, conflicts: number) => {
  const db = await local()
  const seen = new Map<string, number>()
  const px = await proxy(db.endpoint, (x: Seen) => {
    if (!targets.includes(x.target)) return 'forward'
    const key = JSON.stringify([x.target, x.body['Key'] ?? x.body['Item']])
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    return n <= conflicts ? { status: 400, body: error('TransactionConflictException', 'Transaction is ongoing for the item') as Record<string, unknown> } : 'forward'
  })
  const env = Env.make({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: Infinity })
  return { env, px }
}

test('a single write refused with TransactionConflictException (a transaction holds its item; nothing written) is sent again, as a transaction cancelled by a conflict is: saveOne, updateOne, deleteOne, versioned saveMany (a conditional put each) succeed, each applied once', async () => {
  const f = await docs('conflict')
  const { env, px } = await conflicting(f.prefix, ['PutItem', 'UpdateItem', 'DeleteItem'], 1)
  try {
    const created = await ok(env, Dynamo.saveOne(Doc, { id: 'a', title: 'T' }))
    assert.is(created.version, 1)
    const updated = await ok(env, Dynamo.updateOne(Doc, { id: 'a', version: 1 }, [U.increment(d.views, 1)]))
    assert.equal(updated, { ...created, version: 2, views: 1 })
    const many = await ok(env, Dynamo.saveMany(Doc, [{ ...updated, title: 'T2' }, { id: 'b', title: 'B' }]))
    assert.is(many.failCount, 0, many.fail.map((x) => DE.show(x.error)).join('; '))
    assert.equal(await rawGetPlain(f.client, f.table(Doc), { id: S('a') }), { id: 'a', title: 'T2', version: 3, views: 1, tags: [], created_at: NOW.toISOString(), updated_at: NOW.toISOString() })
    const deleted = await ok(env, Dynamo.deleteOne(Doc, { id: 'b', version: 1 }))
    assert.is(deleted._tag, 'Some')
    assert.is(await rawGetPlain(f.client, f.table(Doc), { id: S('b') }), undefined)
  } finally {
    await px.close()
  }
})

test('a conflict that outlasts the attempts is an AwsError TransactionConflictException, retryable, saying how many attempts it lasted; nothing written', async () => {
  const f = await docs('conflictlasts')
  const { env, px } = await conflicting(f.prefix, ['PutItem'], 10)
  try {
    const e = await err(env, Dynamo.saveOne(Doc, { id: 'a', title: 'T' }), 'AwsError')
    assert.is(e.name, 'TransactionConflictException')
    assert.is(e.retryable, true)
    assert.match(e.message, /3 attempts/)
    assert.is(px.seen.filter((x) => x.target === 'PutItem').length, 3)
    assert.is(await rawGetPlain(f.client, f.table(Doc), { id: S('a') }), undefined)
  } finally {
    await px.close()
  }
})

/** How many PutItem requests of the item `id` the proxy saw. */
const idsSent = (seen: ReadonlyArray<Seen>, id: string): number =>
  seen.filter((x) => x.target === 'PutItem' && (x.body['Item'] as Record<string, { S?: string }>)['id']?.S === id).length

/** Every stored item of a table, unmarshalled, by its `id`. */
const storedById = async (client: DynamoDBClient, table: string): Promise<Map<string, Record<string, unknown>>> =>
  new Map((await scanAll(client, table)).map((x) => unmarshall(x) as Record<string, unknown>).map((x) => [String(x['id']), x]))

/**
 * What a batch result says of its items, against what is stored: every input item in exactly
 * one of `success` and `fail`; each success stored as returned; each `not-written` failure
 * not stored; nothing stored that was not given.
 */
const accounted = <A extends { readonly id: string }>(
  given: ReadonlyArray<{ readonly id: string }>,
  r: Dynamo.BatchResult<A>,
  stored: ReadonlyMap<string, Record<string, unknown>>,
  asStored: (a: A) => Record<string, unknown>,
): { readonly unknown: number; readonly notWritten: number } => {
  const seen = new Map<string, string>()
  for (const a of r.success) {
    assert.is(seen.get(a.id), undefined, `${a.id} reported twice`)
    seen.set(a.id, 'success')
    assert.equal(stored.get(a.id), asStored(a), `${a.id}: a success not stored as returned`)
  }
  let unknown = 0
  for (const x of r.fail) {
    assert.is(seen.get(x.item.id), undefined, `${x.item.id} reported twice`)
    seen.set(x.item.id, x.outcome)
    if (x.outcome === 'not-written') assert.is(stored.get(x.item.id), undefined, `${x.item.id}: not-written (${DE.show(x.error)}), yet stored`)
    else unknown++
  }
  assert.is(r.failCount, r.fail.length)
  assert.equal([...seen.keys()].sort(), given.map((x) => x.id).sort(), 'every item reported once')
  for (const id of stored.keys()) assert.ok(seen.has(id), `${id} stored, never given`)
  return { unknown, notWritten: r.fail.length - unknown }
}

test('saveMany in batches under pressure (seeded partial answers, throttling and 5xx, some after the write; answers held past the time limit; an abort in the middle): every item in exactly one of success and fail, what each says true of what Local holds', async () => {
  const f = await fixture('pressure', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Plain))
  const db = await local()
  const abort = new AbortController()
  let batches = 0
  const px = await proxy(db.endpoint, (x) => {
    if (x.target !== 'BatchWriteItem') return 'forward'
    batches++
    // abort when the 12th request reaches the proxy: none starts after the abort, but those
    // already started (up to 8 at once) may still reach the proxy and Local after it
    if (batches === 12) abort.abort()
    // a request holding an item whose id ends in 77 is applied and never answered: its time
    // limit ends it
    return JSON.stringify(x.body['RequestItems']).includes('77"}') ? 'hold-answer' : 'forward'
  })
  try {
    const client = new DynamoDBClient({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 })
    injectFaults(client, { seed: 19, unprocessed: 0.5, throttle: 0.1, serverError: 0.1, serverErrorAfterSend: 0.5 })
    const env = Env.make({ region: 'us-east-2', client, tablePrefix: f.prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: 1_000 })
    const items = Array.from({ length: 400 }, (_, i) => ({ id: `i${String(i).padStart(3, '0')}`, text: `t${i}`, n: i }))
    const r = await ok(env, Dynamo.saveMany(Plain, items, { signal: abort.signal }))
    const stored = await storedById(f.client, f.table(Plain))
    const { unknown, notWritten } = accounted(items, r, stored, (a) => ({ ...a }))
    console.log(`\n400 items under pressure: ${r.success.length} written, ${notWritten} not written, ${unknown} unknown; ${stored.size} stored; ${batches} BatchWriteItem requests`)
  } finally {
    await px.close()
  }
})

test('deleteMany in batches under the same pressure and an abort: every key in exactly one of success and fail; each success gone, each not-written failure still stored', async () => {
  const f = await fixture('pressuredel', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Plain))
  const items = Array.from({ length: 400 }, (_, i) => ({ id: `i${String(i).padStart(3, '0')}`, text: `t${i}`, n: i }))
  assert.is((await ok(f.env, Dynamo.saveMany(Plain, items))).failCount, 0)
  const db = await local()
  const abort = new AbortController()
  let batches = 0
  const px = await proxy(db.endpoint, (x) => {
    if (x.target !== 'BatchWriteItem') return 'forward'
    if (++batches === 12) abort.abort()
    return JSON.stringify(x.body['RequestItems']).includes('77"}') ? 'hold-answer' : 'forward'
  })
  try {
    const client = new DynamoDBClient({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 })
    injectFaults(client, { seed: 23, unprocessed: 0.5, throttle: 0.1, serverError: 0.1, serverErrorAfterSend: 0.5 })
    const env = Env.make({ region: 'us-east-2', client, tablePrefix: f.prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: 1_000 })
    const r = await ok(env, Dynamo.deleteMany(Plain, items.map((x) => x.id), { signal: abort.signal }))
    const stored = await storedById(f.client, f.table(Plain))
    const seen = new Map<string, string>()
    for (const k of r.success) {
      const id = String((k as { id: string }).id)
      assert.is(seen.get(id), undefined, `${id} reported twice`)
      seen.set(id, 'success')
      assert.is(stored.get(id), undefined, `${id}: deleted, yet stored`)
    }
    for (const x of r.fail) {
      const id = String(x.item)
      assert.is(seen.get(id), undefined, `${id} reported twice`)
      seen.set(id, x.outcome)
      if (x.outcome === 'not-written') assert.ok(stored.has(id), `${id}: not-written (${DE.show(x.error)}), yet gone`)
    }
    assert.equal([...seen.keys()].sort(), items.map((x) => x.id), 'every key reported once')
    console.log(`400 keys under pressure: ${r.success.length} deleted, ${r.fail.filter((x) => x.outcome === 'not-written').length} not deleted, ${r.fail.filter((x) => x.outcome === 'unknown').length} unknown; ${stored.size} left`)
  } finally {
    await px.close()
  }
})

test('versioned saveMany (a conditional put each, bounded concurrency) aborted at its 20th request, whose answer is held: every item in exactly one of success and fail, each true of what Local holds', async () => {
  const f = await docs('abortv')
  const db = await local()
  const abort = new AbortController()
  let puts = 0
  const px = await proxy(db.endpoint, (x) => {
    if (x.target !== 'PutItem') return 'forward'
    if (++puts === 20) {
      abort.abort()
      return 'hold-answer'
    }
    return 'forward'
  })
  try {
    const env = Env.make({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: f.prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: 1_000 })
    const items = Array.from({ length: 80 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, title: `t${i}` }))
    const r = await ok(env, Dynamo.saveMany(Doc, items, { signal: abort.signal }))
    const stored = await storedById(f.client, f.table(Doc))
    const { unknown, notWritten } = accounted(items, r, stored, (a) => ({ ...a, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }))
    console.log(`80 versioned creates aborted at the 20th request: ${r.success.length} written, ${notWritten} not written, ${unknown} unknown; ${stored.size} stored`)
    // the held request was sent: its item's outcome is unknown
    assert.ok(unknown >= 1)
  } finally {
    await px.close()
  }
})

test('versioned saveMany (a conditional put each) whose answers are held past the time limit or lost: the retry meets the item its first attempt wrote, ConditionalCheckFailed marked mayBeOwnWrite and unknown; every item in exactly one of success and fail, each true of what Local holds', async () => {
  const f = await docs('pressurev')
  const db = await local()
  const firsts = new Set<string>()
  // each held request, by its item's id: settled once Local has answered it (the proxy keeps
  // the answer)
  const held = new Map<string, { readonly answered: Promise<void>; readonly settle: () => void }>()
  const idOf = (x: Seen): string => String((x.body['Item'] as Record<string, { S?: string }>)['id']?.S)
  const px = await proxy(
    db.endpoint,
    (x): Action | Promise<Action> => {
      if (x.target !== 'PutItem') return 'forward'
      const id = idOf(x)
      const first = !firsts.has(id)
      firsts.add(id)
      if (first && id.endsWith('3')) {
        let settle = (): void => undefined
        const answered = new Promise<void>((resolve) => {
          settle = resolve
        })
        held.set(id, { answered, settle })
        return 'hold-answer'
      }
      if (first && id.endsWith('5')) return 'drop-answer'
      // a retry of a held request reaches Local only after the held one: it meets that write
      const h = held.get(id)
      return h === undefined ? 'forward' : h.answered.then((): Action => 'forward')
    },
    (x) => {
      if (x.target === 'PutItem') held.get(idOf(x))?.settle()
    },
  )
  try {
    const env = Env.make({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: f.prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: 1_000 })
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, title: `t${i}` }))
    const r = await ok(env, Dynamo.saveMany(Doc, items))
    const stored = await storedById(f.client, f.table(Doc))
    accounted(items, r, stored, (a) => ({ ...a, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }))
    // Of every order of answers: an item whose first attempt Local applied and whose answer was
    // dropped (d05, d15, d25, d35) or held until the time limit (d03, d13, d23, d33; its retry
    // forwarded once Local answered it) is never a success: its retry meets the item, a conflict
    // marked mayBeOwnWrite (or, were every retry of it past the time limit too, that limit's
    // error). Any other item may meet the time limit under a loaded Local too, and then the
    // same. So each failure is unknown: a conflict marked mayBeOwnWrite with its item stored,
    // or a time limit.
    const failed = new Map(r.fail.map((x) => [x.item.id, x]))
    for (const id of ['d05', 'd15', 'd25', 'd35', 'd03', 'd13', 'd23', 'd33']) {
      assert.ok(failed.has(id), `${id}: its first answer lost after Local applied it, yet a success`)
      assert.ok(idsSent(px.seen, id) >= 2, `${id}: its first answer lost, yet sent once`)
    }
    // a dropped answer was dropped once Local had answered: its item is stored
    for (const id of ['d05', 'd15', 'd25', 'd35']) assert.is(stored.get(id)?.['title'], `t${Number(id.slice(1))}`, id)
    for (const x of r.fail) {
      const e = x.error
      assert.is(x.outcome, 'unknown', `${x.item.id}: ${DE.show(e)}`)
      if (e._tag === 'ConditionalCheckFailed') {
        assert.is(e.mayBeOwnWrite, true, `${x.item.id}: ${DE.show(e)}`)
        assert.is(stored.get(x.item.id)?.['title'], x.item.title, x.item.id)
      } else assert.ok(e._tag === 'AwsError' && e.name === 'TimeoutError' && e.retryable, `${x.item.id}: ${DE.show(e)}`)
    }
  } finally {
    await px.close()
  }
})

test.run()

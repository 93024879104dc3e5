/**
 * The order of a batch write's result: `saveMany`'s and `deleteMany`'s `success` and `fail`
 * follow the caller's list, whatever phase settled each entry (refused before any request,
 * written in a `BatchWriteItem` chunk, or sent alone as a conditional write). Against a stand-in
 * DynamoDB on loopback that answers each request by its operation and its keys.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { error, serving, type Answer, type StandIn } from '../../harness/standIn.js'
import { REQUEST_MS } from '../../harness/models.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs

/** The stand-in's answers: a `BatchWriteItem` refused (a 400) or written whole; a lone write refused by its condition when its key is in `refused`. */
const standIn = (batch: 'written' | 'refused', refused: ReadonlyArray<string>): Promise<StandIn> =>
  serving((target, input): Answer => {
    if (target === 'BatchWriteItem') return batch === 'written' ? { status: 200, body: { UnprocessedItems: {} } } : { status: 400, body: error('ValidationException') }
    const id = ((input['Key'] ?? input['Item']) as { id?: { S?: string } } | undefined)?.id?.S ?? ''
    return refused.includes(id) ? { status: 400, body: error('ConditionalCheckFailedException', 'The conditional request failed') } : { status: 200, body: {} }
  })

const envOf = (s: StandIn): Env.Env =>
  Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1, timeoutMs: REQUEST_MS })

/** The ids of a result's entries (an entry given as a key, an item or a condition naming its key). */
const ids = (xs: ReadonlyArray<unknown>): ReadonlyArray<string> =>
  xs.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null && 'id' in x ? String((x as { id: unknown }).id) : JSON.stringify(x).match(/"(k\d)"/)?.[1] ?? '?'))

// k1 and k3 are deleted alone (each has a check), k2 and k4 in a BatchWriteItem
const deletes = [C.and(C.eq(u.id, 'k1'), C.gt(u.n, 1)), 'k2', C.and(C.eq(u.id, 'k3'), C.gt(u.n, 1)), 'k4'] as const

test("deleteMany: success and fail in the caller's order, batched and lone deletes among each other", async () => {
  const cases = [
    { batch: 'written', refused: ['k1'], success: ['k2', 'k3', 'k4'], fail: ['k1'] },
    { batch: 'refused', refused: ['k1'], success: ['k3'], fail: ['k1', 'k2', 'k4'] },
    { batch: 'refused', refused: ['k3'], success: ['k1'], fail: ['k2', 'k3', 'k4'] },
  ] as const
  for (const c of cases) {
    const s = await standIn(c.batch, c.refused)
    const r = await Dynamo.deleteMany(User, deletes)(envOf(s))()
    await s.close()
    if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
    assert.equal({ success: ids(r.right.success), fail: ids(r.right.fail.map((f) => f.item)) }, { success: c.success, fail: c.fail }, JSON.stringify(c))
  }
})

test("saveMany: fail in the caller's order, the items refused before any request among those DynamoDB refused", async () => {
  // k2 is refused before any request (its n is no number)
  const items = [
    { id: 'k1', n: 1 },
    { id: 'k2', n: 'two' },
    { id: 'k3', n: 3 },
    { id: 'k4', n: 4 },
  ] as unknown as ReadonlyArray<{ id: string; n: number }>
  const cases = [
    { overwrite: true, batch: 'refused', refused: [], success: [], fail: ['k1', 'k2', 'k3', 'k4'] },
    { overwrite: false, batch: 'written', refused: ['k1', 'k4'], success: ['k3'], fail: ['k1', 'k2', 'k4'] },
  ] as const
  for (const c of cases) {
    const s = await standIn(c.batch, c.refused)
    const r = await Dynamo.saveMany(User, items, { overwrite: c.overwrite })(envOf(s))()
    await s.close()
    if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
    assert.equal({ success: ids(r.right.success), fail: ids(r.right.fail.map((f) => f.item)) }, { success: c.success, fail: c.fail }, JSON.stringify(c))
  }
})

test.run()

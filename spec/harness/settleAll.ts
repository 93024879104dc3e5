/**
 * A child program (`node --import tsx spec/harness/settleAll.ts <endpoint> <mode>`): every
 * operation at once against `endpoint`, then one line on stdout, each operation's name with
 * what it settled to (`AwsError TimeoutError`, `entries unknown,not-written`, `Right`, or
 * `rejected …`). It never calls `process.exit`: the process ends on its own only once nothing
 * of the operations is left (no timer of a time limit, a backoff or a pacer, no socket).
 *
 * Modes: `limit` (a time limit of 300 ms), `plain` (a time limit of ten minutes: an endpoint
 * that refuses connections), `abort` (the signal aborted 500 ms after the start, no time limit
 * to speak of: in flight, or in a backoff of ten minutes).
 */
import { PassThrough } from 'node:stream'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import type * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'

const [endpoint = '', mode = 'limit'] = process.argv.slice(2)
const MINUTES_10 = 600_000

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })

const lines = async function* () {
  yield '{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}'
  yield '{"Item":{"id":{"S":"b"},"n":{"N":"2"}}}'
}

const env = Env.make({
  endpoint,
  region: 'us-east-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  timeoutMs: mode === 'limit' ? 300 : MINUTES_10,
  waitTimeoutMs: MINUTES_10,
  maxAttempts: 3,
  retry: mode === 'abort' ? { baseDelayMs: MINUTES_10, maxDelayMs: MINUTES_10 } : { baseDelayMs: 1, maxDelayMs: 5 },
  random: () => 0.99,
})
const controller = new AbortController()
if (mode === 'abort') setTimeout(() => controller.abort(), 500)
const o = mode === 'abort' ? { signal: controller.signal } : {}

const operations: Record<string, () => Promise<E.Either<DE.DynamoError, unknown>>> = {
  getOne: () => Dynamo.getOne(User, 'a', o)(env)(),
  saveOne: () => Dynamo.saveOne(User, { id: 'a', n: 1 }, o)(env)(),
  updateOne: () => Dynamo.updateOne(User, 'a', [U.set(u.n, 2)], o)(env)(),
  deleteOne: () => Dynamo.deleteOne(User, 'a', o)(env)(),
  'getMany of keys': () => Dynamo.getMany(User, ['a', 'b'], o)(env)(),
  'getMany of a condition': () => Dynamo.getMany(User, C.gt(u.n, 1), o)(env)(),
  saveMany: () => Dynamo.saveMany(User, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], o)(env)(),
  deleteMany: () => Dynamo.deleteMany(User, ['a', 'b'], o)(env)(),
  page: () => Dynamo.page(User, C.gt(u.n, 1), { ...o, readUnitsPerSecond: 1 })(env)(),
  count: () => Dynamo.count(User, C.gt(u.n, 1), o)(env)(),
  collection: () => Dynamo.collection({ row: Row }, { id: 'a' }, o)(env)(),
  transactWrite: () => Dynamo.transactWrite([T.put(User, { id: 'a', n: 1 })], o)(env)(),
  transactGet: () => Dynamo.transactGet([T.get(User, 'a')], o)(env)(),
  dump: () => Dynamo.dump(User, new PassThrough().resume(), { ...o, segments: 3 })(env)(),
  load: () => Dynamo.load(User, lines(), o)(env)(),
  clearTable: () => Dynamo.clearTable(User, o)(env)(),
  createTable: () => Dynamo.createTable(User, o)(env)(),
  syncTable: () => Dynamo.syncTable(User, o)(env)(),
  send: () => Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'users' }), o)(env)(),
}

const shown = (r: E.Either<DE.DynamoError, unknown>): string => {
  if (E.isLeft(r)) return `${r.left._tag}${r.left._tag === 'AwsError' ? ` ${r.left.name}` : ''}`
  const fail = (r.right as { readonly fail?: ReadonlyArray<{ readonly outcome: string; readonly error: DE.DynamoError }> } | null)?.fail
  return fail === undefined ? 'Right' : `entries ${fail.map((f) => `${f.outcome} ${f.error._tag === 'AwsError' ? f.error.name : f.error._tag}`).join(',')}`
}

const settled = await Promise.all(Object.entries(operations).map(([name, op]) => op().then((r) => [name, shown(r)], (e: unknown) => [name, `rejected ${String(e)}`])))
process.stdout.write(`${JSON.stringify(Object.fromEntries(settled))}\n`)

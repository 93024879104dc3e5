/**
 * The application's listeners (`Env.make`'s `on` and `onProgress`, the `onProgress` of
 * `dump`, `load` and `clearTable`), against DynamoDB Local: a listener's own failure, a throw
 * or a promise it returns that rejects (an `async` listener: it type-checks as one returning
 * `void`), never changes what an operation did nor escapes its Task: a throw must not end
 * `saveMany` as `Left(ValidationError)`, "the application's code threw", after its first
 * chunks were written (a result that lies: a ValidationError says nothing was), and a
 * rejection must not go unhandled (which ends a Node process by default).
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { Readable, Writable } from 'node:stream'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { local, uniqueTable, scanAll } from '../harness/local.js'
import { ok, REQUEST_MS } from '../harness/models.js'

const User = Model.make({ table: 'users', hashKey: 'id', billing: 'onDemand', codec: t.type({ id: t.string, n: Field.int() }) })
const Versioned = Model.make({
  table: 'versioned',
  hashKey: 'id',
  billing: 'onDemand',
  version: 'v',
  codec: t.intersection([t.type({ id: t.string, n: Field.int() }), t.partial({ v: Field.int() })]),
})
const items = Array.from({ length: 60 }, (_, i) => ({ id: `k${String(i).padStart(2, '0')}`, n: i }))
const ids = (xs: ReadonlyArray<{ readonly id: string }>): ReadonlyArray<string> => xs.map((x) => x.id).sort()
const storedIds = (xs: ReadonlyArray<Record<string, { readonly S?: string }>>): ReadonlyArray<string> => xs.map((x) => x['id']?.S ?? '?').sort()

/** Every listener kind of one failing way: throwing, or returning a promise that rejects. */
const failing = (way: 'throws' | 'rejects'): (() => void) => () => {
  if (way === 'throws') throw new Error('listener failed')
  return Promise.reject(new Error('listener failed')) as unknown as void
}

const test = suite('listeners that fail')

for (const way of ['throws', 'rejects'] as const) {
  test(`a listener that ${way}: saveMany, a versioned saveMany, getMany of keys, deleteMany, dump, load and clearTable do what they do, and say so`, async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown) => void unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    try {
      const db = await local()
      const listener = failing(way)
      const env = Env.make({ region: 'us-east-2', client: db.client, tablePrefix: `${uniqueTable(`listen-${way}`)}-`, on: listener, onProgress: listener, concurrency: 2, timeoutMs: REQUEST_MS })
      await ok(env, Dynamo.createTable(User))
      await ok(env, Dynamo.createTable(Versioned))
      const saved = await ok(env, Dynamo.saveMany(User, items))
      assert.equal(ids(saved.success), ids(items))
      assert.equal(saved.fail, [])
      const versioned = await ok(env, Dynamo.saveMany(Versioned, items))
      assert.equal(ids(versioned.success), ids(items))
      assert.equal(storedIds(await scanAll(db.client, Env.tableName(env, Versioned.table))), ids(items))
      assert.equal(ids(await ok(env, Dynamo.getMany(User, Model.keysIn(User, items.map((x) => x.id))))), ids(items))
      const deleted = await ok(env, Dynamo.deleteMany(User, C.lt(User.attrs.n, 30)))
      assert.is(deleted.success.length, 30)
      assert.is((await scanAll(db.client, Env.tableName(env, User.table))).length, 30)
      let lines = ''
      const dumped = await ok(env, Dynamo.dump(User, new Writable({ write: (c, _e, cb) => ((lines += String(c)), cb()) }), { onProgress: listener }))
      assert.is(dumped.items, 30)
      await ok(env, Dynamo.clearTable(User, { onProgress: listener }))
      assert.is((await scanAll(db.client, Env.tableName(env, User.table))).length, 0)
      const loaded = await ok(env, Dynamo.load(User, Readable.from(lines.split('\n').filter((l) => l !== '').map((l) => `${l}\n`)), { onProgress: listener }))
      assert.equal(loaded, { written: 30, fail: [] })
      assert.is((await scanAll(db.client, Env.tableName(env, User.table))).length, 30)
      // an unhandled rejection is reported once the microtasks have run: two turns of the event loop
      await new Promise((r) => setImmediate(r))
      await new Promise((r) => setImmediate(r))
      assert.is(unhandled.length, 0, `unhandled rejections: ${unhandled.length}`)
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
}

test.run()

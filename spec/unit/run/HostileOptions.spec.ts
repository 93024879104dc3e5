/**
 * Options of the wrong type (cast through `any`, or from untyped JavaScript): a
 * `ValidationError` naming the option before any request, the same for every operation; the
 * call never throws and its task never rejects. Against a client that counts requests.
 */
import { PassThrough } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import type * as Env from '../../../lib/run/Env.js'
import * as EnvM from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'
import type * as DE from '../../../lib/DynamoError.js'
import { counting, firstPage } from '../../harness/counting.js'

/** Run an operation: its call never throws, its promise never rejects. */
const settle = async <A>(op: () => Dynamo.Op<A>, env: Env.Env, what: string): Promise<E.Either<DE.DynamoError, A>> => {
  let p: Promise<E.Either<DE.DynamoError, A>> | undefined
  assert.not.throws(() => {
    p = op()(env)()
  }, `${what}: the call throws`)
  let rejected: unknown
  const r = await (p as Promise<E.Either<DE.DynamoError, A>>).catch((e: unknown) => {
    rejected = e
    return undefined
  })
  assert.is(rejected, undefined, `${what}: the task rejects: ${String(rejected)}`)
  return r as E.Either<DE.DynamoError, A>
}

const naming = (r: E.Either<DE.DynamoError, unknown>, path: string, what: string): void => {
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === path), `${what}: ${JSON.stringify(r).slice(0, 300)}`)
}


const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })

test('a signal that is no AbortSignal (5, {}, { aborted: false }, { aborted: true }): a ValidationError naming signal from every operation, nothing sent, no rejection', async () => {
  for (const signal of [5, 'x', {}, { aborted: false }, { aborted: true }, { aborted: 'no' }]) {
    const o = { signal } as any
    const ops: Record<string, () => Dynamo.Op<unknown>> = {
      getOne: () => Dynamo.getOne(User, 'a', o),
      saveOne: () => Dynamo.saveOne(User, { id: 'a', n: 1 }, o),
      updateOne: () => Dynamo.updateOne(User, 'a', [U.set(u.n, 2)], o),
      updateFromDict: () => Dynamo.updateFromDict(User, { id: 'a', n: 3 }, o),
      deleteOne: () => Dynamo.deleteOne(User, 'a', o),
      getMany: () => Dynamo.getMany(User, ['a'], o),
      page: () => Dynamo.page(User, C.gt(u.n, 1), o),
      pages: () => firstPage(Dynamo.pages(User, C.gt(u.n, 1), o)),
      reduce: () => Dynamo.reduce(User, C.gt(u.n, 1), 0, (b) => b + 1, o),
      count: () => Dynamo.count(User, C.gt(u.n, 1), o),
      saveMany: () => Dynamo.saveMany(User, [{ id: 'a', n: 1 }], o),
      deleteMany: () => Dynamo.deleteMany(User, ['a'], o),
      transactWrite: () => Dynamo.transactWrite([T.put(User, { id: 'a', n: 1 })], o),
      transactGet: () => Dynamo.transactGet([T.get(User, 'a')], o),
      collection: () => Dynamo.collection({ row: Row }, { id: 'a' }, o),
      describeTable: () => Dynamo.describeTable(User, o),
      createTable: () => Dynamo.createTable(User, o),
      clearTable: () => Dynamo.clearTable(User, o),
      dump: () => Dynamo.dump(User, new PassThrough().resume(), o),
      load: () => Dynamo.load(User, (async function* () { yield '{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}' })(), o),
    }
    for (const [name, op] of Object.entries(ops)) {
      const { env, sent } = counting()
      const what = `${name} with signal ${JSON.stringify(signal)}`
      const r = await settle(op, env, what)
      naming(r, 'signal', what)
      assert.is(sent.length, 0, `${what}: sent ${sent.length}`)
    }
  }
})

test('collection: descending, consistentRead and includeExpired that are no booleans are a ValidationError naming them, nothing sent', async () => {
  for (const flag of ['descending', 'consistentRead', 'includeExpired']) {
    for (const value of ['yes', 1, null]) {
      const { env, sent } = counting()
      const what = `collection with ${flag}: ${JSON.stringify(value)}`
      const r = await settle(() => Dynamo.collection({ row: Row }, { id: 'a' }, { [flag]: value } as any), env, what)
      naming(r, flag, what)
      assert.is(sent.length, 0)
    }
  }
})

test('getMany, count and reduce given a cursor (only page and pages go on from one): a ValidationError naming cursor, nothing sent; count given a limit: one naming limit', async () => {
  const c = C.eq(u.id, 'a')
  const cases: ReadonlyArray<readonly [string, string, () => Dynamo.Op<unknown>]> = [
    ['getMany', 'cursor', () => Dynamo.getMany(User, c, { cursor: 'x' } as any)],
    ['count', 'cursor', () => Dynamo.count(User, c, { cursor: 'x' } as any)],
    ['reduce', 'cursor', () => Dynamo.reduce(User, c, 0, (b) => b + 1, { cursor: 'x' } as any)],
    ['count', 'limit', () => Dynamo.count(User, C.gt(u.n, 1), { limit: 3 } as any)],
  ]
  for (const [name, path, op] of cases) {
    const { env, sent } = counting()
    const what = `${name} with ${path}`
    naming(await settle(op, env, what), path, what)
    assert.is(sent.length, 0, what)
  }
})

test('getMany, reduce and count given maxRequests (they read to the end), count given select or descending (it gives a number): a ValidationError naming the option, nothing sent', async () => {
  const c = C.eq(u.id, 'a')
  const cases: ReadonlyArray<readonly [string, string, () => Dynamo.Op<unknown>]> = [
    ['getMany', 'maxRequests', () => Dynamo.getMany(User, c, { maxRequests: 1 } as any)],
    ['reduce', 'maxRequests', () => Dynamo.reduce(User, c, 0, (b) => b + 1, { maxRequests: 1 } as any)],
    ['count', 'maxRequests', () => Dynamo.count(User, c, { maxRequests: 1 } as any)],
    ['count', 'select', () => Dynamo.count(User, c, { select: ['n'] } as any)],
    ['count', 'descending', () => Dynamo.count(User, c, { descending: true } as any)],
    ['count', 'descending', () => Dynamo.count(User, c, { descending: false } as any)],
  ]
  for (const [name, path, op] of cases) {
    const { env, sent } = counting()
    const what = `${name} with ${path}`
    naming(await settle(op, env, what), path, what)
    assert.is(sent.length, 0, what)
  }
})

test('null options: a ValidationError naming options from collection, as from the other reads, nothing sent', async () => {
  const ops: Record<string, () => Dynamo.Op<unknown>> = {
    collection: () => Dynamo.collection({ row: Row }, { id: 'a' }, null as any),
    getMany: () => Dynamo.getMany(User, ['a'], null as any),
    page: () => Dynamo.page(User, C.gt(u.n, 1), null as any),
    count: () => Dynamo.count(User, C.gt(u.n, 1), null as any),
  }
  for (const [name, op] of Object.entries(ops)) {
    const { env, sent } = counting()
    naming(await settle(op, env, name), 'options', name)
    assert.is(sent.length, 0, name)
  }
})

test('an onProgress that is no function (5, "x", {}, null) is refused before any request: a ValidationError naming onProgress from dump, load and clearTable; a ConfigError from an Env made or withBatch-ed with one (on, now, sleep, random alike)', async () => {
  for (const bad of [5, 'x', {}, null]) {
    const ops: Record<string, () => Dynamo.Op<unknown>> = {
      dump: () => Dynamo.dump(User, new PassThrough(), { onProgress: bad as any }),
      load: () => Dynamo.load(User, new PassThrough(), { onProgress: bad as any }),
      clearTable: () => Dynamo.clearTable(User, { onProgress: bad as any }),
    }
    for (const [name, op] of Object.entries(ops)) {
      const { env, sent } = counting()
      naming(await settle(op, env, `${name} ${String(bad)}`), 'onProgress', `${name} ${String(bad)}`)
      assert.is(sent.length, 0, name)
    }
    const { env, sent } = counting()
    const client = env.client
    const envs: Record<string, Env.Env> = {
      'withBatch onProgress': EnvM.withBatch({ onProgress: bad as any })(env),
      ...Object.fromEntries(['on', 'onProgress', 'now', 'sleep', 'random'].map((k) => [`make ${k}`, EnvM.make({ client, [k]: bad })])),
    }
    for (const [what, e] of Object.entries(envs)) {
      const r = await settle(() => Dynamo.getOne(User, 'a'), e, what)
      assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && /must be a function/.test(r.left.message), `${what} ${String(bad)}: ${JSON.stringify(r).slice(0, 300)}`)
      assert.is(sent.length, 0, what)
    }
  }
})

test.run()

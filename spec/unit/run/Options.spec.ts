/**
 * Options objects are read once, at the operation's entry (issue 14 1.b): a getter (or a
 * Proxy) answers one value that the checks, the plan and the requests all use, and one that
 * throws is a `Left`, never a throw nor a rejection. Against a client that records commands.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Row = Model.make({
  table: 'rows',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.type({ pk: t.string, sk: t.number, g: t.string }),
  indexes: { byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'sk' }) },
})
const r = Row.attrs
const item = { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'g' } }

/** An Env whose client answers at once and records each command's name and input. */
const recording = () => {
  const sent: Array<{ readonly name: string; readonly input: Record<string, unknown> }> = []
  const client = {
    send: async (command: { readonly constructor: { readonly name: string }; readonly input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '')
      sent.push({ name, input: command.input })
      switch (name) {
        case 'GetItem':
          return { Item: item, $metadata: {} }
        case 'BatchGetItem':
          return { Responses: { rows: [item] }, $metadata: {} }
        default:
          return { Items: [item], Count: 1, ScannedCount: 1, $metadata: {} }
      }
    },
  } as unknown as DynamoDBClient
  return { env: Env.make({ client }), sent }
}

/** Options whose every named getter counts its reads and answers `values` in turn (the last one after). */
const counted = (values: Readonly<Record<string, ReadonlyArray<unknown>>>) => {
  const reads: Record<string, number> = {}
  const o: Record<string, unknown> = {}
  for (const [k, vs] of Object.entries(values)) {
    reads[k] = 0
    Object.defineProperty(o, k, { enumerable: true, get: () => vs[Math.min((reads[k] = (reads[k] ?? 0) + 1) - 1, vs.length - 1)] })
  }
  return { o, reads }
}

const query = C.eq(r.pk, 'a')
const keys = [{ pk: 'a', sk: 1 }, { pk: 'a', sk: 2 }]

test('each option is read once, and the value read is the one every request carries (getOne, getMany, page, pages, reduce, count)', async () => {
  type Run = (o: object, env: Env.Env) => Promise<unknown>
  const drain = async (it: AsyncIterable<unknown>) => {
    for await (const _ of it) void _
  }
  const runs: ReadonlyArray<readonly [string, Run, Readonly<Record<string, ReadonlyArray<unknown>>>, (sent: ReturnType<typeof recording>['sent']) => void]> = [
    ['getOne', (o, env) => Dynamo.getOne(Row, { pk: 'a', sk: 1 }, o as never)(env)(), { consistentRead: [true, false] }, (s) => assert.is(s[0]?.input['ConsistentRead'], true)],
    ['getMany by keys', (o, env) => Dynamo.getMany(Row, keys, o as never)(env)(), { consistentRead: [true, false] }, (s) => assert.equal((s[0]?.input['RequestItems'] as Record<string, { ConsistentRead?: boolean }>)['rows']?.ConsistentRead, true)],
    ['getMany of a query', (o, env) => Dynamo.getMany(Row, query, o as never)(env)(), { consistentRead: [true, false], pageSize: [7, 1_000_000], descending: [true, false] }, (s) => {
      assert.is(s[0]?.input['ConsistentRead'], true)
      assert.is(s[0]?.input['Limit'], 7)
      assert.is(s[0]?.input['ScanIndexForward'], false)
    }],
    ['page', (o, env) => Dynamo.page(Row, query, o as never)(env)(), { consistentRead: [true, false], pageSize: [3, 1_000_000] }, (s) => {
      assert.is(s[0]?.input['ConsistentRead'], true)
      assert.is(s[0]?.input['Limit'], 3)
    }],
    ['pages', (o, env) => drain(Dynamo.pages(Row, query, o as never)(env)), { consistentRead: [true, false], pageSize: [3, 1_000_000], index: [undefined, 'byG'] }, (s) => {
      assert.is(s[0]?.input['ConsistentRead'], true)
      assert.is(s[0]?.input['IndexName'], undefined)
    }],
    ['reduce', (o, env) => Dynamo.reduce(Row, query, 0, (n) => n + 1, o as never)(env)(), { consistentRead: [true, false], limit: [5, 0] }, (s) => assert.is(s[0]?.input['ConsistentRead'], true)],
    ['count', (o, env) => Dynamo.count(Row, query, o as never)(env)(), { consistentRead: [true, false], pageSize: [4, 1_000_000] }, (s) => {
      assert.is(s[0]?.input['ConsistentRead'], true)
      assert.is(s[0]?.input['Limit'], 4)
    }],
  ]
  const wrong: string[] = []
  for (const [name, run, values, check] of runs) {
    const { env, sent } = recording()
    const { o, reads } = counted(values)
    const res = await run(o, env)
    if (res !== undefined && E.isLeft(res as E.Either<DE.DynamoError, unknown>)) wrong.push(`${name}: ${DE.show((res as E.Left<DE.DynamoError>).left)}`)
    try {
      check(sent)
    } catch (e) {
      wrong.push(`${name}: the request does not carry the value read: ${(e as Error).message}`)
    }
    for (const [k, n] of Object.entries(reads)) if (n !== 1) wrong.push(`${name}: ${k} read ${n} times`)
  }
  assert.equal(wrong, [])
})

test('the options of writes, transactions, collections and data (dump, load, clearTable) are read once too (each option one time)', async () => {
  const { Readable, Writable } = await import('node:stream')
  const T = await import('../../../lib/compile/Transaction.js')
  type Run = (o: object, env: Env.Env) => Promise<unknown>
  const sink = () => new Writable({ write: (_c, _e, cb) => cb() })
  const runs: ReadonlyArray<readonly [string, Run, Readonly<Record<string, ReadonlyArray<unknown>>>]> = [
    ['saveOne', (o, env) => Dynamo.saveOne(Row, { pk: 'a', sk: 1, g: 'g' }, o as never)(env)(), { signal: [undefined], overwrite: [true] }],
    ['saveMany', (o, env) => Dynamo.saveMany(Row, [{ pk: 'a', sk: 1, g: 'g' }], o as never)(env)(), { signal: [undefined], overwrite: [true] }],
    ['deleteOne', (o, env) => Dynamo.deleteOne(Row, { pk: 'a', sk: 1 }, o as never)(env)(), { signal: [undefined] }],
    ['send', (o, env) => Dynamo.send(new (class GetItemCommand { readonly input = { TableName: 'rows', Key: {} } })() as never, o as never)(env)(), { signal: [undefined] }],
    ['transactWrite', (o, env) => Dynamo.transactWrite([T.put(Row, { pk: 'a', sk: 1, g: 'g' })], o as never)(env)(), { signal: [undefined], token: ['t-1'], now: [new Date(0), 'no date'] }],
    ['transactGet', (o, env) => Dynamo.transactGet([T.get(Row, { pk: 'a', sk: 1 })], o as never)(env)(), { signal: [undefined] }],
    ['collection', (o, env) => Dynamo.collection({ rows: Row }, { pk: 'a' } as never, o as never)(env)(), { signal: [undefined], pageSize: [5, 1_000_000], consistentRead: [true, false] }],
    ['dump', (o, env) => Dynamo.dump(Row, sink(), o as never)(env)(), { signal: [undefined], segments: [2, 3], onProgress: [() => undefined] }],
    ['load', (o, env) => Dynamo.load(Row, Readable.from(['{"Item":{"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"g"}}}\n']), o as never)(env)(), { signal: [undefined], onProgress: [() => undefined] }],
    ['clearTable', (o, env) => Dynamo.clearTable(Row, o as never)(env)(), { signal: [undefined], onProgress: [() => undefined] }],
  ]
  const wrong: string[] = []
  for (const [name, run, values] of runs) {
    const { env } = recording()
    const { o, reads } = counted(values)
    try {
      await run(o, env)
    } catch (e) {
      wrong.push(`${name} threw: ${String(e)}`)
    }
    for (const [k, n] of Object.entries(reads)) if (n !== 1) wrong.push(`${name}: ${k} read ${n} times`)
  }
  assert.equal(wrong, [])
})

test('an option whose getter throws is a Left naming it, never a throw nor a rejection, and nothing is sent', async () => {
  const throwing = (): object => Object.defineProperty({}, 'consistentRead', { enumerable: true, get: () => { throw new Error('no option today') } })
  const ops: ReadonlyArray<readonly [string, (env: Env.Env) => Promise<unknown>]> = [
    ['getOne', (env) => Dynamo.getOne(Row, { pk: 'a', sk: 1 }, throwing() as never)(env)()],
    ['getMany', (env) => Dynamo.getMany(Row, query, throwing() as never)(env)()],
    ['page', (env) => Dynamo.page(Row, query, throwing() as never)(env)()],
    ['reduce', (env) => Dynamo.reduce(Row, query, 0, (n) => n, throwing() as never)(env)()],
    ['count', (env) => Dynamo.count(Row, query, throwing() as never)(env)()],
    ['pages', async (env) => {
      for await (const p of Dynamo.pages(Row, query, throwing() as never)(env)) return p
      return undefined
    }],
  ]
  for (const [name, op] of ops) {
    const { env, sent } = recording()
    let res: unknown
    try {
      res = await op(env)
    } catch (e) {
      assert.unreachable(`${name} threw: ${String(e)}`)
    }
    assert.ok(E.isLeft(res as E.Either<DE.DynamoError, unknown>), name)
    assert.match(DE.show((res as E.Left<DE.DynamoError>).left), 'no option today')
    assert.is(sent.length, 0, name)
  }
})

test('options that are null, a number, a string or a list: a ValidationError naming options from every operation, single-item writes and send too, nothing sent', async () => {
  const T = await import('../../../lib/compile/Transaction.js')
  const U = await import('../../../lib/ast/Update.js')
  const ops: ReadonlyArray<readonly [string, (o: unknown, env: Env.Env) => Promise<unknown>]> = [
    ['getOne', (o, env) => Dynamo.getOne(Row, { pk: 'a', sk: 1 }, o as never)(env)()],
    ['getMany', (o, env) => Dynamo.getMany(Row, query, o as never)(env)()],
    ['saveOne', (o, env) => Dynamo.saveOne(Row, { pk: 'a', sk: 1, g: 'g' }, o as never)(env)()],
    ['saveMany', (o, env) => Dynamo.saveMany(Row, [{ pk: 'a', sk: 1, g: 'g' }], o as never)(env)()],
    ['deleteOne', (o, env) => Dynamo.deleteOne(Row, { pk: 'a', sk: 1 }, o as never)(env)()],
    ['deleteMany', (o, env) => Dynamo.deleteMany(Row, keys, o as never)(env)()],
    ['updateOne', (o, env) => Dynamo.updateOne(Row, { pk: 'a', sk: 1 }, [U.set(r.g, 'h')], o as never)(env)()],
    ['updateFromDict', (o, env) => Dynamo.updateFromDict(Row, { pk: 'a', sk: 1, g: 'h' }, o as never)(env)()],
    ['transactWrite', (o, env) => Dynamo.transactWrite([T.put(Row, { pk: 'a', sk: 1, g: 'g' })], o as never)(env)()],
    ['send', (o, env) => Dynamo.send(new (class GetItemCommand { readonly input = { TableName: 'rows', Key: {} } })() as never, o as never)(env)()],
  ]
  const wrong: string[] = []
  for (const [name, op] of ops) {
    for (const given of [null, 5, 'signal', []]) {
      const { env, sent } = recording()
      let res: unknown
      try {
        res = await op(given, env)
      } catch (e) {
        wrong.push(`${name}(${JSON.stringify(given)}) threw: ${String(e)}`)
        continue
      }
      const e = E.isLeft(res as E.Either<DE.DynamoError, unknown>) ? (res as E.Left<DE.DynamoError>).left : undefined
      if (e?._tag !== 'ValidationError' || e.issues[0]?.path !== 'options') wrong.push(`${name}(${JSON.stringify(given)}): ${e === undefined ? 'a Right' : DE.show(e)}`)
      if (sent.length !== 0) wrong.push(`${name}(${JSON.stringify(given)}): ${sent.length} sent`)
    }
  }
  assert.equal(wrong, [])
})

test("send's options are checked as every operation's: a signal that is no AbortSignal, or the SDK's own name abortSignal (own or inherited), is a ValidationError naming it and saying which name is dynamongo's, nothing sent", async () => {
  const command = new (class GetItemCommand { readonly input = { TableName: 'rows', Key: {} } })() as never
  const sdkName = { abortSignal: new AbortController().signal }
  const cases = [
    [{ signal: 'stop' }, 'signal', /must be an AbortSignal/],
    [sdkName, 'abortSignal', /^is the SDK's name for it; dynamongo's option is signal$/],
    [Object.create(sdkName), 'abortSignal', /^is the SDK's name for it; dynamongo's option is signal$/],
  ] as const
  for (const [given, path, message] of cases) {
    const { env, sent } = recording()
    const res = await Dynamo.send(command, given as never)(env)()
    assert.ok(E.isLeft(res), path)
    const e = (res as E.Left<DE.DynamoError>).left
    assert.is(e._tag, 'ValidationError')
    const issue = (e as Extract<DE.DynamoError, { _tag: 'ValidationError' }>).issues[0]
    assert.is(issue?.path, path)
    assert.match(issue?.message ?? '', message)
    assert.is(sent.length, 0, path)
  }
  // every operation that takes a signal says so of abortSignal
  const { env, sent } = recording()
  const saved = await Dynamo.deleteOne(Model.make({ table: 'rows', hashKey: 'id', codec: t.type({ id: t.string }) }), 'a', sdkName as never)(env)()
  assert.ok(E.isLeft(saved) && saved.left._tag === 'ValidationError' && saved.left.issues[0]?.message === "is the SDK's name for it; dynamongo's option is signal", E.isLeft(saved) ? DE.show(saved.left) : 'a Right')
  assert.is(sent.length, 0)
})

test('send: the right name still carries the signal', async () => {
  const command = new (class GetItemCommand { readonly input = { TableName: 'rows', Key: {} } })() as never
  // the right name still carries the signal
  const { env, sent } = recording()
  assert.ok(E.isRight(await Dynamo.send(command, { signal: new AbortController().signal })(env)()))
  assert.is(sent.length, 1)
})

test("a whole-number option given as a string is shown quoted in its ValidationError, as other messages show values: '5' is not 5 (page, getMany, dump; a read's segments and dump's, one rule)", async () => {
  const { env, sent } = recording()
  const D = await import('../../../lib/run/data.js')
  const messages: string[] = []
  for (const r of [
    await Dynamo.page(Row, query, { pageSize: '5' as never })(env)(),
    await Dynamo.getMany(Row, query, { limit: '5' as never })(env)(),
    await Dynamo.page(Row, query, { maxRequests: '5' as never })(env)(),
    await D.dump(Row, { write: () => true } as never, { segments: '5' as never })(env)(),
    await Dynamo.getMany(Row, query, { segments: '5' as never })(env)(),
  ] as ReadonlyArray<E.Either<DE.DynamoError, unknown>>) {
    messages.push(E.isLeft(r) ? DE.show(r.left) : 'a Right')
  }
  for (const m of messages) assert.match(m, /got "5"$/, m)
  assert.is(messages[3], messages[4], "a read's segments and dump's: one rule, one message")
  assert.is(sent.length, 0)
})

test.run()

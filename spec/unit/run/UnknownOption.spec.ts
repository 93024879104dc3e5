/**
 * An option an operation does not take (a JavaScript caller's, or a TypeScript one's through
 * a variable, where no excess-property check applies): `condition` where a save takes
 * `overwrite`, a misspelt `consistentRead`. It was ignored, the request sent as if it were
 * absent (an unconditional overwrite, an eventually consistent read); it is a
 * `ValidationError` naming it, and no request is sent.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.intersection([t.type({ email: Field.email, name: t.string }), t.partial({ age: t.number })]) })
const u = User.attrs
const john = { email: 'john@x.io', name: 'John' }

const sent: string[] = []
const env = Env.make({
  client: { send: (c: object) => (sent.push(c.constructor.name), Promise.resolve({ $metadata: {} })) } as unknown as DynamoDBClient,
})

/** Options of a variable: TypeScript checks no excess property of these. */
const withExtra = <O extends object>(o: O): never => o as never

const cases: ReadonlyArray<readonly [string, string, Dynamo.Op<unknown>]> = [
  ['saveOne', 'condition', Dynamo.saveOne(User, john, withExtra({ condition: C.eq(u.age, 3) }))],
  ['saveMany', 'condition', Dynamo.saveMany(User, [john], withExtra({ condition: C.eq(u.age, 3) }))],
  ['updateOne', 'condition', Dynamo.updateOne(User, 'john@x.io', [U.set(u.name, 'J')], withExtra({ condition: C.eq(u.age, 3) }))],
  ['deleteOne', 'condition', Dynamo.deleteOne(User, 'john@x.io', withExtra({ condition: C.eq(u.age, 3) }))],
  ['getOne', 'consistent', Dynamo.getOne(User, 'john@x.io', withExtra({ consistent: true }))],
  ['getMany', 'limt', Dynamo.getMany(User, C.eq(u.email, 'john@x.io'), withExtra({ limt: 1 }))],
  ['getMany (a scan)', 'consistent', Dynamo.getMany(User, C.gt(u.age, 3), withExtra({ consistent: true, limit: 2 }))],
  ['transactWrite', 'tokn', Dynamo.transactWrite([T.put(User, john)], withExtra({ tokn: 'x' }))],
  ['createTable', 'billing', Dynamo.createTable(User, withExtra({ billing: 'onDemand' }))],
]

test('an option the operation does not take: a ValidationError that names it, and no request', async () => {
  for (const [op, option, run] of cases) {
    sent.length = 0
    const r = await run(env)()
    assert.ok(E.isLeft(r), `${op}: refused`)
    if (E.isRight(r)) continue
    assert.is(r.left._tag, 'ValidationError', `${op}: ${DE.show(r.left)}`)
    assert.ok(r.left._tag === 'ValidationError' && r.left.issues[0]?.path === option, `${op}: ${DE.show(r.left)}`)
    assert.match(DE.show(r.left), /is no option of this operation \(it takes /, op)
    assert.equal(sent, [], `${op}: nothing sent`)
  }
})

test('the options it takes, an absent one given as undefined, and inherited ones are read', async () => {
  sent.length = 0
  const r = await Dynamo.getOne(User, 'john@x.io', { consistentRead: true, select: undefined })(env)()
  // the stand-in answers no item: a NotFound, after one GetItem
  assert.ok(E.isLeft(r) && r.left._tag === 'NotFound', E.isLeft(r) ? DE.show(r.left) : 'a Right')
  assert.equal(sent, ['GetItemCommand'])
  sent.length = 0
  const inherited = Object.create({ consistentRead: true, other: 1 }) as never
  await Dynamo.getOne(User, 'john@x.io', inherited)(env)()
  assert.equal(sent, ['GetItemCommand'])
})

test("the message names what the operation takes, not every name it reads: getOne its four, explain what its type picks", async () => {
  sent.length = 0
  const one = await Dynamo.getOne(User, 'john@x.io', withExtra({ bogus: 1 }))(env)()
  assert.ok(E.isLeft(one) && one.left._tag === 'ValidationError', E.isLeft(one) ? DE.show(one.left) : 'a Right')
  assert.equal(E.isLeft(one) && one.left._tag === 'ValidationError' ? one.left.issues : [], [
    { path: 'bogus', message: 'is no option of this operation (it takes consistentRead, select, includeExpired, signal)' },
  ])
  assert.equal(sent, [])
  const plan = Dynamo.explain(User, 'john@x.io', withExtra({ bogus: 1 }))
  assert.equal(E.isLeft(plan) && plan.left._tag === 'ValidationError' ? plan.left.issues : [], [
    { path: 'bogus', message: 'is no option of this operation (it takes index, consistentRead, select, readUnitsPerSecond, includeExpired)' },
  ])
  // a read option getOne does not take keeps its own message
  const limit = await Dynamo.getOne(User, 'john@x.io', withExtra({ limit: 1 }))(env)()
  assert.ok(E.isLeft(limit) && /it reads one item by its key/.test(DE.show(limit.left)), E.isLeft(limit) ? DE.show(limit.left) : 'a Right')
})

test('each read says the options it takes, none other (count takes no select, limit, descending, cursor or maxRequests; page no limit; getMany and reduce no cursor or maxRequests)', async () => {
  const issues = async (op: Dynamo.Op<unknown>) => {
    const r = await op(env)()
    return E.isLeft(r) && r.left._tag === 'ValidationError' ? r.left.issues : r
  }
  const cond = C.eq(u.email, 'john@x.io')
  const takes = (names: string) => [{ path: 'bogus', message: `is no option of this operation (it takes ${names})` }]
  sent.length = 0
  assert.equal(await issues(Dynamo.count(User, cond, withExtra({ bogus: 1 }))), takes('consistentRead, index, pageSize, segments, segment, readUnitsPerSecond, includeExpired, signal'))
  assert.equal(await issues(Dynamo.page(User, cond, withExtra({ bogus: 1 }))), takes('consistentRead, select, index, descending, pageSize, maxRequests, segments, segment, readUnitsPerSecond, includeExpired, signal, cursor'))
  const all = 'consistentRead, select, index, descending, limit, pageSize, segments, segment, readUnitsPerSecond, includeExpired, signal'
  assert.equal(await issues(Dynamo.getMany(User, cond, withExtra({ bogus: 1 }))), takes(all))
  assert.equal(await issues(Dynamo.reduce(User, cond, 0, (n: number) => n + 1, withExtra({ bogus: 1 }))), takes(all))
  assert.equal(sent, [])
})

test('explain takes and reads its five options only: a read option no plan has (limit, cursor, segments, a signal that is none) is refused by name, not ignored', () => {
  for (const extra of [{ limit: 5 }, { cursor: 'x' }, { segments: 2 }, { signal: 5 }, { descending: true }, { pageSize: -1 }]) {
    const plan = Dynamo.explain(User, 'john@x.io', withExtra(extra))
    const name = Object.keys(extra)[0] as string
    assert.equal(E.isLeft(plan) && plan.left._tag === 'ValidationError' ? plan.left.issues : plan, [
      { path: name, message: 'is no option of this operation (it takes index, consistentRead, select, readUnitsPerSecond, includeExpired)' },
    ])
  }
  const read: string[] = []
  const spy = new Proxy({}, { get: (_, k) => (read.push(String(k)), undefined) })
  assert.ok(E.isRight(Dynamo.explain(User, 'john@x.io', spy)))
  assert.equal(read, ['index', 'consistentRead', 'select', 'readUnitsPerSecond', 'includeExpired'])
})

test('an option of another name given as undefined is absent, as every undefined option is: the request is sent as without it', async () => {
  const runs: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, string]> = [
    ['saveOne', Dynamo.saveOne(User, john, withExtra({ condition: undefined })), 'PutItemCommand'],
    ['deleteOne', Dynamo.deleteOne(User, 'john@x.io', withExtra({ condition: undefined })), 'DeleteItemCommand'],
    ['getMany', Dynamo.getMany(User, C.eq(u.email, 'john@x.io'), withExtra({ limt: undefined })), 'GetItemCommand'],
    ['transactWrite', Dynamo.transactWrite([T.put(User, john, withExtra({ condition: undefined }))], withExtra({ tokn: undefined })), 'TransactWriteItemsCommand'],
  ]
  for (const [op, run, command] of runs) {
    sent.length = 0
    const r = await run(env)()
    assert.ok(!(E.isLeft(r) && r.left._tag === 'ValidationError'), `${op}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
    assert.equal(sent, [command], op)
  }
})

test.run()

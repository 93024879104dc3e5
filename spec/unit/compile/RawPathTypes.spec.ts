/**
 * A path built by `Attr.path` to a modelled field is held to the rules a model's handle of it
 * is held to, in a Query's or Scan's filter: `contains`/`begins_with` of a constant the field
 * can never hold is a ValidationError before any request (ContainsTypes.spec: the handle's), and
 * an order or prefix test of a field stored for equality only an ExpressionError.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const User = Model.make({ table: 'users', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: t.string, n: t.number, tags: t.array(t.string) }) })
const u = User.attrs

const standIn = () => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string } }) => (sent.push(c.constructor.name), { $metadata: {}, Items: [], Count: 0, ScannedCount: 0 })
  return { sent, env: Env.make({ client: { send } as unknown as DynamoDBClient, now: () => new Date(0) }) }
}

test('contains and begins_with through Attr.path of a modelled field: the handle\'s refusal, before any request', async () => {
  for (const [name, c] of [
    ['Query, contains of a number', C.and(C.eq(u.id, 'a'), C.contains(A.path('n'), 'z'))],
    ['Query, begins_with of a number', C.and(C.eq(u.id, 'a'), C.beginsWith(A.path('n'), 'z'))],
    ['Scan, contains of a number', C.contains(A.path('n'), 'z')],
  ] as const) {
    const { env, sent } = standIn()
    const r = await Dynamo.getMany(User, c)(env)()
    if (E.isRight(r)) return assert.unreachable(`${name}: read as ${JSON.stringify(r.right)}`)
    assert.ok(r.left._tag === 'ValidationError' && DE.show(r.left).includes('n is stored as N'), `${name}: ${DE.show(r.left)}`)
    assert.equal(sent, [], name)
  }
})

test('through Attr.path, what the field can hold is read, and an attribute the model does not declare is any', async () => {
  for (const c of [C.contains(A.path('tags'), 'x'), C.beginsWith(A.path('at'), 'x'), C.contains(A.path('legacy'), 5)]) {
    const { env, sent } = standIn()
    const r = await Dynamo.getMany(User, c)(env)()
    assert.equal(r, E.right([]))
    assert.equal(sent, ['ScanCommand'])
  }
})

test('the same filter is refused whatever plan the read gets: a GetItem (every key field equal), a BatchGetItem (isIn on the range key), getOne, as a Query and a Scan are', async () => {
  const bad = C.contains(A.path('n'), 'z')
  const plans: ReadonlyArray<readonly [string, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>]> = [
    ['getMany, a Query', (env) => Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), bad))(env)()],
    ['getMany, a GetItem', (env) => Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.eq(u.at, 'b'), bad))(env)()],
    ['getMany, a BatchGetItem', (env) => Dynamo.getMany(User, C.and(C.eq(u.id, 'a'), C.isIn(u.at, ['b', 'c']), bad))(env)()],
    ['getOne, a GetItem', (env) => Dynamo.getOne(User, C.and(C.eq(u.id, 'a'), C.eq(u.at, 'b'), bad))(env)()],
    ['count, a GetItem', (env) => Dynamo.count(User, C.and(C.eq(u.id, 'a'), C.eq(u.at, 'b'), bad))(env)()],
    ['getMany of a list of key conditions, a BatchGetItem', (env) => Dynamo.getMany(User, [C.and(C.eq(u.id, 'a'), C.eq(u.at, 'b'), bad), C.and(C.eq(u.id, 'a'), C.eq(u.at, 'c'), bad)])(env)()],
    ['transactGet of a key condition', (env) => Dynamo.transactGet([T.get(User, C.and(C.eq(u.id, 'a'), C.eq(u.at, 'b'), bad))])(env)()],
  ]
  for (const [name, read] of plans) {
    const { env, sent } = standIn()
    const r = await read(env)
    if (E.isRight(r)) return assert.unreachable(`${name}: read as ${JSON.stringify(r.right)}`)
    assert.ok(r.left._tag === 'ValidationError' && DE.show(r.left).includes('n is stored as N'), `${name}: ${DE.show(r.left)}`)
    assert.equal(sent, [], name)
  }
})

test("another model's handle in a read's filter (through a cast): an ExpressionError naming it, before any request, whatever the plan", async () => {
  const Other = Model.make({ table: 'others', hashKey: 'k', codec: t.type({ k: t.string, nick: t.string }) })
  const nick = Other.attrs.nick as any
  const plans: ReadonlyArray<readonly [string, C.Condition<any>]> = [
    ['a Query', C.and(C.eq(u.id, 'a'), C.eq(nick, 'z'))],
    ['a Scan', C.eq(nick, 'z')],
    ['a GetItem', C.and(C.eq(u.id, 'a'), C.eq(u.at, 'b'), C.eq(nick, 'z'))],
    ['a BatchGetItem', C.and(C.eq(u.id, 'a'), C.isIn(u.at, ['b', 'c']), C.eq(nick, 'z'))],
  ]
  for (const [name, c] of plans) {
    const { env, sent } = standIn()
    const r = await Dynamo.getMany(User, c)(env)()
    if (E.isRight(r)) return assert.unreachable(`${name}: read as ${JSON.stringify(r.right)}`)
    assert.ok(r.left._tag === 'ExpressionError' && DE.show(r.left).includes('nick is a handle of another model'), `${name}: ${DE.show(r.left)}`)
    assert.equal(sent, [], name)
  }
})

test.run()

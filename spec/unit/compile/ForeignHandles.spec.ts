/**
 * A handle of another model reaching a request of a model through a cast (`any`: the types
 * refuse it) is refused at run time, an `ExpressionError` naming it, before any request: as the
 * target of an action (it would write a stray attribute into the item, and return it typed as
 * this model's), read on a right-hand side, or tested by the condition of any write; a nested
 * handle under a name both models have too. `Attr.path` still names any attribute, one the
 * model does not declare included, and no handle of the model (nested, a list element, a
 * twin's, a sibling entity's shared field) nor an attribute the library computes is refused.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as U from '../../../lib/ast/Update.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, name: t.string }) })
const Other = Model.make({ table: 'others', hashKey: 'k', codec: t.type({ k: t.string, nick: t.string, tags: t.array(t.string) }) })
const u = User.attrs
// a nested handle under a top-level name both models have
const Home = Model.make({ table: 'homes', hashKey: 'id', codec: t.type({ id: t.string, name: t.string, address: t.type({ city: t.string }) }) })
const Away = Model.make({ table: 'aways', hashKey: 'k', codec: t.type({ k: t.string, address: t.type({ zip: t.string }) }) })
const zip = Away.attrs.address.zip as any
// another model's handles, through a cast
const nick = Other.attrs.nick as any
const tag = Other.attrs.tags.at(0) as any

const standIn = () => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string } }) => {
    sent.push(c.constructor.name)
    return { $metadata: {}, Attributes: { id: { S: 'a' }, name: { S: 'x' } } }
  }
  return { sent, env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, now: () => new Date(0) }) }
}

test("another model's handle in an update: an ExpressionError naming it, before any request", async () => {
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, string]> = [
    ['updateOne, set', Dynamo.updateOne(User, 'a', [U.set(nick, 'z')]), 'nick'],
    ['updateOne, set of a list element', Dynamo.updateOne(User, 'a', [U.set(tag, 'z')]), 'tags[0]'],
    ['updateOne, remove', Dynamo.updateOne(User, 'a', [U.remove(nick)]), 'nick'],
    ['updateOne, read on the right-hand side', Dynamo.updateOne(User, 'a', [U.set(u.name, nick)]), 'nick'],
    ['updateOne, its condition', Dynamo.updateOne(User, C.and(C.eq(u.id, 'a'), C.eq(nick, 'z')) as any, [U.set(u.name, 'z')]), 'nick'],
    ['transactWrite, an update entry', Dynamo.transactWrite([T.update(User, 'a', [U.set(nick, 'z')])]), 'nick'],
    ['updateOne, a nested handle under a name this model has', Dynamo.updateOne(Home, 'a', [U.set(zip, 'z')]), 'address.zip'],
    ['updateOne, a nested handle read on the right-hand side', Dynamo.updateOne(Home, 'a', [U.set(Home.attrs.name, zip)]), 'address.zip'],
    ['transactWrite, a nested handle in an update entry', Dynamo.transactWrite([T.update(Home, 'a', [U.remove(zip)])]), 'address.zip'],
  ]
  for (const [name, op, shown] of cases) {
    const { env, sent } = standIn()
    const r = await op(env)()
    if (E.isRight(r)) throw new Error(`${name}: expected a refusal, got ${JSON.stringify(r.right)}`)
    const said = DE.show(r.left)
    assert.is(r.left._tag, 'ExpressionError', `${name}: ${said}`)
    assert.ok(said.includes(`${shown} is a handle of another model`), `${name}: ${said}`)
    assert.equal(sent, [], `${name}: no request`)
  }
})

test("another model's handle in the condition of any write of a model: an ExpressionError naming it, before any request", async () => {
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, string]> = [
    ['deleteOne', Dynamo.deleteOne(User, C.and(C.eq(u.id, 'a'), C.eq(nick, 'z')) as any), 'nick'],
    ['deleteOne, a nested handle', Dynamo.deleteOne(Home, C.and(C.eq(Home.attrs.id, 'a'), C.eq(zip, 'z')) as any), 'address.zip'],
    ['saveOne, its overwrite', Dynamo.saveOne(User, { id: 'a', name: 'x' }, { overwrite: C.eq(nick, 'z') } as any), 'nick'],
    ['transactWrite, a check', Dynamo.transactWrite([T.check(User, C.and(C.eq(u.id, 'a'), C.eq(nick, 'z')) as any)]), 'nick'],
    ['transactWrite, a delete', Dynamo.transactWrite([T.delete(User, C.and(C.eq(u.id, 'a'), C.eq(tag, 'z')) as any)]), 'tags[0]'],
    ['transactWrite, a put', Dynamo.transactWrite([T.put(User, { id: 'a', name: 'x' }, { overwrite: C.eq(nick, 'z') } as any)]), 'nick'],
  ]
  for (const [name, op, shown] of cases) {
    const { env, sent } = standIn()
    const r = await op(env)()
    if (E.isRight(r)) throw new Error(`${name}: expected a refusal, got ${JSON.stringify(r.right)} after ${JSON.stringify(sent)}`)
    const said = DE.show(r.left)
    assert.is(r.left._tag, 'ExpressionError', `${name}: ${said}`)
    assert.ok(said.includes(`${shown} is a handle of another model`), `${name}: ${said}`)
    assert.equal(sent, [], `${name}: no request`)
  }
})

test("another model's handle under a name this model has, of another type: held to this model's codec there (a number), not the handle's (a string), in a write's condition and a read's filter", async () => {
  const Num = Model.make({ table: 'nums', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: t.string, n: t.number }) })
  const Str = Model.make({ table: 'strs', hashKey: 'k', codec: t.type({ k: t.string, n: t.string }) })
  const n = Str.attrs.n as any
  const x = Num.attrs
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['updateOne, its condition', Dynamo.updateOne(Num, C.and(C.eq(x.id, 'a'), C.eq(x.at, 'b'), C.contains(n, 'x')) as any, [U.set(x.n, 2)])],
    ['deleteOne, its condition', Dynamo.deleteOne(Num, C.and(C.eq(x.id, 'a'), C.eq(x.at, 'b'), C.beginsWith(n, 'x')) as any)],
    ['getMany, a Query\'s filter', Dynamo.getMany(Num, C.and(C.eq(x.id, 'a'), C.contains(n, 'x')) as any)],
  ]
  for (const [name, op] of cases) {
    const { env, sent } = standIn()
    const r = await op(env)()
    if (E.isRight(r)) throw new Error(`${name}: expected a refusal, got ${JSON.stringify(r.right)} after ${JSON.stringify(sent)}`)
    const said = DE.show(r.left)
    assert.ok(r.left._tag === 'ValidationError' && said.includes('n is stored as N'), `${name}: ${said}`)
    assert.equal(sent, [], `${name}: no request`)
  }
})

test("Attr.path names an attribute the model does not declare: written", async () => {
  const { env, sent } = standIn()
  const r = await Dynamo.updateOne(User, 'a', [U.set(A.path<string>('legacy'), 'z')])(env)()
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.equal(sent, ['UpdateItemCommand'])
})

/** A stand-in that answers every request with nothing and records the names each request sends (what it makes of the answer is no matter here). */
const namesOf = () => {
  const names: Array<Record<string, string>> = []
  const send = async (c: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const input = c.input as { ExpressionAttributeNames?: Record<string, string>; TransactItems?: ReadonlyArray<Record<string, { ExpressionAttributeNames?: Record<string, string> }>> }
    if (input.ExpressionAttributeNames !== undefined) names.push(input.ExpressionAttributeNames)
    for (const item of input.TransactItems ?? []) for (const part of Object.values(item)) if (part.ExpressionAttributeNames !== undefined) names.push(part.ExpressionAttributeNames)
    return { $metadata: {} }
  }
  return { names, env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, now: () => new Date(0) }) }
}

/** A model of a shared table with composed keys, a global index, a version, timestamps, a ttl, nested fields and a list. */
const richDefinition = {
  table: 'shop',
  entity: 'rich',
  hashKey: Model.key('pk', 'R#{id}'),
  rangeKey: Model.key('sk', 'X#{sid}'),
  indexes: { byTag: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'T#{tag}') }) },
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  ttl: 'expiresAt',
  codec: t.intersection([
    t.type({ id: t.string, sid: t.string, tag: t.string, name: t.string, address: t.type({ city: t.string }), tags: t.array(t.string) }),
    t.partial({ version: Field.int(), created_at: Field.dateTime, updated_at: Field.dateTime, expiresAt: Field.epochSeconds }),
  ]),
} as const
const Rich = Model.make(richDefinition)
// a twin made from the same definition, and a sibling entity of the same table sharing the field name
const Twin = Model.make(richDefinition)
const Sibling = Model.make({ table: 'shop', entity: 'sibling', hashKey: Model.key('pk', 'S#{id}'), codec: t.type({ id: t.string, name: t.string }) })

test("no handle of the model refused: nested fields, list elements, Attr.path at any depth, a twin's and a sibling's shared field, through updateOne, its condition, and transactWrite", async () => {
  const r = Rich.attrs
  const key = { id: 'a', sid: 'b' }
  const updates = [
    U.set(r.address.city, 'Oslo'),
    U.set(r.tags.at(0), 'x'),
    U.set(A.path<string>('legacy', 'x'), 'y'),
    U.set(Twin.attrs.tags.at(1) as any, 'y'),
    U.set(Sibling.attrs.name as any, 'n'),
    U.set(r.tag, 't'),
  ]
  const checkOf = (sid: string) => C.and(C.eq(r.id, 'a'), C.eq(r.sid, sid), C.eq(r.address.city, 'Oslo'), C.eq(r.tags.at(0), 'x'), C.eq(Twin.attrs.address.city as any, 'Oslo'), C.exists(A.path('legacy', 'x')))
  const check = checkOf('b')
  const ops: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['updateOne', Dynamo.updateOne(Rich, key, updates)],
    ['updateOne with a condition', Dynamo.updateOne(Rich, check as any, updates)],
    ['transactWrite', Dynamo.transactWrite([T.update(Rich, key, updates), T.check(Rich, checkOf('c') as any)])],
  ]
  for (const [name, op] of ops) {
    const { env, names } = namesOf()
    const x = await op(env)()
    // sent: the answer of nothing may be refused, never the request
    if (names.length === 0) throw new Error(`${name}: not sent: ${E.isLeft(x) ? DE.show(x.left) : 'no names'}`)
    const all = new Set(names.flatMap((n) => Object.values(n)))
    // the computed attributes the library writes and tests (keys, index keys, entity, version, timestamps, ttl) are named too
    for (const n of ['address', 'city', 'tags', 'legacy', 'x', 'name', 'gsi1pk', '_et', 'version', 'updated_at']) assert.ok(all.has(n), `${name}: ${n} in ${[...all].join(', ')}`)
  }
})

test.run()

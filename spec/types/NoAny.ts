/**
 * Type tests: no `any` comes out of a public type. What an operation, an entry or a stream gives
 * is typed, to its last part: a transaction entry's model, the value a finished stream of pages
 * returns, the results of every operation on a made model.
 */
import { Condition as C, Dynamo, type Model, Transaction as T, Update as U } from 'dynamongo'
import type { Env } from 'dynamongo'
import { expect, type Equals, type IsAny } from './helpers.js'
import { Contacts, Order, User, u, user } from './models.js'

// a put entry keeps its model's type: its key names, its table (before, Model<Item, any, any, any>)
const put = T.put(User, user)
expect<Equals<typeof put.model.hashKey, 'email'>>()
expect<Equals<typeof put.model.table, 'users'>>()
expect<Equals<IsAny<typeof put.model.rangeKey>, false>>()
const putOrder = T.put(Order, { customerId: 'c', orderId: 'o', createdAt: new Date(0), status: 's', total: 1 })
expect<Equals<typeof putOrder.model.rangeKey, 'sk'>>()
// an entry of a made model is still an entry of `transactWrite`, and of a list of the model's item type
export const written = Dynamo.transactWrite([put, putOrder, T.put(Contacts, user)])
export const typedByItem: T.Put<Model.TypeOf<typeof User>> = put

// a stream of pages, iterated by hand: what `next()` gives when the stream is done is no `any`
const next = async (env: Env.Env) => {
  const r = await Dynamo.pages(User, C.eq(u.name, 'x'))(env)[Symbol.asyncIterator]().next()
  return r.done === true ? r.value : undefined
}
expect<Equals<IsAny<Awaited<ReturnType<typeof next>>>, false>>()
expect<Equals<Awaited<ReturnType<typeof next>>, void>>()
// and it is still the AsyncIterable of the contract, for `for await` and for annotations
export const iterated = async (env: Env.Env) => {
  let n = 0
  for await (const p of Dynamo.pages(User, C.eq(u.name, 'x'))(env)) n += p._tag === 'Right' ? p.right.items.length : 0
  return n
}
export const annotated: (env: Env.Env) => AsyncIterable<unknown> = Dynamo.pages(User, C.eq(u.name, 'x'))

// what the operations give, on a made model
type Out<X> = X extends (env: never) => () => Promise<infer A> ? A : X extends (env: never) => infer A ? A : X
expect<Equals<IsAny<Out<ReturnType<typeof Dynamo.getOne<typeof User>>>>, false>>()
const results = [
  Dynamo.getOne(User, 'a'),
  Dynamo.getMany(User, C.eq(u.name, 'x')),
  Dynamo.page(User, C.eq(u.name, 'x')),
  Dynamo.reduce(User, C.eq(u.name, 'x'), 0, (n) => n + 1),
  Dynamo.count(User, C.eq(u.name, 'x')),
  Dynamo.saveOne(User, user),
  Dynamo.saveMany(User, [user]),
  Dynamo.updateOne(User, 'a', [U.set(u.name, 'x')]),
  Dynamo.updateFromDict(User, { email: 'a' }),
  Dynamo.deleteOne(User, 'a'),
  Dynamo.deleteMany(User, ['a']),
  Dynamo.transactGet([T.get(User, 'a')] as const),
  Dynamo.collection({ orders: Order }, { customerId: 'c' }),
  Dynamo.describeTable(User),
  Dynamo.load(User, []),
] as const
type Results = { [K in keyof typeof results]: IsAny<Out<(typeof results)[K]>> }[number]
expect<Equals<Results, false>>()

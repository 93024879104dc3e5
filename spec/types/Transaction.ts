/**
 * Type tests (compile-only) of transactions: `transactGet` of an `as const` list is a tuple
 * of `Option`s of each entry's item type, in input order; entries take their model's items
 * and strategies.
 */
import type * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import { Dynamo, Field, Model, Transaction as T, Update as U } from 'dynamongo'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, year: Field.int({ min: 1900 }) }) })
const Order = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'id', codec: t.type({ customer: t.string, id: Field.int(), total: Field.int({ min: 0 }) }) })
const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: Field.int({ min: 0 }) }) })

type User = { email: string; name: string; year: number }
type Order = { customer: string; id: number; total: number }

const gets = Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Order, ['c-1', 9])] as const)
type Got = typeof gets extends Dynamo.Op<infer A> ? A : never
export const got = (x: Got): readonly [O.Option<User>, O.Option<Order>] => x
export const first = (x: Got): O.Option<User> => x[0]
// @ts-expect-error: the second entry is an Order, not a User
export const second = (x: Got): O.Option<User> => x[1]
// @ts-expect-error: two entries, two places
export const third = (x: Got): unknown => x[2]

export const writes = Dynamo.transactWrite(
  [T.put(Order, { customer: 'c', id: 1, total: 2 }, { overwrite: false }), T.update(Stock, 'x', [U.decrement(Stock.attrs.count, 1)]), T.delete(User, 'a'), T.check(Order, ['c', 2])],
  { token: 'order-42' },
)
export const done: Dynamo.Op<void> = writes
// @ts-expect-error: an Order has a total
export const badPut = T.put(Order, { customer: 'c', id: 1 })
// @ts-expect-error: a hash+range model's key is a tuple, not a scalar
export const badKey = T.get(Order, 'c')

// a clock fixed for every entry of the run: the same token and now, the same transaction on every run
export const retried: Dynamo.Op<void> = Dynamo.transactWrite([T.update(Stock, 'x', [U.decrement(Stock.attrs.count, 1)])], { token: 'order-42', now: new Date('2026-01-01T00:00:00Z') })
// @ts-expect-error: now is a Date, not an ISO string
export const nowString = Dynamo.transactWrite([T.check(Stock, 'x')], { token: 'order-42', now: '2026-01-01T00:00:00Z' })
// @ts-expect-error: now is a Date, not a clock function (that is Env.make's now)
export const nowClock = Dynamo.transactWrite([T.check(Stock, 'x')], { token: 'order-42', now: () => new Date() })

// an entry takes the options its single operation takes in a transaction, and no other
// @ts-expect-error: a put takes overwrite; its condition is overwrite's
export const putCondition = T.put(User, { email: 'a', name: 'A', year: 1990 }, { condition: true })
// @ts-expect-error: null is no options (undefined is none)
export const putNull = T.put(User, { email: 'a', name: 'A', year: 1990 }, null)
// through a variable no excess property is checked: transactWrite refuses its condition (TransactionEntries.spec)
const cond = { overwrite: false, condition: true }
export const putVariable = T.put(User, { email: 'a', name: 'A', year: 1990 }, cond)
// @ts-expect-error: a delete takes no options (its checks are its strategy's)
export const deleteOptions = T.delete(User, 'a', { condition: true })
// @ts-expect-error: a get takes no options (a transaction reads consistently)
export const getOptions = T.get(User, 'a', { consistentRead: true })
// @ts-expect-error: a check takes no options
export const checkOptions = T.check(User, 'a', {})
// @ts-expect-error: an update takes no options
export const updateOptions = T.update(Stock, 'x', [U.decrement(Stock.attrs.count, 1)], {})

// a transaction holds one entry at least (DynamoDB refuses an empty one): a list literal of none does not compile
// @ts-expect-error: an empty transactWrite
export const noWrites = Dynamo.transactWrite([])
// @ts-expect-error: nor with options
export const noWritesToken = Dynamo.transactWrite([], { token: 'order-42' })
// @ts-expect-error: an empty transactGet
export const noGets = Dynamo.transactGet([])
// @ts-expect-error: nor as const
export const noGetsConst = Dynamo.transactGet([] as const)
// a list typed apart may hold none: the run refuses it (an ExpressionError before any request)
declare const writesApart: ReadonlyArray<T.Write>
declare const getsApart: ReadonlyArray<T.Get>
export const apart = [Dynamo.transactWrite(writesApart), Dynamo.transactGet(getsApart)]
// a list of one entry compiles, and a mutable list of entries
const mutable: Array<T.Write> = [T.check(Stock, 'x')]
export const one = [Dynamo.transactWrite([T.delete(User, 'a')]), Dynamo.transactGet([T.get(User, 'a')]), Dynamo.transactWrite(mutable)]
// transactGet reads expired items with includeExpired, as getOne does; it takes a boolean
export const expiredToo = Dynamo.transactGet([T.get(User, 'a')], { includeExpired: true })
// @ts-expect-error: includeExpired is a boolean
export const expiredWhat = Dynamo.transactGet([T.get(User, 'a')], { includeExpired: 'yes' })

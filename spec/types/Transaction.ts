/**
 * Type tests (compile-only) of transactions: `transactGet` of an `as const` list is a tuple
 * of `Option`s of each entry's item type, in input order; entries take their model's items
 * and strategies.
 */
import type * as O from 'fp-ts/lib/Option.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { Order, Stock, User } from '../harness/transaction.js'

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

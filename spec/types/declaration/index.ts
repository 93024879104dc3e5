/**
 * A user's module, built with `declaration: true` by spec/unit/Types.spec.ts against the
 * built package (as an application would install it): every export's inferred type must be
 * nameable from `dynamongo`'s root (no TS2742 "cannot be named without a reference to
 * …/dist/…"). It imports only some of the namespaces, as applications do.
 */
import * as t from 'io-ts'
import { pipe } from 'fp-ts/lib/function.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Attr, Condition as C, Dynamo, Evaluate, Field, Model, Strategy, Transaction as T, Update as U } from 'dynamongo'
import type { AttrType, Decided, LoadInput } from 'dynamongo'

export const codec = t.intersection([
  t.type({ email: Field.email, name: Field.string({ minLength: 1 }) }),
  t.partial({ year_of_birth: Field.int({ min: 1900 }), cities: Field.list(t.string), created: Field.dateTime, roles: Field.stringSet }),
])

export const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec,
  defaults: { created: () => new Date(), cities: () => [] },
  indexes: { byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'year_of_birth', projection: ['cities'] }) },
})
export type User = Model.TypeOf<typeof User>

// handles
export const u = User.attrs
export const email = u.email
export const firstCity = u.cities.at(0)
export const legacy = Attr.path('legacy', 'flag')

// conditions and updates
export const young = C.and(C.gt(u.year_of_birth, 2000), C.exists(u.name))
export const inCity = C.contains(u.cities, 'Lima')
export const rename = (name: string) => [U.set(u.name, name), U.increment(u.year_of_birth, 0)]
export const sizes = C.gt(C.size(u.cities), 1)
export const appended = U.set(u.cities, U.listAppend(u.cities, ['x']))

// piped queries
export const nameOf = (email: string) =>
  pipe(
    Dynamo.getOne(User, email),
    RTE.map((user) => user.name),
  )
export const youngNames = pipe(
  Dynamo.getMany(User, young, { limit: 10 }),
  RTE.map((users) => users.map((x) => x.name)),
)
export const renameOrCreate = (user: User) =>
  pipe(
    Dynamo.updateOne(User, user.email, rename(user.name)),
    RTE.orElse(() => Dynamo.saveOne(User, user, { overwrite: false })),
  )
export const removeAll = pipe(
  Dynamo.deleteMany(User, inCity),
  RTE.map((r) => r.success.map((k) => k.email)),
)
export const deleted = Dynamo.deleteOne(User, 'a@b.c')
export const savedMany = Dynamo.saveMany(User, [])
export const fromDict = Dynamo.updateFromDict(User, { email: 'a@b.c', name: 'B' })
export const created = Dynamo.createTable(User)
export const plan = Dynamo.explain(User, C.eq(u.name, 'x'))
export const keys = Model.keysIn(User, ['a@b.c'])
export const run = (env: Parameters<typeof created>[0]) => pipe(nameOf('a@b.c')(env), TE.mapLeft((e) => e._tag))

// the second layer: a single-table entity, its reads page by page, transactions, a collection
export const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, total: Field.int() }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: { byTotal: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'T#{total}') }) },
})
export const ordersOf = (customerId: string) => C.eq(Order.attrs.customerId, customerId)
export const firstPage = (customerId: string, cursor?: string) => Dynamo.page(Order, ordersOf(customerId), { select: ['total'], pageSize: 20, ...(cursor === undefined ? {} : { cursor }) })
export const allPages = Dynamo.pages(Order, ordersOf('c'), { limit: 100 })
export const totals = Dynamo.reduce(Order, ordersOf('c'), 0, (n, o) => n + o.total)
export const counted = Dynamo.count(Order, ordersOf('c'), { index: 'byTotal' })
export const orderPlan = Dynamo.explain(Order, ordersOf('c'), { select: ['total'] })
export const pair = Dynamo.transactGet([T.get(Order, { customerId: 'c', orderId: 'o', createdAt: new Date(0) }), T.get(User, 'a@b.c')] as const)
export const transfer = Dynamo.transactWrite([T.put(Order, { customerId: 'c', orderId: 'o', createdAt: new Date(0), total: 1 }), T.check(User, 'a@b.c'), T.update(User, 'a@b.c', [U.set(u.name, 'x')]), T.delete(User, 'b@b.c')], { token: 't' })
export const both = Dynamo.collection({ orders: Order }, { customerId: 'c' })

// transaction entries alone, a page's items and cursor, index reads, loads, Evaluate and Strategy
export const putEntry = T.put(User, { email: 'a@b.c', name: 'n' })
export const updateEntry = T.update(User, 'a@b.c', [U.set(u.name, 'x')])
export const deleteEntry = (e: string) => T.delete(User, C.and(C.eq(u.email, e), C.exists(u.name)))
export const checkEntry = T.check(Order, { customerId: 'c', orderId: 'o', createdAt: new Date(0) })
export const getEntry = T.get(User, 'a@b.c')
export const entries = [putEntry, updateEntry, getEntry] as const
export const pageItems = pipe(firstPage('c'), RTE.map((p) => p.items))
export const pageCursor = pipe(firstPage('c'), RTE.map((p) => p.cursor))
export const pagesOf = (env: Parameters<typeof created>[0]) => allPages(env)
export const indexPage = Dynamo.page(User, C.eq(u.name, 'x'), { index: 'byName' })
export const indexRead = Dynamo.getMany(User, C.eq(u.name, 'x'), { index: 'byName', select: ['cities'] })
export const loaded = (input: LoadInput) => Dynamo.load(User, input)
export const sameAs = <T>(a: AttrType<T, typeof User>, v: Decided<T>) => C.eq(a, v)
export const bornIn = sameAs(u.year_of_birth, 2000)
export const evaluated = Evaluate.saveOne(User, { email: 'a@b.c', name: 'n' }, new Date())
export const parsed = Strategy.fromCondition(User, C.eq(u.email, 'a@b.c'))
export const handles = [u.email, u.name, Order.attrs.total] as const
export const roles = [U.add(u.roles, new Set(['x'])), U.deleteFrom(u.roles, new Set(['y']))]

/**
 * Type tests of what a read gives back (DESIGN §5.1): `select` takes a list of the model's
 * fields, forwarded by generic code as well (the run refuses an empty one, `ValidationError`),
 * and a read through an
 * index gives what that index projects: a global index that projects its keys only, or its
 * keys and some fields, gives those (without `select`), and takes a `select` of what it holds
 * (the run refuses a read of more, `ExpressionError`); a local index, or one that projects
 * everything, gives the item.
 */
import { Condition as C, Dynamo, type Model } from 'dynamongo'
import type { Op, Page } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { type Contacts, Indexed, Order, User, u } from './models.js'

const named = C.eq(u.name, 'n')

// -------------------------------------------------------------------------------------
// select
// -------------------------------------------------------------------------------------

// select: [] compiles (its type is a list of the model's fields) and the run refuses it, a
// ValidationError naming select (Read.spec): a type that refused it would be a conditional type on
// the fields, which generic code forwarding its own select could not meet, as this forwarder does
const forward = <K extends 'name' | 'age'>(fields: ReadonlyArray<K>) => Dynamo.getMany(User, named, { select: fields })
expect<Equals<ReturnType<typeof forward<'age'>>, Op<ReadonlyArray<Pick<User, 'email' | 'age'>>>>>()
// a list built at run time, of the model's fields: the fields it may hold (the run refuses it empty)
declare const chosen: ReadonlyArray<'name' | 'age'>
const some = Dynamo.getMany(User, named, { select: chosen })
expect<Equals<typeof some, Op<ReadonlyArray<Pick<User, 'email' | 'name' | 'age'>>>>>()
const one = Dynamo.getOne(User, 'a@b.c', { select: ['nick'] })
expect<Equals<typeof one, Op<Pick<User, 'email' | 'nick'>>>>()
const whole = Dynamo.getMany(User, named)
expect<Equals<typeof whole, Op<ReadonlyArray<User>>>>()
export const explained = Dynamo.explain(User, named, { select: ['age'] })

// a model value of a union of models: each item is one model's, with its own key fields
declare const either: typeof User | typeof Contacts
type Contact = Model.TypeOf<typeof Contacts>
const picked = Dynamo.getMany(either, ['a@b.c'], { select: ['age'] })
expect<Equals<typeof picked, Op<ReadonlyArray<Pick<User, 'email' | 'age'> | Pick<Contact, 'email' | 'name' | 'age'>>>>>()
expect<Equals<Model.Projected<typeof User | typeof Order, 'total'>, Pick<User, 'email'> | Pick<Order, 'customerId' | 'orderId' | 'createdAt' | 'total'>>>()
// @ts-expect-error an item of the union is not known to have Contacts' range key
export const rangeOfEither = (x: Model.Projected<typeof User | typeof Contacts, 'age'>): string => x.name

// -------------------------------------------------------------------------------------
// reads through an index: what it projects
// -------------------------------------------------------------------------------------

type Indexed = Model.TypeOf<typeof Indexed>
const i = Indexed.attrs
const aged = C.eq(i.age, 3)

// without select, what the index gives: its keys alone (the table's and its own)
const keysAlone = Dynamo.getMany(Indexed, aged, { index: 'byAge' })
expect<Equals<typeof keysAlone, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()
// @ts-expect-error a field it does not project
Dynamo.page(Indexed, aged, { index: 'byAge', select: ['nick'] })
// @ts-expect-error nor through an index of its keys and some fields
Dynamo.getMany(Indexed, C.eq(i.born, 1), { index: 'byBorn', select: ['flag'] })
// its keys and the fields it projects, page by page
export const paged = Dynamo.pages(Indexed, C.eq(i.born, 1), { index: 'byBorn', limit: 2 })
// reduce's and explain's too
export const reduced = Dynamo.reduce(Indexed, aged, 0, (n, a) => n + a.age, { index: 'byAge' })
export const planned = Dynamo.explain(Indexed, aged, { index: 'byAge' })
// @ts-expect-error a multi-attribute key's index of its keys
Dynamo.getMany(Indexed, C.eq(i.nick, 'n'), { index: 'byNick', select: ['flag'] })
// its keys (the table's and its own): typed as what comes back
const keys = Dynamo.getMany(Indexed, aged, { index: 'byAge', select: ['age'] })
expect<Equals<typeof keys, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()
const projected = Dynamo.page(Indexed, C.eq(i.born, 1), { index: 'byBorn', select: ['nick', 'tags', 'born', 'age'] })
expect<Equals<typeof projected, Op<Page<Pick<Indexed, 'email' | 'name' | 'nick' | 'tags' | 'born' | 'age'>>>>>()
export const multi = Dynamo.getMany(Indexed, C.eq(i.nick, 'n'), { index: 'byNick', select: ['nick', 'born', 'big'] })
// an index that projects every field, and a local index (DynamoDB fetches what it does not project): the item
const everything = Dynamo.getMany(Indexed, C.eq(i.nick, 'n'), { index: 'all' })
expect<Equals<typeof everything, Op<ReadonlyArray<Indexed>>>>()
const local = Dynamo.getMany(Indexed, C.and(C.eq(i.email, 'a'), C.gt(i.age, 3)), { index: 'local' })
expect<Equals<typeof local, Op<ReadonlyArray<Indexed>>>>()
// a count gives no item: through any index
export const counted = Dynamo.count(Indexed, aged, { index: 'byAge' })

// a composed model: its key templates' fields are its keys
type Order = Model.TypeOf<typeof Order>
const o = Order.attrs
// the fields of the table's and the index's templates come with an index of keys
const statuses = Dynamo.getMany(Order, C.eq(o.status, 's'), { index: 'byStatus', select: ['status'] })
expect<Equals<typeof statuses, Op<ReadonlyArray<Pick<Order, 'customerId' | 'orderId' | 'createdAt' | 'status'>>>>>()
// @ts-expect-error a field no template of it names
Dynamo.getMany(Order, C.eq(o.status, 's'), { index: 'byStatus', select: ['total'] })
// @ts-expect-error nor without select: a read gives the key fields, which it does not hold
Dynamo.getMany(Order, C.eq(o.total, 1), { index: 'byTotal' })
// @ts-expect-error an index of some fields holds the key attributes, not their templates' fields (a read gives those)
Dynamo.getMany(Order, C.eq(o.total, 1), { index: 'byTotal', select: ['status'] })

/**
 * Type tests of what a read through an index may test (DESIGN §5.1): a condition names the
 * top-level fields it tests (its type's second parameter), and a read through an index that
 * does not project one of them does not compile, with a message on `index` naming the index
 * and the field (a filter tests only what an index projects: the run refuses it, an
 * `ExpressionError`, as DynamoDB does). A local index too: it fetches from the table what a
 * read selects, never what a filter tests. What the index holds (the table's keys, its own,
 * what it projects) reads as before, its result types unchanged.
 */
import { Attr, Condition as C, Dynamo, type Model } from 'dynamongo'
import type { ConditionType, Op, Page } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Indexed, Order, Session } from './models.js'

type Indexed = Model.TypeOf<typeof Indexed>
const i = Indexed.attrs
const aged = C.eq(i.age, 3)
const born = C.eq(i.born, 1)
declare const cond: boolean

// -------------------------------------------------------------------------------------
// what the index holds: reads as before
// -------------------------------------------------------------------------------------

// the table's keys and the index's own, in a filter through an index of keys
const keysTested = Dynamo.getMany(Indexed, C.and(aged, C.beginsWith(i.email, 'a'), C.ne(i.name, 'n')), { index: 'byAge' })
expect<Equals<typeof keysTested, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()
// what an index of some fields projects, a list's element and a size of it included
const listTested = Dynamo.page(Indexed, C.and(born, C.gt(i.age, 1), C.or(C.exists(i.nick), C.eq(i.tags.at(0), 't'), C.gt(C.size(i.tags), 2))), { index: 'byBorn' })
expect<Equals<typeof listTested, Op<Page<Pick<Indexed, 'email' | 'name' | 'born' | 'age' | 'nick' | 'tags'>>>>>()
// the fields of a multi-attribute key
export const multiTested = Dynamo.getMany(Indexed, C.and(C.eq(i.nick, 'n'), C.eq(i.born, 1), C.gt(i.big, 1n)), { index: 'byNick', select: ['big'] })
// an index of every field tests anything
const allTested = Dynamo.getMany(Indexed, C.and(C.eq(i.nick, 'n'), C.eq(i.flag, true), C.eq(i.address.city, 'c')), { index: 'all' })
expect<Equals<typeof allTested, Op<ReadonlyArray<Indexed>>>>()
// a local index of keys: a filter on its keys, and a select of any field (DynamoDB fetches it)
const localTested = Dynamo.getMany(Indexed, C.and(C.eq(i.email, 'a'), C.gt(i.age, 3), C.not(C.eq(i.name, 'n'))), { index: 'local', select: ['flag'] })
expect<Equals<typeof localTested, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'flag'>>>>>()
// two attributes compared, both held
export const compared = Dynamo.count(Indexed, C.and(born, C.lt(i.age, i.born)), { index: 'byBorn' })
// every read: pages, reduce, count, explain
export const pagesTested = Dynamo.pages(Indexed, C.and(born, C.exists(i.tags)), { index: 'byBorn' })
export const reduceTested = Dynamo.reduce(Indexed, C.and(aged, C.exists(i.name)), 0, (n, a) => n + a.age, { index: 'byAge' })
export const countTested = Dynamo.count(Indexed, C.and(born, C.contains(i.tags, 't')), { index: 'byBorn' })
export const explainTested = Dynamo.explain(Indexed, C.and(aged, C.exists(i.email)), { index: 'byAge' })
// without index, or with a key list, nothing is asked (the planner reads only an index that holds what the read tests)
const planned = Dynamo.getMany(Indexed, C.and(aged, C.eq(i.flag, true)))
expect<Equals<typeof planned, Op<ReadonlyArray<Indexed>>>>()
export const keyed = Dynamo.getMany(Indexed, [['a', 'n']], { index: 'all' })
// the ttl attribute, where the index projects it
type Session = Model.TypeOf<typeof Session>
const s = Session.attrs
const unexpired = Dynamo.getMany(Session, C.and(C.eq(s.user, 'u'), C.exists(s.expiresAt)), { index: 'byUser' })
expect<Equals<typeof unexpired, Op<ReadonlyArray<Pick<Session, 'id' | 'user' | 'expiresAt'>>>>>()
// a composed model: its index of keys holds the fields of its key templates
const o = Order.attrs
export const statuses = Dynamo.count(Order, C.and(C.eq(o.status, 's'), C.gt(o.createdAt, new Date(0)), C.eq(o.orderId, 'x')), { index: 'byStatus' })
// a condition of fields not known (one written as a Condition<M>, an untyped path): not checked, the run refuses what the index does not hold
declare const written: ConditionType<typeof Indexed>
export const unknown = Dynamo.getMany(Indexed, written, { index: 'byAge' })
export const untyped = Dynamo.getMany(Indexed, C.and(aged, C.eq(Attr.path('flag'), true)), { index: 'byAge' })
// a union of names: what every one of them holds
export const eitherHolds = Dynamo.count(Indexed, C.and(aged, C.eq(i.name, 'n')), { index: cond ? 'byAge' : 'byBorn' })
// generic code forwarding a condition of the fields the index holds
export const forward = (c: ConditionType<typeof Indexed, 'age' | 'email'>) => Dynamo.getMany(Indexed, c, { index: 'byAge' })
expect<Equals<ReturnType<typeof forward>, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()

// -------------------------------------------------------------------------------------
// what it does not hold: does not compile
// -------------------------------------------------------------------------------------

// @ts-expect-error a filter on a field an index of keys does not project
Dynamo.getMany(Indexed, C.and(aged, C.eq(i.flag, true)), { index: 'byAge' })
// @ts-expect-error nor a page of it
Dynamo.page(Indexed, C.and(aged, C.exists(i.nick)), { index: 'byAge', select: ['age'] })
// @ts-expect-error nor pages, deep in the condition
Dynamo.pages(Indexed, C.and(aged, C.or(C.not(C.exists(i.scores)), C.eq(i.name, 'n'))), { index: 'byAge' })
// @ts-expect-error nor reduce
Dynamo.reduce(Indexed, C.and(aged, C.gt(i.born, 1)), 0, (n) => n, { index: 'byAge' })
// @ts-expect-error nor a count, which gives no field but still filters
Dynamo.count(Indexed, C.and(aged, C.eq(i.flag, true)), { index: 'byAge' })
// @ts-expect-error nor explain (its plan would be a Left)
Dynamo.explain(Indexed, C.and(aged, C.eq(i.flag, true)), { index: 'byAge' })
// @ts-expect-error a nested path of a field an index of some fields does not project
Dynamo.getMany(Indexed, C.and(born, C.eq(i.address.city, 'c')), { index: 'byBorn' })
// @ts-expect-error an attribute compared with one the index does not project
Dynamo.getMany(Indexed, C.and(aged, C.eq(i.age, i.born)), { index: 'byAge' })
// @ts-expect-error a size of one
Dynamo.count(Indexed, C.and(born, C.gt(C.size(i.scores), 1)), { index: 'byBorn' })
// @ts-expect-error a field outside a multi-attribute key's index of keys
Dynamo.getMany(Indexed, C.and(C.eq(i.nick, 'n'), C.eq(i.flag, true)), { index: 'byNick' })
// @ts-expect-error a local index: its filter tests only what it projects (a select is fetched, a filter is not)
Dynamo.getMany(Indexed, C.and(C.eq(i.email, 'a'), C.gt(i.age, 3), C.exists(i.nick)), { index: 'local' })
// @ts-expect-error a union of names: one of them does not project nick
Dynamo.count(Indexed, C.and(aged, C.exists(i.nick)), { index: cond ? 'byAge' : 'byBorn' })
// @ts-expect-error the ttl attribute tested through an index that does not project it, includeExpired or not
Dynamo.getMany(Session, C.and(C.eq(s.device, 'd'), C.exists(s.expiresAt)), { index: 'byDevice', includeExpired: true })
// @ts-expect-error a composed model: a field outside its index of keys' templates
Dynamo.count(Order, C.and(C.eq(o.status, 's'), C.gt(o.total, 1)), { index: 'byStatus' })
// @ts-expect-error a forwarder of a condition of a field the index does not project
export const wider = (c: ConditionType<typeof Indexed, 'age' | 'flag'>) => Dynamo.getMany(Indexed, c, { index: 'byAge' })

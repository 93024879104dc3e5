/**
 * Type tests of reads through an index (DESIGN §5.1): the index a read names is a type parameter
 * of the read, so what it gives is typed from that index's projection, its `select` is checked
 * against what the index holds, and a model's time-to-live attribute counts where the index
 * projects it. Generic code forwards its own `select` through an index of some fields.
 */
import { Condition as C, Dynamo, type Model } from 'dynamongo'
import type { Op, Page } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Indexed, Session } from './models.js'

type Indexed = Model.TypeOf<typeof Indexed>
const i = Indexed.attrs
const aged = C.eq(i.age, 3)
const born = C.eq(i.born, 1)

// a generic helper forwarding its select through an index of its keys, or of its keys and some fields
const keysOf = <K extends 'age'>(fields: ReadonlyArray<K>) => Dynamo.getMany(Indexed, aged, { index: 'byAge', select: fields })
expect<Equals<ReturnType<typeof keysOf<'age'>>, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()
const someOf = <K extends 'nick' | 'tags'>(fields: ReadonlyArray<K>) => Dynamo.page(Indexed, born, { index: 'byBorn', select: fields })
expect<Equals<ReturnType<typeof someOf<'nick'>>, Op<Page<Pick<Indexed, 'email' | 'name' | 'nick'>>>>>()
// @ts-expect-error a forwarder of a field the index does not project
export const wider = <K extends 'nick' | 'flag'>(fields: ReadonlyArray<K>) => Dynamo.getMany(Indexed, born, { index: 'byBorn', select: fields })

// without select, a read through an index gives what it projects: the keys (the table's and its own)
const keys = Dynamo.getMany(Indexed, aged, { index: 'byAge' })
expect<Equals<typeof keys, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()
const included = Dynamo.page(Indexed, born, { index: 'byBorn' })
expect<Equals<typeof included, Op<Page<Pick<Indexed, 'email' | 'name' | 'born' | 'age' | 'nick' | 'tags'>>>>>()
export const folded = Dynamo.reduce(Indexed, aged, 0, (n, a) => n + a.age, { index: 'byAge' })
export const explained = Dynamo.explain(Indexed, aged, { index: 'byAge' })
// an index of every field gives the item; without index, the item
const whole = Dynamo.getMany(Indexed, C.eq(i.nick, 'n'), { index: 'all' })
expect<Equals<typeof whole, Op<ReadonlyArray<Indexed>>>>()
// @ts-expect-error select of a field an index of some fields does not project
Dynamo.getMany(Indexed, born, { index: 'byBorn', select: ['nick', 'flag'] })

// a model's time-to-live attribute: an index that projects it gives it; one that does not reads only with includeExpired
type Session = Model.TypeOf<typeof Session>
const s = Session.attrs
const mine = Dynamo.getMany(Session, C.eq(s.user, 'u'), { index: 'byUser' })
expect<Equals<typeof mine, Op<ReadonlyArray<Pick<Session, 'id' | 'user' | 'expiresAt'>>>>>()
// @ts-expect-error the index does not project the ttl attribute: expired items could not be left out
Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: 'byDevice' })
// @ts-expect-error nor with a select
Dynamo.page(Session, C.eq(s.device, 'd'), { index: 'byDevice', select: ['device'] })
// @ts-expect-error nor a count
Dynamo.count(Session, C.eq(s.device, 'd'), { index: 'byDevice' })
// @ts-expect-error includeExpired: false leaves expired items out, which the index cannot
Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired: false })
const devices = Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired: true })
expect<Equals<typeof devices, Op<ReadonlyArray<Pick<Session, 'id' | 'device'>>>>>()
export const counted = Dynamo.count(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired: true })
// explain plans as the read: refused through it, explained with includeExpired: true
// @ts-expect-error explain of a read through an index that does not project the ttl attribute
Dynamo.explain(Session, C.eq(s.device, 'd'), { index: 'byDevice' })
export const explainedDevices = Dynamo.explain(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired: true })
// a flag that may be false is refused as false is: at run time false is an ExpressionError (expired items cannot be left out through
// this index), so a helper reading through it takes `true` (or names an index that projects the ttl attribute when its flag is false)
// @ts-expect-error a boolean includeExpired through an index that does not project the ttl attribute
export const devicesOf = (includeExpired: boolean) => Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired })
// @ts-expect-error nor a generic one
export const devicesOfX = <X extends boolean>(includeExpired: X) => Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired })
export const allDevices = (includeExpired: true) => Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: 'byDevice', includeExpired })
export const sessionsOf = (includeExpired: boolean) => Dynamo.getMany(Session, C.eq(s.user, 'u'), { index: 'byUser', includeExpired })

// an index is named among its model's own: another model's index, or one of none, does not compile in any read
// @ts-expect-error an index of another model (Order's) in getMany
Dynamo.getMany(Indexed, aged, { index: 'byStatus' })
// @ts-expect-error an unknown index in pages
Dynamo.pages(Indexed, aged, { index: 'nope' })
// @ts-expect-error an unknown index in reduce
Dynamo.reduce(Indexed, aged, 0, (n) => n + 1, { index: 'nope' })
// @ts-expect-error an unknown index in count
Dynamo.count(Indexed, aged, { index: 'nope' })
// @ts-expect-error an index of another model (Indexed's) on Session
Dynamo.page(Session, C.eq(s.user, 'u'), { index: 'byAge' })

// consistentRead through a global index: DynamoDB refuses it (the run's ExpressionError), and so do the types, in every read;
// a local index and the table take it
// @ts-expect-error consistentRead through a global index, in getMany
Dynamo.getMany(Indexed, aged, { index: 'all', consistentRead: true })
// @ts-expect-error in page
Dynamo.page(Indexed, aged, { index: 'all', consistentRead: true })
// @ts-expect-error in pages
Dynamo.pages(Indexed, aged, { index: 'byBorn', consistentRead: true })
// @ts-expect-error in reduce
Dynamo.reduce(Indexed, aged, 0, (n) => n + 1, { index: 'all', consistentRead: true })
// @ts-expect-error in count
Dynamo.count(Indexed, aged, { index: 'byAge', consistentRead: true })
// @ts-expect-error in explain
Dynamo.explain(Indexed, aged, { index: 'all', consistentRead: true })
// a flag that may be true (options forwarded by generic code, written apart from the read) is the run's to check
export const consistentOf = (consistentRead: boolean) => Dynamo.getMany(Indexed, aged, { index: 'all', consistentRead })
const forwarded = (options: Dynamo.PageOptions<typeof Indexed>) => Dynamo.page(Indexed, aged, options)
export const forwarding = forwarded({ index: 'all', consistentRead: false })
export const consistent = [
  Dynamo.getMany(Indexed, C.and(C.eq(i.email, 'a'), C.gt(i.age, 3)), { index: 'local', consistentRead: true }),
  Dynamo.count(Indexed, C.and(C.eq(i.email, 'a'), C.gt(i.age, 3)), { index: 'local', consistentRead: true }),
  Dynamo.page(Indexed, aged, { consistentRead: true }),
  Dynamo.getMany(Indexed, aged, { index: 'all', consistentRead: false }),
  Dynamo.explain(Indexed, aged, { consistentRead: true }),
]
export const consistentFlag = (consistentRead: boolean) => [Dynamo.getMany(Indexed, aged, { consistentRead }), Dynamo.page(Indexed, aged, { index: 'local', consistentRead })]

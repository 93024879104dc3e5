/**
 * Type tests of reads through an index, continued: generic code that names no index reads the
 * model's item; a count through any index that holds its ttl; a union of index names checked
 * member by member.
 */
import { Condition as C, Dynamo, type Model } from 'dynamongo'
import type { FieldName, Op, Read, ReadOptions, ReadSelection } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Indexed, Order, Session } from './models.js'

type AnyModel = Model.Model<any, any, any, any>

type Indexed = Model.TypeOf<typeof Indexed>
const i = Indexed.attrs
const aged = C.eq(i.age, 3)
declare const cond: boolean

// generic code naming no index reads the model's item, or the fields it selects
export const anyModel = <Mo extends AnyModel>(m: Mo, s: ReadSelection<Mo>): Op<ReadonlyArray<Model.TypeOf<Mo>>> => Dynamo.getMany(m, s)
export const anyPage = <Mo extends AnyModel>(m: Mo, s: ReadSelection<Mo>) => Dynamo.page(m, s)
export const anyFields = <K extends FieldName<typeof Indexed> = never>(o: ReadOptions<typeof Indexed, K> = {}): Op<ReadonlyArray<Read<typeof Indexed, K>>> =>
  Dynamo.getMany(Indexed, aged, o)
export const anyCount = <Mo extends AnyModel>(m: Mo, s: ReadSelection<Mo>): Op<number> => Dynamo.count(m, s)

// a count gives no field: through an index that does not hold the key fields' templates' fields
const o = Order.attrs
export const orders = Dynamo.count(Order, C.eq(o.status, 's'), { index: 'byTotal' })

// a union of index names: what every one of them holds
// @ts-expect-error one of them does not project flag
Dynamo.getMany(Indexed, aged, { index: cond ? 'byAge' : 'all', select: ['flag'] })
const either = Dynamo.getMany(Indexed, aged, { index: cond ? 'byAge' : 'all' })
expect<Equals<typeof either, Op<ReadonlyArray<Pick<Indexed, 'email' | 'name' | 'age'>>>>>()
export const bothAge = Dynamo.getMany(Indexed, aged, { index: cond ? 'byAge' : 'byBorn', select: ['age'] })
// @ts-expect-error byAge does not project nick
Dynamo.getMany(Indexed, aged, { index: cond ? 'byAge' : 'byBorn', select: ['nick'] })

const s = Session.attrs
// @ts-expect-error byDevice does not project the ttl attribute
Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: cond ? 'byDevice' : 'all' })
// @ts-expect-error nor a count
Dynamo.count(Session, C.eq(s.device, 'd'), { index: cond ? 'byDevice' : 'all' })
export const withExpired = Dynamo.getMany(Session, C.eq(s.device, 'd'), { index: cond ? 'byDevice' : 'all', includeExpired: true })
export const held = Dynamo.getMany(Session, C.eq(s.user, 'u'), { index: cond ? 'byUser' : 'all' })

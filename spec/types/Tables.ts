/**
 * Type tests of the table operations (`Table.diff`, `Dynamo.createTable`, `planTable`,
 * `syncTable`): a model, or the list of the models sharing one table; a list of models of
 * different tables does not compile where their tables are literal types (as `Model.make`
 * keeps them), and is the run's `ValidationError` where they are not (TableModels.spec).
 */
import * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import { Dynamo, Model, Table } from 'dynamongo'
import type { Op, TablePlanType, TableModel } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Contacts, Order, Shadow, User } from './models.js'

const Customer = Model.make({ table: 'shop', entity: 'customer', codec: t.type({ customerId: t.string, name: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), rangeKey: Model.key('sk', 'PROFILE') })

// one model, or the models of one table
export const one = [Dynamo.planTable(User), Dynamo.syncTable(User), Dynamo.createTable(User), Table.diff(User, O.none)]
export const shared = [Dynamo.planTable([Order, Customer]), Dynamo.syncTable([Order, Customer] as const), Dynamo.createTable([Order, Customer]), Table.diff([Order, Customer], O.none)]
const planned = Dynamo.planTable([Order, Customer])
expect<Equals<typeof planned, Op<TablePlanType>>>()
// a list whose tables the types do not tell: the run's to check
declare const somewhere: ReadonlyArray<TableModel>
export const unknown = [Dynamo.planTable(somewhere), Table.diff(somewhere, O.none), Dynamo.planTable([User, Model.make({ table: 'users' as string, hashKey: 'email', codec: t.type({ email: t.string }) })])]

// @ts-expect-error planTable of models of two tables
Dynamo.planTable([User, Shadow])
// @ts-expect-error syncTable of models of two tables
Dynamo.syncTable([User, Contacts], { deleteIndexes: true })
// @ts-expect-error createTable of models of two tables
Dynamo.createTable([Order, Customer, User])
// @ts-expect-error Table.diff of models of two tables
Table.diff([User, Contacts], O.none)
const mixed: ReadonlyArray<typeof User | typeof Contacts> = [User, Contacts]
// @ts-expect-error a list typed apart, of models of two tables
Dynamo.syncTable(mixed)
// one list or another, each of one table
export const either = Dynamo.syncTable(Math.random() < 0.5 ? [User] : [Order, Customer])

// generic helpers passing their model, or their list of models, on
export const createGeneric = <M extends Model.Any>(m: M) => Dynamo.createTable(m)
export const diffGeneric = <M extends Model.Any>(m: M) => Table.diff(m, O.none)
export const syncGeneric = <Ms extends ReadonlyArray<Model.Any>>(ms: Ms) => Dynamo.syncTable(ms)
export const planGeneric = <M extends TableModel | ReadonlyArray<TableModel>>(m: M) => Dynamo.planTable(m)
export const diffListGeneric = <Ms extends ReadonlyArray<TableModel>>(ms: Ms) => Table.diff(ms, O.none)

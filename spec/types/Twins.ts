/**
 * Type tests: twins, two entities of one table with the same codec and keys (single-table
 * design), are two models: a handle, a condition or an update of one is none of the other's.
 */
import * as t from 'io-ts'
import { Condition as C, Dynamo, Model, Transaction as T, Update as U } from 'dynamongo'
import type { ConditionType } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const codec = t.type({ id: t.string, name: t.string, note: t.string })
const Draft = Model.make({ table: 'docs', entity: 'draft', codec, hashKey: Model.key('pk', 'DOC#{id}'), rangeKey: Model.key('sk', 'V') })
const Published = Model.make({ table: 'docs', entity: 'published', codec, hashKey: Model.key('pk', 'DOC#{id}'), rangeKey: Model.key('sk', 'V') })
const d = Draft.attrs
const p = Published.attrs

export const own = [Dynamo.updateOne(Draft, 'a', [U.set(d.name, 'x')]), Dynamo.getOne(Published, C.and(C.eq(p.id, 'a'), C.eq(p.note, 'n')))]
expect<Equals<typeof Draft.entity, 'draft'>>()
// @ts-expect-error an update of the twin's handle
Dynamo.updateOne(Draft, 'a', [U.set(p.name, 'x')])
// @ts-expect-error a condition of the twin's handles
Dynamo.getOne(Draft, C.and(C.eq(p.id, 'a'), C.eq(p.note, 'n')))
// @ts-expect-error a condition of the twin, typed apart
export const other: ConditionType<typeof Draft> = C.eq(p.name, 'x')
// @ts-expect-error in a transaction's update
T.update(Published, "a", [U.set(d.note, "x")])
// @ts-expect-error in a check
T.check(Published, C.eq(d.id, 'a'))
// models without an entity: their table tells them apart
const One = Model.make({ table: 'one', hashKey: 'id', codec })
const Two = Model.make({ table: 'two', hashKey: 'id', codec })
// @ts-expect-error a handle of the model of another table
Dynamo.updateOne(One, 'a', [U.set(Two.attrs.name, 'x')])

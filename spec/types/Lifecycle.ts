/**
 * Type tests (compile-only) of the lifecycle (DESIGN §5.3): `Model.InputOf` (what saves take)
 * has the fields with a default, the version and the timestamps optional, `Model.TypeOf` has
 * them as the codec says; saves of a versioned model take no `overwrite`; a version must name
 * an integer field and timestamps `Date` fields.
 */
import * as t from 'io-ts'
import { Dynamo, Field, Model, Transaction as T } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const Doc = Model.make({
  table: 'docs',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, title: t.string, version: Field.int({ min: 1 }), created_at: Field.dateTime, updated_at: Field.dateTime, tags: t.array(t.string) }),
    t.partial({ views: Field.int() }),
  ]),
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  defaults: { tags: () => [] },
})
const Note = Model.make({
  table: 'notes',
  hashKey: 'id',
  codec: t.type({ id: t.string, text: t.string, created: Field.dateTime, updated: Field.dateTime }),
  timestamps: { createdAt: 'created', updatedAt: 'updated' },
})
const Plain = Model.make({ table: 'plain', hashKey: 'id', codec: t.type({ id: t.string, text: t.string }) })

type Doc = Model.TypeOf<typeof Doc>
type DocInput = Model.InputOf<typeof Doc>

// what reads return has every field the codec requires
export const read = (d: Doc): { version: number; created_at: Date; updated_at: Date; tags: Array<string> } => d
// what saves take: the version, the timestamps and the defaulted fields optional, the rest as they were
export const input: DocInput = { id: 'a', title: 'T' }
export const full: DocInput = { id: 'a', title: 'T', version: 3, created_at: new Date(), updated_at: new Date(), tags: ['x'], views: 1 }
expect<Equals<DocInput['version'], number | undefined>>()
expect<Equals<DocInput['title'], string>>()
expect<Equals<Model.InputOf<typeof Plain>, Model.TypeOf<typeof Plain>>>()
// @ts-expect-error: a title is still required
export const noTitle: DocInput = { id: 'a' }
// @ts-expect-error: a version is a number
export const badVersion: DocInput = { id: 'a', title: 'T', version: '3' }

// saves take InputOf and return TypeOf
export const saved: Dynamo.Op<Doc> = Dynamo.saveOne(Doc, { id: 'a', title: 'T' })
export const savedMany = Dynamo.saveMany(Doc, [{ id: 'a', title: 'T' }, { id: 'b', title: 'U', version: 2 }])
export const note = Dynamo.saveOne(Note, { id: 'n', text: 'x' })
export const noteKept = Dynamo.saveOne(Note, { id: 'n', text: 'x' }, { overwrite: false })
export const put = T.put(Doc, { id: 'a', title: 'T' })
// @ts-expect-error: a versioned model's saves take no overwrite (the version is the condition)
export const overwritten = Dynamo.saveOne(Doc, { id: 'a', title: 'T' }, { overwrite: true })
// @ts-expect-error: nor saveMany's
export const overwrittenMany = Dynamo.saveMany(Doc, [{ id: 'a', title: 'T' }], { overwrite: false })
// @ts-expect-error: nor a transaction's put
export const overwrittenPut = T.put(Doc, { id: 'a', title: 'T' }, { overwrite: false })
// @ts-expect-error: Plain has no defaults: its text is required on input
export const plainMissing = Dynamo.saveOne(Plain, { id: 'a' })
// a version in an update's object strategy is a check
export const checked = Dynamo.updateFromDict(Doc, { id: 'a', version: 3, title: 'B' })

// @ts-expect-error: a version names an integer field
export const badVersionField = Model.make({ table: 'bad', hashKey: 'id', codec: t.type({ id: t.string, v: t.string }), version: 'v' })
// @ts-expect-error: timestamps name Date fields
export const badTimestamps = Model.make({ table: 'bad', hashKey: 'id', codec: t.type({ id: t.string, c: t.string, u: Field.dateTime }), timestamps: { createdAt: 'c', updatedAt: 'u' } })

// an entity with composed keys: keys' key fields (those of its templates) and the lifecycle's optional fields together
const Ticket = Model.make({
  table: 'desk',
  entity: 'ticket',
  codec: t.type({ customerId: t.string, ticketId: t.string, status: t.string, version: Field.int({ min: 1 }), created_at: Field.dateTime, updated_at: Field.dateTime }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'TICKET#{ticketId}'),
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
expect<Equals<Model.KeyOf<typeof Ticket>, { customerId: string; ticketId: string }>>()
expect<Equals<Model.InputOf<typeof Ticket>['version'], number | undefined>>()
export const ticket = Dynamo.saveOne(Ticket, { customerId: 'c', ticketId: 't', status: 'open' })
export const ticketChecked = Dynamo.updateFromDict(Ticket, { customerId: 'c', ticketId: 't', version: 2, status: 'closed' })
// @ts-expect-error: a versioned entity's saves take no overwrite either
export const ticketOverwritten = Dynamo.saveOne(Ticket, { customerId: 'c', ticketId: 't', status: 'open' }, { overwrite: true })
// @ts-expect-error: an entity with composed keys must declare its entity, versioned or not
export const noEntity = Model.make({ table: 'desk', codec: t.type({ id: t.string, v: Field.int() }), hashKey: Model.key('pk', 'X#{id}'), version: 'v' })

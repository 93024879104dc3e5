/**
 * Models of the lifecycle specs (DESIGN §5.3): `Doc`, versioned with timestamps (all three
 * required in its items, optional in what saves take); `Note`, timestamps only, optional in
 * its items; `Plain`, neither (requests exactly as without the feature); `Ticket`, an entity
 * with composed table and index keys, versioned with timestamps (DESIGN §5.4 with §5.3).
 */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'

export const Doc = Model.make({
  table: 'docs',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, title: t.string, version: Field.int({ min: 1 }), created_at: Field.dateTime, updated_at: Field.dateTime }),
    t.partial({ tags: t.array(t.string), views: Field.int({ min: 0 }) }),
  ]),
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  defaults: { tags: () => [] },
})

export const Note = Model.make({
  table: 'notes',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string, text: t.string }), t.partial({ created: Field.dateTime, updated: Field.dateTime })]),
  timestamps: { createdAt: 'created', updatedAt: 'updated' },
})

export const Plain = Model.make({ table: 'plain', hashKey: 'id', codec: t.type({ id: t.string, text: t.string, n: Field.int() }) })

export const Ticket = Model.make({
  table: 'desk',
  entity: 'ticket',
  codec: t.intersection([
    t.type({ customerId: t.string, ticketId: t.string, status: t.string, version: Field.int({ min: 1 }), created_at: Field.dateTime, updated_at: Field.dateTime }),
    t.partial({ note: t.string }),
  ]),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'TICKET#{ticketId}'),
  indexes: { byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{ticketId}') }) },
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})

/** The clock of the specs. */
export const NOW = new Date('2024-05-01T12:00:00.000Z')
export const LATER = new Date('2024-05-02T08:30:00.000Z')

/**
 * A single table where only one entity expires (DESIGN §5.3, §5.4, §5.6): a customer (no
 * `ttl`, no such field) and a session (`ttl: 'expiresAt'`), on the table `shop`. Shared by the
 * pure and the DynamoDB Local specs of the table's time to live (EntityTtl.spec).
 */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'

export const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  billing: 'onDemand',
  codec: t.type({ customerId: t.string, name: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})

export const Session = Model.make({
  table: 'shop',
  entity: 'session',
  billing: 'onDemand',
  codec: t.type({ sessionId: t.string, expiresAt: Field.epochSeconds }),
  hashKey: Model.key('pk', 'SESSION#{sessionId}'),
  rangeKey: Model.key('sk', 'SESSION'),
  ttl: 'expiresAt',
})

/**
 * The orders of the multi-attribute key specs against DynamoDB Local (MultiKey,
 * MultiKeyPlanner): a hash-only table whose GSI `byStatus` is keyed by two attributes a side,
 * and whose GSI `byScore` is sparse (`score` is optional).
 */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'

export const Order = Model.make({
  table: 'orders',
  codec: t.intersection([
    t.type({ orderId: t.string, status: t.string, region: t.string, createdAt: Field.dateTime, total: Field.int({ min: 0 }) }),
    t.partial({ note: t.string, score: t.number }),
  ]),
  hashKey: 'orderId',
  billing: 'onDemand',
  indexes: {
    byStatus: Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['createdAt', 'total'] }),
    // sparse: score is optional
    byScore: Model.globalIndex({ hashKey: ['region'], rangeKey: ['score'] }),
  },
})
export type Order = Model.TypeOf<typeof Order>

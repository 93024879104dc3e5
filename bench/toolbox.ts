/**
 * dynamodb-toolbox 2.10.6: the same requests through `.params()`. Its params are in the
 * DocumentClient's form (plain JS values): `@aws-sdk/lib-dynamodb` marshalls them when the
 * command is sent, so `.params()` alone is a lower bound of its request-building cost.
 * No entity attribute, no timestamps: the requests stay as close as it allows to the others.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import {
  $append,
  $get,
  $remove,
  $sum,
  ConditionCheck,
  DeleteItemCommand,
  DeleteTransaction,
  Entity,
  PutItemCommand,
  PutTransaction,
  QueryCommand,
  Table,
  UpdateItemCommand,
  UpdateTransaction,
  item,
  list,
  map,
  number,
  string,
} from 'dynamodb-toolbox'
import { TABLE, composed, tx, w1Item, w1MaxAge, w2, w3, w4, type Contender } from './shared.js'

const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
)

const table = new Table({
  name: TABLE,
  partitionKey: { name: 'pk', type: 'string' },
  sortKey: { name: 'sk', type: 'string' },
  documentClient,
})

const User = new Entity({
  name: 'User',
  table,
  entityAttribute: false,
  timestamps: false,
  schema: item({
    pk: string().key(),
    sk: string().key(),
    name: string(),
    age: number(),
    tags: list(string()),
    address: map({ city: string().optional() }).optional(),
    counter: number().optional(),
  }),
})

const wideSchema: Record<string, ReturnType<typeof number>> = {}
for (const a of w4.attrs) wideSchema[a] = number().optional()
const Fifty = new Entity({
  name: 'Fifty',
  table,
  entityAttribute: false,
  timestamps: false,
  schema: item({ pk: string().key(), sk: string().key(), ...wideSchema }),
})

/**
 * The single-table idiom: a table whose entity attribute is `_et`, an order entity whose
 * keys its `computeKey` composes from the order's fields on writes and key reads. A query takes
 * the stored key values themselves (toolbox composes no key for a query's range), so the
 * application writes them as `computeKey` does, then the entity adds its `_et` filter.
 */
const shop = new Table({
  name: TABLE,
  partitionKey: { name: 'pk', type: 'string' },
  sortKey: { name: 'sk', type: 'string' },
  entityAttributeSavedAs: '_et',
  documentClient,
})

const Order = new Entity({
  name: 'order',
  table: shop,
  timestamps: false,
  schema: item({
    customerId: string().key(),
    createdAt: string().key(),
    orderId: string().key(),
    status: string(),
    total: number(),
  }),
  computeKey: ({ customerId, createdAt, orderId }) => ({ pk: `CUSTOMER#${customerId}`, sk: `ORDER#${createdAt}#${orderId}` }),
})

export const contender: Contender = {
  id: 'toolbox',
  label: 'dynamodb-toolbox .params()',
  version: 'dynamodb-toolbox 2.10.6',
  cpu: {
    'W1 put': () => () =>
      User.build(PutItemCommand)
        .item(w1Item)
        .options({ condition: { or: [{ attr: 'pk', exists: false }, { attr: 'age', lt: w1MaxAge }] } })
        .params(),
    'W2 update': () => () =>
      User.build(UpdateItemCommand)
        .item({
          ...w2.key,
          name: w2.name,
          age: $sum($get('age'), w2.ageStep),
          tags: $append([...w2.tags]),
          counter: $sum($get('counter', w2.counterStart), w2.counterStep),
          address: { city: $remove() },
        })
        .options({ condition: { and: [{ attr: 'age', between: [w2.low, w2.high] }, { attr: 'name', beginsWith: w2.prefix }] } })
        .params(),
    'W3 query': () => () =>
      table
        .build(QueryCommand)
        .entities(User)
        .query({ partition: w3.pk, range: { beginsWith: w3.skPrefix } })
        .options({
          entityAttrFilter: false,
          filters: {
            User: {
              or: [
                { and: [{ attr: 'age', gt: w3.minAge }, { attr: 'tags', contains: w3.tag }] },
                { attr: 'address', exists: false },
              ],
            },
          },
          attributes: [...w3.projection],
          limit: w3.limit,
          reverse: true,
        })
        .params(),
    'K composed query': () => () =>
      shop
        .build(QueryCommand)
        .entities(Order)
        .query({
          partition: `CUSTOMER#${composed.customerId}`,
          range: { between: [`ORDER#${composed.from.toISOString()}`, `ORDER#${composed.to.toISOString()}$`] },
        })
        .options({ filters: { order: { attr: 'total', gte: composed.minTotal } }, limit: composed.limit, reverse: true })
        .params(),
    // what its executeTransactWrite builds before sending: each transaction's params(), and the token
    'T transactWrite': () => () => ({
      TransactItems: [
        User.build(PutTransaction).item(tx.put),
        User.build(UpdateTransaction)
          .item({ ...tx.update.key, name: tx.update.name, age: $sum($get('age'), tx.update.ageStep) })
          .options({ condition: { attr: 'age', gte: tx.update.minAge } }),
        User.build(DeleteTransaction).key(tx.delete.key),
        User.build(ConditionCheck).key(tx.check.key).condition({ attr: 'counter', lt: tx.check.maxCounter }),
      ].map((t) => t.params()),
      ClientRequestToken: tx.token,
    }),
    'W4 delete50': () => {
      const condition = { and: w4.attrs.map((attr, i) => ({ attr, eq: w4.values[i] as number })) }
      return () =>
        Fifty.build(DeleteItemCommand)
          .key(w4.key)
          // the 50 attribute names are built at run time: the typed condition cannot see them
          .options({ condition: condition as never })
          .params()
    },
  },
  e2e: {},
}

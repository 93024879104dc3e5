/**
 * ElectroDB 3.9.3: the same requests through `.params()` (DocumentClient form: plain JS
 * values, marshalled when sent). Keys use templates `${pk}`/`${sk}` with no casing so the
 * stored keys are the raw values; ElectroDB still adds its `__edb_e__`/`__edb_v__`
 * identifiers. `age = age + 1` and `counter = if_not_exists(counter, 0) + 1` are written
 * `ADD` (its idiom for numbers; the same effect on an existing item).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { Entity, Service } from 'electrodb'
import { TABLE, composed, tx, w1Item, w1MaxAge, w2, w3, w4, type Contender } from './shared.js'

const client = new DynamoDBClient({ region: 'us-east-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })

const primary = {
  pk: { field: 'pk', composite: ['pk'], template: '${pk}', casing: 'none' },
  sk: { field: 'sk', composite: ['sk'], template: '${sk}', casing: 'none' },
} as const

const User = new Entity(
  {
    model: { entity: 'User', version: '1', service: 'bench' },
    attributes: {
      pk: { type: 'string', required: true },
      sk: { type: 'string', required: true },
      name: { type: 'string', required: true },
      age: { type: 'number', required: true },
      tags: { type: 'list', items: { type: 'string' }, required: true },
      address: { type: 'map', properties: { city: { type: 'string' } } },
      counter: { type: 'number' },
    },
    indexes: { primary },
  },
  { table: TABLE, client },
)

/** Transactions are a Service's. */
const service = new Service({ user: User }, { table: TABLE, client })

const fiftyAttrs: Record<string, { type: 'number' } | { type: 'string'; required: true }> = {
  pk: { type: 'string', required: true },
  sk: { type: 'string', required: true },
}
for (const a of w4.attrs) fiftyAttrs[a] = { type: 'number' }
const Fifty = new Entity({ model: { entity: 'Fifty', version: '1', service: 'bench' }, attributes: fiftyAttrs, indexes: { primary } }, { table: TABLE, client })

/**
 * An order in ElectroDB's single-table idiom: composite keys built from the attributes by its
 * templates (`CUSTOMER#${customerId}`, `ORDER#${createdAt}#${orderId}`, no casing), its
 * entity and version identifiers on every item; `createdAt` an ISO string (ElectroDB has no
 * date type).
 */
const Order = new Entity(
  {
    model: { entity: 'order', version: '1', service: 'bench' },
    attributes: {
      customerId: { type: 'string', required: true },
      orderId: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      status: { type: 'string', required: true },
      total: { type: 'number', required: true },
    },
    indexes: {
      primary: {
        pk: { field: 'pk', composite: ['customerId'], template: 'CUSTOMER#${customerId}', casing: 'none' },
        sk: { field: 'sk', composite: ['createdAt', 'orderId'], template: 'ORDER#${createdAt}#${orderId}', casing: 'none' },
      },
    },
  },
  { table: TABLE, client },
)

export const contender: Contender = {
  id: 'electrodb',
  label: 'ElectroDB .params()',
  version: 'electrodb 3.9.3',
  cpu: {
    'W1 put': () => () =>
      User.put(w1Item)
        .where((a, op) => `${op.notExists(a.pk)} OR ${op.lt(a.age, w1MaxAge)}`)
        .params(),
    'W2 update': () => () =>
      User.update(w2.key)
        .data((a, op) => {
          op.set(a.name, w2.name)
          op.add(a.age, w2.ageStep)
          op.append(a.tags, [...w2.tags])
          op.add(a.counter, w2.counterStep)
          op.remove(a.address.city)
        })
        .where((a, op) => `${op.between(a.age, w2.low as number, w2.high as number)} AND ${op.begins(a.name, w2.prefix as string)}`)
        .params(),
    'W3 query': () => () =>
      User.query
        .primary({ pk: w3.pk })
        .begins({ sk: w3.skPrefix })
        .where((a, op) => `(${op.gt(a.age, w3.minAge as number)} AND ${op.contains(a.tags, w3.tag)}) OR ${op.notExists(a.address)}`)
        .params({ attributes: [...w3.projection], limit: w3.limit, order: 'desc' }),
    'K composed query': () => () =>
      Order.query
        .primary({ customerId: composed.customerId })
        .between({ createdAt: composed.from.toISOString() }, { createdAt: composed.to.toISOString() })
        .where((a, op) => op.gte(a.total, composed.minTotal as number))
        .params({ limit: composed.limit, order: 'desc' }),
    'T transactWrite': () => () =>
      service.transaction
        .write(({ user }) => [
          user.put(tx.put).commit(),
          user
            .update(tx.update.key)
            .set({ name: tx.update.name })
            .add({ age: tx.update.ageStep })
            .where((a, op) => op.gte(a.age, tx.update.minAge as number))
            .commit(),
          user.delete(tx.delete.key).commit(),
          user
            .check(tx.check.key)
            .where((a, op) => op.lt(a.counter, tx.check.maxCounter as number))
            .commit(),
        ])
        .params({ token: tx.token }),
    'W4 delete50': () => () =>
      Fifty.delete(w4.key)
        .where((a, op) => w4.attrs.map((name, i) => op.eq((a as Record<string, never>)[name] as never, w4.values[i] as never)).join(' AND '))
        .params(),
  },
  e2e: {},
}

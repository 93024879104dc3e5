/**
 * `collection` reads each listed model once per read, not once per item: what it needs of a
 * model for each item (its time to live) is read when the read starts, so a model whose part is
 * a getter (or a Proxy) answers the same for every item, and a read of many items costs no
 * model check per item. The check of each item's composed keys against its fields
 * (`Computed.storedKeyWhy`) reads the model's fields and codec no more often for many items
 * than for one, also where a key holds a field's saved text and the item another text of it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Field from '../../../lib/codec/Field.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Session = Model.make({
  table: 'shop',
  entity: 'session',
  ttl: 'expiresAt',
  codec: t.type({ id: t.string, sid: t.string, expiresAt: Field.epochSeconds }),
  hashKey: Model.key('pk', 'USER#{id}'),
  rangeKey: Model.key('sk', 'SESSION#{sid}'),
})

/** Session with its `ttl` a getter that counts its reads. */
const counted = () => {
  const reads = { n: 0 }
  const m = Object.defineProperty({ ...Session }, 'ttl', { enumerable: true, get: () => (reads.n++, 'expiresAt') }) as typeof Session
  return { m, reads }
}

/** An Env whose client answers every Query with `n` items of the partition USER#a. */
const answering = (n: number) =>
  Env.make({
    client: {
      send: async () => ({
        $metadata: {},
        // in the Query's order, as DynamoDB gives them
        Items: Array.from({ length: n }, (_, i) => {
          const sid = String(i).padStart(3, '0')
          return { pk: { S: 'USER#a' }, sk: { S: `SESSION#${sid}` }, _et: { S: 'session' }, id: { S: 'a' }, sid: { S: sid }, expiresAt: { N: '99999999999' } }
        }),
        Count: n,
        ScannedCount: n,
      }),
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })

test("collection reads a model's time to live once per read, however many items come", async () => {
  const seen: number[] = []
  for (const n of [1, 50]) {
    const { m, reads } = counted()
    const r = await Dynamo.collection({ sessions: m }, { id: 'a' })(answering(n))()
    if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
    assert.is(r.right.sessions.length, n)
    seen.push(reads.n)
  }
  assert.is(seen[1], seen[0], `ttl read ${seen[0]} times for 1 item, ${seen[1]} for 50`)
})

const Visit = Model.make({
  table: 'shop',
  entity: 'visit',
  codec: t.type({ id: t.string, at: Field.dateTime }),
  hashKey: Model.key('pk', 'USER#{id}'),
  rangeKey: Model.key('sk', 'VISIT#{at}'),
})

/** Visit with its `fields` and `codec` getters that count their reads. */
const countedParts = () => {
  const reads = { n: 0 }
  const m = { ...Visit }
  for (const k of ['fields', 'codec'] as const) {
    const v = Visit[k]
    Object.defineProperty(m, k, { enumerable: true, get: () => (reads.n++, v) })
  }
  return { m: m as typeof Visit, reads }
}

/** An Env whose client answers every Query with `n` visits of USER#a, each key the saved text of a date-time the item holds in its `+02:00` form. */
const visits = (n: number) =>
  Env.make({
    client: {
      send: async () => ({
        $metadata: {},
        Items: Array.from({ length: n }, (_, i) => {
          const s = String(i % 60).padStart(2, '0')
          return { pk: { S: 'USER#a' }, sk: { S: `VISIT#2024-05-01T00:00:${s}.000Z` }, _et: { S: 'visit' }, id: { S: 'a' }, at: { S: `2024-05-01T02:00:${s}+02:00` } }
        }),
        Count: n,
        ScannedCount: n,
      }),
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })

test("collection reads a model's fields and codec as often for 50 items as for 1, its keys checked against each item's fields", async () => {
  const seen: number[] = []
  for (const n of [1, 50]) {
    const { m, reads } = countedParts()
    const r = await Dynamo.collection({ visits: m }, { id: 'a' })(visits(n))()
    if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
    assert.is(r.right.visits.length, n)
    seen.push(reads.n)
  }
  assert.is(seen[1], seen[0], `fields and codec read ${seen[0]} times for 1 item, ${seen[1]} for 50`)
})

test.run()

/**
 * The timestamps a save returns are Dates of their own (DESIGN §5.3): `saveOne` and `saveMany`
 * read the clock once per call, but an item's `createdAt` and `updatedAt`, and those of two
 * items of one `saveMany`, are distinct objects, as `getOne` reads them. A `Date` is mutable:
 * were they one object, a caller adjusting one item's `createdAt` would change its `updatedAt`
 * and every other item's timestamps with it, and save those again (a put keeps the
 * `createdAt` an item carries).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const NOW = new Date('2026-01-01T00:00:00.000Z')

/** A client that accepts every write. */
const env = Env.make({
  client: { send: async () => ({ $metadata: {}, UnprocessedItems: {} }) } as unknown as DynamoDBClient,
  sleep: async () => undefined,
  now: () => NOW,
})

const stamped = (versioned: boolean) =>
  Model.make({
    table: versioned ? 'versioned' : 'stamped',
    hashKey: 'id',
    codec: t.intersection([t.type({ id: t.string }), t.partial({ version: Field.int(), created: Field.dateTime, updated: Field.dateTime })]),
    timestamps: { createdAt: 'created', updatedAt: 'updated' },
    ...(versioned ? { version: 'version' as const } : {}),
  })

type Saved = { readonly created?: Date; readonly updated?: Date }

/** Every Date of `items` (their createdAt and updatedAt) is a distinct object, none the clock's. */
const distinct = (items: ReadonlyArray<Saved>): void => {
  const dates = items.flatMap((i) => [i.created, i.updated])
  for (const d of dates) {
    assert.ok(d instanceof Date)
    assert.is(d.toISOString(), NOW.toISOString())
  }
  assert.is(new Set([...dates, NOW]).size, dates.length + 1, 'each timestamp its own Date')
}

for (const versioned of [false, true]) {
  const M = stamped(versioned)
  const label = versioned ? 'a versioned model' : 'timestamps only'

  test(`saveOne of ${label}: createdAt and updatedAt are two Dates`, async () => {
    const r = await Dynamo.saveOne(M, { id: 'a' })(env)()
    if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
    distinct([r.right])
    // a change to one leaves the other as written
    r.right.created?.setUTCFullYear(2000)
    assert.is(r.right.updated?.toISOString(), NOW.toISOString())
  })

  test(`saveMany of ${label}: no Date shared between fields or items`, async () => {
    const r = await Dynamo.saveMany(M, [{ id: 'a' }, { id: 'b' }, { id: 'c' }])(env)()
    if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
    assert.is(r.right.success.length, 3)
    distinct(r.right.success)
    r.right.success[0]?.created?.setUTCFullYear(2000)
    assert.is(r.right.success[1]?.created?.toISOString(), NOW.toISOString())
  })
}

test.run()

/**
 * What the time-to-live specs share (issue 16, point 6): a model with `ttl`, its twin without
 * it, a fixed clock, and stored ttl values of every kind around a given time (numbers just
 * before, at and after it, fractions, other notations, far past and future, other types).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'

export const sessionCodec = t.intersection([
  t.type({ id: t.string, user: t.string }),
  t.partial({ expiresAt: Field.epochSeconds, hits: Field.int(), note: t.string }),
])

/** Sessions that expire: `ttl: 'expiresAt'`. */
export const Session = Model.make({ table: 'sessions', hashKey: 'id', codec: sessionCodec, ttl: 'expiresAt' })
export type Session = Model.TypeOf<typeof Session>

/** The same items, without `ttl`: nothing expires. */
export const Plain = Model.make({ table: 'sessions', hashKey: 'id', codec: sessionCodec })

/** Sessions by user and id, with global indexes on `note` (one projecting every field, one the keys only) and a local index on `hits` projecting the keys only. */
export const UserSession = Model.make({
  table: 'user-sessions',
  hashKey: 'user',
  rangeKey: 'id',
  codec: sessionCodec,
  ttl: 'expiresAt',
  indexes: {
    byNote: Model.globalIndex({ hashKey: 'note', rangeKey: 'id' }),
    byNoteKeys: Model.globalIndex({ hashKey: 'note', projection: 'keys' }),
    byHits: Model.localIndex({ rangeKey: 'hits', projection: 'keys' }),
  },
})

/** 2030-01-01T00:00:00.000Z: 1,893,456,000 seconds. */
export const NOW = new Date('2030-01-01T00:00:00.000Z')
export const NOW_SECONDS = 1_893_456_000

/** A stored ttl value of any kind around `seconds`, or none (`undefined`: the item has no ttl). */
export const ttlValue = (seconds: number): fc.Arbitrary<AttributeValue | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: seconds - 3, max: seconds + 3 }).map((n): AttributeValue => ({ N: String(n) })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: seconds - 2, max: seconds + 2 }), fc.constantFrom('0', '000', '5', '999', '0001', '9999999'))
        .map(([n, f]): AttributeValue => ({ N: `${n}.${f}` })),
    },
    { weight: 2, arbitrary: fc.integer({ min: seconds - 1, max: seconds + 1 }).map((n): AttributeValue => ({ N: `${String(n / 1e9)}E9` })) },
    { weight: 1, arbitrary: fc.constantFrom<AttributeValue>({ N: '0' }, { N: '-1' }, { N: '1e100' }, { N: '-1e100' }, { N: '0.000001' }) },
    { weight: 2, arbitrary: fc.constantFrom<AttributeValue>({ S: String(seconds - 10) }, { S: 'soon' }, { BOOL: true }, { NULL: true }, { NS: [String(seconds - 10)] }, { L: [{ N: String(seconds - 10) }] }) },
    { weight: 3, arbitrary: fc.constant(undefined) },
  )

/** A clock around `at`: that time, a few seconds and milliseconds either side. */
export const clockAround = (at: Date): fc.Arbitrary<Date> => fc.integer({ min: -4_000, max: 4_000 }).map((ms) => new Date(at.getTime() + ms))

/**
 * The models the type tests share: `User` (hash key), `Contacts` (hash and range key, the
 * same codec), and `Shadow`, another model whose items have every field of `User` and one
 * more (its handles must not pass for User's, although its item type is a subtype of User's);
 * `Indexed` (hash and range key, the same codec) with a keys-only, a some-fields and an
 * all-fields global index, for the reads through an index.
 */
import * as t from 'io-ts'
import { Field, Model } from 'dynamongo'

export const codec = t.intersection([
  t.type({
    email: t.string,
    name: t.string,
    age: t.number,
    flag: t.boolean,
    tags: t.array(t.string),
    address: t.type({ city: t.string, zip: t.number }),
  }),
  t.partial({
    nick: t.string,
    scores: t.array(t.number),
    born: t.number,
    created: Field.dateTime,
    roles: Field.stringSet,
    lucky: Field.numberSet,
    big: Field.bigint,
    photo: Field.binary,
  }),
])

export const User = Model.make({ table: 'users', hashKey: 'email', codec, defaults: { created: () => new Date(), tags: () => [] } })
export type User = Model.TypeOf<typeof User>
export const u = User.attrs

export const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec })
export type Contact = Model.TypeOf<typeof Contacts>
export const c = Contacts.attrs

export const Shadow = Model.make({ table: 'shadows', hashKey: 'email', codec: t.intersection([codec, t.type({ stray: t.string })]) })
export const s = Shadow.attrs

export const user: User = { email: 'a@b.c', name: 'A', age: 3, flag: true, tags: [], address: { city: 'X', zip: 1 } }

/** The same codec with global indexes of its keys (`byAge`; `byNick`, of several attributes each side), of some fields (`byBorn`), of every field (`all`), and a local index of its keys (`local`). */
export const Indexed = Model.make({
  table: 'users',
  hashKey: 'email',
  rangeKey: 'name',
  codec,
  indexes: {
    byAge: Model.globalIndex({ hashKey: 'age', projection: 'keys' }),
    byBorn: Model.globalIndex({ hashKey: 'born', rangeKey: 'age', projection: ['nick', 'tags'] }),
    byNick: Model.globalIndex({ hashKey: ['nick'], rangeKey: ['born', 'big'], projection: 'keys' }),
    all: Model.globalIndex({ hashKey: 'nick' }),
    local: Model.localIndex({ rangeKey: 'age', projection: 'keys' }),
  },
})

/** A model with a time-to-live attribute and three global indexes: one that projects it (`byUser`), one of keys only (`byDevice`), one of every field (`all`). */
export const Session = Model.make({
  table: 'sessions',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string, user: t.string, device: t.string }), t.partial({ expiresAt: Field.epochSeconds })]),
  ttl: 'expiresAt',
  indexes: {
    byUser: Model.globalIndex({ hashKey: 'user', projection: ['expiresAt'] }),
    byDevice: Model.globalIndex({ hashKey: 'device', projection: 'keys' }),
    all: Model.globalIndex({ hashKey: 'user' }),
  },
})

/** A composed model: its keys written by templates, with an index of keys only (`byStatus`) and one of a field (`byTotal`). */
export const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: t.number }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}'), projection: 'keys' }),
    byTotal: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'TOTAL#{total}'), projection: ['status'] }),
  },
})

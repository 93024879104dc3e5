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

/** The same codec with three global indexes: of its keys (`byAge`), of some fields (`byBorn`), of every field (`all`). */
export const Indexed = Model.make({
  table: 'users',
  hashKey: 'email',
  rangeKey: 'name',
  codec,
  indexes: {
    byAge: Model.globalIndex({ hashKey: 'age', projection: 'keys' }),
    byBorn: Model.globalIndex({ hashKey: 'born', rangeKey: 'age', projection: ['nick', 'tags'] }),
    all: Model.globalIndex({ hashKey: 'nick' }),
  },
})

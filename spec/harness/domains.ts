/**
 * The model of the update domain specs (spec/unit/compile/UpdateDomains, against DynamoDB
 * Local spec/integration/UpdateDomains): an int counter without bounds and one whose declared
 * bounds pass the safe integers, bigints, a float, nullable numbers, and strings of formats
 * (`Field.email`, `Field.dateTime`, `Field.uuid`, a brand) beside plain ones. Pure: no I/O.
 */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as M from '../../lib/model/Model.js'

interface SlugBrand {
  readonly Slug: unique symbol
}

/** A branded string: lower-case letters and dashes. */
const isSlug = (s: string): s is t.Branded<string, SlugBrand> => /^[a-z-]+$/.test(s)
const Slug = t.brand(t.string, isSlug, 'Slug')
/** The same brand defined again: a brand is its name, as its TypeScript type is. */
const Slug2 = t.brand(t.string, isSlug, 'Slug')

/** Every field optional but the key. */
export const Domains = M.make({
  table: 'domains',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({
      count: Field.int(),
      huge: Field.int({ min: -1e20, max: 1e20 }),
      endless: Field.int({ min: -Infinity, max: Infinity }),
      big: Field.bigint,
      big2: Field.bigint,
      counts: Field.list(Field.int()),
      bigs: Field.list(Field.bigint),
      ratio: Field.float(),
      maybe: t.union([Field.int(), t.null]),
      level: t.union([Field.int({ min: 0, max: 10 }), t.null]),
      email: Field.email,
      email2: Field.email,
      maybeEmail: t.union([Field.email, t.null]),
      maybeEmail2: t.union([Field.email, t.null]),
      when: Field.dateTime,
      when2: Field.dateTime,
      uid: Field.uuid,
      slug: Slug,
      text: t.string,
      short: Field.string({ maxLength: 5 }),
      name: Field.string(),
      title: Field.string(),
      names: Field.list(Field.string()),
      names2: Field.list(Field.string()),
      nick: t.union([Field.string(), t.null]),
      nick2: t.union([Field.string(), t.null]),
      slug2: Slug2,
      contact: t.union([Field.email, Field.uuid]),
      contact2: t.union([Field.uuid, Field.email]),
      pair: t.tuple([Field.email, t.string]),
      pair2: t.tuple([t.string, t.string]),
      mails: t.record(t.string, Field.email),
      texts: t.record(t.string, t.string),
    }),
  ]),
})
/** A `Domains` item. */
export type Domains = M.TypeOf<typeof Domains>

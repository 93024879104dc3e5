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
const Slug = t.brand(t.string, (s): s is t.Branded<string, SlugBrand> => /^[a-z-]+$/.test(s), 'Slug')

/** Every field optional but the key. */
export const Domains = M.make({
  table: 'domains',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({
      count: Field.int(),
      huge: Field.int({ min: -1e20, max: 1e20 }),
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
    }),
  ]),
})
/** A `Domains` item. */
export type Domains = M.TypeOf<typeof Domains>

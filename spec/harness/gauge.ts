/**
 * The bounded model of the update guard specs (compile/updateGuard: the unit goldens of
 * spec/unit/compile/UpdateGuard, DynamoDB Local's answers in spec/integration/UpdateBounds):
 * fields with declared bounds (`Field.int`, `Field.float`, `Field.string`), at the top, in a
 * map and a list, a required and an optional set, fields without bounds, a nullable bounded
 * one, a duration and strings of narrower bounds to copy into. Pure: no I/O.
 */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as M from '../../lib/model/Model.js'

/** `level` and `tags` required; the rest optional. */
export const Gauge = M.make({
  table: 'gauges',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, level: Field.int({ min: 0, max: 10 }), tags: Field.stringSet }),
    t.partial({
      wide: Field.int({ min: 0, max: 100 }),
      ratio: Field.float({ min: -1, max: 1 }),
      logins: Field.int({ min: 0 }),
      visits: Field.int(),
      meter: Field.map({}, { k: Field.int({ min: 0, max: 10 }) }),
      levels: Field.list(Field.int({ min: 0, max: 10 })),
      wideLevels: Field.list(Field.int({ min: 0, max: 100 })),
      wideMeter: Field.map({}, { k: Field.int({ min: 0, max: 100 }) }),
      extra: Field.stringSet,
      f3: Field.float({ min: 0, max: 0.3 }),
      f1: Field.float({ min: 0, max: 1 }),
      nlevel: t.union([Field.int({ min: 0, max: 10 }), t.null]),
      dur: Field.duration,
      code: Field.string({ maxLength: 3 }),
      word: Field.string({ regex: /^[a-z]+$/ }),
      name: Field.string({ maxLength: 10 }),
      text: t.string,
    }),
  ]),
})
/** A `Gauge` item. */
export type Gauge = M.TypeOf<typeof Gauge>

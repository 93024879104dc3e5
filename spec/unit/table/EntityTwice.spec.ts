/**
 * One entity declared twice (two models of one `entity` sharing a table: a model and a view of
 * it, say) must compose every key attribute both declare alike, a pad included: else one
 * item has two keys (`N#0005` and `N#5`), or two texts in one index, and what one model writes
 * the other does not read. `Table.diff` (so `createTable`, `planTable`, `syncTable`) gives it
 * as `Unfixable`, `collection` and a transaction refuse it, as they refuse a table key written
 * differently. An attribute only one of them composes (an index the other does not declare)
 * is no disagreement.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as O from 'fp-ts/lib/Option.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'

const codec = t.type({ g: t.string, n: t.number, s: t.string })
const make = (pad: number | undefined, index: string | undefined) =>
  Model.make({
    table: 'pads',
    entity: 'row',
    codec,
    hashKey: Model.key('pk', 'G#{g}'),
    rangeKey: Model.key('sk', 'N#{n}', pad === undefined ? {} : { pad: { n: pad } }),
    indexes: index === undefined ? {} : { byS: Model.globalIndex({ hashKey: Model.key('spk', index as 'S#{s}') }) },
    billing: 'onDemand',
  })
const reasons = (models: ReadonlyArray<ReturnType<typeof make>>): ReadonlyArray<string> => TablePlan.unfixable(Table.diff(models, O.none)).map((s) => s.reason)

test('an entity declared twice whose table key differs only by a pad: Unfixable', () => {
  assert.equal(reasons([make(4, 'S#{s}'), make(undefined, 'S#{s}')]), ['the entity row is declared twice, with different keys (sk = N#{n}, padded differently)'])
  assert.equal(reasons([make(4, 'S#{s}'), make(6, 'S#{s}')]), ['the entity row is declared twice, with different keys (sk = N#{n}, padded differently)'])
})

test('an entity declared twice whose index key differs: Unfixable', () => {
  assert.equal(reasons([make(4, 'S#{s}'), make(4, 'T#{s}')]), ['the entity row is declared twice, with different keys (spk = S#{s} and spk = T#{s})'])
})

test('an entity declared twice whose index key is composed in one and a plain field in the other: Unfixable', () => {
  const plain = Model.make({
    table: 'pads',
    entity: 'row',
    codec: t.type({ g: t.string, n: t.number, s: t.string, spk: t.string }),
    hashKey: Model.key('pk', 'G#{g}'),
    rangeKey: Model.key('sk', 'N#{n}', { pad: { n: 4 } }),
    indexes: { byS: Model.globalIndex({ hashKey: 'spk' }) },
    billing: 'onDemand',
  })
  assert.equal(reasons([make(4, 'S#{s}'), plain]), ['the entity row is declared twice, with different keys (spk = S#{s} and spk as a field)'])
  assert.equal(reasons([plain, make(4, 'S#{s}')]), ['the entity row is declared twice, with different keys (spk as a field and spk = S#{s})'])
})

test('an entity declared twice alike, or with an index only one declares: one table', () => {
  assert.equal(reasons([make(4, 'S#{s}'), make(4, 'S#{s}')]), [])
  assert.equal(reasons([make(4, 'S#{s}'), make(4, undefined)]), [])
})

test.run()

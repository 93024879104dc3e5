/**
 * One entity declared twice (two models of one `entity` sharing a table: a model and a view of
 * it, say) must compose every key attribute both declare alike, a pad included: else one
 * item has two keys (`N#0005` and `N#5`), or two texts in one index, and what one model writes
 * the other does not read. `Table.diff` (so `createTable`, `planTable`, `syncTable`) gives it
 * as `Unfixable` and a transaction refuses it, as they refuse a table key written differently
 * (a `collection` refuses two models of one entity before, whatever their keys). It must declare the same indexes too: a put through a declaration without an
 * index writes no key of it, and the item silently leaves the index.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as O from 'fp-ts/lib/Option.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'

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
/** A transaction's error, when it is refused: one put through each model, on items of other keys. */
const refusal = (models: ReadonlyArray<Table.TableModel>): string | undefined => {
  const x = T.toWriteInput(
    models.map((m, i) => T.put(m, { g: 'a', n: 5 + i, s: 'x' })),
    (m) => m.table,
    'token',
    new Date(0),
  )
  return x._tag === 'Left' ? DE.show(x.left) : undefined
}
const reasons = (models: ReadonlyArray<Table.TableModel>): ReadonlyArray<string> => TablePlan.unfixable(Table.diff(models, O.none)).map((s) => s.reason)

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

// the index byS keyed by another attribute
const byT = Model.make({
  table: 'pads',
  entity: 'row',
  codec,
  hashKey: Model.key('pk', 'G#{g}'),
  rangeKey: Model.key('sk', 'N#{n}', { pad: { n: 4 } }),
  indexes: { byS: Model.globalIndex({ hashKey: Model.key('tpk', 'S#{s}') }) },
  billing: 'onDemand',
})

test('a transaction with puts through two declarations of one entity, padded and unpadded: an ExpressionError', () => {
  const why = 'ExpressionError: entry 1 (put on pads): the entity row is declared twice, with different keys (sk = N#{n}, padded differently) (entry 0 is of the entity row, entry 1 of row): one table cannot hold both'
  assert.is(refusal([make(4, 'S#{s}'), make(undefined, 'S#{s}')]), why)
  assert.is(refusal([make(undefined, 'S#{s}'), make(4, 'S#{s}')]), why)
})

test('a transaction with puts through two declarations of one entity whose indexes differ: an ExpressionError', () => {
  const why = (detail: string) => `ExpressionError: entry 1 (put on pads): the entity row is declared twice, with different indexes (${detail}) (entry 0 is of the entity row, entry 1 of row): one table cannot hold both`
  assert.is(refusal([make(4, 'S#{s}'), make(4, undefined)]), why('byS is declared in one of them only'))
  assert.is(refusal([make(4, 'S#{s}'), byT]), why('byS: global on spk and global on tpk'))
})

test('an entity declared twice alike: one table', () => {
  assert.equal(reasons([make(4, 'S#{s}'), make(4, 'S#{s}')]), [])
  assert.equal(reasons([make(undefined, undefined), make(undefined, undefined)]), [])
  assert.is(refusal([make(4, 'S#{s}'), make(4, 'S#{s}')]), undefined)
})

test('an entity declared twice with an index only one declares: Unfixable (a put through the other leaves the item out of the index)', () => {
  assert.equal(reasons([make(4, 'S#{s}'), make(4, undefined)]), ['the entity row is declared twice, with different indexes (byS is declared in one of them only)'])
  assert.equal(reasons([make(4, undefined), make(4, 'S#{s}')]), ['the entity row is declared twice, with different indexes (byS is declared in one of them only)'])
})

test('an entity declared twice projecting an index differently: the table rule of one index declared twice (all and a list: Unfixable; two lists: the index holds both, each declaration reads what it lists)', () => {
  const projecting = (projection: 'all' | 'keys' | ReadonlyArray<'s' | 'n'>) =>
    Model.make({
      table: 'pads',
      entity: 'row',
      codec,
      hashKey: Model.key('pk', 'G#{g}'),
      rangeKey: Model.key('sk', 'N#{n}'),
      indexes: { byS: Model.globalIndex({ hashKey: Model.key('spk', 'S#{s}'), projection }) },
      billing: 'onDemand',
    })
  assert.equal(reasons([projecting('all'), projecting(['n'])]), ['the models declare index byS twice, differently: global, spk (S), projection all and global, spk (S), projection keys + _et, n'])
  assert.equal(reasons([projecting(['s']), projecting(['n'])]), [])
  const created = Table.diff([projecting(['s']), projecting('keys')], O.none).steps.find((x) => x._tag === 'CreateTable')
  assert.equal(created?._tag === 'CreateTable' ? created.shape.indexes['byS']?.projection : undefined, { _tag: 'Include', attributes: ['_et', 'g', 'n', 's'] })
  // a write does not depend on what an index projects: a transaction takes both declarations
  assert.is(refusal([projecting('all'), projecting(['n'])]), undefined)
})

test.run()

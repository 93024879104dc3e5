/**
 * `Table.diff` of models that declare no table billing (`throughputDeclared: false`) against
 * hostile tables (golden `TablePlan.show` texts): a model declaring only an index's units, on
 * an on-demand table and on a provisioned one at 1/1; provisioned tables at the extremes
 * (1/1, 40,000/40,000) with and without a global index; an on-demand table with a local index,
 * and a global index created beside it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as O from 'fp-ts/lib/Option.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import { right } from '../../harness/either.js'

const codec = t.intersection([t.type({ id: t.string, at: t.number }), t.partial({ rank: t.number, code: t.string })])
type Opts = Partial<Parameters<typeof Model.make<t.TypeOf<typeof codec>, t.OutputOf<typeof codec>, 'id', 'at'>>[0]>
const make = (o: Opts = {}): Table.TableModel =>
  Model.make<t.TypeOf<typeof codec>, t.OutputOf<typeof codec>, 'id', 'at', Readonly<Record<string, Model.Index<t.TypeOf<typeof codec>>>>>({ table: 'things', hashKey: 'id', rangeKey: 'at', codec, ...o })

/** The table `m` makes, described: every index ACTIVE, its units as `m` gives them. */
const tableOf = (m: Table.TableModel): O.Option<Table.TableInfo> => {
  const s = right(Table.shapeOf(m))
  const indexes: Record<string, Table.IndexInfo> = {}
  for (const [n, ix] of Object.entries(s.indexes)) indexes[n] = { ...ix, status: 'ACTIVE', backfilling: false, itemCount: 0 }
  return O.some({ name: 'p-things', status: 'ACTIVE', hashKey: s.hashKey, ...(s.rangeKey === undefined ? {} : { rangeKey: s.rangeKey }), billing: s.billing, indexes, ttl: { status: 'DISABLED' }, itemCount: 3, sizeBytes: 100 })
}

const byCodeUnits = Model.globalIndex({ hashKey: 'code', readUnits: 2, writeUnits: 3 })
const byCode = Model.globalIndex({ hashKey: 'code' })
const byRank = Model.localIndex({ rangeKey: 'rank' })
const kept = (billing: string): string => `  billing left as the table has it: ${billing} (no model declares billing; the default, provisioned 8/8, is for a new table)`
const show = (m: Table.TableModel, table: O.Option<Table.TableInfo>): string => TablePlan.show(Table.diff(m, table))

test('a model declaring only an index units: no billing of its own; on demand the index gets none, provisioned its own', () => {
  const m = make({ indexes: { byCode: byCodeUnits } })
  assert.is(m.throughputDeclared, false)
  assert.is(show(m, tableOf(make({ indexes: { byCode }, billing: 'onDemand' }))), ['table things: up to date', kept('on-demand')].join('\n'))
  assert.is(show(m, tableOf(make({ billing: 'onDemand' }))), ['table things: 1 step', '  1. create index byCode: code (S), projection all', kept('on-demand')].join('\n'))
  assert.is(
    show(m, tableOf(make({ indexes: { byCode }, readUnits: 1, writeUnits: 1 }))),
    ['table things: 1 step', '  1. change units of index byCode 1/1 -> 2/3', kept('provisioned 1/1')].join('\n'),
  )
})

test('provisioned tables at 1/1 and 40,000/40,000: left so; a new global index that declares no units is refused, not given the table units', () => {
  assert.is(show(make(), tableOf(make({ readUnits: 1, writeUnits: 1 }))), ['table things: up to date', kept('provisioned 1/1')].join('\n'))
  assert.is(
    show(make({ indexes: { byCode } }), tableOf(make({ indexes: { byCode }, readUnits: 40000, writeUnits: 40000 }))),
    ['table things: up to date', kept('provisioned 40000/40000, indexes byCode 40000/40000')].join('\n'),
  )
  assert.is(
    show(make({ indexes: { byCode } }), tableOf(make({ readUnits: 40000, writeUnits: 40000 }))),
    [
      'table things: 1 step',
      "  1. UNFIXABLE: index byCode: a new global index of this provisioned table needs both its units, and no model declares them both nor the table's billing: it would get the table's, 40000/40000; declare readUnits and writeUnits on the index (Model.globalIndex({ …, readUnits, writeUnits })), or the billing on the model",
      kept('provisioned 40000/40000'),
    ].join('\n'),
  )
  // its own units declared: created with them
  assert.is(
    show(make({ indexes: { byCode: byCodeUnits } }), tableOf(make({ readUnits: 40000, writeUnits: 40000 }))),
    ['table things: 1 step', '  1. create index byCode: code (S), projection all, units 2/3', kept('provisioned 40000/40000')].join('\n'),
  )
})

test('an on-demand table with a local index: up to date; a global index created beside it gets no units', () => {
  assert.is(show(make({ indexes: { byRank } }), tableOf(make({ indexes: { byRank }, billing: 'onDemand' }))), ['table things: up to date', kept('on-demand')].join('\n'))
  assert.is(
    show(make({ indexes: { byRank, byCode } }), tableOf(make({ indexes: { byRank }, billing: 'onDemand' }))),
    ['table things: 1 step', '  1. create index byCode: code (S), projection all', kept('on-demand')].join('\n'),
  )
})

test.run()

/**
 * `Table.diff`'s options are held to the rule `planTable` and `syncTable` hold them to (the
 * names they take, each a boolean or absent): a misspelt `deleteIndex: true`, or a
 * `deleteIndexes: 'true'` read from a configuration file, is one `Unfixable` step naming it,
 * in the words of `syncTable`'s `ValidationError` (which takes a `signal` besides), never a
 * plan made as if it were absent (the index it was to delete silently kept, listed as kept).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Table from '../../../lib/table/Table.js'
import { counting } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }), billing: 'onDemand' })

const info: Table.TableInfo = {
  name: 'users',
  status: 'ACTIVE',
  hashKey: { name: 'id', type: 'S' },
  billing: { _tag: 'OnDemand' },
  indexes: { old: { _tag: 'GlobalIndex', hashKey: { name: 'x', type: 'S' }, projection: { _tag: 'All' }, status: 'ACTIVE', backfilling: false, itemCount: 0 } },
  ttl: { status: 'DISABLED' },
  itemCount: 0,
  sizeBytes: 0,
}

const cases: ReadonlyArray<readonly [string, unknown, string]> = [
  ['a misspelt name', { deleteIndex: true }, 'deleteIndex: is no option of this operation (it takes deleteIndexes, rebuildIndexes)'],
  ['a string for a boolean', { deleteIndexes: 'true' }, 'deleteIndexes: expected a boolean or undefined, got string'],
  ['a number for a boolean', { rebuildIndexes: 1 }, 'rebuildIndexes: expected a boolean or undefined, got number'],
  ['options that are no object', 5, ''],
  ['null', null, ''],
]

test('options syncTable refuses: one Unfixable step of Table.diff, in the words of syncTable', async () => {
  const { env, sent } = counting()
  for (const [what, options, reason] of cases) {
    const synced = await Dynamo.syncTable(User, options as Table.DiffOptions)(env)()
    assert.ok(E.isLeft(synced) && synced.left._tag === 'ValidationError', what)
    const said = (synced as E.Left<{ readonly message: string }>).left.message
    const plan = Table.diff(User, O.some(info), options as Table.DiffOptions)
    assert.equal(plan.steps, [{ _tag: 'Unfixable', reason: reason === '' ? said : reason }], what)
    // syncTable's words, but for the signal diff does not take
    assert.is(said.replace(', signal)', ')'), reason === '' ? said : reason, what)
    assert.equal(plan.undeclared, [], what)
  }
  assert.is(sent.length, 0)
})

test('options it takes, and none, plan as before', () => {
  assert.equal(Table.diff(User, O.some(info)).undeclared, ['old'])
  assert.equal(Table.diff(User, O.some(info), {}).undeclared, ['old'])
  assert.equal(Table.diff(User, O.some(info), { deleteIndexes: undefined }).undeclared, ['old'])
  assert.equal(Table.diff(User, O.some(info), { deleteIndexes: true }).steps, [{ _tag: 'DeleteIndex', name: 'old', reason: 'undeclared' }])
})

test("a signal, planTable's and syncTable's option, is refused by Table.diff, which sends nothing", () => {
  const plan = Table.diff(User, O.some(info), { signal: new AbortController().signal } as Table.DiffOptions)
  assert.equal(plan.steps, [{ _tag: 'Unfixable', reason: 'signal: is no option of this operation (it takes deleteIndexes, rebuildIndexes)' }])
})

test.run()

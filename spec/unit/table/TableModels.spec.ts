/**
 * What the table operations take as their models (a model made by `Model.make`, or a
 * non-empty list of them), one rule (`table/models.modelsWhy`): `createTable`, `planTable` and
 * `syncTable` answer the same input with the same `ValidationError` naming the culprit, before
 * any request, and `Table.diff` (pure, a plan) with one `Unfixable` step saying the same.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Table from '../../../lib/table/Table.js'
import { counting } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

const cases: ReadonlyArray<readonly [string, unknown, string]> = [
  ['null', null, 'models: expected a model (made by Model.make) or a list of the models sharing the table, got null'],
  ['undefined', undefined, 'models: expected a model (made by Model.make) or a list of the models sharing the table, got undefined'],
  ['a number', 5, 'models: expected a model (made by Model.make) or a list of the models sharing the table, got number'],
  ['an object that is no model', { table: 'users' }, 'models: expected a model (made by Model.make) or a list of the models sharing the table, got an object that is no model'],
  ['an empty list', [], 'models: no model was given: expected a model or a list of the models sharing the table'],
  ['[null]', [null], 'models[0]: expected a model (made by Model.make), got null'],
  ['[undefined]', [undefined], 'models[0]: expected a model (made by Model.make), got undefined'],
  ['[{}]', [{}], 'models[0]: expected a model (made by Model.make), got an object that is no model'],
  ['[User, null]', [User, null], 'models[1]: expected a model (made by Model.make), got null'],
  ['[User, [User]]', [User, [User]], 'models[1]: expected a model (made by Model.make), got a list'],
]

test('createTable, planTable and syncTable answer models that are none with one ValidationError naming the culprit, before any request; Table.diff plans it as one Unfixable step saying the same', async () => {
  const ops: ReadonlyArray<readonly [string, (g: never) => Dynamo.Op<unknown>]> = [
    ['createTable', (g) => Dynamo.createTable(g)],
    ['planTable', (g) => Dynamo.planTable(g)],
    ['syncTable', (g) => Dynamo.syncTable(g)],
  ]
  for (const [name, models, why] of cases) {
    for (const [op, run] of ops) {
      const { env, sent } = counting()
      const r = await run(models as never)(env)()
      assert.ok(E.isLeft(r), `${op} of ${name}: ${JSON.stringify(r)}`)
      assert.is(r.left._tag, 'ValidationError', `${op} of ${name}: ${DE.show(r.left)}`)
      assert.is(DE.show(r.left), `ValidationError: ${why}`, `${op} of ${name}`)
      assert.equal(sent, [], `${op} of ${name}: nothing sent`)
    }
    const plan = Table.diff(models as never, O.none)
    assert.equal(plan.steps, [{ _tag: 'Unfixable', reason: why }], `Table.diff of ${name}`)
  }
})

test('models that are models pass the rule: createTable of a model and of a list of one sends its CreateTable', async () => {
  for (const models of [User, [User]]) {
    const { env, sent } = counting<{ constructor: { name: string } }>()
    await Dynamo.createTable(models)(env)()
    assert.is(sent[0]?.constructor.name, 'CreateTableCommand')
  }
})

test.run()

/**
 * What the table operations take as their models (a model made by `Model.make`, or a
 * non-empty list of them, of one table), one rule (`table/models.modelsWhy`): `createTable`,
 * `planTable` and `syncTable` answer the same input with the same `ValidationError` naming
 * the culprit, before any request, and `Table.diff` (pure, a plan) with one `Unfixable` step
 * saying the same. A
 * forged model (an object tagged `Model` without a model's parts) is none: `Table.diff` plans
 * it, never throws. The operations on one model's table (`describeTable`, `deleteTable`,
 * `clearTable`, `dump`, `load`) answer what is no model by the same rule.
 */
import { Readable, Writable } from 'node:stream'
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
// the same key schema in another table: a list of both is no table's models (the type of a table not known lets it through)
const Other = Model.make({ table: 'others' as string, hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

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
  ["{ _tag: 'Model' }", { _tag: 'Model' }, "models: expected a model (made by Model.make) or a list of the models sharing the table, got an object tagged Model whose table is not a model's"],
  ['[User, a forged model]', [User, { _tag: 'Model', table: 'users' }], "models[1]: expected a model (made by Model.make), got an object tagged Model whose hashKey is not a model's"],
  ['a model without its key types', { ...User, keyTypes: {} }, "models: expected a model (made by Model.make) or a list of the models sharing the table, got an object tagged Model whose keyTypes is not a model's: the key types derive from its keys and indexes (it lacks id, a key of its table or indexes); a model with other keys or indexes is made with Model.make"],
  ['a model with an index that is none', [{ ...User, indexes: { byN: null } }], "models[0]: expected a model (made by Model.make), got an object tagged Model whose indexes is not a model's"],
  ['a model whose fields are null', { ...User, fields: null }, "models: expected a model (made by Model.make) or a list of the models sharing the table, got an object tagged Model whose fields is not a model's"],
  ['[User, a model of another table]', [User, Other], 'models[1]: the models of a table operation share one table: models[0] names users, this one others'],
  ['[User, User, a model of another table]', [User, User, Other], 'models[2]: the models of a table operation share one table: models[0] names users, this one others'],
  ['a model whose billing is none', { ...User, throughput: { _tag: 'Provisioned' } }, "models: expected a model (made by Model.make) or a list of the models sharing the table, got an object tagged Model whose throughput is not a model's"],
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

test("Table.diff of models of two tables, or of a model and what is none, names the first model's table", () => {
  assert.is(Table.diff([User, Other] as never, O.none).table, 'users')
  assert.is(Table.diff([User, User, Other] as never, O.none).table, 'users')
  assert.is(Table.diff([User, null] as never, O.none).table, 'users')
  assert.is(Table.diff([null, User] as never, O.none).table, '')
})

test('describeTable, deleteTable, clearTable, dump and load answer a model that is none (null, undefined, {}, a forged model) with a ValidationError, before any request', async () => {
  const ops: ReadonlyArray<readonly [string, (g: never) => Dynamo.Op<unknown>]> = [
    ['describeTable', (g) => Dynamo.describeTable(g)],
    ['deleteTable', (g) => Dynamo.deleteTable(g)],
    ['clearTable', (g) => Dynamo.clearTable(g)],
    ['dump', (g) => Dynamo.dump(g, new Writable({ write: (_c, _e, cb) => cb() }))],
    ['load', (g) => Dynamo.load(g, Readable.from(['{"id":{"S":"a"},"n":{"N":"1"}}\n']))],
  ]
  const given: ReadonlyArray<readonly [string, unknown, string]> = [
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['{}', {}, 'an object that is no model'],
    ['a list', [User], 'a list'],
    ["{ _tag: 'Model' }", { _tag: 'Model' }, "an object tagged Model whose table is not a model's"],
    ['a model without its key types', { ...User, keyTypes: null }, "an object tagged Model whose keyTypes is not a model's"],
  ]
  for (const [name, model, got] of given) {
    for (const [op, run] of ops) {
      const { env, sent } = counting()
      const r = await run(model as never)(env)()
      assert.ok(E.isLeft(r), `${op} of ${name}: ${JSON.stringify(r)}`)
      assert.is(DE.show(r.left), `ValidationError: model: expected a model (made by Model.make), got ${got}`, `${op} of ${name}`)
      assert.equal(sent, [], `${op} of ${name}: nothing sent`)
    }
  }
})

test('models that are models pass the rule: createTable of a model and of a list of one sends its CreateTable', async () => {
  for (const models of [User, [User]]) {
    const { env, sent } = counting<{ constructor: { name: string } }>()
    await Dynamo.createTable(models)(env)()
    assert.is(sent[0]?.constructor.name, 'CreateTableCommand')
  }
  // a model spread and changed is still one
  const { env, sent } = counting<{ constructor: { name: string } }>()
  await Dynamo.describeTable({ ...User, table: 'people' })(env)()
  assert.is(sent[0]?.constructor.name, 'DescribeTableCommand')
  assert.equal(Table.diff({ ...User, table: 'people' }, O.none).steps.map((s) => s._tag), ['CreateTable'])
})

test.run()

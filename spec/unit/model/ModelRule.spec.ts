/**
 * One rule of what a model is (model/isModel): what `Model.make` makes again from the
 * object's own declaration, with the parts `make` derives as it holds them. What `make`
 * refuses is no model (a multi-attribute key of five fields, a key type that is not its
 * field's, a ttl on a field that is no `Field.epochSeconds`, a handle of another field), and a
 * model is frozen by `make` where the rules read it: a change through a cast fails, and a
 * copy (`{ ...m }`, which can change) is read again at each call, so the cache never answers
 * for what changed after it was checked.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as F from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import { isModel, modelError } from '../../../lib/model/isModel.js'
import * as S from '../../../lib/model/Strategy.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const codec = t.type({ id: t.string, a: t.string, b: t.string, c: t.string, d: t.string, e: t.string, n: t.number, at: F.epochSeconds })
const declaredList = ['a', 'b'] as const
const Row = Model.make({
  table: 'rows',
  hashKey: 'id',
  codec,
  indexes: { byAB: Model.globalIndex({ hashKey: declaredList, rangeKey: ['c', 'd'], projection: ['n'] }) },
  ttl: 'at',
})
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, status: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{orderId}'),
  indexes: { byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), projection: 'keys' }) },
})

const Padded = Model.make({
  table: 'padded',
  entity: 'p',
  codec: t.type({ id: t.string, n: t.number }),
  hashKey: Model.key('pk', 'P#{id}'),
  rangeKey: Model.key('sk', 'N#{n}', { pad: { n: 6 } }),
})

const why = (u: unknown): string => {
  const e = modelError(u)
  return e === undefined ? 'a model' : DE.show(e)
}

test("what Model.make refuses is no model: the model's parts changed where make would refuse them", () => {
  const byAB = Row.indexes.byAB
  const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    // make: 'a multi-attribute hash key lists 1 to 4 fields'
    ['a multi-attribute key of five fields', { ...Row, indexes: { byAB: { ...byAB, hashKey: ['a', 'b', 'c', 'd', 'e'], rangeKey: undefined } } }, /Model\.make refuses .*1 to 4 fields, not 5/],
    ['a multi-attribute key naming a field twice', { ...Row, indexes: { byAB: { ...byAB, rangeKey: ['a', 'd'] } } }, /Model\.make refuses .*appears twice/],
    ['an index on no field', { ...Row, indexes: { byX: { _tag: 'GlobalIndex', hashKey: 'x', rangeKey: undefined, projection: 'all' } } }, /Model\.make refuses .*"x" is not a field/],
    ['a key type that is not its field\'s', { ...Row, keyTypes: { ...Row.keyTypes, id: 'N' } }, /whose keyTypes is not a model's/],
    ['a hash key that is no field', { ...Row, hashKey: 'nope' }, /Model\.make refuses .*"nope" is not a field/],
    ['a hash key of another field, its key types left', { ...Row, hashKey: 'a' }, /whose keyTypes is not a model's/],
    ['a ttl on a field that is no Field.epochSeconds', { ...Row, ttl: 'n' }, /Model\.make refuses .*Field\.epochSeconds/],
    ['a table name DynamoDB refuses', { ...Row, table: 'a b' }, /Model\.make refuses .*a table name is/],
    ['provisioned units that are none', { ...Row, throughput: { _tag: 'Provisioned', readUnits: 0, writeUnits: 1 } }, /Model\.make refuses .*readUnits must be a whole number ≥ 1/],
    ['a key field list that is not the key\'s', { ...Row, keyFields: { hash: ['a'], range: undefined } }, /whose keyFields is not a model's/],
    ['a handle of another field', { ...Row, attrs: { ...Row.attrs, id: Row.attrs.n } }, /whose attrs is not a model's/],
    ['a composed key without its template', { ...Order, templates: {} }, /Model\.make refuses/],
    ['a template of another field', { ...Order, templates: { ...Order.templates, pk: { attribute: 'pk', parts: [{ _tag: 'Literal', text: 'C#' }, { _tag: 'Field', name: 'nope' }] } } }, /Model\.make refuses .*\{nope\} is not a field/],
    // the templates are make's: one per composed key, each one Model.key makes for it
    ['a template no key has', { ...Order, templates: { ...Order.templates, junk: { attribute: 'junk', parts: [{ _tag: 'Literal', text: 'J#' }, { _tag: 'Field', name: 'status' }] } } }, /whose templates is not a model's/],
    ['a template on an attribute that is a field', { ...Order, templates: { ...Order.templates, status: { attribute: 'status', parts: [{ _tag: 'Field', name: 'customerId' }] } } }, /whose templates is not a model's/],
    ['a template of another attribute', { ...Order, templates: { ...Order.templates, pk: { ...Order.templates.pk, attribute: 'sk' } } }, /whose templates is not a model's/],
    ['a template with two fields side by side', { ...Order, templates: { ...Order.templates, gsi1pk: { attribute: 'gsi1pk', parts: [{ _tag: 'Literal', text: 'S#' }, { _tag: 'Field', name: 'status' }, { _tag: 'Field', name: 'customerId' }] } } }, /whose templates is not a model's/],
    ['a template padded to no width', { ...Padded, templates: { ...Padded.templates, sk: { attribute: 'sk', parts: [{ _tag: 'Literal', text: 'N#' }, { _tag: 'Field', name: 'n', pad: 0 }] } } }, /whose templates is not a model's/],
    ['a template with its literal in two runs', { ...Order, templates: { ...Order.templates, sk: { attribute: 'sk', parts: [{ _tag: 'Literal', text: 'ORD' }, { _tag: 'Literal', text: 'ER#' }, { _tag: 'Field', name: 'orderId' }] } } }, /whose templates is not a model's/],
  ]
  for (const [name, forged, says] of cases) {
    assert.not.ok(isModel(forged), name)
    assert.match(why(forged), says, name)
    assert.match(why(forged), /^ValidationError: model: expected a model \(made by Model\.make\), got /, name)
    // and every reader of a model answers it so, never a throw
    const r = Plan.make(forged as typeof Row, 'x')
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', name)
  }
})

test('what make takes is a model: the made ones, a spread copy, a spread copy with a part make takes', () => {
  for (const m of [Row, Order, Padded, { ...Row }, { ...Order }, { ...Padded }, { ...Row, table: 'other' }, { ...Order, entity: 'order2' }]) assert.is(why(m), 'a model')
  // templates copied as they are, or made again alike
  assert.is(why({ ...Order, templates: { ...Order.templates } }), 'a model')
  assert.is(why({ ...Order, templates: { ...Order.templates, sk: Model.key('sk', 'ORDER#{orderId}').template } }), 'a model')
  assert.is(why({ ...Padded, templates: { ...Padded.templates, sk: { attribute: 'sk', parts: [{ _tag: 'Literal', text: 'N#' }, { _tag: 'Field', name: 'n', pad: 6 }] } } }), 'a model')
})

test('a template padded otherwise than written is refused by its pad, not its text', () => {
  // Key.show writes no pad: the two read alike, and only the pad differs from what Model.key makes
  const forged = { ...Padded, templates: { ...Padded.templates, sk: { attribute: 'sk', parts: [{ _tag: 'Literal', text: 'N#' }, { _tag: 'Field', name: 'n', pad: 1.5 }] } } }
  assert.match(why(forged), /whose templates is not a model's/)
})

test('a template make does not hold is never stored: saveOne of a model whose templates hold one more answers a ValidationError, nothing sent', async () => {
  const junk = { ...Order, templates: { ...Order.templates, junk: { attribute: 'junk', parts: [{ _tag: 'Literal', text: 'J#' }, { _tag: 'Field', name: 'status' }] } } }
  const { env, sent } = counting()
  const r = await Dynamo.saveOne(junk as typeof Order, { customerId: 'c', orderId: 'o', status: 's' })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  assert.match(DE.show(r.left), /whose templates is not a model's/)
  assert.equal(sent, [])
  // the model as made is saved, without the junk attribute
  assert.ok(E.isRight(await Dynamo.saveOne(Order, { customerId: 'c', orderId: 'o', status: 's' })(env)()))
  assert.is(sent.length, 1)
  assert.not.ok('junk' in ((sent[0] as { input: { Item: object } }).input.Item))
})

test('a model with other indexes is refused by its key types, saying they derive from its keys and indexes and that such a model is made with Model.make', () => {
  assert.is(
    why({ ...Row, indexes: {} }),
    "ValidationError: model: expected a model (made by Model.make), got an object tagged Model whose keyTypes is not a model's: the key types derive from its keys and indexes (it types a, b, c, d, which no key of its table or indexes is); a model with other keys or indexes is made with Model.make",
  )
  assert.match(why({ ...Row, keyTypes: { ...Row.keyTypes, id: 'N' } }), /\(id is N, not S\)/)
  assert.match(why({ ...Row, keyTypes: { id: 'S' } }), /\(it lacks a, b, c, d, a key of its table or indexes\)/)
})

/** A copy of `Row` whose defaults (frozen, as make's) count how often their names are listed: `make` lists them at each run. */
const counted = (): { readonly model: Record<string, unknown>; readonly reads: () => number } => {
  let n = 0
  const defaults = new Proxy(Row.defaults, {
    ownKeys: (target) => {
      n++
      return Reflect.ownKeys(target)
    },
  })
  return { model: { ...Row, defaults }, reads: () => n }
}

test('a spread copy whose parts are make\'s is read once, then answered from what it held; changed, it is read again', () => {
  const { model, reads } = counted()
  assert.is(why(model), 'a model')
  const once = reads()
  assert.ok(once > 0, 'the first call reads it')
  for (let i = 0; i < 5; i++) assert.is(why(model), 'a model')
  assert.is(reads(), once, 'answered from what it held')
  model.table = 'other'
  assert.is(why(model), 'a model')
  assert.ok(reads() > once, 'a copy changed is read again')
  model.keyTypes = { ...Row.keyTypes, id: 'N' }
  assert.match(why(model), /whose keyTypes is not a model's/)
  model.keyTypes = Row.keyTypes
  assert.is(why(model), 'a model')
})

test('a copy with a part that can change is read at each call, and a change inside that part is seen', () => {
  const { model, reads } = counted()
  const keyTypes: Record<string, string> = { ...Row.keyTypes }
  model.keyTypes = keyTypes
  assert.is(why(model), 'a model')
  const once = reads()
  assert.is(why(model), 'a model')
  assert.ok(reads() > once, 'read again')
  keyTypes.id = 'N'
  assert.match(why(model), /whose keyTypes is not a model's/)
})

test('a copy or a frozen model whose table is a getter is read at each call: a getter giving another value the next time is seen', () => {
  for (const freeze of [false, true]) {
    let n = 0
    const copy = Object.defineProperty({ ...Row }, 'table', { enumerable: true, get: () => (++n === 1 ? 'tab1' : '') })
    const model = freeze ? Object.freeze(copy) : copy
    assert.is(why(model), 'a model', 'the first read gives a table')
    assert.match(why(model), /table/, `${freeze ? 'frozen' : 'a copy'}: the next read gives none, and is seen`)
  }
  // a getter inside a frozen part the rule reads
  let n = 0
  const keyTypes = Object.freeze(Object.defineProperty({ ...Row.keyTypes }, 'id', { enumerable: true, get: () => (n++ === 0 ? 'S' : 'N') }))
  const inner = { ...Row, keyTypes }
  assert.is(why(inner), 'a model')
  assert.match(why(inner), /id is N, not S/)
})

// a frozen model whose parts within are not frozen is not trusted: a change inside is seen
test('a frozen model whose index key list is not frozen: a change to the list is seen', () => {
  const hashKey = ['a', 'b']
  const m = Object.freeze({ ...Row, indexes: Object.freeze({ byAB: Object.freeze({ ...Row.indexes.byAB, hashKey }) }) })
  assert.is(why(m), 'a model')
  assert.is(why(Row), 'a model')
  hashKey.push('e')
  assert.match(why(m), /whose keyTypes is not a model's/)
})

test('a frozen model whose key fields list is not frozen: a change to the list is seen', () => {
  const hash = ['id']
  const m = Object.freeze({ ...Row, keyFields: Object.freeze({ hash, range: undefined }) })
  assert.is(why(m), 'a model')
  assert.is(why(Row), 'a model')
  hash.push('a')
  assert.match(why(m), /whose keyFields is not a model's/)
})

test('a frozen model whose template parts are not frozen: a change to the parts is seen', () => {
  const pk = Order.templates.pk as Model.Model<any, any, any, any>['templates'][string]
  const parts = [...pk.parts]
  const m = Object.freeze({ ...Order, templates: Object.freeze({ ...Order.templates, pk: Object.freeze({ attribute: 'pk', parts }) }) })
  assert.is(why(m), 'a model')
  assert.is(why(Order), 'a model')
  parts.push({ _tag: 'Literal', text: '#' }, { _tag: 'Field', name: 'nope' })
  assert.match(why(m), /Model\.make refuses .*\{nope\} is not a field/)
})

test('a model is frozen where the rules read it: a change through a cast throws, the model is as made', () => {
  const changes: ReadonlyArray<readonly [string, () => void]> = [
    ['the hash key', () => ((Row as { hashKey: string }).hashKey = 'n')],
    ['the table', () => ((Row as { table: string }).table = 'other')],
    ['a key type', () => ((Row.keyTypes as Record<string, string>).id = 'N')],
    ['an index replaced', () => ((Row.indexes as Record<string, unknown>).byAB = { ...Row.indexes.byAB, hashKey: ['a', 'b', 'c', 'd', 'e'] })],
    ['an index\'s key list', () => (Row.indexes.byAB.hashKey as unknown as string[]).push('e')],
    ['an index\'s projection', () => (Row.indexes.byAB.projection as unknown as string[]).push('c')],
    ['a field', () => ((Row.fields as Record<string, unknown>).id = t.number)],
    ['a handle', () => ((Row.attrs as Record<string, unknown>).id = Row.attrs.n)],
    ['the key fields', () => (Row.keyFields.hash as unknown as string[]).push('a')],
    ['the billing', () => ((Row.throughput as { readUnits: number }).readUnits = 0)],
    ['a template', () => ((Order.templates as Record<string, unknown>).pk = undefined)],
    ['a template\'s parts', () => (Order.templates.pk?.parts as unknown[]).push({ _tag: 'Field', name: 'status' })],
  ]
  for (const [name, change] of changes) assert.throws(change, TypeError, name)
  assert.equal([Row.hashKey, Row.table, Row.keyTypes.id, Row.indexes.byAB.hashKey, Row.indexes.byAB.projection, Row.keyFields.hash], ['id', 'rows', 'S', ['a', 'b'], ['n'], ['id']])
  assert.is(why(Row), 'a model')
  // the declaration's own lists are the caller's: left as they are (not frozen by make)
  assert.not.ok(Object.isFrozen(declaredList), 'the declared list')
})

test('a copy that can change is read at each call: changed after a first use, it is refused', () => {
  const copy: Record<string, unknown> = { ...Row }
  assert.ok(E.isRight(S.parse(copy as unknown as typeof Row, 'x')))
  copy.keyTypes = { ...Row.keyTypes, id: 'N' }
  const r = S.parse(copy as unknown as typeof Row, 'x')
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  assert.match(DE.show(r.left), "whose keyTypes is not a model's")
  copy.keyTypes = Row.keyTypes
  assert.ok(E.isRight(S.parse(copy as unknown as typeof Row, 'x')))
})

test.run()

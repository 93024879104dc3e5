/**
 * The time to live of a table shared by entities (DESIGN §5.3, §5.4, §5.6): DynamoDB reads one
 * time-to-live attribute per table, and in a single table only some entities expire (sessions,
 * not customers). An entity that names no `ttl` and has no field of that name never carries the
 * attribute, so none of its items expires: it agrees with the entity that names it, in either
 * order, and the table's time to live is that attribute. What still disagrees: two attributes
 * named, a model without an entity (a view of every item, expired ones unseen), an entity with
 * a field of that name it does not declare as its `ttl` (its items would expire unseen).
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as O from 'fp-ts/lib/Option.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import { Customer, Session } from '../../harness/expiring.js'

/** An entity with a field stored as `expiresAt` that it does not declare as its ttl: DynamoDB would expire its items. */
const Coupon = Model.make({
  table: 'shop',
  entity: 'coupon',
  billing: 'onDemand',
  codec: t.type({ code: t.string, expiresAt: Field.epochSeconds }),
  hashKey: Model.key('pk', 'COUPON#{code}'),
  rangeKey: Model.key('sk', 'COUPON'),
})
/** An entity that names another attribute. */
const Token = Model.make({
  table: 'shop',
  entity: 'token',
  billing: 'onDemand',
  codec: t.type({ tokenId: t.string, until: Field.epochSeconds }),
  hashKey: Model.key('pk', 'TOKEN#{tokenId}'),
  rangeKey: Model.key('sk', 'TOKEN'),
  ttl: 'until',
})
/** A model without an entity on the same table: a view of every item. */
const Everything = Model.make({ table: 'shop', billing: 'onDemand', codec: t.type({ pk: t.string, sk: t.string }), hashKey: 'pk', rangeKey: 'sk' })

/** The table as DynamoDB describes it once created from `models`, time to live as given. */
const described = (models: ReadonlyArray<Table.TableModel>, ttl: Table.TtlInfo): O.Option<Table.TableInfo> => {
  const create = Table.diff(models, O.none).steps.find((s) => s._tag === 'CreateTable')
  if (create === undefined || create._tag !== 'CreateTable') throw new Error('no CreateTable step')
  const s = create.shape
  const indexes: Record<string, Table.IndexInfo> = {}
  for (const [n, ix] of Object.entries(s.indexes)) indexes[n] = { ...ix, status: 'ACTIVE', backfilling: false, itemCount: 0 }
  return O.some({ name: 'shop', status: 'ACTIVE', hashKey: s.hashKey, ...(s.rangeKey === undefined ? {} : { rangeKey: s.rangeKey }), billing: s.billing, indexes, ttl, itemCount: 0, sizeBytes: 0 })
}

const test = suite('Table.diff: the time to live of a table shared by entities')

test('one entity expires, the other has no such field: the table is created with time to live on its attribute, in either order', () => {
  for (const models of [[Customer, Session], [Session, Customer]]) {
    const plan = Table.diff(models, O.none)
    assert.equal(TablePlan.unfixable(plan), [], TablePlan.show(plan))
    assert.equal(
      plan.steps.map((s) => s._tag),
      ['CreateTable', 'EnableTtl'],
    )
    const create = plan.steps[0]
    assert.is(create?._tag === 'CreateTable' ? create.shape.ttl : undefined, 'expiresAt')
    assert.equal(plan.steps[1], { _tag: 'EnableTtl', attribute: 'expiresAt' })
  }
})

test('the table with time to live on that attribute is up to date, in either order; off, it is enabled', () => {
  for (const models of [[Customer, Session], [Session, Customer]]) {
    const on = Table.diff(models, described(models, { status: 'ENABLED', attribute: 'expiresAt' }))
    assert.equal(on.steps, [], TablePlan.show(on))
    const off = Table.diff(models, described(models, { status: 'DISABLED' }))
    assert.equal(off.steps, [{ _tag: 'EnableTtl', attribute: 'expiresAt' }], TablePlan.show(off))
  }
})

test('what still disagrees: an entity with a field of that name not declared its ttl, two attributes, a model without an entity', () => {
  const reasons = (models: ReadonlyArray<Table.TableModel>) => TablePlan.unfixable(Table.diff(models, O.none)).map((s) => s.reason)
  for (const models of [[Coupon, Session], [Session, Coupon]]) {
    const r = reasons(models)
    assert.is(r.length, 1, JSON.stringify(r))
    assert.match(r[0] as string, /time-to-live attribute/)
    assert.match(r[0] as string, /coupon/)
  }
  assert.equal(reasons([Session, Token]), ['the models disagree on the time-to-live attribute: expiresAt and until'])
  assert.equal(reasons([Token, Session]), ['the models disagree on the time-to-live attribute: until and expiresAt'])
  assert.equal(reasons([Session, Everything]), ['the models disagree on the time-to-live attribute: expiresAt and none'])
  assert.equal(reasons([Everything, Session]), ['the models disagree on the time-to-live attribute: none and expiresAt'])
  // three: the one attribute named is the table's; a third naming it too agrees
  assert.equal(reasons([Customer, Session, { ...Session, entity: 'session2' } as Table.TableModel]).filter((x) => x.includes('time-to-live')), [])
})

test("the rule reads codecs by their shape (model/lifecycle, through codec/Shape), never their names: a ttl may be Field.epochSeconds refined, branded, readonly, or with undefined; a Date-to-number codec of the caller's, even one named epochSeconds, may not", () => {
  interface FutureB { readonly Future: unique symbol }
  const future = t.refinement(Field.epochSeconds, (d) => d.getTime() > 0, 'FutureTime')
  const branded = t.brand(Field.epochSeconds, (d): d is t.Branded<Date, FutureB> => d.getTime() > 0, 'Future')
  const taken: ReadonlyArray<readonly [string, t.Type<any, any, unknown>]> = [
    ['Field.epochSeconds', Field.epochSeconds],
    ['a refinement of it', future],
    ['a brand of it', branded],
    ['readonly', t.readonly(Field.epochSeconds)],
    ['a refinement of a refinement', t.refinement(future, () => true, 'epochSecondsAgain')],
    ['with undefined', t.union([Field.epochSeconds, t.undefined])],
  ]
  for (const [name, codec] of taken) {
    const m = Model.make({ table: 'shop', hashKey: 'id', codec: t.type({ id: t.string, exp: codec }), ttl: 'exp' as never })
    assert.is(m.ttl, 'exp', name)
  }
  const lookalike = new t.Type<Date, number, unknown>('epochSeconds', Field.epochSeconds.is, Field.epochSeconds.validate, Field.epochSeconds.encode)
  const refused: ReadonlyArray<readonly [string, t.Type<any, any, unknown>, string]> = [
    ['a codec of the caller named epochSeconds', lookalike, 'epochSeconds'],
    ['a union of it with a number', t.union([Field.epochSeconds, t.number]), '(epochSeconds | number)'],
    ['Field.dateTime', Field.dateTime, 'dateTime'],
  ]
  for (const [name, codec, shown] of refused) {
    assert.throws(
      () => Model.make({ table: 'shop', hashKey: 'id', codec: t.type({ id: t.string, exp: codec }), ttl: 'exp' as never }),
      (e: Error) => e.message === `shop: the ttl field "exp" must be a Field.epochSeconds field (its codec is ${shown})`,
      name,
    )
  }
})

test("an entity whose field of the table's time-to-live name is stored as no number (a Field.dateTime, a string, a map, a list, a boolean) never expires by it (DynamoDB's time to live reads a Number only): it agrees, in either order; one stored as a number (an int, a refined epochSeconds) or of a form the reader cannot tell (an opaque codec) disagrees", () => {
  const entity = (codec: t.Type<any, any, unknown>) =>
    Model.make({
      table: 'shop',
      entity: 'offer',
      billing: 'onDemand',
      codec: t.type({ offerId: t.string, expiresAt: codec }),
      hashKey: Model.key('pk', 'OFFER#{offerId}'),
      rangeKey: Model.key('sk', 'OFFER'),
    })
  const reasons = (models: ReadonlyArray<Table.TableModel>) => TablePlan.unfixable(Table.diff(models, O.none)).map((s) => s.reason)
  const agree: ReadonlyArray<readonly [string, t.Type<any, any, unknown>]> = [
    ['Field.dateTime', Field.dateTime],
    ['a string', t.string],
    ['a refined string', t.refinement(t.string, (s) => s.length > 0, 'epochSeconds')],
    ['a map', t.type({ at: t.number })],
    ['a list of numbers', t.array(t.number)],
    ['a boolean', t.boolean],
    ['a string or undefined', t.union([t.string, t.undefined])],
    ['an intersection of maps', t.intersection([t.type({ at: t.number }), t.partial({ by: t.string })])],
  ]
  for (const [name, codec] of agree) {
    for (const models of [[entity(codec), Session], [Session, entity(codec)]]) {
      const plan = Table.diff(models, O.none)
      assert.equal(reasons(models), [], `${name}: ${TablePlan.show(plan)}`)
      assert.equal(plan.steps.map((s) => s._tag), ['CreateTable', 'EnableTtl'], name)
    }
  }
  const disagree: ReadonlyArray<readonly [string, t.Type<any, any, unknown>]> = [
    ['Field.int', Field.int()],
    ['a number', t.number],
    ['a refined epochSeconds', t.refinement(Field.epochSeconds, () => true, 'dateTime')],
    ['a string or a number', t.union([t.string, t.number])],
    ['an opaque codec', t.unknown],
    ['an intersection of numbers', t.intersection([t.number, t.Int])],
    ['an intersection of a number and an opaque codec', t.intersection([t.unknown, t.number])],
    ['an intersection of numbers or undefined', t.union([t.intersection([t.number, t.Int]), t.undefined])],
    ['a string or an intersection of numbers', t.union([t.string, t.intersection([Field.int(), t.Int])])],
  ]
  for (const [name, codec] of disagree) {
    for (const models of [[entity(codec), Session], [Session, entity(codec)]]) {
      const r = reasons(models)
      assert.is(r.length, 1, `${name}: ${JSON.stringify(r)}`)
      assert.match(r[0] as string, 'the entity offer has a field expiresAt, which may be stored as a number, that it does not declare as its ttl', name)
    }
  }
})

test.run()

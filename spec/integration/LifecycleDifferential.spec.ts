/**
 * Issue 16, point 7: `Evaluate.saveOne` and `Evaluate.updateOne` are the in-memory twin of the
 * writes of a versioned, timestamped model. fast-check (fixed seed) generates a stored state
 * (no item, or an item with or without a version and timestamps), a write (a save with or
 * without a version and a createdAt; or an update of a few actions, with or without a version
 * in its object strategy, sometimes writing a timestamp itself) and a clock. The state is put
 * raw into DynamoDB Local, the write runs through `Dynamo` (`Env`'s `now` fixed), and the item
 * then stored (a consistent GetItem) must be what `Evaluate` gives; a failed write must fail
 * in both (`ConditionalCheckFailed` with the stored item; an update of no item is `NotFound`
 * in `Dynamo`, a `ConditionalCheckFailed` without item in `Evaluate`), leaving the item as it was.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Field from '../../lib/codec/Field.js'
import * as M from '../../lib/model/Model.js'
import * as U from '../../lib/ast/Update.js'
import { normalizeItem, showJson } from '../harness/differential.js'
import { fixture, ok, REQUEST_MS } from '../harness/models.js'

/**
 * Every lifecycle field optional in stored items, so a state may lack any of them; the version
 * field unbounded (`Life`) or bounded at 3 (`Life3`: a state at 3 has no next version).
 */
const lifeOf = (version: Field.Field<number, number>) =>
  M.make({
    table: 'life',
    hashKey: 'id',
    codec: t.intersection([
      t.type({ id: t.string, title: t.string }),
      t.partial({ version, created_at: Field.dateTime, updated_at: Field.dateTime, views: Field.int({ min: 0 }), tags: t.array(t.string), note: t.string }),
    ]),
    version: 'version',
    timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  })
const Life = lifeOf(Field.int({ min: 1 }))
const Life3 = lifeOf(Field.int({ min: 1, max: 3 }))
type Life = M.TypeOf<typeof Life>

const date = fc.integer({ min: 0, max: 4 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d, 12)))
const version = fc.integer({ min: 1, max: 3 })

/** A stored state: no item, or one with any of the lifecycle fields. */
const state: fc.Arbitrary<Omit<Life, 'id'> | undefined> = fc.option(
  fc.record(
    { title: fc.constantFrom('a', 'b'), version, created_at: date, updated_at: date, views: fc.nat(3), tags: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }), note: fc.constant('n') },
    { requiredKeys: ['title'] },
  ),
  { nil: undefined },
)

type Write =
  | { readonly _tag: 'save'; readonly item: Omit<Life, 'id'> }
  | { readonly _tag: 'update'; readonly version: number | undefined; readonly actions: ReadonlyArray<number> }

/** The actions an update picks from (by index): each on its own field, so any subset is one update. */
const actionsOf = (m: typeof Life, now: Date): ReadonlyArray<U.Action> => {
  const l = m.attrs
  return [
    U.set(l.title, 'u'),
    U.increment(l.views, 1),
    U.append(l.tags, ['z']),
    U.remove(l.note),
    U.set(l.updated_at, new Date(Date.UTC(2000, 0, 1))),
    U.setIfNotExists(l.created_at, now),
  ]
}

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ _tag: fc.constant('save' as const), item: fc.record({ title: fc.constantFrom('s'), version, created_at: date }, { requiredKeys: ['title'] }) }),
  fc.record({
    _tag: fc.constant('update' as const),
    version: fc.option(version, { nil: undefined }),
    actions: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
  }),
)

const encode = (m: typeof Life, item: Life) => {
  const e = M.encode(m, item)
  return E.isRight(e) ? e.right.stored : (assert.unreachable(DE.show(e.left)) as never)
}

const differential = (Life: typeof Life3, label: string, seed: number, numRuns: number) => async () => {
  const f = await fixture(label)
  await ok(f.env, Dynamo.createTable(Life))
  const TableName = f.table(Life)
  const counts = { runs: 0, saves: 0, updates: 0, written: 0, checkFailed: 0, notFound: 0, refused: 0 }
  let n = 0
  await fc.assert(
    fc.asyncProperty(state, write, date, async (before, w, now) => {
      const id = `i${n++}`
      const Key = { id: { S: id } }
      await f.client.send(new DeleteItemCommand({ TableName, Key }))
      const stored = before === undefined ? undefined : encode(Life, { ...before, id })
      if (stored !== undefined) await f.client.send(new PutItemCommand({ TableName, Item: stored }))
      const env = Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, now: () => now, timeoutMs: REQUEST_MS })
      const evaluated =
        w._tag === 'save'
          ? Evaluate.saveOne(Life, { ...w.item, id }, now)
          : Evaluate.updateOne(Life, w.version === undefined ? id : { id, version: w.version }, w.actions.map((i) => actionsOf(Life, now)[i] as U.Action), now)
      // a write refused before any item (none is generated): the same Left for every state
      const expected = E.isLeft(evaluated) ? evaluated : evaluated.right(stored)
      const got =
        w._tag === 'save'
          ? await Dynamo.saveOne(Life, { ...w.item, id })(env)()
          : await Dynamo.updateOne(Life, w.version === undefined ? id : { id, version: w.version }, w.actions.map((i) => actionsOf(Life, now)[i] as U.Action))(env)()
      const after = (await f.client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item
      const show = () => `state ${showJson(stored)}\nwrite ${showJson(w)} at ${now.toISOString()}\nDynamoDB: ${E.isLeft(got) ? DE.show(got.left) : 'written'} → ${showJson(after)}\nEvaluate: ${E.isLeft(expected) ? DE.show(expected.left) : showJson(expected.right)}`
      counts.runs++
      counts[w._tag === 'save' ? 'saves' : 'updates']++
      if (E.isRight(expected)) {
        assert.ok(E.isRight(got), show())
        assert.equal(normalizeItem(after ?? {}), normalizeItem(expected.right), show())
        counts.written++
        return
      }
      assert.ok(E.isLeft(got), show())
      const e = expected.left
      const g = got.left
      if (e._tag === 'ConditionalCheckFailed') {
        if (stored === undefined && w._tag === 'update') {
          assert.is(g._tag, 'NotFound', show())
          counts.notFound++
        } else {
          assert.is(g._tag, 'ConditionalCheckFailed', show())
          assert.equal(normalizeItem((g as DE.ConditionalCheckFailed).item ?? {}), normalizeItem(e.item ?? {}), show())
          counts.checkFailed++
        }
      } else {
        assert.is(g._tag, e._tag, show())
        counts.refused++
      }
      // a failed write leaves the item as it was
      assert.equal(normalizeItem(after ?? {}), normalizeItem(stored ?? {}), show())
    }),
    { seed, numRuns },
  )
  console.log(`\n${label}: ${JSON.stringify(counts)}`)
  assert.is(counts.runs, numRuns)
  // the generators reach every outcome
  assert.ok(counts.written > 0 && counts.checkFailed > 0 && counts.notFound > 0, JSON.stringify(counts))
  // and, the version bounded, the writes of an item at the bound refused in both
  if (Life === Life3) assert.ok(counts.refused > 0, JSON.stringify(counts))
}

test('Evaluate.saveOne / updateOne and DynamoDB Local store the same item (versions, timestamps, failures) on 400 generated writes', differential(Life, 'lifediff', 16_007, 400))

test('with a version field bounded at 3, on 150 generated writes: the same items and failures (a write of an item at 3 refused in both, never storing 4)', differential(Life3, 'lifediff-max3', 16_008, 150))

test.run()

/**
 * Updates DynamoDB would take but that would leave an item dynamongo cannot read, or a key out
 * of step with its fields, are refused before any request (DESIGN §3, §5.4), by
 * `Command.updateParts` (updateOne, updateFromDict, `T.update`, `Evaluate.updateOne` all
 * build their update there):
 *
 * - a `remove` of what the codec requires, at any depth (a `t.type` field whose codec does not
 *   take `undefined`, of the model, or of a map held by it, or of a list's, a tuple's or a
 *   dictionary's map elements; a tuple's element; a field every map member of a union
 *   requires; an entry a record's domain names, a literal or `keyof`; under a recursion
 *   too), is a `ValidationError` naming the path: the stored item would no longer decode.
 *   An optional field, a field whose codec takes `undefined`, a list element, or an entry
 *   of a record of any keys may go.
 *   The update cannot also set the same field: DynamoDB refuses two actions on one path, and
 *   so does the compiler.
 * - an increment (`increment`, `add`, `set(a, plus(a, n))`) of a field that makes a composed
 *   key is an `ExpressionError`: of the table's key, the item would have to move; of an index
 *   template, the key is recomputed only from a value. A field of a multi-attribute index key
 *   is stored as it is, and may be incremented.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as U from '../../../lib/ast/Update.js'
import * as Attr from '../../../lib/ast/Attr.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as T from '../../../lib/compile/Transaction.js'
import type { Op } from '../../../lib/run/op.js'
import { counting } from '../../harness/counting.js'

const Person = Model.make({
  table: 'people',
  hashKey: 'id',
  codec: t.intersection([
    t.type({
      id: t.string,
      name: t.string,
      home: Field.map({ city: t.string }, { zip: t.string }),
      trips: Field.list(Field.map({ city: t.string }, { nights: Field.int() })),
    }),
    t.partial({ nickname: t.string, work: Field.map({ city: t.string }, { floor: Field.int() }) }),
  ]),
})
const p = Person.attrs

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, seq: Field.int({ min: 0 }), status: t.string, rank: Field.int({ min: 0 }), region: t.string, score: Field.int() }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{seq}', { pad: { seq: 6 } }),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', 'RANK#{rank}', { pad: { rank: 6 } }) }),
    byRegion: Model.globalIndex({ hashKey: ['region'], rangeKey: ['score'] }),
  },
})
const o = Order.attrs as any
const order = { customerId: 'c1', seq: 1 }

/** Runs `op` on an Env that answers nothing, and says what it gave and how many requests it sent. */
const run = async <A>(op: Op<A>): Promise<{ readonly r: E.Either<DE.DynamoError, A>; readonly sent: number }> => {
  const { env, sent } = counting()
  const r = await op(env)()
  return { r, sent: sent.length }
}

const refused = async <A>(op: Op<A>, tag: DE.DynamoError['_tag'], says: string | RegExp): Promise<void> => {
  const { r, sent } = await run(op)
  if (E.isRight(r)) throw new Error(`expected a Left ${tag}, got a Right`)
  assert.is(r.left._tag, tag, DE.show(r.left))
  assert.match(DE.show(r.left), says)
  assert.is(sent, 0, 'nothing is sent')
}

/** Sent: the update reaches the client (which answers without an item, so the run is a Left of its own). */
const sentOnce = async <A>(op: Op<A>): Promise<void> => {
  const { sent } = await run(op)
  assert.is(sent, 1)
}

test('a required field of a map is a required field: its remove is a ValidationError naming its path, and nothing is sent', async () => {
  // through handles cast untyped: the compiler refuses these (spec/types/Remove.ts), the run too
  await refused(Dynamo.updateOne(Person, 'p1', [U.remove(p.name as Attr.Attr<string>)]), 'ValidationError', 'name: a required field cannot be removed')
  await refused(Dynamo.updateOne(Person, 'p1', [U.remove(p.home.city as Attr.Attr<string>)]), 'ValidationError', 'home.city: a required field cannot be removed')
  // a required field of an optional map: the map, where it is stored, would no longer decode
  await refused(Dynamo.updateOne(Person, 'p1', [U.remove(p.work.city as Attr.Attr<string>)]), 'ValidationError', 'work.city: a required field cannot be removed')
  // of a list's map elements
  await refused(Dynamo.updateOne(Person, 'p1', [U.remove(p.trips.at(0).city as Attr.Attr<string>)]), 'ValidationError', /trips\[0\]\.city: a required field cannot be removed/)
  // in a transaction, naming the entry
  await refused(Dynamo.transactWrite([T.update(Person, 'p1', [U.remove(p.home.city as Attr.Attr<string>)])]), 'ValidationError', 'entry 0 (update on people): home.city')
})

test('what the codec does not require may be removed: optional fields at any depth, list elements, optional maps whole', async () => {
  await sentOnce(Dynamo.updateOne(Person, 'p1', [U.remove(p.nickname)]))
  await sentOnce(Dynamo.updateOne(Person, 'p1', [U.remove(p.home.zip)]))
  await sentOnce(Dynamo.updateOne(Person, 'p1', [U.remove(p.work)]))
  await sentOnce(Dynamo.updateOne(Person, 'p1', [U.remove(p.trips.at(0))]))
  await sentOnce(Dynamo.updateOne(Person, 'p1', [U.remove(p.trips.at(0).nights)]))
})

/*
 * What the codec says of each attribute a remove takes away, where it sits: required is what
 * an item cannot decode without (a `t.type` field whose codec does not take `undefined`, a
 * tuple's element, a field every map member of a union requires), read through maps, lists,
 * tuples and dictionaries. Each case's item, with the attribute gone, is decoded too: the
 * refusals are exactly the items that would not decode.
 */
const Shapes = Model.make({
  table: 'shapes',
  hashKey: 'id',
  codec: t.type({
    id: t.string,
    maybe: t.union([t.string, t.undefined]),
    anything: t.unknown,
    nested: Field.map({ a: t.union([t.string, t.undefined]), b: t.string, c: t.unknown }),
    both: t.intersection([t.type({ x: t.union([t.string, t.undefined]) }), t.type({ x: t.string, y: t.string })]),
    pair: t.tuple([t.string, t.number]),
    tmap: t.tuple([t.type({ city: t.string, zip: t.union([t.string, t.undefined]) })]),
    dict: t.record(t.string, t.type({ city: t.string })),
    places: t.union([t.type({ city: t.string, zip: t.string }), t.type({ city: t.string }), t.string, t.undefined]),
    either: t.union([t.type({ city: t.string }), t.type({ zip: t.string })]),
    opaque: t.union([t.type({ city: t.string }), t.unknown]),
  }),
})
const stored = {
  id: 's1',
  maybe: 'm',
  anything: 1,
  nested: { a: 'a', b: 'b', c: 'c' },
  both: { x: 'x', y: 'y' },
  pair: ['p', 1],
  tmap: [{ city: 'c', zip: 'z' }],
  dict: { k: { city: 'c' } },
  places: { city: 'c', zip: 'z' },
  either: { city: 'c', zip: 'z' },
  opaque: { city: 'c' },
}

/** `stored` with the attribute at `path` removed as DynamoDB removes it (a list element: the later ones move down). */
const without = (path: ReadonlyArray<string | number>): unknown => {
  const item = structuredClone(stored) as Record<string | number, any>
  let at: any = item
  for (const e of path.slice(0, -1)) at = at[e]
  const last = path[path.length - 1] as string | number
  if (Array.isArray(at)) at.splice(last as number, 1)
  else delete at[last]
  return item
}

/** An untyped handle on `path`. */
const at = (path: ReadonlyArray<string | number>) => Attr.path(path[0] as string, ...path.slice(1))

test('a field whose codec takes undefined (a union with t.undefined, t.unknown) may be removed, at any depth: the item decodes without it', async () => {
  assert.ok(E.isRight(Shapes.codec.decode(stored)))
  for (const path of [['maybe'], ['anything'], ['nested', 'a'], ['nested', 'c'], ['tmap', 0, 'zip']] as const) {
    await sentOnce(Dynamo.updateOne(Shapes, 's1', [U.remove(at(path))]))
    assert.ok(E.isRight(Shapes.codec.decode(without(path))), path.join('.'))
  }
})

test('a tuple element, a required field of a map in a tuple or a dictionary entry, of an intersection part, or one every map member of a union requires: its remove is a ValidationError, nothing sent; the item would not decode', async () => {
  for (const [path, says] of [
    [['nested', 'b'], 'nested.b: a required field cannot be removed'],
    [['both', 'x'], 'both.x: a required field cannot be removed'],
    [['pair', 0], "pair[0]: a tuple's element cannot be removed"],
    [['pair', 1], "pair[1]: a tuple's element cannot be removed"],
    [['tmap', 0, 'city'], 'tmap[0].city: a required field cannot be removed'],
    [['dict', 'k', 'city'], 'dict.k.city: a required field cannot be removed'],
    [['places', 'city'], 'places.city: a required field cannot be removed'],
  ] as const) {
    await refused(Dynamo.updateOne(Shapes, 's1', [U.remove(at(path))]), 'ValidationError', says)
    assert.ok(E.isLeft(Shapes.codec.decode(without(path))), path.join('.'))
  }
})

test('what a tuple, a dictionary or a union does not require may be removed: a dictionary entry, a field only some members of a union require, past a tuple\'s end', async () => {
  for (const path of [['dict', 'k'], ['either', 'city'], ['places', 'zip'], ['pair', 2]] as const) {
    await sentOnce(Dynamo.updateOne(Shapes, 's1', [U.remove(at(path))]))
    assert.ok(E.isRight(Shapes.codec.decode(without(path))), path.join('.'))
  }
  // a union with a member that takes any value (t.unknown): the item decodes without the field
  await sentOnce(Dynamo.updateOne(Shapes, 's1', [U.remove(Attr.path('opaque', 'city'))]))
})

interface Node {
  readonly value: number
  readonly note?: string
  readonly kids: ReadonlyArray<Node>
}
const Node: t.Type<Node> = t.recursion('Node', () => t.intersection([t.type({ value: t.number, kids: t.readonlyArray(Node) }), t.partial({ note: t.string })]))
const Keyed = Model.make({
  table: 'keyed',
  hashKey: 'id',
  codec: t.intersection([
    t.type({
      id: t.string,
      scores: t.record(t.union([t.literal('a'), t.literal('b')]), t.number),
      flags: t.record(t.keyof({ p: null, q: null }), t.boolean),
      loose: t.record(t.literal('z'), t.union([t.number, t.undefined])),
      open: t.record(t.string, t.number),
      tree: Node,
    }),
    t.partial({ spare: t.record(t.literal('z'), t.number) }),
  ]),
})
const keyed = { id: 'k1', scores: { a: 1, b: 2 }, flags: { p: true, q: false }, loose: { z: 1 }, open: { x: 1 }, tree: { value: 1, note: 'n', kids: [{ value: 2, kids: [] }] }, spare: { z: 3 } }

/** `keyed` without what lies at `path`. */
const keyedWithout = (path: ReadonlyArray<string | number>): unknown => {
  const copy = JSON.parse(JSON.stringify(keyed)) as Record<string | number, unknown>
  let at: Record<string | number, unknown> = copy
  for (const e of path.slice(0, -1)) at = at[e] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (Array.isArray(at)) at.splice(last as number, 1)
  else delete at[last]
  return copy
}

test('an entry a record must hold (its domain a literal, a union of literals or keyof; its codec refusing undefined), and a required field under a recursion (t.recursion), at any depth: its remove is a ValidationError, nothing sent; the item would not decode', async () => {
  for (const path of [['scores', 'a'], ['flags', 'q'], ['spare', 'z'], ['tree', 'value'], ['tree', 'kids'], ['tree', 'kids', 0, 'value']] as const) {
    await refused(Dynamo.updateOne(Keyed, 'k1', [U.remove(at(path))]), 'ValidationError', `${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join('.').replace('.[', '[')}: a required field cannot be removed`)
    assert.ok(E.isLeft(Keyed.codec.decode(keyedWithout(path))), path.join('.'))
  }
})

test('what a record or a recursion does not require may be removed: an entry of a record of any string keys, one whose codec takes undefined, a key the domain does not name, an optional field or a list element under a recursion', async () => {
  for (const path of [['open', 'x'], ['loose', 'z'], ['scores', 'c'], ['tree', 'note'], ['tree', 'kids', 0], ['spare']] as const) {
    await sentOnce(Dynamo.updateOne(Keyed, 'k1', [U.remove(at(path))]))
    assert.ok(E.isRight(Keyed.codec.decode(keyedWithout(path))), path.join('.'))
  }
})

test("a value set into a tuple's element or a dictionary's entry (through an untyped handle) is checked against the model's codec there: a ValidationError, nothing sent", async () => {
  await refused(Dynamo.updateOne(Shapes, 's1', [U.set(Attr.path('pair', 1), 'x')]), 'ValidationError', 'pair[1]: expected number, got "x"')
  await refused(Dynamo.updateOne(Shapes, 's1', [U.set(Attr.path('dict', 'k', 'city'), 5)]), 'ValidationError', 'dict.k.city: expected string, got 5')
  await refused(Dynamo.updateOne(Shapes, 's1', [U.set(Attr.path('tmap', 0), { zip: 'z' })]), 'ValidationError', 'tmap[0].city')
  await refused(Dynamo.updateOne(Shapes, 's1', [U.set(Attr.path('dict', 'k', 'city'), Attr.path('pair', 1))]), 'ExpressionError', 'pair[1] is stored as N, dict.k.city as S')
  await sentOnce(Dynamo.updateOne(Shapes, 's1', [U.set(Attr.path('dict', 'k', 'city'), 'Paris')]))
})

test('an update cannot both remove and set one field: the paths overlap (DynamoDB refuses it), so a required field cannot be removed and set back', async () => {
  await refused(Dynamo.updateOne(Person, 'p1', [U.remove(p.nickname), U.set(p.nickname, 'x')]), 'ExpressionError', 'overlap')
  await refused(Dynamo.updateOne(Person, 'p1', [U.remove(p.home.city as Attr.Attr<string>), U.set(p.home.city, 'x')]), 'ValidationError', 'home.city: a required field cannot be removed')
})

test("an increment of a field of the table's composed key is an ExpressionError, in every form, and nothing is sent", async () => {
  const says = "an update cannot change seq, a field of the table's key"
  await refused(Dynamo.updateOne(Order, order, [U.increment(o.seq, 1)]), 'ExpressionError', says)
  await refused(Dynamo.updateOne(Order, order, [U.add(o.seq, 1)]), 'ExpressionError', says)
  await refused(Dynamo.updateOne(Order, order, [U.set(o.seq, U.plus(o.seq, 1))]), 'ExpressionError', says)
  await refused(Dynamo.transactWrite([T.update(Order, order, [U.decrement(o.seq, 1)])]), 'ExpressionError', says)
})

test('an increment of a field of an index template is an ExpressionError (the key is recomputed only from a value); set to a value, it is recomputed', async () => {
  const says = 'rank makes an index key; an update may only set it to a value or remove it'
  await refused(Dynamo.updateOne(Order, order, [U.increment(o.rank, 1)]), 'ExpressionError', says)
  await refused(Dynamo.updateOne(Order, order, [U.add(o.rank, 1)]), 'ExpressionError', says)
  await refused(Dynamo.updateOne(Order, order, [U.set(o.rank, U.plus(o.rank, 1))]), 'ExpressionError', says)
  await refused(Dynamo.transactWrite([T.update(Order, order, [U.increment(o.rank, 1)])]), 'ExpressionError', says)
  await sentOnce(Dynamo.updateOne(Order, order, [U.set(o.rank, 2)]))
})

test('a field of a multi-attribute index key is stored as it is: an increment is sent, and DynamoDB moves the item in the index', async () => {
  await sentOnce(Dynamo.updateOne(Order, order, [U.increment(o.score, 1)]))
})

test.run()

/**
 * The hostile and careless user's pass, against DynamoDB Local: inputs at the edges of what
 * the library promises (versions at the largest exact number, items with odd own keys, key
 * values that mimic a template), each asserting what is stored and what is read back.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import * as C from '../../lib/ast/Condition.js'
import * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { Doc, NOW } from '../harness/lifecycle.js'
import { err, fixture, ok, S, scanAll } from '../harness/models.js'

const MAX = Number.MAX_SAFE_INTEGER

test('a version at Number.MAX_SAFE_INTEGER: no update pushes it past (unchecked updateOne, updateFromDict, T.update are ConditionalCheckFailed and write nothing); the item stays readable', async () => {
  const f = await fixture('hostile-version', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Doc))
  const TableName = f.table(Doc)
  const raw = (id: string, version: number) => ({ id: S(id), title: S('T'), version: { N: String(version) }, created_at: S(NOW.toISOString()), updated_at: S(NOW.toISOString()) })
  // an item restored (load keeps versions) or written raw at the largest exact version
  await f.client.send(new PutItemCommand({ TableName, Item: raw('top', MAX) }))
  await f.client.send(new PutItemCommand({ TableName, Item: raw('below', MAX - 1) }))
  const storedVersion = async (id: string) => (await f.client.send(new GetItemCommand({ TableName, Key: { id: S(id) }, ConsistentRead: true }))).Item?.['version']
  await err(f.env, Dynamo.updateOne(Doc, 'top', [U.set(Doc.attrs.title, 'B')]), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.updateFromDict(Doc, { id: 'top', title: 'B' }), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.transactWrite([T.update(Doc, 'top', [U.set(Doc.attrs.title, 'B')])]), 'TransactionCanceled')
  assert.equal(await storedVersion('top'), { N: String(MAX) })
  assert.is((await ok(f.env, Dynamo.getOne(Doc, 'top'))).version, MAX)
  // one below: the update takes it to the largest, and the next one is refused
  const up = await ok(f.env, Dynamo.updateOne(Doc, 'below', [U.set(Doc.attrs.title, 'B')]))
  assert.is(up.version, MAX)
  await err(f.env, Dynamo.updateOne(Doc, 'below', [U.set(Doc.attrs.title, 'C')]), 'ConditionalCheckFailed')
  assert.equal(await storedVersion('below'), { N: String(MAX) })
  assert.is((await ok(f.env, Dynamo.getOne(Doc, 'below'))).title, 'B')
})

const Odd = Model.make({
  table: 'odd-values',
  hashKey: 'id',
  billing: 'onDemand',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({
      n: Field.float(),
      list: Field.list(Field.float()),
      rec: t.record(t.string, t.number),
      b: Field.binary,
      bs: Field.binarySet,
      note: t.union([t.string, t.undefined]),
      any: t.unknown,
    }),
  ]),
})

/** Every path of `x` with its value's kind: -0 apart from 0, a Buffer apart from a Uint8Array, an own key apart from none. */
const exactly = (x: unknown): unknown => {
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : x
  if (x instanceof Uint8Array) return [Object.getPrototypeOf(x).constructor.name, ...x]
  if (x instanceof Set) return ['Set', ...[...x].map(exactly)]
  if (Array.isArray(x)) return x.map(exactly)
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, exactly((x as Record<string, unknown>)[k])]))
  return x
}

test('saveOne and saveMany return what getOne reads back: -0 as 0, a Buffer as a Uint8Array, an own key holding undefined as no key (top level, nested, in sets and lists)', async () => {
  const f = await fixture('hostile-values')
  await ok(f.env, Dynamo.createTable(Odd))
  const given = (id: string) =>
    ({
      id,
      n: -0,
      list: [-0, 1],
      rec: { a: -0 },
      b: Buffer.from('xy'),
      bs: new Set([Buffer.from('a'), new Uint8Array([98])]),
      note: undefined,
      any: { z: -0, u: undefined, buf: Buffer.from('q'), i16: new Int16Array([1]) },
    }) as Model.InputOf<typeof Odd>
  const saved = await ok(f.env, Dynamo.saveOne(Odd, given('one')))
  const read = await ok(f.env, Dynamo.getOne(Odd, 'one'))
  assert.equal(exactly(saved), exactly(read))
  assert.is('note' in saved, false)
  assert.is(Object.is(saved.n, 0), true)
  assert.is(Object.getPrototypeOf(saved.b), Uint8Array.prototype)
  const many = await ok(f.env, Dynamo.saveMany(Odd, [given('two')]))
  assert.equal(exactly(many.success[0]), exactly(await ok(f.env, Dynamo.getOne(Odd, 'two'))))
})

const Protos = Model.make({
  table: 'protos',
  hashKey: 'id',
  billing: 'onDemand',
  codec: t.intersection([t.type({ id: t.string }), t.partial({ at: t.record(t.string, Field.epochSeconds), dict: t.record(t.string, t.string), blob: t.unknown, n: Field.int() })]),
})

const own = (o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })

test('nested keys __proto__ and "\\u0000__proto__" read back as written through every read path (getOne, getMany by key and by scan, page, pages, transactGet, updateOne, deleteOne) and saveOne returns the same', async () => {
  const f = await fixture('hostile-proto')
  await ok(f.env, Dynamo.createTable(Protos))
  const given = { id: 'a', at: own({ x: new Date(5000) }, '__proto__', new Date(7000)), dict: own({}, '__proto__', 'p'), blob: { ['\u0000__proto__']: 'z' }, n: 1 } as Model.InputOf<typeof Protos>
  const saved = await ok(f.env, Dynamo.saveOne(Protos, given))
  const shape = (x: unknown) => JSON.stringify(exactly(x))
  const want = shape(saved)
  assert.is(Object.getPrototypeOf(saved.at), Object.prototype)
  assert.ok(Object.hasOwn(saved.at ?? {}, '__proto__') && Object.hasOwn(saved.dict ?? {}, '__proto__') && Object.keys(saved.blob as object)[0] === '\u0000__proto__')
  assert.is(shape(await ok(f.env, Dynamo.getOne(Protos, 'a'))), want)
  assert.is(shape((await ok(f.env, Dynamo.getMany(Protos, ['a'])))[0]), want)
  assert.is(shape((await ok(f.env, Dynamo.getMany(Protos, C.exists(Protos.attrs.id))))[0]), want)
  assert.is(shape((await ok(f.env, Dynamo.page(Protos, C.exists(Protos.attrs.id)))).items[0]), want)
  for await (const p of Dynamo.pages(Protos, C.exists(Protos.attrs.id), {})(f.env)) assert.is(shape(p._tag === 'Right' ? p.right.items[0] : p.left), want)
  const [got] = await ok(f.env, Dynamo.transactGet([T.get(Protos, 'a')] as const))
  assert.is(shape(O.toUndefined(got)), want)
  const updated = await ok(f.env, Dynamo.updateOne(Protos, 'a', [U.set(Protos.attrs.n, 2)]))
  assert.is(shape({ ...updated, n: 1 }), want)
  const deleted = await ok(f.env, Dynamo.deleteOne(Protos, 'a'))
  assert.is(shape(O.toUndefined(deleted)), shape(updated))
})

const Priced = Model.make({
  table: 'priced',
  entity: 'p',
  billing: 'onDemand',
  codec: t.type({ a: t.string, price: Field.decimal, n: Field.int() }),
  hashKey: Model.key('pk', 'P#{a}'),
  rangeKey: Model.key('sk', 'PRICE#{price}#{n}'),
})

test('one number, one composed key: saves of 12.50, 1.25e1 and 12.5 (and of -0 and 0) write one item each, found by any spelling', async () => {
  const f = await fixture('hostile-numbers')
  await ok(f.env, Dynamo.createTable(Priced))
  for (const price of ['12.50', '1.25e1', '12.5', '-0', '0']) await ok(f.env, Dynamo.saveOne(Priced, { a: 'a', price, n: 1 }))
  const stored = await scanAll(f.client, f.table(Priced))
  assert.equal(stored.map((x) => x['sk']?.S).sort(), ['PRICE#0#1', 'PRICE#12.5#1'])
  assert.equal(await ok(f.env, Dynamo.getOne(Priced, { a: 'a', price: '12.500', n: 1 })), { a: 'a', price: '12.5', n: 1 })
})

test.run()

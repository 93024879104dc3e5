/**
 * The hostile and careless user's pass, against DynamoDB Local: inputs at the edges of what
 * the library promises (versions at the largest exact number, items with odd own keys, key
 * values that mimic a template), each asserting what is stored and what is read back.
 */
import { readFileSync } from 'node:fs'
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb'
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
import * as Item from '../../lib/codec/Item.js'
import { Doc, NOW } from '../harness/lifecycle.js'
import { err, fixture, ok, run, S, scanAll, REQUEST_MS } from '../harness/models.js'
import { countRequests } from '../harness/faults.js'
import { marshall } from '@aws-sdk/util-dynamodb'
import { local } from '../harness/local.js'
import * as Env from '../../lib/run/Env.js'
import * as Attr from '../../lib/ast/Attr.js'
import * as DE from '../../lib/DynamoError.js'

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
  // the refusal says why, so that a caller retrying on conflicts does not retry for ever
  for (const e of [
    await err(f.env, Dynamo.updateOne(Doc, 'top', [U.set(Doc.attrs.title, 'B')]), 'ConditionalCheckFailed'),
    await err(f.env, Dynamo.updateFromDict(Doc, { id: 'top', title: 'B' }), 'ConditionalCheckFailed'),
  ]) {
    assert.match(e.message, `the stored version ${MAX} has no next one a JS number holds exactly`)
  }
  // a transaction's update says the same, in its entry's reason
  const canceled = await err(f.env, Dynamo.transactWrite([T.update(Doc, 'top', [U.set(Doc.attrs.title, 'B')])]), 'TransactionCanceled')
  assert.is(canceled.reasons[0]?.code, 'ConditionalCheckFailed')
  assert.match(canceled.reasons[0]?.message ?? '', `the stored version ${MAX} has no next one a JS number holds exactly`)
  assert.match(DE.show(canceled), `the stored version ${MAX} has no next one a JS number holds exactly`)
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

test("README's recipe for an item stored under an earlier key text (N#12.50): given back raw it is refused (its sk is not what its fields compose); decoded (Model.decode) and saved, it is found by its fields", async () => {
  const f = await fixture('hostile-number-migration')
  await ok(f.env, Dynamo.createTable(Priced))
  const TableName = f.table(Priced)
  const old = { pk: S('P#a'), sk: S('PRICE#12.50#1'), _et: S('p'), a: S('a'), price: { N: '12.50' }, n: { N: '1' } }
  await f.client.send(new PutItemCommand({ TableName, Item: old }))
  // another entity's item in the partition, with the fields a Priced has: the scan reads it too
  await f.client.send(new PutItemCommand({ TableName, Item: { ...old, sk: S('OTHER'), _et: S('q') } }))
  await err(f.env, Dynamo.getOne(Priced, { a: 'a', price: '12.5', n: 1 }), 'NotFound')
  const [other, raw] = await scanAll(f.client, TableName)
  if (raw === undefined || other === undefined) return assert.unreachable('the old item is stored')
  // Model.decode refuses it, naming its entity: the recipe skips it
  const foreign = Model.decode(Priced, other)
  assert.is(foreign._tag === 'Left' ? DE.show(foreign.left) : 'decoded', 'ValidationError: _et: not an item of p: its _et is "q"')
  // given back as read: the stored sk differs from the one its fields compose now
  const given = { ...(Item.unmarshall(raw) as { right: Record<string, unknown> }).right, price: '12.50' }
  const refused = await err(f.env, Dynamo.saveOne(Priced, given as never), 'ValidationError')
  assert.match(DE.show(refused), 'sk')
  // read as it is, refused: PRICE#12.50 in a range key does not sort as 12.5
  const asIs = Model.decode(Priced, raw)
  assert.match(asIs._tag === 'Left' ? DE.show(asIs.left) : 'decoded', 'sk: the item holds {"S":"PRICE#12.50#1"}, its fields give {"S":"PRICE#12.5#1"}')
  // the composed keys deleted, decoded: saved under the key its fields compose
  const { pk: _pk, sk: _sk, ...fieldsOnly } = raw
  const decoded = Model.decode(Priced, fieldsOnly)
  if (decoded._tag === 'Left') return assert.unreachable(DE.show(decoded.left))
  await ok(f.env, Dynamo.saveOne(Priced, decoded.right))
  await ok(f.env, Dynamo.send(new DeleteItemCommand({ TableName, Key: { pk: old.pk, sk: old.sk } })))
  assert.equal((await scanAll(f.client, TableName)).map((x) => x['sk']?.S), ['OTHER', 'PRICE#12.5#1'])
  assert.equal(await ok(f.env, Dynamo.getOne(Priced, { a: 'a', price: '12.50', n: 1 })), { a: 'a', price: '12.5', n: 1 })
  // and README.md's recipe says so
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const recipe = /\*\*Numbers in a composed key\*\*[\s\S]*?\n- \*\*/.exec(readme)?.[0] ?? ''
  assert.match(recipe, 'Model.decode')
  assert.match(recipe, 'delete from each the composed key attributes')
  assert.not.match(recipe, 'save each through its model')
})

/**
 * Index keys at their edges: a global index on a field (`name`, range `n`), one keyed by
 * multi-attribute keys (`a`, `b` / `c`, `d`), one whose range key is the table's hash key,
 * and a local index (`l`). DynamoDB checks every index key attribute an item has, even where
 * the item stays out of the sparse index: not empty, a partition key's attributes within
 * 2,048 bytes together, a sort key's within 1,024.
 */
const Indexed = Model.make({
  table: 'hostile-index-keys',
  billing: 'onDemand',
  hashKey: 'id',
  rangeKey: 'sk',
  codec: t.intersection([
    t.type({ id: t.string, sk: t.string }),
    t.partial({ name: t.string, n: t.number, a: t.string, b: t.string, c: t.string, d: t.string, l: t.string, bin: Field.binary }),
  ]),
  indexes: {
    byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'n' }),
    multi: Model.globalIndex({ hashKey: ['a', 'b'], rangeKey: ['c', 'd'] }),
    bySk: Model.globalIndex({ hashKey: 'sk', rangeKey: 'id' }),
    byBin: Model.globalIndex({ hashKey: 'bin' }),
    byL: Model.localIndex({ rangeKey: 'l' }),
  },
})
type Indexed = Model.TypeOf<typeof Indexed>

/** A fixture whose Env sends through a client of its own, which counts its requests. */
const counted = async (label: string) => {
  const f = await fixture(label)
  const client = new DynamoDBClient({ endpoint: (await local()).endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  return { ...f, env: Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS }), counter: countRequests(client) }
}

test("index key values: saveOne and updateOne take what DynamoDB Local takes, and refuse what it refuses with a ValidationError before any request", async () => {
  const f = await counted('hostile-index-keys')
  await ok(f.env, Dynamo.createTable(Indexed))
  const table = f.table(Indexed)
  const counter = f.counter
  const x = (n: number): string => 'x'.repeat(n)
  const cases: ReadonlyArray<Omit<Indexed, 'id' | 'sk'>> = [
    { name: '' },
    { name: x(1500) },
    { name: x(2048) },
    { name: x(2049) },
    { name: 'é'.repeat(1024) },
    { name: 'é'.repeat(1025) },
    { a: x(1000), b: x(1000) },
    { a: x(2048) },
    { a: x(1500), b: x(600) },
    { a: '' },
    { c: x(1024) },
    { c: x(500), d: x(524) },
    { c: x(600), d: x(600) },
    { c: x(1025) },
    { l: x(1024) },
    { l: x(1025) },
    { l: '' },
    { bin: new Uint8Array(0) },
    { bin: new Uint8Array(2048) },
  ]
  const verdicts: Array<string> = []
  for (const [i, extra] of cases.entries()) {
    const item: Indexed = { id: `i${i}`, sk: 's', ...extra }
    const stored = marshall(item) as Record<string, AttributeValue>
    // the oracle: the item as DynamoDB Local takes it, or not
    const local = await f.client.send(new PutItemCommand({ TableName: table, Item: { ...stored, id: S(`raw${i}`) } })).then(
      () => 'taken',
      (e: Error) => `refused (${e.name})`,
    )
    counter.reset()
    const saved = await run(f.env, Dynamo.saveOne(Indexed, item))
    const sent = counter.total()
    const mine = saved._tag === 'Right' ? 'taken' : saved.left._tag === 'ValidationError' && sent === 0 ? 'refused (ValidationException)' : `${saved.left._tag} after ${sent} requests`
    verdicts.push(mine)
    assert.is(mine, local, `case ${i} (${JSON.stringify(Object.keys(extra))}): saveOne ${mine}, DynamoDB Local ${local}`)
    // the same values written by an update of an item that has none of them
    await ok(f.env, Dynamo.saveOne(Indexed, { id: `u${i}`, sk: 's' }))
    const sets = Object.entries(extra).map(([k, v]) => U.set(Indexed.attrs[k as 'name' | 'a'] as never, v as never))
    const local2 = await f.client
      .send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: S(`u${i}`), sk: S('s') },
          UpdateExpression: `SET ${Object.keys(extra).map((_, j) => `#n${j} = :v${j}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(Object.keys(extra).map((k, j) => [`#n${j}`, k])),
          ExpressionAttributeValues: Object.fromEntries(Object.keys(extra).map((k, j) => [`:v${j}`, stored[k] as AttributeValue])),
        }),
      )
      .then(
        () => 'taken',
        (e: Error) => `refused (${e.name})`,
      )
    await ok(f.env, Dynamo.saveOne(Indexed, { id: `u${i}`, sk: 's' }))
    counter.reset()
    const updated = await run(f.env, Dynamo.updateOne(Indexed, { id: `u${i}`, sk: 's' }, sets))
    const sent2 = counter.total()
    const mine2 = updated._tag === 'Right' ? 'taken' : updated.left._tag === 'ValidationError' && sent2 === 0 ? 'refused (ValidationException)' : `${updated.left._tag} after ${sent2} requests`
    // DynamoDB Local's UpdateItem leaves out two checks its PutItem makes (a multi-attribute
    // key's attributes together, a local index's sort key over 1,024 bytes): an update that
    // writes what a put of the item refuses is refused as the put is
    const expected = local === 'taken' ? local2 : local
    assert.is(mine2, expected, `case ${i} (${JSON.stringify(Object.keys(extra))}): updateOne ${mine2}, DynamoDB Local ${local2} (and its put ${local})`)
  }
  // both kinds were met
  assert.ok(verdicts.some((v) => v.endsWith('taken')) && verdicts.some((v) => v.includes('refused')), verdicts.join('\n'))
})

test("a table hash key over 1,024 bytes cannot be an index's sort key: saveOne refuses it before any request, as DynamoDB Local refuses it", async () => {
  const f = await counted('hostile-index-table-key')
  await ok(f.env, Dynamo.createTable(Indexed))
  const counter = f.counter
  const item = { id: 'x'.repeat(1500), sk: 's' }
  const local = await f.client.send(new PutItemCommand({ TableName: f.table(Indexed), Item: { id: S(item.id), sk: S('raw') } })).then(
    () => 'taken',
    (e: Error) => `refused (${e.name})`,
  )
  assert.is(local, 'refused (ValidationException)')
  counter.reset()
  const r = await run(f.env, Dynamo.saveOne(Indexed, item))
  assert.is(counter.total(), 0)
  assert.ok(r._tag === 'Left' && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'id', JSON.stringify(r))
})

/** A model that stores anything in `data`, its nesting checked by DynamoDB's rules. */
const Nested = Model.make({ table: 'hostile-nesting', billing: 'onDemand', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ data: t.unknown })]) })

test('an update writing a map or a list at a document path of n elements nests at most 32 − n levels: refused before any request where DynamoDB Local refuses it', async () => {
  const f = await counted('hostile-nesting')
  await ok(f.env, Dynamo.createTable(Nested))
  const nest = (d: number, leaf: unknown): unknown => {
    let v = leaf
    for (let i = 0; i < d; i++) v = { a: v }
    return v
  }
  for (const n of [30, 31, 32]) {
    // data.a.….a (n − 1 elements) holds an empty map: what is written at n elements is new
    const rest = Array.from({ length: n - 1 }, () => 'a')
    const at = Attr.path('data', ...rest) as Attr.Handle<unknown, unknown>
    const updates: ReadonlyArray<readonly [string, U.Action, string]> = [
      ['a map', U.set(at, { a: 'z' }), 'SET #p = :v'],
      ['a list in if_not_exists', U.setIfNotExists(at, [1]), 'SET #p = if_not_exists(#p, :v)'],
      ['a list appended', U.append(at as Attr.Handle<ReadonlyArray<unknown>, unknown>, [[1]]), 'SET #p = list_append(if_not_exists(#p, :e), :v)'],
    ]
    for (const [what, update, expression] of updates) {
      const key = `n${n}-${what}`
      await f.client.send(new PutItemCommand({ TableName: f.table(Nested), Item: marshall({ id: key, data: nest(n - 2, {}) }) as Record<string, AttributeValue> }))
      const value = what === 'a map' ? { a: 'z' } : what === 'a list appended' ? [[1]] : [1]
      const local = await f.client
        .send(
          new UpdateItemCommand({
            TableName: f.table(Nested),
            Key: { id: S(key) },
            UpdateExpression: expression.replaceAll('#p', ['#d', ...rest.map(() => '#a')].join('.')),
            ExpressionAttributeNames: { '#d': 'data', '#a': 'a' },
            ExpressionAttributeValues: { ':v': marshall({ v: value }).v as AttributeValue, ...(expression.includes(':e') ? { ':e': { L: [] } } : {}) },
          }),
        )
        .then(
          () => 'taken',
          (e: Error) => `refused (${e.name})`,
        )
      await f.client.send(new PutItemCommand({ TableName: f.table(Nested), Item: marshall({ id: key, data: nest(n - 2, {}) }) as Record<string, AttributeValue> }))
      f.counter.reset()
      const r = await run(f.env, Dynamo.updateOne(Nested, key, [update]))
      const sent = f.counter.total()
      const mine = r._tag === 'Right' ? 'taken' : r.left._tag === 'ValidationError' && sent === 0 ? 'refused (ValidationException)' : `${r.left._tag} after ${sent} requests`
      assert.is(mine, local, `${what} at ${n} elements: updateOne ${mine}, DynamoDB Local ${local}`)
    }
  }
})

/** Attributes with a multi-byte name (100 bytes), as DynamoDB counts an item's size: names and values. */
const wide = 'éééééééééééééééééééééééééééééééééééééééééééééééééé'
const Sized = Model.make({ table: 'hostile-sized', billing: 'onDemand', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ [wide]: t.string, b: t.string, l: t.array(t.string) })]) })

test('an update over 400 KB whatever the item (a value, or the values it sets with their names and the key): ItemTooLarge before any request where DynamoDB Local refuses it; at 409,600 bytes it is sent', async () => {
  const f = await counted('hostile-sized')
  await ok(f.env, Dynamo.createTable(Sized))
  const a = Sized.attrs
  const room = 409_600 - (2 + 1) - 100 // the key (id = 'k') and the wide name
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<U.Action>, Omit<UpdateItemCommandInput, 'TableName' | 'Key'>]> = [
    ['exactly 409,600 bytes', [U.set(a[wide], 'x'.repeat(room))], { UpdateExpression: 'SET #w = :v', ExpressionAttributeNames: { '#w': wide }, ExpressionAttributeValues: { ':v': S('x'.repeat(room)) } }],
    ['one byte more', [U.set(a[wide], 'x'.repeat(room + 1))], { UpdateExpression: 'SET #w = :v', ExpressionAttributeNames: { '#w': wide }, ExpressionAttributeValues: { ':v': S('x'.repeat(room + 1)) } }],
    [
      'two values over it together',
      [U.set(a[wide], 'x'.repeat(205_000)), U.set(a.b, 'y'.repeat(205_000))],
      { UpdateExpression: 'SET #w = :v, #b = :w', ExpressionAttributeNames: { '#w': wide, '#b': 'b' }, ExpressionAttributeValues: { ':v': S('x'.repeat(205_000)), ':w': S('y'.repeat(205_000)) } },
    ],
    ['a list appended over it', [U.append(a.l, ['x'.repeat(409_600)])], { UpdateExpression: 'SET #l = list_append(if_not_exists(#l, :e), :v)', ExpressionAttributeNames: { '#l': 'l' }, ExpressionAttributeValues: { ':e': { L: [] }, ':v': { L: [S('x'.repeat(409_600))] } } }],
  ]
  for (const [what, updates, raw] of cases) {
    await ok(f.env, Dynamo.saveOne(Sized, { id: 'k' }))
    const local = await f.client.send(new UpdateItemCommand({ TableName: f.table(Sized), Key: { id: S('k') }, ...raw })).then(
      () => 'taken',
      (e: Error) => `refused (${e.name})`,
    )
    await ok(f.env, Dynamo.saveOne(Sized, { id: 'k' }))
    f.counter.reset()
    const r = await run(f.env, Dynamo.updateOne(Sized, 'k', updates))
    const sent = f.counter.total()
    const mine = r._tag === 'Right' ? 'taken' : r.left._tag === 'ItemTooLarge' && sent === 0 ? 'refused (ValidationException)' : `${r.left._tag} after ${sent} requests`
    assert.is(mine, local, `${what}: updateOne ${mine}, DynamoDB Local ${local}`)
  }
  // a condition's value over 400 KB is no write: sent, as DynamoDB Local takes it
  f.counter.reset()
  await ok(f.env, Dynamo.updateOne(Sized, C.and(C.eq(a.id, 'k'), C.not(C.eq(a.b, 'x'.repeat(409_601)))), [U.set(a.b, 'y')]))
  assert.is(f.counter.total(), 1)
})

test.run()

/**
 * Moving from PynamoDB or dynamongo 0.2 (Python), against DynamoDB Local: while both services
 * read and write the same items, a dynamongo model reads each attribute kind as the Python
 * library stores it, and what dynamongo writes back is in the form that library reads.
 *
 * The Python side's items are written raw, as the libraries store them: PynamoDB's were
 * copied from what PynamoDB 3.4.1 (run from its tag against DynamoDB Local) stored, and its
 * writes back were read by it (binaries as base64 text, date-times with microseconds and
 * `+0000`, empty sets absent, `None` in a raw map or list as NULL, `JSONAttribute` as
 * `json.dumps` text); dynamongo 0.2's as boto3 stores schematics' primitives (naive date-times
 * from `datetime.now()`, UUIDs as text, empty strings left out). PynamoDB's `VersionAttribute`
 * (4.x) is played by raw requests with its conditions: a save of version n checks `version = n`
 * and stores n + 1, the first one `attribute_not_exists(version)` and 1; an update adds 1.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Field from '../../lib/codec/Field.js'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import { createRawTable, local, uniqueTable } from '../harness/local.js'
import { REQUEST_MS } from '../harness/models.js'

const table = uniqueTable('python')
let ready: Promise<{ env: Env.Env; raw: (pk: string) => Promise<Record<string, AttributeValue> | undefined>; put: (item: Record<string, AttributeValue>) => Promise<void> }> | undefined
const setup = () =>
  (ready ??= (async () => {
    const db = await local()
    await createRawTable(db.client, table)
    return {
      env: Env.make({ client: db.client, timeoutMs: REQUEST_MS }),
      raw: async (pk: string) => (await db.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item,
      put: async (Item: Record<string, AttributeValue>) => void (await db.client.send(new PutItemCommand({ TableName: table, Item }))),
    }
  })())

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('latin1'))

// -- PynamoDB 3.x ------------------------------------------------------------------------

const Py = Model.make({
  table,
  hashKey: 'pk',
  codec: t.intersection([
    t.type({ pk: t.string }),
    t.partial({
      at: Field.pynamoDateTime, // UTCDateTimeAttribute
      flag: Field.boolean, // BooleanAttribute
      n: Field.int(), // NumberAttribute (an int)
      f: Field.float(), // NumberAttribute (a float)
      js: Field.json, // JSONAttribute
      tags: Field.stringSet, // UnicodeSetAttribute
      nums: Field.numberSet, // NumberSetAttribute
      blob: Field.pynamoBinary, // BinaryAttribute
      blobs: Field.pynamoBinarySet, // BinarySetAttribute
      m: t.record(t.string, t.union([t.string, t.number, t.null])), // MapAttribute (raw): None is NULL
      l: t.array(t.union([t.string, t.number, t.boolean, t.null])), // ListAttribute (raw)
      exp: Field.epochSeconds, // TTLAttribute
    }),
  ]),
  ttl: 'exp',
})
const p = Py.attrs

/** What PynamoDB 3.4.1 stored for the item it saved (its scan of it back read the values written here). */
const pynamoItem = (pk: string): Record<string, AttributeValue> => ({
  pk: { S: pk },
  at: { S: '2021-06-01T12:30:45.654321+0000' },
  flag: { BOOL: true },
  n: { N: '100' },
  f: { N: '0.1' },
  js: { S: '{"a": [1, null, "\\u00e9"]}' },
  tags: { SS: ['x', 'y'] },
  nums: { NS: ['1', '2.5'] },
  blob: { B: ascii('AP9oaQ==') }, // b'\x00\xffhi'
  blobs: { BS: [ascii('AQ=='), ascii('Ag==')] }, // {b'\x01', b'\x02'}
  m: { M: { city: { S: 'Nairobi' }, zip: { NULL: true }, n: { N: '3' } } },
  l: { L: [{ S: 'bread' }, { N: '1' }, { NULL: true }, { BOOL: true }] },
  exp: { N: '1893459600' }, // 2030-01-01T01:00:00Z
})

test('a dynamongo model reads every attribute kind as PynamoDB 3.x stores it', async () => {
  const { env, put } = await setup()
  await put(pynamoItem('py-read'))
  const got = await Dynamo.getOne(Py, 'py-read')(env)()
  assert.equal(got, E.right({
    pk: 'py-read',
    at: new Date('2021-06-01T12:30:45.654Z'),
    flag: true,
    n: 100,
    f: 0.1,
    js: { a: [1, null, 'é'] },
    tags: new Set(['x', 'y']),
    nums: new Set([1, 2.5]),
    blob: new Uint8Array([0, 255, 104, 105]),
    blobs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
    m: { city: 'Nairobi', zip: null, n: 3 },
    l: ['bread', 1, null, true],
    exp: new Date('2030-01-01T01:00:00Z'),
  }))
})

test("what dynamongo writes back is in PynamoDB's forms: a save of the item read, an update, a new item", async () => {
  const { env, put, raw } = await setup()
  await put(pynamoItem('py-back'))
  const read = await Dynamo.getOne(Py, 'py-back')(env)()
  assert.ok(E.isRight(read))
  if (E.isLeft(read)) return
  assert.ok(E.isRight(await Dynamo.saveOne(Py, { ...read.right, n: 101 })(env)()))
  // as read, but n; the date-time keeps its form and its millisecond (the microseconds past it are 000)
  assert.equal(await raw('py-back'), { ...pynamoItem('py-back'), n: { N: '101' }, at: { S: '2021-06-01T12:30:45.654000+0000' }, js: { S: '{"a":[1,null,"é"]}' } })

  const at = new Date('2024-05-01T12:00:00.250Z')
  const updated = await Dynamo.updateOne(Py, 'py-back', [U.set(p.at, at), U.set(p.blob, new Uint8Array([104, 105])), U.add(p.tags, new Set(['z']))])(env)()
  assert.ok(E.isRight(updated))
  const stored = await raw('py-back')
  assert.equal(stored?.at, { S: '2024-05-01T12:00:00.250000+0000' })
  assert.is(text(stored?.blob?.B), 'aGk=')
  assert.equal(new Set(stored?.tags?.SS), new Set(['x', 'y', 'z']))

  // PynamoDB's conditions compare its own strings: a Date in a condition is written the same way
  assert.ok(E.isRight(await Dynamo.deleteOne(Py, C.and(C.eq(p.pk, 'py-back'), C.eq(p.at, at)))(env)()))
  assert.is(await raw('py-back'), undefined)
})

test('empty sets: absent when PynamoDB saved one, read as no field; an empty set is refused, nothing written; undefined leaves the attribute out', async () => {
  const { env, put, raw } = await setup()
  await put({ pk: { S: 'py-empty' }, l: { L: [] }, m: { M: {} } }) // tags=set(), nums=set(), l=[], m={}
  const read = await Dynamo.getOne(Py, 'py-empty')(env)()
  assert.equal(read, E.right({ pk: 'py-empty', l: [], m: {} }))
  const refused = await Dynamo.saveOne(Py, { pk: 'py-empty', tags: new Set<string>() })(env)()
  assert.ok(E.isLeft(refused) && refused.left._tag === 'ValidationError', JSON.stringify(refused))
  assert.equal(await raw('py-empty'), { pk: { S: 'py-empty' }, l: { L: [] }, m: { M: {} } })
  assert.ok(E.isRight(await Dynamo.saveOne(Py, { pk: 'py-empty', tags: undefined, l: [] })(env)()))
  assert.equal(await raw('py-empty'), { pk: { S: 'py-empty' }, l: { L: [] } })
  // an update removes the set, as PynamoDB stores an emptied one
  await put({ pk: { S: 'py-empty' }, tags: { SS: ['a'] } })
  assert.ok(E.isRight(await Dynamo.updateOne(Py, 'py-empty', [U.remove(p.tags)])(env)()))
  assert.equal(await raw('py-empty'), { pk: { S: 'py-empty' } })
})

test('NULL: read as null where the codec takes null, refused (a ValidationError naming it) where it does not; null is written back as NULL', async () => {
  const { env, put, raw } = await setup()
  await put({ pk: { S: 'py-null' }, n: { NULL: true } })
  const refused = await Dynamo.getOne(Py, 'py-null')(env)()
  assert.ok(E.isLeft(refused) && refused.left._tag === 'ValidationError' && DE.show(refused.left).includes('n:'), JSON.stringify(refused))
  await put({ pk: { S: 'py-null' }, m: { M: { zip: { NULL: true } } }, l: { L: [{ NULL: true }] } })
  const read = await Dynamo.getOne(Py, 'py-null')(env)()
  assert.equal(read, E.right({ pk: 'py-null', m: { zip: null }, l: [null] }))
  if (E.isRight(read)) assert.ok(E.isRight(await Dynamo.saveOne(Py, read.right)(env)()))
  assert.equal(await raw('py-null'), { pk: { S: 'py-null' }, m: { M: { zip: { NULL: true } } }, l: { L: [{ NULL: true }] } })
})

test('numbers in any spelling Python writes (Decimal 1E+2, 0.10, -0, json 1e-07, 1.0): DynamoDB stores one form, and the fields read the value', async () => {
  const { env, put, raw } = await setup()
  const spellings: ReadonlyArray<readonly [string, string, number]> = [['1E+2', '100', 100], ['0.10', '0.1', 0.1], ['-0', '0', 0], ['1e-07', '0.0000001', 1e-7], ['1.0', '1', 1], ['100.000', '100', 100]]
  for (const [spelled, stored, value] of spellings) {
    await put({ pk: { S: 'py-num' }, f: { N: spelled }, nums: { NS: [spelled, '7'] } })
    const item = await raw('py-num')
    assert.equal(item?.f, { N: stored }, spelled)
    assert.equal(await Dynamo.getOne(Py, 'py-num')(env)(), E.right({ pk: 'py-num', f: value, nums: new Set([value, 7]) }), spelled)
  }
  // an int past 2^53 (Python's int is exact) is refused by Field.int, read exactly by Field.bigint
  await put({ pk: { S: 'py-num' }, n: { N: '12345678901234567890' } })
  const big = await Dynamo.getOne(Py, 'py-num')(env)()
  assert.ok(E.isLeft(big) && DE.show(big.left).includes('use Field.bigint'), JSON.stringify(big))
})

test("TTLAttribute: PynamoDB's whole seconds read as a Date, expire by dynamongo's clock, and are written back as whole seconds", async () => {
  const { env, put, raw } = await setup()
  await put({ pk: { S: 'py-ttl' }, exp: { N: '1893459600' } })
  const read = await Dynamo.getOne(Py, 'py-ttl')(env)()
  assert.equal(read, E.right({ pk: 'py-ttl', exp: new Date('2030-01-01T01:00:00Z') }))
  const later = { ...env, now: () => new Date('2030-01-01T01:00:00Z') }
  const expired = await Dynamo.getOne(Py, 'py-ttl')(later)()
  assert.ok(E.isLeft(expired) && expired.left._tag === 'NotFound', E.isLeft(expired) ? DE.show(expired.left) : 'found')
  assert.ok(E.isRight(await Dynamo.saveOne(Py, { pk: 'py-ttl', exp: new Date('2031-01-01T00:00:00.750Z') })(env)()))
  assert.equal((await raw('py-ttl'))?.exp, { N: '1924992000' })
})

const Flags = Model.make({
  table,
  hashKey: 'pk',
  codec: t.intersection([t.type({ pk: t.string }), t.partial({ legacy: Field.legacyBoolean, flag: t.union([Field.boolean, Field.legacyBoolean]) })]),
})

test("booleans: LegacyBooleanAttribute's 1 and 0 read and written as numbers; a BooleanAttribute's older numbers read and rewritten as BOOL", async () => {
  const { env, put, raw } = await setup()
  await put({ pk: { S: 'py-bool' }, legacy: { N: '1' }, flag: { N: '0' } })
  const read = await Dynamo.getOne(Flags, 'py-bool')(env)()
  assert.equal(read, E.right({ pk: 'py-bool', legacy: true, flag: false }))
  if (E.isRight(read)) assert.ok(E.isRight(await Dynamo.saveOne(Flags, read.right)(env)()))
  assert.equal(await raw('py-bool'), { pk: { S: 'py-bool' }, legacy: { N: '1' }, flag: { BOOL: false } })
  await put({ pk: { S: 'py-bool' }, legacy: { BOOL: false } })
  assert.equal(await Dynamo.getOne(Flags, 'py-bool')(env)(), E.right({ pk: 'py-bool', legacy: false }))
  // a condition compares what the field stores (the number): a BOOL stored there does not match it
  const whenFalse = C.and(C.eq(Flags.attrs.pk, 'py-bool'), C.eq(Flags.attrs.legacy, false))
  const onBool = await Dynamo.updateOne(Flags, whenFalse, [U.set(Flags.attrs.legacy, true)])(env)()
  assert.ok(E.isLeft(onBool) && onBool.left._tag === 'ConditionalCheckFailed')
  await put({ pk: { S: 'py-bool' }, legacy: { N: '0' } })
  assert.ok(E.isRight(await Dynamo.updateOne(Flags, whenFalse, [U.set(Flags.attrs.legacy, true)])(env)()))
  assert.equal((await raw('py-bool'))?.legacy, { N: '1' })
})

test("attributes the model does not declare (the Python side's newer fields) are kept by a save of the item read", async () => {
  const { env, put, raw } = await setup()
  await put({ pk: { S: 'py-extra' }, n: { N: '1' }, added_later: { S: 'py' }, more: { M: { a: { N: '2' } } } })
  const read = await Dynamo.getOne(Py, 'py-extra')(env)()
  assert.ok(E.isRight(read))
  if (E.isRight(read)) assert.ok(E.isRight(await Dynamo.saveOne(Py, { ...read.right, n: 2 })(env)()))
  assert.equal(await raw('py-extra'), { pk: { S: 'py-extra' }, n: { N: '2' }, added_later: { S: 'py' }, more: { M: { a: { N: '2' } } } })
  // inside a map: t.type keeps the keys it does not declare, Field.map (t.exact) drops them, so its save does too
  const inside = { pk: { S: 'py-extra' }, m: { M: { city: { S: 'Nairobi' }, zip: { S: '00100' } } } }
  for (const [m, kept] of [[t.type({ city: t.string }), true], [Field.map({ city: t.string }), false]] as const) {
    const Nested = Model.make({ table, hashKey: 'pk', codec: t.type({ pk: t.string, m }) })
    await put(inside)
    const item = await Dynamo.getOne(Nested, 'py-extra')(env)()
    assert.ok(E.isRight(item))
    if (E.isRight(item)) assert.ok(E.isRight(await Dynamo.saveOne(Nested, item.right)(env)()))
    assert.equal(await raw('py-extra'), kept ? inside : { pk: { S: 'py-extra' }, m: { M: { city: { S: 'Nairobi' } } } })
  }
})

// -- versions shared with PynamoDB's VersionAttribute -------------------------------------

const Doc = Model.make({ table, hashKey: 'pk', codec: t.type({ pk: t.string, body: t.string, version: Field.int({ min: 1 }) }), version: 'version' })

test("a version shared with PynamoDB's VersionAttribute: each side's write checks the version it read and adds 1, so a stale write on either side fails", async () => {
  const { env, put, raw } = await setup()
  const db = await local()
  /** PynamoDB's save of an item read at version `read` (none: its first save). */
  const pySave = async (body: string, read: number | undefined) => {
    try {
      await db.client.send(new PutItemCommand({
        TableName: table,
        Item: { pk: { S: 'doc' }, body: { S: body }, version: { N: String(read === undefined ? 1 : read + 1) } },
        ConditionExpression: read === undefined ? 'attribute_not_exists(#v)' : '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ...(read === undefined ? {} : { ExpressionAttributeValues: { ':v': { N: String(read) } } }),
      }))
      return 'ok'
    } catch (e) {
      return (e as Error).name
    }
  }
  /** PynamoDB's update of an item read at version `read`: ADD version 1, checking it. */
  const pyUpdate = async (body: string, read: number) => {
    try {
      await db.client.send(new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'doc' } },
        UpdateExpression: 'SET #b = :b ADD #v :one',
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#b': 'body', '#v': 'version' },
        ExpressionAttributeValues: { ':b': { S: body }, ':one': { N: '1' }, ':v': { N: String(read) } },
      }))
      return 'ok'
    } catch (e) {
      return (e as Error).name
    }
  }
  assert.is(await pySave('py 1', undefined), 'ok')
  const read1 = await Dynamo.getOne(Doc, 'doc')(env)()
  assert.equal(read1, E.right({ pk: 'doc', body: 'py 1', version: 1 }))
  if (E.isLeft(read1)) return
  assert.ok(E.isRight(await Dynamo.saveOne(Doc, { ...read1.right, body: 'ts 2' })(env)()))
  assert.equal(await raw('doc'), { pk: { S: 'doc' }, body: { S: 'ts 2' }, version: { N: '2' } })
  assert.is(await pySave('py stale', 1), 'ConditionalCheckFailedException')
  assert.is(await pyUpdate('py stale', 1), 'ConditionalCheckFailedException')
  assert.is(await pyUpdate('py 3', 2), 'ok')
  const stale = await Dynamo.saveOne(Doc, { ...read1.right, body: 'ts stale' })(env)()
  assert.ok(E.isLeft(stale) && stale.left._tag === 'ConditionalCheckFailed')
  const staleUpdate = await Dynamo.updateOne(Doc, { pk: 'doc', version: 2 }, [U.set(Doc.attrs.body, 'ts stale')])(env)()
  assert.ok(E.isLeft(staleUpdate) && staleUpdate.left._tag === 'ConditionalCheckFailed')
  assert.ok(E.isRight(await Dynamo.updateOne(Doc, { pk: 'doc', version: 3 }, [U.set(Doc.attrs.body, 'ts 4')])(env)()))
  assert.equal(await raw('doc'), { pk: { S: 'doc' }, body: { S: 'ts 4' }, version: { N: '4' } })
  assert.is(await pySave('py 5', 4), 'ok')
  // PynamoDB's first save of a key dynamongo created fails (the version is there), as one of its own would
  await put({ pk: { S: 'doc' }, body: { S: 'x' } })
  void (await Dynamo.deleteOne(Doc, 'doc')(env)())
  assert.ok(E.isRight(await Dynamo.saveOne(Doc, { pk: 'doc', body: 'ts 1' })(env)()))
  assert.is(await pySave('py first', undefined), 'ConditionalCheckFailedException')
})

const Unversioned = Model.make({
  table,
  hashKey: 'pk',
  codec: t.intersection([t.type({ pk: t.string, body: t.string }), t.partial({ version: Field.int({ min: 1 }) })]),
  version: 'version',
})

test('an item saved before the VersionAttribute was added (no version): read with an optional version; a save of it is refused as a create, an update gives it version 1', async () => {
  const { env, put, raw } = await setup()
  await put({ pk: { S: 'old' }, body: { S: 'py' } })
  const read = await Dynamo.getOne(Unversioned, 'old')(env)()
  assert.equal(read, E.right({ pk: 'old', body: 'py' }))
  if (E.isLeft(read)) return
  const saved = await Dynamo.saveOne(Unversioned, { ...read.right, body: 'ts' })(env)()
  assert.ok(E.isLeft(saved) && saved.left._tag === 'ConditionalCheckFailed')
  assert.ok(E.isRight(await Dynamo.updateOne(Unversioned, 'old', [U.set(Unversioned.attrs.body, 'ts')])(env)()))
  assert.equal(await raw('old'), { pk: { S: 'old' }, body: { S: 'ts' }, version: { N: '1' } })
})

// -- dynamongo 0.2 ------------------------------------------------------------------------

const Py02 = Model.make({
  table,
  hashKey: 'pk',
  codec: t.intersection([
    t.type({ pk: t.string, email: Field.email, user_id: Field.uuid, created_at: Field.naiveDateTime, cities_visited: Field.list(t.union([t.string, t.null])) }),
    t.partial({ year_of_birth: Field.int({ min: 1900, max: 2018 }), born: Field.date, seconds: Field.int(), active: Field.boolean, address: t.record(t.string, t.string) }),
  ]),
})

test("dynamongo 0.2's items (boto3 and schematics' primitives) read, and are written back naive as it wrote them", async () => {
  const { env, put, raw } = await setup()
  const item: Record<string, AttributeValue> = {
    pk: { S: 'v02' },
    email: { S: 'johndoe@gmail.com' },
    user_id: { S: '5e8f1c9a-3b2d-4c6e-9f10-aa11bb22cc33' }, // UUIDField: str(uuid)
    created_at: { S: '2018-10-06T12:34:56.123456' }, // DateTimeField(default=datetime.now): naive
    cities_visited: { L: [{ S: 'Nairobi' }, { NULL: true }] }, // ListField(StringField): '' became None
    year_of_birth: { N: '1990' },
    born: { S: '1990-05-01' }, // DateField
    seconds: { N: '3600' }, // TimedeltaField: whole seconds
    active: { BOOL: true },
    address: { M: { city: { S: 'Nairobi' } } }, // DictField: empty values left out
  }
  await put(item)
  const read = await Dynamo.getOne(Py02, 'v02')(env)()
  assert.equal(read, E.right({
    pk: 'v02', email: 'johndoe@gmail.com', user_id: '5e8f1c9a-3b2d-4c6e-9f10-aa11bb22cc33', created_at: new Date('2018-10-06T12:34:56.123Z'),
    cities_visited: ['Nairobi', null], year_of_birth: 1990, born: '1990-05-01', seconds: 3600, active: true, address: { city: 'Nairobi' },
  }))
  if (E.isLeft(read)) return
  assert.ok(E.isRight(await Dynamo.saveOne(Py02, { ...read.right, year_of_birth: 1991 })(env)()))
  assert.equal(await raw('v02'), { ...item, year_of_birth: { N: '1991' }, created_at: { S: '2018-10-06T12:34:56.123000' } })
  assert.ok(E.isRight(await Dynamo.updateOne(Py02, 'v02', [U.set(Py02.attrs.created_at, new Date('2019-01-02T03:04:05.006Z'))])(env)()))
  assert.equal((await raw('v02'))?.created_at, { S: '2019-01-02T03:04:05.006000' })
})

test.run()

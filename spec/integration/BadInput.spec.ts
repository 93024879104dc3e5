/**
 * Issue 4, point 7: every bad input of DESIGN §3 and of the codecs issue (issue 3, point 6)
 * gives its typed error with 0 requests sent (counted by middleware on a dedicated client)
 * and nothing written (a raw Scan of the table, through another client, is unchanged).
 */
import type * as A from '../../lib/ast/Attr.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as U from '../../lib/ast/Update.js'
import { countRequests, type RequestCounter } from '../harness/faults.js'
import { local } from '../harness/local.js'
import { Contacts, Profile, User, fixture, ok, people, run, scanAll, uid1, type Fixture, REQUEST_MS } from '../harness/models.js'

/** Anything goes in `data` (t.unknown): the item rules are DynamoDB's, checked by Item. */
const Loose = Model.make({
  table: 'loose',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([
    t.type({ pk: t.string, sk: t.string }),
    t.partial({ data: t.unknown, tags: Field.stringSet, nums: Field.numberSet, n: t.number, big: Field.bigint }),
  ]),
})
const BinKey = Model.make({ table: 'binkey', hashKey: 'id', codec: t.type({ id: Field.binary, v: t.string }) })
const Tagged = Model.make({ table: 'tagged', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ tag: t.string })]), indexes: { byTag: Model.globalIndex({ hashKey: 'tag' }) } })

const u = User.attrs
const p = Profile.attrs

interface Setup {
  readonly f: Fixture
  readonly env: Env.Env
  readonly counter: RequestCounter
}

let setup: Promise<Setup> | undefined
const ready = (): Promise<Setup> =>
  (setup ??= (async () => {
    const db = await local()
    const f = await fixture('bad')
    for (const m of [User, Contacts, Profile, Loose, BinKey, Tagged]) await ok(f.env, Dynamo.createTable(m))
    await ok(f.env, Dynamo.saveMany(User, people))
    await ok(f.env, Dynamo.saveOne(Profile, { id: 'p1', name: 'Pat', visits: 1 }))
    await ok(f.env, Dynamo.saveOne(Loose, { pk: 'a', sk: 'b' }))
    const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    const counter = countRequests(client)
    return { f, counter, env: Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS }) }
  })())

const counts = async (f: Fixture): Promise<ReadonlyArray<number>> =>
  Promise.all([User, Contacts, Profile, Loose, BinKey, Tagged].map(async (m) => (await scanAll(f.client, f.table(m))).length))

/** `op` fails with `tag` (issues at `paths`, when given), 0 requests sent, no table changed. */
const bad = (name: string, tag: DE.DynamoError['_tag'], op: Dynamo.Op<unknown>, paths?: ReadonlyArray<string>) =>
  test(`${name} → ${tag}, 0 requests, nothing written`, async () => {
    const { f, env, counter } = await ready()
    const before = await counts(f)
    counter.reset()
    const r = await run(env, op)
    assert.is(counter.total(), 0, `requests sent: ${JSON.stringify(counter.byCommand())}`)
    assert.ok(r._tag === 'Left', `expected ${tag}, got a success`)
    if (r._tag === 'Left') {
      assert.is(r.left._tag, tag, DE.show(r.left))
      if (paths !== undefined && r.left._tag === 'ValidationError') assert.equal(r.left.issues.map((i) => i.path), paths, DE.show(r.left))
    }
    assert.equal(await counts(f), before)
  })

/** `saveMany` of the bad item and a good one: the bad one in fail with `tag`, 0 requests for it. */
const badInBatch = (name: string, tag: DE.DynamoError['_tag'], item: Model.TypeOf<typeof Loose>) =>
  test(`saveMany with ${name}: in fail as ${tag}, never sent`, async () => {
    const { f, env, counter } = await ready()
    counter.reset()
    const r = await run(env, Dynamo.saveMany(Loose, [item]))
    assert.is(counter.total(), 0, `requests sent: ${JSON.stringify(counter.byCommand())}`)
    assert.ok(r._tag === 'Right')
    if (r._tag === 'Right') {
      assert.is(r.right.success.length, 0)
      assert.is(r.right.failCount, 1)
      assert.is(r.right.fail[0]?.error._tag, tag)
    }
    assert.is((await scanAll(f.client, f.table(Loose))).length, 1)
  })

const nest = (d: number): unknown => {
  let v: unknown = 'leaf'
  for (let i = 0; i < d; i++) v = { a: v }
  return v
}

// -- items: issue 3, point 6 ------------------------------------------------------------

const huge = { pk: 'big', sk: 'x', data: 'x'.repeat(409_600) }
bad('an item over 409,600 bytes', 'ItemTooLarge', Dynamo.saveOne(Loose, huge))
badInBatch('an item over 409,600 bytes', 'ItemTooLarge', huge)
bad('a partition key over 2,048 bytes', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'é'.repeat(1025), sk: 'x' }), ['pk'])
bad('a sort key over 1,024 bytes', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'x'.repeat(1025) }), ['sk'])
bad('an empty string key', 'ValidationError', Dynamo.saveOne(Loose, { pk: '', sk: 'x' }), ['pk'])
bad('an empty string sort key', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: '' }), ['sk'])
bad('an empty binary key', 'ValidationError', Dynamo.saveOne(BinKey, { id: new Uint8Array(0), v: 'x' }), ['id'])
// a lone surrogate: DynamoDB Local reads it as '?', so 'x\uD808' and 'x?' would be one key
bad('a key with a lone surrogate', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'x\uD808', sk: 'x' }), ['pk'])
bad('a lone surrogate in a string set', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', tags: new Set(['ok', '\uDC00']) }), ['tags'])
bad('a lone surrogate in a map key', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', data: { ['k\uD83D']: 1 } }), ['data."k\\ud83d"'])
bad('a lone surrogate in a condition value (Scan)', 'ValidationError', Dynamo.getMany(User, C.eq(u.name, 'J\uD83D')))
bad('a lone surrogate in a key lookup', 'ValidationError', Dynamo.getOne(User, 'x\uD808@example.com'))
bad('an empty set', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', tags: new Set<string>() }), ['tags'])
bad('an empty set inside a map', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', data: { in: [new Set()] } }), ['data.in[0]'])
bad('duplicate set members (1 and 1.0)', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', data: new Set([1n, new NumberValue('1.0')]) }), ['data'])
bad('duplicate binary set members', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', data: new Set([new Uint8Array([1]), new Uint8Array([1])]) }), ['data'])
bad('nesting deeper than 32 levels', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', data: nest(40) }))
bad('an empty attribute name (in a map)', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', data: { '': 1 } }), ['data.""'])
bad('NaN', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', n: Number.NaN }), ['n'])
bad('Infinity', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', n: Number.POSITIVE_INFINITY }), ['n'])
bad('a number of 39 significant digits', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', big: 10n ** 38n + 1n }), ['big'])
bad('a number below 1E-130', 'ValidationError', Dynamo.saveOne(Loose, { pk: 'a', sk: 'c', n: 1e-131 }), ['n'])
badInBatch('an empty set', 'ValidationError', { pk: 'a', sk: 'c', tags: new Set<string>() })
badInBatch('a partition key over 2,048 bytes', 'ValidationError', { pk: 'x'.repeat(2049), sk: 'c' })

// -- invalid field values ---------------------------------------------------------------

bad('invalid field values (email, empty name, year out of range)', 'ValidationError', Dynamo.saveOne(User, { email: 'nope', name: '', year_of_birth: 1800 }), ['email', 'name', 'year_of_birth'])
bad('a missing required field', 'ValidationError', Dynamo.saveOne(User, { email: 'a@b.io' } as never), ['name'])
bad('a value of the wrong type', 'ValidationError', Dynamo.saveOne(User, { email: 'a@b.io', name: 'A', cities_visited: 'Paris' } as never), ['cities_visited'])
bad('a contact with a bad uuid (hash + range model)', 'ValidationError', Dynamo.saveOne(Contacts, { user_id: 'x', email: 'a@b.io' }), ['user_id'])
bad('getOne by an invalid key value', 'ValidationError', Dynamo.getOne(User, 'not an email'))
bad('deleteOne by an invalid key value', 'ValidationError', Dynamo.deleteOne(User, 'not an email'))
bad('an update value the codec refuses', 'ValidationError', Dynamo.updateOne(User, 'johndoe@gmail.com', [U.set(u.year_of_birth, 1800)]))
bad('updateFromDict with a value the codec refuses', 'ValidationError', Dynamo.updateFromDict(User, { email: 'johndoe@gmail.com', name: '' }))
bad('updateFromDict with a field the model does not have', 'ValidationError', Dynamo.updateFromDict(User, { email: 'johndoe@gmail.com', nope: 1 } as never))
bad('removing a required field', 'ValidationError', Dynamo.updateOne(User, 'johndoe@gmail.com', [U.remove(u.name as A.Attr<string>)]))

// -- conditions -------------------------------------------------------------------------

bad('isIn with no values (Scan)', 'ExpressionError', Dynamo.getMany(User, C.isIn(u.name, [])))
bad('isIn with 100 values (Scan)', 'ExpressionError', Dynamo.getMany(User, C.isIn(u.name, Array.from({ length: 100 }, (_, i) => `n${i}`))))
bad('isIn with 100 values (deleteMany)', 'ExpressionError', Dynamo.deleteMany(User, C.isIn(u.name, Array.from({ length: 100 }, (_, i) => `n${i}`))))
bad('between with low > high', 'ExpressionError', Dynamo.getMany(User, C.between(u.year_of_birth, 2000, 1990)))
bad('between with low > high (deleteMany)', 'ExpressionError', Dynamo.deleteMany(User, C.between(u.year_of_birth, 2000, 1990)))
bad('an empty and()', 'ExpressionError', Dynamo.getMany(User, C.and()))
// checks evaluated on the client (a batch get's filter, a key condition's checks in getOne) are refused as DynamoDB would refuse them
bad('between with low > high on a batch get (isIn + filter)', 'ExpressionError', Dynamo.getMany(User, C.and(C.isIn(u.email, ['johndoe@gmail.com']), C.between(u.year_of_birth, 2000, 1990))))
bad('between with low > high in a getMany list entry check', 'ExpressionError', Dynamo.getMany(User, [C.and(C.eq(u.email, 'johndoe@gmail.com'), C.between(u.year_of_birth, 2000, 1990))]))
bad('between with low > high in getOne\'s extra checks', 'ExpressionError', Dynamo.getOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.between(u.year_of_birth, 2000, 1990))))
bad('isIn with no values in getMany\'s key condition checks', 'ExpressionError', Dynamo.getMany(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.isIn(u.name, []))))
bad('between with low > high in deleteOne\'s extra checks', 'ExpressionError', Dynamo.deleteOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.between(u.year_of_birth, 2000, 1990))))
bad('between with low > high in updateOne\'s extra checks', 'ExpressionError', Dynamo.updateOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.between(u.year_of_birth, 2000, 1990)), [U.set(u.name, 'x')]))
bad('saveOne with an overwrite condition DynamoDB would refuse', 'ExpressionError', Dynamo.saveOne(User, { email: 'new@x.io', name: 'N' }, { overwrite: C.isIn(u.name, []) }))

// -- strategies: keys OR-ed, missing ----------------------------------------------------

const orKeys = C.or(C.eq(u.email, 'johndoe@gmail.com'), C.gt(u.year_of_birth, 2000))
bad('getOne with keys OR-ed', 'ExpressionError', Dynamo.getOne(User, orKeys))
bad('deleteOne with keys OR-ed', 'ExpressionError', Dynamo.deleteOne(User, orKeys))
bad('updateOne with keys OR-ed', 'ExpressionError', Dynamo.updateOne(User, orKeys, [U.set(u.name, 'x')]))
bad('deleteMany with a list entry of keys OR-ed', 'ExpressionError', Dynamo.deleteMany(User, ['email1@gmail.com', orKeys]))
bad('getMany with a list entry of keys OR-ed', 'ExpressionError', Dynamo.getMany(User, ['email1@gmail.com', orKeys]))
bad('getOne with the key missing (a condition on no key)', 'ExpressionError', Dynamo.getOne(User, C.gt(u.year_of_birth, 2000)))
bad('getOne with the key missing (an object)', 'ExpressionError', Dynamo.getOne(User, { name: 'John Doe' } as never))
bad('getOne of a hash+range model by the hash key only', 'ExpressionError', Dynamo.getOne(Contacts, { user_id: uid1 } as never))
bad('deleteOne of a hash+range model without the range key', 'ExpressionError', Dynamo.deleteOne(Contacts, C.eq(Contacts.attrs.user_id, uid1)))
bad('updateOne with a non-equality on the key', 'ExpressionError', Dynamo.updateOne(User, C.gt(u.email, 'a'), [U.set(u.name, 'x')]))
bad('deleteMany with a list entry missing the key', 'ExpressionError', Dynamo.deleteMany(User, ['email1@gmail.com', {} as never]))

// -- updates ----------------------------------------------------------------------------

bad('an update of the hash key', 'ExpressionError', Dynamo.updateOne(User, 'johndoe@gmail.com', [U.set(u.email as A.Attr<string>, 'other@gmail.com')]))
bad('an update of the range key', 'ExpressionError', Dynamo.updateOne(Contacts, [uid1, 'a@b.io'], [U.set(Contacts.attrs.email as A.Attr<string>, 'b@b.io')]))
bad('an empty update list', 'ExpressionError', Dynamo.updateOne(User, 'johndoe@gmail.com', []))
bad('overlapping update paths', 'ExpressionError', Dynamo.updateOne(Profile, 'p1', [U.set(p.address, { city: 'A' }), U.set(p.address.city, 'B')]))
bad('the same path twice', 'ExpressionError', Dynamo.updateOne(Profile, 'p1', [U.set(p.name, 'A'), U.remove(p.nickname), U.set(p.name, 'B')]))
bad('updateFromDict with only the key', 'ExpressionError', Dynamo.updateFromDict(User, { email: 'johndoe@gmail.com' }))

// -- key conditions: DynamoDB refuses an empty string or binary as a key value, in a Query too

const l = Loose.attrs
bad('a Query of an empty string hash key', 'ValidationError', Dynamo.getMany(Loose, C.eq(l.pk, '')), ['pk'])
bad('a Query with an empty string range bound', 'ValidationError', Dynamo.getMany(Loose, C.and(C.eq(l.pk, 'a'), C.gt(l.sk, ''))), ['sk'])
bad('a page of beginsWith an empty string on the range key', 'ValidationError', Dynamo.page(Loose, C.and(C.eq(l.pk, 'a'), C.beginsWith(l.sk, '')), { pageSize: 5 }), ['sk'])
bad('a between from an empty string on the range key (deleteMany)', 'ValidationError', Dynamo.deleteMany(Loose, C.and(C.eq(l.pk, 'a'), C.between(l.sk, '', 'z'))), ['sk'])
bad('a count of an empty binary hash key', 'ValidationError', Dynamo.count(BinKey, C.eq(BinKey.attrs.id, new Uint8Array(0))), ['id'])
bad("a Query of a global index's empty string hash key", 'ValidationError', Dynamo.getMany(Tagged, C.eq(Tagged.attrs.tag, '')), ['tag'])
bad('a Query with a range bound over 1,024 bytes (513 two-byte characters)', 'ValidationError', Dynamo.getMany(Loose, C.and(C.eq(l.pk, 'a'), C.lt(l.sk, 'é'.repeat(513)))), ['sk'])
bad('a count of beginsWith a prefix over 1,024 bytes on the range key', 'ValidationError', Dynamo.count(Loose, C.and(C.eq(l.pk, 'a'), C.beginsWith(l.sk, 'x'.repeat(1025)))), ['sk'])
bad('a Query of a hash key over 2,048 bytes (as getOne of it)', 'ValidationError', Dynamo.getMany(Loose, C.eq(l.pk, 'x'.repeat(2049))), ['pk'])

test('a Query with a range bound of 1,024 bytes, and one of a hash key of 2,048, are sent and answered as DynamoDB Local answers them', async () => {
  const { env, counter } = await ready()
  counter.reset()
  assert.equal(await ok(env, Dynamo.getMany(Loose, C.and(C.eq(l.pk, 'a'), C.lt(l.sk, 'é'.repeat(512))))), [{ pk: 'a', sk: 'b' }])
  assert.equal(await ok(env, Dynamo.getMany(Loose, C.eq(l.pk, 'x'.repeat(2048)))), [])
  assert.is(counter.byCommand()['Query'], 2)
})

test.run()

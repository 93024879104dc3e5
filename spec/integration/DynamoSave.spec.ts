/**
 * Issue 4, point 8: `saveOne` / `saveMany` against DynamoDB Local, asserting what is stored
 * (a raw GetItem / Scan), not only what is returned: defaults stored, `overwrite`
 * true / false / a condition, invalid items never written, `overwrite: false` in batches.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import {
  Contacts,
  User,
  byContactKey,
  byEmail,
  err,
  fixture,
  ok,
  rawGet,
  rawGetPlain,
  run,
  scanAll,
  scanPlain,
  S,
  uid1,
  uid2,
  type User as UserT,
} from '../harness/models.js'

const u = User.attrs

const withUsers = async () => {
  const f = await fixture('save')
  await ok(f.env, Dynamo.createTable(User))
  return f
}

test('saveOne: defaults applied, returned and stored (a default [] is an empty list, a Date an ISO string)', async () => {
  const f = await withUsers()
  const before = Date.now()
  const john = await ok(f.env, Dynamo.saveOne(User, { email: 'johndoe@gmail.com', name: 'John Doe', year_of_birth: 1990 }))
  assert.equal(john.cities_visited, [])
  assert.ok(john.created_at instanceof Date)
  assert.ok((john.created_at as Date).getTime() >= before - 1)
  const raw = await rawGet(f.client, f.table(User), { email: S('johndoe@gmail.com') })
  assert.equal(raw, {
    email: S('johndoe@gmail.com'),
    name: S('John Doe'),
    year_of_birth: { N: '1990' },
    cities_visited: { L: [] },
    created_at: S((john.created_at as Date).toISOString()),
  })
})

test('saveOne: given values win over defaults; optional fields absent are not stored', async () => {
  const f = await withUsers()
  const at = new Date('2020-01-02T03:04:05.678Z')
  await ok(f.env, Dynamo.saveOne(User, { email: 'jane@gmail.com', name: 'Jane Doe', cities_visited: ['Lima'], created_at: at }))
  const raw = await rawGetPlain(f.client, f.table(User), { email: S('jane@gmail.com') })
  assert.equal(raw, { email: 'jane@gmail.com', name: 'Jane Doe', cities_visited: ['Lima'], created_at: '2020-01-02T03:04:05.678Z' })
})

test('saveOne overwrite: true (default) replaces the whole item', async () => {
  const f = await withUsers()
  await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'A', year_of_birth: 1990, cities_visited: ['Rome'] }))
  await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'A2', created_at: new Date(0) }, { overwrite: true }))
  const raw = await rawGetPlain(f.client, f.table(User), { email: S('a@x.io') })
  assert.equal(raw, { email: 'a@x.io', name: 'A2', cities_visited: [], created_at: '1970-01-01T00:00:00.000Z' })
})

test('saveOne overwrite: false writes when absent; when present ConditionalCheckFailed and the item unchanged', async () => {
  const f = await withUsers()
  const first = await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'First', year_of_birth: 1990 }, { overwrite: false }))
  const stored = await rawGet(f.client, f.table(User), { email: S('a@x.io') })
  assert.is(stored?.['name']?.S, 'First')
  await err(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'Impostor' }, { overwrite: false }), 'ConditionalCheckFailed')
  assert.equal(await rawGet(f.client, f.table(User), { email: S('a@x.io') }), stored)
  assert.is(first.name, 'First')
})

test('saveOne overwrite: a condition — absent: written; present and holding: replaced; failing: ConditionalCheckFailed, unchanged', async () => {
  const f = await withUsers()
  const older = C.lt(u.year_of_birth, 2000)
  await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'V1', year_of_birth: 1990 }, { overwrite: older }))
  assert.is((await rawGetPlain(f.client, f.table(User), { email: S('a@x.io') }))?.['name'], 'V1')
  await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'V2', year_of_birth: 2010 }, { overwrite: older }))
  const v2 = await rawGet(f.client, f.table(User), { email: S('a@x.io') })
  assert.is(v2?.['name']?.S, 'V2')
  assert.is(v2?.['year_of_birth']?.N, '2010')
  // now 2010 is stored: the condition fails
  const e = await err(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'V3', year_of_birth: 1950 }, { overwrite: older }), 'ConditionalCheckFailed')
  assert.ok(e.message.length > 0)
  assert.equal(await rawGet(f.client, f.table(User), { email: S('a@x.io') }), v2)
})

test('saveOne of an invalid item: ValidationError naming the paths, nothing written', async () => {
  const f = await withUsers()
  const e = await err(f.env, Dynamo.saveOne(User, { email: 'not an email', name: '', year_of_birth: 1800 }), 'ValidationError')
  const paths = e.issues.map((i) => i.path).sort()
  assert.equal(paths, ['email', 'name', 'year_of_birth'])
  assert.is((await scanAll(f.client, f.table(User))).length, 0)
})

test('saveMany: invalid items in fail (never written), the rest stored with defaults; success + fail = input', async () => {
  const f = await withUsers()
  const items: UserT[] = Array.from({ length: 60 }, (_, i) => ({ email: `u${i}@x.io`, name: `U${i}`, ...(i % 3 === 0 ? { year_of_birth: 1950 + i } : {}) }))
  items.splice(7, 0, { email: 'bad', name: 'Bad email' })
  items.splice(30, 0, { email: 'bad2@x.io', name: 'Bad year', year_of_birth: 3000 })
  const r = await ok(f.env, Dynamo.saveMany(User, items))
  assert.is(r.success.length, 60)
  assert.is(r.failCount, 2)
  assert.is(r.fail.length, 2)
  assert.equal(r.fail.map((x) => x.item.email).sort(), ['bad', 'bad2@x.io'])
  for (const x of r.fail) assert.is(x.error._tag, 'ValidationError')
  for (const x of r.success) {
    assert.ok(x.created_at instanceof Date)
    assert.equal(x.cities_visited, [])
  }
  const stored = await scanPlain(f.client, f.table(User), byEmail)
  assert.is(stored.length, 60)
  assert.not.ok(stored.some((x) => x['email'] === 'bad' || x['email'] === 'bad2@x.io'))
  const byMail = new Map(r.success.map((x) => [x.email, x]))
  for (const s of stored) {
    const x = byMail.get(s['email'] as string) as UserT
    assert.equal(s['cities_visited'], [])
    assert.is(s['created_at'], (x.created_at as Date).toISOString())
    assert.is(s['year_of_birth'], x.year_of_birth)
    assert.is(s['name'], x.name)
  }
})

test('saveMany with a key twice (overwrite: true): both succeed, the later one is stored', async () => {
  const f = await withUsers()
  const r = await ok(
    f.env,
    Dynamo.saveMany(User, [
      { email: 'dup@x.io', name: 'first' },
      { email: 'other@x.io', name: 'other' },
      { email: 'dup@x.io', name: 'second' },
    ]),
  )
  assert.is(r.success.length, 3)
  assert.is(r.failCount, 0)
  const stored = await scanPlain(f.client, f.table(User), byEmail)
  assert.equal(stored.map((x) => [x['email'], x['name']]), [['dup@x.io', 'second'], ['other@x.io', 'other']])
})

test('saveMany overwrite: false — existing keys in fail (ConditionalCheckFailed) and unchanged, new ones written', async () => {
  const f = await withUsers()
  await ok(f.env, Dynamo.saveOne(User, { email: 'johndoe@gmail.com', name: 'John Doe', year_of_birth: 1990 }))
  const john = await rawGet(f.client, f.table(User), { email: S('johndoe@gmail.com') })
  const r = await ok(
    f.env,
    Dynamo.saveMany(
      User,
      [
        { email: 'johndoe@gmail.com', name: 'Again' },
        { email: 'new@gmail.com', name: 'New', year_of_birth: 2010 },
        { email: 'new2@gmail.com', name: 'New2' },
        { email: 'broken', name: 'Broken' },
      ],
      { overwrite: false },
    ),
  )
  assert.equal(r.success.map((x) => x.email).sort(), ['new2@gmail.com', 'new@gmail.com'])
  assert.is(r.failCount, 2)
  const why = Object.fromEntries(r.fail.map((x) => [x.item.email, x.error._tag]))
  assert.equal(why, { 'johndoe@gmail.com': 'ConditionalCheckFailed', broken: 'ValidationError' })
  assert.equal(await rawGet(f.client, f.table(User), { email: S('johndoe@gmail.com') }), john)
  const stored = await scanPlain(f.client, f.table(User), byEmail)
  assert.equal(stored.map((x) => x['email']), ['johndoe@gmail.com', 'new2@gmail.com', 'new@gmail.com'])
  assert.is(stored[2]?.['year_of_birth'], 2010)
})

test('saveMany overwrite: false with a key twice in the input: exactly one of them is written', async () => {
  const f = await withUsers()
  const r = await ok(
    f.env,
    Dynamo.saveMany(User, [{ email: 'd@x.io', name: 'one' }, { email: 'd@x.io', name: 'two' }], { overwrite: false }),
  )
  assert.is(r.success.length, 1)
  assert.is(r.failCount, 1)
  assert.is(r.fail[0]?.error._tag, 'ConditionalCheckFailed')
  const stored = await scanPlain(f.client, f.table(User), byEmail)
  assert.is(stored.length, 1)
  assert.is(stored[0]?.['name'], r.success[0]?.name)
})

test('saveMany overwrite: a condition — replaced where it holds, fail where it does not, new keys written', async () => {
  const f = await withUsers()
  await ok(f.env, Dynamo.saveMany(User, [
    { email: 'old@x.io', name: 'Old', year_of_birth: 1950 },
    { email: 'young@x.io', name: 'Young', year_of_birth: 2010 },
  ]))
  const young = await rawGet(f.client, f.table(User), { email: S('young@x.io') })
  const r = await ok(
    f.env,
    Dynamo.saveMany(
      User,
      [
        { email: 'old@x.io', name: 'Old v2' },
        { email: 'young@x.io', name: 'Young v2' },
        { email: 'fresh@x.io', name: 'Fresh' },
      ],
      { overwrite: C.lt(u.year_of_birth, 2000) },
    ),
  )
  assert.equal(r.success.map((x) => x.email).sort(), ['fresh@x.io', 'old@x.io'])
  assert.equal(r.fail.map((x) => [x.item.email, x.error._tag]), [['young@x.io', 'ConditionalCheckFailed']])
  assert.equal(await rawGet(f.client, f.table(User), { email: S('young@x.io') }), young)
  const old = await rawGetPlain(f.client, f.table(User), { email: S('old@x.io') })
  assert.is(old?.['name'], 'Old v2')
  assert.not.ok('year_of_birth' in (old ?? {}))
})

test('saveMany of nothing: empty result, no error', async () => {
  const f = await withUsers()
  const r = await ok(f.env, Dynamo.saveMany(User, []))
  assert.equal(r, { success: [], fail: [], failCount: 0 })
})

test('Contacts (hash + range): saveOne and saveMany store both keys; same user, other email is another item', async () => {
  const f = await fixture('save')
  await ok(f.env, Dynamo.createTable(Contacts))
  await ok(f.env, Dynamo.saveOne(Contacts, { user_id: uid1, email: 'john@gmail.com', rank: 1 }))
  const r = await ok(
    f.env,
    Dynamo.saveMany(Contacts, [
      { user_id: uid1, email: 'doe@gmail.com', rank: 2 },
      { user_id: uid2, email: 'john@gmail.com' },
      { user_id: 'not-a-uuid', email: 'x@gmail.com' },
    ]),
  )
  assert.is(r.success.length, 2)
  assert.equal(r.fail.map((x) => x.item.user_id), ['not-a-uuid'])
  const stored = await scanPlain(f.client, f.table(Contacts), byContactKey)
  assert.equal(
    stored.map((x) => [x['user_id'], x['email'], x['rank']]),
    [
      [uid2, 'john@gmail.com', undefined],
      [uid1, 'doe@gmail.com', 2],
      [uid1, 'john@gmail.com', 1],
    ].sort((a, b) => (byContactKey({ user_id: a[0], email: a[1] }) < byContactKey({ user_id: b[0], email: b[1] }) ? -1 : 1)),
  )
  for (const s of stored) assert.type(s['created_at'], 'string')
  // overwrite: false on the composite key: same hash key, other range key is new
  const again = await run(f.env, Dynamo.saveOne(Contacts, { user_id: uid1, email: 'new@gmail.com' }, { overwrite: false }))
  assert.ok(E.isRight(again))
  await err(f.env, Dynamo.saveOne(Contacts, { user_id: uid1, email: 'doe@gmail.com' }, { overwrite: false }), 'ConditionalCheckFailed')
  assert.is((await scanAll(f.client, f.table(Contacts))).length, 4)
})

test.run()

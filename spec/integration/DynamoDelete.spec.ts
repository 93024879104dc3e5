/**
 * Issue 4, point 8: `deleteOne` / `deleteMany` against DynamoDB Local, asserting what is left
 * in the table (a raw Scan): the seed's delete_one examples (key condition with checks) and
 * delete_many examples (a list with checks; #1–#4), on a hash-only and a hash+range model.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as O from 'fp-ts/lib/Option.js'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import {
  Contacts,
  User,
  byContactKey,
  byEmail,
  err,
  fixture,
  ok,
  people,
  rawGet,
  scanPlain,
  S,
  uid1,
  uid2,
  type Fixture,
  type User as UserT,
} from '../harness/models.js'

const u = User.attrs
const c = Contacts.attrs

const withPeople = async (extra: ReadonlyArray<UserT> = []): Promise<Fixture> => {
  const f = await fixture('del')
  await ok(f.env, Dynamo.createTable(User))
  const r = await ok(f.env, Dynamo.saveMany(User, [...people, ...extra]))
  assert.is(r.failCount, 0)
  return f
}

const left = async (f: Fixture): Promise<string[]> => (await scanPlain(f.client, f.table(User), byEmail)).map(byEmail)
const allEmails = (extra: ReadonlyArray<UserT> = []) => [...people, ...extra].map((p) => p.email).sort()
const without = (xs: ReadonlyArray<string>, gone: ReadonlyArray<string>) => xs.filter((x) => !gone.includes(x))

// -------------------------------------------------------------------------------------
// deleteOne
// -------------------------------------------------------------------------------------

test('deleteOne by scalar: some(the deleted item), gone from the table; again: none', async () => {
  const f = await withPeople()
  const d = await ok(f.env, Dynamo.deleteOne(User, 'johndoe@gmail.com'))
  assert.ok(O.isSome(d))
  if (O.isSome(d)) {
    assert.is(d.value.name, 'John Doe')
    assert.equal(d.value.cities_visited, ['Nairobi', 'New York'])
    assert.ok(d.value.created_at instanceof Date)
  }
  assert.is(await rawGet(f.client, f.table(User), { email: S('johndoe@gmail.com') }), undefined)
  assert.equal(await ok(f.env, Dynamo.deleteOne(User, 'johndoe@gmail.com')), O.none)
  assert.equal(await left(f), without(allEmails(), ['johndoe@gmail.com']))
})

test('deleteOne by object, whole item and key condition', async () => {
  const f = await withPeople()
  assert.ok(O.isSome(await ok(f.env, Dynamo.deleteOne(User, { email: 'email1@gmail.com' }))))
  assert.ok(O.isSome(await ok(f.env, Dynamo.deleteOne(User, people[2] as UserT))))
  assert.ok(O.isSome(await ok(f.env, Dynamo.deleteOne(User, C.eq(u.email, 'email3@gmail.com')))))
  assert.equal(await left(f), without(allEmails(), ['email1@gmail.com', 'email2@gmail.com', 'email3@gmail.com']))
})

test('deleteOne of an item its codec refuses (stored by another writer): deleted, and the Left says so, carrying the item removed (`written`), as an update\'s does; not a ValidationError that reads as nothing done', async () => {
  const f = await withPeople()
  const stored = { email: S('odd@x.io'), name: S('Odd'), year_of_birth: S('nineteen') }
  await f.client.send(new PutItemCommand({ TableName: f.table(User), Item: stored }))
  const e = await err(f.env, Dynamo.deleteOne(User, 'odd@x.io'), 'ValidationError')
  assert.is(await rawGet(f.client, f.table(User), { email: S('odd@x.io') }), undefined)
  assert.match(e.message, /^the item was deleted, but it does not decode: /)
  assert.equal(e.written, stored)
  assert.equal(e.issues.map((i) => i.path), ['year_of_birth'])
})

test('deleteOne with checks (seed examples #1–#3): deleted when they hold; ConditionalCheckFailed and still there when not', async () => {
  const f = await withPeople()
  const john = 'johndoe@gmail.com'
  const johnBefore = await rawGet(f.client, f.table(User), { email: S(john) })
  // #1 born on or before 2000: John (1990) — but first a failing one: born after 2000
  await err(f.env, Dynamo.deleteOne(User, C.and(C.eq(u.email, john), C.gt(u.year_of_birth, 2000))), 'ConditionalCheckFailed')
  assert.equal(await rawGet(f.client, f.table(User), { email: S(john) }), johnBefore)
  // #3: born after 2000 OR visited Nairobi — holds for John
  const d3 = await ok(f.env, Dynamo.deleteOne(User, C.and(C.eq(u.email, john), C.or(C.gt(u.year_of_birth, 2000), C.contains(u.cities_visited, 'Nairobi')))))
  assert.ok(O.isSome(d3))
  assert.is(await rawGet(f.client, f.table(User), { email: S(john) }), undefined)
  // #1 on Ben (2001): fails, Ben stays
  await err(f.env, Dynamo.deleteOne(User, C.and(C.eq(u.email, 'email2@gmail.com'), C.lte(u.year_of_birth, 2000))), 'ConditionalCheckFailed')
  assert.ok(await rawGet(f.client, f.table(User), { email: S('email2@gmail.com') }))
  // #2 visited Nairobi: Ann has
  assert.ok(O.isSome(await ok(f.env, Dynamo.deleteOne(User, C.and(C.eq(u.email, 'email1@gmail.com'), C.contains(u.cities_visited, 'Nairobi'))))))
  // with a check, on an absent item: none (nothing to delete), not an error
  assert.equal(await ok(f.env, Dynamo.deleteOne(User, C.and(C.eq(u.email, 'ghost@gmail.com'), C.lte(u.year_of_birth, 2000)))), O.none)
  assert.equal(await left(f), without(allEmails(), [john, 'email1@gmail.com']))
})

test('deleteOne with keys OR-ed: ExpressionError, nothing deleted', async () => {
  const f = await withPeople()
  await err(f.env, Dynamo.deleteOne(User, C.or(C.eq(u.email, 'johndoe@gmail.com'), C.gt(u.year_of_birth, 2000))), 'ExpressionError')
  await err(f.env, Dynamo.deleteOne(User, C.lte(u.year_of_birth, 2000)), 'ExpressionError')
  assert.equal(await left(f), allEmails())
})

// -------------------------------------------------------------------------------------
// deleteMany
// -------------------------------------------------------------------------------------

test('deleteMany of the seed list (every form, one entry with a check): success holds the deleted keys, the failed check in fail', async () => {
  const f = await withPeople([{ email: 'email8@gmail.com', name: 'Hal', year_of_birth: 2010 }])
  const checked = C.and(C.eq(u.email, 'email8@gmail.com'), C.lte(u.year_of_birth, 2000))
  const r = await ok(
    f.env,
    Dynamo.deleteMany(User, [
      'johndoe@gmail.com',
      'email1@gmail.com',
      { email: 'email2@gmail.com' },
      people[3] as UserT,
      C.eq(u.email, 'email4@gmail.com'),
      C.and(C.eq(u.email, 'email5@gmail.com'), C.lte(u.year_of_birth, 2000)),
      checked,
    ]),
  )
  assert.equal(r.success.map((k) => k.email).sort(), ['email1@gmail.com', 'email2@gmail.com', 'email3@gmail.com', 'email4@gmail.com', 'email5@gmail.com', 'johndoe@gmail.com'])
  assert.is(r.failCount, 1)
  // the entry as given, its check with it
  assert.equal(r.fail.map((x) => [x.item === checked, x.error._tag]), [[true, 'ConditionalCheckFailed']])
  assert.equal(await left(f), ['email6@gmail.com', 'email7@gmail.com', 'email8@gmail.com'])
})

const emails = ['johndoe@gmail.com', 'email2@gmail.com', 'email3@gmail.com', 'anotherone@xyz.com']

test('deleteMany #1: a list of emails, C.isIn, Model.keysIn — the three delete the same items', async () => {
  for (const s of [emails, C.isIn(u.email, emails), Model.keysIn(User, emails)] as const) {
    const f = await withPeople()
    const r = await ok(f.env, Dynamo.deleteMany(User, s))
    assert.is(r.failCount, 0)
    for (const e of ['johndoe@gmail.com', 'email2@gmail.com', 'email3@gmail.com']) assert.ok(r.success.some((k) => k.email === e), e)
    assert.equal(await left(f), without(allEmails(), emails))
  }
})

test('deleteMany #2: isIn and a check — only the listed users passing the check are deleted', async () => {
  const f = await withPeople()
  const r = await ok(f.env, Dynamo.deleteMany(User, C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, 2000))))
  assert.equal(r.success.map((k) => k.email).sort(), ['email2@gmail.com', 'email3@gmail.com'])
  assert.is(r.failCount, 0)
  assert.equal(await left(f), without(allEmails(), ['email2@gmail.com', 'email3@gmail.com']))
})

test('deleteMany #3: everyone who visited Nairobi (a Scan, then conditional deletes)', async () => {
  const f = await withPeople()
  const r = await ok(f.env, Dynamo.deleteMany(User, C.contains(u.cities_visited, 'Nairobi')))
  const nairobi = people.filter((p) => (p.cities_visited ?? []).includes('Nairobi')).map((p) => p.email)
  assert.equal(r.success.map((k) => k.email).sort(), [...nairobi].sort())
  assert.equal(await left(f), without(allEmails(), nairobi))
})

test('deleteMany #4: born before 1990 and never visited Nairobi', async () => {
  const f = await withPeople()
  const r = await ok(f.env, Dynamo.deleteMany(User, C.and(C.lt(u.year_of_birth, 1990), C.not(C.contains(u.cities_visited, 'Nairobi')))))
  assert.equal(r.success.map((k) => k.email).sort(), ['email4@gmail.com', 'email6@gmail.com'])
  assert.equal(await left(f), without(allEmails(), ['email4@gmail.com', 'email6@gmail.com']))
})

test('deleteMany #2 with more than 99 listed keys (a batch get plus a check): every matching item deleted', async () => {
  const extra: UserT[] = Array.from({ length: 150 }, (_, i) => ({ email: `m${i}@x.io`, name: `M${i}`, year_of_birth: 1950 + (i % 60) }))
  const f = await withPeople(extra)
  const r = await ok(f.env, Dynamo.deleteMany(User, C.and(C.isIn(u.email, extra.map((x) => x.email)), C.gt(u.year_of_birth, 2000))))
  const gone = extra.filter((x) => (x.year_of_birth as number) > 2000).map((x) => x.email)
  assert.is(r.failCount, 0, r.fail[0] === undefined ? '' : JSON.stringify(r.fail[0].error))
  assert.equal(r.success.map((k) => k.email).sort(), [...gone].sort())
  assert.equal(await left(f), without(allEmails(extra), gone))
})

test('deleteMany: keys OR-ed with a non-key condition in a list entry → ExpressionError, nothing deleted', async () => {
  const f = await withPeople()
  await err(f.env, Dynamo.deleteMany(User, ['johndoe@gmail.com', C.or(C.eq(u.email, 'email1@gmail.com'), C.gt(u.year_of_birth, 1))]), 'ExpressionError')
  await err(f.env, Dynamo.deleteMany(User, ['johndoe@gmail.com', {} as never]), 'ExpressionError')
  assert.equal(await left(f), allEmails())
})

test('Contacts deleteMany: tuples, keysIn, and a Query (one user\'s contacts)', async () => {
  const f = await fixture('delc')
  await ok(f.env, Dynamo.createTable(Contacts))
  const xs = Array.from({ length: 6 }, (_, i) => ({ user_id: i < 4 ? uid1 : uid2, email: `k${i}@gmail.com`, rank: i }))
  await ok(f.env, Dynamo.saveMany(Contacts, xs))
  const r1 = await ok(f.env, Dynamo.deleteMany(Contacts, [[uid1, 'k0@gmail.com'], { user_id: uid2, email: 'k4@gmail.com' }]))
  assert.equal(r1.success, [{ user_id: uid1, email: 'k0@gmail.com' }, { user_id: uid2, email: 'k4@gmail.com' }])
  const r2 = await ok(f.env, Dynamo.deleteMany(Contacts, Model.keysIn(Contacts, [[uid1, 'k1@gmail.com']])))
  assert.equal(r2.success, [{ user_id: uid1, email: 'k1@gmail.com' }])
  const r3 = await ok(f.env, Dynamo.deleteMany(Contacts, C.and(C.eq(c.user_id, uid1), C.gte(c.rank, 3))))
  assert.equal(r3.success, [{ user_id: uid1, email: 'k3@gmail.com' }])
  const rest = await scanPlain(f.client, f.table(Contacts), byContactKey)
  assert.equal(rest.map((x) => x['email']).sort(), ['k2@gmail.com', 'k5@gmail.com'])
})

test('deleteOne on Contacts: tuple; a check that fails leaves the item', async () => {
  const f = await fixture('delc')
  await ok(f.env, Dynamo.createTable(Contacts))
  await ok(f.env, Dynamo.saveMany(Contacts, [{ user_id: uid1, email: 'a@gmail.com', rank: 1 }, { user_id: uid1, email: 'b@gmail.com', rank: 2 }]))
  await err(f.env, Dynamo.deleteOne(Contacts, C.and(C.eq(c.user_id, uid1), C.eq(c.email, 'a@gmail.com'), C.gt(c.rank, 1))), 'ConditionalCheckFailed')
  const d = await ok(f.env, Dynamo.deleteOne(Contacts, [uid1, 'b@gmail.com']))
  assert.ok(O.isSome(d) && d.value.rank === 2)
  const rest = await scanPlain(f.client, f.table(Contacts), byContactKey)
  assert.equal(rest.map((x) => x['email']), ['a@gmail.com'])
})

test.run()

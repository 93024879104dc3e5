/**
 * Issue 4, point 8: `getOne` / `getMany` against DynamoDB Local, by every strategy form of
 * the dynamongo seed (scalar, tuple, object, whole item, key condition, key condition with
 * extra checks; lists; examples #1–#4), on a hash-only and a hash+range model; queries on
 * the table, an LSI and a GSI (range conditions, descending, limit, paging with a filter).
 * Each result is compared with what a raw Scan of the table says.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import { countRequests } from '../harness/faults.js'
import {
  Contacts,
  User,
  err,
  fixture,
  ok,
  people,
  scanPlain,
  uid1,
  uid2,
  byEmail,
  type Contact,
  type Fixture,
  type User as UserT,
  REQUEST_MS,
} from '../harness/models.js'
import * as Env from '../../lib/run/Env.js'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { local } from '../harness/local.js'

const u = User.attrs
const c = Contacts.attrs

let users: Fixture | undefined
const withPeople = async (): Promise<Fixture> => {
  if (users !== undefined) return users
  const f = await fixture('get')
  await ok(f.env, Dynamo.createTable(User))
  const r = await ok(f.env, Dynamo.saveMany(User, people))
  assert.is(r.failCount, 0)
  users = f
  return f
}

const emailsOf = (xs: ReadonlyArray<{ readonly email: string }>) => xs.map((x) => x.email)
const sorted = (xs: ReadonlyArray<string>) => [...xs].sort()

// -------------------------------------------------------------------------------------
// getOne
// -------------------------------------------------------------------------------------

test('getOne by scalar, object, whole item and key condition: the stored item, decoded', async () => {
  const f = await withPeople()
  const raw = (await scanPlain(f.client, f.table(User), byEmail)).find((x) => x['email'] === 'johndoe@gmail.com')
  for (const strategy of [
    'johndoe@gmail.com',
    { email: 'johndoe@gmail.com' },
    { email: 'johndoe@gmail.com', name: 'ignored', year_of_birth: 1 },
    people[0] as UserT,
    C.eq(u.email, 'johndoe@gmail.com'),
  ] as const) {
    const john = await ok(f.env, Dynamo.getOne(User, strategy))
    assert.is(john.email, 'johndoe@gmail.com')
    assert.is(john.name, 'John Doe')
    assert.is(john.year_of_birth, 1990)
    assert.equal(john.cities_visited, ['Nairobi', 'New York'])
    assert.ok(john.created_at instanceof Date)
    assert.is((john.created_at as Date).toISOString(), raw?.['created_at'])
  }
})

test('getOne with a key condition and extra checks: the item when they hold, NotFound when not', async () => {
  const f = await withPeople()
  const john = await ok(f.env, Dynamo.getOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.lte(u.year_of_birth, 2000))))
  assert.is(john.email, 'johndoe@gmail.com')
  const x = await ok(f.env, Dynamo.getOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.contains(u.cities_visited, 'Nairobi'))))
  assert.is(x.name, 'John Doe')
  const nf = await err(f.env, Dynamo.getOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.gt(u.year_of_birth, 2000))), 'NotFound')
  assert.equal(nf.key, { email: 'johndoe@gmail.com' })
  assert.is(nf.reason, 'failedCheck')
})

test('getOne of an absent key: NotFound (the table as sent, prefix included, and the key)', async () => {
  const f = await withPeople()
  const nf = await err(f.env, Dynamo.getOne(User, 'nobody@gmail.com'), 'NotFound')
  assert.is(nf.table, f.table(User))
  assert.is(nf.reason, 'absent')
  assert.equal(nf.key, { email: 'nobody@gmail.com' })
})

test('getOne: keys OR-ed, a missing key, a non-equality on the key → ExpressionError with no request', async () => {
  const db = await local()
  const f = await withPeople()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const counter = countRequests(client)
  const env = Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS })
  await err(env, Dynamo.getOne(User, C.or(C.eq(u.email, 'a@b.io'), C.eq(u.email, 'c@d.io'))), 'ExpressionError')
  await err(env, Dynamo.getOne(User, C.or(C.eq(u.email, 'johndoe@gmail.com'), C.gt(u.year_of_birth, 2000))), 'ExpressionError')
  await err(env, Dynamo.getOne(User, C.gt(u.year_of_birth, 2000)), 'ExpressionError')
  await err(env, Dynamo.getOne(User, C.gt(u.email, 'a')), 'ExpressionError')
  await err(env, Dynamo.getOne(User, {} as never), 'ExpressionError')
  await err(env, Dynamo.getOne(Contacts, C.eq(c.user_id, uid1)), 'ExpressionError')
  await err(env, Dynamo.getOne(Contacts, { user_id: uid1 } as never), 'ExpressionError')
  await err(env, Dynamo.getOne(Contacts, uid1 as never), 'ExpressionError')
  assert.is(counter.total(), 0)
  client.destroy()
})

// -------------------------------------------------------------------------------------
// getMany: lists
// -------------------------------------------------------------------------------------

test('getMany of a list of every strategy form (seed): in request order, missing keys left out, duplicates once', async () => {
  const f = await withPeople()
  const xs = await ok(
    f.env,
    Dynamo.getMany(User, [
      'johndoe@gmail.com',
      'email1@gmail.com',
      { email: 'email2@gmail.com' },
      people[3] as UserT,
      C.eq(u.email, 'email4@gmail.com'),
      'missing@gmail.com',
      'email1@gmail.com',
    ]),
  )
  assert.equal(emailsOf(xs), ['johndoe@gmail.com', 'email1@gmail.com', 'email2@gmail.com', 'email3@gmail.com', 'email4@gmail.com'])
  assert.is(xs[2]?.year_of_birth, 2001)
  const rev = await ok(f.env, Dynamo.getMany(User, ['email4@gmail.com', 'nobody@x.io', 'email2@gmail.com', 'johndoe@gmail.com']))
  assert.equal(emailsOf(rev), ['email4@gmail.com', 'email2@gmail.com', 'johndoe@gmail.com'])
  assert.equal(await ok(f.env, Dynamo.getMany(User, [])), [])
})

test('getMany of a list with key conditions with checks: each check applies to its own key', async () => {
  const f = await withPeople()
  const xs = await ok(
    f.env,
    Dynamo.getMany(User, [
      C.and(C.eq(u.email, 'johndoe@gmail.com'), C.gt(u.year_of_birth, 2000)),
      C.and(C.eq(u.email, 'email2@gmail.com'), C.gt(u.year_of_birth, 2000)),
      'email4@gmail.com',
    ]),
  )
  assert.equal(emailsOf(xs), ['email2@gmail.com', 'email4@gmail.com'])
})

test('getMany of 250 keys (3 BatchGetItem chunks): all found, in order', async () => {
  const f = await fixture('get')
  await ok(f.env, Dynamo.createTable(User))
  const many: UserT[] = Array.from({ length: 250 }, (_, i) => ({ email: `p${String(i).padStart(3, '0')}@x.io`, name: `P${i}` }))
  await ok(f.env, Dynamo.saveMany(User, many))
  const keys = [...emailsOf(many)].reverse()
  const xs = await ok(f.env, Dynamo.getMany(User, keys))
  assert.equal(emailsOf(xs), keys)
})

test('getMany of no keys: a list and keysIn of nothing give [] (no error); isIn of nothing is refused as DynamoDB refuses IN ()', async () => {
  const f = await withPeople()
  assert.equal(await ok(f.env, Dynamo.getMany(User, [])), [])
  await err(f.env, Dynamo.getMany(User, C.isIn(u.email, [])), 'ExpressionError')
  assert.equal(await ok(f.env, Dynamo.getMany(User, Model.keysIn(User, []))), [])
  assert.equal(await ok(f.env, Dynamo.getMany(Contacts, Model.keysIn(Contacts, []))), [])
  const r = await ok(f.env, Dynamo.deleteMany(User, Model.keysIn(User, [])))
  assert.equal(r, { success: [], fail: [], failCount: 0 })
  assert.is((await scanPlain(f.client, f.table(User), byEmail)).length, people.length)
})

test('getMany with a limit or page size that is not a whole number in range: ValidationError', async () => {
  const f = await withPeople()
  for (const o of [{ limit: -1 }, { limit: 2.5 }, { limit: Number.NaN }, { pageSize: 0 }, { pageSize: 1.5 }]) {
    await err(f.env, Dynamo.getMany(User, C.exists(u.email), o), 'ValidationError')
  }
})

// -------------------------------------------------------------------------------------
// getMany: the seed's examples #1–#4 (checked against the data)
// -------------------------------------------------------------------------------------

const emails = ['johndoe@gmail.com', 'email2@gmail.com', 'email3@gmail.com', 'anotherone@xyz.com']

test('#1: a list of emails, C.isIn and Model.keysIn give the same users (BatchGetItem), missing left out', async () => {
  const f = await withPeople()
  const expected = ['johndoe@gmail.com', 'email2@gmail.com', 'email3@gmail.com']
  for (const s of [emails, C.isIn(u.email, emails), Model.keysIn(User, emails)] as const) {
    const plan = Dynamo.explain(User, s)
    assert.ok(E.isRight(plan) && plan.right._tag === 'BatchGetItem')
    const xs = await ok(f.env, Dynamo.getMany(User, s))
    assert.equal(emailsOf(xs), expected)
  }
})

test('#2: C.and(C.isIn(email), C.gt(year_of_birth, 2000)) — the batch get filtered like DynamoDB', async () => {
  const f = await withPeople()
  const cond = C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, 2000))
  const xs = await ok(f.env, Dynamo.getMany(User, cond))
  const expected = people.filter((p) => emails.includes(p.email) && (p.year_of_birth ?? -Infinity) > 2000).map((p) => p.email)
  assert.equal(emailsOf(xs), expected)
  assert.equal(emailsOf(xs), ['email2@gmail.com', 'email3@gmail.com'])
  // keysIn and-ed with a check, too
  const ys = await ok(f.env, Dynamo.getMany(User, C.and(Model.keysIn(User, emails), C.lte(u.year_of_birth, 2000))))
  assert.equal(emailsOf(ys), ['johndoe@gmail.com'])
})

test('#3: C.contains(cities_visited, Nairobi) — a Scan', async () => {
  const f = await withPeople()
  const s = C.contains(u.cities_visited, 'Nairobi')
  const plan = Dynamo.explain(User, s)
  assert.ok(E.isRight(plan) && plan.right._tag === 'Scan')
  const xs = await ok(f.env, Dynamo.getMany(User, s))
  const expected = people.filter((p) => (p.cities_visited ?? []).includes('Nairobi')).map((p) => p.email)
  assert.equal(sorted(emailsOf(xs)), sorted(expected))
  assert.is(xs.length, 3)
})

test('#4: born before 1990 and never visited Nairobi — a Scan; missing attributes count as not containing', async () => {
  const f = await withPeople()
  const s = C.and(C.lt(u.year_of_birth, 1990), C.not(C.contains(u.cities_visited, 'Nairobi')))
  const xs = await ok(f.env, Dynamo.getMany(User, s))
  const expected = people
    .filter((p) => p.year_of_birth !== undefined && p.year_of_birth < 1990 && !(p.cities_visited ?? []).includes('Nairobi'))
    .map((p) => p.email)
  assert.equal(sorted(emailsOf(xs)), sorted(expected))
  assert.equal(sorted(emailsOf(xs)), ['email4@gmail.com', 'email6@gmail.com'])
})

test('Scan with limit: at most limit items, and with a filter paging goes on until limit matches', async () => {
  const f = await fixture('get')
  await ok(f.env, Dynamo.createTable(User))
  const many: UserT[] = Array.from({ length: 40 }, (_, i) => ({ email: `s${i}@x.io`, name: `S${i}`, year_of_birth: 1950 + i }))
  await ok(f.env, Dynamo.saveMany(User, many))
  assert.is((await ok(f.env, Dynamo.getMany(User, C.exists(u.email), { limit: 7 }))).length, 7)
  // only 3 items match; small pages so that the matches are spread over many pages
  const few = C.gte(u.year_of_birth, 1987)
  const xs = await ok(f.env, Dynamo.getMany(User, few, { limit: 2, pageSize: 3 }))
  assert.is(xs.length, 2)
  for (const x of xs) assert.ok((x.year_of_birth as number) >= 1987)
  const all = await ok(f.env, Dynamo.getMany(User, few, { pageSize: 3 }))
  assert.equal(sorted(emailsOf(all)), ['s37@x.io', 's38@x.io', 's39@x.io'])
  const limitFirst = await ok(f.env, Dynamo.getMany(User, few, { limit: 2 }))
  assert.is(limitFirst.length, 2)
  assert.equal(await ok(f.env, Dynamo.getMany(User, few, { limit: 0 })), [])
})

// -------------------------------------------------------------------------------------
// Contacts (hash + range): getOne, keysIn, queries on the table, an LSI, a GSI
// -------------------------------------------------------------------------------------

let contacts: Fixture | undefined
const mine: ReadonlyArray<Contact> = Array.from({ length: 12 }, (_, i) => ({
  user_id: uid1,
  email: `c${String(i).padStart(2, '0')}@gmail.com`,
  rank: (i * 7) % 12,
  label: i % 2 === 0 ? 'even' : 'odd',
}))
const withContacts = async (): Promise<Fixture> => {
  if (contacts !== undefined) return contacts
  const f = await fixture('getc')
  await ok(f.env, Dynamo.createTable(Contacts))
  const r = await ok(f.env, Dynamo.saveMany(Contacts, [...mine, { user_id: uid2, email: 'c00@gmail.com', rank: 100 }, { user_id: uid2, email: 'zed@gmail.com' }]))
  assert.is(r.failCount, 0)
  contacts = f
  return f
}

test('Contacts getOne by tuple, object, whole item, key condition (with checks); NotFound', async () => {
  const f = await withContacts()
  for (const s of [[uid1, 'c03@gmail.com'] as const, { user_id: uid1, email: 'c03@gmail.com' }, mine[3] as Contact, C.and(C.eq(c.email, 'c03@gmail.com'), C.eq(c.user_id, uid1))]) {
    const x = await ok(f.env, Dynamo.getOne(Contacts, s))
    assert.equal([x.user_id, x.email, x.rank, x.label], [uid1, 'c03@gmail.com', 9, 'odd'])
  }
  await ok(f.env, Dynamo.getOne(Contacts, C.and(C.eq(c.user_id, uid1), C.eq(c.email, 'c03@gmail.com'), C.eq(c.label, 'odd'))))
  await err(f.env, Dynamo.getOne(Contacts, C.and(C.eq(c.user_id, uid1), C.eq(c.email, 'c03@gmail.com'), C.eq(c.label, 'even'))), 'NotFound')
  await err(f.env, Dynamo.getOne(Contacts, [uid2, 'c03@gmail.com']), 'NotFound')
})

test('Contacts getMany(Model.keysIn(Contacts, tuples)): a batch get of composite keys', async () => {
  const f = await withContacts()
  const keys = [[uid2, 'c00@gmail.com'], [uid1, 'c05@gmail.com'], [uid1, 'nope@gmail.com'], [uid1, 'c00@gmail.com']] as const
  const plan = Dynamo.explain(Contacts, Model.keysIn(Contacts, keys))
  assert.ok(E.isRight(plan) && plan.right._tag === 'BatchGetItem')
  const xs = await ok(f.env, Dynamo.getMany(Contacts, Model.keysIn(Contacts, keys)))
  assert.equal(xs.map((x) => [x.user_id, x.email, x.rank]), [[uid2, 'c00@gmail.com', 100], [uid1, 'c05@gmail.com', 11], [uid1, 'c00@gmail.com', 0]])
  const ys = await ok(f.env, Dynamo.getMany(Contacts, keys))
  assert.equal(ys, xs)
})

test('Query on the table: all of one user, ascending and descending by the range key', async () => {
  const f = await withContacts()
  const s = C.eq(c.user_id, uid1)
  const plan = Dynamo.explain(Contacts, s)
  assert.ok(E.isRight(plan) && plan.right._tag === 'Query' && plan.right.index === undefined)
  const up = await ok(f.env, Dynamo.getMany(Contacts, s))
  assert.equal(emailsOf(up), emailsOf(mine))
  const down = await ok(f.env, Dynamo.getMany(Contacts, s, { descending: true }))
  assert.equal(emailsOf(down), [...emailsOf(mine)].reverse())
  const top3 = await ok(f.env, Dynamo.getMany(Contacts, s, { descending: true, limit: 3 }))
  assert.equal(emailsOf(top3), ['c11@gmail.com', 'c10@gmail.com', 'c09@gmail.com'])
})

test('Query with range conditions: between, beginsWith, gt, lte in the key condition', async () => {
  const f = await withContacts()
  const cases: Array<[C.Condition, ReadonlyArray<string>]> = [
    [C.and(C.eq(c.user_id, uid1), C.between(c.email, 'c03@gmail.com', 'c05@gmail.com')), ['c03@gmail.com', 'c04@gmail.com', 'c05@gmail.com']],
    [C.and(C.eq(c.user_id, uid1), C.beginsWith(c.email, 'c1')), ['c10@gmail.com', 'c11@gmail.com']],
    [C.and(C.gt(c.email, 'c09@gmail.com'), C.eq(c.user_id, uid1)), ['c10@gmail.com', 'c11@gmail.com']],
    [C.and(C.eq(c.user_id, uid1), C.lte(c.email, 'c01@gmail.com')), ['c00@gmail.com', 'c01@gmail.com']],
  ]
  for (const [s, expected] of cases) {
    const plan = Dynamo.explain(Contacts, s)
    assert.ok(E.isRight(plan) && plan.right._tag === 'Query' && plan.right.filter === undefined, JSON.stringify(plan))
    assert.equal(emailsOf(await ok(f.env, Dynamo.getMany(Contacts, s))), expected)
  }
})

test('Query with a filter and a limit: paging continues until limit matches', async () => {
  const f = await withContacts()
  const s = C.and(C.eq(c.user_id, uid1), C.eq(c.label, 'odd'))
  const plan = Dynamo.explain(Contacts, s)
  assert.ok(E.isRight(plan) && plan.right._tag === 'Query' && plan.right.filter !== undefined)
  const all = await ok(f.env, Dynamo.getMany(Contacts, s))
  assert.equal(emailsOf(all), emailsOf(mine.filter((x) => x.label === 'odd')))
  const three = await ok(f.env, Dynamo.getMany(Contacts, s, { limit: 3, pageSize: 2 }))
  assert.equal(emailsOf(three), ['c01@gmail.com', 'c03@gmail.com', 'c05@gmail.com'])
  const lastTwo = await ok(f.env, Dynamo.getMany(Contacts, s, { limit: 2, descending: true, pageSize: 1 }))
  assert.equal(emailsOf(lastTwo), ['c11@gmail.com', 'c09@gmail.com'])
})

test('Query on the LSI byRank: items of one user ordered by rank, with a range condition', async () => {
  const f = await withContacts()
  const s = C.and(C.eq(c.user_id, uid1), C.gte(c.rank, 8))
  const plan = Dynamo.explain(Contacts, s)
  assert.ok(E.isRight(plan) && plan.right._tag === 'Query' && plan.right.index === 'byRank', JSON.stringify(plan))
  const xs = await ok(f.env, Dynamo.getMany(Contacts, s))
  const expected = [...mine].filter((x) => (x.rank as number) >= 8).sort((a, b) => (a.rank as number) - (b.rank as number))
  assert.equal(xs.map((x) => x.rank), expected.map((x) => x.rank))
  assert.equal(emailsOf(xs), emailsOf(expected))
  const desc = await ok(f.env, Dynamo.getMany(Contacts, s, { descending: true, limit: 2 }))
  assert.equal(desc.map((x) => x.rank), [11, 10])
})

test('Query on the GSI byEmail: every user with that contact email', async () => {
  const f = await withContacts()
  const s = C.eq(c.email, 'c00@gmail.com')
  const plan = Dynamo.explain(Contacts, s)
  assert.ok(E.isRight(plan) && plan.right._tag === 'Query' && plan.right.index === 'byEmail', JSON.stringify(plan))
  const xs = await ok(f.env, Dynamo.getMany(Contacts, s))
  assert.equal(sorted(xs.map((x) => x.user_id)), sorted([uid1, uid2]))
  const one = await ok(f.env, Dynamo.getMany(Contacts, C.and(C.eq(c.email, 'c00@gmail.com'), C.eq(c.user_id, uid2))))
  assert.equal(one.map((x) => x.rank), [100])
})

test('Contacts Scan: a condition on no key (label) reads the whole table', async () => {
  const f = await withContacts()
  const xs = await ok(f.env, Dynamo.getMany(Contacts, C.eq(c.label, 'even')))
  const raw = (await scanPlain(f.client, f.table(Contacts), (x) => String(x['email']))).filter((x) => x['label'] === 'even')
  assert.equal(sorted(emailsOf(xs)), sorted(raw.map((x) => String(x['email']))))
  assert.is(xs.length, 6)
})

test.run()

/**
 * Issue 4, point 8: `updateOne` / `updateFromDict` against DynamoDB Local, asserting the
 * stored item (a raw GetItem): every Update combinator, nested paths, append to a missing
 * list, add on a missing number; never creating an item (NotFound); a failing check
 * (ConditionalCheckFailed, item unchanged); an update of a key (ExpressionError).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../lib/ast/Attr.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as U from '../../lib/ast/Update.js'
import { Contacts, Profile, User, err, fixture, ok, rawGet, rawGetPlain, scanAll, S, uid1, type Fixture, type Profile as ProfileT } from '../harness/models.js'

const p = Profile.attrs
const u = User.attrs

const withProfile = async (item: ProfileT = { id: 'p1', name: 'Pat' }): Promise<Fixture> => {
  const f = await fixture('upd')
  await ok(f.env, Dynamo.createTable(Profile))
  await ok(f.env, Dynamo.saveOne(Profile, item))
  return f
}

const stored = (f: Fixture, id = 'p1') => rawGetPlain(f.client, f.table(Profile), { id: S(id) })

test('set, remove, setIfNotExists: returned and stored', async () => {
  const f = await withProfile({ id: 'p1', name: 'Pat', nickname: 'P', note: 'old' })
  const x = await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.name, 'Patricia'), U.remove(p.note), U.setIfNotExists(p.nickname, 'ignored'), U.setIfNotExists(p.visits, 5)]))
  assert.equal(x, { id: 'p1', name: 'Patricia', nickname: 'P', visits: 5 })
  assert.equal(await stored(f), { id: 'p1', name: 'Patricia', nickname: 'P', visits: 5 })
})

test('add on a missing number starts from 0; increment/decrement; plus/minus of attributes', async () => {
  const f = await withProfile()
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.add(p.visits, 3)]))
  assert.is((await stored(f))?.['visits'], 3)
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.add(p.visits, 4), U.increment(p.score, 1.5)]))
  assert.equal(await stored(f), { id: 'p1', name: 'Pat', visits: 7, score: 1.5 })
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.decrement(p.visits, 10)]))
  assert.is((await stored(f))?.['visits'], -3)
  const x = await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.score, U.plus(p.visits, 10)), U.set(p.visits, U.minus(p.visits, 1))]))
  // right-hand sides read the item as it was: score = -3 + 10, visits = -3 - 1
  assert.is(x.score, 7)
  assert.is(x.visits, -4)
  assert.equal(await stored(f), { id: 'p1', name: 'Pat', visits: -4, score: 7 })
})

test('append to a missing list creates it; prepend; listAppend; set and remove a list element', async () => {
  const f = await withProfile()
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.append(p.cities, ['Rome'])]))
  assert.equal((await stored(f))?.['cities'], ['Rome'])
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.append(p.cities, ['Oslo', 'Lima'])]))
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.prepend(p.cities, ['Nairobi'])]))
  assert.equal((await stored(f))?.['cities'], ['Nairobi', 'Rome', 'Oslo', 'Lima'])
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.cities.at(1), 'Milan'), U.remove(p.cities.at(3))]))
  assert.equal((await stored(f))?.['cities'], ['Nairobi', 'Milan', 'Oslo'])
  const x = await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.cities, U.listAppend(p.cities, ['Quito']))]))
  assert.equal(x.cities, ['Nairobi', 'Milan', 'Oslo', 'Quito'])
  // prepend to a missing list too
  const f2 = await withProfile({ id: 'p2', name: 'Q' })
  await ok(f2.env, Dynamo.updateOne(Profile, 'p2', [U.prepend(p.cities, ['First'])]))
  assert.equal((await stored(f2, 'p2'))?.['cities'], ['First'])
})

test('sets: add members (creating the set), deleteFrom (the attribute goes when the set empties)', async () => {
  const f = await withProfile()
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.add(p.tags, new Set(['a', 'b'])), U.add(p.lucky, new Set([7, 13]))]))
  let raw = await rawGet(f.client, f.table(Profile), { id: S('p1') })
  assert.equal([...(raw?.['tags']?.SS ?? [])].sort(), ['a', 'b'])
  assert.equal([...(raw?.['lucky']?.NS ?? [])].sort(), ['13', '7'])
  const x = await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.add(p.tags, new Set(['c'])), U.deleteFrom(p.lucky, new Set([7]))]))
  assert.equal([...(x.tags ?? [])].sort(), ['a', 'b', 'c'])
  assert.equal([...(x.lucky ?? [])], [13])
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.deleteFrom(p.lucky, new Set([13])), U.deleteFrom(p.tags, new Set(['a']))]))
  raw = await rawGet(f.client, f.table(Profile), { id: S('p1') })
  assert.not.ok('lucky' in (raw ?? {}))
  assert.equal([...(raw?.['tags']?.SS ?? [])].sort(), ['b', 'c'])
})

test('nested map paths: set a map, then a field inside, a deeper field, remove one', async () => {
  const f = await withProfile()
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.address, { city: 'Nairobi' })]))
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.address.zip, '00100'), U.set(p.address.geo, {})]))
  const x = await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.address.geo.lat, -1.28), U.increment(p.address.geo.lon, 36.8), U.set(p.address.city, 'Mombasa')]))
  assert.equal(x.address, { city: 'Mombasa', zip: '00100', geo: { lat: -1.28, lon: 36.8 } })
  await ok(f.env, Dynamo.updateOne(Profile, 'p1', [U.remove(p.address.zip)]))
  assert.equal((await stored(f))?.['address'], { city: 'Mombasa', geo: { lat: -1.28, lon: 36.8 } })
})

test('updateOne never creates an item: NotFound, and the table stays empty', async () => {
  const f = await withProfile()
  const nf = await err(f.env, Dynamo.updateOne(Profile, 'ghost', [U.set(p.name, 'Ghost')]), 'NotFound')
  assert.equal(nf.key, { id: 'ghost' })
  await err(f.env, Dynamo.updateOne(Profile, C.and(C.eq(p.id, 'ghost'), C.gt(p.visits, 1)), [U.add(p.visits, 1)]), 'NotFound')
  assert.is((await scanAll(f.client, f.table(Profile))).length, 1)
})

test('updateOne with a failing extra check: ConditionalCheckFailed, item unchanged; with a holding one: updated', async () => {
  const f = await withProfile({ id: 'p1', name: 'Pat', visits: 1 })
  const before = await rawGet(f.client, f.table(Profile), { id: S('p1') })
  await err(f.env, Dynamo.updateOne(Profile, C.and(C.eq(p.id, 'p1'), C.gt(p.visits, 1)), [U.set(p.name, 'Nope')]), 'ConditionalCheckFailed')
  assert.equal(await rawGet(f.client, f.table(Profile), { id: S('p1') }), before)
  const x = await ok(f.env, Dynamo.updateOne(Profile, C.and(C.eq(p.id, 'p1'), C.eq(p.visits, 1)), [U.set(p.name, 'Yes')]))
  assert.is(x.name, 'Yes')
})

test('updating a key attribute: ExpressionError, nothing changed (hash key, range key)', async () => {
  const f = await withProfile()
  const before = await rawGet(f.client, f.table(Profile), { id: S('p1') })
  await err(f.env, Dynamo.updateOne(Profile, 'p1', [U.set(p.id as A.Attr<string>, 'p2')]), 'ExpressionError')
  await err(f.env, Dynamo.updateOne(Profile, 'p1', [U.remove(p.id as A.Attr<string>)]), 'ExpressionError')
  assert.equal(await rawGet(f.client, f.table(Profile), { id: S('p1') }), before)
  const c = Contacts.attrs
  await err(f.env, Dynamo.updateOne(Contacts, [uid1, 'a@gmail.com'], [U.set(c.email as A.Attr<string>, 'b@gmail.com')]), 'ExpressionError')
})

test('a right-hand side that does not fit the target\'s codec is a Left before any request; the item stays as it was, readable', async () => {
  const f = await fixture('upd-rhs')
  await ok(f.env, Dynamo.createTable(User))
  await ok(f.env, Dynamo.saveOne(User, { email: 'ada@example.com', name: 'Ada', cities_visited: ['Paris'] }))
  const key = { email: S('ada@example.com') }
  const before = await rawGet(f.client, f.table(User), key)
  // what a cast through `any` lets through: numbers appended to a list of strings
  const listAppend = U.listAppend as (x: unknown, y: unknown) => never
  const e = await err(f.env, Dynamo.updateOne(User, 'ada@example.com', [U.set(u.cities_visited, listAppend([1], [2]))]), 'ValidationError')
  assert.match(e.message, /^cities_visited\[0\]: /)
  // an untyped handle: the model's codec decides
  await err(f.env, Dynamo.updateOne(User, 'ada@example.com', [U.set(A.path('cities_visited'), U.listAppend([1], [2]))]), 'ValidationError')
  // a number attribute copied into a string one
  await err(f.env, Dynamo.updateOne(User, 'ada@example.com', [U.set(u.name, u.year_of_birth as never)]), 'ExpressionError')
  assert.equal(await rawGet(f.client, f.table(User), key), before)
  assert.equal((await ok(f.env, Dynamo.getOne(User, 'ada@example.com'))).cities_visited, ['Paris'])
  // what fits goes through
  await ok(f.env, Dynamo.updateOne(User, 'ada@example.com', [U.set(u.cities_visited, U.listAppend(u.cities_visited, ['Oslo']))]))
  assert.equal((await ok(f.env, Dynamo.getOne(User, 'ada@example.com'))).cities_visited, ['Paris', 'Oslo'])
})

test('updateOne: keys OR-ed or missing → ExpressionError', async () => {
  const f = await withProfile()
  await err(f.env, Dynamo.updateOne(Profile, C.or(C.eq(p.id, 'p1'), C.eq(p.id, 'p2')), [U.set(p.name, 'x')]), 'ExpressionError')
  await err(f.env, Dynamo.updateOne(Profile, C.eq(p.name, 'Pat'), [U.set(p.nickname, 'x')]), 'ExpressionError')
  assert.equal(await stored(f), { id: 'p1', name: 'Pat' })
})

test('an add past a field\'s range is never written: refused before the call when no item fits, else by its condition (the bound named); the item unchanged', async () => {
  const f = await fixture('upd')
  await ok(f.env, Dynamo.createTable(User))
  await ok(f.env, Dynamo.saveOne(User, { email: 'johndoe@gmail.com', name: 'John Doe', year_of_birth: 1990 }))
  const e = await err(f.env, Dynamo.updateOne(User, 'johndoe@gmail.com', [U.add(u.year_of_birth, 1000)]), 'ValidationError')
  assert.match(DE.show(e), /year_of_birth holds integers at least 1900 and at most 2018/)
  assert.is(e.written, undefined)
  const guarded = await err(f.env, Dynamo.updateOne(User, 'johndoe@gmail.com', [U.add(u.year_of_birth, 100)]), 'ConditionalCheckFailed')
  assert.match(guarded.message, /at most 2018/)
  assert.is((await rawGetPlain(f.client, f.table(User), { email: S('johndoe@gmail.com') }))?.['year_of_birth'], 1990)
  assert.is((await ok(f.env, Dynamo.updateOne(User, 'johndoe@gmail.com', [U.add(u.year_of_birth, 20)]))).year_of_birth, 2010)
  // a value the codec refuses before the call is not written, and says nothing of a write
  const before = await err(f.env, Dynamo.updateOne(User, 'johndoe@gmail.com', [U.set(u.year_of_birth, 1800)]), 'ValidationError')
  assert.is(before.written, undefined)
})

test('updateFromDict: sets the given fields of an existing item; NotFound when absent (nothing created)', async () => {
  const f = await fixture('upd')
  await ok(f.env, Dynamo.createTable(User))
  const john = await ok(f.env, Dynamo.saveOne(User, { email: 'johndoe@gmail.com', name: 'John Doe', year_of_birth: 1990 }))
  const x = await ok(f.env, Dynamo.updateFromDict(User, { email: 'johndoe@gmail.com', year_of_birth: 1991, cities_visited: ['Kisumu'] }))
  assert.is(x.year_of_birth, 1991)
  assert.equal(x.cities_visited, ['Kisumu'])
  assert.is(x.name, 'John Doe')
  assert.equal(await rawGetPlain(f.client, f.table(User), { email: S('johndoe@gmail.com') }), {
    email: 'johndoe@gmail.com',
    name: 'John Doe',
    year_of_birth: 1991,
    cities_visited: ['Kisumu'],
    created_at: (john.created_at as Date).toISOString(),
  })
  await err(f.env, Dynamo.updateFromDict(User, { email: 'ghost@gmail.com', name: 'Ghost' }), 'NotFound')
  assert.is((await scanAll(f.client, f.table(User))).length, 1)
  await err(f.env, Dynamo.updateFromDict(User, { email: 'johndoe@gmail.com', year_of_birth: 1800 }), 'ValidationError')
  assert.is((await rawGetPlain(f.client, f.table(User), { email: S('johndoe@gmail.com') }))?.['year_of_birth'], 1991)
})

test('updateOne with a Date value on a dateTime field stores its ISO string', async () => {
  const f = await fixture('upd')
  await ok(f.env, Dynamo.createTable(User))
  await ok(f.env, Dynamo.saveOne(User, { email: 'a@x.io', name: 'A' }))
  const at = new Date('2001-02-03T04:05:06.007Z')
  const x = await ok(f.env, Dynamo.updateOne(User, 'a@x.io', [U.set(u.created_at, at)]))
  assert.is(x.created_at?.toISOString(), at.toISOString())
  assert.is((await rawGetPlain(f.client, f.table(User), { email: S('a@x.io') }))?.['created_at'], '2001-02-03T04:05:06.007Z')
})

test.run()

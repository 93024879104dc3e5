/**
 * What a value is, in every message that says it (`got …`), is said by one describer
 * (`internal/show.kindOf`): a list is `a list`, an object `an object`, bytes `Uint8Array(n)`,
 * wherever the library refuses it (an Env's endpoint and table prefix, an operation's boolean
 * option); never `object`, as some of its copies said.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import { kindOf, show } from '../../lib/internal/show.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }) })
const refused = (e: Env.Env): string => (e.invalid === undefined ? 'taken' : DE.show(e.invalid))
const local = { region: 'us-east-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }

test('kindOf: null, a list, bytes, a Date, an object, else its typeof; never a throw', () => {
  const revoked = Proxy.revocable({}, {})
  revoked.revoke()
  const cases: ReadonlyArray<readonly [unknown, string]> = [
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'a list'],
    [new Uint8Array(3), 'Uint8Array(3)'],
    [Buffer.alloc(2), 'Buffer(2)'],
    [new Date(NaN), 'an invalid Date'],
    [new Date(0), 'a Date'],
    [{ a: 1 }, 'an object'],
    [revoked.proxy, 'an object'],
    ['secret', 'string'],
    [5, 'number'],
    [() => 1, 'function'],
  ]
  for (const [u, kind] of cases) assert.is(kindOf(u), kind)
})

test("kindOf names bytes by their class and length as the runtime knows them, never by a constructor or a length the application set", () => {
  const named = Object.assign(new Uint8Array(2), { constructor: { name: 'SECRET' } })
  assert.is(kindOf(named), 'Uint8Array(2)')
  const longer = Object.defineProperty(new Uint8Array(3), 'length', { value: 'SECRET' })
  assert.is(kindOf(longer), 'Uint8Array(3)')
  const buffer = Object.assign(Buffer.alloc(4), { constructor: { name: 'SECRET' } })
  assert.is(kindOf(buffer), 'Buffer(4)')
  // an object that only inherits from Uint8Array holds no bytes: an object
  const forged = Object.create(Uint8Array.prototype) as unknown
  assert.is(kindOf(forged), 'an object')
})

test("kindOf reads a Date's time as the runtime keeps it, never by a getTime the application set", () => {
  assert.is(kindOf(Object.assign(new Date(NaN), { getTime: () => 0 })), 'an invalid Date')
  assert.is(kindOf(Object.assign(new Date(0), { getTime: () => NaN })), 'a Date')
  assert.is(kindOf(Object.assign(new Date(0), { getTime: () => { throw new Error('SECRET') } })), 'a Date')
  assert.is(kindOf(Object.create(Date.prototype) as unknown), 'an object')
})

test('a list given where the library says what a value is: "got a list" in every message', async () => {
  assert.match(refused(Env.make({ ...local, endpoint: [] as never })), /endpoint must be a URL string, got a list$/)
  assert.match(refused(Env.make({ ...local, tablePrefix: [] as never })), /expected a string, got a list$/)
  const get = await Dynamo.getOne(User, 'a@x.io', { consistentRead: [] as never })(Env.make(local))()
  assert.ok(E.isLeft(get) && get.left._tag === 'ValidationError', JSON.stringify(get))
  assert.is(get.left.issues[0]?.message, 'expected a boolean or undefined, got a list')
  const dumped = await Dynamo.dump(User, [] as never)(Env.make(local))()
  assert.ok(E.isLeft(dumped) && dumped.left._tag === 'ValidationError', JSON.stringify(dumped))
  assert.match(dumped.left.issues[0]?.message ?? '', /^expected a writable stream .*, got a list$/)
})

test("show, like kindOf, reads a Date's time and the length of bytes as the runtime keeps them, never by an own getTime, toISOString or length", () => {
  const d = Object.defineProperties(new Date(0), {
    getTime: { value: () => NaN },
    toISOString: { value: () => 'a lie' },
  })
  assert.is(show(d), 'Date(1970-01-01T00:00:00.000Z)')
  assert.is(kindOf(d), 'a Date')
  const invalid = Object.defineProperty(new Date(NaN), 'getTime', { value: () => 0 })
  assert.is(show(invalid), 'Date(invalid)')
  const b = Object.defineProperty(new Uint8Array(3), 'length', { value: 99 })
  assert.is(show(b), 'Uint8Array(3)')
  assert.is(kindOf(b), 'Uint8Array(3)')
})

test.run()

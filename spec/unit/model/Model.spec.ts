import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as MF from '../../../lib/model/fields.js'
import * as Model from '../../../lib/model/Model.js'
import * as SK from '../../../lib/model/storedKey.js'
import * as Field from '../../../lib/codec/Field.js'
import { right } from '../../harness/either.js'
import { throwsSchema } from '../../harness/schema.js'

const codec = t.intersection([
  t.type({ email: t.string, name: t.string, n: t.number, flag: t.boolean }),
  t.partial({ year_of_birth: t.number, tags: t.array(t.string), nick: t.string }),
])
const User = Model.make({ table: 'users', hashKey: 'email', codec, defaults: { tags: () => [], nick: 'none' } })
const u = User.attrs
const Contacts = Model.make({ table: 'user-contacts', hashKey: 'email', rangeKey: 'n', codec })
const c = Contacts.attrs

// --- Model.make -------------------------------------------------------------------------

const make = suite('Model.make')

make('defaults to 8/8 provisioned throughput, as dynamongo', () => {
  assert.equal(User.throughput, { _tag: 'Provisioned', readUnits: 8, writeUnits: 8 })
  assert.equal({ ...User.keyTypes }, { email: 'S' })
  assert.equal({ ...Contacts.keyTypes }, { email: 'S', n: 'N' })
})

make('on-demand billing', () => {
  const M = Model.make({ table: 'users', hashKey: 'email', codec, billing: 'onDemand' })
  assert.equal(M.throughput, { _tag: 'OnDemand' })
})

make('throughputDeclared: billing, readUnits or writeUnits given; an index with units of its own declares nothing of the table', () => {
  assert.is(User.throughputDeclared, false)
  const declared = (o: { billing?: 'provisioned' | 'onDemand'; readUnits?: number; writeUnits?: number }) => Model.make({ table: 'users', hashKey: 'email', codec, ...o }).throughputDeclared
  assert.equal([declared({ billing: 'onDemand' }), declared({ billing: 'provisioned' }), declared({ readUnits: 3 }), declared({ writeUnits: 3 })], [true, true, true, true])
  const indexed = Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byNick: Model.globalIndex({ hashKey: 'nick', readUnits: 2, writeUnits: 3 }) } })
  assert.is(indexed.throughputDeclared, false)
  assert.equal(indexed.throughput, { _tag: 'Provisioned', readUnits: 8, writeUnits: 8 })
})

make('SchemaError for what the types cannot catch', () => {
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'nope' as 'email', codec }), /not a field/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'flag' as 'email', codec }), /stored as a string, a number or binary/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'nick' as 'email', codec }), /must be a required field/)
  throwsSchema(() => Model.make({ table: 'x', hashKey: 'email', codec }), /table name/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', rangeKey: 'email', codec }), /cannot be the hash key/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, billing: 'onDemand', readUnits: 1 }), /on-demand/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, readUnits: 0 }), /readUnits must be a whole number ≥ 1, got 0/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, writeUnits: '5' as never }), /writeUnits must be a whole number ≥ 1, got "5"/)
  // an index's own units: refused on an on-demand model (DynamoDB refuses them there), and units as the table's are
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, billing: 'onDemand', indexes: { byN: Model.globalIndex({ hashKey: 'n', readUnits: 2, writeUnits: 3 }) as never } }), /index byN: on-demand billing takes no read or write units/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, billing: 'onDemand', indexes: { byN: Model.globalIndex({ hashKey: 'n', writeUnits: 3 }) as never } }), /on-demand/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byN: Model.globalIndex({ hashKey: 'n', readUnits: 0 }) as never } }), /index byN's readUnits must be a whole number ≥ 1, got 0/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byN: Model.globalIndex({ hashKey: 'n', writeUnits: 2.5 }) as never } }), /index byN's writeUnits must be a whole number ≥ 1, got 2\.5/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byN: Model.localIndex({ rangeKey: 'n' }) as never } }), /needs a table with a range key/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byN: Model.globalIndex({ hashKey: 'flag' }) as never } }), /stored as/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, indexes: { ok_name: Model.globalIndex({ hashKey: 'n', projection: ['zzz'] }) as never } }), /not a field/)
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec: t.string as unknown as typeof codec }), /must describe an object/)
  // a discriminated (polymorphic) codec: the message says what to do instead
  const pets = t.union([t.type({ email: t.string, kind: t.literal('cat') }), t.type({ email: t.string, kind: t.literal('dog') })])
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec: pets }), /users: the codec must describe an object .*not a union of them: give each member a model of its own, entities sharing the table/)
  // a union of scalars (or of an object and a scalar) is no polymorphic item: no hint to model its members
  for (const scalars of [t.union([t.string, t.number]), t.union([t.type({ email: t.string }), t.string])]) {
    throwsSchema(() => Model.make({ table: 'users', hashKey: 'email' as never, codec: scalars as never }), /users: the codec must describe an object \(t\.type, t\.partial, t\.intersection, t\.exact, t\.strict\)$/)
  }
  throwsSchema(() => Model.make({ table: 'users', hashKey: 'email', codec, defaults: { zzz: 1 } as never }), /not a field/)
})

make('ttl: names a Field.epochSeconds field; anything else is a SchemaError at definition time', () => {
  const sessions = t.intersection([t.type({ id: t.string, exp: Field.epochSeconds, at: Field.dateTime, n: t.number }), t.partial({ later: Field.epochSeconds })])
  assert.is(Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 'exp' }).ttl, 'exp')
  assert.is(Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 'later' }).ttl, 'later')
  assert.is(Model.make({ table: 'sessions', hashKey: 'id', codec: sessions }).ttl, undefined)
  throwsSchema(() => Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 'at' as 'exp' }), /the ttl field "at" must be a Field\.epochSeconds field \(its codec is /)
  throwsSchema(() => Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 'n' as 'exp' }), /must be a Field\.epochSeconds field/)
  throwsSchema(() => Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 'nope' as 'exp' }), /the ttl "nope" is not a field/)
  throwsSchema(() => Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 'toString' as 'exp' }), /is not a field/)
  throwsSchema(() => Model.make({ table: 'sessions', hashKey: 'id', codec: sessions, ttl: 5 as unknown as 'exp' }), /is not a field/)
})

make('defaults: values and thunks, applied only to missing fields', () => {
  const a = right(MF.withDefaults(User, { email: 'a', name: 'A', n: 1, flag: true }))
  assert.equal(a, { email: 'a', name: 'A', n: 1, flag: true, tags: [], nick: 'none' })
  const b = right(MF.withDefaults(User, { email: 'a', name: 'A', n: 1, flag: true, nick: 'x' }))
  assert.is(b.nick, 'x')
  // each item gets its own default list
  const x = right(MF.withDefaults(User, { email: 'a', name: 'A', n: 1, flag: true }))
  assert.is.not(x.tags, a.tags)
})

make('attrs are derived from the codec, nested', () => {
  const h = u.tags.at(3)
  assert.equal(C.exists(h), { _tag: 'Exists', path: { _tag: 'Path', elements: ['tags', 3] } })
  assert.equal(Object.keys(u).sort(), ['email', 'flag', 'n', 'name', 'nick', 'tags', 'year_of_birth'])
})

make('a top-level field named __proto__ is refused at definition (the AWS SDK loses its value on reads)', () => {
  throwsSchema(() => Model.make({ table: 'protos', hashKey: 'pk', codec: t.type({ pk: t.string, ['__proto__']: t.string }) as unknown as t.Type<{ pk: string }> }), /__proto__/)
})

make('a property named __proto__ declared below the top level (a nested t.type or t.partial, in a list, a record, a union, an intersection, a refinement, a recursion) is refused at definition, naming its path and why; a key named __proto__ under a record or an undeclared one is data', () => {
  // `{ ['__proto__']: … }` makes an own property: the codec declares the name
  const proto = <C extends t.Mixed>(c: C): { __proto__: C } => ({ ['__proto__']: c }) as { __proto__: C }
  const Tree: t.Mixed = t.recursion('Tree', (): t.Mixed => t.partial({ kids: t.array(Tree), ...proto(t.string) }))
  const nested: ReadonlyArray<readonly [string, t.Mixed]> = [
    ['inner.__proto__', t.type({ pk: t.string, inner: t.type(proto(t.string)) })],
    ['inner.__proto__', t.type({ pk: t.string, inner: t.partial(proto(Field.dateTime)) })],
    ['inner.deeper.__proto__', t.intersection([t.type({ pk: t.string }), t.partial({ inner: t.type({ deeper: t.exact(t.type(proto(t.number))) }) })])],
    ['list[].__proto__', t.type({ pk: t.string, list: t.array(t.type(proto(t.string))) })],
    ['dict.*.__proto__', t.type({ pk: t.string, dict: t.record(t.string, t.type(proto(t.string))) })],
    ['u.__proto__', t.type({ pk: t.string, u: t.union([t.string, t.intersection([t.type({ a: t.string }), t.partial(proto(t.string))])]) })],
    ['r.__proto__', t.type({ pk: t.string, r: t.refinement(t.type(proto(t.string)), () => true) })],
    ['tree.__proto__', t.type({ pk: t.string, tree: Tree })],
  ]
  for (const [path, codec] of nested) {
    throwsSchema(() => Model.make({ table: 'protos', hashKey: 'pk', codec: codec as t.Type<{ pk: string }> }), new RegExp(`protos: the field ${JSON.stringify(path).replace(/[.*[\]]/g, '\\$&')}: .*io-ts`))
  }
  // a record's keys and the undeclared keys of a struct are data, kept by decode (codec/proto): not refused
  assert.ok(Model.make({ table: 'protos', hashKey: 'pk', codec: t.type({ pk: t.string, dict: t.record(t.string, Field.dateTime), m: t.type({ a: t.string }) }) }))
})

make('an empty attribute name is refused at definition', () => {
  throwsSchema(() => Model.make({ table: 'empties', hashKey: 'pk', codec: t.type({ pk: t.string, '': t.string }) }), /""/)
})

make('a field name with a lone surrogate is refused at definition (DynamoDB reads it as "?")', () => {
  throwsSchema(() => Model.make({ table: 'halves', hashKey: 'pk', codec: t.type({ pk: t.string, 'a\uD83D': t.string }) }), /lone surrogate/)
})

make('Field codecs declare how they are stored (key attribute types)', () => {
  const M = Model.make({
    table: 'stored',
    hashKey: 'id',
    rangeKey: 'at',
    codec: t.type({ id: Field.uuid, at: Field.dateTime, n: Field.int(), big: Field.bigint, bin: Field.binary, day: Field.date }),
    indexes: {
      byN: Model.globalIndex({ hashKey: 'n', rangeKey: 'big' }),
      byBin: Model.globalIndex({ hashKey: 'bin', rangeKey: 'day' }),
    },
  })
  assert.equal({ ...M.keyTypes }, { id: 'S', at: 'S', n: 'N', big: 'N', bin: 'B', day: 'S' })
})

make.run()

// --- keys -------------------------------------------------------------------------------

const sel = suite('Model keys')

sel('keysIn: an OR of key equalities', () => {
  assert.equal(Model.keysIn(User, ['a', 'b']), C.or(C.eq(u.email, 'a'), C.eq(u.email, 'b')))
  assert.equal(Model.keysIn(Contacts, [['a', 1]]), C.or(C.and(C.eq(c.email, 'a'), C.eq(c.n, 1))))
})

sel('keyString: numerically equal keys are one key', () => {
  assert.is(SK.keyString(Contacts, { email: { S: 'a' }, n: { N: '1' } }), SK.keyString(Contacts, { email: { S: 'a' }, n: { N: '1.0' } }))
  assert.is(SK.keyString(Contacts, { email: { S: 'a' }, n: { N: '100' } }), SK.keyString(Contacts, { email: { S: 'a' }, n: { N: '1e2' } }))
  assert.is.not(SK.keyString(Contacts, { email: { S: 'a' }, n: { N: '1' } }), SK.keyString(Contacts, { email: { S: 'a' }, n: { N: '10' } }))
})

sel.run()

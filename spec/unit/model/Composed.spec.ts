/**
 * `Model.make` with composed keys (DESIGN §5.4): where a model keeps its templates, its
 * entity and the fields its key is made of, and the SchemaErrors of what types cannot catch.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
import * as Key from '../../../lib/model/Key.js'
import * as Field from '../../../lib/codec/Field.js'
import { SchemaException } from '../../../lib/DynamoError.js'
import * as DE from '../../../lib/DynamoError.js'
import { right } from '../../harness/either.js'

const codec = t.intersection([
  t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int() }),
  t.partial({ note: t.string, photo: Field.binary, flag: t.boolean }),
])
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byTotal: Model.localIndex({ rangeKey: Model.key('lsi1sk', 'T#{total}', { pad: { total: 10 } }), projection: 'keys' }),
  },
})

const make = suite('Model.make with composed keys')

make('key attributes are the stored attributes; templates by attribute; key fields in template order', () => {
  assert.is(Order.hashKey, 'pk')
  assert.is(Order.rangeKey, 'sk')
  assert.equal(Order.keyFields, { hash: ['customerId'], range: ['createdAt', 'orderId'] })
  assert.equal(Object.keys(Order.templates).sort(), ['gsi1pk', 'gsi1sk', 'lsi1sk', 'pk', 'sk'])
  assert.is(Key.show(Order.templates['sk'] as Key.Template), 'ORDER#{createdAt}#{orderId}')
  assert.equal((Order.templates['lsi1sk'] as Key.Template).parts[1], { _tag: 'Field', name: 'total', pad: 10 })
  assert.equal({ ...Order.keyTypes }, { pk: 'S', sk: 'S', gsi1pk: 'S', gsi1sk: 'S', lsi1sk: 'S' })
  assert.is(Order.indexes.byStatus.hashKey, 'gsi1pk')
  assert.is(Order.indexes.byStatus.rangeKey, 'gsi1sk')
  assert.is(Order.indexes.byTotal.rangeKey, 'lsi1sk')
  assert.is(Order.entity, 'order')
  assert.is(Order.entityAttribute, '_et')
})

make('plain models: key fields are the keys, no templates, no entity', () => {
  const User = Model.make({ table: 'users', hashKey: 'customerId', rangeKey: 'orderId', codec })
  assert.equal(User.keyFields, { hash: ['customerId'], range: ['orderId'] })
  assert.equal({ ...User.templates }, {})
  assert.is(User.entity, undefined)
  assert.is(User.entityAttribute, undefined)
  const Tagged = Model.make({ table: 'shop', entity: 'user', entityAttribute: 'kind', hashKey: 'customerId', codec })
  assert.is(Tagged.entityAttribute, 'kind')
  assert.equal(Tagged.keyFields, { hash: ['customerId'], range: undefined })
})

make('SchemaError: what the types cannot catch', () => {
  const k = (a: string, s: string) => Model.key(a as 'pk', s as 'X#{customerId}')
  throwsSchema(() => Model.make({ table: 'shop', codec, hashKey: k('pk', 'C#{customerId}') } as never), /must declare its entity/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{nope}') }), /\{nope\} is not a field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{note}') }), /must be a required field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('customerId', 'C#{customerId}') }), /is a field of the codec/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), indexes: { byPhoto: Model.globalIndex({ hashKey: k('g', 'P#{photo}') }) as never } }), /stored as a string or a number/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), indexes: { byFlag: Model.globalIndex({ hashKey: k('g', 'P#{flag}') }) as never } }), /stored as a string or a number/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('pk', 'C#{orderId}') }), /composed twice|cannot be the hash key/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', entityAttribute: 'status', codec, hashKey: k('pk', 'C#{customerId}') }), /entity attribute status is a field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', entityAttribute: 'pk', codec, hashKey: k('pk', 'C#{customerId}') }), /is a key attribute/)
  throwsSchema(() => Model.make({ table: 'shop', entity: '', codec, hashKey: 'customerId' }), /non-empty/)
  // an entity with a lone surrogate: saved and read by key, but every condition on it (a Query's filter, an update's) refused
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o\ud800', codec, hashKey: 'customerId' }), /lone surrogate/)
  throwsSchema(() => Model.make({ table: 'shop', entityAttribute: 'kind', codec, hashKey: 'customerId' }), /without an entity/)
  throwsSchema(() => Model.key('pk', 'C#{a}{b}' as 'C#{a}#{b}'), /separated by literal text/)
  throwsSchema(() => Model.key('pk', 'C#{a' as 'C#{a}'), /never closed/)
  // one attribute composed by the table's key and an index's: the same template, its pads included (else the index's would store it unpadded)
  throwsSchema(
    () =>
      Model.make({
        table: 'shop',
        entity: 'o',
        codec,
        hashKey: k('pk', 'C#{customerId}'),
        rangeKey: Model.key('sk', 'T#{total}', { pad: { total: 8 } }),
        indexes: { byTotal: Model.globalIndex({ hashKey: k('pk', 'C#{customerId}'), rangeKey: Model.key('sk', 'T#{total}') }) },
      }),
    /sk is composed twice, differently.*a pad counts/,
  )
  // a pad applies to a number field, and no wider than the key it is part of can hold
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: Model.key('pk', 'C#{customerId}', { pad: { customerId: 8 } } as never) }), /pad.*customerId.*number/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: Model.key('sk', 'T#{total}', { pad: { total: 1_000_000_000 } }) }), /pad of total.*1024 bytes/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: Model.key('pk', 'C#{customerId}#{total}', { pad: { total: 2047 } }) }), /\(its literal text, the pad of total\), more than the 2048 bytes/)
  // literal text longer than the key holds, without a pad, refuses every write alike: of the table's keys and of an index's
  const over = (bytes: number) => 'é'.repeat(Math.ceil(bytes / 2))
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', `${over(2049)}{customerId}`) }), /\(its literal text\), more than the 2048 bytes/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('sk', `O#{orderId}#${over(1025)}`) }), /literal text.*1024 bytes/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('sk', over(1025)) }), /literal text.*1024 bytes/)
  throwsSchema(
    () => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), indexes: { byS: Model.globalIndex({ hashKey: k('g', `${over(2049)}{status}`) }) } }),
    /literal text.*2048 bytes/,
  )
  // a number writes one digit at least, padded or not: literal text of the whole key's length and a number are over it
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', `${'x'.repeat(2048)}{total}`) }), /at least 2049 bytes \(its literal text, a digit of each number\), more than the 2048 bytes/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('sk', `${'x'.repeat(1024)}{total}`) }), /at least 1025 bytes.*1024 bytes/)
  // the message shows the template shortened, not its 2 KB
  try {
    Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', `${'x'.repeat(2048)}{total}`) })
    assert.unreachable('expected a SchemaError')
  } catch (e) {
    assert.instance(e, SchemaException)
    assert.ok((e as SchemaException).message.length < 400, `a message of ${(e as SchemaException).message.length} characters`)
  }
  // of a local index's range key too
  throwsSchema(
    () => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('sk', 'O#{orderId}'), indexes: { byL: Model.localIndex({ rangeKey: k('l', `${over(1025)}{status}`) }) } }),
    /literal text.*1024 bytes/,
  )
  // the longest literal a key holds with an empty field stays (the field's value may be '')
  Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('sk', `${'x'.repeat(1024)}{orderId}`) })
})

make('SchemaError: every refusal of a composed key shows its template shortened, not its kilobytes', () => {
  const k = (a: string, s: string, o?: object) => Model.key(a as 'pk', s as 'X#{customerId}', o as never)
  const x = 'x'.repeat(1000)
  const shortMessage = (f: () => unknown, re: RegExp) => {
    try {
      f()
      assert.unreachable('expected a SchemaError')
    } catch (e) {
      assert.instance(e, SchemaException)
      const m = (e as SchemaException).message
      assert.match(m, re)
      assert.ok(m.length < 400, `a message of ${m.length} characters`)
    }
  }
  // a pad of no number; an attribute composed twice, differently; a template no value can be written into
  shortMessage(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', `${x}{customerId}`, { pad: { customerId: 8 } }) }), /pad names \{customerId\}/)
  shortMessage(
    () =>
      Model.make({
        table: 'shop',
        entity: 'o',
        codec,
        hashKey: k('pk', 'C#{customerId}'),
        rangeKey: k('sk', `${x}{total}`, { pad: { total: 8 } }),
        indexes: { byTotal: Model.globalIndex({ hashKey: k('pk', 'C#{customerId}'), rangeKey: k('sk', `${x}{total}`) }) },
      }),
    /sk is composed twice, differently/,
  )
  const c = t.type({ at: Field.dateTime, id: t.string })
  shortMessage(() => Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: k('pk', `${x}D:{at}:{id}`) } as never), /every value of \{at\} holds ":"/)
})

make('SchemaError: a template no value of a field can be written into (the separator rule, decided by the field\'s codec); one some values can write stays', () => {
  const c = t.type({ at: Field.dateTime, id: t.string, n: Field.int(), e: Field.email, u: Field.uuid, s: t.string, d: Field.date })
  const m = (hashKey: string, rangeKey?: string, pad?: object) =>
    Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', hashKey as '{id}', rangeKey === undefined ? (pad as never) : {}), ...(rangeKey === undefined ? {} : { rangeKey: Model.key('sk', rangeKey as '{id}', pad as never) }) })
  // every dateTime's ISO text holds ':' (a hash key: the literal after it), '-' (a range key: at or below '/')
  throwsSchema(() => m('D:{at}:{id}'), /the key pk \(D:\{at\}:\{id\}\): every value of \{at\} holds ":", the text that follows it/)
  throwsSchema(() => m('C#{id}', 'D/{at}/{id}'), /the key sk \(D\/\{at\}\/\{id\}\): every value of \{at\} holds a code point at or below "\/", the separator that follows it in a range key/)
  // a padded number is digits, all at or below '_'; an e-mail holds '@'; a uuid '-' (at or below '.'); a date '-'
  throwsSchema(() => m('C#{id}', 'N_{n}_{id}', { pad: { n: 10 } }), /every value of \{n\} holds a code point at or below "_"/)
  throwsSchema(() => m('{e}@{id}'), /every value of \{e\} holds "@"/)
  throwsSchema(() => m('C#{id}', '{u}.{id}'), /every value of \{u\} holds a code point at or below "."/)
  throwsSchema(() => m('{d}-{id}'), /every value of \{d\} holds "-"/)
  // an index's range key too
  throwsSchema(() => Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', '{id}'), indexes: { byS: Model.globalIndex({ hashKey: Model.key('g', '{s}'), rangeKey: Model.key('gs', '{at}|{id}') }) } }), /the key gs .*\{at\}.*"\|"/)
  // some values write: a run-time refusal of the others, no SchemaError
  for (const [h, r, pad] of [
    ['D#{at}#{id}', 'D#{at}#{id}'], // '#' is below every character of an ISO text
    ['N_{n}_{id}'], // a hash key: '_' only after its placeholder, and no number's text holds it
    ['C#{id}', '{n}0{id}', { pad: { n: 4 } }], // 9999 holds no code point at or below '0'
    ['C#{id}', 'S|{s}|{id}'], // '' and '~' write
    ['{e}.{id}'], // a dotless domain holds no '.'
    ['{at}::{id}'], // no ISO text holds '::'
    ['C#{id}', 'X#{id}#{at}'], // the last placeholder: no separator follows it
  ] as const) assert.ok(m(h, r, pad), h)
})

make('SchemaError: a template no value can be written into, decided by the codec\'s regex, number limits, named values, and a fixed end running into the literal after it', () => {
  const m = (f: t.Mixed, hashKey: string, rangeKey?: string, pad?: object) =>
    Model.make({ table: 'shop', entity: 'x', codec: t.type({ id: t.string, f }), hashKey: Model.key('pk', hashKey as '{id}', rangeKey === undefined ? (pad as never) : {}), ...(rangeKey === undefined ? {} : { rangeKey: Model.key('sk', rangeKey as '{id}', pad as never) }) })
  // a regex every match of which holds the literal, or (a range key) a code point at or below it
  throwsSchema(() => m(Field.string({ regex: /^[a-z]+:[a-z]+$/ }), 'X{f}:{id}'), /the key pk \(X\{f\}:\{id\}\): every value of \{f\} holds ":", the text that follows it/)
  throwsSchema(() => m(Field.string({ regex: /^(ab|cd)-x$/ }), 'C#{id}', 'N#{f}/{id}'), /every value of \{f\} holds a code point at or below "\/"/)
  throwsSchema(() => m(Field.string({ regex: /^v[0-9]+\.[0-9]+$/ }), 'X{f}.{id}'), /every value of \{f\} holds "\."/)
  throwsSchema(() => m(Field.string({ regex: /^[a-z]+#end$/ }), 'X{f}dd{id}'), /every value of \{f\} ends with "#end", which runs into "dd"/)
  // number limits no padded number (a non-negative integer of at most its width) meets; all negative before '-'; none an integer before '.'
  throwsSchema(() => m(Field.int({ max: -1 }), 'C#{id}', 'N#{f}#{id}', { pad: { f: 5 } }), /every value of \{f\} is a number ≤ -1, none a non-negative integer of at most the 5 digits it is padded to/)
  throwsSchema(() => m(Field.int({ min: 1000 }), 'C#{id}', 'N#{f}#{id}', { pad: { f: 3 } }), /every value of \{f\} is a number ≥ 1000, none/)
  throwsSchema(() => m(Field.float({ min: 0.1, max: 0.9 }), 'C#{id}', 'N#{f}#{id}', { pad: { f: 3 } }), /is a number ≥ 0.1 and ≤ 0.9, none/)
  throwsSchema(() => m(Field.int({ max: -1 }), 'X{f}-{id}'), /every value of \{f\} holds "-"/)
  throwsSchema(() => m(Field.float({ min: 0.1, max: 0.9 }), 'X{f}.{id}'), /every value of \{f\} holds "\."/)
  // the values a codec names, each refused
  throwsSchema(() => m(t.union([t.literal('a:b'), t.literal('c:d')]), 'X{f}:{id}'), /every value of \{f\} is refused \("a:b", "c:d"\): the first: it contains ":"/)
  throwsSchema(() => m(t.keyof({ 'a-b': null, 'c-d': null }), 'C#{id}', 'N#{f}/{id}'), /every value of \{f\} is refused \("a-b", "c-d"\)/)
  throwsSchema(() => m(t.literal('a:b'), 'X{f}:{id}'), /every value of \{f\} is refused \("a:b"\)/)
  throwsSchema(() => m(t.union([t.literal(-1), t.literal(-2)]), 'C#{id}', 'N#{f}#{id}', { pad: { f: 3 } }), /every value of \{f\} is refused \(-1, -2\): the first: -1 is not a non-negative integer/)
  // a fixed end: PynamoDB's '+0000' runs into '0' and '00', an ISO date-time's 'Z' into 'ZZ'
  throwsSchema(() => m(Field.pynamoDateTime, 'X{f}0{id}'), /every value of \{f\} holds "0"/)
  throwsSchema(() => m(Field.pynamoDateTime, 'X{f}00{id}'), /every value of \{f\} holds "00"/)
  throwsSchema(() => m(Field.dateTime, 'X{f}ZZ{id}'), /ends with "Z", which runs into "ZZ"/)
  // some values write: no SchemaError (each other refused at run time)
  for (const [f, h, r, pad] of [
    [Field.string({ regex: /^[a-z]+(:[a-z]+)?$/ }), 'X{f}:{id}'], // 'a' holds no ':'
    [Field.string({ regex: /^a:b$/i }), 'X{f}#{id}'],
    [Field.string({ regex: /^[a-z]+$/i }), 'C#{id}', 'N#{f}Z{id}'], // 'z' is above 'Z'
    [Field.string({ regex: /^(.*)\1$/ }), 'X{f}:{id}'], // a backreference: nothing known
    [Field.int({ min: 0, max: 999 }), 'C#{id}', 'N#{f}#{id}', { pad: { f: 3 } }],
    [Field.float(), 'C#{id}', 'N#{f}#{id}', { pad: { f: 3 } }],
    [Field.int({ min: -5, max: 5 }), 'X{f}-{id}'],
    [t.union([t.literal('a:b'), t.literal('cd')]), 'X{f}:{id}'],
    [t.union([t.literal(-1), t.literal(2)]), 'C#{id}', 'N#{f}#{id}', { pad: { f: 3 } }],
    [Field.pynamoDateTime, 'X{f}000!{id}'], // '+0000' + '000!': the literal first occurs at the end
    [Field.dateTime, 'X{f}Z#{id}'],
    [Field.string({ regex: /^[a-z]+#end$/ }), 'X{f}d#{id}'], // '#end' + 'd#': the literal first occurs at the end
    [Field.string({ regex: /\k|a>b/ }), 'X{f}b{id}'], // without u or a named group \k is 'k'
    [Field.string({ regex: /^[\u0000-\uffff]{1,64}$/ }), 'C#{id}', 'N#{f}\u{1F600}{id}'], // without u '\u{1F642}' is two units the class takes
  ] as const) assert.ok(m(f, h, r, pad), h)
})

make('a template not decided at definition: the run-time refusal is a ValidationError naming the field, the key and its template', () => {
  const colon = t.brand(t.string, (s): s is t.Branded<string, { readonly Colon: unique symbol }> => s.includes(':'), 'Colon')
  const m = Model.make({ table: 'shop', entity: 'x', codec: t.type({ id: t.string, f: colon, n: Field.int({ max: -1 }) }), hashKey: Model.key('pk', 'X{f}:{id}') })
  const e = Model.encode(m, { id: 'i', f: 'a:b' as t.TypeOf<typeof colon>, n: -1 })
  assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError', JSON.stringify(e))
  assert.equal(e.left.issues, [{ path: 'f', message: 'it contains ":", the text that follows it in the key pk = X{f}:{id}, or ends with its start' }])
  const p = Model.make({ table: 'shop', entity: 'y', codec: t.intersection([t.type({ id: t.string }), t.partial({ n: Field.int({ max: -1 }) })]), hashKey: Model.key('pk', 'Y#{id}'),
    indexes: { byN: Model.globalIndex({ hashKey: Model.key('g', 'N#{n}', { pad: { n: 3 } }) }) } })
  const f = Model.encode(p, { id: 'i', n: -1 })
  assert.ok(E.isLeft(f) && f.left._tag === 'ValidationError', JSON.stringify(f))
  assert.equal(f.left.issues, [{ path: 'n', message: '-1 is not a non-negative integer, as a number padded to 3 digits must be (in the key g = N#{n})' }])
})

make('a sparse index\'s template no value of its optional field writes: no SchemaError; items without the field save, those with it are refused', () => {
  const c = t.intersection([t.type({ id: t.string }), t.partial({ at: Field.dateTime })])
  const m = Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', 'X#{id}'),
    indexes: { byAt: Model.globalIndex({ hashKey: Model.key('g', 'D:{at}:{id}' as '{at}') }) } })
  assert.not.ok('g' in right(Model.encode(m, { id: 'a' })).stored)
  const e = Model.encode(m, { id: 'a', at: new Date(0) })
  assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError', JSON.stringify(e))
})

make('SchemaError: the Python date-times hold "-", ":", ".", "T" (PynamoDB\'s "+" too) in every text', () => {
  const c = t.type({ id: t.string, p: Field.pynamoDateTime, nv: Field.naiveDateTime })
  const m = (hashKey: string, rangeKey?: string) =>
    Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', hashKey as '{id}'), ...(rangeKey === undefined ? {} : { rangeKey: Model.key('sk', rangeKey as '{id}') }) })
  throwsSchema(() => m('D:{p}:{id}'), /every value of \{p\} holds ":"/)
  throwsSchema(() => m('{p}+{id}'), /every value of \{p\} holds "\+"/)
  throwsSchema(() => m('{nv}T{id}'), /every value of \{nv\} holds "T"/)
  throwsSchema(() => m('{nv}-{id}'), /every value of \{nv\} holds "-"/)
  throwsSchema(() => m('C#{id}', '{p},{id}'), /every value of \{p\} holds a code point at or below ","/)
  throwsSchema(() => m('C#{id}', '{nv}/{id}'), /every value of \{nv\} holds a code point at or below "\/"/)
  // below every code point of their texts: some write
  assert.ok(m('D#{p}#{id}', 'D#{nv}#{id}'))
  assert.ok(m('C#{id}', '{nv},{id}'))
})

make('the codec\'s fields are its own properties, not those its props object inherits', () => {
  const c = t.type({ id: t.string })
  assert.ok(Model.make({ entityAttribute: 'constructor', table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', 'X#{id}') }))
  assert.ok(Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('constructor', 'X#{id}') }))
  throwsSchema(() => Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', 'X#{id}'),
    indexes: { byId: Model.globalIndex({ hashKey: Model.key('g', '{id}'), projection: ['toString'] as never }) } }), /projects "toString", which is not a field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', 'X#{id}'), defaults: { toString: 'a' } as never }), /a default for "toString"/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', 'X#{id}'),
    indexes: { byC: Model.globalIndex({ hashKey: 'constructor' as never }) } }), /"constructor" is not a field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'x', codec: c, hashKey: Model.key('pk', 'X#{id}'),
    indexes: { byC: Model.globalIndex({ hashKey: Model.key('g', 'G#{toString}' as '{id}') }) } }), /\{toString\} is not a field/)
})

make.run()

// --- writes and keys ----------------------------------------------------------------------

import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Strategy from '../../../lib/model/Strategy.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import * as Entity from '../../../lib/plan/Entity.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Table from '../../../lib/table/Table.js'
import { keyOfStored } from '../../../lib/model/storedKey.js'
import * as Computed from '../../../lib/model/computed.js'
import { decodeRead } from '../../../lib/model/decodeEntity.js'
import { throwsSchema } from '../../harness/schema.js'

const leftTag = <A>(e: E.Either<{ _tag: string }, A>): string => (E.isLeft(e) ? e.left._tag : 'Right')

const order = { customerId: 'c1', orderId: 'o1', createdAt: new Date('2024-05-01T00:00:00.000Z'), status: 'open', total: 42 }

const Pair = Model.make({
  table: 'pairs',
  entity: 'pair',
  codec: t.type({ a: t.string, b: t.string, n: Field.int() }),
  hashKey: Model.key('pk', 'P#{a}'),
  rangeKey: Model.key('sk', '{a}::{b}'),
  indexes: { byN: Model.globalIndex({ hashKey: Model.key('g', 'N#{n}#{b}', { pad: { n: 6 } }) }) },
})

const writes = suite('Model.encode/decode with composed keys')

writes('the key attributes and the entity attribute are computed; decode leaves them out', () => {
  const { stored } = right(Model.encode(Order, order))
  assert.equal(stored['pk'], { S: 'CUSTOMER#c1' })
  assert.equal(stored['sk'], { S: 'ORDER#2024-05-01T00:00:00.000Z#o1' })
  assert.equal(stored['gsi1pk'], { S: 'STATUS#open' })
  assert.equal(stored['gsi1sk'], { S: '2024-05-01T00:00:00.000Z#o1' })
  assert.equal(stored['lsi1sk'], { S: 'T#0000000042' })
  assert.equal(stored['_et'], { S: 'order' })
  assert.equal(right(Model.decode(Order, stored)), order)
  // what the item holds under those names must be what is computed (else it would be replaced
  // silently): the same value is taken, another is a ValidationError naming it
  const same = right(Model.encode(Order, { ...order, pk: 'CUSTOMER#c1', _et: 'order' } as typeof order))
  assert.equal(same.stored, stored)
  for (const [forged, path] of [[{ pk: 'X' }, 'pk'], [{ _et: 'other' }, '_et'], [{ gsi1sk: 'x' }, 'gsi1sk']] as const) {
    const r = Model.encode(Order, { ...order, ...forged } as typeof order)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === path, JSON.stringify(r))
  }
})

writes('a stored attribute named __proto__ (DynamoDB allows the name) is kept by decode as on a plain model, never made the prototype of the result', () => {
  const { stored } = right(Model.encode(Pair, { a: 'x', b: 'y', n: 1 }))
  const withProto = JSON.parse(JSON.stringify({ ...stored, extra: { S: 'kept' } }).replace('"extra"', '"__proto__"')) as typeof stored
  assert.ok(Object.prototype.hasOwnProperty.call(withProto, '__proto__'))
  const read = right(Model.decode(Pair, withProto)) as Record<string, unknown>
  assert.ok(Object.prototype.hasOwnProperty.call(read, '__proto__'), 'the attribute is an own property of the decoded item')
  assert.is(Object.getOwnPropertyDescriptor(read, '__proto__')?.value, 'kept')
  assert.is(Object.getPrototypeOf(read), Object.prototype)
})

writes('a value holding the literal after its placeholder, or (range) a code point at or below the separator: ValidationError naming the field', () => {
  const e = Model.encode(Pair, { a: 'x::y', b: 'z', n: 1 })
  assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError' && e.left.issues[0]?.path === 'a', JSON.stringify(e))
  const low = Model.encode(Pair, { a: 'x 9', b: 'z', n: 1 })
  assert.ok(E.isLeft(low) && low.left._tag === 'ValidationError' && /at or below/.test(low.left.issues[0]?.message ?? ''), JSON.stringify(low))
  assert.is(leftTag(Model.encode(Pair, { a: 'x:y', b: 'z', n: 1 })), 'ValidationError')
  assert.ok(E.isRight(Model.encode(Pair, { a: 'x;y', b: 'z', n: 1 })))
  // numbers padded to their width: non-negative integers of at most that many digits
  assert.equal(right(Model.encode(Pair, { a: 'x', b: 'z', n: 7 })).stored['g'], { S: 'N#000007#z' })
  assert.is(leftTag(Model.encode(Pair, { a: 'x', b: 'z', n: -7 })), 'ValidationError')
  assert.is(leftTag(Model.encode(Pair, { a: 'x', b: 'z', n: 1234567 })), 'ValidationError')
})

writes('decode refuses an item that is not the model\'s own, as every read leaves it out: another entity\'s (named), or one without _et', () => {
  const { stored } = right(Model.encode(Order, order))
  const issue = (e: E.Either<{ _tag: string }, unknown>) => (E.isLeft(e) && e.left._tag === 'ValidationError' ? (e.left as unknown as { issues: ReadonlyArray<unknown> }).issues : e)
  // a customer's item with the fields an order has: the fields fit, the entity does not
  assert.equal(issue(Model.decode(Order, { ...stored, _et: { S: 'customer' } })), [{ path: '_et', message: 'not an item of order: its _et is "customer"' }])
  const { _et: _, ...none } = stored
  assert.equal(issue(Model.decode(Order, none)), [{ path: '_et', message: 'not an item of order: it has no _et' }])
  assert.equal(issue(Model.decode(Order, { ...stored, _et: { N: '1' } })), [{ path: '_et', message: 'not an item of order: its _et is {"N":"1"}' }])
  assert.equal(right(Model.decode(Order, stored)), order)
  // a model without an entity decodes any item its codec takes
  assert.ok(E.isRight(Model.decode(Model.make({ table: 'shop', hashKey: 'customerId', rangeKey: 'orderId', codec }), { ...stored, _et: { S: 'customer' } })))
})

writes('decode reports a composed key the item holds with other values than its fields (neither wins): a read through an index checks its keys, beside the table\'s; one that reads back as its values, or that it lacks, is its own', () => {
  const { stored } = right(Model.encode(Order, order))
  const issue = (e: E.Either<{ _tag: string }, unknown>) => (E.isLeft(e) && e.left._tag === 'ValidationError' ? (e.left as unknown as { issues: ReadonlyArray<{ path: string }> }).issues[0]?.path : e)
  // the table key, an index key, a padded number, a key of no field's text, a key of another type
  assert.is(issue(Model.decode(Order, { ...stored, customerId: { S: 'c2' } })), 'pk')
  assert.is(issue(decodeRead(Order, { ...stored, customerId: { S: 'c2' } }, 'byStatus')), 'pk')
  assert.is(issue(decodeRead(Order, { ...stored, status: { S: 'shipped' } }, 'byStatus')), 'gsi1pk')
  assert.is(issue(Model.decode(Order, { ...stored, orderId: { S: 'o2' } })), 'sk')
  assert.is(issue(decodeRead(Order, { ...stored, total: { N: '43' } }, 'byTotal')), 'lsi1sk')
  assert.is(issue(Model.decode(Order, { ...stored, sk: { S: 'ORDER#2024-05-01T00:00:00.000Z#o1#x' } })), 'sk')
  assert.is(issue(decodeRead(Order, { ...stored, gsi1pk: { N: '1' } }, 'byStatus')), 'gsi1pk')
  // an index key that disagrees gives no wrong answer to a read by the table's key (Model.decode), nor through another index
  assert.equal(right(Model.decode(Order, { ...stored, status: { S: 'shipped' } })), { ...order, status: 'shipped' })
  assert.equal(right(decodeRead(Order, { ...stored, status: { S: 'shipped' } }, 'byTotal')), { ...order, status: 'shipped' })
  assert.equal(right(Model.decode(Order, { ...stored, lsi1sk: { S: 'T#42' } })), order)
  assert.equal(right(decodeRead(Order, { ...stored, gsi1pk: { N: '1' } }, 'byTotal')), order)
  const shown = Model.decode(Order, { ...stored, customerId: { S: 'c2' } })
  assert.match(E.isLeft(shown) ? DE.show(shown.left) : '', 'pk: the item holds {"S":"CUSTOMER#c1"}, its fields give {"S":"CUSTOMER#c2"}')
  // an index key of a field the item lacks: the item is out of that sparse index, the key stale
  const Sparse = Model.make({
    table: 'sparse',
    entity: 's',
    codec: t.intersection([t.type({ id: t.string }), t.partial({ tag: t.string })]),
    hashKey: Model.key('pk', 'S#{id}'),
    indexes: { byTag: Model.globalIndex({ hashKey: Model.key('g', 'T#{tag}') }) },
  })
  const none = decodeRead(Sparse, { pk: { S: 'S#1' }, _et: { S: 's' }, id: { S: '1' }, g: { S: 'T#x' } }, 'byTag')
  assert.match(E.isLeft(none) ? DE.show(none.left) : '', 'g: the item holds {"S":"T#x"}, its fields give none (a field of its template is absent or null)')
  // its own: the number stored in another text (the key composes its canonical text), or a key it lacks (an index added since)
  assert.equal(right(decodeRead(Order, { ...stored, total: { N: '42.0' } }, 'byTotal')), order)
  // a date-time stored in another text of the same instant (the key's text is the one a save of its value composes)
  assert.equal(right(decodeRead(Order, { ...stored, createdAt: { S: '2024-05-01T02:00:00+02:00' } }, 'byStatus')), order)
  assert.is(issue(Model.decode(Order, { ...stored, createdAt: { S: '2024-05-01T02:00:00+01:00' } })), 'sk')
  // a key holding another text of the field's value, which does not sort as the value: a range read over it would
  // answer wrongly (gt(total, 100) selects 'T#12'; createdAt >= 01:00Z selects the +02:00 text of 00:00Z)
  for (const lsi1sk of ['T#42', 'T#42.0', 'T#4.2e1', 'T#00000042', 'T#000000042.0']) assert.is(issue(decodeRead(Order, { ...stored, lsi1sk: { S: lsi1sk } }, 'byTotal')), 'lsi1sk', lsi1sk)
  assert.is(issue(Model.decode(Order, { ...stored, sk: { S: 'ORDER#2024-05-01T02:00:00+02:00#o1' } })), 'sk')
  assert.is(issue(decodeRead(Order, { ...stored, gsi1sk: { S: '2024-05-01T02:00:00+02:00#o1' } }, 'byStatus')), 'gsi1sk')
  // a number's other text at a part without pad of a key no range reads (a hash key): an equality misses it, never
  // matches it wrongly, so it is taken (an item an earlier version wrote decodes)
  const ByTotal = Model.make({ table: 'totals', entity: 'tot', codec: t.type({ total: t.number }), hashKey: Model.key('pk', 'T#{total}') })
  assert.equal(right(Model.decode(ByTotal, { pk: { S: 'T#12.50' }, _et: { S: 'tot' }, total: { N: '12.5' } })), { total: 12.5 })
  const Ranged = Model.make({ table: 'totals', entity: 'tot', codec: t.type({ id: t.string, total: t.number }), hashKey: Model.key('pk', 'I#{id}'), rangeKey: Model.key('sk', 'T#{total}') })
  assert.is(issue(Model.decode(Ranged, { pk: { S: 'I#1' }, sk: { S: 'T#12.50' }, _et: { S: 'tot' }, id: { S: '1' }, total: { N: '12.5' } })), 'sk')
  assert.equal(right(Model.decode(Ranged, { pk: { S: 'I#1' }, sk: { S: 'T#12.5' }, _et: { S: 'tot' }, id: { S: '1' }, total: { N: '12.50' } })), { id: '1', total: 12.5 })
  // a key that is no string attribute (a raw item may hold anything): the ValidationError at it, not a throw
  for (const pk of [null, { S: 5 }, { N: '1' }, 'CUSTOMER#c1', { S: null }]) {
    const r = Model.decode(Order, { ...stored, pk } as never)
    assert.is(issue(r), 'pk', JSON.stringify(pk))
    assert.match(E.isLeft(r) ? DE.show(r.left) : '', `pk: the item holds ${JSON.stringify(pk)}, its fields give {"S":"CUSTOMER#c1"}`)
  }
  const { gsi1pk: _, gsi1sk: __, ...lacking } = stored
  assert.equal(right(decodeRead(Order, lacking, 'byStatus')), order)
})

writes('an index key whose field is absent is not written (sparse index)', () => {
  const Sparse = Model.make({
    table: 'sparse',
    entity: 's',
    codec: t.intersection([t.type({ id: t.string }), t.partial({ tag: t.string })]),
    hashKey: Model.key('pk', 'S#{id}'),
    indexes: { byTag: Model.globalIndex({ hashKey: Model.key('g', 'T#{tag}') }) },
  })
  assert.is(right(Model.encode(Sparse, { id: '1' })).stored['g'], undefined)
  assert.equal(right(Model.encode(Sparse, { id: '1', tag: 'x' })).stored['g'], { S: 'T#x' })
})

writes('keyFieldsOf reads the key fields back from a stored key', () => {
  const { stored } = right(Model.encode(Pair, { a: 'x;y', b: 'z', n: 3 }))
  assert.equal(Computed.keyFieldsOf(Pair, keyOfStored(Pair, stored)), { a: { S: 'x;y' }, b: { S: 'z' } })
  assert.is(Computed.keyFieldsOf(Pair, { pk: { S: 'Q#x' }, sk: { S: 'x::z' } }), undefined)
})

const strategies = suite('Strategy with composed keys')

strategies('an object of the key fields, a key condition on them: the composed key', () => {
  const key = { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#2024-05-01T00:00:00.000Z#o1' } }
  assert.equal(right(Strategy.parse(Order, order)).key, key)
  assert.equal(right(Strategy.parse(Order, { customerId: 'c1', createdAt: order.createdAt, orderId: 'o1' })).key, key)
  const o = Order.attrs
  const s = right(Strategy.parse(Order, C.and(C.eq(o.customerId, 'c1'), C.eq(o.createdAt, order.createdAt), C.eq(o.orderId, 'o1'), C.gt(o.total, 1))))
  assert.equal(s.key, key)
  assert.is(s._tag, 'KeyWithCheck')
  assert.is(leftTag(Strategy.parse(Order, { customerId: 'c1', orderId: 'o1' })), 'ExpressionError')
  assert.is(leftTag(Strategy.parse(Order, 'c1')), 'ExpressionError')
  assert.is(leftTag(Strategy.parse(Order, ['c1', 'o1'])), 'ExpressionError')
  // a key value that cannot stand in the template: refused before any request
  assert.is(leftTag(Strategy.parse(Pair, { a: 'x::', b: 'y' })), 'ValidationError')
})

strategies('scalars and tuples for one-field templates (a constant range template takes a scalar)', () => {
  const Invoice = Model.make({
    table: 'shop',
    entity: 'invoice',
    codec: t.type({ customerId: t.string, invoiceId: t.string }),
    hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: Model.key('sk', 'INVOICE#{invoiceId}'),
  })
  assert.equal(right(Strategy.parse(Invoice, ['c1', 'i1'])).key, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'INVOICE#i1' } })
  const Customer = Model.make({ table: 'shop', entity: 'customer', codec: t.type({ customerId: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), rangeKey: Model.key('sk', 'PROFILE') })
  assert.equal(right(Strategy.parse(Customer, 'c1')).key, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'PROFILE' } })
  assert.equal(right(Strategy.parse(Customer, { customerId: 'c1' })).key, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'PROFILE' } })
})

const isolation = suite('Entity isolation in plans')

isolation('every plan of an entity model carries _et = entity in its filter; a plain model none', () => {
  const o = Order.attrs
  // (an equality on status is a Query of byStatus: the planner over composed keys; <> is a Scan)
  const scan = right(Plan.make(Order, C.ne(o.status, 'open')))
  assert.equal(scan.filter, C.and(Entity.condition(Order) as C.Condition, C.ne(o.status, 'open')))
  const get = right(Plan.make(Order, [order]))
  assert.equal(get.filter, Entity.condition(Order))
  assert.is(Plan.show(scan).split('\n').slice(0, 2).join('\n'), 'Scan shop\n  filter: _et = "order" AND status <> "open"')
  const Plain = Model.make({ table: 'plain', hashKey: 'customerId', codec })
  assert.is(right(Plan.make(Plain, C.eq(Plain.attrs.status, 'open'))).filter?._tag, 'Comparison')
  assert.is(Entity.condition(Plain), undefined)
  assert.is(Entity.owns(Order, { _et: { S: 'order' } }), true)
  assert.is(Entity.owns(Order, { _et: { S: 'invoice' } }), false)
  assert.is(Entity.owns(Order, {}), false)
  assert.is(Entity.owns(Plain, {}), true)
})

const tables = suite('createTable of models sharing a table')

tables('entities whose keys may meet: Unfixable (createTable: SchemaError); told apart by a literal prefix: one table, indexes united', () => {
  const mk = (entity: string, hash: string, range: string) =>
    Model.make({ table: 'shop', entity, codec: t.type({ id: t.string, x: t.string }), hashKey: Model.key('pk', hash as 'A#{id}'), rangeKey: Model.key('sk', range as 'B#{x}') })
  const a = mk('a', 'C#{id}', 'ORDER#{x}')
  const b = mk('b', 'C#{id}', 'INVOICE#{x}')
  const c = mk('c', 'C#{id}', 'ORD{x}')
  const d = mk('d', 'D#{id}', 'ORDER#{x}')
  const none = { _tag: 'None' } as const
  assert.equal(Table.diff([a, b, d], none).steps.map((s) => s._tag), ['CreateTable'])
  const bad = TablePlan.unfixable(Table.diff([a, b, c], none)).map((s) => s.reason)
  assert.equal(bad, ['the entity a (C#{id} / ORDER#{x}) and the entity c (C#{id} / ORD{x}) can produce the same key: their hash or range templates must differ in a literal prefix'])
  // one entity declared twice differently; two entity attributes
  const a2 = mk('a', 'C#{id}', 'ORDER#{x}#')
  assert.equal(TablePlan.unfixable(Table.diff([a, a2], none)).map((s) => s.reason), ['the entity a is declared twice, with different keys (sk = ORDER#{x} and sk = ORDER#{x}#)'])
  const X = Model.make({
    table: 'shop',
    entity: 'x',
    codec: t.type({ id: t.string }),
    hashKey: Model.key('pk', 'X#{id}'),
    rangeKey: Model.key('sk', 'X'),
    indexes: { byTotal: Model.localIndex({ rangeKey: Model.key('lsi1sk', 'X#{id}'), projection: 'keys' }) },
  })
  const create = Table.diff([Order, X], none).steps[0]
  assert.ok(create?._tag === 'CreateTable')
  if (create?._tag === 'CreateTable') {
    assert.equal(Object.keys(create.shape.indexes).sort(), ['byStatus', 'byTotal'])
    // each entity projects its own key fields and _et into a keys-only index: the index holds the union
    assert.equal(create.shape.indexes['byTotal']?.projection, { _tag: 'Include', attributes: ['_et', 'createdAt', 'customerId', 'id', 'orderId', 'total'] })
  }
})

writes.run()
strategies.run()
isolation.run()
tables.run()

const keysIn = suite('Model.keysIn of one-field templates')

keysIn('keys are the template fields: an OR of equalities on them, each a key Strategy reads', () => {
  const Inv = Model.make({ table: 'shop', entity: 'invoice', codec: t.type({ customerId: t.string, invoiceId: t.string }), hashKey: Model.key('pk', 'C#{customerId}'), rangeKey: Model.key('sk', 'I#{invoiceId}') })
  const c = Model.keysIn(Inv, [['c1', 'i1'], ['c1', 'i2']])
  assert.is(c._tag, 'Or')
  if (c._tag === 'Or') assert.equal(c.conditions.map((d) => right(Strategy.fromCondition(Inv, d)).key['sk']), [{ S: 'I#i1' }, { S: 'I#i2' }])
})

keysIn.run()

/**
 * `Strategy`: the parser of the loose strategy input (DESIGN §2 and §3). A condition is
 * known by the mark `Condition`'s constructors give, never by its shape; a `[hash, range]`
 * tuple is one key wherever a strategy or a list is taken on a hash+range model.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as N from '../../../lib/ast/nodes.js'
import * as F from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Strategy from '../../../lib/model/Strategy.js'
import * as Plan from '../../../lib/plan/Plan.js'
import { right } from '../../harness/either.js'

const codec = t.intersection([
  t.type({ email: t.string, name: t.string, n: t.number, flag: t.boolean }),
  t.partial({ year_of_birth: t.number, tags: t.array(t.string), nick: t.string }),
])
const User = Model.make({ table: 'users', hashKey: 'email', codec })
const u = User.attrs
const Contacts = Model.make({ table: 'user-contacts', hashKey: 'email', rangeKey: 'n', codec })
const c = Contacts.attrs
/** A model with a field named `_tag`. */
const Tagged = Model.make({ table: 'tagged', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ _tag: t.string, n: t.number })]) })

const left = <A>(e: E.Either<{ _tag: string; message?: string }, A>, tag: string, message?: RegExp) => {
  assert.ok(E.isLeft(e), `expected a ${tag}, got ${JSON.stringify(e)}`)
  if (E.isLeft(e)) {
    assert.is(e.left._tag, tag)
    if (message !== undefined) assert.match(e.left.message ?? '', message)
  }
}

// --- one strategy --------------------------------------------------------------------------

const parse = suite('Strategy.parse (one item)')

parse('a hash-key scalar', () => {
  assert.equal(Strategy.parse(User, 'john@x'), E.right({ _tag: 'Key', key: { email: { S: 'john@x' } }, values: { email: 'john@x' } }))
})

parse('an object holding the key (others ignored), or a whole item', () => {
  const r = right(Strategy.parse(User, { email: 'john@x', name: 'ignored' }))
  assert.equal(r, { _tag: 'Key', key: { email: { S: 'john@x' } }, values: { email: 'john@x' } })
})

parse('a [hash, range] tuple', () => {
  assert.equal(right(Strategy.parse(Contacts, ['john@x', 3])), { _tag: 'Key', key: { email: { S: 'john@x' }, n: { N: '3' } }, values: { email: 'john@x', n: 3 } })
})

parse('a key condition: Key without extra checks, KeyWithCheck with them', () => {
  assert.equal(right(Strategy.parse(Contacts, C.and(C.eq(c.n, 3), C.eq(c.email, 'a')))), { _tag: 'Key', key: { email: { S: 'a' }, n: { N: '3' } }, values: { email: 'a', n: 3 } })
  const r = right(Strategy.parse(Contacts, C.and(C.eq(c.n, 3), C.gt(c.year_of_birth, 2000), C.eq(c.email, 'a'))))
  assert.equal(r, { _tag: 'KeyWithCheck', key: { email: { S: 'a' }, n: { N: '3' } }, values: { email: 'a', n: 3 }, check: C.gt(c.year_of_birth, 2000) })
  const two = right(Strategy.parse(User, C.and(C.eq(u.email, 'a'), C.gt(u.n, 1), C.exists(u.nick))))
  assert.equal(two._tag === 'KeyWithCheck' && two.check, C.and(C.gt(u.n, 1), C.exists(u.nick)))
})

parse('keys OR-ed: ExpressionError', () => left(Strategy.parse(User, C.or(C.eq(u.email, 'a'), C.gt(u.n, 1))), 'ExpressionError'))
parse('a missing key field: ExpressionError', () => {
  left(Strategy.parse(Contacts, C.eq(c.email, 'a')), 'ExpressionError')
  left(Strategy.parse(Contacts, { email: 'a' }), 'ExpressionError')
  left(Strategy.parse(Contacts, 'a'), 'ExpressionError', /\[email, n\]/)
})
parse('a non-equality on a key: ExpressionError', () => left(Strategy.parse(User, C.and(C.eq(u.email, 'a'), C.ne(u.email, 'b'))), 'ExpressionError'))
parse('a key given twice: ExpressionError', () => left(Strategy.parse(User, C.and(C.eq(u.email, 'a'), C.eq(u.email, 'b'))), 'ExpressionError'))
parse('a tuple for a hash-only model, or a tuple of the wrong length: ExpressionError', () => {
  left(Strategy.parse(User, ['a', 'b']), 'ExpressionError')
  left(Strategy.parse(Contacts, ['a', 1, 2]), 'ExpressionError', /\[email, n\]/)
  left(Strategy.parse(Contacts, ['a', { n: 1 }]), 'ExpressionError', /\[email, n\]/)
})
parse('no key at all: ExpressionError', () => {
  for (const x of [undefined, null, true, () => 1]) left(Strategy.parse(User, x), 'ExpressionError')
})
parse('a key of the wrong type: ValidationError', () => left(Strategy.parse(User, 5), 'ValidationError'))
parse('an empty string key: ValidationError', () => left(Strategy.parse(User, ''), 'ValidationError'))
parse('a partition key over 2,048 bytes: ValidationError', () => {
  left(Strategy.parse(User, 'é'.repeat(1025)), 'ValidationError')
  assert.ok(E.isRight(Strategy.parse(User, 'x'.repeat(2048))))
})
parse('a sort key over 1,024 bytes: ValidationError', () => {
  const S = Model.make({ table: 'sorted', hashKey: 'email', rangeKey: 'name', codec })
  left(Strategy.parse(S, ['a', 'x'.repeat(1025)]), 'ValidationError')
  assert.ok(E.isRight(Strategy.parse(S, ['a', 'x'.repeat(1024)])))
})

// --- conditions are known by their mark, not their shape ----------------------------------------

parse('a model with a field named _tag: an item whose _tag is a condition tag is an item; a condition is a condition', () => {
  assert.equal(right(Strategy.parse(Tagged, { id: 'x', _tag: 'And' })), { _tag: 'Key', key: { id: { S: 'x' } }, values: { id: 'x' } })
  assert.equal(right(Strategy.parse(Tagged, { id: 'x', _tag: 'Comparison', op: '=' })), { _tag: 'Key', key: { id: { S: 'x' } }, values: { id: 'x' } })
  const t = Tagged.attrs
  assert.equal(right(Strategy.parse(Tagged, C.and(C.eq(t.id, 'x'), C.eq(t._tag, 'And')))), {
    _tag: 'KeyWithCheck',
    key: { id: { S: 'x' } },
    values: { id: 'x' },
    check: C.eq(t._tag, 'And'),
  })
})

parse('an object shaped like a condition but not built by Condition is read as an item (and the error says so)', () => {
  const built = C.eq(u.email, 'a') as C.Comparison
  const literal = { _tag: 'Comparison', op: '=', left: built.left, right: built.right }
  assert.is(N.isCondition(literal), false)
  left(Strategy.parse(User, literal), 'ExpressionError', /Condition's constructors/)
  // a condition read back from JSON has lost the mark too
  const json = JSON.parse(JSON.stringify(C.eq(u.email, 'a'))) as unknown
  assert.is(N.isCondition(json), false)
  // the mark is invisible to deep equality, JSON and Object.keys; a spread keeps it
  assert.equal(built, literal)
  assert.equal(Object.keys(built), ['_tag', 'op', 'left', 'right'])
  assert.is(N.isCondition({ ...built }), true)
  assert.equal(Strategy.parse(User, { ...built }), Strategy.parse(User, 'a'))
})

parse('every constructor of Condition marks its node', () => {
  const all = [
    C.eq(u.n, 1), C.ne(u.n, 1), C.lt(u.n, 1), C.lte(u.n, 1), C.gt(u.n, 1), C.gte(u.n, 1),
    C.between(u.n, 1, 2), C.isIn(u.n, [1]), C.beginsWith(u.name, 'a'), C.contains(u.tags, 'a'),
    C.exists(u.n), C.notExists(u.n), C.attributeType(u.n, 'N'), C.and(C.exists(u.n)), C.or(C.exists(u.n)), C.not(C.exists(u.n)),
    Model.keysIn(User, ['a']),
  ]
  for (const x of all) assert.ok(N.isCondition(x), x._tag)
})

// --- lists and selections --------------------------------------------------------------------

const many = suite('Strategy.parseList and parseSelection (many items)')

many('a list of strategies, in order, duplicates kept', () => {
  const ks = right(Strategy.parseList(User, ['a', { email: 'b' }, C.eq(u.email, 'a')]))
  assert.equal(
    ks.map((k) => k.key),
    [{ email: { S: 'a' } }, { email: { S: 'b' } }, { email: { S: 'a' } }],
  )
})

many('on a hash+range model a [hash, range] tuple is one key, wherever a list is taken', () => {
  assert.equal(right(Strategy.parseList(Contacts, ['a', 1])), [right(Strategy.parse(Contacts, ['a', 1]))])
  assert.equal(right(Strategy.parseSelection(Contacts, ['a', 1])), right(Strategy.parse(Contacts, ['a', 1])))
  assert.equal(
    right(Strategy.parseSelection(Contacts, [['a', 1], ['b', 2]])),
    { _tag: 'Keys', keys: [right(Strategy.parse(Contacts, ['a', 1])), right(Strategy.parse(Contacts, ['b', 2]))] },
  )
})

many('on a hash+range model a list of bare scalars is refused, asking for the tuple', () => {
  left(Strategy.parseList(Contacts, ['a', 'b', 'c']), 'ExpressionError', /\[email, n\]/)
  left(Strategy.parseSelection(Contacts, ['a']), 'ExpressionError', /\[email, n\]/)
})

many('on a hash-only model two scalars are two keys', () => {
  assert.equal(right(Strategy.parseSelection(User, ['a', 'b'])), { _tag: 'Keys', keys: [right(Strategy.parse(User, 'a')), right(Strategy.parse(User, 'b'))] })
})

many('a condition is a Where (the planner reads a key in it); one strategy is itself', () => {
  const cond = C.gt(u.n, 1)
  assert.equal(right(Strategy.parseSelection(User, cond)), { _tag: 'Where', condition: cond })
  assert.equal(right(Strategy.parseSelection(User, { email: 'a' })), right(Strategy.parse(User, 'a')))
  assert.equal(right(Strategy.parseSelection(User, [])), { _tag: 'Keys', keys: [] })
})

many('one field making both keys (pk U#{id}, sk U#{id}): a tuple gives it twice, one value; two values are refused, never the second taken', () => {
  const Self = Model.make({ table: 'selves', entity: 'self', codec: t.type({ id: t.string, name: t.string }), hashKey: Model.key('pk', 'U#{id}'), rangeKey: Model.key('sk', 'U#{id}') })
  const key = { pk: { S: 'U#a' }, sk: { S: 'U#a' } }
  assert.equal(right(Strategy.parse(Self, ['a', 'a'])).key, key)
  assert.equal(right(Strategy.parse(Self, { id: 'a' })).key, key)
  const twice = /^selves: a key tuple is \[id, id\]: id makes both keys, so both values must be the same \(or give \{ id \}\)$/
  left(Strategy.parse(Self, ['a', 'b']), 'ExpressionError', twice)
  left(Strategy.parseWrite(Self, ['b', 'a']), 'ExpressionError', twice)
  left(Strategy.parseList(Self, [['a', 'a'], ['a', 'b']]), 'ExpressionError', twice)
  left(Strategy.parseSelection(Self, [['a', 'b']]), 'ExpressionError', twice)
  // Model.keysIn: no key of the model, refused as getOne refuses it, with its error (never the item b)
  left(Plan.fromCondition(Self, Model.keysIn(Self, [['a', 'b']])), 'ExpressionError', twice)
  left(Plan.fromCondition(Self, Model.keysIn(Self, [['a', 'a'], ['b', 'a']])), 'ExpressionError', twice)
  assert.equal(E.map((p: Plan.Plan) => p._tag)(Plan.fromCondition(Self, Model.keysIn(Self, [['a', 'a']]))), E.right('BatchGetItem'))
})

many('one field of Dates making both keys: a tuple is one value by the times its Dates hold (Date.prototype.getTime), never what their class answers', () => {
  class Lying extends Date {
    override getTime(): number {
      return 1e12
    }
    override toISOString(): string {
      return 'nope'
    }
  }
  const At = Model.make({ table: 'events', entity: 'event', codec: t.type({ at: F.dateTime, name: t.string }), hashKey: Model.key('pk', 'E#{at}'), rangeKey: Model.key('sk', 'E#{at}') })
  const t1 = Date.UTC(2024, 0, 1)
  const t2 = Date.UTC(2025, 0, 1)
  const twice = /^events: a key tuple is \[at, at\]: at makes both keys, so both values must be the same \(or give \{ at \}\)$/
  // two times: refused, never the second dropped
  left(Strategy.parse(At, [new Lying(t1), new Lying(t2)]), 'ExpressionError', twice)
  left(Strategy.parse(At, [new Date(t1), new Lying(t2)]), 'ExpressionError', twice)
  const key = { pk: { S: 'E#2024-01-01T00:00:00.000Z' }, sk: { S: 'E#2024-01-01T00:00:00.000Z' } }
  assert.equal(right(Strategy.parse(At, [new Lying(t1), new Date(t1)])).key, key)
  // an object that only inherits from Date holds no time: no key scalar, the tuple's error (never the TypeError of its reading)
  left(Strategy.parse(At, [Object.create(Date.prototype), Object.create(Date.prototype)]), 'ExpressionError', twice)
})

// --- what a partial key says ------------------------------------------------------------

const partial = suite('a partial key names what the user must give, in the model\'s field names')

/** A model whose keys are composed of fields (DESIGN §5.4). */
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, day: t.string, total: t.number }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{day}#{orderId}'),
})
const o = Order.attrs
const says = (e: E.Either<{ _tag: string; message?: string }, unknown>, message: string) => {
  assert.ok(E.isLeft(e), `expected a Left, got ${JSON.stringify(e)}`)
  if (E.isLeft(e)) assert.equal([e.left._tag, e.left.message], ['ExpressionError', message])
}
const needs = (m: string, fields: string) => `${m}: a key condition selects one item by an equality on each key field (${fields}), AND-ed with any checks of other fields`

partial('a key field without an equality: which one, and every key field to give', () => {
  says(Strategy.parse(Contacts, C.eq(c.email, 'a')), `${needs('user-contacts', 'email, n')}; n, the range key, has none`)
  says(Strategy.parse(Order, C.eq(o.customerId, 'c')), `${needs('shop', 'customerId, day, orderId')}; day, a field of the range key sk = ORDER#{day}#{orderId}, has none`)
  // an OR that names no key field: the first key field has none (no key field is tested by it)
  says(Strategy.parse(Order, C.or(C.eq(o.total, 1), C.eq(o.total, 2))), `${needs('shop', 'customerId, day, orderId')}; customerId, a field of the hash key pk = CUSTOMER#{customerId}, has none`)
})

partial('a key field tested by a comparison: how it is tested, not the node\'s name', () => {
  says(Strategy.parse(Contacts, C.and(C.eq(c.email, 'a'), C.gt(c.n, 1))), `${needs('user-contacts', 'email, n')}; n, the range key, is tested by a comparison (>)`)
  says(Strategy.parse(Contacts, C.and(C.eq(c.n, 1), C.beginsWith(c.email, 'a'))), `${needs('user-contacts', 'email, n')}; email, the hash key, is tested by begins_with`)
  says(Strategy.parse(Contacts, C.and(C.eq(c.email, 'a'), C.between(c.n, 1, 2))), `${needs('user-contacts', 'email, n')}; n, the range key, is tested by BETWEEN`)
  says(
    Strategy.parse(Order, C.and(C.eq(o.customerId, 'c'), C.eq(o.day, 'd'), C.isIn(o.orderId, ['x', 'y']))),
    `${needs('shop', 'customerId, day, orderId')}; orderId, a field of the range key sk = ORDER#{day}#{orderId}, is tested by IN`,
  )
  says(Strategy.parse(User, C.and(C.eq(u.email, 'a'), C.not(C.eq(u.email, 'b')))), `${needs('users', 'email')}; email, the hash key, is tested by NOT`)
  says(Strategy.parse(User, C.or(C.eq(u.email, 'a'), C.eq(u.email, 'b'))), `${needs('users', 'email')}; email, the hash key, is tested by OR`)
})

partial('an object without a key field: which one, and every key field to give', () => {
  says(Strategy.parse(Contacts, { email: 'a' }), 'user-contacts: a key is an object of every key field (email, n); n, the range key, is missing')
  says(Strategy.parse(Order, { customerId: 'c', orderId: 'x' }), 'shop: a key is an object of every key field (customerId, day, orderId); day, a field of the range key sk = ORDER#{day}#{orderId}, is missing')
})

parse.run()
many.run()
partial.run()

/**
 * Golden specs of the expression compiler: the exact expression string and the exact
 * names and values maps, for every combinator of Condition and Update, parentheses,
 * name reuse, nested paths, a shared-state request, and each static check.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../../lib/ast/Attr.js'
import * as Ex from '../../../lib/ast/expr.js'
import * as Cmp from '../../../lib/rules/compare.js'
import * as C from '../../../lib/ast/Condition.js'
import * as X from '../../../lib/compile/Expression.js'
import * as P from '../../../lib/ast/Path.js'
import * as U from '../../../lib/ast/Update.js'

const age = A.path<number>('age')
const name = A.path<string>('name')
const status = A.path<string>('status')
const tags = A.path<ReadonlyArray<string>>('tags')
const roles = A.path<ReadonlySet<string>>('roles')
const city = A.path<string>('address', 'city')
const first = A.path<string>('tags', 0)

/** Raw AST nodes, for shapes the typed combinators do not let one write. */
const raw = {
  value: (v: unknown): C.Value => ({ _tag: 'Value', value: v, codec: undefined }),
  cmp: (op: C.Comparator, left: C.Operand, right: C.Operand): C.Condition => ({ _tag: 'Comparison', op, left, right }),
  between: (operand: C.Operand, low: C.Operand, high: C.Operand): C.Condition => ({ _tag: 'Between', operand, low, high }),
  beginsWith: (path: P.Path, prefix: C.Operand): C.Condition => ({ _tag: 'BeginsWith', path, prefix }),
  contains: (path: P.Path, operand: C.Operand): C.Condition => ({ _tag: 'Contains', path, operand }),
  set: (path: P.Path, value: U.SetValue): U.Action => ({ _tag: 'Set', path, value }),
}
const x = P.of('x')

const N = (n: string) => ({ N: n })
const S = (s: string) => ({ S: s })

const right = <A>(r: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A }): A => {
  if (r._tag === 'Left') throw new Error(`expected a Right, got ${JSON.stringify(r.left)}`)
  return r.right
}

const golden = (c: C.Condition, expression: string, names: Record<string, string>, values: Record<string, unknown>) =>
  assert.equal(right(X.condition(c)), { expression, names, values })

const goldenUpdate = (us: U.Update, expression: string, names: Record<string, string>, values: Record<string, unknown>) =>
  assert.equal(right(X.update(us)), { expression, names, values })

/** The left's message, which must be an ExpressionError. */
const refused = (r: { _tag: 'Left'; left: { _tag: string; message?: string } } | { _tag: 'Right' }): string => {
  if (r._tag === 'Right') throw new Error('expected a Left')
  assert.is(r.left._tag, 'ExpressionError')
  return r.left.message ?? ''
}

// -------------------------------------------------------------------------------------
// conditions: every combinator
// -------------------------------------------------------------------------------------

test('eq ne lt lte gt gte against values', () => {
  golden(C.eq(age, 21), '#n0 = :v0', { '#n0': 'age' }, { ':v0': N('21') })
  golden(C.ne(name, 'Jo'), '#n0 <> :v0', { '#n0': 'name' }, { ':v0': S('Jo') })
  golden(C.lt(age, 1), '#n0 < :v0', { '#n0': 'age' }, { ':v0': N('1') })
  golden(C.lte(age, 1.5), '#n0 <= :v0', { '#n0': 'age' }, { ':v0': N('1.5') })
  golden(C.gt(age, -3), '#n0 > :v0', { '#n0': 'age' }, { ':v0': N('-3') })
  golden(C.gte(name, 'a'), '#n0 >= :v0', { '#n0': 'name' }, { ':v0': S('a') })
})

test('comparison with another path, and with size()', () => {
  golden(C.eq(name, status), '#n0 = #n1', { '#n0': 'name', '#n1': 'status' }, {})
  golden(C.gt(C.size(tags), 3), 'size(#n0) > :v0', { '#n0': 'tags' }, { ':v0': N('3') })
  golden(C.eq(C.size(tags), C.size(tags)), 'size(#n0) = size(#n0)', { '#n0': 'tags' }, {})
  golden(C.lt(age, C.size(tags)), '#n0 < size(#n1)', { '#n0': 'age', '#n1': 'tags' }, {})
})

test('between, isIn, beginsWith, contains, exists, notExists, attributeType', () => {
  golden(C.between(age, 18, 65), '#n0 BETWEEN :v0 AND :v1', { '#n0': 'age' }, { ':v0': N('18'), ':v1': N('65') })
  golden(C.isIn(status, ['a', 'b', 'c']), '#n0 IN (:v0, :v1, :v2)', { '#n0': 'status' }, { ':v0': S('a'), ':v1': S('b'), ':v2': S('c') })
  golden(C.beginsWith(name, 'J'), 'begins_with(#n0, :v0)', { '#n0': 'name' }, { ':v0': S('J') })
  golden(C.contains(tags, 'x'), 'contains(#n0, :v0)', { '#n0': 'tags' }, { ':v0': S('x') })
  golden(C.contains(roles, 'admin'), 'contains(#n0, :v0)', { '#n0': 'roles' }, { ':v0': S('admin') })
  golden(C.exists(city), 'attribute_exists(#n0.#n1)', { '#n0': 'address', '#n1': 'city' }, {})
  golden(C.notExists(first), 'attribute_not_exists(#n0[0])', { '#n0': 'tags' }, {})
  golden(C.attributeType(age, 'N'), 'attribute_type(#n0, :v0)', { '#n0': 'age' }, { ':v0': S('N') })
})

test('values are encoded through the codec (a Date on a DateFromISOString-like codec)', () => {
  const iso = new t.Type<Date, string, unknown>('ISODate', (u): u is Date => u instanceof Date, (u, c) => t.failure(u, c), (d) => d.toISOString())
  const created = Ex.fromCodec(P.of('created'), iso) as A.Attr<Date>
  golden(C.gt(created, new Date('2020-01-02T03:04:05.000Z')), '#n0 > :v0', { '#n0': 'created' }, { ':v0': S('2020-01-02T03:04:05.000Z') })
})

test('and / or / not, flat and nested, with parentheses only where precedence needs them', () => {
  const [a, b, c] = [C.eq(age, 1), C.eq(age, 2), C.eq(age, 3)]
  const vs = { ':v0': N('1'), ':v1': N('2'), ':v2': N('3') }
  const n = { '#n0': 'age' }
  golden(C.and(a, b, c), '#n0 = :v0 AND #n0 = :v1 AND #n0 = :v2', n, vs)
  golden(C.or(a, b, c), '#n0 = :v0 OR #n0 = :v1 OR #n0 = :v2', n, vs)
  golden(C.and(C.or(a, b), c), '(#n0 = :v0 OR #n0 = :v1) AND #n0 = :v2', n, vs)
  golden(C.or(C.and(a, b), c), '#n0 = :v0 AND #n0 = :v1 OR #n0 = :v2', n, vs)
  golden(C.and(a, C.and(b, c)), '#n0 = :v0 AND #n0 = :v1 AND #n0 = :v2', n, vs)
  golden(C.or(a, C.or(b, c)), '#n0 = :v0 OR #n0 = :v1 OR #n0 = :v2', n, vs)
  golden(C.not(a), 'NOT #n0 = :v0', n, { ':v0': N('1') })
  golden(C.not(C.not(a)), 'NOT NOT #n0 = :v0', n, { ':v0': N('1') })
  golden(C.not(C.and(a, b)), 'NOT (#n0 = :v0 AND #n0 = :v1)', n, { ':v0': N('1'), ':v1': N('2') })
  golden(C.not(C.or(a, b)), 'NOT (#n0 = :v0 OR #n0 = :v1)', n, { ':v0': N('1'), ':v1': N('2') })
  golden(C.and(C.not(a), b), 'NOT #n0 = :v0 AND #n0 = :v1', n, { ':v0': N('1'), ':v1': N('2') })
  golden(C.not(C.and(C.or(a, b), c)), 'NOT ((#n0 = :v0 OR #n0 = :v1) AND #n0 = :v2)', n, vs)
})

test('a one-element and/or compiles to its element (no parentheses of its own)', () => {
  const [a, b] = [C.eq(age, 1), C.eq(age, 2)]
  golden(C.and(a), '#n0 = :v0', { '#n0': 'age' }, { ':v0': N('1') })
  golden(C.or(C.and(C.or(a))), '#n0 = :v0', { '#n0': 'age' }, { ':v0': N('1') })
  golden(C.not(C.and(a)), 'NOT #n0 = :v0', { '#n0': 'age' }, { ':v0': N('1') })
  golden(C.not(C.and(C.or(a, b))), 'NOT (#n0 = :v0 OR #n0 = :v1)', { '#n0': 'age' }, { ':v0': N('1'), ':v1': N('2') })
  golden(C.and(C.or(C.or(a, b)), a), '(#n0 = :v0 OR #n0 = :v1) AND #n0 = :v2', { '#n0': 'age' }, { ':v0': N('1'), ':v1': N('2'), ':v2': N('1') })
})

test('the same name reuses its placeholder, also across nested paths; values never do', () => {
  golden(
    C.and(C.eq(A.path('a', 'b'), 1), C.eq(A.path('b', 'a'), 1), C.exists(A.path('a'))),
    '#n0.#n1 = :v0 AND #n1.#n0 = :v1 AND attribute_exists(#n0)',
    { '#n0': 'a', '#n1': 'b' },
    { ':v0': N('1'), ':v1': N('1') },
  )
})

test('many names and values: placeholders past the first few (past 16 names, past 128 of each) are numbered and reused the same way', () => {
  // 70 names, each IN two values: #n0…#n69, :v0…:v139
  const names = Array.from({ length: 70 }, (_, i) => `a${i}`)
  const r = right(X.condition(C.and(...names.map((n, i) => C.isIn(A.path<number>(n), [2 * i, 2 * i + 1])))))
  assert.is(r.expression, names.map((_, i) => `#n${i} IN (:v${2 * i}, :v${2 * i + 1})`).join(' AND '))
  assert.equal(Object.entries(r.names), names.map((n, i) => [`#n${i}`, n]))
  assert.equal(Object.entries(r.values), Array.from({ length: 140 }, (_, i) => [`:v${i}`, N(String(i))]))
  // a projection of 150 names, with names coming back after the 16th and the 128th
  const many = Array.from({ length: 150 }, (_, i) => P.of(`b${i}`))
  const p = right(X.projection(many))
  assert.is(p.expression, many.map((_, i) => `#n${i}`).join(', '))
  assert.equal(Object.entries(p.names), many.map((_, i) => [`#n${i}`, `b${i}`]))
  const ex = (n: string) => C.exists(A.path(n))
  const back = C.and(...many.slice(0, 140).map((_, i) => ex(`b${i}`)), ex('b3'), ex('b17'), ex('b135'))
  assert.ok(right(X.condition(back)).expression.endsWith('attribute_exists(#n3) AND attribute_exists(#n17) AND attribute_exists(#n135)'))
  assert.is(Object.keys(right(X.condition(back)).names).length, 140)
})

test('nested map and list paths; hostile names only ever in the names map', () => {
  golden(
    C.eq(A.path('a.b', 3, 'first name', 0, '__proto__'), 'x'),
    '#n0[3].#n1[0].#n2 = :v0',
    { '#n0': 'a.b', '#n1': 'first name', '#n2': '__proto__' },
    { ':v0': S('x') },
  )
  golden(C.exists(A.path(') OR attribute_exists(#x')), 'attribute_exists(#n0)', { '#n0': ') OR attribute_exists(#x' }, {})
})

test('values of every type are marshalled', () => {
  golden(
    C.isIn(A.path('v'), [true, null, [1, 'a'], { k: new Uint8Array([1]) }, new Set(['a']), new Set([1, 2])]),
    '#n0 IN (:v0, :v1, :v2, :v3, :v4, :v5)',
    { '#n0': 'v' },
    { ':v0': { BOOL: true }, ':v1': { NULL: true }, ':v2': { L: [N('1'), S('a')] }, ':v3': { M: { k: { B: new Uint8Array([1]) } } }, ':v4': { SS: ['a'] }, ':v5': { NS: ['1', '2'] } },
  )
})

// -------------------------------------------------------------------------------------
// updates: every combinator
// -------------------------------------------------------------------------------------

test('set, setIfNotExists, remove, add, deleteFrom', () => {
  goldenUpdate([U.set(name, 'Jo')], 'SET #n0 = :v0', { '#n0': 'name' }, { ':v0': S('Jo') })
  goldenUpdate([U.set(name, status)], 'SET #n0 = #n1', { '#n0': 'name', '#n1': 'status' }, {})
  goldenUpdate([U.setIfNotExists(age, 3)], 'SET #n0 = if_not_exists(#n0, :v0)', { '#n0': 'age' }, { ':v0': N('3') })
  goldenUpdate([U.remove(city)], 'REMOVE #n0.#n1', { '#n0': 'address', '#n1': 'city' }, {})
  goldenUpdate([U.add(age, 2)], 'ADD #n0 :v0', { '#n0': 'age' }, { ':v0': N('2') })
  goldenUpdate([U.add(roles, new Set(['a']))], 'ADD #n0 :v0', { '#n0': 'roles' }, { ':v0': { SS: ['a'] } })
  goldenUpdate([U.deleteFrom(roles, new Set(['a', 'b']))], 'DELETE #n0 :v0', { '#n0': 'roles' }, { ':v0': { SS: ['a', 'b'] } })
})

test('append, prepend, increment, decrement, plus, minus, ifNotExists, listAppend', () => {
  goldenUpdate([U.append(tags, ['x'])], 'SET #n0 = list_append(if_not_exists(#n0, :v0), :v1)', { '#n0': 'tags' }, { ':v0': { L: [] }, ':v1': { L: [S('x')] } })
  goldenUpdate([U.prepend(tags, ['x'])], 'SET #n0 = list_append(:v0, if_not_exists(#n0, :v1))', { '#n0': 'tags' }, { ':v0': { L: [S('x')] }, ':v1': { L: [] } })
  goldenUpdate([U.increment(age, 1)], 'SET #n0 = if_not_exists(#n0, :v0) + :v1', { '#n0': 'age' }, { ':v0': N('0'), ':v1': N('1') })
  goldenUpdate([U.decrement(age, 2)], 'SET #n0 = if_not_exists(#n0, :v0) - :v1', { '#n0': 'age' }, { ':v0': N('0'), ':v1': N('2') })
  goldenUpdate([U.set(age, U.plus(A.path<number>('base'), 5))], 'SET #n0 = #n1 + :v0', { '#n0': 'age', '#n1': 'base' }, { ':v0': N('5') })
  goldenUpdate([U.set(age, U.minus(A.path<number>('base'), A.path<number>('delta')))], 'SET #n0 = #n1 - #n2', { '#n0': 'age', '#n1': 'base', '#n2': 'delta' }, {})
  goldenUpdate([U.set(age, U.plus(U.ifNotExists(age, 10), 1))], 'SET #n0 = if_not_exists(#n0, :v0) + :v1', { '#n0': 'age' }, { ':v0': N('10'), ':v1': N('1') })
  goldenUpdate([U.set(tags, U.listAppend(tags, A.path<ReadonlyArray<string>>('more')))], 'SET #n0 = list_append(#n0, #n1)', { '#n0': 'tags', '#n1': 'more' }, {})
  goldenUpdate([U.set(age, U.ifNotExists(A.path<number>('old'), U.ifNotExists(A.path<number>('older'), 0)))], 'SET #n0 = if_not_exists(#n1, if_not_exists(#n2, :v0))', { '#n0': 'age', '#n1': 'old', '#n2': 'older' }, { ':v0': N('0') })
})

test('clauses in the order SET REMOVE ADD DELETE, actions in input order, placeholders in print order', () => {
  goldenUpdate(
    [U.deleteFrom(roles, new Set(['x'])), U.remove(city), U.set(name, 'Jo'), U.add(age, 1), U.set(status, 'on'), U.remove(first)],
    'SET #n0 = :v0, #n1 = :v1 REMOVE #n2.#n3, #n4[0] ADD #n5 :v2 DELETE #n6 :v3',
    { '#n0': 'name', '#n1': 'status', '#n2': 'address', '#n3': 'city', '#n4': 'tags', '#n5': 'age', '#n6': 'roles' },
    { ':v0': S('Jo'), ':v1': S('on'), ':v2': N('1'), ':v3': { SS: ['x'] } },
  )
})

test('update values are validated against the codec (a ValidationError), condition values are not', () => {
  const small = Ex.fromCodec(P.of('n'), t.refinement(t.number, (n) => n < 10, 'Small')) as A.Attr<number>
  const r = X.update([U.set(small, 11)])
  assert.is(r._tag === 'Left' && r.left._tag, 'ValidationError')
  assert.ok(X.condition(C.gt(small, 11))._tag === 'Right')
})

// -------------------------------------------------------------------------------------
// projections, key conditions, requests
// -------------------------------------------------------------------------------------

test('projection', () => {
  assert.equal(right(X.projection([P.of('a'), P.of('b', 'c'), P.of('tags', 2), P.of('b', 'd')])), {
    expression: '#n0, #n1.#n2, #n3[2], #n1.#n4',
    names: { '#n0': 'a', '#n1': 'b', '#n2': 'c', '#n3': 'tags', '#n4': 'd' },
    values: {},
  })
  assert.match(refused(X.projection([P.of('a'), P.of('a', 'b')])), 'overlap')
  assert.match(refused(X.projection([P.of('a', 0), P.of('a', 'b')])), 'conflict')
  assert.match(refused(X.projection([])), 'empty projection')
})

test('key condition: hash equality AND one range condition; other shapes refused', () => {
  const pk = A.path<string>('pk')
  const sk = A.path<string>('sk')
  assert.equal(right(X.keyCondition(C.and(C.eq(pk, 'u#1'), C.beginsWith(sk, 'order#')))), {
    expression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    names: { '#n0': 'pk', '#n1': 'sk' },
    values: { ':v0': S('u#1'), ':v1': S('order#') },
  })
  assert.equal(right(X.keyCondition(C.and(C.eq(pk, 'a'), C.between(sk, 'a', 'b')))).expression, '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2')
  assert.match(refused(X.keyCondition(C.or(C.eq(pk, 'a'), C.eq(pk, 'b')))), 'OR')
  assert.match(refused(X.keyCondition(C.ne(pk, 'a'))), '<>')
  assert.match(refused(X.keyCondition(C.and(C.eq(pk, 'a'), C.eq(sk, 'b'), C.eq(sk, 'c')))), 'one condition per key attribute (sk has two)')
  // a multi-attribute key: one condition per attribute, up to 4 hash and 4 range
  const as = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((n) => A.path<string>(n))
  assert.is(right(X.keyCondition(C.and(...as.slice(0, 8).map((p) => C.eq(p, 'x'))))).expression, '#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4 AND #n5 = :v5 AND #n6 = :v6 AND #n7 = :v7')
  assert.match(refused(X.keyCondition(C.and(...as.map((p) => C.eq(p, 'x'))))), 'at most 8 conditions')
  assert.match(refused(X.keyCondition(C.eq(A.path('pk', 'x'), 'a'))), 'top-level')
  assert.match(refused(X.keyCondition(C.exists(pk))), 'Exists')
})

test('a request: key condition, filter, projection and condition share one placeholder state', () => {
  const r = right(
    X.request({
      keyCondition: C.eq(A.path('pk'), 'u#1'),
      filter: C.and(C.gt(age, 21), C.beginsWith(name, 'J')),
      projection: [P.of('name'), P.of('age'), P.of('pk')],
    }),
  )
  assert.equal(r, {
    KeyConditionExpression: '#n0 = :v0',
    FilterExpression: '#n1 > :v1 AND begins_with(#n2, :v2)',
    ProjectionExpression: '#n2, #n1, #n0',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'age', '#n2': 'name' },
    ExpressionAttributeValues: { ':v0': S('u#1'), ':v1': N('21'), ':v2': S('J') },
  })
  const u = right(X.request({ condition: C.exists(A.path('pk')), update: [U.set(name, 'Jo'), U.remove(age)] }))
  assert.equal(u, {
    ConditionExpression: 'attribute_exists(#n0)',
    UpdateExpression: 'SET #n1 = :v0 REMOVE #n2',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'name', '#n2': 'age' },
    ExpressionAttributeValues: { ':v0': S('Jo') },
  })
  assert.equal(right(X.request({ projection: [P.of('a')] })), { ProjectionExpression: '#n0', ExpressionAttributeNames: { '#n0': 'a' } })
  assert.equal(right(X.request({})), {})
  assert.match(refused(X.request({ filter: C.eq(age, 1), update: [] })), 'nothing')
})

// -------------------------------------------------------------------------------------
// show, for people
// -------------------------------------------------------------------------------------

test('show and showUpdate inline names and values', () => {
  assert.is(X.show(C.and(C.gt(age, 21), C.beginsWith(name, 'J'))), 'age > 21 AND begins_with(name, "J")')
  assert.is(X.show(C.not(C.or(C.exists(city), C.isIn(A.path('a.b', 0), [1, 'x'])))), 'NOT (attribute_exists(address.city) OR "a.b"[0] IN (1, "x"))')
  assert.is(X.show(C.and(C.or(C.eq(age, 1), C.eq(C.size(tags), 2)), C.attributeType(age, 'N'))), '(age = 1 OR size(tags) = 2) AND attribute_type(age, N)')
  assert.is(
    X.showUpdate([U.increment(age, 1), U.remove(city), U.add(roles, new Set(['a'])), U.deleteFrom(roles, new Set(['b'])), U.append(tags, ['x'])]),
    'SET age = if_not_exists(age, 0) + 1, tags = list_append(if_not_exists(tags, []), ["x"]) REMOVE address.city ADD roles <<"a">> DELETE roles <<"b">>',
  )
})

test('show prints a Date by the time it holds (Date.prototype.toISOString), as the request sends it, never what its class answers', () => {
  class Lying extends Date {
    override getTime(): number {
      return 1e12
    }
    override toISOString(): string {
      return 'nope'
    }
  }
  const when = A.path<Date>('when')
  assert.is(X.show(C.eq(when, new Lying(Date.UTC(2024, 0, 1)))), 'when = "2024-01-01T00:00:00.000Z"')
  assert.is(X.show(C.eq(when, new Lying(Number.NaN))), 'when = Date(invalid)')
  assert.is(X.show(C.isIn(when, [new Date(Date.UTC(2024, 0, 1)), new Lying(Date.UTC(2025, 0, 1))])), 'when IN ("2024-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z")')
  // an object that only inherits from Date holds no time: printed as the object it is, never a TypeError of its reading
  assert.is(X.show(C.eq(when, Object.create(Date.prototype) as Date)), 'when = an object')
})

// -------------------------------------------------------------------------------------
// static checks (each matches what DynamoDB Local 3.3.0 rejects; see ExpressionAcceptance)
// -------------------------------------------------------------------------------------

test('isIn with no value or more than 99', () => {
  assert.match(refused(X.condition(C.isIn(age, []))), 'no values')
  assert.ok(X.condition(C.isIn(age, Array.from({ length: 99 }, (_, i) => i)))._tag === 'Right')
  assert.match(refused(X.condition(C.isIn(age, Array.from({ length: 100 }, (_, i) => i)))), '100 values')
})

test('between with constant bounds low > high (numbers exactly, strings by UTF-8 bytes, binaries unsigned) or of different types', () => {
  const b = (lo: unknown, hi: unknown) => X.condition(raw.between(x, raw.value(lo), raw.value(hi)))
  assert.match(refused(b(2, 1)), 'low bound is above')
  assert.ok(b(1, 1)._tag === 'Right')
  // exact decimals: these two are the same JS number
  assert.match(refused(b(BigInt('10000000000000000000000000000000000001'), BigInt('10000000000000000000000000000000000000'))), 'above')
  assert.ok(b(BigInt('10000000000000000000000000000000000000'), BigInt('10000000000000000000000000000000000001'))._tag === 'Right')
  assert.ok(b(-10, -2)._tag === 'Right')
  assert.match(refused(b(-2, -10)), 'above')
  assert.match(refused(b(0.5, 0.25)), 'above')
  assert.ok(b(-0.5, 0.25)._tag === 'Right')
  assert.match(refused(b('é', 'z')), 'above') // UTF-8: 0xC3 > 0x7A
  // by code points (= UTF-8 bytes) U+FFFF < U+1F984; JS's `<` on UTF-16 code units says the opposite
  assert.ok(b('\uffff', '🦄')._tag === 'Right')
  assert.match(refused(b('🦄', '\uffff')), 'above')
  assert.ok(b('a', 'ab')._tag === 'Right')
  assert.match(refused(b(new Uint8Array([200]), new Uint8Array([1]))), 'above')
  assert.match(refused(b('a', 1)), 'different types')
})

test('compareNumbers is exact on DynamoDB number strings', () => {
  const cases: Array<[string, string, number]> = [
    ['1E2', '100.0', 0], ['0', '-0.0', 0], ['-1', '1', -1], ['0.001', '1e-3', 0], ['99', '100', -1], ['-99', '-100', 1],
    ['1.5', '1.45', 1], ['12345678901234567890123456789012345678', '12345678901234567890123456789012345679', -1], ['1e-130', '0', 1], ['-1e125', '-1e124', -1],
  ]
  for (const [a, b, r] of cases) assert.is(Cmp.compareNumbers(a, b), r, `${a} vs ${b}`)
})

test('constants of a type DynamoDB refuses for the operator', () => {
  assert.match(refused(X.condition(raw.beginsWith(x, raw.value(1)))), 'type N')
  assert.match(refused(X.condition(raw.beginsWith(x, raw.value(new Set(['a']))))), 'type SS')
  assert.match(refused(X.condition(raw.beginsWith(x, { _tag: 'Size', path: P.of('y') }))), 'number')
  assert.ok(X.condition(C.beginsWith(A.path('x'), new Uint8Array([1])))._tag === 'Right')
  for (const [v, type] of [[true, 'BOOL'], [null, 'NULL'], [[1], 'L'], [{ a: 1 }, 'M'], [new Set(['a']), 'SS'], [new Set([1]), 'NS']] as const) {
    assert.match(refused(X.condition(raw.cmp('<', x, raw.value(v)))), `type ${type}`)
    assert.match(refused(X.condition(raw.cmp('>=', raw.value(v), x))), `type ${type}`)
    assert.match(refused(X.condition(raw.between(x, raw.value(v), raw.value(v)))), `type ${type}`)
    assert.ok(X.condition(raw.cmp('=', x, raw.value(v)))._tag === 'Right')
    assert.ok(X.condition(raw.contains(x, raw.value(v)))._tag === 'Right')
  }
})

test('the same path on both sides (DynamoDB: the first operand must be distinct); size(a) = a is fine', () => {
  assert.match(refused(X.condition(C.eq(age, age))), 'same path age')
  assert.match(refused(X.condition(C.lt(city, city))), 'address.city')
  assert.match(refused(X.condition(C.between(age, age, 3))), 'same path')
  assert.match(refused(X.condition(C.between(age, 3, age))), 'same path')
  assert.match(refused(X.condition(C.isIn(age, [1, age]))), 'same path')
  assert.match(refused(X.condition(C.beginsWith(name, name))), 'same path')
  assert.match(refused(X.condition(raw.contains(P.of('tags'), P.of('tags')))), 'same path')
  assert.ok(X.condition(raw.cmp('=', { _tag: 'Size', path: P.of('tags') }, P.of('tags')))._tag === 'Right')
  assert.ok(X.condition(C.eq(A.path('a', 'b'), A.path('a')))._tag === 'Right')
  assert.ok(X.condition(raw.cmp('=', raw.value(1), raw.value(1)))._tag === 'Right')
})

test('update paths repeated, overlapping or conflicting; an update of nothing', () => {
  assert.match(refused(X.update([U.set(age, 1), U.set(age, 2)])), 'overlap')
  assert.match(refused(X.update([U.set(A.path('a'), 1), U.set(A.path('a', 'b'), 2)])), 'overlap')
  assert.match(refused(X.update([U.set(age, 1), U.remove(age)])), 'overlap')
  assert.match(refused(X.update([U.add(age, 1), U.deleteFrom(age as never, new Set([1]))])), 'overlap')
  assert.match(refused(X.update([U.set(A.path('a', 0), 1), U.remove(A.path('a', 'b'))])), 'conflict')
  assert.ok(X.update([U.set(A.path('a', 0), 1), U.set(A.path('a', 1), 2)])._tag === 'Right')
  assert.ok(X.update([U.set(age, U.plus(age, age))])._tag === 'Right')
  assert.match(refused(X.update([])), 'nothing')
})

test('SET right-hand sides DynamoDB refuses', () => {
  assert.match(refused(X.update([U.set(tags, U.listAppend(U.listAppend(tags, ['a']), ['b']))])), 'list_append')
  assert.match(refused(X.update([U.set(tags, U.ifNotExists(tags, U.listAppend(tags, ['a'])))])), 'list_append inside if_not_exists')
  assert.match(refused(X.update([U.set(age, U.ifNotExists(age, age))])), 'same path')
  assert.match(refused(X.update([raw.set(P.of('n'), { _tag: 'Arithmetic', op: '+', left: P.of('n'), right: raw.value('x') })])), 'type S')
  assert.match(refused(X.update([raw.set(P.of('l'), { _tag: 'ListAppend', left: P.of('l'), right: raw.value(new Set(['x'])) })])), 'type SS')
  assert.match(refused(X.update([{ _tag: 'Add', path: x, value: raw.value('x') }])), 'type S')
  assert.match(refused(X.update([{ _tag: 'Add', path: x, value: raw.value([1]) }])), 'type L')
  assert.match(refused(X.update([{ _tag: 'Delete', path: x, value: raw.value(1) }])), 'type N')
  assert.ok(X.update([raw.set(x, { _tag: 'Arithmetic', op: '+', left: { _tag: 'IfNotExists', path: x, value: raw.value('s') }, right: raw.value(1) })])._tag === 'Right')
})

test('more than 300 operators; an expression over 4,096 bytes', () => {
  const eqs = (n: number) => Array.from({ length: n }, (_, i) => C.eq(A.path('a'), i))
  assert.ok(X.condition(C.and(...eqs(150)))._tag === 'Right') // 150 + 149 = 299
  assert.match(refused(X.condition(C.and(...eqs(151)))), '301 operators')
  assert.match(refused(X.condition(C.and(...Array.from({ length: 101 }, () => C.not(C.eq(C.size(A.path('a')), 1)))))), '403 operators')
  const ins = (n: number) => C.or(...Array.from({ length: n }, () => C.isIn(A.path('a'), Array.from({ length: 99 }, (_, i) => i))))
  assert.ok(X.condition(ins(4))._tag === 'Right')
  assert.match(refused(X.condition(ins(6))), 'bytes, more than')
})

test('empty and / or; paths deeper than 32; bad list indexes; empty names', () => {
  assert.match(refused(X.condition(C.and())), 'empty AND')
  assert.match(refused(X.condition(C.or(C.eq(age, 1), C.or()))), 'empty OR')
  assert.ok(X.condition(C.exists(A.path('a', ...Array.from({ length: 31 }, () => 'b'))))._tag === 'Right')
  assert.match(refused(X.condition(C.exists(A.path('a', ...Array.from({ length: 32 }, () => 'b'))))), '33 levels')
  assert.ok(X.condition(C.exists(A.path('a', 2 ** 31 - 1)))._tag === 'Right')
  for (const i of [-1, 1.5, 2 ** 31, Number.NaN]) assert.match(refused(X.condition(C.exists(A.path('a', i)))), 'list index')
  assert.match(refused(X.condition(C.exists(A.path('')))), 'empty')
  assert.match(refused(X.update([U.remove(A.path('a', -1))])), 'list index')
})

test('errors are values: nothing is thrown for odd input', () => {
  assert.ok(X.condition(C.eq(age, Number.NaN))._tag === 'Left')
  assert.ok(X.condition(C.eq(age, 2n ** 200n as never))._tag === 'Left')
  assert.ok(X.update([U.add(roles, new Set() as never)])._tag === 'Left')
})

test('a lone surrogate: refused in a value (ValidationError) and in a name (ExpressionError), before any request', () => {
  const v = X.condition(C.eq(name, 'J\uD83D'))
  assert.ok(v._tag === 'Left' && v.left._tag === 'ValidationError', JSON.stringify(v))
  const n = X.condition(C.exists(A.path<string>('a\uDC00')))
  assert.ok(n._tag === 'Left' && n.left._tag === 'ExpressionError', JSON.stringify(n))
  // a whole pair is fine
  assert.equal(right(X.condition(C.eq(name, 'J😀'))).values, { ':v0': { S: 'J😀' } })
})

test.run()

/**
 * The translation of composed keys is sound and exact on every item the writes allow: for
 * generated templates, items (composed as `Key.compose` composes them, refused ones left
 * out) and conjunctions of conditions on their fields, the key condition holds every item
 * the condition selects, and key condition AND filter select exactly what the condition
 * selects (both evaluated in memory by `Evaluate`, DynamoDB's semantics).
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as K from '../../../lib/model/Key.js'
import * as Model from '../../../lib/model/Model.js'
import * as Composed from '../../../lib/plan/composed.js'
import { toAttributeValue } from '../../../lib/codec/value.js'

type Item = Record<string, AttributeValue>

/** A condition as a predicate (one DynamoDB refuses holds for no item). */
const holds = (c: C.Condition): Evaluate.Predicate => {
  const p = Evaluate.condition(c)
  return E.isRight(p) ? p.right : () => false
}

const codec = t.type({ a: t.string, b: t.string, x: t.string, n: t.number })
const h = Model.make({ table: 'prop', hashKey: 'a', codec }).attrs
const fields: Composed.Fields = {
  stored: (_name, v) => {
    const av = toAttributeValue(v, false)
    return E.isRight(av) ? av.right : undefined
  },
  storedType: (name) => (name === 'n' ? 'N' : 'S'),
}

const parse = (attribute: string, text: string, pad?: Record<string, number>): K.Template => {
  const p = K.parse(attribute, text, pad === undefined ? {} : { pad })
  if (E.isLeft(p)) throw new Error(p.left)
  return p.right
}
const hashes = [parse('pk', 'H#{a}'), parse('pk', '{a}'), parse('pk', 'H#{a}##{x}')]
const ranges = [
  parse('sk', 'R#{b}#{x}'),
  parse('sk', '{b}##{x}'),
  parse('sk', '{b}#!{n}', { n: 3 }),
  parse('sk', 'R#{b}'),
  parse('sk', 'R#{b}#{x}#'),
  parse('sk', 'R#{n}#{b}', { n: 3 }),
  parse('sk', 'R#{n}#{b}'),
  parse('sk', 'R#{x}$${b}'),
  parse('sk', 'CONST'),
]

// strings that meet the separators, their neighbours and the ends of the order
const strings = ['', 'a', 'ab', 'b', 'ba', '#', 'a#', '#a', '$', 'a$', '!', 'a!', '\u0000', 'a\u0000', '~', 'é', '😀', 'a😀', '\uffff', '##', 'a##b', '#!', 'a#!b', '%', 'a%']
const numbers = [0, 1, 5, 10, 99, 100, 999, 1000, -1, 2.5, -0.5, 0.5, 998.5, 1e21, -1e21]

// short strings of a few characters around the separators: collisions are frequent
const chars = fc.constantFrom('a', 'b', '#', '!', '$', '\u0000', '😀', '\uffff', '%')
const short = fc.oneof(fc.constantFrom(...strings), fc.string({ unit: chars, maxLength: 4 }))
// few hash values, so that the equalities on them meet items; x values that meet the '##' of a hash template
const aValue = fc.constantFrom('a', 'a#', 'b')
const xValue = fc.oneof(fc.constantFrom('', 'b', '#b', '##b', 'a'), short)
const itemArb = fc.record({
  a: aValue,
  b: short,
  x: xValue,
  n: fc.constantFrom(...numbers.slice(0, 8)),
})

const num = fc.constantFrom(...numbers)

/** Values near the items' own: theirs, with a character more or less, or any short string. */
const near = (values: ReadonlyArray<string>): fc.Arbitrary<string> => {
  const own = fc.constantFrom(...values)
  return fc.oneof(own, fc.tuple(own, chars).map(([v, c]) => v + c), own.map((v) => v.slice(0, -1)), short)
}

/** Conjuncts on the fields, with values near the items' values. */
const conjunctOf = (items: ReadonlyArray<{ b: string; x: string }>): fc.Arbitrary<C.Condition> => {
  const b = near(items.map((i) => i.b))
  const x = near(items.map((i) => i.x))
  const str = fc.constantFrom('b', 'x').chain((f) => (f === 'b' ? b : x).map((v) => [f as 'b' | 'x', v] as const))
  return fc.oneof(
    { weight: 2, arbitrary: aValue.map((v) => C.eq(h.a, v)) },
    { weight: 3, arbitrary: str.map(([f, v]) => C.eq(h[f], v)) },
    { weight: 1, arbitrary: num.map((v) => C.eq(h.n, v)) },
    { weight: 5, arbitrary: fc.tuple(str, fc.constantFrom('lt', 'lte', 'gt', 'gte', 'ne')).map(([[f, v], op]) => C[op as 'lt'](h[f], v)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('lt', 'lte', 'gt', 'gte'), num).map(([op, v]) => C[op as 'lt'](h.n, v)) },
    { weight: 2, arbitrary: fc.tuple(str, b, x).map(([[f, lo], u, v]) => C.between(h[f], lo, f === 'b' ? u : v)) },
    { weight: 1, arbitrary: fc.tuple(num, num).map(([lo, hi]) => C.between(h.n, lo, hi)) },
    { weight: 2, arbitrary: str.map(([f, v]) => C.beginsWith(h[f], v)) },
    { weight: 1, arbitrary: fc.tuple(b, x).map(([u, v]) => C.or(C.eq(h.b, u), C.eq(h.x, v))) },
  )
}

/** The stored form of an item under these templates, or undefined when the writes refuse it. */
const store = (hash: K.Template, range: K.Template, i: { a: string; b: string; x: string; n: number }): Item | undefined => {
  const av: Item = { a: { S: i.a }, b: { S: i.b }, x: { S: i.x }, n: { N: String(i.n) } }
  const pk = K.compose(hash, (n) => av[n], false)
  const sk = K.compose(range, (n) => av[n], true)
  if (E.isLeft(pk) || E.isLeft(sk) || pk.right === '' || sk.right === '') return undefined
  return { ...av, pk: { S: pk.right }, sk: { S: sk.right } }
}

const runs = Number(process.env['COMPOSED_RUNS'] ?? 3000)
let translated = 0
let exactKeys = 0
const kinds = new Map<string, number>()

const property = suite('composed keys: every translation is sound and exact (in memory, Evaluate)')

property(`key condition ⊇ condition, and key condition ∧ filter = condition (${runs} runs)`, () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...hashes),
      fc.constantFrom(...ranges),
      fc.array(itemArb, { minLength: 1, maxLength: 40 }).chain((items) =>
        fc.tuple(fc.constant(items), fc.option(aValue, { freq: 5 }), fc.option(near(items.map((i) => i.x)), { freq: 2 }), fc.array(conjunctOf(items), { minLength: 1, maxLength: 4 })),
      ),
      (hash, range, [raw, a, x, more]) => {
        // an equality on the hash fields most of the time (else every case is a miss)
        const parts = [...(a === null ? [] : [C.eq(h.a, a)]), ...(x === null ? [] : [C.eq(h.x, x)]), ...more]
        const r = Composed.translate({ hash: { _tag: 'Template', template: hash }, range: { _tag: 'Template', template: range } }, parts, fields)
        if (r._tag === 'Miss') return
        translated++
        const cond = holds(parts.length === 1 ? (parts[0] as C.Condition) : C.and(...parts))
        const keyE = Evaluate.condition(r.keyCondition)
        assert.ok(E.isRight(keyE), `the key condition ${Expression.show(r.keyCondition)} is refused`)
        const key = E.isRight(keyE) ? keyE.right : () => false
        const filter = r.filter.length === 0 ? () => true : holds(C.and(...r.filter))
        if (r.key !== undefined) exactKeys++
        const rk = r.keyCondition._tag === 'And' ? r.keyCondition.conditions[1] : undefined
        const kind = rk === undefined ? 'hash only' : rk._tag === 'Comparison' ? rk.op : rk._tag
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        if (r.filter.length > 0 && r.placements.some((p) => p.keys.length > 0 && p.filter)) kinds.set('kept in the filter', (kinds.get('kept in the filter') ?? 0) + 1)
        for (const i of raw) {
          const item = store(hash, range, i)
          if (item === undefined) continue
          const selected = cond(item)
          const k = key(item)
          const where = `${K.show(hash)} / ${K.show(range)}: ${JSON.stringify(i)} under ${parts.map(Expression.show).join(' AND ')} -> ${Expression.show(r.keyCondition)} filter ${r.filter.map(Expression.show).join(' AND ')}`
          if (selected) assert.ok(k, `the key condition misses a selected item: ${where}`)
          assert.is(k && filter(item), selected, `key ∧ filter ≠ condition: ${where}`)
          if (r.key !== undefined && selected) assert.equal({ pk: item['pk'], sk: item['sk'] }, r.key, `the full key is not the item's: ${where}`)
        }
      },
    ),
    { numRuns: runs },
  )
  // the generator reaches the planner's cases, not only misses
  assert.ok(translated > runs / 3, `only ${translated} of ${runs} translated`)
  assert.ok(exactKeys > 0)
  for (const k of ['hash only', '=', 'BeginsWith', 'Between', '<=', '>=', 'kept in the filter']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} key condition in ${JSON.stringify([...kinds])}`)
  if (process.env['COMPOSED_STATS'] !== undefined) console.log(translated, exactKeys, [...kinds])
})

const focused = Number(process.env['COMPOSED_RUNS'] ?? 3000)

property(`the bounds of one or two range conditions on the field after the run, values near the items' (${focused} runs)`, () => {
  // templates whose first field is b: after it '#', '##', '#!', nothing, or '#' then more
  const bFirst = [ranges[0], ranges[1], ranges[2], ranges[3], ranges[4]] as ReadonlyArray<K.Template>
  const hash = hashes[0] as K.Template
  fc.assert(
    fc.property(
      fc.constantFrom(...bFirst),
      fc.array(itemArb.map((i) => ({ ...i, a: 'a' })), { minLength: 1, maxLength: 30 }).chain((items) => {
        const b = near(items.map((i) => i.b))
        const op = fc.constantFrom('lt', 'lte', 'gt', 'gte', 'beginsWith')
        const one = fc.oneof(
          fc.tuple(op, b).map(([o, v]) => (o === 'beginsWith' ? C.beginsWith(h.b, v) : C[o as 'lt'](h.b, v))),
          fc.tuple(b, b).map(([lo, hi]) => C.between(h.b, lo, hi)),
        )
        return fc.tuple(fc.constant(items), fc.array(one, { minLength: 1, maxLength: 2 }))
      }),
      (range, [raw, conds]) => {
        const parts = [C.eq(h.a, 'a'), ...conds]
        const r = Composed.translate({ hash: { _tag: 'Template', template: hash }, range: { _tag: 'Template', template: range } }, parts, fields)
        assert.is(r._tag, 'Translation')
        if (r._tag === 'Miss') return
        const cond = holds(C.and(...parts))
        const key = holds(r.keyCondition)
        const filter = r.filter.length === 0 ? () => true : holds(C.and(...r.filter))
        for (const i of raw) {
          const item = store(hash, range, i)
          if (item === undefined) continue
          const where = `${K.show(range)}: ${JSON.stringify(i)} under ${parts.map(Expression.show).join(' AND ')} -> ${Expression.show(r.keyCondition)} filter ${r.filter.map(Expression.show).join(' AND ')}`
          if (cond(item)) assert.ok(key(item), `the key condition misses a selected item: ${where}`)
          assert.is(key(item) && filter(item), cond(item), `key ∧ filter ≠ condition: ${where}`)
        }
      },
    ),
    { numRuns: focused },
  )
})

property.run()

/**
 * `Key`: key templates (DESIGN §5.4) — parsing (`{field}`, `{{`/`}}` literal braces, fields
 * separated by literal text, `pad`), the stored text of a field, the refusals of values that
 * would make a composed key ambiguous or out of order, and composing.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import * as Key from '../../../lib/model/Key.js'
import { right } from '../../harness/either.js'

const leftOf = <A>(e: E.Either<string, A>): string => {
  if (E.isRight(e)) throw new Error(`expected a Left, got ${JSON.stringify(e.right)}`)
  return e.left
}

const parse = suite('Key.parse')

parse('literal runs and fields, in order', () => {
  assert.equal(right(Key.parse('sk', 'ORDER#{createdAt}#{orderId}')), {
    attribute: 'sk',
    parts: [
      { _tag: 'Literal', text: 'ORDER#' },
      { _tag: 'Field', name: 'createdAt' },
      { _tag: 'Literal', text: '#' },
      { _tag: 'Field', name: 'orderId' },
    ],
  })
})

parse('{{ and }} are literal braces, merged into the literal run', () => {
  assert.equal(right(Key.parse('pk', 'A{{B}}#{id}}}x')).parts, [
    { _tag: 'Literal', text: 'A{B}#' },
    { _tag: 'Field', name: 'id' },
    { _tag: 'Literal', text: '}x' },
  ])
  assert.equal(right(Key.parse('pk', '{{{id}')).parts, [
    { _tag: 'Literal', text: '{' },
    { _tag: 'Field', name: 'id' },
  ])
})

parse('a constant template, and a template that is one field', () => {
  assert.equal(right(Key.parse('sk', 'PROFILE')).parts, [{ _tag: 'Literal', text: 'PROFILE' }])
  assert.equal(right(Key.parse('gsi1sk', '{createdAt}')).parts, [{ _tag: 'Field', name: 'createdAt' }])
})

parse('pad is kept on its field', () => {
  assert.equal(right(Key.parse('sk', 'N#{total}', { pad: { total: 10 } })).parts, [
    { _tag: 'Literal', text: 'N#' },
    { _tag: 'Field', name: 'total', pad: 10 },
  ])
})

parse('malformed templates are refused, saying why', () => {
  assert.match(leftOf(Key.parse('pk', '{a}{b}')), /separated by literal text/)
  assert.match(leftOf(Key.parse('pk', 'A#{a')), /never closed/)
  assert.match(leftOf(Key.parse('pk', 'A#}')), /lone '}'/)
  assert.match(leftOf(Key.parse('pk', 'A#{}')), /empty placeholder/)
  assert.match(leftOf(Key.parse('pk', 'A#{a{b}')), /inside the placeholder/)
  assert.match(leftOf(Key.parse('pk', '{a}#{a}')), /placed twice/)
  assert.match(leftOf(Key.parse('pk', '')), /non-empty/)
  assert.match(leftOf(Key.parse('', 'A')), /attribute name/)
  assert.match(leftOf(Key.parse('pk', 'A#{a}', { pad: { b: 3 } })), /not a field of the template/)
  assert.match(leftOf(Key.parse('pk', 'A#{a}', { pad: { a: 0 } })), /the pad of a must be a whole number ≥ 1, got 0$/)
  assert.match(leftOf(Key.parse('pk', 'A#{a}', { pad: { a: 2.5 } })), /the pad of a must be a whole number ≥ 1, got 2\.5$/)
  // a width given as the string '5' is shown as the other messages show values, quoted (not as the number 5)
  assert.match(leftOf(Key.parse('pk', 'A#{a}', { pad: { a: '5' as never } })), /the pad of a must be a whole number ≥ 1, got "5"$/)
  // literal text with a lone surrogate: the key written is not the text the reads' key conditions may send
  assert.match(leftOf(Key.parse('pk', 'A\udc00#{a}')), /lone surrogate/)
  assert.match(leftOf(Key.parse('pk', '{a}#\ud800')), /lone surrogate/)
  assert.equal(right(Key.parse('pk', 'A\ud83d\ude00#{a}')).parts[0], { _tag: 'Literal', text: 'A😀#' })
})

parse('show writes the template back, braces escaped', () => {
  for (const s of ['ORDER#{createdAt}#{orderId}', 'A{{B}}#{id}}}x', 'PROFILE', '{{{id}']) assert.is(Key.show(right(Key.parse('k', s))), s)
})

const destructors = suite('Key: fields, prefix, mayMeet')

destructors('fields in order, the leading literal', () => {
  const t = right(Key.parse('sk', 'ORDER#{createdAt}#{orderId}'))
  assert.equal(Key.fields(t), ['createdAt', 'orderId'])
  assert.is(Key.prefix(t), 'ORDER#')
  assert.is(Key.prefix(right(Key.parse('sk', '{a}#x'))), '')
  assert.is(Key.isConstant(right(Key.parse('sk', 'PROFILE'))), true)
  assert.is(Key.literalAfter(t, 1), '#')
  assert.is(Key.literalAfter(t, 3), '')
})

destructors('two templates meet unless a literal prefix tells them apart', () => {
  const p = (s: string) => right(Key.parse('k', s))
  assert.is(Key.mayMeet(p('ORDER#{a}'), p('CUSTOMER#{a}')), false)
  assert.is(Key.mayMeet(p('ORDER#{a}'), p('ORDER#{b}#x')), true)
  assert.is(Key.mayMeet(p('OR#{a}'), p('ORDER#{b}')), false)
  assert.is(Key.mayMeet(p('O{a}'), p('ORDER#{b}')), true)
  assert.is(Key.mayMeet(p('{a}'), p('ORDER#{b}')), true)
  assert.is(Key.mayMeet(p('PROFILE'), p('PROFILE')), true)
  assert.is(Key.mayMeet(p('PROFILE'), p('ORDER#{b}')), false)
  assert.is(Key.mayMeet(p('PROFILE'), p('PRO{b}')), true)
  assert.is(Key.mayMeet(p('PRO{b}'), p('PROFILE')), true)
  assert.is(Key.mayMeet(p('PROFILE'), p('PROFILE#{b}')), false)
})

/** Every text of at most `n` characters over `alphabet`. */
const texts = (alphabet: ReadonlyArray<string>, n: number): ReadonlyArray<string> => {
  let out = ['']
  let last = ['']
  for (let i = 0; i < n; i++) {
    last = last.flatMap((x) => alphabet.map((c) => x + c))
    out = [...out, ...last]
  }
  return out
}

/** Every key `t` composes from its fields' values drawn from `values` (a refused value composes none). */
const composedBy = (t: Key.Template, values: ReadonlyArray<string>, ordered: boolean): ReadonlySet<string> => {
  let assignments: ReadonlyArray<Readonly<Record<string, string>>> = [{}]
  for (const f of Key.fields(t)) assignments = assignments.flatMap((a) => values.map((v) => ({ ...a, [f]: v })))
  const out = new Set<string>()
  for (const a of assignments) {
    const k = Key.compose(t, (name) => (a[name] === undefined ? undefined : { S: a[name] }), ordered)
    if (E.isRight(k)) out.add(k.right)
  }
  return out
}

/** A small template: literals over a few characters (a separator among them), at most two fields, never adjacent. */
const template = fc
  .tuple(fc.boolean(), fc.array(fc.stringMatching(/^[A#:]{1,3}$/), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), fc.boolean())
  .map(([leading, literals, fieldCount, trailing]) => {
    let text = ''
    let f = 0
    let l = 0
    // literal, field, literal, field, …: fields separated by literal text, as templates must be
    if (leading) text += literals[l++ % literals.length] as string
    while (f < fieldCount) {
      text += `{f${f++}}`
      if (f < fieldCount || trailing) text += literals[l++ % literals.length] as string
    }
    return right(Key.parse('k', text === '' ? (literals[0] as string) : text))
  })

destructors('mayMeet is never wrong when it says two templates cannot meet: a brute force over small values finds no key both compose', () => {
  // values over the literals' characters, one below the separators ('!' < '#' < ':'), one above them all
  const values = texts(['A', '#', ':', '!', 'b'], 2)
  fc.assert(
    fc.property(template, template, fc.boolean(), (a, b, ordered) => {
      const ka = composedBy(a, values, ordered)
      const meet = [...composedBy(b, values, ordered)].some((k) => ka.has(k))
      assert.is(Key.mayMeet(a, b), Key.mayMeet(b, a), 'symmetric')
      if (meet) assert.ok(Key.mayMeet(a, b), `${Key.show(a)} and ${Key.show(b)} meet, said not to`)
    }),
    { seed: 41, numRuns: 300 },
  )
})

const compose = suite('Key.compose')

const order = right(Key.parse('sk', 'ORDER#{createdAt}#{orderId}'))
const from = (o: Record<string, { S: string } | { N: string }>) => (name: string) => o[name]

compose('the template with each field replaced by its stored text', () => {
  assert.equal(Key.compose(order, from({ createdAt: { S: '2024-05-01T00:00:00.000Z' }, orderId: { S: 'o-1' } }), true), E.right('ORDER#2024-05-01T00:00:00.000Z#o-1'))
})

compose('numbers: their decimal text; padded to a declared width (non-negative integers only)', () => {
  const t = right(Key.parse('sk', 'N#{n}#{m}', { pad: { m: 5 } }))
  assert.equal(Key.compose(t, from({ n: { N: '-1.5' }, m: { N: '42' } }), false), E.right('N#-1.5#00042'))
  assert.equal(Key.compose(t, from({ n: { N: '1' }, m: { N: '99999' } }), false), E.right('N#1#99999'))
  // 1e3 is 1000, padded as 01000 (canonical text: Key.compose's next spec)
  assert.equal(Key.compose(t, from({ n: { N: '1' }, m: { N: '1e3' } }), false), E.right('N#1#01000'))
  for (const bad of ['-1', '1.5', '123456', '1e5']) {
    const r = Key.compose(t, from({ n: { N: '1' }, m: { N: bad } }), false)
    assert.ok(E.isLeft(r) && r.left.field === 'm', bad)
  }
})

compose('a value that contains the literal after its placeholder is refused', () => {
  const r = Key.compose(order, from({ createdAt: { S: 'a#b' }, orderId: { S: 'o' } }), false)
  assert.ok(E.isLeft(r) && r.left.field === 'createdAt' && /contains "#"/.test(r.left.message))
  // the last field has no literal after it: anything goes
  assert.ok(E.isRight(Key.compose(order, from({ createdAt: { S: 'a' }, orderId: { S: 'o#!' } }), true)))
  const multi = right(Key.parse('pk', 'A{x}::{y}'))
  assert.ok(E.isRight(Key.compose(multi, from({ x: { S: 'a:b' }, y: { S: 'c' } }), false)))
  assert.ok(E.isLeft(Key.compose(multi, from({ x: { S: 'a::b' }, y: { S: 'c' } }), false)))
})

compose('a value that ends with the start of the literal after it (a separator that overlaps itself, as "::" or "##") is refused: two values would compose one key', () => {
  const multi = right(Key.parse('pk', 'USER::{x}::{y}'))
  // x = 'a:', y = 'c' and x = 'a', y = ':c' would both be 'USER::a:::c'
  const r = Key.compose(multi, from({ x: { S: 'a:' }, y: { S: 'c' } }), false)
  assert.ok(E.isLeft(r) && r.left.field === 'x' && /"::"/.test(r.left.message), JSON.stringify(r))
  assert.equal(Key.compose(multi, from({ x: { S: 'a' }, y: { S: ':c' } }), false), E.right('USER::a:::c'))
  assert.equal(Key.decompose(multi, 'USER::a:::c'), { x: 'a', y: ':c' })
  const aba = right(Key.parse('pk', '{x}aba{y}'))
  assert.ok(E.isLeft(Key.compose(aba, from({ x: { S: 'xab' }, y: { S: 'c' } }), false)))
  assert.ok(E.isRight(Key.compose(aba, from({ x: { S: 'xa' }, y: { S: 'c' } }), false)))
})

compose('a number composes its canonical text: one number, one key ("12.50", "1.25e1" and "12.5"; "-0" and "0"; 1e21 in full)', () => {
  const p = right(Key.parse('sk', 'PRICE#{price}#{n}'))
  const key = (price: string, n = '1') => Key.compose(p, from({ price: { N: price }, n: { N: n } }), false)
  for (const same of ['12.50', '1.25e1', '12.5', '0012.5']) assert.equal(key(same), E.right('PRICE#12.5#1'), same)
  assert.equal(key('-0'), E.right('PRICE#0#1'))
  assert.equal(key('1', String(1e21)), E.right('PRICE#1#1000000000000000000000'))
  const padded = right(Key.parse('sk', 'N#{n}', { pad: { n: 4 } }))
  assert.equal(Key.compose(padded, from({ n: { N: '1.0e1' } }), true), E.right('N#0010'))
})

compose('in a range template, no code point at or below the separator', () => {
  const r = Key.compose(order, from({ createdAt: { S: 'a b' }, orderId: { S: 'o' } }), true)
  assert.ok(E.isLeft(r) && r.left.field === 'createdAt' && /at or below/.test(r.left.message))
  assert.ok(E.isRight(Key.compose(order, from({ createdAt: { S: 'a b' }, orderId: { S: 'o' } }), false)))
  assert.ok(E.isLeft(Key.compose(order, from({ createdAt: { S: 'a\u0000' }, orderId: { S: 'o' } }), true)))
  assert.ok(E.isRight(Key.compose(order, from({ createdAt: { S: 'a$' }, orderId: { S: 'o' } }), true)))
})

compose('a missing field, binary, or a set: refused, naming the field', () => {
  const missing = Key.compose(order, from({ createdAt: { S: 'a' } }), true)
  assert.ok(E.isLeft(missing) && missing.left.field === 'orderId')
  const bin = Key.compose(order, (n) => (n === 'createdAt' ? { B: new Uint8Array([1]) } : { S: 'o' }), true)
  assert.ok(E.isLeft(bin) && bin.left.field === 'createdAt')
})

compose('composeFirst: the text of a leading run of parts', () => {
  const v = from({ createdAt: { S: '2024' }, orderId: { S: 'o' } })
  assert.equal(Key.composeFirst(order, 1, v, true), E.right('ORDER#'))
  assert.equal(Key.composeFirst(order, 3, v, true), E.right('ORDER#2024#'))
  assert.equal(Key.composeFirst(order, 9, v, true), E.right('ORDER#2024#o'))
})

parse.run()
destructors.run()
compose.run()

import { suite } from 'uvu'
import fc from 'fast-check'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as K from '../../../lib/model/Key.js'
import * as Model from '../../../lib/model/Model.js'
import * as MF from '../../../lib/model/fields.js'
import * as Composed from '../../../lib/plan/composed.js'
import { toAttributeValue } from '../../../lib/codec/value.js'
import { compareNumbers } from '../../../lib/rules/compare.js'

const codec = t.intersection([
  t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }), score: t.number }),
  t.partial({ note: t.string }),
])
// only for typed handles of these fields
const shop = Model.make({ table: 'shop', hashKey: 'customerId', codec })
const o = shop.attrs
const fields: Composed.Fields = {
  stored: (_name, v) => {
    const av = toAttributeValue(v, false)
    return E.isRight(av) ? av.right : undefined
  },
  storedType: (name) => MF.storedTypeOf(shop.fields[name] as A.Codec),
}
const template = (attribute: string, text: string, pad?: Record<string, number>): Composed.Side => {
  const p = K.parse(attribute, text, pad === undefined ? {} : { pad })
  if (E.isLeft(p)) throw new Error(p.left)
  return { _tag: 'Template', template: p.right }
}
const table: Composed.Key = { hash: template('pk', 'CUSTOMER#{customerId}'), range: template('sk', 'ORDER#{createdAt}#{orderId}') }
const byStatus: Composed.Key = { hash: template('gsi1pk', 'STATUS#{status}'), range: template('gsi1sk', '{createdAt}#{orderId}') }
const byTotal: Composed.Key = { hash: template('gsi2pk', 'C#{customerId}'), range: template('gsi2sk', 'T#{total}#{orderId}', { total: 10 }) }
const byScore: Composed.Key = { hash: template('gsi3pk', 'C#{customerId}'), range: template('gsi3sk', 'S#{score}#{orderId}') }

const d1 = new Date('2024-03-01T00:00:00.000Z')
const d2 = new Date('2024-04-01T00:00:00.000Z')
const top = (p: string) => Composed.top(p) as string

const tr = (key: Composed.Key, ...parts: C.Condition[]): Composed.Translation => {
  const r = Composed.translate(key, parts, fields)
  if (r._tag === 'Miss') throw new Error(r.why)
  return r
}
const keyOf = (r: Composed.Translation) => Expression.show(r.keyCondition)
const filterOf = (r: Composed.Translation) => r.filter.map(Expression.show)
const miss = (key: Composed.Key, ...parts: C.Condition[]): string => {
  const r = Composed.translate(key, parts, fields)
  if (r._tag !== 'Miss') throw new Error(`a translation: ${keyOf(r)}`)
  return r.why
}
const sk = A.path<string>('sk')
const gsi1sk = A.path<string>('gsi1sk')

const golden = suite('composed keys: the translation (golden)')

golden('equalities on every field of the hash template: a key condition on the composed text; the range template keeps the entity prefix', () => {
  const r = tr(table, C.eq(o.customerId, 'c1'))
  assert.equal(r.keyCondition, C.and(C.eq(A.path<string>('pk'), 'CUSTOMER#c1'), C.beginsWith(sk, 'ORDER#')))
  assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#")')
  assert.equal(r.filter, [])
  assert.is(r.ranged, false)
  assert.equal(r.placements.map((p) => [p.fields, p.keys, p.filter]), [[['customerId'], ['pk'], false]])
  assert.match(r.placements[0]?.why ?? '', /an equality on a field of the hash key pk = CUSTOMER#\{customerId\}/)
})

golden('no equality on a hash field: no key condition, and why', () => {
  assert.match(miss(table, C.gt(o.createdAt, d1)), /no equality on customerId, a field of the hash key pk = CUSTOMER#\{customerId\}/)
  assert.match(miss(table, C.ne(o.customerId, 'c1')), /no equality on customerId/)
  assert.match(miss(table, C.or(C.eq(o.customerId, 'c1'), C.eq(o.customerId, 'c2'))), /no equality on customerId/)
})

golden('a leading run of range fields by equality: begins_with of the prefix up to the next separator', () => {
  const r = tr(table, C.eq(o.customerId, 'c1'), C.eq(o.createdAt, d1))
  assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#2024-03-01T00:00:00.000Z#")')
  assert.equal(r.filter, [])
  assert.is(r.ranged, true)
  assert.is(r.key, undefined)
})

golden('every field of both templates by equality: the full key (a GetItem of the table)', () => {
  const r = tr(table, C.eq(o.orderId, 'o9'), C.eq(o.createdAt, d1), C.eq(o.customerId, 'c1'), C.gt(o.total, 3))
  assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND sk = "ORDER#2024-03-01T00:00:00.000Z#o9"')
  assert.equal(r.key, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#2024-03-01T00:00:00.000Z#o9' } })
  assert.equal(filterOf(r), ['total > 3'])
})

golden('a range condition on the next field: BETWEEN bounds that both carry the literal prefix; an exclusive bound moved past the separator', () => {
  const p = 'ORDER#'
  const gt = tr(table, C.eq(o.customerId, 'c1'), C.gt(o.createdAt, d1))
  // '$' follows '#': every key of d1 itself is 'ORDER#<d1>#…', below the bound
  assert.equal(gt.keyCondition, C.and(C.eq(A.path<string>('pk'), 'CUSTOMER#c1'), C.between(sk, `${p}2024-03-01T00:00:00.000Z$`, top(p))))
  assert.equal(gt.filter, [])
  assert.match(gt.placements[1]?.why ?? '', /> on createdAt, the field after the leading equalities of the range key sk = ORDER#\{createdAt\}#\{orderId\} \(the exclusive bound moved past the separator "#"\)/)
  const gte = tr(table, C.eq(o.customerId, 'c1'), C.gte(o.createdAt, d1))
  assert.equal(gte.keyCondition, C.and(C.eq(A.path<string>('pk'), 'CUSTOMER#c1'), C.between(sk, `${p}2024-03-01T00:00:00.000Z`, top(p))))
  // lt never reaches another entity's items: its lower bound is the entity's prefix
  const lt = tr(table, C.eq(o.customerId, 'c1'), C.lt(o.createdAt, d1))
  assert.equal(lt.keyCondition, C.and(C.eq(A.path<string>('pk'), 'CUSTOMER#c1'), C.between(sk, p, `${p}2024-03-01T00:00:00.000Z`)))
  const lte = tr(table, C.eq(o.customerId, 'c1'), C.lte(o.createdAt, d1))
  assert.equal(lte.keyCondition, C.and(C.eq(A.path<string>('pk'), 'CUSTOMER#c1'), C.between(sk, p, `${p}2024-03-01T00:00:00.000Z$`)))
  const between = tr(table, C.eq(o.customerId, 'c1'), C.between(o.createdAt, d1, d2))
  assert.is(keyOf(between), 'pk = "CUSTOMER#c1" AND sk BETWEEN "ORDER#2024-03-01T00:00:00.000Z" AND "ORDER#2024-04-01T00:00:00.000Z$"')
  const begins = tr(table, C.eq(o.customerId, 'c1'), C.beginsWith(o.createdAt, '2024-03'))
  assert.is(keyOf(begins), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#2024-03")')
  for (const r of [gt, gte, lt, lte, between, begins]) {
    assert.equal(r.filter, [])
    assert.is(r.ranged, true)
  }
})

golden('a lower and an upper bound on the next field make one BETWEEN (a month of orders)', () => {
  const r = tr(table, C.eq(o.customerId, 'c1'), C.gte(o.createdAt, d1), C.lt(o.createdAt, d2), C.gt(o.total, 100))
  assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND sk BETWEEN "ORDER#2024-03-01T00:00:00.000Z" AND "ORDER#2024-04-01T00:00:00.000Z"')
  assert.equal(filterOf(r), ['total > 100'])
})

golden('a condition on a later field (after a field without an equality) goes to the filter, and says why', () => {
  const r = tr(table, C.eq(o.customerId, 'c1'), C.eq(o.orderId, 'o9'))
  assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#")')
  assert.equal(filterOf(r), ['orderId = "o9"'])
  assert.match(r.placements[1]?.why ?? '', /orderId does not follow a run of equalities from the start of sk/)
  const later = tr(table, C.eq(o.customerId, 'c1'), C.gt(o.createdAt, d1), C.lt(o.orderId, 'o5'), C.eq(o.status, 'open'))
  assert.equal(filterOf(later), ['orderId < "o5"', 'status = "open"'])
  assert.match(later.placements[3]?.why ?? '', /status is no field of the key \(pk = CUSTOMER#\{customerId\}, sk = ORDER#\{createdAt\}#\{orderId\}\)/)
  // a second range condition on the same field when the first gave both bounds
  const twice = tr(table, C.eq(o.customerId, 'c1'), C.beginsWith(o.createdAt, '2024'), C.gt(o.createdAt, d1))
  assert.is(keyOf(twice), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#2024")')
  assert.equal(filterOf(twice), [`createdAt > "2024-03-01T00:00:00.000Z"`])
})

golden('through an index: the same rules on its templates; a field at the end of a template compares as it is', () => {
  const r = tr(byStatus, C.eq(o.status, 'open'), C.gt(o.createdAt, d1))
  assert.equal(r.keyCondition, C.and(C.eq(A.path<string>('gsi1pk'), 'STATUS#open'), C.gte(gsi1sk, '2024-03-01T00:00:00.000Z$')))
  assert.equal(r.filter, [])
  const lt = tr(byStatus, C.eq(o.status, 'open'), C.lt(o.createdAt, d1))
  // no literal prefix: one comparison, no lower bound
  assert.equal(lt.keyCondition, C.and(C.eq(A.path<string>('gsi1pk'), 'STATUS#open'), C.lte(gsi1sk, '2024-03-01T00:00:00.000Z')))
  const last = tr(byStatus, C.eq(o.status, 'open'), C.eq(o.createdAt, d1), C.gt(o.orderId, 'o5'))
  // orderId ends the template: > moves past the end ("\0", the least character)
  assert.equal(last.keyCondition, C.and(C.eq(A.path<string>('gsi1pk'), 'STATUS#open'), C.between(gsi1sk, '2024-03-01T00:00:00.000Z#o5\u0000', top('2024-03-01T00:00:00.000Z#'))))
  assert.equal(last.filter, [])
  // < on the last field: the key's bound holds the value itself, so the filter keeps the condition
  const lastLt = tr(byStatus, C.eq(o.status, 'open'), C.eq(o.createdAt, d1), C.lt(o.orderId, 'o5'))
  assert.is(keyOf(lastLt), 'gsi1pk = "STATUS#open" AND gsi1sk BETWEEN "2024-03-01T00:00:00.000Z#" AND "2024-03-01T00:00:00.000Z#o5"')
  assert.equal(filterOf(lastLt), ['orderId < "o5"'])
})

golden('numbers take part in range conditions only when padded', () => {
  const padded = tr(byTotal, C.eq(o.customerId, 'c1'), C.between(o.total, 5, 120))
  assert.is(keyOf(padded), 'gsi2pk = "C#c1" AND gsi2sk BETWEEN "T#0000000005" AND "T#0000000120$"')
  assert.equal(padded.filter, [])
  const eq = tr(byTotal, C.eq(o.customerId, 'c1'), C.eq(o.total, 7))
  assert.is(keyOf(eq), 'gsi2pk = "C#c1" AND begins_with(gsi2sk, "T#0000000007#")')
  // a value a padded field cannot hold (negative, fractional, wider than its pad): read among the values
  // the pad takes (0 to 9999999999), as the least or greatest of them it holds
  const negative = tr(byTotal, C.eq(o.customerId, 'c1'), C.gt(o.total, -1))
  assert.is(keyOf(negative), 'gsi2pk = "C#c1" AND begins_with(gsi2sk, "T#")')
  assert.equal(filterOf(negative), [])
  assert.match(negative.placements[1]?.why ?? '', /each of the values the pad of total takes \(0 to 9999999999\) holds it/)
  assert.equal(filterOf(tr(byTotal, C.eq(o.customerId, 'c1'), C.lte(o.total, 1e12))), [])
  assert.equal(filterOf(tr(byTotal, C.eq(o.customerId, 'c1'), C.between(o.total, -5, 1e10))), [])
  const fraction = tr(byTotal, C.eq(o.customerId, 'c1'), C.gt(o.total, 2.5))
  assert.equal(fraction.keyCondition, C.and(C.eq(A.path<string>('gsi2pk'), 'C#c1'), C.between(A.path<string>('gsi2sk'), 'T#0000000003', top('T#'))))
  assert.equal(filterOf(fraction), [])
  assert.is(keyOf(tr(byTotal, C.eq(o.customerId, 'c1'), C.lt(o.total, 2.5))), 'gsi2pk = "C#c1" AND gsi2sk BETWEEN "T#" AND "T#0000000002$"')
  assert.is(keyOf(tr(byTotal, C.eq(o.customerId, 'c1'), C.lte(o.total, -0.5), C.gt(o.total, 3))), 'gsi2pk = "C#c1" AND begins_with(gsi2sk, "T#-")')
  const wide = tr(byTotal, C.eq(o.customerId, 'c1'), C.between(o.total, 7, 1e11))
  assert.equal(wide.keyCondition, C.and(C.eq(A.path<string>('gsi2pk'), 'C#c1'), C.between(A.path<string>('gsi2sk'), 'T#0000000007', top('T#'))))
  assert.equal(filterOf(wide), [])
  // none of them holds it: a key condition that selects no item (the conjunct stays in the filter)
  const none = tr(byTotal, C.eq(o.customerId, 'c1'), C.gt(o.total, 99999999999))
  assert.is(keyOf(none), 'gsi2pk = "C#c1" AND begins_with(gsi2sk, "T#-")')
  assert.equal(filterOf(none), ['total > 99999999999'])
  // bounds out of order: the filter, which DynamoDB refuses, as it refuses them anywhere
  assert.equal(filterOf(tr(byTotal, C.eq(o.customerId, 'c1'), C.between(o.total, 2.5, -1))), ['total BETWEEN 2.5 AND -1'])
  const unpadded = tr(byScore, C.eq(o.customerId, 'c1'), C.gt(o.score, 5))
  assert.is(keyOf(unpadded), 'gsi3pk = "C#c1" AND begins_with(gsi3sk, "S#")')
  assert.equal(filterOf(unpadded), ['score > 5'])
  assert.match(unpadded.placements[1]?.why ?? '', /score is a number without pad/)
  // equality needs no order: an unpadded number's canonical text
  assert.is(keyOf(tr(byScore, C.eq(o.customerId, 'c1'), C.eq(o.score, 2.5))), 'gsi3pk = "C#c1" AND begins_with(gsi3sk, "S#2.5#")')
})

golden('values the writes refuse stay in the filter, and the key condition still holds every item they select', () => {
  // a hash value holding the separator that follows it cannot be in a key: no key condition
  const hash2: Composed.Key = { hash: template('pk', 'C#{customerId}#{status}'), range: undefined }
  assert.match(miss(hash2, C.eq(o.customerId, 'a#b'), C.eq(o.status, 'x')), /the equality on customerId has no key text/)
  // a range value below the separator: not a leading equality
  const r = tr(table, C.eq(o.customerId, 'c1'), C.eq(o.createdAt, d1), C.eq(o.orderId, 'o!'))
  assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND sk = "ORDER#2024-03-01T00:00:00.000Z#o!"')
  // a bound below the separator: the bound is cut before it, and the condition stays in the filter
  const byOrder: Composed.Key = { hash: template('pk', 'C#{customerId}'), range: template('sk', '{orderId}#{status}') }
  const lte = tr(byOrder, C.eq(o.customerId, 'c1'), C.lte(o.orderId, 'o5!x'))
  assert.is(keyOf(lte), 'pk = "C#c1" AND sk <= "o5$"')
  assert.equal(filterOf(lte), ['orderId <= "o5!x"'])
  // a date value its codec cannot encode has no key text
  const bad = tr(byStatus, C.eq(o.status, 'open'), C.lte(o.createdAt, '2024' as never))
  assert.is(keyOf(bad), 'gsi1pk = "STATUS#open"')
  assert.equal(filterOf(bad), ['createdAt <= "2024"'])
  const begins = tr(table, C.eq(o.customerId, 'c1'), C.beginsWith(o.createdAt, '2024#x'))
  assert.is(keyOf(begins), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#2024#x")')
  assert.equal(filterOf(begins), ['begins_with(createdAt, "2024#x")'])
})

golden('a separator that can overlap itself: the equalities stay in the filter (two items may compose one text)', () => {
  // customerId 'p#' with status 'q' and customerId 'p' with status '#q' both compose 'C#p###q'
  const overlap: Composed.Key = { hash: template('pk', 'C#{customerId}##{status}'), range: undefined }
  const r = tr(overlap, C.eq(o.customerId, 'p'), C.eq(o.status, '#q'))
  assert.is(keyOf(r), 'pk = "C#p###q"')
  assert.equal(filterOf(r), ['customerId = "p"'])
  assert.equal(r.placements.map((p) => p.filter), [true, false])
})

golden('bounds DynamoDB would refuse: the prefix alone, the conditions in the filter', () => {
  const reversed = tr(table, C.eq(o.customerId, 'c1'), C.between(o.createdAt, d2, d1))
  assert.is(keyOf(reversed), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#")')
  assert.equal(filterOf(reversed), ['createdAt BETWEEN "2024-04-01T00:00:00.000Z" AND "2024-03-01T00:00:00.000Z"'])
  assert.match(reversed.placements[1]?.why ?? '', /out of order/)
  const long = tr(table, C.eq(o.customerId, 'c1'), C.beginsWith(o.createdAt, 'x'.repeat(1100)))
  assert.is(keyOf(long), 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#")')
  assert.is(long.filter.length, 1)
})

golden('a BETWEEN whose bounds are out of order, though the key bounds it moves past the separator are not: in the filter, which DynamoDB refuses', () => {
  // the high bound x moves to P + x + "$" (past "#"): BETWEEN "$" AND "" (and "a$" AND "a") would
  // become a key condition in order, BETWEEN "O#$" AND "O#$", where DynamoDB refuses the condition given
  const bySk: Composed.Key = { hash: template('pk', 'CUSTOMER#{customerId}'), range: template('sk', 'O#{orderId}#{status}') }
  for (const [lo, hi] of [['$', ''], ['a$', 'a']] as const) {
    const r = tr(bySk, C.eq(o.customerId, 'c1'), C.between(o.orderId, lo, hi))
    assert.is(keyOf(r), 'pk = "CUSTOMER#c1" AND begins_with(sk, "O#")')
    assert.equal(filterOf(r), [`orderId BETWEEN ${JSON.stringify(lo)} AND ${JSON.stringify(hi)}`])
    assert.match(r.placements[1]?.why ?? '', /out of order/)
  }
  // bounds in order still key the read
  assert.is(keyOf(tr(bySk, C.eq(o.customerId, 'c1'), C.between(o.orderId, 'a', 'a$'))), 'pk = "CUSTOMER#c1" AND sk BETWEEN "O#a" AND "O#a$$"')
})

golden('top(P): the greatest range key that starts with P, within 1,024 bytes', () => {
  const s = top('ORDER#')
  assert.ok(s.startsWith('ORDER#'))
  assert.is(Buffer.byteLength(s), 1024)
  assert.is(top('x'.repeat(1025)), undefined)
})

golden('paddedBound: the least or greatest value a pad takes that a bound holds, for bounds in any spelling (fast-check against every value)', () => {
  // numbers around the pad's range, spelled as DynamoDB takes them: exponents, trailing zeros, signs
  const spelled = fc
    .tuple(fc.integer({ min: -1200, max: 1200 }), fc.constantFrom(1, 10, 100, 1000), fc.constantFrom('plain', 'exp', 'zeros'))
    .map(([n, scale, how]) => {
      const plain = String(n / scale)
      return how === 'exp' ? `${n}e-${Math.log10(scale)}` : how === 'zeros' && plain.includes('.') ? `${plain}00` : plain
    })
  fc.assert(
    fc.property(fc.constantFrom(1, 2, 3), spelled, fc.constantFrom('lower', 'upper') as fc.Arbitrary<'lower' | 'upper'>, fc.boolean(), (pad, n, side, inclusive) => {
      const values = Array.from({ length: 10 ** pad }, (_, k) => k)
      const holding = values.filter((k) => {
        const c = compareNumbers(String(k), n) as number
        return side === 'lower' ? (inclusive ? c >= 0 : c > 0) : inclusive ? c <= 0 : c < 0
      })
      const b = Composed.paddedBound(pad, { N: n }, side, inclusive)
      const want = holding.length === values.length ? 'all' : holding.length === 0 ? 'none' : String(side === 'lower' ? holding[0] : holding[holding.length - 1]).padStart(pad, '0')
      assert.is(b, want, `${side} ${inclusive ? 'inclusive' : 'exclusive'} ${n}, pad ${pad}`)
    }),
    { seed: 1207, numRuns: 2000 },
  )
  assert.is(Composed.paddedBound(3, { S: '5' }, 'lower', true), undefined)
  assert.is(Composed.paddedBound(3, { N: '1e400' }, 'upper', true), 'all')
  assert.is(Composed.paddedBound(3, { N: '-1e400' }, 'lower', false), 'all')
  assert.is(Composed.paddedBound(3, { N: '1e400' }, 'lower', false), 'none')
})

golden.run()

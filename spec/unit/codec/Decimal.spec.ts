/**
 * `internal/decimal`: DynamoDB numbers parsed once, checked, formatted, compared, added and
 * measured exactly. The examples are pinned; the properties check every operation against
 * an independent oracle (a number string read as `coefficient × 10^scale` with BigInt).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as D from '../../../lib/codec/decimal.js'
import { decimal, storableDouble } from '../../arb/fields.js'

// -------------------------------------------------------------------------------------
// the oracle: a number string as coefficient × 10^scale, read without the module's parser
// -------------------------------------------------------------------------------------

interface Scaled {
  readonly coefficient: bigint
  readonly scale: number
}

/** The number syntax DynamoDB (and dynamongo's validation) accepts. */
const syntax = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

const scaled = (s: string): Scaled => {
  const sign = s[0] === '-' ? -1n : 1n
  const body = s[0] === '-' || s[0] === '+' ? s.slice(1) : s
  const e = body.search(/[eE]/)
  const mantissa = e === -1 ? body : body.slice(0, e)
  const dot = mantissa.indexOf('.')
  const frac = dot === -1 ? '' : mantissa.slice(dot + 1)
  const digits = mantissa.replace('.', '')
  return { coefficient: sign * BigInt(digits === '' ? '0' : digits), scale: (e === -1 ? 0 : Number(body.slice(e + 1))) - frac.length }
}

const align = (a: Scaled, b: Scaled): readonly [bigint, bigint, number] => {
  const scale = Math.min(a.scale, b.scale)
  return [a.coefficient * 10n ** BigInt(a.scale - scale), b.coefficient * 10n ** BigInt(b.scale - scale), scale]
}

const oracleCompare = (a: Scaled, b: Scaled): number => {
  const [x, y] = align(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n)

/** Significant digits and the power of ten of the leading one (`undefined` for zero). */
const shape = (a: Scaled): { readonly significant: number; readonly lead: number } | undefined => {
  if (a.coefficient === 0n) return undefined
  const s = abs(a.coefficient).toString()
  return { significant: s.replace(/0+$/, '').length, lead: s.length - 1 + a.scale }
}

/** The documented size rule, counted in base 100 with BigInt. */
const oracleSize = (a: Scaled): number => {
  if (a.coefficient === 0n) return 1
  let v = abs(a.coefficient)
  let scale = a.scale
  if (scale % 2 !== 0) {
    v *= 10n // align the pairs on the decimal point
    scale -= 1
  }
  while (v % 100n === 0n) v /= 100n // trailing zero pairs
  const pairs = Math.ceil(v.toString().length / 2)
  return 1 + pairs + (a.coefficient < 0n && pairs < 20 ? 1 : 0)
}

// -------------------------------------------------------------------------------------
// arbitraries: numbers as a client may write them
// -------------------------------------------------------------------------------------

/** Any spelling: sign or none, leading and trailing zeros, `.5`, `1.`, exponents in both cases. */
const written: fc.Arbitrary<string> = fc
  .record({
    sign: fc.constantFrom('', '+', '-'),
    int: fc.oneof(fc.stringMatching(/^0{0,3}\d{0,20}$/), fc.stringMatching(/^[1-9]\d{0,44}$/)),
    frac: fc.option(fc.stringMatching(/^\d{0,20}0{0,3}$/)),
    exp: fc.option(fc.record({ e: fc.constantFrom('e', 'E'), sign: fc.constantFrom('', '+', '-'), n: fc.integer({ min: 0, max: 170 }) })),
  })
  .filter((r) => r.int !== '' || (r.frac !== null && r.frac !== ''))
  .map((r) => r.sign + r.int + (r.frac === null ? '' : '.' + r.frac) + (r.exp === null ? '' : r.exp.e + r.exp.sign + r.exp.n))

/** Strings over the number alphabet: mostly not numbers. */
const junk: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...'0123456789.eE+- x'), maxLength: 10 })

// -------------------------------------------------------------------------------------
// examples
// -------------------------------------------------------------------------------------

test('exact numbers: what a JS number holds exactly (400 cases)', () => {
  assert.is(D.toExactNumber('9007199254740992'), 2 ** 53)
  assert.is(D.toExactNumber('9007199254740993'), undefined)
  assert.is(D.toExactNumber('0.1'), 0.1)
  assert.is(D.toExactNumber('0.10'), 0.1)
  assert.is(D.toExactNumber('0.1000000000000000055511151231257827'), undefined)
  assert.is(D.toExactNumber('1000000000000000000000'), 1e21)
  assert.is(D.toExactNumber('-0'), 0)
  assert.ok(Object.is(D.toExactNumber('-0.0'), 0))
  for (const bad of ['', ' 1', '0x10', 'Infinity', 'NaN', '1e400']) assert.is(D.toExactNumber(bad), undefined, bad)
  // far outside DynamoDB's range, a string may still read as a double: no giant string is built
  assert.is(D.toExactNumber('1e-99999999999'), undefined)
  assert.is(D.toExactNumber('0e2147483647'), 0)
  // an exponent beyond 32 bits: no number DynamoDB reads (parse)
  assert.is(D.toExactNumber('0e99999999999'), undefined)
  // every double round-trips through its canonical decimal; decimals with more digits than a double keeps do not
  fc.assert(fc.property(storableDouble, (n) => D.toExactNumber(D.ofNumber(n)) === n), { seed: 35, numRuns: 200 })
  fc.assert(
    fc.property(decimal, (d) => {
      const n = D.toExactNumber(d)
      if (n !== undefined) assert.is(D.canonical(String(n)), d)
      else assert.ok(D.canonical(String(Number(d))) !== d)
    }),
    { seed: 36, numRuns: 200 },
  )
})

test('canonical form and numeric equality of number strings', () => {
  assert.is(D.canonical('1E+2'), '100')
  assert.is(D.canonical('-1.5e-7'), '-0.00000015')
  assert.is(D.canonical('0001.2300'), '1.23')
  assert.is(D.canonical('-0.00'), '0')
  assert.is(D.canonical('.5'), '0.5')
  assert.is(D.canonical('5.'), '5')
  assert.is(D.canonical('1.5'), '1.5')
  assert.is(D.canonical('abc'), undefined)
  assert.is(D.ofNumber(1e21), '1000000000000000000000')
  assert.is(D.ofNumber(-1.5e-7), '-0.00000015')
  assert.is(D.ofNumber(12.5), '12.5')
  assert.ok(D.isInteger('100'))
  assert.not.ok(D.isInteger('1.5'))
  assert.ok(D.equals('1', '1.0'))
  assert.ok(D.equals('100', '1E2'))
  assert.not.ok(D.equals('1', '1.01'))
  assert.ok(D.equals('x', 'x'))
  assert.not.ok(D.equals('x', '1'))
})

test('parse, compare, add and the 38-digit limit', () => {
  const d = (s: string) => D.parse(s) as D.Decimal
  assert.is(D.compareStrings('0.1', '1E-1'), 0)
  assert.is(D.compareStrings('-1E+2', '-99.999'), -1)
  assert.is(D.compareStrings('1', 'x'), undefined)
  assert.is(D.format(D.add(d('0.1'), d('0.2'))), '0.3')
  assert.is(D.format(D.add(d('99999999999999999999999999999999999999'), d('1'))), '100000000000000000000000000000000000000')
  assert.is(D.format(D.subtract(d('0.1'), d('0.1'))), '0')
  assert.is(D.check(D.add(d('99999999999999999999999999999999999999'), d('2'))) !== undefined, true)
  assert.is(D.check(D.add(d('1E+30'), d('1E-10'))) !== undefined, true)
  assert.is(D.check(d('1E-131')) !== undefined, true)
  assert.is(D.check(d('1E+126')) !== undefined, true)
  assert.is(D.check(d('9.9999999999999999999999999999999999999E+125')), undefined)
  assert.is(D.parse('abc'), undefined)
  assert.equal(D.parse('-012.50e1'), { negative: true, digits: '125', exponent: 3 }) // -0.125 × 10^3
  assert.equal(D.parse('-0.00'), { negative: false, digits: '', exponent: 0 })
  assert.is(D.parseCached('12.5'), D.parseCached('12.5'))
  assert.equal(D.parseCached('12.5'), D.parse('12.5'))
  assert.is(D.parseCached('x'), undefined)
})

test('the limits: dynamongo validation messages for strings, DynamoDB messages for results', () => {
  assert.is(D.checkString('12'), undefined)
  assert.is(D.checkString('-0'), undefined)
  assert.is(D.checkString('0e999'), undefined)
  assert.is(D.checkString('abc'), '"abc" is not a number')
  assert.is(D.checkString(''), '"" is not a number')
  assert.is(D.checkString('1.2.3'), '"1.2.3" is not a number')
  assert.is(D.checkString('1' + '0'.repeat(37) + '1'), `1${'0'.repeat(37)}1 has 39 significant digits (DynamoDB keeps at most 38)`)
  assert.is(D.checkString('1' + '0'.repeat(40)), undefined)
  assert.is(D.checkString('1e126'), "1e126 is beyond DynamoDB's largest magnitude (9.99…E+125)")
  assert.is(D.checkString('1e-131'), "1e-131 is below DynamoDB's smallest magnitude (1E-130)")
  assert.is(D.checkString('1e-130'), undefined)
  const d = (s: string) => D.parse(s) as D.Decimal
  assert.is(D.check(d('1' + '0'.repeat(37) + '1')), 'DynamoDB only supports precision up to 38 digits')
  assert.is(D.check(d('1e126')), 'Number overflow: magnitude larger than supported range')
  assert.is(D.check(d('1e-131')), 'Number underflow: magnitude smaller than supported range')
  assert.is(D.check(d('0')), undefined)
})

test('a number DynamoDB cannot read: an exponent, or a scale, beyond 32 bits (its BigDecimal), even of zero', () => {
  // DynamoDB Local refuses each of these ('A value provided cannot be converted into a number')
  for (const s of ['0E-2147483648', '0E99999999999', '-0.0E-99999999999', '0E+2147483648', '0.0E-2147483647', '1E-99999999999', '1e2147483648']) {
    assert.is(D.parse(s), undefined, s)
    assert.match(D.checkString(s) ?? 'taken', /not a number/, s)
  }
  // and reads these: a 32-bit exponent whose scale (fraction digits less the exponent) is 32-bit too
  for (const s of ['0E2147483647', '0E-2147483647', '0.0E-2147483646', '0e999', '0E+0000000000000000002147483647']) {
    assert.equal(D.parse(s), { negative: false, digits: '', exponent: 0 }, s)
    assert.is(D.checkString(s), undefined, s)
  }
})

test('size: the documented examples', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['0', 1], ['-0.000', 1], ['1', 2], ['100', 2], ['101', 3], ['1.1', 3], ['0.12', 2], ['-1', 3], ['1E+2', 2],
    // 38 digits: 19 pairs when aligned on the point, 20 when not; the sign costs 1 only under 20 pairs
    ['1' + '1'.repeat(37), 20], ['-' + '1'.repeat(38), 21], ['0.' + '1'.repeat(38), 20], ['-0.' + '1'.repeat(38), 21],
    ['1.' + '1'.repeat(37), 21], ['-1.' + '1'.repeat(37), 21],
  ]
  for (const [s, n] of cases) assert.is(D.size(s), n, s)
})

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

test('the one parser accepts exactly the number syntax (1,000 cases)', () => {
  fc.assert(
    fc.property(fc.oneof(junk, written), (s) => {
      assert.is(D.parse(s) !== undefined, syntax.test(s), s)
      assert.is(D.checkString(s) === `${JSON.stringify(s)} is not a number`, !syntax.test(s), s)
    }),
    { seed: 101, numRuns: 1000 },
  )
})

test('parse and format: the value is kept, the canonical form is a fixed point (1,000 cases)', () => {
  fc.assert(
    fc.property(written, (s) => {
      const d = D.parse(s) as D.Decimal
      const c = D.format(d)
      assert.is(D.canonical(c), c)
      assert.equal(D.parse(c), d)
      assert.is(D.canonical(s), c)
      assert.is(oracleCompare(scaled(c), scaled(s)), 0, `${c} = ${s}`)
      assert.ok(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/.test(c), c)
      assert.is(D.equals(s, c), true)
    }),
    { seed: 102, numRuns: 1000 },
  )
})

test('compare agrees with BigInt comparison (1,000 cases)', () => {
  fc.assert(
    fc.property(written, written, (a, b) => {
      const expected = oracleCompare(scaled(a), scaled(b))
      assert.is(D.compare(D.parse(a) as D.Decimal, D.parse(b) as D.Decimal), expected, `${a} vs ${b}`)
      assert.is(D.compareStrings(a, b), expected)
      assert.is(D.compareStrings(b, a), -expected || 0)
      assert.is(D.equals(a, b), expected === 0)
    }),
    { seed: 103, numRuns: 1000 },
  )
})

test('add and subtract are exact: BigInt arithmetic (1,000 cases)', () => {
  fc.assert(
    fc.property(written, written, (a, b) => {
      const [x, y, scale] = align(scaled(a), scaled(b))
      const da = D.parse(a) as D.Decimal
      const db = D.parse(b) as D.Decimal
      const sum = D.add(da, db)
      const difference = D.subtract(da, db)
      assert.is(oracleCompare(scaled(D.format(sum)), { coefficient: x + y, scale }), 0, `${a} + ${b}`)
      assert.is(oracleCompare(scaled(D.format(difference)), { coefficient: x - y, scale }), 0, `${a} - ${b}`)
      // results are normalised like parsed numbers
      assert.equal(sum, D.parse(D.format(sum)))
      assert.equal(difference, D.parse(D.format(difference)))
      assert.equal(D.negate(D.negate(da)), da)
    }),
    { seed: 104, numRuns: 1000 },
  )
})

test('size of plain integers (its fast path) follows the rule too, trailing zeros included (1,000 cases)', () => {
  const plain = fc
    .tuple(fc.constantFrom('', '-'), fc.stringMatching(/^[1-9]\d{0,37}$/), fc.integer({ min: 0, max: 40 }))
    .map(([sign, digits, zeros]) => sign + digits + '0'.repeat(zeros))
  fc.assert(
    fc.property(plain, (s) => assert.is(D.size(s), oracleSize(scaled(s)), s)),
    { seed: 106, numRuns: 1000 },
  )
})

test('size of plain decimals (its one-pass path) follows the rule: points, leading and trailing zeros, `.5`, `1.` (2,000 cases)', () => {
  const plainDecimal = fc
    .record({
      sign: fc.constantFrom('', '-'),
      int: fc.oneof(fc.stringMatching(/^0{0,3}\d{0,20}$/), fc.stringMatching(/^[1-9]\d{0,44}$/)),
      frac: fc.option(fc.stringMatching(/^0{0,5}\d{0,20}0{0,3}$/)),
    })
    .filter((r) => r.int !== '' || (r.frac !== null && r.frac !== ''))
    .map((r) => r.sign + r.int + (r.frac === null ? '' : '.' + r.frac))
  fc.assert(
    fc.property(plainDecimal, (s) => assert.is(D.size(s), oracleSize(scaled(s)), s)),
    { seed: 107, numRuns: 1000 },
  )
  // what JS writes for a double: plain below 1e21 and from 1e-6, with an exponent beyond
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => assert.is(D.size(String(n)), oracleSize(scaled(String(n))), String(n))),
    { seed: 108, numRuns: 1000 },
  )
})

test('size of what is not a number is 1, on its one-pass path too, for strings over the number alphabet (1,000 cases)', () => {
  fc.assert(
    fc.property(junk, (s) => {
      const d = D.parse(s)
      assert.is(D.size(s), d === undefined || d.digits === '' ? 1 : oracleSize(scaled(s)), s)
    }),
    { seed: 109, numRuns: 1000 },
  )
})

test('size follows the documented rule, counted in base 100 (1,000 cases)', () => {
  fc.assert(
    fc.property(written, (s) => assert.is(D.size(s), oracleSize(scaled(s)), s)),
    { seed: 105, numRuns: 1000 },
  )
})

test('the limits: 38 significant digits, leading digit within 10^-130 … 10^125 (1,000 cases)', () => {
  fc.assert(
    fc.property(written, (s) => {
      const sh = shape(scaled(s))
      const storable = sh === undefined || (sh.significant <= 38 && sh.lead <= 125 && sh.lead >= -130)
      const why = D.checkString(s)
      const dynamo = D.check(D.parse(s) as D.Decimal)
      assert.is(why === undefined, storable, s)
      assert.is(dynamo === undefined, storable, s)
      if (sh !== undefined && sh.significant > 38) {
        assert.is(why, `${s} has ${sh.significant} significant digits (DynamoDB keeps at most 38)`)
        assert.is(dynamo, 'DynamoDB only supports precision up to 38 digits')
      } else if (sh !== undefined && sh.lead > 125) assert.is(dynamo, 'Number overflow: magnitude larger than supported range')
      else if (sh !== undefined && sh.lead < -130) assert.is(dynamo, 'Number underflow: magnitude smaller than supported range')
    }),
    { seed: 106, numRuns: 1000 },
  )
})

test.run()

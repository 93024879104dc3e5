/**
 * What every stored text of a key field holds (`model/held`): the facts read from a
 * `Field.string` regex hold for every string the regex takes (fast-check draws them with
 * `stringMatching`), and the facts of the codecs `Model.make` decides templates by.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as Field from '../../../lib/codec/Field.js'
import { heldBy, meet, ofRegex, nothing, type Held } from '../../../lib/model/held.js'

const regexes: ReadonlyArray<RegExp> = [
  /^[a-z]+:[a-z]+$/,
  /^(ab|cd)-x$/,
  /^v[0-9]+\.[0-9]+$/,
  /^[a-z]+#end$/,
  /^a:b$/i,
  /^[A-F0-9]{2}(:[A-F0-9]{2}){5}$/,
  /x\.y/,
  /^(?:foo|bar)+-(\d{2,4})?$/,
  /^(?<k>[a-z]+)=(?<v>[^;]*);$/,
  /^(a|b|c)\d+$/,
  /^\w+@\w+\.com$/,
  /^[\s\S]*\/$/,
  /^(?:ab)*z$/,
  /^\u0041\x42\t\\$/,
  /^a{2}b{1,3}c?$/,
  /^(x|xy)(y|)$/,
  /^[-.]+[^-]$/,
  /:$/m,
  /^[!-/]$/,
]

/** Whether `s` bears out every fact of `h`. */
const bears = (h: Held, s: string): boolean =>
  h.within.every((w) => s.includes(w)) && s.endsWith(h.suffix) && (h.low === Infinity || [...s].some((ch) => (ch.codePointAt(0) as number) <= h.low))

const regex = suite('ofRegex')

regex('every string a regex takes holds what ofRegex says its matches hold', () => {
  // fast-check draws for no i or m flag: a case-insensitive regex's strings are drawn without
  // it and each letter's case flipped at random (each such string it takes); a multiline one's
  // without it (some of the strings it takes)
  const flipped = (s: string, flips: ReadonlyArray<boolean>): string =>
    [...s].map((ch, i) => (flips[i % Math.max(flips.length, 1)] === true ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch)).join('')
  for (const r of regexes) {
    const h = ofRegex(r)
    const base = new RegExp(r.source, r.flags.replace(/[im]/g, ''))
    fc.assert(
      fc.property(fc.stringMatching(base), fc.array(fc.boolean()), (s, flips) => {
        const x = r.flags.includes('i') ? flipped(s, flips) : s
        return r.test(x) && bears(h, x)
      }),
      { seed: 7, numRuns: 200 },
    )
  }
})

regex('golden: what it reads of some regexes', () => {
  assert.equal(ofRegex(/^[a-z]+:[a-z]+$/), { within: [':'], suffix: '', low: 0x3a })
  assert.equal(ofRegex(/^(ab|cd)-x$/).suffix, '-x')
  assert.ok(ofRegex(/^(ab|cd)-x$/).within.some((w) => w.includes('-')))
  // a letter of a case-insensitive pattern may be either case: only what has no case is known
  assert.equal(ofRegex(/^a:b$/i), { within: [':'], suffix: '', low: 0x3a })
  assert.equal(ofRegex(/^[a-z]+$/i).low, Infinity)
  // without the u flag, '$' with m, the v flag, a backreference: nothing past what is certain
  assert.equal(ofRegex(/:$/m).suffix, '')
  assert.equal(ofRegex(new RegExp('^a:b$', 'v')), nothing)
  assert.equal(ofRegex(/^(.*)\1$/), { within: [], suffix: '', low: Infinity })
  assert.equal(ofRegex(/^(\d+)-\1$/), { within: ['-'], suffix: '', low: 0x2d })
  // a lookahead looks without matching
  assert.equal(ofRegex(/^(?=.*:)[a-z]+$/), { within: [], suffix: '', low: 0x7a })
  // what it does not read tells nothing (a group of a syntax it does not know, built past the type of a literal)
  assert.equal(ofRegex({ source: '^(?x):$', flags: '' } as RegExp), nothing)
})

regex('no false facts: \\k without u or a named group, a class range over the surrogates without u (astral strings), deep nesting, long literals', () => {
  // without the u flag and named groups, \k is the letter k: /\k|a>b/ matches 'k'
  assert.ok(/\k|a>b/.test('k'))
  assert.ok(bears(ofRegex(/\k|a>b/), 'k'))
  assert.equal(ofRegex(/^(?<n>a)\k<n>:$/).suffix, ':')
  // an escaped '(' before '?<' names no group: \k is k, and what follows it no group name
  assert.ok(/\(?<x\k|a>b/.test('a>b'))
  assert.ok(bears(ofRegex(/\(?<x\k|a>b/), 'a>b'))
  // without u a class matches one UTF-16 unit: half of an astral character's pair
  for (const [r, s] of [[/^[\u0000-\uffff]{1,64}$/, '\u{1F642}'], [/^[a-\ud800]+$/, '\ud800'], [/^[\u0100-\ue000]+$/, '\ud83d\ude42'],
    [/^[^a]+$/, '\u{1F642}'], [/^.+$/, '\u{1F642}']] as const) {
    assert.ok(r.test(s), String(r))
    assert.ok(bears(ofRegex(r), s), String(r))
  }
  // with u a class matches a code point: no astral one here
  assert.is(ofRegex(/^[\u0000-\uffff]+$/u).low, 0xffff)
  // a nesting too deep to read tells nothing (V8 takes it)
  const deep = new RegExp('('.repeat(5000) + 'a:' + ')'.repeat(5000))
  assert.ok(deep.test('a:'))
  assert.equal(ofRegex(deep), nothing)
  assert.equal(ofRegex(new RegExp('('.repeat(50) + 'a:' + ')'.repeat(50) + '$')).suffix, 'a:')
  // a long literal: what it holds (its last characters as its end)
  const long = 'ab'.repeat(5000)
  const h = ofRegex(new RegExp('^[0-9]' + long + ':' + long + '$'))
  assert.ok(bears(h, '0' + long + ':' + long))
  assert.ok(h.within.some((w) => w.includes('b:a')))
  assert.ok(long.endsWith(h.suffix) && h.suffix.length >= 64, h.suffix)
})

const codecs = suite('heldBy')

codecs('literals name every value; number limits; the date-times\' fixed ends', () => {
  assert.equal(heldBy(t.union([t.literal('a:b'), t.literal('c:d')])).values, [{ S: 'a:b' }, { S: 'c:d' }])
  assert.equal(heldBy(t.keyof({ x: null })).values, [{ S: 'x' }])
  assert.equal(heldBy(t.union([t.literal(1e21), t.literal(-0.5)])).values, [{ N: '1000000000000000000000' }, { N: '-0.5' }])
  assert.equal(heldBy(Field.int({ max: -1 })).within, ['-'])
  assert.equal(heldBy(Field.float({ min: 0.1, max: 0.9 })).within, ['.'])
  assert.equal(heldBy(Field.int({ min: -1 })).within, [])
  assert.is(heldBy(Field.dateTime).suffix, 'Z')
  assert.is(heldBy(Field.pynamoDateTime).suffix, '+0000')
  assert.equal(heldBy(t.string), nothing)
  // bounds given past the types tell nothing (and Model.make still answers by its contract)
  assert.equal(heldBy(Field.string({ regex: 'a:b' as never })), nothing)
  assert.equal(heldBy(Field.int({ min: 'x' as never, max: 'y' as never })).within, [])
})

regex('a meet reads a bounded part of each side, and still keeps the facts both hold at their start', () => {
  // a Held of 100,000 texts of which the meet may read the first 64 only: reading on throws
  // (unbounded, it read every text of each side for each text and character of both, quadratic:
  // a key field's regex of two alternatives of 8,000 characters each took seconds in Model.make)
  const texts = Array.from({ length: 100_000 }, (_, i) => `t${i}#`)
  const guarded = (): ReadonlyArray<string> =>
    new Proxy(texts, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^[0-9]+$/.test(key) && Number(key) >= 64) throw new Error(`text ${key} read`)
        return Reflect.get(target, key, receiver)
      },
    })
  const a: Held = { within: guarded(), suffix: 'Z', low: 0x23 }
  const b: Held = { within: guarded(), suffix: 'Z', low: 0x30 }
  const m = meet(a, b)
  assert.ok(m.within.includes('#') && m.within.includes('t0#'), JSON.stringify(m.within.slice(0, 8)))
  assert.is(m.suffix, 'Z')
  assert.is(m.low, 0x30)
  // a regex of two long alternatives sharing a text: read, the shared text kept
  const alt = (k: number) => Array.from({ length: 4000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7 + k) % 20000)) + '.').join('')
  const r = ofRegex(new RegExp(`^(?:${alt(0)}|${alt(1)})#$`))
  assert.is(r.suffix, '#')
})

regex.run()
codecs.run()

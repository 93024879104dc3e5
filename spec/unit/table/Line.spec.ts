/**
 * The export line format (`lib/table/Line.ts`): `show` then `parse` gives the item back for
 * every type; `parse` names what is wrong with a line that is no item.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import * as Item from '../../../lib/codec/Item.js'
import * as Line from '../../../lib/table/Line.js'
import { mapsEqual } from '../../../lib/rules/compare.js'
import { unreadableMessage } from '../../../lib/rules/path.js'
import { attributeValue, stringValue } from '../../arb/items.js'

const item = {
  pk: { S: 'é😀\n"q"' },
  n: { N: '-12345678901234567890123456789012345678' },
  b: { B: new Uint8Array([0, 255, 128]) },
  ss: { SS: ['a', ''] },
  ns: { NS: ['1', '1E+2'] },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([])] },
  m: { M: { 'clé 🔑': { L: [{ NULL: true }, { BOOL: false }, { M: {} }] } } },
  t: { BOOL: true },
}

test('show: one line, DynamoDB JSON, binaries base64', () => {
  const line = Line.show(item)
  assert.not.match(line, /\n/)
  assert.equal(JSON.parse(line).Item.b, { B: 'AP+A' })
  assert.equal(JSON.parse(line).Item.bs, { BS: ['AQ==', ''] })
})

test('show: DEL, C1, the bidirectional controls and U+2028/9 in a value or a name are escaped (\\u009b), the same JSON value', () => {
  const dangerous = ['\u007f', '\u0080', '\u009b', '\u009f', '\u061c', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069']
  const odd = { a: { S: '\u009b2J\u202e' }, [`n${dangerous.join('')}`]: { M: { [dangerous.join('')]: { SS: dangerous } } } }
  const line = Line.show(odd)
  for (const c of [...dangerous, '\u001b']) assert.not.ok(line.includes(c), `U+${c.charCodeAt(0).toString(16)} is raw in ${line}`)
  assert.ok(line.includes('"\\u009b2J\\u202e"'), line)
  assert.equal(JSON.parse(line), JSON.parse(JSON.stringify({ Item: odd })))
  const back = Line.parse(line)
  assert.ok(E.isRight(back) && mapsEqual(back.right, odd))
})

test('parse(show(item)) is the item', () => {
  assert.equal(Line.parse(Line.show(item)), E.right(item))
})

test('show: the exact line, attributes in their order, an attribute named __proto__ kept', () => {
  assert.is(
    Line.show(item),
    '{"Item":{"pk":{"S":"é😀\\n\\"q\\""},"n":{"N":"-12345678901234567890123456789012345678"},"b":{"B":"AP+A"},"ss":{"SS":["a",""]},' +
      '"ns":{"NS":["1","1E+2"]},"bs":{"BS":["AQ==",""]},"m":{"M":{"clé 🔑":{"L":[{"NULL":true},{"BOOL":false},{"M":{}}]}}},"t":{"BOOL":true}}}',
  )
  assert.is(Line.show(JSON.parse('{"__proto__":{"S":"x"},"a":{"M":{"__proto__":{"N":"1"}}}}')), '{"Item":{"__proto__":{"S":"x"},"a":{"M":{"__proto__":{"N":"1"}}}}}')
})

test('show: a value of several type members shows the first of S, N, BOOL, NULL, M, L, B, SS, NS, BS; of none, NULL; an absent attribute is left out', () => {
  const odd = { a: { N: '1', S: 'x' }, b: { BS: [new Uint8Array([1])], NS: ['2'] }, c: {}, d: undefined, e: { BOOL: true, NULL: true } } as unknown as Line.AttributeMap
  assert.is(Line.show(odd), '{"Item":{"a":{"S":"x"},"b":{"NS":["2"]},"c":{"NULL":true},"e":{"BOOL":true}}}')
})

test('parse(show(item)) is the item and shows as the same line, for any item (every type, nested, unicode and __proto__ names)', () => {
  const name = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), stringValue, fc.constantFrom('__proto__', 'toJSON', '"\\\n'))
  fc.assert(
    fc.property(fc.dictionary(name, attributeValue(3), { maxKeys: 6 }), (it) => {
      const line = Line.show(it)
      assert.not.match(line, /\n/)
      const back = Line.parse(line)
      // the same values (fast-check's maps have no prototype: compared by value), and the same text again
      assert.ok(E.isRight(back) && mapsEqual(back.right, it), line)
      assert.is(Line.show((back as E.Right<Line.AttributeMap>).right), line)
    }),
    { numRuns: 2000 },
  )
})

test('parse: what is wrong with a line', () => {
  const bad: Array<[string, string]> = [
    ['{"Item":', 'not JSON: '],
    ['[1]', 'a line must be {"Item":{…}}'],
    ['{"Item":{},"x":1}', 'a line must be {"Item":{…}}'],
    ['{"Item":{"a":{"S":1}}}', 'a: S must be a string'],
    ['{"Item":{"a":{"N":1}}}', 'a: N must be a string of digits'],
    ['{"Item":{"a":{"S":"x","N":"1"}}}', 'a: an attribute value has exactly one type key, this one S, N'],
    ['{"Item":{"a":{"B":"%%"}}}', 'a: a binary must be a base64 string'],
    ['{"Item":{"a":{"SS":[]}}}', 'a: SS must be a non-empty list of strings'],
    ['{"Item":{"a":{"M":{"b":{"L":[{"X":1}]}}}}}', 'a.b[0]: "X" is not a DynamoDB type'],
    ['{"Item":{"a":{"NULL":false}}}', 'a: NULL must be true'],
    [`{"Item":{"a":${'{"L":['.repeat(40)}{"NULL":true}${']}'.repeat(40)}}}`, "a list or map nested deeper than 32 levels (DynamoDB's; the item is level 1)"],
  ]
  for (const [line, why] of bad) {
    const r = Line.parse(line)
    assert.ok(E.isLeft(r), line)
    assert.ok((r as E.Left<string>).left.startsWith(why) || (r as E.Left<string>).left.includes(why), `${line}: ${(r as E.Left<string>).left}`)
  }
})

test('parse: a list or map at level 33 (the item level 1) is refused, an empty one too (DynamoDB refuses it, as Item.encode does); a scalar or a set there, or an empty list or map at level 32, is read', () => {
  const nest = (levels: number, kind: 'L' | 'M', inner: string): string => `${(kind === 'L' ? '{"L":[' : '{"M":{"k":').repeat(levels)}${inner}${(kind === 'L' ? ']}' : '}}').repeat(levels)}`
  for (const kind of ['L', 'M'] as const) {
    for (const inner of ['{"L":[]}', '{"M":{}}', '{"L":[{"S":"x"}]}']) {
      const r = Line.parse(`{"Item":{"a":${nest(31, kind, inner)}}}`)
      assert.ok(E.isLeft(r) && r.left.includes("a list or map nested deeper than 32 levels (DynamoDB's; the item is level 1)"), `${kind} ${inner}: ${JSON.stringify(r)}`)
    }
    for (const [levels, inner] of [[31, '{"S":"x"}'], [31, '{"SS":["a"]}'], [31, '{"BS":["AA=="]}'], [30, '{"L":[]}'], [30, '{"M":{}}']] as const) {
      assert.ok(E.isRight(Line.parse(`{"Item":{"a":${nest(levels, kind, inner)}}}`)), `${kind} ${levels} ${inner}`)
    }
  }
})

test('parse: a lone surrogate (JSON text "\\ud800") in a string, a number, a set member or a name, at any depth, is refused as every write refuses it (DynamoDB would read it as "?")', () => {
  const bad: Array<[string, string]> = [
    ['{"Item":{"a":{"S":"x\\ud800y"}}}', 'a: a lone surrogate'],
    ['{"Item":{"a":{"S":"\\udc00"}}}', 'a: a lone surrogate'],
    ['{"Item":{"a":{"N":"1\\ud800"}}}', 'a: a lone surrogate'],
    ['{"Item":{"a":{"SS":["ok","\\ud83d"]}}}', 'a: a lone surrogate'],
    ['{"Item":{"a":{"NS":["1","\\ud83d"]}}}', 'a: a lone surrogate'],
    ['{"Item":{"a":{"M":{"b":{"L":[{"S":"ok"},{"S":"\\ud800"}]}}}}}', 'a.b[1]: a lone surrogate'],
    ['{"Item":{"x\\ud800":{"S":"ok"}}}', ': a lone surrogate'],
    ['{"Item":{"a":{"M":{"k\\udfff":{"S":"ok"}}}}}', ': a lone surrogate'],
  ]
  for (const [line, why] of bad) {
    const r = Line.parse(line)
    assert.ok(E.isLeft(r), line)
    assert.ok((r as E.Left<string>).left.includes(why), `${line}: ${(r as E.Left<string>).left}`)
  }
  // a pair written as two escapes is one character, well formed
  const pair = Line.parse('{"Item":{"a":{"S":"\\ud83d\\ude00"},"\\ud83d\\ude00":{"SS":["\\ud83d\\ude00"]}}}')
  assert.ok(E.isRight(pair))
  assert.equal((pair as E.Right<Record<string, unknown>>).right, { a: { S: '😀' }, '😀': { SS: ['😀'] } })
})

test('parse: an attribute named __proto__ stays an attribute', () => {
  const r = Line.parse('{"Item":{"__proto__":{"S":"x"}}}')
  assert.ok(E.isRight(r))
  assert.equal(Object.keys((r as E.Right<Record<string, unknown>>).right), ['__proto__'])
})

test('surelyWithin: an item is never larger than 3 bytes per code unit of its line (unicode names and values, every type, nested)', () => {
  const items = fc.dictionary(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), stringValue), attributeValue(3), { maxKeys: 6 })
  fc.assert(
    fc.property(items, (item) => {
      const line = Line.show(item)
      assert.ok(Item.size(item) <= 3 * line.length, line)
      assert.ok(Line.surelyWithin(line, Item.size(item) + 3 * line.length))
    }),
    { numRuns: 2000 },
  )
  // the bound is the line's length: a line over a third of the limit is not surely within it
  assert.not.ok(Line.surelyWithin('x'.repeat(136_534), 400 * 1024))
  assert.ok(Line.surelyWithin('x'.repeat(136_533), 400 * 1024))
})

test('parse: the path of a value deep inside, and of a binary in a set', () => {
  assert.equal(Line.parse('{"Item":{"a":{"L":[{"S":"x"},{"M":{"b c":{"L":[{"N":"1"},{"B":1}]}}}]}}}'), E.left('a[1].b c[1]: a binary must be a base64 string'))
  assert.equal(Line.parse('{"Item":{"a":{"BS":["AA==","%"]}}}'), E.left('a: a binary must be a base64 string'))
  assert.equal(Line.parse('{"Item":{"a":{}}}'), E.left('a: an attribute value has exactly one type key, this one none'))
})

test('storedWhy: what DynamoDB refuses of an item written as it is, with its path (Data.spec holds DynamoDB Local to every case); what it stores is undefined', () => {
  const why = (line: string): string | undefined => Line.storedWhy((Line.parse(line) as E.Right<Line.AttributeMap>).right)
  assert.is(why('{"Item":{"a":{"N":"+1"},"b":{"SS":[""]},"c":{"NS":["1","2"]},"d":{"BS":["AA==","AQ=="]},"m":{"M":{"__proto__":{"M":{"x":{"L":[{"N":"1e-130"}]}}}}}}}'), undefined)
  assert.is(why('{"Item":{"a":{"N":"1e-131"}}}'), "a: 1e-131 is below DynamoDB's smallest magnitude (1E-130)")
  assert.is(why('{"Item":{"a":{"M":{"b":{"L":[{"S":"x"},{"NS":["1","1.00"]}]}}}}}'), 'a.b[1]: a set holds one member twice (1.00): DynamoDB refuses it')
  assert.is(why('{"Item":{"a":{"BS":["AA==","AA=="]}}}'), 'a: a set holds one member twice (1 bytes): DynamoDB refuses it')
  assert.is(why('{"Item":{"a":{"M":{"":{"S":"x"}}}}}'), 'a: an attribute name must not be empty')
  assert.is(why('{"Item":{"":{"S":"x"}}}'), ': an attribute name must not be empty')
})

test('storedWhy: a top-level attribute named __proto__ is stored (DynamoDB stores it, and a dump reads its value from DynamoDB\'s answer: Load.spec), a nested map key so named is data; what is inside it is checked', () => {
  const why = (line: string): string | undefined => Line.storedWhy((Line.parse(line) as E.Right<Line.AttributeMap>).right)
  assert.is(why('{"Item":{"pk":{"S":"k"},"__proto__":{"S":"x"}}}'), undefined)
  assert.is(why('{"Item":{"__proto__":{"M":{"__proto__":{"N":"1"}}},"pk":{"S":"k"}}}'), undefined)
  assert.is(why('{"Item":{"__proto__":{"M":{"":{"N":"1"}}},"pk":{"S":"k"}}}'), '__proto__: an attribute name must not be empty')
  assert.is(why('{"Item":{"pk":{"S":"k"},"m":{"M":{"__proto__":{"S":"x"}}},"l":{"L":[{"M":{"__proto__":{"N":"1"}}}]}}}'), undefined)
})

test('lostWhy: an attribute that came without its value (the SDK reads a top-level __proto__ so) is named; an item whose attributes all have values is undefined', () => {
  const item: Line.AttributeMap = JSON.parse('{"pk":{"S":"k"},"__proto__":{"S":"x"}}')
  assert.is(Line.lostWhy(item), undefined)
  Object.defineProperty(item, '__proto__', { value: undefined, enumerable: true })
  assert.is(Line.lostWhy(item), `"__proto__" came without its value (${unreadableMessage})`)
  assert.is(Line.lostWhy({ pk: { S: 'k' }, other: undefined as never }), '"other" came without its value')
  assert.is(Line.lostWhy(JSON.parse('{"pk":{"S":"k"},"m":{"M":{"__proto__":{"S":"nested"}}}}')), undefined)
})

test('parse: a name given twice in one object (JSON.parse keeps the last value) is refused with its path, at any depth, a type key and "Item" too; a name once in each of two objects, or ": and quotes inside strings, is read', () => {
  const twice: Array<[string, string]> = [
    ['{"Item":{"a":{"S":"x"},"a":{"S":"y"}}}', '"a" is given twice in one object'],
    ['{"Item":{"a":{"S":"x"},"b":{"N":"1"},"a":{"S":"x"}}}', '"a" is given twice in one object'],
    ['{"Item":{"a":{"S":"x","S":"y"}}}', 'a: "S" is given twice in one object'],
    ['{"Item":{"a":{"M":{"b":{"L":[{"M":{"c":{"N":"1"}, "c" :{"N":"2"}}}]}}}}}', 'a.b[0]: "c" is given twice in one object'],
    ['{"Item":{"a":{"L":[{"NULL":true},{"M":{"\\u0063":{"N":"1"},"c":{"N":"2"}}}]}}}', 'a[1]: "c" is given twice in one object'],
    ['{"Item":{"__proto__":{"S":"x"},"__proto__":{"S":"y"}}}', '"__proto__" is given twice in one object'],
    ['{"Item":{"a":{"S":"x"}},"Item":{"a":{"S":"y"}}}', '"Item" is given twice in one object'],
  ]
  for (const [line, why] of twice) {
    const r = Line.parse(line)
    assert.ok(E.isLeft(r), line)
    assert.ok((r as E.Left<string>).left.startsWith(why), `${line}: ${(r as E.Left<string>).left}`)
  }
  const once = [
    '{"Item":{"a":{"M":{"a":{"S":"a"}}},"b":{"M":{"a":{"S":"\\":\\" \\\\\\":x"}}},"c":{"L":[{"M":{"a":{"S":"x"}}},{"M":{"a":{"S":"y"}}}]}}}',
    '{"Item":{"k":{"S":"\\\\"}, "s":{"SS":["a\\":","b : c"]}}}',
  ]
  for (const line of once) assert.ok(E.isRight(Line.parse(line)), `${line}: ${JSON.stringify(Line.parse(line))}`)
})

test('parse: a line nested far deeper than an item can be (JSON.parse reads 200,000 lists in one, or 500,000 raw arrays) is refused, never a throw', () => {
  for (const [deep, why] of [
    [`{"Item":{"a":${'{"L":['.repeat(200_000)}{"NULL":true}${']}'.repeat(200_000)}}}`, 'nested deeper than 32 levels'],
    [`{"Item":{"a":{"L":[${'['.repeat(500_000)}${']'.repeat(500_000)}]}}}`, 'a[0]: an attribute value must be an object'],
  ] as const) {
    let r: E.Either<string, Line.AttributeMap> | undefined
    assert.not.throws(() => (r = Line.parse(deep)))
    assert.ok(r !== undefined && E.isLeft(r) && r.left.includes(why), JSON.stringify(r).slice(0, 200))
  }
})

test.run()

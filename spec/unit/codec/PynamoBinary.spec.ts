import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as F from '../../../lib/codec/Field.js'
import * as C from '../../../lib/ast/Condition.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Model from '../../../lib/model/Model.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'

// PynamoDB up to 5.x base64-encodes a BinaryAttribute's value and botocore encodes that text
// again on the wire: DynamoDB holds the bytes of the base64 text (PynamoDB 3.4.1 wrote
// b'\x00\xffhi' as the B value whose bytes are "AP9oaQ==", checked against DynamoDB Local).
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1')

test('pynamoBinary stores the bytes of the base64 text, and reads them back (1,000 cases)', () => {
  assert.is(text(F.pynamoBinary.encode(new Uint8Array([0, 255, 104, 105]))), 'AP9oaQ==')
  assert.equal(F.pynamoBinary.decode(ascii('AP9oaQ==')), E.right(new Uint8Array([0, 255, 104, 105])))
  assert.equal(F.pynamoBinary.decode(ascii('')), E.right(new Uint8Array(0)))
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      const stored = F.pynamoBinary.encode(b)
      assert.is(text(stored), Buffer.from(b).toString('base64'))
      assert.equal(F.pynamoBinary.decode(stored), E.right(new Uint8Array(b)))
    }),
    { seed: 50, numRuns: 1_000 },
  )
  assert.is((F.pynamoBinary as unknown as { storedAs: string }).storedAs, 'B')
})

test('pynamoBinary refuses stored bytes that are no base64 text (what Field.binary wrote), naming why', () => {
  for (const bad of [new Uint8Array([104, 105]), ascii('AP9oaQ='), ascii('AP9o aQ=='), ascii('AP9oaQ==\n'), new Uint8Array([0xff, 0xfe, 0x3d, 0x3d])]) {
    const r = F.pynamoBinary.decode(bad)
    assert.ok(E.isLeft(r), text(bad))
    assert.match(r.left[0]?.message ?? '', /^expected bytes holding base64 text \(as PynamoDB up to 5\.x stores a binary\), got /)
  }
  assert.ok(E.isLeft(F.pynamoBinary.decode('AP9oaQ==')))
  assert.is(F.pynamoBinary.why('AP9oaQ=='), F.binary.why('AP9oaQ=='))
})

test('pynamoBinarySet stores each member so, and reads them back (500 cases)', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 5, selector: (b) => text(b) }), (members) => {
      const stored = F.pynamoBinarySet.encode(new Set(members))
      assert.equal([...stored].map(text).sort(), members.map((b) => Buffer.from(b).toString('base64')).sort())
      const read = F.pynamoBinarySet.decode(stored)
      assert.ok(E.isRight(read))
      assert.equal([...(E.isRight(read) ? read.right : [])].map(text).sort(), members.map(text).sort())
    }),
    { seed: 51, numRuns: 500 },
  )
  assert.ok(E.isLeft(F.pynamoBinarySet.decode(new Set([ascii('AQ=='), new Uint8Array([1])]))))
  assert.ok(E.isLeft(F.pynamoBinarySet.decode([ascii('AQ==')])))
})

test('contains on a pynamoBinarySet compares a member in its stored form, compiled and evaluated alike', () => {
  const M = Model.make({
    table: 'binaries',
    hashKey: 'id',
    codec: t.intersection([t.type({ id: t.string }), t.partial({ bs: F.pynamoBinarySet, refined: t.refinement(F.pynamoBinarySet, (s) => s.size > 0), plain: F.binarySet })]),
  })
  // PynamoDB 3.4.1 stores {b'hi'} as the BS whose member holds the bytes of "aGk="
  const item = { id: { S: '1' }, bs: { BS: [ascii('aGk=')] }, refined: { BS: [ascii('aGk=')] }, plain: { BS: [ascii('aGk=')] } }
  for (const [c, member, holds] of [
    [C.contains(M.attrs.bs, new Uint8Array([104, 105])), ascii('aGk='), true],
    [C.contains(M.attrs.refined, new Uint8Array([104, 105])), ascii('aGk='), true],
    // a plain binary set's member goes out as it is
    [C.contains(M.attrs.plain, new Uint8Array([104, 105])), new Uint8Array([104, 105]), false],
    [C.contains(M.attrs.plain, ascii('aGk=')), ascii('aGk='), true],
  ] as const) {
    const e = X.condition(c)
    assert.ok(E.isRight(e), JSON.stringify(e))
    assert.equal(Object.values(E.isRight(e) ? (e.right.values ?? {}) : {}), [{ B: member }])
    const p = Evaluate.condition(c)
    assert.ok(E.isRight(p) && p.right(item) === holds)
  }
})

test('contains on a nullable pynamoBinarySet (a union with t.null or t.undefined) compares a member in its stored form', () => {
  const M = Model.make({
    table: 'binaries',
    hashKey: 'id',
    codec: t.intersection([t.type({ id: t.string }), t.partial({ n: t.union([F.pynamoBinarySet, t.null]), u: t.union([F.pynamoBinarySet, t.undefined]) })]),
  })
  const item = { id: { S: '1' }, n: { BS: [ascii('aGk=')] }, u: { BS: [ascii('aGk=')] } }
  for (const c of [C.contains(M.attrs.n, new Uint8Array([104, 105]) as never), C.contains(M.attrs.u, new Uint8Array([104, 105]))]) {
    const e = X.condition(c)
    assert.equal(Object.values(E.isRight(e) ? (e.right.values ?? {}) : {}), [{ B: ascii('aGk=') }], JSON.stringify(e))
    const p = Evaluate.condition(c)
    assert.ok(E.isRight(p) && p.right(item) === true)
  }
})

test.run()

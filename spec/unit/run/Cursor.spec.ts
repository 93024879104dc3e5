/**
 * Cursors (lib/run/Cursor.ts): what goes in comes out; a cursor is URL-safe and opaque with a
 * key; and a property: 1,000 mutated cursors, with and without a key, are each refused with a
 * `ValidationError` (by `Cursor.decode`, and by `Dynamo.page` before any request), or (a
 * mutation that changes nothing) read as the original: the same positions, and `Dynamo.page`
 * sends the same requests (the same `ExclusiveStartKey`s) and gives the same page.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Cursor from '../../../lib/run/Cursor.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Pages from '../../../lib/run/pages.js'

const key = new Uint8Array(32).map((_, i) => i * 7 + 1)
const otherKey = new Uint8Array(32).map((_, i) => i * 5 + 3)
const expected: Cursor.Expected = { identity: 'Query|users|byName|#k0 = :v0|{":v0":{"S":"John"}}', keyNames: ['email', 'name'], segments: 2 }
const positions: Cursor.Positions = [
  { _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'john.secret@example.com' }, name: { S: 'John' } } } },
  { _tag: 'None' },
]

const right = <A>(x: E.Either<unknown, A>): A => {
  if (E.isLeft(x)) throw new Error(`expected a Right, got ${JSON.stringify(x.left)}`)
  return x.right
}

test('positions come back as they went in, with and without a key; the same positions give the same cursor', () => {
  for (const k of [undefined, key]) {
    const c = right(Cursor.encode(positions, expected.identity, k))
    assert.match(c, /^[A-Za-z0-9_-]+$/)
    assert.equal(right(Cursor.decode(c, expected, k)), positions)
    assert.is(right(Cursor.encode(positions, expected.identity, k)), c)
  }
  const bin: Cursor.Positions = [{ _tag: 'Some', value: { _tag: 'After', key: { email: { B: new Uint8Array([0, 255, 7]) }, name: { N: '-1.5E3' } } } }, { _tag: 'Some', value: { _tag: 'Start' } }]
  assert.equal(right(Cursor.decode(right(Cursor.encode(bin, expected.identity, key)), expected, key)), bin)
})

test('with a key the payload is sealed: no key value can be read from the cursor', () => {
  const open = Buffer.from(right(Cursor.encode(positions, expected.identity, undefined)), 'base64url').toString('latin1')
  const sealed = Buffer.from(right(Cursor.encode(positions, expected.identity, key)), 'base64url').toString('latin1')
  assert.ok(open.includes('john.secret'))
  assert.not.ok(sealed.includes('john.secret') || sealed.includes('email'))
})

test('a cursor of another query, of another key, or made with/without a key where the Env has none/one, is refused', () => {
  const c = right(Cursor.encode(positions, expected.identity, key))
  const plain = right(Cursor.encode(positions, expected.identity, undefined))
  const refusals = [
    Cursor.decode(c, { ...expected, identity: expected.identity + ' ' }, key),
    Cursor.decode(c, expected, otherKey),
    Cursor.decode(c, expected, undefined),
    Cursor.decode(plain, expected, key),
    Cursor.decode(plain, { ...expected, identity: 'Scan|users' }, undefined),
    Cursor.decode(plain, { ...expected, segments: 1 }, undefined),
    Cursor.decode(plain, { ...expected, keyNames: ['email'] }, undefined),
    Cursor.decode('', expected, undefined),
    Cursor.decode('a'.repeat(Cursor.maxLength + 1), expected, undefined),
    Cursor.decode(12 as never, expected, undefined),
  ]
  for (const r of refusals) assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  const short = Cursor.encode(positions, expected.identity, new Uint8Array(16))
  assert.ok(E.isLeft(short) && short.left._tag === 'ConfigError')
})

test('another spelling of the same bytes (a stray last character, unused low bits set) is refused: a cursor has one spelling', () => {
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  for (const k of [undefined, key]) {
    const c = right(Cursor.encode(positions, expected.identity, k))
    // the last character's unused low bits: 4 when the length is 2 mod 4, 2 when 3 mod 4; at 0 mod 4 none, and a stray character adds no byte
    const unused = [0, 0, 4, 2][c.length % 4] as number
    const last = b64.indexOf(c[c.length - 1] as string)
    const v = unused === 0 ? c + 'A' : c.slice(0, -1) + b64[last | ((1 << unused) - 1)]
    assert.is.not(v, c)
    assert.equal(Buffer.from(v, 'base64url'), Buffer.from(c, 'base64url'))
    const r = Cursor.decode(v, expected, k)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', v)
  }
})

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. '

/** One mutation of a string: a character replaced, deleted, inserted or two swapped; truncated; extended. */
const mutation = (length: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(length - 1), c: fc.constantFrom(...alphabet) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(length - 1), c: fc.constant('') }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(length), c: fc.constantFrom(...alphabet) }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat(length - 2), c: fc.constant('') }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(length - 1), c: fc.constant('') }),
    fc.record({ kind: fc.constant('append' as const), at: fc.constant(0), c: fc.constantFrom(...alphabet) }),
  )

const mutate = (s: string, m: { kind: string; at: number; c: string }): string => {
  switch (m.kind) {
    case 'replace':
      return s.slice(0, m.at) + m.c + s.slice(m.at + 1)
    case 'delete':
      return s.slice(0, m.at) + s.slice(m.at + 1)
    case 'insert':
      return s.slice(0, m.at) + m.c + s.slice(m.at)
    case 'swap':
      return s.slice(0, m.at) + (s[m.at + 1] ?? '') + (s[m.at] ?? '') + s.slice(m.at + 2)
    case 'truncate':
      return s.slice(0, m.at)
    default:
      return s + m.c
  }
}

// -------------------------------------------------------------------------------------
// mutated cursors, read back by `Dynamo.page`
// -------------------------------------------------------------------------------------

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number }) })
const scan = C.gt(Row.attrs.sk, 0)
const readOptions = { segments: 2, pageSize: 3 } as const

/** Items sk 1..20; segment of an item: its sk modulo the total. */
const rows: ReadonlyArray<Record<string, AttributeValue>> = Array.from({ length: 20 }, (_, i) => ({ pk: { S: i % 2 === 0 ? 'a' : 'b' }, sk: { N: String(i + 1) } }))

/** An Env whose client answers Scans (`Segment`, `Limit`, `ExclusiveStartKey`, `LastEvaluatedKey`) and records every command. */
const recorder = (cursorKey: Uint8Array | undefined) => {
  const sent: Array<{ readonly name: string; readonly input: unknown }> = []
  const send = async (command: unknown) => {
    const c = command as { constructor: { name: string }; input: Record<string, any> }
    sent.push({ name: c.constructor.name, input: c.input })
    if (!(command instanceof ScanCommand)) throw new Error(`unexpected command ${c.constructor.name}`)
    const list = rows.filter((i) => Number(i['sk']?.N) % c.input['TotalSegments'] === c.input['Segment'])
    const esk = c.input['ExclusiveStartKey'] as Record<string, AttributeValue> | undefined
    const at = esk === undefined ? 0 : list.findIndex((i) => i['sk']?.N === esk['sk']?.N) + 1
    const page = list.slice(at, at + (c.input['Limit'] ?? Infinity))
    const last = page[page.length - 1]
    const more = last !== undefined && at + page.length < list.length
    return { $metadata: {}, Items: page, Count: page.length, ScannedCount: page.length, ...(more ? { LastEvaluatedKey: { pk: last['pk'], sk: last['sk'] } } : {}) }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0, ...(cursorKey === undefined ? {} : { cursorKey }) })
  return { env, sent }
}

/** What a cursor of the read `scan` with `readOptions` must agree with (as `Dynamo.page` prepares it). */
const expectedOf = (env: Env.Env): Cursor.Expected => {
  const plan = right(Plan.make(Row, scan))
  const streams = [0, 1].map((index) => right(Pages.make(Row, Env.tableName(env, Row.table), plan, { segment: { index, total: 2 } })))
  return { identity: streams.map((s) => s.identity()).join('\n'), keyNames: (streams[0] as Pages.Stream).keyNames, segments: 2 }
}

test('1,000 mutated cursors of a page (500 with a key, 500 without): each refused with a ValidationError before any request, or unchanged and reading the same page', async () => {
  const tally = { refused: 0, same: 0 }
  for (const k of [undefined, key]) {
    const first = recorder(k)
    const c = right(await Dynamo.page(Row, scan, readOptions)(first.env)()).cursor
    assert.ok(c._tag === 'Some')
    const expected = expectedOf(first.env)
    const positions = right(Cursor.decode(c.value, expected, k))
    // the page the original cursor reads, and the requests it sends
    const original = recorder(k)
    const page = right(await Dynamo.page(Row, scan, { ...readOptions, cursor: c.value })(original.env)())
    assert.ok(original.sent.length > 0 && original.sent.some((x) => (x.input as Record<string, unknown>)['ExclusiveStartKey'] !== undefined))
    await fc.assert(
      fc.asyncProperty(mutation(c.value.length), async (m) => {
        const mutated = mutate(c.value, m)
        const decoded = Cursor.decode(mutated, expected, k)
        const run = recorder(k)
        const read = await Dynamo.page(Row, scan, { ...readOptions, cursor: mutated })(run.env)()
        if (mutated === c.value) {
          tally.same++
          return E.isRight(decoded) && JSON.stringify(decoded.right) === JSON.stringify(positions) && E.isRight(read) && JSON.stringify(read.right) === JSON.stringify(page) && JSON.stringify(run.sent) === JSON.stringify(original.sent)
        }
        tally.refused++
        return E.isLeft(decoded) && decoded.left._tag === 'ValidationError' && E.isLeft(read) && read.left._tag === 'ValidationError' && run.sent.length === 0
      }),
      { numRuns: 500, seed: 20_250_115 },
    )
  }
  assert.is(tally.refused + tally.same, 1000)
  assert.ok(tally.refused >= 950, JSON.stringify(tally))
  console.log(`  mutated cursors: ${tally.refused} refused (a ValidationError, 0 requests), ${tally.same} unchanged (the same page, the same requests)`)
})

test.run()

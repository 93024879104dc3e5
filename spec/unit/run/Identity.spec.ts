/**
 * A Query's or Scan's identity (lib/run/pages.ts's `identityText`), which every cursor is
 * bound to: two inputs of equal content (`contentOf`, what it reads of an input, written
 * here) have the same identity, two of different content different ones, and an input
 * `contentOf` does not cover is written by `canonical`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb'
import * as Pages from '../../../lib/run/pages.js'

const text = fc.constantFrom('', 'a', 'b', '1', 'a;', '=1:a', ';#n0=1:a', 'a;#a=1:b', '\n', 'S1:a', 'é')
const names = fc.dictionary(fc.constantFrom('#n0', '#n1', '#a'), fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: fc.constant(1 as unknown as string) }), { maxKeys: 2 })
const value = fc.oneof(
  { weight: 4, arbitrary: text.map((S) => ({ S })) },
  { weight: 3, arbitrary: fc.constantFrom('1', '-1', '1.0', 'a').map((N) => ({ N })) },
  { weight: 1, arbitrary: fc.constantFrom({ BOOL: true }, { NULL: true }, { SS: ['a'] }, { S: 1 }, {}) },
)
const values = fc.dictionary(fc.constantFrom(':v0', ':v1', ':a'), value, { maxKeys: 2 })

/** The members of Query and Scan inputs, from a few values; now and then one that no code covers. */
const members = {
  TableName: fc.constantFrom('t', 'u', 't\nK=1:a'),
  IndexName: fc.constantFrom('i', 'j'),
  KeyConditionExpression: text,
  FilterExpression: text,
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: values,
  ScanIndexForward: fc.boolean(),
  ConsistentRead: fc.constantFrom(true, false, undefined),
  Limit: fc.constantFrom(1, 10, 1.5),
  Segment: fc.constantFrom(0, 1),
  ReturnConsumedCapacity: fc.constantFrom('TOTAL', 'NONE'),
  AttributesToGet: fc.constant(['a']),
}

const input = fc.record(members, { requiredKeys: ['TableName'] }) as fc.Arbitrary<QueryCommandInput>

/** Two inputs that differ in at most one member (in place: the members keep their order). */
const nearPair: fc.Arbitrary<readonly [QueryCommandInput, QueryCommandInput]> = fc
  .tuple(input, fc.constantFrom(...(Object.keys(members) as Array<keyof typeof members>)))
  .chain(([a, k]) => (members[k] as fc.Arbitrary<unknown>).map((v) => [a, Object.hasOwn(a, k) ? { ...a, [k]: v } : a] as const))

/** Inputs from fewer values still: two at random are often equal or near (a string against a number of the same text). */
const tiny = fc.record(
  {
    TableName: fc.constant('t'),
    ExpressionAttributeNames: fc.dictionary(fc.constantFrom('#a', '#b'), fc.constantFrom('1', 'a', '1:a', 'a;#b=1:a'), { maxKeys: 2 }),
    ExpressionAttributeValues: fc.dictionary(fc.constantFrom(':a'), fc.constantFrom({ S: '1' }, { N: '1' }, { S: 'a' }, { N: 'a' }), { maxKeys: 1 }),
  },
  { requiredKeys: ['TableName', 'ExpressionAttributeNames'] },
) as fc.Arbitrary<QueryCommandInput>

/** The members `identityText` writes by a code of their own. */
const coded: ReadonlySet<string> = new Set([
  'TableName',
  'IndexName',
  'KeyConditionExpression',
  'FilterExpression',
  'ProjectionExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
  'ScanIndexForward',
  'ConsistentRead',
  'Select',
  'ReturnConsumedCapacity',
  'Segment',
  'TotalSegments',
  'Limit',
])

/**
 * What `identityText` reads of an input, as a flat list of primitives (the oracle of its
 * properties): each member's name and value; for the names and values maps their size, then
 * each entry's name, type (`""` for a name, `S` or `N`) and text. `false` for an input
 * `identityText` writes with `canonical`.
 */
const contentInto = (input: QueryCommandInput, into: unknown[]): boolean => {
  // written in place, not emptied first: an array emptied gives up its storage, and would grow again on every read
  let at = 0
  const members = input as unknown as Record<string, unknown>
  for (const k in members) {
    const v = members[k]
    if (v === undefined) continue
    if (!coded.has(k)) return false
    into[at++] = k
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      into[at++] = v
      continue
    }
    if ((k !== 'ExpressionAttributeNames' && k !== 'ExpressionAttributeValues') || typeof v !== 'object' || v === null) return false
    const size = at
    into[at++] = 0
    let n = 0
    for (const name in v) {
      const x = (v as Record<string, unknown>)[name]
      if (k === 'ExpressionAttributeNames') {
        if (typeof x !== 'string') return false
        into[at++] = name
        into[at++] = ''
        into[at++] = x
      } else {
        if (typeof x !== 'object' || x === null) return false
        const av = x as AttributeValue
        if (av.S !== undefined) {
          if (typeof av.S !== 'string') return false
          into[at++] = name
          into[at++] = 'S'
          into[at++] = av.S
        } else if (av.N !== undefined) {
          if (typeof av.N !== 'string') return false
          into[at++] = name
          into[at++] = 'N'
          into[at++] = av.N
        } else return false
      }
      n++
    }
    into[size] = n
  }
  into.length = at
  return true
}

const contentOf = (i: QueryCommandInput): unknown[] | undefined => {
  const into: unknown[] = []
  return contentInto(i, into) ? into : undefined
}

const sameList = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean => a.length === b.length && a.every((x, i) => x === b[i])

test('property: contentOf mirrors identityText: equal content, equal identity, and only then; an input it does not cover takes canonical', () => {
  fc.assert(
    fc.property(fc.constantFrom('Query', 'Scan'), input, fc.constantFrom('Query', 'Scan'), input, (ta, a, tb, b) => {
      const ca = contentOf(a)
      const cb = contentOf(b)
      const ia = Pages.identityText(ta, a)
      const ib = Pages.identityText(tb, b)
      assert.is(ia.startsWith(`${ta}\n{`), ca === undefined, ia)
      if (ca !== undefined && cb !== undefined) assert.is(ta === tb && sameList(ca, cb), ia === ib, `${ia} / ${ib}`)
    }),
    { numRuns: 20_000, seed: 2_026_120_503 },
  )
})

test('property: the same, for two inputs that differ in one member at most, and for two of few values', () => {
  for (const [pairs, seed] of [[nearPair, 2_026_120_505], [fc.tuple(tiny, tiny), 2_026_120_506]] as const) {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const ca = contentOf(a)
        const cb = contentOf(b)
        if (ca !== undefined && cb !== undefined) assert.is(sameList(ca, cb), Pages.identityText('Query', a) === Pages.identityText('Query', b))
      }),
      { numRuns: 20_000, seed },
    )
  }
})

test('property: an input of the same content built afresh (another object, its members in the same order) has the same content and identity', () => {
  fc.assert(
    fc.property(input, (a) => {
      const b = structuredClone(a)
      assert.equal(contentOf(b), contentOf(a))
      assert.is(Pages.identityText('Query', b), Pages.identityText('Query', a))
    }),
    { numRuns: 2000, seed: 2_026_120_504 },
  )
})

test.run()

/**
 * A Query's or Scan's identity (lib/run/pages.ts), which every cursor is bound to:
 * `contentOf`, by which the last identity made is found again without building its text,
 * must mirror `identityText`: two inputs of equal content have the same identity, two of
 * different content different ones, and an input `contentOf` does not cover is written by
 * `canonical` (never remembered).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import type { QueryCommandInput } from '@aws-sdk/client-dynamodb'
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

const contentOf = (i: QueryCommandInput): unknown[] | undefined => {
  const into: unknown[] = []
  return Pages.contentOf(i, into) ? into : undefined
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

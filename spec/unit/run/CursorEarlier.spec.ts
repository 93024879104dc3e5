/**
 * Cursors minted by an earlier build. A split read's cursor (`segments: n`) was tagged, before
 * 34f90eb, with every segment's identity joined; it is now tagged with segment 0's, marked. No
 * version byte told the two apart, so such a cursor was refused as "altered, or belongs to
 * another query". It is now refused saying it comes from an earlier dynamongo version and the
 * read must start again; a cursor of another query is still refused as foreign. A plain
 * cursor of version 1 (payload unpadded) says the same.
 *
 * The two cursors below were minted by the build before that change (34f90eb^), a page of
 * `Row`'s Scan `sk > 0` with `{ segments: 2, pageSize: 3 }` against `recorder`'s items, one
 * without a cursor key and one with `key`; that build read each back (the next page: sk 8,
 * 10, 12 of segment 0). Paced reads' cursors of earlier builds, and those of paced reads of
 * known keys (a Scan then, a BatchGetItem now): below.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Pages from '../../../lib/run/pages.js'
import * as Plan from '../../../lib/plan/Plan.js'
import { joinedIdentity } from '../../../lib/run/read.js'

const key = new Uint8Array(32).map((_, i) => i * 7 + 1)
const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number }) })
const scan = C.gt(Row.attrs.sk, 0)

const mintedPlain = 'A1tbIkEiLCJwayIsIlMiLCJiIiwic2siLCJOIiwiNiJdLCJTIl0gmDcks6PKPbO5Y5o5G99zzKdEK6VFj7U5Xh5X3AzzVA4'
const mintedSealed = 'Aq60BkhAnCq5ORZFMzthNJeogZiJ-gElK7BcZjfuS20W6g4GzA_r6vmlYRTRWwOhxeeHiGG9XNZsgGCuIUrXhQS50c4ZQwtRelwJi-HTyibhQUMp0goVeziOLlPF-reXeP0'

/** An Env whose client records every command and answers none (a refused cursor sends nothing). */
const recording = (cursorKey: Uint8Array | undefined) => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string } }) => {
    sent.push(c.constructor.name)
    throw new Error('no request is expected')
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, ...(cursorKey === undefined ? {} : { cursorKey }) }), sent }
}

const foreign = 'was altered, or belongs to another query'

/** A page of `condition` with `options` and `cursor`: refused with a message matching `says`, nothing sent. */
const refused = async (condition: Parameters<typeof Dynamo.page<typeof Row>>[1], options: object, cursor: string, cursorKey: Uint8Array | undefined, says: string | RegExp): Promise<void> => {
  const s = recording(cursorKey)
  const r = await Dynamo.page(Row, condition as never, { ...options, pageSize: 3, cursor })(s.env)()
  assert.ok(E.isLeft(r), JSON.stringify(r))
  assert.match(DE.show((r as E.Left<DE.DynamoError>).left), says)
  assert.equal(s.sent, [])
}

const earlier = /^ValidationError: cursor: was made by an earlier dynamongo version, whose cursors this one cannot read: start the read again \(without a cursor\)$/

for (const [what, cursor, cursorKey] of [
  ['without a cursor key', mintedPlain, undefined],
  ['with a cursor key', mintedSealed, key],
] as const) {
  test(`a split read's cursor minted before its identity changed (${what}): refused as from an earlier dynamongo version, start the read again; nothing sent`, async () => {
    const s = recording(cursorKey)
    const r = await Dynamo.page(Row, scan, { segments: 2, pageSize: 3, cursor })(s.env)()
    assert.ok(E.isLeft(r), JSON.stringify(r))
    assert.match(DE.show((r as E.Left<DE.DynamoError>).left), earlier)
    assert.equal(s.sent, [])
  })

  test(`that cursor on another query (a split read of 3 segments; sk > 1): refused as foreign, not as from an earlier version (${what})`, async () => {
    for (const [condition, segments] of [[scan, 3], [C.gt(Row.attrs.sk, 1), 2]] as const) await refused(condition, { segments }, cursor, cursorKey, foreign)
  })
}

test('a plain cursor of version 1 (its payload unpadded): refused as from an earlier dynamongo version, start the read again', async () => {
  const s = recording(undefined)
  const json = '[["A","pk","S","b","sk","N","6"],"S"]'
  const v1 = Buffer.concat([Buffer.of(1), Buffer.from(json), createHash('sha256').update(json).digest()]).toString('base64url')
  const r = await Dynamo.page(Row, scan, { segments: 2, pageSize: 3, cursor: v1 })(s.env)()
  assert.ok(E.isLeft(r), JSON.stringify(r))
  assert.match(DE.show((r as E.Left<DE.DynamoError>).left), earlier)
})

// -------------------------------------------------------------------------------------
// paced reads
// -------------------------------------------------------------------------------------

/*
 * A paced read's cursor (`readUnitsPerSecond`) was tagged, before c47baa8, with the paced
 * read's identity, which holds the `ReturnConsumedCapacity` pacing asks for; it is now tagged
 * with the unpaced read's (pacing is how fast a read goes, not what it reads). A cursor whose
 * tag is right for the paced identity of this very read was made by such a build: it is
 * refused saying so, whether the read now is paced or not; on another query it is foreign.
 *
 * Minted by c47baa8^ (and the split ones of 34f90eb^, which joined every segment's identity),
 * a page of `Row`'s Scan `sk > 0` with `{ readUnitsPerSecond: 5, pageSize: 3 }` (and
 * `segments: 2`), without a cursor key and with `key`; each build read its cursor back (the
 * next page: sk 4, 5, 6; split, sk 8, 10, 12 of segment 0).
 */
const paced: ReadonlyArray<readonly [string, string, Uint8Array | undefined, number | undefined]> = [
  ['a paced read, without a cursor key', 'A1tbIkEiLCJwayIsIlMiLCJhIiwic2siLCJOIiwiMyJdXSAg_ArC0mvbyCQpCBGt9eEHGK5SfxllVhOyOrekgw-R0JY', undefined, undefined],
  ['a paced read, with a cursor key', 'AongPIj2Iy89aMG6nPr4ZBXqpXIjOZmE-_TgNXoeG4_yC1kXbcHytTZs5IAD6brC87TD8Sc4xeK9XAR3sETHhG5GWN-KggtPxXXWBPJA7WuqCgYfkh515zrxgXG5fA', key, undefined],
  ['a paced split read, without a cursor key', 'A1tbIkEiLCJwayIsIlMiLCJiIiwic2siLCJOIiwiNiJdLCJTIl0gMVG3pth5aydRVKKhjCqnIWQcLRROVdSLLjl6GvXo5qQ', undefined, 2],
  ['a paced split read, with a cursor key', 'AhbpU1yWIqIRPwMDFUnRR50-Vx8VcBAjW-jIM8KnIiT7bf1ZZkoL9_-zq9dhNL6nh2ufBVqHMqmdb-LUIoiWt5YC8P1YQI8Al-YUEY2_Zu6vhpidzxzgFLUqOJKys9bkEH8', key, 2],
  ['a paced split read before 34f90eb, without a cursor key', 'A1tbIkEiLCJwayIsIlMiLCJiIiwic2siLCJOIiwiNiJdLCJTIl0gpbibWOjoxGwRs4zqnRMcrMRhoWhIbfgE5lg4q0V2iPg', undefined, 2],
  ['a paced split read before 34f90eb, with a cursor key', 'Auh_A9ORM-fNyL055BtTY7DniHAtp71irIp-D5hjCsJ8lBRKWTT81biGVK8BSank2ZQ-mk4v5_poWPYj3wn-o2qR2zvA0nubqstiGNJboaZOPnTSVqrTxS3QqYjSZwX6C4I', key, 2],
]

for (const [what, cursor, cursorKey, segments] of paced) {
  const split = segments === undefined ? {} : { segments }
  test(`${what}'s cursor, minted when pacing was part of the read's identity: refused as from an earlier dynamongo version, paced or not; nothing sent`, async () => {
    for (const rate of [{ readUnitsPerSecond: 5 }, {}]) {
      const s = recording(cursorKey)
      const r = await Dynamo.page(Row, scan, { ...split, ...rate, pageSize: 3, cursor })(s.env)()
      assert.ok(E.isLeft(r), JSON.stringify(r))
      assert.match(DE.show((r as E.Left<DE.DynamoError>).left), earlier)
      assert.equal(s.sent, [])
    }
  })

  test(`${what}'s cursor on another query (sk > 1; ${segments === undefined ? 'consistentRead' : '3 segments'}): refused as foreign`, async () => {
    for (const [condition, options] of [
      [C.gt(Row.attrs.sk, 1), { ...split, readUnitsPerSecond: 5 }],
      [scan, segments === undefined ? { consistentRead: true, readUnitsPerSecond: 5 } : { segments: 3, readUnitsPerSecond: 5 }],
    ] as const)
      await refused(condition, options, cursor, cursorKey, foreign)
  })
}

// -------------------------------------------------------------------------------------
// paced reads of known keys
// -------------------------------------------------------------------------------------

/*
 * A paced read of literal values on every key field (`eq` on the hash key, `isIn` on the range
 * key) was, before pacing reached key lists, planned as a Scan with them in its filter, and its
 * cursors tagged with that Scan's identity (unpaced). It is now the BatchGetItem of its keys,
 * whose cursors hold a place in the key list: such a cursor is refused saying it comes from an
 * earlier dynamongo version, paced or not; on another query it is foreign.
 *
 * Minted by b3198eb, a page of `Row`'s `pk = "b" AND sk IN (2, 4, 6, 8, 10, 12)` with
 * `{ readUnitsPerSecond: 5, pageSize: 3 }` against a stand-in answering the Scan with those
 * six items, without a cursor key and with `key`; that build read each back (the next page: sk
 * 8, 10, 12).
 */
const known = C.and(C.eq(Row.attrs.pk, 'b'), C.isIn(Row.attrs.sk, [2, 4, 6, 8, 10, 12]))
const pacedScans: ReadonlyArray<readonly [string, string, Uint8Array | undefined]> = [
  ['without a cursor key', 'A1tbIkEiLCJwayIsIlMiLCJiIiwic2siLCJOIiwiNiJdXSAgfJnFdLBW5O-TgBuqkmXRU3qWI1l9QIrBAxyBDSaEdK0', undefined],
  ['with a cursor key', 'AuePxiWKBD1GS4xbNPHUg2ynNbAOGkORPuJDNFP5cW-JMh4ALoDQYjDBZoK2aAvRBXNyWW3N8imV195d-uq2OyAV9jr-FPsGIwh80HZYcSfrHuEroYn2H2MCRTntvA', key],
]

for (const [what, cursor, cursorKey] of pacedScans) {
  test(`a paced read of known keys, minted when it was a Scan (${what}): refused as from an earlier dynamongo version, paced or not; nothing sent`, async () => {
    for (const rate of [{ readUnitsPerSecond: 5 }, {}]) {
      const s = recording(cursorKey)
      const r = await Dynamo.page(Row, known, { ...rate, pageSize: 3, cursor })(s.env)()
      assert.ok(E.isLeft(r), JSON.stringify(r))
      assert.match(DE.show((r as E.Left<DE.DynamoError>).left), earlier)
      assert.equal(s.sent, [])
    }
  })

  test(`that cursor on another query (other keys; consistentRead): refused as foreign (${what})`, async () => {
    for (const [condition, options] of [
      [C.and(C.eq(Row.attrs.pk, 'b'), C.isIn(Row.attrs.sk, [2, 4, 6, 8, 10])), { readUnitsPerSecond: 5 }],
      [known, { consistentRead: true, readUnitsPerSecond: 5 }],
    ] as const)
      await refused(condition, options, cursor, cursorKey, foreign)
  })
}

// -------------------------------------------------------------------------------------
// what a refused cursor costs
// -------------------------------------------------------------------------------------

/*
 * A cursor whose tag is wrong on a split read is checked against every segment's identity
 * joined, of the unpaced read and of the paced one: one stream per segment each. Both are
 * kept (by segment 0's identity), so the next refusal of that read makes segment 0's streams
 * only. Counted by the streams `joinedIdentity` is given to make, after a `Dynamo.page` call.
 */
test('a refused cursor on a split read of 50 segments: its joined identities (unpaced and paced) are kept, so the next call makes segment 0\'s stream of each, not 50 of each', async () => {
  const segments = 50
  const altered = mintedPlain.slice(0, -2) + (mintedPlain.at(-2) === 'A' ? 'B' : 'A') + mintedPlain.at(-1)
  const plan = Plan.make(Row, scan)
  assert.ok(E.isRight(plan))
  const made: boolean[] = []
  const streamOf = (paced: boolean) => (index: number) => {
    made.push(paced)
    return Pages.make(Row, 'rows', (plan as E.Right<Plan.Plan>).right, { operation: 'page', consumedCapacity: paced, segment: { index, total: segments } })
  }
  for (let call = 1; call <= 2; call++) {
    const s = recording(undefined)
    const r = await Dynamo.page(Row, scan, { segments, pageSize: 3, cursor: altered })(s.env)()
    assert.ok(E.isLeft(r), JSON.stringify(r))
    assert.match(DE.show((r as E.Left<DE.DynamoError>).left), 'was altered, or belongs to another query')
    made.length = 0
    const unpaced = joinedIdentity(segments, false, streamOf(false))
    const paced = joinedIdentity(segments, true, streamOf(true))
    assert.equal(made, [false, true], `call ${call}`)
    assert.ok(unpaced !== undefined && paced !== undefined && unpaced !== paced)
  }
})

/**
 * A hash eq with a range-key isIn through an index (or on the table, when its keys are not
 * batch-read: here paced) was a Scan with the isIn in its filter; it is now a Query of the
 * partition, the isIn checked in memory. The cursors below were minted by the build before
 * (b3198eb), a page of one item of each read (a Scan answer with a LastEvaluatedKey), without
 * a cursor key and with `key`: a Scan's position is no place in the Query, so each is refused
 * as from an earlier dynamongo version, nothing sent; the new read's own cursor goes on.
 */
const Tagged = Model.make({
  table: 'rows',
  hashKey: 'h',
  rangeKey: 'r',
  codec: t.intersection([t.type({ h: t.string, r: Field.int() }), t.partial({ x: Field.int(), tag: t.string })]),
  indexes: { byTag: Model.globalIndex({ hashKey: 'tag', rangeKey: 'r' }) },
})
const tg = Tagged.attrs
const rangeReads = [
  ['through the index the planner picks', C.and(C.eq(tg.tag, 't'), C.isIn(tg.r, [1, 2, 5])), {}, 'A1tbIkEiLCJoIiwiUyIsImEiLCJyIiwiTiIsIjIiXV0g4IJx3kWIdVSV8OW5JIquz5h3_Svd7fTVoVA_Kkj9Iak', 'ArJg5-ERqvD9-0IhPXcxM3wjMnvDQAfeyFr99Bry456AOY4LaE-4WTl-SpGTTq8uDG6UysoT0CJUipMHh-_ry8TRflbFV9K_ukuIGd1sp1b9Kl3RyWds5Uy6ixs'],
  ['through the named index', C.and(C.eq(tg.tag, 't'), C.isIn(tg.r, [1, 2, 5])), { index: 'byTag' }, 'A1tbIkEiLCJoIiwiUyIsImEiLCJyIiwiTiIsIjIiLCJ0YWciLCJTIiwidCJdXSAggRIZ8gFVmJSKx_DFDHNwvrXXCEu_hsSIEFeCvyuDvgA', 'AkZf0ilkWkM564GHgkoed-p7nwmQiS1jgsYocdgxVtztKQWR0UCoXhtPSDUpIZqku2yOrFwTz2YW8VhDBnsQXph3y9gciV69LuDRPZnfTBNlu9qtnxxF1eKQBSBKH2IseNZL-ozhmK9H9g'],
  ['on the table, paced', C.and(C.eq(tg.h, 'a'), C.isIn(tg.r, [1, 2, 5])), { readUnitsPerSecond: 10 }, 'A1tbIkEiLCJoIiwiUyIsImEiLCJyIiwiTiIsIjIiXV0gymQ4NlDzRpNrlw6Ne9-SKNLYVJXaemNuJYCBDpIisGw', 'Ar3gRY9FQVm3sOll0uCKdcEsp-8UMnATZ0n25NoyO-IXU36JJIXOPtYSSuF1kQ5AChEKPnoFp4C_4F6gELy97HYRzyjmVI2VgRYgySuR73gRB7Z6FlWAd8XTb1o'],
] as const

for (const [what, c, o, plain, sealed] of rangeReads) {
  for (const [cursor, cursorKey] of [[plain, undefined], [sealed, key]] as const) {
    test(`a range key's isIn ${what}: a cursor of the Scan it was (${cursorKey === undefined ? 'plain' : 'sealed'}) is refused as from an earlier dynamongo version; nothing sent`, async () => {
      const s = recording(cursorKey)
      const r = await Dynamo.page(Tagged, c, { pageSize: 1, cursor, ...o })(s.env)()
      assert.ok(E.isLeft(r), JSON.stringify(r))
      assert.match(DE.show((r as E.Left<DE.DynamoError>).left), earlier)
      assert.equal(s.sent, [])
    })
  }
}

test('a range key\'s isIn through an index: the Query\'s own cursor goes on from the item it gave (ExclusiveStartKey), the Scan\'s is refused', async () => {
  const item = { h: { S: 'a' }, r: { N: '2' }, tag: { S: 't' } }
  const inputs: Array<Record<string, unknown>> = []
  const send = async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
    inputs.push({ command: cmd.constructor.name, ...cmd.input })
    return { Items: [item], Count: 1, LastEvaluatedKey: inputs.length === 1 ? item : undefined }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient })
  const c = C.and(C.eq(tg.tag, 't'), C.isIn(tg.r, [1, 2, 5]))
  const first = await Dynamo.page(Tagged, c, { pageSize: 1 })(env)()
  assert.ok(E.isRight(first) && first.right.cursor._tag === 'Some', JSON.stringify(first))
  const next = await Dynamo.page(Tagged, c, { pageSize: 1, cursor: (first as any).right.cursor.value })(env)()
  assert.ok(E.isRight(next), JSON.stringify(next))
  assert.equal(inputs.map((i) => [i.command, i.IndexName, i.ExclusiveStartKey]), [['QueryCommand', 'byTag', undefined], ['QueryCommand', 'byTag', item]])
})

test.run()

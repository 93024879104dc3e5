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
 * 10, 12 of segment 0).
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
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

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
    for (const [condition, segments] of [[scan, 3], [C.gt(Row.attrs.sk, 1), 2]] as const) {
      const s = recording(cursorKey)
      const r = await Dynamo.page(Row, condition, { segments, pageSize: 3, cursor })(s.env)()
      assert.ok(E.isLeft(r), JSON.stringify(r))
      assert.match(DE.show((r as E.Left<DE.DynamoError>).left), 'was altered, or belongs to another query')
      assert.equal(s.sent, [])
    }
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

test.run()

/**
 * DynamoDB's refusal of a segment's Scan from a key outside the segment (a forged cursor) is
 * the cursor's `ValidationError`, in DynamoDB's words and in DynamoDB Local's (SegmentCursor.spec
 * asks DynamoDB Local; DynamoDB's own, as AWS words it, is given here by a stand-in client).
 * Another ValidationException stays DynamoDB's error.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Row = Model.make({ table: 'rows', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number }) })
const all = C.gte(Row.attrs.n, 0)
const segment = { index: 1, total: 2 }

/** A client whose first Scan answers one item and a key to go on from, and whose next refuses with `message`; `on` told of each attempt. */
const refusingNext = (message: string, on?: (e: Env.Event) => void, timeoutMs = Infinity): Env.Env => {
  let n = 0
  const send = async (): Promise<unknown> => {
    if (n++ === 0) return { $metadata: {}, Items: [{ pk: { S: 'a' }, n: { N: '1' } }], Count: 1, ScannedCount: 1, LastEvaluatedKey: { pk: { S: 'a' } } }
    throw Object.assign(new Error(message), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
  }
  return Env.make({ client: { send } as unknown as DynamoDBClient, timeoutMs, maxAttempts: 1, ...(on === undefined ? {} : { on }) })
}

const secondPage = async (env: Env.Env): Promise<E.Either<DE.DynamoError, unknown>> => {
  const first = await Dynamo.page(Row, all, { pageSize: 1, segment })(env)()
  assert.ok(E.isRight(first) && first.right.cursor._tag === 'Some', JSON.stringify(first))
  return Dynamo.page(Row, all, { pageSize: 1, segment, cursor: first.right.cursor.value })(env)()
}

test("DynamoDB's and DynamoDB Local's words for a start key outside the segment: the cursor's ValidationError", async () => {
  for (const message of [
    'The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 1',
    'The provided starting key is invalid: Exclusive start key must lie within the segment',
  ]) {
    const r = await secondPage(refusingNext(message))
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'cursor', `${message}: ${JSON.stringify(r)}`)
    assert.match(DE.show(r.left), "outside this read's segment")
  }
})

test('another ValidationException of a segment read from a cursor stays DynamoDB\'s error', async () => {
  const r = await secondPage(refusingNext('One or more parameter values were invalid: something else'))
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'ValidationException', JSON.stringify(r))
})

test("Env.on is told the attempt's error as the read answers it: the cursor's ValidationError (DESIGN §3: bad input is a ValidationError), with and without a time limit", async () => {
  for (const timeoutMs of [Infinity, 5_000]) {
    const errors: Array<string | undefined> = []
    const r = await secondPage(refusingNext('The provided starting key is invalid: Exclusive start key must lie within the segment', (e) => errors.push(e.error), timeoutMs))
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
    assert.equal(errors, [undefined, 'ValidationError'], `timeoutMs ${timeoutMs}`)
  }
  const errors: Array<string | undefined> = []
  const r = await secondPage(refusingNext('One or more parameter values were invalid: something else', (e) => errors.push(e.error)))
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError', JSON.stringify(r))
  assert.equal(errors, [undefined, 'AwsError'], "another refusal: DynamoDB's error, told as it is answered")
})

test.run()

/**
 * A cancellation whose reasons are out of shape (a reason that is no object, or has no string
 * `Code`: an answer DynamoDB never gives) is a `TransactionCanceled` that says so and gives no
 * reason to any entry, as one whose reasons are not one per entry. Such a reason was read as
 * `'None'`, the code of an entry that was fine, and a cancellation holding it beside a
 * conflict was retried as a conflict.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'

const Ref = Model.make({ table: 'refs', hashKey: 'id', codec: t.type({ id: t.string }) })

/** An Env whose client answers every command with a cancellation of `reasons`, counting them. */
const standIn = (reasons: unknown) => {
  let sent = 0
  const env = Env.make({
    client: {
      send: async () => {
        sent++
        throw new TransactionCanceledException({ message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [x, y]', $metadata: {}, CancellationReasons: reasons as never })
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
    maxAttempts: 3,
  })
  return { env, sent: () => sent }
}

test('a reason that is no object or has no string Code: TransactionCanceled saying so, no reason given to any entry, not retried; transactWrite and transactGet alike', async () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<unknown>, number]> = [
    ['a number as Code', [{ Code: 5 }, { Code: 'None' }], 0],
    ['null beside a conflict', [null, { Code: 'TransactionConflict' }], 0],
    ['no Code', [{ Code: 'ConditionalCheckFailed' }, { Message: 'x' }], 1],
    ['a string', [{ Code: 'None' }, 'ConditionalCheckFailed'], 1],
  ]
  for (const [what, reasons, at] of cases) {
    for (const op of [Dynamo.transactWrite([T.check(Ref, 'a'), T.put(Ref, { id: 'b' })]), Dynamo.transactGet([T.get(Ref, 'a'), T.get(Ref, 'b')])] as ReadonlyArray<Dynamo.Op<unknown>>) {
      const { env, sent } = standIn(reasons)
      const r = await op(env)()
      if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable(`${what}: ${JSON.stringify(r)}`)
      assert.equal(r.left.reasons, [], `${what}: ${DE.show(r.left)}`)
      assert.match(r.left.message, `its cancellation reason ${at} is no reason DynamoDB gives`, what)
      assert.is(sent(), 1, `${what}: not retried`)
    }
  }
})

test("a reason that carries an item but is no failed check ('None', a conflict): DynamoDB returns an item only where an entry's condition failed (ReturnValuesOnConditionCheckFailure), so TransactionCanceled saying so, no reason given to any entry, no item decoded, not retried", async () => {
  const item = { id: { S: 'a' } }
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<unknown>, number]> = [
    ["'None' with an item", [{ Code: 'None', Item: item }, { Code: 'ConditionalCheckFailed' }], 0],
    ["'None' with an item beside a conflict", [{ Code: 'TransactionConflict' }, { Code: 'None', Item: { id: { S: 'b' } } }], 1],
    ['a conflict with an item', [{ Code: 'TransactionConflict', Item: item }, { Code: 'None' }], 0],
  ]
  for (const [what, reasons, at] of cases) {
    const { env, sent } = standIn(reasons)
    const r = await Dynamo.transactWrite([T.check(Ref, 'a'), T.put(Ref, { id: 'b' })])(env)()
    if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable(`${what}: ${JSON.stringify(r)}`)
    assert.equal(r.left.reasons, [], `${what}: ${DE.show(r.left)}`)
    assert.match(r.left.message, `its cancellation reason ${at} carries an item, which DynamoDB returns only where an entry's condition failed`, what)
    assert.is(sent(), 1, `${what}: not retried`)
  }
})

test.run()

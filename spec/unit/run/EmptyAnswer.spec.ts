/**
 * An answer of 200 with none of the fields DynamoDB always sends (an empty body from a proxy,
 * a stand-in, a bug: `{}`) is `InvalidAnswer` (lib/run/answer.ts), never read as "no items",
 * "all written", "no table": a Query or Scan always has `Count`, a BatchGetItem `Responses` and
 * `UnprocessedKeys`, a BatchWriteItem `UnprocessedItems`, an UpdateItem asked for `ALL_NEW`
 * `Attributes`, a DescribeTable `Table`, a DescribeTimeToLive `TimeToLiveDescription` (DynamoDB
 * Local answers so). Where `{}` is an answer (a GetItem of no item, a put, a delete of no item,
 * a transaction), it stays one.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { Writable } from 'node:stream'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Env from '../../../lib/run/Env.js'

/** An Env whose client answers every command with an empty body (`spec/harness/counting.ts` answers as DynamoDB does). */
const counting = () => ({ env: Env.make({ client: { send: async () => ({ $metadata: {} }) } as unknown as DynamoDBClient, sleep: async () => undefined }) })

const Row = Model.make({ table: 'rows', hashKey: 'id', rangeKey: 'r', codec: t.type({ id: t.string, r: t.number, x: t.number }) })
const a = Row.attrs
const row = { id: 'a', r: 1, x: 1 }

const invalid = (e: E.Either<DE.DynamoError, unknown>, name: string): void => {
  if (E.isRight(e)) throw new Error(`${name}: expected InvalidAnswer, got ${JSON.stringify(e.right)}`)
  assert.ok(e.left._tag === 'AwsError' && e.left.name === 'InvalidAnswer', `${name}: ${DE.show(e.left)}`)
}

test('reads: an empty answer to a Query, a Scan, a count, a page, a BatchGetItem, a dump: InvalidAnswer', async () => {
  const { env } = counting()
  const sink = new Writable({ write: (_c, _e, cb) => cb() })
  const runs: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['getMany (Query)', Dynamo.getMany(Row, C.eq(a.id, 'a'))],
    ['getMany (Scan)', Dynamo.getMany(Row, C.eq(a.x, 1))],
    ['count', Dynamo.count(Row, C.eq(a.id, 'a'))],
    ['page', Dynamo.page(Row, C.eq(a.id, 'a'))],
    ['getMany (BatchGetItem)', Dynamo.getMany(Row, [['a', 1], ['b', 2]])],
    ['dump', Dynamo.dump(Row, sink)],
    ['clearTable', Dynamo.clearTable(Row)],
  ]
  for (const [name, run] of runs) invalid(await run(env)(), name)
})

test('writes: an empty answer to a BatchWriteItem leaves every item of it failed with InvalidAnswer, its outcome unknown (a load stops there, its Left carrying them); an UpdateItem without Attributes: InvalidAnswer', async () => {
  const { env } = counting()
  const lines = (async function* () {
    yield '{"Item":{"id":{"S":"a"},"r":{"N":"1"},"x":{"N":"1"}}}'
  })()
  const saved = await Dynamo.saveMany(Row, [row, { ...row, r: 2 }], { overwrite: true })(env)()
  const deleted = await Dynamo.deleteMany(Row, [['a', 1]])(env)()
  const loaded = await Dynamo.load(Row, lines)(env)()
  // a load stops at an answer that is no line's own (DESIGN §5.6): its Left carries the lines failed
  if (E.isRight(loaded)) throw new Error('load: expected the Left of a stopped load')
  assert.ok(loaded.left._tag === 'AwsError' && loaded.left.name === 'InvalidAnswer', DE.show(loaded.left))
  const stopped = E.right({ fail: (loaded.left as { readonly fail?: unknown }).fail ?? [] })
  for (const [name, r] of [['saveMany', saved], ['deleteMany', deleted], ['load', stopped]] as const) {
    if (E.isLeft(r)) throw new Error(`${name}: expected a Right`)
    const fail = r.right.fail as ReadonlyArray<{ readonly error: DE.DynamoError; readonly outcome: string }>
    assert.ok(fail.length > 0, name)
    for (const f of fail) {
      assert.ok(f.error._tag === 'AwsError' && f.error.name === 'InvalidAnswer', `${name}: ${DE.show(f.error)}`)
      assert.is(f.outcome, 'unknown', name)
    }
  }
  assert.is(E.isRight(saved) ? saved.right.success.length : -1, 0)
  assert.match(DE.show(loaded.left), /0 items written/)
  invalid(await Dynamo.updateOne(Row, ['a', 1], [U.set(a.x, 2)])(env)(), 'updateOne')
})

test('tables: an empty answer to DescribeTable is InvalidAnswer, never "no table" (planTable would then plan a CreateTable)', async () => {
  const { env } = counting()
  invalid(await Dynamo.describeTable(Row)(env)(), 'describeTable')
  invalid(await Dynamo.planTable(Row)(env)(), 'planTable')
})

test('where {} is DynamoDB\'s answer, it is read as DynamoDB means it (no item; a success)', async () => {
  const { env } = counting()
  const got = await Dynamo.getOne(Row, ['a', 1])(env)()
  assert.ok(E.isLeft(got) && got.left._tag === 'NotFound')
  assert.ok(E.isRight(await Dynamo.saveOne(Row, row)(env)()))
  assert.equal(await Dynamo.deleteOne(Row, ['a', 1])(env)(), E.right({ _tag: 'None' }))
  assert.ok(E.isRight(await Dynamo.transactWrite([T.put(Row, row)])(env)()))
})

test.run()

/**
 * Batch answers of a client of the application's whose keys are no attribute values (`null`,
 * `{ S: null }`): DynamoDB never gives them and the SDK's parser drops them, but a client of
 * the application's (a stand-in, a wrapper) may. The chunk that brought one fails
 * InvalidAnswer, outcome unknown, and every other chunk is accounted; getMany is a Left naming
 * the answer. Never a Left of the whole blaming the application's code.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, n: t.number }) })

/** A client answering each command by its name; `n` counts that command's requests from 1. */
const client = (answers: Record<string, (n: number) => unknown>): { readonly env: Env.Env; readonly sent: () => number } => {
  const counts = new Map<string, number>()
  let sent = 0
  const send = async (command: object): Promise<unknown> => {
    sent++
    const name = command.constructor.name.replace(/Command$/, '')
    const n = (counts.get(name) ?? 0) + 1
    counts.set(name, n)
    const answer = answers[name]
    if (answer === undefined) throw new Error(`no answer for ${name}`)
    return { $metadata: {}, ...(answer(n) as object) }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, timeoutMs: Infinity, maxAttempts: 1 }), sent: () => sent }
}

const badWrites: ReadonlyArray<unknown> = [
  { rows: [{ PutRequest: { Item: { pk: null, sk: { N: '1' }, n: { N: '1' } } } }] },
  { rows: [{ PutRequest: { Item: { pk: { S: null }, sk: { N: '1' }, n: { N: '1' } } } }] },
  { rows: [{ DeleteRequest: { Key: { pk: null, sk: null } } }] },
]

test('a BatchWriteItem answer whose UnprocessedItems hold a key that cannot be read: that chunk fails InvalidAnswer, outcome unknown; the other chunk is written', async () => {
  const items = Array.from({ length: 30 }, (_, i) => ({ pk: 'a', sk: i, n: 1 }))
  for (const bad of badWrites) {
    for (const [name, run] of [
      ['saveMany', (env: Env.Env) => Dynamo.saveMany(Row, items)(env)()],
      ['deleteMany', (env: Env.Env) => Dynamo.deleteMany(Row, items.map((i) => ({ pk: i.pk, sk: i.sk })))(env)()],
    ] as const) {
      const c = client({ BatchWriteItem: (n) => (n === 1 ? { UnprocessedItems: {} } : { UnprocessedItems: bad }) })
      const what = `${name}, ${JSON.stringify(bad)}`
      const r = await run(c.env)
      if (E.isLeft(r)) throw new Error(`${what}: a Left of the whole: ${JSON.stringify(r.left)}`)
      const written = r.right.success.length
      assert.ok((written === 25 && r.right.fail.length === 5) || (written === 5 && r.right.fail.length === 25), `${what}: ${written} written, ${r.right.fail.length} failed`)
      for (const f of r.right.fail) {
        assert.ok(f.error._tag === 'AwsError' && f.error.name === 'InvalidAnswer' && /UnprocessedItems/.test(f.error.message), `${what}: ${JSON.stringify(f.error)}`)
        assert.is(f.outcome, 'unknown', what)
      }
      assert.is(c.sent(), 2, what)
    }
  }
})

test('a BatchGetItem answer whose Responses or UnprocessedKeys hold a key that cannot be read: getMany is a Left naming them', async () => {
  for (const bad of [
    { Responses: { rows: [{ pk: null, sk: { N: '1' }, n: { N: '1' } }] }, UnprocessedKeys: {} },
    { Responses: { rows: [{ pk: { S: null }, sk: { N: '1' }, n: { N: '1' } }] }, UnprocessedKeys: {} },
    { Responses: {}, UnprocessedKeys: { rows: { Keys: [{ pk: null, sk: { N: '1' } }] } } },
    { Responses: {}, UnprocessedKeys: { rows: { Keys: [{ pk: { S: null }, sk: { N: '1' } }] } } },
  ]) {
    const c = client({ BatchGetItem: () => bad })
    const r = await Dynamo.getMany(Row, [{ pk: 'a', sk: 1 }, { pk: 'a', sk: 2 }])(c.env)()
    const what = JSON.stringify(bad)
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer' && /Responses|UnprocessedKeys/.test(r.left.message), `${what}: ${JSON.stringify(r)}`)
    assert.is(c.sent(), 1, what)
  }
})

test.run()

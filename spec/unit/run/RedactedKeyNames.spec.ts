/**
 * An answer at another key than the one asked for (`answer.answeredKeyWhy`) is an
 * `InvalidAnswer` naming the key attribute, a name of the model's: it is quoted as it is, never
 * cleaned of a credential it holds (LocalStack's `test`/`test` made `test_id` `***_id`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'

const Thing = Model.make({ table: 'things', hashKey: 'test_id', codec: t.type({ test_id: t.string }) })

test("credentials test/test: getOne answered with another key's item names test_id as it is", async () => {
  const send = async () => ({ $metadata: {}, Item: { test_id: { S: 'other' } } })
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sleep: async () => undefined })
  const r = await Dynamo.getOne(Thing, 'mine')(env)()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', shown)
  assert.ok(shown.includes('test_id') && !shown.includes('***'), shown)
})

test.run()

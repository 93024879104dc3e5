/**
 * An SDK error's message is cleaned of the Env's credentials (`send.classify`), but the names
 * the request gave (its table's, its key attributes') are the user's and quoted as they are:
 * with LocalStack's `test`/`test`, DynamoDB's "Missing the key test_id in the item" was shown
 * as "Missing the key ***_id". A credential the message echoes elsewhere is still taken out.
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

const Thing = Model.make({ table: 'test_things', hashKey: 'test_id', codec: t.type({ test_id: t.string }) })

const refusing = (message: string, credentials = { accessKeyId: 'test', secretAccessKey: 'test' }) => {
  const send = async () => {
    throw Object.assign(new Error(message), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
  }
  return Env.make({ client: { send } as unknown as DynamoDBClient, credentials, sleep: async () => undefined })
}

test('credentials test/test: a ValidationException naming the table and the key attribute quotes test_things and test_id as they are', async () => {
  const r = await Dynamo.getOne(Thing, 'mine')(refusing('One or more parameter values were invalid: Missing the key test_id in the item of table test_things'))()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'ValidationException', shown)
  assert.ok(shown.includes('Missing the key test_id in the item of table test_things') && !shown.includes('***'), shown)
})

test('credentials test/test: the credential the message echoes besides those names is taken out', async () => {
  const r = await Dynamo.getOne(Thing, 'mine')(refusing('The security token test of test_things is invalid; test_id: a testament'))()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(shown.includes('The security token *** of test_things is invalid; test_id: a ***ament'), shown)
})

test('a credential that holds a name the request gives is taken out whole', async () => {
  const r = await Dynamo.getOne(Thing, 'mine')(refusing('The key abcdtest_idefgh is invalid for test_id', { accessKeyId: 'AKIDLOCALKEY', secretAccessKey: 'abcdtest_idefgh' }))()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(shown.includes('The key *** is invalid for test_id'), shown)
})

test.run()

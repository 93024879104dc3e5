/**
 * No credentials anywhere (no `credentials` given to `Env.make`, none in the environment, no
 * profile): the SDK fails every send with `CredentialsProviderError`, "Could not load
 * credentials from any providers", which says neither where they come from nor that DynamoDB
 * Local takes any. The `AwsError` keeps the SDK's name and words, after what to do.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as DE from '../../../lib/DynamoError.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })

test('a send the SDK finds no credentials for: the AwsError says where credentials come from (for a client of its own, that Env.make\'s credentials are not its), then what the SDK said', async () => {
  let sends = 0
  const noCredentials = () => {
    sends++
    // the SDK's error, as its credential chain throws it
    return Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false }))
  }
  // credentials beside a client of the application's describe it only: the client reads its own
  const env = Env.make({ client: { send: noCredentials } as unknown as DynamoDBClient, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } })
  const r = await Dynamo.getOne(User, 'john@x.io')(env)()
  assert.ok(E.isLeft(r))
  if (E.isRight(r)) return
  assert.is(r.left._tag, 'AwsError')
  if (r.left._tag !== 'AwsError') return
  assert.is(r.left.name, 'CredentialsProviderError')
  assert.is(r.left.retryable, false)
  assert.is(sends, 1)
  assert.is(
    DE.show(r.left),
    'AwsError CredentialsProviderError: no AWS credentials were found: give Env.make credentials, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment (against DynamoDB Local, any values do); a client of your own, Env.make({ client }), reads its own (the credentials given to Env.make are not its): give them to new DynamoDBClient({ credentials }); the SDK said: Could not load credentials from any providers',
  )
})

test.run()

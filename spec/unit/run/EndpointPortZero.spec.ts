/**
 * An endpoint on port 0 (`DYNAMODB_ENDPOINT=http://127.0.0.1:0`, a port left unset in a
 * template): no server listens there, and the SDK reads port 0 as none given, sending every
 * request to the scheme's default port (80, 443), to whatever listens there. It is refused as
 * every endpoint `make` and `fromEnv` cannot use: a `ConfigError` naming it, before any request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as DE from '../../../lib/DynamoError.js'

const endpoints = ['http://127.0.0.1:0', 'http://127.0.0.1:00/', 'https://dynamodb.local:0', 'http://[::1]:0']

test('an endpoint on port 0: make gives an Env that refuses every request (ConfigError naming the port), fromEnv a Left naming DYNAMODB_ENDPOINT', async () => {
  for (const endpoint of endpoints) {
    const env = Env.make({ endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' }, timeoutMs: 2000, maxAttempts: 1 })
    assert.is(env.invalid?._tag, 'ConfigError', endpoint)
    assert.match(DE.show(env.invalid as DE.DynamoError), /port 0/, endpoint)
    const r = await Dynamo.send(new ListTablesCommand({}))(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError', `${endpoint}: ${JSON.stringify(r)}`)
    const vars = Env.fromEnv({ DYNAMODB_ENDPOINT: endpoint })
    assert.ok(E.isLeft(vars), endpoint)
    if (E.isLeft(vars)) assert.match(DE.show(vars.left), /DYNAMODB_ENDPOINT: .*port 0/, endpoint)
  }
  // a port given as zeros before its digits is that port, taken
  assert.is(Env.make({ endpoint: 'http://127.0.0.1:08000' }).invalid, undefined)
})

test.run()

/**
 * The client `Env.make` builds, whatever the environment says of the SDK's defaults mode
 * (`AWS_DEFAULTS_MODE`, read by the SDK as the client is built): a value the SDK refuses
 * (`bogus`) made the promise of its request handler's settings reject with no one to take it,
 * an unhandled rejection that ends a Node process by default, from `make` alone, before any
 * request; and every request failed with it. The client's retries and time limits are
 * dynamongo's (`maxAttempts`, `timeoutMs`), which is all a defaults mode sets: it takes the
 * SDK's own default (`legacy`), and every request reaches the endpoint. (Nor does `auto` ask the
 * instance metadata service, off loopback, which is why it is not tried here.)
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import { withEnv } from '../../harness/environment.js'
import { emptyEndpoint } from '../../harness/emptyEndpoint.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

test('AWS_DEFAULTS_MODE the SDK refuses (bogus): Env.make and fromEnv leave no unhandled rejection (nor do the Envs that refuse every request), and a getOne reaches the endpoint on loopback', async () => {
  const server = await emptyEndpoint()
  const endpoint = server.endpoint
  const unhandled: unknown[] = []
  const onUnhandled = (e: unknown): void => void unhandled.push(e)
  process.on('unhandledRejection', onUnhandled)
  try {
    for (const mode of ['bogus']) {
      await withEnv(['AWS_DEFAULTS_MODE'], { AWS_DEFAULTS_MODE: mode }, async () => {
        const made = Env.make({ endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' }, maxAttempts: 1 })
        const vars = Env.fromEnv({ DYNAMODB_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'SECRETKEY1' }, { maxAttempts: 1 })
        assert.ok(E.isRight(vars), mode)
        for (const env of [made, ...(E.isRight(vars) ? [vars.right] : [])]) {
          const r = await Dynamo.getOne(User, 'a')(env)()
          assert.ok(E.isLeft(r) && r.left._tag === 'NotFound', `${mode}: ${JSON.stringify(r)}`)
        }
        // the clients made for Envs that refuse every request (options refused by make, by withBatch): built all the same
        const refused = [Env.make({ endpoint, maxAttempts: 0 }), Env.withBatch({ concurrency: 0 })(made), Env.make({ region: '' })]
        for (const env of refused) assert.is((await Dynamo.getOne(User, 'a')(env)())._tag, 'Left')
        // a rejection no one takes is reported after the turn it happened in
        await new Promise((resolve) => setImmediate(resolve))
      })
    }
    assert.is(server.received(), 2, `${server.received()} of 2 requests reached the endpoint`)
    assert.equal(unhandled.map(String), [])
  } finally {
    process.off('unhandledRejection', onUnhandled)
    server.close()
  }
})

test.run()

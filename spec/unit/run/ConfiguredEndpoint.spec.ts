/**
 * Without an endpoint, the SDK sends where `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL`,
 * says (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`): `make`'s Env sees it as the
 * SDK will use it, held to an endpoint's rule (`checkEndpoint`, the variable named) and shown by
 * `Env.show`, never "(AWS)" while its requests go elsewhere.
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

const names = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] as const

/** Runs `f` with `vars` as the only ones of `names` set (`withEnv`). */
const withVars = (vars: Partial<Record<(typeof names)[number], string>>, f: () => Promise<void> | void): Promise<void> => withEnv(names, vars as Record<string, string>, f)

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' }

test('AWS_ENDPOINT_URL_DYNAMODB first, else AWS_ENDPOINT_URL: shown as the Env endpoint, and where its requests go', async () => {
  const server = await emptyEndpoint()
  const endpoint = server.endpoint
  try {
    for (const vars of [{ AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, { AWS_ENDPOINT_URL: endpoint }]) {
      await withVars(vars, async () => {
        const env = Env.make({ credentials, maxAttempts: 1 })
        assert.is(env.endpoint, endpoint, JSON.stringify(vars))
        assert.ok(Env.show(env).includes(endpoint), Env.show(env))
        const r = await Dynamo.getOne(User, 'a')(env)()
        assert.ok(E.isLeft(r) && r.left._tag === 'NotFound', JSON.stringify(r))
      })
    }
    assert.is(server.received(), 2)
  } finally {
    server.close()
  }
})

test('a configured endpoint the rule refuses (port 0) is a ConfigError naming its variable; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: none read', async () => {
  await withVars({ AWS_ENDPOINT_URL: 'http://127.0.0.1:0' }, () => {
    const env = Env.make({ credentials })
    assert.is(env.invalid?._tag, 'ConfigError')
    assert.ok(env.invalid !== undefined && 'message' in env.invalid && env.invalid.message.includes('AWS_ENDPOINT_URL'), JSON.stringify(env.invalid))
  })
  await withVars({ AWS_ENDPOINT_URL: 'http://127.0.0.1:0', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, () => {
    const env = Env.make({ credentials })
    assert.is(env.invalid, undefined)
    assert.is(env.endpoint, undefined)
  })
})

test.run()

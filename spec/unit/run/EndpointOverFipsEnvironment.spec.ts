/**
 * An Env given an endpoint on loopback (DynamoDB Local) sends to it, whatever the environment
 * says of AWS's endpoint variants: `AWS_USE_FIPS_ENDPOINT=true` or
 * `AWS_USE_DUALSTACK_ENDPOINT=true` (set for a machine's AWS traffic, a GovCloud CI say) made the
 * SDK refuse every request of a client with an endpoint of its own ("FIPS and custom endpoint
 * are not supported"). An endpoint elsewhere while either is set is refused, a `ConfigError`
 * naming both: a compliance setting is never turned off quietly. Without an endpoint (AWS),
 * they are the SDK's to read.
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

const names = ['AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT'] as const

/** The variables of `set` set to `true` (the others of `names` unset, `withEnv`). */
const only = (set: ReadonlyArray<(typeof names)[number]>): Record<string, string> => Object.fromEntries(set.map((n) => [n, 'true']))

test('AWS_USE_FIPS_ENDPOINT=true, AWS_USE_DUALSTACK_ENDPOINT=true: an Env of make or fromEnv given an endpoint on loopback reaches it', async () => {
  const server = await emptyEndpoint()
  const endpoint = server.endpoint
  try {
    let sent = 0
    for (const set of [[names[0]], [names[1]], names]) {
      await withEnv(names, only(set), async () => {
        const made = Env.make({ endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' }, maxAttempts: 1 })
        const vars = Env.fromEnv({ DYNAMODB_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'SECRETKEY1' }, { maxAttempts: 1 })
        assert.ok(E.isRight(vars), `${set.join(', ')}: fromEnv is Right, got ${JSON.stringify(vars)}`)
        for (const env of [made, ...(E.isRight(vars) ? [vars.right] : [])]) {
          const r = await Dynamo.getOne(User, 'a')(env)()
          sent++
          assert.ok(E.isLeft(r) && r.left._tag === 'NotFound', `${set.join(', ')}: ${JSON.stringify(r)}`)
        }
      })
    }
    assert.is(server.received(), sent)
  } finally {
    server.close()
  }
})

test('AWS_USE_FIPS_ENDPOINT=true or AWS_USE_DUALSTACK_ENDPOINT=true: an endpoint not on loopback is a ConfigError naming both, from make and fromEnv; without them it is taken', async () => {
  const endpoint = 'https://dynamodb.example.com'
  for (const set of [[], [names[0]], [names[1]], names]) {
    await withEnv(names, only(set), () => {
      const made = Env.make({ endpoint })
      const vars = Env.fromEnv({ DYNAMODB_ENDPOINT: endpoint })
      if (set.length === 0) {
        assert.is(made.invalid, undefined, 'none set: make takes it')
        assert.ok(E.isRight(vars), 'none set: fromEnv takes it')
        return
      }
      for (const why of [made.invalid, E.isLeft(vars) ? vars.left : undefined]) {
        assert.is(why?._tag, 'ConfigError', `${set.join(', ')}: refused`)
        for (const n of names) assert.ok(why !== undefined && 'message' in why && why.message.includes(n), `${set.join(', ')}: the message names ${n}`)
      }
    })
  }
})

test.run()

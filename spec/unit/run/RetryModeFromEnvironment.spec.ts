/**
 * The client `Env.make` builds is dynamongo's to retry, whatever the environment says:
 * `AWS_RETRY_MODE=adaptive` (read by the SDK at the client's first request) would give it the
 * SDK's adaptive strategy, whose rate limiter, once a request is throttled, holds each later
 * one back inside dynamongo's attempt: the attempt then runs out of time unsent, a
 * `TimeoutError` whose outcome is unknown for a request that never left. The client's strategy
 * is the standard one, and against an endpoint on loopback that throttles every request, every
 * attempt reaches it (counted there, with a time limit no loaded machine comes near), and the
 * error is the throttling's.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import { withEnv } from '../../harness/environment.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

test('AWS_RETRY_MODE=adaptive in the environment, an endpoint that throttles every request: each of maxAttempts attempts reaches it, and the error is ThrottlingException (never a TimeoutError of an attempt held back unsent)', async () => {
  let received = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received++
      res.statusCode = 400
      res.setHeader('content-type', 'application/x-amz-json-1.0')
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'slow down' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  try {
    await withEnv(['AWS_RETRY_MODE'], { AWS_RETRY_MODE: 'adaptive' }, async () => {
      let attempts = 0
      const env = Env.make({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' },
        timeoutMs: 60_000,
        maxAttempts: 8,
        retry: { baseDelayMs: 0 },
        on: () => void attempts++,
    })
    const strategy = (await (env.client.config.retryStrategy as () => Promise<{ readonly mode?: string }>)()).mode
    assert.is(strategy, 'standard', 'the SDK client takes the standard strategy')
    const r = await Dynamo.getOne(User, 'a')(env)()
    assert.ok(E.isLeft(r))
    assert.is(attempts, 8)
    assert.is(received, 8, `${received} of 8 attempts reached the endpoint`)
    if (E.isLeft(r)) assert.is(r.left._tag === 'AwsError' ? r.left.name : r.left._tag, 'ThrottlingException')
    })
  } finally {
    server.close()
  }
})

test.run()

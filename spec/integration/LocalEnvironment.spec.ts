/**
 * `start()` whatever the environment tells the SDK of its client: a defaults mode it refuses
 * (`AWS_DEFAULTS_MODE=bogus`: the client's request handler's settings a promise that rejects
 * with no one to take it, and every request failing with it, so that no start would ever see
 * the JVM answer), the adaptive retry mode, AWS's FIPS or dual-stack endpoints (which the SDK
 * refuses beside an endpoint of the client's own, every request). Its client is built as
 * `Env.make`'s: the start succeeds, nothing is left unhandled, and the client it gives sends.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { start } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'

const vars = ['AWS_DEFAULTS_MODE', 'AWS_RETRY_MODE', 'AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT'] as const

test('AWS_DEFAULTS_MODE=bogus, AWS_RETRY_MODE=adaptive, AWS_USE_FIPS_ENDPOINT=true and AWS_USE_DUALSTACK_ENDPOINT=true in the environment: start() gives an instance whose client sends, and leaves no unhandled rejection', async () => {
  const before = vars.map((n) => process.env[n])
  const unhandled: unknown[] = []
  const onUnhandled = (e: unknown): void => void unhandled.push(e)
  process.on('unhandledRejection', onUnhandled)
  process.env['AWS_DEFAULTS_MODE'] = 'bogus'
  process.env['AWS_RETRY_MODE'] = 'adaptive'
  process.env['AWS_USE_FIPS_ENDPOINT'] = 'true'
  process.env['AWS_USE_DUALSTACK_ENDPOINT'] = 'true'
  try {
    const got = await start({ timeoutMs: START_MS })()
    assert.ok(E.isRight(got), E.isLeft(got) ? got.left.message : '')
    if (E.isRight(got)) {
      try {
        assert.ok(Array.isArray((await got.right.client.send(new ListTablesCommand({}))).TableNames))
      } finally {
        await got.right.stop()
      }
    }
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(unhandled.map(String), [])
  } finally {
    process.off('unhandledRejection', onUnhandled)
    vars.forEach((name, i) => {
      const v = before[i]
      if (v === undefined) delete process.env[name]
      else process.env[name] = v
    })
  }
})

test.run()

/**
 * `start()` whatever the environment tells the SDK of its client: a defaults mode it refuses
 * (`AWS_DEFAULTS_MODE=bogus`: the client's request handler's settings a promise that rejects
 * with no one to take it, and every request failing with it, so that no start would ever see
 * the JVM answer) or the adaptive retry mode. Its client is built as `Env.make`'s: the start
 * succeeds, nothing is left unhandled, and the client it gives sends.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { start } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'

test('AWS_DEFAULTS_MODE=bogus and AWS_RETRY_MODE=adaptive in the environment: start() gives an instance whose client sends, and leaves no unhandled rejection', async () => {
  const before = { mode: process.env['AWS_DEFAULTS_MODE'], retry: process.env['AWS_RETRY_MODE'] }
  const unhandled: unknown[] = []
  const onUnhandled = (e: unknown): void => void unhandled.push(e)
  process.on('unhandledRejection', onUnhandled)
  process.env['AWS_DEFAULTS_MODE'] = 'bogus'
  process.env['AWS_RETRY_MODE'] = 'adaptive'
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
    for (const [name, v] of [['AWS_DEFAULTS_MODE', before.mode], ['AWS_RETRY_MODE', before.retry]] as const) {
      if (v === undefined) delete process.env[name]
      else process.env[name] = v
    }
  }
})

test.run()

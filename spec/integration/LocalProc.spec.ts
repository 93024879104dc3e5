/**
 * `start()` where `/proc` lists no socket: `/proc/net/tcp` and `tcp6` readable but empty (WSL1
 * shows them so, as some sandboxes do). Whether the JVM itself listens on its port cannot be
 * told there, and an answer on its port is taken as the JVM's, as on a system without `/proc`.
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { start } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'

test('/proc/net/tcp and tcp6 readable but empty: start() resolves with its own JVM', async () => {
  const real = fs.readFileSync
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
  fs.readFileSync = ((p: unknown, ...rest: unknown[]) =>
    p === '/proc/net/tcp' || p === '/proc/net/tcp6' ? header : Reflect.apply(real, fs, [p, ...rest])) as typeof fs.readFileSync
  syncBuiltinESMExports()
  try {
    const got = await start({ timeoutMs: START_MS })()
    if (E.isRight(got)) await got.right.stop()
    assert.ok(E.isRight(got), E.isLeft(got) ? got.left.message : '')
  } finally {
    fs.readFileSync = real
    syncBuiltinESMExports()
  }
})

test.run()

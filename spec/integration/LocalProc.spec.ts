/**
 * `start()` where `/proc` lists no socket: `/proc/net/tcp` and `tcp6` readable but empty (WSL1
 * shows them so, as some sandboxes do). Whether the JVM itself listens on its port cannot be
 * told there, and an answer on its port is taken as the JVM's, as on a system without `/proc`
 * (macOS), simulated here too: every read under `/proc` fails as there (ENOENT), and the
 * launcher falls back to the process it started (its pid, its process group).
 */
import fs, { readFileSync } from 'node:fs'
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

/** Whether a pid is gone (no such process, or a zombie waiting to be reaped), read through the real /proc. */
const isGone = (pid: number, read: typeof fs.readFileSync): boolean => {
  try {
    return read(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')
  } catch {
    return true
  }
}

test('no /proc at all (macOS): start() gives the process it started (the JVM) and stop() ends it', async () => {
  const real = { readFileSync: fs.readFileSync, readdirSync: fs.readdirSync, readlinkSync: fs.readlinkSync }
  const absent = (p: unknown): boolean => typeof p === 'string' && (p === '/proc' || p.startsWith('/proc/'))
  const noEntry = (p: string): Error => Object.assign(new Error(`ENOENT: no such file or directory, '${p}'`), { code: 'ENOENT', errno: -2, path: p })
  let reads = 0
  for (const name of ['readFileSync', 'readdirSync', 'readlinkSync'] as const) {
    const f = real[name] as (...a: unknown[]) => unknown
    ;(fs as unknown as Record<string, unknown>)[name] = (p: unknown, ...rest: unknown[]) => {
      if (!absent(p)) return Reflect.apply(f, fs, [p, ...rest])
      reads++
      throw noEntry(p as string)
    }
  }
  syncBuiltinESMExports()
  let pid: number | undefined
  try {
    const got = await start({ timeoutMs: START_MS })()
    assert.ok(E.isRight(got), E.isLeft(got) ? got.left.message : '')
    if (E.isLeft(got)) return
    pid = got.right.pid
    const db = got.right
    // the process it started, a JVM (no wrapper on this PATH), read through the real /proc
    assert.match(real.readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /DynamoDBLocal\.jar/)
    assert.is(real.readlinkSync(`/proc/${pid}/exe`).split('/').pop(), 'java')
    await db.stop()
    assert.ok(isGone(pid, real.readFileSync), 'the JVM is gone once stop() has resolved')
    assert.ok(reads > 0, 'the launcher looked for /proc')
  } finally {
    fs.readFileSync = real.readFileSync
    fs.readdirSync = real.readdirSync
    fs.readlinkSync = real.readlinkSync
    syncBuiltinESMExports()
    if (pid !== undefined && !isGone(pid, readFileSync)) process.kill(pid, 'SIGKILL')
  }
})

test.run()

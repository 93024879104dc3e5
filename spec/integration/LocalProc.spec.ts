/**
 * `start()` where `/proc` lists no socket: `/proc/net/tcp` and `tcp6` readable but empty (WSL1
 * shows them so, as some sandboxes do). Whether the JVM itself listens on its port cannot be
 * told there, and an answer on its port is taken as the JVM's, as on a system without `/proc`
 * (macOS), simulated here too: every read under `/proc` fails as there (ENOENT), and the
 * launcher falls back to the process it started (its pid, its process group): its stop waits
 * for that group to be empty, a wrapper's JVM (which the watchdog ends) included.
 */
import fs, { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { syncBuiltinESMExports } from 'node:module'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { start } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'
import { realJava } from '../harness/realJava.js'

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

/** Makes every read under `/proc` fail as it does where there is none (ENOENT); gives the real functions, and puts them back with `restore`. */
const withoutProc = (): { readonly real: Pick<typeof fs, 'readFileSync' | 'readdirSync' | 'readlinkSync'>; readonly reads: () => number; readonly restore: () => void } => {
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
  return {
    real,
    reads: () => reads,
    restore: () => {
      fs.readFileSync = real.readFileSync
      fs.readdirSync = real.readdirSync
      fs.readlinkSync = real.readlinkSync
      syncBuiltinESMExports()
    },
  }
}


test("no /proc, java on the PATH a wrapper (no exec) that SIGTERM ends at once, beside it in its group a process that takes a moment to end on SIGTERM: stop() resolves once every process of the instance has ended, not once the wrapper has", async () => {
  const javaHome = process.env['JAVA_HOME']
  delete process.env['JAVA_HOME']
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-noprocjava-'))
  const pidFile = path.join(dir, 'slow.pid')
  writeFileSync(
    path.join(dir, 'java'),
    `#!/bin/sh\nsh -c 'echo $$ > "$0"; trap "sleep 0.5; exit 0" TERM; while :; do sleep 0.05; done' "${pidFile}" &\n"${realJava()}" "$@"\n`,
    { mode: 0o755 },
  )
  const PATH = process.env['PATH']
  process.env['PATH'] = `${dir}${path.delimiter}${PATH ?? ''}`
  let slow: number | undefined
  let jvm: number | undefined
  let wrapper: number | undefined
  const proc = withoutProc()
  try {
    const got = await start({ timeoutMs: START_MS })()
    process.env['PATH'] = PATH
    assert.ok(E.isRight(got), E.isLeft(got) ? got.left.message : '')
    if (E.isLeft(got)) return
    slow = Number(proc.real.readFileSync(pidFile, 'utf8'))
    // the JVM: the wrapper's child that runs java (read through the real /proc)
    wrapper = got.right.pid
    jvm = (proc.real.readdirSync('/proc') as string[])
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .find((p) => {
        try {
          const stat = proc.real.readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')
          return Number(stat[1]) === wrapper && proc.real.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('DynamoDBLocal.jar')
        } catch {
          return false
        }
      })
    assert.ok(jvm !== undefined, 'the JVM runs under the wrapper')
    await got.right.stop()
    assert.ok(isGone(slow, proc.real.readFileSync), 'the process of its group that ends slowly on SIGTERM is gone once stop() has resolved')
    assert.ok(isGone(jvm as number, proc.real.readFileSync), 'the JVM is gone once stop() has resolved')
    assert.ok(proc.reads() > 0, 'the launcher looked for /proc')
  } finally {
    proc.restore()
    process.env['PATH'] = PATH
    if (javaHome !== undefined) process.env['JAVA_HOME'] = javaHome
    // red or not, none of its processes outlives it (each by its pid)
    for (const p of [slow, jvm, wrapper]) {
      if (p !== undefined && !isGone(p, readFileSync)) process.kill(p, 'SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
})

test('no /proc at all (macOS): start() gives the process it started (the JVM) and stop() ends it', async () => {
  const proc = withoutProc()
  const real = proc.real
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
    assert.ok(proc.reads() > 0, 'the launcher looked for /proc')
  } finally {
    proc.restore()
    if (pid !== undefined && !isGone(pid, readFileSync)) process.kill(pid, 'SIGKILL')
  }
})

test.run()

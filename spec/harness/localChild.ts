/**
 * A process of its own that uses `dynamongo/local` as an application's tests do, for
 * LocalHostile.spec: what it sees is printed as JSON lines on stdout. The scenario is its
 * first argument:
 * - `start-once [timeoutMs]`: start() (run with a PATH that holds no java, or a `java` that fails): prints
 *   how start() ended (`once`: a failure's message and its `LocalError` reason), then `alive` once the event loop has turned (the process survives the
 *   failed start).
 * - `start-port <port>`: start({ port }): prints how start() ended (run as a user without the
 *   privilege of low ports, for a port below 1024).
 * - `start-dbpath <dir>`: start({ dbPath }): prints how start() ended (run as a user who may
 *   not write in that directory).
 * - `after-stop`: the application listens for SIGTERM itself (it ends the process with code 0
 *   after a turn of the event loop); an instance is started and stopped (twice at once, then
 *   once more), then the process sends itself SIGTERM.
 * - `exit-running`: an instance is started, its pid printed, and the process exits without
 *   stopping it.
 * - `sigterm-running`: an instance is started, its pid printed, and the process sends itself
 *   SIGTERM without stopping it (and listens for SIGTERM nowhere).
 * - `once-running`: the application listens once for SIGINT before starting an instance (it
 *   shuts down after a turn of the event loop, printing `shutdown`, and exits with code 0);
 *   an instance is started, its pid printed, and the process sends itself SIGINT.
 * - `killed-running`: an instance is started, its pid, its endpoint and this process's printed, and the
 *   process waits (to be killed by SIGKILL, which no listener sees).
 * - `killed-stopping`: an instance is started, its pid and this process's printed, then its
 *   `stop()` begun and the process killed by SIGKILL at once (stop has sent its SIGTERM, and
 *   its wait for the instance to end is cut).
 * - `killed-at-spawn`: `child_process.spawn` is wrapped so that the process SIGKILLs itself as
 *   soon as the spawn of DynamoDB Local's jar returns, before any other line of the launcher runs
 *   (its pid printed first): the window between the JVM's spawn and whatever ends it with the
 *   process.
 */
import cp, { type ChildProcess } from 'node:child_process'
import { writeSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import * as E from 'fp-ts/lib/Either.js'
import { LocalError, start, type StartOptions } from '../../lib/local/DynamoLocal.js'
import { started, START_MS } from './local.js'

const say = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`)
const scenario = process.argv[2]

/**
 * One start, said as it ended: `{ started: pid }` (the instance then stopped), `{ failed,
 * reason }` for a `LocalError` it gave as its left, and `{ rejected }` for a task that rejected
 * (which `start` never does).
 */
const once = (options: StartOptions): Promise<void> =>
  start(options)().then(
    async (r) => {
      if (E.isLeft(r)) return say({ failed: r.left.message, reason: r.left.reason, isLocalError: r.left instanceof LocalError })
      say({ started: r.right.pid })
      await r.right.stop()
    },
    (e: unknown) => say({ rejected: String(e) }),
  )

if (scenario === 'start-once') {
  await once({ timeoutMs: Number(process.argv[3] ?? 20_000) })
  await new Promise((r) => setTimeout(r, 50))
  say('alive')
} else if (scenario === 'start-port') {
  await once({ port: Number(process.argv[3]), timeoutMs: 20_000 })
} else if (scenario === 'start-dbpath') {
  await once({ dbPath: process.argv[3], timeoutMs: 20_000 })
} else if (scenario === 'after-stop') {
  process.on('SIGTERM', () => {
    setTimeout(() => {
      say('graceful')
      process.exit(0)
    }, 20)
  })
  const db = await started({ timeoutMs: START_MS })
  say({ pid: db.pid })
  await Promise.all([db.stop(), db.stop()])
  await db.stop()
  say('stopped')
  process.kill(process.pid, 'SIGTERM')
  await new Promise((r) => setTimeout(r, 10_000))
} else if (scenario === 'exit-running') {
  const db = await started({ timeoutMs: START_MS })
  say({ pid: db.pid })
  process.exit(0)
} else if (scenario === 'sigterm-running') {
  const db = await started({ timeoutMs: START_MS })
  say({ pid: db.pid })
  process.kill(process.pid, 'SIGTERM')
  await new Promise((r) => setTimeout(r, 10_000))
} else if (scenario === 'once-running') {
  process.once('SIGINT', () => {
    setTimeout(() => {
      say('shutdown')
      process.exit(0)
    }, 20)
  })
  const db = await started({ timeoutMs: START_MS })
  say({ pid: db.pid })
  process.kill(process.pid, 'SIGINT')
  await new Promise((r) => setTimeout(r, 10_000))
} else if (scenario === 'killed-running') {
  const db = await started({ timeoutMs: START_MS })
  say({ pid: db.pid, parent: process.pid, endpoint: db.endpoint })
  setInterval(() => undefined, 60_000)
} else if (scenario === 'killed-stopping') {
  const db = await started({ timeoutMs: START_MS })
  // written at once (stdout may be a pipe, which Node writes asynchronously)
  writeSync(1, `${JSON.stringify({ pid: db.pid, parent: process.pid })}\n`)
  // stop() sends its SIGTERM before its first wait: the process is killed within its grace
  void db.stop()
  process.kill(process.pid, 'SIGKILL')
} else if (scenario === 'killed-at-spawn') {
  const real = cp.spawn
  cp.spawn = ((...args: Parameters<typeof real>): ChildProcess => {
    const child = Reflect.apply(real, cp, args) as ChildProcess
    if (JSON.stringify(args).includes('DynamoDBLocal.jar')) {
      // written at once (stdout may be a pipe, which Node writes asynchronously)
      writeSync(1, `${JSON.stringify({ pid: child.pid, parent: process.pid })}\n`)
      process.kill(process.pid, 'SIGKILL')
    }
    return child
  }) as typeof real
  syncBuiltinESMExports()
  await once({ timeoutMs: START_MS })
} else {
  say({ unknown: scenario })
  process.exit(2)
}

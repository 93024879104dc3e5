/**
 * A process that ran dynamongo's operations ends on its own once they have settled: each
 * operation's time limit, backoff, pacer and sockets are let go, whatever ended it (its time
 * limit against an endpoint that never answers, a refused connection, an abort in flight or
 * in a backoff of ten minutes). The operations run in a child (`harness/settleAll.ts`) that
 * never calls `process.exit`; "ends" is a liveness check with a generous bound (a timer or a
 * request of ten minutes left behind would hold it far past it), never a timing.
 */
import { spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { failing, silent, type StandIn } from '../harness/standIn.js'

const LIVENESS_MS = 120_000
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const child = path.join(root, 'spec', 'harness', 'settleAll.ts')

/** The child's exit code (`undefined`: still running after the bound, then killed) and its stdout. */
const run = (endpoint: string, mode: string): Promise<{ readonly code: number | null | undefined; readonly out: string; readonly err: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, endpoint, mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const late = setTimeout(() => {
      p.kill('SIGKILL')
      resolve({ code: undefined, out, err })
    }, LIVENESS_MS)
    p.on('exit', (code) => {
      clearTimeout(late)
      resolve({ code, out, err })
    })
  })

/** A loopback port nothing listens on (taken, then let go). */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
  })

const check = async (what: string, endpoint: string, mode: string, single: RegExp, entry: RegExp): Promise<void> => {
  const r = await run(endpoint, mode)
  assert.ok(r.code !== undefined, `${what}: the process did not end on its own (${r.out}${r.err})`)
  assert.is(r.code, 0, `${what}: ${r.err}`)
  const results = JSON.parse(r.out) as Record<string, string>
  assert.is(Object.keys(results).length, 19, what)
  for (const [name, x] of Object.entries(results)) {
    if (x.startsWith('entries ')) for (const e of x.slice(8).split(',')) assert.match(e, entry, `${what}, ${name}: ${x}`)
    else assert.match(x, single, `${what}, ${name}: ${x}`)
  }
}

test('an endpoint that never answers, each attempt ended by its time limit: every operation a TimeoutError (entries unknown), and the process ends on its own', async () => {
  const s = await silent()
  try {
    await check('time limit', s.endpoint, 'limit', /^AwsError TimeoutError$/, /^unknown TimeoutError$/)
  } finally {
    await s.close()
  }
})

test('an endpoint that refuses connections, ten-minute time limits: every operation an AwsError (entries not written), and the process ends on its own', async () => {
  await check('refused', `http://127.0.0.1:${await closedPort()}`, 'plain', /^AwsError /, /^not-written /)
})

test('an abort while every request is unanswered (no time limit to speak of), or while every operation waits out a backoff of ten minutes after throttling: AbortError everywhere, and the process ends on its own', async () => {
  const stands: ReadonlyArray<readonly [string, () => Promise<StandIn>, RegExp]> = [
    ['in flight', silent, /^(unknown|not-written) AbortError$/],
    ['in a backoff', () => failing(400, 'ProvisionedThroughputExceededException'), /^(unknown|not-written) AbortError$/],
  ]
  for (const [what, make, entry] of stands) {
    const s = await make()
    try {
      await check(what, s.endpoint, 'abort', /^AwsError AbortError$/, entry)
    } finally {
      await s.close()
    }
  }
})

test.run()

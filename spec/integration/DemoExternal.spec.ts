/**
 * `npm start` (demo/main.ts) pointed at an endpoint of the user's (DYNAMODB_ENDPOINT, or AWS
 * credentials in the environment): it creates, fills and deletes tables named `users`,
 * `user-contacts`, `orders`, `stock`, `docs` and `shop`, so it must touch tables of its own
 * only, never a table of the user's of that name. And an endpoint it cannot use stops it at
 * once (exit 1), not after every step has spent its retries.
 *
 * Against a stand-in endpoint on loopback that refuses every request (a 400 that is no
 * throttling: never retried) and records the table each names.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LIVENESS_MS = 120_000

test("the demo against the user's endpoint names only tables of its own (a prefix of its run after AWS_TABLE_PREFIX); refused, it stops after its first step, exit 1", async () => {
  const named: Array<string> = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += String(d)))
    req.on('end', () => {
      const input = JSON.parse(body) as { readonly TableName?: unknown }
      named.push(typeof input.TableName === 'string' ? input.TableName : '(none)')
      const text = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'refused (stand-in)' })
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) })
      res.end(text)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const ran = await new Promise<{ code: number | null; out: string } | undefined>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'demo', 'main.ts')], {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_TABLE_PREFIX: 'mine-' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (d) => (out += String(d)))
      child.stderr.on('data', (d) => (out += String(d)))
      const late = setTimeout(() => {
        child.kill('SIGKILL')
        resolve(undefined)
      }, LIVENESS_MS)
      child.on('close', (code) => {
        clearTimeout(late)
        resolve({ code, out })
      })
    })
    assert.ok(ran !== undefined, 'the demo ends')
    if (ran === undefined) return
    assert.is(ran.code, 1, ran.out)
    assert.ok(named.length > 0, 'a request was sent')
    for (const name of named) assert.match(name, /^mine-dynamongo-demo-[0-9a-f]{8}-/, `${name}: not a table of the demo's own`)
    // its first step (creating its tables) failed: nothing after it was tried
    assert.ok(named.every((n) => n === named[0] || /user-contacts$/.test(n)), named.join(', '))
    assert.match(ran.out, /stops here/)
  } finally {
    for (const s of sockets) s.destroy()
    await new Promise<void>((r) => server.close(() => r()))
  }
})

test.run()

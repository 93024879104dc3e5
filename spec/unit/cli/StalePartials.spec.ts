/**
 * A dump removes beside `--out` only the partial files of dumps that surely ended: named
 * `FILE.<pid>.<n>.partial` with a process id no system gives beyond 2^22 (Linux's ceiling), no
 * process of that id running, and unmodified for a day (a running dump touches its own while
 * its Scan is quiet). A file of a dump whose process this host cannot see (another container
 * or host sharing the directory) is recent, and a file of the user's own that only looks like
 * one (a date where the pid would be) has no process id: both are kept.
 */
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../../../lib/cli/main.js'
import { withStderr } from '../../harness/stderr.js'

const table = {
  TableName: 'things',
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  ItemCount: 1,
  TableSizeBytes: 10,
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
}

/** A stand-in endpoint: the table described (no time to live), one Scan page of one item. */
const serve = async (): Promise<{ readonly url: string; readonly close: () => Promise<void> }> => {
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '').split('.').pop()
      const body =
        target === 'DescribeTable'
          ? { Table: table }
          : target === 'DescribeTimeToLive'
            ? { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
            : target === 'Scan' ? { Items: [{ pk: { S: 'a' } }], Count: 1, ScannedCount: 1 } : {}
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** A process id of at most 2^22 that no process has. */
const deadPid = (): number => {
  for (let pid = 2 ** 22; pid > 1; pid--) {
    try {
      process.kill(pid, 0)
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ESRCH') return pid
    }
  }
  throw new Error('no free process id')
}

test("a dump removes the partial files of dead dumps unmodified for a day, and keeps a recent one (a dump this host cannot see) and the user's own files that only look like one", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-stale-'))
  const s = await serve()
  try {
    const pid = deadPid()
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
    const files = {
      dead: `things.jsonl.${pid}.0.partial`,
      recent: `things.jsonl.${pid}.1.partial`,
      dated: 'things.jsonl.20250101.1.partial',
      huge: 'things.jsonl.4294967296.0.partial',
    }
    for (const name of Object.values(files)) writeFileSync(path.join(dir, name), '{}\n')
    for (const name of [files.dead, files.dated, files.huge]) utimesSync(path.join(dir, name), old, old)
    const [code, said] = await withStderr(() => main(['dump', 'things', '--out', path.join(dir, 'things.jsonl'), '--endpoint', s.url], { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' }))
    assert.is(code, 0, said)
    assert.equal(readdirSync(dir).sort(), ['things.jsonl', files.recent, files.dated, files.huge].sort())
  } finally {
    await s.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()

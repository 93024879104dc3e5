/**
 * Two `dynamongo dump`s to one `--out` at once (two cron jobs that overlap, say): each writes
 * its own partial file beside `--out` and renames it over `--out` once whole, so `--out` is
 * always one whole dump, the last finished, and each says it dumped: neither removes the
 * other's partial file, nor renames the other's unfinished file over `--out`.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchWriteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { createRawTable, local, uniqueTable } from '../harness/local.js'
import { proxy } from '../harness/proxy.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-cli-concurrent-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

/** The command line with `args` against `endpoint`: its exit code and stderr, once it ends. */
const cli = (args: ReadonlyArray<string>, endpoint: string): Promise<{ readonly code: number; readonly stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib', 'cli', 'bin.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    ;(child.stderr as Readable).on('data', (d) => (stderr += String(d)))
    child.on('close', (code) => resolve({ code: code ?? -1, stderr: stderr.split('\n').filter((l) => /dynamongo|dumped/.test(l)).join('\n') }))
  })

/** A raw table (hash `pk` S) of `n` items, each `p<i>` of `label`. */
const table = async (label: string, n: number): Promise<string> => {
  const db = await local()
  const name = uniqueTable(label)
  await createRawTable(db.client, name, false)
  for (let i = 0; i < n; i += 25) {
    const items = Array.from({ length: Math.min(25, n - i) }, (_, j) => ({ PutRequest: { Item: { pk: { S: `${label}-${i + j}` } } as Record<string, AttributeValue> } }))
    await db.client.send(new BatchWriteItemCommand({ RequestItems: { [name]: items } }))
  }
  return name
}

test('two dumps to one --out at once (the first held at its Scan while the second runs whole): both exit 0, --out is the last finished whole, no partial file left', async () => {
  const db = await local()
  const first = await table('first', 30)
  const second = await table('second', 5)
  // the first dump's Scan waits at the stand-in until the second dump has ended
  let scanning!: () => void
  const atScan = new Promise<void>((resolve) => (scanning = resolve))
  let release!: () => void
  const released = new Promise<'forward'>((resolve) => (release = () => resolve('forward')))
  const p = await proxy(db.endpoint, (seen) => {
    if (seen.target !== 'Scan') return 'forward'
    scanning()
    return released
  })
  try {
    const out = path.join(dir, 'shared.jsonl')
    const a = cli(['dump', first, '--out', out], p.endpoint)
    await atScan
    const b = await cli(['dump', second, '--out', out], db.endpoint)
    release()
    const ra = await a
    assert.equal([b.code, b.stderr], [0, `dumped 5 items of ${second}`])
    assert.equal([ra.code, ra.stderr], [0, `dumped 30 items of ${first}`])
    const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '')
    assert.equal(lines.map((l) => (JSON.parse(l) as { Item: { pk: { S: string } } }).Item.pk.S).sort(), Array.from({ length: 30 }, (_, i) => `first-${i}`).sort())
    assert.equal(readdirSync(dir), ['shared.jsonl'])
  } finally {
    release()
    await p.close()
  }
})

test.run()

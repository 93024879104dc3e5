/**
 * The command line never writes the control characters of what it reads (a load's input, a
 * table's description) to the terminal as they are: a line that is no JSON is named with a
 * piece of its text, and an escape sequence in it (ESC, the one-character CSI U+009B, BEL, a
 * carriage return, a right-to-left override) would recolour, clear or retitle the terminal,
 * or hide what was said. They are shown escaped (`\u001b`), on stderr and in `--failed FILE`;
 * the lines around still load.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { createRawTable, local, scanAll, uniqueTable } from '../harness/local.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-cli-control-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

/** Run the command line with `args` and `input` on stdin; its exit code, stdout and stderr (the runtime's own warnings left out). */
const cli = async (args: ReadonlyArray<string>, input = ''): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> => {
  const db = await local()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib', 'cli', 'bin.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', DYNAMODB_ENDPOINT: db.endpoint, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', NODE_NO_WARNINGS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    ;(child.stdout as Readable).on('data', (d) => (stdout += String(d)))
    ;(child.stderr as Readable).on('data', (d) => (stderr += String(d)))
    child.stdin?.end(input)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** A control character other than a line end or a tab, or a bidirectional override or isolate. */
const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

test('load: a line that is no JSON, holding escape sequences (ESC, CSI U+009B, BEL, CR, RLO), is named with them escaped, on stderr and in --failed FILE; exit 1, the other lines load', async () => {
  const db = await local()
  const table = uniqueTable('cli_control')
  await createRawTable(db.client, table, true)
  const hostile = ['\u001b]0;owned\u0007', '\u009b2J', 'x\rhidden', '\u202Eevil', '\u001b[31mred']
  const lines = ['{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}', ...hostile, '{"Item":{"pk":{"S":"b"},"sk":{"N":"2"}}}']
  const failed = path.join(dir, 'failed.txt')
  const r = await cli(['load', table, '--failed', failed], `${lines.join('\n')}\n`)
  assert.is(r.code, 1)
  const file = readFileSync(failed, 'utf8')
  for (const [what, text] of [['stderr', r.stderr], ['--failed FILE', file]] as const) {
    assert.not.match(text, control, `${what}: ${JSON.stringify(text)}`)
    for (let i = 0; i < hostile.length; i++) assert.match(text, new RegExp(`^line ${i + 2}: ValidationError.*not JSON`, 'm'), what)
    assert.match(text, /\\u001b/, what)
  }
  assert.match(r.stderr, /loaded 2 items into .*; 5 lines failed/)
  assert.is((await scanAll(db.client, table)).length, 2)
})

test('describe: a time-to-live attribute whose name holds escape sequences is shown with them escaped', async () => {
  const db = await local()
  const table = uniqueTable('cli_control')
  await createRawTable(db.client, table)
  await db.client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: 'exp\u001b[2J\u009b0m', Enabled: true } }))
  const r = await cli(['describe', table])
  assert.is(r.code, 0)
  assert.not.match(r.stdout, control, JSON.stringify(r.stdout))
  assert.match(r.stdout, /time to live: ENABLED on exp\\u001b\[2J\\u009b0m/)
})

test.run()

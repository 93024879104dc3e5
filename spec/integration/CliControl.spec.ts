/**
 * The command line never writes the control characters of what it reads (a load's input, a
 * table's description) to the terminal as they are: a line that is no JSON is named with a
 * piece of its text, and an escape sequence in it (ESC, the one-character CSI U+009B, BEL, a
 * carriage return, a right-to-left override) would recolour, clear or retitle the terminal,
 * or hide what was said; a line end in a name or a message would forge a line. They are shown
 * escaped (`\u001b`, `\n`; a backslash `\\`), on stderr, in `--failed FILE` and in describe's
 * output (its `--json` still JSON); the lines around still load.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
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

/**
 * Every character a terminal acts on or that reorders or breaks what it shows, listed here on
 * its own (not the library's list, so that a character the library misses is caught): C0 but
 * a tab (a line end only where the command line ends a line of its own), DEL, C1, the
 * bidirectional marks U+061C, U+200E, U+200F, the overrides and isolates U+202A-U+202E and
 * U+2066-U+2069, the line and paragraph separators U+2028, U+2029.
 */
const dangerous: ReadonlyArray<string> = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((i) => i !== 0x09 && i !== 0x0a),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029,
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
  0x2066, 0x2067, 0x2068, 0x2069,
].map((c) => String.fromCharCode(c))

/** The dangerous characters `text` holds as they are, named `U+XXXX`. */
const raw = (text: string): ReadonlyArray<string> => dangerous.filter((c) => text.includes(c)).map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

test('load: a line that is no JSON, holding escape sequences (ESC, CSI U+009B, BEL, CR, RLO), is named with them escaped, on stderr and in --failed FILE; exit 1, the other lines load', async () => {
  const db = await local()
  const table = uniqueTable('cli_control')
  await createRawTable(db.client, table, true)
  const hostile = ['\u001b]0;owned\u0007', '\u009b2J', 'x\rhidden', '\u202Eevil', '\u001b[31mred', 'a\u2028b\u2029c', '\u200e\u200f\u061cd', String.raw`typed \u001b[31m`, ...dangerous.filter((c) => c !== '\r').map((c) => `x${c}y`)]
  const lines = ['{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}', ...hostile, '{"Item":{"pk":{"S":"b"},"sk":{"N":"2"}}}']
  const failed = path.join(dir, 'failed.txt')
  const r = await cli(['load', table, '--failed', failed], `${lines.join('\n')}\n`)
  assert.is(r.code, 1)
  const file = readFileSync(failed, 'utf8')
  for (const [what, text] of [['stderr', r.stderr], ['--failed FILE', file]] as const) {
    assert.equal(raw(text), [], `${what}: ${JSON.stringify(text)}`)
    // one line per failed line (stderr names the first 20, then says how many more, then the count): no piece of one forges another
    const named = what === 'stderr' ? 20 : hostile.length
    assert.is(text.split('\n').length - 1, named + (what === 'stderr' ? 2 : 0), `${what}: ${JSON.stringify(text)}`)
    for (let i = 0; i < named; i++) assert.match(text, new RegExp(`^line ${i + 2}: ValidationError.*not JSON`, 'm'), what)
    assert.match(text, /[^\\]\\u001b/, what)
    // a backslash typed in the input is shown escaped: never as an escaped ESC
    assert.match(text, /typed \\\\u001b\[31m/, what)
  }
  assert.match(r.stderr, new RegExp(`loaded 2 items into .*; ${hostile.length} lines failed`))
  assert.is((await scanAll(db.client, table)).length, 2)
})

test('describe: a time-to-live attribute whose name holds escape sequences is shown with them escaped', async () => {
  const db = await local()
  const table = uniqueTable('cli_control')
  await createRawTable(db.client, table)
  await db.client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: 'exp\u001b[2J\u009b0m', Enabled: true } }))
  const r = await cli(['describe', table])
  assert.is(r.code, 0)
  assert.equal(raw(r.stdout), [], JSON.stringify(r.stdout))
  assert.match(r.stdout, /time to live: ENABLED on exp\\u001b\[2J\\u009b0m/)
})

test('describe: a key attribute named with a line end, a carriage return, a backslash and U+2028 forges no line; --json is JSON that names it exactly', async () => {
  const db = await local()
  const table = uniqueTable('cli_control')
  const name = 'pk\n  time to live: FORGED\r\\u001b\u2028'
  await db.client.send(new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: name, KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: name, AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
  await db.client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: `exp\n${name}`, Enabled: true } }))
  const r = await cli(['describe', table])
  assert.is(r.code, 0)
  assert.equal(raw(r.stdout), [], JSON.stringify(r.stdout))
  const lines = r.stdout.split('\n')
  assert.is(lines.pop(), '')
  assert.equal(lines.map((l) => l.replace(/:.*/, '')), [`table ${table}`, '  keys', '  billing', '  time to live'], JSON.stringify(r.stdout))
  assert.ok(lines[1]?.includes(String.raw`pk\n  time to live: FORGED\r\\u001b\u2028`), lines[1])
  const json = await cli(['describe', table, '--json'])
  assert.is(json.code, 0)
  assert.equal(raw(json.stdout), [], JSON.stringify(json.stdout))
  const info = JSON.parse(json.stdout) as { readonly hashKey: { readonly name: string }; readonly ttl: { readonly attribute: string } }
  assert.is(info.hashKey.name, name)
  assert.is(info.ttl.attribute, `exp\n${name}`)
})

test.run()

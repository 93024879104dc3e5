/**
 * Issue 18, point 8: the `dynamongo` command line, run as a child process (from source with
 * tsx, and once as the built `dist/cli.js`) against DynamoDB Local, on raw tables (no model,
 * no prefix even when AWS_TABLE_PREFIX is set): describe, dump, load, clear, --help, the exit
 * codes, no progress bar when stderr is not a terminal.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, linkSync, openSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchWriteItemCommand, DeleteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { bundleCli } from '../../scripts/build.mjs'
import { createRawTable, local, scanAll, uniqueTable } from '../harness/local.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-cli-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Run the command line with `args` (and `input` on stdin); its exit code and output. */
const cli = async (
  args: ReadonlyArray<string>,
  options: { input?: string; stdin?: number; stdout?: number; env?: Record<string, string>; built?: string; closeStdout?: boolean; closeStderr?: boolean; cwd?: string } = {},
): Promise<Ran> => {
  const db = await local()
  const argv = options.built === undefined ? ['--import', 'tsx', path.join(root, 'lib', 'cli', 'bin.ts'), ...args] : [options.built, ...args]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      cwd: options.cwd ?? root,
      env: {
        PATH: process.env['PATH'] ?? '',
        DYNAMODB_ENDPOINT: db.endpoint,
        AWS_REGION: 'us-east-2',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_TABLE_PREFIX: 'ignored-',
        ...options.env,
      },
      stdio: [options.stdin ?? 'pipe', options.stdout ?? 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    // a reader that stops (as `| head` does): the pipe is closed before the writer is done.
    // Closed at once, not after a first chunk: what fits in the pipe's buffer (64 KiB and
    // more) is written without an error, so a reader that closes late may never be noticed.
    // (piped: only stdin may be a file descriptor of the caller's)
    // (piped: stdout too may be a file descriptor of the caller's, then nothing is read from it)
    const [out, errs] = [child.stdout, child.stderr as Readable]
    if (options.closeStdout === true) out?.destroy()
    else out?.on('data', (d) => (stdout += String(d)))
    if (options.closeStderr === true) errs.destroy()
    else errs.on('data', (d) => (stderr += String(d)))
    child.stdin?.end(options.input ?? '')
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: stderr.split('\n').filter((l) => !/NodeVersionSupportWarning|versions published|require node|continue receiving|security updates|More information|trace-warnings|^$/.test(l)).join('\n') }))
  })
}

/**
 * The command line with `args` run with its stdin, stdout and stderr on a terminal (a
 * pseudo-terminal that util-linux's `script` opens) and `env` added; all it wrote there.
 */
const onTerminal = async (args: ReadonlyArray<string>, env: Record<string, string>): Promise<Ran> => {
  const db = await local()
  const quoted = [process.execPath, '--import', 'tsx', path.join(root, 'lib', 'cli', 'bin.ts'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm', DYNAMODB_ENDPOINT: db.endpoint, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    // no `script` (util-linux; Debian's bsdutils): the row fails saying so, the file goes on
    child.on('error', (e) => resolve({ code: -1, stdout: `util-linux's script is needed (Debian: bsdutils): ${e.message}`, stderr: '' }))
    ;(child.stdout as Readable).on('data', (d) => (stdout += String(d)))
    ;(child.stderr as Readable).on('data', (d) => (stdout += String(d)))
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: '' }))
  })
}

/** A raw table (hash `pk` S, range `sk` N) holding `n` items. */
const rawTable = async (n: number): Promise<string> => {
  const db = await local()
  const table = uniqueTable('cli')
  await createRawTable(db.client, table, true)
  for (let i = 0; i < n; i += 25) {
    const items = Array.from({ length: Math.min(25, n - i) }, (_, j) => ({
      PutRequest: { Item: { pk: { S: `p${(i + j) % 13}` }, sk: { N: String(i + j) }, blob: { B: new Uint8Array([i & 0xff, j]) }, tags: { SS: ['a', `é${j}`] } } as Record<string, AttributeValue> },
    }))
    await db.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items } }))
  }
  return table
}

const sorted = (items: ReadonlyArray<Record<string, AttributeValue>>) => [...items].sort((a, b) => Number(a['sk']?.N) - Number(b['sk']?.N))

test('--help: the usage on stdout, exit 0; a bad command line: exit 2', async () => {
  const help = await cli(['--help'])
  assert.is(help.code, 0)
  assert.match(help.stdout, /usage:\n {2}dynamongo describe <table>/)
  assert.is((await cli(['frob', 'x'])).code, 2)
  assert.is((await cli(['dump'])).code, 2)
  assert.is((await cli(['dump', 't', '--segments', '0'])).code, 2)
  assert.is((await cli(['dump', 't', '--nope'])).code, 2)
  // --segments is a whole number in decimal digits, within DynamoDB's 1,000,000
  for (const n of ['0x2', '1e0', '2.0', ' 2', '1000001']) assert.is((await cli(['dump', 't', '--segments', n])).code, 2, n)
})

test('a flag that takes a value given twice (--out a --out b, --endpoint=x --endpoint y): exit 2 naming it, before any request, no file made; a switch given twice (--json --json) is the switch', async () => {
  const table = await rawTable(3)
  const cwd = mkdtempSync(path.join(dir, 'twice-'))
  for (const [args, flag] of [
    [['dump', table, '--out', 'a.jsonl', '--out', 'b.jsonl'], '--out'],
    [['dump', table, '--out=a.jsonl', '--out=a.jsonl'], '--out'],
    [['dump', table, '--segments', '2', '--segments=3', '--out', 'c.jsonl'], '--segments'],
    [['describe', table, '--endpoint', 'http://127.0.0.1:1', '--endpoint', 'http://127.0.0.1:2'], '--endpoint'],
    [['describe', table, '--region', 'us-east-2', '--region', 'eu-west-1'], '--region'],
    [['load', table, '--in', 'x', '--in', 'y'], '--in'],
  ] as const) {
    const r = await cli(args, { cwd })
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, new RegExp(`^dynamongo: ${flag} is given twice`), args.join(' '))
    assert.is(r.stdout, '', args.join(' '))
  }
  assert.equal(readdirSync(cwd), [])
  const twice = await cli(['describe', table, '--json', '--json'])
  assert.is(twice.code, 0, twice.stderr)
  assert.is((JSON.parse(twice.stdout) as { name: string }).name, table)
})

test('clear without --yes: a misspelt table is told as missing first (exit 1, no --yes asked); an existing one asks for --yes (exit 2), nothing deleted', async () => {
  const db = await local()
  const table = await rawTable(3)
  const typo = await cli(['clear', `${table}x`])
  assert.is(typo.code, 1, typo.stderr)
  assert.match(typo.stderr, new RegExp(`^dynamongo: there is no table ${table}x `))
  assert.not.match(typo.stderr, /--yes/)
  const short = await cli(['clear', 't'])
  assert.is(short.code, 2)
  assert.match(short.stderr, /table name/)
  assert.not.match(short.stderr, /--yes/)
  const asked = await cli(['clear', table])
  assert.is(asked.code, 2)
  assert.is(asked.stderr, `dynamongo: clear deletes every item of ${table}: add --yes to do it`)
  assert.is((await scanAll(db.client, table)).length, 3)
})

test('a flag the command does not take (--in on dump, --out on load, --segments on describe, --json on clear, --yes on load), or an empty --out or --in: exit 2 naming it, before any request; nothing written, no file made', async () => {
  const table = await rawTable(3)
  const into = await rawTable(0)
  const db = await local()
  const file = path.join(dir, 'flags.jsonl')
  writeFileSync(file, '{"Item":{"pk":{"S":"new"},"sk":{"N":"1"}}}\n')
  const partial = path.join(root, '.partial')
  for (const [args, flag] of [
    [['dump', table, '--in', file], '--in'],
    [['load', into, '--out', file], '--out'],
    [['load', into, '--segments', '2', '--in', file], '--segments'],
    [['describe', table, '--segments', '2'], '--segments'],
    [['clear', into, '--yes', '--json'], '--json'],
    [['load', into, '--yes', '--in', file], '--yes'],
    [['dump', table, '--out', ''], '--out'],
    [['load', into, '--in', ''], '--in'],
  ] as const) {
    const r = await cli(args)
    const made = existsSync(partial)
    rmSync(partial, { force: true })
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, flag, args.join(' '))
    assert.is(r.stdout, '', args.join(' '))
    assert.not.ok(made, `${args.join(' ')}: ${partial} made`)
  }
  assert.equal(await scanAll(db.client, into), [])
  assert.is((await scanAll(db.client, table)).length, 3)
  assert.is(readFileSync(file, 'utf8'), '{"Item":{"pk":{"S":"new"},"sk":{"N":"1"}}}\n')
})

test('load with --failed naming the --in file (the same path, a symbolic link to it, a hard link) or the file stdin reads, or --failed - on stdout appended to the file read: exit 2 before any request; the file is as it was, nothing loaded', async () => {
  const into = await rawTable(0)
  const db = await local()
  const file = path.join(dir, 'same.jsonl')
  const content = '{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}\n{"Item":{"pk":{"S":"b"},"sk":{"N":"2"}}}\n'
  writeFileSync(file, content)
  const symbolic = path.join(dir, 'same-symlink.txt')
  symlinkSync(file, symbolic)
  const hard = path.join(dir, 'same-hardlink.txt')
  linkSync(file, hard)
  for (const failed of [file, path.join(dir, '.', 'same.jsonl'), symbolic, hard]) {
    const r = await cli(['load', into, '--in', file, '--failed', failed])
    assert.is(r.code, 2, `--failed ${failed}: ${r.stderr}`)
    assert.match(r.stderr, /--failed .* is the --in file/, failed)
    assert.is(readFileSync(file, 'utf8'), content, failed)
  }
  // stdin opened on the file (`load t --failed f < f`), through a link or not
  for (const failed of [file, symbolic]) {
    const fd = openSync(file, 'r')
    try {
      const r = await cli(['load', into, '--failed', failed], { stdin: fd })
      assert.is(r.code, 2, `< file --failed ${failed}: ${r.stderr}`)
      assert.match(r.stderr, /--failed .* is the file stdin reads/, failed)
      assert.is(readFileSync(file, 'utf8'), content, failed)
    } finally {
      closeSync(fd)
    }
  }
  // `--failed -` with stdout appended to the file read (`load t --in f --failed - >> f`, `load t
  // --failed - < f >> f`): each failed line would be read again, for ever
  const bad = path.join(dir, 'loops.jsonl')
  const lines = '{"Item":{"pk":{"N":"1"},"sk":{"N":"1"}}}\nnot json\n'
  for (const viaStdin of [false, true]) {
    writeFileSync(bad, lines)
    const [input, output] = [openSync(bad, 'r'), openSync(bad, 'a')]
    try {
      const r = await cli(['load', into, ...(viaStdin ? [] : ['--in', bad]), '--failed', '-'], viaStdin ? { stdin: input, stdout: output } : { stdout: output })
      assert.is(r.code, 2, `stdin ${viaStdin}: ${r.stderr}`)
      assert.match(r.stderr, /--failed - \(stdout\) is the (--in file|file stdin reads).*read again/, r.stderr)
      assert.is(readFileSync(bad, 'utf8'), lines)
    } finally {
      closeSync(input)
      closeSync(output)
    }
  }
  // the other way round: --in a link to the --failed file
  const r = await cli(['load', into, '--in', symbolic, '--failed', file])
  assert.is(r.code, 2, r.stderr)
  assert.is(readFileSync(file, 'utf8'), content)
  assert.equal(await scanAll(db.client, into), [])
  // another file is taken: the load runs, the --failed file is made (empty: no line failed)
  const other = path.join(dir, 'same-failed.txt')
  const ok = await cli(['load', into, '--in', file, '--failed', other])
  assert.is(ok.code, 0, ok.stderr)
  assert.is(readFileSync(other, 'utf8'), '')
  assert.is((await scanAll(db.client, into)).length, 2)
})

test('a table name DynamoDB refuses (under 3 or over 255 characters, a character outside a-z A-Z 0-9 _ - .): exit 2 with a usage error, before any request (never sent, so never an AwsError, exit 1)', async () => {
  for (const name of ['ab', 'x'.repeat(256), 'a/b', 'tab le', 'tablé']) {
    for (const command of ['describe', 'dump', 'load']) {
      const r = await cli([command, name])
      assert.is(r.code, 2, `${command} ${name.slice(0, 20)}: ${r.stderr}`)
      assert.match(r.stderr, /table name/)
      assert.not.match(r.stderr, /AwsError/)
    }
  }
})

test('describe: a raw table named exactly as given (no prefix), as text and as JSON; a missing table: exit 1', async () => {
  const table = await rawTable(30)
  const text = await cli(['describe', table])
  assert.is(text.code, 0, text.stderr)
  assert.match(text.stdout, new RegExp(`^table ${table}: ACTIVE, about 30 items`))
  assert.match(text.stdout, /keys: pk \(S\), sk \(N\)/)
  assert.match(text.stdout, /billing: on-demand/)
  assert.match(text.stdout, /time to live: DISABLED/)
  const json = await cli(['describe', table, '--json'])
  const info = JSON.parse(json.stdout) as { name: string; hashKey: unknown; itemCount: number }
  assert.equal([info.name, info.hashKey, info.itemCount], [table, { name: 'pk', type: 'S' }, 30])
  const missing = await cli(['describe', `${table}-nope`])
  assert.is(missing.code, 1)
  // where it looked, and what to check (DynamoDB Local keeps each access key id's and region's tables apart)
  assert.ok(missing.stderr.includes(`there is no table ${table}-nope at `), missing.stderr)
  assert.match(missing.stderr, / in region us-east-2 for these credentials \(check the name, --endpoint, --region and the credentials: DynamoDB Local keeps the tables of each access key id and region apart\)$/)
})

test('dump to a file with 2 segments, load it into another table from --in and from stdin: the same items; no bar when stderr is no terminal', async () => {
  const db = await local()
  const from = await rawTable(600)
  const file = path.join(dir, 'dump.jsonl')
  const dumped = await cli(['dump', from, '--out', file, '--segments', '2'])
  assert.is(dumped.code, 0, dumped.stderr)
  assert.is(dumped.stderr, `dumped 600 items of ${from}`)
  const text = readFileSync(file, 'utf8')
  assert.is(text.split('\n').length, 601)
  const to = uniqueTable('cli')
  await createRawTable(db.client, to, true)
  const loaded = await cli(['load', to, '--in', file])
  assert.is(loaded.code, 0, loaded.stderr)
  assert.is(loaded.stderr, `loaded 600 items into ${to}`)
  assert.equal(sorted(await scanAll(db.client, to)), sorted(await scanAll(db.client, from)))
  // stdout and stdin
  const piped = await cli(['dump', from])
  assert.is(piped.code, 0)
  assert.is(piped.stdout.split('\n').length, 601)
  const again = uniqueTable('cli')
  await createRawTable(db.client, again, true)
  const fromStdin = await cli(['load', again], { input: piped.stdout })
  assert.is(fromStdin.code, 0, fromStdin.stderr)
  assert.is((await scanAll(db.client, again)).length, 600)
})

test('"-" is stdin for --in and stdout for --out and --failed, as for every Unix tool: no file named "-" is read or made', async () => {
  const db = await local()
  const from = await rawTable(30)
  const cwd = mkdtempSync(path.join(dir, 'dash-'))
  const dash = path.join(cwd, '-')
  const dumped = await cli(['dump', from, '--out', '-'], { cwd })
  assert.is(dumped.code, 0, dumped.stderr)
  assert.is(dumped.stderr, `dumped 30 items of ${from}`)
  assert.is(dumped.stdout.split('\n').length, 31)
  assert.not.ok(existsSync(dash), 'dump --out - made a file named -')
  const to = await rawTable(0)
  const loaded = await cli(['load', to, '--in', '-'], { cwd, input: dumped.stdout })
  assert.is(loaded.code, 0, loaded.stderr)
  assert.is(loaded.stderr, `loaded 30 items into ${to}`)
  assert.equal(sorted(await scanAll(db.client, to)), sorted(await scanAll(db.client, from)))
  // the failed lines on stdout (a load writes nothing else there), stderr as without --failed
  const bad = await cli(['load', to, '--in', '-', '--failed', '-'], { cwd, input: '{"Item":{"pk":{"S":"z"},"sk":{"N":"1"}}}\n{"Item":\n' })
  assert.is(bad.code, 1, bad.stderr)
  assert.match(bad.stdout, /^line 2: ValidationError.*\(not-written\)\n$/)
  assert.match(bad.stderr, /^loaded 1 item into .*; 1 line failed$/m)
  assert.not.ok(existsSync(dash), 'load --in - --failed - made a file named -')
  // a file named "-" is still reached by a path that is not "-" alone
  writeFileSync(dash, '{"Item":{"pk":{"S":"y"},"sk":{"N":"1"}}}\n')
  const named = await cli(['load', to, '--in', './-'], { cwd })
  assert.is(named.code, 0, named.stderr)
  assert.is((await scanAll(db.client, to)).length, 32)
  // usage and README say so
  assert.match((await cli(['--help'])).stdout, /"-" is stdin/)
})

test('load: a corrupt line or an item without the key: exit 1, each named with its line; the others load', async () => {
  const db = await local()
  const table = uniqueTable('cli')
  await createRawTable(db.client, table, true)
  const lines = ['{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}', '{"Item":{"pk":', '{"Item":{"pk":{"S":"c"}}}', '{"Item":{"pk":{"S":"d"},"sk":{"N":"4"}}}']
  const r = await cli(['load', table], { input: `${lines.join('\n')}\n` })
  assert.is(r.code, 1)
  assert.match(r.stderr, /^line 2: ValidationError/m)
  assert.match(r.stderr, /^line 3: ValidationError.*range key is missing.*\(not-written\)/m)
  assert.match(r.stderr, /loaded 2 items into .*; 2 lines failed/)
  assert.is((await scanAll(db.client, table)).length, 2)
  // a file that cannot be read: exit 1
  assert.is((await cli(['load', table, '--in', path.join(dir, 'absent.jsonl')])).code, 1)
})

test('load: a file not in UTF-8 (Latin-1): exit 1, the line named; the good lines load', async () => {
  const db = await local()
  const table = uniqueTable('cli')
  await createRawTable(db.client, table, true)
  const file = path.join(dir, 'latin1.jsonl')
  writeFileSync(file, Buffer.from('{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}\n{"Item":{"pk":{"S":"café"},"sk":{"N":"2"}}}\n{"Item":{"pk":{"S":"b"},"sk":{"N":"3"}}}\n', 'latin1'))
  const r = await cli(['load', table, '--in', file])
  assert.is(r.code, 1, r.stderr)
  assert.match(r.stderr, /^line 2: ValidationError.*not UTF-8.*\(not-written\)/m)
  assert.match(r.stderr, /loaded 2 items into .*; 1 line failed/)
  assert.equal((await scanAll(db.client, table)).map((x) => x['pk']?.S).sort(), ['a', 'b'])
})

test('load with many lines failing: stderr names the first 20, then counts the others; --failed FILE holds every one, in the same words; a --failed that cannot be written stops the load before any request', async () => {
  const db = await local()
  const table = uniqueTable('cli')
  await createRawTable(db.client, table, true)
  // lines 2 to 26 are no JSON; 1 and 27 load
  const lines = ['{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}', ...Array.from({ length: 25 }, (_, i) => `{"Item":${i}`), '{"Item":{"pk":{"S":"b"},"sk":{"N":"2"}}}']
  const input = `${lines.join('\n')}\n`
  const shown = (stderr: string) => stderr.split('\n').filter((l) => /^line \d+: /.test(l))
  const r = await cli(['load', table], { input })
  assert.is(r.code, 1)
  assert.equal(shown(r.stderr).map((l) => l.replace(/:.*/, '')), Array.from({ length: 20 }, (_, i) => `line ${i + 2}`))
  assert.match(r.stderr, /^\.\.\. and 5 more lines failed \(--failed FILE writes every one\)$/m)
  assert.match(r.stderr, /^loaded 2 items into .*; 25 lines failed$/m)
  const file = path.join(dir, 'failed.txt')
  const all = await cli(['load', table, '--failed', file], { input })
  assert.is(all.code, 1)
  assert.is(shown(all.stderr).length, 20)
  assert.match(all.stderr, new RegExp(`^\\.\\.\\. and 5 more lines failed \\(every one is in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`, 'm'))
  const written = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')
  assert.equal(written.map((l) => l.replace(/:.*/, '')), Array.from({ length: 25 }, (_, i) => `line ${i + 2}`))
  assert.equal(written.slice(0, 20), shown(all.stderr))
  assert.ok(written.every((l) => / \(not-written\)$/.test(l)))
  // a load without failures leaves the file empty (no failures of an earlier run)
  const ok = await cli(['load', table, '--failed', file], { input: `${lines[0]}\n` })
  assert.is(ok.code, 0, ok.stderr)
  assert.is(readFileSync(file, 'utf8'), '')
  // a file that cannot be written: exit 1 before any request; '' or another command's --failed: a bad command line
  const other = uniqueTable('cli')
  await createRawTable(db.client, other, true)
  const unwritable = await cli(['load', other, '--failed', path.join(dir, 'absent', 'failed.txt')], { input })
  assert.is(unwritable.code, 1)
  assert.match(unwritable.stderr, /^dynamongo: --failed .*absent.*ENOENT/m)
  assert.is((await scanAll(db.client, other)).length, 0)
  assert.is((await cli(['load', table, '--failed', ''], { input })).code, 2)
  assert.is((await cli(['dump', table, '--failed', file])).code, 2)
})

test('load: a line holding a lone surrogate (JSON "\\ud800") fails with its line (exit 1), never stored as "?"; the others load', async () => {
  const db = await local()
  const table = uniqueTable('cli')
  await createRawTable(db.client, table, true)
  const lines = ['{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}', '{"Item":{"pk":{"S":"b"},"sk":{"N":"2"},"v":{"S":"x\\ud800"}}}', '{"Item":{"pk":{"S":"c"},"sk":{"N":"3"}}}']
  const r = await cli(['load', table], { input: `${lines.join('\n')}\n` })
  assert.is(r.code, 1)
  assert.match(r.stderr, /^line 2: ValidationError.*v: a lone surrogate.*\(not-written\)/m)
  assert.match(r.stderr, /loaded 2 items into .*; 1 line failed$/m)
  assert.equal((await scanAll(db.client, table)).map((x) => x['pk']?.S).sort(), ['a', 'c'])
})

test('the flags the user typed are named in their errors: a missing --in file (no AwsError), a bad --endpoint or --region', async () => {
  const table = await rawTable(0)
  const absent = path.join(dir, 'absent.jsonl')
  const missing = await cli(['load', table, '--in', absent])
  assert.is(missing.code, 1)
  assert.match(missing.stderr, /^dynamongo: --in .*absent\.jsonl: .*ENOENT/)
  assert.not.match(missing.stderr, /AwsError|InputStreamError/)
  // a directory (which opens, and fails its first read) is told before any request, named by its flag
  const folder = await cli(['load', table, '--in', dir])
  assert.is(folder.code, 1)
  assert.match(folder.stderr, /^dynamongo: --in .*: it is a directory/)
  assert.not.match(folder.stderr, /AwsError|InputStreamError/)
  const out = await cli(['dump', table, '--out', path.join(dir, 'absent', 'dump.jsonl')])
  assert.match(out.stderr, /^dynamongo: --out .*dump\.jsonl failed: .*ENOENT/)
  const endpoint = await cli(['describe', table, '--endpoint', 'ftp://x'])
  assert.is(endpoint.code, 2)
  assert.match(endpoint.stderr, /^dynamongo: --endpoint: /)
  assert.not.match(endpoint.stderr, /DYNAMODB_ENDPOINT/)
  const region = await cli(['describe', table, '--region', 'not a region'])
  assert.is(region.code, 2)
  assert.match(region.stderr, /^dynamongo: --region: /)
  assert.not.match(region.stderr, /AWS_REGION/)
})

test('dump into a file that cannot be opened: exit 1, one line on stderr; into a pipe its reader closes early (| head): quiet, exit 141 (as a tool SIGPIPE ended); never a crash', async () => {
  const table = await rawTable(2000)
  const bad = await cli(['dump', table, '--out', path.join(dir, 'absent', 'dump.jsonl')])
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /^dynamongo: .*ENOENT/)
  assert.not.match(bad.stderr, /Unhandled|node:events/)
  const closed = await cli(['dump', table], { closeStdout: true })
  assert.is(closed.code, 141, closed.stderr)
  assert.is(closed.stderr, '')
  // a file's error whose message quotes a path with EPIPE in it is that error, never the quiet 141 of a closed pipe
  const named = await cli(['dump', table, '--out', path.join(dir, 'absent', 'EPIPE')])
  assert.is(named.code, 1, named.stderr)
  assert.match(named.stderr, /^dynamongo: --out .*EPIPE failed: .*ENOENT/)
})

test('describe or --help into a pipe its reader closed (| head): quiet, exit 141 as for dump, never a stack trace; a stderr whose reader closed: the exit code still that of the command (0: the dump and the load done), never a crash', async () => {
  const db = await local()
  const table = await rawTable(40)
  for (const args of [['describe', table], ['describe', table, '--json'], ['--help']]) {
    const r = await cli(args, { closeStdout: true })
    assert.is(r.code, 141, `${args.join(' ')}: ${r.stderr}`)
    assert.is(r.stderr, '', args.join(' '))
  }
  const file = path.join(dir, 'no-stderr.jsonl')
  const dumped = await cli(['dump', table, '--out', file], { closeStderr: true })
  assert.is(dumped.code, 0)
  assert.is(readFileSync(file, 'utf8').split('\n').length, 41)
  const to = await rawTable(0)
  const loaded = await cli(['load', to, '--in', file], { closeStderr: true })
  assert.is(loaded.code, 0)
  assert.is((await scanAll(db.client, to)).length, 40)
  const bad = await cli(['load', to], { closeStderr: true, input: '{"Item":\n' })
  assert.is(bad.code, 1)
  const missing = await cli(['describe', `${table}-nope`], { closeStderr: true })
  assert.is(missing.code, 1)
})

test('the progress bar: drawn on a terminal, changing none of its modes; not in CI (CI set, as runners that give a pseudo-terminal do: a bar redrawn there is thousands of log lines) nor on a dumb terminal (TERM=dumb)', async () => {
  const table = await rawTable(50)
  const file = path.join(dir, 'bar.jsonl')
  const drawn = await onTerminal(['dump', table, '--out', file], {})
  assert.is(drawn.code, 0, drawn.stdout)
  assert.match(drawn.stdout, /50\/50 items \| \d+ items\/s/)
  // no terminal mode changed (the cursor hidden, line wrap off): a process ended at any point
  // (Ctrl-C of a dump, SIGKILL) has none to restore, the terminal stays as it was
  assert.not.match(drawn.stdout, /\u001b\[\?(25|7)l/)
  for (const env of [{ CI: 'true' }, { CI: '1' }, { TERM: 'dumb' }] as ReadonlyArray<Record<string, string>>) {
    const quiet = await onTerminal(['dump', table, '--out', file], env)
    assert.is(quiet.code, 0, quiet.stdout)
    assert.match(quiet.stdout, `dumped 50 items of ${table}`, JSON.stringify(env))
    assert.not.match(quiet.stdout, /items\/s|\u001b/, JSON.stringify(env))
  }
  // CI=false (set to say it is no CI): drawn
  assert.match((await onTerminal(['dump', table, '--out', file], { CI: 'false' })).stdout, /items\/s/)
})

test('counts of one are singular: about 1 item, dumped 1 item, loaded 1 item, 1 line failed, deleted 1 item', async () => {
  const db = await local()
  const table = await rawTable(1)
  const described = await cli(['describe', table])
  assert.match(described.stdout, new RegExp(`^table ${table}: ACTIVE, about (1 item|0 items),`))
  const dumped = await cli(['dump', table, '--out', path.join(dir, 'one.jsonl')])
  assert.is(dumped.stderr, `dumped 1 item of ${table}`)
  const loaded = await cli(['load', table], { input: '{"Item":{"pk":{"S":"x"},"sk":{"N":"1"}}}\n{"Item":{"pk":\n' })
  assert.match(loaded.stderr, new RegExp(`^loaded 1 item into ${table}; 1 line failed$`, 'm'))
  await db.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'x' }, sk: { N: '1' } } }))
  const cleared = await cli(['clear', table, '--yes'])
  assert.is(cleared.stderr, `deleted 1 item of ${table}`)
})

test('clear --yes: every item deleted, exit 0', async () => {
  const db = await local()
  const table = await rawTable(120)
  const r = await cli(['clear', table, '--yes'])
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stderr, `deleted 120 items of ${table}`)
  assert.is((await scanAll(db.client, table)).length, 0)
})

test('the built dist/cli.js (package bin) runs: --help, and a dump', async () => {
  const built = path.join(dir, 'cli.js')
  await bundleCli({ outfile: built })
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}')
  assert.ok(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n'))
  const help = await cli(['--help'], { built })
  assert.is(help.code, 0)
  const table = await rawTable(10)
  const dumped = await cli(['dump', table], { built })
  assert.is(dumped.code, 0, dumped.stderr)
  assert.is(dumped.stdout.split('\n').length, 11)
})

test('load of 300,000 junk lines in a heap of 96 MB: every line is in --failed FILE, stderr names the first 20 and counts the others, and the process holds none of them (it ran out of memory when every failure was kept until the end)', async () => {
  const db = await local()
  const table = uniqueTable('cli')
  await createRawTable(db.client, table, true)
  const junk = 300_000
  const lines = path.join(dir, 'junk.jsonl')
  writeFileSync(lines, `${'{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}\n'}${'x\n'.repeat(junk)}`)
  const file = path.join(dir, 'junk-failed.txt')
  const r = await cli(['load', table, '--in', lines, '--failed', file], { env: { NODE_OPTIONS: '--max-old-space-size=96' } })
  assert.is(r.code, 1, r.stderr.slice(-2000))
  assert.match(r.stderr, new RegExp(`^loaded 1 item into .*; ${junk} lines failed$`, 'm'))
  assert.is(r.stderr.split('\n').filter((l) => /^line \d+: /.test(l)).length, 20)
  const written = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')
  assert.is(written.length, junk)
  assert.match(written[0] ?? '', /^line 2: ValidationError/)
  assert.match(written[junk - 1] ?? '', new RegExp(`^line ${junk + 1}: `))
})

test.run()

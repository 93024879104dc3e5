/**
 * The `dynamongo` command line when the world around it fails: a `dump` over a file that holds
 * an earlier dump, failing or killed (SIGKILL) halfway; a `dump` to a disk that is full; a
 * `load` whose input ends halfway through a line; a `load` stopped by Ctrl-C while its writes
 * are in flight. Against a stand-in endpoint on loopback (DescribeTable, DescribeTimeToLive,
 * Scan and BatchWriteItem answered as told), the command line run from source as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, type Stats } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { serving, within, type Answer } from '../harness/standIn.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-cli-killed-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

const LIVENESS_MS = 60_000

/** How the stand-in answers the second Scan: a page that ends the dump, one DynamoDB never gives (a Count that is no number), or never. */
type Second = 'ends' | 'unreadable' | 'never'

interface Endpoint {
  readonly url: string
  /** Resolves when the stand-in has received the second Scan (the first page's items are then the CLI's to write). */
  readonly secondScan: Promise<void>
  readonly close: () => Promise<void>
}

const table = {
  TableName: 'things',
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  ItemCount: 2,
  TableSizeBytes: 20,
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
}

/** DynamoDB's answer `body` (HTTP 200). */
const ok = (body: unknown): Answer => ({ status: 200, body })

const standIn = async (second: Second): Promise<Endpoint> => {
  let scans = 0
  let seen: () => void = () => undefined
  const secondScan = new Promise<void>((r) => (seen = r))
  const s = await serving((target) => {
    if (target === 'DescribeTable') return ok({ Table: table })
    if (target === 'DescribeTimeToLive') return ok({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } })
    if (target === 'BatchWriteItem') return ok({ UnprocessedItems: {} })
    if (target !== 'Scan') return ok({})
    scans++
    if (scans === 1) return ok({ Items: [{ pk: { S: 'new-1' } }], Count: 1, ScannedCount: 1, LastEvaluatedKey: { pk: { S: 'new-1' } } })
    seen()
    if (second === 'ends') return ok({ Items: [{ pk: { S: 'new-2' } }], Count: 1, ScannedCount: 1 })
    if (second === 'unreadable') return ok({ Items: [], Count: 'x', ScannedCount: 0 })
    // 'never': the request is held open
    return undefined
  })
  return { url: s.endpoint, secondScan, close: s.close }
}

interface Ran {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

/**
 * The command line with `args` against `endpoint`, `input` on its stdin; `started` is handed the
 * child (to kill it); `uid` runs it as that user (and group of that number); `preload` is a
 * module the child imports first (spec/harness/fsyncFails.ts: its disk fails every fsync).
 */
const cli = (
  endpoint: string,
  args: ReadonlyArray<string>,
  options: { readonly input?: string; readonly started?: (child: ChildProcess) => void; readonly uid?: number; readonly preload?: string } = {},
): Promise<Ran> =>
  new Promise((resolve) => {
    const preload = options.preload === undefined ? [] : ['--import', options.preload]
    const child = spawn(process.execPath, ['--import', 'tsx', ...preload, path.join(root, 'lib', 'cli', 'bin.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      stdio: ['pipe', 'ignore', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += String(d)))
    child.stdin.end(options.input ?? '')
    options.started?.(child)
    child.on('close', (code, signal) =>
      resolve({ code, signal, stderr: stderr.split('\n').filter((l) => !/NodeVersionSupportWarning|versions published|require node|continue receiving|security updates|More information|trace-warnings|^$/.test(l)).join('\n') }),
    )
  })

const earlier = '{"Item":{"pk":{"S":"old-1"}}}\n{"Item":{"pk":{"S":"old-2"}}}\n{"Item":{"pk":{"S":"old-3"}}}\n'

/**
 * A dump over an earlier dump (`out`, in a directory of its own made with `prefix`), stopped by
 * `signal` once its first page is the CLI's to write, while it waits for the second Scan: the
 * directory, the file, and how the run ended.
 */
const stoppedHalfway = async (prefix: string, signal: NodeJS.Signals): Promise<{ readonly at: string; readonly out: string; readonly r: Ran }> => {
  const at = mkdtempSync(path.join(dir, prefix))
  const out = path.join(at, 'things.jsonl')
  writeFileSync(out, earlier)
  const hung = await standIn('never')
  try {
    let child: ChildProcess | undefined
    const ran = cli(hung.url, ['dump', 'things', '--out', out], { started: (c) => (child = c) })
    const waited = await Promise.race([hung.secondScan.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), LIVENESS_MS).unref())])
    assert.ok(waited, 'the second Scan came')
    child?.kill(signal)
    return { at, out, r: await ran }
  } finally {
    await hung.close()
  }
}

/**
 * A dump that fails over an earlier dump (`things.jsonl` in a new directory): exit 1, the earlier
 * dump as it was, nothing else left. Gives what the CLI wrote to stderr and the file's path.
 */
const failedOver = async (prefix: string, answers: Parameters<typeof standIn>[0], options: Parameters<typeof cli>[2] = {}): Promise<{ readonly stderr: string; readonly out: string }> => {
  const at = mkdtempSync(path.join(dir, prefix))
  const out = path.join(at, 'things.jsonl')
  writeFileSync(out, earlier)
  const s = await standIn(answers)
  try {
    const r = await cli(s.url, ['dump', 'things', '--out', out], options)
    assert.is(r.code, 1, r.stderr)
    assert.is(readFileSync(out, 'utf8'), earlier)
    assert.equal(readdirSync(at), ['things.jsonl'])
    return { stderr: r.stderr, out }
  } finally {
    await s.close()
  }
}

test('a dump over an earlier dump that fails halfway (an answer it cannot read): exit 1, the earlier dump as it was, no other file left', async () => {
  const { stderr } = await failedOver('fails-', 'unreadable')
  assert.match(stderr, /^dynamongo: AwsError InvalidAnswer/)
})

test('a dump over an earlier dump killed (SIGKILL) halfway: the earlier dump as it was; run again a day later, it is replaced whole and nothing else is left', async () => {
  // killed once its first page is the CLI's to write, while it waits for the second
  const { at, out, r: killed } = await stoppedHalfway('killed-', 'SIGKILL')
  assert.is(killed.signal, 'SIGKILL')
  assert.is(readFileSync(out, 'utf8'), earlier)
  // its partial file, left unmodified for two days: a dead dump's (a recent one may be a running dump's that this host cannot see)
  const left = readdirSync(at).filter((name) => name.endsWith('.partial'))
  assert.is(left.length, 1, left.join(', '))
  const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
  for (const name of left) utimesSync(path.join(at, name), old, old)
  const s = await standIn('ends')
  try {
    const r = await cli(s.url, ['dump', 'things', '--out', out])
    assert.is(r.code, 0, r.stderr)
    assert.is(readFileSync(out, 'utf8'), '{"Item":{"pk":{"S":"new-1"}}}\n{"Item":{"pk":{"S":"new-2"}}}\n')
    assert.equal(readdirSync(at), ['things.jsonl'])
  } finally {
    await s.close()
  }
})

test('a dump to a symbolic link to an earlier dump: the file it links to is replaced, the link stays a link', async () => {
  const at = mkdtempSync(path.join(dir, 'link-'))
  writeFileSync(path.join(at, 'monday.jsonl'), earlier)
  symlinkSync('monday.jsonl', path.join(at, 'latest.jsonl'))
  const s = await standIn('ends')
  try {
    const r = await cli(s.url, ['dump', 'things', '--out', path.join(at, 'latest.jsonl')])
    assert.is(r.code, 0, r.stderr)
    assert.ok(lstatSync(path.join(at, 'latest.jsonl')).isSymbolicLink())
    assert.is(readFileSync(path.join(at, 'monday.jsonl'), 'utf8'), '{"Item":{"pk":{"S":"new-1"}}}\n{"Item":{"pk":{"S":"new-2"}}}\n')
    assert.equal(readdirSync(at).sort(), ['latest.jsonl', 'monday.jsonl'])
  } finally {
    await s.close()
  }
})

test('a dump to a full disk (/dev/full: every write is ENOSPC): exit 1, one line naming --out and the error, never "dumped"', async () => {
  const s = await standIn('ends')
  try {
    const r = await cli(s.url, ['dump', 'things', '--out', '/dev/full'])
    assert.is(r.code, 1, r.stderr)
    assert.is(r.stderr, 'dynamongo: --out /dev/full failed: ENOSPC: no space left on device, write')
  } finally {
    await s.close()
  }
})

test('a load whose stdin ends halfway through a line (its writer killed): the whole lines load, the cut one fails with its number, exit 1', async () => {
  const s = await standIn('ends')
  try {
    const r = await cli(s.url, ['load', 'things'], { input: '{"Item":{"pk":{"S":"a"}}}\n{"Item":{"pk":{"S":"b"}}}\n{"Item":{"pk":{"S":' })
    assert.is(r.code, 1, r.stderr)
    assert.match(r.stderr, /^line 3: ValidationError/)
    assert.match(r.stderr, /\nloaded 2 items into things; 1 line/)
  } finally {
    await s.close()
  }
})

/**
 * A stand-in whose BatchWriteItem (puts or deletes) answers the first `answered` requests and
 * holds the others open: the keys of each kind, and a promise of the first request held. Its
 * Scan gives the keys of `pages`, a page a request.
 */
const writesHeld = async (answered: number, pages: ReadonlyArray<ReadonlyArray<string>> = []): Promise<Endpoint & { readonly written: string[]; readonly held: string[] }> => {
  const written: string[] = []
  const held: string[] = []
  let seen: () => void = () => undefined
  const firstHeld = new Promise<void>((r) => (seen = r))
  let writes = 0
  const s = await serving((target, input) => {
    if (target === 'DescribeTable') return ok({ Table: table })
    if (target === 'DescribeTimeToLive') return ok({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } })
    if (target === 'Scan') {
      const at = Number((input as { ExclusiveStartKey?: { pk: { S: string } } }).ExclusiveStartKey?.pk.S ?? -1) + 1
      const keys = (pages[at] ?? []).map((pk) => ({ pk: { S: pk } }))
      return ok({ Items: keys, Count: keys.length, ScannedCount: keys.length, ...(at + 1 < pages.length ? { LastEvaluatedKey: { pk: { S: String(at) } } } : {}) })
    }
    if (target !== 'BatchWriteItem') return ok({})
    type Request = { PutRequest?: { Item: { pk: { S: string } } }; DeleteRequest?: { Key: { pk: { S: string } } } }
    const pks = (Object.values((input as { RequestItems: Record<string, Request[]> }).RequestItems)[0] ?? []).map((r) => (r.PutRequest?.Item ?? r.DeleteRequest?.Key)?.pk.S ?? '')
    if (writes++ < answered) {
      written.push(...pks)
      return ok({ UnprocessedItems: {} })
    }
    held.push(...pks)
    seen()
    return undefined
  })
  return { url: s.endpoint, secondScan: firstHeld, written, held, close: s.close }
}

test('a load stopped by SIGINT (Ctrl-C) while writes are in flight: it says the lines that failed before (line 3 is no JSON; those whose writes it ended before sending), the items written and the lines that may have been (their requests ended unanswered), then ends by SIGINT', async () => {
  const s = await writesHeld(2)
  try {
    // 400 good lines: a whole group, written before the input ends (a last group is a Right's)
    const input = Array.from({ length: 401 }, (_, i) => (i === 2 ? 'not json\n' : `{"Item":{"pk":{"S":"i${i + 1}"}}}\n`)).join('')
    let child: ChildProcess | undefined
    const ran = cli(s.url, ['load', 'things'], { input, started: (c) => (child = c) })
    const waited = await Promise.race([s.secondScan.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), LIVENESS_MS).unref())])
    assert.ok(waited, 'a write was held')
    child?.kill('SIGINT')
    const r = await ran
    assert.is(r.signal, 'SIGINT', `${r.code} ${r.stderr}`)
    const said = /aborted in flight: interrupted by SIGINT \(after line \d+; (\d+) items? written; lines? 3(, [\d–]+)* failed, not written(?:; lines? [\d–, ]+ not sent)?; lines? ([\d–, ]+) may have been written \(outcome unknown\), no other line's outcome is unknown\)/.exec(r.stderr)
    assert.ok(said !== null, r.stderr)
    assert.match(r.stderr, /^line 3: ValidationError: not JSON.* \(not-written\)$/m)
    assert.is(Number(said[1]), s.written.length)
    const lines = (said[3] as string).split(', ').flatMap((range) => {
      const [a, b] = range.split('–').map(Number) as [number, number | undefined]
      return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i)
    })
    // every line held is named (a request sent as the signal came may be named without reaching the stand-in), none written
    for (const pk of s.held) assert.ok(lines.includes(Number(pk.slice(1))), `line ${pk.slice(1)} held, not named: ${r.stderr}`)
    for (const pk of s.written) assert.not.ok(lines.includes(Number(pk.slice(1))), `line ${pk.slice(1)} written, named: ${r.stderr}`)
  } finally {
    await s.close()
  }
})

/** The command line with `args` (its stdin `input`) against `s`, sent `signal` once `s` holds a write: how it ended. */
const stoppedWhileHeld = async (s: Endpoint, args: ReadonlyArray<string>, signal: NodeJS.Signals, input = '', preload?: string): Promise<Ran> => {
  let child: ChildProcess | undefined
  const ran = cli(s.url, args, { input, started: (c) => (child = c), ...(preload === undefined ? {} : { preload }) })
  const waited = await Promise.race([s.secondScan.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), LIVENESS_MS).unref())])
  assert.ok(waited, 'a write was held')
  child?.kill(signal)
  return ran
}

test('a load of fewer lines than a group stopped by SIGINT while its only group is in flight: each line sent unanswered named (outcome unknown), each line that failed too, then the items loaded before SIGINT, once, also when the signal it then sends itself comes late; ended by SIGINT', async () => {
  for (const preload of [undefined, path.join(root, 'spec', 'harness', 'signalLate.ts')]) {
    const s = await writesHeld(0)
    try {
      const input = Array.from({ length: 10 }, (_, i) => (i === 4 ? 'not json\n' : `{"Item":{"pk":{"S":"i${i + 1}"}}}\n`)).join('')
      const r = await stoppedWhileHeld(s, ['load', 'things'], 'SIGINT', input, preload)
      assert.is(r.signal, 'SIGINT', `${r.code} ${r.stderr}`)
      assert.equal(s.held.sort(), ['i1', 'i10', 'i2', 'i3', 'i4', 'i6', 'i7', 'i8', 'i9'])
      const said = r.stderr.split('\n')
      assert.is(said.length, 11, r.stderr)
      for (const [i, line] of said.slice(0, 10).entries()) assert.match(line, i === 4 ? /^line 5: ValidationError.* \(not-written\)$/ : new RegExp(`^line ${i + 1}: AwsError AbortError.* \\(unknown\\)$`))
      assert.is(said[10], 'loaded 0 items into things; 10 lines failed before SIGINT')
    } finally {
      await s.close()
    }
  }
})

test('a clear stopped by SIGINT (Ctrl-C) or SIGTERM while its deletes are in flight: it says how many items it deleted before, then ends by that signal', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const s = await writesHeld(1, [['a', 'b', 'c'], ['d', 'e']])
    try {
      const r = await stoppedWhileHeld(s, ['clear', 'things', '--yes'], signal)
      assert.is(r.signal, signal, `${r.code} ${r.stderr}`)
      assert.equal([s.written, s.held], [['a', 'b', 'c'], ['d', 'e']])
      assert.match(r.stderr, new RegExp(`^dynamongo: AwsError AbortError.*interrupted by ${signal}.*\\(the clear stopped there: 3 items deleted before\\)$`))
    } finally {
      await s.close()
    }
  }
})

test('a load and a clear stopped by SIGHUP where the process cannot send itself SIGHUP (Windows): each says how far it came, once, then ends with 129 (128 + SIGHUP), no stack trace', async () => {
  const preload = path.join(root, 'spec', 'harness', 'sighupRefused.ts')
  const runs = [
    { args: ['load', 'things'], pages: undefined, input: Array.from({ length: 3 }, (_, i) => `{"Item":{"pk":{"S":"i${i + 1}"}}}\n`).join(''), said: /^line 1: AwsError AbortError.*\(unknown\)\nline 2: .*\nline 3: .*\nloaded 0 items into things; 3 lines failed before SIGHUP$/ },
    { args: ['clear', 'things', '--yes'], pages: [['a', 'b', 'c'], ['d', 'e']], input: '', said: /^dynamongo: AwsError AbortError.*interrupted by SIGHUP.*\(the clear stopped there: 3 items deleted before\)$/ },
  ] as const
  for (const run of runs) {
    const s = await (run.pages === undefined ? writesHeld(0) : writesHeld(1, run.pages.map((p) => [...p])))
    try {
      const r = await stoppedWhileHeld(s, run.args, 'SIGHUP', run.input, preload)
      assert.equal([r.code, r.signal], [129, null], r.stderr)
      assert.match(r.stderr, run.said)
    } finally {
      await s.close()
    }
  }
})

test('a load stopped by SIGTERM whose stderr is a pipe nobody reads, full of what it said: it ends all the same, by SIGTERM', async () => {
  const s = await writesHeld(0)
  try {
    // thousands of lines that are no JSON (each said on stderr, more than a pipe holds), then one whose write is held
    const input = 'not json\n'.repeat(20_000) + '{"Item":{"pk":{"S":"last"}}}\n'
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib', 'cli', 'bin.ts'), 'load', 'things'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', DYNAMODB_ENDPOINT: s.url, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    child.stderr.pause()
    child.stdin.end(input)
    const ended = new Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    try {
      const waited = await Promise.race([s.secondScan.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), LIVENESS_MS).unref())])
      assert.ok(waited, 'a write was held')
      child.kill('SIGTERM')
      const r = await within(ended, LIVENESS_MS)
      assert.ok(r !== undefined, 'it ended')
      assert.equal(r.value, { code: null, signal: 'SIGTERM' })
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      child.stderr.destroy()
    }
  } finally {
    await s.close()
  }
})

const dumped = '{"Item":{"pk":{"S":"new-1"}}}\n{"Item":{"pk":{"S":"new-2"}}}\n'

test('a dump over an earlier dump stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP (its terminal closed) halfway: ended by that signal, the earlier dump as it was, no FILE.partial left', async () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const { at, out, r } = await stoppedHalfway('interrupted-', signal)
    assert.is(r.signal, signal, `${signal}: ${r.code} ${r.stderr}`)
    assert.is(readFileSync(out, 'utf8'), earlier, signal)
    assert.equal(readdirSync(at), ['things.jsonl'], signal)
  }
})

test('a dump over a file made private (mode 600), over one with another hard link, to a link whose file is not made yet: the mode kept, both links see the dump, the link stays a link', async () => {
  const at = mkdtempSync(path.join(dir, 'kept-'))
  const secret = path.join(at, 'secret.jsonl')
  writeFileSync(secret, earlier)
  chmodSync(secret, 0o600)
  const linked = path.join(at, 'linked.jsonl')
  writeFileSync(linked, earlier)
  linkSync(linked, path.join(at, 'other-name.jsonl'))
  symlinkSync('tuesday.jsonl', path.join(at, 'latest.jsonl'))
  for (const out of [secret, linked, path.join(at, 'latest.jsonl')]) {
    const s = await standIn('ends')
    const r = await cli(s.url, ['dump', 'things', '--out', out]).finally(() => s.close())
    assert.is(r.code, 0, `${out}: ${r.stderr}`)
  }
  assert.is(statSync(secret).mode & 0o777, 0o600)
  assert.is(readFileSync(secret, 'utf8'), dumped)
  assert.is(readFileSync(path.join(at, 'other-name.jsonl'), 'utf8'), dumped)
  assert.is(statSync(linked).ino, statSync(path.join(at, 'other-name.jsonl')).ino)
  assert.ok(lstatSync(path.join(at, 'latest.jsonl')).isSymbolicLink())
  assert.is(readFileSync(path.join(at, 'tuesday.jsonl'), 'utf8'), dumped)
  assert.equal(readdirSync(at).sort(), ['latest.jsonl', 'linked.jsonl', 'other-name.jsonl', 'secret.jsonl', 'tuesday.jsonl'])
})

// a directory the user cannot write to is no bar to root: shown as another user (nobody), so these
// run only as root (CI's case); elsewhere they are not registered (not counted as passed), and the
// run says so
const other = 65534
const asRoot: (name: string, body: () => Promise<void>) => void =
  process.getuid?.() === 0 ? test : (name) => console.log(`not run (needs root to act as another user): ${name}`)
asRoot('a dump over a file the user may write, in a directory the user may not: the file written in place, exit 0', async () => {
  const at = mkdtempSync(path.join(dir, 'readonly-dir-'))
  const out = path.join(at, 'things.jsonl')
  writeFileSync(out, earlier)
  chownSync(out, other, other)
  // the way in open to the other user; the directory itself not writable by it
  chmodSync(dir, 0o755)
  chmodSync(at, 0o755)
  const s = await standIn('ends')
  try {
    const r = await cli(s.url, ['dump', 'things', '--out', out], { uid: other })
    assert.is(r.code, 0, r.stderr)
    assert.is(readFileSync(out, 'utf8'), dumped)
    assert.equal(readdirSync(at), ['things.jsonl'])
  } finally {
    await s.close()
  }
})

test('a dump over an earlier dump whose flush to disk fails (every fsync EIO): exit 1, one line naming --out and the error, the earlier dump as it was, no FILE.partial left', async () => {
  const { stderr, out } = await failedOver('fsync-', 'ends', { preload: path.join(root, 'spec', 'harness', 'fsyncFails.ts') })
  assert.is(stderr, `dynamongo: --out ${out} failed: EIO: i/o error, fsync`)
})

/**
 * A dump run as the other user (nobody) over its file `things.jsonl` (mode 640, group `group`) in
 * a new directory of mode `dirMode`: exit 0, the dump in the file, nothing else left there. Gives
 * the file's stat before and after.
 */
const dumpAsOther = async (prefix: string, dirMode: number, group: number): Promise<{ readonly before: Stats; readonly after: Stats }> => {
  const at = mkdtempSync(path.join(dir, prefix))
  chmodSync(dir, 0o755)
  chmodSync(at, dirMode)
  const out = path.join(at, 'things.jsonl')
  writeFileSync(out, earlier)
  chownSync(out, other, group)
  chmodSync(out, 0o640)
  const before = statSync(out)
  const s = await standIn('ends')
  try {
    const r = await cli(s.url, ['dump', 'things', '--out', out], { uid: other })
    assert.is(r.code, 0, r.stderr)
    assert.is(readFileSync(out, 'utf8'), dumped)
    assert.equal(readdirSync(at), ['things.jsonl'])
    return { before, after: statSync(out) }
  } finally {
    await s.close()
  }
}

// the partial file is given the group of the file it replaces (chown) by a user who is no root: run as nobody, set up as root
asRoot('a dump by a user who is not root over a file of theirs, in a directory whose new files take another group (setgid): FILE replaced whole (a new file renamed over it), its owner, group and mode kept', async () => {
  // new files in it take its group (root's), not their maker's; anyone may make them
  const { before, after } = await dumpAsOther('setgid-', 0o2777, other)
  assert.is.not(after.ino, before.ino, 'written in place, not staged')
  assert.equal([after.uid, after.gid, after.mode & 0o7777], [other, other, 0o640])
})

asRoot('a dump by a user who is not root over a file of theirs whose group they are not in (a chown of the new file to it fails): the file written in place, its group and mode kept, exit 0', async () => {
  // the user's file, of root's group: a file of theirs they may write, a group they cannot give
  const { before, after } = await dumpAsOther('foreign-group-', 0o777, 0)
  assert.is(after.ino, before.ino, 'staged: a new file renamed over it')
  assert.equal([after.uid, after.gid, after.mode & 0o7777], [other, 0, 0o640])
})

test.run()

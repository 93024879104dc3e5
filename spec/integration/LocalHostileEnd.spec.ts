/**
 * `dynamongo/local` at its end, as an operations engineer meets it: the process killed while
 * `stop()` gives the JVM its time to end on SIGTERM (the watchdog, not `stop()`, then ends
 * what is left, after that time); what the JVMs leave in the temporary directory (each
 * instance has a directory of its own, removed however it ends, and one a crashed run left
 * is removed by a later start once its owner is dead); and a `java` that exists but cannot
 * be run (not executable, of another format, its interpreter missing). Processes are found by
 * their command line and environment under /proc (Linux) and stopped by pid.
 */
import { spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { start } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'
import { realJava } from '../harness/realJava.js'

// these specs put a java of their own first on the PATH: a JAVA_HOME of the run's environment
// would be run in its place (start() tries JAVA_HOME's java first)
delete process.env['JAVA_HOME']

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const child = path.join(root, 'spec', 'harness', 'localChild.ts')
/** A bound on what a spec waits for (a child's start, a JVM's): above a JVM's start. */
const LIVENESS_MS = START_MS + 60_000
/** A bound on what a spec waits for once nothing is left to start: far above stop's grace of a few seconds. */
const END_MS = 60_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Whether a pid is gone (no such process, or a zombie waiting to be reaped). */
const isGone = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')
  } catch {
    return true
  }
}

/** Waits (up to `bound`) until `done` holds; whether it does. */
const until = async (done: () => boolean, bound = END_MS): Promise<boolean> => {
  const end = Date.now() + bound
  while (Date.now() < end) {
    if (done()) return true
    await sleep(50)
  }
  return done()
}

/** SIGKILL to `pid`, for a spec's cleanup: a process that ended since it was found is passed over. */
const killQuietly = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // ended meanwhile
  }
}

/** The live processes whose environment holds `DYNAMONGO_SPEC_MARK=<mark>` (one spec's own). */
const markedBySpec = (mark: string): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(`DYNAMONGO_SPEC_MARK=${mark}`)
      } catch {
        return false
      }
    })
    .map(Number)
    .filter((pid) => !isGone(pid))


/** Runs localChild.ts's `scenario` with `env`; its JSON lines and how it ended (killed by pid past the liveness bound). */
const runChild = (scenario: string, env: NodeJS.ProcessEnv): Promise<{ readonly lines: unknown[]; readonly signal: NodeJS.Signals | null; readonly stderr: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, scenario], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => p.pid !== undefined && killQuietly(p.pid), LIVENESS_MS)
    p.on('close', (_, signal) => {
      clearTimeout(timer)
      resolve({ lines: out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown), signal, stderr })
    })
  })

test("the process killed by SIGKILL while stop() gives the instance its time to end on SIGTERM: what ends slowly on SIGTERM still has that time, and what ignores it is killed after, not left behind (the watchdog outlives stop()'s SIGTERM)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-gracejava-'))
  const ended = path.join(dir, 'ended')
  // beside the JVM, in its group: a process that takes a moment to end on SIGTERM and says when
  // it has (killed by SIGKILL first, it never does), and one that ignores SIGTERM; their output
  // not the JVM's (a shell writing to a pipe whose reader was killed dies of SIGPIPE)
  writeFileSync(
    path.join(dir, 'java'),
    `#!/bin/sh\nsh -c 'trap "sleep 0.3; echo ended > \\"$0\\"; exit 0" TERM; while :; do sleep 0.05; done' "${ended}" >/dev/null 2>&1 &\n` +
      `sh -c 'trap "" TERM; while :; do sleep 0.05; done' >/dev/null 2>&1 &\n"${realJava()}" "$@"\n`,
    { mode: 0o755 },
  )
  const mark = `${process.pid}-${Date.now()}`
  const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env['PATH'] ?? ''}`, DYNAMONGO_SPEC_MARK: mark }
  try {
    const r = await runChild('killed-stopping', env)
    assert.is(r.signal, 'SIGKILL', r.stderr)
    assert.ok(r.lines.length > 0, r.stderr)
    // nothing of the instance outlives it: the deaf process included
    assert.ok(await until(() => markedBySpec(mark).length === 0), `left running: ${markedBySpec(mark).join(', ')}`)
    assert.ok(existsSync(ended), 'the process that ends on SIGTERM was let end before SIGKILL')
  } finally {
    // red or not, nothing of this test outlives it (stopped by pid)
    for (const pid of markedBySpec(mark)) killQuietly(pid)
    rmSync(dir, { recursive: true, force: true })
  }
})

/** `body` with these variables set (`undefined`: removed) in this process's environment, put back after. */
const withEnv = async <A>(set: Readonly<Record<string, string | undefined>>, body: () => Promise<A>): Promise<A> => {
  const before = Object.keys(set).map((k) => [k, process.env[k]] as const)
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  try {
    return await body()
  } finally {
    for (const [k, v] of before) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

/** The value of the JVM option `-D<name>=` on the command line of `pid`. */
const property = (pid: number, name: string): string | undefined =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .find((a) => a.startsWith(`-D${name}=`))
    ?.slice(name.length + 3)

/** A pid that no process has: one of a process that has ended (and been reaped). */
const deadPid = (): Promise<number> =>
  new Promise((resolve) => {
    const p = spawn('true')
    p.on('close', () => resolve(p.pid as number))
  })

test("each instance has a temporary directory of its own under TMPDIR (java.io.tmpdir, where the native SQLite library is unpacked), no perf data file; stop() removes it; a start removes one a dead process left, and keeps one of a live process, and any entry of that name that is not a directory of this user's that only it can write in", async () => {
  const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'dynamongo-owntmp-')))
  const dead = await deadPid()
  const stale = path.join(tmp, `dynamongo-local-${dead}-AbCdEf`)
  // a live process other than this one (this one's directories are passed over before any liveness check)
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' })
  const live = path.join(tmp, `dynamongo-local-${sleeper.pid as number}-GhIjKl`)
  // entries named as a dead process's directory that are not what mkdtemp made for this user
  const victim = path.join(tmp, 'victim')
  const link = path.join(tmp, `dynamongo-local-${dead}-Link00`)
  const file = path.join(tmp, `dynamongo-local-${dead}-File00`)
  const open = path.join(tmp, `dynamongo-local-${dead}-Open00`)
  const other = path.join(tmp, `dynamongo-local-${dead}-Other0`)
  mkdirSync(stale)
  chmodSync(stale, 0o700)
  writeFileSync(path.join(stale, 'sqlite-392-x-libsqlite4java.so'), 'left by a JVM killed with its process')
  mkdirSync(live)
  chmodSync(live, 0o700)
  mkdirSync(victim)
  writeFileSync(path.join(victim, 'precious'), 'not the instance\'s')
  symlinkSync(victim, link)
  writeFileSync(file, 'not a directory')
  mkdirSync(open)
  chmodSync(open, 0o755)
  mkdirSync(other)
  chmodSync(other, 0o700)
  const asRoot = process.getuid?.() === 0
  if (asRoot) chownSync(other, 65534, 65534)
  else console.log('  (not root: the directory of another uid is not tried)')
  try {
    await withEnv({ TMPDIR: tmp }, async () => {
      const r = await start({ timeoutMs: START_MS })()
      assert.ok(E.isRight(r), E.isLeft(r) ? r.left.message : '')
      if (E.isLeft(r)) return
      const db = r.right
      let own: string | undefined
      try {
        await db.client.send(new CreateTableCommand({ TableName: 'unpacked', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
        own = property(db.pid, 'java.io.tmpdir')
        assert.ok(own !== undefined && path.dirname(own) === tmp && own !== tmp, `java.io.tmpdir ${own} is a directory of its own under TMPDIR (${tmp})`)
        const libs = readFileSync(`/proc/${db.pid}/maps`, 'utf8').split('\n').map((l) => l.split(/\s+/).slice(5).join(' ')).filter((f) => f.includes('sqlite4java'))
        assert.ok(libs.length > 0 && libs.every((l) => l.startsWith(`${own}/`)), `${libs.join(', ')} unpacked under ${own}`)
        assert.ok(readFileSync(`/proc/${db.pid}/cmdline`, 'utf8').split('\0').includes('-XX:-UsePerfData'), 'no perf data file (hsperfdata) to leave behind')
        assert.not.ok(existsSync(stale), "the directory a dead process left is removed")
        assert.ok(existsSync(live), 'the directory of a live process is kept')
        assert.ok(lstatSync(link).isSymbolicLink() && existsSync(path.join(victim, 'precious')), 'a symbolic link of that name is kept, and what it names')
        assert.ok(lstatSync(file).isFile(), 'a file of that name is kept')
        assert.ok(existsSync(open), 'a directory others may write in (0o755) is kept')
        if (asRoot) assert.ok(existsSync(other), 'a directory of another uid is kept')
      } finally {
        await db.stop()
      }
      assert.ok(own !== undefined && !existsSync(own), `stop() removed ${own}`)
    })
  } finally {
    killQuietly(sleeper.pid as number)
    rmSync(tmp, { recursive: true, force: true })
  }
})

/** The entries of `dir` other than tsx's cache (`tsx-<uid>`: a child run with `TMPDIR` there keeps it there). */
const leftIn = (dir: string): string[] => readdirSync(dir).filter((n) => !/^tsx-/.test(n))

test('the process killed by SIGKILL with an instance running (its native SQLite library unpacked), or a start that fails (the java exits, or never answers): nothing of the instance is left in TMPDIR', async () => {
  const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'dynamongo-killedtmp-')))
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-failingjava-'))
  const p = spawn(process.execPath, ['--import', 'tsx', child, 'killed-running'], { cwd: root, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] })
  let jvm: number | undefined
  try {
    const first = await new Promise<{ pid: number; endpoint: string } | undefined>((resolve) => {
      let out = ''
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] as string) as { pid: number; endpoint: string })
      })
      p.on('close', () => resolve(undefined))
    })
    assert.ok(first !== undefined, 'the child said its JVM')
    if (first === undefined) return
    jvm = first.pid
    // a table created: the JVM has unpacked its native SQLite library
    const client = new DynamoDBClient({ endpoint: first.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    try {
      await client.send(new CreateTableCommand({ TableName: 'unpacked', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
    } finally {
      client.destroy()
    }
    killQuietly(p.pid as number)
    const killed = jvm
    assert.ok(await until(() => isGone(killed)), 'the JVM is gone')
    assert.ok(await until(() => leftIn(tmp).length === 0), `left in TMPDIR: ${leftIn(tmp).join(', ')}`)
    for (const [java, timeoutMs] of [['#!/bin/sh\necho "Error: Could not create the Java Virtual Machine." >&2\nexit 3\n', START_MS], ['#!/bin/sh\nexec sleep 600\n', 1500]] as const) {
      writeFileSync(path.join(dir, 'java'), java, { mode: 0o755 })
      const failed = await withEnv({ TMPDIR: tmp, PATH: `${dir}${path.delimiter}${process.env['PATH'] ?? ''}` }, () => start({ timeoutMs })())
      assert.ok(E.isLeft(failed), 'the start failed')
      assert.equal(leftIn(tmp), [], `after ${E.isLeft(failed) ? failed.left.reason : ''}`)
    }
  } finally {
    // red or not, nothing of this test outlives it (stopped by pid)
    if (p.exitCode === null && p.signalCode === null) killQuietly(p.pid as number)
    if (jvm !== undefined && !isGone(jvm)) killQuietly(jvm)
    rmSync(tmp, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
  }
})

/** An ELF header of another machine's (AArch64) executable: `execve` refuses it (ENOEXEC, "Exec format error"). */
const foreignElf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0xb7, 0, 1, 0, 0, 0])

test('a java that exists but cannot be run (an executable of another machine; a script whose interpreter is missing; JAVA_HOME\'s of another machine and the PATH\'s not executable): start() fails with NoJava, naming the path tried and why, not Exited', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-unrunnable-'))
  const elf = path.join(dir, 'elf')
  const script = path.join(dir, 'script')
  const home = path.join(dir, 'home')
  const plain = path.join(dir, 'plain')
  for (const d of [elf, script, path.join(home, 'bin'), plain]) mkdirSync(d, { recursive: true })
  writeFileSync(path.join(elf, 'java'), foreignElf, { mode: 0o755 })
  writeFileSync(path.join(script, 'java'), '#!/nonexistent/interpreter\n', { mode: 0o755 })
  writeFileSync(path.join(home, 'bin', 'java'), foreignElf, { mode: 0o755 })
  writeFileSync(path.join(plain, 'java'), '#!/bin/sh\nexit 0\n', { mode: 0o644 })
  const cases: ReadonlyArray<readonly [Readonly<Record<string, string | undefined>>, ReadonlyArray<RegExp>]> = [
    [{ PATH: elf }, [new RegExp(`the java on the PATH \\(${path.join(elf, 'java')}\\): it could not be run \\(.*Exec format error`)]],
    [{ PATH: script }, [new RegExp(`the java on the PATH \\(${path.join(script, 'java')}\\): it could not be run \\(.*not found`)]],
    [
      { PATH: plain, JAVA_HOME: home },
      [new RegExp(`JAVA_HOME's java \\(${path.join(home, 'bin', 'java')}\\): it could not be run \\(.*Exec format error`), new RegExp(`the java on the PATH: none found \\(${path.join(plain, 'java')}: not executable\\)`)],
    ],
  ]
  try {
    for (const [env, said] of cases) {
      const r = await withEnv(env, () => start({ timeoutMs: START_MS })())
      if (E.isRight(r)) await r.right.stop()
      assert.ok(E.isLeft(r), `${JSON.stringify(env)}: started`)
      if (E.isRight(r)) return
      assert.is(r.left.reason, 'NoJava', `${JSON.stringify(env)}: ${r.left.message}`)
      for (const s of said) assert.match(r.left.message, s, r.left.message)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()

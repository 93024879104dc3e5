/**
 * `dynamongo/local` (the DynamoDB Local launcher an application's own tests import) used
 * badly: no java on the PATH, a java that fails (its last words in the error), one that never
 * answers and ignores SIGTERM, a java that is a wrapper script running the JVM as its child,
 * the JVM killed while it starts, a port another server holds (another DynamoDB Local, a
 * listener that never answers, one on another address of the machine only; a JVM speaking
 * German too), a port this process may not listen on, options of the wrong type, the
 * application's own SIGTERM handler after every instance is stopped, the process ending with an
 * instance running, and a dbPath that is relative, no directory, or not writable.
 * start() fails with a LocalError that says why and leaves no process behind; the process
 * that imported it survives a failed start and keeps its own signal handling; no JVM outlives
 * it. Processes are found by their command line under /proc (Linux) and stopped by pid.
 */
import { spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { freePort, LocalError, start, type DynamoLocal, type LocalFailure, type StartOptions } from '../../lib/local/DynamoLocal.js'
import { local, orThrow, START_MS } from '../harness/local.js'
import { realJava } from '../harness/realJava.js'

// these specs put a java of their own first on the PATH: a JAVA_HOME of the run's environment
// would be run in its place (start() tries JAVA_HOME's java first)
delete process.env['JAVA_HOME']

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const child = path.join(root, 'spec', 'harness', 'localChild.ts')
/** A bound on what a spec waits for (a child's start, a JVM's, a process's end): above a JVM's start. */
const LIVENESS_MS = START_MS + 60_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Whether a pid is gone (no such process, or a zombie waiting to be reaped). */
const isGone = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')
  } catch {
    return true
  }
}

/** Waits (up to the liveness bound) for a pid to be gone; false if it never is. */
const gone = async (pid: number): Promise<boolean> => {
  const end = Date.now() + LIVENESS_MS
  while (Date.now() < end) {
    if (isGone(pid)) return true
    await sleep(50)
  }
  return isGone(pid)
}

/** Whether a process is a JVM (its program is `java`, not a wrapper script of it whose arguments are the JVM's). */
const isJava = (pid: string | number): boolean => path.basename(readlinkSync(`/proc/${pid}/exe`)) === 'java'

/** The live DynamoDB Local JVMs told to listen on this port. */
const jvmsOn = (port: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0')
        const at = argv.indexOf('-port')
        return argv.some((a) => a.endsWith('DynamoDBLocal.jar')) && at >= 0 && argv[at + 1] === String(port) && isJava(d)
      } catch {
        return false
      }
    })
    .map(Number)
    .filter((pid) => !isGone(pid))

interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly lines: unknown[]
  readonly stderr: string
}

/** Runs localChild.ts with a scenario; kills it by pid if it has not ended within the liveness bound. */
const runChild = (
  scenario: string,
  env: NodeJS.ProcessEnv = process.env,
  args: ReadonlyArray<string> = [],
  user: { uid?: number; gid?: number } = {},
  wrap: ReadonlyArray<string> = [],
): Promise<Ended> =>
  new Promise((resolve) => {
    const argv = [process.execPath, '--import', 'tsx', child, scenario, ...args]
    const [cmd, ...rest] = [...wrap, ...argv] as [string, ...string[]]
    const p = spawn(cmd, rest, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], ...user })
    let out = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => p.pid !== undefined && process.kill(p.pid, 'SIGKILL'), LIVENESS_MS)
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      const lines = out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as unknown)
      resolve({ code, signal, lines, stderr })
    })
  })

const pidOf = (lines: unknown[]): number => {
  const found = lines.find((l): l is { pid: number } => typeof l === 'object' && l !== null && 'pid' in l)
  assert.ok(found, `the child printed its instance's pid: ${JSON.stringify(lines)}`)
  return found.pid
}

/**
 * A settled promise within the liveness bound, else a rejection saying it never settled. Its
 * timer is cleared once `p` settles: left running, it would keep the process alive that long
 * after the last spec.
 */
const settles = <A>(p: Promise<A>): Promise<A> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${LIVENESS_MS} ms`)), LIVENESS_MS)
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

/**
 * One run of `start(options)` (within the liveness bound): the instance it gave, or its left,
 * a `LocalError`. A task that rejects (which `start`'s never does) rejects this too.
 */
const begin = (options?: StartOptions): Promise<DynamoLocal | LocalError> => settles(start(options)()).then((r) => (E.isLeft(r) ? r.left : r.right))

/** `begin`, the spec failing with the `LocalError` of a start that failed. */
const up = async (options?: StartOptions): Promise<DynamoLocal> => {
  const r = await begin(options)
  if (r instanceof LocalError) throw r
  return r
}

/** `begin` of a start that should fail: its `LocalError`, or `undefined` when it started (the instance stopped). */
const failure = async (options: StartOptions): Promise<LocalError | undefined> => {
  const r = await begin(options)
  if (r instanceof LocalError) return r
  await r.stop()
  return undefined
}

test('no java on the PATH: start() fails saying so, and the process that called it lives on', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'dynamongo-nojava-'))
  try {
    const r = await runChild('start-once', { ...process.env, PATH: empty })
    assert.equal(r.lines, [{ failed: r.lines.length > 0 ? (r.lines[0] as { failed: string }).failed : '', reason: 'NoJava', isLocalError: true }, 'alive'], r.stderr)
    assert.match((r.lines[0] as { failed: string }).failed, /java/)
    assert.is(r.code, 0, r.stderr)
  } finally {
    rmSync(empty, { recursive: true, force: true })
  }
})

test("a java that fails before answering: start() fails with the exit code and what it printed last (stderr and stdout, bounded), and the process that called it lives on", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-badjava-'))
  try {
    // 10 KB of noise on stdout, then the reason on stderr, as a JVM that cannot start prints it
    writeFileSync(path.join(dir, 'java'), '#!/bin/sh\ni=0\nwhile [ $i -lt 100 ]; do echo "noise-line-$i ................................................................................................"; i=$((i+1)); done\necho "Error: Could not create the Java Virtual Machine." >&2\nexit 3\n', { mode: 0o755 })
    const r = await runChild('start-once', { ...process.env, PATH: dir })
    assert.is(r.lines.length, 2, r.stderr)
    assert.is(r.lines[1], 'alive')
    const said = (r.lines[0] as { failed: string }).failed
    assert.match(said, /exited with code 3 before answering/)
    assert.is((r.lines[0] as { reason?: string }).reason, 'Exited')
    assert.match(said, /Error: Could not create the Java Virtual Machine\./)
    assert.match(said, /noise-line-99/)
    // bounded: the first lines are gone, and the message holds a few KB at most
    assert.not.match(said, /noise-line-0 /)
    assert.ok(said.length < 5000, String(said.length))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the JVM killed (SIGKILL) while it starts: start() fails saying so, without waiting out its time limit', async () => {
  const port = orThrow(await freePort())
  const starting = failure({ port, timeoutMs: 45_000 })
  let killed: number | undefined
  while (killed === undefined) {
    const [pid] = jvmsOn(port)
    if (pid !== undefined) {
      process.kill(pid, 'SIGKILL')
      killed = pid
    } else await sleep(10)
  }
  const e = await starting
  assert.instance(e, LocalError)
  assert.is((e as LocalError).reason, 'Exited')
  assert.match(String(e), /SIGKILL/)
  assert.ok(await gone(killed))
})

/** The port a live DynamoDB Local JVM of this process's own, not in `known`, was told to listen on, with its pid. */
const newJvm = (known: ReadonlySet<number>): { readonly pid: number; readonly port: number } | undefined => {
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x) && !known.has(Number(x)))) {
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0')
      const parent = Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1])
      const at = argv.indexOf('-port')
      if (parent === process.pid && argv.some((a) => a.endsWith('DynamoDBLocal.jar')) && at >= 0) return { pid: Number(d), port: Number(argv[at + 1]) }
    } catch {
      /* gone, or not ours to read */
    }
  }
  return undefined
}

/**
 * The free port start() picked taken by another server before its JVM listens there (a server
 * that answers as DynamoDB Local does): start() hands back a JVM of its own on another port,
 * never the other's endpoint.
 */
const pickedPortTaken = async (): Promise<void> => {
  // another process's server that answers ListTables, as another DynamoDB Local would
  const other = createHttpServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
    res.end('{"TableNames":[]}')
  })
  try {
    // the port is read from the JVM's command line as soon as it is spawned, and listened on
    // before the JVM listens (once started, seconds later); were the JVM first, the scenario is
    // run again
    for (let scenario = 1; ; scenario++) {
      const known = new Set(readdirSync('/proc').filter((x) => /^\d+$/.test(x)).map(Number))
      const starting = up({ timeoutMs: START_MS })
      let jvm: { readonly pid: number; readonly port: number } | undefined
      let settled = false
      void starting.then(
        () => (settled = true),
        () => (settled = true),
      )
      // a start that settles before its JVM is seen fails this test, not the run
      while ((jvm = newJvm(known)) === undefined && !settled) await sleep(5)
      if (jvm === undefined) {
        await starting.then((db) => db.stop())
        assert.unreachable('start() settled before its JVM was seen')
        return
      }
      const taken = jvm.port
      const held = await new Promise<boolean>((resolve) => {
        other.once('error', () => resolve(false))
        other.listen({ port: taken, host: '::', ipv6Only: false }, () => resolve(true))
      })
      const db = await starting
      try {
        if (!held) {
          assert.ok(scenario < 5, 'the JVM listened first five times over')
          continue
        }
        assert.is.not(db.port, taken, "the other server's port handed back")
        assert.is.not(db.pid, jvm.pid, 'the JVM that could not listen handed back')
        assert.ok(isGone(jvm.pid), 'the JVM that could not listen is gone')
        assert.equal(jvmsOn(db.port), [db.pid], 'the JVM handed back is the one told to listen on its port')
        assert.equal((await db.client.send(new ListTablesCommand({}))).TableNames, [])
        return
      } finally {
        await db.stop()
        if (held) {
          other.closeAllConnections()
          await new Promise((r) => other.close(r))
        }
      }
    }
  } finally {
    // a start that failed leaves it listening: it would keep this process (and the run) alive
    other.closeAllConnections()
    if (other.listening) await new Promise((r) => other.close(r))
  }
}

test("the free port start() picked taken by another server before its JVM listens there (that server answers as DynamoDB Local does): start() hands back a JVM of its own on another port, never the other's endpoint", pickedPortTaken)

/**
 * A directory holding a `java` that runs the real one in its place (`exec`: the JVM stays this
 * process's child), what it prints passed through `sed` with the C library's "Address already
 * in use" said as in a German locale ("Die Adresse wird bereits verwendet"), each line so
 * changed also added to `said` in the directory (every JVM started adds its own): a JVM that
 * speaks German when it cannot bind, with no German locale installed (its source and the C
 * library's German messages are not on every machine).
 */
const germanJava = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-germanjava-'))
  const said = path.join(dir, 'said')
  writeFileSync(path.join(dir, 'java'), `#!/bin/bash\nexec "${realJava()}" "$@" > >(exec sed -u 's/Address already in use/Die Adresse wird bereits verwendet/w /dev/stderr' 2>>"${said}") 2>&1\n`, { mode: 0o755 })
  return dir
}

test("the same from a JVM speaking German (its BindException says 'Die Adresse wird bereits verwendet'): start() still hands back a JVM of its own on another port", async () => {
  const dir = germanJava()
  const PATH = process.env['PATH']
  process.env['PATH'] = `${dir}${path.delimiter}${PATH ?? ''}`
  try {
    await pickedPortTaken()
    // the JVM that could not listen said why, in German
    assert.match(readFileSync(path.join(dir, 'said'), 'utf8'), /java\.net\.BindException: Die Adresse wird bereits verwendet/)
  } finally {
    process.env['PATH'] = PATH
    rmSync(dir, { recursive: true, force: true })
  }
})

test("a relative TMPDIR is taken from this process's current directory, not the JVM's; a TMPDIR that does not exist leaves the JVM its own default: start() succeeds with either", async () => {
  // relative to this process's current directory (mkdtemp of a relative prefix)
  const rel = mkdtempSync('dynamongo-reltmp-')
  const missing = path.join(tmpdir(), `dynamongo-no-such-tmpdir-${process.pid}-${Date.now()}`)
  const before = process.env['TMPDIR']
  let db: DynamoLocal | undefined
  try {
    for (const dir of [rel, missing]) {
      process.env['TMPDIR'] = dir
      const r = await begin({ timeoutMs: START_MS })
      if (r instanceof LocalError) assert.unreachable(`TMPDIR=${dir}: ${String(r)}`)
      else {
        db = r
        await db.client.send(new ListTablesCommand({}))
        await db.stop()
        db = undefined
      }
    }
  } finally {
    if (before === undefined) delete process.env['TMPDIR']
    else process.env['TMPDIR'] = before
    await db?.stop()
    rmSync(rel, { recursive: true, force: true })
  }
})

test("a port another DynamoDB Local listens on: start() fails saying it is in use, never hands back the other's endpoint", async () => {
  const other = await local()
  const before = jvmsOn(other.port)
  const e = await failure({ port: other.port, timeoutMs: 30_000 })
  assert.instance(e, LocalError)
  assert.is((e as LocalError).reason, 'PortUnavailable')
  assert.match(String(e), /in use/, String(e))
  assert.equal(jvmsOn(other.port), before, 'no JVM of its own left behind')
})

test("the JVM's temporary directory unusable (java.io.tmpdir missing; /tmp read-only or full alike): start() fails with Broken, saying why, once the JVM answers, not after its time limit", async () => {
  const missing = path.join(tmpdir(), `dynamongo-no-tmpdir-${process.pid}-${Date.now()}`)
  // the JVM reads JAVA_TOOL_OPTIONS: its temporary directory, where DynamoDB Local unpacks its
  // native SQLite library, is one that does not exist; the start's time limit is the spec's own
  const r = await runChild('start-once', { ...process.env, JAVA_TOOL_OPTIONS: `-Djava.io.tmpdir=${missing}` }, [String(START_MS)])
  assert.is(r.lines.length, 2, `${JSON.stringify(r.lines)} ${r.stderr}`)
  const said = r.lines[0] as { failed?: string; reason?: string }
  assert.is(said.reason, 'Broken', JSON.stringify(said))
  assert.match(said.failed ?? '', /serves no request: it could not unpack its native SQLite library into the JVM's temporary directory/)
  assert.match(said.failed ?? '', new RegExp(`${missing}/\\S*sqlite4java`))
  assert.is(r.lines[1], 'alive')
})

test("TMPDIR names the JVM's temporary directory (java.io.tmpdir), where DynamoDB Local unpacks its native SQLite library: not /tmp whatever TMPDIR says", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-tmpdir-'))
  const before = process.env['TMPDIR']
  process.env['TMPDIR'] = dir
  let db: DynamoLocal | undefined
  try {
    db = await up({ timeoutMs: START_MS })
    await db.client.send(new CreateTableCommand({ TableName: 'unpacked', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
    // the library the JVM has loaded (its memory map), and where it was unpacked
    const libs = [...new Set(readFileSync(`/proc/${db.pid}/maps`, 'utf8').split('\n').map((l) => l.split(/\s+/).slice(5).join(' ')).filter((f) => f.includes('sqlite4java')))]
    assert.ok(libs.length > 0, 'the JVM has loaded sqlite4java')
    for (const lib of libs) assert.ok(lib.startsWith(`${dir}/`), `${lib} is under TMPDIR (${dir})`)
  } finally {
    if (before === undefined) delete process.env['TMPDIR']
    else process.env['TMPDIR'] = before
    await db?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})


test("a port another DynamoDB Local takes after start({ port }) found it free, before this JVM binds it (two test runs started at once on one port): start() fails (its JVM cannot bind the port), never hands back the other's endpoint as its own", async () => {
  const other = await local()
  const port = orThrow(await freePort())
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-racedjava-'))
  // a java that lets the other DynamoDB Local (the shared one, reached through a forwarder of a
  // session of its own, as another test run's would be) take the port first, then runs the real
  // JVM, which cannot bind it
  const forwarder = path.join(dir, 'forward.mjs')
  writeFileSync(
    forwarder,
    `import net from 'node:net'; import fs from 'node:fs'
const [port, to, ready] = process.argv.slice(2)
net.createServer((c) => { const u = net.connect(Number(to), '127.0.0.1'); c.pipe(u).pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()) })
  .listen(Number(port), () => fs.writeFileSync(ready, String(process.pid)))\n`,
  )
  const ready = path.join(dir, 'ready')
  writeFileSync(
    path.join(dir, 'java'),
    `#!/bin/sh\nsetsid "${process.execPath}" "${forwarder}" ${port} ${other.port} "${ready}" &\nwhile [ ! -s "${ready}" ]; do sleep 0.05; done\nexec "${realJava()}" "$@"\n`,
    { mode: 0o755 },
  )
  const PATH = process.env['PATH']
  process.env['PATH'] = `${dir}${path.delimiter}${PATH ?? ''}`
  try {
    const e = await failure({ port, timeoutMs: 45_000 })
    assert.instance(e, LocalError, String(e))
    assert.is((e as LocalError).reason, 'PortUnavailable', String(e))
    assert.match(String(e), /Address already in use|answers on port/, String(e))
    assert.equal(jvmsOn(port), [], 'no JVM of its own left behind')
  } finally {
    process.env['PATH'] = PATH
    const forwarding = Number(readFileSync(ready, { encoding: 'utf8', flag: 'a+' }))
    if (forwarding > 0) process.kill(forwarding, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a port held by a listener that accepts and never answers: start() fails saying it is in use', async () => {
  const sockets = new Set<Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    s.on('error', () => undefined)
  })
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address()
      resolve(typeof a === 'object' && a !== null ? a.port : 0)
    }),
  )
  try {
    const e = await failure({ port, timeoutMs: 20_000 })
    assert.instance(e, LocalError)
    assert.is((e as LocalError).reason, 'PortUnavailable')
    assert.match(String(e), /in use/, String(e))
    assert.equal(jvmsOn(port), [], 'no JVM left behind')
  } finally {
    for (const s of sockets) s.destroy()
    await new Promise((r) => server.close(r))
  }
})

/** A listener on `host` only (`::1`: IPv6 loopback alone), on `port` (0: one the OS hands out). */
const holdOn = (host: string, port = 0): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer((s) => s.destroy())
    server.once('error', reject)
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => resolve(server))
  })
const portOf = (server: Server): number => {
  const a = server.address()
  return typeof a === 'object' && a !== null ? a.port : 0
}
const closeAll = (servers: ReadonlyArray<Server>): Promise<unknown> => Promise.all(servers.map((s) => new Promise((r) => s.close(r))))

test('freePort never hands out a port held on another address of the machine (IPv6 loopback, another IPv4 loopback address): DynamoDB Local listens on every interface and could not take it', async () => {
  const servers: Server[] = []
  try {
    for (const host of ['::1', '127.0.0.2']) for (let i = 0; i < 400; i++) servers.push(await holdOn(host))
    const held = new Set(servers.map(portOf))
    const taken: number[] = []
    for (let i = 0; i < 200; i++) {
      const port = orThrow(await freePort())
      if (held.has(port)) taken.push(port)
    }
    assert.equal(taken, [], `${taken.length} of 200 ports handed out are held on another address`)
  } finally {
    await closeAll(servers)
  }
})

test('a port held on another address only (IPv6 loopback): start({ port }) fails saying it is in use, before starting a JVM', async () => {
  const server = await holdOn('::1')
  const port = portOf(server)
  try {
    const e = await failure({ port, timeoutMs: 30_000 })
    assert.instance(e, LocalError)
    assert.is((e as LocalError).reason, 'PortUnavailable')
    assert.match(String(e), /cannot listen on port \d+: it is in use/, String(e))
    assert.equal(jvmsOn(port), [], 'no JVM left behind')
  } finally {
    await closeAll([server])
  }
})

/**
 * How to run a child that may not listen on some port, and that port: where the machine has a
 * first unprivileged port above 1, the port below it, the child run as nobody when this process
 * is root (which may listen anywhere); where it has none (every user may listen on every port,
 * as in many containers), the same refusal made in a network namespace of the child's own
 * (`unshare`; a user namespace too when this process is not root): its first unprivileged port
 * set to 1024 there (the machine's own left as it is), the child run without
 * CAP_NET_BIND_SERVICE (`setpriv`), port 1023. Linux only.
 */
const refusedPort = (): { readonly why: string; readonly port: number; readonly user: { uid?: number; gid?: number }; readonly wrap: ReadonlyArray<string> } => {
  const first = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim())
  const privileged = process.getuid?.() === 0
  if (first > 1) return { why: `the machine's first unprivileged port is ${first}`, port: first - 1, user: privileged ? { uid: 65534, gid: 65534 } : {}, wrap: [] }
  const namespace = privileged ? ['unshare', '--net'] : ['unshare', '--user', '--map-root-user', '--net']
  const refuse = 'echo 1024 > /proc/sys/net/ipv4/ip_unprivileged_port_start && exec setpriv --inh-caps -net_bind_service --bounding-set -net_bind_service -- "$@"'
  return { why: `the machine lets every user listen on every port (ip_unprivileged_port_start ${first}): a network namespace whose first unprivileged port is 1024`, port: 1023, user: {}, wrap: [...namespace, '--', 'sh', '-c', refuse, 'sh'] }
}

test('a port this process may not listen on (below the first unprivileged port, started without the privilege): start({ port }) fails saying so (EACCES), not that it is in use, before starting a JVM', async () => {
  const { why, port, user, wrap } = refusedPort()
  // its home and temporary directory (tsx keeps its cache there) a directory of its own, which
  // a child run as another user can write: the run's TMPDIR may be this user's alone
  const own = mkdtempSync(path.join(tmpdir(), 'dynamongo-port-'))
  if (user.uid !== undefined) chownSync(own, user.uid, user.gid ?? user.uid)
  const r = await runChild('start-port', { ...process.env, HOME: own, TMPDIR: own }, [String(port)], user, wrap).finally(() => rmSync(own, { recursive: true, force: true }))
  const said = r.lines.find((l): l is { failed: string } => typeof l === 'object' && l !== null && 'failed' in l)
  assert.ok(said !== undefined, `start() failed (${why}): ${JSON.stringify(r.lines)} ${r.stderr}`)
  assert.is((said as { reason?: string }).reason, 'PortUnavailable')
  assert.match(said.failed, new RegExp(`cannot listen on port ${port}: this process may not listen on it \\(EACCES`), said.failed)
  assert.not.match(said.failed, /in use/)
  assert.equal(jvmsOn(port), [], 'no JVM started')
})

test("every instance stopped (stop twice at once, then again): the application's own SIGTERM handler decides how the process ends", async () => {
  const r = await runChild('after-stop')
  assert.ok(await gone(pidOf(r.lines)))
  assert.equal(r.lines.slice(1), ['stopped', 'graceful'], r.stderr)
  assert.is(r.code, 0)
})

test("the application listens once for SIGINT (process.once) before start(): on SIGINT its JVM is stopped and the application's shutdown ends the process", async () => {
  const r = await runChild('once-running')
  assert.ok(await gone(pidOf(r.lines)), 'the JVM is gone')
  assert.equal(r.lines.slice(1), ['shutdown'], r.stderr)
  assert.is(r.code, 0)
})

test('the process exits with an instance running: its JVM does not outlive it', async () => {
  const r = await runChild('exit-running')
  assert.is(r.code, 0, r.stderr)
  assert.ok(await gone(pidOf(r.lines)), 'the JVM is gone')
})

/** The process group of a live process (Linux: /proc/<pid>/stat). */
const groupOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[2])

/** The live watchdogs (`/bin/sh -c … dynamongo-local-watchdog <mark> java …`, forked by the shell that then runs java) in the process group of the live JVM `jvm`. */
const watchdogsOf = (jvm: number): number[] => {
  const group = groupOf(jvm)
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes('dynamongo-local-watchdog') && groupOf(Number(d)) === group
      } catch {
        return false
      }
    })
    .map(Number)
    .filter((pid) => !isGone(pid))
}

/**
 * Runs localChild.ts's `killed-running` (with `env`), and kills it by SIGKILL once it has said
 * its JVM's pid (with `byGroup`, it runs in a process group of its own and the whole group is
 * killed, as `timeout -s KILL` or a CI job's end does): the JVM and its watchdog do not outlive it.
 */
const killedRunning = async (env: NodeJS.ProcessEnv, byGroup = false): Promise<void> => {
  const p = spawn(process.execPath, ['--import', 'tsx', child, 'killed-running'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: byGroup })
  let stderr = ''
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  // a child that never says its JVM's pid is killed by its own: alive, it would keep this
  // process (and the run) from ending
  const first = await settles(
    new Promise<{ pid: number; parent: number }>((resolve, reject) => {
      let out = ''
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        const line = out.split('\n')[0] as string
        if (out.includes('\n')) resolve(JSON.parse(line) as { pid: number; parent: number })
      })
      p.on('close', () => reject(new Error(`the child ended first: ${stderr}`)))
    }),
  ).catch((e: unknown) => {
    if (p.pid !== undefined && p.exitCode === null && p.signalCode === null) process.kill(p.pid, 'SIGKILL')
    throw e
  })
  let jvmGone = false
  try {
    assert.is(first.parent, p.pid)
    assert.ok(!isGone(first.pid), 'the JVM runs')
    // found while the JVM runs (none in its group where a wrapper ran it in a session of its own)
    const dogs = watchdogsOf(first.pid)
    process.kill(byGroup ? -first.parent : first.parent, 'SIGKILL')
    jvmGone = await gone(first.pid)
    assert.ok(jvmGone, 'the JVM is gone')
    for (const dog of dogs) assert.ok(await gone(dog), 'its watchdog is gone')
  } finally {
    // red or not, nothing of this test outlives it (stopped by pid)
    if (!jvmGone && !isGone(first.pid)) killQuietly(first.pid)
  }
}

test('the process is killed by SIGKILL (no listener sees it) with an instance running: its JVM does not outlive it', async () => {
  await killedRunning(process.env)
})

test('the process group of the process is killed by SIGKILL (timeout -s KILL, a CI job ended) with an instance running: its JVM does not outlive it', async () => {
  await killedRunning(process.env, true)
})

test('the process is killed by SIGKILL just as the JVM is spawned, before any other line of the launcher runs: its JVM does not outlive it', async () => {
  const r = await runChild('killed-at-spawn')
  assert.is(r.signal, 'SIGKILL', r.stderr)
  const jvm = pidOf(r.lines)
  // a bound far above the moment it takes (the JVM is killed as soon as the process is gone)
  const end = Date.now() + 60_000
  while (!isGone(jvm) && Date.now() < end) await sleep(50)
  const ended = isGone(jvm)
  if (!ended) killQuietly(jvm)
  assert.ok(ended, 'the JVM is gone')
})

test('stop() ends the watchdog of the JVM with it; the JVM is the process whose pid start() gives', async () => {
  const db = await up({ timeoutMs: START_MS })
  const dogs = watchdogsOf(db.pid)
  assert.is(dogs.length, 1, 'one watchdog')
  assert.ok(readFileSync(`/proc/${db.pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar'))
  await db.stop()
  assert.ok(await gone(db.pid))
  assert.ok(await gone(dogs[0] as number), 'the watchdog is gone')
})

test('the process gets SIGTERM with an instance running and no handler of its own: it ends, and so does its JVM', async () => {
  const r = await runChild('sigterm-running')
  assert.ok(r.signal === 'SIGTERM' || r.code === 143, `ended by SIGTERM: ${r.code} ${r.signal}`)
  assert.ok(await gone(pidOf(r.lines)), 'the JVM is gone')
})

/** The environment a process started with (Linux: /proc/<pid>/environ). */
const environOf = (pid: number): ReadonlyArray<string> => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')

test("DynamoDB Local's telemetry to AWS is off (DDB_LOCAL_TELEMETRY=0 in its environment), this process's environment left as it was; a value the caller set is kept", async () => {
  const before = process.env['DDB_LOCAL_TELEMETRY']
  delete process.env['DDB_LOCAL_TELEMETRY']
  try {
    const off = await up({ timeoutMs: START_MS })
    try {
      assert.ok(environOf(off.pid).includes('DDB_LOCAL_TELEMETRY=0'))
      assert.is(process.env['DDB_LOCAL_TELEMETRY'], undefined)
    } finally {
      await off.stop()
    }
    process.env['DDB_LOCAL_TELEMETRY'] = '1'
    const on = await up({ timeoutMs: START_MS })
    try {
      assert.ok(environOf(on.pid).includes('DDB_LOCAL_TELEMETRY=1'))
      assert.is(process.env['DDB_LOCAL_TELEMETRY'], '1')
    } finally {
      await on.stop()
    }
  } finally {
    if (before === undefined) delete process.env['DDB_LOCAL_TELEMETRY']
    else process.env['DDB_LOCAL_TELEMETRY'] = before
  }
})

test('dbPath relative to the current directory: the tables are kept there (the JVM runs in another directory)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-dbpath-'))
  try {
    const relative = path.relative(process.cwd(), dir)
    assert.ok(!path.isAbsolute(relative))
    const db = await up({ dbPath: relative, timeoutMs: START_MS })
    try {
      await db.client.send(
        new CreateTableCommand({
          TableName: 'kept',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      )
    } finally {
      await db.stop()
    }
    assert.ok(readdirSync(dir).length > 0, 'the database is in the directory given')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('dbPath that is no directory (missing, or a file): start() fails naming dbPath', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-dbpath-'))
  const file = path.join(dir, 'a-file')
  writeFileSync(file, '')
  try {
    for (const dbPath of [path.join(dir, 'missing'), file]) {
      const e = await failure({ dbPath, timeoutMs: 30_000 })
      assert.instance(e, LocalError)
      assert.is((e as LocalError).reason, 'InvalidOptions')
      assert.match(String(e), /dbPath/, String(e))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A directory holding a `java` that runs the real one as its child, without `exec` (as some version managers' and distributions' wrappers do). */
const wrappedJava = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-wrappedjava-'))
  writeFileSync(path.join(dir, 'java'), `#!/bin/sh\n"${realJava()}" "$@"\n`, { mode: 0o755 })
  return dir
}

/** The live DynamoDB Local JVMs started with `DYNAMONGO_SPEC_MARK=<mark>` in their environment (one spec's own). */
const jvmsMarked = (mark: string): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('DynamoDBLocal.jar') && isJava(d) && environOf(Number(d)).includes(`DYNAMONGO_SPEC_MARK=${mark}`)
      } catch {
        return false
      }
    })
    .map(Number)
    .filter((pid) => !isGone(pid))

/**
 * SIGKILL to `pid`, for a spec's cleanup: a process that ended since it was found (ESRCH) is
 * passed over, so that the cleanup never replaces the spec's own failure with its own.
 */
const killQuietly = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // ended meanwhile
  }
}

/** The parent of a live process (Linux: /proc/<pid>/stat). */
const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1])

/**
 * `body` run with the wrapper folder `dir` first on the PATH and a mark the JVMs it starts
 * carry; after it, red or not, no JVM so marked outlives it (stopped by pid) and `dir` is gone.
 */
const onWrapper = async (dir: string, body: (mark: string) => Promise<void>): Promise<void> => {
  const mark = `${process.pid}-${Date.now()}`
  const PATH = process.env['PATH']
  process.env['PATH'] = `${dir}${path.delimiter}${PATH ?? ''}`
  process.env['DYNAMONGO_SPEC_MARK'] = mark
  try {
    await body(mark)
  } finally {
    process.env['PATH'] = PATH
    delete process.env['DYNAMONGO_SPEC_MARK']
    for (const pid of jvmsMarked(mark)) killQuietly(pid)
    rmSync(dir, { recursive: true, force: true })
  }
}

test('java on the PATH is a wrapper that runs the JVM as its child (no exec): start() resolves with the JVM that listens (its pid), and stop() ends the JVM with the wrapper: no orphan JVM', async () => {
  const dir = wrappedJava()
  await onWrapper(dir, async (mark) => {
    const db = await up({ timeoutMs: START_MS })
    const jvms = jvmsMarked(mark)
    let wrapper: number | undefined
    try {
      assert.equal(jvms, [db.pid], 'the pid start() gives is the JVM\'s')
      assert.equal(jvmsOn(db.port), [db.pid], 'the JVM is told to listen on the port start() gives')
      wrapper = parentOf(db.pid)
      assert.ok(readFileSync(`/proc/${wrapper}/cmdline`, 'utf8').includes(path.join(dir, 'java')), 'the JVM runs under the wrapper')
      assert.equal((await db.client.send(new ListTablesCommand({}))).TableNames, [])
    } finally {
      await db.stop()
    }
    assert.equal(jvmsMarked(mark), [], 'no JVM outlives stop()')
    assert.ok(wrapper !== undefined && isGone(wrapper), 'the wrapper is gone')
  })
})

test("java on the PATH is a wrapper (no exec) that SIGTERM ends at once: stop() still gives what else runs in its group (the JVM) its time to end on SIGTERM before SIGKILL", async () => {
  const dir = wrappedJava()
  const ended = path.join(dir, 'ended')
  // beside the JVM, a process of the wrapper's group that takes a moment to end on SIGTERM, and
  // says when it has: killed by SIGKILL first, it never does
  writeFileSync(
    path.join(dir, 'java'),
    `#!/bin/sh\nsh -c 'trap "sleep 0.3; echo ended > \\"$0\\"; exit 0" TERM; while :; do sleep 0.05; done' "${ended}" &\n"${realJava()}" "$@"\n`,
    { mode: 0o755 },
  )
  await onWrapper(dir, async (mark) => {
    const db = await up({ timeoutMs: START_MS })
    await db.stop()
    assert.ok(existsSync(ended), 'the process that ends on SIGTERM was let end before SIGKILL')
    assert.equal(jvmsMarked(mark), [], 'no JVM outlives stop()')
  })
})

test('java on the PATH is a wrapper (no exec), and the process exits, or is killed by SIGKILL, with an instance running: its JVM does not outlive it', async () => {
  const dir = wrappedJava()
  const mark = `${process.pid}-${Date.now()}`
  const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env['PATH'] ?? ''}`, DYNAMONGO_SPEC_MARK: mark }
  try {
    const r = await runChild('exit-running', env)
    assert.is(r.code, 0, r.stderr)
    assert.ok(await gone(pidOf(r.lines)), 'the process whose pid start() gave is gone')
    for (const jvm of jvmsMarked(mark)) assert.ok(await gone(jvm), `the JVM ${jvm} is gone`)
    await killedRunning(env)
    for (const jvm of jvmsMarked(mark)) assert.ok(await gone(jvm), `the JVM ${jvm} is gone`)
  } finally {
    // red or not, no JVM of this test outlives it (stopped by pid)
    for (const pid of jvmsMarked(mark)) killQuietly(pid)
    rmSync(dir, { recursive: true, force: true })
  }
})

/**
 * A folder holding a `java` that runs the JVM in a session of its own (`setsid`), out of reach
 * of a signal to the process group start() gave it: as its child (`setsid` then does not fork),
 * or, with `exec`, forked by `setsid` (the process started ends at once, the JVM runs on).
 */
const setsidJava = (exec: boolean): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-setsidjava-'))
  writeFileSync(path.join(dir, 'java'), `#!/bin/sh\n${exec ? 'exec ' : ''}setsid "${realJava()}" "$@"\n`, { mode: 0o755 })
  return dir
}

/** The session of a live process (Linux: /proc/<pid>/stat). */
const sessionOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[3])

test('java on the PATH is a wrapper that runs the JVM in a session of its own (setsid, no exec): start() gives that JVM, and stop() ends it too: no orphan JVM', async () => {
  await onWrapper(setsidJava(false), async (mark) => {
    const db = await up({ timeoutMs: START_MS })
    try {
      assert.equal(jvmsMarked(mark), [db.pid], "the pid start() gives is the JVM's")
      assert.is.not(sessionOf(db.pid), sessionOf(parentOf(db.pid)), 'the JVM runs in a session of its own')
      assert.equal((await db.client.send(new ListTablesCommand({}))).TableNames, [])
    } finally {
      await db.stop()
    }
    assert.equal(jvmsMarked(mark), [], 'no JVM outlives stop()')
  })
})

test('java on the PATH is a wrapper that runs the JVM in a session of its own (setsid, no exec), and the process exits, or is killed by SIGKILL, with an instance running: its JVM does not outlive it', async () => {
  const dir = setsidJava(false)
  const mark = `${process.pid}-${Date.now()}`
  const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env['PATH'] ?? ''}`, DYNAMONGO_SPEC_MARK: mark }
  try {
    const r = await runChild('exit-running', env)
    assert.is(r.code, 0, r.stderr)
    for (const jvm of [pidOf(r.lines), ...jvmsMarked(mark)]) assert.ok(await gone(jvm), `the JVM ${jvm} is gone after the exit`)
    await killedRunning(env)
    for (const jvm of jvmsMarked(mark)) assert.ok(await gone(jvm), `the JVM ${jvm} is gone after the SIGKILL`)
  } finally {
    // red or not, no JVM of this test outlives it (stopped by pid)
    for (const pid of jvmsMarked(mark)) killQuietly(pid)
    rmSync(dir, { recursive: true, force: true })
  }
})

test("java on the PATH forks the JVM off and ends at once (exec setsid): start() fails (Exited: the process it started ended), and the JVM it left is killed, not left running", async () => {
  await onWrapper(setsidJava(true), async (mark) => {
    const e = await failure({ timeoutMs: START_MS })
    assert.instance(e, LocalError)
    assert.is((e as LocalError).reason, 'Exited', String(e))
    for (const jvm of jvmsMarked(mark)) assert.ok(await gone(jvm), `the JVM ${jvm} is gone`)
  })
})

test('a start given up while its JVM starts (its signal aborted: a test setup out of time): it fails with Aborted, and no JVM of it is left', async () => {
  const mark = `${process.pid}-${Date.now()}`
  process.env['DYNAMONGO_SPEC_MARK'] = mark
  const controller = new AbortController()
  try {
    const starting = begin({ timeoutMs: START_MS, signal: controller.signal })
    // aborted once its JVM runs (before it answers, as a rule; an answer first is a start that succeeded)
    let settled = false
    void starting.then(() => (settled = true))
    while (jvmsMarked(mark).length === 0 && !settled) await sleep(10)
    controller.abort()
    const r = await starting
    if (!(r instanceof LocalError)) await r.stop()
    assert.instance(r, LocalError, 'the start was not given up')
    assert.is((r as LocalError).reason, 'Aborted', String(r))
    for (const jvm of jvmsMarked(mark)) assert.ok(await gone(jvm), `the JVM ${jvm} is gone`)
    // a signal aborted before: nothing is started
    const before = await begin({ signal: AbortSignal.abort() })
    assert.instance(before, LocalError)
    assert.is((before as LocalError).reason, 'Aborted')
  } finally {
    delete process.env['DYNAMONGO_SPEC_MARK']
    for (const pid of jvmsMarked(mark)) killQuietly(pid)
  }
})

/** How a start ended: its LocalError, or what else it rejected with, or the instance it gave (stopped). */
const outcome = (options: unknown): Promise<unknown> =>
  begin(options as StartOptions).then(
    async (r) => {
      if (r instanceof LocalError) return r
      await r.stop()
      return `resolved with ${r.endpoint}`
    },
    (x: unknown) => x,
  )

test('options start() cannot use (no object; a port, timeout or dbPath of another type; an empty dbPath; one under a file; an option whose read throws): start() fails with a LocalError (InvalidOptions) naming the option, and starts nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-options-'))
  const file = path.join(dir, 'a-file')
  writeFileSync(file, '')
  const mark = `${process.pid}-${Date.now()}`
  process.env['DYNAMONGO_SPEC_MARK'] = mark
  let reads = 0
  const cases: ReadonlyArray<readonly [unknown, RegExp]> = [
    [null, /options/],
    [5, /options/],
    [{ port: '8000' }, /port must be .*: "8000"/],
    [{ port: 8000.5 }, /port must be .*: 8000\.5/],
    [{ timeoutMs: '5' }, /timeoutMs must be .*: "5"/],
    [{ dbPath: 5 }, /dbPath/],
    [{ dbPath: '' }, /dbPath/],
    [{ dbPath: path.join(file, 'sub') }, /dbPath/],
    // an option whose read throws (a getter, a Proxy): a LocalError, not what it threw
    [
      {
        get port(): number {
          throw new Error('a getter that throws')
        },
      },
      /could not read its options/,
    ],
    [new Proxy({}, { get: () => { throw new Error('a Proxy that throws') } }), /could not read its options/],
    // read once: the port checked is the port used (a getter that answers 0, then 8000)
    [{ get port(): unknown { return (reads += 1) === 1 ? 0 : 8000 } }, /port must be .*: 0/],
    [{ signal: 'abort' }, /signal must be an AbortSignal: "abort"/],
  ]
  try {
    for (const [options, said] of cases) {
      const e = await outcome(options)
      let shown: string
      try {
        shown = JSON.stringify(options)
      } catch {
        shown = 'options whose read throws'
      }
      assert.instance(e, LocalError, `${shown}: ${String(e)}`)
      assert.is((e as LocalError).reason, 'InvalidOptions', shown)
      assert.match(String(e), said, shown)
    }
    assert.equal(jvmsMarked(mark), [], 'no JVM started')
  } finally {
    delete process.env['DYNAMONGO_SPEC_MARK']
    for (const pid of jvmsMarked(mark)) killQuietly(pid)
    rmSync(dir, { recursive: true, force: true })
  }
})

test("a dbPath this process may not write in: start() fails with a LocalError (InvalidOptions) saying so at once, not after its time limit (the JVM would start and never answer, its database unopenable)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-readonly-'))
  const root = process.getuid?.() === 0
  chmodSync(dir, 0o555)
  try {
    // root writes anywhere: the child runs as nobody then
    const r = await runChild('start-dbpath', { ...process.env, HOME: tmpdir() }, [dir], root ? { uid: 65534, gid: 65534 } : {})
    const said = r.lines.find((l): l is { failed: string; reason?: string } => typeof l === 'object' && l !== null && 'failed' in l)
    assert.ok(said !== undefined, `start() failed: ${JSON.stringify(r.lines)} ${r.stderr}`)
    assert.is(said.reason, 'InvalidOptions', said.failed)
    assert.match(said.failed, /dbPath .* is not writable/, said.failed)
  } finally {
    chmodSync(dir, 0o755)
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a java that never answers and ignores SIGTERM, as does the child it runs: start() fails with a LocalError (Timeout) once its time is up, and leaves no process of it behind', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-deafjava-'))
  const mark = `${process.pid}-${Date.now()}`
  writeFileSync(path.join(dir, 'java'), `#!/bin/sh\ntrap '' TERM\nsh -c "trap '' TERM; while :; do sleep 1; done" dynamongo-deaf-${mark}\n`, { mode: 0o755 })
  const PATH = process.env['PATH']
  process.env['PATH'] = `${dir}${path.delimiter}${PATH ?? ''}`
  const deaf = (): number[] =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(`dynamongo-deaf-${mark}`)
        } catch {
          return false
        }
      })
      .map(Number)
      .filter((pid) => !isGone(pid))
  try {
    const e = await outcome({ timeoutMs: 3000 })
    assert.instance(e, LocalError, String(e))
    assert.is((e as LocalError).reason, 'Timeout')
    assert.match(String(e), /did not answer within 3000 ms/)
    assert.equal(deaf(), [], 'nothing of it is left')
  } finally {
    process.env['PATH'] = PATH
    for (const pid of deaf()) killQuietly(pid)
    rmSync(dir, { recursive: true, force: true })
  }
})

test('four instances started at once in one process: each gets a port and a JVM of its own, answers there, and is gone once stopped', async () => {
  const dbs = await Promise.all([1, 2, 3, 4].map(() => up({ timeoutMs: START_MS })))
  try {
    assert.is(new Set(dbs.map((db) => db.port)).size, 4, 'four ports')
    for (const db of dbs) {
      assert.equal(jvmsOn(db.port), [db.pid], `the JVM told to listen on ${db.port} is the one handed back`)
      assert.equal((await db.client.send(new ListTablesCommand({}))).TableNames, [])
    }
  } finally {
    await Promise.all(dbs.map((db) => db.stop()))
  }
  for (const db of dbs) assert.ok(isGone(db.pid), `the JVM ${db.pid} is gone once stop() resolves`)
})

test('a LocalError shows as one: its name, its tag and its reason', () => {
  const e = new LocalError('Timeout', 'late')
  assert.is(e.name, 'LocalError')
  assert.is(e._tag, 'LocalError')
  const reason: LocalFailure = e.reason
  assert.is(reason, 'Timeout')
  assert.is(String(e), 'LocalError: late')
})

test.run()

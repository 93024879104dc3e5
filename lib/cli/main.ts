/**
 * `dynamongo`, the command line (the package's `bin`, built to `dist/cli.js`):
 *
 *   dynamongo describe <table> [--json]
 *   dynamongo dump <table> [--out FILE] [--segments N]
 *   dynamongo load <table> [--in FILE] [--failed FILE]
 *   dynamongo clear <table> --yes
 *
 * on raw tables, named exactly as given (no prefix): no model, the key schema is read from
 * `DescribeTable`. A FILE of `-` is stdin for `--in`, stdout for `--out` and `--failed`. Endpoint and region come from `--endpoint` / `--region`, else from
 * `DYNAMODB_ENDPOINT` / `AWS_REGION_NAME` or `AWS_REGION` (credentials from the SDK's usual chain). A progress
 * bar goes to stderr, only when stderr is a terminal (not with TERM=dumb, nor in CI). The exit code is 0 only on full
 * success: 1 when the operation failed or a line did not load, 2 for a bad command line, 141
 * (quietly) when the reader of the output (a dump's, describe's) closed it (`| head`), as a
 * tool SIGPIPE ended. A load without `--in` on a terminal's stdin is a bad command line, as GNU
 * tar refuses to read an archive from a terminal: the user forgot the file, and would see the
 * command wait, silent (`--in -` reads the terminal).
 */
import { createReadStream, createWriteStream, fstat, rmSync, type Stats, type WriteStream } from 'node:fs'
import { chmod, chown, lstat, readdir, readlink, rename, rm, stat, utimes } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import * as Data from '../run/data.js'
import * as Env from '../run/Env.js'
import { checkEndpoint, checkRegion, showEndpoint } from '../run/config.js'
import { clipped } from '../internal/scrub.js'
import * as Tables from '../run/tables.js'
import type * as Table from '../table/Table.js'
import { showKeys, showProjection } from '../table/show.js'
import { bar } from './progress.js'
import { count } from '../internal/show.js'
import { beyondC0, escaped } from '../internal/control.js'
import { isWhole, wholeRule } from '../internal/whole.js'
import { TOTAL_SEGMENTS, tableNameWhy } from '../rules/limits.js'

/** The text of `--help`: every command and flag, the FILE `-`, the exit codes. */
export const usage = `dynamongo: describe, dump, load or clear a DynamoDB table (named exactly as given)

usage:
  dynamongo describe <table> [--json]      the table: status, keys, indexes, billing, TTL, item count
                                           (--json: as one JSON object, dynamongo's TableInfo)
  dynamongo dump <table> [--out FILE]      every item, one line each ({"Item":{...}}, DynamoDB's
                         [--segments N]    export format) to FILE or stdout; N parallel scans.
                                           FILE is replaced only by a whole dump: it is written
                                           beside it as FILE.<pid>.<n>.partial (FILE: the
                                           file a link leads to), renamed once complete (in
                                           place where a rename would lose its links or
                                           directory rights)
  dynamongo load <table> [--in FILE]       lines of that format from FILE or stdin into the table;
                         [--failed FILE]   one that failed or was killed can be run again (each
                                           line is a put of its whole item); Ctrl-C stops it
                                           saying the items written, the lines that failed
                                           and those that may have been written. The first
                                           20 lines that failed are named on stderr, each with
                                           why; --failed FILE gets every one (FILE replaced)
  dynamongo clear <table> --yes            delete every item of the table (the table must
                                           exist before --yes is asked for); Ctrl-C stops
                                           it saying the items deleted

options:
  --endpoint URL   DynamoDB's endpoint (else DYNAMODB_ENDPOINT; else AWS)
  --region NAME    the AWS region (else AWS_REGION_NAME, else AWS_REGION; else us-east-2)
  --help, -h       this text

A FILE of "-" is stdin for --in, stdout for --out and --failed (a file named so: ./-).
Without --in, load refuses to read stdin on a terminal (exit 2): pipe the lines in, or give
--in FILE (--in - reads the terminal, lines typed until Ctrl-D).
A flag that takes a value is given once (--out a --out b is a bad command line).
Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...).
A progress bar goes to stderr when it is a terminal (not with TERM=dumb, nor when CI is set but to false or 0).
Exit code: 0 on full success, 1 when the operation failed or any line did not load, 2 for a bad
command line, 141 (and no message) when the reader of the output (a dump's, describe's)
stopped early (| head), as for a tool ended by SIGPIPE.
`

/**
 * The characters a terminal acts on, but a line end and a tab: C0, and those of
 * `internal/control` (DEL, C1, the bidirectional controls, U+2028/9). In what the command line
 * shows (a piece of an input line that is no JSON, a message of the endpoint's, an attribute
 * name of a table's description) they would drive the terminal (recolour, clear, retitle it;
 * a carriage return hides what came before) or reorder what it shows.
 */
const unsafe = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${beyondC0}]`, 'gu')

/** `text` with each `unsafe` character written as its JSON escape (`\u001b`): shown, never acted on; within a JSON string, the same string. */
const visible = (text: string): string => text.replace(unsafe, escaped)

/** What `said` escapes: `unsafe`, a line end, and the backslash that starts each escape. */
const unsafeInLine = new RegExp(`[\\\\\\n\\r\\u0000-\\u0008\\u000b-\\u001f${beyondC0}]`, 'gu')

/**
 * `text` as one line of the command line's (a message, a line of `describe`), whatever it
 * holds: a line end is `\n` or `\r` (a message of the endpoint's, an attribute name, cannot
 * forge a line of its own), another `unsafe` character its JSON escape, and a backslash `\\`,
 * so that every backslash shown starts an escape: a `\u001b` typed in the input shows as
 * `\\u001b`, never as an escaped ESC.
 */
const said = (text: string): string =>
  text.replace(unsafeInLine, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : escaped(c)))

/**
 * What the command line typed, as a refusal echoes it: `scrub`bed (a URL without user name,
 * password, query or fragment, as the endpoint is shown; no secret key or key id), since a
 * URL or a credential typed where none belongs (`dump users http://admin:…@db:8000`, the
 * `--endpoint` forgotten) may reach a terminal or a CI log; and its first `most` characters
 * only, since a word may be a file's content passed as an argument.
 */
const typed = (text: string, most = 200): string => clipped(text, most)

/** One message on stderr: `message` as one line (`said`), then `after`, the command line's own text (`\n` and `usage`). */
const err = (message: string, after = ''): void => void process.stderr.write(`${said(message)}\n${after}`)

/**
 * `text` written to stdout; once handed on, the exit code: `code`, or 141 (quietly) when the
 * reader closed the pipe (`describe t | head -1`), as a dump's, or 1 when the write failed.
 */
const printed = (text: string, code: number): Promise<number> =>
  new Promise((resolve) =>
    void process.stdout.write(text, (e) => {
      if (e === undefined || e === null) return resolve(code)
      if (closedByReader(e)) return resolve(141)
      err(`dynamongo: the output failed: ${e.message}`)
      resolve(1)
    }),
  )

/** A number of bytes for people. */
const bytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(1)} GB`)

/** `describe`'s text. */
const showInfo = (i: Table.TableInfo): string => {
  const lines = [
    `table ${i.name}: ${i.status}, about ${count(i.itemCount, 'item')}, ${bytes(i.sizeBytes)}`,
    `  keys: ${showKeys(i)}`,
    `  billing: ${i.billing._tag === 'OnDemand' ? 'on-demand' : `provisioned, ${i.billing.readUnits} read / ${i.billing.writeUnits} write units`}`,
  ]
  for (const [name, ix] of Object.entries(i.indexes)) {
    lines.push(
      `  index ${name}: ${ix._tag === 'GlobalIndex' ? 'global' : 'local'}, ${showKeys(ix)}, projection ${showProjection(ix.projection)}` +
        `${ix.units === undefined ? '' : `, ${ix.units.readUnits}/${ix.units.writeUnits} units`}, ${ix.status}${ix.backfilling ? ' (backfilling)' : ''}, about ${count(ix.itemCount, 'item')}`,
    )
  }
  lines.push(`  time to live: ${i.ttl.status}${i.ttl.attribute === undefined ? '' : ` on ${i.ttl.attribute}`}`)
  return `${lines.map(said).join('\n')}\n`
}

/** The command each flag of one command belongs to (`--endpoint`, `--region` and `--help` belong to all). */
export const flagsOf = { json: 'describe', out: 'dump', segments: 'dump', in: 'load', failed: 'load', yes: 'clear' } as const

/** The flags the command line takes (`usage` names each). */
export const options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  out: { type: 'string' },
  in: { type: 'string' },
  failed: { type: 'string' },
  segments: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const

/**
 * Run the command line `argv` (without node and the script); resolves to the exit code. `stdin`:
 * what a load without `--in` (or with `--in -`) reads, this process's by default.
 */
export const main = async (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = process.env,
  stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean } = process.stdin,
): Promise<number> => {
  let parsed: ReturnType<typeof parse>
  const parse = () =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options,
    })
  try {
    parsed = parse()
  } catch (e) {
    err(`dynamongo: ${typed(e instanceof Error ? e.message : String(e), 500)}`, `\n${usage}`)
    return 2
  }
  const { values, positionals, tokens } = parsed
  // a flag's value given twice is refused, not the last one taken: `dump t --out a $MORE`, with
  // another --out in $MORE, must not write elsewhere than the script's author reads
  const valued = tokens.filter((t) => t.kind === 'option' && t.value !== undefined).map((t) => (t as { readonly name: string }).name)
  const twice = valued.find((name, i) => valued.indexOf(name) !== i)
  if (twice !== undefined) {
    err(`dynamongo: --${twice} is given twice: give it once`, `\n${usage}`)
    return 2
  }
  if (values.help === true) return printed(usage, 0)
  const [command, table, ...extra] = positionals
  if (command === undefined || !['describe', 'dump', 'load', 'clear'].includes(command) || table === undefined || extra.length > 0) {
    err(`dynamongo: ${command === undefined ? 'no command' : !['describe', 'dump', 'load', 'clear'].includes(command) ? `unknown command ${JSON.stringify(typed(command))}` : table === undefined ? `${command} needs a table name` : `unexpected ${typed(extra.join(' '))}`}`, `\n${usage}`)
    return 2
  }
  // a flag of another command is refused, not ignored: `load t --out f` would read stdin, `dump t --in f` write stdout
  const foreign = (Object.keys(flagsOf) as Array<keyof typeof flagsOf>).filter((f) => values[f] !== undefined && flagsOf[f] !== command)
  if (foreign.length > 0) {
    err(`dynamongo: ${command} takes no ${foreign.map((f) => `--${f}`).join(', ')} (${foreign.map((f) => `--${f} is for ${flagsOf[f]}`).join(', ')})`, `\n${usage}`)
    return 2
  }
  // an empty path names no file (a dump to '' would be written to '.partial', then fail to be renamed)
  const empty = (['out', 'in', 'failed'] as const).filter((f) => values[f] === '')
  if (empty.length > 0) {
    err(`dynamongo: ${empty.map((f) => `--${f}`).join(', ')}: expected a file name, got ''`)
    return 2
  }
  // "-" is stdin for --in, stdout for --out and --failed, as for every Unix tool (a file so named: ./-)
  const files = { in: stdio(values.in), out: stdio(values.out), failed: values.failed }
  // a --failed file that is the file read (--in, by another name or a link, or the file stdin
  // is opened on: `load t --failed f < f`) would be emptied before it is read; `--failed -` on
  // stdout appended to that file (`load t --failed - < f >> f`) would read its own lines again
  if (files.failed !== undefined && (await failedIsRead(files.in, files.failed))) {
    const read = files.in === undefined ? 'the file stdin reads' : `the --in file ${typed(files.in)}`
    const why = files.failed === '-' ? `(stdout) is ${read}: each failed line would be read again` : `is ${read}: it would be emptied before it is read`
    err(`dynamongo: --failed ${typed(values.failed ?? '')} ${why}; name another file`)
    return 2
  }
  // decimal digits only (Number() would take '0x2', '1e0', ' 2'), within DynamoDB's TotalSegments
  const segments = values.segments === undefined ? 1 : /^[0-9]{1,7}$/.test(values.segments) ? Number(values.segments) : NaN
  if (!isWhole(segments, 1, TOTAL_SEGMENTS)) {
    err(`dynamongo: --segments must be ${wholeRule(1, TOTAL_SEGMENTS)}, got ${JSON.stringify(typed(values.segments ?? ''))}`)
    return 2
  }
  const refused = tableNameWhy(table)
  if (refused !== undefined) {
    err(`dynamongo: ${typed(refused)}`)
    return 2
  }
  // a flag's error names the flag typed, not the variable it stands in for
  const badFlag =
    values.endpoint === undefined ? undefined : ((w) => (w === undefined ? undefined : `--endpoint: ${w}`))(checkEndpoint(values.endpoint))
  const badRegion = values.region === undefined ? undefined : ((w) => (w === undefined ? undefined : `--region: ${w}`))(checkRegion(values.region))
  if (badFlag !== undefined || badRegion !== undefined) {
    err(`dynamongo: ${[badFlag, badRegion].filter((w) => w !== undefined).join('; ')}`)
    return 2
  }
  // a load from a terminal's stdin that no --in asked for: the file forgotten (`--in -` asks for it)
  if (command === 'load' && values.in === undefined && stdin.isTTY === true) {
    err(`dynamongo: load reads its lines from stdin, which is a terminal: give --in FILE, or pipe the lines in (dynamongo load ${table} < FILE); --in - reads the terminal`)
    return 2
  }
  const vars = {
    ...env,
    AWS_TABLE_PREFIX: '',
    ...(values.endpoint === undefined ? {} : { DYNAMODB_ENDPOINT: values.endpoint }),
    ...(values.region === undefined ? {} : { AWS_REGION: values.region, AWS_REGION_NAME: values.region }),
  }
  const made = Env.fromEnv(vars)
  if (E.isLeft(made)) {
    err(`dynamongo: ${DE.show(made.left)}`)
    return 2
  }
  const e = made.right
  try {
    return await run(e, command, table, { ...values, ...files, segments }, env, stdin)
  } finally {
    e.client.destroy()
  }
}

/** A file flag's value: `undefined` (stdin or stdout) for "-", else the path given. */
const stdio = (file: string | undefined): string | undefined => (file === '-' ? undefined : file)

/** Whether two paths name one existing file (the same path, a link to it): its device and inode. */
const sameFile = async (a: string, b: string): Promise<boolean> => {
  const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)])
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino
}

/** The file descriptor `fd` is opened on, or `undefined`. */
const fdStat = (fd: number): Promise<Stats | undefined> => new Promise((resolve) => fstat(fd, (e, st) => resolve(e === null ? st : undefined)))

/**
 * Whether a load's --failed output (a path, or "-": stdout) is the file it reads (--in's path, or
 * stdin when `undefined`): two paths name one file, or a descriptor is opened on the regular
 * file the other names (a terminal both read and written is no file read again).
 */
const failedIsRead = async (read: string | undefined, failed: string): Promise<boolean> => {
  if (read !== undefined && failed !== '-') return sameFile(read, failed)
  const [x, y] = await Promise.all([read === undefined ? fdStat(0) : stat(read).catch(() => undefined), failed === '-' ? fdStat(1) : stat(failed).catch(() => undefined)])
  return x !== undefined && y !== undefined && x.isFile() && x.dev === y.dev && x.ino === y.ino
}

interface Flags {
  readonly json?: boolean
  readonly yes?: boolean
  readonly out?: string
  readonly in?: string
  readonly failed?: string
  readonly segments: number
}

/**
 * A write to stdout that failed because the reader of its pipe closed it: the error's code,
 * never a word of its message (a file's error quotes its path, which may hold "EPIPE").
 */
const closedByReader = (e: unknown): boolean => (e as { readonly code?: unknown } | null)?.code === 'EPIPE'

const exitWith = (e: DE.DynamoError): number => {
  err(`dynamongo: ${DE.show(e)}`)
  return 1
}

/** The file `out` leads to: `out`, or the file its links lead to (also one not made yet). */
const linkedFile = async (out: string): Promise<string> => {
  let p = out
  // as the system's own limit on links followed (ELOOP)
  for (let hops = 0; hops < 40; hops++) {
    const link = await lstat(p).then(
      (s) => (s.isSymbolicLink() ? readlink(p) : undefined),
      () => undefined,
    )
    if (link === undefined) return p
    p = path.resolve(path.dirname(p), link)
  }
  return p
}

/** A dump written beside the file it is to replace (`whole`), renamed over it once whole; `like`: that file, when there is one. */
interface Staged {
  readonly partial: string
  readonly whole: string
  readonly like: Stats | undefined
}

/** Whether a process of id `pid` runs (one of another user's too: EPERM). */
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as { readonly code?: unknown }).code === 'EPERM'
  }
}

/** The highest process id a system gives: Linux's ceiling of pid_max (2^22); others' are lower. */
const PID_MAX = 2 ** 22

/**
 * How long a partial file must have gone unmodified to be taken for a dead dump's: a dump
 * running on another host or container that shares the directory is not seen by its pid, but
 * its partial file is modified (written, or touched every `TOUCH_MS`) far more often.
 */
const STALE_MS = 24 * 60 * 60 * 1000

/** How often a running dump touches its partial file (its Scan may go quiet for long). */
const TOUCH_MS = 10 * 60 * 1000

/**
 * Removes the partial files beside `whole` of dumps that surely ended (one killed by SIGKILL,
 * which no handler sees): named `FILE.<pid>.<n>.partial` with a pid a process can have, no
 * process of that pid running here, and unmodified for `STALE_MS`. A file of a dump running
 * where this process cannot see it (recent) and a file of the user's that only looks like one
 * (a date where the pid is) are kept; so is a dead dump's file whose pid another process took.
 */
const removeStale = async (whole: string): Promise<void> => {
  const at = path.dirname(whole)
  const prefix = `${path.basename(whole)}.`
  const names = await readdir(at).catch(() => [] as string[])
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^([1-9][0-9]{0,6})\.(?:0|[1-9][0-9]{0,15})\.partial$/.exec(name.slice(prefix.length)) : null
    const pid = m === null ? 0 : Number(m[1])
    if (pid === 0 || pid > PID_MAX || pid === process.pid || running(pid)) continue
    const file = path.join(at, name)
    const s = await lstat(file).catch(() => undefined)
    if (s === undefined || !s.isFile() || Date.now() - s.mtimeMs < STALE_MS) continue
    await rm(file, { force: true }).catch(() => undefined)
  }
}

/**
 * Touches `partial` every `TOUCH_MS` while its dump runs, so that a dump on another host
 * sharing the directory never takes it for a dead one's (`removeStale`); the returned function stops.
 */
const keptFresh = (partial: string): (() => void) => {
  const timer = setInterval(() => {
    const now = new Date()
    void utimes(partial, now, now).catch(() => undefined)
  }, TOUCH_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/** How many dumps this process has staged: with its pid, a name no other dump running uses. */
let staging = 0

/**
 * Where a dump to `out` is written until it is whole, when `out` leads to a regular file or
 * none yet; else `undefined`, and the dump goes to `out` itself: a device (/dev/stdout), a
 * pipe, a path that cannot be read, a file with other hard links (a rename would part them).
 * The partial file is named for this process and dump (`FILE.<pid>.<n>.partial`): two dumps to
 * one `out` at once each rename their own whole file over it (one shared name would let the
 * second remove the first's file, and the first rename the second's unfinished one).
 */
const stagedPath = async (out: string): Promise<Staged | undefined> => {
  const whole = await linkedFile(out)
  const like = await stat(whole).then(
    (s) => s,
    (e: unknown) => ((e as { readonly code?: unknown }).code === 'ENOENT' ? null : undefined),
  )
  if (like === undefined || (like !== null && (!like.isFile() || like.nlink > 1))) return undefined
  return { partial: `${whole}.${process.pid}.${staging++}.partial`, whole, like: like ?? undefined }
}

/**
 * The partial file of `staged`, made as the file it replaces (its mode, which umask would
 * narrow; its owner and group, as when root dumps over another user's file) and flushed to
 * disk before it is closed (a rename must not reach the disk before the data); `undefined`
 * where it cannot be so made (a directory the user cannot write, an owner that cannot be
 * given): the dump then goes to the file in place.
 */
const openPartial = async (staged: Staged): Promise<WriteStream | undefined> => {
  const { partial, like } = staged
  await rm(partial, { force: true }).catch(() => undefined)
  await removeStale(staged.whole)
  const mode = like === undefined ? 0o666 : like.mode & 0o7777
  const sink = createWriteStream(partial, { flags: 'wx', mode, flush: true })
  if (!(await once(sink, 'open').then(() => true, () => false))) return undefined
  const made =
    like === undefined ||
    (await chmod(partial, mode)
      .then(() => stat(partial))
      .then((p) => (p.uid === like.uid && p.gid === like.gid ? undefined : chown(partial, like.uid, like.gid)))
      .then(() => true, () => false))
  if (made) return sink
  sink.destroy()
  await rm(partial, { force: true }).catch(() => undefined)
  return undefined
}

/**
 * While a dump is written to `partial`: Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal it
 * runs in closed) removes it and ends the process by that signal, as it would have ended
 * without this. The returned function stops listening.
 */
const removedOnSignal = (partial: string): (() => void) => {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  const end = (signal: NodeJS.Signals): void => {
    stop()
    try {
      rmSync(partial, { force: true })
    } finally {
      endNow(signal)
    }
  }
  const stop = (): void => {
    for (const s of signals) process.removeListener(s, end)
  }
  for (const s of signals) process.on(s, end)
  return stop
}

/**
 * While a load or a clear runs: Ctrl-C (SIGINT), SIGTERM or SIGHUP aborts `signal` (no line is
 * read, no request starts, the requests in flight are ended), so that the command can say how
 * far it came (the items written and the lines that may have been; the items deleted) before
 * the process ends by that signal (`by`, `endBy`); a second one ends it at once. `off` stops
 * listening.
 */
const interruptible = (): { readonly signal: AbortSignal; readonly by: NodeJS.Signals | undefined; readonly off: () => void } => {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  const controller = new AbortController()
  let by: NodeJS.Signals | undefined
  const off = (): void => {
    for (const s of signals) process.removeListener(s, on)
  }
  const on = (signal: NodeJS.Signals): void => {
    if (by !== undefined) {
      off()
      endNow(signal)
      return
    }
    by = signal
    controller.abort(new Error(`interrupted by ${signal}`))
  }
  for (const s of signals) process.on(s, on)
  return {
    signal: controller.signal,
    get by() {
      return by
    },
    off,
  }
}

/** The exit code of a process ended by `signal`: 128 + its number. */
const codeOf = (signal: NodeJS.Signals): number => 128 + os.constants.signals[signal]

/**
 * Send this process `signal` (its handlers already off), so that it ends as it would have ended
 * without them; false where the platform cannot send it (Windows sends no SIGHUP: ENOSYS).
 */
const signalSelf = (signal: NodeJS.Signals): boolean => {
  try {
    return process.kill(process.pid, signal)
  } catch {
    return false
  }
}

/** End the process by `signal` at once; by its exit code where the signal cannot be sent. */
const endNow = (signal: NodeJS.Signals): void => {
  if (!signalSelf(signal)) process.exit(codeOf(signal))
}

/** How long `endBy` waits at most for what was said to reach stderr's reader. */
const FLUSH_MS = 1500

/**
 * End the process by `signal` (its handlers already off), as it would have ended without them;
 * the exit code of a process so ended (128 + its number), which is the process's own where the
 * signal cannot be sent or does not end it before the process exits.
 */
const endBy = async (signal: NodeJS.Signals): Promise<number> => {
  await flushed(process.stderr, FLUSH_MS)
  signalSelf(signal)
  return codeOf(signal)
}

/**
 * Once what was written to `stream` is handed on (a write to a pipe may still be queued, and
 * the signal would cut it off), or `ms` have passed: a reader that never reads (a pipe nobody
 * drains) must not keep the process from ending. At once when nothing is queued. The timer
 * holds the event loop (not unref'd) so that the process ends by the signal, not by an empty
 * loop before it; it is cleared once the write is handed on.
 */
const flushed = (stream: NodeJS.WriteStream, ms: number): Promise<void> => {
  if (stream.writableLength === 0) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    stream.write('', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** How many of a load's failed lines stderr names; the others are counted (`--failed FILE` gets every one). */
const SHOWN_FAILURES = 20

/** A line of a load that failed, why, and whether it may have been written: as stderr and `--failed FILE` say it. */
const failedLine = (f: Data.LoadFailure): string => `${said(`line ${f.line}: ${DE.show(f.error)} (${f.outcome})`)}\n`

/**
 * The lines of a load that failed, on stderr: `shown` (the first `SHOWN_FAILURES`), then how
 * many more of `total` (a million bad lines are a count, not a million lines), and where every
 * one is (`file`, the `--failed` file) or how to get them.
 */
const failedLines = (shown: ReadonlyArray<Data.LoadFailure>, total: number, file: string | undefined): void => {
  for (const f of shown) process.stderr.write(failedLine(f))
  const more = total - shown.length
  if (more > 0) err(`... and ${count(more, 'more line')} failed (${file === undefined ? '--failed FILE writes every one' : file === '-' ? 'every one is on stdout' : `every one is in ${typed(file)}`})`)
}

/** What a load did: the lines that failed, then the items written; `after` ends that line. */
const loaded = (written: number, failures: Failures, table: string, file: string | undefined, after: string): void => {
  failedLines(failures.shown, failures.count(), file)
  err(`loaded ${count(written, 'item')} into ${table}${failures.count() === 0 ? '' : `; ${count(failures.count(), 'line')} failed`}${after}`)
}

/** A file opened for writing (made, or emptied), or its error's message. */
const opened = async (file: string): Promise<E.Either<string, WriteStream>> => {
  const sink = createWriteStream(file)
  return once(sink, 'open').then(
    () => E.right(sink),
    (e: unknown) => E.left(e instanceof Error ? e.message : String(e)),
  )
}

/** What the command line keeps of a load's failed lines (`failures`). */
interface Failures {
  /** `load`'s `onFail`: takes one failed line. */
  readonly take: (f: Data.LoadFailure) => Promise<void>
  /** The `SHOWN_FAILURES` failed lines of the lowest numbers, in order. */
  readonly shown: ReadonlyArray<Data.LoadFailure>
  readonly count: () => number
  /** Ends the `--failed` file; its write's error message, if any. */
  readonly close: () => Promise<string | undefined>
}

/**
 * A load's failed lines as `load` gives them (`onFail`), one at a time: each written to `sink`
 * (the `--failed` file) as it comes, waiting for the file when its buffer is full, and only the
 * `SHOWN_FAILURES` of the lowest line numbers kept (for stderr) with a count, so that a load of
 * millions of bad lines holds no more than those. The file has them in the order they failed.
 */
const failures = (sink: WriteStream | NodeJS.WriteStream | undefined): Failures => {
  const shown: Data.LoadFailure[] = []
  let total = 0
  let failed: unknown
  sink?.on('error', (e) => (failed ??= e))
  return {
    shown,
    count: () => total,
    take: async (f) => {
      total++
      const last = shown[shown.length - 1]
      if (shown.length < SHOWN_FAILURES || (last !== undefined && f.line < last.line)) {
        let i = shown.length
        while (i > 0 && (shown[i - 1] as Data.LoadFailure).line > f.line) i--
        shown.splice(i, 0, f)
        if (shown.length > SHOWN_FAILURES) shown.pop()
      }
      if (sink !== undefined && failed === undefined && !sink.write(failedLine(f))) await Promise.race([once(sink, 'drain'), once(sink, 'close')])
    },
    close: async () => {
      if (sink === undefined) return undefined
      if (sink === process.stdout) {
        // stdout is not ended (it is the process's); what was written is handed on, its error kept
        if (failed === undefined) await new Promise<void>((resolve) => void sink.write('', (e) => resolve(void (failed ??= e ?? undefined))))
      } else {
        sink.end()
        await finished(sink).catch((e: unknown) => (failed ??= e))
      }
      // a reader of stdout that closed it (`--failed - | head -2`) took what it wanted: quiet, as a dump's
      if (sink === process.stdout && closedByReader(failed)) return undefined
      return failed === undefined ? undefined : failed instanceof Error ? failed.message : String(failed)
    },
  }
}

/** The first of the command's file flags (`--in`, `--out`, `--failed`; "-" is none) that names a directory, or `undefined`. */
const directoryFlag = async (command: string, flags: Flags): Promise<string | undefined> => {
  const given = command === 'load' ? { in: flags.in, failed: flags.failed } : command === 'dump' ? { out: flags.out } : {}
  for (const [flag, file] of Object.entries(given)) {
    if (file === undefined || file === '-') continue
    const st = await stat(file).catch(() => undefined)
    if (st?.isDirectory() === true) return `--${flag} ${file}`
  }
  return undefined
}

const run = async (
  env: Env.Env,
  command: string,
  table: string,
  flags: Flags,
  vars: Readonly<Record<string, string | undefined>>,
  stdin: NodeJS.ReadableStream,
): Promise<number> => {
  // a directory where a file is taken is told before any request (it would be opened, and fail
  // once read or written, after the table's description)
  const directory = await directoryFlag(command, flags)
  if (directory !== undefined) {
    err(`dynamongo: ${typed(directory)}: it is a directory`)
    return 1
  }
  // this process's stdin opened on a directory (`load t < dumps/`, the file's name not typed):
  // Node reads it as a stream that ends at once, a load of no line that would say it succeeded
  if (command === 'load' && flags.in === undefined && stdin === process.stdin && (await fdStat(0))?.isDirectory() === true) {
    err(`dynamongo: stdin is a directory: redirect a file (dynamongo load ${table} < FILE), or give --in FILE`)
    return 1
  }
  // the --in file is opened before any request: a local file's error names it, and is no AwsError
  let input = stdin
  if (command === 'load' && flags.in !== undefined) {
    const file = createReadStream(flags.in)
    const opened = await once(file, 'open').then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    )
    if (opened !== undefined) {
      err(`dynamongo: ${typed(`--in ${flags.in}: ${opened}`, 1000)}`)
      return 1
    }
    input = file
  }
  const described = await Tables.describeByName(table)(env)()
  if (E.isLeft(described)) return exitWith(described.left)
  if (described.right._tag === 'None') {
    err(
      `dynamongo: there is no table ${table}${env.endpoint === undefined ? '' : ` at ${showEndpoint(env.endpoint)}`} in region ${env.region} for these credentials` +
        ' (check the name, --endpoint, --region and the credentials: DynamoDB Local keeps the tables of each access key id and region apart)',
    )
    return 1
  }
  const info = described.right.value
  // asked once the table is known to exist: a misspelt name is told as such first
  if (command === 'clear' && flags.yes !== true) {
    err(`dynamongo: clear deletes every item of ${table}: add --yes to do it`)
    return 2
  }
  if (command === 'describe') {
    return printed(flags.json === true ? visible(`${JSON.stringify(info, null, 2)}\n`) : showInfo(info), 0)
  }
  const target = Data.rawTarget(info)
  const progress = bar(process.stderr, command === 'load' ? undefined : info.itemCount, vars)
  try {
    switch (command) {
      case 'dump': {
        // a file is written beside --out and renamed over it once the dump is whole, so that a
        // dump that fails or is killed leaves the file it was to replace as it was
        const planned = flags.out === undefined ? undefined : await stagedPath(flags.out)
        const partial = planned === undefined ? undefined : await openPartial(planned)
        const staged = partial === undefined ? undefined : planned
        const sink = flags.out === undefined ? process.stdout : (partial ?? createWriteStream(flags.out))
        const listening = staged === undefined ? undefined : removedOnSignal(staged.partial)
        const touching = staged === undefined ? undefined : keptFresh(staged.partial)
        // the sink's errors are ours to report, also those that come after the dump's last
        // write (a reader that closed the pipe, a full disk): never an unhandled 'error'
        let failed: unknown
        sink.on('error', (e) => (failed ??= e))
        if (sink !== process.stdout && (sink as WriteStream).pending) await once(sink, 'open').catch(() => undefined)
        const r = failed === undefined ? await Data.dumpTarget(target, sink, { segments: flags.segments, onProgress: progress.update })(env)() : undefined
        // what was written is handed on (a file closed, stdout flushed) before success is said
        if (sink !== process.stdout) {
          sink.end()
          await finished(sink).catch(() => undefined)
        } else if (failed === undefined) {
          // the write's own callback carries its error: the 'error' event comes a tick later
          await new Promise<void>((resolve) =>
            void sink.write('', (e) => {
              if (e !== undefined && e !== null) failed ??= e
              resolve()
            }),
          )
        }
        touching?.()
        if (staged !== undefined) {
          const whole = r !== undefined && E.isRight(r) && failed === undefined
          await (whole ? rename(staged.partial, staged.whole) : rm(staged.partial, { force: true })).catch((e: unknown) => (failed ??= e))
          listening?.()
        }
        progress.stop()
        // a write of the output that fails is the local file's (or stdout's) error, not AWS's, whichever saw it
        // first: the dump's write (its Left) or the sink's 'error' event
        if (r !== undefined && E.isLeft(r)) {
          if (r.left._tag !== 'AwsError' || r.left.name !== 'OutputStreamError') return exitWith(r.left)
          failed ??= new Error(r.left.message.replace(/^the output stream failed: /, ''))
        }
        // a reader that closed the pipe (`| head`) chose to stop: quiet, and the exit code of a
        // tool that SIGPIPE ended (128 + 13), as `cat` or `seq` give; no "dumped", the dump is not whole
        if (failed !== undefined && sink === process.stdout && closedByReader(failed)) return 141
        if (failed !== undefined) {
          err(`dynamongo: ${typed(`${flags.out === undefined ? 'the output' : `--out ${flags.out}`} failed: ${failed instanceof Error ? failed.message : String(failed)}`, 1000)}`)
          return 1
        }
        err(`dumped ${count((r as E.Right<{ readonly items: number }>).right.items, 'item')} of ${table}`)
        return 0
      }
      case 'load': {
        // the --failed file, made (or emptied) before the load's first write: one that cannot be
        // written stops it; "-" is stdout (a load writes nothing else there)
        let failedFile: WriteStream | NodeJS.WriteStream | undefined = flags.failed === '-' ? process.stdout : undefined
        if (flags.failed !== undefined && flags.failed !== '-') {
          const sink = await opened(flags.failed)
          if (E.isLeft(sink)) {
            err(`dynamongo: ${typed(`--failed ${flags.failed}: ${sink.left}`, 1000)}`)
            return 1
          }
          failedFile = sink.right
        }
        const stop = interruptible()
        // the failed lines, taken as they fail (none held but those stderr names)
        const fails = failures(failedFile)
        const r = await Data.loadTarget(target, input, { onProgress: progress.update, onFail: fails.take, signal: stop.signal })(env)().finally(stop.off)
        progress.stop()
        const unwritten = await fails.close()
        if (unwritten !== undefined) err(`dynamongo: ${typed(`--failed ${flags.failed}: ${unwritten}`, 1000)}`)
        // stopped by a signal: what was written is said (and the lines that failed or may have
        // been written), then the process ends by that signal, as it would have without this;
        // a load that stopped says the lines that failed before, as a whole one does
        if (E.isLeft(r)) failedLines(fails.shown, fails.count(), flags.failed)
        if (stop.by !== undefined) {
          if (E.isLeft(r)) exitWith(r.left)
          else loaded(r.right.written, fails, table, flags.failed, ` before ${stop.by}`)
          return endBy(stop.by)
        }
        // a read of the input that fails is the local file's (or stdin's) error, not AWS's
        if (E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InputStreamError') {
          err(`dynamongo: ${typed(`${flags.in === undefined ? 'stdin' : `--in ${flags.in}`}: ${r.left.message.replace(/^the input stream failed: /, '')}`, 1000)}`)
          return 1
        }
        if (E.isLeft(r)) return exitWith(r.left)
        loaded(r.right.written, fails, table, flags.failed, '')
        return fails.count() === 0 && unwritten === undefined ? 0 : 1
      }
      default: {
        const stop = interruptible()
        const r = await Data.clearTarget(target, { onProgress: progress.update, signal: stop.signal })(env)().finally(stop.off)
        progress.stop()
        // stopped by a signal: the error says how many items were deleted before, then the process ends by that signal
        if (stop.by !== undefined) {
          if (E.isLeft(r)) exitWith(r.left)
          else err(`deleted ${count(r.right, 'item')} of ${table} before ${stop.by}`)
          return endBy(stop.by)
        }
        if (E.isLeft(r)) return exitWith(r.left)
        err(`deleted ${count(r.right, 'item')} of ${table}`)
        return 0
      }
    }
  } finally {
    progress.stop()
  }
}

/**
 * A child process run to its end within a time bound, for specs that run a script as a user
 * would (the README's lines, the demo): its exit code, its standard output and everything it
 * wrote (both streams, in the order they came), or `undefined` when it outlived `ms` and was
 * killed (a liveness bound, not a timing: the spec fails as "it ends").
 */
import { spawn, type SpawnOptions } from 'node:child_process'

export interface Ran {
  readonly code: number | null
  /** Its standard output. */
  readonly out: string
  /** Its standard output and standard error, in the order they came. */
  readonly all: string
}

export const runBounded = (args: ReadonlyArray<string>, options: Pick<SpawnOptions, 'cwd' | 'env'>, ms: number): Promise<Ran | undefined> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let all = ''
    child.stdout?.on('data', (d) => {
      out += String(d)
      all += String(d)
    })
    child.stderr?.on('data', (d) => (all += String(d)))
    const late = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(undefined)
    }, ms)
    child.on('close', (code) => {
      clearTimeout(late)
      resolve({ code, out, all })
    })
  })

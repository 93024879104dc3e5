/**
 * A child process run to its end within a time bound, for specs that run a script as a user
 * would (the README's lines, the demo): whether it ended, its exit code, its standard output
 * and everything it wrote (both streams, in the order they came), also when it outlived `ms`
 * and was killed (a liveness bound, not a timing: the spec fails as "it ends", showing what it
 * wrote up to then).
 */
import { spawn, type SpawnOptions } from 'node:child_process'

export interface Ran {
  /** false when it outlived the bound and was killed (SIGKILL). */
  readonly ended: boolean
  readonly code: number | null
  /** Its standard output. */
  readonly out: string
  /** Its standard output and standard error, in the order they came. */
  readonly all: string
}

export const runBounded = (args: ReadonlyArray<string>, options: Pick<SpawnOptions, 'cwd' | 'env'>, ms: number): Promise<Ran> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let all = ''
    let ended = true
    child.stdout?.on('data', (d) => {
      out += String(d)
      all += String(d)
    })
    child.stderr?.on('data', (d) => (all += String(d)))
    const late = setTimeout(() => {
      ended = false
      child.kill('SIGKILL')
    }, ms)
    child.on('close', (code) => {
      clearTimeout(late)
      resolve({ ended, code, out, all })
    })
  })

/** The last `n` lines of a text (what a failing spec shows of a long output). */
export const tail = (text: string, n = 60): string => text.split('\n').slice(-n).join('\n')

/**
 * `dynamongo load` without `--in` reads its lines from stdin; stdin on a terminal is refused as
 * a bad command line (exit 2, before any request), saying how to give the lines, as GNU tar
 * refuses to read an archive from a terminal: a user who forgot `--in` or `< FILE` would
 * otherwise see the command wait, silent. `--in -` reads stdin, a terminal too (lines typed,
 * ended by Ctrl-D); stdin that is no terminal (a pipe, a file) is read as before.
 */
import { Readable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main, usage } from '../../../lib/cli/main.js'
import { emptyEndpoint } from '../../harness/emptyEndpoint.js'
import { withStderr } from '../../harness/stderr.js'

/** A stdin of no lines, a terminal or not. */
const stdinOf = (isTTY: boolean): NodeJS.ReadableStream & { readonly isTTY: boolean } => Object.assign(Readable.from([]), { isTTY })

/** The exit code, stderr and the requests a stand-in endpoint received for `argv` with `stdin`. */
const run = async (argv: ReadonlyArray<string>, stdin: NodeJS.ReadableStream): Promise<readonly [number, string, number]> => {
  const at = await emptyEndpoint()
  try {
    const [code, said] = await withStderr(() => main([...argv, '--endpoint', at.endpoint], { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' }, stdin))
    return [code, said, at.received()]
  } finally {
    at.close()
  }
}

test('load without --in, stdin a terminal: exit 2 before any request, saying to give --in FILE or pipe the lines in', async () => {
  for (const argv of [['load', 'things'], ['load', 'things', '--failed', '-']]) {
    const [code, said, requests] = await run(argv, stdinOf(true))
    assert.equal([code, requests], [2, 0], `${argv.join(' ')}: ${said}`)
    assert.match(said, /^dynamongo: load reads its lines from stdin, which is a terminal: give --in FILE, or pipe the lines in \(dynamongo load things < FILE\); --in - reads the terminal\n$/)
  }
})

test('load with --in -, stdin a terminal, or stdin no terminal: read (the load goes on to describe the table)', async () => {
  for (const [argv, tty] of [
    [['load', 'things', '--in', '-'], true],
    [['load', 'things'], false],
  ] as const) {
    const [code, said, requests] = await run(argv, stdinOf(tty))
    assert.ok(requests > 0, `${argv.join(' ')}: ${said}`)
    assert.not.equal(code, 2, `${argv.join(' ')}: ${said}`)
  }
})

test('--help says so', () => {
  assert.match(usage.replace(/\s+/g, ' '), /Without --in, load refuses to read stdin on a terminal \(exit 2\): pipe the lines in, or give --in FILE \(--in - reads the terminal/)
})

test.run()

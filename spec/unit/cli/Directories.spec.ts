/**
 * A directory given where the command line takes a file (`--in`, `--out`, `--failed`) is told
 * before any request, naming the flag and the path, exit 1 (as an `--in` that does not exist):
 * not read as a file after the table's description, nor a dump's or a load's work begun. So is
 * a load's stdin opened on a directory (`load things < dumps/`, the file's name not typed), which
 * Node reads as an empty stream: a load of no line, "loaded 0 items", exit 0.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { Readable } from 'node:stream'
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../../../lib/cli/main.js'
import { withStderr } from '../../harness/stderr.js'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'lib', 'cli', 'bin.ts')

/** The exit code and stderr of the command line run as a process, `argv` and the variables given, its stdin the file descriptor `stdin`. */
const child = (argv: ReadonlyArray<string>, env: Readonly<Record<string, string>>, stdin: number): Promise<readonly [number, string]> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', bin, ...argv], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: [stdin, 'ignore', 'pipe'] })
    let said = ''
    p.stderr?.on('data', (d) => (said += String(d)))
    p.on('error', reject)
    p.on('close', (code) => resolve([code ?? -1, said]))
  })

/** The exit code, stderr, and the requests a stand-in endpoint received for `argv`, run in this process or (`stdin`: its descriptor) as a child. */
const run = async (argv: ReadonlyArray<string>, stdin?: number): Promise<readonly [number, string, number]> => {
  let requests = 0
  const server: Server = createServer((_req, res) => {
    requests++
    res.writeHead(500).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    const vars = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' }
    const args = [...argv, '--endpoint', `http://127.0.0.1:${port}`]
    const [code, said] = stdin === undefined ? await withStderr(() => main(args, vars, Readable.from([]))) : await child(args, vars, stdin)
    return [code, said, requests]
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

test('a directory as --in, --out or --failed: exit 1 naming the flag and the path, before any request', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-dirs-'))
  try {
    for (const [argv, flag] of [
      [['load', 'things', '--in', dir], '--in'],
      [['dump', 'things', '--out', dir], '--out'],
      [['load', 'things', '--failed', dir], '--failed'],
    ] as const) {
      const [code, said, requests] = await run(argv)
      assert.equal([code, requests], [1, 0], `${argv.join(' ')}: ${said}`)
      assert.match(said, `dynamongo: ${flag} ${dir}: it is a directory`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("a load's stdin opened on a directory (no --in, or --in -): exit 1 saying so, before any request", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-dirs-'))
  const fd = openSync(dir, 'r')
  try {
    for (const argv of [['load', 'things'], ['load', 'things', '--in', '-']]) {
      const [code, said, requests] = await run(argv, fd)
      assert.equal([code, requests], [1, 0], `${argv.join(' ')}: ${said}`)
      assert.match(said, 'dynamongo: stdin is a directory')
    }
  } finally {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()

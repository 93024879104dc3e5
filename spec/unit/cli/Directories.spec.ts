/**
 * A directory given where the command line takes a file (`--in`, `--out`, `--failed`) is told
 * before any request, naming the flag and the path, exit 1 (as an `--in` that does not exist):
 * not read as a file after the table's description, nor a dump's or a load's work begun.
 */
import { createServer, type Server } from 'node:http'
import { Readable } from 'node:stream'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../../../lib/cli/main.js'
import { withStderr } from '../../harness/stderr.js'

/** The exit code, stderr, and the requests a stand-in endpoint received for `argv`. */
const run = async (argv: ReadonlyArray<string>): Promise<readonly [number, string, number]> => {
  let requests = 0
  const server: Server = createServer((_req, res) => {
    requests++
    res.writeHead(500).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    const [code, said] = await withStderr(() => main([...argv, '--endpoint', `http://127.0.0.1:${port}`], { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' }, Readable.from([])))
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

test.run()

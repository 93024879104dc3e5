/**
 * README.md's guide, run as a new user runs it: its `env` (the `Env.make` line of "The guide",
 * its endpoint made this run's DynamoDB Local) in a process of its own with no AWS
 * credentials anywhere (no variables, no ~/.aws, no instance metadata), as on a laptop that
 * never had any. DynamoDB Local takes any credentials, but the SDK signs every request and
 * needs some: the guide's line must give them. (spec/unit/Readme.spec.ts type-checks the
 * examples; this one runs that line.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { local } from '../harness/local.js'
import { runBounded } from '../harness/bounded.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LIVENESS_MS = 60_000

test("the guide's env, as README.md writes it, reaches DynamoDB Local from a process without AWS credentials", async () => {
  const db = await local()
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const line = /^const env = Env\.make\(.*\)$/m.exec(readme)?.[0]
  assert.ok(line !== undefined, "README.md's guide has its `const env = Env.make(…)` line")
  if (line === undefined) return
  assert.ok(line.includes("'http://127.0.0.1:8000'"), line)
  // inside node_modules/.cache, so that the AWS SDK resolves as an installed package
  const cache = path.join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(path.join(cache, 'dynamongo-readme-run-'))
  try {
    const file = path.join(dir, 'guide.mts')
    writeFileSync(
      file,
      [
        `import { Dynamo, Env } from ${JSON.stringify(pathToFileURL(path.join(root, 'lib', 'index.ts')).href)}`,
        "import { ListTablesCommand } from '@aws-sdk/client-dynamodb'",
        line.replace("'http://127.0.0.1:8000'", JSON.stringify(db.endpoint)),
        'const r = await Dynamo.send(new ListTablesCommand({}))(env)()',
        "console.log(JSON.stringify(r._tag === 'Right' ? 'reached' : r.left))",
      ].join('\n'),
    )
    const home = path.join(dir, 'home')
    mkdirSync(home)
    const ran = await runBounded(['--import', 'tsx', file], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true' } }, LIVENESS_MS)
    assert.ok(ran !== undefined, 'it ends')
    assert.is(ran?.out.trim(), '"reached"', ran?.all)
    assert.is(ran?.code, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()

/**
 * README.md's guide, run as a new user runs it, in a process of its own with no AWS
 * credentials anywhere (no variables, no ~/.aws, no instance metadata), as on a laptop that
 * never had any:
 * - its `env` (the `Env.make` line of "The guide", its endpoint made this run's DynamoDB Local).
 *   DynamoDB Local takes any credentials, but the SDK signs every request and needs some: the
 *   guide's line must give them;
 * - the whole walk-through (every ```ts block, in order, `dynamongo/local`'s block starting its
 *   own instance), against this run's DynamoDB Local, its tables under a prefix of the run's:
 *   it ends, exit 0; then the models it declares, each table's together, can have their tables
 *   (`planTable`: no `Unfixable` step), and the reads it shows run on them.
 * (spec/unit/Readme.spec.ts type-checks the examples.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { local } from '../harness/local.js'
import { runBounded } from '../harness/bounded.js'
import { tsBlocks } from '../harness/examples.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LIVENESS_MS = 60_000
/** The walk-through starts a DynamoDB Local of its own (`dynamongo/local`'s example): a JVM's start on a busy machine. */
const WALK_MS = 300_000

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

/**
 * What the walk-through's module runs after its own code: each table's models together
 * (`planTable`: a step `Unfixable` is a table the README's models cannot have), then, their
 * tables made (`syncTable`), the reads it shows on tables it never creates or syncs whole. The
 * last line printed is the result, as JSON.
 */
const checks = `
const __groups = new Map()
for (const m of [User, Contacts, Order, Stock, Note, Doc, Session, Customer, ShopOrder, Shipment, Thread]) __groups.set(m.table, [...(__groups.get(m.table) ?? []), m])
const __unfixable = []
for (const ms of __groups.values()) {
  const p = await Dynamo.planTable(ms)(env)()
  if (p._tag === 'Left') __unfixable.push(DynamoError.show(p.left))
  else for (const s of p.right.steps) if (s._tag === 'Unfixable') __unfixable.push(p.right.table + ': ' + s.reason)
  if (__unfixable.length === 0) await Dynamo.syncTable(ms)(env)()
}
const __reads = {}
if (__unfixable.length === 0) {
  const __tag = async (op) => { const r = await op(env)(); return r._tag === 'Right' ? 'Right' : DynamoError.show(r.left) }
  __reads.shipments = await __tag(Dynamo.page(Shipment, C.and(C.eq(shx.status, 'late'), C.eq(shx.carrier, 'ups'), C.gte(shx.createdAt, new Date('2024-03-01T00:00:00.000Z'))), { pageSize: 20 }))
  __reads.contacts = await __tag(Dynamo.getMany(Contacts, C.eq(Contacts.attrs.user_id, id), { descending: true, limit: 10 }))
  __reads.ordersByStatus = await __tag(Dynamo.getMany(ShopOrder, C.eq(ox.status, 'open')))
  __reads.collection = await __tag(Dynamo.collection({ customer: Customer, orders: ShopOrder }, { customerId: 'c1' }))
}
console.log(JSON.stringify({ unfixable: __unfixable, reads: __reads }))
`

test("the walk-through runs against DynamoDB Local to its end, and its models' tables can be made, each table's models together, and read as it shows", async () => {
  const db = await local()
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const entry = (file: string): string => JSON.stringify(pathToFileURL(path.join(root, 'lib', file)).href)
  const prefix = `readme_${process.pid}_`
  const code = tsBlocks(readme)
    .map((b) => b.code)
    .join('\n\n')
    .replace(/from 'dynamongo\/local'/g, `from ${entry(path.join('local', 'DynamoLocal.ts'))}`)
    .replace(/from 'dynamongo'/g, `from ${entry('index.ts')}`)
    .replace(/^const env = Env\.make\(\{ endpoint: 'http:\/\/127\.0\.0\.1:8000',/m, `const env = Env.make({ endpoint: ${JSON.stringify(db.endpoint)}, tablePrefix: ${JSON.stringify(prefix)},`)
  assert.ok(code.includes(db.endpoint), "the guide's env line is rewritten to this run's DynamoDB Local")
  const cache = path.join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(path.join(cache, 'dynamongo-readme-walk-'))
  try {
    const file = path.join(dir, 'walk.mts')
    writeFileSync(file, `${code}\n\n${checks}`)
    const home = path.join(dir, 'home')
    mkdirSync(home)
    const ran = await runBounded(['--import', 'tsx', file], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true' } }, WALK_MS)
    assert.ok(ran !== undefined, 'it ends')
    assert.is(ran?.code, 0, ran?.all)
    const last = ran?.out.trim().split('\n').at(-1) ?? ''
    const result = JSON.parse(last) as { readonly unfixable: ReadonlyArray<string>; readonly reads: Readonly<Record<string, string>> }
    assert.equal(result.unfixable, [])
    assert.equal(result.reads, { shipments: 'Right', contacts: 'Right', ordersByStatus: 'Right', collection: 'Right' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()

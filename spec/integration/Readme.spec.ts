/**
 * README.md's guide, run as a new user runs it, in a process of its own with no AWS
 * credentials anywhere (no variables, no ~/.aws, no instance metadata), as on a laptop that
 * never had any:
 * - its `env` (the `Env.make` line of "The guide", its endpoint made this run's DynamoDB Local).
 *   DynamoDB Local takes any credentials, but the SDK signs every request and needs some: the
 *   guide's line must give them;
 * - the whole walk-through (every ```ts block, in order, `dynamongo/local`'s block starting its
 *   own instance), against a DynamoDB Local of this spec's own (`local('readme')`), its tables
 *   under a prefix of the run's: it ends, exit 0; then the models it declares, each table's
 *   together, can have their tables (`planTable`: no `Unfixable` step, `syncTable` Right), and
 *   the reads it shows run on them.
 *   Not the run's shared instance: DynamoDB Local's index backfills share its pool of 10
 *   threads with its 3 job schedulers and a never-ending job per table with a time to live, so
 *   from 7 such tables (other specs') the walk's new index, shop's byCarrier, stays CREATING.
 * (spec/unit/Readme.spec.ts type-checks the examples.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { local, release, START_MS } from '../harness/local.js'
import { runBounded, tail } from '../harness/bounded.js'
import { tsBlocks } from '../harness/examples.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LIVENESS_MS = 60_000
/**
 * The walk-through's bound: it starts a DynamoDB Local of its own (`dynamongo/local`'s
 * example, given the harness's time limit for a JVM's start on a busy machine), then runs its
 * requests and waits for its tables (each wait bounded by the liveness bound: `waitTimeoutMs`),
 * a few seconds on an idle machine, minutes on a busy one.
 */
const WALK_MS = START_MS + 4 * LIVENESS_MS

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
    assert.ok(ran.ended, `it ends:\n${tail(ran.all)}`)
    assert.is(ran.out.trim(), '"reached"', ran.all)
    assert.is(ran.code, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/**
 * What the walk-through's module runs after its own code: each table's models together
 * (`planTable`: a step `Unfixable` is a table the README's models cannot have), then, their
 * tables made (`syncTable`, its failure kept), the reads it shows on tables it never creates
 * or syncs whole. Each step is named on stderr first (`walk: …`), as each block of the README
 * is: a walk that fails or outlives its bound shows where it was. The last line printed is
 * the result, as JSON.
 */
const checks = `
const __groups = new Map()
for (const m of [User, Contacts, Order, Stock, Note, Doc, Session, Customer, ShopOrder, Shipment, Thread]) __groups.set(m.table, [...(__groups.get(m.table) ?? []), m])
const __unfixable = []
const __unsynced = []
for (const ms of __groups.values()) {
  process.stderr.write('walk: planTable ' + ms[0].table + '\\n')
  const p = await Dynamo.planTable(ms)(env)()
  if (p._tag === 'Left') __unfixable.push(DynamoError.show(p.left))
  else for (const s of p.right.steps) if (s._tag === 'Unfixable') __unfixable.push(p.right.table + ': ' + s.reason)
  if (__unfixable.length > 0) continue
  process.stderr.write('walk: syncTable ' + ms[0].table + '\\n')
  const s = await Dynamo.syncTable(ms)(env)()
  if (s._tag === 'Left') __unsynced.push(ms[0].table + ': ' + DynamoError.show(s.left))
}
const __reads = {}
if (__unfixable.length === 0 && __unsynced.length === 0) {
  const __tag = async (name, op) => {
    process.stderr.write('walk: read ' + name + '\\n')
    const r = await op(env)()
    __reads[name] = r._tag === 'Right' ? 'Right' : DynamoError.show(r.left)
  }
  await __tag('shipments', Dynamo.page(Shipment, C.and(C.eq(shx.status, 'late'), C.eq(shx.carrier, 'ups'), C.gte(shx.createdAt, new Date('2024-03-01T00:00:00.000Z'))), { pageSize: 20 }))
  await __tag('contacts', Dynamo.getMany(Contacts, C.eq(Contacts.attrs.user_id, id), { descending: true, limit: 10 }))
  await __tag('ordersByStatus', Dynamo.getMany(ShopOrder, C.eq(ox.status, 'open')))
  await __tag('collection', Dynamo.collection({ customer: Customer, orders: ShopOrder }, { customerId: 'c1' }))
}
console.log(JSON.stringify({ unfixable: __unfixable, unsynced: __unsynced, reads: __reads }))
`

/**
 * The walk-through as one module: the README's blocks in order, each after a line naming it on
 * stderr (`walk: README.md:N`); `dynamongo` and `dynamongo/local` mapped to lib/; the guide's
 * env line on `endpoint`, under `prefix`, its waits for tables bounded by the liveness bound,
 * each request attempt told on stderr (`on`); the start of its own DynamoDB Local given the
 * harness's time limit in place of its default 60 s.
 */
const walkModule = (readme: string, endpoint: string, prefix: string): string => {
  const entry = (file: string): string => JSON.stringify(pathToFileURL(path.join(root, 'lib', file)).href)
  const on = "on: (e) => process.stderr.write(`walk: ${e.operation} ${e.command} ${e.table} #${e.attempt}${e.error ? ' ' + e.error : ''}\\n`),"
  return tsBlocks(readme)
    .map((b) => `process.stderr.write('walk: README.md:${b.line}\\n')\n${b.code}`)
    .join('\n\n')
    .replace(/from 'dynamongo\/local'/g, `from ${entry(path.join('local', 'DynamoLocal.ts'))}`)
    .replace(/from 'dynamongo'/g, `from ${entry('index.ts')}`)
    .replace(
      /^const env = Env\.make\(\{ endpoint: 'http:\/\/127\.0\.0\.1:8000',/m,
      `const env = Env.make({ endpoint: ${JSON.stringify(endpoint)}, tablePrefix: ${JSON.stringify(prefix)}, waitTimeoutMs: ${LIVENESS_MS}, ${on}`,
    )
    .replace(/^const started = await start\(\)\(\)/m, `const started = await start({ timeoutMs: ${START_MS} })()`)
}

/** What the walk's module prints last (`checks`). */
interface WalkResult {
  readonly unfixable: ReadonlyArray<string>
  readonly unsynced: ReadonlyArray<string>
  readonly reads: Readonly<Record<string, string>>
}

/** The walk's result, as its last line prints it; `undefined` if that line is no such JSON. */
const resultOf = (line: string): WalkResult | undefined => {
  try {
    const r: unknown = JSON.parse(line)
    return typeof r === 'object' && r !== null && 'unfixable' in r && 'unsynced' in r && 'reads' in r ? (r as WalkResult) : undefined
  } catch {
    return undefined
  }
}

// the walk's own DynamoDB Local, stopped once this file's tests end rather than with the run
test.after(() => release('readme'))

test("the walk-through runs against DynamoDB Local to its end, and its models' tables can be made, each table's models together, and read as it shows", async () => {
  const db = await local('readme')
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const code = walkModule(readme, db.endpoint, `readme_${process.pid}_`)
  assert.ok(code.includes(db.endpoint), "the guide's env line is rewritten to this spec's DynamoDB Local")
  assert.ok(code.includes(`start({ timeoutMs: ${START_MS} })()`), "the guide's `start()()` is given the harness's time limit")
  const cache = path.join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(path.join(cache, 'dynamongo-readme-walk-'))
  try {
    const file = path.join(dir, 'walk.mts')
    writeFileSync(file, `${code}\n\n${checks}`)
    const home = path.join(dir, 'home')
    mkdirSync(home)
    const ran = await runBounded(['--import', 'tsx', file], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true' } }, WALK_MS)
    assert.ok(ran.ended, `the walk ends within ${WALK_MS} ms; it was killed here:\n${tail(ran.all)}`)
    assert.is(ran.code, 0, tail(ran.all))
    const last = ran.out.trim().split('\n').at(-1) ?? ''
    const result = resultOf(last)
    assert.ok(result !== undefined, `the walk's last line is its result, as JSON; it ended so:\n${tail(ran.all)}`)
    if (result === undefined) return
    assert.equal(result.unfixable, [], tail(ran.all))
    assert.equal(result.unsynced, [], tail(ran.all))
    assert.equal(result.reads, { shipments: 'Right', contacts: 'Right', ordersByStatus: 'Right', collection: 'Right' }, tail(ran.all))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()

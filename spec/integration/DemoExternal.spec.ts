/**
 * `npm start` (demo/main.ts) pointed at an endpoint of the user's (DYNAMODB_ENDPOINT, or AWS
 * credentials in the environment): it creates, fills and deletes tables named `users`,
 * `user-contacts`, `orders`, `stock`, `docs` and `shop`, so it must touch tables of its own
 * only, never a table of the user's of that name. And an endpoint it cannot use stops it at
 * once (exit 1), not after every step has spent its retries.
 *
 * Against a stand-in endpoint on loopback that refuses every request (a 400 that is no
 * throttling: never retried) and records the table each names.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runBounded } from '../harness/bounded.js'
import { error, serving, type Answer } from '../harness/standIn.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LIVENESS_MS = 120_000

const refused = (type: string, message: string): Answer => ({ status: 400, body: error(type, message) })

/** The demo run against a stand-in on loopback answering each request (its target and input) with `answer`; undefined if it never ends. */
const demoAgainst = async (answer: (target: string, input: { readonly TableName?: unknown }) => Answer): Promise<{ readonly code: number | null; readonly out: string } | undefined> => {
  const s = await serving(answer)
  try {
    const env = { PATH: process.env['PATH'] ?? '', DYNAMODB_ENDPOINT: s.endpoint, AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_TABLE_PREFIX: 'mine-' }
    const ran = await runBounded(['--import', 'tsx', path.join(root, 'demo', 'main.ts')], { cwd: root, env }, LIVENESS_MS)
    return ran.ended ? { code: ran.code, out: ran.all } : undefined
  } finally {
    await s.close()
  }
}

test("the demo against the user's endpoint names only tables of its own (a prefix of its run after AWS_TABLE_PREFIX); refused, it stops after its first step, exit 1", async () => {
  const named: Array<string> = []
  const ran = await demoAgainst((_, input) => {
    named.push(typeof input.TableName === 'string' ? input.TableName : '(none)')
    return refused('ValidationException', 'refused (stand-in)')
  })
  assert.ok(ran !== undefined, 'the demo ends')
  if (ran === undefined) return
  assert.is(ran.code, 1, ran.out)
  assert.ok(named.length > 0, 'a request was sent')
  for (const name of named) assert.match(name, /^mine-dynamongo-demo-[0-9a-f]{8}-/, `${name}: not a table of the demo's own`)
  // its first step (creating its tables) failed: nothing after it was tried
  assert.ok(named.every((n) => n === named[0] || /user-contacts$/.test(n)), named.join(', '))
  assert.match(ran.out, /stops here/)
})

test("the demo against the user's endpoint, its users table created and its contacts table refused: it stops, exit 1, and deletes the table it created", async () => {
  const tables = new Set<string>()
  const ran = await demoAgainst((target, input) => {
    const name = String(input.TableName)
    const description = { TableName: name, TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }] }
    const missing = refused('ResourceNotFoundException', `no table ${name} (stand-in)`)
    if (target === 'CreateTable') {
      if (name.endsWith('-user-contacts')) return refused('LimitExceededException', 'too many tables (stand-in)')
      tables.add(name)
      return { status: 200, body: { TableDescription: description } }
    }
    if (target === 'DescribeTable') return tables.has(name) ? { status: 200, body: { Table: description } } : missing
    if (target === 'DeleteTable') return tables.delete(name) ? { status: 200, body: { TableDescription: { ...description, TableStatus: 'DELETING' } } } : missing
    return refused('ValidationException', 'refused (stand-in)')
  })
  assert.ok(ran !== undefined, 'the demo ends')
  if (ran === undefined) return
  assert.is(ran.code, 1, ran.out)
  assert.match(ran.out, /stops here/)
  assert.equal([...tables], [], 'no table of the demo left')
})

test("the demo's end-of-run cleanup at the user's endpoint tries every table of its run and reports each one it could not delete (exit 1); none it never asked to create is tried", async () => {
  const tables = new Set<string>()
  const deletes: Array<string> = []
  const ran = await demoAgainst((target, input) => {
    const name = String(input.TableName)
    const description = { TableName: name, TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }] }
    const missing = refused('ResourceNotFoundException', `no table ${name} (stand-in)`)
    if (target === 'CreateTable') {
      tables.add(name)
      return { status: 200, body: { TableDescription: { ...description, TableStatus: 'CREATING' } } }
    }
    // both tables made; the wait for the contacts table refused: the demo stops after its first step
    if (target === 'DescribeTable') return name.endsWith('-user-contacts') ? refused('ValidationException', 'refused (stand-in)') : tables.has(name) ? { status: 200, body: { Table: description } } : missing
    if (target === 'DescribeTimeToLive') return tables.has(name) ? { status: 200, body: { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } } } : missing
    if (target === 'DeleteTable') {
      deletes.push(name)
      return tables.has(name) ? refused('ResourceInUseException', `table ${name} is in use (stand-in)`) : missing
    }
    return refused('ValidationException', 'refused (stand-in)')
  })
  assert.ok(ran !== undefined, 'the demo ends')
  if (ran === undefined) return
  assert.is(ran.code, 1, ran.out)
  assert.is(tables.size, 2, [...tables].join(', '))
  // every table it made was tried, the first refusal notwithstanding, and each refusal is reported with its table
  for (const name of tables) {
    assert.ok(deletes.includes(name), `${name} was not tried: ${deletes.join(', ')}`)
    assert.match(ran.out, new RegExp(`${name}: AwsError ResourceInUseException: table ${name} is in use`), ran.out)
  }
  // the tables of the run it never asked to create (orders, stock, docs, shop) are not tried
  assert.equal([...new Set(deletes)].sort(), [...tables].sort())
})

test.run()

/**
 * `npm start`: dynamongo's quickstart, run for real. Starts an embedded DynamoDB Local
 * (unless DYNAMODB_ENDPOINT or AWS credentials are set, then it runs against that, on tables
 * of its own under a prefix of its run, so that none of the user's is touched), creates
 * the `users` and `user-contacts` tables, and walks through every operation, printing the
 * plan and the result of each step; then a single-table design (`demo/singleTable.ts`).
 * Stops DynamoDB Local and exits 0.
 */
import { randomBytes } from 'node:crypto'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import { Condition as C, Dynamo, DynamoError, Env, Expression, Field, Model, Plan, Transaction as T, Update as U } from '../lib/index.js'
import { start, type DynamoLocal } from '../lib/local/DynamoLocal.js'
import { shopTable, singleTable } from './singleTable.js'

// --- models (dynamongo's User and Contacts) -------------------------------------------

const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec: t.intersection([
    t.type({ email: Field.email, name: Field.string({ minLength: 1 }) }),
    t.partial({
      year_of_birth: Field.int({ min: 1900, max: 2018 }),
      cities_visited: Field.list(t.string),
      created_at: Field.dateTime,
    }),
  ]),
  defaults: { created_at: () => new Date(), cities_visited: () => [] },
})
type User = Model.TypeOf<typeof User>
const u = User.attrs

const Contacts = Model.make({
  table: 'user-contacts',
  hashKey: 'user_id',
  rangeKey: 'email',
  codec: t.intersection([t.type({ user_id: Field.uuid, email: Field.email }), t.partial({ created_at: Field.dateTime })]),
  defaults: { created_at: () => new Date() },
})

// --- printing -------------------------------------------------------------------------

// --- models of transactions and versions (README: Transactions, Versions and timestamps) ---

const Order = Model.make({ table: 'orders', hashKey: 'id', codec: t.type({ id: t.string, sku: t.string, quantity: Field.int({ min: 1 }) }) })
const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: Field.int({ min: 0 }) }) })
const Doc = Model.make({
  table: 'docs',
  hashKey: 'id',
  codec: t.type({ id: t.string, body: t.string, version: Field.int({ min: 1 }), created_at: Field.dateTime, updated_at: Field.dateTime }),
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
type Doc = Model.TypeOf<typeof Doc>
const showDoc = (d: Doc): string => `${d.id} v${d.version}: ${JSON.stringify(d.body)} (created ${d.created_at.toISOString()}, updated ${d.updated_at.toISOString()})`

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n')

const showUser = (x: User): string =>
  `${x.email} (${x.name}${x.year_of_birth === undefined ? '' : `, born ${x.year_of_birth}`}${
    x.cities_visited && x.cities_visited.length > 0 ? `, visited ${x.cities_visited.join(', ')}` : ''
  })`

let failures = 0
/** Run and print one step; whether it went as expected. */
const step = async <A>(title: string, op: Dynamo.Op<A>, env: Env.Env, show: (a: A) => string, expectError?: DynamoError.DynamoError['_tag']): Promise<boolean> => {
  console.log(`\n${bold(`▸ ${title}`)}`)
  const r = await op(env)()
  if (E.isLeft(r)) {
    const expected = expectError === r.left._tag
    if (!expected) failures++
    console.log(indent(`${expected ? '✓ typed error, as expected:' : '✗'} ${DynamoError.show(r.left)}`))
    return expected
  }
  if (expectError !== undefined) failures++
  console.log(indent(show(r.right)))
  return expectError === undefined
}

/** The tables the run has asked to create, in order: what the end-of-run cleanup deletes at a user's endpoint. */
const made: Array<Parameters<typeof Dynamo.deleteTable>[0]> = []

/** Whether `e` says the table is not there (never made, or deleted already). */
const missing = (e: DynamoError.DynamoError): boolean => e._tag === 'AwsError' && e.name === 'ResourceNotFoundException'

/**
 * Delete the tables of `models`, each tried whatever became of the others, and print what
 * became of each: a table it could not delete is a failure, printed with its name and error.
 * With `cleanup`, a table that is not there is nothing to do (never made, or deleted already).
 */
const deleteTables = async (title: string, models: ReadonlyArray<Parameters<typeof Dynamo.deleteTable>[0]>, env: Env.Env, cleanup = false): Promise<void> => {
  console.log(`\n${bold(`▸ ${title}`)}`)
  const lines: string[] = []
  for (const m of models) {
    const name = Env.tableName(env, m.table)
    const r = await Dynamo.deleteTable(m)(env)()
    if (E.isRight(r)) lines.push(`${name} deleted`)
    else if (!(cleanup && missing(r.left))) {
      failures++
      lines.push(`✗ ${name}: ${DynamoError.show(r.left)}`)
    }
  }
  console.log(indent(lines.length === 0 ? 'none left' : lines.join('\n')))
}

const explain = (strategy: Parameters<typeof Dynamo.explain<typeof User>>[1]) => {
  const p = Dynamo.explain(User, strategy)
  console.log(indent(E.isRight(p) ? `plan: ${Plan.show(p.right).split('\n').join('\n      ')}` : DynamoError.show(p.left)))
}

const many = (xs: ReadonlyArray<User>) => (xs.length === 0 ? '(none)' : xs.map(showUser).join('\n'))
const batch = <A>(show: (a: A) => string) => (r: Dynamo.BatchResult<A, unknown>) =>
  [`success: ${r.success.length}`, ...r.success.map((x) => `  + ${show(x)}`), `fail: ${r.failCount}`, ...r.fail.map((f) => `  - ${DynamoError.show(f.error)}`)].join('\n')

// --- tracing: Env.make({ on, consumedCapacity: true }) hears of every request ---------

/** The events heard while `tracing` is on. */
const trace: Env.Event[] = []
let tracing = false
const on = (e: Env.Event): void => {
  if (tracing) trace.push(e)
}

const capacityOf = (e: Env.Event): string => {
  const cs = e.consumedCapacity === undefined ? [] : Array.isArray(e.consumedCapacity) ? e.consumedCapacity : [e.consumedCapacity]
  const units = cs.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0)
  return cs.length === 0 ? '' : `, ${units} capacity unit${units === 1 ? '' : 's'}`
}

const showEvent = (e: Env.Event): string =>
  `${e.operation.padEnd(9)} ${e.command.padEnd(14)} ${e.table} attempt ${e.attempt}, ${e.durationMs.toFixed(1)} ms${capacityOf(e)}${e.error === undefined ? '' : `, ${e.error}`}`

// --- the walk-through -----------------------------------------------------------------

/** The walk-through; `false` when it stopped because its tables could not be created. */
const demo = async (env: Env.Env): Promise<boolean> => {
  console.log(bold('\nA condition and an update are values; the compiler makes DynamoDB expressions of them:'))
  const cond = C.and(C.eq(u.email, 'john@x.io'), C.gt(u.year_of_birth, 2000))
  const showCompiled = (r: E.Either<DynamoError.DynamoError, Expression.Compiled>) =>
    E.isLeft(r)
      ? DynamoError.show(r.left)
      : [`expression: ${r.right.expression}`, `names:      ${JSON.stringify(r.right.names)}`, `values:     ${JSON.stringify(r.right.values)}`].join('\n')
  console.log(indent(`C.and(C.eq(u.email, 'john@x.io'), C.gt(u.year_of_birth, 2000))\n${showCompiled(Expression.condition(cond))}`))
  const upd = [U.set(u.name, 'Johnny'), U.append(u.cities_visited, ['Nairobi'])]
  console.log(indent(`[U.set(u.name, 'Johnny'), U.append(u.cities_visited, ['Nairobi'])]\n${showCompiled(Expression.update(upd))}`))

  made.push(User, Contacts)
  if (!(await step('createTable(User), createTable(Contacts)', pipe(Dynamo.createTable(User), RTE.chain(() => Dynamo.createTable(Contacts))), env, () => 'tables are ACTIVE'))) {
    // an endpoint that cannot be used: every other step would fail too, each after its retries;
    // a table made before the step failed is deleted by the end-of-run cleanup (main)
    console.error('\nThe demo cannot create its tables at this endpoint: it stops here.')
    return false
  }

  await step('saveOne: John', Dynamo.saveOne(User, { email: 'johndoe@gmail.com', name: 'John Doe', year_of_birth: 1990 }), env, (x) => `saved ${showUser(x)}, created_at ${x.created_at?.toISOString()}`)
  await step(
    'saveOne with overwrite: false, the same key again',
    Dynamo.saveOne(User, { email: 'johndoe@gmail.com', name: 'Impostor' }, { overwrite: false }),
    env,
    showUser,
    'ConditionalCheckFailed',
  )
  const people: User[] = [
    { email: 'email1@gmail.com', name: 'Ann', year_of_birth: 1985, cities_visited: ['Nairobi', 'Lagos'] },
    { email: 'email2@gmail.com', name: 'Ben', year_of_birth: 2001 },
    { email: 'email3@gmail.com', name: 'Cy', year_of_birth: 2005, cities_visited: ['Nairobi'] },
    { email: 'email4@gmail.com', name: 'Di', year_of_birth: 1970 },
    { email: 'email5@gmail.com', name: 'Ed', year_of_birth: 1999 },
    { email: 'not an email', name: 'Bad' },
  ]
  await step('saveMany: six people, one with a bad email', Dynamo.saveMany(User, people), env, batch(showUser))
  await step(
    'saveMany with overwrite: false (John exists already)',
    Dynamo.saveMany(User, [{ email: 'johndoe@gmail.com', name: 'Again' }, { email: 'new@gmail.com', name: 'New', year_of_birth: 2010 }], { overwrite: false }),
    env,
    batch(showUser),
  )

  console.log(bold('\n— getOne, by every strategy form —'))
  await step("getOne('johndoe@gmail.com')", Dynamo.getOne(User, 'johndoe@gmail.com'), env, showUser)
  await step("getOne({ email: 'email1@gmail.com' })", Dynamo.getOne(User, { email: 'email1@gmail.com' }), env, showUser)
  await step('getOne(a whole item)', Dynamo.getOne(User, people[1] as User), env, showUser)
  await step("getOne(C.eq(u.email, 'email3@gmail.com'))", Dynamo.getOne(User, C.eq(u.email, 'email3@gmail.com')), env, showUser)
  await step("getOne('nobody@gmail.com')", Dynamo.getOne(User, 'nobody@gmail.com'), env, showUser, 'NotFound')
  await step('getOne(keys OR-ed)', Dynamo.getOne(User, C.or(C.eq(u.email, 'a@b.c'), C.eq(u.email, 'c@d.e'))), env, showUser, 'ExpressionError')

  console.log(bold('\n— getMany: each strategy, its plan, its result —'))
  const emails = ['johndoe@gmail.com', 'email2@gmail.com', 'email3@gmail.com', 'missing@x.io']
  const gets: Array<[string, Parameters<typeof Dynamo.getMany<typeof User>>[1]]> = [
    ['a list of strategies', ['johndoe@gmail.com', { email: 'email1@gmail.com' }, C.eq(u.email, 'email4@gmail.com')]],
    ['#1 the list of emails', emails],
    ['#1 C.isIn(u.email, emails)', C.isIn(u.email, emails)],
    ['#1 Model.keysIn(User, emails)', Model.keysIn(User, emails)],
    ['#2 C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, 2000))', C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, 2000))],
    ["#3 C.contains(u.cities_visited, 'Nairobi')", C.contains(u.cities_visited, 'Nairobi')],
    ["#4 born before 1990 and never visited Nairobi", C.and(C.lt(u.year_of_birth, 1990), C.not(C.contains(u.cities_visited, 'Nairobi')))],
  ]
  for (const [title, s] of gets) {
    console.log(`\n${bold(`▸ getMany: ${title}`)}`)
    explain(s)
    const r = await Dynamo.getMany(User, s)(env)()
    if (E.isLeft(r)) {
      failures++
      console.log(indent(`✗ ${DynamoError.show(r.left)}`))
    } else console.log(indent(many(r.right)))
  }

  const cid = '7f3e2a1c-9b4d-4e8f-a6b5-1c2d3e4f5a6b'
  await step(
    'Contacts: saveMany then getMany(Model.keysIn(Contacts, [[user_id, email], …]))',
    pipe(
      Dynamo.saveMany(Contacts, [
        { user_id: cid, email: 'john@gmail.com' },
        { user_id: cid, email: 'doe@gmail.com' },
      ]),
      RTE.chain(() => Dynamo.getMany(Contacts, Model.keysIn(Contacts, [[cid, 'john@gmail.com'], [cid, 'doe@gmail.com']]))),
    ),
    env,
    (xs) => xs.map((c) => `${c.user_id} → ${c.email}`).join('\n'),
  )
  await step(
    'Contacts: getMany(C.eq(user_id), descending, limit 1) — a Query',
    Dynamo.getMany(Contacts, C.eq(Contacts.attrs.user_id, cid), { descending: true, limit: 1 }),
    env,
    (xs) => xs.map((c) => `${c.user_id} → ${c.email}`).join('\n'),
  )

  console.log(bold('\n— updates —'))
  await step(
    "updateOne('johndoe@gmail.com', set name, append Nairobi)",
    Dynamo.updateOne(User, 'johndoe@gmail.com', [U.set(u.name, 'Johnny'), U.append(u.cities_visited, ['Nairobi'])]),
    env,
    showUser,
  )
  await step(
    'updateOne with a check that fails (born after 2000?)',
    Dynamo.updateOne(User, C.and(C.eq(u.email, 'johndoe@gmail.com'), C.gt(u.year_of_birth, 2000)), [U.set(u.name, 'Nope')]),
    env,
    showUser,
    'ConditionalCheckFailed',
  )
  await step("updateOne('nobody@gmail.com') never creates an item", Dynamo.updateOne(User, 'nobody@gmail.com', [U.set(u.name, 'Ghost')]), env, showUser, 'NotFound')
  await step(
    'updateFromDict({ email, year_of_birth: 1991 })',
    Dynamo.updateFromDict(User, { email: 'johndoe@gmail.com', year_of_birth: 1991 }),
    env,
    showUser,
  )
  await step('updateOne with a value the codec refuses (year 1800)', Dynamo.updateOne(User, 'johndoe@gmail.com', [U.set(u.year_of_birth, 1800)]), env, showUser, 'ValidationError')

  console.log(bold('\n— a trace of the requests (Env.make({ on, consumedCapacity: true })) —'))
  tracing = true
  await Dynamo.saveOne(User, { email: 'traced@gmail.com', name: 'Tracy' })(env)()
  await Dynamo.getOne(User, 'traced@gmail.com')(env)()
  await Dynamo.saveMany(User, Array.from({ length: 30 }, (_, i) => ({ email: `t${i}@gmail.com`, name: `T${i}` })))(env)()
  await Dynamo.getMany(User, C.beginsWith(u.name, 'T'))(env)()
  await Dynamo.deleteMany(User, ['traced@gmail.com', ...Array.from({ length: 30 }, (_, i) => `t${i}@gmail.com`)])(env)()
  tracing = false
  console.log(indent(trace.map(showEvent).join('\n')))

  console.log(bold('\n— deletes —'))
  await step("deleteOne('email5@gmail.com')", Dynamo.deleteOne(User, 'email5@gmail.com'), env, (o) => (O.isSome(o) ? `deleted ${showUser(o.value)}` : 'nothing to delete'))
  await step("deleteOne('email5@gmail.com') again", Dynamo.deleteOne(User, 'email5@gmail.com'), env, (o) => (O.isSome(o) ? `deleted ${showUser(o.value)}` : 'none: nothing to delete'))
  await step(
    'deleteOne with a check that fails (born on or before 2000?)',
    Dynamo.deleteOne(User, C.and(C.eq(u.email, 'email3@gmail.com'), C.lte(u.year_of_birth, 2000))),
    env,
    () => 'deleted',
    'ConditionalCheckFailed',
  )
  console.log(`\n${bold("▸ deleteMany(#4: born before 1990 and never visited Nairobi)")}`)
  explain(C.and(C.lt(u.year_of_birth, 1990), C.not(C.contains(u.cities_visited, 'Nairobi'))))
  await step(
    'deleteMany(#4)',
    Dynamo.deleteMany(User, C.and(C.lt(u.year_of_birth, 1990), C.not(C.contains(u.cities_visited, 'Nairobi')))),
    env,
    batch((k) => JSON.stringify(k)),
  )
  await step('deleteMany(a list of keys)', Dynamo.deleteMany(User, ['email2@gmail.com', { email: 'new@gmail.com' }]), env, batch((k) => JSON.stringify(k)))
  await step('what is left: getMany(every item, a Scan)', Dynamo.getMany(User, C.exists(u.email)), env, many)

  await deleteTables('deleteTable(User), deleteTable(Contacts)', [User, Contacts], env)

  await lifecycle(env)
  return true
}

/** An order that takes stock in one transaction (the second one cancelled), and an edit that meets a version conflict. */
const lifecycle = async (env: Env.Env) => {
  const s = Stock.attrs
  const tables = [Order, Stock, Doc] as const
  made.push(...tables)
  await step('createTable(Order), createTable(Stock), createTable(Doc)', RTE.sequenceArray(tables.map((m) => Dynamo.createTable(m))), env, () => 'tables are ACTIVE')
  await step('saveOne(Stock): 3 of sku x', Dynamo.saveOne(Stock, { sku: 'x', count: 3 }), env, (x) => `stock ${x.sku}: ${x.count}`)
  const order = (id: string, quantity: number) =>
    Dynamo.transactWrite([
      T.put(Order, { id, sku: 'x', quantity }, { overwrite: false }),
      T.update(Stock, C.and(C.eq(s.sku, 'x'), C.gte(s.count, quantity)), [U.decrement(s.count, quantity)]),
    ], { token: `order-${id}` })
  await step('transactWrite: order o-1 of 2 (put the order, take the stock if there is enough)', order('o-1', 2), env, () => 'both written')
  await step('getOne(Stock, x)', Dynamo.getOne(Stock, 'x'), env, (x) => `stock ${x.sku}: ${x.count}`)
  console.log(`\n${bold('▸ transactWrite: order o-2 of 2 (only 1 left): cancelled, nothing written')}`)
  const cancelled = await order('o-2', 2)(env)()
  if (E.isLeft(cancelled) && cancelled.left._tag === 'TransactionCanceled') {
    console.log(indent(`✓ typed error, as expected: ${DynamoError.show(cancelled.left)}`))
    for (const r of cancelled.left.reasons) console.log(indent(`  entry ${r.index}: ${r.code}${r.item === undefined ? '' : `, stored ${JSON.stringify(r.item)}`}`))
  } else {
    failures++
    console.log(indent(`✗ expected TransactionCanceled, got ${E.isLeft(cancelled) ? DynamoError.show(cancelled.left) : 'a success'}`))
  }
  await step("getOne(Order, 'o-2'): not written", Dynamo.getOne(Order, 'o-2'), env, (o) => JSON.stringify(o), 'NotFound')

  await step("saveOne(Doc, { id: 'd-1', body: 'first' }): a create, version 1", Dynamo.saveOne(Doc, { id: 'd-1', body: 'first' }), env, showDoc)
  const read = await Dynamo.getOne(Doc, 'd-1')(env)()
  if (E.isLeft(read)) {
    failures++
    return
  }
  const doc = read.right
  await step('writer A saves its edit of version 1: stored as version 2', Dynamo.saveOne(Doc, { ...doc, body: 'edited by A' }), env, showDoc)
  await step('writer B saves its edit of the same version 1: a version conflict', Dynamo.saveOne(Doc, { ...doc, body: 'edited by B' }), env, showDoc, 'ConditionalCheckFailed')
  await step(
    'writer B reads again and updates with the version it read (a check, never written)',
    pipe(Dynamo.getOne(Doc, 'd-1'), RTE.flatMap((d) => Dynamo.updateOne(Doc, { id: d.id, version: d.version }, [U.set(Doc.attrs.body, `${d.body}, then by B`)]))),
    env,
    showDoc,
  )
  await deleteTables('deleteTable(Order), deleteTable(Stock), deleteTable(Doc)', tables, env)
}

const main = async () => {
  const external = process.env.DYNAMODB_ENDPOINT !== undefined || process.env.AWS_ACCESS_KEY_ID !== undefined
  let db: DynamoLocal | undefined
  let env: Env.Env
  if (external) {
    // the demo creates, fills and deletes tables named users, orders, shop, …: at an endpoint of
    // yours, under a prefix of its own run, so that no table of yours of that name is touched
    const prefix = `${process.env.AWS_TABLE_PREFIX ?? ''}dynamongo-demo-${randomBytes(4).toString('hex')}-`
    const r = Env.fromEnv({ ...process.env, AWS_TABLE_PREFIX: prefix }, { on, consumedCapacity: true })
    if (E.isLeft(r)) {
      console.error(DynamoError.show(r.left))
      process.exit(1)
    }
    env = r.right
    console.log(`dynamongo demo against ${Env.show(env)}: its own tables, named ${prefix}…`)
  } else {
    console.log('Starting DynamoDB Local (embedded, in memory) …')
    const started = await start()()
    if (E.isLeft(started)) {
      // why it could not start (no Java 17, a port, …), and the reason as a program tells it
      console.error(`DynamoDB Local could not be started (${started.left.reason}): ${started.left.message}`)
      process.exit(1)
    }
    db = started.right
    console.log(`DynamoDB Local is up at ${db.endpoint} (pid ${db.pid})`)
    env = Env.make({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, on, consumedCapacity: true })
  }
  try {
    if (await demo(env)) {
      made.push(shopTable)
      failures += await singleTable(env)
    }
  } finally {
    // at your endpoint, no table of the run is left behind: each is tried, and each it could not delete is reported
    if (external) await deleteTables('end of run: the tables of this run left at the endpoint, deleted', made, env, true)
    env.client.destroy()
    if (db !== undefined) {
      await db.stop()
      console.log(`\nDynamoDB Local (pid ${db.pid}) stopped.`)
    }
  }
  if (failures > 0) {
    console.error(`${failures} step(s) did not go as expected`)
    process.exit(1)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

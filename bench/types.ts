/**
 * Type-check speed: what checking a user's queries costs the compiler, dynamongo against
 * plain fp-ts code doing the same work by hand, dynamodb-toolbox and ElectroDB.
 *
 * Each contender is one generated program: two models (a hash+range `User`, a hash-only
 * `Account`), then `blocks` copies of the same five queries with different literals (a
 * conditional put, an update with a condition, a query with a filter, a conditional delete,
 * a read-then-update pipeline). The same program with a quarter of the blocks is checked
 * too, and the difference is the queries' own cost: the first use of a library's types costs
 * a one-time resolution of its declarations that says nothing about queries. Every program is checked by a fresh
 * `tsc --noEmit --extendedDiagnostics` (strict, `skipLibCheck`, libraries through their
 * published declarations: dynamongo's `dist/*.d.ts`, built first if missing), `rounds`
 * times in rotating order; the figures are tsc's "Check time" (median) and its
 * deterministic counts of types and instantiations.
 *
 *   npx tsx bench/types.ts [--blocks=40] [--rounds=5]
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, '.bench-out', 'types')
const flag = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const blocks = Number(flag('blocks') ?? 40)
const rounds = Number(flag('rounds') ?? 5)

interface Program {
  readonly id: string
  readonly label: string
  readonly head: string
  readonly block: (i: number) => string
}

const dynamongo: Program = {
  id: 'dynamongo',
  label: 'dynamongo',
  head: `
import * as t from 'io-ts'
import { pipe } from 'fp-ts/function'
import * as RTE from 'fp-ts/ReaderTaskEither'
import { Condition as C, Update as U, Dynamo, Field, Model } from 'dynamongo'

const User = Model.make({
  table: 'bench',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([
    t.type({ pk: t.string, sk: t.string, name: t.string, age: Field.int(), tags: Field.list(t.string) }),
    t.partial({ address: t.partial({ city: t.string }), counter: t.number, joined: Field.dateTime }),
  ]),
})
type User = Model.TypeOf<typeof User>
const u = User.attrs
const Account = Model.make({ table: 'accounts', hashKey: 'id', codec: t.type({ id: t.string, owner: t.string, balance: t.number }) })
const a = Account.attrs
`,
  block: (i) => `
export const put${i} = (x: User) => Dynamo.saveOne(User, x, { overwrite: C.or(C.lt(u.age, ${i}), C.notExists(u.address)) })
export const update${i} = Dynamo.updateOne(
  User,
  C.and(C.eq(u.pk, 'p${i}'), C.eq(u.sk, 's'), C.between(u.age, 1, ${i + 10}), C.beginsWith(u.name, 'J')),
  [U.set(u.name, 'n${i}'), U.increment(u.age, 1), U.append(u.tags, ['x']), U.remove(u.address.city)],
)
export const query${i} = Dynamo.getMany(
  User,
  C.and(C.eq(u.pk, 'p${i}'), C.beginsWith(u.sk, 'order#'), C.or(C.and(C.gt(u.age, ${i}), C.contains(u.tags, 'x')), C.notExists(u.address))),
)
export const delete${i} = Dynamo.deleteOne(Account, C.and(C.eq(a.id, 'a${i}'), C.lte(a.balance, 0)))
export const flow${i} = pipe(
  Dynamo.getOne(Account, 'a${i}'),
  RTE.chain((acc) => Dynamo.updateOne(Account, acc.id, [U.increment(a.balance, ${i})])),
  RTE.map((acc) => acc.balance),
)
`,
}

const fpTs: Program = {
  id: 'fp-ts',
  label: 'plain fp-ts + io-ts, requests by hand',
  head: `
import * as t from 'io-ts'
import { pipe } from 'fp-ts/function'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'
import * as RTE from 'fp-ts/ReaderTaskEither'
import {
  DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type DynamoDBClient,
  type DeleteItemCommandInput, type PutItemCommandInput, type QueryCommandInput, type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'

const User = t.intersection([
  t.type({ pk: t.string, sk: t.string, name: t.string, age: t.number, tags: t.array(t.string) }),
  t.partial({ address: t.partial({ city: t.string }), counter: t.number, joined: t.string }),
])
type User = t.TypeOf<typeof User>
const Account = t.type({ id: t.string, owner: t.string, balance: t.number })
type Account = t.TypeOf<typeof Account>
type Op<A> = RTE.ReaderTaskEither<DynamoDBClient, Error, A>
const decodeWith = <A>(c: t.Decoder<unknown, A>) => (x: unknown): E.Either<Error, A> => pipe(c.decode(x), E.mapLeft(() => new Error('invalid item')))
const attempt = <A>(f: () => Promise<A>): TE.TaskEither<Error, A> => TE.tryCatch(f, E.toError)
`,
  block: (i) => `
export const put${i} = (x: User): Op<User> => (client) => {
  const input: PutItemCommandInput = {
    TableName: 'bench', Item: marshall(x, { removeUndefinedValues: true }),
    ConditionExpression: '#n0 < :v0 OR attribute_not_exists(#n1)',
    ExpressionAttributeNames: { '#n0': 'age', '#n1': 'address' }, ExpressionAttributeValues: { ':v0': { N: '${i}' } },
  }
  return pipe(attempt(() => client.send(new PutItemCommand(input))), TE.map(() => x))
}
export const update${i}: Op<User> = (client) => {
  const input: UpdateItemCommandInput = {
    TableName: 'bench', Key: { pk: { S: 'p${i}' }, sk: { S: 's' } }, ReturnValues: 'ALL_NEW',
    UpdateExpression: 'SET #n0 = :v0, #n1 = #n1 + :v1, #n2 = list_append(if_not_exists(#n2, :v2), :v3) REMOVE #n3.#n4',
    ConditionExpression: 'attribute_exists(#n5) AND #n1 BETWEEN :v4 AND :v5 AND begins_with(#n0, :v6)',
    ExpressionAttributeNames: { '#n0': 'name', '#n1': 'age', '#n2': 'tags', '#n3': 'address', '#n4': 'city', '#n5': 'pk' },
    ExpressionAttributeValues: { ':v0': { S: 'n${i}' }, ':v1': { N: '1' }, ':v2': { L: [] }, ':v3': { L: [{ S: 'x' }] }, ':v4': { N: '1' }, ':v5': { N: '${i + 10}' }, ':v6': { S: 'J' } },
  }
  return pipe(attempt(() => client.send(new UpdateItemCommand(input))), TE.chainEitherK((r) => decodeWith(User)(unmarshall(r.Attributes ?? {}))))
}
export const query${i}: Op<ReadonlyArray<User>> = (client) => {
  const input: QueryCommandInput = {
    TableName: 'bench',
    KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    FilterExpression: '(#n2 > :v2 AND contains(#n3, :v3)) OR attribute_not_exists(#n4)',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk', '#n2': 'age', '#n3': 'tags', '#n4': 'address' },
    ExpressionAttributeValues: { ':v0': { S: 'p${i}' }, ':v1': { S: 'order#' }, ':v2': { N: '${i}' }, ':v3': { S: 'x' } },
  }
  return pipe(
    attempt(() => client.send(new QueryCommand(input))),
    TE.chainEitherK((r) => E.traverseArray((x: Parameters<typeof unmarshall>[0]) => decodeWith(User)(unmarshall(x)))(r.Items ?? [])),
  )
}
export const delete${i}: Op<O.Option<Account>> = (client) => {
  const input: DeleteItemCommandInput = {
    TableName: 'accounts', Key: { id: { S: 'a${i}' } }, ReturnValues: 'ALL_OLD',
    ConditionExpression: 'attribute_not_exists(#n0) OR #n1 <= :v0',
    ExpressionAttributeNames: { '#n0': 'id', '#n1': 'balance' }, ExpressionAttributeValues: { ':v0': { N: '0' } },
  }
  return pipe(
    attempt(() => client.send(new DeleteItemCommand(input))),
    TE.chainEitherK((r) => (r.Attributes === undefined ? E.right(O.none) : pipe(decodeWith(Account)(unmarshall(r.Attributes)), E.map(O.some)))),
  )
}
export const flow${i} = pipe(
  ((client) => pipe(
    attempt(() => client.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: 'a${i}' } } }))),
    TE.chainEitherK((r) => (r.Item === undefined ? E.left(new Error('not found')) : decodeWith(Account)(unmarshall(r.Item)))),
  )) as Op<Account>,
  RTE.chain((acc): Op<Account> => (client) => pipe(
    attempt(() => client.send(new UpdateItemCommand({
      TableName: 'accounts', Key: { id: { S: acc.id } }, ReturnValues: 'ALL_NEW',
      UpdateExpression: 'SET #n0 = #n0 + :v0', ConditionExpression: 'attribute_exists(#n1)',
      ExpressionAttributeNames: { '#n0': 'balance', '#n1': 'id' }, ExpressionAttributeValues: { ':v0': { N: '${i}' } },
    }))),
    TE.chainEitherK((r) => decodeWith(Account)(unmarshall(r.Attributes ?? {}))),
  )),
  RTE.map((acc) => acc.balance),
)
`,
}

const toolbox: Program = {
  id: 'toolbox',
  label: 'dynamodb-toolbox 2.10.6',
  head: `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import {
  $append, $get, $remove, $sum, DeleteItemCommand, Entity, GetItemCommand, PutItemCommand, QueryCommand, Table,
  UpdateItemCommand, item, list, map, number, string, type InputItem,
} from 'dynamodb-toolbox'

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const table = new Table({ name: 'bench', partitionKey: { name: 'pk', type: 'string' }, sortKey: { name: 'sk', type: 'string' }, documentClient })
const accounts = new Table({ name: 'accounts', partitionKey: { name: 'id', type: 'string' }, documentClient })
const User = new Entity({
  name: 'User', table, entityAttribute: false, timestamps: false,
  schema: item({
    pk: string().key(), sk: string().key(), name: string(), age: number(), tags: list(string()),
    address: map({ city: string().optional() }).optional(), counter: number().optional(), joined: string().optional(),
  }),
})
const Account = new Entity({
  name: 'Account', table: accounts, entityAttribute: false, timestamps: false,
  schema: item({ id: string().key(), owner: string(), balance: number() }),
})
type User = InputItem<typeof User>
`,
  block: (i) => `
export const put${i} = (x: User) => User.build(PutItemCommand).item(x).options({ condition: { or: [{ attr: 'age', lt: ${i} }, { attr: 'address', exists: false }] } }).send()
export const update${i} = () =>
  User.build(UpdateItemCommand)
    .item({ pk: 'p${i}', sk: 's', name: 'n${i}', age: $sum($get('age'), 1), tags: $append(['x']), address: { city: $remove() } })
    .options({ condition: { and: [{ attr: 'age', between: [1, ${i + 10}] }, { attr: 'name', beginsWith: 'J' }] }, returnValues: 'ALL_NEW' })
    .send()
export const query${i} = () =>
  table.build(QueryCommand).entities(User).query({ partition: 'p${i}', range: { beginsWith: 'order#' } })
    .options({ filters: { User: { or: [{ and: [{ attr: 'age', gt: ${i} }, { attr: 'tags', contains: 'x' }] }, { attr: 'address', exists: false }] } } })
    .send()
export const delete${i} = () =>
  Account.build(DeleteItemCommand).key({ id: 'a${i}' }).options({ condition: { attr: 'balance', lte: 0 }, returnValues: 'ALL_OLD' }).send()
export const flow${i} = async () => {
  const { Item } = await Account.build(GetItemCommand).key({ id: 'a${i}' }).send()
  if (Item === undefined) throw new Error('not found')
  const { Attributes } = await Account.build(UpdateItemCommand).item({ id: Item.id, balance: $sum($get('balance'), ${i}) }).options({ returnValues: 'ALL_NEW' }).send()
  return Attributes?.balance
}
`,
}

const electrodb: Program = {
  id: 'electrodb',
  label: 'ElectroDB 3.9.3',
  head: `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { Entity, type CreateEntityItem } from 'electrodb'

const client = new DynamoDBClient({})
const User = new Entity(
  {
    model: { entity: 'User', version: '1', service: 'bench' },
    attributes: {
      pk: { type: 'string', required: true }, sk: { type: 'string', required: true }, name: { type: 'string', required: true },
      age: { type: 'number', required: true }, tags: { type: 'list', items: { type: 'string' }, required: true },
      address: { type: 'map', properties: { city: { type: 'string' } } }, counter: { type: 'number' }, joined: { type: 'string' },
    },
    indexes: { primary: { pk: { field: 'pk', composite: ['pk'] }, sk: { field: 'sk', composite: ['sk'] } } },
  },
  { table: 'bench', client },
)
const Account = new Entity(
  {
    model: { entity: 'Account', version: '1', service: 'bench' },
    attributes: { id: { type: 'string', required: true }, owner: { type: 'string', required: true }, balance: { type: 'number', required: true } },
    indexes: { primary: { pk: { field: 'id', composite: ['id'] } } },
  },
  { table: 'accounts', client },
)
type User = CreateEntityItem<typeof User>
`,
  block: (i) => `
export const put${i} = (x: User) => User.put(x).where((a, op) => \`\${op.lt(a.age, ${i})} OR \${op.notExists(a.address)}\`).go()
export const update${i} = () =>
  User.update({ pk: 'p${i}', sk: 's' })
    .data((a, op) => { op.set(a.name, 'n${i}'); op.add(a.age, 1); op.append(a.tags, ['x']); op.remove(a.address.city) })
    .where((a, op) => \`\${op.between(a.age, 1, ${i + 10})} AND \${op.begins(a.name, 'J')}\`)
    .go({ response: 'all_new' })
export const query${i} = () =>
  User.query.primary({ pk: 'p${i}' }).begins({ sk: 'order#' })
    .where((a, op) => \`(\${op.gt(a.age, ${i})} AND \${op.contains(a.tags, 'x')}) OR \${op.notExists(a.address)}\`)
    .go()
export const delete${i} = () => Account.delete({ id: 'a${i}' }).where((a, op) => op.lte(a.balance, 0)).go({ response: 'all_old' })
export const flow${i} = async () => {
  const got = await Account.get({ id: 'a${i}' }).go()
  if (got.data === null) throw new Error('not found')
  const updated = await Account.update({ id: got.data.id }).add({ balance: ${i} }).go({ response: 'all_new' })
  return updated.data.balance
}
`,
}

const programs: ReadonlyArray<Program> = [fpTs, dynamongo, toolbox, electrodb]

const write = (p: Program, n: number): string => {
  const dir = path.join(out, `${p.id}-${n}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'main.ts'), p.head + Array.from({ length: n }, (_, i) => p.block(i)).join(''))
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules', '@types')],
        baseUrl: root,
        paths: { dynamongo: [path.join(root, 'dist', 'index.d.ts')], '*': [path.join(root, 'node_modules', '*')] },
      },
      files: ['main.ts'],
    }),
  )
  return dir
}

interface Figures {
  readonly checkMs: number
  readonly types: number
  readonly instantiations: number
  readonly errors: string
}

const check = (dir: string): Figures => {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir, '--extendedDiagnostics'], { encoding: 'utf8', cwd: dir })
  const read = (label: string): number => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(r.stdout)?.[1] ?? NaN)
  const errors = r.stdout.split('\n').filter((l) => l.includes('error TS')).slice(0, 3).join('\n')
  return { checkMs: read('Check time') * 1000, types: read('Types'), instantiations: read('Instantiations'), errors }
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
}

if (!existsSync(path.join(root, 'dist', 'index.d.ts'))) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })
  if (b.status !== 0) process.exit(b.status ?? 1)
}

const dirs = new Map<string, string>()
const few = Math.max(1, Math.round(blocks / 4))
for (const p of programs) for (const n of [few, blocks]) dirs.set(`${p.id}-${n}`, write(p, n))

const samples = new Map<string, Figures[]>()
const keys = [...dirs.keys()]
for (let r = 0; r < rounds; r++) {
  const order = keys.map((_, i) => keys[(i + r) % keys.length] as string)
  for (const k of order) {
    const f = check(dirs.get(k) as string)
    if (f.errors !== '') {
      console.error(`${k} does not compile:\n${f.errors}`)
      process.exit(1)
    }
    samples.set(k, [...(samples.get(k) ?? []), f])
  }
  process.stderr.write(`round ${r + 1}/${rounds}\n`)
}

const figure = (k: string) => {
  const fs = samples.get(k) as Figures[]
  return { ms: median(fs.map((f) => f.checkMs)), lo: Math.min(...fs.map((f) => f.checkMs)), hi: Math.max(...fs.map((f) => f.checkMs)), types: (fs[0] as Figures).types, inst: (fs[0] as Figures).instantiations }
}
const base = figure(`${fpTs.id}-${blocks}`)
const baseQ = base.ms - figure(`${fpTs.id}-${few}`).ms
console.log(`\n### Type-check speed (tsc; ${blocks} blocks of 5 queries against ${few}; check time, median of ${rounds} fresh processes)\n`)
console.log(`| program | check ms (range) | ${blocks - few} blocks alone, ms | × fp-ts | instantiations (${blocks - few} blocks alone) | types |`)
console.log('|---|---:|---:|---:|---:|---:|')
for (const p of programs) {
  const full = figure(`${p.id}-${blocks}`)
  const empty = figure(`${p.id}-${few}`)
  const q = full.ms - empty.ms
  console.log(
    `| ${p.label} | ${full.ms.toFixed(0)} (${full.lo.toFixed(0)}–${full.hi.toFixed(0)}) | ${q.toFixed(0)} | ${(q / baseQ).toFixed(2)}× | ${full.inst.toLocaleString('en')} (${(full.inst - empty.inst).toLocaleString('en')}) | ${full.types.toLocaleString('en')} |`,
  )
}

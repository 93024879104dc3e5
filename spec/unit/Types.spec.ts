/**
 * The types as published: the declarations `npm run build` writes (tsconfig.build.json),
 * emitted afresh into a package installed in a temporary project, the way an application
 * installs dynamongo. Against them (not lib/):
 *
 * - spec/types compiles: every positive case, and every `@ts-expect-error` on a line that
 *   really errors (the compiler reports an unused one);
 * - spec/types/declaration, a user's module built with `declaration: true`, names every
 *   inferred type it exports from the package root (no TS2742), and so does a module per
 *   namespace that re-exports each of its functions and values, importing that namespace only;
 * - a misuse says why: the message carries its reason, never a bare `never`.
 *
 * (`npm run typecheck` checks spec/types against lib/, through tsconfig.json's `paths`.)
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import ts from 'typescript'
import * as Lib from '../../lib/index.js'
import { createProgram } from '../harness/programs.js'
import { before } from '../harness/setup.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
// inside node_modules/.cache, so that io-ts, fp-ts and the AWS SDK resolve as installed packages
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const project = mkdtempSync(path.join(cache, 'dynamongo-types-'))
const pkgDir = path.join(project, 'node_modules', 'dynamongo')

const types = suite('types: spec/types against the built declarations')

const show = (ds: ReadonlyArray<ts.Diagnostic>): string =>
  ts.formatDiagnostics(ds, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' })

/** The repository's compiler options, for a project of its own (no `paths`: `dynamongo` is the installed package). */
const userOptions = (): ts.CompilerOptions => {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: Record<string, unknown> }
  const { paths: _paths, ...compilerOptions } = config.compilerOptions
  const parsed = ts.parseJsonConfigFileContent({ compilerOptions: { ...compilerOptions, noEmit: false, emitDeclarationOnly: true, outDir: 'out' } }, ts.sys, project)
  return parsed.options
}

const listTs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTs(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))

/** Lines that must not compile, each with what its message must say. */
const misuses: ReadonlyArray<readonly [string, RegExp, RegExp?]> = [
  ['U.increment(u.name, 1)', /increment and decrement need a number attribute/],
  ['U.decrement(u.created, 1)', /increment and decrement need a number attribute/],
  ['U.set(u.name, U.plus(u.name, 1))', /plus and minus need number operands/],
  ['U.add(u.name, 1)', /add needs a number or set attribute/],
  ['U.deleteFrom(u.tags, new Set(["x"]))', /deleteFrom needs a set attribute/],
  ['U.append(u.name, ["x"])', /append and prepend need a list attribute/],
  ['C.lt(u.flag, true)', /need a string, number, date or binary attribute/],
  ['C.between(u.tags, ["a"], ["b"])', /need a string, number, date or binary attribute/],
  ['C.contains(u.age, 1)', /contains needs a string, binary, list or set attribute/],
  ['C.beginsWith(u.age, "1")', /beginsWith needs a string, date or binary attribute/],
  ['Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.localIndex({ rangeKey: "age" }) } })', /a local index needs a model with a range key/],
  ['Dynamo.updateOne(User, "a@b.c", [U.set(s.stray, "x")])', /\[ModelId\]' are incompatible/],
  ['Dynamo.getOne(User, { name: "x" })', /Property 'email' is missing/],
  [
    '{ const Order = Model.make({ table: "shop", entity: "order", codec, hashKey: Model.key("pk", "U#{email}"), rangeKey: Model.key("sk", "{name}#{age}") }); void Dynamo.getOne(Order, { email: "a@b.c" }) }',
    /missing the following properties[^\n]*: age, name|missing the following properties[^\n]*: name, age/,
  ],
  [
    '{ const Versioned = Model.make({ table: "versioned", hashKey: "email", codec, version: "age" }); void Dynamo.saveOne(Versioned, { email: "a@b.c" } as Model.InputOf<typeof Versioned>, { overwrite: true }) }',
    /a versioned model takes no overwrite/,
  ],
  ['Dynamo.page(User, C.exists(u.name), { limit: 10 })', /page takes no limit: pageSize bounds a page/],
  ['Dynamo.count(User, C.exists(u.name), { index: "byName" })', /this model declares no index to read through/],
  ['Model.make({ table: "users", hashKey: "email", codec: t.type({ email: t.string, n: t.string }), version: "n" })', /a version names an integer field, and this codec has none/],
  ['Model.make({ table: "users", hashKey: "email", codec, ttl: "created" })', /a ttl names a Field.epochSeconds field, and this codec has none/],
  ['Model.make({ table: "sessions", hashKey: "id", codec: t.type({ id: t.string, at: Field.epochSeconds, note: t.string }), ttl: "note" })', /a ttl names a Field.epochSeconds field of the codec/],
  ['Model.make({ table: "sessions", hashKey: "id", codec: t.type({ id: t.string, at: Field.epochSeconds }), ttl: "nope" })', /a ttl names a Field.epochSeconds field of the codec/],
  ['Model.make({ table: "users", hashKey: "email", codec, version: "name" })', /a version names an integer field of the codec/],
  [
    '{ const Names = Model.make({ table: "users", hashKey: "name", codec, defaults: { tags: () => [] } }); void Dynamo.collection({ users: User, names: Names }, { email: "a@b.c", name: "n" }) }',
    /the models of a collection share one table key: their hash key attributes differ/,
  ],
  ['Dynamo.collection({}, {})', /a collection lists at least one model/],
  ['Dynamo.updateOne(User, "a@b.c", [U.set(u.email, "x")])', /an update writes no key field \(DynamoDB cannot change an item key\)/],
  ['Dynamo.updateOne(User, "a@b.c", [U.remove(u.address.city)])', /remove takes what an item may be without: the codec requires this attribute/],
  ['U.remove(u.name)', /remove takes what an item may be without/],
  [
    '{ const Keyed = Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age", projection: "keys" }) } }); void Dynamo.getMany<typeof Keyed>(Keyed, C.eq(Keyed.attrs.age, 3), { index: "byAge" }) }',
    /the index byAge projects some fields only: options written apart from a read, or a read whose type arguments name no index, give every field/,
  ],
  [
    '{ const Draft = Model.make({ table: "docs", entity: "draft", codec, hashKey: Model.key("pk", "D#{email}") }); const Published = Model.make({ table: "docs", entity: "published", codec, hashKey: Model.key("pk", "D#{email}") }); void Dynamo.updateOne(Draft, "a@b.c", [U.set(Published.attrs.name, "x")]) }',
    /Types of property 'entity' are incompatible/,
  ],
  [
    '{ const Versioned = Model.make({ table: "versioned", hashKey: "email", codec, version: "age" }); void Dynamo.updateOne(Versioned, "a@b.c", [U.increment(Versioned.attrs.age, 1)]) }',
    /nor the version \(dynamongo writes it\)/,
  ],
  [
    '{ const Keyed = Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age", projection: "keys" }) } }); void Dynamo.getMany(Keyed, C.eq(Keyed.attrs.age, 3), { index: "byAge", select: ["flag"] }) }',
    /the index byAge does not project/,
  ],
  [
    '{ const Keyed = Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age", projection: ["nick"] }) } }); void Dynamo.page(Keyed, C.eq(Keyed.attrs.age, 3), { index: "byAge", select: ["flag"] }) }',
    /the index byAge does not project/,
  ],
  [
    '{ const Expiring = Model.make({ table: "sessions", hashKey: "id", codec: t.type({ id: t.string, user: t.string, at: Field.epochSeconds }), ttl: "at", indexes: { byUser: Model.globalIndex({ hashKey: "user", projection: "keys" }) } }); void Dynamo.getMany(Expiring, C.eq(Expiring.attrs.user, "u"), { index: "byUser" }) }',
    /the index byUser does not project the ttl attribute at: expired items cannot be left out \(includeExpired: true reads them all\)/,
  ],
  [
    '{ const Others = Model.make({ table: "others", hashKey: "email", codec }); void Dynamo.collection({ users: User, others: Others }, { email: "a@b.c" }) }',
    /the models of a collection share one table: their tables differ/,
  ],
  ['Model.globalIndex({ hashKey: ["name", "age", "nick", "born", "email"] })', /a multi-attribute key lists 1 to 4 fields a side/],
  ['Model.globalIndex({ hashKey: ["name"], rangeKey: ["age", "nick", "born", "email", "created"] })', /a multi-attribute key lists 1 to 4 fields a side/],
  ['Model.globalIndex({ hashKey: ["name"], rangeKey: [] })', /leave rangeKey out/],
  ['{ const having = <M extends Model.Any>(m: M) => Dynamo.getMany(m, C.exists(m.attrs["x"]!)); void having }', /go with no model: build with Model\.attrsOf\(m\)/],
  [
    '{ const rename = <M extends Model.Model<Model.TypeOf<typeof User>, any, any, any>>(m: M, k: Model.Strategy<M>) => Dynamo.updateOne(m, k, [U.set(m.attrs.name, "x")]); void rename }',
    /go with no model: build with Model\.attrsOf\(m\)/,
  ],
  ['void u.emial', /Property 'emial' does not exist/],
  ['C.size(u.age)', /size applies to strings, binaries, sets, lists and maps, not to numbers, booleans or nulls/],
  ['C.size(u.flag)', /size applies to strings, binaries, sets, lists and maps, not to numbers, booleans or nulls/],
  [
    'Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "agee" }) } })',
    /an index key names a string, number or binary field of the codec/,
  ],
  [
    'Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age", rangeKey: "flag" }) } })',
    /an index key names a string, number or binary field of the codec/,
  ],
  [
    'Model.make({ table: "users", hashKey: "email", rangeKey: "name", codec, indexes: { byAge: Model.localIndex({ rangeKey: "agee" }) } })',
    /an index key names a string, number or binary field of the codec/,
  ],
  [
    'Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: Model.key("g", "A#{agee}") }) } })',
    /an index key names a string, number or binary field of the codec/,
  ],
  ['Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age", projection: ["nikc"] }) } })', /an index projects fields of the codec/],
  [
    '{ const Pairs = Model.make({ table: "contacts", hashKey: "email", rangeKey: "name", codec }); void Dynamo.getOne(Pairs, "x") }',
    /a model with a range key takes its key as a \[hash, range\] pair, an object of its key fields or a key condition/,
  ],
  [
    '{ const Pairs = Model.make({ table: "contacts", hashKey: "email", rangeKey: "name", codec }); void Dynamo.deleteOne(Pairs, 1) }',
    /a model with a range key takes its key as a \[hash, range\] pair/,
  ],
  [
    '{ const Pairs = Model.make({ table: "contacts", hashKey: "email", rangeKey: "name", codec }); void Dynamo.getOne(Pairs, { email: "a@b.c" }) }',
    /a model with a range key takes its key as a \[hash, range\] pair/,
  ],
  [
    '{ const Order = Model.make({ table: "shop", entity: "order", codec, hashKey: Model.key("pk", "U#{email}"), rangeKey: Model.key("sk", "{name}#{age}") }); void Dynamo.getOne(Order, "x") }',
    /a model whose key templates compose several fields \(or whose key fields its type does not tell\) takes its key as an object of its key fields/,
  ],
  [
    '{ const Keyed = Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age" }) } }); void Dynamo.getMany(Keyed, C.eq(Keyed.attrs.age, 3), { index: "byAge", consistentRead: true }) }',
    /the global index byAge cannot be read with consistentRead \(DynamoDB refuses it/,
  ],
  [
    '{ const Ranked = Model.make({ table: "shop", entity: "user", codec, hashKey: Model.key("pk", "U#{email}"), indexes: { byAge: Model.globalIndex({ hashKey: Model.key("g", "A#{age}") }) } }); void Dynamo.updateOne(Ranked, "a@b.c", [U.increment(Ranked.attrs.age, 1)]) }',
    /this field makes a composed index key: an update sets it to a value or removes it/,
  ],
  [
    '{ const Ranked = Model.make({ table: "shop", entity: "user", codec, hashKey: Model.key("pk", "U#{email}"), indexes: { byAge: Model.globalIndex({ hashKey: Model.key("g", "A#{age}") }) } }); void U.set(Ranked.attrs.age, U.plus(Ranked.attrs.age, 1)) }',
    /this field makes a composed index key: an update sets it to a value or removes it/,
  ],
  ['Model.make({ table: "users", hashKey: "flag", codec })', /a table key names a required string, number or binary field of the codec/],
  ['Dynamo.planTable([User, Model.make({ table: "others", hashKey: "email", codec })])', /the models of a table operation share one table: their tables differ/],
  ['{ const m: Model.Any = User; void Dynamo.getOne(m, C.eq(s.email, "a@b.c")) }', /\[ModelId\]' are incompatible/],
  ['Dynamo.transactWrite([{ _tag: "Update", model: User, strategy: "a@b.c", updates: [U.set(s.stray, "x")] }])', /\[ModelId\]' are incompatible/],
  ['Dynamo.transactWrite([])', /a transaction holds 1 to 100 entries: DynamoDB refuses an empty one/],
  ['Dynamo.transactGet([])', /a transaction holds 1 to 100 entries: DynamoDB refuses an empty one/],
  ['Dynamo.transactWrite([{ _tag: "Put", model: User, item: { email: "a@b.c" } }])', /missing the following properties[^\n]*: name, age/],
  ['Model.make({ table: "users", hashKey: "email", rangeKey: "nick", codec })', /a table key names a required string, number or binary field of the codec/],
  ['Dynamo.getMany(User, C.exists(u.name), { segments: 4, segment: { index: 0, total: 4 } })', /segments and segment cannot both be given/],
  ['Dynamo.getMany(User, C.exists(u.name), { segments: 4, descending: true })', /descending orders a Query; segments split a Scan, which has no order/],
  ['Dynamo.getMany(User, ["a@b.c", "b@c.d"], { descending: true })', /descending orders a Query; a key list is read by BatchGetItem, whose items come in its keys' order/],
  ['Dynamo.page(User, ["a@b.c"], { segments: 2 })', /segments split a Scan: a read of keys takes a condition/],
  [
    '{ const Keyed = Model.make({ table: "users", hashKey: "email", codec, indexes: { byAge: Model.globalIndex({ hashKey: "age" }) } }); void Dynamo.getMany(Keyed, ["a@b.c"], { index: "byAge" }) }',
    /keys are read from the table: a read through an index takes a condition/,
  ],
  [
    '{ const Pairs = Model.make({ table: "contacts", hashKey: "email", rangeKey: "name", codec }); void Dynamo.getMany(Pairs, { email: "a@b.c" }) }',
    /many items are selected by a list of whole keys \(\[\{ \.\.\.every key field \}\] or \[\[hash, range\]\]\) or a condition: the items of one hash key are a Query of C\.eq on each hash key field/,
  ],
  [
    '{ const Pairs = Model.make({ table: "contacts", hashKey: "email", rangeKey: "name", codec }); void Dynamo.getMany(Pairs, [{ email: "a@b.c" }]) }',
    /a model with a range key takes its key as a \[hash, range\] pair/,
    /many items are selected by a list of whole keys/,
  ],
  // a key list's elements keep the messages of the model's key strategies, not the misuse of one object of key fields
  ['Dynamo.getMany(Order, [{ customerId: "c" }])', /a model whose key templates compose several fields/, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(Contacts, [{ email: "a", name: 1 }])', /Type 'number' is not assignable to type 'string'/, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(User, [{ email: 1 }])', /Type 'number' is not assignable to type 'string'/, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(Order, [{ customerId: "c", orderId: "o", createdAt: "x" }])', /Type 'string' is not assignable to type 'Date'/, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(Contacts, [["a", 1]])', /'\[string, number\]' is not assignable to type '[^']*readonly \[string, string\]/, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(User, ["a", C.eq(Contacts.attrs.email, "x")])', /"contacts"[\s\S]*"users"|"users"[\s\S]*"contacts"/, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(User, [1])', /Type 'number' is not assignable to type 'string \| Condition</, /many items are selected by a list of whole keys/],
  ['Dynamo.getMany(User, [{ _tag: "Eq", path: "email", value: "x" }])', /'\{ _tag: "Eq"; path: string; value: string; \}' is not assignable/, /many items are selected by a list of whole keys/],
  [
    '{ const Order = Model.make({ table: "shop", entity: "order", codec, hashKey: Model.key("pk", "U#{email}"), rangeKey: Model.key("sk", "{name}#{age}") }); void Dynamo.getMany(Order, { email: "a@b.c" }) }',
    /many items are selected by a list of whole keys/,
  ],
  // deleteMany selects as a read does: one object of key fields says what to give
  ['Dynamo.deleteMany(User, { email: "a@b.c" })', /many items are selected by a list of whole keys \(\[\{ \.\.\.every key field \}\] or \[\[hash, range\]\]\) or a condition/],
  ['((k: { email: string }) => Dynamo.deleteMany(User, k))', /many items are selected by a list of whole keys/],
  [
    '{ const Pairs = Model.make({ table: "contacts", hashKey: "email", rangeKey: "name", codec }); void Dynamo.deleteMany(Pairs, { email: "a@b.c" }) }',
    /many items are selected by a list of whole keys/,
  ],
  ['Dynamo.getMany(User, ["a@b.c"], { segment: { index: 0, total: 2 } })', /segment reads a segment of a Scan: a read of keys takes a condition/],
  ['Dynamo.getMany(User, ["a@b.c", "b@c.d"], Math.random() > 0.5 ? { descending: true } : { descending: false })', /descending orders a Query; a key list is read by BatchGetItem/],
  // issue 14 point 2d's list: between on a boolean, listAppend of a non-list, select and index of no name
  ['C.between(u.flag, true, false)', /lt, lte, gt, gte and between need a string, number, date or binary attribute/],
  ['U.set(u.tags, U.listAppend(u.name, ["x"]))', /Type 'string' is not assignable to type 'readonly unknown\[\]'/],
  ['Dynamo.getMany(User, C.exists(u.name), { select: ["nope"] })', /Type '"nope"' is not assignable to type 'FieldName</],
  ['Dynamo.getMany(Order, C.exists(Order.attrs.status), { index: "nope" })', /Type '"nope"' is not assignable to type '[^']*"byStatus"/],
  // a model of few fields and no defaults is printed whole in a message: nothing of its type reads as never
  ['{ const Plain = Model.make({ table: "plain", hashKey: "id", codec: t.type({ id: t.number }) }); void Dynamo.getOne(Plain, "1") }', /Argument of type 'string' is not assignable to parameter of type 'number/],
  [
    '{ const P1 = Model.make({ table: "p1", hashKey: "id", codec: t.type({ id: t.string, a: t.string }) }); const P2 = Model.make({ table: "p2", hashKey: "id", codec: t.type({ id: t.string, a: t.string }) }); void Dynamo.updateOne(P1, "x", [U.set(P2.attrs.a, "y")]) }',
    /\[ModelId\]' are incompatible/,
  ],
]

/**
 * What README.md quotes of the compiler's messages: each quote is in README.md (its line breaks,
 * and a code comment's `//` after one, read as one space) and in the message of the line of code that README.md says gives it.
 */
const readmeQuotes: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  // a helper's m.attrs, of a model known only by its type
  ['{ const named = <M extends Model.Model<Model.TypeOf<typeof User>, any, any, any>>(m: M) => Dynamo.getMany(m, C.eq(m.attrs.name, "x")); void named }', ['Condition<UnknownModel>', 'go with no model: build with Model.attrsOf(m)']],
  // a literal key inside a helper generic in its model
  ['{ const byEmail = <M extends Model.Model<Model.TypeOf<typeof User>, any, any, any>>(m: M) => Dynamo.getOne(m, { email: "x" }); void byEmail }', ['Condition<M>']],
  // a select through an index that does not project the field
  [
    '{ const Named = Model.make({ table: "users", hashKey: "email", codec: t.type({ email: t.string, name: t.string, age: t.number }), indexes: { byName: Model.globalIndex({ hashKey: "name", projection: "keys" }) } }); void Dynamo.getMany(Named, C.eq(Named.attrs.name, "x"), { index: "byName", select: ["age"] }) }',
    ['the index byName does not project age'],
  ],
]

let program: ts.Program
let specFiles: string[] = []
let misuseFile = ''
let declarationFile = ''
let namespaceFiles: string[] = []

before(types, () => {
  // the package: its package.json and the declarations of `npm run build`
  mkdirSync(pkgDir, { recursive: true })
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ type: 'module' }))
  cpSync(path.join(root, 'package.json'), path.join(pkgDir, 'package.json'))
  const build = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), { outDir: path.join(pkgDir, 'dist') }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(show([d]))
    },
  })
  if (build === undefined) throw new Error('tsconfig.build.json: unreadable')
  // noCheck: the declarations without a full check of lib/ first (`npm run typecheck` checks it),
  // the same files `tsc` writes, declaration errors (an inaccessible or unnamable type) included
  const emitted = createProgram(build.fileNames, { ...build.options, noCheck: true }).emit()
  if (emitted.diagnostics.length > 0) throw new Error(`the build's declarations: ${show(emitted.diagnostics)}`)

  // the project: spec/types as they are, and the misuses
  cpSync(path.join(root, 'spec', 'types'), path.join(project, 'types'), { recursive: true })
  specFiles = listTs(path.join(project, 'types'))
  misuseFile = path.join(project, 'misuse.ts')
  writeFileSync(
    misuseFile,
    [
      "import * as t from 'io-ts'",
      "import { Condition as C, Dynamo, Field, Model, Update as U } from 'dynamongo'",
      "import { Contacts, Order, User, codec, s, u } from './types/models.js'",
      'void [t, C, Dynamo, Field, Model, U, Contacts, Order, User, codec, s, u]',
      ...misuses.map(([code]) => code),
      ...readmeQuotes.map(([code]) => code),
    ].join('\n'),
  )
  declarationFile = path.join(project, 'types', 'declaration', 'index.ts')
  mkdirSync(path.join(project, 'namespaces'))
  namespaceFiles = Object.keys(Lib).map((ns) => {
    const file = path.join(project, 'namespaces', `${ns}.ts`)
    const names = Object.keys(Lib[ns as keyof typeof Lib])
    writeFileSync(file, [`import { ${ns} } from 'dynamongo'`, ...names.map((n) => `const ${n}_ = ${ns}.${n}\nexport { ${n}_ as ${n} }`)].join('\n'))
    return file
  })
  program = createProgram([...specFiles, misuseFile, ...namespaceFiles], userOptions())
})

types.after(() => rmSync(project, { recursive: true, force: true }))

types('spec/types compiles against the built declarations (every @ts-expect-error on a line that errors)', () => {
  const ds = specFiles.flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))
  assert.is(show(ds), '')
  const expected = specFiles.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/@ts-expect-error/g) ?? []).length, 0)
  assert.ok(expected >= 90, `${expected} @ts-expect-error cases`)
  // the package resolved is the built one, not lib/
  const resolved = program.getSourceFiles().map((s) => s.fileName)
  assert.ok(resolved.includes(path.join(pkgDir, 'dist', 'index.d.ts')))
  assert.not.ok(resolved.some((f) => f.startsWith(path.join(root, 'lib'))))
})

types('a module built with declaration: true names every type it exports from the package root', () => {
  const out: Record<string, string> = {}
  const r = program.emit(program.getSourceFile(declarationFile), (name, text) => (out[name] = text), undefined, true)
  assert.is(show(r.diagnostics), '')
  const dts = Object.entries(out).find(([name]) => name.endsWith('index.d.ts'))?.[1] ?? ''
  assert.match(dts, /export declare const nameOf: \(email: string\) => /)
  // every module it refers to is a package (no path into dynamongo's dist/)
  const specifiers = [...dts.matchAll(/(?:from |import\()["']([^"']+)["']/g)].map((m) => m[1])
  assert.ok(specifiers.includes('dynamongo'))
  for (const sp of specifiers) assert.ok(sp !== undefined && !sp.startsWith('.') && !sp.includes('/dist/'), `refers to ${sp}`)
  // the declarations of every other spec/types module too
  for (const f of specFiles) {
    const d = program.emit(program.getSourceFile(f), () => undefined, undefined, true).diagnostics
    assert.is(show(d), '', f)
  }
})

types('every function and value of every namespace can be exported from a module built with declaration: true', () => {
  assert.ok(namespaceFiles.length >= 14)
  for (const f of namespaceFiles) {
    const sf = program.getSourceFile(f)
    const d = [...ts.getPreEmitDiagnostics(program, sf), ...program.emit(sf, () => undefined, undefined, true).diagnostics]
    assert.is(show(d), '', f)
  }
})

types('the declarations check with skipLibCheck off, under exactOptionalPropertyTypes and the other strict options', () => {
  // an application that checks its libraries with its own strict options reads every declaration of both entries
  const entry = path.join(project, 'strict.ts')
  writeFileSync(entry, "import * as D from 'dynamongo'\nimport * as L from 'dynamongo/local'\nexport { D, L }\n")
  const options: ts.CompilerOptions = { ...userOptions(), skipLibCheck: false, exactOptionalPropertyTypes: true, noPropertyAccessFromIndexSignature: true, noImplicitReturns: true }
  const strict = createProgram([entry], options)
  const files = strict.getSourceFiles().filter((f) => f.fileName === entry || f.fileName.startsWith(pkgDir + path.sep))
  assert.ok(files.some((f) => f.fileName.endsWith(path.join('dist', 'run', 'read.d.ts'))), 'the declarations are read')
  assert.is(show(files.flatMap((f) => [...strict.getSyntacticDiagnostics(f), ...strict.getSemanticDiagnostics(f)])), '')
})

types('the declarations give AsyncIterable and Iterable one type argument (TypeScript before 5.6 reads no other)', () => {
  // TypeScript 5.6 gave them (and IterableIterator) three; the README promises TypeScript 5.4 and later
  const single = ['AsyncIterable', 'Iterable', 'AsyncIterableIterator', 'IterableIterator']
  const files = listTs(path.join(pkgDir, 'dist')).filter((f) => f.endsWith('.d.ts'))
  assert.ok(files.some((f) => f.endsWith(path.join('run', 'read.d.ts'))))
  const found: string[] = []
  for (const f of files) {
    const text = readFileSync(f, 'utf8')
    for (const m of text.matchAll(new RegExp(`\\b(${single.join('|')})<`, 'g'))) {
      // the commas at the first depth of its arguments (an arrow's => closes nothing)
      let depth = 1
      let commas = 0
      for (let i = (m.index ?? 0) + m[0].length; i < text.length && depth > 0; i++) {
        const ch = text[i]
        if (ch === '<' || ch === '(' || ch === '[' || ch === '{') depth++
        else if ((ch === '>' && text[i - 1] !== '=') || ch === ')' || ch === ']' || ch === '}') depth--
        else if (ch === ',' && depth === 1) commas++
      }
      if (commas > 0) found.push(`${path.relative(pkgDir, f)}: ${m[1]}<…> with ${commas + 1} arguments`)
    }
  }
  assert.equal(found, [])
})

types('an option given as undefined compiles under exactOptionalPropertyTypes, as the run takes it as absent', () => {
  // an application forwards optional inputs (a request's cursor and limit, an environment's
  // endpoint) as they are: `undefined` is no option (README: "one given as undefined is absent")
  const entry = path.join(project, 'undefinedOptions.ts')
  writeFileSync(
    entry,
    [
      "import { Condition as C, Dynamo, Env, Table, Transaction as T } from 'dynamongo'",
      "import * as O from 'fp-ts/lib/Option.js'",
      "import { User, u, user } from './types/models.js'",
      'declare const s: string | undefined, n: number | undefined, b: boolean | undefined, signal: AbortSignal | undefined, d: Date | undefined',
      'export const env = Env.make({ region: s, endpoint: s, tablePrefix: s, maxAttempts: n, timeoutMs: n, waitTimeoutMs: n, concurrency: n, consumedCapacity: b })',
      'const where = C.exists(u.name)',
      'export const ops = [',
      '  Dynamo.page(User, where, { cursor: s, pageSize: n, maxRequests: n, consistentRead: b, descending: b, segments: n, readUnitsPerSecond: n, signal }),',
      '  Dynamo.pages(User, where, { cursor: s, limit: n, pageSize: n }),',
      '  Dynamo.getMany(User, where, { limit: n, pageSize: n, consistentRead: b, signal }),',
      '  Dynamo.reduce(User, where, 0, (k) => k + 1, { limit: n, segments: n }),',
      '  Dynamo.count(User, where, { consistentRead: b, signal }),',
      "  Dynamo.getOne(User, 'a@b.c', { consistentRead: b, includeExpired: b, signal }),",
      "  Dynamo.collection({ users: User }, { email: 'a@b.c' }, { includeExpired: b, pageSize: n, signal }),",
      '  Dynamo.saveOne(User, user, { signal }),',
      "  Dynamo.deleteOne(User, 'a@b.c', { signal }),",
      "  Dynamo.transactWrite([T.put(User, user)], { token: s, now: d, signal }),",
      "  Dynamo.transactGet([T.get(User, 'a@b.c')], { signal }),",
      '  Dynamo.page(User, where, { segment: seg }),',
      "  Dynamo.load(User, [], { onFail, onProgress: undefined, signal }),",
      '  Dynamo.describeTable(User, { signal }),',
      '  Dynamo.planTable(User, { deleteIndexes: b, rebuildIndexes: b, signal }),',
      '  Dynamo.syncTable(User, { deleteIndexes: b, rebuildIndexes: b, signal }),',
      ']',
      'declare const seg: { readonly index: number; readonly total: number } | undefined',
      'declare const onFail: ((f: Dynamo.LoadFailure) => void) | undefined, onProgress: ((p: Env.Progress) => void) | undefined',
      'export const plan = Table.diff(User, O.none, { deleteIndexes: b, rebuildIndexes: b })',
      'export const keys = Env.make({ credentials: { accessKeyId: "k", secretAccessKey: "s", sessionToken: s }, retry: { baseDelayMs: n, maxDelayMs: n } })',
      'export const batched = Env.withBatch({ concurrency: n, onProgress, maxAttempts: n, retry: { baseDelayMs: n, maxDelayMs: n } })(env)',
      'export const backoff: Env.Backoff = { baseDelayMs: n, maxDelayMs: n }',
    ].join('\n'),
  )
  const strict = createProgram([entry], { ...userOptions(), exactOptionalPropertyTypes: true })
  assert.is(show(ts.getPreEmitDiagnostics(strict, strict.getSourceFile(entry))), '')
})

types('a misuse says why, never with a bare never', () => {
  const sf = program.getSourceFile(misuseFile)
  const ds = ts.getPreEmitDiagnostics(program, sf)
  const first = 4
  misuses.forEach(([code, why, not], i) => {
    const line = first + i
    const here = ds.filter((d) => d.start !== undefined && sf !== undefined && sf.getLineAndCharacterOfPosition(d.start).line === line)
    assert.ok(here.length > 0, `${code}: compiles`)
    const text = here.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')
    assert.match(text, why, code)
    if (not !== undefined) assert.not.match(text, not, code)
    assert.not.match(text, /\bnever\b/, `${code}: ${text}`)
  })
})

types("what README.md quotes of the compiler's messages is what the compiler says", () => {
  // a quote may run over lines of a code block's comment
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8').replace(/\n\s*(\/\/)?\s*/g, ' ').replace(/\s+/g, ' ')
  const sf = program.getSourceFile(misuseFile)
  const ds = ts.getPreEmitDiagnostics(program, sf)
  const first = 4 + misuses.length
  readmeQuotes.forEach(([code, quotes], i) => {
    const here = ds.filter((d) => d.start !== undefined && sf !== undefined && sf.getLineAndCharacterOfPosition(d.start).line === first + i)
    const text = here.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')
    for (const q of quotes) {
      assert.ok(readme.includes(q), `README.md quotes ${q}`)
      assert.ok(text.includes(q), `${code}: ${text}`)
    }
  })
})

types.run()

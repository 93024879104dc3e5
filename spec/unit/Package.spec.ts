/**
 * The package as published: `npm run build`'s bundle (scripts/build.mjs), built afresh
 * into a temporary directory and imported. It must export the contract's namespaces,
 * import nothing but the AWS SDK, give what `lib/` gives, and mix with the application's
 * own io-ts and fp-ts (the bundle carries the parts of them it uses).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import * as Lib from '../../lib/index.js'
import { bundle } from '../../scripts/build.mjs'

// inside node_modules/.cache, so that the bundle resolves @aws-sdk/* as an installed package does
const cache = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-package-'))
const outfile = path.join(dir, 'index.js')
let Pkg: typeof Lib
let code = ''

const pkg = suite('package: dist/index.js as published')

pkg.before(async () => {
  await bundle({ outfile })
  code = readFileSync(outfile, 'utf8')
  Pkg = (await import(pathToFileURL(outfile).href)) as typeof Lib
})

pkg.after(() => rmSync(dir, { recursive: true, force: true }))

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
  const specifiers = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"]*?\bfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1])
  assert.ok(specifiers.length > 0, 'found the import statements')
  for (const s of specifiers) assert.ok(s?.startsWith('@aws-sdk/') || s === 'node:crypto', `imports ${s}`)
  assert.not.match(code, /\brequire\(/)
})

const User = t.intersection([t.type({ email: t.string, name: t.string, age: t.number }), t.partial({ tags: t.array(t.string) })])

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
  assert.is(Pkg.Evaluate.condition(c)(item), true)
  assert.is(Pkg.Evaluate.condition(c)({ ...item, age: { N: '21' } }), false)
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

pkg.run()

/**
 * The examples of README.md compile. Its ```ts blocks are one walk-through (a later block uses
 * the model and the `env` of an earlier one), so they are written in order into one module,
 * type-checked against lib/ (spec/harness/examples.ts, in one program with the doc comments'
 * examples when Docs.spec.ts runs in the same process): zero diagnostics, each reported at
 * its line of README.md. Its option tables (read, Env, data options) name every option of the
 * code's types and no other, checked in the same module. The `@example`s of lib/'s doc comments
 * are Docs.spec.ts's.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { declare, root, tsBlocks } from '../harness/examples.js'

const readme = suite('README.md')

readme('finds the ts blocks of a markdown text, with their lines', () => {
  assert.equal(tsBlocks('# x\n```ts\nconst a = 1\n```\ntext\n```sh\nls\n```\n```ts\nb\nc\n```\n'), [
    { line: 3, code: 'const a = 1' },
    { line: 10, code: 'b\nc' },
  ])
})

/**
 * What README.md says does not compile, written against its walk-through's models and handles
 * (each line after the walk-through, under a `@ts-expect-error`: a line that compiles is an
 * unused directive, a diagnostic).
 */
const refused: ReadonlyArray<readonly [string, string]> = [
  ['a comparison of a string with a number', 'C.lt(u.name, 5)'],
  ['append to a string', "U.append(u.name, ['x'])"],
  ['add to a string', 'U.add(u.name, 1)'],
  ['a handle of no field', 'u.nope'],
  ['an update of the key', "U.set(u.email, 'x')"],
  ['a remove of a required field', 'U.remove(u.name)'],
  ["a repository's update with another model's handle", "users.update('john@x.io', [U.set(ShopOrder.attrs.status, 'x')])"],
  ["a generic helper's operation with another model's handle", 'void (<M extends Model.Model<User, any, any, any>>(m: M) => Dynamo.getMany(m, C.eq(u.name, "x")))'],
  ['m.attrs of a model known only by its type', 'void (<M extends Model.Model<User, any, any, any>>(m: M) => Dynamo.getMany(m, C.eq(m.attrs.name, "x")))'],
  ['select of no field', "Dynamo.getMany(User, C.contains(u.cities_visited, 'Nairobi'), { select: ['nope'] })"],
  ["a versioned model's save with overwrite", 'Dynamo.saveOne(Doc, draft, { overwrite: true })'],
  ["an update's own action on the version", "Dynamo.updateOne(Doc, 'd-1', [U.increment(Doc.attrs.version, 1)])"],
  ['a ttl on a dateTime', "Model.make({ table: 'sessions', hashKey: 'token', codec: t.type({ token: t.string, expiresAt: Field.dateTime }), ttl: 'expiresAt' })"],
  ['a ttl on a number', "Model.make({ table: 'sessions', hashKey: 'token', codec: t.type({ token: t.string, expiresAt: t.number }), ttl: 'expiresAt' })"],
  ['a ttl of another name', "Model.make({ table: 'sessions', hashKey: 'token', codec: t.type({ token: t.string, email: Field.email, expiresAt: Field.epochSeconds }), ttl: 'email' })"],
  ['a key template of no field', "Model.make({ table: 'shop', entity: 'order', codec: t.type({ customerId: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customer}') })"],
  ["an update of a field of the table's key", "Dynamo.updateOne(ShopOrder, { customerId: 'c1', createdAt: new Date(), orderId: 'o1' }, [U.set(ox.orderId, 'x')])"],
  [
    'a multi-attribute index key of no field',
    "Model.make({ table: 'shop', entity: 'shipment', codec: t.type({ customerId: t.string, status: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), indexes: { byStatus: Model.globalIndex({ hashKey: ['status', 'carier'] }) } })",
  ],
]

/**
 * The option tables of README.md (a table whose first column is headed `read option`, `Env
 * option` or `data option`: the names, in backquotes, of its rows), each with the type whose
 * options it lists, written as that type's record of every option: a name the code does not
 * have, and an option the table leaves out, are both diagnostics.
 */
const optionTables: ReadonlyArray<readonly [string, string]> = [
  ['read option', 'keyof Dynamo.PageOptions<typeof User>'],
  ['Env option', 'keyof Env.MakeOptions'],
  ['data option', 'keyof Dynamo.DumpOptions | keyof Dynamo.LoadOptions | keyof Dynamo.ClearOptions'],
]

/** The names of the rows of the table headed `heading` (its first column's), in order. */
const tableNames = (markdown: string, heading: string): ReadonlyArray<string> => {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${heading}\\s*\\|`).test(l))
  if (start < 0) return []
  const names: Array<string> = []
  for (let i = start + 2; i < lines.length && lines[i]?.startsWith('|') === true; i++) {
    const name = /^\|\s*`(\w+)`\s*\|/.exec(lines[i] ?? '')?.[1]
    if (name !== undefined) names.push(name)
  }
  return names
}

const markdown = readFileSync(path.join(root, 'README.md'), 'utf8')
const blocks = tsBlocks(markdown)
// which README line each line of the module came from
const origin: string[] = []
/** README.md's walk-through as one module, then what it says does not compile, checked with the other modules the specs of the process declare (the doc comments' examples), in one program. */
const walkThrough = declare([
  {
    code: [
      ...blocks.map((b) => {
        b.code.split('\n').forEach((_, i) => origin.push(`README.md:${b.line + i}`))
        origin.push(`README.md:${b.line - 1}`) // the separator
        return b.code
      }),
      // the names the refusals use, in scope: a refusal must not hold for a name renamed away
      (origin.push("README.md's refusals: the names they use", "README.md's refusals: the names they use"), 'void [C, U, Dynamo, Model, Field, t, User, u, Doc, draft, ShopOrder, ox, users]'),
      (() => {
        const lines = optionTables.map(([heading, type]) => {
          origin.push(`README.md's table of ${heading}s (a name of no option, or an option it leaves out)`)
          return `void ({ ${tableNames(markdown, heading).map((n) => `${n}: true`).join(', ')} } satisfies Record<${type}, true>)`
        })
        origin.push("README.md's option tables") // the separator
        return lines.join('\n')
      })(),
      refused
        .map(([what, code]) => {
          origin.push(`README.md's refusals: ${what}`, `README.md's refusals: ${what}`)
          return `// @ts-expect-error ${what}\n${code}`
        })
        .join('\n'),
    ].join('\n\n'),
    at: (line) => origin[line] ?? '?',
  },
])

readme("README.md's option tables are found, each with its rows", () => {
  assert.equal(tableNames('x\n| read option | what |\n| --- | --- |\n| `a` | one |\n| `b` | two |\n\n| `c` | not of it |\n', 'read option'), ['a', 'b'])
  for (const [heading] of optionTables) assert.ok(tableNames(markdown, heading).length >= 4, `README.md has a table headed '${heading}'`)
})

readme('every ts example compiles against lib/ (one module, in order), with no diagnostics, and what it says does not compile does not', async () => {
  assert.ok(blocks.length >= 5, `found ${blocks.length} blocks`)
  assert.equal(await walkThrough.check(), [])
})

readme.run()

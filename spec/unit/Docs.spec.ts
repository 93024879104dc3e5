/**
 * The API reference (`npm run docs`, TypeDoc over the package's two entries, lib/index.ts and
 * lib/local/DynamoLocal.ts: `dynamongo` and `dynamongo/local`) as a user of fp-ts expects it.
 *
 * - Every export the root reaches (each member of each namespace, each type of the root), and
 *   each export of `dynamongo/local`, that lib/ declares has a doc comment with a `@category` of typedoc.json's `categoryOrder`:
 *   lower-case for members (model, constructors, combinators, …), capitalised for the
 *   namespaces' modules (Building queries, Running, …). TypeDoc cannot require a category
 *   itself, so this walks the exports with the TypeScript compiler and names each one without.
 *   TypeDoc's `defaultCategory`, `re-exports`, is left to what lib/ does not declare or
 *   documents elsewhere: names of other packages, and the references to a type documented
 *   under another name.
 * - Every `@example` of those doc comments compiles against lib/, all in one program, and an
 *   example that claims values (`expr // => value`) is run and its claims checked.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { declareRunnable, root, withClaims, type Example } from '../harness/examples.js'
import { createProgram } from '../harness/programs.js'

const docs = suite('API reference')

/** A declaration of lib/ an export resolves to, with the names it is exported under. */
interface Exported {
  readonly names: Array<string>
  readonly tags: ReadonlyArray<ts.JSDocTag>
  readonly where: string
}

const index = path.join(root, 'lib', 'index.ts')
/** The entry of `dynamongo/local`. */
const localEntry = path.join(root, 'lib', 'local', 'DynamoLocal.ts')

/** The program of lib/ (binding only: the walk needs symbols, not types checked). */
const program = (() => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (config === undefined) throw new Error('tsconfig.build.json: not read')
  return createProgram([index, localEntry], { ...config.options, noEmit: true })
})()
const checker = program.getTypeChecker()

const lineOf = (node: ts.Node): string => {
  const sf = node.getSourceFile()
  return `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
}

const inLib = (node: ts.Node): boolean => !path.relative(path.join(root, 'lib'), node.getSourceFile().fileName).startsWith('..')

/** The namespaces of the root (`export * as X from`) with their modules, and the root's other exports. */
const rootExports = (() => {
  const module = checker.getSymbolAtLocation(program.getSourceFile(index)!)!
  const namespaces: Array<{ readonly name: string; readonly file: ts.SourceFile; readonly members: ReadonlyArray<ts.Symbol> }> = []
  const others: Array<ts.Symbol> = []
  for (const e of checker.getExportsOfModule(module)) {
    const target = checker.getAliasedSymbol(e)
    const file = target.declarations?.[0]
    if (file !== undefined && ts.isSourceFile(file)) namespaces.push({ name: e.name, file, members: checker.getExportsOfModule(target) })
    else others.push(e)
  }
  return { namespaces, others }
})()

/**
 * Each declaration of lib/ the exports reach, once, with its doc comment's tags (the comment
 * TypeDoc reads: the declaration's own, also for a value exported under another name). A
 * function's overloads are one (the first holds the comment). A name another package declares
 * (`Field.NumberValue`, `Field.Json`) keeps that package's comment: TypeDoc files it, as it
 * files the root's references to types documented in a namespace, under typedoc.json's
 * `defaultCategory`, `re-exports`.
 */
const exported = (() => {
  const byDeclaration = new Map<ts.Node, Exported>()
  const add = (symbol: ts.Symbol, name: string): void => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const declarations = (target.declarations ?? []).filter((d, i, all) => inLib(d) && !(ts.isFunctionDeclaration(d) && i > 0 && ts.isFunctionDeclaration(all[0]!)))
    for (const d of declarations) {
      const known = byDeclaration.get(d)
      if (known !== undefined) known.names.push(name)
      else byDeclaration.set(d, { names: [name], tags: ts.getJSDocTags(d), where: lineOf(d) })
    }
  }
  for (const ns of rootExports.namespaces) for (const m of ns.members) add(m, `${ns.name}.${m.name}`)
  for (const e of rootExports.others) add(e, e.name)
  for (const e of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(localEntry)!)!)) add(e, `local.${e.name}`)
  return [...byDeclaration.values()]
})()

const typedoc = JSON.parse(readFileSync(path.join(root, 'typedoc.json'), 'utf8')) as { readonly categoryOrder?: ReadonlyArray<string>; readonly defaultCategory?: string }
const categoryOrder = typedoc.categoryOrder ?? []
const categoriesOf = (tags: ReadonlyArray<ts.JSDocTag>): ReadonlyArray<string> =>
  tags.filter((t) => t.tagName.text === 'category').map((t) => (ts.getTextOfJSDocComment(t.comment) ?? '').trim())

docs('typedoc.json documents both entries of the package', () => {
  const entries = (JSON.parse(readFileSync(path.join(root, 'typedoc.json'), 'utf8')) as { readonly entryPoints?: ReadonlyArray<string> }).entryPoints ?? []
  assert.equal([...entries].sort(), ['lib/index.ts', 'lib/local/DynamoLocal.ts'])
})

docs('the walk reaches every namespace of the root and its members, and the exports of dynamongo/local', () => {
  assert.ok(rootExports.namespaces.length >= 18, `${rootExports.namespaces.length} namespaces`)
  const names = new Set(exported.flatMap((e) => e.names))
  for (const n of ['Dynamo.getOne', 'Condition.eq', 'Model.make', 'Transaction.delete', 'Field.dateTime', 'ConditionType', 'DynamoErrorType', 'Op', 'local.start', 'local.LocalError']) {
    assert.ok(names.has(n), `${n} is walked`)
  }
})

docs("typedoc.json orders the categories: members' lower-case, modules' capitalised, re-exports last", () => {
  assert.ok(categoryOrder.includes('model') && categoryOrder.includes('constructors') && categoryOrder.includes('Building queries'))
  assert.is(typedoc.defaultCategory, 're-exports')
  assert.is(categoryOrder[categoryOrder.length - 1], 're-exports')
})

docs('every export has a doc comment with a category of the vocabulary', () => {
  const wrong = exported.flatMap((e) => {
    const cs = categoriesOf(e.tags)
    const names = e.names.join(', ')
    if (cs.length === 0) return [`${e.where} ${names}: no @category`]
    const member = (c: string): boolean => categoryOrder.includes(c) && /^[a-z]/.test(c) && c !== typedoc.defaultCategory
    return cs.flatMap((c) => (member(c) ? [] : [`${e.where} ${names}: @category ${c} is not a member category of typedoc.json's categoryOrder`]))
  })
  assert.equal(wrong, [])
})

docs("every namespace's module comment has a category of the vocabulary", () => {
  const wrong = rootExports.namespaces.flatMap((ns) => {
    const comment = ns.file.statements.flatMap((s) => ts.getJSDocCommentsAndTags(s)).find((c) => ts.isJSDoc(c) && (c.tags ?? []).some((t) => t.tagName.text === 'module'))
    const cs = comment === undefined || !ts.isJSDoc(comment) ? [] : categoriesOf(comment.tags ?? [])
    return cs.length === 1 && categoryOrder.includes(cs[0]!) && /^[A-Z]/.test(cs[0]!) ? [] : [`${ns.name} (${path.relative(root, ns.file.fileName)}): ${cs.length === 0 ? 'no module @category' : `@category ${cs.join(', ')}`}`]
  })
  assert.equal(wrong, [])
})

// -------------------------------------------------------------------------------------
// examples
// -------------------------------------------------------------------------------------

/** The ```ts block of each `@example` of the exports' doc comments, with the line in lib/ of its first line. */
const examples: ReadonlyArray<Example & { readonly names: ReadonlyArray<string>; readonly where: string }> = exported.flatMap((e) =>
  e.tags
    .filter((t) => t.tagName.text === 'example')
    .flatMap((t) => {
      const text = ts.getTextOfJSDocComment(t.comment) ?? ''
      const block = /^```ts\n([\s\S]*?)\n```/m.exec(text)
      if (block === null) return []
      const sf = t.getSourceFile()
      // the fence in the file, after the tag: the block's lines follow it one for one
      const fence = sf.text.indexOf('```ts', t.getStart())
      const first = sf.getLineAndCharacterOfPosition(fence).line + 2
      const file = path.relative(root, sf.fileName)
      return [{ names: e.names, where: `${file}:${first}`, code: block[1]!, at: (line: number) => `${file}:${first + line}` }]
    }),
)

/** Checked with the other modules the specs of the process declare (README.md's), in one program. */
const checked = declareRunnable(examples)

docs('a claim becomes a check, line for line', () => {
  const example: Example = { code: "const a = 1 + 1 // => 2\nMath.max(a, 3)\n// => [\n//      3,\n//    ]\n// a note\nconst b = 'x'\n", at: (l) => `x:${l}` }
  const { code, claims } = withClaims(example, '/h.js')
  assert.is(claims, 2)
  assert.is(
    code,
    'const a = 1 + 1; __claim(() => a,  () => ( 2), "x:0")\n__claim(() => (Math.max(a, 3)), \n() => ( [\n        3,\n      ]), "x:2")\n// a note\nconst b = \'x\'\n\nimport { claim as __claim } from "/h.js"\n',
  )
})

docs('the user-facing operations have examples', () => {
  const named = new Set(examples.flatMap((e) => e.names))
  const wanted = [
    'Dynamo.getOne', 'Dynamo.getMany', 'Dynamo.saveOne', 'Dynamo.saveMany', 'Dynamo.updateOne', 'Dynamo.deleteOne', 'Dynamo.deleteMany', 'Dynamo.page', 'Dynamo.pages',
    'Dynamo.count', 'Dynamo.explain', 'Dynamo.transactWrite', 'Dynamo.transactGet', 'Dynamo.planTable', 'Dynamo.syncTable',
    'Condition.eq', 'Condition.and', 'Condition.between', 'Condition.isIn', 'Condition.beginsWith', 'Update.set', 'Update.add', 'Update.append', 'Update.remove',
    'Model.make', 'Model.globalIndex', 'Model.localIndex', 'Model.key', 'Field.string', 'Field.int', 'Field.dateTime', 'Field.epochSeconds', 'Field.decimal',
    'Env.make', 'Env.fromEnv', 'Expression.condition', 'Expression.update', 'Expression.keyCondition', 'Expression.projection',
    'Evaluate.condition', 'Evaluate.update', 'Table.diff', 'TablePlan.show',
    'Attr.path', 'Condition.lt', 'Condition.gte', 'Condition.match', 'Update.match', 'Expression.show', 'Expression.showUpdate', 'Evaluate.updateOne',
    'Field.email', 'Field.url', 'Field.uuid', 'Field.ipAddress', 'Field.date', 'Field.float', 'Field.duration', 'Field.bigint', 'Field.boolean', 'Field.list',
    'Field.stringSet', 'Field.numberSet', 'Field.binary', 'Field.binarySet', 'Field.json', 'Field.make', 'Env.withBatch', 'Env.tableName', 'Env.show',
    'Model.encode', 'Item.unmarshall', 'Item.marshallValue', 'Item.unmarshallValue', 'Item.decodeValue', 'Item.size', 'Path.key', 'Path.index', 'Path.show',
    'Plan.fromCondition', 'Plan.show', 'Strategy.parse', 'Command.getItem', 'Command.updateItem', 'Transaction.toWriteInput', 'Transaction.toGetInput',
    'DynamoError.draw', 'DynamoError.isDynamoError', 'Table.shapeOf', 'local.start', 'local.LocalError',
  ]
  // and every operation of Dynamo
  const dynamo = rootExports.namespaces.find((ns) => ns.name === 'Dynamo')?.members ?? []
  const resolved = (m: ts.Symbol): ts.Symbol => (m.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(m) : m)
  const operations = dynamo.filter((m) => resolved(m).flags & ts.SymbolFlags.Value).map((m) => `Dynamo.${m.name}`)
  assert.ok(operations.length >= 25, `${operations.length} operations`)
  assert.equal([...wanted, ...operations].filter((n) => !named.has(n)), [])
})

docs('every example compiles against lib/ (one program), and each claim holds', async () => {
  const { diagnostics, claims } = await checked.checkAndRun()
  assert.equal(diagnostics, [])
  assert.ok(claims.length >= 20, `${claims.length} claims`)
  assert.equal(claims.filter((c) => !c.endsWith(': ok')), [])
})

docs.run()

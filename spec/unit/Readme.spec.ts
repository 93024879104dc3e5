/**
 * The examples compile. README.md's ```ts blocks are one walk-through (a later block uses
 * the model and the `env` of an earlier one), so they are written in order into one module;
 * each `@example` of lib/'s doc comments (what `npm run docs` shows) is a module of its own.
 * They are written into a temporary directory, with `dynamongo` mapped to `lib/index.ts`
 * (and `dynamongo/local` to `lib/local/DynamoLocal.ts`),
 * and type-checked with the project's compiler options: zero diagnostics, each reported at
 * its line of README.md or of lib/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The ```ts blocks of a markdown text, each with the line (1-based) of its first code line. */
export const tsBlocks = (markdown: string): ReadonlyArray<{ readonly line: number; readonly code: string }> => {
  const blocks: Array<{ line: number; code: string }> = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end]?.trim() !== '```') end++
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') })
    i = end
  }
  return blocks
}

const readme = suite('README.md')

readme('finds the ts blocks of a markdown text, with their lines', () => {
  assert.equal(tsBlocks('# x\n```ts\nconst a = 1\n```\ntext\n```sh\nls\n```\n```ts\nb\nc\n```\n'), [
    { line: 3, code: 'const a = 1' },
    { line: 10, code: 'b\nc' },
  ])
})

/** The ```ts blocks of the `@example` tags of lib/'s doc comments, each with its file and line. */
const docExamples = (): ReadonlyArray<{ readonly file: string; readonly line: number; readonly code: string }> => {
  const walk = (dir: string): ReadonlyArray<string> =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
  return walk(path.join(root, 'lib')).flatMap((file) => {
    // a doc comment's lines without their ` * `, so that the blocks read as markdown
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
    return tsBlocks(text.replace(/^```ts$/gm, (m, at: number) => (/@example\s*$/.test(text.slice(0, at)) ? m : '```ts-prose'))).map((b) => ({ ...b, file: path.relative(root, file) }))
  })
}

/**
 * Type-checks modules written into a temporary directory, with `dynamongo` mapped to
 * lib/index.ts and the project's compiler options; each diagnostic as `where: message`,
 * `where` given by `at` for a line of one of the modules.
 */
const check = (modules: ReadonlyArray<{ readonly code: string; readonly at: (line: number) => string }>): ReadonlyArray<string> => {
  // inside node_modules/.cache, so that fp-ts and io-ts resolve as from an application
  const cache = path.join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(path.join(cache, 'dynamongo-readme-'))
  try {
    const files = modules.map((m, i) => {
      const file = path.join(dir, `example${i}.mts`)
      writeFileSync(file, m.code)
      return file
    })
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
    if (config === undefined) return ['tsconfig.json: not read']
    // examples show values without using them all
    const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, paths: { dynamongo: [path.join(root, 'lib', 'index.ts')], 'dynamongo/local': [path.join(root, 'lib', 'local', 'DynamoLocal.ts')] } }
    return ts.getPreEmitDiagnostics(ts.createProgram(files, options)).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
      if (d.file === undefined || d.start === undefined) return text
      const { line } = d.file.getLineAndCharacterOfPosition(d.start)
      const i = files.indexOf(d.file.fileName)
      return `${i < 0 ? path.relative(root, d.file.fileName) : (modules[i]?.at(line) ?? '?')}: ${text}`
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

readme('every ts example compiles against lib/ (one module, in order), with no diagnostics', () => {
  const blocks = tsBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'))
  assert.ok(blocks.length >= 5, `found ${blocks.length} blocks`)
  // which README line each line of the module came from
  const origin: number[] = []
  const code = blocks
    .map((b) => {
      b.code.split('\n').forEach((_, i) => origin.push(b.line + i))
      origin.push(b.line - 1) // the separator
      return b.code
    })
    .join('\n\n')
  assert.equal(check([{ code, at: (line) => `README.md:${origin[line] ?? '?'}` }]), [])
})

readme("every @example of lib/'s doc comments compiles on its own, with no diagnostics", () => {
  const examples = docExamples()
  const where = examples.map((e) => `${e.file}:${e.line}`)
  for (const key of ['model/Model.ts', 'run/Dynamo.ts', 'compile/Expression.ts', 'ast/Condition.ts', 'ast/Update.ts']) {
    assert.ok(where.some((w) => w.startsWith(`lib/${key}:`)), `lib/${key} has an example`)
  }
  assert.equal(check(examples.map((e) => ({ code: e.code, at: (line) => `${e.file}:${e.line + line}` }))), [])
})

readme.run()

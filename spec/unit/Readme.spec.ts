/**
 * README.md's examples compile. Its ```ts blocks are one walk-through (a later block uses
 * the model and the `env` of an earlier one), so they are written in order into one module,
 * in a temporary directory, with `dynamongo` mapped to `lib/index.ts`, and type-checked with
 * the project's compiler options: zero diagnostics. A diagnostic is reported at its line of
 * README.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

readme('every ts example compiles against lib/ (one module, in order), with no diagnostics', () => {
  const blocks = tsBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'))
  assert.ok(blocks.length >= 5, `found ${blocks.length} blocks`)
  // inside node_modules/.cache, so that fp-ts and io-ts resolve as from an application
  const cache = path.join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(path.join(cache, 'dynamongo-readme-'))
  try {
    // each block's lines, and which README line each line of the module came from
    const origin: number[] = []
    const code = blocks
      .map((b) => {
        b.code.split('\n').forEach((_, i) => origin.push(b.line + i))
        origin.push(b.line - 1) // the separator
        return b.code
      })
      .join('\n\n')
    const file = path.join(dir, 'readme.mts')
    writeFileSync(file, code)
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
    assert.ok(config !== undefined)
    if (config === undefined) return
    // examples show values without using them all
    const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, paths: { dynamongo: [path.join(root, 'lib', 'index.ts')] } }
    const program = ts.createProgram([file], options)
    const diagnostics = ts.getPreEmitDiagnostics(program)
    const shown = diagnostics.map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
      if (d.file === undefined || d.start === undefined) return text
      const { line } = d.file.getLineAndCharacterOfPosition(d.start)
      const where = d.file.fileName === file ? `README.md:${origin[line] ?? '?'}` : path.relative(root, d.file.fileName)
      return `${where}: ${text}`
    })
    assert.equal(shown, [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

readme.run()

/**
 * The examples of README.md compile. Its ```ts blocks are one walk-through (a later block uses
 * the model and the `env` of an earlier one), so they are written in order into one module,
 * type-checked against lib/ (spec/harness/examples.ts, in one program with the doc comments'
 * examples when Docs.spec.ts runs in the same process): zero diagnostics, each reported at
 * its line of README.md. The `@example`s of lib/'s doc comments are Docs.spec.ts's.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { declare, root } from '../harness/examples.js'

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

const blocks = tsBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'))
// which README line each line of the module came from
const origin: number[] = []
/** README.md's walk-through as one module, checked with the other modules the specs of the process declare (the doc comments' examples), in one program. */
const walkThrough = declare([
  {
    code: blocks
      .map((b) => {
        b.code.split('\n').forEach((_, i) => origin.push(b.line + i))
        origin.push(b.line - 1) // the separator
        return b.code
      })
      .join('\n\n'),
    at: (line) => `README.md:${origin[line] ?? '?'}`,
  },
])

readme('every ts example compiles against lib/ (one module, in order), with no diagnostics', async () => {
  assert.ok(blocks.length >= 5, `found ${blocks.length} blocks`)
  assert.equal(await walkThrough.check(), [])
})

readme.run()

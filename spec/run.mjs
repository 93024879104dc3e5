#!/usr/bin/env node
// The test runner behind `npm test` and `npm run test:unit`.
//   node spec/run.mjs unit   pure specs only (no network, seconds)
//   node spec/run.mjs all    type check + lint (npm run lint) + docs (npm run docs, no output)
//                            + pure specs + integration specs (DynamoDB Local)
// Each group runs uvu in its own process (with tsx as the TypeScript loader); the counts
// are read from uvu's summary and added up. The last line is `N passed, M failed`.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const mode = process.argv[2] ?? 'all'
const filter = process.argv[3] // optional file pattern
let passed = 0
let failed = 0

const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } })
    let out = ''
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d) })
    child.on('close', (code) => resolve({ code: code ?? 1, out }))
  })

const uvu = async (dir) => {
  if (!existsSync(dir)) return
  console.log(`\n# ${dir}`)
  const pattern = filter ?? '\\.spec\\.ts$'
  const { code, out } = await run(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', dir, pattern, '-c', 'false'])
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? NaN)
  const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? NaN)
  const skipped = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0)
  if (Number.isNaN(total) || Number.isNaN(ok)) {
    console.log(`! ${dir}: the run ended without a summary (exit ${code})`)
    failed += 1
    return
  }
  passed += ok
  failed += total - ok - skipped
  if (code !== 0 && total - ok - skipped === 0) failed += 1 // crashed after its tests
}

if (mode === 'all') {
  console.log('# typecheck')
  const { code } = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'])
  if (code === 0) { passed += 1; console.log('typecheck: ok') } else { failed += 1; console.log('typecheck: FAILED') }
  console.log('# lint (ESLint: the design rules; spec/lint.mjs: exact pins)')
  const eslint = await run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.'])
  const pins = await run(process.execPath, ['spec/lint.mjs'])
  if (eslint.code === 0 && pins.code === 0) { passed += 1; console.log('lint: ok') } else { failed += 1; console.log('lint: FAILED') }
  console.log('# docs (TypeDoc, no output: every export documented without a warning)')
  const docs = await run(process.execPath, ['node_modules/typedoc/bin/typedoc', '--emit', 'none', '--logLevel', 'Warn'])
  if (docs.code === 0) { passed += 1; console.log('docs: ok') } else { failed += 1; console.log('docs: FAILED') }
}
if (mode !== 'integration') await uvu('spec/unit')
if (mode === 'all' || mode === 'integration') await uvu('spec/integration')

console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)

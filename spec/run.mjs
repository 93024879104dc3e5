#!/usr/bin/env node
// The test runner behind `npm test` and `npm run test:unit`.
//   node spec/run.mjs unit   pure specs only (no network, a minute or two)
//   node spec/run.mjs all    type check + lint (npm run lint) + docs (npm run docs, no output)
//                            + pure specs + integration specs (DynamoDB Local)
// Each group runs uvu in its own process (with tsx as the TypeScript loader); the counts
// are read from uvu's summary and added up. The last line is `N passed, M failed`.
// The pure specs run as three processes at once (the machine has two cores, and CI one job):
// the specs that build TypeScript programs (the published types, the doc comments, the
// README's examples) with the property over every root export (Total); the specs that wait
// out real timers (a stalled stream's limit, a request's wait for a socket), which take
// little CPU, so their waits overlap the others' work; and all the
// others, about as much CPU as the first. Each process's output is printed whole when it
// ends, in a fixed order.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const mode = process.argv[2] ?? 'all'
const filter = process.argv[3] // optional file pattern
let passed = 0
let failed = 0

/**
 * The environment of every process the run starts: no colours; and the AWS SDK's notice that
 * its versions after January 2027 need Node 22 (printed by every process that makes an SDK
 * client on Node 20, which the package supports) turned off through the SDK's own switch,
 * unless the caller set that switch: it says nothing of the code under test. Nothing else is
 * silenced: any other warning still shows.
 */
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env, FORCE_COLOR: '0' }

/** Runs a command; its output goes to the terminal as it comes (`live`), or is only returned. */
const run = (cmd, args, live = true) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', live ? 'inherit' : 'pipe'], env })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d; if (live) process.stdout.write(d) })
    child.stderr?.on('data', (d) => { err += d })
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }))
  })

/** The pure specs that build TypeScript programs, and Total's property: one shard. */
const heavy = '(Types|Docs|Readme|Total)\\.spec\\.ts$'
/** The pure specs that mostly wait on real timers: another. The third is every spec but these. */
const waiting = 'run/(StalledStreams|SocketWait)\\.spec\\.ts$'

/** The specs of `dir` matching `pattern`, in one uvu process. */
const uvu = async (dir, pattern, live = true) => {
  const result = await run(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', dir, pattern, '-c', 'false'], live)
  return { dir, pattern, ...result }
}

/** Adds a process's counts to the totals (printing its output first, if it was held). */
const count = ({ dir, pattern, code, out, err }, live = true) => {
  if (!live) { process.stdout.write(out); process.stderr.write(err) }
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? NaN)
  const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? NaN)
  if (Number.isNaN(total) || Number.isNaN(ok)) {
    console.log(`! ${dir} (${pattern}): the run ended without a summary (exit ${code})`)
    failed += 1
    return
  }
  passed += ok
  // uvu's Total counts the tests it ran (a skipped test is not among them): every one of those
  // that did not pass failed.
  failed += total - ok
  if (code !== 0 && total === ok) failed += 1 // crashed after its tests
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
const group = async (dir, shards) => {
  if (!existsSync(dir)) return
  console.log(`\n# ${dir}`)
  if (filter !== undefined) return count(await uvu(dir, filter))
  if (shards === 1) return count(await uvu(dir, '\\.spec\\.ts$'))
  const results = await Promise.all([uvu(dir, `^${heavy}`, false), uvu(dir, `^${waiting}`, false), uvu(dir, `^(?!${heavy}|${waiting}).*\\.spec\\.ts$`, false)])
  for (const r of results) count(r, false)
}

if (mode !== 'integration') await group('spec/unit', 2)
if (mode === 'all' || mode === 'integration') await group('spec/integration', 1)

console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)

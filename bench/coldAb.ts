/**
 * The import time of two builds of the published bundle, paired: the bundle built from a git
 * ref (`git archive` of its `lib/`, `scripts/` and `package.json`, built by its own
 * `scripts/build.mjs`) against the bundle of the working tree, each imported by a fresh
 * `node` that has loaded the AWS SDK (as `npm run bench -- --only=cold` does), the two
 * alternating (A B, B A, …). Not part of `npm run bench`: a finer instrument for a difference
 * of a few percent on a shared machine.
 *
 * Two figures per import: wall time, and the main thread's own CPU time
 * (`/proc/self/task/<pid>/schedstat`, read after a short futex wait so that the kernel has
 * brought it up to date). The import runs on the main thread, so on a quiet machine the two
 * agree; on a loaded one, wall time also counts the time other processes hold the cores, and
 * the CPU figure is the steadier one. Each is reported as the median of each side and the
 * median (interquartile range) of the ratio new / old within a round.
 *
 *   npx tsx bench/coldAb.ts [ref=main] [rounds=20]
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundle } from '../scripts/build.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, '.bench-out', 'coldAb')
const [ref = 'main', roundsArg] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 20)

rmSync(out, { recursive: true, force: true })
mkdirSync(path.join(out, 'old'), { recursive: true })
// the old tree: its own sources and build script, this checkout's node_modules
const archive = spawnSync('sh', ['-c', `git archive ${JSON.stringify(ref)} lib scripts package.json | tar -x -C ${JSON.stringify(path.join(out, 'old'))}`], { cwd: root, stdio: 'inherit' })
if (archive.status !== 0) throw new Error(`git archive ${ref} failed`)
symlinkSync(path.join(root, 'node_modules'), path.join(out, 'old', 'node_modules'))
const oldFile = path.join(out, 'old.js')
const newFile = path.join(out, 'new.js')
const oldBuild = (await import(path.join(out, 'old', 'scripts', 'build.mjs'))) as { bundle: (o: { outfile: string }) => Promise<number> }
const oldBytes = await oldBuild.bundle({ outfile: oldFile })
const newBytes = await bundle({ outfile: newFile })

const child = path.join(out, 'child.mjs')
writeFileSync(
  child,
  `import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const stat = '/proc/self/task/' + process.pid + '/schedstat'
const wait = new Int32Array(new SharedArrayBuffer(4))
const cpu = () => { Atomics.wait(wait, 0, 0, 0.05); return Number(readFileSync(stat, 'utf8').split(' ')[0]) / 1e6 }
await import('@aws-sdk/client-dynamodb')
await import('@aws-sdk/util-dynamodb')
await new Promise((resolve) => setTimeout(resolve, 200))
const c0 = cpu()
const t0 = performance.now()
await import(pathToFileURL(process.argv[2]).href)
const ms = performance.now() - t0
process.stdout.write(JSON.stringify({ ms, cpu: cpu() - c0 }))
`,
)

type Run = { readonly ms: number; readonly cpu: number }
const runs: { old: Array<Run>; new: Array<Run> } = { old: [], new: [] }
for (let r = 0; r < rounds; r++) {
  for (const side of r % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
    const p = spawnSync(process.execPath, [child, side === 'old' ? oldFile : newFile], { cwd: root, encoding: 'utf8' })
    if (p.status !== 0) throw new Error(p.stderr)
    runs[side].push(JSON.parse(p.stdout) as Run)
  }
}

const quantile = (xs: ReadonlyArray<number>, q: number): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * q)] as number
const f = (x: number, d = 2): string => x.toFixed(d)
console.log(`bundle: ${ref} ${oldBytes.toLocaleString('en-US')} bytes, working tree ${newBytes.toLocaleString('en-US')} bytes; ${rounds} rounds`)
for (const k of ['ms', 'cpu'] as const) {
  const o = runs.old.map((x) => x[k])
  const n = runs.new.map((x) => x[k])
  const ratios = n.map((x, i) => x / (o[i] as number))
  console.log(
    `${k === 'ms' ? 'wall ms        ' : 'main-thread CPU'}: ${ref} ${f(quantile(o, 0.5))}, working tree ${f(quantile(n, 0.5))}; ` +
      `paired ${f(quantile(ratios, 0.5), 3)} (${f(quantile(ratios, 0.25), 3)}–${f(quantile(ratios, 0.75), 3)})`,
  )
}

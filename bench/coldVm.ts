/**
 * Where an import's time goes, for bundles compared in one process: each bundle compiled as a
 * `vm.SourceTextModule` (V8's parse and bytecode of the module level; every function's body
 * pre-parsed) and then linked and evaluated (its module body, the functions it calls at load
 * compiled at their first call), the AWS SDK and Node's modules handed in as already loaded.
 * The bundles alternate, each compiled afresh (a different comment at its end, so V8's cache
 * of compiled scripts never answers), after a full GC; the main thread's CPU time of each
 * step (`/proc/self/task/<pid>/schedstat`, as `bench/coldAb.ts`). The median of each, and the
 * median (interquartile range) of the ratio to the first bundle within a round: within one
 * process the ratios are steadier than across fresh processes, but Node's own share of an
 * import (reading and decoding the file, its loader) is left out: `bench/coldAb.ts` has it.
 *
 *   NODE_OPTIONS=--experimental-vm-modules npx tsx bench/coldVm.ts 20 .bench-out/a.js .bench-out/b.js
 *
 * (bundles built by `scripts/build.mjs`'s `bundle({ outfile })`, or `bench/coldAb.ts`'s two in .bench-out/coldAb/)
 */
import { readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import vm from 'node:vm'

setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
const SourceTextModule = (vm as unknown as { SourceTextModule?: new (src: string) => VmModule }).SourceTextModule
const SyntheticModule = (vm as unknown as { SyntheticModule: new (names: ReadonlyArray<string>, init: (this: { setExport: (k: string, v: unknown) => void }) => void) => VmModule }).SyntheticModule
interface VmModule {
  link(linker: (specifier: string) => VmModule): Promise<void>
  evaluate(): Promise<void>
}
if (SourceTextModule === undefined) throw new Error('run with NODE_OPTIONS=--experimental-vm-modules')

const stat = `/proc/self/task/${process.pid}/schedstat`
const wait = new Int32Array(new SharedArrayBuffer(4))
/** The main thread's CPU ms, brought up to date by a short futex wait. */
const cpu = (): number => {
  Atomics.wait(wait, 0, 0, 0.05)
  return Number(readFileSync(stat, 'utf8').split(' ')[0]) / 1e6
}

const [roundsArg, ...files] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 20)
if (files.length === 0) throw new Error('usage: coldVm.ts <rounds> <bundle.js> [<bundle.js> …]')
const sources = files.map((f) => readFileSync(f, 'utf8'))
const loaded = new Map<string, Record<string, unknown>>()
for (const s of ['@aws-sdk/client-dynamodb', '@aws-sdk/util-dynamodb', 'node:crypto', 'node:events']) loaded.set(s, (await import(s)) as Record<string, unknown>)
const linker = (specifier: string): VmModule => {
  const ns = loaded.get(specifier)
  if (ns === undefined) throw new Error(`the bundle imports ${specifier}: add it to coldVm.ts's loaded modules`)
  const keys = Object.keys(ns)
  return new SyntheticModule(keys, function () {
    for (const k of keys) this.setExport(k, ns[k])
  })
}

type Step = 'compile' | 'evaluate' | 'total'
const figures = files.map(() => ({ compile: [] as number[], evaluate: [] as number[], total: [] as number[] }))
// two rounds of warm-up (Node's and V8's own code), not counted
for (let r = -2; r < rounds; r++) {
  const order = files.map((_, i) => i)
  if (r % 2 !== 0) order.reverse()
  for (const i of order) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 5))
    const c0 = cpu()
    const m = new SourceTextModule(`${sources[i] as string}\n//${r} ${i} ${Math.random()}`)
    const c1 = cpu()
    await m.link(linker)
    await m.evaluate()
    const c2 = cpu()
    if (r < 0) continue
    const f = figures[i] as (typeof figures)[number]
    f.compile.push(c1 - c0)
    f.evaluate.push(c2 - c1)
    f.total.push(c2 - c0)
  }
}

const quantile = (xs: ReadonlyArray<number>, q: number): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * q)] as number
for (const step of ['compile', 'evaluate', 'total'] as const satisfies ReadonlyArray<Step>) {
  console.log(step === 'evaluate' ? 'link and evaluate' : step)
  files.forEach((file, i) => {
    const xs = (figures[i] as (typeof figures)[number])[step]
    const ratios = xs.map((x, j) => x / ((figures[0] as (typeof figures)[number])[step][j] as number))
    console.log(
      `  ${file.padEnd(40)} ${quantile(xs, 0.5).toFixed(2).padStart(6)} ms (${quantile(xs, 0.25).toFixed(2)}–${quantile(xs, 0.75).toFixed(2)})` +
        (i === 0 ? '' : `  ×${quantile(ratios, 0.5).toFixed(3)} (${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)})`),
    )
  })
}

/**
 * One request-building workload (`P page`, `W3 query`, …) of several contenders in ONE
 * process, their batches alternated and paired by round. Not part of `npm run bench` (which
 * gives each measurement a process of its own): a finer instrument for a difference of a few
 * percent, and the way to put two builds of dynamongo side by side (a contender is a bundle:
 * `.bench-out/bundle/dynamongo.mjs` that `npm run bench` built, or one built from another
 * checkout the same way).
 *
 *   npx tsx bench/cpuPaired.ts 'P page' [rounds=40] [bundle,bundle,…]
 *
 * Each contender warms up as the bench's children do, then its batch size is set for ~40 ms of
 * CPU; each round runs one batch of every contender (`roundOrder`: rotated, reversed every other
 * round) and each batch's CPU per operation is paired with the first contender's of the same
 * round. Printed: each one's median µs per operation and, against the first, the median ratio
 * over rounds with its interquartile range and the ratio of the trimmed means with its 95%
 * bootstrap interval; the load average before and after.
 */
import { loadavg } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { cpuWorkloads, type Contender, type CpuWorkload } from './shared.js'
import { at, cpuUs, pairedRatio, roundOrder, trimmedMean } from './stats.js'

const [workload, roundsArg, list = '.bench-out/bundle/floor.mjs,.bench-out/bundle/dynamongo.mjs'] = process.argv.slice(2)
if (workload === undefined || !(cpuWorkloads as ReadonlyArray<string>).includes(workload)) {
  throw new Error(`usage: cpuPaired.ts <workload> [rounds] [bundle,bundle,…]; workloads: ${cpuWorkloads.join(', ')}`)
}
const rounds = Number(roundsArg ?? 40)
const files = list.split(',')

let sink: unknown
const ops: Array<() => unknown> = []
for (const f of files) {
  const mod = (await import(pathToFileURL(path.resolve(f)).href)) as { contender: Contender }
  const factory = mod.contender.cpu[workload as CpuWorkload]
  if (factory === undefined) throw new Error(`${f} has no ${workload}`)
  ops.push(factory())
}

/** CPU µs of `n` calls of `op`. */
const batch = (op: () => unknown, n: number): number => {
  const c = cpuUs()
  for (let i = 0; i < n; i++) sink = op()
  return cpuUs() - c
}

// warmed as the bench's children are (≥ 1.5 s of CPU and 8,000 operations each), then sized
const sizes = ops.map((op) => {
  let spent = 0
  let n = 0
  while (spent < 1_500_000 || n < 8000) {
    spent += batch(op, 256)
    n += 256
  }
  const perOp = batch(op, 4096) / 4096
  return Math.max(64, Math.round(40_000 / perOp))
})

const [before = 0] = loadavg()
const perOp: number[][] = files.map(() => [])
for (let r = 0; r < rounds; r++) {
  for (const i of roundOrder(
    files.map((_, i) => i),
    r,
  )) {
    ;(perOp[i] as number[]).push(batch(ops[i] as () => unknown, sizes[i] as number) / (sizes[i] as number))
  }
}
const [after = 0] = loadavg()

const first = perOp[0] as number[]
console.log(`${workload}, ${rounds} rounds in one process; load average ${before.toFixed(2)} before, ${after.toFixed(2)} after`)
for (const [i, f] of files.entries()) {
  const xs = perOp[i] as number[]
  const line = `${f}: ${at(xs, 0.5).toFixed(3)} µs/op`
  if (i === 0) {
    console.log(line)
    continue
  }
  const ratios = xs.map((x, k) => x / (first[k] as number))
  console.log(
    `${line}; / ${files[0]}: median ${at(ratios, 0.5).toFixed(3)} (interquartile ${at(ratios, 0.25).toFixed(3)}–${at(ratios, 0.75).toFixed(3)}), trimmed means ${pairedRatio(first, xs, trimmedMean)}`,
  )
}
if (sink === Symbol.for('never')) console.log('')

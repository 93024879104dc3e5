/**
 * One end-to-end workload of two contenders in ONE process against one DynamoDB Local,
 * their runs alternated (A B, B A, …), each run's client CPU paired with the other's in the
 * same round. Not part of `npm run bench` (which gives each measurement a process of its
 * own): a finer instrument for a small difference. With the processes taken away, both
 * contenders share one heap, one JIT and one stretch of the machine, so the paired ratio
 * spreads less than the bench's per-process figures.
 *
 *   npx tsx bench/ab.ts 'getOne x2000' [rounds=16] [a=floor] [b=dynamongo]
 *
 * A contender is a module of bench/ exporting `contender`, or `module.js:name` for another export.
 */
import { createTable, makeClient } from './e2eCommon.js'
import { e2eWorkloads, type Contender, type E2eWorkload } from './shared.js'
import { startLocal } from './local.js'

const [workload, roundsArg, a = 'floor', b = 'dynamongo'] = process.argv.slice(2)
if (workload === undefined || !(e2eWorkloads as ReadonlyArray<string>).includes(workload)) {
  throw new Error(`usage: ab.ts <workload> [rounds] [a] [b]; workloads: ${e2eWorkloads.join(', ')}`)
}
const rounds = Number(roundsArg ?? 16)

const cpuOf = async (run: () => Promise<number>): Promise<number> => {
  const c0 = process.cpuUsage()
  await run()
  const d = process.cpuUsage(c0)
  return (d.user + d.system) / 1000
}

const quantile = (xs: ReadonlyArray<number>, q: number): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * q)] as number

const local = await startLocal()
const admin = makeClient(local.endpoint)
try {
  const runs: Array<{ readonly warmup: () => Promise<void>; readonly run: () => Promise<number>; readonly close: () => void }> = []
  for (const [i, id] of [a, b].entries()) {
    const [file, name = 'contender'] = id.includes(':') ? id.split(':') : [`${id}.js`]
    const contender = ((await import(`./${file}`)) as Record<string, Contender>)[name as string]
    if (contender === undefined) throw new Error(`bench/${file} exports no ${name}`)
    const factory = contender.e2e[workload as E2eWorkload]
    if (factory === undefined) throw new Error(`${id} has no ${workload}`)
    const prefix = `ab${i}_`
    await createTable(admin, `${prefix}bench`)
    runs.push(await factory({ endpoint: local.endpoint, table: `${prefix}bench`, prefix }))
  }
  // warmed as the bench warms, then each run once more before anything is recorded
  for (let i = 0; i < 4; i++) for (const r of runs) await r.warmup()
  for (const r of runs) await r.run()
  const cpu: [number[], number[]] = [[], []]
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) cpu[i as 0 | 1].push(await cpuOf((runs[i] as (typeof runs)[number]).run))
  }
  const ratios = cpu[1].map((x, i) => x / (cpu[0][i] as number))
  console.log(`${workload}, ${rounds} rounds in one process: ${a} ${quantile(cpu[0], 0.5).toFixed(0)} ms, ${b} ${quantile(cpu[1], 0.5).toFixed(0)} ms of client CPU per run (medians)`)
  console.log(`${b} / ${a}, paired: median ${quantile(ratios, 0.5).toFixed(3)}, interquartile ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}`)
  for (const r of runs) r.close()
} finally {
  admin.destroy()
  await local.stop()
}

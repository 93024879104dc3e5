/**
 * `npm run bench`: dynamongo side by side with the floor (hand-written builders plus
 * util-dynamodb's `marshall`; the raw SDK end to end), dynamodb-toolbox and ElectroDB.
 *
 * Every measurement runs in its own fresh node process (an esbuild bundle of
 * `bench/child.ts`; each contender is a separate bundle, so a process loads only the
 * library it measures): warm-up, then timed samples, median. Each measurement is repeated
 * over several rounds, the order of the contenders rotating from round to round; the
 * table shows the median over rounds and the ratio to the floor.
 *
 *   npm run bench                   # everything (about 10 minutes on 2 cores)
 *   npm run bench -- --quick        # a fast smoke run (fewer rounds, shorter samples)
 *   npm run bench -- --show         # print one request of each contender, then stop
 *   npm run bench -- --only=cpu,e2e,cold,size --rounds=5 --e2e-rounds=3 --match=W3
 *   npm run bench -- --only=cpu --contenders=floor,dynamongo   # only these contenders
 *   npm run bench -- --only=stream  # streaming 100,000 items (seeded once into DynamoDB Local)
 *
 * Results also go to `.bench-out/results.json` (gitignored).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { convertToNative } from '@aws-sdk/util-dynamodb'
import * as esbuild from 'esbuild'
import { publishedBundle, settings } from '../scripts/build.mjs'
import { STREAM_COUNT, cpuWorkloads, e2eWorkloads, median, rotate, streamWorkloads, type Contender, type CpuWorkload, type E2eWorkload } from './shared.js'

// -------------------------------------------------------------------------------------
// options
// -------------------------------------------------------------------------------------

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const show = argv.includes('--show')
const flag = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = new Set((flag('only') ?? 'cpu,stub,e2e,stream,cold,size').split(','))
const cpuRounds = Number(flag('rounds') ?? (quick ? 2 : 5))
const e2eRounds = Number(flag('e2e-rounds') ?? (quick ? 1 : 3))
/**
 * Unrecorded rounds of every end-to-end workload before the measured ones, to warm DynamoDB
 * Local: its JVM compiles as it goes, so a cold server is slower for the first children and
 * moves their wall times.
 */
const serverWarmup = Number(flag('server-warmup') ?? (quick ? 0 : 1))
const coldRuns = quick ? 4 : 10
/** `--match=W3`: only the workloads whose name contains this. */
const match = flag('match')
const selected = <W extends string>(ws: ReadonlyArray<W>): ReadonlyArray<W> => (match === undefined ? ws : ws.filter((w) => w.includes(match)))

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(root, '.bench-out')
const BUNDLE = path.join(OUT, 'bundle')

/** Every contender, in the order of the tables; `floor` is the reference. */
const contenderIds = ['floor', 'dynamongo', 'dynamongoEnv', 'toolbox', 'electrodb'] as const
type ContenderId = (typeof contenderIds)[number]

const labels: Record<ContenderId, { cpu: string; e2e: string }> = {
  floor: { cpu: 'floor: hand-written + marshall', e2e: 'raw SDK, AttributeValues by hand' },
  dynamongo: { cpu: 'dynamongo', e2e: 'dynamongo' },
  dynamongoEnv: { cpu: "dynamongo, Env.make's own client", e2e: "dynamongo, Env.make's own client" },
  toolbox: { cpu: 'dynamodb-toolbox .params()', e2e: 'dynamodb-toolbox' },
  electrodb: { cpu: 'ElectroDB .params()', e2e: 'ElectroDB' },
}

// -------------------------------------------------------------------------------------
// build: one bundle per contender, plus the child runner
// -------------------------------------------------------------------------------------

const bundleOne = async (name: string): Promise<string | undefined> => {
  const entry = path.join(root, 'bench', `${name}.ts`)
  if (!existsSync(entry)) return `bench/${name}.ts does not exist`
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile: path.join(BUNDLE, `${name}.mjs`),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // names kept as the published build keeps them (and as tsx runs bench/ab.ts): a named
      // closure made per request costs there, and a bench built otherwise would not see it
      keepNames: true,
      packages: 'external',
      logLevel: 'silent',
    })
    return undefined
  } catch (e) {
    const errs = (e as { errors?: ReadonlyArray<{ text: string }> }).errors
    return errs !== undefined && errs.length > 0 ? errs.map((x) => x.text).join('; ') : String(e)
  }
}

/** Which contenders built; for the others, why not. */
const build = async (): Promise<Map<ContenderId, string | undefined>> => {
  rmSync(BUNDLE, { recursive: true, force: true })
  mkdirSync(BUNDLE, { recursive: true })
  const childErr = await bundleOne('child')
  if (childErr !== undefined) throw new Error(`bench/child.ts: ${childErr}`)
  const out = new Map<ContenderId, string | undefined>()
  for (const id of contenderIds) out.set(id, await bundleOne(id))
  return out
}

// -------------------------------------------------------------------------------------
// children
// -------------------------------------------------------------------------------------

const runChild = (args: ReadonlyArray<string>, nodeFlags: ReadonlyArray<string> = []): Record<string, unknown> => {
  const r = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, path.join(BUNDLE, 'child.mjs'), ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    maxBuffer: 16 * 1024 * 1024,
  })
  const lines = (r.stdout ?? '').trim().split('\n')
  const last = lines[lines.length - 1] ?? ''
  if (r.status !== 0 || !last.startsWith('{')) {
    return { error: `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(0, 6).join(' | ')}` }
  }
  return JSON.parse(last) as Record<string, unknown>
}

/** The floor of the item workloads is util-dynamodb alone. */
const cpuLabel = (w: CpuWorkload, id: ContenderId): string =>
  id === 'floor' && w === 'item encode' ? 'floor: marshall' : id === 'floor' && w === 'item decode' ? 'floor: unmarshall' : labels[id].cpu

// -------------------------------------------------------------------------------------
// formatting
// -------------------------------------------------------------------------------------

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: ReadonlyArray<string>) =>
    '| ' + cells.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ') + ' |'
  return [line(head), '|' + widths.map((w, i) => (i <= 1 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n')
}

const fmtUs = (ns: number): string => (ns >= 100_000 ? (ns / 1000).toFixed(0) : ns >= 10_000 ? (ns / 1000).toFixed(1) : (ns / 1000).toFixed(2))
const fmtRatio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–')
const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))
const fmtKb = (b: number): string => `${(b / 1024).toFixed(1)} KB`

/**
 * The machine's CPU time so far (Linux `/proc/stat`, in clock ticks): all of it, and the part
 * "stolen" (the hypervisor ran other guests while this VM wanted the CPU). A section's share
 * of stolen time says how busy the host was while it ran; `undefined` elsewhere.
 */
const cpuTicks = (): { total: number; steal: number } | undefined => {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? []
    return f.length >= 8 ? { total: f.reduce((a, b) => a + b, 0), steal: f[7] as number } : undefined
  } catch {
    return undefined
  }
}

/** The percentage of the machine's CPU time stolen since `t0` (undefined when unknown). */
const stealSince = (t0: ReturnType<typeof cpuTicks>): number | undefined => {
  const t1 = cpuTicks()
  return t0 === undefined || t1 === undefined || t1.total === t0.total ? undefined : (100 * (t1.steal - t0.steal)) / (t1.total - t0.total)
}

/** A section's footer line on the host's state, recorded in results.json under `steal`. */
const hostState = (results: Record<string, unknown>, section: string, t0: ReturnType<typeof cpuTicks>): string => {
  const pct = stealSince(t0)
  if (pct === undefined) return ''
  results.steal = { ...(results.steal as object | undefined), [section]: pct }
  return `\nHost: ${pct.toFixed(1)}% of the VM's CPU time was stolen (other guests ran) during this section${pct >= 2 ? ': a busy host, every figure of the section is inflated' : ''}.`
}

// -------------------------------------------------------------------------------------
// --show: one request of each contender, placeholders resolved
// -------------------------------------------------------------------------------------

const isAv = (u: unknown): boolean =>
  typeof u === 'object' && u !== null && Object.keys(u).length === 1 && ['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS'].includes(Object.keys(u)[0] as string)

const resolve = (params: Record<string, unknown>): Record<string, string> => {
  const names = (params.ExpressionAttributeNames ?? {}) as Record<string, string>
  const values = (params.ExpressionAttributeValues ?? {}) as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const k of ['KeyConditionExpression', 'FilterExpression', 'ConditionExpression', 'UpdateExpression', 'ProjectionExpression']) {
    const e = params[k]
    if (typeof e !== 'string') continue
    out[k] = e.replace(/[#:][A-Za-z0-9_]+/g, (tok) => {
      if (tok in names) return names[tok] as string
      if (tok in values) {
        const v = values[tok]
        return JSON.stringify(isAv(v) ? convertToNative(v as never) : v)
      }
      return tok
    })
  }
  return out
}

const showAll = async (): Promise<void> => {
  for (const id of contenderIds) {
    if (e2eOnly.has(id)) continue
    let c: Contender
    try {
      c = ((await import(`./${id}.js`)) as { contender: Contender }).contender
    } catch (e) {
      console.log(`\n## ${id}: not yet available (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`)
      continue
    }
    console.log(`\n## ${c.label} (${c.version})`)
    for (const w of cpuWorkloads) {
      const f = c.cpu[w]
      if (f === undefined) {
        console.log(`\n### ${w}: not yet available`)
        continue
      }
      const out = f()()
      console.log(`\n### ${w}`)
      const json = JSON.stringify(out, (_k, v: unknown) => (v instanceof Set ? { Set: [...v] } : v))
      console.log(json.length > 1600 ? json.slice(0, 1600) + ' …' : json)
      if (w.startsWith('W') && typeof out === 'object' && out !== null) {
        for (const [k, v] of Object.entries(resolve(out as Record<string, unknown>))) {
          console.log(`  ${k}: ${v.length > 300 ? v.slice(0, 300) + ' …' : v}`)
        }
      }
    }
  }
}

// -------------------------------------------------------------------------------------
// measurements
// -------------------------------------------------------------------------------------

interface Cell {
  readonly values: number[]
  readonly wall: number[]
  /** End to end, where a process runs the workload more than once: the CPU of its first run. */
  readonly first: number[]
  /** The round of each value (to pair contenders measured side by side in one round). */
  readonly rounds: number[]
  note?: string
}

const cell = (m: Map<string, Cell>, k: string): Cell => {
  let c = m.get(k)
  if (c === undefined) {
    c = { values: [], wall: [], first: [], rounds: [] }
    m.set(k, c)
  }
  return c
}

/**
 * Every (workload, contender) once per round, in one child process each, the contenders in
 * a different order every round; `figure` names the number a child reports.
 */
const runRounds = (mode: 'cpu' | 'stub', workloads: ReadonlyArray<string>, figure: 'nsPerOp' | 'cpuMs', ids: ReadonlyArray<ContenderId>): Map<string, Cell> => {
  const cells = new Map<string, Cell>()
  for (let r = 0; r < cpuRounds; r++) {
    workloads.forEach((w, wi) => {
      for (const id of rotate(ids, r + wi)) {
        const res = runChild([mode, w, id, ...(quick ? ['--quick'] : [])])
        const c = cell(cells, `${w}\u0000${id}`)
        const x = res[figure]
        if (typeof x === 'number') {
          c.rounds.push(r)
          c.values.push(x)
        } else if (res.unavailable === true) c.note = 'not yet available'
        else c.note = String(res.error)
      }
    })
    process.stderr.write(`${mode} round ${r + 1}/${cpuRounds} done\n`)
  }
  return cells
}

/** Contenders of the end-to-end runs against DynamoDB Local only (a client of their own). */
const e2eOnly: ReadonlySet<ContenderId> = new Set(['dynamongoEnv'])

const runCpu = (ids: ReadonlyArray<ContenderId>): Map<string, Cell> =>
  runRounds('cpu', selected(cpuWorkloads), 'nsPerOp', ids.filter((id) => !e2eOnly.has(id)))

/**
 * The median over rounds of `a / b`, each round's two figures measured side by side (so a
 * busier or quieter stretch of the machine moves both); NaN when no round has both.
 */
const pairedRatio = (a: Cell | undefined, b: Cell | undefined, of: (c: Cell) => number[] = (c) => c.values): number => {
  if (a === undefined || b === undefined) return NaN
  const ratios: number[] = []
  a.rounds.forEach((r, i) => {
    const j = b.rounds.indexOf(r)
    const x = of(a)[i]
    const y = j === -1 ? undefined : of(b)[j]
    if (x !== undefined && y !== undefined && y > 0) ratios.push(x / y)
  })
  return median(ratios)
}

/** The end-to-end workloads against a stand-in client (`child stub`): the library's own CPU per run. */
const runStub = (ids: ReadonlyArray<ContenderId>): Map<string, Cell> =>
  runRounds('stub', selected(e2eWorkloads), 'cpuMs', ids.filter((id) => !e2eOnly.has(id)))

const runE2e = async (ids: ReadonlyArray<ContenderId>): Promise<Map<string, Cell>> => {
  const cells = new Map<string, Cell>()
  const { startLocal } = await import('./local.js')
  const local = await startLocal()
  try {
    let n = 0
    for (let r = 0; r < serverWarmup; r++) {
      for (const w of selected(e2eWorkloads)) for (const id of ids) runChild(['e2e', w, id, local.endpoint, `${process.pid}_${n++}`, '--quick'])
      process.stderr.write(`e2e server warm-up round ${r + 1}/${serverWarmup} done\n`)
    }
    for (let r = 0; r < e2eRounds; r++) {
      selected(e2eWorkloads).forEach((w, wi) => {
        for (const id of rotate(ids, r + wi)) {
          const res = runChild(['e2e', w, id, local.endpoint, `${process.pid}_${n++}`, ...(quick ? ['--quick'] : [])])
          const c = cell(cells, `${w}\u0000${id}`)
          if (typeof res.cpuMs === 'number' && typeof res.wallMs === 'number') {
            c.rounds.push(r)
            c.values.push(res.cpuMs)
            c.wall.push(res.wallMs)
            if (Array.isArray(res.runsCpuMs) && res.runsCpuMs.length > 1) c.first.push(res.runsCpuMs[0] as number)
          } else if (res.unavailable === true) c.note = 'not yet available'
          else c.note = String(res.error)
        }
      })
      process.stderr.write(`e2e round ${r + 1}/${e2eRounds} done\n`)
    }
  } finally {
    await local.stop()
  }
  return cells
}

/**
 * The streaming workloads: one DynamoDB Local, one table of `STREAM_COUNT` items seeded once
 * (not measured), then every (workload, contender) once per round in its own process, the
 * contenders' order rotating. Each child reports its client CPU, wall time and memory growth.
 */
const runStream = async (ids: ReadonlyArray<ContenderId>): Promise<{ cells: Map<string, Cell & { rss: number[]; heap: number[] }>; seedMs: number }> => {
  const cells = new Map<string, Cell & { rss: number[]; heap: number[] }>()
  const { startLocal } = await import('./local.js')
  const { createTable, makeClient, seedStream } = await import('./e2eCommon.js')
  const local = await startLocal()
  try {
    const prefix = `s${process.pid}_`
    const admin = makeClient(local.endpoint)
    const t0 = performance.now()
    await createTable(admin, `${prefix}bench`)
    const seeded = await seedStream(admin, `${prefix}bench`, STREAM_COUNT)
    const seedMs = performance.now() - t0
    admin.destroy()
    if (seeded !== STREAM_COUNT) throw new Error(`seeded ${seeded} items, expected ${STREAM_COUNT}`)
    process.stderr.write(`stream: ${STREAM_COUNT} items seeded in ${(seedMs / 1000).toFixed(1)} s\n`)
    const wanted = ids.filter((id) => !e2eOnly.has(id))
    for (let r = 0; r < e2eRounds; r++) {
      selected(streamWorkloads).forEach((w, wi) => {
        for (const id of rotate(wanted, r + wi)) {
          const res = runChild(['stream', w, id, local.endpoint, prefix, ...(quick ? ['--quick'] : [])])
          const k = `${w}\u0000${id}`
          let c = cells.get(k)
          if (c === undefined) {
            c = { values: [], wall: [], first: [], rounds: [], rss: [], heap: [] }
            cells.set(k, c)
          }
          if (typeof res.cpuMs === 'number' && typeof res.wallMs === 'number' && typeof res.rssGrowthMb === 'number' && typeof res.heapGrowthMb === 'number') {
            c.rounds.push(r)
            c.values.push(res.cpuMs)
            c.wall.push(res.wallMs)
            c.rss.push(res.rssGrowthMb)
            c.heap.push(res.heapGrowthMb)
          } else if (res.unavailable === true) c.note = 'not yet available'
          else c.note = String(res.error)
        }
      })
      process.stderr.write(`stream round ${r + 1}/${e2eRounds} done\n`)
    }
    return { cells, seedMs }
  } finally {
    await local.stop()
  }
}

/** A module with nothing in it: what `await import()` of any file costs here (the floor of the cold-start table). */
const emptyModule = (): string => {
  const f = path.join(OUT, 'empty.mjs')
  writeFileSync(f, 'export {}\n')
  return f
}

const bundleSize = async (contents: string, external: 'aws' | 'all'): Promise<{ bytes: number; gzip: number }> => {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: 'entry.ts', loader: 'ts' },
    ...settings,
    write: false,
    logLevel: 'silent',
    ...(external === 'aws' ? { external: ['@aws-sdk/*'] } : { packages: 'external' as const }),
    outdir: path.join(OUT, 'size'),
  })
  const code = r.outputFiles[0]?.contents ?? new Uint8Array()
  return { bytes: code.length, gzip: gzipSync(code).length }
}

// -------------------------------------------------------------------------------------
// main
// -------------------------------------------------------------------------------------

const targetsCpu: Partial<Record<CpuWorkload, number>> = {
  'W1 put': 3,
  'W2 update': 2,
  'W3 query': 2,
  'W4 delete50': 2,
  'P page': 1.5,
  'K composed query': 2,
  'T transactWrite': 2,
  'item encode': 1,
  'item decode': 1.5,
}
const targetsE2e: Record<E2eWorkload, number> = {
  'getOne x2000': 1.05,
  'saveOne x2000': 1.05,
  'saveOne versioned x2000': 1.05,
  'saveMany 10000': 1.2,
  'getMany query 1000/100': 1.1,
  'page x200 of 20': 1.1,
}

const main = async (): Promise<void> => {
  mkdirSync(OUT, { recursive: true })
  if (show) return showAll()
  const built = await build()
  const wanted = flag('contenders')?.split(',')
  const ids = contenderIds.filter((id) => built.get(id) === undefined && (wanted === undefined || wanted.includes(id)))
  const missing = contenderIds.filter((id) => built.get(id) !== undefined)
  const cpuModel = (cpus()[0]?.model ?? 'unknown').trim()
  const machine = `${cpus().length} cores, ${cpuModel}, node ${process.version}${quick ? ' (--quick)' : ''}`
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine, quick, cpuRounds, e2eRounds }
  const verdicts: string[] = []
  console.log(`\ndynamongo benchmarks: ${machine}`)
  for (const id of missing) console.log(`- ${id}: not yet available (${built.get(id)})`)

  if (only.has('cpu')) {
    const t0 = cpuTicks()
    const cells = runCpu(ids)
    const rows: string[][] = []
    const json: unknown[] = []
    for (const w of selected(cpuWorkloads)) {
      const floorCell = cells.get(`${w}\u0000floor`)
      const floor = median(floorCell?.values ?? [])
      for (const id of contenderIds) {
        const c = cells.get(`${w}\u0000${id}`)
        if (c === undefined || c.values.length === 0) {
          if (id === 'dynamongo' || (c !== undefined && c.note !== 'not yet available')) {
            rows.push([w, cpuLabel(w, id), c?.note ?? 'not yet available', '', '', ''])
          }
          continue
        }
        const m = median(c.values)
        const ratio = m / floor
        const paired = id === 'floor' ? 1 : pairedRatio(c, floorCell)
        rows.push([
          w,
          cpuLabel(w, id),
          fmtUs(m),
          id === 'floor' ? '1.00×' : fmtRatio(ratio),
          id === 'floor' ? '1.00×' : fmtRatio(paired),
          `${fmtUs(Math.min(...c.values))}–${fmtUs(Math.max(...c.values))}`,
        ])
        json.push({ workload: w, contender: id, medianNs: m, perProcessNs: c.values, rounds: c.rounds, ratioToFloor: ratio, pairedRatioToFloor: paired })
        const t = targetsCpu[w]
        if (id === 'dynamongo' && t !== undefined) {
          verdicts.push(`${w}: ${fmtRatio(ratio)} of the floor, ${fmtRatio(paired)} paired (target ≤ ${t}×): ${paired <= t ? 'met' : 'NOT met'}`)
        }
      }
      const t = targetsCpu[w]
      if (t !== undefined && !(cells.get(`${w}\u0000dynamongo`)?.values.length ?? 0)) verdicts.push(`${w}: not measured (dynamongo not yet available)`)
    }
    results.cpu = json
    console.log(`\n### Request building and items (CPU only; µs per operation, median of ${cpuRounds} processes)\n`)
    console.log(table(['workload', 'contender', 'µs/op', '× floor', 'paired', 'range over processes'], rows))
    console.log(`\n"× floor": ratio of the medians; "paired": median over rounds of the ratio to the floor measured in the same round (the targets are judged on it).`)
    console.log(hostState(results, 'cpu', t0))
  }

  if (only.has('e2e')) {
    const t0 = cpuTicks()
    const cells = await runE2e(ids)
    const rows: string[][] = []
    const json: unknown[] = []
    const firsts: string[] = []
    for (const w of selected(e2eWorkloads)) {
      const raw = cells.get(`${w}\u0000floor`)
      const rawCpu = median(raw?.values ?? [])
      const rawWall = median(raw?.wall ?? [])
      for (const id of contenderIds) {
        const c = cells.get(`${w}\u0000${id}`)
        if (c === undefined || c.values.length === 0) {
          if (id === 'dynamongo' || (c !== undefined && c.note !== 'not yet available')) rows.push([w, labels[id].e2e, c?.note ?? 'not yet available', '', '', '', '', ''])
          continue
        }
        const cpu = median(c.values)
        const wall = median(c.wall)
        const cpuRatio = id === 'floor' ? 1 : pairedRatio(c, raw)
        const wallRatio = id === 'floor' ? 1 : pairedRatio(c, raw, (x) => x.wall)
        rows.push([w, labels[id].e2e, fmtMs(cpu), fmtRatio(cpu / rawCpu), fmtRatio(cpuRatio), fmtMs(wall), fmtRatio(wall / rawWall), fmtRatio(wallRatio)])
        const firstRatio = id === 'floor' || c.first.length !== c.values.length ? undefined : pairedRatio(c, raw, (x) => x.first)
        if (firstRatio !== undefined && (w === 'getOne x2000' || w === 'saveOne x2000' || w === 'saveOne versioned x2000')) firsts.push(`${w}, ${labels[id].e2e}: ${fmtRatio(firstRatio)}`)
        json.push({ workload: w, contender: id, cpuMs: cpu, wallMs: wall, cpuRatio: cpu / rawCpu, wallRatio: wall / rawWall, pairedCpuRatio: cpuRatio, pairedWallRatio: wallRatio, rounds: c.rounds, perProcessCpuMs: c.values, perProcessWallMs: c.wall, ...(c.first.length > 0 ? { firstRunCpuMs: c.first, pairedFirstRunCpuRatio: firstRatio } : {}) })
        if (id === 'dynamongo') {
          const t = targetsE2e[w]
          verdicts.push(`${w}: client CPU ${fmtRatio(cpu / rawCpu)} of raw, ${fmtRatio(cpuRatio)} paired (target ≤ ${t}×): ${cpuRatio <= t ? 'met' : 'NOT met'}`)
          if (w === 'saveMany 10000') verdicts.push(`${w}: wall ${fmtRatio(wall / rawWall)} of the raw sequential loop, ${fmtRatio(wallRatio)} paired (target ≤ 0.6×): ${wallRatio <= 0.6 ? 'met' : 'NOT met'}`)
        }
      }
      if (!(cells.get(`${w}\u0000dynamongo`)?.values.length ?? 0)) verdicts.push(`${w}: not measured (dynamongo not yet available)`)
    }
    results.e2e = json
    console.log(`\n### End to end against DynamoDB Local (client process: CPU ms and wall ms, median of ${e2eRounds} processes)\n`)
    console.log(table(['workload', 'contender', 'CPU ms', '× raw', 'paired', 'wall ms', '× raw', 'paired'], rows))
    console.log(`\n"× raw": ratio of the medians; "paired": median over rounds of the ratio within a round.`)
    if (firsts.length > 0) {
      console.log(`getOne and saveOne: the median of 3 runs per process. The first run alone (every client spends ~1.5× the CPU of the later runs on it: right after the warm-up and a forced GC, V8 is still compiling the SDK's code and regrowing its young generation), paired: ${firsts.join('; ')}.`)
    }
    console.log(hostState(results, 'e2e', t0))
  }

  if (only.has('stub')) {
    const t0 = cpuTicks()
    const cells = runStub(ids)
    const rows: string[][] = []
    const json: unknown[] = []
    for (const w of selected(e2eWorkloads)) {
      const raw = cells.get(`${w}\u0000floor`)
      const rawCpu = median(raw?.values ?? [])
      const count = Number(/\d+/.exec(w)?.[0] ?? 1)
      for (const id of contenderIds) {
        const c = cells.get(`${w}\u0000${id}`)
        if (c === undefined || c.values.length === 0) {
          if (id === 'dynamongo' || (c !== undefined && c.note !== 'not yet available')) rows.push([w, labels[id].e2e, c?.note ?? 'not yet available', '', ''])
          continue
        }
        const cpu = median(c.values)
        const extraUs = ((cpu - rawCpu) * 1000) / count
        rows.push([w, labels[id].e2e, fmtMs(cpu), id === 'floor' ? '1.00×' : fmtRatio(cpu / rawCpu), id === 'floor' ? '' : `${extraUs >= 0 ? '+' : ''}${extraUs.toFixed(2)} µs`])
        json.push({ workload: w, contender: id, cpuMs: cpu, ratio: cpu / rawCpu, extraUsPerItem: extraUs, perProcessCpuMs: c.values })
      }
    }
    results.stub = json
    console.log(`\n### The same end-to-end runs against a stand-in client (no network, no SDK middleware): the library's own CPU ms per run, median of ${cpuRounds} processes\n`)
    console.log(table(['workload', 'contender', 'CPU ms', '× raw', 'per request or item'], rows))
    console.log(hostState(results, 'stub', t0))
  }

  if (only.has('stream')) {
    const t0 = cpuTicks()
    const { cells, seedMs } = await runStream(ids)
    const rows: string[][] = []
    const json: unknown[] = []
    const fmtMb = (x: number): string => x.toFixed(1)
    for (const w of selected(streamWorkloads)) {
      const raw = cells.get(`${w}\u0000floor`)
      for (const id of contenderIds) {
        const c = cells.get(`${w}\u0000${id}`)
        if (c === undefined || c.values.length === 0) {
          if (c !== undefined && c.note !== 'not yet available') rows.push([w, labels[id].e2e, c.note ?? '', '', '', '', '', ''])
          continue
        }
        const cpu = median(c.values)
        const paired = id === 'floor' || raw === undefined ? NaN : pairedRatio(c, raw)
        rows.push([w, labels[id].e2e, fmtMs(cpu), id === 'floor' ? '1.00×' : fmtRatio(paired), fmtMs(median(c.wall)), fmtMb(median(c.rss)), fmtMb(median(c.heap)), `${fmtMb(Math.min(...c.rss))}–${fmtMb(Math.max(...c.rss))}`])
        json.push({ workload: w, contender: id, cpuMs: cpu, wallMs: median(c.wall), rssGrowthMb: median(c.rss), heapGrowthMb: median(c.heap), pairedCpuRatio: paired, rounds: c.rounds, perProcessCpuMs: c.values, perProcessWallMs: c.wall, perProcessRssGrowthMb: c.rss, perProcessHeapGrowthMb: c.heap })
      }
    }
    const of = (w: string, id: ContenderId) => cells.get(`${w}\u0000${id}`)
    const pq = of('pages query 100000', 'dynamongo')
    const pcpu = pairedRatio(pq, of('pages query 100000', 'floor'))
    if (pq !== undefined && pq.values.length > 0) {
      verdicts.push(`pages query 100000: client CPU ${fmtRatio(pcpu)} of the SDK's paginateQuery loop, paired (target ≤ 1.1×): ${pcpu <= 1.1 ? 'met' : 'NOT met'}`)
      const rss = median(pq.rss)
      const all = of('getMany query 100000', 'dynamongo')
      verdicts.push(`pages query 100000: memory growth while streaming ${fmtMb(rss)} MB RSS (target < 30 MB): ${rss < 30 ? 'met' : 'NOT met'}; getMany of the same ${all === undefined || all.rss.length === 0 ? 'not measured' : `${fmtMb(median(all.rss))} MB`}`)
    }
    const ps = of('pages scan 100000', 'dynamongo')
    if (ps !== undefined && ps.values.length > 0) {
      const scpu = pairedRatio(ps, of('pages scan 100000', 'floor'))
      verdicts.push(`pages scan 100000: client CPU ${fmtRatio(scpu)} of the SDK's paginateScan loop, paired (target ≤ 1.1×): ${scpu <= 1.1 ? 'met' : 'NOT met'}`)
      const x4 = of('pages scan 100000 x4 segments', 'dynamongo')
      if (x4 !== undefined && x4.values.length > 0) verdicts.push(`4-segment scan: wall ${fmtRatio(pairedRatio(x4, ps, (x) => x.wall))} of one segment's, paired (a report, no target)`)
    }
    results.stream = { seedMs, rows: json }
    console.log(`\n### Streaming ${STREAM_COUNT.toLocaleString('en-US')} items against DynamoDB Local (client CPU ms, wall ms, memory growth over the run in MB; median of ${e2eRounds} processes; seeded once in ${(seedMs / 1000).toFixed(1)} s)\n`)
    console.log(table(['workload', 'contender', 'CPU ms', 'paired × raw', 'wall ms', 'RSS growth', 'heap growth', 'RSS range'], rows))
    console.log(hostState(results, 'stream', t0))
  }

  if (only.has('cold') || only.has('size')) {
    // the package as published: dist/index.js as `npm run build` writes it, built afresh
    const published = path.join(OUT, 'package', 'index.js')
    const builtError = await publishedBundle({ outfile: published }).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    )
    const PUBLISHED = 'dynamongo dist/index.js, as published (@aws-sdk/* external)'
    const TOOLBOX = 'dynamodb-toolbox, @aws-sdk/* external'

    if (only.has('size')) {
      const sizes: Record<string, { bytes: number; gzip: number } | string> = {}
      const sizeOf = async (label: string, contents: string, ext: 'aws' | 'all') => {
        try {
          sizes[label] = await bundleSize(contents, ext)
        } catch (e) {
          sizes[label] = (e as { errors?: ReadonlyArray<{ text: string }> }).errors?.map((x) => x.text).join('; ') ?? String(e)
        }
      }
      if (builtError === undefined) {
        const code = readFileSync(published)
        sizes[PUBLISHED] = { bytes: code.length, gzip: gzipSync(code).length }
      } else sizes[PUBLISHED] = `not built: ${builtError}`
      await sizeOf('dynamongo lib/ alone (every dependency external)', `export * from ${JSON.stringify(path.join(root, 'lib', 'index.ts'))}`, 'all')
      await sizeOf(TOOLBOX, `export * from 'dynamodb-toolbox'`, 'aws')
      await sizeOf('electrodb, @aws-sdk/* external', `export * from 'electrodb'`, 'aws')
      const rows = Object.entries(sizes).map(([k, v]) => (typeof v === 'string' ? [k, '', v, ''] : [k, '', fmtKb(v.bytes), fmtKb(v.gzip)]))
      results.size = sizes
      console.log(`\n### Bundle size (esbuild, the published build's settings: minified, names kept, ESM)\n`)
      console.log(table(['bundle', '', 'minified', 'gzip'], rows))
      const s = sizes[PUBLISHED]
      const tb = sizes[TOOLBOX]
      if (typeof s !== 'string' && s !== undefined && typeof tb !== 'string' && tb !== undefined) {
        const ratio = s.bytes / tb.bytes
        verdicts.push(`size: ${s.bytes.toLocaleString('en-US')} bytes, ${ratio.toFixed(3)}× dynamodb-toolbox's ${tb.bytes.toLocaleString('en-US')} (target ≤ 0.65×): ${ratio <= 0.65 ? 'met' : 'NOT met'}`)
      }
    }

    if (only.has('cold')) {
      const targets: Array<[string, string, ...string[]]> = [['an empty module (what any import costs here)', emptyModule()]]
      if (builtError === undefined) targets.push([PUBLISHED, published])
      // an application that defines models imports io-ts itself (CommonJS, from node_modules)
      targets.push(['io-ts, as an application loads it (CommonJS)', 'io-ts'])
      if (builtError === undefined) targets.push(['dynamongo, io-ts already loaded by the application', published, 'io-ts'])
      targets.push(['dynamodb-toolbox', 'dynamodb-toolbox'], ['electrodb', 'electrodb'], ['@aws-sdk/lib-dynamodb', '@aws-sdk/lib-dynamodb'])
      // wall time: the process's CPU time (process.cpuUsage) also counts V8's compiler and GC threads
      // and the main thread's own CPU time, which a loaded machine inflates less
      const times = new Map<string, { wall: number[]; cpu: number[] }>()
      const t0 = cpuTicks()
      for (let r = 0; r < coldRuns; r++) {
        for (const [label, spec, ...preload] of rotate(targets, r)) {
          const res = runChild(['cold', spec, ...preload])
          const xs = times.get(label) ?? { wall: [], cpu: [] }
          if (typeof res.ms === 'number') xs.wall.push(res.ms)
          if (typeof res.cpuMs === 'number') xs.cpu.push(res.cpuMs)
          times.set(label, xs)
        }
      }
      const rows = targets.map(([label]) => {
        const xs = times.get(label) ?? { wall: [], cpu: [] }
        if (xs.wall.length === 0) return [label, '', 'failed', '', '']
        const cpu = xs.cpu.length === 0 ? '' : `${fmtMs(median(xs.cpu))} (${fmtMs(Math.min(...xs.cpu))}–${fmtMs(Math.max(...xs.cpu))})`
        return [label, '', fmtMs(median(xs.wall)), `${fmtMs(Math.min(...xs.wall))}–${fmtMs(Math.max(...xs.wall))}`, cpu]
      })
      if (builtError !== undefined) rows.unshift(['dynamongo', '', `not built: ${builtError}`, '', ''])
      results.cold = Object.fromEntries([...times].map(([k, v]) => [k, { medianMs: median(v.wall), runsMs: v.wall, cpuMs: v.cpu }]))
      console.log(`\n### Import time with the AWS SDK already loaded (median of ${coldRuns} fresh processes)\n`)
      console.log(table(['module', '', 'median ms', 'range', 'main-thread CPU ms (range)'], rows))
      console.log(hostState(results, 'cold', t0))
      const d = times.get(PUBLISHED)
      if (d !== undefined && d.wall.length > 0) {
        const steal = (results.steal as Record<string, number> | undefined)?.cold
        const cpu = d.cpu.length === 0 ? '' : `; main-thread CPU ${fmtMs(median(d.cpu))} ms`
        verdicts.push(`import time: ${fmtMs(median(d.wall))} ms (target ≤ 15 ms): ${median(d.wall) <= 15 ? 'met' : 'NOT met'}${cpu}${steal === undefined ? '' : ` (host steal ${steal.toFixed(1)}%)`}`)
      }
    }
  }

  results.verdicts = verdicts
  results.contenders = Object.fromEntries(contenderIds.map((id) => [id, built.get(id) ?? 'built']))
  writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2))
  console.log(`\n### Targets\n`)
  for (const v of verdicts) console.log(`- ${v}`)
  if (missing.length > 0) console.log(`- not yet available: ${missing.join(', ')}`)
  console.log(`\nThe machine is shared (other processes run at the same time): absolute figures are noisy; ratios are steadier.`)
  console.log(`Results written to .bench-out/results.json`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})

/**
 * One measurement in one fresh process (spawned by `bench/main.ts`, from an esbuild bundle
 * in `.bench-out/bundle/`). Prints one JSON line on stdout.
 *
 *   child cpu  <workload> <contender> [--quick]
 *   child e2e  <workload> <contender> <endpoint> <tag> [--quick]
 *   child stub <workload> <contender>   (an end-to-end workload against a stand-in client)
 *   child stream <workload> <contender> <endpoint> <table prefix>   (the streamed table, seeded by main)
 *   child cold <module specifier or file path> [modules loaded before, untimed…]
 *   child loop <workload> <contender> <seconds>   (for `node --cpu-prof`: just run the operation)
 *
 * Only the contender under test is loaded: each contender is its own bundle, imported by a
 * path computed at run time.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { createTable, deleteTable, makeClient, stubClient } from './e2eCommon.js'
import { ORDER_PAGE, ORDER_WALK, ORDER_WALKS, STREAM_COUNT, consume, cpuWorkloads, e2eWorkloads, measureCpu, median, streamWorkloads, sunk, timing, type Contender, type CpuWorkload, type E2eWorkload, type StreamWorkload } from './shared.js'

const print = (o: unknown): void => {
  process.stdout.write(JSON.stringify(o) + '\n')
}

const loadContender = async (id: string): Promise<Contender> => {
  const url = new URL(`./${id}.mjs`, import.meta.url).href
  const mod = (await import(url)) as { contender: Contender }
  return mod.contender
}

const cpu = async (workload: string, id: string, quick: boolean): Promise<void> => {
  if (!(cpuWorkloads as ReadonlyArray<string>).includes(workload)) throw new Error(`unknown workload ${workload}`)
  const c = await loadContender(id)
  const factory = c.cpu[workload as CpuWorkload]
  if (factory === undefined) return print({ mode: 'cpu', workload, contender: id, unavailable: true })
  const op = factory()
  const samples = measureCpu(op, timing(quick))
  print({ mode: 'cpu', workload, contender: id, nsPerOp: median(samples.cpuNs), wallNsPerOp: median(samples.wallNs), samples: samples.cpuNs, sink: typeof sunk() })
}

const loop = async (workload: string, id: string, seconds: number): Promise<void> => {
  const c = await loadContender(id)
  const factory = c.cpu[workload as CpuWorkload]
  if (factory === undefined) return print({ mode: 'loop', workload, contender: id, unavailable: true })
  const op = factory()
  const t0 = performance.now()
  let n = 0
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 64; i++) consume(op())
    n += 64
  }
  print({ mode: 'loop', workload, contender: id, ops: n })
}

/** What each end-to-end run must report having done (else the figure would not be comparable). */
const expected: Record<E2eWorkload, number> = {
  'getOne x2000': 2000,
  'saveOne x2000': 2000,
  'saveOne versioned x2000': 2000,
  'saveMany 10000': 10_000,
  'getMany query 1000/100': 1000,
  'page x200 of 20': ORDER_WALKS * ORDER_WALK * ORDER_PAGE,
}

/**
 * Runs of a workload per process, the median reported: the query reads 1,000 items in a
 * short run, whose figure a GC cycle more or less moves a lot. getOne and saveOne are judged
 * against a 5% line: their first run after the warm-up costs every client more than the next
 * ones (V8 still compiling the SDK's code, the young generation regrowing after the forced
 * GC), so three runs, and the first one's figure is reported too. saveMany's one run is long
 * enough for its 20% line. The pages of 20 (200 requests a run, ~a tenth of getOne's) run 7 times.
 */
const repeats: Record<E2eWorkload, number> = { 'getOne x2000': 3, 'saveOne x2000': 3, 'saveOne versioned x2000': 3, 'saveMany 10000': 1, 'getMany query 1000/100': 15, 'page x200 of 20': 7 }

/** The least CPU time of the warm-up of an end-to-end run. */
const E2E_WARM_CPU_MS = 1000

const cpuSince = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start)
  return (d.user + d.system) / 1000
}

const e2e = async (workload: string, id: string, endpoint: string, tag: string, quick: boolean): Promise<void> => {
  if (!(e2eWorkloads as ReadonlyArray<string>).includes(workload)) throw new Error(`unknown workload ${workload}`)
  const c = await loadContender(id)
  const factory = c.e2e[workload as E2eWorkload]
  if (factory === undefined) return print({ mode: 'e2e', workload, contender: id, unavailable: true })
  const prefix = `b${tag}_`
  const table = `${prefix}bench`
  const admin = makeClient(endpoint)
  await createTable(admin, table)
  try {
    const w = await factory({ endpoint, table, prefix })
    try {
      // warm-up: at least twice, and until 1 s of CPU (as the CPU workloads: the JIT settles)
      const w0 = process.cpuUsage()
      for (let i = 0; i < (quick ? 1 : 2) || (!quick && cpuSince(w0) < E2E_WARM_CPU_MS); i++) await w.warmup()
      const g = (globalThis as { gc?: () => void }).gc
      if (g !== undefined) g()
      const cpus: number[] = []
      const walls: number[] = []
      const reps = quick ? 1 : repeats[workload as E2eWorkload]
      for (let i = 0; i < reps; i++) {
        const c0 = process.cpuUsage()
        const t0 = performance.now()
        const count = await w.run()
        walls.push(performance.now() - t0)
        const d = process.cpuUsage(c0)
        cpus.push((d.user + d.system) / 1000)
        if (count !== expected[workload as E2eWorkload]) throw new Error(`${id} ${workload}: ${count} items, expected ${expected[workload as E2eWorkload]}`)
      }
      print({ mode: 'e2e', workload, contender: id, cpuMs: median(cpus), wallMs: median(walls), count: expected[workload as E2eWorkload], repeats: reps, runsCpuMs: cpus })
    } finally {
      w.close()
    }
  } finally {
    await deleteTable(admin, table)
    admin.destroy()
  }
}

/**
 * One streaming workload against the streamed table (seeded once by main): warm-up (a read of
 * the first items, until 1 s of CPU), a forced GC, then one measured run of every item: the
 * client CPU, the wall time, and the process's memory growth over the run (the peaks of RSS
 * and of the V8 heap in use, sampled every 2 ms and once when the run ends, less their values
 * right before it).
 */
const stream = async (workload: string, id: string, endpoint: string, prefix: string, quick: boolean): Promise<void> => {
  if (!(streamWorkloads as ReadonlyArray<string>).includes(workload)) throw new Error(`unknown workload ${workload}`)
  const c = await loadContender(id)
  const factory = c.stream?.[workload as StreamWorkload]
  if (factory === undefined) return print({ mode: 'stream', workload, contender: id, unavailable: true })
  const w = await factory({ endpoint, table: `${prefix}bench`, prefix })
  try {
    const w0 = process.cpuUsage()
    for (let i = 0; i < (quick ? 1 : 2) || (!quick && cpuSince(w0) < E2E_WARM_CPU_MS); i++) await w.warmup()
    const g = (globalThis as { gc?: () => void }).gc
    if (g !== undefined) g()
    const base = process.memoryUsage()
    let rss = base.rss
    let heap = base.heapUsed
    const sample = (): void => {
      const m = process.memoryUsage()
      if (m.rss > rss) rss = m.rss
      if (m.heapUsed > heap) heap = m.heapUsed
    }
    const timer = setInterval(sample, 2)
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    let count: number
    try {
      count = await w.run()
    } finally {
      clearInterval(timer)
    }
    const wallMs = performance.now() - t0
    const d = process.cpuUsage(c0)
    sample()
    if (count !== STREAM_COUNT) throw new Error(`${id} ${workload}: ${count} items, expected ${STREAM_COUNT}`)
    print({ mode: 'stream', workload, contender: id, cpuMs: (d.user + d.system) / 1000, wallMs, rssGrowthMb: (rss - base.rss) / 2 ** 20, heapGrowthMb: (heap - base.heapUsed) / 2 ** 20, count })
  } finally {
    w.close()
  }
}

const cold = async (target: string, preload: ReadonlyArray<string>): Promise<void> => {
  // the AWS SDK is already loaded, as in a Lambda that uses it anyway
  await import('@aws-sdk/client-dynamodb')
  await import('@aws-sdk/util-dynamodb')
  // and, for some rows, what the application has loaded already (its io-ts codecs)
  for (const p of preload) await import(p)
  // let the work those loads leave behind (V8's background compilation and GC) settle first,
  // so that it does not land in the timed import
  await new Promise((resolve) => setTimeout(resolve, 200))
  const spec = target.startsWith('/') ? pathToFileURL(target).href : target
  threadCpuMs() // its first call compiles it and opens the file
  const c0 = threadCpuMs()
  const t0 = performance.now()
  const mod = (await import(spec)) as Record<string, unknown>
  const ms = performance.now() - t0
  const c1 = threadCpuMs()
  print({ mode: 'cold', target, ms, cpuMs: c0 === undefined || c1 === undefined ? undefined : c1 - c0, exports: Object.keys(mod).length })
}

/**
 * The main thread's own CPU time in ms (Linux: `/proc/self/task/<pid>/schedstat`), or
 * undefined elsewhere. The kernel brings the figure of a running thread up to date when it
 * is switched out, so a 50 µs futex wait comes first. Unlike wall time it leaves out the time
 * other processes hold the cores; unlike `process.cpuUsage` it leaves out V8's compiler and
 * GC threads.
 */
const threadCpuMs = (): number | undefined => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0.05)
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
  } catch {
    return undefined
  }
}

/**
 * One end-to-end workload against `stubClient` (no network, no SDK middleware): the CPU
 * time of the library's own work per run, the median of `runs` runs after warm-up.
 */
const stub = async (workload: string, id: string, quick: boolean): Promise<void> => {
  if (!(e2eWorkloads as ReadonlyArray<string>).includes(workload)) throw new Error(`unknown workload ${workload}`)
  const c = await loadContender(id)
  const factory = c.e2e[workload as E2eWorkload]
  if (factory === undefined) return print({ mode: 'stub', workload, contender: id, unavailable: true })
  const w = await factory({ endpoint: 'http://stub.invalid', table: 'bench', prefix: '', client: stubClient() })
  try {
    const t0 = process.cpuUsage()
    const warmCpuMs = quick ? 300 : 1500
    const cpuSince = (c0: NodeJS.CpuUsage): number => {
      const d = process.cpuUsage(c0)
      return (d.user + d.system) / 1000
    }
    let warm = 0
    while (cpuSince(t0) < warmCpuMs || warm < 3) {
      await w.run()
      warm++
    }
    const runs: number[] = []
    for (let i = 0; i < (quick ? 5 : 15); i++) {
      const c0 = process.cpuUsage()
      const count = await w.run()
      runs.push(cpuSince(c0))
      if (count !== expected[workload as E2eWorkload]) throw new Error(`${id} ${workload} (stub): ${count} items, expected ${expected[workload as E2eWorkload]}`)
    }
    print({ mode: 'stub', workload, contender: id, cpuMs: median(runs), runsCpuMs: runs })
  } finally {
    w.close()
  }
}

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const [mode, a, b, c, d] = args.filter((x) => x !== '--quick')
  if (mode === 'cpu' && a !== undefined && b !== undefined) return cpu(a, b, quick)
  if (mode === 'e2e' && a !== undefined && b !== undefined && c !== undefined && d !== undefined) return e2e(a, b, c, d, quick)
  if (mode === 'stub' && a !== undefined && b !== undefined) return stub(a, b, quick)
  if (mode === 'stream' && a !== undefined && b !== undefined && c !== undefined && d !== undefined) return stream(a, b, c, d, quick)
  if (mode === 'cold' && a !== undefined) return cold(a, args.filter((x) => x !== '--quick').slice(2))
  if (mode === 'loop' && a !== undefined && b !== undefined) return loop(a, b, Number(c ?? 5))
  throw new Error(`usage: child cpu|e2e|cold …, got ${args.join(' ')}`)
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(1)
  },
)

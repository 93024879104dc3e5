/**
 * One end-to-end workload of several contenders in one process through a real `DynamoDBClient`
 * whose request handler answers `{}` at once (every middleware of the SDK: signing,
 * serializing, parsing; no network, no server): `ab.ts` without DynamoDB Local, for the
 * writes whose answer is empty (`saveOne x2000`, `saveOne versioned x2000`). The handler's
 * class is named `NodeHttpHandler` and takes the abort signal as Node's handler does (a light
 * signal's `onabort`), so dynamongo's time limit runs its real path. Runs alternated (rotated,
 * reversed every other round) and each paired with the first contender's of its round;
 * `--only=<contender>` runs one alone, for `node --cpu-prof`. A contender is a module of bench/
 * exporting `contender`, or `module.js:name` for another export (as `ab.ts`).
 *
 *   npx tsx bench/abAnswering.ts 'saveOne versioned x2000' [rounds=30] [floor,dynamongo,…]
 */
import { Readable } from 'node:stream'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { loadavg } from 'node:os'
import { e2eWorkloads, type Contender, type E2eWorkload } from './shared.js'
import { at, cpuUs, pairedRatio, roundOrder, trimmedMean } from './stats.js'

const args = process.argv.slice(2)
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const [workload, roundsArg, list = 'floor,dynamongo'] = args.filter((a) => !a.startsWith('--'))
if (workload === undefined || !(e2eWorkloads as ReadonlyArray<string>).includes(workload)) {
  throw new Error(`usage: abAnswering.ts <workload> [rounds] [a,b,…] [--only=contender]; workloads: ${e2eWorkloads.join(', ')}`)
}
const rounds = Number(roundsArg ?? 30)

const noop = (): void => undefined

/** Answers `{}` at once, listening on the request's signal as the SDK's Node handler does. */
class NodeHttpHandler {
  async handle(_req: unknown, options?: { abortSignal?: { addEventListener?: unknown; onabort?: unknown } }) {
    const signal = options?.abortSignal
    if (signal !== undefined && typeof signal.addEventListener !== 'function') signal.onabort = noop
    return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{}')]) } }
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): object {
    return {}
  }
}

const ids = only === undefined ? list.split(',') : [only]
const runs: Array<() => Promise<number>> = []
for (const id of ids) {
  const [file, name = 'contender'] = id.includes(':') ? id.split(':') : [`${id}.js`]
  // a path computed at run time (as child.ts's): the module bundled alone still loads its contenders
  const contender = ((await import(new URL(file as string, import.meta.url).href)) as Record<string, Contender>)[name as string]
  if (contender === undefined) throw new Error(`bench/${file} exports no ${name}`)
  const factory = contender.e2e[workload as E2eWorkload]
  if (factory === undefined) throw new Error(`${id} has no ${workload}`)
  const client = new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler() as never,
    maxAttempts: 3,
  })
  const r = await factory({ endpoint: 'http://127.0.0.1:1', table: 'bench', prefix: '', client })
  for (let i = 0; i < 4; i++) await r.warmup()
  await r.run()
  runs.push(r.run)
}

const cpuOf = async (run: () => Promise<number>): Promise<number> => {
  const c = cpuUs()
  await run()
  return (cpuUs() - c) / 1000
}

const [before = 0] = loadavg()
const cpu: number[][] = ids.map(() => [])
for (let r = 0; r < rounds; r++) {
  for (const i of roundOrder([...ids.keys()], r)) (cpu[i] as number[]).push(await cpuOf(runs[i] as () => Promise<number>))
}
const [after = 0] = loadavg()
console.log(`${workload}, ${rounds} rounds in one process, answered at once; load average ${before.toFixed(2)} before, ${after.toFixed(2)} after`)
for (const [i, id] of ids.entries()) console.log(`${id}: ${at(cpu[i] as number[], 0.5).toFixed(1)} ms of CPU a run (median)`)
const x = cpu[0] as number[]
for (const [i, id] of ids.entries()) {
  if (i === 0) continue
  const y = cpu[i] as number[]
  const ratios = y.map((v, k) => v / (x[k] as number))
  console.log(`${id} / ${ids[0]}, paired: median ${at(ratios, 0.5).toFixed(3)} (interquartile ${at(ratios, 0.25).toFixed(3)}–${at(ratios, 0.75).toFixed(3)}), trimmed means ${pairedRatio(x, y, trimmedMean)}`)
}

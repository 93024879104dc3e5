/**
 * What the runtime of DESIGN §5.5 costs a request, without a network: `Dynamo.getOne` and
 * `Dynamo.saveOne` through a real `DynamoDBClient` (every middleware of the SDK) whose HTTP
 * handler answers at once (and, as Node's handler does, listens to the request's abort
 * signal until it settles). Three Envs, their runs alternated in one process, the client CPU
 * of each run paired with the bare one's of the same round:
 *
 * - bare: no time limit (`timeoutMs: Infinity`) and no listener (a request is the SDK's
 *   promise with a handler each way: no time limit, no events);
 * - limit: `Env.make`'s defaults (a 5,000 ms limit per attempt through a shared deadline; the
 *   handler here is not the SDK's Node one, so the SDK is handed an `AbortSignal`, the path of
 *   any client with a handler of its own);
 * - limit + on: the limit and a listener that counts the events.
 *
 *   npx tsx bench/runtimeStub.ts [rounds=21]
 */
import { Readable } from 'node:stream'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../lib/run/Dynamo.js'
import * as Env from '../lib/run/Env.js'
import * as Model from '../lib/model/Model.js'
import { median } from './shared.js'

const rounds = Number(process.argv[2] ?? 21)

const User = Model.make({ table: 'users', hashKey: 'pk', codec: t.type({ pk: t.string, name: t.string, age: t.number }) })
const item = { pk: 'u1', name: 'Jane', age: 30 }
const answer = (target: string): string =>
  target.endsWith('.GetItem') ? JSON.stringify({ Item: { pk: { S: 'u1' }, name: { S: 'Jane' }, age: { N: '30' } } }) : '{}'

const noop = (): void => undefined

/** Answers at once; holds a listener on the abort signal while it works, as Node's handler does. */
const handler = {
  handle: async (req: { headers: Record<string, string> }, options?: { abortSignal?: AbortSignal }) => {
    options?.abortSignal?.addEventListener('abort', noop, { once: true })
    const body = Readable.from([Buffer.from(answer(req.headers['x-amz-target'] ?? ''))])
    options?.abortSignal?.removeEventListener('abort', noop)
    return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body } }
  },
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
}

let heard = 0
const variants: Record<string, Env.MakeOptions> = {
  bare: { timeoutMs: Infinity },
  limit: {},
  'limit + on': { on: () => void heard++ },
}

const envOf = (options: Env.MakeOptions): Env.Env =>
  Env.make({
    ...options,
    client: new DynamoDBClient({
      region: 'us-east-2',
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: handler as never,
      maxAttempts: 1,
      logger: Env.make().client.config.logger,
    }),
  })

const ops = {
  getOne: (env: Env.Env) => Dynamo.getOne(User, 'u1')(env)(),
  saveOne: (env: Env.Env) => Dynamo.saveOne(User, item)(env)(),
}

const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const main = async (): Promise<void> => {
  const us = new Map<string, number[]>()
  const envs = Object.fromEntries(Object.entries(variants).map(([k, o]) => [k, envOf(o)]))
  const names = Object.keys(variants)
  for (let r = 0; r < rounds; r++) {
    for (const [op, run] of Object.entries(ops)) {
      const order = r % 2 === 0 ? names : [...names].reverse()
      for (const name of order) {
        const env = envs[name] as Env.Env
        for (let i = 0; i < 300; i++) await run(env)
        const n = 3000
        const t0 = cpuMs()
        for (let i = 0; i < n; i++) {
          const x = await run(env)
          if (E.isLeft(x)) throw new Error(JSON.stringify(x.left))
        }
        const key = `${op}\u0000${name}`
        us.set(key, [...(us.get(key) ?? []), ((cpuMs() - t0) * 1000) / n])
      }
    }
  }
  console.log(`\n| operation | ${names.map((n) => `${n}, µs`).join(' | ')} | ${names.slice(1).map((n) => `${n} / bare, paired`).join(' | ')} |`)
  console.log(`|---|${names.map(() => '--:').join('|')}|${names.slice(1).map(() => '--:').join('|')}|`)
  for (const op of Object.keys(ops)) {
    const base = us.get(`${op}\u0000bare`) ?? []
    const cells = names.map((n) => median(us.get(`${op}\u0000${n}`) ?? []).toFixed(1))
    const ratios = names.slice(1).map((n) => median((us.get(`${op}\u0000${n}`) ?? []).map((x, i) => x / (base[i] as number))).toFixed(3))
    console.log(`| ${op} | ${cells.join(' | ')} | ${ratios.join(' | ')}× |`)
  }
  console.log(`\nCPU per operation, medians of ${rounds} rounds of 3,000 (node ${process.version}; ${heard} events heard).`)
  for (const env of Object.values(envs)) env.client.destroy()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})

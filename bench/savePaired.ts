/**
 * Where a versioned saveOne's client CPU goes beyond the raw loop's, part by part, resolved to
 * a few µs a save: the saves of `saveOne versioned x2000` through real `DynamoDBClient`s whose
 * handler answers `{}` at once (every middleware of the SDK; no network), the contenders taking
 * turns of `burst` saves one after another (their order rotated by round, `roundOrder`), each
 * turn's CPU per save paired with the raw loop's turn of the same round. Turns of several saves
 * keep what saves awaited one after another share (the deadline's timer, `send.ts`). The
 * contenders:
 *
 * - `raw`: the raw loop's request (`floor.ts`), `client.send`;
 * - `rawSignal`: the same, handed the light signal dynamongo hands the SDK's Node handler (what
 *   the SDK itself does with a signal: its retry middleware races its token against it);
 * - `built`: the request as `saveOne` builds it (`stamp`, `Model.encode`, `putItem`), `client.send`;
 * - `bare`: `Dynamo.saveOne` with no time limit (`timeoutMs: Infinity`);
 * - `dynamongo`: `Dynamo.saveOne` with `Env.make`'s defaults.
 *
 * Reported: each contender's trimmed mean per save, and the trimmed mean of its difference with
 * `raw` by round with a 95% bootstrap interval. `--turn` answers each request on the next turn
 * of the event loop, as a socket's answer comes.
 *
 *   npx tsx bench/savePaired.ts [rounds=1500] [burst=10] [--turn]
 */
import { Readable } from 'node:stream'
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Command from '../lib/compile/Command.js'
import * as Model from '../lib/model/Model.js'
import * as Dynamo from '../lib/run/Dynamo.js'
import * as Env from '../lib/run/Env.js'
import { VersionedWide } from './dynamongo.js'
import { toAv } from './e2eCommon.js'
import { wideItem } from './shared.js'
import { bootstrap, roundOrder, trimmedMean } from './stats.js'

const args = process.argv.slice(2)
const turn = args.includes('--turn')
const [roundsArg, burstArg] = args.filter((a) => !a.startsWith('--'))
const rounds = Number(roundsArg ?? 1500)
const burst = Number(burstArg ?? 10)

const noop = (): void => undefined
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Answers `{}` (at once, or on the next turn), listening on the request's light signal as the SDK's Node handler does. */
class NodeHttpHandler {
  async handle(_req: unknown, options?: { abortSignal?: { addEventListener?: unknown; onabort?: unknown } }) {
    const signal = options?.abortSignal
    if (signal !== undefined && typeof signal.addEventListener !== 'function') signal.onabort = noop
    if (turn) await nextTurn()
    return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{}')]) } }
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): object {
    return {}
  }
}

const client = (): DynamoDBClient =>
  new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler() as never,
    maxAttempts: 3,
  })

const ok = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`savePaired: ${JSON.stringify(e.left)}`)
  return e.right
}

/** The raw loop's request (`floor.ts`). */
const rawCommand = (i: number): PutItemCommand => {
  const Item = toAv(wideItem(i))
  Item['version'] = { N: '1' }
  return new PutItemCommand({ TableName: 'bench', Item, ConditionExpression: 'attribute_not_exists(#n0)', ExpressionAttributeNames: { '#n0': 'pk' }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
}

const raw = client()
const signalled = client()
const builtClient = client()
const env = Env.make({ client: client() })
const bareEnv = Env.make({ client: client(), timeoutMs: Infinity })

const contenders: Record<string, (i: number) => Promise<unknown>> = {
  raw: (i) => raw.send(rawCommand(i)),
  rawSignal: (i) => signalled.send(rawCommand(i), { abortSignal: { aborted: false, reason: undefined, onabort: null } as never }),
  built: (i) => {
    const now = env.now()
    const enc = ok(Model.encode(VersionedWide, ok(Command.stamp(VersionedWide, wideItem(i), now))))
    return builtClient.send(new PutItemCommand(ok(Command.putItem(VersionedWide, 'bench', enc.stored, undefined, now))))
  },
  bare: async (i) => ok(await Dynamo.saveOne(VersionedWide, wideItem(i))(bareEnv)()),
  dynamongo: async (i) => ok(await Dynamo.saveOne(VersionedWide, wideItem(i))(env)()),
}
const names = Object.keys(contenders)

let next = 0
const turnOf = async (name: string): Promise<number> => {
  const save = contenders[name] as (i: number) => Promise<unknown>
  const c = process.cpuUsage()
  for (let b = 0; b < burst; b++) await save(next++)
  const d = process.cpuUsage(c)
  return (d.user + d.system) / burst
}

for (let w = 0; w < 300; w++) for (const n of names) await turnOf(n)
const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
for (let r = 0; r < rounds; r++) for (const n of roundOrder(names, r)) (us[n] as number[]).push(await turnOf(n))

const base = us['raw'] as number[]
console.log(`saveOne versioned through an answering client${turn ? ' (each answer on the next turn)' : ''}: ${rounds} rounds of ${burst} saves each, µs of CPU a save`)
for (const n of names) {
  const xs = us[n] as number[]
  const d = bootstrap(
    xs.map((x, i) => x - (base[i] as number)),
    trimmedMean,
  )
  console.log(`${n.padEnd(10)} ${trimmedMean(xs).toFixed(1).padStart(6)}${n === 'raw' ? '' : `, minus raw ${d.value.toFixed(2)} (95% ${d.low.toFixed(2)}..${d.high.toFixed(2)})`}`)
}

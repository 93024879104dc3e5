/**
 * Faults on purpose, for specs: SDK middleware added to a real `DynamoDBClient`.
 *
 * `injectFaults(client, options)` makes a share of the client's `BatchWriteItem` and
 * `BatchGetItem` calls go wrong, drawn from a seeded RNG (reproducible):
 *
 * - `unprocessed` (default 20%): only a random part of the request really goes to
 *   DynamoDB; the rest comes back as `UnprocessedItems` / `UnprocessedKeys`, as DynamoDB
 *   does under load;
 * - `throttle` (default 5%): `ProvisionedThroughputExceededException`, nothing sent;
 * - `serverError` (default 1%): `InternalServerError` (HTTP 500); a share of them
 *   (`serverErrorAfterSend`, default 0) after the request did reach DynamoDB, as when a
 *   response is lost: the write happened, the client is told it failed.
 *
 * The middleware sits in the `initialize` step, before the SDK's own retry middleware:
 * the SDK does not retry injected faults, so dynamongo's engine must.
 *
 * `countRequests(client)` counts the commands a client is asked to send, by name.
 */
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  type BatchGetItemCommandInput,
  type BatchGetItemCommandOutput,
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type KeysAndAttributes,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'

// -------------------------------------------------------------------------------------
// seeded randomness
// -------------------------------------------------------------------------------------

/** mulberry32: a small, good-enough seeded generator of numbers in [0, 1). */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// -------------------------------------------------------------------------------------
// faults
// -------------------------------------------------------------------------------------

export interface FaultOptions {
  readonly seed?: number
  /** Share of batch calls answered with part of the request unprocessed. Default 0.2. */
  readonly unprocessed?: number
  /** Share of batch calls failing with `ProvisionedThroughputExceededException`. Default 0.05. */
  readonly throttle?: number
  /** Share of batch calls failing with `InternalServerError`. Default 0.01. */
  readonly serverError?: number
  /** Share of the server errors raised after the request reached DynamoDB. Default 0. */
  readonly serverErrorAfterSend?: number
}

export interface FaultStats {
  /** Batch calls seen, by command. */
  readonly calls: { BatchWriteItem: number; BatchGetItem: number }
  /** Calls answered with part of the request unprocessed. */
  partial: number
  /** Requests (items or keys) handed back unprocessed by those calls. */
  deferred: number
  throttled: number
  serverErrors: number
  /** Of `serverErrors`, those raised after the request reached DynamoDB. */
  serverErrorsAfterSend: number
}

export const totalFaults = (s: FaultStats): number => s.partial + s.throttled + s.serverErrors

let counter = 0

/** Pick a random part of `as`: at most `as.length - 1` elements (possibly none), order kept. */
const split = <A>(as: ReadonlyArray<A>, random: () => number): { readonly sent: Array<A>; readonly rest: Array<A> } => {
  const keep = Math.floor(random() * as.length) // 0 .. n-1
  const chosen = new Set<number>()
  while (chosen.size < keep) chosen.add(Math.floor(random() * as.length))
  const sent: Array<A> = []
  const rest: Array<A> = []
  as.forEach((a, i) => (chosen.has(i) ? sent : rest).push(a))
  return { sent, rest }
}

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded (injected)',
    $metadata: { httpStatusCode: 400 },
  })

const serverError = () => new InternalServerError({ message: 'Internal server error (injected)', $metadata: { httpStatusCode: 500 } })

/** Add the fault-injecting middleware to `client`; the returned stats count what it did. */
export const injectFaults = (client: DynamoDBClient, options: FaultOptions = {}): FaultStats => {
  const random = seeded(options.seed ?? 42)
  const pUnprocessed = options.unprocessed ?? 0.2
  const pThrottle = options.throttle ?? 0.05
  const pServer = options.serverError ?? 0.01
  const pAfter = options.serverErrorAfterSend ?? 0
  const stats: FaultStats = {
    calls: { BatchWriteItem: 0, BatchGetItem: 0 },
    partial: 0,
    deferred: 0,
    throttled: 0,
    serverErrors: 0,
    serverErrorsAfterSend: 0,
  }
  type Next = (args: { input: unknown }) => Promise<{ output: unknown; response: unknown }>
  const middleware =
    (next: Next, context: { commandName?: string }) =>
    async (args: { input: unknown }): Promise<{ output: unknown; response: unknown }> => {
      const name = context.commandName
      if (name !== 'BatchWriteItemCommand' && name !== 'BatchGetItemCommand') return next(args)
      const isWrite = name === 'BatchWriteItemCommand'
      stats.calls[isWrite ? 'BatchWriteItem' : 'BatchGetItem']++
      const roll = random()
      if (roll < pServer) {
        stats.serverErrors++
        if (random() < pAfter) {
          stats.serverErrorsAfterSend++
          await next(args)
        }
        throw serverError()
      }
      if (roll < pServer + pThrottle) {
        stats.throttled++
        throw throttled()
      }
      if (roll >= pServer + pThrottle + pUnprocessed) return next(args)
      stats.partial++
      return isWrite ? partialWrite(next, args.input as BatchWriteItemCommandInput) : partialGet(next, args.input as BatchGetItemCommandInput)
    }

  const partialWrite = async (next: Next, input: BatchWriteItemCommandInput) => {
    const send: Record<string, Array<WriteRequest>> = {}
    const rest: Record<string, Array<WriteRequest>> = {}
    for (const [table, reqs] of Object.entries(input.RequestItems ?? {})) {
      const s = split(reqs, random)
      if (s.sent.length > 0) send[table] = s.sent
      if (s.rest.length > 0) rest[table] = s.rest
      stats.deferred += s.rest.length
    }
    const base: BatchWriteItemCommandOutput =
      Object.keys(send).length === 0
        ? { $metadata: { httpStatusCode: 200 } }
        : ((await next({ input: { ...input, RequestItems: send } })).output as BatchWriteItemCommandOutput)
    const unprocessed = { ...(base.UnprocessedItems ?? {}) }
    for (const [table, reqs] of Object.entries(rest)) unprocessed[table] = [...(unprocessed[table] ?? []), ...reqs]
    return { output: { ...base, UnprocessedItems: unprocessed }, response: undefined }
  }

  const partialGet = async (next: Next, input: BatchGetItemCommandInput) => {
    const send: Record<string, KeysAndAttributes> = {}
    const rest: Record<string, KeysAndAttributes> = {}
    for (const [table, ka] of Object.entries(input.RequestItems ?? {})) {
      const s = split(ka.Keys ?? [], random)
      if (s.sent.length > 0) send[table] = { ...ka, Keys: s.sent }
      if (s.rest.length > 0) rest[table] = { ...ka, Keys: s.rest }
      stats.deferred += s.rest.length
    }
    const base: BatchGetItemCommandOutput =
      Object.keys(send).length === 0
        ? { $metadata: { httpStatusCode: 200 }, Responses: {} }
        : ((await next({ input: { ...input, RequestItems: send } })).output as BatchGetItemCommandOutput)
    const unprocessed = { ...(base.UnprocessedKeys ?? {}) }
    for (const [table, ka] of Object.entries(rest)) {
      const already = unprocessed[table]
      unprocessed[table] = already === undefined ? ka : { ...already, Keys: [...(already.Keys ?? []), ...(ka.Keys ?? [])] }
    }
    return { output: { ...base, UnprocessedKeys: unprocessed }, response: undefined }
  }

  client.middlewareStack.add(middleware as never, { step: 'initialize', name: `dynamongoFaults${counter++}`, priority: 'low' })
  return stats
}

// -------------------------------------------------------------------------------------
// counting
// -------------------------------------------------------------------------------------

export interface RequestCounter {
  /** Commands sent since the last reset. */
  readonly total: () => number
  /** Commands sent since the last reset, by name (`PutItem`, `BatchWriteItem`, …). */
  readonly byCommand: () => Readonly<Record<string, number>>
  readonly reset: () => void
}

/** Count the commands `client` is asked to send (every `client.send`, before any retry). */
export const countRequests = (client: DynamoDBClient): RequestCounter => {
  let counts: Record<string, number> = {}
  type Next = (args: unknown) => Promise<unknown>
  const middleware = (next: Next, context: { commandName?: string }) => (args: unknown) => {
    const name = (context.commandName ?? 'Unknown').replace(/Command$/, '')
    counts[name] = (counts[name] ?? 0) + 1
    return next(args)
  }
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: `dynamongoRequestCounter${counter++}`, priority: 'high' })
  return {
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    byCommand: () => ({ ...counts }),
    reset: () => {
      counts = {}
    },
  }
}

/**
 * Stand-in DynamoDB endpoints on loopback, for what DynamoDB Local never does: an endpoint
 * that accepts connections and never answers (`silent`), one that answers every request
 * with the same error (`failing`: throttling, a 5xx), and one that gives each operation a
 * fixed answer (`answering`: a table that stays `CREATING`), and one that answers each request
 * by its operation and input (`serving`: a page held open, a write held). Each counts the requests it
 * receives, by operation (the `X-Amz-Target` header: `GetItem`, `BatchWriteItem`, …).
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface StandIn {
  readonly endpoint: string
  /** Requests received since the start, by operation. */
  readonly requests: () => Readonly<Record<string, number>>
  readonly total: () => number
  /** Connections open now (a request aborted by the client closes its own). */
  readonly open: () => number
  /** Stops listening and drops every open connection. */
  readonly close: () => Promise<void>
}

/** A stand-in answering each request (its operation and its body, the JSON input as sent) through `answer`. */
const listen = (answer: (target: string, res: ServerResponse, body: string) => void): Promise<StandIn> =>
  new Promise((resolve) => {
    const counts: Record<string, number> = {}
    const sockets = new Set<Socket>()
    const server: Server = createServer((req, res) => {
      const target = String(req.headers['x-amz-target'] ?? 'Unknown').replace(/^DynamoDB_\d+\./, '')
      counts[target] = (counts[target] ?? 0) + 1
      // decoded as a whole, not chunk by chunk: a character split between chunks stays whole
      req.setEncoding('utf8')
      let body = ''
      req.on('data', (d: string) => (body += d))
      req.on('end', () => answer(target, res, body))
    })
    server.on('connection', (s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        requests: () => ({ ...counts }),
        total: () => Object.values(counts).reduce((a, b) => a + b, 0),
        open: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })

/** Answers with HTTP `status` and `body` as JSON, as DynamoDB answers. */
const respond = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'STANDIN', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** DynamoDB's JSON error `name` (its body). */
export const error = (name: string, message = `${name} (stand-in)`): unknown => ({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message })

/** Accepts connections, reads requests, never answers. */
export const silent = (): Promise<StandIn> => listen(() => undefined)

/** Answers every request with HTTP `status` and DynamoDB's JSON error `name`. */
export const failing = (status: number, name: string): Promise<StandIn> => listen((_, res) => respond(res, status, error(name)))

/** What `serving`'s stand-in answers a request: an HTTP status and a JSON body. */
export interface Answer {
  readonly status: number
  readonly body: unknown
}

/** A request body as JSON, or `undefined` when it is none. */
const parsed = (body: string): Readonly<Record<string, unknown>> | undefined => {
  if (body === '') return {}
  try {
    const input: unknown = JSON.parse(body)
    return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Readonly<Record<string, unknown>>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Answers each request with what `answer` gives for its operation and its input (the request's
 * JSON body, parsed); `undefined` holds the request open, unanswered. A body that is no JSON object is
 * answered 400 `SerializationException`, as DynamoDB answers it, without asking `answer`.
 */
export const serving = (answer: (target: string, input: Readonly<Record<string, unknown>>) => Answer | undefined): Promise<StandIn> =>
  listen((target, res, body) => {
    const input = parsed(body)
    if (input === undefined) return respond(res, 400, error('SerializationException', 'the request body is no JSON object (stand-in)'))
    const a = answer(target, input)
    if (a !== undefined) respond(res, a.status, a.body)
  })

/**
 * Answers each request of an operation in `answers` with HTTP 200 and that JSON body (a
 * function: its result for the operation's `n`th request, from 1); any other with a 400
 * `ValidationException`.
 */
export const answering = (answers: Readonly<Record<string, unknown>>): Promise<StandIn> => {
  const seen: Record<string, number> = {}
  return listen((target, res) => {
    const known = Object.hasOwn(answers, target)
    const n = (seen[target] = (seen[target] ?? 0) + 1)
    const a = answers[target]
    respond(res, known ? 200 : 400, known ? (typeof a === 'function' ? (a as (n: number) => unknown)(n) : a) : error('ValidationException', `${target} (stand-in)`))
  })
}

/** `{ value }` of `p`, or `undefined` if it has not settled within `ms` (a liveness bound, not a timing). */
export const within = <A>(p: Promise<A>, ms: number): Promise<{ readonly value: A } | undefined> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  return Promise.race([p.then((value) => ({ value })), late]).finally(() => clearTimeout(timer))
}

/** Whether every connection to `s` has closed within `ms` (looked at every 10 ms; a liveness bound, not a timing). */
export const drained = async (s: StandIn, ms: number): Promise<boolean> => {
  const until = Date.now() + ms
  while (s.open() > 0) {
    if (Date.now() > until) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}

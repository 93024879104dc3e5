/**
 * A stand-in endpoint on loopback for what DynamoDB Local never does by itself: a proxy to
 * Local that may drop an answer (the request reaches Local and is applied, the client's
 * connection is cut before the answer), or answer a request itself (a conflict, a throttle).
 * It records every request it receives: its operation (`X-Amz-Target`) and JSON body.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Seen {
  readonly target: string
  readonly body: Record<string, unknown>
}

/**
 * What to do with a request: forward it and answer, forward it and cut the connection, forward
 * it and never answer (`hold-answer`: Local applies it, the client waits until its time limit or
 * its abort), or answer it without forwarding.
 */
export type Action = 'forward' | 'drop-answer' | 'hold-answer' | { readonly status: number; readonly body: Record<string, unknown> }

export interface Proxy {
  readonly endpoint: string
  readonly seen: ReadonlyArray<Seen>
  readonly close: () => Promise<void>
}

const readAll = (m: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    m.on('data', (c: Buffer) => chunks.push(c))
    m.on('end', () => resolve(Buffer.concat(chunks)))
    m.on('error', reject)
  })

/**
 * A proxy to `upstream` (Local's endpoint) deciding each request's fate with `decide` (its index
 * among all requests, from 0): an action, or a promise of one (the request waits at the proxy,
 * unsent to Local, until it settles). `answered` is told of each request Local has answered,
 * whatever the proxy then does with the answer (a held or dropped one included).
 */
export const proxy = (
  upstream: string,
  decide: (seen: Seen, index: number) => Action | Promise<Action>,
  answered?: (seen: Seen, index: number) => void,
): Promise<Proxy> =>
  new Promise((resolve) => {
    const seen: Seen[] = []
    const sockets = new Set<Socket>()
    const target = new URL(upstream)
    const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
      const raw = await readAll(req)
      const s: Seen = { target: String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, ''), body: raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) }
      seen.push(s)
      const index = seen.length - 1
      const action = await decide(s, index)
      if (typeof action === 'object') {
        const body = JSON.stringify(action.body)
        res.writeHead(action.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'STANDIN', 'content-length': Buffer.byteLength(body) })
        res.end(body)
        return
      }
      const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, async (answer) => {
        const out = await readAll(answer)
        answered?.(s, index)
        if (action === 'drop-answer') {
          req.socket.destroy()
          return
        }
        if (action === 'hold-answer') return
        res.writeHead(answer.statusCode ?? 500, answer.headers)
        res.end(out)
      })
      up.end(raw)
    })
    server.on('connection', (sock) => {
      sockets.add(sock)
      sock.on('close', () => sockets.delete(sock))
    })
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            for (const sock of sockets) sock.destroy()
            server.close(() => done())
          }),
      })
    })
  })

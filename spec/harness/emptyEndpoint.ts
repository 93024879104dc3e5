/**
 * An endpoint on loopback (a port picked at run time) that answers every request with `{}`, the
 * answer of a GetItem that finds no item, counting the requests that reach it: where a spec asks
 * whether a client's requests go where its Env says.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface EmptyEndpoint {
  readonly endpoint: string
  /** How many requests reached it so far. */
  readonly received: () => number
  readonly close: () => void
}

export const emptyEndpoint = async (): Promise<EmptyEndpoint> => {
  let received = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received++
      res.setHeader('content-type', 'application/x-amz-json-1.0')
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received: () => received, close: () => void server.close() }
}

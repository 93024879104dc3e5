/**
 * An endpoint on loopback that loses every first answer: it cuts the connection of every odd
 * request (1st, 3rd, …) once it has read it (the answer lost, the call maybe applied) and
 * answers `{}` to the others; with an Env of three attempts and no pause between them, for the
 * specs of what `Dynamo.send` sends again.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as Env from '../../lib/run/Env.js'

/** A request the endpoint read: its DynamoDB command (the `x-amz-target` without its prefix) and its body. */
export interface Seen {
  readonly target: string
  readonly body: Record<string, unknown>
}

/** A request's JSON body; one that is no JSON (the SDK writes a member given as null as nothing: `"ClientToken":}`) as `{ unparsed }`. */
const parsed = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    return { unparsed: text }
  }
}

/** The endpoint and its Env; `commands` holds the command of each event the Env tells. */
export const losing = async (): Promise<{
  readonly env: Env.Env
  readonly seen: Seen[]
  readonly commands: string[]
  readonly close: () => void
}> => {
  const seen: Seen[] = []
  const commands: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({ target: String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, ''), body: parsed(Buffer.concat(chunks).toString('utf8')) })
      if (seen.length % 2 === 1) {
        req.socket.destroy()
        return
      }
      res.setHeader('content-type', 'application/x-amz-json-1.0')
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const env = Env.make({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' },
    timeoutMs: 60_000,
    maxAttempts: 3,
    sleep: async () => undefined,
    on: (e) => void commands.push(e.command),
  })
  return { env, seen, commands, close: () => void server.close() }
}

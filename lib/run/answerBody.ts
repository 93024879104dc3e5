/**
 * The one check of an answer's body that the SDK's output cannot show: that a success's JSON is
 * an object. The SDK reads a 2xx whose body is `[]`, `"x"`, `42`, `null` or nothing as `{}`
 * (a GetItem's "no item", a put done, an empty page), so an endpoint that is not DynamoDB
 * (a proxy, a stand-in, a bug) would be believed. DynamoDB answers every request it served with
 * a JSON object, but for the operations whose output has no members (TagResource,
 * UntagResource), which it answers with an empty body: their answers are not checked. The
 * check looks at the body's first byte that is no white space, before the SDK reads the body,
 * and puts back what it read: the body is read once, as the SDK reads it.
 *
 * It sits on the clients `Env.make` builds (`checkAnswerBodies`); a client of the application's
 * stays as it is.
 *
 * @since 0.3.0
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { nonObjectBody } from './answer.js'

/**
 * What the check throws to the SDK for an answer it refuses: `send.classify` reads it as the
 * `InvalidAnswer` of `answer.unreadableAnswer(why)`.
 */
export class UnreadableAnswer extends Error {
  readonly why: string
  constructor(why: string) {
    super(why)
    this.name = 'InvalidAnswer'
    this.why = why
  }
}

/** What the check reads of an HTTP response: Node's `IncomingMessage`, which the SDK's handler gives. */
interface Body {
  readonly on: (event: string, listener: (...args: never[]) => void) => unknown
  readonly removeListener: (event: string, listener: (...args: never[]) => void) => unknown
  readonly pause: () => unknown
  readonly unshift: (chunk: Uint8Array) => unknown
  readonly destroy: () => unknown
}

const isBody = (b: unknown): b is Body =>
  typeof b === 'object' && b !== null && ['on', 'removeListener', 'pause', 'unshift', 'destroy'].every((k) => typeof (b as Record<string, unknown>)[k] === 'function')

/** The first byte of `chunk` that is no JSON white space, or `undefined`. */
const firstByte = (chunk: Uint8Array): number | undefined => {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i] as number
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b
  }
  return undefined
}

/**
 * The first byte of `body` that is no white space, or `undefined` for a body of none; the chunks
 * read up to it are put back, and the body paused (the SDK's reading resumes it). A body that
 * fails or closes before it is the request's failure, as the SDK's reading would take it.
 */
const peek = (body: Body): Promise<number | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Uint8Array> = []
    const stop = (): void => {
      body.removeListener('data', onData)
      body.removeListener('end', onEnd)
      body.removeListener('error', onError)
      body.removeListener('close', onClose)
    }
    const onData = (data: Uint8Array | string): void => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data
      chunks.push(chunk)
      const b = firstByte(chunk)
      if (b === undefined) return
      stop()
      body.pause()
      body.unshift(chunks.length === 1 ? chunk : Buffer.concat(chunks))
      resolve(b)
    }
    const onEnd = (): void => {
      stop()
      resolve(undefined)
    }
    const onError = (e: unknown): void => {
      stop()
      reject(e)
    }
    const onClose = (): void => {
      stop()
      reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    }
    body.on('data', onData)
    body.on('end', onEnd)
    body.on('error', onError)
    body.on('close', onClose)
  })

interface Response {
  readonly statusCode?: unknown
  readonly headers?: Readonly<Record<string, unknown>>
  readonly body?: unknown
}

/**
 * Whether a response is a success whose body the check reads: any 2xx, as the SDK reads any
 * status under 300 as a success. A body said to be encoded is read all the same: the SDK
 * decodes none, and an encoded body (gzip's starts with 0x1f) is no JSON object.
 */
const checked = (r: Response | undefined): r is Response & { readonly body: Body } =>
  typeof r?.statusCode === 'number' && r.statusCode >= 200 && r.statusCode < 300 && isBody(r.body)

/**
 * The operations whose output has no members (the SDK's models): DynamoDB answers them with an
 * empty body, which is their success.
 */
const noOutput: ReadonlySet<string> = new Set(['TagResourceCommand', 'UntagResourceCommand'])

type Out = { readonly response?: unknown }

const middleware =
  (next: (args: unknown) => Promise<Out>, context: { readonly commandName?: string }) =>
  (args: unknown): Promise<Out> =>
    next(args).then((out) => {
      const response = out.response as Response | undefined
      if (!checked(response) || (context.commandName !== undefined && noOutput.has(context.commandName))) return out
      // `{`: the body is an object, or no JSON at all (which the SDK refuses as it reads it)
      return peek(response.body).then((b) => {
        if (b === 0x7b) return out
        // nobody reads a refused body: destroyed, its connection is closed, not held out of the pool
        response.body.destroy()
        return Promise.reject(new UnreadableAnswer(nonObjectBody))
      })
    })

/**
 * Add the check of answers' bodies to `client`, between the SDK's handler and its reading of
 * the answer (its `deserialize` step, after the SDK's deserializer).
 */
export const checkAnswerBodies = (client: DynamoDBClient): void => {
  client.middlewareStack.add(middleware as never, { step: 'deserialize', priority: 'low', name: 'dynamongoAnswerBody' })
}

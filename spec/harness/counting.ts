/**
 * An Env over a client that answers every command at once as DynamoDB answers it on an empty
 * table (an empty output; a Query's or Scan's no items, a batch's nothing unprocessed: the
 * members DynamoDB always sends) and keeps each command it is sent, for specs that check what
 * is sent (or that nothing is) without an endpoint. Retries do not wait (`sleep` returns at once).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as DE from '../../lib/DynamoError.js'
import * as Env from '../../lib/run/Env.js'
import type { Op } from '../../lib/run/op.js'

/** The members DynamoDB always sends in its answer to a command, by the command's class name. */
const always: Readonly<Record<string, object>> = {
  QueryCommand: { Items: [], Count: 0, ScannedCount: 0 },
  ScanCommand: { Items: [], Count: 0, ScannedCount: 0 },
  BatchGetItemCommand: { Responses: {}, UnprocessedKeys: {} },
  BatchWriteItemCommand: { UnprocessedItems: {} },
}

export const counting = <C = unknown>(): { readonly env: Env.Env; readonly sent: C[] } => {
  const sent: C[] = []
  const env = Env.make({
    client: {
      send: async (c: C) => {
        sent.push(c)
        const name = (c as { constructor?: { name?: string } }).constructor?.name ?? ''
        return { $metadata: {}, ...(Object.prototype.hasOwnProperty.call(always, name) ? always[name] : {}) }
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })
  return { env, sent }
}

/** The first page of a `pages` stream (or its end, `undefined`) as an operation. */
export const firstPage =
  <A>(ps: (env: Env.Env) => AsyncIterable<E.Either<DE.DynamoError, A>>): Op<A | undefined> =>
  (env) =>
  async () => {
    for await (const p of ps(env)) return p
    return E.right(undefined)
  }

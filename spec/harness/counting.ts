/**
 * An Env over a client that answers every command at once with an empty output and keeps
 * each command it is sent, for specs that check what is sent (or that nothing is) without
 * an endpoint. Retries do not wait (`sleep` returns at once).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Env from '../../lib/run/Env.js'

export const counting = <C = unknown>(): { readonly env: Env.Env; readonly sent: C[] } => {
  const sent: C[] = []
  const env = Env.make({
    client: { send: async (c: C) => (sent.push(c), { $metadata: {} }) } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })
  return { env, sent }
}

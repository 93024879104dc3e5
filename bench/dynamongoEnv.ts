/**
 * dynamongo as an application writes it: the same end-to-end runs as `dynamongo.ts`, with
 * the client `Env.make` builds itself (`Env.make({ endpoint, region, credentials })`), whose
 * logger spares the SDK the log records its default logger has it build (bench/sdkLogger.ts).
 * Reported beside the runs with the client every contender shares; the targets are judged on
 * those.
 */
import * as Env from '../lib/run/Env.js'
import { e2eWith } from './dynamongo.js'
import type { Contender, E2eContext } from './shared.js'

/** The Env of an application that lets `Env.make` build its client, against DynamoDB Local. */
export const ownClient = (ctx: E2eContext) => {
  if (ctx.client !== undefined) throw new Error('dynamongoEnv runs against DynamoDB Local only')
  const env = Env.make({
    endpoint: ctx.endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    tablePrefix: ctx.prefix,
  })
  return { env, close: () => env.client.destroy() }
}

export const contender: Contender = {
  id: 'dynamongoEnv',
  label: "dynamongo, Env.make's own client",
  version: 'dynamongo (working tree)',
  cpu: {},
  e2e: e2eWith(ownClient),
}

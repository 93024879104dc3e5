/**
 * `dynamongoEnv.ts` with the answer-body check (lib/run/answerBody.ts) taken off the client
 * `Env.make` builds: paired against `dynamongoEnv` (bench/ab.ts), what the check costs a
 * request end to end.
 */
import * as Env from '../lib/run/Env.js'
import { e2eWith } from './dynamongo.js'
import type { Contender, E2eContext } from './shared.js'

const ownClient = (ctx: E2eContext) => {
  if (ctx.client !== undefined) throw new Error('dynamongoEnvUnchecked runs against DynamoDB Local only')
  const env = Env.make({
    endpoint: ctx.endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    tablePrefix: ctx.prefix,
  })
  if (!env.client.middlewareStack.remove('dynamongoAnswerBody')) throw new Error('no answer-body check on the client')
  return { env, close: () => env.client.destroy() }
}

export const contender: Contender = {
  id: 'dynamongoEnvUnchecked',
  label: "dynamongo, Env.make's own client without the answer-body check",
  version: 'dynamongo (working tree)',
  cpu: {},
  e2e: e2eWith(ownClient),
}

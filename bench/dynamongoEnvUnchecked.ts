/**
 * `dynamongoEnv.ts` with the answer-body check (lib/run/answerBody.ts) taken off the client
 * `Env.make` builds: paired against `dynamongoEnv` (bench/ab.ts), what the check costs a
 * request end to end.
 */
import { e2eWith } from './dynamongo.js'
import { ownClient } from './dynamongoEnv.js'
import type { Contender, E2eContext } from './shared.js'

const unchecked = (ctx: E2eContext) => {
  const made = ownClient(ctx)
  if (!made.env.client.middlewareStack.remove('dynamongoAnswerBody')) throw new Error('no answer-body check on the client')
  return made
}

export const contender: Contender = {
  id: 'dynamongoEnvUnchecked',
  label: "dynamongo, Env.make's own client without the answer-body check",
  version: 'dynamongo (working tree)',
  cpu: {},
  e2e: e2eWith(unchecked),
}

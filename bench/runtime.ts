/**
 * What the runtime of DESIGN §5.5 costs a request: dynamongo's end-to-end runs with the
 * client every contender shares, under three Envs, for `bench/ab.ts`'s paired rounds:
 *
 * - `runtime.js:bare`: no time limit (`timeoutMs: Infinity`) and no listener: a request is
 *   the SDK's promise with a handler each way (no time limit, no events);
 * - `dynamongo` (bench/dynamongo.ts): `Env.make`'s defaults, a 5,000 ms limit per attempt, no
 *   listener;
 * - `runtime.js:traced`: the limit and `on`, a listener that counts the events (one `Env.Event`
 *   built per attempt).
 *
 *   npx tsx bench/ab.ts 'getOne x2000' 24 runtime.js:bare dynamongo
 *   npx tsx bench/ab.ts 'getOne x2000' 24 runtime.js:bare runtime.js:traced
 */
import * as Env from '../lib/run/Env.js'
import { e2eWith } from './dynamongo.js'
import { clientOf } from './e2eCommon.js'
import type { Contender, E2eContext } from './shared.js'

const withEnv = (options: Env.MakeOptions) => (ctx: E2eContext) => {
  const client = clientOf(ctx)
  return { env: Env.make({ ...options, client, tablePrefix: ctx.prefix }), close: () => client.destroy() }
}

/** Events heard by `traced` (read, so that the listener's work is not optimised away). */
export let heard = 0

export const bare: Contender = {
  id: 'bare',
  label: 'dynamongo, no time limit, no listener',
  version: 'dynamongo (working tree)',
  cpu: {},
  e2e: e2eWith(withEnv({ timeoutMs: Infinity })),
}

export const traced: Contender = {
  id: 'traced',
  label: 'dynamongo, a 5,000 ms limit per attempt and a listener',
  version: 'dynamongo (working tree)',
  cpu: {},
  e2e: e2eWith(
    withEnv({
      on: (e) => {
        if (e.attempt > 0) heard++
      },
    }),
  ),
}

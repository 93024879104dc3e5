/**
 * The time limit's deadline timer over requests one after another: each request joins the
 * deadline of its window while the one before has just settled, so the timer armed by the
 * first serves them all (not one timer armed and cleared per request); once the last settles,
 * the timer goes with it (none is left at the next turn of the event loop). Against a
 * client that answers each request on the next turn of the event loop, as a socket does.
 * The monotonic clock the deadlines read (`performance.now`) is held still while the saves
 * run: ten saves one after another fall in one window however slowly a loaded machine runs
 * them (a process descheduled for a few hundred milliseconds would otherwise see them span
 * two windows, and two timers armed, as it should). The timers counted are those armed for this
 * time limit (`setTimeout` called with a delay from the limit on), and cleared (`clearTimeout`):
 * the code of other specs of the process (a child's output read, a socket's) arms timers of its
 * own while these saves run.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

test('saves one after another under a time limit arm its deadline timer once, and leave none once settled', async () => {
  const env = Env.make({
    client: { send: () => turn().then(() => ({ $metadata: {} })) } as unknown as DynamoDBClient,
    // a limit no other spec uses: these saves start a deadline of their own (its timer, set by the
    // real clock, fires long after any stall of the machine)
    timeoutMs: 456_789,
  })
  const armed = new Set<unknown>()
  const live = new Set<unknown>()
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis
  const now = Object.getOwnPropertyDescriptor(performance, 'now')
  const still = performance.now()
  performance.now = () => still
  globalThis.setTimeout = ((f: () => void, ms?: number, ...args: unknown[]) => {
    const timer = Reflect.apply(realSet, globalThis, [f, ms, ...args]) as NodeJS.Timeout
    if (typeof ms === 'number' && ms >= 456_789) {
      armed.add(timer)
      live.add(timer)
    }
    return timer
  }) as typeof setTimeout
  globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
    live.delete(timer)
    realClear(timer)
  }) as typeof clearTimeout
  try {
    for (let i = 0; i < 10; i++) assert.ok(E.isRight(await Dynamo.saveOne(User, { id: `u${i}` })(env)()))
    await turn()
  } finally {
    globalThis.setTimeout = realSet
    globalThis.clearTimeout = realClear
    if (now === undefined) delete (performance as { now?: unknown }).now
    else Object.defineProperty(performance, 'now', now)
  }
  assert.is(armed.size, 1, `${armed.size} timers armed by 10 saves one after another`)
  assert.is(live.size, 0, `${live.size} timers left`)
})

test.run()

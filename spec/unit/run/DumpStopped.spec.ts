/**
 * A dump that stops says where, and how much of it the output holds: the item it cannot write
 * as stored (an attribute that came without its value) is named by its key, and every `Left`
 * it stops with after it began (that item, a request refused, an output that fails) says how
 * many items were written before, one line each (the pages written whole; none of the page it
 * stopped in), so that the user can keep them or dump again. An output that has not called
 * back for a write (stalled) does not hold the failed dump: its Left settles, saying the output
 * took at least the items it called back for, and how many it was given without calling back.
 * Against a client that answers the Scan with pages of three items.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DynamoDBServiceException, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

import { within } from '../../harness/standIn.js'
import { listening } from '../../harness/escapes.js'

/** A liveness bound, not a timing. */
const LIVENESS_MS = 10_000

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

type Page = ReadonlyArray<Record<string, AttributeValue | undefined>> | Error

const item = (id: string) => ({ id: { S: id } })

/**
 * An Env whose Scan answers `pages` in turn (an `Error`: that request refused), each but the
 * last going on from its last item; with `slept`, its `sleep` ends at once, the waits asked for
 * kept there (else the Env's own sleep, ended by the output's callback when it comes).
 */
const scanning = (pages: ReadonlyArray<Page>, slept?: Array<number>): Env.Env => {
  let i = 0
  const send = async () => {
    const page = pages[i] as Page
    i++
    if (page instanceof Error) throw page
    const last = page[page.length - 1]
    return { Items: page, Count: page.length, ScannedCount: page.length, ...(i < pages.length && last !== undefined ? { LastEvaluatedKey: { id: last['id'] } } : {}), $metadata: {} }
  }
  const sleep = async (ms: number) => void slept?.push(ms)
  return Env.make({ client: { send } as unknown as DynamoDBClient, ...(slept === undefined ? {} : { sleep }), maxAttempts: 1 })
}

/** An output keeping what it takes; `failAt`: the write of that number (from 1) fails. */
const output = (failAt?: number) => {
  const lines: string[] = []
  let writes = 0
  const out = new Writable({
    write: (c, _e, cb) => {
      writes++
      if (writes === failAt) return cb(new Error('disk full'))
      lines.push(...String(c).split('\n').filter((l) => l !== ''))
      cb()
    },
  })
  out.on('error', () => undefined)
  return { out, lines }
}

const stoppedWith = (r: E.Either<DE.DynamoError, unknown>, name: string, parts: ReadonlyArray<string>): void => {
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === name, JSON.stringify(r))
  const shown = DE.show((r as E.Left<DE.DynamoError>).left)
  for (const p of parts) assert.ok(shown.includes(p), `${shown} should say ${p}`)
}

test('an item that cannot be written as stored, in the third page: the Left names its key and says the 6 items of the first two pages were written; the output holds those 6 lines and none of its page', async () => {
  const env = scanning([[item('a'), item('b'), item('c')], [item('d'), item('e'), item('f')], [item('g'), { id: { S: 'lost' }, note: undefined }, item('h')]])
  const { out, lines } = output()
  const r = await Dynamo.dump(User, out)(env)()
  stoppedWith(r, 'InvalidAnswer', ['the item with key {"id":{"S":"lost"}}: its attribute "note" came without its value', 'the dump stopped there: the output took 6 items before, one line each'])
  assert.equal(lines.map((l) => JSON.parse(l).Item.id.S), ['a', 'b', 'c', 'd', 'e', 'f'])
})

test('a Scan refused after two pages: the Left is its error, saying 6 items were written before', async () => {
  const refused = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'not allowed', $metadata: {} })
  const { out, lines } = output()
  const r = await Dynamo.dump(User, out)(scanning([[item('a'), item('b'), item('c')], [item('d'), item('e'), item('f')], refused]))()
  stoppedWith(r, 'AccessDeniedException', ['not allowed', 'the dump stopped there: the output took 6 items before, one line each'])
  assert.is(lines.length, 6)
})

test('an output that fails the second page: OutputStreamError, saying the 3 items of the first were written; the first page alone: 0 written', async () => {
  const pages = [[item('a'), item('b'), item('c')], [item('d'), item('e'), item('f')], [item('g')]]
  const second = output(2)
  stoppedWith(await Dynamo.dump(User, second.out)(scanning(pages))(), 'OutputStreamError', ['disk full', 'the dump stopped there: the output took 3 items before, one line each'])
  assert.is(second.lines.length, 3)
  const first = output(1)
  stoppedWith(await Dynamo.dump(User, first.out)(scanning(pages))(), 'OutputStreamError', ['disk full', 'the dump stopped there: the output took 0 items before, one line each'])
})

test("an output that never calls back, no signal: a dump refused (or given an unreadable item) in its second page settles with its Left after the Env's sleep of a second, saying the output took at least 0 items and had not called back for the first page", async () => {
  const refused = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'not allowed', $metadata: {} })
  const cases: ReadonlyArray<readonly [string, Page, ReadonlyArray<string>]> = [
    ['AccessDeniedException', refused, ['not allowed']],
    ['InvalidAnswer', [{ id: { S: 'lost' }, note: undefined }], ['the item with key {"id":{"S":"lost"}}']],
  ]
  for (const [name, second, parts] of cases) {
    // the output's callbacks, held until the dump has settled (a liveness bound, not a timing)
    const held: Array<() => void> = []
    const out = new Writable({ write: (_c, _e, cb) => void held.push(() => cb()) })
    const slept: Array<number> = []
    const dumped = await within(Dynamo.dump(User, out)(scanning([[item('a')], second], slept))(), LIVENESS_MS)
    for (const release of held) release()
    assert.ok(dumped !== undefined, `${name}: the dump did not settle`)
    stoppedWith(dumped.value, name, [...parts, 'the dump stopped there: the output took at least 0 items before, one line each; it had not called back for the write of 1 item more'])
    // the wait for the stalled output's callback: the Env's sleep
    assert.equal(slept, [1000], name)
  }
})

test('a file as output (its writes call back from the thread pool): a dump refused in its second page says exactly how many items the file took', async () => {
  const refused = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'not allowed', $metadata: {} })
  const dir = mkdtempSync(path.join(tmpdir(), 'dump-'))
  try {
    const file = path.join(dir, 'dump.jsonl')
    const out = createWriteStream(file)
    const r = await Dynamo.dump(User, out)(scanning([[item('a'), item('b')], refused]))()
    await new Promise<void>((resolve) => out.end(resolve))
    stoppedWith(r, 'AccessDeniedException', ['not allowed', 'the dump stopped there: the output took 2 items before, one line each'])
    assert.not.ok(DE.show((r as E.Left<DE.DynamoError>).left).includes('at least'))
    assert.is(readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length, 2)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("a write still in flight when the dump stops, which then fails: its error is heard (nothing escapes as an uncaught exception), though the application listens to none", async () => {
  const refused = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'not allowed', $metadata: {} })
  const { escaped } = await listening(async () => {
    // the write calls back with an error once the dump has settled
    let fail: (() => void) | undefined
    const out = new Writable({ write: (_c, _e, cb) => void (fail = () => cb(new Error('EPIPE late'))) })
    const r = await within(Dynamo.dump(User, out)(scanning([[item('a')], refused], []))(), LIVENESS_MS)
    assert.ok(r !== undefined && E.isLeft(r.value), 'the dump settles with its Left')
    fail?.()
  })
  assert.equal(escaped.map(String), [])
})

test('an output whose write throws: OutputStreamError, saying exactly how many items it took before (the throwing write is no write in flight)', async () => {
  const { out, lines } = output()
  const write = out.write.bind(out) as (c: unknown, cb?: (e?: Error | null) => void) => boolean
  let n = 0
  ;(out as unknown as { write: typeof write }).write = (c, cb) => {
    n++
    if (n === 2) throw new Error('write threw')
    return write(c, cb)
  }
  const r = await Dynamo.dump(User, out)(scanning([[item('a'), item('b')], [item('c')], [item('d')]]))()
  stoppedWith(r, 'OutputStreamError', ['write threw', 'the dump stopped there: the output took 2 items before, one line each'])
  assert.not.ok(DE.show((r as E.Left<DE.DynamoError>).left).includes('at least'))
  assert.is(lines.length, 2)
})

test('a dump that ends: Right with every item, no word of stopping', async () => {
  const { out, lines } = output()
  assert.equal(await Dynamo.dump(User, out)(scanning([[item('a'), item('b'), item('c')], [item('d')]]))(), E.right({ items: 4 }))
  assert.is(lines.length, 4)
})

test.run()

/**
 * A batch write whose caller's signal cannot be read once it has started: its `aborted` throws
 * (a getter, a Proxy's trap) from some read on, while chunks are being written (one at a time:
 * `concurrency: 1`, 4 chunks). The signal is the application's code, and its throw is an error
 * like any other of a request: the write is `Right(BatchResult)` saying what became of each
 * item (every written one in `success`, or in `fail` as `unknown`; none both, none lost), never
 * a `Left` that hides the chunks already written, nor a Task that rejects.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { unreadable } from '../../harness/signals.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

const items = Array.from({ length: 100 }, (_, i) => ({ id: `u${i}`, n: i }))

test('saveMany and deleteMany (4 chunks, one at a time) with a signal whose aborted throws from its r-th read on, r = 1 to 30: Left before any request, or Right saying what became of each item; never a rejection', async () => {
  for (const which of ['saveMany', 'deleteMany'] as const) {
    for (let r = 1; r <= 30; r++) {
      const written = new Set<string>()
      let sends = 0
      const send = async (command: unknown) => {
        sends++
        await Promise.resolve()
        if (!(command instanceof BatchWriteItemCommand)) throw new Error('unexpected command')
        for (const w of (command.input.RequestItems?.['users'] ?? []) as WriteRequest[]) written.add(String((w.PutRequest?.Item ?? w.DeleteRequest?.Key)?.['id']?.S))
        return { $metadata: {}, UnprocessedItems: {} }
      }
      const env = Env.make({ client: { send } as unknown as DynamoDBClient, concurrency: 1, sleep: async () => undefined })
      const signal = unreadable(r)
      const op = which === 'saveMany' ? Dynamo.saveMany(User, items, { signal }) : Dynamo.deleteMany(User, items.map((i) => i.id), { signal })
      let got: E.Either<unknown, { readonly success: ReadonlyArray<unknown>; readonly fail: ReadonlyArray<{ readonly item: unknown; readonly outcome: string }> }>
      try {
        got = (await op(env)()) as typeof got
      } catch (e) {
        assert.unreachable(`${which}, r = ${r}: the Task rejected (${String(e)})`)
        return
      }
      const idOf = (x: unknown): string => (typeof x === 'string' ? x : (x as { readonly id: string }).id)
      if (E.isLeft(got)) {
        assert.is(sends, 0, `${which}, r = ${r}: a Left after ${sends} requests (${written.size} items written)`)
        continue
      }
      const success = got.right.success.map(idOf)
      const fail = got.right.fail.map((f) => idOf(f.item))
      assert.is(success.length + fail.length, items.length, `${which}, r = ${r}: every item once`)
      assert.is(new Set([...success, ...fail]).size, items.length, `${which}, r = ${r}: none both`)
      for (const id of success) assert.ok(written.has(id), `${which}, r = ${r}: ${id} in success was written`)
      for (const f of got.right.fail) if (written.has(idOf(f.item))) assert.is(f.outcome, 'unknown', `${which}, r = ${r}: ${idOf(f.item)} was written, in fail`)
    }
  }
})

test.run()

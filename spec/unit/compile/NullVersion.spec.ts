/**
 * A `null` version (reachable through `any`, or JSON whose `version` is `null`) is no version,
 * wherever a version is taken: a put (`saveOne`, `saveMany`, `T.put`) refuses it as an update's,
 * a delete's and a check's strategy do (`lifecycle.versionIssue`, one rule), with a
 * `ValidationError` naming the version and nothing sent. Taken as absent, a put would create
 * the item where the caller meant to write over version n.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as U from '../../../lib/ast/Update.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { Doc } from '../../harness/lifecycle.js'
import { counting } from '../../harness/counting.js'

const loose = (x: unknown): any => x

test('a null version: the same ValidationError on a put (saveOne, saveMany, T.put) as on T.update, T.delete, T.check, updateOne and deleteOne; nothing sent', async () => {
  const { env, sent } = counting()
  const item = loose({ id: 'a', title: 'T', version: null })
  const key = loose({ id: 'a', version: null })
  const runs: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['saveOne', Dynamo.saveOne(Doc, item)],
    ['T.put', Dynamo.transactWrite([T.put(Doc, item)])],
    ['T.update', Dynamo.transactWrite([T.update(Doc, key, [U.set(Doc.attrs.title, 'x')])])],
    ['T.delete', Dynamo.transactWrite([T.delete(Doc, key)])],
    ['T.check', Dynamo.transactWrite([T.check(Doc, key)])],
    ['updateOne', Dynamo.updateOne(Doc, key, [U.set(Doc.attrs.title, 'x')])],
    ['deleteOne', Dynamo.deleteOne(Doc, key)],
  ]
  for (const [name, run] of runs) {
    const r = await run(env)()
    if (E.isRight(r)) throw new Error(`${name}: expected a Left`)
    assert.is(r.left._tag, 'ValidationError', name)
    assert.match(DE.show(r.left), 'version: a version is a whole number from 1', name)
  }
  // saveMany: the item fails with that error, and is never sent
  const many = await Dynamo.saveMany(Doc, [item])(env)()
  if (E.isLeft(many)) throw new Error('saveMany: expected a Right')
  assert.is(many.right.fail.length, 1)
  assert.match(DE.show(many.right.fail[0]?.error as DE.DynamoError), 'version: a version is a whole number from 1')
  assert.is(sent.length, 0)
  // absent, it is a create (version 1)
  const created = await Dynamo.saveOne(Doc, { id: 'a', title: 'T' })(env)()
  assert.ok(E.isRight(created) && created.right.version === 1)
})

test.run()

/**
 * `explain` of a model with `ttl` plans as its reads plan: a read leaves expired items out by a
 * filter on the time-to-live attribute, so it never reads through an index that does not
 * project it (the planner reads elsewhere; one named is an `ExpressionError`), unless it says
 * `includeExpired: true`. `explain` says which request the read makes, so it plans so too, and
 * takes `includeExpired` to explain the read that gives it. Against a client that counts
 * requests: the plan's index is the one the read's request names.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'
import { UserSession } from '../../harness/ttl.js'

const u = UserSession.attrs
/** A Query the local index `byHits` (keys only: no `expiresAt`) could serve, and the table too. */
const hits = C.and(C.eq(u.user, 'a'), C.gt(u.hits, 3))
/** A Query of the global index `byNote` (every field); `byNoteKeys` (keys only) could serve it too. */
const note = C.eq(u.note, 'n')

/** The index of the one request a read sends (`'table'` without one), or its `Left`'s tag. */
const readThrough = async (c: C.Condition<typeof UserSession>, o: object | undefined): Promise<string> => {
  const { env, sent } = counting()
  const r = await Dynamo.getMany(UserSession, c, o as never)(env)()
  if (E.isLeft(r)) return `${r.left._tag}, ${sent.length} sent`
  assert.is(sent.length, 1)
  const input = (sent[0] as { readonly input: { readonly IndexName?: string } }).input
  return input.IndexName ?? 'table'
}

/** The index of `explain`'s plan (`'table'` without one), or its `Left`'s tag. */
const explained = (c: C.Condition<typeof UserSession>, o: object | undefined): string => {
  const p = Dynamo.explain(UserSession, c, o as never)
  if (E.isLeft(p)) return `${p.left._tag}, 0 sent`
  return p.right._tag === 'Query' || p.right._tag === 'Scan' ? (p.right.index ?? 'table') : p.right._tag
}

test('explain of a model with ttl plans as the read: no index that does not project the ttl attribute, unless includeExpired', async () => {
  const cases: ReadonlyArray<readonly [string, C.Condition<typeof UserSession>, object | undefined]> = [
    ['a range condition byHits could serve', hits, undefined],
    ['the same, includeExpired', hits, { includeExpired: true }],
    ['the same, includeExpired: false', hits, { includeExpired: false }],
    ['a hash eq of a global index', note, undefined],
    ['byNoteKeys named', note, { index: 'byNoteKeys' }],
    ['byNoteKeys named, includeExpired', note, { index: 'byNoteKeys', includeExpired: true }],
    ['byHits named', hits, { index: 'byHits' }],
    ['byHits named, includeExpired', hits, { index: 'byHits', includeExpired: true }],
  ]
  for (const [what, c, o] of cases) assert.is(explained(c, o), await readThrough(c, o), what)
})

test("explain's includeExpired is a boolean, as a read's: another value is a ValidationError naming it", () => {
  for (const includeExpired of ['yes', 1, null]) {
    const p = Dynamo.explain(UserSession, hits, { includeExpired } as never)
    assert.ok(E.isLeft(p) && p.left._tag === 'ValidationError' && p.left.issues.some((i) => i.path === 'includeExpired'), JSON.stringify(p))
  }
})

test.run()

/**
 * What `Evaluate` refuses before reading an item is the compiler's verdict, alone: a condition
 * or an update is a `Left` of `Evaluate.condition`/`Evaluate.update` exactly when
 * `Expression.condition`/`Expression.update` refuses it, with the same error. Evaluate reads
 * an AST the compiler took for its meaning (its one check of its own, a `list_append` constant
 * whose own codec encodes no list where the compiler encoded it through its `SET`'s codec, needs
 * an action whose codec and value's codec disagree, which no constructor makes).
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as arb from '../../arb/ast.js'

/** The verdict of a compiler or an interpreter: the error, or that it took the AST. */
const verdict = <A>(r: E.Either<unknown, A>): unknown => (E.isLeft(r) ? r.left : 'taken')

const params = { seed: 14, numRuns: 3000 }

test('a condition is refused by Evaluate.condition exactly when the compiler refuses it, with its error', () => {
  let refused = 0
  fc.assert(
    fc.property(arb.condition(), (c) => {
      const compiled = verdict(Expression.condition(c))
      if (compiled !== 'taken') refused++
      assert.equal(verdict(Evaluate.condition(c)), compiled)
    }),
    params,
  )
  // both verdicts are drawn often
  assert.ok(refused > params.numRuns / 10 && refused < params.numRuns / 2, `refused: ${refused}`)
})

test('an update is refused by Evaluate.update exactly when the compiler refuses it, with its error', () => {
  let refused = 0
  fc.assert(
    fc.property(arb.update(), (us) => {
      const compiled = verdict(Expression.update(us))
      if (compiled !== 'taken') refused++
      assert.equal(verdict(Evaluate.update(us)), compiled)
    }),
    params,
  )
  assert.ok(refused > params.numRuns / 10 && refused < params.numRuns / 2, `refused: ${refused}`)
})

test.run()

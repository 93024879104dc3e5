/**
 * The side of an `Either` a spec expects: its value, or the test fails saying what the other
 * side holds (a `DynamoError` as `DE.show` draws it, anything else as JSON).
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'

const said = (u: unknown): string => (DE.isDynamoError(u) ? DE.show(u) : JSON.stringify(u))

/** The value of a `Right`; a `Left` fails the test. */
export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected a Right, got ${said(e.left)}`)
  return e.right
}

/** The error of a `Left`; a `Right` fails the test. */
export const left = <L>(e: E.Either<L, unknown>): L => {
  if (E.isRight(e)) throw new Error(`expected a Left, got ${said(e.right)}`)
  return e.left
}

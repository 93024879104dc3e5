/**
 * The options of the operations, each options object read once into a plain checked copy
 * that the checks, the plan and the requests read (`internal/optionNames.read`: a getter or a
 * Proxy answers once, and one that throws is a `ValidationError` naming the option, never a
 * throw): one parser per options type. The reads' own (`ReadOptions`) are `run/read`'s `readOnce`.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as DE from '../DynamoError.js'
import { abortSignalHint, names, read, showing } from '../internal/optionNames.js'
import { invalid, signalWhy } from './op.js'

export { read } from '../internal/optionNames.js'

type Signal = { readonly signal?: AbortSignal }

const signalNames = names<Signal>({ signal: true })

/**
 * The options of an operation that takes a signal only (`deleteOne`, `updateOne`, the table
 * operations…), read once (`read`) and checked (`signalWhy`): `null` or a non-object, or a
 * signal that is no `AbortSignal`, is a `ValidationError` before any request.
 */
export const signalOnly = (given: { readonly signal?: AbortSignal | undefined } | undefined): E.Either<DE.DynamoError, Signal> => {
  const o = read(given, signalNames)
  if (E.isLeft(o)) return o
  const bad = signalWhy(o.right.signal)
  return bad === undefined ? o : E.left(bad)
}

/** What `Dynamo.send` reads: its `signal`, and the SDK's `abortSignal` to refuse it (inherited too, where `unknownOption` sees own keys only). */
const sendNames = showing(names<Signal & { readonly abortSignal?: unknown }>({ signal: true, abortSignal: true }), signalNames)

/**
 * `Dynamo.send`'s options: `signalOnly`'s, and an `abortSignal` (the SDK's `client.send` takes
 * it; carried over here it would cancel nothing) a `ValidationError` saying so, each read once.
 */
export const sendOptions = (given: { readonly signal?: AbortSignal | undefined } | undefined): E.Either<DE.DynamoError, Signal> => {
  const o = read(given as (Signal & { readonly abortSignal?: unknown }) | undefined, sendNames)
  if (E.isLeft(o)) return o
  if (o.right.abortSignal !== undefined) return invalid('abortSignal', abortSignalHint)
  const bad = signalWhy(o.right.signal)
  return bad === undefined ? E.right(o.right.signal === undefined ? {} : { signal: o.right.signal }) : E.left(bad)
}

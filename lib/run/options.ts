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
import { abortSignalHint, names, read as readCopy, showing, type Names } from '../internal/optionNames.js'
import { invalid, signalOf } from './op.js'

/**
 * The options object `o` of an operation, read once (`internal/optionNames.read`), its `signal`
 * (when `names` lists one) read there too, and only there: the copy holds the signal of
 * dynamongo's own that follows the caller's (`op.signalOf`), whose reads never throw, so that
 * nothing the operation does after reads the caller's. A signal that is none, or whose reading
 * throws, is the `ValidationError` naming `signal`, before any request.
 */
export const read = <O extends object>(o: O | undefined, n: Names<O>, path?: string): E.Either<DE.DynamoError, O> => {
  const r = readCopy(o, n, path)
  if (E.isLeft(r) || !Object.hasOwn(r.right, 'signal')) return r
  const signal = signalOf((r.right as { readonly signal?: unknown }).signal)
  return E.isLeft(signal) ? signal : E.right({ ...r.right, signal: signal.right })
}

type Signal = { readonly signal?: AbortSignal }

const signalNames = names<Signal>({ signal: true })

/**
 * The options of an operation that takes a signal only (`deleteOne`, `updateOne`, the table
 * operations…), read once (`read`, which follows the signal): `null` or a non-object, or a
 * signal that is no `AbortSignal`, is a `ValidationError` before any request.
 */
export const signalOnly = (given: { readonly signal?: AbortSignal | undefined } | undefined): E.Either<DE.DynamoError, Signal> => read(given, signalNames)

/** What `Dynamo.send` reads: its `signal`, and the SDK's `abortSignal` to refuse it (inherited too, where `unknownOption` sees own keys only). */
const sendNames = showing(names<Signal & { readonly abortSignal?: unknown }>({ signal: true, abortSignal: true }), signalNames)

/**
 * `Dynamo.send`'s options: `signalOnly`'s, and an `abortSignal` (the SDK's `client.send` takes
 * it; carried over here it would cancel nothing) a `ValidationError` saying so, each read once.
 */
export const sendOptions = (given: { readonly signal?: AbortSignal | undefined } | undefined): E.Either<DE.DynamoError, Signal> => {
  const o = readCopy(given as (Signal & { readonly abortSignal?: unknown }) | undefined, sendNames)
  if (E.isLeft(o)) return o
  if (o.right.abortSignal !== undefined) return invalid('abortSignal', abortSignalHint)
  const signal = signalOf(o.right.signal)
  return E.isLeft(signal) ? signal : E.right(signal.right === undefined ? {} : { signal: signal.right })
}

/**
 * The names of an operation's options, and the rule that refuses any other (pure): what
 * `run/op`'s `options` reads of an options object, and what `compile/Transaction` reads of a
 * transaction entry's. An option of another name (a misspelt one, `condition` where a save
 * takes `overwrite`) would otherwise be ignored, the request sent as if it were absent.
 *
 * @since 0.3.0
 */
import * as DE from '../DynamoError.js'
import { kindOf } from './show.js'

/**
 * The names of every option of `O` (`names` makes it from a record, so that the compiler
 * checks that none is missing); `shown`, when the operation takes fewer than it reads (a
 * `getOne`, which reads a read's options to refuse those it does not take by their own
 * message), the names an unknown option's message says it takes.
 */
export interface Names<O> {
  readonly keys: ReadonlyArray<string>
  readonly shown?: ReadonlyArray<string>
  readonly _O?: (o: O) => void
}

/** The names of every option of `O`, from a record of them all. */
export const names = <O>(record: { readonly [K in keyof Required<O>]: true }): Names<O> => ({ keys: Object.keys(record) })

/** `n`, its unknown-option message saying that the operation takes the names of `shown` (some of its own: those of a narrower options type). */
export const showing = <O>(n: Names<O>, shown: Names<Partial<O>>): Names<O> => ({ keys: n.keys, shown: shown.keys })

/** The message of an option of another name that is the name of one taken elsewhere: `[what it is, the name taken]`. */
const hints: Readonly<Record<string, readonly [string, string]>> = {
  abortSignal: ["is the SDK's name for it; dynamongo's option is signal", 'signal'],
}

/** What the SDK's `abortSignal` is told, where `signal` is taken. */
export const abortSignalHint = (hints.abortSignal as readonly [string, string])[0]

/** The message of an option `k` that no name of `names` lists. */
const unknownMessage = (k: string, n: { readonly keys: ReadonlyArray<string>; readonly shown?: ReadonlyArray<string> }): string => {
  const hint = Object.hasOwn(hints, k) ? hints[k] : undefined
  if (hint !== undefined && n.keys.includes(hint[1])) return hint[0]
  const shown = n.shown ?? n.keys
  return `is no option of this operation (it takes ${shown.length === 0 ? 'none' : shown.join(', ')})`
}

/**
 * Why `o` (an object) has an option `names` does not list, or `undefined`: an own enumerable
 * key of another name whose value is not `undefined` (an `undefined` option is an absent one,
 * as everywhere). Its value is read only when its name is not listed.
 */
export const unknownOption = (o: object, n: { readonly keys: ReadonlyArray<string>; readonly shown?: ReadonlyArray<string> }, prefix = ''): DE.DynamoError | undefined => {
  const keys = Object.keys(o)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (!n.keys.includes(k) && (o as Record<string, unknown>)[k] !== undefined) return DE.validationError([{ path: `${prefix}${k}`, message: unknownMessage(k, n) }])
  }
  return undefined
}

/** Why `o` is no object of options (`null`, a list, a scalar), or `undefined`. */
export const notOptions = (o: unknown): string | undefined =>
  typeof o === 'object' && o !== null && !Array.isArray(o) ? undefined : `expected an object of options or undefined, got ${kindOf(o)}`

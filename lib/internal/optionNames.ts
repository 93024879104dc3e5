/**
 * The names of an operation's options, the rule that refuses any other, and the parser that
 * reads an options object once into a plain copy (`read`), naming the option whose reading
 * throws (pure): what every operation reads of its options object (`run/options`), and what
 * `compile/Transaction` reads of a transaction entry's. An option of another name (a misspelt
 * one, `condition` where a save takes `overwrite`) would otherwise be ignored, the request sent
 * as if it were absent.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { kindOf } from './show.js'
import { threw } from './threw.js'

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
 * The `ValidationError` of a throw while the option `path` was read (a getter, a Proxy's trap):
 * `threw`'s message, at the option's path.
 */
export const threwAt = (path: string, e: unknown): DE.DynamoError => {
  const t = threw(e)
  return t._tag === 'ValidationError' ? DE.validationError(t.issues.map((i) => ({ path, message: i.message }))) : t
}

/**
 * Why `o` (an object) has an option `names` does not list, or `undefined`: an own enumerable
 * key of another name whose value is not `undefined` (an `undefined` option is an absent one,
 * as everywhere). Its value is read only when its name is not listed. A read that throws (a
 * getter, a Proxy's trap) is the `ValidationError` naming that option (`threwAt`), or `options`
 * (`prefix` without its dot) when listing the keys throws.
 */
export const unknownOption = (o: object, n: { readonly keys: ReadonlyArray<string>; readonly shown?: ReadonlyArray<string> }, prefix = ''): DE.DynamoError | undefined => {
  let keys: ReadonlyArray<string>
  try {
    keys = Object.keys(o)
  } catch (e) {
    return threwAt(prefix === '' ? 'options' : prefix.slice(0, -1), e)
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (n.keys.includes(k)) continue
    let v: unknown
    try {
      v = (o as Record<string, unknown>)[k]
    } catch (e) {
      return threwAt(`${prefix}${k}`, e)
    }
    if (v !== undefined) return DE.validationError([{ path: `${prefix}${k}`, message: unknownMessage(k, n) }])
  }
  return undefined
}

/** Why the option `name` is not a boolean (or absent), or `undefined`. */
export const booleanOption = (name: string, b: unknown): DE.DynamoError | undefined =>
  b === undefined || typeof b === 'boolean' ? undefined : DE.validationError([{ path: name, message: `expected a boolean or undefined, got ${kindOf(b)}` }])

const EMPTY: E.Either<never, object> = E.right({})

/**
 * The options object of an operation, read once: a plain copy of the options `names` lists,
 * each read one time (own, inherited, a getter, a Proxy's trap alike), so that the checks, the
 * plan and the requests see one value of each. `undefined` is none; `null` or a non-object is
 * a `ValidationError` naming `options`, as is an own option that `names` does not list
 * (`unknownOption`), and an `onProgress` (or `load`'s `onFail`) that is no function naming it.
 * A read that throws is the `ValidationError` naming the option read (`threwAt`): never a throw.
 * `path`, when given, is where the options object is (a transaction entry's: `entries[0].options`),
 * and each option's path is under it (`entries[0].options.overwrite`).
 */
export const read = <O extends object>(o: O | undefined, n: Names<O>, path?: string): E.Either<DE.DynamoError, O> => {
  if (o === undefined) return EMPTY as E.Either<never, O>
  const whole = path ?? 'options'
  const prefix = path === undefined ? '' : `${path}.`
  // (a revoked Proxy throws even where it is asked whether it is a list)
  let at = whole
  try {
    const notObject = notOptions(o)
    if (notObject !== undefined) return E.left(DE.validationError([{ path: whole, message: notObject }]))
    const other = unknownOption(o, n, prefix)
    if (other !== undefined) return E.left(other)
    const copy: Record<string, unknown> = {}
    const keys = n.keys
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string
      at = `${prefix}${k}`
      const v: unknown = (o as Record<string, unknown>)[k]
      if (v === undefined) continue
      // a listener dynamongo would call (its failures ignored: one that is no function would never hear)
      if ((k === 'onProgress' || k === 'onFail') && typeof v !== 'function') return E.left(DE.validationError([{ path: at, message: `must be a function, got ${kindOf(v)}` }]))
      copy[k] = v
    }
    return E.right(copy as O)
  } catch (e) {
    return E.left(threwAt(at, e))
  }
}

/** Why `o` is no object of options (`null`, a list, a scalar), or `undefined`. */
export const notOptions = (o: unknown): string | undefined =>
  typeof o === 'object' && o !== null && !Array.isArray(o) ? undefined : `expected an object of options or undefined, got ${kindOf(o)}`

/**
 * A transaction's entries, inside the library: the list and each entry read once (what is
 * checked is what is sent, and what a cancellation is read against), and how an entry's error
 * names it (index, kind, table), for `Transaction`'s checks and for the decoding of
 * `transactGet`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { catching } from '../internal/threw.js'
import { snapshot } from '../rules/ast.js'
import { TRANSACTION_ITEMS } from '../rules/limits.js'
import type { Get, Write } from './Transaction.js'

const kind: { readonly [K in Write['_tag'] | 'Get']: string } = { Put: 'put', Update: 'update', Delete: 'delete', Check: 'check', Get: 'get' }

/** The fields an entry of each kind has besides its `_tag` and `model` (a kind of none: none). */
const fieldsOf: Readonly<Record<string, ReadonlyArray<string>>> = {
  Put: ['item', 'overwrite', 'options'],
  Update: ['strategy', 'updates', 'options'],
  Delete: ['strategy', 'options'],
  Check: ['strategy', 'options'],
  Get: ['strategy', 'options'],
}

/**
 * The own names of each entry read once that no entry of its kind has and that hold a value (a
 * `condition` given beside a hand-built entry's strategy, which `transactWrite`'s types let
 * through): what the copy leaves out, kept for the compiling to refuse (`extraWhy`), never
 * dropped unsaid. One that reads `undefined` is absent, as a known field that does.
 */
const extras = new WeakMap<object, ReadonlyArray<string>>()

/**
 * An entry as read once: what is no object as it is (the kind check refuses it), else its
 * `_tag`, its `model` and the fields an entry of that kind has, each read once (a getter's or
 * a Proxy's first answer, an inherited one too); a field that reads `undefined` is absent. An
 * update's `updates` is rules/ast's snapshot of them. Its own names that an entry of its kind
 * does not have and that read other than `undefined` are kept apart (`extras`).
 */
const entryOnce = (u: unknown): unknown => {
  if (typeof u !== 'object' || u === null) return u
  const x = u as Readonly<Record<string, unknown>>
  const tag = x['_tag']
  const out: Record<string, unknown> = { _tag: tag, model: x['model'] }
  const known = typeof tag === 'string' && Object.hasOwn(fieldsOf, tag)
  const fields = known ? (fieldsOf[tag] as ReadonlyArray<string>) : []
  if (known) {
    // one that reads undefined is absent, as a field of the kind that does (nothing to drop)
    const other = Object.keys(x).filter((k) => k !== '_tag' && k !== 'model' && !fields.includes(k) && x[k] !== undefined)
    if (other.length > 0) extras.set(out, other)
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string
    const v = x[f]
    // an update's actions read once too (rules/ast's snapshot): compiled, and read against a
    // cancellation, as one reading; one that cannot be read is kept, for the compiling to refuse
    const once = f === 'updates' ? snapshot(v, 'update expression', true) : undefined
    if (once !== undefined && E.isRight(once)) out[f] = once.right
    else if (v !== undefined) out[f] = v
  }
  return out
}

/** The lists `entriesOnce` made: already read once, given back as they are. */
const readOnce = new WeakSet<ReadonlyArray<unknown>>()

/**
 * `entries` read once: their count (DynamoDB takes 1 to `TRANSACTION_ITEMS`; else an
 * `ExpressionError` saying what `what` takes), then each entry (`entryOnce`), into a list of
 * the library's own. A list (a Proxy) or an entry whose getters answer otherwise when read
 * again is checked, sent and read back as its first answers: never checked as one model and
 * sent as another, nor sent past the count checked. What its reading throws is a Left.
 * `passed`: the list is given on (to `toWriteInput`, `toGetInput`), which then take it as it
 * is; a list read where it is used is not remembered.
 */
export const entriesOnce = <X extends Write | Get>(entries: ReadonlyArray<X>, what: string, passed = true): E.Either<DE.DynamoError, ReadonlyArray<X>> =>
  readOnce.has(entries)
    ? E.right(entries)
    : catching(() => {
        const n = entries.length
        if (!(n >= 1 && n <= TRANSACTION_ITEMS)) return E.left(DE.expressionError(`${what} takes 1 to ${TRANSACTION_ITEMS} entries, got ${n}`))
        const out: unknown[] = new Array(n)
        for (let i = 0; i < n; i++) out[i] = entryOnce(entries[i])
        if (passed) readOnce.add(out)
        return E.right(out as ReadonlyArray<X>)
      })

/**
 * Why the entry `entry` (read once, the `i`th) is refused for a field an entry of its kind does
 * not have, or `undefined`: a `ValidationError` at `entries[i].<name>` saying what it has.
 */
export const extraWhy = (entry: Write | Get, i: number): DE.DynamoError | undefined => {
  const other = extras.get(entry)
  if (other === undefined) return undefined
  const name = other[0] as string
  const has = ['_tag', 'model', ...(fieldsOf[entry._tag] ?? [])].join(', ')
  const hint = entry._tag === 'Put' ? "a put's condition is its overwrite" : 'a check goes in its strategy: C.and(the key, the check)'
  return DE.validationError([{ path: `entries[${i}].${name}`, message: `is no field of a ${kind[entry._tag]} entry (it has ${has}): ${hint}` }])
}

/** How a message names an entry: `entry 1 (delete on shop)`. */
export const entryName = (index: number, entry: Write | Get, table: string): string => `entry ${index} (${kind[entry._tag]} on ${table})`

/** `e`, its message naming the entry it comes from (an item too large becomes a `ValidationError` that can say so). */
export const atEntry = (index: number, entry: Write | Get, table: string, e: DE.DynamoError): DE.DynamoError => {
  const where = entryName(index, entry, table)
  switch (e._tag) {
    case 'ValidationError':
    case 'ExpressionError':
      return { ...e, message: `${where}: ${e.message}` }
    case 'ItemTooLarge': {
      const why = e.atLeast === true ? `the item would take more than DynamoDB's ${e.limit} bytes` : `the item takes ${e.size} bytes, over DynamoDB's ${e.limit}`
      return { _tag: 'ValidationError', message: `${where}: ${why}`, issues: [{ path: '', message: why }] }
    }
    default:
      return e
  }
}

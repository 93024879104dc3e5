/**
 * The version and timestamp fields of a model (DESIGN §5.3), read once where `Model.make`
 * takes them, and what a version may be; the rule of time-to-live fields (`isEpochSeconds`,
 * `mayExpire`), read through the one codec reader (`codec/Shape`), never by codecs' names. What the requests of a versioned or timestamped
 * model mean is `Command`'s (`stamp`, `putCondition`, `updatesOf`).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type * as A from '../ast/Attr.js'
import * as P from '../ast/Path.js'
import type * as DE from '../DynamoError.js'
import * as Shape from '../codec/Shape.js'
import type { Model, Timestamps } from './Model.js'
import { hasOwn } from '../internal/own.js'
import { perObject } from '../internal/memo.js'
import { epochSeconds } from '../codec/Field.js'
import { isWhole } from '../internal/whole.js'
import { expiredAt } from '../rules/compare.js'

/**
 * The version and timestamp fields, checked: fields of the codec, no key (`keys`: the key
 * attributes and the fields of key templates), the version an integer stored as a number that
 * holds 1 and every whole number up to its bound (`wholeUpTo`), a timestamp a field whose codec
 * holds a `Date`, no field twice, and no timestamp the model's `ttl` (every write sets a
 * timestamp to now, or a create does: as a time to live, the item would expire as it is written),
 * nor any of them a field with one of the model's `defaults` (the writes set them before
 * defaults apply: no write would use such a default; `Model.encode`, which sets none of them,
 * would).
 * Gives why not (`Model.make` throws it as a `SchemaError`, after the table's name).
 */
export const checkLifecycle = (
  fields: Readonly<Record<string, A.Codec>>,
  keys: ReadonlySet<string>,
  version: string | undefined,
  timestamps: Timestamps | undefined,
  ttl?: unknown,
  defaults: object = {},
): { readonly version?: string; readonly timestamps?: Timestamps } | string => {
  const defaulted = (name: string, sets: string): string | undefined =>
    hasOwn(defaults, name) ? `a default for ${JSON.stringify(name)}, which the writes set themselves (${sets}): no write would use it` : undefined
  const field = (name: unknown, role: string): A.Codec | string => {
    if (typeof name !== 'string' || !hasOwn(fields, name)) return `the ${role} ${JSON.stringify(name)} is not a field of the codec`
    if (keys.has(name)) return `the ${role} ${JSON.stringify(name)} cannot be a key attribute or a field of a key template`
    return fields[name] as A.Codec
  }
  if (version !== undefined) {
    const c = field(version, 'version')
    if (typeof c === 'string') return c
    if (Shape.stored(c) !== 'N' || c.is(1.5)) return `the version ${JSON.stringify(version)} must be an integer field (Field.int())`
    if (!c.is(1)) return `the version ${JSON.stringify(version)} must hold 1, the version a create stores`
    // found once here, kept for the writes of the model (`versionCeiling`)
    if (!wholeUpTo(c, ceilingOf(c))) return `the version ${JSON.stringify(version)} must hold every whole number from 1 to its bound (a write stores version + 1)`
    const d = defaulted(version, 'the version: 1 on a create, n + 1 on a save of version n')
    if (d !== undefined) return d
  }
  const v = version === undefined ? {} : { version }
  if (timestamps === undefined) return v
  if (typeof timestamps !== 'object' || timestamps === null) return `timestamps is { createdAt, updatedAt }, two field names`
  for (const role of ['createdAt', 'updatedAt'] as const) {
    const c = field(timestamps[role], `timestamps' ${role}`)
    if (typeof c === 'string') return c
    if (!c.is(new Date(0))) return `the timestamps' ${role} ${JSON.stringify(timestamps[role])} must hold a Date (Field.dateTime)`
  }
  if (timestamps.createdAt === timestamps.updatedAt || timestamps.createdAt === version || timestamps.updatedAt === version) {
    return `the version, createdAt and updatedAt must be three different fields`
  }
  for (const role of ['createdAt', 'updatedAt'] as const) {
    const d = defaulted(timestamps[role], `the timestamps' ${role}: ${role === 'createdAt' ? 'now on a put of an item without one' : 'now on every write'}`)
    if (d !== undefined) return d
    if (timestamps[role] === ttl) {
      return `the ttl ${JSON.stringify(ttl)} cannot be a timestamp (the timestamps' ${role}): a ${role === 'updatedAt' ? 'write' : 'create'} sets it to now, so the item would expire as it is written`
    }
  }
  return { ...v, timestamps: { createdAt: timestamps.createdAt, updatedAt: timestamps.updatedAt } }
}

/**
 * The largest whole number from 1 to `Number.MAX_SAFE_INTEGER` that `c` holds, found by a binary
 * search of `c.is`: the whole numbers a version field holds are taken to be those from 1 to a
 * bound (`Field.int({ max })`; none: `Number.MAX_SAFE_INTEGER`, the last a JS number holds
 * exactly; `checkLifecycle` checks it, `wholeUpTo`). `checkLifecycle` has checked that `c` holds 1.
 * Found once per codec.
 */
const ceilingOf = perObject((c: A.Codec): number => {
  let low = 1
  let high = Number.MAX_SAFE_INTEGER
  while (low < high) {
    const mid = low + Math.ceil((high - low) / 2)
    if (c.is(mid)) low = mid
    else high = mid - 1
  }
  return low
})

/** Whole numbers `wholeUpTo` tries below a bound: small ones and those around the usual bounds. */
const probes = [1, 2, 3, 2 ** 15 - 1, 2 ** 15, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 52, Number.MAX_SAFE_INTEGER - 1]

/**
 * Whether `c` holds the whole numbers from 1 to `ceiling` as far as a few probes tell (the binary
 * search of `ceilingOf` only finds a number `c` holds whose next it does not): at least 1 and 2
 * (one with a single version refuses every write after the create), `ceiling - 1`, and each of
 * `probes` up to `ceiling`. A codec with holes below its bound (odd numbers only) is refused.
 */
const wholeUpTo = (c: A.Codec, ceiling: number): boolean =>
  ceiling >= 2 && c.is(ceiling - 1) && probes.every((n) => n > ceiling || c.is(n))

/**
 * The last version an item of `m` may hold (`Number.MAX_SAFE_INTEGER` on a model without
 * one): its version field's bound. A create stores 1 and each write version + 1, so a write of
 * an item at it is refused before it is sent (`versionIssue`) or by its condition (`Command`'s
 * update condition requires `NOT version >= versionCeiling(m)`, `versionExhausted`): an update
 * computes version + 1 in DynamoDB, and past the bound it would store one no read decodes.
 */
export const versionCeiling = (m: Pick<Model<any, any, any, any>, 'version' | 'fields'>): number => {
  const c = m.version === undefined ? undefined : m.fields[m.version]
  return c === undefined ? Number.MAX_SAFE_INTEGER : ceilingOf(c)
}

/** Why there is no version after `ceiling` for `write` to store: no JS number holds it exactly, or the version field `name` does not. */
const noNext = (name: string | undefined, ceiling: number, write: string): string =>
  ceiling === Number.MAX_SAFE_INTEGER
    ? `a JS number holds exactly (${write} stores version + 1, at most Number.MAX_SAFE_INTEGER, ${Number.MAX_SAFE_INTEGER})`
    : `the version field ${JSON.stringify(name)} holds: it reached the field's bound (${write} stores version + 1, and the field holds at most ${ceiling})`

/**
 * What a write does with the version it is given: a `save` or an `update` stores version + 1
 * (so the version must be below `versionCeiling`); a `delete` or a `check` only compares it
 * (so it may be the bound itself).
 */
export type VersionUse = 'save' | 'update' | 'delete' | 'check'

/**
 * Why `v` is no version `use` can take (a version is a whole number from 1 to the version
 * field's bound, `versionCeiling`: a create stores 1, each write adds 1; one at the bound has no
 * next one for a save or an update to store), or `undefined` when it is one.
 */
export const versionIssue = (m: Pick<Model<any, any, any, any>, 'version' | 'fields'>, v: unknown, use: VersionUse): DE.Issue | undefined => {
  const ceiling = versionCeiling(m)
  const stores = use === 'save' || use === 'update'
  const whole = isWhole(v, 1)
  if (whole && (stores ? v < ceiling : v <= ceiling)) return undefined
  const path = P.show(P.of(m.version ?? 'version'))
  if (stores && typeof v === 'number' && Number.isInteger(v) && v >= ceiling) {
    return { path, message: `the version ${v} has no next one ${noNext(m.version, ceiling, 'a write')}` }
  }
  return {
    path,
    message:
      whole && ceiling < Number.MAX_SAFE_INTEGER
        ? `a version of ${JSON.stringify(m.version)} is a whole number from 1 to ${ceiling}, the field's bound`
        : 'a version is a whole number from 1 (leave it out to create the item)',
  }
}

/**
 * Why a versioned update refused on `stored` (its condition failed) can never pass: the stored
 * version has no next one (`Command`'s update condition requires room for version + 1, below
 * `versionCeiling`); `undefined` for any other item. A caller retrying on conflicts would
 * otherwise retry for ever.
 */
export const versionExhausted = (m: Pick<Model<any, any, any, any>, 'version' | 'fields'>, stored: Readonly<Record<string, AttributeValue>>): string | undefined => {
  const version = m.version === undefined ? undefined : stored[m.version]?.N
  const ceiling = versionCeiling(m)
  return version !== undefined && Number(version) >= ceiling ? `the stored version ${version} has no next one ${noNext(m.version, ceiling, 'an update')}` : undefined
}

/**
 * Whether `codec` stores `Field.epochSeconds`'s values, as a model's `ttl` must: that codec,
 * through refinements and brands (they narrow its values, not their stored form), `readonly`,
 * and a union of it with `undefined` (the attribute left out). A codec of the caller's that only
 * resembles it (another `Date` to number codec, named `epochSeconds` or not) is not: whole
 * seconds since the epoch are what DynamoDB's time to live reads, and only this codec says so.
 */
export const isEpochSeconds = (codec: A.Codec): boolean => {
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Scalar':
    case 'Opaque':
      return s.codec === epochSeconds
    case 'Refinement':
      return isEpochSeconds(s.of)
    case 'Union':
      return s.members.some(isEpochSeconds) && s.members.every((c) => Shape.of(c)._tag === 'Absent' || isEpochSeconds(c))
    default:
      return false
  }
}

/**
 * Whether DynamoDB's time to live could expire an item by a top-level attribute of `codec`:
 * it reads only a Number (`N`), and passes over an item whose attribute is of another type. So
 * a field stored as a string (a `Field.dateTime`), binary, a boolean, a map or a list never
 * expires its item; one stored as a number may, as may one whose stored form the reader cannot
 * tell (an opaque codec, a set). An intersection is stored as its parts are (all of one form, or
 * its values fail to encode): it may expire when one of them may. `seen`: the recursions met.
 */
export const mayExpire = (codec: A.Codec, seen: Set<A.Codec> = new Set()): boolean => {
  const stored = Shape.stored(codec)
  if (stored !== undefined) return stored === 'N'
  if (seen.has(codec)) return false
  seen.add(codec)
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Scalar':
      return s.stored === 'N'
    case 'Struct':
    case 'List':
    case 'Tuple':
    case 'Dictionary':
    case 'Absent':
      return false
    case 'Exact':
    case 'Refinement':
      return mayExpire(s.of, seen)
    case 'Intersection':
    case 'Union':
      return (s._tag === 'Union' ? s.members : s.parts).some((c) => mayExpire(c, seen))
    case 'Recursive':
      return mayExpire(s.definition(), seen)
    case 'Opaque':
      return true
  }
}

/**
 * Whether the stored `item` expired at `now` by the time-to-live field `ttl` of its model (what
 * `Command.expiredCondition` tests, as `Evaluate` does): `false` without `ttl`, for an item
 * without it, or one of another type. The one rule the predicate `Command.isExpired`, the reads
 * (`run/op.expired`, an Either) and `collection` (to the `ttl` it read once per model) apply.
 */
export const expiredBy = (ttl: string | undefined, item: Readonly<Record<string, AttributeValue>>, now: Date): boolean =>
  ttl !== undefined && expiredAt(item[ttl], epochSeconds.encode(now))

/**
 * Whether a read of items of `models` (a read's one model, or the models of a transaction's or
 * a collection's entries) leaves expired items out: some of them has a `ttl` and the read does not
 * say `includeExpired: true`. The one rule of when a read tests the ttl (so reads the clock, and
 * needs the ttl attribute projected by an index it reads through): `run/clock.expiryTime` reads
 * the clock by it for `getOne`, the reads, `transactGet` and `collection`, and `explain` and
 * `deleteMany` plan their tests by it.
 */
export const leavesExpiredOut = (models: ReadonlyArray<{ readonly ttl?: unknown }>, includeExpired: boolean | undefined): boolean =>
  includeExpired !== true && models.some((m) => m.ttl !== undefined)

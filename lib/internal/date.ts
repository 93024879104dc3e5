/**
 * The time a caller's `Date` holds, read by `Date.prototype`'s own readers, never by the
 * object's: its class or its own properties may answer otherwise (a subclass's `getTime`, an
 * own `toISOString`), and what dynamongo checks, stores, compares and prints is the time the
 * Date holds. The one reader of a Date given by the application (pure).
 *
 * @since 0.3.0
 */
const getTime = Date.prototype.getTime
const toIso = Date.prototype.toISOString
const getYear = Date.prototype.getUTCFullYear

const objectTag = Object.prototype.toString

/**
 * The time the Date `u` holds (`NaN` for an invalid Date), or `undefined` for what holds none:
 * no Date, or an object that only inherits from `Date.prototype` (a Proxy of a Date too), or
 * only says it is one (its `Symbol.toStringTag`), whose reading by `Date.prototype.getTime`
 * throws. A Date of another realm (`node:vm`, an iframe), which is no `instanceof Date` here,
 * holds its time as this realm's do: `Date.prototype.getTime` reads any Date. Never a throw (a
 * Proxy's trap may throw).
 */
export const timeOf = (u: unknown): number | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  try {
    return u instanceof Date || objectTag.call(u) === '[object Date]' ? getTime.call(u) : undefined
  } catch {
    return undefined
  }
}

/**
 * The time of a plain Date: one whose prototype is `Date.prototype` and that has no property of
 * its own (which a codec or a caller might read otherwise), as `timeOf` reads it; `undefined`
 * for any other value, a subclass's instance, or a Proxy whose traps throw. What a copy or a key
 * of a condition's value takes as a Date (rules/ast's copy, run/prepared's kept reads).
 */
export const plainDateTime = (u: unknown): number | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  try {
    return Object.getPrototypeOf(u) === Date.prototype && Reflect.ownKeys(u).length === 0 ? timeOf(u) : undefined
  } catch {
    return undefined
  }
}

/** Whether `u` is a Date that holds a time (a valid one or not), as `timeOf` reads it. */
export const isDate = (u: unknown): u is Date => timeOf(u) !== undefined

/** Whether `u` is a Date that holds a valid time, as `timeOf` reads it. */
export const isValidDate = (u: unknown): u is Date => {
  const ms = timeOf(u)
  return ms !== undefined && !Number.isNaN(ms)
}

const getMonth = Date.prototype.getUTCMonth
const getDay = Date.prototype.getUTCDate
const getHours = Date.prototype.getUTCHours
const getMinutes = Date.prototype.getUTCMinutes
const getSeconds = Date.prototype.getUTCSeconds
const getMilliseconds = Date.prototype.getUTCMilliseconds

/** `n` (0 to 99) in two digits. */
const two = (n: number): string => (n < 10 ? '0' + n : '' + n)

/**
 * The ISO-8601 text of the time a valid Date holds, as `Date.prototype.toISOString` writes it:
 * a year of four digits from the UTC fields, any other year (or an invalid Date) by toISOString.
 * Speed code for a target (the date codecs encode every Date with it).
 */
export const isoOf = (d: Date): string => {
  const y = getYear.call(d)
  if (!(y >= 1000 && y <= 9999)) return toIso.call(d)
  const ms = getMilliseconds.call(d)
  return `${y}-${two(getMonth.call(d) + 1)}-${two(getDay.call(d))}T${two(getHours.call(d))}:${two(getMinutes.call(d))}:${two(getSeconds.call(d))}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`
}

/** The UTC year of the time a valid Date holds, by `Date.prototype.getUTCFullYear`. */
export const yearOf = (d: Date): number => getYear.call(d)

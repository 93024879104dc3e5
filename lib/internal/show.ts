/** A short description of any value, for error messages. */
export const show = (u: unknown): string => {
  if (typeof u === 'bigint') return `${u}n`
  if (u instanceof Date) return `Date(${Number.isNaN(u.getTime()) ? 'invalid' : u.toISOString()})`
  if (u instanceof Set) return `Set(${u.size})`
  if (u instanceof Uint8Array) return `Uint8Array(${u.length})`
  try {
    const s = JSON.stringify(u)
    return s === undefined ? String(u) : s.length > 60 ? s.slice(0, 57) + '...' : s
  } catch {
    return String(u)
  }
}

/**
 * DynamoDB's rule for a set's members: none given twice, each member known by its value (a
 * number by its decimal value: `1`, `1.0` and `1e0` are one; a binary by its bytes; a string
 * as it is). `Item` (the sets it marshals) and `Line` (the sets of a dumped line `load` writes
 * as it is) read it here.
 *
 * @since 0.1.0
 */
import * as X from '../codec/decimal.js'

/** What a number member is known by: its canonical decimal (the string itself when it is no number, which `decimal.checkString` refuses). */
export const numberMember = (s: string): string => X.canonical(s) ?? s

/** What a binary member is known by: its bytes, one character each. */
export const binaryMember = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + 8192)))
  return s
}

/** The first member known as one before it (`member`): that earlier member and it, or `undefined` when none is given twice. */
export const repeated = <A>(members: ReadonlyArray<A>, member: (m: A) => string): readonly [A, A] | undefined => {
  if (members.length < 2) return undefined
  const seen = new Map<string, A>()
  for (const m of members) {
    const k = member(m)
    if (seen.has(k)) return [seen.get(k) as A, m]
    seen.set(k, m)
  }
  return undefined
}

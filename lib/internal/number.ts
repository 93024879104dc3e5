/**
 * DynamoDB's number rules: up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125 (and 0), no NaN or Infinity.
 * Numbers travel as decimal strings; these checks run on the string, exactly.
 */

const numeric = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** `undefined` when `s` is a number DynamoDB accepts, else why not. */
const plainInteger = /^-?(?:0|[1-9]\d{0,37})$/

export const checkNumberString = (s: string): string | undefined => {
  if (plainInteger.test(s)) return undefined // the common case: at most 38 digits, always in range
  if (!numeric.test(s)) return `${JSON.stringify(s)} is not a number`
  let i = 0
  if (s[0] === '+' || s[0] === '-') i = 1
  const ePos = s.search(/[eE]/)
  const mantissa = s.slice(i, ePos === -1 ? undefined : ePos)
  const exp = ePos === -1 ? 0 : Number(s.slice(ePos + 1))
  const dot = mantissa.indexOf('.')
  const intPart = dot === -1 ? mantissa : mantissa.slice(0, dot)
  const fracPart = dot === -1 ? '' : mantissa.slice(dot + 1)
  const digits = (intPart + fracPart).replace(/^0+/, '')
  if (digits === '') return undefined // zero
  const significant = digits.replace(/0+$/, '')
  if (significant.length > 38) return `${s} has ${significant.length} significant digits (DynamoDB keeps at most 38)`
  // decimal exponent of the leading digit: value = 0.d1d2… × 10^(pointPos)
  const leadingZerosInFrac = intPart.replace(/^0+/, '') === '' ? fracPart.length - fracPart.replace(/^0+/, '').length : 0
  const magnitude = intPart.replace(/^0+/, '') === '' ? -leadingZerosInFrac - 1 + exp : intPart.replace(/^0+/, '').length - 1 + exp
  if (magnitude > 125) return `${s} is beyond DynamoDB's largest magnitude (9.99…E+125)`
  if (magnitude < -130) return `${s} is below DynamoDB's smallest magnitude (1E-130)`
  return undefined
}

/** `undefined` when the JS number `n` can be stored as it is, else why not. */
export const checkNumber = (n: number): string | undefined =>
  Number.isFinite(n) ? checkNumberString(String(n)) : `${n} is not a number DynamoDB can store`

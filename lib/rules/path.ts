/**
 * DynamoDB's rules for document paths and attribute names: at most 32 levels, list indexes
 * natural numbers below 2^31, names neither empty, nor over 65,535 bytes, nor holding a lone
 * surrogate. The compiler (`Expression`) checks every path through these functions, and with it
 * `Evaluate`, which takes only what the compiler takes; the codecs and models check attribute
 * names through `checkAttributeName`.
 *
 * @since 0.1.0
 */
import * as P from '../ast/Path.js'
import { LIST_INDEX, NAME_BYTES, PATH_DEPTH } from './limits.js'
import { utf8Length } from './size.js'
import { shortened } from '../internal/show.js'
import { elementsOf } from '../ast/nodes.js'

/**
 * Why a string with a lone surrogate (half of a UTF-16 pair, as `'😀'.slice(0, 1)` makes) is
 * refused, as a value or a name: it is not Unicode, and DynamoDB (Local 3.3.0) reads each lone
 * surrogate as `?`, so the keys `'x\uD808'`, `'x\uDC00'` and `'x?'` are one item to it (each
 * write replaces the last) and conditions compare the `?`.
 */
export const loneSurrogate = 'a lone surrogate (half of a UTF-16 pair): DynamoDB would read it as "?"'

/** Why a path has too many levels, or `undefined`. */
export const depthWhy = (p: P.Path): string | undefined => {
  const n = elementsOf(p).length
  return n > PATH_DEPTH ? `${P.show(p)}: the path has ${n} levels, DynamoDB allows at most ${PATH_DEPTH}` : undefined
}

/** Why `i` is no list index of a document path, or `undefined`. */
export const indexWhy = (p: P.Path, i: number): string | undefined =>
  Number.isInteger(i) && i >= 0 && i <= LIST_INDEX ? undefined : `${P.show(p)}: a list index must be an integer from 0 to ${LIST_INDEX}, got ${i}`

/** Why `name` (an attribute name or map key in `p`) is no name DynamoDB takes, or `undefined`. */
export const nameWhy = (p: P.Path, name: string): string | undefined => {
  if (name.length === 0) return `${P.show(p)}: an attribute name cannot be empty`
  if (!name.isWellFormed()) return `${P.show(p)}: ${loneSurrogate}`
  if (name.length > NAME_BYTES / 3 && utf8Length(name) > NAME_BYTES) {
    return `${shortened(P.show(p), 80)}: an attribute name takes at most ${NAME_BYTES} bytes`
  }
  return undefined
}

/** Why DynamoDB refuses the document path `p`, or `undefined`. */
export const pathWhy = (p: P.Path): string | undefined => {
  const deep = depthWhy(p)
  if (deep !== undefined) return deep
  const es = elementsOf(p)
  for (let i = 0; i < es.length; i++) {
    const e = es[i] as P.Element
    const why = typeof e === 'number' ? indexWhy(p, e) : nameWhy(p, e)
    if (why !== undefined) return why
  }
  return undefined
}

/**
 * How two paths of one expression collide, as DynamoDB sees it: `'overlap'` when one is a
 * prefix of the other (`a` and `a.b`), `'conflict'` when they part where one indexes a list
 * and the other a map (`a[0]` and `a.b`), `undefined` when they are apart (`a.b` and `a.c`).
 * DynamoDB refuses both in one update (and in one projection).
 */
export const clash = (a: P.Path, b: P.Path): 'overlap' | 'conflict' | undefined => {
  const x = elementsOf(a)
  const y = elementsOf(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) return typeof x[i] !== typeof y[i] ? 'conflict' : undefined
  }
  return 'overlap'
}

// -------------------------------------------------------------------------------------
// attribute names
// -------------------------------------------------------------------------------------

/**
 * The one top-level attribute name dynamongo refuses: DynamoDB stores it, but
 * @aws-sdk/client-dynamodb 3.1162.0 loses its value when it parses GetItem/Query/Scan
 * responses. (`Model.make` should refuse a field so named.) Nested map keys are not affected.
 */
export const unreadableName = '__proto__'

export const emptyName = 'an attribute name must not be empty'

export const unreadableMessage =
  'a top-level attribute named __proto__ cannot be read back: @aws-sdk/client-dynamodb loses its value when parsing GetItem/Query/Scan responses (nest it in a map, or rename it)'

/** Why DynamoDB or the SDK cannot hold a top-level attribute named `name`, or `undefined` (its bytes counted only past a third of `NAME_BYTES` characters). */
export const checkAttributeName = (name: string): string | undefined =>
  name === ''
    ? emptyName
    : name === unreadableName
      ? unreadableMessage
      : !name.isWellFormed()
        ? loneSurrogate
        : name.length > NAME_BYTES / 3 && utf8Length(name) > NAME_BYTES
          ? `an attribute name takes at most ${NAME_BYTES} bytes (this one ${utf8Length(name)})`
          : undefined

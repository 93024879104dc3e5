/**
 * Document paths as values: a top-level attribute name followed by map keys and list
 * indexes (`a.b[3].c`). Names are any string DynamoDB allows — reserved words, dots,
 * dashes, spaces, unicode, `#`, `:`, `__proto__` — because a name is data here, never
 * text to be parsed: `Path.of('a.b')` is one attribute named `a.b`. A path made here is
 * frozen, its elements too: it cannot change once made, so a request reads one path however
 * often and whenever it reads it.
 *
 * @since 0.1.0
 * @category Building queries
 * @module
 */
import { showElements, unshowable } from '../internal/show.js'
import { sameElements, sealedPath } from './nodes.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A map key (a string) or a list index (a number).
 *
 * @category model
 */
export type Element = string | number

/**
 * An attribute path: an attribute name, then map keys and list indexes. A value, compared with
 * `equals`.
 *
 * @category model
 */
export interface Path {
  readonly _tag: 'Path'
  /** The first element is the attribute name; then map keys (strings) and list indexes (numbers). */
  readonly elements: readonly [string, ...ReadonlyArray<Element>]
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * `Path.of('a', 'b', 3, 'c')` is `a.b[3].c`.
 *
 * @example
 * ```ts
 * import { Path } from 'dynamongo'
 *
 * // the attribute named 'a.b' (nothing is parsed: shown quoted), its list's first element, that map's key city
 * const p = Path.index(0)(Path.of('a.b'))
 * Path.show(Path.key('city')(p)) // => '"a.b"[0].city'
 * ```
 *
 * @category constructors
 */
export const of = (name: string, ...rest: ReadonlyArray<Element>): Path => sealedPath([name, ...rest])

// -------------------------------------------------------------------------------------
// combinators (data-last)
// -------------------------------------------------------------------------------------

/**
 * The map key `name` under `path`.
 *
 * @example
 * ```ts
 * import { pipe } from 'fp-ts/function'
 * import { Path } from 'dynamongo'
 *
 * Path.show(pipe(Path.of('address'), Path.key('city'))) // => 'address.city'
 * ```
 *
 * @category combinators
 */
export const key =
  (name: string) =>
  (path: Path): Path => sealedPath([...path.elements, name])

/**
 * The list element at `index` under `path`.
 *
 * @example
 * ```ts
 * import { pipe } from 'fp-ts/function'
 * import { Path } from 'dynamongo'
 *
 * Path.show(pipe(Path.of('tags'), Path.index(0))) // => 'tags[0]'
 * ```
 *
 * @category combinators
 */
export const index =
  (i: number) =>
  (path: Path): Path => sealedPath([...path.elements, i])

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The top-level attribute name. What is no path (through `any`: no name first, a getter or a
 * Proxy that throws) gives the empty name, which no attribute has and which the compiler (and
 * DynamoDB) refuses, so that it names nothing that could be sent; `show` describes it.
 *
 * @example
 * ```ts
 * import { Path } from 'dynamongo'
 *
 * Path.name(Path.of('address', 'city')) // => 'address'
 * ```
 *
 * @category destructors
 */
export const name = (path: Path): string => {
  try {
    const first: unknown = path.elements[0]
    return typeof first === 'string' ? first : ''
  } catch {
    return ''
  }
}

/**
 * For people: `a.b[3].c`; names that are not plain identifiers are quoted: `"a.b"[0]`.
 *
 * @example
 * ```ts
 * import { Path } from 'dynamongo'
 *
 * Path.show(Path.of('address', 'city')) // => 'address.city'
 * Path.show(Path.of('a.b', 0))          // => '"a.b"[0]'
 * ```
 *
 * @category destructors
 */
export const show = (path: Path): string => {
  try {
    return showElements(path.elements)
  } catch (e) {
    return unshowable('a path', path, e)
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether two paths name the same attribute element by element.
 *
 * @example
 * ```ts
 * import { Path } from 'dynamongo'
 *
 * Path.equals(Path.of('tags', 0), Path.of('tags', 0)) // => true
 * Path.equals(Path.of('a.b'), Path.of('a', 'b'))      // => false
 * ```
 *
 * @category utils
 */
export const equals = (a: Path, b: Path): boolean => {
  try {
    return sameElements(a.elements, b.elements)
  } catch {
    // a value whose reading throws (a getter, a Proxy) is no path, and names none
    return false
  }
}

/**
 * Whether a value is a `Path` (its `_tag` and `elements`).
 *
 * @example
 * ```ts
 * import { Path } from 'dynamongo'
 *
 * Path.isPath(Path.of('email')) // => true
 * Path.isPath('email')          // => false
 * ```
 *
 * @category refinements
 */
export const isPath = (u: unknown): u is Path => {
  try {
    return typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'Path' && Array.isArray((u as { elements?: unknown }).elements)
  } catch {
    // a value whose reading throws (a getter, a Proxy) is no path, and names none
    return false
  }
}

/**
 * Document paths as values: a top-level attribute name followed by map keys and list
 * indexes (`a.b[3].c`). Names are any string DynamoDB allows — reserved words, dots,
 * dashes, spaces, unicode, `#`, `:`, `__proto__` — because a name is data here, never
 * text to be parsed: `Path.of('a.b')` is one attribute named `a.b`.
 *
 * @since 0.1.0
 * @category Building queries
 * @module
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A map key (a string) or a list index (a number). */
export type Element = string | number

export interface Path {
  readonly _tag: 'Path'
  /** The first element is the attribute name; then map keys (strings) and list indexes (numbers). */
  readonly elements: readonly [string, ...ReadonlyArray<Element>]
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** `Path.of('a', 'b', 3, 'c')` is `a.b[3].c`. */
export const of = (name: string, ...rest: ReadonlyArray<Element>): Path => ({ _tag: 'Path', elements: [name, ...rest] })

// -------------------------------------------------------------------------------------
// combinators (data-last)
// -------------------------------------------------------------------------------------

/** The map key `name` under `path`. */
export const key =
  (name: string) =>
  (path: Path): Path => ({ _tag: 'Path', elements: [...path.elements, name] })

/** The list element at `index` under `path`. */
export const index =
  (i: number) =>
  (path: Path): Path => ({ _tag: 'Path', elements: [...path.elements, i] })

/** The path one level up, or `undefined` for a top-level attribute. */
export const parent = (path: Path): Path | undefined =>
  path.elements.length === 1
    ? undefined
    : { _tag: 'Path', elements: path.elements.slice(0, -1) as unknown as readonly [string, ...Element[]] }

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** The top-level attribute name. */
export const name = (path: Path): string => path.elements[0]

/** The number of elements (DynamoDB allows at most 32 levels). */
export const depth = (path: Path): number => path.elements.length

const plain = /^[A-Za-z_][A-Za-z0-9_]*$/

/** For people: `a.b[3].c`; names that are not plain identifiers are quoted: `"a.b"[0]`. */
export const show = (path: Path): string => showElements(path.elements)

/** `show` of any run of elements (a validation issue's place inside a value: `[2].a`). */
export const showElements = (elements: ReadonlyArray<Element>): string => {
  let out = ''
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i] as Element
    if (typeof e === 'number') out += `[${e}]`
    else out += (i === 0 ? '' : '.') + (plain.test(e) ? e : JSON.stringify(e))
  }
  return out
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

export const equals = (a: Path, b: Path): boolean =>
  a.elements.length === b.elements.length && a.elements.every((e, i) => e === b.elements[i])

/** `a` is `b` or an ancestor of `b` (`a` and `a.b[0]` overlap). */
export const isPrefixOf = (a: Path, b: Path): boolean =>
  a.elements.length <= b.elements.length && a.elements.every((e, i) => e === b.elements[i])


/**
 * How two paths of one expression collide, as DynamoDB sees it: `'overlap'` when one is a
 * prefix of the other (`a` and `a.b`), `'conflict'` when they part where one indexes a list
 * and the other a map (`a[0]` and `a.b`), `undefined` when they are apart (`a.b` and `a.c`).
 */
export const clash = (a: Path, b: Path): 'overlap' | 'conflict' | undefined => {
  const x = a.elements
  const y = b.elements
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) return typeof x[i] !== typeof y[i] ? 'conflict' : undefined
  }
  return 'overlap'
}

/** Either is a prefix of the other: DynamoDB refuses such paths in one update. */
export const overlaps = (a: Path, b: Path): boolean => clash(a, b) === 'overlap'

export const isPath = (u: unknown): u is Path =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'Path' && Array.isArray((u as { elements?: unknown }).elements)

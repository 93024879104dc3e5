/**
 * Reading condition ASTs inside the library: the mark of a condition built by `Condition`'s
 * constructors and its test (`isCondition`, what the strategy parser asks), the paths a
 * condition reads, its conjuncts, and the default of every exhaustive switch over a node.
 *
 * @since 0.1.0
 */
import type { Condition, Operand } from './Condition.js'
import type { Path } from './Path.js'
import type { Codec } from './Attr.js'
import { AST_DEPTH } from '../rules/limits.js'

/**
 * The codec of each handle's path node, for the rules that read an attribute's codec where the
 * AST holds only its path (`Shape.equalityOnly`). Set only on a node made for its handle alone
 * (`expr.fromCodec`; a handle the library builds at a caller's path is on a node of its own,
 * `expr.handleAt`), never on a caller's; a snapshot (rules/ast) takes a sealed path, as every
 * handle's is, as its own copy, its codec with it.
 */
const pathCodecs = new WeakMap<object, Codec>()

/** The codec of the handle whose path node is `p`, or `undefined` (a path built by hand, or a copy of a path). */
export const codecOfPath = (p: Path): Codec | undefined => (typeof p === 'object' && p !== null ? pathCodecs.get(p) : undefined)

/** `p` is the path node of a handle of `codec`. */
export const setCodecOfPath = (p: Path, codec: Codec): void => {
  if (typeof p === 'object' && p !== null) pathCodecs.set(p, codec)
}

/** What lets `Sealed` mark any object: its constructor answers the object it is given, which the subclass's field initializer then marks. */
class Given {
  constructor(o: object) {
    return o as Given
  }
}

/**
 * The mark of a node our constructors made (`sealed`): a private field, which no other object
 * can hold (a spread does not copy it, a Proxy does not answer it, a cast cannot make it).
 */
class Sealed extends Given {
  #sealed = true
  static has(o: object): boolean {
    return #sealed in o
  }
}

/**
 * `n`, a node our constructors just made, marked as theirs and frozen: each of its fields a
 * data property that answers one value however often it is read, and never another later.
 * Only paths are sealed (`sealedPath`: `Path.of`, `Path.key`, `Path.index`, a handle's path),
 * whose elements, names and indexes, are frozen with them: what a sealed path holds cannot
 * change either, so rules/ast's `snapshot` takes one as its own copy.
 */
export const sealed = <N extends object>(n: N): N => Object.freeze(new Sealed(n)) as unknown as N

/** Whether `u` is a node `sealed` made (never an object built otherwise, nor a Proxy). */
export const isSealed = (u: object): boolean => Sealed.has(u)

/**
 * Where a sealed path also holds its elements in a list of its own, not frozen, which only
 * `elementsOf` reads: V8 reads a frozen list several times slower than a plain one (indexing,
 * `every`, `for…of`), and the library reads a path's elements at every step of a request. A
 * symbol no other module names, on a property that is not enumerable (a spread or
 * `Object.assign` does not copy it), not writable and not configurable. Anyone can find the
 * symbol (`Object.getOwnPropertySymbols`) and put a list of their own under it: `elementsOf`
 * reads it only of a sealed path (`isSealed`), which is frozen once the list is put.
 */
const ELEMENTS: unique symbol = Symbol('dynamongo/Path elements')

/**
 * The path of `elements` (a list no one else holds: the path keeps it), sealed: its
 * `elements` a frozen copy of the list, and the list itself kept for `elementsOf`.
 */
export const sealedPath = (elements: Path['elements']): Path => {
  const n = { _tag: 'Path', elements: Object.freeze(elements.slice()) }
  Object.defineProperty(n, ELEMENTS, { value: elements })
  return sealed(n) as Path
}

/**
 * The elements of `p`: what `p.elements` holds, the same names and indexes in order, for a
 * sealed path its own plain list. Never to be changed, nor handed out. The list is the path's
 * own only where `p` is sealed (its private mark, which no other object holds): an object that
 * inherits from a sealed path, a Proxy of one, or one that holds a list under the same symbol
 * (copied from a sealed path, or its own) answers its own `elements`, as the pure interpreters
 * read a user's value.
 */
export const elementsOf = (p: Path): Path['elements'] => {
  const kept = (p as { readonly [ELEMENTS]?: Path['elements'] })[ELEMENTS]
  return kept !== undefined && Sealed.has(p) ? kept : p.elements
}

/** `Path.equals` for the library's own reading (`elementsOf`): whether two paths name the same attribute. */
export const pathsEqual = (a: Path, b: Path): boolean => a === b || sameElements(elementsOf(a), elementsOf(b))

/** Whether two lists of path elements are the same, element by element. */
export const sameElements = (x: Path['elements'], y: Path['elements']): boolean => {
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

/**
 * The mark of a node built by `Condition`'s constructors, as a symbol-keyed property: JSON,
 * `Object.keys`, deep equality and `for…in` do not see it, a spread keeps it. `isCondition`
 * reads it, so a strategy that is an item is never taken for a condition because of its
 * shape (an item may have a field named `_tag`).
 */
export const built: symbol = Symbol.for('dynamongo/Condition')

/**
 * Every tag of a condition node (the compiler checks this list against `Condition['_tag']`), and
 * `Refused` (rules/ast: what a builder answers for a condition it cannot build), so that a
 * refusal is read as a condition, which every interpreter refuses, never as a key or an item.
 */
const conditionTags: { readonly [K in Condition['_tag'] | 'Refused']: true } = {
  Comparison: true,
  Between: true,
  In: true,
  BeginsWith: true,
  Contains: true,
  Exists: true,
  NotExists: true,
  AttributeType: true,
  And: true,
  Or: true,
  Not: true,
  Refused: true,
}

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether `u` is a condition built by `Condition`'s constructors, or a builder's refusal
 * (rules/ast `refused`, which every interpreter refuses): it carries their mark and a condition
 * tag. An object of the same shape built otherwise (an item with a field named `_tag`, a
 * condition read back from JSON) is not one.
 */
export const isCondition = (u: unknown): u is Condition =>
  typeof u === 'object' && u !== null && (u as Readonly<Record<symbol, unknown>>)[built] === true && conditionTags[(u as Condition)._tag] === true

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** Every path a condition reads, in traversal order (with repeats). */
export const paths = (c: Condition): ReadonlyArray<Path> => {
  const out: Path[] = []
  const op = (o: Operand): void => {
    if (o._tag === 'Path') out.push(o)
    else if (o._tag === 'Size') out.push(o.path)
  }
  const go = (c: Condition): void => {
    switch (c._tag) {
      case 'Comparison':
        op(c.left)
        op(c.right)
        return
      case 'Between':
        op(c.operand)
        op(c.low)
        op(c.high)
        return
      case 'In':
        op(c.operand)
        c.values.forEach(op)
        return
      case 'BeginsWith':
        out.push(c.path)
        op(c.prefix)
        return
      case 'Contains':
        out.push(c.path)
        op(c.operand)
        return
      case 'Exists':
      case 'NotExists':
      case 'AttributeType':
        out.push(c.path)
        return
      case 'And':
      case 'Or':
        c.conditions.forEach(go)
        return
      case 'Not':
        go(c.condition)
        return
      default:
        return absurd(c)
    }
  }
  go(c)
  return out
}

/** The top-level attribute names a condition reads, in traversal order, once each. */
export const topNames = (c: Condition): ReadonlyArray<string> => {
  const out: string[] = []
  for (const p of paths(c)) {
    const n = String(elementsOf(p)[0])
    if (!out.includes(n)) out.push(n)
  }
  return out
}

/** The default of every exhaustive switch over an AST: unreachable for well-typed nodes. */
export const absurd = (x: never): never => {
  // eslint-disable-next-line no-restricted-syntax -- unreachable for well-typed nodes: the one throw of an exhaustive switch
  throw new Error(`dynamongo: unexpected node ${JSON.stringify(x)}`)
}

const pushConjuncts = (c: Condition, out: Condition[], depth: number): void => {
  // an And nested deeper than any expression stays one conjunct (the compiler refuses it)
  if (c._tag !== 'And' || depth > AST_DEPTH) out.push(c)
  else for (const d of c.conditions) pushConjuncts(d, out, depth + 1)
}

/** The conjuncts of a condition: nested `And`s flattened. */
export const conjuncts = (c: Condition): ReadonlyArray<Condition> => {
  const out: Condition[] = []
  pushConjuncts(c, out, 0)
  return out
}

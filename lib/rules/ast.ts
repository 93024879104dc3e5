/**
 * Condition and update ASTs read before any interpreter recurses into them: one walk,
 * bounded in depth before each descent (no tree can exhaust the call stack), that checks each
 * node's shape (a known `_tag`, the fields it needs, paths of strings and numbers, codecs
 * with `is` and `encode`, comparators and type names from their lists) and stops at the
 * first problem: a malformed node (an AST cast through `any`), a tree too large or too deep
 * to be read (or a cycle). `Model.select` and `Dynamo.explain` read strategies through it
 * before anything recurses into them; the compiler (`Expression`), which guards its own
 * recursion and counts DynamoDB's operators as it compiles, and the planner (`Plan`) ask it
 * what was wrong when an input made them fail. `snapshot` copies an AST, each field it reads
 * read once, for an interpreter that reads it twice (`Evaluate`: the compiler's verdict, then
 * the predicate or updater), so that both read one AST.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { built, elementsOf, isSealed } from '../ast/nodes.js'
import type { Path } from '../ast/Path.js'
import { plainOnce, ReadThrew, TOO_MANY, tooMany } from '../internal/own.js'
import { scalarOrKind, showElements, thrown } from '../internal/show.js'
import { plainDateTime } from '../internal/date.js'
import { AST_DEPTH, AST_NODES, tooDeep } from './limits.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The comparators of `Comparison`. */
const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>='])

/** DynamoDB's type names (`attribute_type`). */
export const TYPE_NAMES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'])

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * What a builder answers for a condition it cannot build (`Command`'s condition builders and
 * `Model.keysIn`, given no model or keys that cannot be read): a node that is no `Condition` of
 * the union, and nothing built of it is sent. It carries the constructors' mark, so that
 * `isCondition` takes it for a condition (a strategy, a selection) and never for a key or an
 * item; this reader, and so every interpreter (the compiler, `Evaluate`, the strategy parser),
 * refuses it with an `ExpressionError` quoting `why` (or with the error `refusedBy` carries); the planner refuses one that is the
 * condition or one of its conjuncts (`refusedConjunct`), one under an `Or` or a `Not` goes to a
 * filter, which the compiler refuses.
 */
export const refused = (why: string): { readonly _tag: 'Refused'; readonly why: string } => ({ _tag: 'Refused', why, [built]: true }) as { readonly _tag: 'Refused'; readonly why: string }

/**
 * `refused` of an error: what a builder answers for what is no model (`modelError`) or input
 * whose reading threw. It carries the error, which the readers below answer as it is (a
 * `ValidationError` of the builder's input stays one, as the operations give it for the same
 * input), rather than an `ExpressionError` quoting it.
 */
export const refusedBy = (e: DE.DynamoError): { readonly _tag: 'Refused'; readonly why: string } =>
  ({ _tag: 'Refused', why: DE.show(e), error: e, [built]: true }) as { readonly _tag: 'Refused'; readonly why: string }

/** The error a `Refused` node `n` carries (`refusedBy`), or `undefined` (none, or no `DynamoError`). */
const carried = (n: Readonly<Record<string, unknown>>): DE.DynamoError | undefined => {
  const e = n['error']
  return DE.isDynamoError(e) ? e : undefined
}

/** The `why` of a builder's refusal `u` (a `Refused` node), or `undefined` when `u` is none (what printers draw). */
export const refusalOf = (u: unknown): string | undefined =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'Refused' ? (typeof (u as { why?: unknown }).why === 'string' ? (u as { why: string }).why : 'a condition that could not be built') : undefined

/** What this reader says of a `Refused` node `n` found at `where`. */
const refusalWhy = (where: string, n: Readonly<Record<string, unknown>>): string => `${where}: ${refusalOf(n) as string}`

/**
 * Why the condition `c` (the `kind` of a request) is refused, when it or one of its conjuncts (an
 * `And`'s, nested `And`s flattened, as the planner reads them) is a `Refused` node; else
 * `undefined`. The planner's check: it reads the conjuncts of what it plans, not the whole tree.
 */
export const refusedConjunct = (c: unknown, kind: string): DE.DynamoError | undefined => {
  try {
    return refusedAt(c, kind, 0)
  } catch (e) {
    return DE.expressionError(unreadable(e))
  }
}

/** `refusedConjunct` of `c` at `depth` (0: the condition of a `kind` of request; below: a conjunct of an `And`, where the refusal is said to be). */
const refusedAt = (c: unknown, kind: string, depth: number): DE.DynamoError | undefined => {
  if (typeof c !== 'object' || c === null || depth > AST_DEPTH) return undefined
  const n = c as Readonly<Record<string, unknown>>
  const tag = n['_tag']
  if (tag === 'Refused') return carried(n) ?? DE.expressionError(refusalWhy(depth === 0 ? 'the ' + kind : "C.and's conditions", n))
  if (tag !== 'And' || !Array.isArray(n['conditions'])) return undefined
  for (const d of n['conditions'] as ReadonlyArray<unknown>) {
    const why = refusedAt(d, kind, depth + 1)
    if (why !== undefined) return why
  }
  return undefined
}

/** Why the condition `c` (the `kind` of a request: `condition`, `filter`, `key condition`, `strategy`) cannot be read, or `undefined`. */
export const conditionWhy = (c: unknown, kind: string): string | undefined => {
  try {
    return walkCondition(c, kind)
  } catch (e) {
    return unreadable(e)
  }
}

/**
 * The error of the condition `c`'s first problem (`conditionWhy`), or `undefined`: a builder's
 * refusal that carries an error (`refusedBy`) gives that error as it is; any other problem is an
 * `ExpressionError` saying why.
 */
export const conditionError = (c: unknown, kind: string): DE.DynamoError | undefined => {
  const st: State = { nodes: 0, kind, root: c }
  let why: string | undefined
  try {
    why = node(st, c, CONDITION, 'the ' + kind, 1)
  } catch (e) {
    why = unreadable(e)
  }
  return why === undefined ? undefined : (st.refusal ?? DE.expressionError(why))
}

/** Why the update `us` cannot be read or sent, or `undefined`. */
export const updateWhy = (us: unknown): string | undefined =>
  guarded(() => {
    if (!Array.isArray(us)) return `the update expression: expected a list of actions, got ${scalarOrKind(us)}`
    return walkUpdate(us)
  })

/** Why `ps` is not a list of paths (a projection), or `undefined`. */
export const pathsWhy = (ps: unknown): string | undefined =>
  guarded(() => {
    if (!Array.isArray(ps)) return `the projection: expected a list of paths, got ${scalarOrKind(ps)}`
    for (let i = 0; i < ps.length; i++) {
      const why = pathWhy(ps[i])
      if (why !== undefined) return `the projection: paths[${i}] ${why}`
    }
    return undefined
  })

/** The copies `snapshot` made: the library's own, given back as they are (a caller holding one is not read again). */
const taken = new WeakSet<object>()

/**
 * A plain copy of the AST `u` (a `condition`, a filter…, as `kind` names it; or an update, a list
 * of actions), in which each field of each node is read once: a getter or Proxy trap of an AST
 * cast through `any` that would answer otherwise when read again answers once, so that one
 * reader's check and another's interpretation (`Evaluate`: the compiler's verdict, then the
 * predicate) are of one AST. A node keeps the fields the walk below reads for its tag (`COPIERS`;
 * one of no tag it knows, its `_tag` alone, which the walk refuses) and the constructors' mark; a
 * `Value`'s value and codec (its plain objects, lists and dates copied: `valueCopy`), and what
 * stands where a node or a list belongs and is none, are kept as read; a path our constructors
 * sealed (`nodes.sealed`: frozen, and never changed after) is its own copy. Nothing is
 * checked here but that the AST can be read: a reading that throws, a tree deeper than
 * `AST_DEPTH` (or a cycle) or of more than `AST_NODES` nodes is the `ExpressionError` saying why.
 * A copy made with `keep` (by a caller that hands it to further steps) is given back as it is
 * (`taken`): one reading, however many steps use it.
 */
export const snapshot = <A>(u: A, kind: string, keep = false): E.Either<DE.DynamoError, A> => {
  if (typeof u === 'object' && u !== null && taken.has(u)) return E.right(u)
  const st: State = { nodes: 0, kind, root: u }
  try {
    const out = Array.isArray(u) ? copyList(u, (x) => copy(st, x, 1)) : copy(st, u, 1)
    if (st.why !== undefined) return E.left(DE.expressionError(st.why))
    if (keep && typeof out === 'object' && out !== null) taken.add(out)
    return E.right(out as A)
  } catch (e) {
    return E.left(DE.expressionError(unreadable(e)))
  }
}

/** A node's copy, made by its tag's copier: each field read once, in the order listed. */
type Copier = (st: State, n: Readonly<Record<string, unknown>>, d: number) => Record<string | symbol, unknown>

/** A child node's copy (`copy`) at depth `d`. */
const nd = (st: State, v: unknown, d: number): unknown => copy(st, v, d)
/** A list of child nodes' copy at depth `d` (`copyList`'s reading, without a closure per list). */
const nds = (st: State, v: unknown, d: number): unknown => {
  if (!Array.isArray(v)) return v
  const n = v.length
  const out: unknown[] = []
  for (let i = 0; i < n; i++) out.push(copy(st, v[i], d))
  return out
}
/** A path's elements, each as read. */
const els = (v: unknown): unknown => {
  if (!Array.isArray(v)) return v
  const n = v.length
  const out: unknown[] = []
  for (let i = 0; i < n; i++) out.push(v[i])
  return out
}

/**
 * A condition's copier (`f`), which then gives the copy the constructors' mark of the node, as
 * read: what `isCondition` asks of the copy (it asks no other node). The condition tags' copiers
 * alone: no other node carries the mark, so no other node's copy reads it.
 */
const marked =
  (f: Copier): Copier =>
  (st, n, d) => {
    const out = f(st, n, d)
    if ((n as Readonly<Record<symbol, unknown>>)[built] === true) out[built] = true
    return out
  }

/**
 * The fields the walk reads of a node, by its tag: child nodes (`nd`), lists of them (`nds`), a
 * path's elements (`els`), a `Value`'s value (`valueCopy`), leaves as read. Each copier builds its
 * node in one literal (one shape per tag, which the compiler's readings of the copy keep fast).
 * A Map, read for every node: its `get` answers the listed tags alone (an inherited `toString` never), with no own-property test.
 */
const COPIERS: ReadonlyMap<unknown, Copier> = new Map<string, Copier>(Object.entries({
  Comparison: marked((st, n, d) => ({ _tag: 'Comparison', op: n['op'], left: nd(st, n['left'], d), right: nd(st, n['right'], d) })),
  Between: marked((st, n, d) => ({ _tag: 'Between', operand: nd(st, n['operand'], d), low: nd(st, n['low'], d), high: nd(st, n['high'], d) })),
  In: marked((st, n, d) => ({ _tag: 'In', operand: nd(st, n['operand'], d), values: nds(st, n['values'], d) })),
  BeginsWith: marked((st, n, d) => ({ _tag: 'BeginsWith', path: nd(st, n['path'], d), prefix: nd(st, n['prefix'], d) })),
  Contains: marked((st, n, d) => ({ _tag: 'Contains', path: nd(st, n['path'], d), operand: nd(st, n['operand'], d) })),
  Exists: marked((st, n, d) => ({ _tag: 'Exists', path: nd(st, n['path'], d) })),
  NotExists: marked((st, n, d) => ({ _tag: 'NotExists', path: nd(st, n['path'], d) })),
  AttributeType: marked((st, n, d) => ({ _tag: 'AttributeType', path: nd(st, n['path'], d), type: n['type'] })),
  And: marked((st, n, d) => ({ _tag: 'And', conditions: nds(st, n['conditions'], d) })),
  Or: marked((st, n, d) => ({ _tag: 'Or', conditions: nds(st, n['conditions'], d) })),
  Not: marked((st, n, d) => ({ _tag: 'Not', condition: nd(st, n['condition'], d) })),
  Refused: marked((_, n) => ({ _tag: 'Refused', why: n['why'], error: n['error'] })),
  Path: (_, n) => ({ _tag: 'Path', elements: els(n['elements']) }),
  Value: (st, n) => ({ _tag: 'Value', value: valueCopy(st, n['value']), codec: n['codec'] }),
  Size: (st, n, d) => ({ _tag: 'Size', path: nd(st, n['path'], d) }),
  IfNotExists: (st, n, d) => ({ _tag: 'IfNotExists', path: nd(st, n['path'], d), value: nd(st, n['value'], d) }),
  ListAppend: (st, n, d) => ({ _tag: 'ListAppend', left: nd(st, n['left'], d), right: nd(st, n['right'], d) }),
  Arithmetic: (st, n, d) => ({ _tag: 'Arithmetic', op: n['op'], left: nd(st, n['left'], d), right: nd(st, n['right'], d) }),
  Set: (st, n, d) => ({ _tag: 'Set', ...action(st, n, d), codec: n['codec'] }),
  Remove: (st, n, d) => ({ _tag: 'Remove', path: nd(st, n['path'], d) }),
  Add: (st, n, d) => ({ _tag: 'Add', ...action(st, n, d) }),
  Delete: (st, n, d) => ({ _tag: 'Delete', ...action(st, n, d) }),
} satisfies Record<string, Copier>))

/**
 * An action's target path, then its value: a value that cannot be read in it (a `plus` of
 * another attribute and a value included) is named by the target (`State.target`), not by the
 * path copied last.
 */
const action = (st: State, n: Record<string, unknown>, d: number): { readonly path: unknown; readonly value: unknown } => {
  const path = nd(st, n['path'], d)
  const outer = st.target
  st.target = st.at
  const value = nd(st, n['value'], d)
  st.target = outer
  return { path, value }
}

/** A list read once: its length, then each member (`f` of it); what is no list, as read. */
const copyList = (u: unknown, f: (x: unknown) => unknown): unknown => {
  if (!Array.isArray(u)) return u
  const n = u.length
  const out: unknown[] = []
  for (let i = 0; i < n; i++) out.push(f(u[i]))
  return out
}

/**
 * One node copied, and below it its children. The copy goes a few levels past `AST_DEPTH`
 * (the compiler takes `AST_DEPTH` levels of AND, OR and NOT, then a comparison of a `Size` of a
 * path), so that whatever the walk or the compiler would take is copied whole; deeper (or a
 * cycle), it stops.
 */
const copy = (st: State, u: unknown, depth: number): unknown => {
  if (typeof u !== 'object' || u === null || st.why !== undefined) return u
  if (++st.nodes > AST_NODES) st.why = tooLarge(st)
  else if (depth > AST_DEPTH + 3) st.why = tooDeep(`the ${st.kind}`)
  if (st.why !== undefined) return undefined
  const n = u as Record<string, unknown>
  const tag = n['_tag']
  // a path our constructors sealed cannot change: its own copy, with its codec (`codecOfPath`:
  // only a handle's path has one, and every handle's path is sealed)
  if (tag === 'Path' && isSealed(n)) {
    st.at = elementsOf(n as unknown as Path)
    return n
  }
  const copier = COPIERS.get(tag)
  const out: Record<string | symbol, unknown> = copier === undefined ? { _tag: tag } : copier(st, n, depth + 1)
  if (tag === 'Path') st.at = Array.isArray(out['elements']) ? (out['elements'] as ReadonlyArray<string | number>) : undefined
  return out
}

/**
 * A `Value`'s value read once: a plain date copied (its time read once: the caller may change it
 * in place, `setTime`, after the copy is taken), plain objects and lists copied as `plainOnce`
 * copies an item's (each property and element read once: the codec checks, encodes and
 * marshalls what is sent); a date of its own class or properties, which a codec may read
 * otherwise, is kept as it is, as are a class's instances and a value whose prototype cannot be
 * read (a Proxy). One of more values than any item holds (`TOO_MANY`) stops the copy (`st.why`).
 */
const valueCopy = (st: State, v: unknown): unknown => {
  if (typeof v !== 'object' || v === null) return v
  // a plain Date by the time it holds; one that only inherits from Date holds none, and is copied as any other object is
  const time = plainDateTime(v)
  if (time !== undefined) return new Date(time)
  let once: unknown
  try {
    once = plainOnce(v)
  } catch (e) {
    // reading the value itself threw (a Proxy's trap: its prototype, its keys): named by its attribute
    st.why = unreadable(e) + givenFor(st, '')
    return undefined
  }
  if (once === TOO_MANY) st.why = `the ${st.kind}: a value holds ${tooMany}`
  if (once instanceof ReadThrew) st.why = unreadable(once.error) + givenFor(st, once.path.length === 0 ? '' : `reading the value's ${showElements(once.path)}, `)
  return once
}

/**
 * ` (…the value given for a.b)`: the attribute of the value a copy could not read (an action's
 * target, `State.target`, else the path copied last, `State.at`), after `reading`; none when
 * that path holds an element no path holds (a symbol: the path's own refusal names it).
 */
const givenFor = (st: State, reading: string): string => {
  const at = st.target ?? st.at
  return at === undefined || at.length === 0 || !at.every(isElement) ? (reading === '' ? '' : ` (${reading.slice(0, -2)})`) : ` (${reading}the value given for ${showElements(at)})`
}

const isElement = (e: unknown): boolean => typeof e === 'string' || typeof e === 'number'

/** What a missing node most often is: a model's handle of a field it does not declare, read through a cast (`attrs` has none). */
const NO_HANDLE = " (no attribute handle: a field the model does not declare, read through a cast? a model's attrs has one handle per field of its codec)"

/** Why `p` is not a `Path` node (a non-empty list of elements, a name first, then names and list indexes), or `undefined`. */
const pathWhy = (p: unknown): string | undefined => {
  if (typeof p !== 'object' || p === null) return `is ${scalarOrKind(p)}, not ${BUILT_BY['Path'] as string}${p === undefined ? NO_HANDLE : ''}`
  const node = p as { _tag?: unknown; elements?: unknown }
  if (node._tag !== 'Path') return `is ${Array.isArray(p) ? 'a list' : builtBy(node._tag)}, not ${BUILT_BY['Path'] as string}`
  const es = node.elements
  if (!Array.isArray(es) || es.length === 0) return 'is an attribute path without elements'
  if (typeof es[0] !== 'string') return `is an attribute path whose name is ${scalarOrKind(es[0])}, not a string`
  for (let i = 1; i < es.length; i++) {
    const e: unknown = es[i]
    if (typeof e !== 'string' && typeof e !== 'number') return `is an attribute path whose element ${i} is ${scalarOrKind(e)}, not a name or a list index`
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** A getter or Proxy trap of the AST that fails makes a malformed AST too. */
const guarded = (f: () => string | undefined): string | undefined => {
  try {
    return f()
  } catch (e) {
    return unreadable(e)
  }
}

/** Why an AST whose reading threw (a getter, a Proxy cast through `any`) is refused. */
export const unreadable = (e: unknown): string => `the AST could not be read: ${thrown(e)}`

// what a node must be
const CONDITION = 0
const OPERAND = 1
const SET_VALUE = 2
const SET_OPERAND = 3
const VALUE = 4
const ACTION = 5

const EXPECTED = [
  'a condition (C.eq, C.and, …)',
  "an operand (an attribute handle of a model's attrs, a value or C.size)",
  'a SET value',
  'a SET operand (an attribute handle, a value, U.ifNotExists or U.listAppend)',
  'a value',
  'an action (U.set, U.remove, U.add, U.deleteFrom, …)',
] as const

/** Why a node stands where it does not belong: the node found (`builtBy` its tag), where `what` belongs. */
const misplaced = (where: string, tag: unknown, what: number): string => `${where}: ${builtBy(tag)} where ${EXPECTED[what] as string} belongs`

/** What a node of `tag` found where an action or a value belongs is, in the words of a message (`builtBy`), for the compiler to say what rules/ast says. */
export const misplacedNode = (tag: unknown, what: 'action' | 'value'): string => `${builtBy(tag)} where ${EXPECTED[what === 'action' ? ACTION : VALUE]} belongs`

const codecWhy = (codec: unknown): string | undefined => {
  if (codec === undefined) return undefined
  if ((typeof codec !== 'object' && typeof codec !== 'function') || codec === null) return `is ${scalarOrKind(codec)}, not an io-ts codec`
  const c = codec as { is?: unknown; encode?: unknown }
  return typeof c.is === 'function' && typeof c.encode === 'function' ? undefined : 'has no is and encode functions: not an io-ts codec'
}

/** The constructor that builds each node, as a message names the node: the words of the API, not of the AST. */
const BUILT_BY: Readonly<Record<string, string>> = {
  Path: 'an attribute path (a handle of Model.attrs)',
  Comparison: 'a comparison (C.eq, C.lt, …)',
  Between: 'C.between',
  In: 'C.isIn',
  BeginsWith: 'C.beginsWith',
  Contains: 'C.contains',
  Exists: 'C.exists',
  NotExists: 'C.notExists',
  AttributeType: 'C.attributeType',
  And: 'C.and',
  Or: 'C.or',
  Not: 'C.not',
  Set: 'U.set',
  Remove: 'U.remove',
  Add: 'U.add',
  Delete: 'U.deleteFrom',
  Value: 'a value',
  Size: 'C.size',
  IfNotExists: 'U.ifNotExists',
  ListAppend: 'U.listAppend',
  Arithmetic: 'U.plus or U.minus',
}

/**
 * What a node of `tag` is, in the API's words: the function that builds it (`U.set`, `C.and`);
 * an object without a tag is one no C. or U. function built (an item, a filter written as an
 * object); a list, a list; any other tag, an object no such function built either.
 */
export const builtBy = (tag: unknown): string =>
  typeof tag === 'string' && Object.hasOwn(BUILT_BY, tag)
    ? (BUILT_BY[tag] as string)
    : tag === undefined
      ? 'an object no C. or U. function built'
      : `an object no C. or U. function built (its tag is ${scalarOrKind(tag)})`

/** The tags of the condition nodes (the walk reads each of them where a condition belongs), and a builder's refusal, which stands for one. */
const CONDITION_TAGS: ReadonlySet<unknown> = new Set(['Comparison', 'Between', 'In', 'BeginsWith', 'Contains', 'Exists', 'NotExists', 'AttributeType', 'And', 'Or', 'Not', 'Refused'])

/** Whether `tag` is a condition node's (or a builder's refusal's, which stands for one): what a save's `overwrite` may be, besides a boolean. */
export const isConditionTag = (tag: unknown): boolean => CONDITION_TAGS.has(tag)

/** A node of `tag` whose `field` is refused (`why`), in the API's words: what rules/ast and the compiler both say of it. */
export const badNode = (tag: string, field: string, why: string): string => `${builtBy(tag)}, whose ${field} ${why}`

const bad = (where: string, tag: string, field: string, why: string): string => `${where}: ${badNode(tag, field, why)}`

const pathIn = (where: string, tag: string, n: Record<string, unknown>): string | undefined => {
  const why = pathWhy(n['path'])
  return why === undefined ? undefined : bad(where, tag, 'path', why)
}

/** Why the AST `st` walks is refused past `AST_NODES`; where it is a `Model.keysIn`, the most keys like its first that fit (`keysInHint`). */
const tooLarge = (st: State): string =>
  `the ${st.kind} has more than ${AST_NODES.toLocaleString('en-US')} nodes: too large to be read${keysInHint(st)}`

/**
 * Where the root of a refused AST has a `Model.keysIn`'s shape (an `Or` whose first member is
 * an equality, or an `And` of equalities, one on each key field), how many keys of that shape fit: the
 * nodes of its first key, counted by the walk that counts the whole (7 for a hash and a range
 * key, 3 for a hash key alone, more for a composed key's fields), the `Or` one more. Else
 * nothing: the bound is in nodes, and a key count would name no list of the AST.
 */
const keysInHint = (st: State): string => {
  try {
    const root = st.root as { _tag?: unknown; conditions?: unknown } | null | undefined
    if (typeof root !== 'object' || root === null || root._tag !== 'Or' || !Array.isArray(root.conditions)) return ''
    const first = root.conditions[0] as { _tag?: unknown; conditions?: unknown } | null | undefined
    if (typeof first !== 'object' || first === null) return ''
    const isEq = (c: unknown): boolean => typeof c === 'object' && c !== null && (c as { _tag?: unknown })._tag === 'Comparison' && (c as { op?: unknown }).op === '='
    if (!isEq(first) && !(first._tag === 'And' && Array.isArray(first.conditions) && first.conditions.every(isEq))) return ''
    const one: State = { nodes: 0, kind: st.kind }
    if (node(one, first, CONDITION, 'the ' + st.kind, 1) !== undefined) return ''
    const most = Math.floor((AST_NODES - 1) / one.nodes)
    return ` (a Model.keysIn of keys like its first, ${one.nodes} nodes a key, holds at most ${most.toLocaleString('en-US')} keys: split a longer list)`
  } catch {
    return ''
  }
}

/** What one walk counts. */
interface State {
  nodes: number
  readonly kind: string
  /** The AST the walk was given (what a refusal past `AST_NODES` describes: `keysInHint`). */
  readonly root?: unknown
  /** The error the refusal that ended the walk carries (`refusedBy`), if it carries one. */
  refusal?: DE.DynamoError
  /** Why `snapshot` stopped (a tree too large or too deep to be copied): each copy after it returns at once. */
  why?: string
  /**
   * The elements of the attribute path copied last (`snapshot`): every node copies its path
   * before its values, so a value that cannot be read is named by the attribute it is given for.
   */
  at?: ReadonlyArray<string | number>
  /** The target path of the action whose value is being copied (`action`), if any. */
  target?: ReadonlyArray<string | number> | undefined
}

/**
 * Read one node and, below it, its children. The descent is bounded before it is taken:
 * a node deeper than `AST_DEPTH` (a tree too deep, or a cycle) ends the walk, so it never
 * goes deeper than that many frames, whatever the tree; and it stops at the first problem,
 * or at `AST_NODES` nodes (a tree that shares its nodes can be far larger than its objects).
 */
const node = (st: State, u: unknown, what: number, where: string, depth: number): string | undefined => {
  if (++st.nodes > AST_NODES) return tooLarge(st)
  if (depth > AST_DEPTH) return tooDeep(`the ${st.kind}`)
  if (typeof u !== 'object' || u === null) return `${where}: ${scalarOrKind(u)} where ${EXPECTED[what]} belongs${u === undefined ? NO_HANDLE : ''}`
  if (Array.isArray(u)) return `${where}: a list where ${EXPECTED[what]} belongs`
  const n = u as Record<string, unknown>
  const tag = n['_tag']
  const d = depth + 1
  let why: string | undefined
  switch (what) {
    case CONDITION:
      switch (tag) {
        case 'Comparison':
          if (!COMPARATORS.has(n['op'] as string)) return bad(where, tag, 'op', `is ${scalarOrKind(n['op'])}, not one of = <> < <= > >=`)
          why = node(st, n['left'], OPERAND, "a comparison's left operand", d) ?? node(st, n['right'], OPERAND, "a comparison's right operand", d)
          break
        case 'Between':
          why = node(st, n['operand'], OPERAND, "C.between's operand", d) ?? node(st, n['low'], OPERAND, "C.between's low", d) ?? node(st, n['high'], OPERAND, "C.between's high", d)
          break
        case 'In': {
          const vs = n['values']
          if (!Array.isArray(vs)) return bad(where, tag, 'values', `is ${scalarOrKind(vs)}, not a list`)
          why = node(st, n['operand'], OPERAND, "C.isIn's operand", d)
          for (let i = 0; why === undefined && i < vs.length; i++) why = node(st, vs[i], OPERAND, "C.isIn's values", d)
          break
        }
        case 'BeginsWith':
          why = pathIn(where, tag, n) ?? node(st, n['prefix'], OPERAND, "C.beginsWith's prefix", d)
          break
        case 'Contains':
          why = pathIn(where, tag, n) ?? node(st, n['operand'], OPERAND, "C.contains's operand", d)
          break
        case 'Exists':
        case 'NotExists':
          why = pathIn(where, tag, n)
          break
        case 'AttributeType':
          why = pathIn(where, tag, n)
          if (why === undefined && !TYPE_NAMES.has(n['type'] as string)) return bad(where, tag, 'type', `is ${scalarOrKind(n['type'])}, not a DynamoDB type`)
          break
        case 'And':
        case 'Or': {
          const cs = n['conditions']
          if (!Array.isArray(cs)) return bad(where, tag, 'conditions', `is ${scalarOrKind(cs)}, not a list`)
          const at = tag === 'And' ? "C.and's conditions" : "C.or's conditions"
          for (let i = 0; why === undefined && i < cs.length; i++) why = node(st, cs[i], CONDITION, at, d)
          break
        }
        case 'Not':
          why = node(st, n['condition'], CONDITION, "C.not's condition", d)
          break
        case 'Refused':
          // what a builder answers for what it cannot build (Command's, given no model): why, and the error it carries
          st.refusal = carried(n)
          return refusalWhy(where, n)
        default:
          return misplaced(where, tag, CONDITION)
      }
      break
    case ACTION:
      switch (tag) {
        case 'Set':
          why = pathIn(where, tag, n) ?? node(st, n['value'], SET_VALUE, "U.set's value", d)
          break
        case 'Remove':
          why = pathIn(where, tag, n)
          break
        case 'Add':
        case 'Delete':
          why = pathIn(where, tag, n) ?? node(st, n['value'], VALUE, tag === 'Add' ? "U.add's value" : "U.deleteFrom's value", d)
          break
        default:
          return misplaced(where, tag, ACTION)
      }
      break
    default:
      // an operand: of a condition (OPERAND), of a SET (SET_VALUE, SET_OPERAND), of ADD/DELETE (VALUE)
      switch (tag) {
        case 'Value': {
          const w = codecWhy(n['codec'])
          if (w !== undefined) return bad(where, tag, 'codec', w)
          break
        }
        case 'Path':
          if (what === VALUE) return misplaced(where, tag, VALUE)
          why = pathWhy(n)
          if (why !== undefined) return `${where} ${why}`
          break
        case 'Size':
          if (what !== OPERAND) return misplaced(where, tag, what)
          why = pathIn(where, tag, n)
          break
        case 'IfNotExists':
          if (what !== SET_OPERAND && what !== SET_VALUE) return misplaced(where, tag, what)
          why = pathIn(where, tag, n) ?? node(st, n['value'], SET_OPERAND, "U.ifNotExists's value", d)
          break
        case 'ListAppend':
          if (what !== SET_OPERAND && what !== SET_VALUE) return misplaced(where, tag, what)
          why = node(st, n['left'], SET_OPERAND, "U.listAppend's left", d) ?? node(st, n['right'], SET_OPERAND, "U.listAppend's right", d)
          break
        case 'Arithmetic':
          if (what !== SET_VALUE) return misplaced(where, tag, what)
          if (n['op'] !== '+' && n['op'] !== '-') return bad(where, tag, 'op', `is ${scalarOrKind(n['op'])}, not + or -`)
          why = node(st, n['left'], SET_OPERAND, "U.plus's or U.minus's left", d) ?? node(st, n['right'], SET_OPERAND, "U.plus's or U.minus's right", d)
          break
        default:
          return misplaced(where, tag, what)
      }
  }
  return why
}

const walkCondition = (c: unknown, kind: string): string | undefined => node({ nodes: 0, kind, root: c }, c, CONDITION, 'the ' + kind, 1)

const walkUpdate = (us: ReadonlyArray<unknown>): string | undefined => {
  const st: State = { nodes: 0, kind: 'update expression' }
  for (let i = 0; i < us.length; i++) {
    const why = node(st, us[i], ACTION, 'the update expression', 1)
    if (why !== undefined) return why
  }
  return undefined
}

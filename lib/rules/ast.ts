/**
 * Condition and update ASTs read before any interpreter recurses into them: one walk with
 * an explicit stack (no recursion, so no tree can exhaust the call stack) that checks each
 * node's shape (a known `_tag`, the fields it needs, paths of strings and numbers, codecs
 * with `is` and `encode`), counts DynamoDB's operators as it goes (`limits.OPERATORS`, the
 * count DynamoDB makes) and the `IN` values, and stops at the first problem: a malformed
 * node (an AST cast through `any`), a tree too large or too deep to be read (or a cycle),
 * one operator too many. The compiler (`Expression`), the evaluator (`Evaluate`) and the
 * planner (`Plan`, `Model.select`) call it first, so each refuses alike, with one message.
 *
 * @since 0.1.0
 */
import { AST_DEPTH, AST_NODES, IN_VALUES, OPERATORS, STRATEGY_NODES } from './limits.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What is checked: `'expression'` for one DynamoDB expression (operators and `IN` values
 * within DynamoDB's limits, at most `AST_NODES` nodes); `'strategy'` for a condition that
 * selects items (`getMany`, `deleteMany`, a key condition of `getOne`): shape and depth only
 * (a `keysIn` of thousands of keys is a batch get, not one expression), at most
 * `STRATEGY_NODES` nodes.
 */
export type Mode = 'expression' | 'strategy'

/** The comparators of `Comparison`. */
export const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>='])

/** DynamoDB's type names (`attribute_type`). */
export const TYPE_NAMES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'])

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** Why the condition `c` (the `kind` of a request: `condition`, `filter`, `key condition`) cannot be read or sent, or `undefined`. */
export const conditionWhy = (c: unknown, kind: string, mode: Mode = 'expression'): string | undefined =>
  guarded(() => walk(c, CONDITION, 'the ' + kind, kind, mode))

/** Why the update `us` cannot be read or sent, or `undefined`. */
export const updateWhy = (us: unknown): string | undefined =>
  guarded(() => {
    if (!Array.isArray(us)) return `the update expression: expected a list of actions, got ${describe(us)}`
    return walk(us, UPDATE, 'the update expression', 'update expression', 'expression')
  })

/** Why `ps` is not a list of paths (a projection), or `undefined`. */
export const pathsWhy = (ps: unknown): string | undefined =>
  guarded(() => {
    if (!Array.isArray(ps)) return `the projection: expected a list of paths, got ${describe(ps)}`
    for (let i = 0; i < ps.length; i++) {
      const why = pathWhy(ps[i])
      if (why !== undefined) return `the projection: paths[${i}] ${why}`
    }
    return undefined
  })

/** Why `p` is not a `Path` node (a non-empty list of elements, a name first, then names and list indexes), or `undefined`. */
export const pathWhy = (p: unknown): string | undefined => {
  if (typeof p !== 'object' || p === null) return `is ${describe(p)}, not a Path`
  const node = p as { _tag?: unknown; elements?: unknown }
  if (node._tag !== 'Path') return `is a node tagged ${describe(node._tag)}, not a Path`
  const es = node.elements
  if (!Array.isArray(es) || es.length === 0) return 'is a Path without elements'
  if (typeof es[0] !== 'string') return `is a Path whose name is ${describe(es[0])}, not a string`
  for (let i = 1; i < es.length; i++) {
    const e: unknown = es[i]
    if (typeof e !== 'string' && typeof e !== 'number') return `is a Path whose element ${i} is ${describe(e)}, not a name or a list index`
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
    return `the AST could not be read: ${e instanceof Error ? e.message : typeof e}`
  }
}

const describe = (u: unknown): string =>
  u === null ? 'null' : Array.isArray(u) ? 'a list' : typeof u === 'string' ? JSON.stringify(u.length > 40 ? u.slice(0, 40) + '…' : u) : typeof u === 'object' ? 'an object' : typeof u === 'number' || typeof u === 'boolean' ? String(u) : typeof u

// what a stack entry holds
const CONDITION = 0
const OPERAND = 1
const SET_VALUE = 2
const SET_OPERAND = 3
const VALUE = 4
const ACTION = 5
const UPDATE = 6

const EXPECTED = [
  'a condition',
  'an operand (a Path, Value or Size)',
  'a SET value',
  'a SET operand (a Path, Value, IfNotExists or ListAppend)',
  'a Value',
  'an action (Set, Remove, Add or Delete)',
  'an update',
] as const

const codecWhy = (codec: unknown): string | undefined => {
  if (codec === undefined) return undefined
  if ((typeof codec !== 'object' && typeof codec !== 'function') || codec === null) return `is ${describe(codec)}, not an io-ts codec`
  const c = codec as { is?: unknown; encode?: unknown }
  return typeof c.is === 'function' && typeof c.encode === 'function' ? undefined : 'has no is and encode functions: not an io-ts codec'
}

const bad = (where: string, tag: string, field: string, why: string): string => `${where}: a ${tag} whose ${field} ${why}`

const pathIn = (where: string, tag: string, n: Record<string, unknown>): string | undefined => {
  const why = pathWhy(n['path'])
  return why === undefined ? undefined : bad(where, tag, 'path', why)
}

/**
 * The walk: entries of four slots (node, what it must be, where it sits, its depth) on one
 * array; the first problem ends it.
 */
const walk = (root: unknown, rootKind: number, rootWhere: string, kind: string, mode: Mode): string | undefined => {
  const expression = mode === 'expression'
  const maxNodes = expression ? AST_NODES : STRATEGY_NODES
  const stack: unknown[] = [root, rootKind, rootWhere, 0]
  let nodes = 0
  let operators = 0
  while (stack.length > 0) {
    const depth = (stack.pop() as number) + 1
    const where = stack.pop() as string
    const what = stack.pop() as number
    const node = stack.pop()
    if (++nodes > maxNodes) return `the ${kind} has more than ${maxNodes} nodes: too large to be read`
    if (depth > AST_DEPTH) return `the ${kind} nests more than ${AST_DEPTH} levels deep (or holds a cycle): too deep to be read`
    if (typeof node !== 'object' || node === null) return `${where}: ${describe(node)} where ${EXPECTED[what]} belongs`
    if (what === UPDATE) {
      const us = node as ReadonlyArray<unknown>
      for (let i = us.length - 1; i >= 0; i--) stack.push(us[i], ACTION, 'the update expression', depth)
      continue
    }
    const n = node as Record<string, unknown>
    const tag = n['_tag']
    switch (what) {
      case CONDITION:
        switch (tag) {
          case 'Comparison':
            if (!COMPARATORS.has(n['op'] as string)) return bad(where, tag, 'op', `is ${describe(n['op'])}, not one of = <> < <= > >=`)
            operators++
            stack.push(n['right'], OPERAND, 'Comparison.right', depth, n['left'], OPERAND, 'Comparison.left', depth)
            break
          case 'Between':
            operators++
            stack.push(n['high'], OPERAND, 'Between.high', depth, n['low'], OPERAND, 'Between.low', depth, n['operand'], OPERAND, 'Between.operand', depth)
            break
          case 'In': {
            const vs = n['values']
            if (!Array.isArray(vs)) return bad(where, tag, 'values', `is ${describe(vs)}, not a list`)
            if (expression && vs.length === 0) return `${where}: IN of no values (DynamoDB needs 1 to ${IN_VALUES})`
            if (expression && vs.length > IN_VALUES) return `${where}: IN of ${vs.length} values, more than DynamoDB's ${IN_VALUES}`
            operators++
            for (let i = vs.length - 1; i >= 0; i--) stack.push(vs[i], OPERAND, 'In.values', depth)
            stack.push(n['operand'], OPERAND, 'In.operand', depth)
            break
          }
          case 'BeginsWith':
          case 'Contains': {
            const why = pathIn(where, tag, n)
            if (why !== undefined) return why
            operators++
            if (tag === 'BeginsWith') stack.push(n['prefix'], OPERAND, 'BeginsWith.prefix', depth)
            else stack.push(n['operand'], OPERAND, 'Contains.operand', depth)
            break
          }
          case 'Exists':
          case 'NotExists':
          case 'AttributeType': {
            const why = pathIn(where, tag, n)
            if (why !== undefined) return why
            if (tag === 'AttributeType' && !TYPE_NAMES.has(n['type'] as string)) return bad(where, tag, 'type', `is ${describe(n['type'])}, not a DynamoDB type`)
            operators++
            break
          }
          case 'And':
          case 'Or': {
            const cs = n['conditions']
            if (!Array.isArray(cs)) return bad(where, tag, 'conditions', `is ${describe(cs)}, not a list`)
            if (cs.length > 1) operators += cs.length - 1
            const at = tag === 'And' ? 'And.conditions' : 'Or.conditions'
            for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i], CONDITION, at, depth)
            break
          }
          case 'Not':
            operators++
            stack.push(n['condition'], CONDITION, 'Not.condition', depth)
            break
          default:
            return `${where}: a node tagged ${describe(tag)} where a condition belongs`
        }
        break
      case ACTION:
        switch (tag) {
          case 'Set':
          case 'Remove':
          case 'Add':
          case 'Delete': {
            const why = pathIn(where, tag, n)
            if (why !== undefined) return why
            if (tag === 'Set') stack.push(n['value'], SET_VALUE, 'Set.value', depth)
            else if (tag !== 'Remove') stack.push(n['value'], VALUE, tag === 'Add' ? 'Add.value' : 'Delete.value', depth)
            break
          }
          default:
            return `${where}: a node tagged ${describe(tag)} where ${EXPECTED[ACTION]} belongs`
        }
        break
      default: {
        // an operand: of a condition (OPERAND), of a SET (SET_VALUE, SET_OPERAND), of ADD/DELETE (VALUE)
        const fits =
          tag === 'Value' ||
          (what !== VALUE && tag === 'Path') ||
          (what === OPERAND && tag === 'Size') ||
          ((what === SET_OPERAND || what === SET_VALUE) && (tag === 'IfNotExists' || tag === 'ListAppend')) ||
          (what === SET_VALUE && tag === 'Arithmetic')
        if (!fits) return `${where}: a node tagged ${describe(tag)} where ${EXPECTED[what]} belongs`
        switch (tag) {
          case 'Path': {
            const why = pathWhy(n)
            if (why !== undefined) return `${where} ${why}`
            break
          }
          case 'Value': {
            const why = codecWhy(n['codec'])
            if (why !== undefined) return bad(where, tag, 'codec', why)
            break
          }
          case 'Size': {
            const why = pathIn(where, tag, n)
            if (why !== undefined) return why
            operators++
            break
          }
          case 'IfNotExists': {
            const why = pathIn(where, tag, n)
            if (why !== undefined) return why
            operators++
            stack.push(n['value'], SET_OPERAND, 'IfNotExists.value', depth)
            break
          }
          case 'ListAppend':
            operators++
            stack.push(n['right'], SET_OPERAND, 'ListAppend.right', depth, n['left'], SET_OPERAND, 'ListAppend.left', depth)
            break
          default:
            // Arithmetic
            if (n['op'] !== '+' && n['op'] !== '-') return bad(where, 'Arithmetic', 'op', `is ${describe(n['op'])}, not + or -`)
            operators++
            stack.push(n['right'], SET_OPERAND, 'Arithmetic.right', depth, n['left'], SET_OPERAND, 'Arithmetic.left', depth)
        }
      }
    }
    if (expression && operators > OPERATORS) return `the ${kind} has more than ${OPERATORS} operators, DynamoDB's limit`
  }
  return undefined
}

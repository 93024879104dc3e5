/**
 * fast-check arbitraries of garbage: what a caller may pass through `any` where dynamongo
 * takes a strategy, a condition, an update, an item or options. Any JS value; AST-looking
 * objects with known and unknown tags and fields of any kind (null, cycles, non-string path
 * elements, codecs that are not codecs); trees nested thousands deep; getters and Proxies
 * that throw. Used to check that no input makes an operation throw or its task reject.
 */
import fc from 'fast-check'
import * as arb from './ast.js'

const TAGS = [
  'Comparison', 'Between', 'In', 'BeginsWith', 'Contains', 'Exists', 'NotExists', 'AttributeType', 'And', 'Or', 'Not',
  'Path', 'Value', 'Size', 'Set', 'Remove', 'Add', 'Delete', 'IfNotExists', 'ListAppend', 'Arithmetic', 'Model', 'Like', '',
] as const

const FIELDS = ['op', 'left', 'right', 'operand', 'low', 'high', 'values', 'path', 'prefix', 'type', 'conditions', 'condition', 'elements', 'value', 'codec'] as const

const boom = (): never => {
  throw new Error('garbage says no')
}

/** Traps that fail on named properties (symbols answer: fast-check reads its own). */
const boomOnNames = (t: object, k: string | symbol): unknown => (typeof k === 'symbol' ? Reflect.get(t, k) : boom())
const boomHas = (t: object, k: string | symbol): boolean => (typeof k === 'symbol' ? Reflect.has(t, k) : boom())

/** Values whose reading fails: a throwing getter, Proxies with throwing traps. */
export const hostile: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  Object.defineProperty({ pk: 'a' }, 'n', { enumerable: true, get: boom }),
  Object.defineProperty({}, '_tag', { enumerable: true, get: boom }),
  new Proxy({}, { get: boomOnNames, has: boomHas, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom }),
  new Proxy(['a'], { get: boomOnNames }),
  new Proxy({ _tag: 'And', conditions: [] }, { get: (t, k) => (k === 'conditions' ? boom() : Reflect.get(t, k)) }),
  new Proxy({ pk: 'a', n: 1 }, { get: boomOnNames, ownKeys: boom }),
  { toString: boom, valueOf: boom, toJSON: boom },
  { _tag: 'Value', value: 1, codec: { is: boom, encode: boom, validate: boom, decode: boom, name: 'boom' } },
)

/** A codec-looking object that is not an io-ts codec. */
const fakeCodec: fc.Arbitrary<unknown> = fc.oneof(fc.anything(), fc.constant({ is: () => true }), fc.constant({ encode: (x: unknown) => x }), fc.constant({ is: () => true, encode: boom }))

/** An AST-looking node: a tag, and some fields of any kind (other nodes, paths, garbage). */
export const looseNode: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 3, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 2, arbitrary: arb.condition({ depth: 2 }) },
    { weight: 1, arbitrary: arb.path() },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: fakeCodec.map((codec) => ({ _tag: 'Value', value: 1, codec })) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), fc.integer(), fc.anything({ maxDepth: 0 })), { maxLength: 3 }).map((elements) => ({ _tag: 'Path', elements })) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...TAGS), fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(tie('node'), fc.array(tie('node'), { maxLength: 3 })), { maxKeys: 4 }))
        .map(([_tag, fields]) => ({ ...fields, _tag })),
    },
  ),
})).node

/** Depths of the deep trees: far past what any expression may hold. */
const DEEP_MIN = 1_000
const DEEP_MAX = 20_000

/**
 * `levels[k]` is `wrap` applied `k` times to `leaf`, for every `k` up to `DEEP_MAX`: one chain,
 * built once, whose level `k` is the tree of depth `k` (a tree is immutable input to the code
 * under test, so runs can share a chain instead of each building up to 20,000 nodes afresh).
 */
const chain = (wrap: (x: unknown) => unknown, leaf: unknown): ReadonlyArray<unknown> => {
  const levels: unknown[] = [leaf]
  for (let i = 1; i <= DEEP_MAX; i++) levels.push(wrap(levels[i - 1]))
  return levels
}

const existsN = { _tag: 'Exists', path: { _tag: 'Path', elements: ['n'] } }
const chains = {
  not: chain((c) => ({ _tag: 'Not', condition: c }), existsN),
  and: chain((c) => ({ _tag: 'And', conditions: [c] }), existsN),
  or2: chain((c) => ({ _tag: 'Or', conditions: [existsN, c] }), existsN),
  ifNotExists: chain((v) => ({ _tag: 'IfNotExists', path: { _tag: 'Path', elements: ['n'] }, value: v }), { _tag: 'Value', value: 1, codec: undefined }),
  list: chain((v) => [v], 1),
} as const

/** Trees nested far deeper than any expression: `not`, `and` of one, `if_not_exists`, lists. */
export const deep: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: DEEP_MIN, max: DEEP_MAX }), fc.constantFrom('not', 'and', 'or2', 'ifNotExists', 'list'))
  .map(([k, kind]) => {
    const tree = chains[kind as keyof typeof chains][k]
    return kind === 'ifNotExists' ? [{ _tag: 'Set', path: { _tag: 'Path', elements: ['n'] }, value: tree }] : tree
  })

/** A cycle: an `And` holding itself, a list holding itself. */
export const cyclic: fc.Arbitrary<unknown> = fc.constantFrom('and', 'list').map((kind) => {
  if (kind === 'and') {
    const c: { _tag: 'And'; conditions: unknown[] } = { _tag: 'And', conditions: [] }
    c.conditions.push(c)
    return c
  }
  const l: unknown[] = []
  l.push(l)
  return { pk: 'a', n: l }
})

/** Anything: JS values, loose AST nodes, deep trees, cycles, hostile objects. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withMap: true, withSet: true }) },
  { weight: 4, arbitrary: looseNode },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: cyclic },
  { weight: 1, arbitrary: hostile },
)

/** Options of any shape: undefined, garbage, or records whose known keys hold garbage. */
export const options: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  garbage,
  fc.record(
    { overwrite: fc.oneof(fc.boolean(), garbage), limit: garbage, pageSize: garbage, descending: garbage, consistentRead: garbage },
    { requiredKeys: [] },
  ),
)

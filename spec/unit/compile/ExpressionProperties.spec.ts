/**
 * Properties of the expression compiler over generated trees (spec/arb/ast.ts), with a
 * fixed seed: compile never throws, is deterministic, defines exactly the placeholders it
 * uses, never splices user text into the expression, never doubles parentheses.
 */
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type * as C from '../../../lib/ast/Condition.js'
import * as X from '../../../lib/compile/Expression.js'
import { toAttributeValue } from '../../../lib/codec/value.js'
import * as Stored from '../../../lib/model/stored.js'
import * as Cmp from '../../../lib/rules/compare.js'
import * as t from 'io-ts'
import type * as P from '../../../lib/ast/Path.js'
import type * as U from '../../../lib/ast/Update.js'
import * as arb from '../../arb/ast.js'

const params = { seed: 42, numRuns: 1500 }

/** Byte-exact serialization (Uint8Arrays as byte lists). */
const serialize = (u: unknown): string =>
  JSON.stringify(u, (_k, v: unknown) => (v instanceof Uint8Array ? { bytes: Array.from(v) } : v instanceof Set ? { set: Array.from(v) } : v))

const tokens =
  /#n\d+|:v\d+|\[\d+\]|\b(?:AND|OR|NOT|BETWEEN|IN|SET|REMOVE|ADD|DELETE|size|attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|if_not_exists|list_append)\b|<>|<=|>=|[=<>+\-(),.]|\s+/g

/** What is left of the expression once every token of the grammar is taken out: nothing. */
const residue = (expression: string): string => expression.replace(tokens, '')

const placeholders = (expression: string, sigil: '#' | ':'): ReadonlySet<string> =>
  new Set(expression.match(sigil === '#' ? /#n\d+/g : /:v\d+/g) ?? [])

const doubledParens = (s: string): boolean => {
  const stack: number[] = []
  const match = new Map<number, number>()
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') stack.push(i)
    else if (s[i] === ')') match.set(stack.pop() as number, i)
  }
  for (const [open, close] of match) if (s[open + 1] === '(' && match.get(open + 1) === close - 1) return true
  return false
}

const checkCompiled = (r: X.Compiled | X.RequestExpressions, expressions: ReadonlyArray<string>, names: Record<string, string>, values: Record<string, unknown>): void => {
  const all = expressions.join(' | ')
  assert.is(residue(all).replace(/\|/g, ''), '', `user text in ${all}`)
  assert.equal([...placeholders(all, '#')].sort(), Object.keys(names).sort(), 'names used = names defined')
  assert.equal([...placeholders(all, ':')].sort(), Object.keys(values).sort(), 'values used = values defined')
  assert.is(new Set(Object.values(names)).size, Object.keys(names).length, 'one placeholder per name')
  for (const e of expressions) assert.not.ok(doubledParens(e), `doubled parentheses in ${e}`)
  void r
}

const pathNames = (ps: ReadonlyArray<P.Path>): string[] => [...new Set(ps.flatMap((p) => p.elements.filter((e): e is string => typeof e === 'string')))].sort()

test('conditions: never throw, deterministic (also on a structural clone), placeholders exact, no user text, no ((x))', () => {
  let compiled = 0
  fc.assert(
    fc.property(arb.condition(), (c) => {
      const a = X.condition(c)
      const b = X.condition(c)
      const d = X.condition(structuredClone(c))
      assert.is(serialize(a), serialize(b))
      assert.is(serialize(a), serialize(d))
      assert.type(X.show(c), 'string')
      if (a._tag === 'Right') {
        compiled++
        checkCompiled(a.right, [a.right.expression], a.right.names, a.right.values)
      } else assert.ok(a.left._tag === 'ExpressionError' || a.left._tag === 'ValidationError')
    }),
    params,
  )
  assert.ok(compiled > params.numRuns / 2, `most generated conditions compile (${compiled})`)
})

test('updates: never throw, deterministic, placeholders exact, no user text', () => {
  let compiled = 0
  fc.assert(
    fc.property(arb.update(), (us) => {
      const a = X.update(us)
      assert.is(serialize(a), serialize(X.update(us)))
      assert.is(serialize(a), serialize(X.update(structuredClone(us))))
      assert.type(X.showUpdate(us), 'string')
      if (a._tag === 'Right') {
        compiled++
        checkCompiled(a.right, [a.right.expression], a.right.names, a.right.values)
        assert.match(a.right.expression, /^(SET|REMOVE|ADD|DELETE) /)
      }
    }),
    params,
  )
  assert.ok(compiled > params.numRuns / 4, `many generated updates compile (${compiled})`)
})

test('a request shares one placeholder state: names reused across parts, values never collide', () => {
  fc.assert(
    fc.property(arb.condition(), arb.condition(), fc.array(arb.path({ invalid: false }), { minLength: 1, maxLength: 3 }), arb.update(), (filter, condition, projection, update) => {
      const r = X.request({ filter, condition, projection, update })
      assert.is(serialize(r), serialize(X.request({ filter, condition, projection, update })))
      if (r._tag === 'Left') return
      const parts = [r.right.FilterExpression, r.right.ConditionExpression, r.right.ProjectionExpression, r.right.UpdateExpression]
      assert.ok(parts.every((x) => typeof x === 'string'))
      checkCompiled(r.right, parts as string[], r.right.ExpressionAttributeNames ?? {}, r.right.ExpressionAttributeValues ?? {})
      assert.is(r.right.ExpressionAttributeNames === undefined, Object.keys(r.right.ExpressionAttributeNames ?? {}).length === 0)
    }),
    { seed: 42, numRuns: 400 },
  )
})

test('the names map holds exactly the names of the paths, whatever they are', () => {
  fc.assert(
    fc.property(fc.array(arb.path({ invalid: false }), { minLength: 1, maxLength: 4 }), (ps) => {
      const c: C.Condition = { _tag: 'And', conditions: ps.map((p): C.Condition => ({ _tag: 'Exists', path: p })) }
      const r = X.condition(c)
      assert.ok(r._tag === 'Right')
      if (r._tag === 'Right') assert.equal(Object.values(r.right.names).sort(), pathNames(ps))
    }),
    params,
  )
})

test('compile does not touch its input', () => {
  fc.assert(
    fc.property(arb.condition(), arb.update(), (c, us: U.Update) => {
      const before = serialize([c, us])
      X.condition(c)
      X.update(us)
      assert.is(serialize([c, us]), before)
    }),
    { seed: 42, numRuns: 300 },
  )
})

test('values are marshalled exactly as toAttributeValue does (the fast path agrees), with and without a codec', () => {
  const codecs = [undefined, t.string, t.number, t.boolean, t.null, t.unknown, t.Int]
  fc.assert(
    fc.property(fc.oneof(arb.rawValue(), fc.integer(), fc.double(), fc.constant(-0), fc.constant(2 ** 53)), fc.constantFrom(...codecs), (v, codec) => {
      const node: C.Value = { _tag: 'Value', value: v, codec }
      const c = X.condition({ _tag: 'Comparison', op: '=', left: { _tag: 'Path', elements: ['a'] }, right: node })
      const expected = toAttributeValue(node, false, 'right')
      // a value compared with an attribute must be of a type the attribute's codec stores (ConditionValues.spec.ts)
      const kinds = codec === undefined ? undefined : Stored.kindsOf(codec)
      const fits = expected._tag === 'Left' || kinds === undefined || kinds.has(Cmp.typeOf(expected.right) as Stored.StoredKind)
      assert.is(c._tag, fits ? expected._tag : 'Left')
      if (c._tag === 'Right' && expected._tag === 'Right') assert.is(serialize(c.right.values[':v0']), serialize(expected.right))
      const u = X.update([{ _tag: 'Set', path: { _tag: 'Path', elements: ['a'] }, value: node }])
      const validated = toAttributeValue(node, true, 'a')
      assert.is(u._tag, validated._tag)
      if (u._tag === 'Right' && validated._tag === 'Right') assert.is(serialize(u.right.values[':v0']), serialize(validated.right))
      if (u._tag === 'Left' && validated._tag === 'Left') assert.is(serialize(u.left), serialize(validated.left))
    }),
    params,
  )
})

test.run()

/**
 * A range template whose separator is U+10FFFF, the last code point (no code point follows it
 * to move an exclusive bound past): a range condition on the field before it is planned, never
 * a `RangeError` of `String.fromCodePoint` read back as "the strategy could not be read". The
 * bound is then not moved: the key condition holds more than the conjunct selects, which stays
 * in the filter, so the read selects exactly what `Evaluate` does. The field is optional
 * (`Model.make` refuses the template where every item must write it: only `''` is writable
 * there).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import type { AttributeMap } from '../../../lib/model/Model.js'

const Row = Model.make({
  table: 'tops',
  entity: 'row',
  codec: t.intersection([t.type({ id: t.string, g: t.string }), t.partial({ o: t.string })]),
  hashKey: Model.key('pk', 'R#{id}'),
  indexes: { byO: Model.globalIndex({ hashKey: Model.key('gpk', 'G#{g}'), rangeKey: Model.key('gsk', 'O#{o}\u{10FFFF}x') }) },
  billing: 'onDemand',
})
const r = Row.attrs

/**
 * The stored items: '' is the one value of o a write of the model takes; b has none (it is in
 * no index). Items written otherwise share the index: rows of other values of o (written
 * before the template, say) and items of another entity on either side of the prefix O#.
 */
const written: ReadonlyArray<AttributeMap> = [{ id: 'a', g: 'g', o: '' }, { id: 'b', g: 'g' }, { id: 'c', g: 'h', o: '' }].map((x) => {
  const e = Model.encode(Row, x)
  if (E.isLeft(e)) throw new Error(DE.show(e.left))
  return e.right.stored
})
const row = (id: string, o: string): AttributeMap => ({ id: { S: id }, g: { S: 'g' }, o: { S: o }, pk: { S: `R#${id}` }, gpk: { S: 'G#g' }, gsk: { S: `O#${o}\u{10FFFF}x` }, _et: { S: 'row' } })
const other = (id: string, gsk: string): AttributeMap => ({ id: { S: id }, pk: { S: `X#${id}` }, gpk: { S: 'G#g' }, gsk: { S: gsk }, _et: { S: 'other' } })
const stored: ReadonlyArray<AttributeMap> = [...written, row('d', 'a'), row('e', 'b'), row('f', '\u{10FFFE}'), other('x', 'N#a'), other('y', 'O#a'), other('z', 'P#a')]
const inIndex = stored.filter((x) => x['gsk'] !== undefined)

const selected = (c: C.Condition, items: ReadonlyArray<AttributeMap>): ReadonlyArray<unknown> => {
  const f = Evaluate.condition(c)
  if (E.isLeft(f)) throw new Error(DE.show(f.left))
  return items.filter(f.right).map((x) => x['id']?.S)
}

test('a range condition on the field before U+10FFFF is planned, and reads exactly what it selects', () => {
  const g = C.eq(r.g, 'g')
  // the key condition: gpk, and gsk from the value's key text (or the prefix) to the top of the prefix O#
  const cases: ReadonlyArray<readonly [C.Condition, string]> = [
    [C.gt(r.o, ''), 'gpk = "G#g" AND gsk BETWEEN "O#" AND top("O#")'],
    [C.gt(r.o, 'a'), 'gpk = "G#g" AND gsk BETWEEN "O#a" AND top("O#")'],
    [C.gte(r.o, ''), 'gpk = "G#g" AND gsk BETWEEN "O#" AND top("O#")'],
    [C.lt(r.o, 'a'), 'gpk = "G#g" AND gsk BETWEEN "O#" AND top("O#")'],
    [C.lte(r.o, ''), 'gpk = "G#g" AND gsk BETWEEN "O#" AND top("O#")'],
    [C.lte(r.o, 'a'), 'gpk = "G#g" AND gsk BETWEEN "O#" AND top("O#")'],
    [C.between(r.o, '', 'a'), 'gpk = "G#g" AND gsk BETWEEN "O#" AND top("O#")'],
  ]
  for (const [c, key] of cases) {
    const cond = C.and(g, c)
    const p = Plan.make(Row, cond)
    if (E.isLeft(p)) return assert.unreachable(`${Expression.show(cond)}: ${DE.show(p.left)}`)
    const plan = p.right
    if (plan._tag !== 'Query') return assert.unreachable(Plan.show(plan))
    assert.is(plan.index, 'byO', Plan.show(plan))
    assert.ok(Plan.show(plan).includes(`\n  key condition: ${key}\n`), `${Expression.show(cond)}\n${Plan.show(plan)}`)
    // the key condition narrows on gsk: the index's items of the prefix O# (the other entity's N#a and P#a, and the partition G#h, left out)
    assert.equal(selected(plan.keyCondition, inIndex), ['a', 'd', 'e', 'f', 'y'], Plan.show(plan))
    // what the Query reads: the items in the index its key condition and filter hold
    const read = selected(plan.filter === undefined ? plan.keyCondition : C.and(plan.keyCondition, plan.filter), inIndex)
    assert.equal(read, selected(cond, stored), `${Expression.show(cond)}\n${Plan.show(plan)}`)
  }
})

test.run()

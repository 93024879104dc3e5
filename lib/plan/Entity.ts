/**
 * Entity isolation (DESIGN §5.4): a read of a model with an `entity` never returns, counts
 * nor fails on another entity's items, nor on foreign items without the entity attribute,
 * in the table it shares. One rule, here: such a read keeps only the items whose entity
 * attribute holds the model's entity (`_et = :entity`), AND-ed into the plan's filter (a
 * Query's or Scan's `FilterExpression`; for a `GetItem`/`BatchGetItem`, evaluated on the
 * items read, as their other checks are). A model without an entity reads as it always has.
 *
 * @since 0.3.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import type * as M from '../model/Model.js'
import type { Plan } from './Plan.js'
import { perObject } from '../internal/memo.js'

type AnyModel = M.Any

/** The condition that an item is the model's entity (`null` for a model without one). */
const entityCondition = perObject((m: AnyModel): C.Condition | null =>
  m.entity === undefined || m.entityAttribute === undefined ? null : C.eq(A.path<string>(m.entityAttribute), m.entity),
)

/** The condition that an item is the model's entity: `_et = :entity`; `undefined` for a model without an entity. */
export const condition = (m: AnyModel): C.Condition | undefined => entityCondition(m) ?? undefined

/** `c` AND-ed with the model's entity condition (the entity first); `c` itself for a model without an entity. */
export const and = (m: AnyModel, c: C.Condition | undefined): C.Condition | undefined => {
  const e = entityCondition(m)
  return e === null ? c : c === undefined ? e : C.and(e, c)
}

/**
 * The condition `and` was given: `c` of `and(m, c)` (the entity condition left out), `c`
 * itself where it holds none. What the operator limit's message tells from the entity check
 * (`Expression.RequestParts.given`).
 */
export const given = (m: AnyModel, c: C.Condition | undefined): C.Condition | undefined => {
  const e = entityCondition(m)
  if (e === null || c === undefined || c === e) return c === e ? undefined : c
  return c._tag === 'And' && c.conditions.length === 2 && c.conditions[0] === e ? c.conditions[1] : c
}

/** The plan, reading only the model's entity: its filter AND-ed with the entity condition. */
export const restrict = (m: AnyModel, plan: Plan): Plan => {
  const filter = and(m, plan.filter)
  return filter === plan.filter || filter === undefined ? plan : { ...plan, filter }
}

/** Whether a stored item is of the model's entity (every item is, for a model without an entity). */
export const owns = (m: AnyModel, item: Readonly<Record<string, AttributeValue>>): boolean =>
  m.entityAttribute === undefined || item[m.entityAttribute]?.S === m.entity

/**
 * Updates of a model with composed keys (DESIGN §5.4): what an update of a template field
 * means for the key attributes composed from it, decided before anything is sent.
 *
 * - a field of the table's key (of its hash or range template) cannot change: an update of
 *   it is an `ExpressionError` (the item would have to move);
 * - an attribute dynamongo computes (a composed key, the entity attribute) is not written by
 *   hand: `ExpressionError`;
 * - a `set` of a field of an index template to a value recomputes that index key attribute
 *   in the same `UpdateItem`, when every field of its template is known from the update or
 *   from the key (else `ExpressionError`); a `remove` of such a field, or a `set` of it to
 *   `null` (a nullable field), removes the index key attribute (the item leaves the sparse
 *   index); any other action on it (an increment, an
 *   `if_not_exists`, a copy of another attribute, a nested path) is an `ExpressionError`.
 *
 * @since 0.3.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as DE from '../DynamoError.js'
import { refuse } from '../model/refuse.js'
import * as Key from '../model/Key.js'
import type * as M from '../model/Model.js'
import * as Computed from '../model/computed.js'
import * as P from '../ast/Path.js'
import type * as S from '../model/Strategy.js'
import type { Action, Update } from '../ast/Update.js'
import { toAttributeValue } from '../codec/value.js'
import { perObject } from '../internal/memo.js'
import { elementsOf } from '../ast/nodes.js'

type AnyModel = M.Any

/** The index keys composed from each field (once per model). */
const indexKeysOf = perObject((m: AnyModel): ReadonlyMap<string, ReadonlyArray<Computed.Computed>> => {
  const out = new Map<string, Computed.Computed[]>()
  for (const c of Computed.computed(m)) {
    if (c.table || c.template === undefined) continue
    for (const f of Key.fields(c.template)) {
      const list = out.get(f)
      if (list === undefined) out.set(f, [c])
      else list.push(c)
    }
  }
  return out
})

/**
 * The update with the actions it implies on the composed index keys (appended after the
 * given ones), or why it cannot be sent. `s` is the strategy of the item updated (its key
 * values are known fields). A model without an entity has no composed keys: its update as is.
 */
export const implied = (m: AnyModel, s: Pick<S.Strategy, 'values'>, updates: Update): E.Either<DE.DynamoError, Update> => {
  if (m.entityAttribute === undefined) return E.right(updates)
  const tableFields = Computed.keyFieldNames(m)
  const computedNames = Computed.computedNames(m)
  const byField = indexKeysOf(m)
  const set = new Map<string, unknown>()
  const removed = new Set<string>()
  for (const u of updates) {
    const name = elementsOf(u.path)[0] as string
    if (computedNames.has(name)) return refuse(m, `${name} is computed by dynamongo on every write; an update cannot write it`)
    if (tableFields.includes(name)) return refuse(m, `an update cannot change ${P.show(u.path)}, a field of the table's key`)
    if (!byField.has(name)) continue
    const at = P.show(u.path)
    if (elementsOf(u.path).length !== 1) return refuse(m, `${at}: ${name} makes an index key; set it whole or remove it`)
    // a set to null leaves no value to compose: as a remove, the item leaves the sparse index
    // (the field's codec decides whether it takes null, as for any set)
    if (u._tag === 'Remove' || (u._tag === 'Set' && u.value._tag === 'Value' && u.value.value === null)) removed.add(name)
    else if (u._tag === 'Set' && u.value._tag === 'Value') set.set(name, u.value.value)
    else return refuse(m, `${at} makes an index key; an update may only set it to a value or remove it (the key is recomputed from the value)`)
  }
  if (set.size === 0 && removed.size === 0) return E.right(updates)
  const out: Action[] = [...updates]
  const done = new Set<string>()
  for (const name of [...set.keys(), ...removed]) {
    for (const c of byField.get(name) as ReadonlyArray<Computed.Computed>) {
      if (done.has(c.attribute)) continue
      done.add(c.attribute)
      const template = c.template as Key.Template
      const fields = Key.fields(template)
      if (fields.some((f) => removed.has(f))) {
        out.push({ _tag: 'Remove', path: P.of(c.attribute) })
        continue
      }
      const stored: Record<string, AttributeValue> = {}
      for (const f of fields) {
        // a value the update gives (null through a cast, say) is checked by the field's codec below
        const v = set.has(f) ? set.get(f) : s.values[f]
        if (!set.has(f) && (v === undefined || v === null)) {
          return refuse(
            m,
            `${c.attribute} (${Key.show(template)}) is recomputed when ${[...set.keys()].filter((x) => fields.includes(x)).join(', ')} changes, and needs ${f}: set it in the same update`,
          )
        }
        const av = toAttributeValue({ _tag: 'Value', value: v, codec: m.fields[f] }, true, f)
        if (E.isLeft(av)) return av
        stored[f] = av.right
      }
      const key = Computed.composeKey({ template, ordered: c.ordered, table: true }, stored)
      if (E.isLeft(key)) return key
      out.push({ _tag: 'Set', path: P.of(c.attribute), value: { _tag: 'Value', value: (key.right as { S: string }).S, codec: undefined } })
    }
  }
  return E.right(out)
}

/**
 * What holds on no item, inside the library: whether a condition holds where there is no item
 * (`Command`'s conditions of deletes and checks), and whether a failed `Command.deleteIf` of
 * `Dynamo.deleteMany` was a delete of nothing.
 *
 * @since 0.3.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as C from '../ast/Condition.js'
import * as Evaluate from '../evaluate/Evaluate.js'
import type * as M from '../model/Model.js'
import * as Entity from '../plan/Entity.js'

type AttributeMap = Record<string, AttributeValue>

/** Whether a condition holds on no item (evaluated on the empty item). */
export const holdsOnNoItem = (check: C.Condition): boolean => {
  const onNoItem = Evaluate.condition(check)
  return E.isRight(onNoItem) && onNoItem.right({})
}

/**
 * Whether the item `stored` that a delete of `m` failed on is another entity's (or has no
 * entity attribute): never deleted, it is no item of the model, so the delete is one of
 * nothing (`deleteOne`'s none, and `deleteMany`'s success for an item it found, `Command.deleteFound`).
 * What is no item answers `false`.
 */
export const foreignItem = (m: M.Any, stored: AttributeMap | undefined): boolean => {
  try {
    return typeof stored === 'object' && stored !== null && !Entity.owns(m, stored)
  } catch {
    // what throws while the input is read (a getter, a Proxy): no verdict of nothing deleted
    return false
  }
}


/**
 * Which updates may be sent again once they may have been applied: the rule behind
 * `updateOne`'s retries after an unknown outcome.
 *
 * @since 0.1.0
 */
import * as P from '../ast/Path.js'
import type { SetValue, Update } from '../ast/Update.js'

/** Whether a `SET` right-hand side reads a stored attribute. */
const reads = (v: SetValue): boolean => {
  switch (v._tag) {
    case 'Value':
      return false
    case 'Path':
    case 'IfNotExists':
      return true
    case 'ListAppend':
    case 'Arithmetic':
      return reads(v.left) || reads(v.right)
  }
}

/**
 * Whether applying `updates` twice leaves the item as applying them once does: no `ADD` of
 * a number, and no `SET` computed from stored attributes (`increment`, `append`, `a = b`),
 * except `if_not_exists` of the attribute itself with a value. A write that is not may not be
 * retried once it may have been applied.
 */
export const isIdempotent = (updates: Update): boolean =>
  updates.every((a) => {
    switch (a._tag) {
      case 'Remove':
      case 'Delete':
        return true
      case 'Add':
        return typeof a.value.value === 'object' && a.value.value !== null
      case 'Set':
        return !reads(a.value) || (a.value._tag === 'IfNotExists' && P.equals(a.value.path, a.path) && !reads(a.value.value))
    }
  })

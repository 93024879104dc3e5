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

/**
 * Whether a command of the SDK given to `Dynamo.send` may be sent again once it may have been
 * applied, told from its name and input (what dynamongo cannot read is taken as not): reads,
 * puts, deletes and batch writes may; an `UpdateItem` only when its expression sets values
 * (`SET #a = :v`), removes or deletes from sets (no `ADD`, no arithmetic, no function, no
 * copy of an attribute); a PartiQL statement only when it is a `SELECT`. A transaction is sent
 * again with its token (`Dynamo.send` fixes one), so it is the same transaction.
 */
export const isIdempotentCommand = (name: string, input: unknown): boolean => {
  switch (name) {
    case 'UpdateItem': {
      const expression = (input as { readonly UpdateExpression?: unknown }).UpdateExpression
      // the old form (AttributeUpdates) may ADD: taken as not
      if (typeof expression !== 'string') return (input as { readonly AttributeUpdates?: unknown }).AttributeUpdates === undefined
      return !/\bADD\b|[+-]|\(|=(?!\s*:)/i.test(expression)
    }
    case 'ExecuteStatement':
      return isSelect((input as { readonly Statement?: unknown }).Statement)
    case 'BatchExecuteStatement': {
      const statements = (input as { readonly Statements?: unknown }).Statements
      return Array.isArray(statements) && statements.every((s: { readonly Statement?: unknown } | null) => isSelect(s?.Statement))
    }
    default:
      return true
  }
}

const isSelect = (statement: unknown): boolean => typeof statement === 'string' && /^\s*SELECT\b/i.test(statement)

/**
 * Which updates may be sent again once they may have been applied: the rule behind
 * `updateOne`'s retries after an unknown outcome; and which commands of `Dynamo.send` only
 * read (their errors say no outcome).
 *
 * @since 0.1.0
 */
import type * as P from '../ast/Path.js'
import type { SetValue, Update } from '../ast/Update.js'
import { elementsOf, pathsEqual } from '../ast/nodes.js'

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

/** Whether a path goes through a list element: removing one shifts the list, setting one past its end appends. */
const throughList = (path: P.Path): boolean => elementsOf(path).some((e) => typeof e === 'number')

/**
 * Whether applying `updates` twice leaves the item as applying them once does: no `ADD` of
 * a number, no `SET` computed from stored attributes (`increment`, `append`, `a = b`),
 * except `if_not_exists` of the attribute itself with a value, and no `SET` or `REMOVE` of a
 * list element (`REMOVE l[0]` again removes the next one; `SET l[9]` on a shorter list
 * appends, again). A write that is not may not be retried once it may have been applied.
 */
export const isIdempotent = (updates: Update): boolean =>
  updates.every((a) => {
    switch (a._tag) {
      case 'Remove':
        return !throughList(a.path)
      case 'Delete':
        return true
      case 'Add':
        return typeof a.value.value === 'object' && a.value.value !== null
      case 'Set':
        return !throughList(a.path) && (!reads(a.value) || (a.value._tag === 'IfNotExists' && pathsEqual(a.value.path, a.path) && !reads(a.value.value)))
    }
  })

/**
 * Whether a command of the SDK given to `Dynamo.send` may be sent again once it may have been
 * applied, told from its name and input (what dynamongo cannot read is taken as not): reads
 * and batch writes may; a put, delete or update only without a condition (a retry's check
 * would meet the lost attempt's own write, and fail) and without asking for the old item
 * (`ReturnValues` `ALL_OLD`, `UPDATED_OLD`: a retry's would be that write's); an update only when its expression sets values
 * (`SET #a = :v`), removes or deletes from sets (no `ADD`, no arithmetic, no function, no
 * copy of an attribute, no list element); a PartiQL statement only when it is a `SELECT`; a
 * transaction, an export, an import or a bulk put, sent again with its token (`Dynamo.send`
 * fixes one), is the same one; a tag, an untag and a change of continuous backups or of
 * contributor insights make the same state twice (`kinds`). Any other command never (a
 * `CreateBackup`, a table's change, a command the rules do not name): it is sent again only
 * when no attempt may have been applied.
 */
export const isIdempotentCommand = (name: string, input: unknown): boolean => {
  switch (name) {
    case 'PutItem':
    case 'DeleteItem':
      return unconditional(input)
    case 'UpdateItem': {
      if (!unconditional(input)) return false
      const expression = (input as { readonly UpdateExpression?: unknown }).UpdateExpression
      // the old form (AttributeUpdates) may ADD: taken as not
      if (typeof expression !== 'string') return (input as { readonly AttributeUpdates?: unknown }).AttributeUpdates === undefined
      return !/\bADD\b|[+-]|\(|\[|=(?!\s*:)/i.test(expression)
    }
    case 'ExecuteStatement':
      return isSelect((input as { readonly Statement?: unknown }).Statement)
    case 'BatchExecuteStatement': {
      const statements = (input as { readonly Statements?: unknown }).Statements
      return Array.isArray(statements) && statements.every((s: { readonly Statement?: unknown } | null) => isSelect(s?.Statement))
    }
    // one token makes its retries one (Dynamo.send fixes one)
    case 'ExecuteTransaction':
      return true
    default:
      return kindOf(name) !== 'once'
  }
}

/**
 * What each command of the SDK is, but those told from their input (an item's write, PartiQL):
 * `read`, it only reads; `same`, sent twice it is one (a batch write: each put or delete is;
 * a token makes a transaction's, an export's, an import's or a bulk put's retries one, and
 * `Dynamo.send` fixes one; a tag, an untag, a change of continuous backups or of contributor
 * insights make the same state twice); `once`, sent twice it is not one: a `CreateBackup`
 * makes a backup at each call (it takes no token); a table's change, a global table's, a
 * Kinesis destination's, a policy's (its revision changes), a backup's deletion or a bulk
 * operation's cancelling sent again meets the change its lost attempt made, which DynamoDB
 * refuses: a failure said of a change made.
 */
const kinds: Readonly<Record<string, 'read' | 'same' | 'once'>> = {
  BatchGetItem: 'read', DescribeBackup: 'read', DescribeBulkOperation: 'read', DescribeContinuousBackups: 'read',
  DescribeContributorInsights: 'read', DescribeEndpoints: 'read', DescribeExport: 'read', DescribeGlobalTable: 'read',
  DescribeGlobalTableSettings: 'read', DescribeImport: 'read', DescribeKinesisStreamingDestination: 'read',
  DescribeLimits: 'read', DescribeTable: 'read', DescribeTableReplicaAutoScaling: 'read', DescribeTimeToLive: 'read',
  GetItem: 'read', GetResourcePolicy: 'read', ListBackups: 'read', ListBulkOperations: 'read',
  ListContributorInsights: 'read', ListExports: 'read', ListGlobalTables: 'read', ListImports: 'read',
  ListTables: 'read', ListTagsOfResource: 'read', Query: 'read', Scan: 'read', SearchVectors: 'read',
  TransactGetItems: 'read',
  BatchWriteItem: 'same', TransactWriteItems: 'same', ExportTableToPointInTime: 'same', ImportTable: 'same',
  StartBulkPutItems: 'same', TagResource: 'same', UntagResource: 'same', UpdateContinuousBackups: 'same',
  UpdateContributorInsights: 'same',
  CancelBulkOperation: 'once', CreateBackup: 'once', CreateGlobalTable: 'once', CreateTable: 'once',
  DeleteBackup: 'once', DeleteResourcePolicy: 'once', DeleteTable: 'once', DisableKinesisStreamingDestination: 'once',
  EnableKinesisStreamingDestination: 'once', PutResourcePolicy: 'once', RestoreTableFromBackup: 'once',
  RestoreTableToPointInTime: 'once', UpdateGlobalTable: 'once', UpdateGlobalTableSettings: 'once',
  UpdateKinesisStreamingDestination: 'once', UpdateTable: 'once', UpdateTableReplicaAutoScaling: 'once',
  UpdateTimeToLive: 'once',
}

/** A command's kind (`kinds`); one not named there is a read when its name says so (`Get…`, `Describe…`, `List…`), else `once`: not known to be one when sent twice. */
const kindOf = (name: string): 'read' | 'same' | 'once' =>
  Object.prototype.hasOwnProperty.call(kinds, name) ? kinds[name]! : /^(?:Describe|List|Get)[A-Z]/.test(name) ? 'read' : 'once'

/** A write without a condition (`ConditionExpression`, the old `Expected`) and whose answer holds no old item (`ReturnValues`: the new one is the same after a retry). */
const unconditional = (input: unknown): boolean => {
  const i = input as { readonly ConditionExpression?: unknown; readonly Expected?: unknown; readonly ReturnValues?: unknown }
  return i.ConditionExpression === undefined && i.Expected === undefined && (i.ReturnValues === undefined || i.ReturnValues === 'NONE' || i.ReturnValues === 'ALL_NEW' || i.ReturnValues === 'UPDATED_NEW')
}

/**
 * Whether a command of the SDK given to `Dynamo.send` only reads, told from its name and input:
 * `BatchGetItem`, `Query`, `Scan`, `SearchVectors`, `TransactGetItems`, a `Get…`, `Describe…`
 * or `List…` command (`kinds`), a PartiQL `SELECT` (every one of a `BatchExecuteStatement`, and of an
 * `ExecuteTransaction`: a transaction of reads). Anything else may
 * write: its error says when it may have been applied (`AwsError.outcome`).
 */
export const isReadCommand = (name: string, input: unknown): boolean => {
  switch (name) {
    case 'ExecuteStatement':
    case 'BatchExecuteStatement':
      return isIdempotentCommand(name, input)
    case 'ExecuteTransaction': {
      const statements = (input as { readonly TransactStatements?: unknown } | null)?.TransactStatements
      return Array.isArray(statements) && statements.length > 0 && statements.every((s: { readonly Statement?: unknown } | null) => isSelect(s?.Statement))
    }
    default:
      return kindOf(name) === 'read'
  }
}

const isSelect = (statement: unknown): boolean => typeof statement === 'string' && /^\s*SELECT\b/i.test(statement)

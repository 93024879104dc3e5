/**
 * DynamoDB's limits, each written once. The compiler (`Expression`), the evaluator
 * (`Evaluate`), the encoder (`Item`), `Model`, `Plan` and the runner (`run/send`,
 * `run/batch`) read them from here, so that what one accepts the others accept too.
 *
 * @since 0.1.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { itemBound, itemSize, UNIT_BYTES, utf8Length, valueBound, valueSize } from './size.js'
import { count, kindOf } from '../internal/show.js'
import { clipped } from '../internal/scrub.js'

// -------------------------------------------------------------------------------------
// items
// -------------------------------------------------------------------------------------

/** The largest item: 400 KB, counted by DynamoDB's size rules (`rules/size.ts`). */
export const ITEM_BYTES = 409_600

/**
 * The deepest nesting of an item, counting the item as level 1 (DynamoDB's "32 levels"): a
 * top-level attribute's value is level 2, so a list or map stands at level 32 at most, a
 * scalar or a set at 33. The checks (`codec/Item`, `codec/attributeShape`) count the levels
 * above a value (1 for a top-level attribute's value) and refuse a list or map with
 * `ITEM_DEPTH` of them.
 */
export const ITEM_DEPTH = 32

/**
 * The most nesting levels of a value that dynamongo walks where no rule of DynamoDB's bounds it
 * first: a stored item read back (`Item`'s decoder, its top-level values at level 1), a value
 * whose keys `codec/proto` renames, and an item `internal/own.plainOnce` copies before it is checked. Ours, not DynamoDB's: twice `ITEM_DEPTH`, so that every value
 * an item can hold is read whole, while a cycle or a value deeper than any item ends the walk
 * far from the end of the call stack.
 */
export const VALUE_DEPTH = 2 * ITEM_DEPTH

/**
 * The most levels of a codec's description (refinements, `exact`, unions, a `t.recursion`) that
 * `model/stored` reads for what a field stores (its numbers, its strings, the names it takes).
 * Ours, not DynamoDB's: a recursive codec has no end; past it, a field is read as storing anything.
 */
export const CODEC_DEPTH = 32

/**
 * The most nesting levels of a `Field.json` value that its check (`fieldType.jsonWhy`) reads.
 * Ours, not DynamoDB's: the value is stored as text, whose nesting DynamoDB does not bound; a
 * deeper one (or a cycle) is refused before the walk nears the end of the call stack.
 */
export const JSON_DEPTH = 1000

/** Why a list or map at level `ITEM_DEPTH` + 1 is refused. */
export const nestedTooDeep = `a list or map nested deeper than ${ITEM_DEPTH} levels (DynamoDB's; the item is level 1)`

/** The most bytes of a partition (hash) key value. */
export const HASH_KEY_BYTES = 2048

/** The most bytes of a sort (range) key value. */
export const RANGE_KEY_BYTES = 1024

/** The most bytes of an attribute name (DynamoDB: "must be less than 65536 bytes"). */
export const NAME_BYTES = 65_535

/**
 * The most bytes (UTF-8) of the name of a key attribute (of the table or of an index) and of an
 * attribute projected into an index. DynamoDB's message says "must be between 1 and 255
 * characters, inclusive" and its API reference "Maximum length of 255", without a unit;
 * DynamoDB Local counts UTF-8 bytes. The stricter reading, bytes, is kept: a name it takes
 * DynamoDB takes whichever it counts.
 */
export const KEY_NAME_BYTES = 255

/** The most characters of a table name (at least 3: so a table prefix holds at most 252). */
const TABLE_NAME_LENGTH = 255

/** A table or index name DynamoDB takes: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'. */
export const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/

/** `TABLE_NAME` in words, for messages. */
export const TABLE_NAME_RULE = "3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'"

/**
 * A name in a message: quoted, its first 60 code points shown, after `scrub` (a refused name
 * may be a URL or a credential typed in its place).
 */
export const quoted = (name: string): string => JSON.stringify(clipped(name, 60))

/** The length of a name outside 3 to 255 characters, in words (`''` when it is within). */
const lengthWhy = (name: string): string =>
  name.length > TABLE_NAME_LENGTH
    ? `: it has ${name.length} characters, at most ${TABLE_NAME_LENGTH}`
    : name.length < 3
      ? `: it has ${count(name.length, 'character')}, at least 3`
      : ''

/** `name` refused as a table name, in words: the rule, and the length and the limit when the length is why. */
const refusedName = (name: string): string => `${quoted(name)} is no table name DynamoDB takes (${TABLE_NAME_RULE})${lengthWhy(name)}`

/** Why DynamoDB refuses `name` as a table name (`refusedName`), or `undefined` when it takes it. */
export const tableNameWhy = (name: string): string | undefined => (TABLE_NAME.test(name) ? undefined : refusedName(name))

/**
 * Why DynamoDB refuses a table name that a request names, as far as the request's builder
 * can have made it wrong: a model's table and `Env`'s `tablePrefix` are each checked alone
 * (`Model.make`, `tablePrefixWhy`), so only the two together can be too long. A table's ARN,
 * which DynamoDB takes too (up to 1,024 characters), is left to it.
 */
export const requestTableNameWhy = (name: string): string | undefined =>
  name.length <= TABLE_NAME_LENGTH || name.startsWith('arn:') ? undefined : refusedName(name)

/**
 * Why DynamoDB refuses every table name `prefix` begins (a character it refuses, or no room
 * left for a model's own name of at least 3 characters), or `undefined` when it refuses none.
 */
export const tablePrefixWhy = (prefix: unknown): string | undefined =>
  typeof prefix !== 'string'
    ? `expected a string, got ${kindOf(prefix)}`
    : !/^[A-Za-z0-9_.-]*$/.test(prefix)
      ? `${quoted(prefix)} may hold only letters, digits, '_', '-' and '.'`
      : prefix.length > TABLE_NAME_LENGTH - 3
        ? `${prefix.length} characters, at most ${TABLE_NAME_LENGTH - 3} (a table name takes at most ${TABLE_NAME_LENGTH}, the model's own at least 3)`
        : undefined

// -------------------------------------------------------------------------------------
// expressions
// -------------------------------------------------------------------------------------

/** The most bytes of one expression string. */
export const EXPRESSION_BYTES = 4096

/**
 * The most operators in one expression. DynamoDB (and DynamoDB Local 3.3.0, checked by
 * spec/integration/ExpressionAcceptance.spec.ts) counts: each comparator (`= <> < <= > >=`),
 * `BETWEEN` (its inner `AND` does not count), `IN` (one, whatever the number of values),
 * each function (`attribute_exists`, `attribute_not_exists`, `attribute_type`,
 * `begins_with`, `contains`, `size`, `if_not_exists`, `list_append`), each `AND`/`OR`
 * between two conditions (n − 1 for n conditions), each `NOT`, and in updates each `+`/`-`.
 * Parentheses and the `SET`/`REMOVE`/`ADD`/`DELETE` clauses and their commas do not count
 * (the compiler, `Expression`, counts them; `Evaluate` takes its verdict).
 */
export const OPERATORS = 300

/**
 * Why an expression of `ops` operators is refused (`kind`: `the condition`, `the filter`, …).
 * `atLeast`: the count stopped once over the limit (a wide AND/OR is refused before its
 * conditions are read), so `ops` is a lower bound. `given`: the operators of the condition the
 * caller gave, when dynamongo added checks to it (for the model's entity, the key's existence,
 * a version or a time to live): DynamoDB counts those too, so a condition that fits alone may
 * not fit with them, and the message says so.
 */
export const tooManyOperators = (kind: string, ops: number, given?: number, atLeast = false): string => {
  const over = `the ${kind} has ${atLeast ? 'at least ' : ''}${ops} operators, more than DynamoDB's ${OPERATORS}`
  if (given === undefined || given > OPERATORS || given >= ops) return over
  const added = atLeast ? 'the operators' : `the ${ops - given}`
  return `${over}: the condition given has ${given}, and DynamoDB counts ${added} of the checks dynamongo adds to it (for the model's entity, the key's existence, a version or a time to live) too`
}

/**
 * The most values of `IN`: 99. DynamoDB counts the left operand among the operands of
 * `IN` and allows 100 of them, so AWS refuses 100 values; DynamoDB Local 3.3.0 accepts 100
 * and refuses 101. 99 is the value both accept.
 */
export const IN_VALUES = 99

/** The most levels of a document path (`a.b[0]` has 3). */
export const PATH_DEPTH = 32

/** The largest list index in a document path: 2^31 − 1. */
export const LIST_INDEX = 2 ** 31 - 1

/**
 * The most nodes of a condition or update AST that dynamongo reads. Not DynamoDB's: one
 * expression holds far fewer (300 operators, 4,096 bytes), but a condition that selects items
 * (a `Model.keysIn` of many keys: 7 nodes a key of a hash and a range key, 3 of a hash key
 * alone, more where a key is composed of more fields) is no one expression. It bounds the reading of
 * a tree that shares its nodes (each `and(x, x)` doubles it).
 */
export const AST_NODES = 1_000_000

/**
 * The most nesting levels of a condition or update AST that dynamongo reads. Not
 * DynamoDB's either: every level that prints (`NOT`, an `AND`/`OR` of two or more) is an
 * operator, so a valid expression nests at most 300 of them; the rest would be `and`/`or`
 * of one condition, which print as that condition. It keeps the recursive interpreters
 * far from the end of the call stack.
 */
export const AST_DEPTH = 1000

/** Why `what` (`the filter`, `the expression`) is refused past `AST_DEPTH`. */
export const tooDeep = (what: string): string => `${what} nests more than ${AST_DEPTH} levels deep (or holds a cycle): too deep to be read`

// -------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------

/**
 * The largest `Limit` of a Query or Scan: a 32-bit integer, 2^31 − 1 (DynamoDB Local answers
 * a larger one with `InternalFailure`). A read that may take more items per request sends
 * none: a page then stops at DynamoDB's 1 MB, far below it.
 */
export const READ_LIMIT = 2 ** 31 - 1

/**
 * The most read capacity units an answer to one Query or Scan request may say it consumed
 * (`ConsumedCapacity.CapacityUnits`). Ours, a bound no answer of DynamoDB's reaches: a Query or
 * Scan reads at most 1 MB (256 units strongly consistent), and a Query of a local index
 * fetching attributes from the table adds at most one unit per item of its page beyond the
 * bytes read (each fetch is rounded up to 4 KB), fewer than 2^20 items in 1 MB. A read by key
 * is bounded by `READ_UNITS_PER_ITEM`. An answer that says more (or a negative, infinite or non-number
 * count) is an `InvalidAnswer` (`run/answer.capacityWhy`), not a wait of a paced read
 * (`readUnitsPerSecond`) for years.
 */
export const READ_UNITS_PER_REQUEST = 2 ** 21

/**
 * The most read capacity units an answer may say one item read by key consumed. Ours: twice
 * what the largest item costs (`ITEM_BYTES` read strongly consistent, one unit per 4 KB: 100),
 * a margin over DynamoDB's own count of an item's size. A GetItem's answer says at most this, a
 * BatchGetItem's this times the keys it was sent (`run/answer.capacityWhy`): the sum of what
 * it says, never each entry alone.
 */
export const READ_UNITS_PER_ITEM = 2 * (ITEM_BYTES / 4096)

// -------------------------------------------------------------------------------------
// batches
// -------------------------------------------------------------------------------------

/** The most requests of one `BatchWriteItem`. */
export const BATCH_WRITE = 25

/** The most keys of one `BatchGetItem`. */
export const BATCH_GET = 100

/** The most actions of one `TransactWriteItems` (or `TransactGetItems`). */
export const TRANSACTION_ITEMS = 100

/**
 * The most bytes of one `TransactWriteItems` together: 4 MB, the sum of what each entry counts
 * (`transactionEntryBytes`). One byte more is refused before anything is written ("Transaction
 * payload size cannot exceed 4MB").
 */
export const TRANSACTION_BYTES = 4 * 1024 * 1024

/** The parts of a transaction's entry (`Put`, `Update`, `Delete`, `ConditionCheck`) that count toward `TRANSACTION_BYTES`. */
export interface TransactionEntryParts {
  readonly Item?: Readonly<Record<string, AttributeValue>>
  readonly Key?: Readonly<Record<string, AttributeValue>>
  readonly UpdateExpression?: string
  readonly ConditionExpression?: string
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>
  readonly ExpressionAttributeValues?: Readonly<Record<string, AttributeValue>>
}

/** Whether a UTF-16 unit can follow a placeholder's `#` or `:` (A-Z a-z 0-9 _). */
const inPlaceholder = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95

/**
 * How many times `expression` uses the placeholder `p`: its occurrences not followed by a
 * character of a longer placeholder (`#n1` is not used by `#n10`).
 */
const usesOf = (expression: string, p: string): number => {
  let count = 0
  for (let i = expression.indexOf(p); i !== -1; i = expression.indexOf(p, i + p.length)) if (!inPlaceholder(expression.charCodeAt(i + p.length))) count++
  return count
}

/**
 * What one entry of a `TransactWriteItems` counts toward `TRANSACTION_BYTES`, as DynamoDB
 * counts it (DynamoDB Local's "Payload Size", to the byte, for every kind of entry): a put's
 * item or another entry's key (`itemSize`); the bytes of its expressions (update, condition);
 * and at each place an expression uses a placeholder (`#name`, `:value`), the UTF-8 bytes of
 * the name or the size of the value it stands for (`valueSize`), once per use. The table's
 * name and the other fields do not count. Each placeholder's uses are counted by a search for
 * it (`usesOf`): reading the placeholders out of the text costs a lookup by a new string each,
 * several times the rest of a transaction's compiling.
 */
export const transactionEntryBytes = (entry: TransactionEntryParts): number => {
  let n = entry.Item !== undefined ? itemSize(entry.Item) : entry.Key !== undefined ? itemSize(entry.Key) : 0
  const names = entry.ExpressionAttributeNames
  const values = entry.ExpressionAttributeValues
  for (const expression of [entry.UpdateExpression, entry.ConditionExpression]) {
    if (expression === undefined) continue
    n += utf8Length(expression)
    if (names !== undefined) for (const p of Object.keys(names)) n += usesOf(expression, p) * utf8Length(names[p] as string)
    if (values !== undefined) {
      for (const p of Object.keys(values)) {
        const uses = usesOf(expression, p)
        if (uses > 0) n += uses * valueSize(values[p] as AttributeValue)
      }
    }
  }
  return n
}

/**
 * A bound from above of `transactionEntryBytes(entry)`, read without counting (`itemBound`, an
 * expression's UTF-16 units at `UNIT_BYTES` each), so that a transaction far under
 * `TRANSACTION_BYTES` is not counted exactly: a use of a placeholder takes 2 units of its
 * expression at least (`#` or `:`, then a character), so an expression of `k` units uses
 * placeholders `k / 2` times at most, each standing for the longest name or the largest value.
 * `itemAtMost`: a bound of the item known already (a put's item that `Model.encode` made, which
 * it refuses over `ITEM_BYTES`), where the item is not read.
 */
export const transactionEntryBound = (entry: TransactionEntryParts, itemAtMost?: number): number => {
  const n = itemAtMost ?? (entry.Item !== undefined ? itemBound(entry.Item) : entry.Key !== undefined ? itemBound(entry.Key) : 0)
  const units = (entry.UpdateExpression?.length ?? 0) + (entry.ConditionExpression?.length ?? 0)
  if (units === 0) return n
  let most = 0
  const names = entry.ExpressionAttributeNames
  if (names !== undefined) for (const p of Object.keys(names)) most = Math.max(most, UNIT_BYTES * (names[p] as string).length)
  const values = entry.ExpressionAttributeValues
  if (values !== undefined) for (const p of Object.keys(values)) most = Math.max(most, valueBound(values[p] as AttributeValue))
  return n + UNIT_BYTES * units + Math.floor(units / 2) * most
}

/** The most characters of a transaction's `ClientRequestToken`. */
export const TOKEN_CHARS = 36

/** The most segments of a parallel Scan (`TotalSegments`). */
export const TOTAL_SEGMENTS = 1_000_000

/**
 * The most characters of a cursor (`run/Cursor`) of a read of `segments` segments whose keys
 * have the attributes `keyNames`: what the longest positions DynamoDB's keys allow encode to,
 * so that `Cursor.decode` refuses longer text unread and never a cursor a page made. A
 * position is at most `["T"`, its trail's two whole numbers (each at most 16 digits and a
 * comma) and two keys (the position's and the trail's kept key), for each key attribute
 * `,name,"S",value` as JSON (a UTF-16 unit of a name at most 6 bytes, `\u0001`; a byte of a
 * value at most 6, a value at most `HASH_KEY_BYTES`), then `]`; the payload the positions,
 * commas and brackets; the cursor base64url of at most 61 bytes besides (version, nonce,
 * tags, padding).
 */
export const cursorChars = (segments: number, keyNames: ReadonlyArray<string>): number => {
  let key = 0
  for (const n of keyNames) key += 1 + (6 * n.length + 2) + 5 + (6 * HASH_KEY_BYTES + 2)
  const position = 5 + 2 * 17 + 2 * key
  return Math.ceil((4 * (segments * (position + 1) + 1 + 61)) / 3) + 1
}

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

/** The most global secondary indexes of a table. */
export const GLOBAL_INDEXES = 20

/** The most local secondary indexes of a table. */
export const LOCAL_INDEXES = 5

/**
 * The most attributes the projections of all a table's secondary indexes list together
 * (`NonKeyAttributes` of an `INCLUDE`; one listed by two indexes counts twice).
 */
export const PROJECTED_ATTRIBUTES = 100

/**
 * The most attributes the projection of one secondary index lists (`NonKeyAttributes` of an
 * `INCLUDE`: the API reference's "maximum number of 20 items"; DynamoDB Local takes more).
 */
export const INDEX_PROJECTED_ATTRIBUTES = 20

/** The most attributes of a global index's multi-attribute partition key (and, apart, of its sort key). */
export const INDEX_KEY_ATTRIBUTES = 4

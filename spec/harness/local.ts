/**
 * The DynamoDB Local of an integration run: started once per process on first use,
 * stopped by its pid when the process exits (even when a spec fails or throws).
 * Usage in a spec: `const db = await local()` then `db.client`, `db.endpoint`.
 */
import { CreateTableCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type ScanCommandInput } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { start, type DynamoLocal, type LocalError, type StartOptions } from '../../lib/local/DynamoLocal.js'

/** The run's instances by name, each with its stop at the process's end (`release` removes it). */
const instances = new Map<string, { readonly db: Promise<DynamoLocal>; readonly atExit: () => void }>()

/**
 * How long a spec waits for a DynamoDB Local it starts to answer: a liveness bound, not a
 * timing. A JVM started while the machine is busy (the other specs' processes, other runs)
 * takes many times its usual few seconds; `start`'s default is not meant for that.
 */
export const START_MS = 300_000

/**
 * The run's DynamoDB Local named `name` ('shared' unless a spec needs one of its own), started
 * on first use. DynamoDB Local builds a global index added to a table on a fixed pool of 10
 * threads that also runs its 3 job schedulers and one never-ending time-to-live job per table
 * with a time to live: from 7 such tables, no index is built. So specs that wait for index
 * builds (`TableSync.spec`, `Readme.spec`'s walk-through) take an instance of their own: the
 * tables with a time to live that other specs create cannot starve their builds.
 */
export const local = (name = 'shared'): Promise<DynamoLocal> => {
  const known = instances.get(name)
  if (known !== undefined) return known.db
  const db = started({ timeoutMs: START_MS })
  const atExit = (): void => void db.then((d) => d.stop(), () => undefined)
  // stop when uvu is done: the event loop empties only once every suite has run
  process.once('beforeExit', atExit)
  instances.set(name, { db, atExit })
  return db
}

/**
 * Stops the instance named `name` (by its process group, as at the end of the run) and
 * forgets it; nothing if none was started. A spec with an instance of its own releases it in
 * its `test.after`, so its JVM does not idle beside the other specs' until the run ends; a
 * later `local(name)` starts a new one.
 */
export const release = async (name: string): Promise<void> => {
  const known = instances.get(name)
  if (known === undefined) return
  instances.delete(name)
  process.removeListener('beforeExit', known.atExit)
  const db = await known.db.catch(() => undefined)
  if (db !== undefined) await db.stop()
}

/** The right of a launcher's result, or its `LocalError` thrown (the spec fails with its message). */
export const orThrow = <A>(r: E.Either<LocalError, A>): A =>
  E.getOrElseW((e: LocalError): never => {
    throw e
  })(r)

/** A DynamoDB Local of a spec's own (`start`), or the spec fails with its `LocalError`. */
export const started = async (options: StartOptions = {}): Promise<DynamoLocal> => orThrow(await start(options)())

let counter = 0
/** A table name no other spec of this run uses. */
export const uniqueTable = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`

/** A raw table: hash key `pk` (S), and with `range` a range key `sk` (N); on-demand. */
export const createRawTable = async (client: DynamoDBClient, TableName: string, range = false): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(range ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(range ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : [])],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
}

/** Every stored item of a table, read with consistent raw Scans (optionally filtered). */
export const scanAll = async (
  client: DynamoDBClient,
  TableName: string,
  filter?: Omit<ScanCommandInput, 'TableName'>,
): Promise<Array<Record<string, AttributeValue>>> => {
  const out: Array<Record<string, AttributeValue>> = []
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(new ScanCommand({ TableName, ConsistentRead: true, ...filter, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }))
    out.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return out
}

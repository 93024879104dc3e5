/**
 * The shared DynamoDB Local of an integration run: started once per process on first use,
 * stopped by its pid when the process exits (even when a spec fails or throws).
 * Usage in a spec: `const db = await local()` then `db.client`, `db.endpoint`.
 */
import { start, type DynamoLocal } from '../../lib/local/DynamoLocal.js'

let instance: Promise<DynamoLocal> | undefined

export const local = (): Promise<DynamoLocal> => {
  if (instance === undefined) {
    instance = start()
    // stop when uvu is done: the event loop empties only once every suite has run
    instance.then((db) => {
      process.once('beforeExit', () => void db.stop())
    }, () => undefined)
  }
  return instance
}

let counter = 0
/** A table name no other spec of this run uses. */
export const uniqueTable = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`

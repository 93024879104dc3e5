/**
 * The DynamoDB Local a benchmark runs against (`dynamongo/local`'s `start`, in memory, on a
 * free port), or the benchmark ends with the `LocalError` that says why it could not start.
 */
import * as E from 'fp-ts/lib/Either.js'
import { start, type DynamoLocal } from '../lib/local/DynamoLocal.js'

/** A started DynamoDB Local; its `LocalError` thrown (the run ends with its message) when it cannot start. */
export const startLocal = async (): Promise<DynamoLocal> => {
  const started = await start()()
  if (E.isLeft(started)) throw started.left
  return started.right
}

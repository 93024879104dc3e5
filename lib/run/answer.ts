/**
 * What a Query's or Scan's answer must hold to be read: the one check of its shape, for the
 * reads of a model (`pages`) and the scans of a raw table (`data`). DynamoDB never gives
 * another; an endpoint that is not DynamoDB (a proxy, a stand-in, a bug) may, and a
 * `LastEvaluatedKey` that is no key, sent back as `ExclusiveStartKey` to an endpoint that keeps
 * giving it, would read on for ever.
 *
 * @since 0.3.0
 */
import * as DE from '../DynamoError.js'
import type { AttributeMap } from '../model/Model.js'
import { sameKeyAt } from '../model/storedKey.js'

/**
 * Why a Query's or Scan's answer is none DynamoDB gives (`Items` no list, `Count` no whole
 * number ≥ 0, a `LastEvaluatedKey` that is not exactly the read's key attributes `keyNames`,
 * or one that is the key `sent` as this request's `ExclusiveStartKey`), or `undefined`. Such a
 * key, sent back as `ExclusiveStartKey`, would read on for ever from an endpoint that keeps
 * giving it: DynamoDB's next page always starts after the one it was asked from.
 */
export const answerWhy = (
  out: { readonly Items?: unknown; readonly Count?: unknown; readonly LastEvaluatedKey?: unknown },
  keyNames: ReadonlyArray<string>,
  sent?: AttributeMap,
): string | undefined => {
  if (out.Items !== undefined && !Array.isArray(out.Items)) return 'its Items are no list'
  const n = out.Count
  if (n !== undefined && !(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) return 'its Count is no whole number ≥ 0'
  const last = out.LastEvaluatedKey
  if (last === undefined) return undefined
  if (typeof last !== 'object' || last === null || Array.isArray(last)) return `its LastEvaluatedKey is no key of this read (${keyNames.join(', ')})`
  let count = 0
  for (const k in last) {
    const v: unknown = (last as Record<string, unknown>)[k]
    if (!keyNames.includes(k) || typeof v !== 'object' || v === null) return `its LastEvaluatedKey is no key of this read (${keyNames.join(', ')})`
    count++
  }
  if (count !== keyNames.length) return `its LastEvaluatedKey is no key of this read (${keyNames.join(', ')})`
  return sent !== undefined && sameKeyAt(keyNames, last as AttributeMap, sent) ? 'its LastEvaluatedKey is the ExclusiveStartKey it was sent: the read would not go on' : undefined
}

/** An answer `answerWhy` refuses, as the error of the request that brought it. */
export const unreadableAnswer = (why: string): DE.DynamoError => DE.awsError('InvalidAnswer', `DynamoDB's answer could not be read: ${why}`, false, undefined)

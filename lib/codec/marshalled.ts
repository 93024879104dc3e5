/**
 * What encoding an item tells the library's own caller (`Model.encode`) and no public function
 * does: the item as it was read once, and whether it reads back otherwise. `Item.encode` and
 * `Item.marshall` take no such record (nothing a caller gives them is written into); the root
 * does not export this module.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import * as DE from '../DynamoError.js'
import type { AttributeMap } from './Item.js'

/**
 * What the marshalling saw: `lossy` when a value stores as one that reads back otherwise: `-0`
 * (stored `0`), a `Buffer` or another view of bytes (read back a `Uint8Array`), an own key
 * whose value is `undefined` (no attribute: read back without the key).
 */
export interface Marshalled {
  lossy: boolean
  /** The item as encoding read it once (`plainOnce`'s copy), what it checked and encoded. */
  read?: unknown
}

/** `Item.encode` that also fills in `seen`. */
export type EncodeSeen = <A, O>(codec: t.Type<A, O, unknown>, item: A, seen: Marshalled) => E.Either<DE.DynamoError, AttributeMap>

/** codec/Item's own, given when it loads (`provideEncodeSeen`): this module cannot import it (codec/Item imports this one). */
let given: EncodeSeen | undefined

/** Called by codec/Item as it loads, with its encoding that fills in a record. */
export const provideEncodeSeen = (f: EncodeSeen): void => {
  given = f
}

/**
 * `Item.encode(codec, item)`, telling `seen` what was read and whether the stored item reads
 * back otherwise. (codec/Item has loaded before any call: every caller imports it.)
 */
export const encodeSeen: EncodeSeen = (codec, item, seen) =>
  given === undefined ? E.left(DE.configError('dynamongo: codec/Item is not loaded')) : given(codec, item, seen)

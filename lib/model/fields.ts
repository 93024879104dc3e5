/**
 * What a model reads of its codec and applies to items, inside the library: the stored type
 * of a key field, the required fields, and the item with its defaults applied.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as A from '../ast/Attr.js'
import * as P from '../ast/Path.js'
import * as DE from '../DynamoError.js'
import * as Shape from '../codec/Shape.js'
import { thrown } from '../internal/show.js'
import { perObject } from '../internal/memo.js'
import { hasOwn } from '../internal/own.js'
import type { Model, StoredKeyType } from './Model.js'

/**
 * The stored type (S, N or B) of a key field's codec, read from the codec: io-ts strings,
 * numbers and bigints, refinements of them, and any codec that declares `storedAs`
 * (dynamongo's `Field` codecs do).
 */
export const storedTypeOf = (codec: A.Codec): StoredKeyType | undefined => {
  const s = Shape.stored(codec)
  return s === 'S' || s === 'N' || s === 'B' ? s : undefined
}

/**
 * The stored type (S or N) of the values of a field of an index key template that are
 * neither `null` nor `undefined` (a nullable field's `t.union([t.string, t.null])` is S): an
 * item whose field holds none of them is left out of that index (sparse).
 */
export const templateTypeOf = (codec: A.Codec): 'S' | 'N' | undefined => {
  const s = Shape.storedPresent(codec)?.stored
  return s === 'S' || s === 'N' ? s : undefined
}

/** The fields an item must have: those of `t.type`/`t.strict` parts (not `t.partial`). */
export const requiredFields = (codec: A.Codec): ReadonlySet<string> => Shape.fields(codec)?.required ?? none

const none: ReadonlySet<string> = new Set()

/**
 * The fields every item holds a value of: required, and whose codec is no union with
 * `t.null`, `t.undefined` or `t.void` (`Shape.storedPresent`: read from the codec's shape, no
 * value checked by it). An index keyed by a template of such fields holds every item.
 */
export const presentFields = perObject((codec: A.Codec): ReadonlySet<string> => {
  const f = Shape.fields(codec)
  if (f === undefined) return none
  const out = new Set<string>()
  for (const name of f.required) {
    const c = hasOwn(f.props, name) ? (f.props[name] as A.Codec) : undefined
    if (c !== undefined && Shape.storedPresent(c)?.nullable !== true) out.add(name)
  }
  return out
})

/**
 * The item with its defaults applied (values, or thunks called once per item). A default
 * that throws (or a getter of the item's) is a `ValidationError` naming the field.
 */
export const withDefaults = <I>(m: Model<I, any, any, any>, item: I): E.Either<DE.DynamoError, I> => {
  const ds = m.defaults as Record<string, unknown>
  const keys = Object.keys(ds)
  if (keys.length === 0) return E.right(item)
  let out: Record<string, unknown> | undefined
  for (const k of keys) {
    try {
      if ((item as Record<string, unknown>)[k] === undefined) {
        out ??= { ...(item as Record<string, unknown>) }
        const d = ds[k]
        out[k] = typeof d === 'function' ? (d as () => unknown)() : d
      }
    } catch (e) {
      return E.left(DE.validationError([{ path: P.show(P.of(k)), message: `its default threw: ${thrown(e)}` }]))
    }
  }
  return E.right((out ?? item) as I)
}

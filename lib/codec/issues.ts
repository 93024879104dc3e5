/**
 * Every failing path of a value against an io-ts codec, for people: of an in-memory value
 * (`explain`, walking the codec's shape) and of io-ts's validation errors (`issuesOf`).
 * `Item` and the value encoder report through them.
 *
 * @since 0.1.0
 */
import { absurd } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import * as DE from '../DynamoError.js'
import type { Element } from '../ast/Path.js'
import { show, showElements, thrown } from '../internal/show.js'
import * as Shape from './Shape.js'
import { isRecord } from '../internal/own.js'
import { NumberValue } from './decimal.js'


/**
 * Every failing path of an in-memory value against a codec, for people. Walks the
 * inspectable io-ts shapes (`type`, `partial`, `exact`, `strict`, `readonly`,
 * `intersection`, `union`, `refinement`, `array`, `readonlyArray`, `record`, `recursion`)
 * and asks the leaves (`Field` codecs say why; other codecs say what they expected).
 */
export const explain = (codec: t.Mixed, value: unknown, at: ReadonlyArray<Element> = []): ReadonlyArray<DE.Issue> => {
  const out: DE.Issue[] = []
  walk(codec, value, [...at], out)
  return out
}

/** What a codec that says nothing more of its refusal says: what it expected, and what it got. */
const expected = (name: string, u: unknown): string => `expected ${name}, got ${describe(u)}`

const walk = (codec: t.Mixed, u: unknown, path: Element[], out: DE.Issue[]): void => {
  const s = Shape.of(codec)
  // a refusal here: the codec's own reason where it gives one (a string), else what it expected
  const refuse = (message?: unknown): void => {
    out.push({ path: showElements(path), message: typeof message === 'string' ? message : expected(s.codec.name, u) })
  }
  switch (s._tag) {
    case 'Struct': {
      if (!isRecord(u)) {
        refuse()
        return
      }
      for (const k of Object.keys(s.props)) {
        const v = (u as Record<string, unknown>)[k]
        if (v === undefined && Shape.mayBeLeftOut(s, k)) continue
        path.push(k)
        walk(s.props[k] as t.Mixed, v, path, out)
        path.pop()
      }
      return
    }
    case 'Exact':
      walk(s.of, u, path, out)
      return
    case 'Recursive':
      walk(s.definition(), u, path, out)
      return
    case 'Refinement': {
      const before = out.length
      walk(s.of, u, path, out)
      if (out.length === before && !s.codec.is(u)) refuse()
      return
    }
    case 'Intersection':
      for (const part of s.parts) walk(part, u, path, out)
      return
    case 'List':
      if (!Array.isArray(u)) {
        refuse()
        return
      }
      for (let i = 0; i < u.length; i++) {
        path.push(i)
        walk(s.element, u[i], path, out)
        path.pop()
      }
      return
    case 'Dictionary':
      if (!isRecord(u)) {
        refuse()
        return
      }
      for (const k of Object.keys(u)) {
        path.push(k)
        walk(s.codomain, (u as Record<string, unknown>)[k], path, out)
        path.pop()
      }
      return
    case 'Tuple':
    case 'Union':
    case 'Scalar':
    case 'Absent':
    case 'Opaque': {
      if (s.codec.is(u)) return
      refuse(s._tag === 'Scalar' || s._tag === 'Opaque' ? s.why?.(u) : undefined)
      return
    }
    default:
      absurd(s)
  }
}

/** The failing paths of io-ts validation errors, for people (intersection and union members are not path elements). */
export const issuesOf = (errors: t.Errors): ReadonlyArray<DE.Issue> => {
  const out: DE.Issue[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    const path: Element[] = []
    const ctx = e.context
    for (let i = 1; i < ctx.length; i++) {
      const el = Shape.contextElement(ctx[i - 1]?.type as Shape.Codec | undefined, (ctx[i] as t.ContextEntry).key)
      if (el !== undefined) path.push(el)
    }
    const last = ctx[ctx.length - 1]
    const message = e.message ?? expected(last?.type.name ?? 'a value', e.value)
    const issue = { path: showElements(path), message }
    const id = issue.path + '\u0000' + message
    if (!seen.has(id)) {
      seen.add(id)
      out.push(issue)
    }
  }
  return out
}

/** A value in a message: a `NumberValue` names the exact fields that read it. */
export const describe = (u: unknown): string =>
  u instanceof NumberValue ? `the number ${u.value} (no JS number holds it exactly: use Field.bigint or Field.decimal)` : show(u)

/** A codec's own code (its `is`, `encode` or `decode`) threw on the value at `path`. */
export const codecThrew = (path: string, e: unknown): DE.DynamoError => DE.validationError([{ path, message: `the codec threw: ${thrown(e)}` }])

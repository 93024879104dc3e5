/**
 * The read options as the reads of lib/run/read.ts take them (`readOnce`): the same options,
 * read in the same order, as `read(given, readOptionNames)` of lib/internal/optionNames.ts reads them
 * (an absent option `undefined`), the same refusal of what is not an object or has an own
 * option of another name (not `undefined`), and a throw while reading one the same `Left`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { read as readOptions } from '../../../lib/internal/optionNames.js'
import * as Read from '../../../lib/run/read.js'

const names = Read.readOptionNames.keys

/** `o` behind a Proxy that notes every name read, in order. */
const noting = (o: object, reads: string[]): object =>
  new Proxy(o, {
    get: (target, name, receiver) => {
      reads.push(String(name))
      return Reflect.get(target, name, receiver) as unknown
    },
  })

const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }))
const optionsArb = fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 })), value, { maxKeys: 16 })

test('readOnce reads what read(given, readOptionNames) reads, in the same order, to the same values', () => {
  fc.assert(
    fc.property(optionsArb, fc.boolean(), (o, inherited) => {
      const given = inherited ? Object.create(o) : o
      const a: string[] = []
      const b: string[] = []
      const once = Read.readOnce(noting(given, a) as never)
      const generic = readOptions(noting(given, b), Read.readOptionNames)
      assert.equal(a, b)
      // the own options of other names are read (an undefined one is absent) up to the first that is not undefined
      const others = Object.keys(given).filter((k) => !names.includes(k))
      const at = others.findIndex((k) => (given as Record<string, unknown>)[k] !== undefined)
      const other = others[at]
      if (other !== undefined) {
        // an own option of another name: the same refusal, naming it, before any option it takes is read
        assert.equal(once, generic)
        assert.ok(E.isLeft(once) && once.left._tag === 'ValidationError' && once.left.issues[0]?.path === other, other)
        assert.equal(a, others.slice(0, at + 1))
        return undefined
      }
      assert.equal(a, [...others, ...names])
      if (E.isLeft(once) || E.isLeft(generic)) return assert.unreachable('a Left')
      // Object.is: a NaN given is NaN read (uvu's `is` is `===`, false for NaN against NaN)
      for (const n of names) assert.ok(Object.is((once.right as Record<string, unknown>)[n], (generic.right as Record<string, unknown>)[n]), n)
      return undefined
    }),
    { numRuns: 1000 },
  )
})

test('readOnce: undefined, null, a list, a non-object and a throwing getter as read(given, readOptionNames)', () => {
  const throwing = { get pageSize(): number { throw new Error('boom') } }
  for (const given of [undefined, null, [], 3, 'x', true, throwing]) {
    assert.equal(Read.readOnce(given as never), readOptions(given as never, Read.readOptionNames), String(given))
  }
  assert.ok(E.isLeft(Read.readOnce(throwing as never)))
})

test.run()

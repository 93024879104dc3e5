/**
 * The one reader of io-ts codecs (`lib/codec/Shape.ts`): every io-ts combinator dynamongo
 * reads maps to its shape, and the views read from shapes (fields, list elements, stored
 * types, io-ts's context naming) agree with what the codecs do. Also: `stored` (and
 * `Field.stored`) writes nothing onto the codec it is given, and decode errors name no path
 * element for the parts of `exact` intersections, and elements of `readonly` lists as indexes (`r[1]`).
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as F from '../../../lib/codec/Field.js'
import * as FT from '../../../lib/codec/fieldType.js'
import * as Issues from '../../../lib/codec/issues.js'
import * as Shape from '../../../lib/codec/Shape.js'
import * as MF from '../../../lib/model/fields.js'
import { fieldCases } from '../../arb/fields.js'

// -- defects ---------------------------------------------------------------------------------

test('stored gives a new codec and leaves the one it is given as it was', () => {
  const given = t.string
  const keysBefore = Object.keys(given)
  const declared = FT.stored('N', given)
  assert.is.not(declared as unknown, given as unknown)
  assert.is(declared.storedAs, 'N')
  assert.equal(Object.keys(given), keysBefore)
  assert.not.ok('storedAs' in given)
  // the given codec keeps its own stored type, the new one has the declared one
  assert.is(MF.storedTypeOf(given), 'S')
  assert.is(MF.storedTypeOf(declared), 'N')
  // and the new codec is the given one in every other way
  assert.is(declared.name, given.name)
  assert.ok(declared.is('x'))
  assert.equal(declared.decode('x'), E.right('x'))
  assert.is(declared.encode('x'), 'x')
})

const pathsOf = <A>(codec: t.Type<A>, u: unknown): ReadonlyArray<string> => {
  const r = codec.decode(u)
  return E.isLeft(r) ? Issues.issuesOf(r.left).map((i) => i.path) : []
}

test('issuesOf: the parts of an exact intersection (Field.map with optional fields) and refinements are not path elements', () => {
  const codec = t.type({ address: F.map({ city: t.string }, { zip: t.string }) })
  assert.equal(pathsOf(codec, { address: { city: 3, zip: 4 } }), ['address.city', 'address.zip'])
  const refined = t.type({ r: t.refinement(t.array(t.string), (a) => a.length < 9) })
  assert.equal(pathsOf(refined, { r: ['a', 3] }), ['r[1]'])
})

test('issuesOf: elements of a readonly list are indexes', () => {
  const codec = t.type({ r: t.readonly(t.array(t.string)) })
  assert.equal(pathsOf(codec, { r: ['a', 3] }), ['r[1]'])
})


// -- every combinator to its shape -----------------------------------------------------------

const tagOf = (c: t.Mixed): string => Shape.of(c)._tag

test('type and partial are structs: their props, the required names; strict is exact of a type', () => {
  const props = { a: t.string, b: t.number }
  const ty = Shape.of(t.type(props))
  const pa = Shape.of(t.partial(props))
  if (ty._tag !== 'Struct' || pa._tag !== 'Struct') throw new Error('expected structs')
  assert.equal(Object.keys(ty.props), ['a', 'b'])
  assert.is(ty.props['a'], t.string as never)
  assert.equal([...ty.required], ['a', 'b'])
  assert.equal([...pa.required], [])
  assert.equal([ty.exact, pa.exact], [false, false])
  const st = Shape.of(t.strict(props))
  assert.is(st._tag, 'Exact')
  if (st._tag === 'Exact') assert.equal(Shape.of(st.of), { ...ty, codec: st.of })
  assert.equal([...(Shape.fields(t.strict(props))?.required ?? [])], ['a', 'b'])
})

test('intersection, exact, refinement, brand and Int are their own shapes over what they wrap', () => {
  const ty = t.type({ a: t.string })
  const i = Shape.of(t.intersection([ty, t.partial({ b: t.number })]))
  assert.is(i._tag, 'Intersection')
  if (i._tag === 'Intersection') assert.is(i.parts[0], ty as never)
  const x = Shape.of(t.exact(ty))
  assert.equal([x._tag, x._tag === 'Exact' && x.of === (ty as never)], ['Exact', true])
  const r = Shape.of(t.refinement(t.string, (s) => s.length > 1))
  assert.equal([r._tag, r._tag === 'Refinement' && r.of === (t.string as never)], ['Refinement', true])
  interface PositiveBrand {
    readonly Positive: unique symbol
  }
  const Positive = t.brand(t.number, (n): n is t.Branded<number, PositiveBrand> => n > 0, 'Positive')
  assert.is(tagOf(Positive), 'Refinement')
  assert.is(tagOf(t.Int), 'Refinement')
})

test('array, readonlyArray and Field.list are lists of their element; tuple and record have their shapes', () => {
  for (const c of [t.array(t.string), t.readonlyArray(t.string), F.list(t.string)]) {
    const s = Shape.of(c)
    assert.equal([s._tag, s._tag === 'List' && s.element === (t.string as never)], ['List', true])
  }
  assert.is(tagOf(t.tuple([t.string, t.number])), 'Tuple')
  const d = Shape.of(t.record(t.string, t.number))
  assert.equal([d._tag, d._tag === 'Dictionary' && d.codomain === (t.number as never)], ['Dictionary', true])
})

test('readonly is read through: the shape of what it wraps', () => {
  const ty = t.type({ a: t.string })
  assert.is(Shape.of(t.readonly(ty)), Shape.of(ty))
  assert.is(Shape.of(t.readonly(t.readonly(t.array(t.string))))._tag, 'List')
})

test('recursion is Recursive, its definition read when asked for; the views do not look into it', () => {
  type Tree = { readonly kids: ReadonlyArray<Tree> }
  let runs = 0
  const Tree: t.Type<Tree> = t.recursion('Tree', () => {
    runs++
    return t.type({ kids: t.readonlyArray(Tree) })
  })
  const s = Shape.of(Tree)
  assert.is(s._tag, 'Recursive')
  assert.is(runs, 0)
  if (s._tag === 'Recursive') assert.is(Shape.of(s.definition())._tag, 'Struct')
  assert.is(runs, 1)
  assert.is(Shape.fields(Tree), undefined)
  assert.is(Shape.element(t.recursion('L', () => t.array(t.string))), undefined)
  assert.is(Shape.stored(t.recursion('S', () => t.readonly(t.string, 'string'))), undefined)
  // io-ts names the children of what a recursion stands for
  assert.is(Shape.contextElement(t.recursion('L', () => t.array(t.string)), '0'), 0)
})

test('scalars and their stored types; unions; the rest is opaque', () => {
  const cases: ReadonlyArray<readonly [t.Mixed, string, Shape.Stored | undefined]> = [
    [t.string, 'Scalar', 'S'],
    [t.number, 'Scalar', 'N'],
    [t.bigint, 'Scalar', 'N'],
    [t.boolean, 'Scalar', 'BOOL'],
    [t.null, 'Scalar', 'NULL'],
    [t.literal('x'), 'Scalar', 'S'],
    [t.literal(1), 'Scalar', 'N'],
    [t.literal(true), 'Scalar', 'BOOL'],
    [t.keyof({ a: null, b: null }), 'Scalar', 'S'],
    [t.union([t.literal('a'), t.literal('b')]), 'Union', 'S'],
    [t.union([t.string, t.number]), 'Union', undefined],
    [t.refinement(t.number, (n) => n > 0), 'Refinement', 'N'],
    [t.Int, 'Refinement', 'N'],
    [t.unknown, 'Opaque', undefined],
    [t.undefined, 'Absent', undefined],
    [t.void, 'Absent', undefined],
    [t.UnknownRecord, 'Opaque', undefined],
    [new t.Type<Date, string>('D', (u): u is Date => u instanceof Date, (u, c) => t.failure(u, c), (d) => d.toISOString()), 'Opaque', undefined],
  ]
  for (const [codec, tag, stored] of cases) {
    assert.is(tagOf(codec), tag, codec.name)
    assert.is(Shape.stored(codec), stored, codec.name)
  }
})

test('Field codecs: scalars with the stored type they declare, taken as they are where decode is the check', () => {
  const cases: ReadonlyArray<readonly [string, t.Mixed, Shape.Stored | undefined, boolean]> = [
    ['string', F.string(), 'S', true],
    ['email', F.email, 'S', true],
    ['date', F.date, 'S', true],
    ['int', F.int(), 'N', true],
    ['float', F.float(), 'N', true],
    ['duration', F.duration, 'N', true],
    ['binary', F.binary, 'B', true],
    ['bigint', F.bigint, 'N', false],
    ['decimal', F.decimal, 'N', false],
    ['dateTime', F.dateTime, 'S', false],
    ['boolean', F.boolean, undefined, true],
    ['json', F.json, undefined, false],
    ['stringSet', F.stringSet, undefined, true],
  ]
  for (const [name, codec, stored, asIs] of cases) {
    const s = Shape.of(codec)
    assert.is(s._tag, stored === undefined ? 'Opaque' : 'Scalar', name)
    assert.is(s._tag === 'Scalar' && s.stored, stored ?? false, name)
    assert.is((s._tag === 'Scalar' || s._tag === 'Opaque') && s.asIs, asIs, name)
    // and says why a value is not one of its own
    assert.is((s._tag === 'Scalar' || s._tag === 'Opaque') && s.why?.(Symbol.iterator) !== undefined, true, name)
  }
  const plain = Shape.of(t.string)
  assert.is(plain._tag === 'Scalar' && plain.why, undefined)
  assert.is(tagOf(F.map({ a: t.string })), 'Exact')
  assert.equal(Object.keys(Shape.fields(F.map({ a: t.string }, { b: t.number }))?.props ?? {}), ['a', 'b'])
  assert.equal([...(Shape.fields(F.map({ a: t.string }, { b: t.number }))?.required ?? [])], ['a'])
  // every field case of the arbitraries is read, to a shape of a kind the reader knows
  for (const fcase of fieldCases) assert.ok(['Scalar', 'Opaque', 'List', 'Exact'].includes(tagOf(fcase.codec)), fcase.name)
})

test('a declared stored type wins, at any level; the codec it was declared on keeps its own', () => {
  const Id = t.refinement(t.string, (s) => s.length > 0, 'Id')
  assert.is(Shape.stored(FT.stored('B', Id)), 'B')
  assert.is(Shape.stored(Id), 'S')
  assert.is(Shape.stored(t.readonly(FT.stored('N', t.unknown))), 'N')
  assert.is(Shape.stored(t.union([FT.stored('N', t.unknown), t.number])), 'N')
  assert.is(tagOf(FT.stored('N', t.unknown)), 'Scalar')
  assert.is(tagOf(t.unknown), 'Opaque')
})

// -- views ------------------------------------------------------------------------------------

test('fields: through exact, refinement and intersection; the first part wins a shared name; required from type and strict parts', () => {
  const a1 = t.string
  const a2 = F.email
  const c = t.exact(t.intersection([t.type({ a: a1 }), t.partial({ a: a2, b: t.number }), t.refinement(t.strict({ c: t.string }), () => true) as unknown as t.TypeC<{ c: t.StringC }>]))
  const f = Shape.fields(c)
  assert.equal(Object.keys(f?.props ?? {}), ['a', 'b', 'c'])
  assert.is(f?.props['a'], a1 as never)
  assert.equal([...(f?.required ?? [])].sort(), ['a', 'c'])
  assert.is(Shape.fields(t.intersection([t.string, t.refinement(t.string, () => true)])), undefined)
  assert.is(Shape.fields(t.array(t.type({ a: t.string }))), undefined)
  // computed once per codec
  assert.is(Shape.fields(c), f)
  assert.is(Shape.of(c), Shape.of(c))
})

test('element: through refinement and readonly, not into structs', () => {
  assert.is(Shape.element(t.refinement(t.readonlyArray(t.number), (a) => a.length > 0)), t.number as never)
  assert.is(Shape.element(t.readonly(t.array(t.number))), t.number as never)
  assert.is(Shape.element(t.type({ a: t.array(t.number) })), undefined)
  assert.is(Shape.element(t.tuple([t.number])), undefined)
})

test('contextElement: how io-ts names a child in a validation context', () => {
  assert.is(Shape.contextElement(t.array(t.string), '2'), 2)
  assert.is(Shape.contextElement(t.tuple([t.string]), '0'), 0)
  assert.is(Shape.contextElement(t.readonly(t.array(t.string)), '1'), 1)
  assert.is(Shape.contextElement(t.intersection([t.type({}), t.type({})]), '0'), undefined)
  assert.is(Shape.contextElement(t.exact(t.intersection([t.type({}), t.type({})])), '1'), undefined)
  assert.is(Shape.contextElement(t.union([t.string, t.number]), '1'), undefined)
  assert.is(Shape.contextElement(t.type({ a: t.string }), 'a'), 'a')
  assert.is(Shape.contextElement(t.type({}), ''), undefined)
  assert.is(Shape.contextElement(undefined, 'a'), 'a')
})

test('a recursion that is its own definition, or wraps only itself, is read to an end (no view loops)', () => {
  const Self: t.Mixed = t.recursion('Self', (self) => self)
  assert.is(Shape.contextElement(Self, 'a'), 'a')
  const Wrapped: t.Mixed = t.recursion('Wrapped', (self): t.Mixed => t.refinement(self, () => true))
  assert.is(Shape.contextElement(Wrapped, '0'), '0')
})

// -- one description, agreeing interpreters ----------------------------------------------------

const positive = (u: unknown): boolean => typeof u !== 'number' || u > 0
const short = (u: unknown): boolean => typeof u !== 'string' || u.length < 3
const keys = ['a', 'b', 'c'] as const

interface Tree {
  readonly a?: number
  readonly kids: ReadonlyArray<Tree>
}
const Tree: t.Type<Tree> = t.recursion('Tree', () => t.intersection([t.type({ kids: t.readonlyArray(Tree) }), t.partial({ a: t.number })]))

/** Codecs of the combinators the reader reads, nested. */
const codecs: fc.Arbitrary<t.Mixed> = fc.letrec<{ codec: t.Mixed }>((tie) => ({
  codec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<t.Mixed>(t.string, t.number, t.boolean, t.null, t.literal('x'), t.Int, F.int({ min: 0 }), F.email, F.dateTime, F.stringSet, t.unknown),
    fc.record({ k: fc.subarray([...keys]), v: fc.array(tie('codec'), { minLength: 3, maxLength: 3 }), kind: fc.constantFrom('type', 'partial', 'strict', 'exact') }).map(({ k, v, kind }) => {
      const props = Object.fromEntries(k.map((key, i) => [key, v[i] as t.Mixed]))
      return kind === 'type' ? t.type(props) : kind === 'partial' ? t.partial(props) : kind === 'strict' ? t.strict(props) : t.exact(t.type(props))
    }),
    fc.tuple(tie('codec'), tie('codec')).map(([x, y]) => t.intersection([t.type({ a: x }), t.partial({ b: y })])),
    tie('codec').map((c) => t.array(c)),
    tie('codec').map((c) => t.readonlyArray(c)),
    tie('codec').map((c) => t.readonly(c)),
    tie('codec').map((c) => t.refinement(c, (u) => positive(u) && short(u), 'Refined')),
    fc.tuple(tie('codec'), tie('codec')).map(([x, y]) => t.union([x, y])),
    tie('codec').map((c) => t.record(t.string, c)),
    // io-ts names a recursion's definition after it: a readonly wrapper (read as the codec it wraps) takes the name, not the shared codec
    tie('codec').map((c) => t.recursion('R', (): t.Mixed => t.readonly(c, c.name) as t.Mixed)),
    fc.constant<t.Mixed>(Tree),
  ),
})).codec

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<unknown>('x', 'abcd', 'a@b.io', 1, -1, 1.5, 0, true, null, undefined, new Date(0), new Set(['a'])),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys, 'd', 'kids'), tie('v'), { maxKeys: 3 }),
  ),
})).v

test('explain finds no issue exactly when the codec takes the value, for nested codecs of every combinator (1,000 cases)', () => {
  const taken = { yes: 0, no: 0 }
  fc.assert(
    fc.property(codecs, value, (codec, u) => {
      const issues = Issues.explain(codec, u)
      taken[codec.is(u) ? 'yes' : 'no']++
      return (issues.length === 0) === codec.is(u)
    }),
    { seed: 17, numRuns: 1000 },
  )
  // both verdicts reached (fast-check counts a shrink's runs too: at least these)
  assert.ok(taken.yes > 50 && taken.no > 50, `values the codec takes and not: ${JSON.stringify(taken)}`)
})

test('the fields of a struct-like codec are the ones its decode keeps, and the required ones are those it demands', () => {
  let required = 0
  fc.assert(
    fc.property(codecs, (codec) => {
      const f = Shape.fields(codec)
      if (f === undefined) return true
      for (const k of Object.keys(f.props)) {
        const without = codec.decode({})
        // a required field of a codec that refuses undefined makes {} fail; an optional one never does
        if (!f.required.has(k)) continue
        if (!(f.props[k] as t.Mixed).is(undefined)) {
          assert.ok(E.isLeft(without), `${codec.name}: ${k} is required`)
          required++
        }
      }
      return true
    }),
    { seed: 19, numRuns: 500 },
  )
  assert.ok(required > 50, `${required} required fields checked`)
})

test('needs: a struct (through intersections, exact, refinements and unions of structs) needs a field exactly when an object without it does not decode; mayBeLeftOut agrees (1,000 cases)', () => {
  fc.assert(
    fc.property(codecs, codecs, (x, y) => {
      const parents: ReadonlyArray<t.Mixed> = [
        t.type({ f: x }),
        t.exact(t.type({ f: x, g: t.string })),
        t.intersection([t.type({ f: x }), t.type({ f: y })]),
        t.intersection([t.type({ f: x }), t.partial({ f: y })]),
        t.union([t.type({ f: x }), t.type({ f: y })]),
        t.union([t.type({ f: x }), t.partial({ g: y })]),
        t.union([t.type({ f: x }), t.string, t.undefined, t.array(y)]),
        t.refinement(t.type({ f: x }), () => true, 'Any'),
        // a record whose domain names its keys checks each (a missing one as undefined)
        t.record(t.literal('f'), x),
        t.record(t.union([t.literal('f'), t.literal('g')]), x),
        t.record(t.keyof({ f: null }), x),
        t.recursion('R', () => t.type({ f: x })),
        t.recursion('RR', (): t.Mixed => t.recursion('R', () => t.intersection([t.type({ f: x }), t.partial({ g: y })]))),
      ]
      for (const parent of parents) {
        const decodes = E.isRight(parent.decode(parent === parents[1] ? { g: 'g' } : {}))
        assert.is(Shape.needs(parent, 'f'), !decodes, parent.name)
      }
      assert.is(Shape.mayBeLeftOut(Shape.fields(t.type({ f: x })) as Shape.Fields, 'f'), E.isRight(t.type({ f: x }).decode({})), x.name)
      return true
    }),
    { seed: 23, numRuns: 1000 },
  )
})

test('needs: a tuple needs each of its elements (a remove moves the later ones down a place), not one past its end; a list or a record of any keys needs none; a recursion needs what it stands for; an opaque codec does not tell', () => {
  const pair = t.tuple([t.string, t.number])
  assert.ok(Shape.needs(pair, 0) && Shape.needs(pair, 1) && !Shape.needs(pair, 2))
  assert.ok(E.isLeft(pair.decode(['a'])) && E.isLeft(pair.decode([1])))
  assert.not.ok(Shape.needs(t.array(t.string), 0))
  assert.not.ok(Shape.needs(t.record(t.string, t.string), 'k'))
  assert.ok(Shape.needs(Tree, 'kids') && !Shape.needs(Tree, 'a'))
  assert.ok(E.isLeft(Tree.decode({ a: 1 })))
  // a recursion that stands only for itself, or wraps only itself, is read to an end
  assert.not.ok(Shape.needs(t.recursion('Self', (self) => self), 'f'))
  assert.not.ok(Shape.needs(t.recursion('Wrapped', (self): t.Mixed => t.refinement(self, () => true)), 'f'))
  assert.not.ok(Shape.needs(t.unknown, 'f'))
  assert.not.ok(Shape.needs(t.union([t.type({ f: t.string }), t.unknown]), 'f'))
  // a name is no child of a tuple, an index none of a struct
  assert.not.ok(Shape.needs(pair, 'f') || Shape.needs(t.type({ f: t.string }), 0))
})

test('child: through a recursion, the codec of what it stands for; none through one that stands only for itself', () => {
  const node = Shape.child(Tree, 'kids')
  assert.ok(node !== undefined && Shape.element(node) === Tree)
  assert.is(Shape.child(t.recursion('Self', (self) => self), 'f'), undefined)
  assert.is(Shape.child(t.recursion('Wrapped', (self): t.Mixed => t.refinement(self, () => true)), 'f'), undefined)
})

test('child: the codec of a struct field, a dictionary entry, a list or tuple element, through exact and refinements; none through a union', () => {
  const city = t.type({ city: t.string })
  assert.is(Shape.child(t.exact(t.type({ a: city })), 'a'), city)
  assert.is(Shape.child(t.record(t.string, city), 'k'), city)
  assert.is(Shape.child(t.refinement(t.record(t.string, city), () => true), 'k'), city)
  assert.is(Shape.child(t.array(city), 3), city)
  assert.is(Shape.child(t.tuple([t.string, city]), 1), city)
  assert.is(Shape.child(t.tuple([t.string, city]), 2), undefined)
  assert.is(Shape.child(t.union([city, t.type({ city: t.number })]), 'city'), undefined)
})

test.run()

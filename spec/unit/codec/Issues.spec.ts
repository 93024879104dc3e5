/**
 * What a `ValidationError` says was given: the value as written, not its JSON (in which NaN
 * and the infinities read as `null`, and -0 as `0`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as DE from '../../../lib/DynamoError.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Expression from '../../../lib/compile/Expression.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })

test('a number that is no string where a string belongs is named as given: NaN, Infinity, -Infinity, -0', () => {
  for (const [n, shown] of [[Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'Infinity'], [Number.NEGATIVE_INFINITY, '-Infinity'], [-0, '-0'], [1.5, '1.5']] as const) {
    const saved = Model.encode(User, { email: 'a@x.io', name: n } as never)
    assert.ok(E.isLeft(saved))
    assert.is(DE.show((saved as E.Left<DE.DynamoError>).left), `ValidationError: name: expected string, got ${shown}`)
    const key = Dynamo.explain(User, n as never)
    assert.ok(E.isLeft(key))
    assert.is(DE.show((key as E.Left<DE.DynamoError>).left), `ValidationError: email: expected string, got ${shown}`)
  }
})

test('a value holding such a number, or a bigint, is named as given at any depth; the rest as its JSON', () => {
  const cases: ReadonlyArray<readonly [unknown, string]> = [
    [[Number.NaN], '[NaN]'],
    [{ a: -0 }, '{"a":-0}'],
    [{ a: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1] }, '{"a":[Infinity,-Infinity,1]}'],
    [[1n, { b: -2n }], '[1n,{"b":-2n}]'],
    [{ s: 'NaN', n: null, d: new Date(0), x: 0 }, '{"s":"NaN","n":null,"d":"1970-01-01T00:00:00.000Z","x":0}'],
  ]
  for (const [given, shown] of cases) {
    const saved = Model.encode(User, { email: 'a@x.io', name: given } as never)
    assert.ok(E.isLeft(saved))
    assert.is(DE.show((saved as E.Left<DE.DynamoError>).left), `ValidationError: name: expected string, got ${shown}`)
  }
})

test("a value its field's codec does not take (a string for a Date, through a cast) is refused in the same words in a condition (after which value of it), an update and a key", () => {
  const Event = Model.make({ table: 'events', hashKey: 'at', codec: t.type({ at: Field.dateTime, when: Field.dateTime }) })
  const e = Event.attrs
  const said = (r: E.Either<DE.DynamoError, unknown>): string => {
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
    return (r as E.Left<DE.ValidationError>).left.issues.map((i) => i.message).join('; ')
  }
  const inCondition = said(Expression.condition(C.eq(e.when, '2024' as never)))
  const inUpdate = said(Expression.update([U.set(e.when, '2024' as never)]))
  const inKey = said(Dynamo.explain(Event, '2024' as never))
  // a condition's message says first which value of it is refused (Expression: comparedWith)
  assert.is(inCondition, `the value compared with it (=): ${inUpdate}`)
  assert.is(inKey, inUpdate)
})

test.run()

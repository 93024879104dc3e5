/**
 * `DynamoError.show`, golden: one line for each kind of error, as a log reads it (the tag,
 * then what the error says).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../lib/DynamoError.js'
import { show } from '../../lib/internal/show.js'
import * as Plan from '../../lib/plan/Plan.js'

test('show: each kind of error, its tag and what it says', () => {
  const shown = [
    DE.validationError([{ path: 'age', message: 'expected a number' }, { path: '', message: 'no key' }]),
    DE.schemaError('users: no hash key'),
    DE.expressionError('an empty projection'),
    DE.conditionalCheckFailed(),
    DE.notFound('users', { email: 'a@x.io', n: 3 }, 'absent'),
    DE.notFound('users', { email: 'a@x.io' }, 'failedCheck'),
    DE.transactionCanceled('Transaction cancelled', [{ index: 0, code: 'ConditionalCheckFailed' }, { index: 1, code: 'None' }]),
    DE.itemTooLarge(500_000),
    DE.configError('tablePrefix: expected a string, got number'),
    DE.awsError('ThrottlingException', 'Rate exceeded', true, undefined),
    DE.awsError('AccessDeniedException', 'denied', false, undefined),
    { ...(DE.awsError('TimeoutError', 'no answer within 300 ms', true, undefined) as DE.AwsError), outcome: 'unknown' as const },
  ].map(DE.show)
  assert.equal(shown, [
    'ValidationError: age: expected a number; no key',
    'SchemaError: users: no hash key',
    'ExpressionError: an empty projection',
    'ConditionalCheckFailed: The conditional request failed',
    'NotFound: no item in users with email = "a@x.io", n = 3',
    "NotFound: the item in users with email = \"a@x.io\" fails the strategy's checks",
    'TransactionCanceled: Transaction cancelled [0: ConditionalCheckFailed; 1: None]',
    "ItemTooLarge: the item takes 500000 bytes, over DynamoDB's limit of 409600",
    'ConfigError: tablePrefix: expected a string, got number',
    'AwsError ThrottlingException: Rate exceeded (retryable)',
    'AwsError AccessDeniedException: denied',
    'AwsError TimeoutError: no answer within 300 ms (outcome unknown: the write may have been applied) (retryable)',
  ])
})

test("NotFound's key as every message shows a key (Plan.show, a collection's item): name = value, a date by its ISO time (never the machine's local time), a bigint with its n, a name that is no identifier quoted", () => {
  const day = new Date('2024-03-01T00:00:00.000Z')
  assert.is(DE.show(DE.notFound('events', { day, n: 12345678901234567890n }, 'absent')), 'NotFound: no item in events with day = Date(2024-03-01T00:00:00.000Z), n = 12345678901234567890n')
  assert.is(DE.show(DE.notFound('t', { 'a, b=c': 'x' }, 'absent')), 'NotFound: no item in t with "a, b=c" = "x"')
  // a binary by its size, as Plan.show and a collection print a stored binary key
  assert.is(DE.show(DE.notFound('t', { id: new Uint8Array(6) }, 'absent')), 'NotFound: no item in t with id = <6 bytes>')
  const plan = { _tag: 'GetItem', table: 't', key: { id: { B: new Uint8Array(6) } } } as unknown as Plan.Plan
  assert.match(Plan.show(plan), /^ {2}key: id = <6 bytes>$/m)
})

test('show never throws, whatever it is given: a revoked Proxy, a Proxy whose every trap throws, an object whose conversions throw; through show, DynamoError.show, Plan.show and an error that carries one', () => {
  const revoked = Proxy.revocable({}, {})
  revoked.revoke()
  const boom = (): never => {
    throw new Error('boom')
  }
  const traps = { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom, apply: boom, construct: boom, defineProperty: boom, deleteProperty: boom, isExtensible: boom, preventExtensions: boom, set: boom, setPrototypeOf: boom }
  const trapping = new Proxy({}, traps)
  const listTrapping = new Proxy([], traps)
  const converting = { [Symbol.toPrimitive]: boom, toString: boom, valueOf: boom, toJSON: boom }
  for (const [what, u] of [['a revoked Proxy', revoked.proxy], ['a Proxy whose every trap throws', trapping], ['a list Proxy whose every trap throws', listTrapping], ['an object whose conversions throw', converting]] as const) {
    for (const [where, f] of [
      ['show', () => show(u)],
      ['DynamoError.show', () => DE.show(u as never)],
      ['DynamoError.draw', () => DE.draw(u as never)],
      ['Plan.show', () => Plan.show(u as never)],
      ['a NotFound of it', () => DE.show(DE.notFound('t', { id: u }, 'absent'))],
      ['a NotFound of it, drawn', () => DE.draw(DE.notFound('t', { id: u }, 'absent'))],
    ] as const) {
      let out: unknown
      assert.not.throws(() => {
        out = f()
      }, `${where} of ${what}`)
      assert.type(out, 'string', `${where} of ${what}`)
    }
  }
  // an error that carries one still reads as itself, the value described by what it is
  assert.is(DE.show(DE.notFound('t', { id: revoked.proxy }, 'absent')), 'NotFound: no item in t with id = an object')
  assert.is(show(revoked.proxy), 'an object')
})

test('TransactionCanceled: each reason once, per entry, as DynamoDB gives them (its message\'s own list of codes left out)', () => {
  const reasons = [
    { index: 0, code: 'None' },
    { index: 1, code: 'ConditionalCheckFailed', message: 'The conditional request failed' },
    { index: 2, code: 'TransactionConflict', message: 'Transaction is ongoing for the item' },
  ]
  const e = DE.transactionCanceled('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, TransactionConflict]', reasons)
  const shown = DE.show(e)
  assert.is(shown, 'TransactionCanceled: Transaction cancelled, please refer cancellation reasons for specific reasons [0: None; 1: ConditionalCheckFailed (The conditional request failed); 2: TransactionConflict (Transaction is ongoing for the item)]')
  for (const code of ['None', 'ConditionalCheckFailed', 'TransactionConflict']) assert.is(shown.split(code).length - 1, 1, code)
  assert.is(
    DE.draw(e),
    [
      'TransactionCanceled: Transaction cancelled, please refer cancellation reasons for specific reasons',
      '└─ [0] None',
      '└─ [1] ConditionalCheckFailed: The conditional request failed',
      '└─ [2] TransactionConflict: Transaction is ongoing for the item',
    ].join('\n'),
  )
  // a message that does not end with the reasons' codes is kept whole
  assert.is(DE.show(DE.transactionCanceled('cancelled [x]', [{ index: 0, code: 'None' }])), 'TransactionCanceled: cancelled [x] [0: None]')
})

test.run()

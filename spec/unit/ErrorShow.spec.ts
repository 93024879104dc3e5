/**
 * `DynamoError.show`, golden: one line for each kind of error, as a log reads it (the tag,
 * then what the error says).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../lib/DynamoError.js'

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
  ].map(DE.show)
  assert.equal(shown, [
    'ValidationError: age: expected a number; no key',
    'SchemaError: users: no hash key',
    'ExpressionError: an empty projection',
    'ConditionalCheckFailed: The conditional request failed',
    'NotFound: no item in users with email="a@x.io", n=3',
    "NotFound: the item in users with email=\"a@x.io\" fails the strategy's checks",
    'TransactionCanceled: Transaction cancelled [ConditionalCheckFailed, None]',
    "ItemTooLarge: the item takes 500000 bytes, over DynamoDB's limit of 409600",
    'ConfigError: tablePrefix: expected a string, got number',
    'AwsError ThrottlingException: Rate exceeded (retryable)',
    'AwsError AccessDeniedException: denied',
  ])
})

test.run()

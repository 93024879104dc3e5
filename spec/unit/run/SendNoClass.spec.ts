/**
 * `Dynamo.send` given an object with an `input` whose class cannot be read (cast through `any`:
 * no prototype, a `constructor` that is no class, a class without a name): no command of the
 * SDK, which names each command by its class. A `ValidationError` naming `command`, as for any
 * value that is no command, and nothing sent; never an error blaming the application's code for
 * dynamongo's own reading of the class.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

test('an object with an input and no readable class (no prototype, constructor 5, a nameless class): a ValidationError naming command, nothing sent', async () => {
  const nameless = class {}
  Object.defineProperty(nameless, 'name', { value: undefined })
  const given: ReadonlyArray<readonly [string, unknown]> = [
    ['no prototype', Object.assign(Object.create(null) as object, { input: { TableName: 'users' } })],
    ['constructor 5', { input: { TableName: 'users' }, constructor: 5 }],
    ['a class without a name', Object.assign(new nameless(), { input: { TableName: 'users' } })],
  ]
  for (const [what, command] of given) {
    const { env, sent } = counting()
    const r = await Dynamo.send(command as never)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === 'command'), `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
    assert.is(sent.length, 0, `${what}: sent ${sent.length}`)
  }
})

test("a command whose clientCommand is a Proxy whose traps throw: a ValidationError naming command, nothing sent; never the application's code blamed for dynamongo's reading", async () => {
  const trapped = new Proxy({}, { get: () => { throw new Error('trapped') }, has: () => { throw new Error('trapped') }, getPrototypeOf: () => { throw new Error('trapped') } })
  const command = Object.assign(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }), { clientCommand: trapped })
  const { env, sent } = counting()
  const r = await Dynamo.send(command)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path === 'command'), E.isLeft(r) ? DE.show(r.left) : 'Right')
  assert.is(sent.length, 0, `sent ${sent.length}`)
})

test.run()

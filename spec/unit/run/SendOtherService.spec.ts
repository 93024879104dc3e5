/**
 * `Dynamo.send` takes commands of DynamoDB (DESIGN §5.5). A command of another AWS service, cast
 * through `any` (its types refuse it), is a `ValidationError` naming `command` before any
 * request: sent through the DynamoDB client it was signed with the Env's credentials, posted to
 * DynamoDB's endpoint, and its answer read by the other service's reader (an endpoint answering
 * `{}` made an STS AssumeRoleWithWebIdentity a `Right` without credentials). A command is told by
 * the service its schema names (a document client's by the command it wraps); DynamoDB's own,
 * and a document client's, are sent.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/nested-clients/sts'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { emptyEndpoint } from '../../harness/emptyEndpoint.js'

test("a command of another service (STS's, cast through any): a ValidationError naming command, nothing sent; DynamoDB's own and a document client's are sent", async () => {
  const ep = await emptyEndpoint()
  try {
    const env = Env.make({ endpoint: ep.endpoint, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 })
    const sts = new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::123456789012:role/app', RoleSessionName: 'app', WebIdentityToken: 'token' })
    const r = await Dynamo.send(sts as any)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && /command/.test(DE.show(r.left)) && /com\.amazonaws\.sts/.test(DE.show(r.left)), E.isLeft(r) ? DE.show(r.left) : 'Right')
    assert.is(ep.received(), 0)
    assert.ok(E.isRight(await Dynamo.send(new ListTablesCommand({}))(env)()))
    assert.ok(E.isRight(await Dynamo.send(new GetCommand({ TableName: 'users', Key: { id: 'a' } }))(env)()))
    assert.is(ep.received(), 2)
  } finally {
    ep.close()
  }
})

test.run()

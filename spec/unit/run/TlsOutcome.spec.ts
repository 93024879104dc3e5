/**
 * A TLS handshake that fails ends a request before it is sent: the HTTP request is written only
 * once the connection is secured, so nothing of it reaches the endpoint (DESIGN §5.5: `not-written`
 * when every attempt ended before reaching DynamoDB). A certificate the client refuses (self-signed,
 * expired, of another host) or a server that speaks no TLS on an https endpoint (OpenSSL's "wrong
 * version number") was `unknown`: every entry of a batch to read back, and a write's error saying
 * it may have been applied. A TLS error that may come once the connection carried data (a bad
 * record) stays `unknown`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { outcomeOf } from '../../../lib/run/send.js'
import { emptyEndpoint } from '../../harness/emptyEndpoint.js'

const M = Model.make({ table: 'things', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const tlsError = (code: string, message: string) => Object.assign(new Error(message), { code })

test('outcomeOf: a certificate refused, or a handshake with no TLS server, is not-written; a TLS error once data may have flowed is unknown', () => {
  const cases: ReadonlyArray<[unknown, string]> = [
    [tlsError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'not-written'],
    [tlsError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 'not-written'],
    [tlsError('CERT_HAS_EXPIRED', 'certificate has expired'), 'not-written'],
    [tlsError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), 'not-written'],
    [tlsError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'not-written'],
    [tlsError('EPROTO', 'write EPROTO 0A00010B:SSL routines:ssl3_get_record:wrong version number'), 'not-written'],
    [tlsError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'not-written'],
    [tlsError('EPROTO', 'read EPROTO 0A000119:SSL routines:ssl3_get_record:decryption failed or bad record mac'), 'unknown'],
  ]
  for (const [e, outcome] of cases) assert.is(outcomeOf(e), outcome, (e as Error).message)
})

test('an https endpoint whose server speaks no TLS: nothing reaches it; saveMany entries not-written, saveOne a Left without outcome unknown', async () => {
  const ep = await emptyEndpoint()
  try {
    const env = Env.make({ endpoint: ep.endpoint.replace('http:', 'https:'), credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 2, sleep: async () => undefined })
    const many = await Dynamo.saveMany(M, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }])(env)()
    assert.ok(E.isRight(many) && many.right.fail.length === 2, JSON.stringify(many))
    if (E.isRight(many)) for (const f of many.right.fail) assert.is(f.outcome, 'not-written', DE.show(f.error))
    const one = await Dynamo.saveOne(M, { id: 'a', n: 1 })(env)()
    assert.ok(E.isLeft(one) && one.left._tag === 'AwsError' && one.left.outcome === undefined, E.isLeft(one) ? DE.show(one.left) : 'Right')
    assert.is(ep.received(), 0)
  } finally {
    ep.close()
  }
})

test.run()

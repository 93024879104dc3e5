/**
 * The lifecycle models' tables (`Plain`, `Doc`) through a proxy that drops the first answer to
 * each write of `targets` to one key, item, transaction or batch after DynamoDB Local applied it
 * (a retry of it is answered): the lost answers of LostAnswer.spec and LostAnswerMany.spec.
 */
import * as Dynamo from '../../lib/run/Dynamo.js'
import type * as Env from '../../lib/run/Env.js'
import { Doc, NOW, Plain } from './lifecycle.js'
import { local } from './local.js'
import { proxy, type Proxy } from './proxy.js'
import { envAt, fixture, ok, rawGetPlain, S, type Fixture } from './models.js'

export interface Lossy {
  /** The fixture, its Env talking to Local directly. */
  readonly f: Fixture
  /** An Env through the proxy (three attempts, no backoff). */
  readonly env: Env.Env
  readonly p: Proxy
  /** The stored `Plain` item of `id`, read raw. */
  readonly stored: (id: string) => Promise<Record<string, unknown> | undefined>
}

export const lossy = async (label: string, targets: ReadonlyArray<string>): Promise<Lossy> => {
  const f = await fixture(label, { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Plain))
  await ok(f.env, Dynamo.createTable(Doc))
  const db = await local()
  const firsts = new Set<string>()
  const px = await proxy(db.endpoint, (x) => {
    if (!targets.includes(x.target)) return 'forward'
    const key = JSON.stringify([x.target, x.body['TableName'], x.body['Key'] ?? x.body['Item'] ?? x.body['TransactItems'] ?? x.body['RequestItems']])
    if (firsts.has(key)) return 'forward'
    firsts.add(key)
    return 'drop-answer'
  })
  const env = envAt(f, px.endpoint, { now: () => NOW })
  return { f, env, p: px, stored: (id) => rawGetPlain(f.client, f.table(Plain), { id: S(id) }) }
}

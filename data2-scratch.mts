import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from './lib/run/Dynamo.js'
import * as Env from './lib/run/Env.js'
import * as Model from './lib/model/Model.js'
import { createServer } from 'node:net'
const srv = createServer(); await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
const port = (srv.address() as any).port; srv.close()
const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })
let reqs = 0
const env = Env.make({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, on: () => { reqs++ } } as any)
const N = Number(process.argv[2] ?? 5000)
const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ Item: { id: { S: `u${i}` } } }))
const t0 = Date.now()
const r = await Dynamo.load(User, lines, { onProgress: (p) => { if (p.done % 1000 < 100) console.log('progress', p, Date.now() - t0, 'ms', reqs, 'requests') } })(env)()
console.log(Date.now() - t0, 'ms', reqs, 'requests', E.isLeft(r) ? r.left : { written: r.right.written, fail: r.right.fail.length, first: r.right.fail[0] })

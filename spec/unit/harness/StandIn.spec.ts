/**
 * The spec harness's stand-in endpoint (`serving`): a request body is decoded whole, so a
 * character whose bytes come in two chunks reaches `answer` as sent; a body that is no JSON object is
 * answered 400, and the process serving it goes on. On loopback, a free port.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { request } from 'node:http'
import { serving } from '../../harness/standIn.js'

/** POSTs `chunks` to `url` (chunked: each chunk its own piece of the body); the status and body answered. */
const post = (url: string, chunks: ReadonlyArray<Buffer>): Promise<{ readonly status: number; readonly body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem', 'content-type': 'application/x-amz-json-1.0' } }, (res) => {
      res.setEncoding('utf8')
      let body = ''
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    for (const c of chunks) req.write(c)
    req.end()
  })

test('a character whose bytes come in two chunks reaches the answer whole', async () => {
  const seen: Array<unknown> = []
  const s = await serving((target, input) => (seen.push([target, input]), { status: 200, body: {} }))
  try {
    const bytes = Buffer.from(JSON.stringify({ TableName: 'things', Item: { name: { S: 'Zoë €' } } }))
    const at = bytes.indexOf(Buffer.from('ë')) + 1 // inside ë's two bytes
    const r = await post(s.endpoint, [bytes.subarray(0, at), bytes.subarray(at)])
    assert.is(r.status, 200)
    assert.equal(seen, [['PutItem', { TableName: 'things', Item: { name: { S: 'Zoë €' } } }]])
  } finally {
    await s.close()
  }
})

test('a body that is no JSON object: answered 400 SerializationException, the answer not asked; the stand-in serves the next request', async () => {
  let asked = 0
  const s = await serving(() => (asked++, { status: 200, body: { ok: true } }))
  try {
    for (const body of ['{"TableName": ', 'null', '3', '[]']) {
      const r = await post(s.endpoint, [Buffer.from(body)])
      assert.is(r.status, 400, body)
      assert.match(r.body, /SerializationException/)
    }
    assert.is(asked, 0)
    const next = await post(s.endpoint, [Buffer.from('{}')])
    assert.equal([next.status, JSON.parse(next.body), asked], [200, { ok: true }, 1])
  } finally {
    await s.close()
  }
})

test.run()

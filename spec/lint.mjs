#!/usr/bin/env node
// `npm run lint`: the project's design rules, checked mechanically (DESIGN.md §1, STYLE.md),
// on top of the strict type check (`npm run typecheck`). Prints each breach; exits 1 if any.
//  1. Pure modules import no SDK client: only `import type` from @aws-sdk/client-dynamodb
//     outside the I/O modules (Dynamo, Env, internal/send, internal/batch, internal/retry, local/).
//  2. lib/ throws only in `absurd` (unreachable) and Model's SchemaException (definition time);
//     local/ (the embedded DynamoDB Local starter) is outside the library's error contract.
//  3. lib/ never logs (no console.*).
//  4. lib/index.ts does not export lib/local (a dev-only helper).
//  5. Dependencies are pinned exactly (no ^, ~, ranges or tags).
//  6. No spec is focused (`.only`) or left behind with `.skip` unnoticed.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const breaches = []
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : []
  })
const rel = (p) => relative(root, p)
const io = new Set(['lib/run/Dynamo.ts', 'lib/run/Env.ts', 'lib/run/send.ts', 'lib/run/batch.ts', 'lib/run/pages.ts', 'lib/run/retry.ts'])

for (const file of walk(join(root, 'lib'))) {
  const name = rel(file)
  const src = readFileSync(file, 'utf8')
  const local = name.startsWith('lib/local/')
  // 1. value imports of the SDK client package
  if (!io.has(name) && !local) {
    for (const m of src.matchAll(/^import\s+(?!type\b)([^;]*?)from\s+'@aws-sdk\/client-dynamodb'/gms)) {
      const names = m[1].replace(/[{}\s]/g, '').split(',').filter((n) => n !== '' && !n.startsWith('type'))
      if (names.length > 0) breaches.push(`${name}: a pure module imports values from @aws-sdk/client-dynamodb (${names.join(', ')}): use \`import type\``)
    }
  }
  src.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '')
    if (/^\s*\*/.test(line)) return
    // 2. throws
    if (!local && /\bthrow\b/.test(code)) {
      const prev = src.split('\n').slice(Math.max(0, i - 2), i + 1).join('\n')
      const allowed = /const absurd = /.test(prev) || (name === 'lib/model/Model.ts' && /SchemaException/.test(code))
      if (!allowed) breaches.push(`${name}:${i + 1}: a throw in the library (errors are values): ${line.trim()}`)
    }
    // 3. logging
    if (!local && /\bconsole\.\w+\(/.test(code)) breaches.push(`${name}:${i + 1}: the library logs: ${line.trim()}`)
  })
}

// 4. the public surface
if (/local\//.test(readFileSync(join(root, 'lib/index.ts'), 'utf8'))) breaches.push('lib/index.ts exports lib/local (a dev-only helper)')

// 5. exact pins
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
for (const [k, v] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(v)) breaches.push(`package.json: ${k}@${v} is not pinned exactly`)
}

// 6. focused or skipped specs
for (const file of walk(join(root, 'spec'))) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/\b(test|suite|\w+)\.(only|skip)\(/.test(line) && !/^\s*(\/\/|\*)/.test(line)) breaches.push(`${rel(file)}:${i + 1}: a focused or skipped spec: ${line.trim()}`)
    })
}

for (const b of breaches) console.log(b)
console.log(breaches.length === 0 ? 'lint: ok (design rules hold)' : `lint: ${breaches.length} breach(es)`)
process.exit(breaches.length === 0 ? 0 : 1)

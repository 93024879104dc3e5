#!/usr/bin/env node
// The part of `npm run lint` that ESLint (eslint.config.js) does not cover: package.json's
// dependencies are pinned exactly (no ^, ~, ranges or tags), so every install resolves the
// versions the specs and the bench ran with. Prints each breach; exits 1 if any.
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const breaches = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter(([, v]) => !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(v))
  .map(([k, v]) => `package.json: ${k}@${v} is not pinned exactly`)

for (const b of breaches) console.log(b)
console.log(breaches.length === 0 ? 'lint: dependencies pinned exactly' : `lint: ${breaches.length} breach(es)`)
process.exit(breaches.length === 0 ? 0 : 1)

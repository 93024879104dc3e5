/**
 * `npm run fuzz`: the differential of `Evaluate` against DynamoDB Local, at scale —
 * 10,000 condition trees over batches of 100 generated items and 5,000 generated updates
 * (fixed seeds; a failing case is shrunk). Prints the counts and each mismatch.
 *
 *   npm run fuzz                      the full run
 *   npm run fuzz -- --trees 1000 --updates 500 --seed 7
 */
import { started } from './harness/local.js'
import * as diff from './harness/differential.js'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i === -1 ? undefined : Number(process.argv[i + 1])
  return v === undefined || Number.isNaN(v) ? fallback : v
}

const trees = arg('trees', 10_000)
const updates = arg('updates', 5_000)
const seed = arg('seed', 20_261_121)
const itemsPerBatch = 100
const treesPerBatch = Math.min(trees, 250)

const db = await started()
const counts = diff.emptyCounts()
const findings: diff.Finding[] = []
const t0 = Date.now()
try {
  await diff.runConditions(db.client, { seed, batches: Math.ceil(trees / treesPerBatch), itemsPerBatch, treesPerBatch }, counts, findings)
  const t1 = Date.now()
  console.log(`conditions: ${((t1 - t0) / 1000).toFixed(1)} s`)
  await diff.runUpdates(db.client, { seed, updates }, counts, findings)
  console.log(`updates: ${((Date.now() - t1) / 1000).toFixed(1)} s`)
} finally {
  await db.stop()
}
for (const f of findings) console.log(`\nMISMATCH ${f.text}`)
console.log(`\n${diff.showCounts(counts)}`)
process.exit(counts.mismatches === 0 ? 0 : 1)

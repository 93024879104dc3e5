/**
 * The differential of `Evaluate` against DynamoDB Local (fast-check, fixed seeds, shrinking):
 * 1,000 generated condition trees, each over 100 generated items (a Scan with the compiled
 * filter per tree), and 500 generated updates (`UpdateItem` with `ReturnValues: ALL_NEW` on
 * a fresh copy of a generated item), and 400 generated trees as the condition of a PutItem
 * (on stored items, and on an absent item, which a Scan cannot show). Verdicts, results and
 * failures must be identical.
 * `npm run fuzz` runs the same at 10× the size.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as diff from '../harness/differential.js'
import { local } from '../harness/local.js'

const report = (what: string, counts: diff.Counts, findings: ReadonlyArray<diff.Finding>): void => {
  console.log(`\n${what}\n${diff.showCounts(counts)}`)
  assert.is(counts.mismatches, 0, findings.map((f) => f.text).join('\n\n'))
}

test('conditions: Evaluate.condition and a DynamoDB Scan agree on 1,000 trees × 100 items', async () => {
  const db = await local()
  const counts = diff.emptyCounts()
  const findings: diff.Finding[] = []
  await diff.runConditions(db.client, { seed: 5_001, batches: 10, itemsPerBatch: 100, treesPerBatch: 100, concurrency: 3 }, counts, findings)
  assert.is(counts.trees, 1_000)
  assert.is(counts.evaluations, 100_000)
  report('conditions', counts, findings)
})

test('updates: Evaluate.update and UpdateItem (ALL_NEW) agree on 500 updates, errors included', async () => {
  const db = await local()
  const counts = diff.emptyCounts()
  const findings: diff.Finding[] = []
  await diff.runUpdates(db.client, { seed: 5_002, updates: 500 }, counts, findings)
  assert.is(counts.updates, 500)
  report('updates', counts, findings)
})

test('write conditions: Evaluate.condition and a conditional PutItem agree on 400 trees, each on 5 stored items and on an absent item', async () => {
  const db = await local()
  const counts: diff.WriteConditionCounts = { trees: 0, stored: 0, absent: 0, held: 0, refusedByBoth: 0, mismatches: 0 }
  const findings: diff.Finding[] = []
  await diff.runWriteConditions(db.client, { seed: 5_003, trees: 400, items: 50, itemsPerTree: 5 }, counts, findings)
  console.log(`\nwrite conditions\n${JSON.stringify(counts)}`)
  assert.is(counts.trees, 400)
  assert.is(counts.mismatches, 0, findings.map((f) => f.text).join('\n\n'))
})

test.run()

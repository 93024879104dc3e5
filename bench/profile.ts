/**
 * Summarize a V8 CPU profile (`node --cpu-prof`): the functions with the most self time
 * and the most inclusive time, as percentages of the samples.
 *
 *   node --cpu-prof --cpu-prof-dir=.bench-out/prof .bench-out/bundle/child.mjs loop 'W3 query' dynamongo 5
 *   npx tsx bench/profile.ts .bench-out/prof/<file>.cpuprofile [top=30] [only functions whose location contains this]
 */
import { readFileSync } from 'node:fs'

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const [file, topArg, filter] = process.argv.slice(2)
if (file === undefined) throw new Error('usage: profile.ts <file.cpuprofile> [top] [filter]')
const top = Number(topArg ?? 30)
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const label = (n: Node): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`

const selfById = new Map<number, number>()
let total = 0
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0
  selfById.set(id, (selfById.get(id) ?? 0) + dt)
  total += dt
})
const self = new Map<string, number>()
const incl = new Map<string, number>()
for (const [id, t] of selfById) {
  const n = byId.get(id) as Node
  self.set(label(n), (self.get(label(n)) ?? 0) + t)
  const seen = new Set<string>()
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(byId.get(cur) as Node)
    if (!seen.has(k)) {
      seen.add(k)
      incl.set(k, (incl.get(k) ?? 0) + t)
    }
  }
}
const print = (m: Map<string, number>, title: string): void => {
  console.log(`\n== ${title} (of ${(total / 1000).toFixed(0)} ms sampled)`)
  ;[...m]
    .filter(([k]) => filter === undefined || k.includes(filter) || k.startsWith('(garbage'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, t]) => console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`))
}
print(self, 'self time')
print(incl, 'inclusive time')

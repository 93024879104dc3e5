/**
 * The statistics of the paired benches (pagePaired, decodePaired, runtimePaired): quantiles,
 * the 10% trimmed mean, a process's CPU time, and 95% bootstrap intervals over rounds, drawn
 * with their pairs.
 */

export const sorted = (xs: ReadonlyArray<number>): number[] => [...xs].sort((a, b) => a - b)

/** The `q` quantile of `xs` (the lower of two middle values). */
export const at = (xs: ReadonlyArray<number>, q: number): number => sorted(xs)[Math.floor((xs.length - 1) * q)] as number

export const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** The mean of `xs` without its lowest and highest tenth. */
export const trimmedMean = (xs: ReadonlyArray<number>): number => {
  const s = sorted(xs)
  const cut = Math.floor(s.length / 10)
  return mean(s.slice(cut, s.length - cut))
}

/** The CPU time (user and system) of this process so far, in µs. */
export const cpuUs = (): number => {
  const u = process.cpuUsage()
  return u.user + u.system
}

/** `f` of paired values `d` (one a round), with its 95% bootstrap interval of `draws` resamplings. */
export const bootstrap = (d: ReadonlyArray<number>, f: (xs: ReadonlyArray<number>) => number, draws = 400): { readonly value: number; readonly low: number; readonly high: number } => {
  const boot = Array.from({ length: draws }, () => f(d.map(() => d[Math.floor(Math.random() * d.length)] as number)))
  return { value: f(d), low: at(boot, 0.025), high: at(boot, 0.975) }
}

/** `b`'s figure over `a`'s by `f`, and its 95% bootstrap interval (rounds drawn with their pairs). */
export const pairedRatio = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, f: (xs: ReadonlyArray<number>) => number, draws = 1000): string => {
  const boot: number[] = []
  for (let k = 0; k < draws; k++) {
    const as: number[] = []
    const bs: number[] = []
    for (let i = 0; i < a.length; i++) {
      const j = Math.floor(Math.random() * a.length)
      as.push(a[j] as number)
      bs.push(b[j] as number)
    }
    boot.push(f(bs) / f(as))
  }
  return `${(f(b) / f(a)).toFixed(3)} (${at(boot, 0.025).toFixed(3)}–${at(boot, 0.975).toFixed(3)})`
}

/**
 * The order of round `r`'s contenders: rotated by `r / 2` (rounded down), reversed every other
 * round, so that over `2 × xs.length` rounds each contender takes each place equally often (no
 * contender always first or always after another). Rotated by `r` with an even number of
 * contenders, the reversal undid the rotation: two contenders always ran in the same order.
 */
export const roundOrder = <A>(xs: ReadonlyArray<A>, r: number): A[] => {
  const k = Math.floor(r / 2) % xs.length
  const order = [...xs.slice(k), ...xs.slice(0, k)]
  return r % 2 === 0 ? order : order.reverse()
}

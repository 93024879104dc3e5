/**
 * The command line's progress bar: items done, the rate, and (when DynamoDB's approximate item
 * count is known) a bar and an ETA; drawn with `cli-progress` on `stream` only when it is a
 * terminal that can move its cursor and the process runs in no CI, else nothing is drawn.
 */
import cliProgress from 'cli-progress'
import type { ItemProgress } from '../run/data.js'

export interface Bar {
  readonly update: (p: ItemProgress) => void
  readonly stop: () => void
}

const silent: Bar = { update: () => undefined, stop: () => undefined }

/**
 * Whether `env` says the process runs in CI (`CI` set, to anything but '', 'false' or '0', as
 * runners set it): a runner that gives a pseudo-terminal (docker -t, some runners' shells)
 * keeps its log, where each redraw of a bar is one more line.
 */
const inCi = (env: Readonly<Record<string, string | undefined>>): boolean => {
  const ci = env['CI']
  return ci !== undefined && !['', 'false', '0'].includes(ci.toLowerCase())
}

/**
 * A bar on `stream` for about `total` items (`undefined`: unknown, no bar or ETA, only the count
 * and rate); drawn only on a terminal, not one that says it cannot move its cursor
 * (`TERM=dumb`), nor in CI (`env`).
 */
export const bar = (stream: NodeJS.WriteStream, total: number | undefined, env: Readonly<Record<string, string | undefined>>): Bar => {
  if (stream.isTTY !== true || env['TERM'] === 'dumb' || inCi(env)) return silent
  const known = total !== undefined && total > 0
  const b = new cliProgress.SingleBar(
    {
      stream,
      format: known ? '{bar} {value}/{total} items | {rate} items/s | ETA {eta_formatted}' : '{value} items | {rate} items/s',
      etaBuffer: 50,
      // no terminal mode is changed (the cursor hidden, line wrap turned off): a process ended
      // at any point (Ctrl-C of a dump, SIGKILL) leaves none to restore; with line wrap on,
      // cli-progress cuts the line to the terminal's width itself
      hideCursor: false,
      linewrap: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  )
  const started = Date.now()
  let running = false
  let stopped = false
  return {
    update: (p) => {
      if (stopped) return
      const rate = Math.round(p.done / Math.max(0.001, (Date.now() - started) / 1000))
      if (!running) {
        running = true
        b.start(known ? Math.max(total, p.done) : 0, p.done, { rate })
        return
      }
      // the approximate count may be short of the truth: the bar grows rather than overflows
      if (known && p.done > b.getTotal()) b.setTotal(p.done)
      b.update(p.done, { rate })
    },
    stop: () => {
      if (running && !stopped) b.stop()
      stopped = true
    },
  }
}

/**
 * What a read asks of the planner besides `Plan.Options`: kept out of the public options, as
 * only the reads of `run/read.ts` know when they are split in segments.
 *
 * @module
 */
import type { Options } from './Plan.js'

/** `Plan.Options`, and whether the read is split in segments. */
export interface SplitOptions extends Options {
  /**
   * `true`: the read is split in segments, which only a Scan is: an `isIn` on a range key is
   * not bounded into a Query of its partition (`Query.check`); it stays in the Scan's filter.
   */
  readonly segmented?: true
}

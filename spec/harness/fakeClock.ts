/** A clock that moves only when slept on (and by `advance`), recording every sleep: pacing specs assert the waits asked for, never elapsed time. */
export const fakeClock = () => {
  let t = 0
  const sleeps: number[] = []
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    },
    advance: (ms: number) => {
      t += ms
    },
    sleeps,
  }
}

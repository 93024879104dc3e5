/**
 * The process's environment as a spec needs it, and as it was after: the SDK reads some of its
 * settings from `process.env` as a client is built.
 */

/**
 * Runs `f` with `vars` as the only ones of `names` set (the others of `names` unset), then puts
 * each of `names` back as it was (unset, or its value), however `f` ends.
 */
export const withEnv = async <T>(names: ReadonlyArray<string>, vars: Readonly<Record<string, string>>, f: () => Promise<T> | T): Promise<T> => {
  const before = names.map((n) => process.env[n])
  for (const n of names) delete process.env[n]
  Object.assign(process.env, vars)
  try {
    return await f()
  } finally {
    names.forEach((n, i) => {
      const v = before[i]
      if (v === undefined) delete process.env[n]
      else process.env[n] = v
    })
  }
}

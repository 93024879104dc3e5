/** `true` when `A` and `B` are the same type (not merely assignable one to the other). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Compiles only when its type argument is `true`: `expect<Equals<typeof x, User>>()`. */
export const expect = <T extends true>(): T | undefined => undefined

/**
 * The characters a terminal acts on or that reorder what it shows, beyond C0 (U+0000-U+001F,
 * which `JSON.stringify` escapes already): DEL, C1 (U+0080-U+009F: U+009B is a CSI of its own
 * to some terminals), the bidirectional marks (U+061C, U+200E, U+200F), overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069), and the line and paragraph separators (U+2028, U+2029).
 * A character class's body, for `RegExp`.
 */
export const beyondC0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069'

/** `c` (one UTF-16 code unit) as its JSON escape: `\u001b`. */
export const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * A copy of a string that holds no reference to the text it was cut from.
 *
 * V8 makes a slice of 13 or more characters a view into its parent string, so a value cut from a
 * response body keeps the whole body alive for as long as the value is kept (the leak-trace
 * index holds its values for a whole input; samples and key caches for longer). Values read off
 * the text (sensitive/scan-json.ts `scanJsonText`) pass through here wherever they are kept.
 * Appending a character and slicing it off again makes V8 flatten the concatenation into a new
 * string first, so the result points into that copy, not into the body. Shorter strings are
 * always copied by `slice` itself.
 *
 *   detach(body.slice(10, 28))   // '11010519491231002X', the body can be collected
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

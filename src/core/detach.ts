/**
 * A copy of a string that holds no reference to the text it was cut from.
 *
 * V8 makes a slice of 13 or more characters a view into its parent string, so a value cut from a
 * response body keeps the whole body alive for as long as the value is kept (the leak-trace
 * index holds its values for a whole input; samples and key caches for longer). Values read off
 * the text (sensitive/scan-json.ts `scanJsonText`) pass through here wherever they are kept.
 * A JSON round trip makes a new flat string of exactly the value (any string survives it, lone
 * surrogates too); appending a character and slicing it off again also cuts the tie, but leaves a
 * view into a copy, ~30 bytes more per value. Measured on 330,000 values of 18 characters: ~70 ms
 * for the round trip. Shorter strings are always copied by `slice` itself.
 *
 *   detach(body.slice(10, 28))   // '11010519491231002X', the body can be collected
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

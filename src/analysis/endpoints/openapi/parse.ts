/**
 * Spec text → plain data, or a located error. Specs are untrusted input (users point `guanlan diff`
 * at whatever file they have), so this returns a result and never throws.
 */
import { parseDocument } from 'yaml';

export type ParsedText = { ok: true; value: unknown } | { ok: false; where?: string; message: string };

/** `line L, column C` (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lastNl = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return `line ${line}, column ${end - lastNl}`;
}

export function parseSpecText(text: string): ParsedText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body);
  if (!first) return { ok: false, message: 'the document is empty' };
  // JSON goes through JSON.parse: YAML would read it too, but 10× slower on megabyte specs.
  if (first[0] === '{' || first[0] === '[') {
    try {
      return { ok: true, value: JSON.parse(body) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const pos = /at position (\d+)/.exec(message);
      const clean = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ at position \d+/, '');
      return { ok: false, where: pos ? lineColumn(body, Number(pos[1])) : undefined, message: `invalid JSON: ${clean}` };
    }
  }
  try {
    // uniqueKeys off: hand-edited specs often repeat a key, and the last one is what tools use.
    const doc = parseDocument(body, { uniqueKeys: false, prettyErrors: true });
    const err = doc.errors[0];
    if (err) {
      const lp = err.linePos?.[0];
      return { ok: false, where: lp ? `line ${lp.line}, column ${lp.col}` : undefined, message: `invalid YAML: ${firstLine(err.message)}` };
    }
    // maxAliasCount bounds alias expansion ("billion laughs").
    return { ok: true, value: doc.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    return { ok: false, message: `invalid YAML: ${firstLine(e instanceof Error ? e.message : String(e))}` };
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

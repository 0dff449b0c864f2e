/**
 * XML external entities: a DOCTYPE that declares an entity (general or parameter) with a SYSTEM or
 * PUBLIC identifier, an external DTD subset, or an XInclude. Inline DOCTYPEs without external
 * identifiers (plain XHTML documents) pass.
 */
import type { ValueHit } from './types.js';

const ENTITY = /<!ENTITY\s+(?:%\s*)?[\w.:-]+\s+(?:SYSTEM|PUBLIC)\s/i;
const DOCTYPE_EXT = /<!DOCTYPE\s+[\w.:-]+\s+(?:SYSTEM\s+["'][^"']*["']|PUBLIC\s+["'][^"']*["']\s+["'](?!https?:\/\/www\.w3\.org\/)[^"']*["'])/i;
const XINCLUDE = /<(?:\w+:)?include\b[^>]*\bxmlns(?::\w+)?\s*=\s*["']http:\/\/www\.w3\.org\/2001\/XInclude/i;
const PARAM_REF = /<!DOCTYPE[^>[]*\[[\s\S]*%[\w.-]+;/i;

export function detectXxe(value: string): ValueHit | undefined {
  if (value.indexOf('<!') < 0 && value.indexOf('include') < 0) return undefined;
  const at = (i: number): string => value.slice(i, i + 64);
  let m = ENTITY.exec(value);
  if (m) return { reason: 'external entity', sample: at(m.index) };
  m = DOCTYPE_EXT.exec(value);
  if (m) return { reason: 'external dtd', sample: at(m.index) };
  m = XINCLUDE.exec(value);
  if (m) return { reason: 'xinclude', sample: at(m.index) };
  m = PARAM_REF.exec(value);
  if (m && /<!ENTITY/i.test(value)) return { reason: 'parameter entity', sample: at(m.index) };
  return undefined;
}

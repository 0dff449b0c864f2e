/**
 * Cheap lexical looks at GraphQL text, without the parser: whether a string looks like a GraphQL
 * document at all (so a REST search body `{"query":"iphone 15"}` is not taken for GraphQL), a
 * bounded pre-scan of nesting depth and token count (so hostile documents never reach the
 * recursive-descent parser), and the head of a document we decline to parse (type and name).
 *
 * `escaped` mode reads the text as it sits inside a JSON string, treating `\n`, `\t`, `\r` as the
 * whitespace they stand for; used when a body could not be JSON-parsed (truncated, too large).
 */
export type OperationType = 'query' | 'mutation' | 'subscription';

const isNameStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39);

/** Index of the next significant character at or after `i` (whitespace, commas, BOM and comments skipped). */
export function skipIgnored(text: string, i: number, escaped = false): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0xfeff) i++;
    else if (c === 0x23) {
      // comment to end of line (a JSON-escaped newline is the two characters `\n`)
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d && !(escaped && text.startsWith('\\n', i))) i++;
    } else if (escaped && c === 0x5c && 'ntr'.includes(text[i + 1] ?? '')) i += 2;
    else break;
  }
  return i;
}

function readName(text: string, i: number): string {
  let j = i;
  while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
  return j > i && isNameStart(text.charCodeAt(i)) ? text.slice(i, j) : '';
}

/**
 * Whether `text` starts like an executable GraphQL document: `{ field`, `{ ...Spread`, or
 * `query|mutation|subscription [Name] ({|(|@)`, or `fragment Name on Type`.
 */
export function looksLikeGraphql(text: string, escaped = false): boolean {
  let i = skipIgnored(text, 0, escaped);
  if (text[i] === '{') {
    i = skipIgnored(text, i + 1, escaped);
    return isNameStart(text.charCodeAt(i)) || text.startsWith('...', i);
  }
  const kw = readName(text, i);
  if (kw === 'query' || kw === 'mutation' || kw === 'subscription') {
    i = skipIgnored(text, i + kw.length, escaped);
    const name = readName(text, i);
    if (name) i = skipIgnored(text, i + name.length, escaped);
    return text[i] === '{' || text[i] === '(' || text[i] === '@';
  }
  if (kw === 'fragment') {
    i = skipIgnored(text, i + kw.length, escaped);
    const name = readName(text, i);
    if (!name) return false;
    i = skipIgnored(text, i + name.length, escaped);
    return readName(text, i) === 'on';
  }
  return false;
}

/** Type and name (operation name, else first root field) read from the start of a document, without parsing it. */
export function documentHead(text: string, escaped = false): { type?: OperationType; name?: string } {
  let i = skipIgnored(text, 0, escaped);
  let type: OperationType | undefined;
  if (text[i] !== '{') {
    const kw = readName(text, i);
    if (kw !== 'query' && kw !== 'mutation' && kw !== 'subscription') return {};
    type = kw;
    i = skipIgnored(text, i + kw.length, escaped);
    const name = readName(text, i);
    if (name) return { type, name };
    // anonymous: skip to the selection set (variables may come first) within a short distance
    const brace = text.indexOf('{', i);
    if (brace < 0 || brace - i > 4096) return { type };
    i = brace;
  }
  i = skipIgnored(text, i + 1, escaped);
  const first = readName(text, i);
  if (!first) return { type: type ?? 'query' };
  // `alias: field` names the field after the colon
  const after = skipIgnored(text, i + first.length, escaped);
  if (text[after] === ':') {
    const field = readName(text, skipIgnored(text, after + 1, escaped));
    if (field) return { type: type ?? 'query', name: field };
  }
  return { type: type ?? 'query', name: first };
}

export type PrescanResult = 'ok' | 'deep' | 'tokens';

/**
 * Walks the text once, counting tokens roughly and tracking bracket depth outside strings and
 * comments. Stops early at either limit, so its cost is bounded by the text length.
 */
export function prescan(text: string, maxDepth: number, maxTokens: number): PrescanResult {
  let depth = 0;
  let tokens = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0xfeff) {
      i++;
      continue;
    }
    if (++tokens > maxTokens) return 'tokens';
    if (c === 0x23) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      tokens--; // comments are not tokens
    } else if (c === 0x22) {
      if (text.startsWith('"""', i)) {
        // block string: ends at the next `"""` not escaped as `\"""`
        let j = i + 3;
        while (j < n && !(text.startsWith('"""', j) && text.charCodeAt(j - 1) !== 0x5c)) j++;
        i = j + 3;
      } else {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== 0x22 && text.charCodeAt(j) !== 0x0a) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
        i = j + 1;
      }
    } else if (c === 0x7b || c === 0x28 || c === 0x5b) {
      if (++depth > maxDepth) return 'deep';
      i++;
    } else if (c === 0x7d || c === 0x29 || c === 0x5d) {
      depth--;
      i++;
    } else if (isNameChar(c) || c === 0x2d) {
      // a name or a number (with sign, fraction, exponent): one token
      i++;
      while (i < n && (isNameChar(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2e)) i++;
    } else {
      i += text.startsWith('...', i) ? 3 : 1;
    }
  }
  return 'ok';
}

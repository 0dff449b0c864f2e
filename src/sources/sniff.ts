/**
 * Input type from content, never from the file name: the first bytes decide.
 *
 *   sniffKind(Buffer.from('0a0d0d0a', 'hex'))   // 'pcapng'
 *   sniffKind(Buffer.from('{"log":{"entries":[]}}'))   // 'har'
 */
export type InputKind = 'pcap' | 'pcapng' | 'har' | 'jsonl';
export type SniffResult = InputKind | 'gzip' | 'unknown' | 'need-more';

const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]);

export function sniffKind(head: Buffer, final = false): SniffResult {
  if (head.length >= 4) {
    const m = head.readUInt32BE(0);
    if (PCAP_MAGICS.has(m)) return 'pcap';
    if (m === 0x0a0d0d0a) return 'pcapng';
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  let i = 0;
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (i >= head.length) return final ? 'unknown' : 'need-more';
  if (head[i] !== 0x7b /* { */) return head.length < 4 && !final ? 'need-more' : 'unknown';
  // JSON text. JSONL: the first line is a whole object that looks like an Exchange.
  // HAR: a document whose top-level object has "log" (pretty-printed or minified).
  const nl = head.indexOf(0x0a, i);
  if (nl >= 0 || final) {
    const line = head.subarray(i, nl >= 0 ? nl : head.length).toString('utf8').trim();
    try {
      const first = JSON.parse(line) as Record<string, unknown>;
      if (first && typeof first === 'object') {
        if ('log' in first) return 'har';
        if ('request' in first || 'v' in first) return 'jsonl';
      }
    } catch {
      /* not one object per line: a multi-line document */
    }
    if (/^\{\s*"log"\s*:/.test(head.subarray(i, i + 4096).toString('utf8'))) return 'har';
    if (/"log"\s*:\s*\{/.test(head.subarray(i, i + 65536).toString('utf8'))) return 'har';
    return nl >= 0 && head.length > 65536 ? 'unknown' : final ? 'unknown' : 'need-more';
  }
  return 'need-more';
}

/** Plain text tables for terminal summaries (CJK characters count double width). */
const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += wide.test(ch) ? 2 : 1;
  return w;
}

export function renderTable(head: string[], rows: Array<Array<string | number>>, align: Array<'l' | 'r'> = []): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(widths[i] - displayWidth(c));
        return align[i] === 'r' ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

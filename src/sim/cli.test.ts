import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guanlan, noStack, tmp } from '../../test/helpers/cli.js';

describe('guanlan simulate (built CLI)', () => {
  it('rejects a bad duration, an unknown scenario and an unknown output type with one line and exit 2', async () => {
    const dir = tmp();
    for (const [args, msg] of [
      [['--duration', 'forever'], /invalid --duration "forever"/],
      [['--scenarios', 'sqli,teleport'], /unknown scenario "teleport"/],
      [['--out', path.join(dir, 'x.txt')], /--out must end in \.jsonl or \.pcap/],
    ] as const) {
      const r = await guanlan(['simulate', '--out', path.join(dir, 'x.jsonl'), ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      noStack(r.stderr);
    }
    expect(existsSync(path.join(dir, 'x.jsonl'))).toBe(false);
  });

  it('prints the summary table on stderr and JSON with --json', async () => {
    const dir = tmp();
    const out = path.join(dir, 's.jsonl');
    const r = await guanlan(['simulate', '--out', out, '--users', '20', '--duration', '2h', '--start', '2024-06-03T10:00:00+08:00', '--scenarios', 'scanner,sms-bombing', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/scenario\s+slug\s+subject\s+window/);
    expect(r.stderr).toMatch(/exchanges\/s/);
    const j = JSON.parse(r.stdout) as { exchanges: number; scenarios: Array<{ slug: string }>; labels: string };
    expect(j.scenarios.map((s) => s.slug).sort()).toEqual(['scanner', 'sms-bombing']);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(j.exchanges);
    expect(j.labels).toBe(path.join(dir, 's.labels.json'));
  });
});

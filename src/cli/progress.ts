/**
 * A one-line progress display on stderr, only when stderr is a TTY:
 *   big.pcap  [██████░░░░░░░░]  42%  104.9/250.3 MB  41,230 exchanges  96.1 MB/s  ETA 2s
 */
export interface ProgressState {
  label: string;
  bytes: number;
  totalBytes?: number;
  exchanges: number;
}

export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private readonly started = Date.now();
  private lastLen = 0;

  constructor(
    private readonly read: () => ProgressState,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    enabled = Boolean(process.stderr.isTTY) && !process.env.CI,
  ) {
    if (enabled) {
      this.timer = setInterval(() => this.draw(), 200);
      this.timer.unref();
    }
  }

  private draw(): void {
    const s = this.read();
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = s.bytes / secs;
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    let line = s.label.length > 28 ? `…${s.label.slice(-27)}` : s.label;
    if (s.totalBytes) {
      const frac = Math.min(1, s.bytes / s.totalBytes);
      const width = 20;
      const full = Math.round(frac * width);
      const eta = rate > 0 ? Math.max(0, (s.totalBytes - s.bytes) / rate) : 0;
      line += `  [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${mb(s.bytes)}/${mb(s.totalBytes)} MB`;
      line += `  ${s.exchanges.toLocaleString('en-US')} exchanges  ${mb(rate)} MB/s  ETA ${formatSecs(eta)}`;
    } else {
      line += `  ${mb(s.bytes)} MB  ${s.exchanges.toLocaleString('en-US')} exchanges  ${mb(rate)} MB/s`;
    }
    const pad = Math.max(0, this.lastLen - line.length);
    this.lastLen = line.length;
    this.stream.write(`\r${line}${' '.repeat(pad)}`);
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.stream.write(`\r${' '.repeat(this.lastLen)}\r`);
  }
}

function formatSecs(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}

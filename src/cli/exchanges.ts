/**
 * `guanlan exchanges <inputs…>`: decode only, Exchanges as JSONL on stdout. Pipe-safe: when the
 * reader goes away (EPIPE, `| head`) it stops decoding and exits quietly.
 */
import { GuanlanError } from '../core/errors.js';
import { runJsonl } from '../pipeline/runner.js';
import { openInput } from '../sources/open.js';
import { limitsFrom } from './analyze.js';
import { reportInputFailure, reportIssue, Stdout } from './io.js';

class StopDecoding extends Error {}

export async function exchangesCommand(inputs: string[], opts: { maxBody?: number; threads?: number }): Promise<number> {
  if (inputs.filter((i) => i === '-').length > 1) throw new GuanlanError('GL_USAGE', 'stdin (-) can be named only once');
  const out = new Stdout();
  let problems = 0;
  for (const name of inputs) {
    if (out.closed) break;
    try {
      const input = await openInput(name, { hash: false });
      await runJsonl(input, { limits: limitsFrom(opts), decodeThreads: opts.threads, onIssue: (i) => (problems++, reportIssue(i)) }, async (text) => {
        if (!(await out.write(text))) throw new StopDecoding();
      });
    } catch (err) {
      if (err instanceof StopDecoding) break;
      problems++;
      reportInputFailure(name, err);
    }
  }
  await out.end();
  return problems ? 1 : 0;
}

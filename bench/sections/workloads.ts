import { performance } from 'node:perf_hooks';
import { type Bar, type BenchContext, benchHeadroom, type Section } from '../context.js';
import { peerTokens } from '../peers.js';
import { showsAll } from '../recall.js';
import { markdownTable, ms, percent, savedPercent } from '../table.js';
import { generateWorkloads, WORKLOAD_SEED } from '../workloads/workloads.js';

/** headroom-shaped agent contexts: reduction beside headroom's, and whether planted answers survive. */
export async function workloadsSection(context: BenchContext): Promise<Section> {
  const headroom = await benchHeadroom();
  const summary: Array<Array<string | number>> = [];
  const detail: Array<Array<string | number>> = [];
  const bars: Bar[] = [];
  try {
    for (const workload of generateWorkloads()) {
      context.progress(`workload: ${workload.name}`);
      let before = 0;
      let after = 0;
      let afterLossless = 0;
      let compact = 0;
      let toon = 0;
      let elapsed = 0;
      const views = new Map<string, { text: string; hash: string }>();
      for (const result of workload.results) {
        const start = performance.now();
        const compressed = await headroom.compress({ content: result.content, query: workload.task, source: 'bench' });
        elapsed += performance.now() - start;
        views.set(result.name, { text: compressed.text, hash: compressed.hash });
        before += compressed.originalTokens;
        after += compressed.compressedTokens;
        afterLossless += (await headroom.compress({ content: result.content, lossless: true, source: 'bench' })).compressedTokens;
        const peers = peerTokens(result.content, context.toon);
        // Raw-text results (rg output) have no JSON re-encoding: they count as they are.
        compact += peers?.compact ?? compressed.originalTokens;
        toon += peers?.toon ?? compressed.originalTokens;
      }
      let direct = 0;
      let reachable = 0;
      for (const question of workload.questions) {
        const view = views.get(question.result);
        if (view === undefined) throw new Error(`question "${question.ask}" names a missing result`);
        const seen = showsAll(view.text, question.expect);
        const answer = await headroom.retrieve({ hash: view.hash, query: question.query });
        const found = seen || showsAll(answer.blocks.join('\n'), question.expect);
        direct += seen ? 1 : 0;
        reachable += found ? 1 : 0;
        detail.push([workload.name, question.ask, `\`${question.query}\``, seen ? 'yes' : 'no', found ? 'yes' : 'no']);
      }
      const questions = workload.questions.length;
      const saved = savedPercent(after, before);
      bars.push({
        name: `${workload.name}: reduction, answers reachable`,
        target: `>= ${workload.headroomPercent}% (headroom), ${questions}/${questions} reachable`,
        measured: `${saved.toFixed(1)}%, ${reachable}/${questions} reachable (${direct} in view)`,
        met: saved >= workload.headroomPercent && reachable === questions,
      });
      summary.push([
        workload.name,
        before,
        after,
        percent(after, before),
        `${workload.headroomPercent}%`,
        percent(afterLossless, before),
        percent(compact, before),
        context.toon === undefined ? 'not installed' : percent(toon, before),
        `${direct}/${questions}`,
        `${reachable}/${questions}`,
        ms(elapsed),
      ]);
    }
  } finally {
    await headroom.close();
  }
  const body = [
    `Generated with seed ${WORKLOAD_SEED} (\`bench/workloads/\`); each tool result is compressed on its own with the workload's task as \`query\`, default budget. Tokens are o200k_base for before and after; "after" includes the footer. "Ours lossless" is the same call with \`lossless: true\`; compact JSON and TOON are lossless re-encodings of the same results (raw-text results count as they are in those two columns). Direct recall: every expected piece of a planted answer is visible in the view. With retrieve: visible in the view or in the answer to one \`headroom_retrieve\` call with that question's query.`,
    '',
    markdownTable(['workload', 'tokens before', 'ours after', 'ours saved', 'headroom saved', 'ours lossless saved', 'compact JSON saved', 'TOON saved', 'direct recall', 'recall with 1 retrieve', 'time'], summary),
    '',
    markdownTable(['workload', 'question', 'retrieve query', 'in view', 'in view or 1 retrieve'], detail),
  ].join('\n');
  return { title: "Workloads shaped like headroom's", body, bars };
}

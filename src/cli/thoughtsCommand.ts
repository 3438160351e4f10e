import { parseThinkingMarkers, type ThinkingMarkers } from '../core/stream/thinkingMarkers';
import { segmentTrace } from '../core/thoughts/segmentThinking';
import type { Thought, ThoughtOpener } from '../core/thoughts/thought';
import { thoughtSizeStats } from '../core/thoughts/thoughtStats';
import { loadTokenCounter, tokenCounterFor } from '../core/tokens/tokenCounter';
import { parseArgs, UsageError, type CliCommand } from './cliCommand';
import { reportError } from './errorOutput';
import { bundledSamplesPath } from './paths';
import { messageOf } from '../shared/userError';
import { readTraceFile } from './traceFileOptions';

/** How a thought opened, in a few characters. */
function openerText(opener: ThoughtOpener | undefined): string {
	switch (opener?.kind) {
		case 'marker':
			return opener.marker;
		case 'structure':
			return opener.structure;
		case 'paragraph':
			return '¶';
		default:
			return 'start';
	}
}

/**
 * `thinktrim thoughts`: lists the thoughts of recorded traces (the bundled samples by default), split
 * and counted exactly as `analyze`, the tree and the policies do.
 */
export const thoughtsCommand: CliCommand = {
	name: 'thoughts',
	summary:
		'split recorded traces into thoughts and list them (or --stats: thought sizes per length bucket)',
	usage:
		'thinktrim thoughts [FILE.jsonl...] [--id ID] [--json] [--stats] ' +
		'[--think-markers auto|think|begin-of-thought|gemma-channel|OPEN...CLOSE]',
	examples: [
		'thinktrim thoughts media/traces/samples.jsonl --id rasbt-r1-1   # the thoughts of one trace, as every view splits them',
		'thinktrim thoughts traces/*.jsonl --stats   # thoughts per chain and thought sizes per length bucket',
		'thinktrim thoughts run.json --json --think-markers "<reasoning>...</reasoning>"   # other thinking markers',
	],
	exitCodes: [
		[0, 'the thoughts were listed'],
		[1, 'a file could not be read or no trace matched --id'],
		[2, 'the command line is wrong (unknown option, bad --think-markers)'],
	],
	async run(args, io) {
		const { positional, options } = parseArgs(args, ['id', 'think-markers'], ['json', 'stats']);
		const markerSpec = options.get('think-markers');
		let thinkingMarkers: readonly ThinkingMarkers[] | undefined;
		try {
			thinkingMarkers =
				typeof markerSpec === 'string' ? parseThinkingMarkers(markerSpec) : undefined;
		} catch (err) {
			return reportError(new UsageError(messageOf(err)), io, {
				command: 'thoughts',
				verbose: options.has('verbose'),
			});
		}
		const files = positional.length > 0 ? positional : [bundledSamplesPath()];
		const wanted = options.get('id');
		const stats = options.has('stats');
		const chains: Thought[][] = [];
		let failed = false;
		let shown = 0;
		for (const file of files) {
			const read = await readTraceFile(file, io, { thinkingMarkers });
			failed ||= read.failed;
			const records = read.records;
			for (const trace of records) {
				if (typeof wanted === 'string' && trace.id !== wanted) {
					continue;
				}
				shown++;
				await loadTokenCounter(trace.model);
				const thoughts = segmentTrace(trace);
				if (stats) {
					chains.push(thoughts);
					continue;
				}
				if (options.has('json')) {
					const rows = thoughts.map((t) => ({
						index: t.index,
						charStart: t.charStart,
						charEnd: t.charEnd,
						tokenStart: t.tokenStart,
						tokenEnd: t.tokenEnd,
						opener: openerText(t.opener),
						text: t.text,
					}));
					io.stdout(
						`${JSON.stringify({ id: trace.id, tokenCount: tokenCounterFor(trace.model).description, thoughts: rows })}\n`,
					);
					continue;
				}
				io.stdout(
					`${trace.id}: ${thoughts.length} thoughts, ${thoughts.at(-1)?.tokenEnd ?? 0} tokens (${tokenCounterFor(trace.model).description})\n`,
				);
				for (const t of thoughts) {
					io.stdout(
						`  #${t.index + 1} [${t.tokenStart}-${t.tokenEnd}] (${openerText(t.opener)}) ${t.text.replace(/\s+/g, ' ').trim().slice(0, 100)}\n`,
					);
				}
			}
		}
		if (typeof wanted === 'string' && shown === 0) {
			io.stderr(`no trace in ${files.join(', ')} has the id "${wanted}"\n`);
			return 1;
		}
		if (stats) {
			for (const s of thoughtSizeStats(chains)) {
				io.stdout(
					options.has('json')
						? `${JSON.stringify({ thoughtSizes: s })}\n`
						: `${s.bucket}: ${s.chains} chains; ` +
								`thoughts per chain mean ${s.thoughtsMean}, median ${s.thoughtsMedian}, min ${s.thoughtsMin}; ` +
								`longest thought (tokens) median ${s.maxThoughtMedian}, p95 ${s.maxThoughtP95}, ` +
								`max ${s.maxThoughtMax}\n`,
				);
			}
		}
		return failed ? 1 : 0;
	},
};

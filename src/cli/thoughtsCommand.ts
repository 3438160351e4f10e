import { readFile } from 'node:fs/promises';
import { splitParagraphs } from '../core/thoughts/paragraphSplit';
import { formatTraceLineError, parseTraceJsonl } from '../core/traces/traceRecord';
import { parseArgs, type CliCommand } from './cliCommand';
import { bundledSamplesPath } from './paths';

/** `thinktrim thoughts`: lists the thoughts of recorded traces (the bundled samples by default). */
export const thoughtsCommand: CliCommand = {
	name: 'thoughts',
	summary: 'split recorded traces into thoughts and list them',
	usage: 'thinktrim thoughts [FILE.jsonl...] [--id ID] [--json]',
	async run(args, io) {
		const { positional, options } = parseArgs(args, ['id'], ['json']);
		const files = positional.length > 0 ? positional : [bundledSamplesPath()];
		const wanted = options.get('id');
		let failed = false;
		let shown = 0;
		for (const file of files) {
			const { records, errors } = parseTraceJsonl(await readFile(file, 'utf8'), file);
			for (const error of errors) {
				io.stderr(`${formatTraceLineError(error)}\n`);
				failed = true;
			}
			if (records.length === 0 && errors.length === 0) {
				io.stderr(`no traces in ${file}\n`);
				failed = true;
			}
			for (const trace of records) {
				if (typeof wanted === 'string' && trace.id !== wanted) {
					continue;
				}
				shown++;
				const thoughts = splitParagraphs(trace.thinking);
				if (options.has('json')) {
					io.stdout(`${JSON.stringify({ id: trace.id, thoughts: thoughts.map((t) => ({ index: t.index, tokenStart: t.tokenStart, tokenEnd: t.tokenEnd, text: t.text })) })}\n`);
					continue;
				}
				io.stdout(`${trace.id}: ${thoughts.length} thoughts, ~${thoughts.at(-1)?.tokenEnd ?? 0} tokens\n`);
				for (const t of thoughts) {
					io.stdout(`  #${t.index + 1} [${t.tokenStart}-${t.tokenEnd}] ${t.text.replace(/\s+/g, ' ').trim().slice(0, 100)}\n`);
				}
			}
		}
		if (typeof wanted === 'string' && shown === 0) {
			io.stderr(`no trace has the id "${wanted}"\n`);
			return 1;
		}
		return failed ? 1 : 0;
	},
};

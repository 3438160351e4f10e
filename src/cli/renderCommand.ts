import { existsSync } from 'node:fs';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { analyzeTrace } from '../core/engine/analyzeTrace';
import { isPolicyName, POLICY_NAMES } from '../shared/protocol';
import {
	formatTraceLineError,
	parseTraceJsonl,
	type TraceRecord,
} from '../core/traces/traceRecord';
import { firstLine } from '../core/tree/chainFromTrace';
import { modelFromAnalysis } from '../core/tree/fromAnalysis';
import { standaloneHtml, type WebviewAssets } from '../core/tree/standaloneHtml';
import { parseArgs, UsageError, type CliCommand } from './cliCommand';
import { reportError } from './errorOutput';
import { readInputFile } from './inputFile';
import { checkOutputPath } from './outputPaths';

/** Where the built webview bundle is: dist/ beside the CLI bundle, or the repository's dist/ from sources. */
function defaultAssetsDir(): string {
	return __dirname.endsWith('dist') ? __dirname : join(__dirname, '..', '..', 'dist');
}

/** Reads the webview bundle (webview.js, webview.css, codicon.css, codicon.ttf) from `dir`. */
export async function readWebviewAssets(dir: string): Promise<WebviewAssets> {
	const files = ['webview.js', 'webview.css', 'codicon.css', 'codicon.ttf'];
	const missing = files.filter((f) => !existsSync(join(dir, f)));
	if (missing.length > 0) {
		throw new Error(
			`the webview bundle is incomplete in ${dir} (missing ${missing.join(', ')}); run "npm run build" first`,
		);
	}
	const [js, css, codiconCss, codiconFont] = await Promise.all([
		readFile(join(dir, 'webview.js'), 'utf8'),
		readFile(join(dir, 'webview.css'), 'utf8'),
		readFile(join(dir, 'codicon.css'), 'utf8'),
		readFile(join(dir, 'codicon.ttf')),
	]);
	return { js, css, codiconCss, codiconFont };
}

function pickTrace(
	records: readonly TraceRecord[],
	id: string | undefined,
	file: string,
): TraceRecord {
	if (records.length === 0) {
		throw new Error(`no traces in ${file}`);
	}
	if (id === undefined) {
		if (records.length === 1 && records[0] !== undefined) {
			return records[0];
		}
		throw new Error(
			`${file} holds ${records.length} traces; choose one with --id (e.g. --id ${records[0]?.id ?? 'ID'})`,
		);
	}
	const trace = records.find((r) => r.id === id);
	if (trace === undefined) {
		throw new Error(`no trace in ${file} has the id "${id}"`);
	}
	return trace;
}

/** `thinktrim render`: one trace as a self-contained HTML tree (the view's own bundle, the chain embedded). */
export const renderCommand: CliCommand = {
	name: 'render',
	summary:
		'write one trace as a self-contained HTML reasoning tree that opens offline in any browser',
	usage:
		'thinktrim render FILE.jsonl [--id ID] --out tree.html [--policy trimr|dynasor|deer|budget|none] [--assets DIR]',
	examples: [
		'thinktrim render media/traces/samples.jsonl --id rasbt-r1-1 --out tree.html   # one trace as a page that opens offline',
		'thinktrim render run.json --out tree.html --policy deer   # the cut of another policy',
	],
	exitCodes: [
		[0, 'the page was written'],
		[
			1,
			'the trace could not be read or analysed, no trace matched --id, or the page could not be written',
		],
		[2, 'the command line is wrong (no file, no --out, unknown option or --policy)'],
	],
	async run(args, io) {
		const { positional, options } = parseArgs(args, ['id', 'out', 'policy', 'assets']);
		const [file, ...extra] = positional;
		const out = options.get('out');
		const report = { command: 'render', verbose: options.has('verbose') };
		if (file === undefined || extra.length > 0 || typeof out !== 'string') {
			return reportError(new UsageError(`usage: ${this.usage}`), io, report);
		}
		const policy = options.get('policy') ?? 'trimr';
		if (typeof policy !== 'string' || !isPolicyName(policy)) {
			return reportError(
				new UsageError(`--policy must be one of ${POLICY_NAMES.join(', ')}`),
				io,
				report,
			);
		}
		// The page is written last: a path that cannot take it is said before the work, not after.
		await checkOutputPath(out, 'out');
		const { records, errors } = parseTraceJsonl(await readInputFile(file, 'trace file'), file);
		for (const error of errors) {
			io.stderr(`${formatTraceLineError(error)}\n`);
		}
		const id = options.get('id');
		const trace = pickTrace(records, typeof id === 'string' ? id : undefined, file);
		const assetsOption = options.get('assets');
		const assets = await readWebviewAssets(
			resolve(typeof assetsOption === 'string' ? assetsOption : defaultAssetsDir()),
		);
		const started = performance.now();
		await loadTokenCounter(trace.model);
		const analysis = await analyzeTrace(trace, { policy });
		const model = modelFromAnalysis(analysis, { runId: `trace:${trace.id}` });
		const chain = model.snapshot();
		const html = standaloneHtml(
			{ kind: 'chain', chain },
			assets,
			`ThinkTrim · ${firstLine(trace.problem ?? trace.id, 60)}`,
		);
		await writeFile(out, html, 'utf8');
		const cut =
			analysis.cut === undefined
				? 'no cut'
				: `${policy} cut after thought ${analysis.cut.thought + 1} (${analysis.cut.trigger})`;
		io.stdout(
			`${out}: ${trace.id}, ${analysis.thoughts.length} thoughts, ${cut}, ` +
				`${(html.length / 1024).toFixed(0)} KiB, ${(performance.now() - started).toFixed(0)} ms\n`,
		);
		return 0;
	},
};

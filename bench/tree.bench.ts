// The reasoning tree in headless Chromium (the real webview bundle under the webview's CSP):
// (1) first render of a 2,000-thought chain (snapshot message → tree, timeline, header drawn and laid
//     out), and time to the first painted frame;
// (2) the cost of each patch while the chain streams on (growing text, a new thought, its verdict),
//     applied frame by frame as the host batches them;
// (3) the host side: the tree model's cost per streamed chunk and per drained patch.
// The chain is made of the bundled sample traces, analysed by the engine (roles, verdicts, cuts),
// concatenated until it has 2,000 thoughts. Targets: first render ≤ 200 ms, patches well under a frame.
// Skipped when Chromium is absent (CHROMIUM_PATH overrides /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { analyzeTrace } from '../src/core/engine/analyzeTrace';
import { parseTraceJsonl } from '../src/core/traces/traceRecord';
import { labelInput } from '../src/core/tree/fromAnalysis';
import { TreeModel } from '../src/core/tree/treeModel';
import type { ThoughtInput } from '../src/core/tree/treeInput';
import type { HostToWebview, TreePatchOp } from '../src/shared/protocol';
import { chromiumMissing, launchChromium, WebviewPage } from '../test/webview/webviewPage';

const THOUGHTS = 2000;
const STREAMED = 60;
const CHUNKS_PER_THOUGHT = 8;
const FIRST_RENDER_RUNS = 5;

/** 2,000 labelled thoughts: the samples' analysed thoughts, one chain after another. */
async function buildThoughts(): Promise<ThoughtInput[]> {
	const samples = parseTraceJsonl(
		readFileSync(join(__dirname, '..', 'media', 'traces', 'samples.jsonl'), 'utf8'),
		'samples',
	).records;
	const out: ThoughtInput[] = [];
	let tokens = 0;
	while (out.length < THOUGHTS) {
		for (const trace of samples) {
			const analysis = await analyzeTrace(trace);
			const offset = out.length;
			for (const thought of analysis.thoughts) {
				if (out.length === THOUGHTS) {
					break;
				}
				const label = labelInput(analysis.labels[thought.index], analysis.steps[thought.index], {
					trimr: analysis.policyStates[thought.index] ?? '',
				});
				const size = thought.tokenEnd - thought.tokenStart;
				out.push({
					index: out.length,
					text: thought.text,
					tokenStart: tokens,
					tokenEnd: (tokens += size),
					label: {
						...label,
						refersTo: label.refersTo === undefined ? undefined : label.refersTo + offset,
					},
				});
			}
		}
	}
	return out;
}

function newModel(): TreeModel {
	return new TreeModel({
		runId: 'bench',
		title: 'Benchmark chain',
		problem: 'Concatenated sample traces',
		figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
	});
}

interface PatchPlan {
	readonly snapshotThoughts: number;
	readonly messages: HostToWebview[];
	readonly kinds: string[];
	readonly hostMsPerChunk: number;
	readonly hostMsPerDrain: number;
}

/** The streaming tail: each of the last thoughts arrives in chunks (one patch per frame), then gets its verdict. */
function planStreaming(thoughts: readonly ThoughtInput[], model: TreeModel): PatchPlan {
	const first = thoughts.length - STREAMED;
	let seq = 1;
	const messages: HostToWebview[] = [];
	const kinds: string[] = [];
	let chunkMs = 0;
	let chunks = 0;
	let drainMs = 0;
	const push = (kind: string): void => {
		const t0 = performance.now();
		const ops: TreePatchOp[] = model.drainPatch();
		drainMs += performance.now() - t0;
		messages.push({ type: 'patch', seq: ++seq, runId: 'bench', ops });
		kinds.push(kind);
	};
	for (const thought of thoughts.slice(first)) {
		const step = Math.ceil(thought.text.length / CHUNKS_PER_THOUGHT);
		for (let end = step, n = 0; end < thought.text.length + step; end += step, n++) {
			const t0 = performance.now();
			model.upsertThought({
				index: thought.index,
				text: thought.text.slice(0, end),
				tokenStart: thought.tokenStart,
				tokenEnd:
					thought.tokenStart +
					Math.round(
						((thought.tokenEnd - thought.tokenStart) * Math.min(end, thought.text.length)) /
							thought.text.length,
					),
				complete: false,
			});
			chunkMs += performance.now() - t0;
			chunks++;
			push(n === 0 ? 'new thought' : 'growing text');
		}
		if (thought.label !== undefined) {
			model.label(thought.index, thought.label);
		}
		push('verdict');
	}
	return {
		snapshotThoughts: first,
		messages,
		kinds,
		hostMsPerChunk: chunkMs / chunks,
		hostMsPerDrain: drainMs / messages.length,
	};
}

const MEASURE = `(msg) => {
	const t0 = performance.now();
	window.dispatchEvent(new MessageEvent('message', { data: msg }));
	const script = performance.now() - t0;
	document.body.getBoundingClientRect();
	return [script, performance.now() - t0];
}`;

/**
 * A patch is applied when it arrives and drawn in the next animation frame (webview/patchCoalescer.ts): its
 * cost is the apply plus that frame's callbacks up to this one (registered after the view's), then the
 * forced style and layout.
 */
const MEASURE_PATCH = `async (msg) => {
	const t0 = performance.now();
	window.dispatchEvent(new MessageEvent('message', { data: msg }));
	const apply = performance.now() - t0;
	return await new Promise((resolve) => requestAnimationFrame((frameStart) => {
		const script = apply + performance.now() - frameStart;
		const t1 = performance.now();
		document.body.getBoundingClientRect();
		resolve([script, script + performance.now() - t1]);
	}));
}`;

function stats(values: readonly number[]): {
	min: number;
	median: number;
	p95: number;
	max: number;
} {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number): number =>
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
	return { min: sorted[0] ?? 0, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
	const missing = chromiumMissing();
	if (missing !== undefined) {
		console.log(`tree bench skipped: ${missing}`);
		return;
	}
	const thoughts = await buildThoughts();
	const full = newModel();
	for (const t of thoughts) {
		full.upsertThought(t);
	}
	full.setCut({
		policy: 'trimr',
		thought: 900,
		tokenOffset: thoughts[900]?.tokenEnd ?? 0,
		trigger: 'overthinking',
		explanation: 'bench',
	});
	full.setOracle({ thought: 800, tokenOffset: thoughts[800]?.tokenEnd ?? 0, savedTokens: 1 });
	full.setStatus('complete');
	const snapshot: HostToWebview = {
		type: 'snapshot',
		seq: 1,
		state: { kind: 'chain', chain: full.resync() },
	};
	const bytes = JSON.stringify(snapshot).length;

	const streamingModel = newModel();
	for (const t of thoughts.slice(0, thoughts.length - STREAMED)) {
		streamingModel.upsertThought(t);
	}
	const streamingSnapshot: HostToWebview = {
		type: 'snapshot',
		seq: 1,
		state: { kind: 'chain', chain: streamingModel.resync() },
	};
	const plan = planStreaming(thoughts, streamingModel);

	const browser = await launchChromium();
	try {
		const first: number[][] = [];
		for (let run = 0; run < FIRST_RENDER_RUNS; run++) {
			const view = await WebviewPage.open(browser, undefined, { width: 600, height: 1000 });
			const result = await view.page.evaluate<number[]>(`(async () => {
				const measure = ${MEASURE};
				const [script, layout] = measure(${JSON.stringify(snapshot)});
				const t0 = performance.now();
				await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
				return [script, layout, layout + performance.now() - t0, document.querySelectorAll('g.node').length];
			})()`);
			first.push(result);
			await view.page.close();
		}
		const drawn = first[0]?.[3] ?? 0;

		const view = await WebviewPage.open(browser, undefined, { width: 600, height: 1000 });
		const patchTimes = await view.page.evaluate<number[][]>(`(async () => {
			const measure = ${MEASURE};
			const measurePatch = ${MEASURE_PATCH};
			measure(${JSON.stringify(streamingSnapshot)});
			const out = [];
			for (const msg of ${JSON.stringify(plan.messages)}) {
				await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
				out.push(await measurePatch(msg));
			}
			return out;
		})()`);
		const errors = view.errors;
		await view.page.close();

		console.log(
			`chain: ${thoughts.length} thoughts, ${thoughts.at(-1)?.tokenEnd ?? 0} tokens, snapshot ${(bytes / 1024).toFixed(0)} KiB; ${drawn} nodes drawn`,
		);
		console.log('\nFirst render of the 2,000-thought chain (median of 5 fresh pages):');
		const script = stats(first.map((r) => r[0] ?? 0));
		const layout = stats(first.map((r) => r[1] ?? 0));
		const paint = stats(first.map((r) => r[2] ?? 0));
		console.log(
			`  script (store, layout, DOM)       ${ms(script.median)}   (min ${ms(script.min)}, max ${ms(script.max)})`,
		);
		console.log(
			`  + style and layout                ${ms(layout.median)}   (min ${ms(layout.min)}, max ${ms(layout.max)})`,
		);
		console.log(
			`  to the first painted frame        ${ms(paint.median)}   (min ${ms(paint.min)}, max ${ms(paint.max)})`,
		);
		console.log(
			`\nPatches while streaming ${STREAMED} more thoughts (${plan.messages.length} patches, one per frame), script + style/layout:`,
		);
		console.log('  kind            count   median      p95       max');
		for (const kind of ['growing text', 'new thought', 'verdict']) {
			const times = patchTimes.filter((_, i) => plan.kinds[i] === kind).map((t) => t[1] ?? 0);
			const s = stats(times);
			console.log(
				`  ${kind.padEnd(14)} ${String(times.length).padStart(5)}   ${ms(s.median).padStart(8)}  ${ms(s.p95).padStart(8)}  ${ms(s.max).padStart(8)}`,
			);
		}
		console.log(
			`\nLoad average while measuring: ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' / ')} (2 cores; other work on the machine inflates these figures)`,
		);
		console.log(
			`\nHost (Node): ${(plan.hostMsPerChunk * 1000).toFixed(1)} µs per streamed chunk into the model, ${(plan.hostMsPerDrain * 1000).toFixed(1)} µs per drained patch`,
		);
		if (errors.length > 0) {
			console.log(`page errors: ${errors.join(' | ')}`);
			process.exitCode = 1;
		}
	} finally {
		await browser.close();
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});

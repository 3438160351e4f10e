/**
 * A live run, end to end: stream → segment → verify → policy (runReasoning) → live tree patches → cut
 * → continuation → run record. The extension, the CLI and dataset evaluations all run prompts through
 * `executeLiveRun`; they differ only in the ports they plug in (livePorts.ts): a view for the tree, a
 * store for the record, a status bar or a terminal for progress.
 */
import type { ChainFigures } from '../../shared/protocol';
import { RunJournal } from '../history/runJournal';
import type { RunRecord } from '../history/runRecord';
import { newRunId } from '../history/runStore';
import { completionsPorts } from '../policies/completionsPorts';
import { createPolicy } from '../policies/createPolicy';
import type { StopPolicy } from '../policies/stopPolicy';
import { pinHeaders } from '../stream/servedTrace';
import type { StreamEvent } from '../stream/streamEvents';
import { loadTokenCounter, tokenCounterFor, type TokenCounter } from '../tokens/tokenCounter';
import { LiveTreeFeeder } from '../tree/liveTree';
import type { TreeModel } from '../tree/treeModel';
import type {
	ExecutedRun,
	LiveEndpoint,
	LivePorts,
	LiveRunSink,
	LiveRunSpec,
	RunClock,
} from './livePorts';
import { runReasoning } from './reasoningRun';
import { acceptsSeed, messagesFor, outcomeChanges, recordedCut, startedRecord } from './runRecords';
import { finishTree, showServed, startTree } from './runTree';
import type { RunEvent } from './runTypes';

/** The journal saves a streaming run at most this often. */
const SAVE_INTERVAL_MS = 1000;

const systemClock: RunClock = { now: () => new Date(), random: Math.random };

/**
 * Runs a prompt with the engine live. With a tree sink the chain streams into a tree, replaced at the
 * end by the one built from the complete analysis; with a store the record is saved as it streams.
 * Aborting `signal` stops the run cleanly (status partial, what arrived kept). Server failures end up
 * in the outcome, never thrown. The caller owns `endpoint.client` and closes it.
 */
export async function executeLiveRun(
	endpoint: LiveEndpoint,
	spec: LiveRunSpec,
	ports: LivePorts,
	signal?: AbortSignal,
): Promise<ExecutedRun> {
	const clock = ports.clock ?? systemClock;
	const sink = ports.sink ?? {};
	const seed = seedFor(spec, endpoint.client.dialect, clock);
	const initial = firstRecord(endpoint, spec, clock, seed);
	const keeper = recordKeeper(initial, ports, sink);
	sink.started?.(initial);
	// The model's real tokenizer when installed, as recorded traces and the CLI count.
	await loadTokenCounter(endpoint.model);
	const counter = tokenCounterFor(endpoint.model);
	const tree =
		sink.tree !== undefined ? startTree(initial, figuresFor(endpoint, spec, counter)) : undefined;
	if (tree !== undefined) {
		sink.tree?.show(tree);
	}
	const outcome = await runReasoning({
		client: endpoint.client,
		model: endpoint.model,
		messages: messagesFor(spec.problem, spec.systemPrompt),
		mode: spec.mode,
		policy: policyFor(endpoint, spec, signal),
		predictor: predictorFor(endpoint, spec),
		verifier: endpoint.verifier,
		segmenter: endpoint.segmenter,
		maxTokens: endpoint.maxTokens,
		temperature: endpoint.temperature,
		thinking: endpoint.thinking,
		answerMaxTokens: endpoint.answerMaxTokens,
		guide: endpoint.guide,
		chatTemplate: endpoint.chatTemplate,
		thinkingMarkers: endpoint.thinkingMarkers,
		headers: pinHeaders(spec.traceId),
		extraBody: seed !== undefined ? { seed } : undefined,
		signal,
		onEvent: liveListener({ sink, keeper, counter, tree, policy: endpoint.policy }),
	});
	const record = await keeper.finish(outcomeChanges(outcome));
	if (outcome.error !== undefined) {
		sink.failed?.(record.id, outcome.error);
	}
	if (tree !== undefined && sink.tree !== undefined) {
		finishTree(sink.tree, tree, record, outcome, {
			policy: endpoint.policy.name,
			policyOptions: endpoint.policy.options,
		});
	}
	return { record, outcome };
}

/** The record of a run about to start, with the sampling parameters a replay needs. */
function firstRecord(
	endpoint: LiveEndpoint,
	spec: LiveRunSpec,
	clock: RunClock,
	seed: number | undefined,
): RunRecord {
	const now = clock.now();
	return startedRecord({
		id: newRunId(now),
		kind: spec.kind,
		createdAt: now,
		problem: spec.problem,
		systemPrompt: spec.systemPrompt,
		name: spec.name,
		goldAnswer: spec.goldAnswer,
		parentRunId: spec.parentRunId,
		original: spec.original,
		model: endpoint.model,
		endpoint: { baseUrl: endpoint.baseUrl, dialect: endpoint.client.dialect },
		policy: endpoint.policy.name,
		sampling: { temperature: endpoint.temperature, maxTokens: endpoint.maxTokens, seed },
	});
}

/** The seed a run samples with (see {@link LiveRunSpec.drawSeed}). */
function seedFor(
	spec: LiveRunSpec,
	dialect: string | undefined,
	clock: RunClock,
): number | undefined {
	if (spec.drawSeed !== true) {
		return spec.seed;
	}
	return acceptsSeed(dialect) ? (spec.seed ?? Math.floor(clock.random() * 2 ** 31)) : undefined;
}

/** A fresh policy for this chain; online, its probes go to the run's own server on the run's own chat. */
function policyFor(
	endpoint: LiveEndpoint,
	spec: LiveRunSpec,
	signal: AbortSignal | undefined,
): StopPolicy {
	const { name, options, online } = endpoint.policy;
	if (online === undefined || online === false) {
		return createPolicy(name, options);
	}
	const ports =
		online === true
			? completionsPorts({
					client: endpoint.client,
					model: endpoint.model,
					thinking: endpoint.thinking,
					chatTemplate: endpoint.chatTemplate,
					messagesFor: () => messagesFor(spec.problem, spec.systemPrompt),
				})
			: online;
	return createPolicy(name, options, { ...ports, problem: spec.problem, signal });
}

/**
 * Fresh policies that predict an act-mode cut from the heuristic's reading while a remote verifier's
 * deciding verdict is on its way (runReasoning starts the continuation early). Only for TrimR, whose
 * cuts wait for verdicts; Dynasor and DEER decide from what they ask the server, which a prediction must
 * not do.
 */
function predictorFor(endpoint: LiveEndpoint, spec: LiveRunSpec): (() => StopPolicy) | undefined {
	const { name, options } = endpoint.policy;
	const remote = endpoint.verifier?.concurrent === true;
	return spec.mode === 'act' && remote && (name === 'trimr' || name === 'trimr-paper')
		? () => createPolicy(name, options)
		: undefined;
}

/** The tree header's figures of a run that starts now. */
function figuresFor(
	endpoint: LiveEndpoint,
	spec: LiveRunSpec,
	counter: TokenCounter,
): ChainFigures {
	const verifier =
		endpoint.verifier?.kind === 'llm'
			? { kind: 'llm' as const, model: endpoint.verifierModel }
			: { kind: 'heuristic' as const };
	// A replay's header says what it saved against the original chain.
	const original =
		spec.original !== undefined
			? {
					original: {
						thinkingTokens: spec.original.thinkingTokens,
						elapsedMs: spec.original.wallMs,
					},
				}
			: {};
	return {
		policy: endpoint.policy.name,
		mode: spec.mode,
		verifier,
		tokenSource: counter.description,
		...original,
	};
}

/** The record as the run goes: journaled to the store when there is one, else kept in memory. */
interface RecordKeeper {
	update(changes: Partial<Omit<RunRecord, 'id'>>): void;
	finish(changes: Partial<Omit<RunRecord, 'id'>>): Promise<RunRecord>;
}

function recordKeeper(initial: RunRecord, ports: LivePorts, sink: LiveRunSink): RecordKeeper {
	if (ports.store === undefined) {
		// Nobody reads a headless record before the end, and the outcome rewrites every streamed field.
		return {
			update: () => undefined,
			finish: (changes) => Promise.resolve({ ...initial, ...changes }),
		};
	}
	let failures = 0;
	// The journal retries on every change, and a full disk fails each time: the sink hears which is first.
	return new RunJournal(ports.store, initial, SAVE_INTERVAL_MS, (err) =>
		sink.saveFailed?.(initial.id, err, ++failures === 1),
	);
}

/** What the listener of a run's events updates. */
interface ListenerContext {
	readonly sink: LiveRunSink;
	readonly keeper: RecordKeeper;
	readonly counter: TokenCounter;
	readonly tree: TreeModel | undefined;
	readonly policy: LiveEndpoint['policy'];
}

/**
 * The run's events, relayed: kept thinking grows the tree and the record, answer text (of the stream or
 * the continuation) the record's final answer; the token count goes to the sink. Dropped events (after
 * an act-mode cut) reach only `sink.event`.
 */
function liveListener(ctx: ListenerContext): (event: RunEvent) => void {
	const { sink, keeper, counter } = ctx;
	const feed = ctx.tree !== undefined ? new LiveTreeFeeder(ctx.tree, ctx.policy.name) : undefined;
	let thinking = '';
	let answer = '';
	let tokens = 0;
	// A real tokenizer costs time on the event loop, where a headless run (an evaluation) measures its wall clock.
	const counts = feed !== undefined || sink.tokens !== undefined;
	const onText = (e: StreamEvent, phase: 'thinking' | 'answering'): void => {
		if (e.type !== 'reasoning' && e.type !== 'answer') {
			return;
		}
		const count = counts ? counter.count(e.text) : 0;
		tokens += count;
		if (phase === 'thinking') {
			feed?.onReasoning(e.text, count);
			thinking += e.text;
			keeper.update({ thinking });
		} else {
			answer += e.text;
			keeper.update({ final: answer });
		}
		sink.tokens?.(tokens, phase);
	};
	return (event) => {
		sink.event?.(event);
		if (event.type === 'analyzer') {
			feed?.onAnalyzer(event.event);
		} else if (event.type === 'cutting') {
			sink.progress?.(
				`cut at thought ${event.cut.thought + 1} (${event.cut.trigger}); asking for the answer…`,
			);
			thinking = event.keptThinking;
			keeper.update({ thinking, cut: recordedCut(event.cut) });
		} else if (!(event.type === 'stream' && event.dropped)) {
			onStreamEvent(ctx, event.event, event.type);
			// The continuation's thinking is part of the answer: it comes after the kept thinking's `</think>`.
			onText(
				event.event,
				event.type === 'stream' && event.event.type === 'reasoning' ? 'thinking' : 'answering',
			);
		}
	};
}

/** The stream's own news: which recording the emulator served, how the continuation prompt was rendered. */
function onStreamEvent(
	ctx: ListenerContext,
	e: StreamEvent,
	from: 'stream' | 'continuation',
): void {
	if (from === 'stream' && e.type === 'start' && e.served !== undefined) {
		showServed(ctx.sink, ctx.tree, e.served);
	} else if (e.type === 'prompt') {
		// Which way the continuation prompt was rendered, and why others were skipped (docs/endpoints.md).
		ctx.sink.info?.(
			`continuation prompt rendered by ${e.strategy}${e.notes !== undefined && e.notes.length > 0 ? ` (${e.notes.join('; ')})` : ''}`,
		);
	}
}

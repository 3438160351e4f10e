import type { ChatTemplateSpec } from '../stream/chatTemplates';
import {
	renderPrompt,
	withoutServerAddedBos,
	type ContinuationStrategy,
} from '../stream/continuation';
import { serverRoot, type ServerInfo } from '../stream/discovery';
import { chooseConstraint, type OutputConstraint } from '../verifier/outputConstraint';
import { isTokenIdLabel, yesNoToken } from '../verifier/yesNo';
import type { ReasoningClient } from '../stream/reasoningClient';

/** One line of a connection check: what was tried, whether it worked, and what was seen. */
export interface CheckLine {
	readonly what: string;
	readonly ok: boolean | undefined;
	readonly detail: string;
}

/** What `ThinkTrim: Test Connection` reports. */
export interface ConnectionReport {
	readonly server: ServerInfo;
	readonly lines: readonly CheckLine[];
	/** True when streaming reasoning from this endpoint should work. */
	readonly usable: boolean;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const start = performance.now();
	const value = await work();
	return { value, ms: performance.now() - start };
}

function describe(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/** What a replay will render with, so the check reports the path the replay will really take. */
export interface ConnectionCheckOptions {
	/** The chat template a replay passes (`thinktrim.endpoint.chatTemplate`), e.g. for MindIE. */
	readonly chatTemplate?: ChatTemplateSpec;
	/**
	 * This is the verifier endpoint: send one constrained Yes/No request and say whether the constraint
	 * held. Not done for a reasoning endpoint: with a reasoning parser, vLLM applies the constraint only
	 * after `</think>`, so a one-token reply says nothing there.
	 */
	readonly verifyConstraint?: boolean;
}

/**
 * Checks an endpoint the way ThinkTrim will use it: discovery (server, version, dialect, models, max
 * context), `/tokenize` with messages (continuations render the prompt with it), and a one-token chat
 * request with logprobs (what a verifier needs), with its latency. Never throws except on abort.
 */
export async function checkConnection(
	client: ReasoningClient,
	model: string | undefined,
	signal?: AbortSignal,
	options: ConnectionCheckOptions = {},
): Promise<ConnectionReport> {
	const lines: CheckLine[] = [];
	const { value: server, ms: discoverMs } = await timed(() => client.discover(signal));
	const listed = server.models.map((m) =>
		m.maxModelLen !== undefined ? `${m.id} (${m.maxModelLen} tokens)` : m.id,
	);
	lines.push({
		what: 'server',
		ok: server.models.length > 0 || server.healthy === true,
		detail: `${server.kind}${server.version !== undefined ? ` ${server.version}` : ''}, answered in ${Math.round(discoverMs)} ms`,
	});
	lines.push({
		what: 'health',
		ok: server.healthy,
		detail:
			server.healthy === undefined
				? 'no health route'
				: server.healthy
					? 'healthy'
					: 'unhealthy (engine down or busy)',
	});
	lines.push({
		what: 'dialect',
		ok: server.dialect !== undefined || client.dialect !== undefined,
		detail:
			(client.dialect ?? 'unknown') +
			(client.options.dialect !== undefined && client.options.dialect !== 'auto'
				? ' (from settings)'
				: ' (detected)'),
	});
	lines.push({
		what: 'models',
		ok: server.models.length > 0,
		detail: listed.length > 0 ? listed.join(', ') : 'the server listed none',
	});
	for (const problem of server.problems) {
		lines.push({ what: 'problem', ok: false, detail: problem.message });
	}
	const chosen = model !== undefined && model !== '' ? model : server.models[0]?.id;
	if (chosen === undefined) {
		return { server, lines, usable: false };
	}
	if (
		model !== undefined &&
		model !== '' &&
		server.models.length > 0 &&
		!server.models.some((m) => m.id === model)
	) {
		lines.push({
			what: 'model',
			ok: false,
			detail: `"${model}" is not served here; the server has ${server.models.map((m) => m.id).join(', ')}`,
		});
	}
	const context = server.models.find((m) => m.id === chosen)?.maxModelLen;
	lines.push({
		what: 'max context',
		ok: context !== undefined ? true : undefined,
		detail: context !== undefined ? `${context} tokens` : 'not reported',
	});
	lines.push(await checkTokenize(client, chosen, signal));
	lines.push(await checkContinuationPath(client, chosen, signal, options.chatTemplate));
	const constraint = chooseConstraint(server.kind, server.version);
	lines.push(
		options.verifyConstraint === true && constraint.name !== 'none'
			? await checkConstraint(client, chosen, constraint, signal)
			: {
					what: 'verifier constraint',
					ok: constraint.name !== 'none' ? true : undefined,
					detail: `${constraint.name} (${constraint.reason})`,
				},
	);
	lines.push(await checkLogprobs(client, chosen, signal));
	return {
		server,
		lines,
		usable: !lines.some((l) => l.what === 'model' && l.ok === false) && server.models.length > 0,
	};
}

async function checkTokenize(
	client: ReasoningClient,
	model: string,
	signal: AbortSignal | undefined,
): Promise<CheckLine> {
	try {
		const response = await client.fetch(`${serverRoot(client.options.baseUrl)}/tokenize`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', ...client.authHeaders() },
			body: JSON.stringify({
				model,
				messages: [{ role: 'user', content: 'ping' }],
				add_generation_prompt: true,
			}),
			signal: signal ?? AbortSignal.timeout(5000),
		});
		if (!response.ok) {
			return {
				what: '/tokenize',
				ok: false,
				detail: `HTTP ${response.status}: continuations will render the chat template client-side`,
			};
		}
		const body = (await response.json()) as { count?: unknown };
		return {
			what: '/tokenize',
			ok: true,
			detail: `works (${typeof body.count === 'number' ? `${body.count} prompt tokens for a one-word chat` : 'no count'})`,
		};
	} catch (err) {
		return {
			what: '/tokenize',
			ok: false,
			detail: `${describe(err)}: continuations will render the chat template client-side`,
		};
	}
}

const STRATEGY_WORDS: Record<ContinuationStrategy, string> = {
	tokenize: "/tokenize + /detokenize (the server's own chat template)",
	'apply-template': "/apply-template (the server's own chat template)",
	'chat-template': 'the chat template rendered in ThinkTrim',
	'continue-final-message': 'continue_final_message on chat completions (last resort)',
};

/** Renders a one-word chat the way a continuation after a cut will, and says which path worked and why. */
async function checkContinuationPath(
	client: ReasoningClient,
	model: string,
	signal: AbortSignal | undefined,
	chatTemplate: ChatTemplateSpec | undefined,
): Promise<CheckLine> {
	try {
		const { strategy, rendered, skipped } = await renderPrompt(client, {
			model,
			messages: [{ role: 'user', content: 'ping' }],
			keptThinking: '',
			maxTokens: 1,
			chatTemplate,
			signal: signal ?? AbortSignal.timeout(10000),
		});
		const bos =
			rendered !== undefined ? withoutServerAddedBos(rendered, client.dialect).note : undefined;
		const notes = [...skipped.map((s) => `skipped ${s}`), ...(bos !== undefined ? [bos] : [])];
		// Which template: the user's own, or the one ThinkTrim ships for the model family.
		const words =
			strategy === 'chat-template'
				? `${STRATEGY_WORDS[strategy]} (${chatTemplate !== undefined ? 'the template from settings' : 'built-in, by model name'})`
				: STRATEGY_WORDS[strategy];
		return {
			what: 'continuation',
			ok: true,
			detail: `${words}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
		};
	} catch (err) {
		return { what: 'continuation', ok: false, detail: describe(err) };
	}
}

/**
 * Sends the verifier's kind of request (one token, thinking off) with the constraint and reads the reply:
 * anything but Yes/No means the server does not apply that field, which it would never say itself.
 */
async function checkConstraint(
	client: ReasoningClient,
	model: string,
	constraint: OutputConstraint,
	signal: AbortSignal | undefined,
): Promise<CheckLine> {
	const named = `${constraint.name} (${constraint.reason})`;
	try {
		const body = {
			...constraint.fields,
			model,
			messages: [{ role: 'user' as const, content: 'Reply Yes or No: is 2 + 2 = 4?' }],
			max_tokens: 1,
			temperature: 0,
			logprobs: true,
			top_logprobs: 5,
			chat_template_kwargs: { enable_thinking: false },
		};
		const reply = await client.sdk.chat.completions.create(body, {
			signal: signal ?? AbortSignal.timeout(15000),
		});
		const choice = reply.choices[0];
		const first = choice?.logprobs?.content?.[0]?.token;
		// A `token_id:N` label (vLLM --return-tokens-as-token-ids) says nothing; the decoded reply does.
		const token =
			first !== undefined && !isTokenIdLabel(first)
				? first
				: (choice?.message.content ?? first ?? '');
		return yesNoToken(token) !== undefined
			? {
					what: 'verifier constraint',
					ok: true,
					detail: `${named}; held: the reply was ${JSON.stringify(token)}`,
				}
			: {
					what: 'verifier constraint',
					ok: false,
					detail:
						`${named}; the server ignored it: the one-token reply was ${JSON.stringify(token)}, ` +
						'not Yes or No. Verdicts still read the Yes/No log-probabilities, but each will say the ' +
						'constraint was ignored',
				};
	} catch (err) {
		return {
			what: 'verifier constraint',
			ok: undefined,
			detail: `${named}; not checked: ${describe(err)}`,
		};
	}
}

async function checkLogprobs(
	client: ReasoningClient,
	model: string,
	signal: AbortSignal | undefined,
): Promise<CheckLine> {
	try {
		const { value, ms } = await timed(() =>
			client.sdk.chat.completions.create(
				{
					model,
					messages: [{ role: 'user', content: 'Reply Yes or No: is 2 + 2 = 4?' }],
					max_tokens: 1,
					temperature: 0,
					logprobs: true,
					top_logprobs: 5,
				},
				{ signal: signal ?? AbortSignal.timeout(15000) },
			),
		);
		const top = value.choices[0]?.logprobs?.content?.[0]?.top_logprobs ?? [];
		return top.length > 0
			? {
					what: 'logprobs',
					ok: true,
					detail: `one-token request with top_logprobs in ${Math.round(ms)} ms (top: ${top
						.map((t) => JSON.stringify(t.token))
						.slice(0, 3)
						.join(', ')})`,
				}
			: {
					what: 'logprobs',
					ok: false,
					detail: `the server answered in ${Math.round(ms)} ms but returned no logprobs: this endpoint cannot serve as an LLM verifier`,
				};
	} catch (err) {
		return { what: 'logprobs', ok: false, detail: describe(err) };
	}
}

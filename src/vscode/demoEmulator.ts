import * as vscode from 'vscode';
import { parseTraceJsonl } from '../core/traces/traceRecord';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import type { ScopedLog } from './log';

/** The model name the demo emulator serves. */
export const DEMO_MODEL = 'thinktrim-demo-r1';

/**
 * The bundled vLLM-compatible emulator, run inside the extension host so a user with no GPU can try
 * ThinkTrim: it replays the bundled sample traces at a realistic 30 tokens/s. Starting it points the
 * reasoning endpoint at it (user settings); stopping restores the previous endpoint.
 */
export class DemoEmulator implements vscode.Disposable {
	private running: RunningEmulator | undefined;
	private previous: { baseUrl: unknown; model: unknown } | undefined;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: ScopedLog,
	) {}

	get url(): string | undefined {
		return this.running?.url;
	}

	/** What the emulator did with each request (tests read it to see aborts and continuations). */
	get requestLog(): RunningEmulator['log'] | undefined {
		return this.running?.log;
	}

	async start(tokensPerSecond = 30): Promise<string> {
		if (this.running !== undefined) {
			return this.running.url;
		}
		const bytes = await vscode.workspace.fs.readFile(
			vscode.Uri.joinPath(this.extensionUri, 'media', 'traces', 'samples.jsonl'),
		);
		const { records } = parseTraceJsonl(new TextDecoder().decode(bytes), 'samples.jsonl');
		this.running = await startEmulator({
			traces: records,
			dialect: 'vllm',
			model: DEMO_MODEL,
			tokensPerSecond,
			host: '127.0.0.1',
			port: 0,
		});
		const config = vscode.workspace.getConfiguration('thinktrim');
		this.previous = {
			baseUrl: config.inspect('endpoint.baseUrl')?.globalValue,
			model: config.inspect('endpoint.model')?.globalValue,
		};
		await config.update('endpoint.baseUrl', this.running.url, vscode.ConfigurationTarget.Global);
		await config.update('endpoint.model', DEMO_MODEL, vscode.ConfigurationTarget.Global);
		this.log.info(
			`demo emulator listening at ${this.running.url} (${records.length} traces, ${tokensPerSecond} tok/s)`,
		);
		return this.running.url;
	}

	async stop(): Promise<void> {
		const running = this.running;
		if (running === undefined) {
			return;
		}
		this.running = undefined;
		await running.close();
		const config = vscode.workspace.getConfiguration('thinktrim');
		if (config.inspect('endpoint.baseUrl')?.globalValue === running.url) {
			await config.update(
				'endpoint.baseUrl',
				this.previous?.baseUrl,
				vscode.ConfigurationTarget.Global,
			);
			await config.update(
				'endpoint.model',
				this.previous?.model,
				vscode.ConfigurationTarget.Global,
			);
		}
		this.log.info('demo emulator stopped');
	}

	dispose(): void {
		void this.running?.close();
		this.running = undefined;
	}
}

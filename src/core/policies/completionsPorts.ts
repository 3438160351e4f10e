import type { ChatTemplateSpec } from '../stream/chatTemplates';
import { renderPrompt } from '../stream/continuation';
import type { ChatMessage, ReasoningClient } from '../stream/reasoningClient';
import { CompletionsTrialAnswerer } from './completionsTrialAnswerer';
import type { OnlinePorts } from './createPolicy';
import { CompletionsProber } from './prober';

/** What the probes need to know about the run. */
export interface CompletionsPortsOptions {
	readonly client: ReasoningClient;
	readonly model: string;
	/** The chat of a problem, exactly as the main request sends it. */
	readonly messagesFor: (problem: string | undefined) => ChatMessage[];
	readonly thinking?: boolean;
	readonly chatTemplate?: ChatTemplateSpec;
}

/**
 * Dynasor's prober and DEER's trial answerer on the run's own server (`/v1/completions`, same base URL
 * and key), on the prompt rendered the way the continuation after a cut renders it.
 */
export function completionsPorts(
	options: CompletionsPortsOptions,
): Pick<OnlinePorts, 'prober' | 'trialAnswerer'> {
	const { client, model } = options;
	const render = async (problem: string | undefined): Promise<string> => {
		const messages = options.messagesFor(problem);
		const { rendered } = await renderPrompt(client, {
			model,
			messages,
			keptThinking: '',
			maxTokens: 1,
			thinking: options.thinking,
			chatTemplate: options.chatTemplate,
		});
		if (rendered === undefined) {
			throw new Error(
				`cannot render the prompt of "${model}" for probes on this server (it only continues chats with continue_final_message)`,
			);
		}
		return rendered;
	};
	const common = {
		baseURL: client.options.baseUrl.replace(/\/+$/, ''),
		model,
		apiKey: client.options.apiKey,
		renderPrompt: render,
	};
	return {
		prober: new CompletionsProber(common),
		trialAnswerer: new CompletionsTrialAnswerer(common),
	};
}

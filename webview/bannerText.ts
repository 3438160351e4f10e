/** The header's status tag and the banner line under it, by the chain's status. */
import type { ChainView } from '../src/shared/protocol';
import { formatCount, withoutFullStop } from './format';

/** The status tag's word. */
export const STATUS_TEXT = {
	streaming: 'streaming',
	complete: 'complete',
	partial: 'partial',
	error: 'failed',
} as const;

/** The banner line: progress while streaming, why the chain stopped early or failed. */
export function bannerText(chain: ChainView): string {
	switch (chain.status) {
		case 'streaming':
			return (
				chain.statusMessage ??
				`Streaming… ${formatCount(chain.nodes.length - 1)} thoughts so far; verdicts follow each finished thought.`
			);
		case 'partial':
			return (
				`The chain stopped early: ${withoutFullStop(chain.statusMessage ?? 'the stream ended before the answer')}. ` +
				`Showing the ${formatCount(chain.nodes.length - 1)} thoughts that arrived.`
			);
		case 'error':
			return `Failed: ${chain.statusMessage ?? 'unknown error'}`;
		default:
			return chain.statusMessage ?? '';
	}
}

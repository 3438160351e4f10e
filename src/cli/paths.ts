import { join } from 'node:path';

/**
 * The bundled sample traces. The CLI bundle lives in dist/, the samples in media/traces/; from the
 * sources (tests run them through tsx) the layout is src/cli/ beside media/ two levels up.
 */
export function bundledSamplesPath(): string {
	const root = __dirname.endsWith('dist') ? join(__dirname, '..') : join(__dirname, '..', '..');
	return join(root, 'media', 'traces', 'samples.jsonl');
}

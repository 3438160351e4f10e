// Emulator soak: many requests with random text (chat completions and /tokenize) against one emulator,
// 8 at a time over keep-alive connections. Prints heap and RSS (after a GC) at each tenth, the vocabulary
// and log sizes, and the count of 5xx answers; memory must level off and no request may get a 500.
// SOAK_REQUESTS=100000 for the long run (about 80 s on this shared 2-core machine; default 2,000).
import { Agent, request } from 'undici';
import { startEmulator } from '../src/emulator/server';

const total = Number(process.env.SOAK_REQUESTS ?? 2_000);
const concurrency = 8;

let seed = 12345;
function rand(): number {
	seed = (seed * 48271) % 2147483647;
	return seed;
}
function randomText(words: number): string {
	return Array.from({ length: words }, () =>
		(rand() * 7919).toString(36).slice(0, 3 + (rand() % 6)),
	).join(' ');
}

function mb(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}

async function main(): Promise<void> {
	const emu = await startEmulator({
		traces: [
			{
				id: 'soak',
				problem: 'What is 2+3?',
				thinking: 'Two plus three. Wait, that is five.',
				final: 'The answer is 5.',
			},
		],
		dialect: 'vllm',
		tokensPerSecond: Infinity,
		ttftMs: 0,
	});
	const agent = new Agent({ connections: concurrency });
	const model = emu.state.models[0] ?? 'm';
	let next = 0;
	let errors5xx = 0;
	let otherErrors = 0;
	let connectionErrors = 0;
	let lastConnectionError = '';
	const tenth = Math.max(1, Math.floor(total / 10));
	const samples: string[] = [];
	const t0 = performance.now();
	const sample = (): void => {
		global.gc?.();
		const m = process.memoryUsage();
		samples.push(
			`${String(next).padStart(7)} requests  heap ${mb(m.heapUsed).padStart(6)} MB  rss ${mb(m.rss).padStart(6)} MB  vocabulary ${emu.state.vocab.size}  log ${emu.log.entries.length}`,
		);
	};
	const worker = async (): Promise<void> => {
		while (next < total) {
			const i = next++;
			const chat = i % 2 === 0;
			const body = chat
				? {
						model,
						messages: [{ role: 'user', content: randomText(40) }],
						max_tokens: 16,
						stream: i % 4 === 0,
					}
				: { model, prompt: randomText(200) };
			let res: Awaited<ReturnType<typeof request>>;
			try {
				res = await request(`${emu.origin}${chat ? '/v1/chat/completions' : '/tokenize'}`, {
					method: 'POST',
					dispatcher: agent,
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				await res.body.arrayBuffer();
			} catch (err) {
				// Counted, not fatal: a keep-alive socket can close under the request on a loaded machine.
				connectionErrors++;
				lastConnectionError = err instanceof Error ? err.message : String(err);
				continue;
			}
			if (res.statusCode >= 500) {
				errors5xx++;
			} else if (res.statusCode >= 400) {
				otherErrors++;
			}
			if ((i + 1) % tenth === 0) {
				sample();
			}
		}
	};
	sample();
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = (performance.now() - t0) / 1000;
	await agent.close();
	await emu.close();
	console.log(
		`  emulator soak: ${total} requests (half chat, half /tokenize, random text), ${concurrency} at a time, ${seconds.toFixed(1)} s`,
	);
	for (const line of samples) {
		console.log(`  ${line}`);
	}
	console.log(
		`  connection errors: ${connectionErrors}${connectionErrors > 0 ? ` (last: ${lastConnectionError})` : ''}`,
	);
	console.log(
		`  5xx answers: ${errors5xx}; other 4xx: ${otherErrors}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
	);
	if (errors5xx > 0) {
		process.exitCode = 1;
	}
}

void main();

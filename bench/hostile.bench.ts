// Hostile servers against the real CLI: each case is a small HTTP server on 127.0.0.1 in this process,
// and `node dist/cli.js stream` runs against it as a child under /usr/bin/time, so the figure is the
// whole client process's peak RSS (target ≤ 256 MB) and the time until it stopped with its error.
// Needs a build (`npm run build`). Cases: a line with no newline, the same gzip-compressed (a bomb),
// an event of endless data lines, an endless error body, an endless /v1/models body, a silent server.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const cli = resolve(__dirname, '..', 'dist', 'cli.js');
const IDLE_S = 5;

function flood(res: ServerResponse, chunk: Buffer | string): void {
	const write = (): void => {
		while (!res.destroyed && res.write(chunk)) {
			// fill the socket buffer
		}
		if (!res.destroyed) {
			res.once('drain', write);
		}
	};
	write();
}

const MODELS = JSON.stringify({
	object: 'list',
	data: [{ id: 'm', object: 'model', owned_by: 'vllm' }],
});
const bomb = gzipSync(
	Buffer.concat([Buffer.from('data: '), Buffer.alloc(512 * 1024 * 1024, 'a')]),
	{ level: 9 },
);

const cases: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
	'no newline': (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		res.write('data: ');
		flood(res, Buffer.alloc(64 * 1024, 'a'));
	},
	[`gzip bomb (${(bomb.length / 1024).toFixed(0)} KiB → 512 MiB)`]: (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
		res.end(bomb);
	},
	'endless data lines': (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		flood(res, `data: ${'b'.repeat(4096)}\n`);
	},
	'endless error body': (_req, res) => {
		res.writeHead(500, { 'content-type': 'text/plain' });
		flood(res, Buffer.alloc(64 * 1024, 'e'));
	},
	'endless /v1/models': (req, res) => {
		res.writeHead(200, {
			'content-type': req.url === '/v1/models' ? 'application/json' : 'text/event-stream',
		});
		if (req.url === '/v1/models') {
			res.write('{"data":[{"id":"');
			flood(res, Buffer.alloc(64 * 1024, 'm'));
		}
	},
	[`silent after headers (idle ${IDLE_S} s)`]: (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		res.write(': hello\n\n');
	},
};

async function serve(
	handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
	const server = createServer((req, res) => {
		if (
			req.url === '/v1/models' &&
			!Object.keys(cases).some((k) => k.startsWith('endless /v1') && cases[k] === handler)
		) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(MODELS);
			return;
		}
		handler(req, res);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}

function runCli(
	url: string,
	withModel: boolean,
): Promise<{ rssMb: number; seconds: number; code: number | null; message: string }> {
	return new Promise((done) => {
		const args = [
			'-f',
			'%M %e',
			process.execPath,
			cli,
			'stream',
			'--base-url',
			url,
			'--prompt',
			'hi',
			'--dialect',
			'vllm',
			'--max-retries',
			'0',
			'--idle-timeout',
			String(IDLE_S),
		];
		const child = spawn('/usr/bin/time', withModel ? [...args, '--model', 'm'] : args, {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let err = '';
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.on('close', (code) => {
			const lines = err.trim().split('\n');
			const [kb, secs] = (lines.at(-1) ?? '0 0').split(' ').map(Number);
			const message = lines
				.filter((l) => l.startsWith('thinktrim'))
				.join(' ')
				.slice(0, 150);
			done({ rssMb: (kb ?? 0) / 1024, seconds: secs ?? 0, code: code === 0 ? 0 : code, message });
		});
	});
}

async function main(): Promise<void> {
	if (!existsSync(cli)) {
		console.error('bench/hostile: build first (npm run build)');
		process.exit(1);
	}
	console.log(
		`  thinktrim stream against each hostile server (default limits, --idle-timeout ${IDLE_S}); peak RSS of the client process`,
	);
	let worst = 0;
	for (const [name, handler] of Object.entries(cases)) {
		const server = await serve(handler);
		const r = await runCli(server.url, !name.startsWith('endless /v1'));
		await server.close();
		worst = Math.max(worst, r.rssMb);
		console.log(
			`  ${name.padEnd(38)} rss ${r.rssMb.toFixed(0).padStart(4)} MB  ${r.seconds.toFixed(2).padStart(6)} s  exit ${String(r.code)}  ${r.message}`,
		);
	}
	console.log(`  worst peak RSS ${worst.toFixed(0)} MB (target ≤ 256 MB)`);
	if (worst > 256) {
		process.exitCode = 1;
	}
}

void main();

// The floor of any Node relay on this machine, for the gateway benchmark's `relay` scenario: a plain
// node:http server that forwards each request to the upstream and writes every piece of the upstream's
// body to the client as it arrives, parsing nothing. Usage: `tsx bench/bareRelay.ts UPSTREAM_ORIGIN`.
// Prints `relay at http://…/v1` once listening and its CPU seconds when stopped (SIGTERM).
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.argv[2] ?? 'http://127.0.0.1:8000');
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

const server = createServer((req, res) => {
	const parts: Buffer[] = [];
	req.on('data', (b: Buffer) => parts.push(b));
	req.on('end', () => {
		const body = Buffer.concat(parts);
		const up = request(
			{
				host: upstream.hostname,
				port: upstream.port,
				path: req.url,
				method: req.method,
				agent,
				headers: { 'content-type': 'application/json', 'content-length': body.length },
			},
			(upRes) => {
				res.writeHead(upRes.statusCode ?? 502, {
					'content-type': upRes.headers['content-type'] ?? 'text/event-stream',
				});
				upRes.on('data', (piece: Buffer) => res.write(piece));
				upRes.on('end', () => res.end());
			},
		);
		up.on('error', () => res.destroy());
		up.end(body);
	});
});

process.on('SIGTERM', () => {
	const cpu = process.cpuUsage();
	console.error(
		`relay CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)} s)`,
	);
	process.exit(0);
});
server.listen(0, '127.0.0.1', () => {
	console.error(`relay at http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
});

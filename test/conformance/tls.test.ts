/**
 * HTTPS endpoints as MindIE serves them by default: a private CA, optionally mutual TLS. Certificates are
 * made for the test with the openssl CLI (the suite skips when it is missing).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	ReasoningClient,
	type ReasoningClientOptions,
} from '../../src/core/stream/reasoningClient';
import { collectStream, type StreamResult } from '../../src/core/stream/streamEvents';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { conformanceTraces, FAST } from './conformanceKit';

function hasOpenssl(): boolean {
	try {
		execFileSync('openssl', ['version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates(dir: string): void {
	const run = (...args: string[]): void => {
		execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
	};
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	run(
		'req',
		'-x509',
		...ec,
		'-keyout',
		'ca.key',
		'-out',
		'ca.pem',
		'-days',
		'2',
		'-subj',
		'/CN=ThinkTrim Test CA',
	);
	for (const [name, usage, san] of [
		['server', 'serverAuth', 'subjectAltName=IP:127.0.0.1'],
		['client', 'clientAuth', 'subjectAltName=DNS:thinktrim-client'],
	] as const) {
		writeFileSync(
			join(dir, `${name}.ext`),
			`${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=${usage}\n`,
		);
		run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
		run(
			'x509',
			'-req',
			'-in',
			`${name}.csr`,
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-out',
			`${name}.pem`,
			'-days',
			'2',
			'-extfile',
			`${name}.ext`,
		);
	}
}

const skip = hasOpenssl() ? false : 'the openssl CLI is not installed';
const trace = conformanceTraces()[0];

describe('conformance: HTTPS with a private CA (MindIE default)', { skip }, () => {
	let dir = '';
	let https: RunningEmulator | undefined;
	let mtls: RunningEmulator | undefined;
	let plain: RunningEmulator | undefined;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'thinktrim-tls-'));
		makeCertificates(dir);
		const pem = (f: string): string => readFileSync(join(dir, f), 'utf8');
		const traces = conformanceTraces();
		https = await startEmulator({
			...FAST,
			dialect: 'mindie',
			traces,
			tls: { cert: pem('server.pem'), key: pem('server.key') },
		});
		mtls = await startEmulator({
			...FAST,
			dialect: 'mindie',
			traces,
			tls: {
				cert: pem('server.pem'),
				key: pem('server.key'),
				ca: pem('ca.pem'),
				requestClientCert: true,
			},
		});
		plain = await startEmulator({ ...FAST, dialect: 'vllm', traces });
	});

	after(async () => {
		await Promise.all([https?.close(), mtls?.close(), plain?.close()]);
		rmSync(dir, { recursive: true, force: true });
	});

	async function stream(
		baseUrl: string,
		options: Partial<ReasoningClientOptions> = {},
	): Promise<StreamResult> {
		const client = await ReasoningClient.create({
			baseUrl,
			dialect: 'mindie',
			maxRetries: 0,
			...options,
		});
		try {
			return await collectStream(
				client.streamChat({
					model: 'DeepSeek-R1-Distill-Qwen-32B',
					messages: [{ role: 'user', content: trace?.problem ?? '' }],
				}),
			);
		} finally {
			await client.close();
		}
	}

	it('says the certificate is not trusted when no CA file is given', async () => {
		const result = await stream(https?.url ?? '');
		assert.equal(result.error?.kind, 'tls');
		assert.match(result.error.message, /is not trusted .*set the CA file/);
	});

	it('streams over HTTPS with the CA file', async () => {
		const result = await stream(https?.url ?? '', { tls: { caFile: join(dir, 'ca.pem') } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.thinking, trace?.thinking);
		assert.equal(result.answer, trace?.final);
	});

	it('needs the client certificate when the server asks for one, and works with it', async () => {
		const without = await stream(mtls?.url ?? '', { tls: { caFile: join(dir, 'ca.pem') } });
		assert.ok(without.error !== undefined);
		// TLS 1.3 reports the server's rejection as a reset or as an alert, depending on timing.
		assert.ok(
			without.error.kind === 'tls' || without.error.kind === 'connection-reset',
			`${without.error.kind}: ${without.error.message}`,
		);
		assert.match(without.error.message, /client certificate/);
		const withCert = await stream(mtls?.url ?? '', {
			tls: {
				caFile: join(dir, 'ca.pem'),
				certFile: join(dir, 'client.pem'),
				keyFile: join(dir, 'client.key'),
			},
		});
		assert.equal(withCert.error, undefined, withCert.error?.message);
		assert.equal(withCert.answer, trace?.final);
	});

	it('explains http:// against an HTTPS server and https:// against an HTTP one', async () => {
		const httpToTls = await stream((https?.url ?? '').replace('https://', 'http://'));
		assert.equal(httpToTls.error?.kind, 'connection-reset', httpToTls.error?.message);
		assert.match(httpToTls.error.message, /use https:\/\//);
		const tlsToHttp = await stream((plain?.url ?? '').replace('http://', 'https://'));
		assert.equal(tlsToHttp.error?.kind, 'tls');
		assert.match(tlsToHttp.error.message, /does not speak HTTPS/);
	});

	it('reports an unreadable CA file before connecting', async () => {
		await assert.rejects(
			ReasoningClient.create({
				baseUrl: https?.url ?? '',
				tls: { caFile: join(dir, 'missing.pem') },
			}),
			/Cannot read the CA file .*missing\.pem/,
		);
	});
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import {
	checkChunk,
	errorBodyMessage,
	httpStatusError,
	idleTimeoutError,
	StreamError,
	toStreamError,
	type ErrorContext,
} from '../../../src/core/stream/errors';

const ctx: ErrorContext = { baseUrl: 'http://gpu-1:8000/v1', model: 'qwq', phase: 'request' };
const headers = new Headers({ 'content-type': 'application/json' });

/** The SDK's own error for a status and JSON body (flat bodies are wrapped as the SDK does since 7.5). */
function sdkError(status: number, body: unknown): APIError {
	const wrapped =
		typeof body === 'object' && body !== null && (body as { error?: unknown }).error == null
			? { error: body }
			: body;
	return APIError.generate(status, wrapped as object, undefined, headers);
}

function connectionError(code: string, message = 'boom'): APIConnectionError {
	const socket = Object.assign(new Error(message), { code });
	return new APIConnectionError({ cause: new TypeError('fetch failed', { cause: socket }) });
}

describe('errorBodyMessage', () => {
	it('reads nested, flat, string and FastAPI bodies', () => {
		assert.equal(
			errorBodyMessage({ error: { message: 'nested', type: 'BadRequestError', code: 400 } }),
			'nested',
		);
		assert.equal(
			errorBodyMessage({ object: 'error', message: 'flat', type: 'BadRequestError', code: 400 }),
			'flat',
		);
		assert.equal(errorBodyMessage({ error: 'Unauthorized' }), 'Unauthorized');
		assert.equal(errorBodyMessage({ detail: 'Not Found' }), 'Not Found');
		assert.equal(errorBodyMessage({}), undefined);
	});
});

describe('toStreamError', () => {
	it('keeps the server message of a nested 400 and of a flat one (old vLLM)', () => {
		const nested = toStreamError(
			sdkError(400, {
				error: {
					message: 'top_logprobs too large',
					type: 'BadRequestError',
					param: null,
					code: 400,
				},
			}),
			ctx,
		);
		assert.equal(nested.kind, 'bad-request');
		assert.match(nested.message, /top_logprobs too large/);
		const flat = toStreamError(
			sdkError(400, {
				object: 'error',
				message: 'bad field',
				type: 'BadRequestError',
				param: null,
				code: 400,
			}),
			ctx,
		);
		assert.equal(flat.kind, 'bad-request');
		assert.equal(flat.serverMessage, 'bad field');
	});

	it('recognises context length exceeded in any body shape', () => {
		const e = toStreamError(
			sdkError(400, {
				object: 'error',
				message:
					"This model's maximum context length is 32768 tokens. However, you requested 40000 tokens",
				code: 400,
			}),
			ctx,
		);
		assert.equal(e.kind, 'context-length');
		assert.match(e.message, /Shorten the prompt or lower max_tokens/);
	});

	it("says to check the API key on 401 with vLLM's string body", () => {
		const e = toStreamError(sdkError(401, { error: 'Unauthorized' }), ctx);
		assert.equal(e.kind, 'unauthorized');
		assert.match(e.message, /API key/);
	});

	it('lists the models the server has on 404 for an unknown model', () => {
		const err = sdkError(404, {
			error: {
				message: 'The model `qwq` does not exist.',
				type: 'NotFoundError',
				param: 'model',
				code: 404,
			},
		});
		const e = toStreamError(err, { ...ctx, availableModels: ['Qwen/QwQ-32B', 'r1'] });
		assert.equal(e.kind, 'model-not-found');
		assert.equal(
			e.message,
			'The server has no model "qwq"; it serves: Qwen/QwQ-32B, r1. Set the model to one it serves.',
		);
	});

	it('explains a 404 that is not about the model as a base-URL problem', () => {
		const e = toStreamError(sdkError(404, { detail: 'Not Found' }), ctx);
		assert.equal(e.kind, 'not-found');
		assert.match(e.message, /must end with \/v1/);
	});

	it('marks 5xx, 429 and connection failures before the first byte as retryable, and nothing mid-stream', () => {
		assert.equal(toStreamError(sdkError(503, { error: { message: 'busy' } }), ctx).retryable, true);
		assert.equal(
			toStreamError(sdkError(429, { error: { message: 'slow down' } }), ctx).retryable,
			true,
		);
		assert.equal(toStreamError(sdkError(400, { error: { message: 'no' } }), ctx).retryable, false);
		assert.equal(toStreamError(connectionError('ECONNREFUSED'), ctx).retryable, true);
		assert.equal(
			toStreamError(connectionError('ECONNRESET'), { ...ctx, phase: 'stream' }).retryable,
			false,
		);
	});

	it('names connection refused, reset, DNS and TLS failures', () => {
		assert.equal(toStreamError(connectionError('ECONNREFUSED'), ctx).kind, 'connection-refused');
		assert.match(toStreamError(connectionError('ECONNREFUSED'), ctx).message, /gpu-1:8000/);
		const reset = toStreamError(
			new TypeError('terminated', {
				cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
			}),
			{ ...ctx, phase: 'stream' },
		);
		assert.equal(reset.kind, 'connection-reset');
		assert.match(reset.message, /in the middle of the stream/);
		assert.equal(toStreamError(connectionError('ENOTFOUND'), ctx).kind, 'dns');
		const untrusted = toStreamError(
			connectionError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
			ctx,
		);
		assert.equal(untrusted.kind, 'tls');
		assert.match(untrusted.message, /CA file/);
		const plain = toStreamError(
			connectionError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
			ctx,
		);
		assert.match(plain.message, /does not speak HTTPS/);
		assert.match(
			toStreamError(connectionError('ERR_TLS_CERT_ALTNAME_INVALID'), ctx).message,
			/does not name that host/,
		);
	});

	it('turns an SSE error event into a mid-stream error with the server words', () => {
		const e = toStreamError(
			new APIError(
				undefined,
				{ message: 'engine died', type: 'InternalServerError', code: 500 },
				undefined,
				headers,
			),
			{ ...ctx, phase: 'stream' },
		);
		assert.equal(e.kind, 'stream-error');
		assert.equal(e.status, 500);
		assert.equal(e.message, 'The server reported an error mid-stream: engine died.');
	});

	it('maps malformed JSON, user abort and passes StreamErrors through', () => {
		assert.equal(toStreamError(new SyntaxError('Unexpected token'), ctx).kind, 'malformed-stream');
		assert.equal(toStreamError(new APIUserAbortError(), ctx).kind, 'aborted');
		const own = idleTimeoutError(1500, 'stream');
		assert.equal(toStreamError(own, ctx), own);
		assert.equal(
			own.message,
			'No data from the server for 1.5 s (idle timeout); the stream was stopped and the text so far kept.',
		);
	});
});

describe('httpStatusError', () => {
	it('reads a non-JSON body as text', () => {
		const e = httpStatusError(502, 'Bad Gateway', ctx);
		assert.equal(e.kind, 'server-error');
		assert.equal(e.serverMessage, 'Bad Gateway');
	});
});

describe('checkChunk', () => {
	it('throws a mid-stream error for a flat error object (vLLM ≤ 0.10.0 streams these as data)', () => {
		assert.throws(
			() =>
				checkChunk({
					object: 'error',
					message: 'CUDA out of memory',
					type: 'InternalServerError',
					code: 500,
				}),
			(e: unknown) =>
				e instanceof StreamError &&
				e.kind === 'stream-error' &&
				e.message.includes('CUDA out of memory'),
		);
	});

	it('rejects chunks without choices and accepts usage chunks with empty choices', () => {
		assert.throws(
			() => checkChunk({ id: 'x' }),
			(e: unknown) => e instanceof StreamError && e.kind === 'malformed-stream',
		);
		assert.doesNotThrow(() => checkChunk({ id: 'x', choices: [], usage: { prompt_tokens: 1 } }));
	});

	it("classifies llama.cpp's exceed_context_size_error (current and older wordings) as context length", () => {
		const body = {
			error: {
				code: 400,
				message:
					'request (4476 tokens) exceeds the available context size (4096 tokens), try increasing it',
				type: 'exceed_context_size_error',
				n_prompt_tokens: 4476,
				n_ctx: 4096,
			},
		};
		const e = toStreamError(sdkError(400, body), ctx);
		assert.equal(e.kind, 'context-length');
		assert.match(
			e.message,
			/does not fit the model's context: request \(4476 tokens\) exceeds the available context size \(4096 tokens\)/,
		);
		assert.equal(
			httpStatusError(
				400,
				JSON.stringify({
					error: {
						code: 400,
						message:
							'input (9000 tokens) is larger than the max context size (8192 tokens). skipping',
						type: 'exceed_context_size_error',
					},
				}),
				ctx,
			).kind,
			'context-length',
		);
		assert.equal(
			httpStatusError(
				400,
				JSON.stringify({
					error: { code: 400, message: 'some other refusal', type: 'exceed_context_size_error' },
				}),
				ctx,
			).kind,
			'context-length',
			'the type alone decides',
		);
	});
});

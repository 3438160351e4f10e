import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	builtInTemplateFor,
	renderChatTemplate,
	templateFromFileText,
} from '../../../src/core/stream/chatTemplates';
import { buildContinuationPrompt } from '../../../src/core/stream/continuation';
import {
	compareVersions,
	defaultBaseUrl,
	normalizeBaseUrl,
	parseModels,
	serverKindFrom,
	serverRoot,
	vllmDialectForVersion,
} from '../../../src/core/stream/discovery';

describe('buildContinuationPrompt', () => {
	it('appends the kept thinking and closes the thought after a prompt that opened it', () => {
		assert.equal(
			buildContinuationPrompt('<｜User｜>Q<｜Assistant｜><think>\n', 'So 5.'),
			'<｜User｜>Q<｜Assistant｜><think>\nSo 5.\n</think>\n\n',
		);
	});

	it('opens the thought when the rendered prompt does not (original Qwen3 templates)', () => {
		assert.equal(
			buildContinuationPrompt('<|im_start|>assistant\n', 'Hmm.'),
			'<|im_start|>assistant\n<think>\nHmm.\n</think>\n\n',
		);
	});

	it('adds the guide sentence as its own paragraph and does not double newlines', () => {
		assert.equal(
			buildContinuationPrompt('P<think>\n', 'So 5.\n\n', 'Time to answer.'),
			'P<think>\nSo 5.\n\nTime to answer.\n</think>\n\n',
		);
		assert.equal(
			buildContinuationPrompt('P<think>\n', 'So 5.', '  Time to answer. '),
			'P<think>\nSo 5.\n\nTime to answer.\n</think>\n\n',
		);
	});
});

describe('chat templates (rendered with @huggingface/jinja)', () => {
	it('renders the built-in R1 template with the generation prompt opening the thought', async () => {
		const spec = builtInTemplateFor('deepseek-ai/DeepSeek-R1-Distill-Qwen-32B');
		assert.ok(spec);
		const text = await renderChatTemplate(spec, [
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'What is 2+3?' },
		]);
		assert.equal(
			text,
			'<｜begin▁of▁sentence｜>Be brief.<｜User｜>What is 2+3?<｜Assistant｜><think>\n',
		);
	});

	it('renders ChatML for QwQ/Qwen3, and the empty thought when thinking is off', async () => {
		const spec = builtInTemplateFor('Qwen/QwQ-32B');
		assert.ok(spec);
		const on = await renderChatTemplate(spec, [{ role: 'user', content: 'Hi' }]);
		assert.equal(on, '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n');
		const off = await renderChatTemplate(spec, [{ role: 'user', content: 'Hi' }], {
			thinking: false,
		});
		assert.ok(off.endsWith('<|im_start|>assistant\n<think>\n\n</think>\n\n'));
		assert.equal(builtInTemplateFor('meta-llama/Llama-3.1-8B-Instruct'), undefined);
	});

	it('reads a template from tokenizer_config.json with its special tokens', async () => {
		const config = JSON.stringify({
			chat_template:
				'{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}',
			bos_token: { content: '<s>' },
			eos_token: '</s>',
		});
		const spec = templateFromFileText(config);
		assert.equal(spec.bosToken, '<s>');
		assert.equal(
			await renderChatTemplate(spec, [{ role: 'user', content: 'x' }]),
			'<s>[user]x[assistant]',
		);
		assert.equal(
			templateFromFileText('{% for m in messages %}{{ m.content }}{% endfor %}').bosToken,
			undefined,
		);
		assert.throws(() => templateFromFileText('{"bos_token":"<s>"}'), /No "chat_template"/);
	});

	it('reports a template that does not parse', async () => {
		await assert.rejects(renderChatTemplate({ template: '{% for %}' }, []), /does not parse/);
	});
});

describe('discovery helpers', () => {
	it('maps vLLM versions to the reasoning field era', () => {
		assert.equal(vllmDialectForVersion('0.9.1'), 'vllm-legacy');
		assert.equal(vllmDialectForVersion('0.11.0'), 'vllm-legacy');
		assert.equal(vllmDialectForVersion('0.11.2'), 'vllm-transition');
		assert.equal(vllmDialectForVersion('0.15.1+cu128'), 'vllm-transition');
		assert.equal(vllmDialectForVersion('0.16.0rc1'), 'vllm');
		assert.ok(compareVersions('0.10.1', '0.9.2') > 0);
	});

	it('reads the model lists of vLLM, MindIE and llama.cpp and tells the servers apart', () => {
		const vllm = {
			data: [{ id: 'Qwen/QwQ-32B', owned_by: 'vllm', max_model_len: 32768, parent: null }],
		};
		const mindie = { data: [{ id: 'qwen3', owned_by: 'motor', p_max_seqlen: 8192 }] };
		const llama = { data: [{ id: 'm.gguf', owned_by: 'llamacpp', meta: { n_ctx_train: 131072 } }] };
		assert.equal(parseModels(vllm)[0]?.maxModelLen, 32768);
		assert.equal(parseModels(mindie)[0]?.maxModelLen, 8192);
		assert.equal(parseModels(llama)[0]?.maxModelLen, 131072);
		assert.equal(serverKindFrom(parseModels(vllm), vllm, '0.13.0', undefined), 'vllm');
		assert.equal(serverKindFrom(parseModels(mindie), mindie, undefined, undefined), 'mindie');
		assert.equal(serverKindFrom(parseModels(llama), llama, undefined, undefined), 'llamacpp');
		assert.equal(serverKindFrom([], {}, undefined, undefined), 'unknown');
		assert.deepEqual(parseModels({ data: [{ nope: 1 }, 'x'] }), []);
	});

	it('adds /v1 to a bare server URL and knows the default ports', () => {
		assert.equal(normalizeBaseUrl('http://gpu:8000'), 'http://gpu:8000/v1');
		assert.equal(normalizeBaseUrl(' http://gpu:8000/ '), 'http://gpu:8000/v1');
		assert.equal(normalizeBaseUrl('http://gpu:8000/v1/'), 'http://gpu:8000/v1');
		assert.equal(normalizeBaseUrl('https://gateway/llm/v1'), 'https://gateway/llm/v1');
		assert.equal(defaultBaseUrl('npu-1', 'mindie'), 'https://npu-1:1025/v1');
		assert.equal(defaultBaseUrl('gpu-1'), 'http://gpu-1:8000/v1');
	});

	it('finds the server root of a base URL', () => {
		assert.equal(serverRoot('https://npu:1025/v1/'), 'https://npu:1025');
		assert.equal(serverRoot('http://h:8000/v1'), 'http://h:8000');
	});
});

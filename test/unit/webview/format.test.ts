import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutFullStop } from '../../../webview/format';

describe('withoutFullStop (a message placed mid-sentence in the status line)', () => {
	it('drops one closing full stop, so "… failed: X.. Showing" cannot happen', () => {
		assert.equal(
			withoutFullStop('the server closed the connection.'),
			'the server closed the connection',
		);
		assert.equal(withoutFullStop('idle for 60 s. '), 'idle for 60 s');
	});
	it('keeps an ellipsis and text without a full stop as they are', () => {
		assert.equal(withoutFullStop('still waiting...'), 'still waiting...');
		assert.equal(withoutFullStop('HTTP 502'), 'HTTP 502');
	});
});

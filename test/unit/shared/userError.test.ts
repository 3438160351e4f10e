import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	actionsOf,
	messageOf,
	OPEN_LOG,
	openSettings,
	UserError,
} from '../../../src/shared/userError';

describe('UserError', () => {
	it('carries the message, the cause and the actions', () => {
		const cause = new Error('ENOENT: no such file');
		const err = new UserError('Cannot read the chat template x.json', {
			cause,
			actions: [openSettings('thinktrim.endpoint.chatTemplate')],
		});
		assert.equal(err.message, 'Cannot read the chat template x.json');
		assert.equal(err.cause, cause);
		assert.deepEqual(actionsOf(err), [
			{ kind: 'open-settings', setting: 'thinktrim.endpoint.chatTemplate' },
		]);
		assert.ok(err instanceof Error);
	});

	it('has no actions and no cause unless given', () => {
		const err = new UserError('plain');
		assert.deepEqual(err.actions, []);
		assert.equal(err.cause, undefined);
		assert.equal('cause' in err, false);
	});

	it('other thrown values offer no actions; their message is their text', () => {
		assert.deepEqual(actionsOf(new Error('x')), []);
		assert.equal(messageOf(new TypeError('bad type')), 'bad type');
		assert.equal(messageOf('a string'), 'a string');
		assert.equal(messageOf(42), '42');
		assert.deepEqual(OPEN_LOG, { kind: 'open-log' });
	});
});

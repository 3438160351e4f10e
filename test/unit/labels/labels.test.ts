import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThoughtLabeler, type ThoughtLabel } from '../../../src/core/labels/thoughtLabeler';
import { handMadeChain, type HandMadeThought } from '../policies/handMade';

function label(spec: readonly HandMadeThought[], finalize = false): ThoughtLabel[] {
	const labeler = new ThoughtLabeler();
	for (const step of handMadeChain(spec).steps) {
		labeler.add(step);
	}
	if (finalize) {
		labeler.finalize();
	}
	return [...labeler.all];
}

describe('ThoughtLabeler', () => {
	it('labels the first answer a useful conclusion, re-checks as verifications, the later ones redundant', () => {
		const labels = label([
			{ text: 'Let me set up the equations.\n\n' },
			{ answer: '204', text: 'So the total is 204 minutes.\n\n' },
			{
				answer: '204',
				marker: 'Wait',
				text: 'Wait, let me check: 3.4 hours is 204 minutes. So 204.\n\n',
			},
			{ answer: '204', marker: 'But', text: 'But let me verify once more: 204.\n\n' },
		]);
		assert.deepEqual(
			labels.map((l) => [l.role, l.usefulness]),
			[
				['progress', 'useful'],
				['conclusion', 'useful'],
				['verification', 'useful'],
				['verification', 'redundant'],
			],
		);
		assert.equal(labels[1]?.reason, 'states answer 204 for the first time');
		assert.equal(labels[2]?.reason, 'confirms answer 204 from thought 2');
		assert.equal(labels[3]?.reason, 're-checks answer 204, already confirmed once');
		assert.equal(labels[3]?.refersTo, 1);
	});

	it('says "already confirmed twice" and points every re-check at the first statement', () => {
		const labels = label([{ answer: '5' }, { answer: '5' }, { answer: '5' }, { answer: '5' }]);
		assert.equal(labels[3]?.reason, 're-checks answer 5, already confirmed twice');
		assert.deepEqual(
			labels.map((l) => l.refersTo),
			[undefined, 0, 0, 0],
		);
	});

	it('marks a changed answer useful, as a backtrack when the thought says it was wrong', () => {
		const labels = label([
			{ answer: '2.5' },
			{
				answer: '3',
				marker: 'Wait',
				text: 'Wait, that is wrong, I made a mistake. It should be 3.\n\n',
			},
			{
				answer: '7',
				marker: 'Alternatively',
				text: 'Alternatively, another approach gives 7.\n\n',
			},
		]);
		assert.deepEqual(
			labels.map((l) => l.role),
			['conclusion', 'backtrack', 'alternative'],
		);
		assert.equal(labels[1]?.reason, 'changes the answer from 2.5 to 3');
		assert.equal(labels[1]?.refersTo, 0);
		assert.ok(labels.every((l) => l.usefulness === 'useful'));
	});

	it('notices a return to an earlier answer', () => {
		const labels = label([{ answer: '4' }, { answer: '5' }, { answer: '4', same: false }]);
		assert.equal(
			labels[2]?.reason,
			'changes the answer from 5 to 4 (back to the answer of thought 1)',
		);
	});

	it('leaves thoughts after an answer undecided, then resolves them with hindsight', () => {
		const spec: HandMadeThought[] = [
			{ answer: '10' },
			{ marker: 'Hmm', text: 'Hmm, the units might be off here.\n\n' },
			{ answer: '12', marker: 'Wait', text: 'Wait, I misread it: the answer is 12.\n\n' },
			{ marker: 'Alternatively', text: 'Alternatively, count by rows.\n\n' },
			{ answer: '12' },
		];
		const live = label(spec);
		assert.equal(live[1]?.usefulness, 'undecided');
		assert.equal(live[3]?.usefulness, 'undecided');
		const final = label(spec, true);
		assert.equal(final[1]?.usefulness, 'useful');
		assert.match(final[1]?.reason ?? '', /the answer was still to change after it/);
		assert.equal(final[3]?.usefulness, 'redundant');
		assert.match(final[3]?.reason ?? '', /answer 12 had settled at thought 3 and never changed/);
	});

	it('labels checks of a twice-confirmed answer redundant at once, and checks before any answer useful', () => {
		const labels = label([
			{ text: 'Two boxes of three apples.\n\n' },
			{ marker: 'Let me check', text: 'Let me check the setup: 3 apples per box.\n\n' },
			{ answer: '6' },
			{ answer: '6' },
			{ marker: 'Just to make sure', text: 'Just to make sure, recount the boxes.\n\n' },
		]);
		assert.deepEqual([labels[1]?.role, labels[1]?.usefulness], ['verification', 'useful']);
		assert.deepEqual(
			[labels[4]?.role, labels[4]?.usefulness, labels[4]?.refersTo],
			['verification', 'redundant', 2],
		);
	});
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChainView } from '../../../src/shared/protocol';
import { cutAnswer } from '../../../webview/cutAnswer';
import { intersects, placeLabels, type LabelCandidate } from '../../../webview/labelPlacement';

/** 6 px per character, like an 11 px sans-serif font. */
const space = (
	width: number,
	height: number,
): { width: number; height: number; measure: (t: string) => number } => ({
	width,
	height,
	measure: (t) => t.length * 6,
});

function node(
	id: string,
	x: number,
	y: number,
	text = 'Wait, let me check that again carefully',
): LabelCandidate {
	const short = `#${id}`;
	return { id, x, y, r: 5, full: `${short} ${text}`, short, focus: false };
}

describe('placeLabels', () => {
	it('gives every node its full label when there is room', () => {
		const placed = placeLabels([node('1', 10, 20), node('2', 10, 60)], space(400, 100));
		assert.deepEqual(
			placed.map((p) => p.text),
			['#1 Wait, let me check that again carefully', '#2 Wait, let me check that again carefully'],
		);
	});

	it('cuts a label with an ellipsis before the next node, and never lets labels intersect', () => {
		const row = [node('1', 10, 20), node('2', 120, 20), node('3', 230, 20)];
		const placed = placeLabels(row, space(400, 100));
		assert.ok(placed.every((p) => p.box.x1 <= 400 && p.box.x0 >= 0));
		assert.ok(placed.some((p) => p.text.endsWith('…')));
		for (const a of placed) {
			for (const b of placed) {
				assert.ok(a === b || !intersects(a.box, b.box), `${a.text} / ${b.text}`);
			}
		}
	});

	it('falls back to the number, then to nothing, as the room shrinks (semantic zoom)', () => {
		const crowded = [node('1', 10, 20), node('2', 45, 20), node('3', 70, 20)];
		const placed = placeLabels(crowded, space(400, 100));
		assert.equal(placed.find((p) => p.id === '1')?.text, '#1');
		assert.ok(placed.length < 3 || placed.every((p) => p.text.length <= 3));
	});

	it('places a label left of its node at the right edge, and none outside the view', () => {
		const placed = placeLabels([node('1', 390, 20)], space(400, 100));
		assert.equal(placed[0]?.anchor, 'end');
		assert.ok((placed[0]?.box.x0 ?? -1) >= 0);
		assert.deepEqual(placeLabels([node('1', 500, 20)], space(400, 100)), []);
	});

	it('labels the focused node first', () => {
		const a = node('1', 10, 20);
		const b = { ...node('2', 60, 20), focus: true };
		const placed = placeLabels([a, b], space(400, 100));
		assert.equal(placed[0]?.id, '2');
		assert.equal(placed[0]?.text, b.full);
	});
});

describe('cutAnswer', () => {
	const chain = (switches: Array<[number, string]>): ChainView =>
		({
			answerSwitches: switches.map(([thought, to]) => ({ thought, tokenOffset: thought * 10, to })),
		}) as unknown as ChainView;
	const cut = {
		policy: 'trimr' as const,
		thought: 5,
		tokenOffset: 50,
		trigger: 'overthinking',
		explanation: '',
	};

	it('says when cutting changes the answer, and to what', () => {
		assert.deepEqual(
			cutAnswer(
				chain([
					[2, '41'],
					[8, '42'],
				]),
				cut,
			),
			{ kind: 'changes', text: 'cutting here changes the answer: 42 → 41' },
		);
	});

	it('says when the answer is kept, even if the chain wandered and came back', () => {
		assert.equal(cutAnswer(chain([[2, '42']]), cut)?.kind, 'keeps');
		assert.equal(
			cutAnswer(
				chain([
					[2, '42'],
					[7, '41'],
					[9, '\\boxed{42}'],
				]),
				cut,
			)?.kind,
			'keeps',
		);
	});

	it('says when nothing was stated before the cut', () => {
		assert.equal(cutAnswer(chain([[7, '42']]), cut)?.kind, 'none');
	});
});

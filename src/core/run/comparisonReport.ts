import { timeSavingsText, tokenSavingsText } from '../../shared/savings';
import { escapeHtml } from '../text/html';
import type { RunComparison, RunFigures } from './comparison';

function tokens(n: number): string {
	return n.toLocaleString('en-US');
}

function seconds(ms: number | undefined): string {
	return ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`;
}

function yesNo(value: boolean | undefined): string {
	return value === undefined ? '—' : value ? 'yes' : 'no';
}

/** What the comparison page says about the two runs besides the figures. */
export interface ComparisonContext {
	readonly title: string;
	readonly problem: string;
	readonly originalLabel: string;
	readonly trimmedLabel: string;
	readonly policy: string;
	readonly model?: string;
	readonly goldAnswer?: string;
	/** `replay`: a new run with the policy acting; `whatif`: the answer from a chosen thought. */
	readonly kind: 'replay' | 'whatif';
	/** Set when the replay left the original chain before the cut (see divergence.ts). */
	readonly divergence?: string;
}

/**
 * The side-by-side comparison as a static HTML body (no script): thinking tokens, answer tokens,
 * wall-clock time with the verifier's share, the two answers, whether they agree (and are correct
 * when a gold answer is known), and which rule fired and why. All model text is escaped.
 */
export function comparisonBodyHtml(c: RunComparison, ctx: ComparisonContext): string {
	// data-label: at narrow widths the rows reflow into blocks and each value names its column.
	const row = (label: string, a: string, b: string, cls = ''): string =>
		`<tr class="${cls}"><th scope="row">${escapeHtml(label)}</th>` +
		`<td data-label="${escapeHtml(ctx.originalLabel)}">${a}</td>` +
		`<td data-label="${escapeHtml(ctx.trimmedLabel)}">${b}</td></tr>`;
	const o: RunFigures = c.original;
	const t: RunFigures = c.trimmed;
	const verdict =
		c.sameAnswer === undefined
			? 'The answers could not be compared (one run has no answer).'
			: c.sameAnswer
				? `Same answer${c.comparedBy !== undefined ? ` (compared ${escapeHtml(c.comparedBy)})` : ''}.`
				: 'The answer changed.';
	// The same words as the Reasoning view's header and History (src/shared/savings.ts).
	const tokenText = tokenSavingsText(c.savings);
	const timeText = timeSavingsText(c.savings);
	const slower =
		c.savings.savedMs !== undefined && c.savings.savedMs < 0
			? " (the continuation's extra request cost more than the thinking it saved)"
			: '';
	const saved = `${tokenText.charAt(0).toUpperCase()}${tokenText.slice(1)}${timeText !== undefined ? `; ${timeText}${slower}` : ''}.`;
	return [
		`<h1>${escapeHtml(ctx.title)}</h1>`,
		`<p class="meta">${escapeHtml(
			[
				ctx.kind === 'replay' ? 'Replay with truncation' : 'What if I stopped here?',
				ctx.policy,
				ctx.model,
			]
				.filter((s) => s !== undefined && s !== '')
				.join(' · '),
		)}</p>`,
		`<p class="summary ${c.sameAnswer === false ? 'changed' : 'same'}">${verdict} ${escapeHtml(saved)}</p>`,
		'<table class="comparison">',
		`<thead><tr><th></th><th scope="col">${escapeHtml(ctx.originalLabel)}</th>` +
			`<th scope="col">${escapeHtml(ctx.trimmedLabel)}</th></tr></thead><tbody>`,
		row('Thinking tokens', tokens(o.thinkingTokens), tokens(t.thinkingTokens)),
		row('Answer tokens', tokens(o.answerTokens), tokens(t.answerTokens)),
		row('Time to final answer', seconds(o.wallMs), seconds(t.wallMs)),
		row('… of which verifier calls', seconds(o.verifierMs), seconds(t.verifierMs)),
		row(
			'Answer',
			`<code>${escapeHtml(o.answer ?? '—')}</code>`,
			`<code>${escapeHtml(t.answer ?? '—')}</code>`,
		),
		ctx.goldAnswer !== undefined
			? row(`Correct (gold: ${ctx.goldAnswer})`, yesNo(c.originalCorrect), yesNo(c.trimmedCorrect))
			: '',
		'</tbody></table>',
		ctx.divergence !== undefined
			? `<p class="summary changed divergence">${escapeHtml(ctx.divergence)}</p>`
			: '',
		c.trigger !== undefined
			? `<h2>Why it cut</h2><p><strong>${escapeHtml(c.trigger)}</strong>: ${escapeHtml(c.explanation ?? '')}</p>`
			: '',
		'<p class="note">Times are wall-clock from the request to the last answer token. ' +
			'Verifier calls overlap generation; their sum is shown for transparency and is included in ' +
			"the trimmed run's time whenever the cut waited on them.</p>",
		`<h2>Problem</h2><pre>${escapeHtml(ctx.problem)}</pre>`,
	].join('\n');
}

/**
 * A synthetic but realistic long chain in the style of Gemma-family models on multiple-choice science
 * questions: bold step labels, `##` headings, bullet lists with indented continuations, numbered checks
 * and display math with blank lines inside. Deterministic; `steps` sets its length.
 */
export function markdownChain(steps: number): string {
	const parts: string[] = [
		'Here is my plan for this question about the pendulum and its period.\n\n',
	];
	for (let s = 1; s <= steps; s++) {
		parts.push(`## Step ${s}: Work out part ${s}\n\n`);
		parts.push(`**Setting up part ${s}**\n\n`);
		parts.push(
			`The relevant relation for part ${s} is the small-angle period, and I need to keep track of units carefully. ${'The length is given in metres and the acceleration in metres per second squared, so the period comes out in seconds. '.repeat(3)}\n\n`,
		);
		parts.push(
			`$$\nT_${s} = 2\\pi \\sqrt{\\frac{L}{g}}\n\n= 2\\pi \\sqrt{\\frac{${s}.0}{9.81}}\n$$\n\n`,
		);
		parts.push(
			`* First consideration for part ${s}: the amplitude is small, so the approximation holds.\n\n  This continuation belongs to the bullet above and explains why the error is below one percent.\n\n`,
		);
		parts.push(`* Second consideration: air resistance is neglected in every option.\n\n`);
		parts.push(
			`1. Check option A for part ${s}: it doubles the length, which multiplies the period by sqrt(2).\n\n`,
		);
		parts.push(
			`2. Check option B for part ${s}: it halves g, which also multiplies the period by sqrt(2).\n\n`,
		);
		parts.push(`\\[\n\\frac{T'}{T} = \\sqrt{2}\n\n\\approx 1.414\n\\]\n\n`);
		parts.push(
			`- Intermediate result ${s}: ${(2 * Math.PI * Math.sqrt(s / 9.81)).toFixed(3)} s.\n\n`,
		);
	}
	parts.push(
		'**Verification**\n\nBoth options scale the period the same way, so the answer is (C).',
	);
	return parts.join('');
}

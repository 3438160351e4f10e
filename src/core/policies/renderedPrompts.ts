/**
 * The chat-templated prompt of each problem, rendered once and shared by every probe or trial of that
 * problem; a failed render is forgotten so that the next request tries again.
 */
export class RenderedPrompts {
	private readonly rendered = new Map<string, Promise<string>>();

	constructor(private readonly render: (problem: string | undefined) => Promise<string>) {}

	get(problem: string | undefined): Promise<string> {
		const key = problem ?? '';
		let prefix = this.rendered.get(key);
		if (prefix === undefined) {
			prefix = this.render(problem);
			this.rendered.set(key, prefix);
			prefix.catch(() => this.rendered.delete(key));
		}
		return prefix;
	}
}

/** The rendered prompt + thinking so far: opens the thinking when the template did not. */
export function promptWithThinking(rendered: string, thinking: string): string {
	const opened = /<think>\s*$/.test(rendered) || thinking.trimStart().startsWith('<think>');
	return `${rendered}${opened ? '' : '<think>\n'}${thinking}`;
}

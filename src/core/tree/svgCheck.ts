/** Tags an exported tree never contains; their presence means the SVG was not made by the view. */
const FORBIDDEN_TAG =
	/^<\s*(script|foreignobject|iframe|object|embed|image|use|a|animate|set|handler)\b/i;
/** Event-handler attributes and script URLs inside a tag. */
const ACTIVE_ATTRIBUTE = /\son[a-z]+\s*=|(?:href|src)\s*=\s*["']?\s*(?:javascript|data):/i;

/**
 * Checks an SVG document that claims to be the view's drawing of the tree before the host writes it to
 * disk: only passive SVG (groups, paths, text, lines, rects, titles). Model text inside it is escaped by
 * the serializer (`&lt;`), so every `<` starts a real tag and only tags need checking. Returns why the
 * SVG is refused, or undefined when it is fine.
 */
export function checkExportedSvg(svg: string): string | undefined {
	if (!/^<svg[\s>]/.test(svg)) {
		return 'it is not an SVG document';
	}
	for (const match of svg.matchAll(/<[^>]*>/g)) {
		const tag = match[0];
		if (FORBIDDEN_TAG.test(tag)) {
			return `it contains a <${tag.slice(1).split(/[\s>/]/, 1)[0] ?? ''}> element`;
		}
		if (ACTIVE_ATTRIBUTE.test(tag)) {
			return 'it contains an event handler or a script URL';
		}
	}
	return undefined;
}

/**
 * The one HTML escaper and the one page skeleton behind every page ThinkTrim writes: the Reasoning view,
 * the standalone tree export, the replay comparison and the dataset report. Each page differs only in its
 * Content-Security-Policy, what its head loads and its body; keeping the rest here means a fix to the
 * skeleton (or the escaper) reaches all of them.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** Escapes text for HTML/SVG element content and quoted attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** What makes one page. */
export interface HtmlPageParts {
	/** Plain text; escaped here. */
	readonly title: string;
	/** The Content-Security-Policy directives, e.g. `default-src 'none'`; escaped here. */
	readonly csp: readonly string[];
	/** Markup for the head after the title (stylesheets, style elements, meta tags): already HTML. */
	readonly head?: string;
	/** The body's markup: already HTML, every outside text in it escaped by the caller. */
	readonly body: string;
}

/** A whole HTML document: UTF-8, a CSP meta tag first in the head, a viewport, then the page's parts. */
export function htmlPage(parts: HtmlPageParts): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(parts.csp.join('; '))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(parts.title)}</title>
${parts.head ?? ''}
</head>
<body>
${parts.body}
</body>
</html>
`;
}

/**
 * Text from trace files and servers must not drive the terminal: an ESC sequence in a model's output could
 * rewrite the screen or the window title. Human-readable output shows such characters as `\xNN` instead.
 */

// C0 controls except tab and newline, DEL, and the C1 range (U+0080–U+009F, which some terminals obey).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` with control characters (other than newline and tab) shown as `\xNN`. */
export function escapeControlChars(text: string): string {
	return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * The server's chat template, learned once per conversation shape (docs/endpoints.md#continuation-after-a-cut).
 * Rendering through the server costs three requests per cut (/tokenize, /detokenize and the round-trip
 * check); under load a burst of cuts turns into a burst of requests on the model server and the gateway.
 * So the server renders, once per model, template arguments and sequence of roles, a conversation whose
 * messages are sentinels; the rendered text split at the sentinels is the shape's skeleton, and a later
 * conversation of that shape is rendered by putting its messages between the pieces. Templates copy a
 * message's text as it is (some trim it), so that is exact for plain text; a message a template might treat
 * specially (leading or trailing white space, special-token or tool markup, the sentinel itself) is
 * rendered by the server as before. Skeletons expire (a template may print the date).
 */
import type { ChatMessage } from './chatWire';

/** How long a learned skeleton is used before the server is asked again. */
const SKELETON_TTL_MS = 10 * 60 * 1000;
/** Shapes remembered; the oldest learned is forgotten first. */
const SKELETON_CAPACITY = 64;
const SENTINEL = 'ThinkTrimSentinel';

/** Text a template may inspect or transform rather than copy: such messages are not filled in. */
const SPECIAL_MARKUP =
	/<\||\|>|<｜|｜>|<\/?think>|\[\/?INST\]|<\/?tool|<start_of_turn>|<end_of_turn>|<\|?channel|ThinkTrimSentinel/;

/** Whether every template copies this message's text verbatim (or trimmed, which changes nothing here). */
export function fillable(content: string): boolean {
	return (
		content !== '' &&
		content.trim() === content &&
		!content.startsWith('<') &&
		!content.endsWith('>') &&
		!SPECIAL_MARKUP.test(content)
	);
}

function sentinel(index: number): string {
	return `${SENTINEL}${index}x`;
}

/** The rendered text of the sentinel conversation split at its sentinels, or undefined if they are not each there once, in order. */
export function skeletonPieces(rendered: string, count: number): string[] | undefined {
	const pieces: string[] = [];
	let from = 0;
	for (let i = 0; i < count; i++) {
		const mark = sentinel(i);
		const at = rendered.indexOf(mark, from);
		if (at < 0 || rendered.indexOf(mark, at + mark.length) >= 0) {
			return undefined;
		}
		pieces.push(rendered.slice(from, at));
		from = at + mark.length;
	}
	pieces.push(rendered.slice(from));
	return pieces;
}

/** A conversation put into a skeleton: pieces[0] + message 0 + pieces[1] + … */
export function fillSkeleton(pieces: readonly string[], messages: readonly ChatMessage[]): string {
	let text = pieces[0] ?? '';
	messages.forEach((m, i) => {
		text += m.content + (pieces[i + 1] ?? '');
	});
	return text;
}

/** What a skeleton depends on besides the sequence of roles. */
export interface SkeletonShape {
	readonly server: string;
	readonly model: string;
	readonly kwargs: unknown;
}

function shapeKey(shape: SkeletonShape, messages: readonly ChatMessage[]): string {
	return JSON.stringify([
		shape.server,
		shape.model,
		shape.kwargs ?? null,
		messages.map((m) => m.role),
	]);
}

interface Learned {
	readonly pieces: Promise<string[] | undefined>;
	readonly atMs: number;
}

/** Skeletons learned from one or more servers; share one between the clients of a server (the gateway does). */
export class PromptSkeletons {
	private readonly learned = new Map<string, Learned>();
	/** Shapes whose learning ahead of a cut failed, and when. */
	private readonly failedAhead = new Map<string, number>();

	constructor(private readonly now: () => number = () => Date.now()) {}

	/**
	 * The conversation rendered through its shape's skeleton, learning it with `renderOnServer` first if
	 * needed (concurrent cuts of one shape share one learning); undefined when the conversation or the
	 * template does not allow it (render it on the server then). Errors of the learning are thrown.
	 */
	async render(
		shape: SkeletonShape,
		messages: readonly ChatMessage[],
		renderOnServer: (probe: readonly ChatMessage[]) => Promise<string>,
	): Promise<string | undefined> {
		const pieces = await this.pieces(shape, messages, renderOnServer);
		return pieces !== undefined ? fillSkeleton(pieces, messages) : undefined;
	}

	/**
	 * Learns the skeleton of this conversation's shape before any cut needs it (a run that may cut, at its
	 * start), so that the first cut of a shape does not wait for the server's render. Nothing when the
	 * conversation cannot use a skeleton, when the shape is known, or when learning it ahead failed within
	 * the skeletons' lifetime (a server that refuses is not asked again at every request). Never throws.
	 */
	learnAhead(
		shape: SkeletonShape,
		messages: readonly ChatMessage[],
		renderOnServer: (probe: readonly ChatMessage[]) => Promise<string>,
	): void {
		const key = shapeKey(shape, messages);
		const failedAt = this.failedAhead.get(key);
		if (failedAt !== undefined && this.now() - failedAt <= SKELETON_TTL_MS) {
			return;
		}
		this.pieces(shape, messages, renderOnServer)?.catch(() => {
			this.failedAhead.delete(key);
			this.failedAhead.set(key, this.now());
			if (this.failedAhead.size > SKELETON_CAPACITY) {
				const oldest = this.failedAhead.keys().next().value;
				if (oldest !== undefined) {
					this.failedAhead.delete(oldest);
				}
			}
		});
	}

	/** The shape's skeleton, learned now if unknown or expired; undefined when the messages are not fillable. */
	private pieces(
		shape: SkeletonShape,
		messages: readonly ChatMessage[],
		renderOnServer: (probe: readonly ChatMessage[]) => Promise<string>,
	): Promise<string[] | undefined> | undefined {
		if (messages.length === 0 || !messages.every((m) => fillable(m.content))) {
			return undefined;
		}
		const key = shapeKey(shape, messages);
		let entry = this.learned.get(key);
		if (entry === undefined || this.now() - entry.atMs > SKELETON_TTL_MS) {
			const probe = messages.map((m, i) => ({ role: m.role, content: sentinel(i) }));
			entry = {
				pieces: renderOnServer(probe).then((text) => skeletonPieces(text, probe.length)),
				atMs: this.now(),
			};
			this.remember(key, entry);
			// A failed learning is not kept: the next cut asks again.
			const learning = entry;
			learning.pieces.catch(() => {
				if (this.learned.get(key) === learning) {
					this.learned.delete(key);
				}
			});
		}
		return entry.pieces;
	}

	private remember(key: string, entry: Learned): void {
		this.learned.delete(key);
		this.learned.set(key, entry);
		if (this.learned.size > SKELETON_CAPACITY) {
			const oldest = this.learned.keys().next().value;
			if (oldest !== undefined) {
				this.learned.delete(oldest);
			}
		}
	}
}

import {
	POLICY_NAMES,
	type AnalysisOptionsView,
	type ChainView,
	type PolicyName,
} from '../src/shared/protocol';
import type { ErrorAction } from '../src/shared/userError';
import { el } from './detailPane';
import { errorView } from './errorView';
import { cutAnswer } from './cutAnswer';
import { chainSavings, timeSavingsText, tokenSavingsText } from '../src/shared/savings';
import { bannerText, STATUS_TEXT } from './bannerText';
import { cutOf, formatCount, formatDuration, policyLabel } from './format';
import { makeButton, makeDropdown, makeNumberField, makeTag } from './ui/toolkit';

export interface HeaderEvents {
	/** Show another policy's cut (a view choice, no host round trip). */
	onShowPolicy(policy: PolicyName): void;
	/** Ask the host to re-analyze with these options. */
	onOptions(options: AnalysisOptionsView): void;
	onFit(): void;
	onToggleRuns(): void;
	onExportSvg(): void;
	onExportHtml(): void;
	/** Replay the chain with the stop policy acting (host command). */
	onReplay(): void;
	/** Open the chain in the editor area (absent: the page is already there, or is a standalone file). */
	readonly onOpenInEditor?: () => void;
	/** Analyse the chain again with the current policy and verifier settings (host command). */
	onReanalyze(): void;
	/** Carry out one of a failed chain's actions (absent: no host to ask). */
	readonly onErrorAction?: (action: ErrorAction) => void;
}

/** TrimR's parameters as the header names them: the letter of the paper, then what it means. */
export const POLICY_PARAMETERS = {
	consecutiveAnswers: 'M — answers that must agree before a cut',
	underthinkingThoughts: 'N — thoughts without a settled answer before giving up',
} as const;

/** Where a reopened chain's verdicts come from (figures.verdicts); nothing for a chain analysed as it streamed. */
const VERDICT_SOURCE = {
	recorded: ' · verdicts as recorded with the run',
	analysed: ' · verdicts analysed now with the current settings',
	none: '',
} as const;

/**
 * The header: the chain's title and status, its figures (thinking tokens, kept/saved tokens at the
 * shown cut, time, answer, policy, verifier) and the controls. Figures are redrawn on every patch;
 * controls only when they change, so a streaming chain does not steal focus from them.
 */
export class ChainHeader {
	readonly element: HTMLElement;
	private readonly title: HTMLElement;
	private readonly status: HTMLElement;
	private readonly figures: HTMLElement;
	private readonly banner: HTMLElement;
	private readonly meta: HTMLElement;
	private readonly controls: HTMLElement;
	private controlsKey = '';
	/** What the banner shows as a failure (text and actions), so it is rebuilt only when that changes. */
	private failureKey = '';
	private controlsTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		container: HTMLElement,
		private readonly events: HeaderEvents,
		private readonly standalone: boolean,
	) {
		this.element = el('header', 'chain-header');
		// Inside the view's main landmark a banner would be misplaced (axe: landmark-banner-is-top-level).
		this.element.setAttribute('role', 'group');
		this.element.setAttribute('aria-label', 'Chain figures and controls');
		const top = el('div', 'chain-top');
		// The page's one heading (axe: page-has-heading-one), styled as the header's title line.
		this.title = el('h1', 'chain-title');
		this.status = el('span', 'chain-status');
		top.append(this.title, this.status);
		this.figures = el('div', 'chain-figures');
		this.banner = el('div', 'chain-banner');
		this.banner.setAttribute('role', 'status');
		this.meta = el('div', 'chain-meta');
		this.controls = el('div', 'chain-controls');
		this.element.append(top, this.figures, this.banner, this.meta, this.controls);
		container.appendChild(this.element);
	}

	/** Clears the header (no chain on screen). */
	clear(): void {
		this.element.hidden = true;
		this.controlsKey = '';
		this.failureKey = '';
		clearTimeout(this.controlsTimer);
	}

	render(
		chain: ChainView,
		shown: PolicyName,
		runs: { readonly count: number; readonly collapsed: boolean },
	): void {
		this.element.hidden = false;
		this.title.textContent = chain.title;
		this.title.title = chain.title;
		this.status.replaceChildren(makeTag(STATUS_TEXT[chain.status]));
		this.status.dataset.status = chain.status;
		this.renderFigures(chain, shown);
		this.renderBanner(chain);
		this.meta.textContent = [
			chain.model,
			chain.benchmark,
			chain.source !== undefined ? `trace: ${chain.source}` : undefined,
		]
			.filter((s) => s !== undefined)
			.join(' · ');
		const key = JSON.stringify([
			shown,
			chain.cuts.map((c) => c.policy),
			chain.options,
			runs,
			chain.status === 'streaming',
		]);
		if (key !== this.controlsKey) {
			const first = this.controlsKey === '';
			this.controlsKey = key;
			if (first) {
				// The toolkit's components are slow to create: draw the tree first, the controls a task later.
				clearTimeout(this.controlsTimer);
				this.controlsTimer = setTimeout(() => this.renderControls(chain, shown, runs), 0);
			} else {
				clearTimeout(this.controlsTimer);
				this.renderControls(chain, shown, runs);
			}
		}
	}

	/** The status line; a chain cut short or failed shows it as a failure, with its actions. */
	private renderBanner(chain: ChainView): void {
		const text = bannerText(chain);
		this.banner.dataset.status = chain.status;
		if (chain.status !== 'partial' && chain.status !== 'error') {
			this.failureKey = '';
			this.banner.textContent = text;
			return;
		}
		const key = JSON.stringify([text, chain.statusActions ?? []]);
		if (key !== this.failureKey) {
			this.failureKey = key;
			this.banner.replaceChildren(errorView(text, chain.statusActions, this.events.onErrorAction));
		}
	}

	private renderFigures(chain: ChainView, shown: PolicyName): void {
		const cut = cutOf(chain, shown);
		const parts: [string, string][] = [
			['thoughts', `${formatCount(chain.nodes.length - 1)} thoughts`],
			['tokens', `${formatCount(chain.thinkingTokens)} thinking tokens`],
		];
		// Against the original chain: a replay's own tokens are what it kept, not what it saved.
		const savings = chainSavings(chain, shown);
		if (savings !== undefined) {
			parts.push([
				'kept',
				`kept ${formatCount(savings.keptTokens)} · ${tokenSavingsText(savings)}`,
			]);
			const time = timeSavingsText(savings);
			if (time !== undefined) {
				parts.push(['saved-time', time]);
			}
		}
		if (cut === undefined && chain.status !== 'streaming') {
			parts.push(['no-cut', `${policyLabel(shown)}: no cut`]);
		}
		const flip = cut === undefined ? undefined : cutAnswer(chain, cut);
		if (flip !== undefined) {
			parts.push([`flip-${flip.kind}`, flip.text]);
		}
		if (chain.oracle !== undefined) {
			parts.push(['oracle', `oracle saves ${formatCount(chain.oracle.savedTokens)}`]);
		}
		if (chain.figures.elapsedMs !== undefined) {
			parts.push(['time', formatDuration(chain.figures.elapsedMs)]);
		}
		if (chain.finalAnswer !== undefined) {
			const verdict = chain.goldAnswer === undefined ? '' : ` (gold ${chain.goldAnswer})`;
			parts.push(['answer', `answer ${chain.finalAnswer}${verdict}`]);
		}
		parts.push([
			'policy',
			`${policyLabel(chain.figures.policy)} (${chain.figures.mode === 'watch' ? 'watch: marks the cut' : 'act: cut'})`,
		]);
		const v = chain.figures.verifier;
		const fallbacks =
			v.fallbacks !== undefined && v.fallbacks > 0 ? `, ${v.fallbacks} fallbacks to heuristic` : '';
		const verifier =
			v.kind === 'llm'
				? `LLM verifier${v.model !== undefined ? ` ${v.model}` : ''}${fallbacks}`
				: 'heuristic verifier';
		parts.push(['verifier', `${verifier}${VERDICT_SOURCE[chain.figures.verdicts ?? 'none']}`]);
		const served = chain.figures.served;
		if (served !== undefined) {
			parts.push([
				served.match === 'none' ? 'served-unrelated' : 'served',
				served.match === 'none'
					? `⚠ emulator: no recording of this prompt; served the unrelated "${served.trace}"`
					: `emulator recording ${served.trace} (${served.match})`,
			]);
		}
		// In place: while a chain streams this runs every frame, and only the numbers change.
		const spans = this.figures.children;
		if (
			spans.length !== parts.length ||
			parts.some(([name], i) => !spans[i]?.classList.contains(`figure-${name}`))
		) {
			this.figures.replaceChildren(...parts.map(([name]) => el('span', `figure figure-${name}`)));
		}
		parts.forEach(([, value], i) => {
			const span = spans[i];
			if (span !== undefined && span.textContent !== value) {
				span.textContent = value;
			}
		});
	}

	private renderControls(
		chain: ChainView,
		shown: PolicyName,
		runs: { readonly count: number; readonly collapsed: boolean },
	): void {
		const analyzed = new Set(chain.cuts.map((c) => c.policy));
		const policies = POLICY_NAMES.filter(
			(p) => p !== 'none' && (analyzed.has(p) || p === chain.figures.policy),
		);
		const items: HTMLElement[] = [
			makeDropdown(
				'Cut shown in the tree',
				policies.map((p) => [p, `${policyLabel(p)}${analyzed.has(p) ? '' : ' (no cut)'}`] as const),
				shown,
				(value) => this.events.onShowPolicy(value as PolicyName),
			),
		];
		const options = chain.options;
		if (options !== undefined && !this.standalone) {
			// TrimR's thresholds; the host re-analyses the chain with them (ranges as in the settings).
			items.push(
				makeNumberField(
					POLICY_PARAMETERS.consecutiveAnswers,
					options.consecutiveAnswers,
					(value) => {
						if (
							Number.isInteger(value) &&
							value >= 1 &&
							value <= 10 &&
							value !== options.consecutiveAnswers
						) {
							this.events.onOptions({ ...options, consecutiveAnswers: value });
						}
					},
					'TrimR overthinking: cut once M thoughts in a row state equivalent answers (1–10)',
				),
				makeNumberField(
					POLICY_PARAMETERS.underthinkingThoughts,
					options.underthinkingThoughts,
					(value) => {
						if (
							Number.isInteger(value) &&
							value >= 1 &&
							value <= 10_000 &&
							value !== options.underthinkingThoughts
						) {
							this.events.onOptions({ ...options, underthinkingThoughts: value });
						}
					},
					'TrimR underthinking: cut after N thoughts (and the budget share) without a settled answer (1–10,000)',
				),
			);
		}
		const openInEditor = this.events.onOpenInEditor;
		if (openInEditor !== undefined) {
			items.push(
				makeButton(
					'Open the tree in the editor area',
					'open-preview',
					() => openInEditor(),
					'icon',
				),
			);
		}
		items.push(
			makeButton('Fit the tree to the view', 'screen-full', () => this.events.onFit(), 'icon'),
		);
		if (runs.count > 0) {
			items.push(
				makeButton(
					runs.collapsed ? 'Expand redundant runs' : 'Collapse redundant runs',
					runs.collapsed ? 'unfold' : 'fold',
					() => this.events.onToggleRuns(),
					'icon',
				),
			);
		}
		if (!this.standalone) {
			items.push(
				makeButton('Replay with truncation', 'debug-restart', () => this.events.onReplay(), 'icon'),
			);
			if (chain.status !== 'streaming') {
				items.push(
					makeButton(
						'Re-analyse with the current policy and verifier settings',
						'refresh',
						() => this.events.onReanalyze(),
						'icon',
					),
				);
			}
			items.push(
				makeButton('Save the tree as SVG', 'file-media', () => this.events.onExportSvg(), 'icon'),
			);
			items.push(
				makeButton(
					'Export as a self-contained HTML file',
					'export',
					() => this.events.onExportHtml(),
					'icon',
				),
			);
		}
		this.controls.replaceChildren(...items);
	}
}

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * A folder for one test run's artifacts (screenshots, console and code-server logs). It lives under
 * THINKTRIM_ARTIFACTS (if set) or the system temp folder, and is kept after the run so a failure can be
 * inspected; its path is printed.
 */
export class Artifacts {
	readonly dir: string;

	constructor(label: string) {
		const base = process.env.THINKTRIM_ARTIFACTS ?? join(tmpdir(), 'thinktrim-artifacts');
		mkdirSync(base, { recursive: true });
		this.dir = mkdtempSync(
			join(base, `${label}-${new Date().toISOString().replace(/[:.]/g, '-')}-`),
		);
		console.log(`# artifacts: ${this.dir}`);
	}

	/** The path of an artifact file called `name`. */
	path(name: string): string {
		return join(this.dir, name);
	}

	/** Writes a text artifact. */
	write(name: string, text: string): void {
		writeFileSync(this.path(name), text.endsWith('\n') ? text : `${text}\n`);
	}

	/**
	 * Saves a screenshot of the whole page, or of one element (e.g. a webview's iframe), as `name`.png.
	 * Never throws (it is evidence, not a check): undefined when it could not be taken.
	 */
	async screenshot(target: Page | Locator, name: string): Promise<string | undefined> {
		const file = this.path(`${name}.png`);
		try {
			await target.screenshot({ path: file });
			return file;
		} catch (err) {
			console.log(`# could not save screenshot ${name}: ${String(err)}`);
			return undefined;
		}
	}
}

import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './repo';

/** Where the README's pictures go; THINKTRIM_README_IMAGES=<folder> moves them, =none skips them. */
export const README_IMAGES =
	process.env.THINKTRIM_README_IMAGES ?? join(REPO_ROOT, 'docs', 'images');

/** Copies a screenshot to the README's images as `name`.png. */
export function saveReadmeImage(file: string | undefined, name: string): void {
	if (README_IMAGES === 'none' || file === undefined) {
		return;
	}
	const target = join(README_IMAGES, `${name}.png`);
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(file, target);
	console.log(`# screenshot: ${target}`);
}

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, manifest, runInRepo } from './repo';

/** Where `npm run package` writes the VSIX: `<name>-<version>.vsix` at the repository root. */
export function vsixPath(): string {
	const { name, version } = manifest();
	return join(REPO_ROOT, `${name}-${version}.vsix`);
}

/**
 * The packaged extension, built with `npm run package` when it is missing (`npm test` packages it before the
 * end-to-end tests; a lone `npm run test:e2e` may not have). THINKTRIM_REBUILD_VSIX=1 always rebuilds.
 */
export function ensureVsix(): string {
	const path = vsixPath();
	if (!existsSync(path) || process.env.THINKTRIM_REBUILD_VSIX === '1') {
		console.log(`# building ${path} with npm run package`);
		runInRepo('npm', ['run', 'package']);
	}
	if (!existsSync(path) || statSync(path).size === 0) {
		throw new Error(`npm run package did not produce ${path}`);
	}
	return path;
}

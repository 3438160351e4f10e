/**
 * The Node version the project says it supports (package.json `engines.node`) is one every installed
 * package supports too: the lowest supported version (and, for runtime packages, later LTS majors) satisfy each
 * package's own `engines.node` in package-lock.json (so `npm ci` on it prints no EBADENGINE), and the
 * README says the same version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
type Version = readonly [number, number, number];

function parseVersion(text: string, where: string): Version {
	const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
	if (m === null) {
		throw new Error(`${where}: cannot read the version "${text}"`);
	}
	return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
	return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether `v` satisfies one comparator of the forms npm packages use: `*`, `>=X`, `<=X`, `^X.Y.Z`, `X`, `X.*`. */
function satisfiesComparator(v: Version, comparator: string, where: string): boolean {
	const c = comparator.replace(/\.\*$/, '');
	if (c === '*' || c === '') {
		return true;
	}
	if (c.startsWith('>=')) {
		return compare(v, parseVersion(c.slice(2), where)) >= 0;
	}
	if (c.startsWith('<=')) {
		return compare(v, parseVersion(c.slice(2), where)) <= 0;
	}
	if (c.startsWith('^')) {
		const base = parseVersion(c.slice(1), where);
		return v[0] === base[0] && compare(v, base) >= 0;
	}
	if (/^\d+$/.test(c)) {
		return v[0] === Number(c);
	}
	throw new Error(`${where}: unsupported range "${comparator}" (teach this test the form)`);
}

/** A comparator set: every space-separated comparator holds. */
function satisfiesOne(v: Version, part: string, where: string): boolean {
	const comparators = part
		.trim()
		.replace(/(>=|<=)\s+/g, '$1')
		.split(/\s+/);
	return comparators.every((c) => satisfiesComparator(v, c, where));
}

export function satisfies(v: Version, range: string, where: string): boolean {
	return range.split('||').some((part) => satisfiesOne(v, part, where));
}

describe('Node versions', () => {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
		engines: { node: string };
	};
	const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
		packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }>;
	};
	const declared = /^>=\s*(\S+)$/.exec(pkg.engines.node);

	it('engines.node is a lower bound', () => {
		assert.ok(declared !== null, `engines.node "${pkg.engines.node}" should read ">=X.Y"`);
	});

	it('every installed package supports the lowest supported Node; runtime packages every later LTS major too', () => {
		const lowest = parseVersion(declared?.[1] ?? '', 'package.json engines.node');
		const refused: string[] = [];
		for (const [path, entry] of Object.entries(lock.packages)) {
			const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
			if (path === '' || range === undefined) {
				continue;
			}
			// Dev tools run where CI runs (the lowest version); what ships must run on any later major.
			const versions: Version[] = entry.dev === true ? [lowest] : [lowest, [22, 0, 0], [24, 0, 0]];
			for (const v of versions) {
				if (!satisfies(v, range, path)) {
					refused.push(
						`${path.replace(/^node_modules\//, '')} wants node ${range}, not ${v.join('.')}`,
					);
				}
			}
		}
		assert.deepEqual(refused, []);
	});

	it('the README states the same lowest version', () => {
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		assert.ok(
			readme.includes(`Node ≥ ${declared?.[1] ?? ''}`),
			`README should say "Node ≥ ${declared?.[1] ?? ''}"`,
		);
	});

	it('the range checker refuses what it should', () => {
		assert.equal(satisfies([20, 18, 0], '>=22.0.0', 't'), false);
		assert.equal(satisfies([20, 18, 3], '^20.19.0 || ^22.13.0 || >=24', 't'), false);
		assert.equal(satisfies([21, 0, 0], '18 || 20 || >=22', 't'), false);
		assert.equal(satisfies([20, 19, 0], '^20.19.0 || >=24', 't'), true);
		assert.equal(satisfies([14, 16, 0], '>=16 || 14 >=14.17', 't'), false);
		assert.equal(satisfies([9, 0, 0], '6.* || 8.* || >= 10.*', 't'), false);
	});
});

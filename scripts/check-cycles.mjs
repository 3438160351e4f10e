// Fails when the TypeScript files under the given folders import each other in a cycle (issue 15): a cycle
// makes module load order matter and ties two modules so that neither can be understood or moved alone.
// Type-only imports count too, because they tie the design together just the same.
// Usage: node scripts/check-cycles.mjs [--root DIR] [FOLDER…]   (default: src webview, from the repo root)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parseArgs, tsFilesUnder } from './tsFiles.mjs';

// Relative specifiers only: packages cannot be part of a cycle through our files.
function resolveSpecifier(from, specifier) {
	if (!specifier.startsWith('.')) {
		return undefined;
	}
	const base = resolve(dirname(from), specifier).replace(/\.(js|mjs)$/, '');
	for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
		if (candidate.endsWith('.ts') && existsSync(candidate)) {
			return candidate;
		}
	}
	return undefined;
}

function importGraph(files) {
	const graph = new Map();
	for (const file of files) {
		const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
		const targets = info.importedFiles
			.map((f) => resolveSpecifier(file, f.fileName))
			.filter((t) => t !== undefined);
		graph.set(file, [...new Set(targets)]);
	}
	return graph;
}

// Tarjan's strongly connected components; every component of more than one file (or a file importing
// itself) is a cycle.
function cycles(graph) {
	let index = 0;
	const indexOf = new Map();
	const low = new Map();
	const stack = [];
	const onStack = new Set();
	const found = [];
	const visit = (node) => {
		indexOf.set(node, index);
		low.set(node, index);
		index++;
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!indexOf.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node), low.get(next)));
			} else if (onStack.has(next)) {
				low.set(node, Math.min(low.get(node), indexOf.get(next)));
			}
		}
		if (low.get(node) === indexOf.get(node)) {
			const component = [];
			let member;
			do {
				member = stack.pop();
				onStack.delete(member);
				component.push(member);
			} while (member !== node);
			if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
				found.push(component.sort());
			}
		}
	};
	for (const node of graph.keys()) {
		if (!indexOf.has(node)) {
			visit(node);
		}
	}
	return found;
}

const { root, folders } = parseArgs(process.argv.slice(2));
const files = tsFilesUnder(root, folders);
const graph = importGraph(files);
const found = cycles(graph);
if (found.length === 0) {
	console.log(`no import cycles among ${files.length} files under ${folders.join(', ')}`);
} else {
	for (const component of found) {
		const inCycle = new Set(component);
		console.error(`import cycle among ${component.length} files:`);
		for (const file of component) {
			const into = graph
				.get(file)
				.filter((t) => inCycle.has(t))
				.map((t) => relative(root, t));
			console.error(`  ${relative(root, file)} → ${into.join(', ')}`);
		}
	}
	process.exit(1);
}

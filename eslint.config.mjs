// Lint enforces strictness (no `any`, no floating promises) and the three zones of docs/architecture.md:
// the core knows nothing of VS Code or the DOM, only src/vscode imports `vscode`, the webview is a browser
// bundle that talks to the host only through src/shared/protocol.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns) => ['error', { patterns }];
const noVscode = { group: ['vscode'], message: 'Only src/vscode/ may import `vscode`.' };
const noHost = {
	group: ['**/vscode/*', '**/src/vscode/**'],
	message: 'The VS Code layer is not importable from here.',
};
const noWebview = {
	group: ['**/webview/**'],
	message: 'The webview bundle is not importable from here.',
};
const noCli = {
	group: ['**/cli/*', '**/src/cli/**'],
	message: 'The CLI is not importable from here.',
};
const noCore = {
	group: ['**/core/**', '**/src/core/**'],
	message: 'The webview reaches the core only through src/shared/protocol.ts.',
};
const noNode = {
	group: ['node:*', 'fs', 'path', 'http', 'https', 'child_process'],
	message: 'The webview runs in a browser.',
};
const noUiToolkit = {
	group: ['@vscode/webview-ui-toolkit', '@vscode/webview-ui-toolkit/*'],
	message: 'Use the toolkit only inside webview/ui/.',
};

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'out/**',
			'node_modules/**',
			'e2e/**',
			'.e2e-runs/**',
			'.thinktrim-dev/**',
			'**/*.vsix',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			curly: 'error',
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			'no-console': 'off',
		},
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		...tseslint.configs.disableTypeChecked,
		languageOptions: {
			...tseslint.configs.disableTypeChecked.languageOptions,
			globals: { ...globals.node },
		},
	},
	{
		files: ['src/core/**/*.ts'],
		rules: { 'no-restricted-imports': restrict([noVscode, noHost, noWebview, noCli]) },
	},
	{
		files: ['src/shared/**/*.ts'],
		rules: {
			'no-restricted-imports': restrict([noVscode, noHost, noWebview, noCli, noCore, noNode]),
		},
	},
	{
		files: ['src/cli/**/*.ts'],
		rules: { 'no-restricted-imports': restrict([noVscode, noHost, noWebview]) },
	},
	// The emulator is a plain Node HTTP server (thinktrim emulate, tests, e2e harness): no editor, no browser, no CLI.
	{
		files: ['src/emulator/**/*.ts'],
		rules: { 'no-restricted-imports': restrict([noVscode, noHost, noWebview, noCli]) },
	},
	{
		files: ['src/vscode/**/*.ts'],
		rules: { 'no-restricted-imports': restrict([noWebview, noCli]) },
	},
	{
		files: ['webview/**/*.ts'],
		ignores: ['webview/ui/**'],
		rules: {
			'no-restricted-imports': restrict([noVscode, noHost, noCli, noCore, noNode, noUiToolkit]),
		},
	},
	{
		files: ['webview/ui/**/*.ts'],
		rules: { 'no-restricted-imports': restrict([noVscode, noHost, noCli, noCore, noNode]) },
	},
	{ files: ['webview/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'no-restricted-imports': 'off',
			// node:test's describe/it return promises the runner itself awaits.
			'@typescript-eslint/no-floating-promises': [
				'error',
				{
					allowForKnownSafeCalls: [
						{
							from: 'package',
							package: 'node:test',
							name: [
								'describe',
								'it',
								'test',
								'suite',
								'before',
								'after',
								'beforeEach',
								'afterEach',
							],
						},
					],
				},
			],
		},
	},
);

/** Command ids, as contributed in package.json (category "ThinkTrim"). */
export const Commands = {
	openSampleTrace: 'thinktrim.openSampleTrace',
	showLog: 'thinktrim.showLog',
} as const;

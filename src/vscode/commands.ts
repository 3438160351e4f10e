/** Command ids, as contributed in package.json (category "ThinkTrim"). */
export const Commands = {
	openSampleTrace: 'thinktrim.openSampleTrace',
	showLog: 'thinktrim.showLog',
	/** Analyse the chain on screen (or a History run) again with the current settings. */
	reanalyze: 'thinktrim.reanalyze',
} as const;

/** Prefix of the last line a mocha run in the extension host prints: `<prefix> {"passes":…,"failures":…,"pending":…}`. */
export const SUMMARY_PREFIX = 'thinktrim-integration-summary';

/** Printed just before mocha starts; the runner echoes the relayed output from here on (the rest is workbench noise). */
export const START_MARKER = 'thinktrim-integration-start';

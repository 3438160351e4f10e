/**
 * The Node flags the gateway is run with as deployed: the container image (deploy/gateway/Dockerfile)
 * and the load benchmark start it with these, and `thinktrim gateway` says so when started without
 * them. A young generation of 2 MB instead of V8's up to 16 MB: under 200 streams every scavenge holds
 * the chunks that arrive while it runs, and smaller ones, more often, kept the per-chunk p99 lower on a
 * replica with its own core (docs/benchmarks.md#gateway).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** A flag's name: `--max-semi-space-size=2` → `--max-semi-space-size` (V8 reads `_` as `-`). */
function flagName(flag: string): string {
	return flag.split('=')[0]?.replaceAll('_', '-') ?? flag;
}

/**
 * The start-up hint for a gateway started without the deployed flags (on the command line or in
 * NODE_OPTIONS, which accepts them), or undefined when each is set, to whatever value.
 */
export function gatewayNodeFlagsHint(
	execArgv: readonly string[],
	nodeOptions: string | undefined,
): string | undefined {
	const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map(flagName);
	const missing = GATEWAY_NODE_FLAGS.filter((flag) => !given.includes(flagName(flag)));
	if (missing.length === 0) {
		return undefined;
	}
	const flags = missing.join(' ');
	return (
		`  under load, run it with node ${flags} (or NODE_OPTIONS="${flags}"), as the container image ` +
		'does: shorter garbage-collection pauses (docs/gateway.md#scale-out)'
	);
}

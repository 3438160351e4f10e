/**
 * A bounded memo for pure functions of a string: chains restate the same few answers many times, so
 * normalising, parsing and comparing them once each is most of the saving. When full, the memo is
 * emptied (cheaper than LRU bookkeeping, and a chain's working set is small).
 */
export function memoize<T>(fn: (key: string) => T, capacity = 2000): (key: string) => T {
	const cache = new Map<string, T>();
	return (key: string): T => {
		if (cache.has(key)) {
			return cache.get(key) as T;
		}
		const value = fn(key);
		if (cache.size >= capacity) {
			cache.clear();
		}
		cache.set(key, value);
		return value;
	};
}

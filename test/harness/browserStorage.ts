import type { Page } from 'playwright-core';

/** What the workbench page keeps in the browser: localStorage keys, and every IndexedDB store read. */
export interface BrowserStorageScan {
	readonly localStorageKeys: string[];
	/** `database/store` of every IndexedDB object store that was read. */
	readonly stores: string[];
	/** Where `needle` appeared in plain text: `localStorage:key` or `database/store/key`. */
	readonly hits: string[];
}

/**
 * Searches the page's localStorage and all its IndexedDB databases (where VS Code in the browser keeps its
 * state, and code-server its encrypted secret store) for `needle` in plain text, as strings, JSON or bytes.
 */
export async function scanBrowserStorage(page: Page, needle: string): Promise<BrowserStorageScan> {
	// tsx (esbuild, keepNames) wraps the named helpers below in `__name(…)`, which the page lacks; a string
	// is evaluated as is.
	await page.evaluate('globalThis.__name ??= (fn) => fn');
	return page.evaluate(async (secret) => {
		const asText = (value: unknown): string => {
			if (typeof value === 'string') {
				return value;
			}
			if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
				return new TextDecoder().decode(value);
			}
			try {
				return JSON.stringify(value) ?? '';
			} catch {
				return String(value);
			}
		};
		const request = <T>(r: IDBRequest<T>): Promise<T> =>
			new Promise((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
			});
		const hits: string[] = [];
		const localStorageKeys = Object.keys(localStorage);
		for (const key of localStorageKeys) {
			if ((localStorage.getItem(key) ?? '').includes(secret) || key.includes(secret)) {
				hits.push(`localStorage:${key}`);
			}
		}
		const stores: string[] = [];
		for (const info of await indexedDB.databases()) {
			if (info.name === undefined) {
				continue;
			}
			const db = await request(indexedDB.open(info.name));
			try {
				for (const store of Array.from(db.objectStoreNames)) {
					const objects = db.transaction(store).objectStore(store);
					const [keys, values] = await Promise.all([
						request(objects.getAllKeys()),
						request(objects.getAll()),
					]);
					stores.push(`${info.name}/${store}`);
					values.forEach((value: unknown, i) => {
						const key = asText(keys[i]);
						if (asText(value).includes(secret) || key.includes(secret)) {
							hits.push(`${info.name ?? ''}/${store}/${key}`);
						}
					});
				}
			} finally {
				db.close();
			}
		}
		return { localStorageKeys, stores, hits };
	}, needle);
}

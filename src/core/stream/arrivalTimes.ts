/**
 * The arrival time of every chunk of a stream, kept outside the JavaScript heap: a number array holds
 * one 8-byte slot per chunk on the heap for the stream's life, which the young generation's collections
 * copy until they promote it. A typed array's store is not theirs to copy.
 */
export class ArrivalTimes {
	private times = new Float64Array(256);
	private n = 0;

	get count(): number {
		return this.n;
	}

	push(ms: number): void {
		if (this.n === this.times.length) {
			const grown = new Float64Array(this.times.length * 2);
			grown.set(this.times);
			this.times = grown;
		}
		this.times[this.n++] = ms;
	}

	/** The times in order, as a plain array (once, for the stream's result). */
	toArray(): number[] {
		return Array.from(this.times.subarray(0, this.n));
	}
}

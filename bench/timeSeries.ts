// Times recorded per chunk by the gateway benchmark's clients and emulator, in a growing Float64Array:
// the backing store lives outside the JS heap, so recording 150,000 chunks adds no garbage-collection
// pauses to the very delays being measured.
export class TimeSeries {
	private values = new Float64Array(1024);
	length = 0;

	push(value: number): void {
		if (this.length === this.values.length) {
			const grown = new Float64Array(this.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[this.length++] = value;
	}

	at(index: number): number | undefined {
		return index < this.length ? this.values[index] : undefined;
	}

	toArray(): number[] {
		return Array.from(this.values.subarray(0, this.length));
	}
}

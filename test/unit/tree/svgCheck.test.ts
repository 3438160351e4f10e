import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExportedSvg } from '../../../src/core/tree/svgCheck';

describe('checkExportedSvg', () => {
	it('accepts a passive tree drawing, including escaped hostile model text', () => {
		const svg =
			'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g class="node" data-id="t0"><path d="M0,0"/><text>#1 &lt;img src=x onerror=alert(1)&gt; javascript:x</text><title>a</title></g></svg>';
		assert.equal(checkExportedSvg(svg), undefined);
	});

	it('refuses scripts, foreign content, event handlers and script URLs', () => {
		assert.match(checkExportedSvg('<svg><script>alert(1)</script></svg>') ?? '', /<script>/);
		assert.match(
			checkExportedSvg('<svg><foreignObject><div/></foreignObject></svg>') ?? '',
			/foreignObject/,
		);
		assert.match(checkExportedSvg('<svg><g onclick="x()"></g></svg>') ?? '', /event handler/);
		assert.match(checkExportedSvg('<svg onload="x()"></svg>') ?? '', /event handler/);
		assert.match(checkExportedSvg('<svg><a href="javascript:alert(1)">x</a></svg>') ?? '', /<a>/);
		assert.match(
			checkExportedSvg('<svg><image href="data:image/svg+xml,..."/></svg>') ?? '',
			/<image>/,
		);
		assert.match(checkExportedSvg('<html><svg></svg></html>') ?? '', /not an SVG/);
	});
});

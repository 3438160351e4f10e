const STYLE_PROPERTIES = [
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-dasharray',
	'opacity',
	'font-family',
	'font-size',
	'font-weight',
	'display',
] as const;

/**
 * Serializes the drawn tree as a standalone SVG document: the theme's colours (CSS variables) are
 * resolved into attributes, the zoom is dropped and the view box fits the whole tree, so the file looks
 * the same outside VS Code.
 */
export function serializeTree(svg: SVGSVGElement): string {
	const viewport = svg.querySelector('g.viewport');
	if (!(viewport instanceof SVGGElement)) {
		throw new Error('no tree to export');
	}
	const box = viewport.getBBox();
	const clone = svg.cloneNode(true) as SVGSVGElement;
	inlineStyles(svg, clone);
	const cloneViewport = clone.querySelector('g.viewport');
	cloneViewport?.removeAttribute('transform');
	const pad = 20;
	const [x, y, w, h] = [box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad];
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	clone.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
	clone.setAttribute('width', String(Math.ceil(w)));
	clone.setAttribute('height', String(Math.ceil(h)));
	for (const attr of ['tabindex', 'class', 'aria-activedescendant']) {
		clone.removeAttribute(attr);
	}
	const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
	background.setAttribute('x', String(x));
	background.setAttribute('y', String(y));
	background.setAttribute('width', String(w));
	background.setAttribute('height', String(h));
	background.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
	clone.insertBefore(background, clone.firstChild);
	return new XMLSerializer().serializeToString(clone);
}

function inlineStyles(source: Element, target: Element): void {
	const sources = source.querySelectorAll('*');
	const targets = target.querySelectorAll('*');
	sources.forEach((element, i) => {
		const copy = targets[i];
		if (copy === undefined) {
			return;
		}
		const style = getComputedStyle(element);
		for (const property of STYLE_PROPERTIES) {
			const value = style.getPropertyValue(property);
			if (value !== '') {
				copy.setAttribute(property, value);
			}
		}
	});
}

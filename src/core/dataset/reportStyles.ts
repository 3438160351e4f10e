/** The report's inline style sheet: system fonts, light and dark, readable when printed. */
export const REPORT_STYLES = `
:root {
	color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --bg: #ffffff; --line: #d0d7de;
	--band: #f6f8fa; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700;
}
@media (prefers-color-scheme: dark) {
	:root {
		--fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --line: #30363d;
		--band: #161b22; --good: #3fb950; --bad: #f85149; --warn: #d29922;
	}
}
* { box-sizing: border-box; }
body {
	margin: 0 auto; max-width: 1400px; padding: 24px;
	font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
}
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; }
.meta div { display: flex; gap: 6px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.notice { margin: 12px 0 0; padding: 8px 12px; border-left: 3px solid var(--warn); background: var(--band); }
.notice.error { border-left-color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: var(--band); font-weight: 600; }
.scroll { overflow-x: auto; }
.summary { font-size: 13px; }
.summary th, .summary td { padding: 5px 6px; }
.summary th[scope="row"], .summary td { white-space: nowrap; }
.summary td.triggers { white-space: normal; min-width: 120px; }
.runs tbody:nth-of-type(even) { background: var(--band); }
.num, .run { text-align: right; white-space: nowrap; }
.run { text-align: left; }
.delta { color: var(--muted); white-space: nowrap; }
.good { color: var(--good); }
.bad, .status.error { color: var(--bad); }
.status.cancelled, .status.not-run { color: var(--warn); }
.problem { max-width: 320px; }
.pid { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; }
.ptext, .gold { color: var(--muted); font-size: 12px; }
.answer, .detail { max-width: 260px; overflow-wrap: anywhere; }
.policies { color: var(--muted); font-size: 12px; }
.plots { display: flex; flex-wrap: wrap; gap: 24px; }
.plot { max-width: 100%; height: auto; font-size: 11px; }
.plot .grid { stroke: var(--line); stroke-width: 1; }
.plot .frame { fill: none; stroke: var(--muted); stroke-width: 1; }
.plot .tick { fill: var(--muted); }
.plot .axis, .plot .legend { fill: var(--fg); }
.plot .axis { font-size: 12px; }
.plot .label { font-size: 10px; }
.note, footer { color: var(--muted); font-size: 12px; }
footer { margin-top: 28px; }
@media print { thead th { position: static; } body { max-width: none; } }
`;

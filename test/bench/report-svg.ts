/** A line chart as a standalone SVG, drawn by hand (no plotting dependency). */

export interface Series {
	name: string;
	color: string;
	/** SVG stroke-dasharray, e.g. "6 4"; absent = solid. */
	dash?: string;
	points: Array<[number, number]>;
}

export interface LineChart {
	title: string;
	xLabel: string;
	yLabel: string;
	series: Series[];
	formatX(value: number): string;
	formatY(value: number): string;
	/** Ticks on the x axis; default: the points' x values. */
	xTicks?: number[];
}

const WIDTH = 800;
const HEIGHT = 420;
const MARGIN = { top: 48, right: 250, bottom: 56, left: 72 };
const LABEL_GAP = 13;

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A step of 1, 2 or 5 x 10^k giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 5): number {
	if (!(max > 0)) return 1;
	const raw = max / count;
	const power = 10 ** Math.floor(Math.log10(raw));
	const fraction = raw / power;
	const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
	return nice * power;
}

export function lineChartSvg(chart: LineChart): string {
	const all = chart.series.flatMap((series) => series.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
	const xMax = Math.max(1, ...all.map(([x]) => x));
	const yStep = niceStep(Math.max(...all.map(([, y]) => y), 0));
	const yMax = Math.max(yStep, Math.ceil(Math.max(...all.map(([, y]) => y), 0) / yStep) * yStep);
	const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
	const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
	const px = (x: number) => MARGIN.left + (x / xMax) * plotWidth;
	const py = (y: number) => MARGIN.top + plotHeight - (y / yMax) * plotHeight;
	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
		`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
		`<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
	);
	// Grid and y ticks.
	for (let y = 0; y <= yMax + yStep / 1000; y += yStep) {
		const at = py(y).toFixed(1);
		out.push(
			`<line x1="${MARGIN.left}" y1="${at}" x2="${MARGIN.left + plotWidth}" y2="${at}" stroke="#e5e5e5"/>`,
			`<text x="${MARGIN.left - 8}" y="${at}" text-anchor="end" dominant-baseline="middle" fill="#444">${escapeXml(chart.formatY(y))}</text>`,
		);
	}
	const xTicks = chart.xTicks ?? [...new Set(all.map(([x]) => x))].sort((a, b) => a - b);
	for (const x of xTicks) {
		const at = px(x).toFixed(1);
		out.push(
			`<line x1="${at}" y1="${MARGIN.top}" x2="${at}" y2="${MARGIN.top + plotHeight}" stroke="#f0f0f0"/>`,
			`<text x="${at}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle" fill="#444">${escapeXml(chart.formatX(x))}</text>`,
		);
	}
	// Axes and their labels.
	out.push(
		`<line x1="${MARGIN.left}" y1="${MARGIN.top + plotHeight}" x2="${MARGIN.left + plotWidth}" y2="${MARGIN.top + plotHeight}" stroke="#333"/>`,
		`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotHeight}" stroke="#333"/>`,
		`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
		`<text x="18" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 18 ${MARGIN.top + plotHeight / 2})">${escapeXml(chart.yLabel)}</text>`,
	);
	// Lines, points and the legend.
	const endLabels: Array<{ x: number; y: number; color: string; text: string }> = [];
	chart.series.forEach((series, index) => {
		const points = series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).sort((a, b) => a[0] - b[0]);
		const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
		if (points.length > 1) {
			const path = points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
			out.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2.5"${dash}/>`);
		}
		for (const [x, y] of points) {
			out.push(
				`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="4" fill="${series.color}"><title>${escapeXml(
					`${series.name}: ${chart.formatX(x)} -> ${chart.formatY(y)}`,
				)}</title></circle>`,
			);
		}
		const last = points[points.length - 1];
		if (last) endLabels.push({ x: px(last[0]) + 8, y: py(last[1]), color: series.color, text: chart.formatY(last[1]) });
		const legendY = MARGIN.top + 10 + index * 22;
		const legendX = WIDTH - MARGIN.right + 62;
		out.push(
			`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 24}" y2="${legendY}" stroke="${series.color}" stroke-width="2.5"${dash}/>`,
			`<text x="${legendX + 30}" y="${legendY}" dominant-baseline="middle">${escapeXml(series.name)}</text>`,
		);
	});
	// Values at the line ends, pushed apart where lines end close together.
	endLabels.sort((a, b) => a.y - b.y);
	for (let i = 1; i < endLabels.length; i++) endLabels[i].y = Math.max(endLabels[i].y, endLabels[i - 1].y + LABEL_GAP);
	for (const label of endLabels) {
		out.push(
			`<text x="${label.x.toFixed(1)}" y="${label.y.toFixed(1)}" dominant-baseline="middle" fill="${label.color}" font-size="11">${escapeXml(label.text)}</text>`,
		);
	}
	out.push('</svg>');
	return `${out.join('\n')}\n`;
}

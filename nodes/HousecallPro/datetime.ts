/**
 * Date-times for Housecall Pro: it wants ISO-8601 with `Z` or an offset, to the second
 * (FIELD-NOTES "Values"). n8n's date picker gives wall-clock text without a zone, so a value
 * without one is read in the workflow's time zone.
 */

const ZONED = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/i;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Wall-clock parts are a real moment (no 2026-02-31, no 25:00). */
function validParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
	const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
	return (
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day &&
		date.getUTCHours() === hour &&
		date.getUTCMinutes() === minute &&
		second < 60
	);
}

/** `YYYY-MM-DDTHH:MM:SS[.sss]Z|±HH:MM` naming a real moment. */
export function isZonedDateTime(value: string): boolean {
	const match = ZONED.exec(value);
	if (!match) return false;
	const [, y, mo, d, h, mi, s] = match;
	return validParts(+y, +mo, +d, +h, +mi, s ? +s : 0) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

export function isIsoDate(value: string): boolean {
	const match = DATE_ONLY.exec(value);
	return !!match && validParts(+match[1], +match[2], +match[3]);
}

/** Minutes east of UTC that `timeZone` shows at `instant`. */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
	const format = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	});
	const parts: Record<string, number> = {};
	for (const part of format.formatToParts(new Date(instant))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60000);
}

function formatUtc(instant: number): string {
	return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A date-time for HCP (`2026-07-24T15:00:00Z`), or undefined when `value` is not one.
 * Accepts zoned ISO text, wall-clock text (read in `timeZone`), a date alone (midnight in
 * `timeZone`), a JS Date, or a Luxon DateTime (anything with `toISO()`) as expressions give.
 */
export function toHcpDateTime(value: unknown, timeZone: string): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : formatUtc(value.getTime());
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		const iso = (value as { toISO: () => unknown }).toISO();
		return typeof iso === 'string' ? toHcpDateTime(iso, timeZone) : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (isZonedDateTime(text)) return formatUtc(Date.parse(text.replace(' ', 'T')));
	const match = NAIVE.exec(text);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => (part ? Number(part) : 0));
	if (!validParts(year, month, day, hour, minute, second)) return undefined;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	// The offsets a day either side cover any daylight-saving change near this wall time.
	const DAY = 86_400_000;
	const candidates = [...new Set([zoneOffsetMinutes(wall - DAY, timeZone), zoneOffsetMinutes(wall + DAY, timeZone)])].map(
		(offset) => ({ instant: wall - offset * 60000, offset }),
	);
	const valid = candidates.filter((candidate) => zoneOffsetMinutes(candidate.instant, timeZone) === candidate.offset);
	// A wall time that occurs twice (fall back) takes the first; one the clocks skip (spring
	// forward) moves forward by the gap, as clocks do.
	const instants = (valid.length ? valid : candidates).map((candidate) => candidate.instant);
	return formatUtc(valid.length ? Math.min(...instants) : Math.max(...instants));
}

/** A calendar date `YYYY-MM-DD` (HCP's `anytime_start_date`, route `date`), or undefined. */
export function toHcpDate(value: unknown, timeZone: string): string | undefined {
	if (value instanceof Date || (value && typeof value === 'object')) {
		const iso = toHcpDateTime(value, timeZone);
		if (!iso) return undefined;
		const offset = zoneOffsetMinutes(Date.parse(iso), timeZone);
		return new Date(Date.parse(iso) + offset * 60000).toISOString().slice(0, 10);
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// The picker's wall-clock text names the day the user picked; keep that day.
	const day = text.slice(0, 10);
	if (!isIsoDate(day)) return undefined;
	if (text.length === 10 || NAIVE.test(text)) return day;
	if (isZonedDateTime(text)) {
		const instant = Date.parse(text.replace(' ', 'T'));
		return new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60000).toISOString().slice(0, 10);
	}
	return undefined;
}

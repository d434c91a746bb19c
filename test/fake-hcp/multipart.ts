/**
 * Minimal multipart/form-data reader for attachment uploads: text fields and file parts (name, type,
 * size; the bytes are not kept).
 */
import type { MultipartBody } from './validate';

export function boundaryOf(contentType: string): string | undefined {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]).trim() : undefined;
}

export function parseMultipart(raw: Buffer, boundary: string): MultipartBody | undefined {
	const delimiter = Buffer.from(`--${boundary}`);
	const out: MultipartBody = { fields: {}, files: [] };
	let position = raw.indexOf(delimiter);
	if (position < 0) return undefined;
	for (;;) {
		position += delimiter.length;
		// `--` after a delimiter closes the body.
		if (raw[position] === 0x2d && raw[position + 1] === 0x2d) return out;
		const headerEnd = raw.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) return undefined;
		const headers = raw.subarray(position, headerEnd).toString('utf8');
		const next = raw.indexOf(delimiter, headerEnd + 4);
		if (next < 0) return undefined;
		// The part's content ends with the CRLF before the next delimiter.
		const content = raw.subarray(headerEnd + 4, next - 2);
		const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
		const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
		const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
		if (name !== undefined) {
			if (filename !== undefined) out.files.push({ field: name, filename, contentType: type, size: content.length });
			else out.fields[name] = content.toString('utf8');
		}
		position = next;
	}
}

// The guard preloaded into n8n must refuse and record every way Node can open a connection to a
// remote host, and leave loopback alone. "Remote" here is 127.0.0.2 and a made-up name, declared
// remote through HCP_OUTBOUND_GUARD_TREAT_AS_REMOTE, so nothing ever leaves this machine even if
// the guard were broken: a listener on 127.0.0.2 counts what would have leaked.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const GUARD = path.join(__dirname, 'lib', 'outbound-guard.js');

// Runs inside a child process with the guard preloaded; prints one JSON line of results.
const PROBE = `
const net = require('node:net'), tls = require('node:tls'), http = require('node:http'), https = require('node:https');
const dns = require('node:dns');
const results = {};
let leaked = 0;
const settle = (promise) => promise.then(() => 'CONNECTED', (error) => error.code || (error.cause && error.cause.code) || error.message);
const connected = (socket) => new Promise((resolve, reject) => { socket.on('error', reject); socket.on('connect', resolve); socket.on('secureConnect', resolve); });
const remote = net.createServer((socket) => { leaked++; socket.destroy(); });
remote.listen(0, '127.0.0.2', async () => {
	const port = remote.address().port;
	results.netConnect = await settle(connected(net.connect(port, '127.0.0.2')));
	results.netOptions = await settle(connected(net.createConnection({ host: '127.0.0.2', port })));
	results.tls = await settle(connected(tls.connect({ host: '127.0.0.2', port })));
	results.http = await settle(new Promise((resolve, reject) => http.get('http://127.0.0.2:' + port + '/', resolve).on('error', reject)));
	results.https = await settle(new Promise((resolve, reject) => https.get('https://127.0.0.2:' + port + '/', resolve).on('error', reject)));
	results.fetch = await settle(fetch('http://127.0.0.2:' + port + '/'));
	results.fetchByName = await settle(fetch('http://remote.invalid:' + port + '/'));
	results.dnsLookup = await settle(new Promise((resolve, reject) => dns.lookup('remote.invalid', (error) => (error ? reject(error) : resolve()))));
	results.dnsPromises = await settle(dns.promises.lookup('remote.invalid'));
	const local = http.createServer((request, response) => response.end('ok'));
	local.listen(0, '127.0.0.1', async () => {
		const localPort = local.address().port;
		results.loopbackIp = await settle(fetch('http://127.0.0.1:' + localPort + '/'));
		results.loopbackName = await settle(fetch('http://localhost:' + localPort + '/'));
		local.close();
		remote.close();
		setTimeout(() => process.stdout.write(JSON.stringify({ results, leaked })), 50);
	});
});
`;

function runProbe(logFile: string): Promise<{ results: Record<string, string>; leaked: number }> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			['--require', GUARD, '-e', PROBE],
			{
				env: { PATH: process.env.PATH ?? '', HCP_OUTBOUND_LOG: logFile, HCP_OUTBOUND_GUARD_TREAT_AS_REMOTE: '127.0.0.2,remote.invalid' },
				timeout: 20_000,
			},
			(error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
		);
	});
}

describe('outbound guard preloaded into n8n', () => {
	let probe: { results: Record<string, string>; leaked: number };
	let logLines: Array<{ kind: string; target: string }>;

	beforeAll(async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-guard-'));
		const logFile = path.join(dir, 'outbound.jsonl');
		probe = await runProbe(logFile);
		logLines = fs.existsSync(logFile)
			? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
			: [];
		fs.rmSync(dir, { recursive: true, force: true });
	});

	test.each(['netConnect', 'netOptions', 'tls', 'http', 'https', 'fetch', 'fetchByName'])('refuses %s to a remote host', (way) => {
		expect(probe.results[way]).toBe('ECONNREFUSED');
	});

	test.each(['dnsLookup', 'dnsPromises'])('refuses %s of a remote name', (way) => {
		expect(probe.results[way]).toBe('ENOTFOUND');
	});

	test('lets loopback through, by address and by the name localhost', () => {
		expect(probe.results.loopbackIp).toBe('CONNECTED');
		expect(probe.results.loopbackName).toBe('CONNECTED');
	});

	test('no connection reached the stand-in remote host', () => {
		expect(probe.leaked).toBe(0);
	});

	test('records each refused attempt with its target', () => {
		expect(logLines.filter((line) => line.kind === 'connect' && line.target.startsWith('127.0.0.2:'))).toHaveLength(6);
		expect(logLines.filter((line) => line.target.startsWith('remote.invalid'))).toEqual(
			expect.arrayContaining([expect.objectContaining({ kind: 'dns', target: 'remote.invalid' })]),
		);
		expect(logLines.some((line) => line.target.includes('127.0.0.1') || line.target.includes('localhost'))).toBe(false);
	});
});

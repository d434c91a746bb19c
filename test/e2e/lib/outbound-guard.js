'use strict';
// Preloaded into the n8n process (NODE_OPTIONS=--require) by n8n-instance.ts. It refuses every
// network connection and name lookup that would leave this machine and appends one JSON line per
// attempt to $HCP_OUTBOUND_LOG, so a test can assert that n8n, configured as we configure it,
// tries to reach nothing outside 127.0.0.1. Plain JS: it runs before any TypeScript loader.

const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const logFile = process.env.HCP_OUTBOUND_LOG;
// Loopback hosts to treat as if they were remote, so the guard itself can be tested without any
// packet leaving the machine (e.g. "127.0.0.2").
const treatedAsRemote = new Set((process.env.HCP_OUTBOUND_GUARD_TREAT_AS_REMOTE || '').split(',').filter(Boolean));

function isLocalHost(host) {
	if (host === undefined || host === null || host === '') return true; // Node defaults to localhost
	const name = String(host).toLowerCase().replace(/^\[|\]$/g, '');
	if (treatedAsRemote.has(name)) return false;
	if (name === 'localhost' || name.endsWith('.localhost')) return true;
	if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
	if (name.startsWith('::ffff:')) return isLocalHost(name.slice(7));
	return net.isIPv4(name) && name.startsWith('127.');
}

function record(kind, target) {
	if (!logFile) return;
	const line = JSON.stringify({ kind, target, pid: process.pid, at: new Date().toISOString() });
	try {
		fs.appendFileSync(logFile, `${line}\n`);
	} catch {
		// The log is evidence for a test, never a reason to break n8n.
	}
}

function refusal(target) {
	const error = new Error(`connect ECONNREFUSED ${target} (outbound network blocked by the e2e harness)`);
	error.code = 'ECONNREFUSED';
	error.errno = -111;
	error.syscall = 'connect';
	return error;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
	// net.connect() and http agents pass one already-normalized array; others pass raw arguments.
	const normalized = args.length === 1 && Array.isArray(args[0]) ? args[0] : net._normalizeArgs(args);
	const options = normalized[0] || {};
	if (typeof options.path !== 'string' && !isLocalHost(options.host)) {
		const target = `${options.host}:${options.port}`;
		record('connect', target);
		process.nextTick(() => this.destroy(refusal(target)));
		return this;
	}
	return originalConnect.apply(this, args);
};

function guardLookup(original, kind) {
	return function guardedLookup(hostname, ...rest) {
		// An IP literal needs no DNS traffic (servers' listen() looks them up too); connect() guards it.
		if (net.isIP(String(hostname)) || isLocalHost(hostname)) return original.call(this, hostname, ...rest);
		record(kind, String(hostname));
		const callback = rest[rest.length - 1];
		const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (blocked by the e2e harness)`), {
			code: 'ENOTFOUND',
			syscall: 'getaddrinfo',
			hostname,
		});
		if (typeof callback === 'function') {
			process.nextTick(() => callback(error));
			return undefined;
		}
		return Promise.reject(error);
	};
}

dns.lookup = guardLookup(dns.lookup, 'dns');
dns.promises.lookup = guardLookup(dns.promises.lookup, 'dns');

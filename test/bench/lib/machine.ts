/** What a benchmark ran on: machine, runtime and package versions, commit. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface MachineInfo {
	cpuModel: string;
	cores: number;
	memoryBytes: number;
	platform: string;
	node: string;
	packageVersion: string;
	/** Versions of the dev dependencies the engine harness runs on. */
	engine: Record<string, string>;
	commit: string;
	date: string;
}

function readVersion(file: string): string {
	try {
		return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

function gitCommit(): string {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${commit} (nodes/ or credentials/ with uncommitted changes)` : commit;
	} catch {
		return 'unknown';
	}
}

export function machineInfo(): MachineInfo {
	const cpus = os.cpus();
	return {
		cpuModel: cpus[0]?.model.trim() || 'unknown',
		cores: cpus.length,
		memoryBytes: os.totalmem(),
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.versions.node,
		packageVersion: readVersion(path.join(ROOT, 'package.json')),
		engine: {
			'n8n-core': readVersion(path.join(ROOT, 'node_modules', 'n8n-core', 'package.json')),
			'n8n-workflow': readVersion(path.join(ROOT, 'node_modules', 'n8n-workflow', 'package.json')),
		},
		commit: gitCommit(),
		date: new Date().toISOString(),
	};
}

/**
 * How much CPU work two processes get done at once, relative to one (2 = two full cores, 1 = they
 * share one). The fake and the node under test run side by side, so this says whether their CPU
 * time adds up or overlaps.
 */
export function measureParallelism(): number {
	const spin = 'const t=process.cpuUsage();const s=Date.now();let x=0;for(let i=0;i<2e8;i++)x+=i%7;console.log(Date.now()-s)';
	const one = Number(execFileSync(process.execPath, ['-e', spin], { encoding: 'utf8' }).trim());
	const script = `const {spawn}=require('child_process');let done=0,max=0;for(let k=0;k<2;k++){const c=spawn(process.execPath,['-e',${JSON.stringify(spin)}]);let out='';c.stdout.on('data',d=>out+=d);c.on('close',()=>{max=Math.max(max,Number(out));if(++done===2)console.log(max)})}`;
	const two = Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim());
	return two > 0 ? (2 * one) / two : Number.NaN;
}

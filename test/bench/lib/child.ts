/** The IPC side of a measurement forked by a benchmark script: send messages, run main, report a crash. */

export function sendToParent(message: object): Promise<void> {
	return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

/** Runs `main`, exits 0 when it ends, and on a throw tells the parent (`{type: 'error'}`) before exiting 1. */
export function runChild(main: () => Promise<void>): void {
	main()
		.then(() => process.exit(0))
		.catch(async (error: Error) => {
			if (process.send) await sendToParent({ type: 'error', message: error.stack ?? error.message }).catch(() => undefined);
			else console.error(error);
			process.exit(1);
		});
}

// A bench child's configuration arrives as the first message on its IPC channel, never in argv:
// argv is readable by every user of the machine (ps, /proc/<pid>/cmdline), and the host child's
// configuration holds a refresh token.

/** The first message from the parent: `{ config }`. */
export function configFromParent<T>(): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!process.send) {
      reject(
        new Error(
          'started without an IPC channel: a bench child is forked by tools/bench/children.ts',
        ),
      );
      return;
    }
    process.once('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'config' in message)
        resolve((message as { config: T }).config);
      else
        reject(
          new Error(`expected { config } as the first message, got ${JSON.stringify(message)}`),
        );
    });
  });
}

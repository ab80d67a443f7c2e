// A throwaway Secret Service for tests: gnome-keyring on a private D-Bus session bus, so the
// keychain tests use the real thing without ever touching the developer's own keyring.
// Everything lives in a fresh temp folder (HOME, XDG dirs, the bus socket, the keyring files),
// both daemons are children of this process and stop() waits for them to exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  stop(): Promise<void>;
}

export interface PrivateKeyringOptions {
  /** Unlock (and so create) the login keyring with this password; omit for a locked keyring. */
  password?: string;
  readyTimeoutMs?: number;
}

const TOOLS = ['dbus-daemon', 'dbus-monitor', 'gnome-keyring-daemon'] as const;

/** Why a private keyring cannot start here, or null when the tools exist. */
export function keyringToolsMissing(): string | null {
  if (process.platform !== 'linux') return `the keychain tests need Linux with gnome-keyring (this is ${process.platform})`;
  const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return null;
  return `${missing.join(', ')} not found (apt-get install gnome-keyring dbus dbus-x11)`;
}

// No <servicedir>: nothing is auto-activated on this bus, so a stray client can never start a
// second (locked) keyring or a GUI password prompt behind the tests' back.
const busConfig = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export async function startPrivateKeyring(options: PrivateKeyringOptions = {}): Promise<PrivateKeyring> {
  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'fathom-keyring-'));
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // A test run that ends without teardown (a crash, process.exit) still takes the daemons along.
  process.once('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    await Promise.all(children.map(terminate));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const sub of ['run', 'data', 'config', 'cache']) mkdirSync(join(dir, sub), { mode: 0o700 });
    writeFileSync(join(dir, 'bus.conf'), busConfig(join(dir, 'bus')));
    // The keyring's control socket and files go under the temp folder, never the user's.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_RUNTIME_DIR: join(dir, 'run'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      LANG: 'C',
    };
    const bus = spawn('dbus-daemon', [`--config-file=${join(dir, 'bus.conf')}`, '--nofork', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bus);
    const address = (await waitForOutput(bus, /^(unix:\S+)\n/m, timeoutMs, 'dbus-daemon'))[1] as string;
    env.DBUS_SESSION_BUS_ADDRESS = address;

    // Readiness without polling: a monitor reports the moment the keyring owns its bus name.
    const monitor = spawn(
      'dbus-monitor',
      ['--address', address, "type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.freedesktop.secrets'"],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(monitor);
    // The monitor prints NameLost for its own unique name once it has become a monitor.
    await waitForOutput(monitor, /member=NameLost/, timeoutMs, 'dbus-monitor');
    const unlock = options.password !== undefined;
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', ...(unlock ? ['--unlock'] : []), '--components=secrets'], {
      env,
      stdio: [unlock ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    children.push(keyring);
    if (unlock) keyring.stdin?.end(options.password);
    await waitForOutput(monitor, /string "org\.freedesktop\.secrets"\s+string "[^"]*"\s+string ":[^"]+"/, timeoutMs, 'gnome-keyring-daemon', keyring);
    await terminate(monitor);
    return { address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the first match of `pattern` in the child's stdout; fails if it (or `watch`) exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, name: string, watch: ChildProcess = child): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      watch.stderr?.off('data', onErr);
      watch.off('exit', onExit);
      watch.off('error', onError);
      fn();
    };
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) done(() => resolve(match));
    };
    const onErr = (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-2000);
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`${name} exited (${code}) before it was ready: ${err.trim()}`)));
    const onError = (error: Error) => done(() => reject(new Error(`${name} could not start: ${error.message}`)));
    // A guard against a daemon that never gets ready, so the run fails with a reason, not a hang.
    const timer = setTimeout(() => done(() => reject(new Error(`${name} was not ready within ${timeoutMs} ms: ${err.trim()}`))), timeoutMs);
    child.stdout?.on('data', onOut);
    watch.stderr?.on('data', onErr);
    watch.on('exit', onExit);
    watch.on('error', onError);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

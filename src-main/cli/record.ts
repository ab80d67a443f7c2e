// `fathom record --symbols <list> --db <file> [--seconds N] [--demo] [--chain SPY:10 ...]`
// Records raw frames, flows and alerts of a live or demo session into SQLite, until N seconds
// pass or SIGINT/SIGTERM, then prints a one-line summary. The alert rules, flow rules and webhook
// destinations are the stored settings' (the app's when it is the app's database), and alerts
// are posted to their rules' destinations by the app's own delivery (webhooks/alert-webhooks.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import { parseSymbolList, SymbolError, SymbolListError } from '../../shared/symbols/symbol-list.ts';
import { pickAroundTheMoney } from '../schwab/chain-picker.ts';
import { createStreamer, openDemoSource, openLiveSource, openSignedInSource, type StreamSource } from '../market/stream-source.ts';
import type { AuthService } from '../credentials/auth-service.ts';
import { credentialsFromEnv } from '../credentials/env-credentials.ts';
import { authServiceFromEnv } from '../credentials/from-env.ts';
import { formatDuration } from '../credentials/lifecycle.ts';
import { describeStatus } from '../credentials/status-text.ts';
import { Recording, type RecordingSummary } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { loadSettings } from '../store/app-state.ts';
import { openDatabase } from '../store/database.ts';
import { systemClock } from '../util/clock.ts';
import { createLogger } from '../util/log.ts';
import { destinationsInUse, type DeliveryTotals } from '../webhooks/alert-webhooks.ts';
import { dbPath, defineCommand, numberFlag, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { RecordWebhooks } from './record-webhooks.ts';
import { StopSignals } from './stop-signals.ts';

export const recordSpec = defineCommand({
  name: 'record',
  summary: 'record a live or demo session (raw frames, flows, alerts) into SQLite',
  details: [
    'Runs until --seconds pass or Ctrl-C, then prints one summary line. Credentials come from',
    'SCHWAB_APP_KEY, SCHWAB_APP_SECRET and SCHWAB_REFRESH_TOKEN, else from the keychain sign-in',
    '(`npx fathom login`); --demo uses the embedded simulator instead.',
    '',
    'The alert rules and flow rules are those stored in the settings of --db, or of --settings (the',
    'app\'s fathom.db in its data folder, say). Alerts are posted to the webhook destinations their',
    'rules name, with the URLs read from the keychain as the app does (FATHOM_KEYCHAIN_SERVICE picks',
    'another service name); the summary line then ends with the messages delivered and failed.',
  ],
  flags: {
    symbols: {
      type: 'string',
      value: '<list>',
      description: 'comma-separated option symbols (Level 1 and the book) and tickers (quotes and minute bars)',
    },
    db: { type: 'string', value: '<file>', required: true, description: 'the SQLite database to record into (created if missing)' },
    seconds: { type: 'string', value: 'N', description: 'stop after N seconds (default: at Ctrl-C)' },
    demo: { type: 'boolean', description: 'record the embedded simulator instead of Schwab' },
    chain: {
      type: 'string',
      value: 'UNDERLYING:N',
      multiple: true,
      description: 'add the N strikes around the money of the two nearest expiries (repeatable)',
    },
    seed: { type: 'string', value: 'N', description: 'the simulator\'s seed, with --demo (default: 7)' },
    intensity: { type: 'string', value: 'X', description: 'the simulator\'s activity, 0.01 to 1000, with --demo (default: 1)' },
    levels: { type: 'string', value: 'N', description: 'the simulator\'s book levels, 1 to 50, with --demo (default: 1: the touch split by venue, as live)' },
    settings: { type: 'string', value: '<file>', description: 'the database whose stored settings apply: alert rules, flow rules, webhook destinations (default: --db)' },
    'no-webhooks': { type: 'boolean', description: 'record the alerts without posting them to their rules\' webhook destinations' },
  },
  examples: [
    'npx fathom record --demo --symbols SPY,QQQ --chain SPY:10 --db fathom.db --seconds 60',
    'npx fathom record --symbols SPY261218C00600000,SPY --db fathom.db',
    'npx fathom record --symbols SPY --chain SPY:10 --db server.db --settings fathom.db --no-webhooks',
  ],
});

export async function recordCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(recordSpec, args);
  const path = dbPath(flags.db);
  const seconds = numberFlag(flags.seconds, 'seconds', { min: 1 });
  const chains = (flags.chain ?? []).map(parseChainFlag);
  const symbols = parseSymbols(flags.symbols ?? '');
  if (symbols.options.length + symbols.tickers.length + chains.length === 0) throw new UsageError('give --symbols <list> and/or --chain UNDERLYING:N');

  const env = io.env ?? process.env;
  const clock = systemClock();
  const logger = createLogger({ level: (env.FATHOM_LOG_LEVEL as 'debug' | undefined) ?? 'warn' });
  // --demo wins; then credentials in the environment; then the keychain (`fathom login`).
  const credentials = flags.demo ? null : credentialsFromEnv(env);
  const signedIn = flags.demo || credentials ? null : authServiceFromEnv(env, clock, logger);
  if (signedIn) {
    const problem = await keychainProblem(signedIn, clock.now(), io);
    if (problem) {
      io.err(`fathom record: ${problem}`);
      return 2;
    }
  }
  let db;
  let settings: AppSettings;
  try {
    db = openDatabase(path);
    settings = flags.settings === undefined ? loadSettings(db) : settingsOf(resolve(flags.settings));
  } catch (error) {
    db?.close();
    io.err(`fathom record: ${(error as Error).message}`);
    return 2;
  }
  let source: StreamSource | null = null;
  let webhooks: RecordWebhooks | null = null;
  let stops: StopSignals | null = null;
  try {
    source = credentials
      ? openLiveSource(credentials, clock, logger)
      : signedIn
        ? await openSignedInSource(signedIn)
        : await openDemoSource({
          clock,
          logger,
          seed: numberFlag(flags.seed, 'seed', { integer: true }) ?? 7,
          intensity: numberFlag(flags.intensity, 'intensity', { min: 0.01, max: 1000 }) ?? 1,
          bookLevels: numberFlag(flags.levels, 'levels', { min: 1, max: 50, integer: true }) ?? 1,
        });
    for (const chain of chains) {
      const token = await source.tokens.getAccessToken();
      const response = await source.rest.chains(token, chain.underlying, { strikeCount: chain.strikes });
      symbols.options.push(...pickAroundTheMoney(response, { strikes: chain.strikes, expiries: 2 }));
      if (!symbols.tickers.includes(chain.underlying)) symbols.tickers.push(chain.underlying);
    }
    const streamer = createStreamer(source, clock, logger);
    const options = [...new Set(symbols.options)];
    const rules = settings.alerts.rules;
    const recording = new Recording({
      db,
      streamer,
      source: source.kind,
      clock,
      settings: { ...settings.flow },
      rolling: { ...settings.rolling },
      symbols: [...options, ...symbols.tickers],
      alertRules: () => rules,
      watchlist: () => new Set(symbols.tickers),
      logger,
    });
    if (!flags['no-webhooks'] && destinationsInUse(settings).length > 0) {
      webhooks = new RecordWebhooks(settings, { env, clock, io });
      const hooks = webhooks;
      recording.pipeline.events.on('alert', (alert) => hooks.fired(alert));
    }
    new SymbolSubscriptions(streamer).set(options, symbols.tickers);
    // From here Ctrl-C ends the recording (and then the wait for webhooks), not the process.
    stops = new StopSignals();
    recording.start();
    await stops.until(seconds);
    const summary = await recording.stop();
    const delivery = webhooks ? await webhooks.finish(stops) : null;
    io.out(summaryLine(summary, path, delivery));
    return summary.storeFailing ? 1 : 0;
  } catch (error) {
    io.err(`fathom record: ${(error as Error).message}`);
    return 1;
  } finally {
    stops?.close();
    webhooks?.stop();
    await source?.close();
    db.close();
  }
}

/** The settings stored in another database (the app's), read without writing to it. */
function settingsOf(path: string): AppSettings {
  if (!existsSync(path)) throw new Error(`no database at ${path} to read the settings of (--settings)`);
  const db = openDatabase(path, { readonly: true });
  try {
    return loadSettings(db);
  } finally {
    db.close();
  }
}

/** Why the keychain cannot give this recording a Schwab session, or null (with a warning near the 7 days' end). */
async function keychainProblem(auth: AuthService, now: number, io: CliIo): Promise<string | null> {
  const status = await auth.status();
  const noEnv = 'no Schwab credentials in the environment (SCHWAB_APP_KEY, SCHWAB_APP_SECRET, SCHWAB_REFRESH_TOKEN)';
  if (status.state === 'keychain-unavailable') return `${noEnv}, and ${describeStatus(status, now)}. Set them, or pass --demo for the simulator.`;
  if (status.state !== 'signed-in') return `${noEnv}, and the keychain has no Schwab sign-in (${describeStatus(status, now)}). Run \`npx fathom login\`, set them, or pass --demo for the simulator.`;
  const left = (status.refreshTokenExpiresAt ?? Infinity) - now;
  if (left <= 24 * 3_600_000) io.err(`fathom record: your Schwab sign-in ends in ${formatDuration(left)}; run \`npx fathom login\` to renew it.`);
  return null;
}

function parseSymbols(text: string): { options: string[]; tickers: string[] } {
  const options: string[] = [];
  const tickers: string[] = [];
  if (!text.trim()) return { options, tickers };
  try {
    for (const s of parseSymbolList(text)) {
      if (s.kind === 'option') options.push(s.contract.symbol);
      else tickers.push(s.symbol);
    }
  } catch (error) {
    if (error instanceof SymbolListError || error instanceof SymbolError) throw new UsageError(error.message);
    throw error;
  }
  return { options, tickers };
}

function parseChainFlag(value: string): { underlying: string; strikes: number } {
  const match = /^(\$?[A-Za-z][A-Za-z0-9./]*):(\d{1,2})$/.exec(value.trim());
  if (!match) throw new UsageError(`--chain takes UNDERLYING:STRIKES such as SPY:10, got "${value}"`);
  return { underlying: (match[1] as string).toUpperCase(), strikes: Number(match[2]) };
}

/** The last line; the webhooks' part only when the rules named any destination and --no-webhooks was not given. */
export function summaryLine(s: RecordingSummary, path: string, webhooks: DeliveryTotals | null = null): string {
  const store = s.storeFailing ? ' (the store was failing at the end; see the log)' : '';
  // Messages still queued at the end were not delivered: they count as failed.
  const hooks = webhooks ? `; webhooks: ${webhooks.delivered} delivered, ${webhooks.failed + webhooks.waiting} failed` : '';
  return `recorded session ${s.sessionId} to ${path}: ${s.frames} frames, ${s.flows} flows, ${s.alerts} alerts, ${s.reconnects} reconnects, ${s.errors} errors in ${(s.durationMs / 1000).toFixed(1)} s${hooks}${store}`;
}


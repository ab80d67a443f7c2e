#!/usr/bin/env node
// `npx fathom <command>`: npm puts the project's Node 22 first on PATH; a plain `node` older
// than 22 cannot load the TypeScript sources or better-sqlite3 13, so say so in one line.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `fathom needs Node 22 or newer (this is ${process.version}). Run it as \`npx fathom\` from the project, which uses the Node 22 that npm installed.`,
  );
  process.exit(2);
}
const { main } = await import('./main.ts');
const { installProcessGuards } = await import('../util/process-guards.ts');
const { createLogger } = await import('../util/log.ts');
// A promise nobody caught is logged (redacted) and the command goes on; an uncaught exception
// ends it with a non-zero code (src-main/util/process-guards.ts).
installProcessGuards(createLogger({ scope: 'fathom' }));
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A command that failed must not be kept alive by anything it left behind.
if (code !== 0) setTimeout(() => process.exit(code), 3000).unref();

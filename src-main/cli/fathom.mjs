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
process.exitCode = await main(process.argv.slice(2));

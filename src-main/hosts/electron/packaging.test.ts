// What the packaged app is built with, read from the files electron-builder and Vite use: the
// fuses (Electron's security checklist, item 19) and the page's markup (no second CSP). The
// fuses are flipped in the binary only at package time, which needs the Electron download;
// reading them back from a packaged app (`npx @electron/fuses read`) is not possible here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The `electronFuses:` block of electron-builder.yml, as name → value. */
function fuses(): Record<string, string> {
  const lines = readFileSync(`${root}electron-builder.yml`, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('electronFuses:'));
  expect(start).toBeGreaterThanOrEqual(0);
  const found: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^ {2}(\w+):\s*(\S+)\s*$/.exec(line);
    if (!match) break;
    found[match[1]!] = match[2]!;
  }
  return found;
}

describe('the packaged app', () => {
  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no inspector, no file:// privileges; asar only and checked', () => {
    expect(fuses()).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('ships a page with no <meta> CSP, so the header of app:// is the only policy', () => {
    const html = readFileSync(`${root}src-renderer/index.html`, 'utf8');
    expect(html).not.toMatch(/http-equiv\s*=\s*["']?content-security-policy/i);
    expect(html).not.toMatch(/ws:\/\//);
  });
});

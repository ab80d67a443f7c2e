// The Electron shell's entry. The full shell (windows per contract, tray, notifications,
// security policy, composition root) is issue 9; this opens the feed window securely.
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';

function createFeedWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0b0e13',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/feed.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  });
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(() => {
  createFeedWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

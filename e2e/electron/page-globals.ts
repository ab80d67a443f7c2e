// The page-side globals the specs touch inside `page.evaluate`. This folder is type-checked
// without the DOM library (it runs under Node), so the few browser objects used are declared
// here, narrowly, and reached through `globalThis`.

export interface PageElement {
  setAttribute(name: string, value: string): void;
  src: string;
  textContent: string | null;
  contentWindow: { location: { href: string } } | null;
}

export interface PageGlobals {
  fathom?: Record<string, unknown> & {
    api: { marketData: { status(payload: object): Promise<{ source: string }> } };
  };
  fathomTransport?: unknown;
  require?: unknown;
  process?: unknown;
  open(url: string): unknown;
  location: { href: string; origin: string; assign(url: string): void };
  document: {
    createElement(tag: string): PageElement;
    body: { appendChild(node: PageElement): void };
    querySelector(selector: string): unknown;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string; blockedURI: string }) => void): void;
  };
  fetch(url: string): Promise<unknown>;
  WebSocket: new (url: string) => unknown;
  eval(code: string): unknown;
  /** Set by a script the CSP should have stopped. */
  fathomInlineRan?: boolean;
  navigator: { mediaDevices?: { getUserMedia(constraints: object): Promise<unknown> } };
  Notification: { permission: string };
  setTimeout(fn: () => void, ms: number): unknown;
}

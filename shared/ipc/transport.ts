// The two internal channels between an Electron preload and main. They are not the page's API:
// the page sees only the named methods the preload builds from the contract. Declared once,
// here, so the preload and the shell cannot disagree.
export const REQUEST_CHANNEL = 'fathom:request';
export const EVENTS_CHANNEL = 'fathom:events';

/**
 * A recorded session's id wherever it travels (windows, requests, flows, the ingest worker):
 * its row number in the store, as text. Only the store handles it as a number.
 */
export type SessionId = string;

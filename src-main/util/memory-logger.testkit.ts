// A logger that keeps its lines in memory, for tests that read what was logged.
import { createLogger, type Logger, type LogLevel } from './log.ts';

export function memoryLogger(level: LogLevel = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ sink: (line) => lines.push(line), level }), lines };
}

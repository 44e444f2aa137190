import type { Readable } from 'node:stream';
import { stripUnsafe } from '../domain/text/sanitize';

/** Where a command reads and writes; tests pass their own. */
export interface CliIo {
  stdin: Readable;
  out(text: string): void;
  /** Writes text that is already safe (JSON from `safeJson`) without scanning it again. */
  outSafe(text: string): void;
  err(text: string): void;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    // Anything that came from a feed may hold terminal control sequences: strip them on the way out.
    out: (text) => process.stdout.write(`${stripUnsafe(text)}\n`),
    outSafe: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${stripUnsafe(text)}\n`),
    cwd: process.cwd(),
  };
}

/** Thrown by commands for a wrong use: the message is shown as is, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command that ran but whose work failed (some feed did not parse, …): exit code 1, output already shown. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

// What every command of the CLI is given (its folder, its two output streams,
// the environment) and the exit codes it answers with: kept apart from the
// commands so that each of them depends on this file, not on src/cli.ts.

export const EXIT_OK = 0;
export const EXIT_REGENERATED = 1;
export const EXIT_ERROR = 2;

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables the CLI reads (cache location and switch); defaults to none. */
  readonly env?: NodeJS.ProcessEnv;
  /** The width of the terminal stdout is, when it is one. */
  readonly terminalColumns?: number;
}

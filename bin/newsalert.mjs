#!/usr/bin/env node
// The `newsalert` command. The CLI is TypeScript; tsx compiles it on the fly so there is no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns that it will soon need Node 22; the CLI runs on Node 20 too, so keep the terminal clean.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const name = typeof warning === 'object' ? warning?.name : (rest[0]?.type ?? rest[0]);
  if (name === 'NodeVersionSupportWarning') return;
  emitWarning(warning, ...rest);
};

register();
const { main } = await import('../shared/cli/main.ts');
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// The `newsalert` command. The CLI is TypeScript; tsx compiles it on the fly so there is no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns that it will soon need Node 22; the CLI supports Node 20, so keep the terminal clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../shared/cli/main.ts');
process.exitCode = await main(process.argv);

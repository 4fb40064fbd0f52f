#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so developers, technicians and CI need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/kioskctl.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The `lamplight` command. A plain ES module (not compiled) so it can tell the server where
// the built viewer page lives, next to it in this package.
import { runCli } from '../dist/esm/index.js';

process.exitCode = await runCli(process.argv.slice(2), { pageDir: new URL('../dist/page/page/', import.meta.url) });

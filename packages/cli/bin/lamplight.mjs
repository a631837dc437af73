#!/usr/bin/env node
// The `lamplight` command: a plain ES module (not compiled) that runs the built CLI.
import { runCli } from '../dist/esm/index.js';

process.exitCode = await runCli(process.argv.slice(2));

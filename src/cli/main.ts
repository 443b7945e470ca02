#!/usr/bin/env node
/**
 * The `trm-router` command. The CLI is the only place that wires parts together from config.
 */
import { processIo } from './io.js';
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;

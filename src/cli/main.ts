#!/usr/bin/env node
/**
 * The `trm-router` command. The CLI is the only place that wires parts together from config.
 */
import { loadConfig } from '../config.js';
import { formatError, processIo } from './io.js';
import { runCli } from './run.js';

try {
  process.exitCode = await runCli(process.argv.slice(2), processIo(), loadConfig());
} catch (error) {
  // Only configuration errors reach here: commands report their own errors.
  process.stderr.write(`trm-router: ${formatError(error)}\n`);
  process.exitCode = 2;
}

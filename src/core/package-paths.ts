/**
 * Where the installed package keeps its own files: the shipped models and the prompts sit
 * beside `dist/` (or `src/` in a checkout), wherever npm put the package.
 *
 * @example
 * PACKAGE_MODELS_DIR; // '/home/me/app/node_modules/trm-router/models'
 */
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding package.json). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The models shipped with the package. */
export const PACKAGE_MODELS_DIR = fileURLToPath(new URL('../../models', import.meta.url));

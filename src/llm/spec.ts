/** The provider interface lives in core (docs/architecture.md); this module keeps the llm-local import path. */
export * from '../core/llm-provider.js';

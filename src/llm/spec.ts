/** The provider interface lives in core (DESIGN.md); this module keeps the llm-local import path. */
export * from '../core/llm-provider.js';

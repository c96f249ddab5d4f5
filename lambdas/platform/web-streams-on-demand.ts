/**
 * Stands in for `node:stream/web` where @middy/core imports it (lib/bundling.ts,
 * `middyWebStreamsPlugin`). Middy needs `ReadableStream` only for response streaming, which no
 * function here uses, but its static import makes Node load all of its web streams (about 1.5 ms of
 * every cold start). The same class is Node's global `ReadableStream`, read here only when middy
 * actually uses it. CommonJS on purpose: esbuild then reads the property where middy uses it,
 * instead of once at load.
 */
Object.defineProperty(module.exports, 'ReadableStream', { enumerable: true, get: () => globalThis.ReadableStream });

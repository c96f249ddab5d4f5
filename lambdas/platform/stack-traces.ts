import { readFileSync } from 'node:fs';
import type { SourceMap } from 'node:module';

/**
 * Stack traces that name our TypeScript files, paid for only when a stack is printed.
 *
 * Each Lambda is one minified `index.js` with `index.js.map` beside it (lib/bundling.ts). Node's
 * `--enable-source-maps` reads and decodes that map while the bundle loads, on every cold start:
 * 9 to 11 ms of the load measured by `npm run bench -- bundles`, for traces that are rarely read.
 * This hook decodes the map the first time an error's stack is formatted (V8 formats `error.stack`
 * lazily, on first read), then maps every frame of the bundle to `lambdas/...ts:line:column`, with
 * the original function names, as Node's own option prints them.
 *
 * It does nothing outside a bundle (tsx and jest run the TypeScript itself) or when Node already
 * maps (`NODE_OPTIONS=--enable-source-maps`). Without a readable map the frames stay as V8 prints them.
 */

type SourceMapping = { originalSource?: string; originalLine?: number; originalColumn?: number; name?: string };

/**
 * The map names sources relative to the directory the bundle was built in (`../../lambdas/...`,
 * `../asset-input/node_modules/...`): print them from the repository root instead.
 */
const tidySource = (source: string): string => {
  const path = source.replace(/^file:\/\//, '');
  const dependency = path.lastIndexOf('node_modules/');
  if (dependency >= 0) return path.slice(dependency);
  const ours = path.indexOf('lambdas/');
  return ours >= 0 ? path.slice(ours) : path.replace(/^(?:\.{1,2}\/)+/, '');
};

const errorHeader = (error: unknown): string => {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
};

/**
 * Node's rule for the original name of a frame: the name the map gives the enclosing function,
 * else the name at the call site of the next frame when it is in the same file.
 */
const originalName = (map: SourceMap, frames: NodeJS.CallSite[], index: number): string | undefined => {
  const frame = frames[index];
  const line = frame?.getEnclosingLineNumber();
  const column = frame?.getEnclosingColumnNumber();
  if (frame && line && column) {
    const entry = map.findEntry(line - 1, column - 1) as SourceMapping;
    if (entry.name) return entry.name;
  }
  const next = frames[index + 1];
  const nextLine = next?.getLineNumber();
  const nextColumn = next?.getColumnNumber();
  if (next && nextLine && nextColumn && next.getFileName() === frame?.getFileName()) {
    return (map.findEntry(nextLine - 1, nextColumn - 1) as SourceMapping).name;
  }
  return undefined;
};

const mapFrame = (map: SourceMap, frames: NodeJS.CallSite[], index: number): string => {
  const frame = frames[index] as NodeJS.CallSite;
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  const entry = (line && column ? map.findEntry(line - 1, column - 1) : {}) as SourceMapping;
  if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return String(frame);
  const typeName = frame.getTypeName();
  const generatedName = `${typeName !== null && typeName !== 'global' ? `${typeName}.` : ''}${frame.getFunctionName() ?? frame.getMethodName() ?? '<anonymous>'}`;
  const name = originalName(map, frames, index) ?? generatedName;
  const prefix = `${frame.isAsync() ? 'async ' : ''}${frame.isConstructor() ? 'new ' : ''}`;
  return `${prefix}${name} (${tidySource(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
};

/** Installs the hook for `bundleFile` (the running bundle: `__filename` inside it). Returns whether it did. */
export const installBundleSourceMaps = (bundleFile: string): boolean => {
  if (!bundleFile.endsWith('.js') || process.sourceMapsEnabled) return false;
  let map: SourceMap | null | undefined;
  const load = (): SourceMap | null => {
    if (map === undefined) {
      try {
        // node:module is read when the first stack is formatted, not at every cold start.
        map = new (process.getBuiltinModule('node:module').SourceMap)(JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): string => {
    const lines = [errorHeader(error)];
    frames.forEach((frame, index) => {
      const sourceMap = frame.getFileName() === bundleFile ? load() : null;
      lines.push(`    at ${sourceMap ? mapFrame(sourceMap, frames, index) : String(frame)}`);
    });
    return lines.join('\n');
  };
  return true;
};

installBundleSourceMaps(__filename);

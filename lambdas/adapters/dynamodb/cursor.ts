import { createHash } from 'node:crypto';
import { ValidationError } from '@domain/errors';

/**
 * Opaque page cursors over DynamoDB's LastEvaluatedKey: base64url JSON holding the key and a
 * fingerprint of the query it belongs to (index + partition value + filters). Decoding checks the
 * size, the shape, the fingerprint and that the key has exactly the attributes (and types) that
 * index's keys have, so a cursor from another list, an edited cursor or garbage is a 400, never a
 * DynamoDB error or a read of another partition.
 */
export type KeyShape = Readonly<Record<string, 'S' | 'N'>>;

const MAX_CURSOR_CHARS = 1024;

const fingerprint = (query: string): string => createHash('sha256').update(query).digest('base64url').slice(0, 16);

export const encodeCursor = (query: string, key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify({ v: 1, q: fingerprint(query), k: key }), 'utf8').toString('base64url') : null;

export const decodeCursor = (cursor: string | undefined, query: string, shape: KeyShape): Record<string, string | number> | undefined => {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError('invalid cursor', ['cursor: not a cursor of this list (request the first page again)']);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object') throw invalid();
  const { v, q, k } = parsed as { v?: unknown; q?: unknown; k?: unknown };
  if (v !== 1 || q !== fingerprint(query) || !k || typeof k !== 'object' || Array.isArray(k)) throw invalid();
  const key = k as Record<string, unknown>;
  const names = Object.keys(shape);
  if (Object.keys(key).length !== names.length) throw invalid();
  for (const name of names) {
    const value = key[name];
    const ok = shape[name] === 'S' ? typeof value === 'string' && value.length > 0 && value.length <= 512 : typeof value === 'number' && Number.isFinite(value);
    if (!ok) throw invalid();
  }
  return key as Record<string, string | number>;
};

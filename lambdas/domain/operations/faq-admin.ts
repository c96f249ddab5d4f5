import type { Clock } from '../clock';
import { ConflictError, NotFoundError } from '../errors';
import type { FaqEntry } from '../faq/faq';
import type { FaqAdminRepository } from './ports';

/**
 * Supervisors' FAQ edits. Optimistic concurrency: an edit names the version it was based on and is
 * refused (409) when someone saved in between, so two supervisors never silently overwrite each
 * other. Delete is soft (kept for history, never answered again). The bots read the table through
 * their cache, so an edit reaches them within the cache lifetime without a redeploy.
 */
export class VersionConflictError extends ConflictError {
  constructor(
    readonly currentVersion: number,
    message = `the entry changed: current version is ${currentVersion}`,
  ) {
    super(message);
  }
}

export class DeletedEntryError extends ConflictError {
  constructor(readonly currentVersion: number) {
    super('the entry is deleted');
  }
}

export interface FaqContent {
  readonly category: string;
  readonly question: string;
  readonly answer: string;
  readonly spokenAnswer?: string;
  readonly paraphrases: readonly string[];
  readonly keywords: readonly string[];
}

export interface FaqAdminDeps {
  readonly repository: FaqAdminRepository;
  readonly clock: Clock;
  readonly newId: () => string;
}

export const createFaq = async (content: FaqContent & { readonly faqId?: string }, deps: FaqAdminDeps): Promise<FaqEntry> => {
  const entry: FaqEntry = {
    faqId: content.faqId ?? deps.newId(),
    category: content.category,
    question: content.question,
    answer: content.answer,
    ...(content.spokenAnswer ? { spokenAnswer: content.spokenAnswer } : {}),
    paraphrases: content.paraphrases,
    keywords: content.keywords,
    version: 1,
    deleted: false,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.repository.create(entry);
  return entry;
};

const current = async (faqId: string, expectedVersion: number, deps: FaqAdminDeps): Promise<FaqEntry> => {
  const entry = await deps.repository.get(faqId);
  if (!entry) throw new NotFoundError(`no FAQ entry ${faqId}`);
  if (entry.deleted) throw new DeletedEntryError(entry.version);
  if (entry.version !== expectedVersion) throw new VersionConflictError(entry.version);
  return entry;
};

const save = async (next: FaqEntry, expectedVersion: number, deps: FaqAdminDeps): Promise<FaqEntry> => {
  if ((await deps.repository.replace(next, expectedVersion)) === 'REPLACED') return next;
  // Someone saved between our read and our write.
  const latest = await deps.repository.get(next.faqId);
  if (!latest) throw new NotFoundError(`no FAQ entry ${next.faqId}`);
  throw latest.deleted ? new DeletedEntryError(latest.version) : new VersionConflictError(latest.version);
};

export const updateFaq = async (faqId: string, content: FaqContent, expectedVersion: number, deps: FaqAdminDeps): Promise<FaqEntry> => {
  const entry = await current(faqId, expectedVersion, deps);
  const { spokenAnswer: _previousSpoken, ...rest } = entry;
  return save(
    {
      ...rest,
      category: content.category,
      question: content.question,
      answer: content.answer,
      ...(content.spokenAnswer ? { spokenAnswer: content.spokenAnswer } : {}),
      paraphrases: content.paraphrases,
      keywords: content.keywords,
      version: expectedVersion + 1,
      updatedAt: deps.clock.now().toISOString(),
    },
    expectedVersion,
    deps,
  );
};

export const deleteFaq = async (faqId: string, expectedVersion: number, deps: FaqAdminDeps): Promise<FaqEntry> => {
  const entry = await current(faqId, expectedVersion, deps);
  return save({ ...entry, deleted: true, version: expectedVersion + 1, updatedAt: deps.clock.now().toISOString() }, expectedVersion, deps);
};

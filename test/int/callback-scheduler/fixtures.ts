import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusinessCalendar } from '@domain/calendar';
import { callbackPolicy, type CallbackPolicy } from '@domain/callbacks/policy';
import type { FixedClock } from '@domain/clock';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../../../lambdas/adapters/dynamodb/callback-store';
import type { TestTables } from '../harness/store';

export const EVENTS_DIR = join(__dirname, '../../../events/callback-scheduler');

export const sampleEvent = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8'));

/** A Connect flow event with the given parameters, caller id and contact attributes. */
export const flowEvent = (params: Record<string, string>, options: { address?: string; attributes?: Record<string, string>; contactId?: string } = {}) => {
  const e = sampleEvent('book-asap.json') as {
    Details: { Parameters: Record<string, string>; ContactData: { CustomerEndpoint: { Address: string }; Attributes: Record<string, string>; ContactId: string } };
  };
  e.Details.Parameters = params;
  e.Details.ContactData.CustomerEndpoint.Address = options.address ?? '+821023456789';
  e.Details.ContactData.Attributes = options.attributes ?? {};
  if (options.contactId) e.Details.ContactData.ContactId = options.contactId;
  return e;
};

/** Seoul wall-clock time → instant. */
export const kst = (local: string): Date => new Date(`${local}+09:00`);

export const callbackDeps = (tables: TestTables, clock: FixedClock, overrides: Partial<CallbackPolicy> = {}) => {
  const counters = new DynamoCallbackCounters(tables.doc, tables.names.callbacks, clock);
  return {
    repository: new DynamoCallbackRepository(tables.doc, tables.names.callbacks, clock),
    capacity: counters,
    rateLimiter: counters,
    calendar: new BusinessCalendar(),
    clock,
    policy: callbackPolicy(overrides),
  };
};

export const DISPATCHER_ENV = {
  CALLBACK_DIALER: 'connect',
  CONNECT_INSTANCE_ID: '11111111-2222-3333-4444-555555555555',
  OUTBOUND_CONTACT_FLOW_ID: 'ffffffff-0000-4000-8000-00000000f10w',
  CALLBACK_QUEUE_ID: 'aaaaaaaa-0000-4000-8000-00000000cbcb',
};

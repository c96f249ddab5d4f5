import { BusinessCalendar, parseBusinessHours } from '@domain/calendar';
import { callbackPolicy, type CallbackPolicy } from '@domain/callbacks/policy';
import { boolVar, configSchema, intVar, listVar, loadConfig, tableVar, textVar, type ConfigOf } from '../platform/config';

/**
 * Settings shared by the callback Lambdas (flow-facing booking and the dispatcher), read once at
 * module load: a bad value stops the cold start instead of booking wrong times.
 */
export const callbackSettingsVars = {
  CALLBACKS_TABLE: tableVar(),
  /** `mon-fri 09:00-18:00; sat 10:00-13:00` (Seoul) */
  BUSINESS_HOURS: textVar('mon-fri 09:00-18:00'),
  /** Company closures, comma separated `YYYY-MM-DD` (창립기념일...) */
  BUSINESS_CLOSED_DATES: listVar(),
  BUSINESS_CLOSED_ON_PUBLIC_HOLIDAYS: boolVar(true),
  CALLBACK_SLOT_MINUTES: intVar(30, 5, 240),
  CALLBACK_SLOT_CAPACITY: intVar(10, 1, 10_000),
  CALLBACK_MAX_DAYS_AHEAD: intVar(7, 1, 30),
  CALLBACK_MAX_ATTEMPTS: intVar(3, 1, 10),
  CALLBACK_RETRY_MINUTES: intVar(15, 1, 24 * 60),
  CALLBACK_LEASE_MINUTES: intVar(10, 2, 120),
  CALLBACK_DIALS_PER_MINUTE: intVar(20, 1, 1000),
  CALLBACK_RETENTION_DAYS: intVar(90, 1, 3650),
};

export const callbackSettingsSchema = configSchema(callbackSettingsVars);

export type CallbackSettings = ConfigOf<typeof callbackSettingsVars>;

export interface CallbackRules {
  readonly tableName: string;
  readonly calendar: BusinessCalendar;
  readonly policy: CallbackPolicy;
}

export const toCallbackRules = (settings: CallbackSettings): CallbackRules => ({
  tableName: settings.CALLBACKS_TABLE,
  calendar: new BusinessCalendar(
    parseBusinessHours(settings.BUSINESS_HOURS, settings.BUSINESS_CLOSED_DATES, settings.BUSINESS_CLOSED_ON_PUBLIC_HOLIDAYS),
  ),
  policy: callbackPolicy({
    slotMinutes: settings.CALLBACK_SLOT_MINUTES,
    capacityPerSlot: settings.CALLBACK_SLOT_CAPACITY,
    maxDaysAhead: settings.CALLBACK_MAX_DAYS_AHEAD,
    maxAttempts: settings.CALLBACK_MAX_ATTEMPTS,
    retryDelayMinutes: settings.CALLBACK_RETRY_MINUTES,
    leaseMinutes: settings.CALLBACK_LEASE_MINUTES,
    dialsPerMinute: settings.CALLBACK_DIALS_PER_MINUTE,
    retentionDays: settings.CALLBACK_RETENTION_DAYS,
  }),
});

export const loadCallbackRules = (env: NodeJS.ProcessEnv = process.env): CallbackRules => toCallbackRules(loadConfig(callbackSettingsSchema, env));

import type { Context } from 'aws-lambda';
import { systemClock, type Clock } from '@domain/clock';
import { callerProfile, identifyCaller, type Identification, type PinPolicy } from '@domain/customers/identify-caller';
import type { CustomerDirectory, PinAttemptStore } from '@domain/customers/ports';
import { errorName } from '@domain/errors';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoCustomerDirectory } from '../adapters/dynamodb/customer-directory';
import { configSchema, intVar, loadConfig, tableVar } from '../platform/config';
import { parseConnectEvent, toStringMap, type StringMap } from '../platform/connect';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';

/**
 * customer-validation: called by the inbound contact flow. Identifies the caller by number
 * (`CustomerEndpoint.Address`, or a `phoneNumber` parameter such as a DTMF-entered number) and,
 * when the flow passes a DTMF `pin`, verifies it. Answers a flat string map; never throws.
 */
const config = loadConfig(
  configSchema({
    CUSTOMERS_TABLE: tableVar(),
    PIN_MAX_ATTEMPTS: intVar(3, 1, 10),
    PIN_LOCK_MINUTES: intVar(30, 1, 24 * 60),
  }),
);

const instrumentation = createInstrumentation('customer-validation');
const { logger, metrics } = instrumentation;

export interface CustomerValidationDeps {
  readonly directory: CustomerDirectory;
  readonly attempts: PinAttemptStore;
  readonly clock: Clock;
  readonly policy: PinPolicy;
}

const toResponse = (identification: Identification): StringMap => {
  const profile = callerProfile(identification);
  return toStringMap({
    customerFound: profile.customerFound,
    customerId: profile.customerId ?? '',
    customerName: profile.customerName ?? '',
    tier: profile.tier ?? '',
    isVip: profile.isVip,
    preferredLanguage: profile.preferredLanguage,
    verificationResult: identification.verification,
    verificationDetail: identification.detail,
    attemptsRemaining: identification.attemptsRemaining ?? '',
    lockedUntil: identification.lockedUntil?.toISOString() ?? '',
    phoneType: identification.phone?.kind ?? '',
  });
};

/** The answer when the directory cannot be reached: nobody is treated as identified or verified. */
const UNAVAILABLE: StringMap = toStringMap({
  customerFound: false,
  customerId: '',
  customerName: '',
  tier: '',
  isVip: false,
  preferredLanguage: 'ko-KR',
  verificationResult: 'FAILED',
  verificationDetail: 'LOOKUP_UNAVAILABLE',
  attemptsRemaining: '',
  lockedUntil: '',
  phoneType: '',
});

export const validateCustomer = async (event: unknown, deps: CustomerValidationDeps): Promise<StringMap> => {
  const input = parseConnectEvent(event);
  logger.appendKeys({ contactId: input.contactId });
  const phoneNumber = input.parameters.phoneNumber?.trim() || input.customerAddress;
  try {
    const identification = await identifyCaller({ phoneNumber, pin: input.parameters.pin }, deps);
    metrics.addMetric(identification.customer ? 'CustomerIdentified' : 'CustomerNotIdentified', MetricUnit.Count, 1);
    if (identification.verification === 'LOCKED') metrics.addMetric('PinVerificationLocked', MetricUnit.Count, 1);
    logger.info('caller identified', {
      phone: identification.phone?.masked,
      verification: identification.verification,
      detail: identification.detail,
      tier: identification.customer?.tier,
    });
    return toResponse(identification);
  } catch (error) {
    metrics.addMetric('CustomerLookupFailed', MetricUnit.Count, 1);
    logger.error('customer lookup failed; answering not verified', { errorName: errorName(error), error: error as Error });
    return UNAVAILABLE;
  }
};

const doc = createDocumentClient();
const directory = new DynamoCustomerDirectory(doc, config.CUSTOMERS_TABLE);
const deps: CustomerValidationDeps = {
  directory,
  attempts: directory,
  clock: systemClock,
  policy: { maxAttempts: config.PIN_MAX_ATTEMPTS, lockMinutes: config.PIN_LOCK_MINUTES },
};

export const handler = wrapHandler((event: unknown, _context: Context) => validateCustomer(event, deps), instrumentation);

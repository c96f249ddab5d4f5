export const CUSTOMER_TIERS = ['REGULAR', 'VIP', 'PREMIUM', 'CORPORATE'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** Tiers routed to the vip queue and escalated sooner. */
export const isPriorityTier = (tier: CustomerTier): boolean => tier === 'VIP' || tier === 'PREMIUM';

export interface Customer {
  readonly customerId: string;
  readonly name: string;
  /** E.164, the key of the phone index */
  readonly phoneE164: string;
  readonly tier: CustomerTier;
  /** BCP 47, e.g. `ko-KR` */
  readonly preferredLanguage: string;
  /** `scrypt$N$r$p$salt$hash`; absent when the customer never enrolled a PIN */
  readonly pinHash?: string;
  readonly pinFailures: number;
  /** ISO instant until which PIN verification is locked */
  readonly pinLockedUntil?: string;
  readonly email?: string;
}

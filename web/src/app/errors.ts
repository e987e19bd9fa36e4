/**
 * Failures in people's words. The API's errorTypes are for programs; a person reads what happened and what to do.
 */
const MESSAGES: Record<string, string> = {
  GiftCodeNotRedeemable: "This code can't be redeemed. Check it for typos; used, expired and voided codes can't be redeemed either.",
  TooManyAttempts: 'Too many attempts with codes that did not work. Please wait a few minutes before trying again.',
  GiftCodeNotVoidable: "This code can't be voided: it is unknown, already used or voided, or belongs to another issuer.",
  RewardVersionConflict:
    'Someone else changed this reward since you opened it (or its status no longer allows this). Reload it to see their changes, then try again.',
  RewardAlreadyExists: 'A reward with this id already exists. Choose another id, or leave it empty to have one generated.',
  Unauthorized: "You don't have permission to do this.",
  NotFound: 'Nothing was found with this id.',
  RequestIdReused: 'This request was already used for something else. Please try again.',
  InsufficientPoints: "You don't have enough points for this reward.",
  RedemptionLimitReached: "You've already redeemed this reward as many times as it allows.",
  RedemptionInProgress: 'This redemption is still being processed. Please try again in a moment.',
  SerialAlreadyRegistered: 'This product is already registered. Each serial number can be registered once.',
  InvalidSerialNumber: "This serial number doesn't look right for this product. Check it on the product's label.",
  ProductNotFound: "This product can't be registered (it may have been withdrawn). Choose another product.",
  RegistrationInProgress: 'This registration is still being processed. Please try again in a moment.',
  AdjustmentInProgress: 'This adjustment is still being processed. Please try again in a moment.',
};

/** Messages the API writes for people (validation), shown as they are. */
const SHOWN_AS_WRITTEN = new Set(['InvalidRewardInput', 'ValidationError', 'RewardUnavailable', 'PurchaseDateOutOfWindow']);

interface GraphQLFailure {
  errors?: Array<{ errorType?: string; message?: string }>;
  name?: string;
  message?: string;
}

/** `overrides`: what an errorType means on one page, where the general wording would mislead. */
export function humanError(error: unknown, overrides: Record<string, string> = {}): string {
  const failure = error as GraphQLFailure;
  const first = failure?.errors?.[0];
  if (first?.errorType && overrides[first.errorType]) return overrides[first.errorType];
  if (first?.errorType && MESSAGES[first.errorType]) return MESSAGES[first.errorType];
  if (first?.errorType && SHOWN_AS_WRITTEN.has(first.errorType) && first.message) return first.message;
  if (first?.errorType?.startsWith('Unauthorized') || first?.message?.startsWith('Not Authorized')) return MESSAGES.Unauthorized;
  if (failure?.name === 'NetworkError' || failure?.message === 'Failed to fetch' || first?.message === 'Network error')
    return "We couldn't reach the service. Check your connection and try again.";
  return 'Something went wrong. Please try again.';
}

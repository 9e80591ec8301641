/**
 * The emulator's own id rules, deliberately not shared with the product: bookingtime ids are a
 * 2-character type prefix and 30 alphanumerics; organizations start with "f6".
 */
export const ORGANIZATION_ID_PATTERN = /^f6[A-Za-z0-9]{30}$/;

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

/** True for addresses only this machine can reach; anything else needs an allowed-hosts list. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

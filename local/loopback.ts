/** The local stack listens on this machine's loopback only: nothing of it is reachable from the network. */

/** True for an address only this machine reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Throws, in French (it reaches whoever starts the stack), unless `host` is a loopback address. */
export function assertLoopbackHost(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new Error(`la pile locale n'écoute que sur la boucle locale (127.0.0.1, ::1 ou localhost) : « ${host} » est refusé`);
  }
}

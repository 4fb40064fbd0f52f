import type { GatewayStatus } from './probe';

/**
 * Whether a service can be used right now, from its catalog declaration and the gateway status.
 * A service that needs the network at submit time (a live inquiry first, like paying traffic
 * fines) is unavailable while offline; a queueable one stays available and its submission waits
 * in the outbox ('queued' tells the UI to say "it will be sent when the connection is back").
 */
export type ServiceAvailability =
  | { available: true; queued: boolean }
  | { available: false; reason: 'needs-network' };

export function serviceAvailability(service: { needsNetwork: boolean }, gateway: GatewayStatus): ServiceAvailability {
  if (gateway === 'online') return { available: true, queued: false };
  // 'unknown' (just started, first probe pending): let a live service try; its inquiry fails
  // clearly if the gateway is not there. Queueable ones are queued either way.
  if (service.needsNetwork) return gateway === 'offline' ? { available: false, reason: 'needs-network' } : { available: true, queued: false };
  return { available: true, queued: true };
}

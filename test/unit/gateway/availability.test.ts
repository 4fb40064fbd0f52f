import { describe, expect, it } from 'vitest';
import { serviceAvailability } from '../../../main/gateway';

const inquiry = { needsNetwork: true };
const queueable = { needsNetwork: false };

describe('serviceAvailability', () => {
  it('offers everything online, nothing queued', () => {
    expect(serviceAvailability(inquiry, 'online')).toEqual({ available: true, queued: false });
    expect(serviceAvailability(queueable, 'online')).toEqual({ available: true, queued: false });
  });

  it('offline: a service that needs the network is unavailable, a queueable one is queued', () => {
    expect(serviceAvailability(inquiry, 'offline')).toEqual({ available: false, reason: 'needs-network' });
    expect(serviceAvailability(queueable, 'offline')).toEqual({ available: true, queued: true });
  });

  it('before the first probe answers, a live service may try and a queueable one is queued', () => {
    expect(serviceAvailability(inquiry, 'unknown')).toEqual({ available: true, queued: false });
    expect(serviceAvailability(queueable, 'unknown')).toEqual({ available: true, queued: true });
  });
});

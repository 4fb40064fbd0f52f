/**
 * What the simulated terminal does with the next sales. Names are stable: the lab page, the CLI
 * and tests use them.
 */
export const SIM_SCENARIOS = [
  'approve',
  'decline',
  'decline-expired',
  'decline-no-connection',
  'decline-status',
  'card-unreadable',
  'abort-by-shopper',
  'slow-status',
  'silent',
  'silent-before-ack',
  'silent-after-pin',
  'silent-after-approval',
  'nak-storm',
  'nak-storm-hard',
  'garbled-crc',
] as const;
export type SimScenario = (typeof SIM_SCENARIOS)[number];

export const SCENARIO_HELP: Record<SimScenario, string> = {
  approve: 'card, PIN, host, approved',
  decline: 'declined by the host with --decline-code (default 0x7A card unknown)',
  'decline-expired': 'declined: card expired (0x78)',
  'decline-no-connection': 'declined: no connection to the host (0xA3)',
  'decline-status': 'declined with a 04 0F carrying the code, then 06 1E',
  'card-unreadable': 'card not readable (04 FF 0C, then 06 1E 64)',
  'abort-by-shopper': 'the shopper presses Stop on the terminal (06 1E 6C)',
  'slow-status': 'many slow "please wait" statuses before approving',
  silent: 'takes the command (80 00) and then says nothing',
  'silent-before-ack': 'swallows the command: not even 80 00',
  'silent-after-pin': 'goes quiet in the middle of the intermediate statuses',
  'silent-after-approval': 'books the sale, sends the approval, never sends 06 0F',
  'nak-storm': 'the next 2 frames from the kiosk arrive damaged (NAKed), then approve',
  'nak-storm-hard': 'the next 3 frames from the kiosk (a command and both its resends) arrive damaged',
  'garbled-crc': 'the terminal\'s next 2 frames leave with a broken CRC (the kiosk NAKs, it resends), then approve',
};

/** Decline codes per scenario; `decline` uses the configured code. */
export const DECLINE_CODES: Partial<Record<SimScenario, number>> = {
  'decline-expired': 0x78,
  'decline-no-connection': 0xa3,
  'card-unreadable': 0x64,
};

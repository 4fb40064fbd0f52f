import type { CommandSpec } from './command';
import { cardCommands } from './commands/card';
import { diagCommands } from './commands/diag';
import { diagDeviceCommands } from './commands/diag-devices';
import { diagWorkOrderCommands } from './commands/diag-work-order';
import { configCommands } from './commands/config';
import { gatewayCommands } from './commands/gateway';
import { kioskCommands } from './commands/kiosk';
import { paymentCommands } from './commands/payment';
import { printerCommands } from './commands/printer';
import { queueCommands } from './commands/queue';

export function allCommands(): CommandSpec[] {
  return [...kioskCommands, ...cardCommands, ...paymentCommands, ...printerCommands, ...gatewayCommands, ...queueCommands, ...diagCommands, ...diagDeviceCommands, ...diagWorkOrderCommands, ...configCommands];
}

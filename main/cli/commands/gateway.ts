import type { CommandSpec } from '../command';

export const gatewayCommands: CommandSpec[] = [];

import type { CommandSpec } from '../command';

export const kioskCommands: CommandSpec[] = [];

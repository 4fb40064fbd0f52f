import type { CommandSpec } from '../command';

export const queueCommands: CommandSpec[] = [];

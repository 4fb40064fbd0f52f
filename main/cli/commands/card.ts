import type { CommandSpec } from '../command';

export const cardCommands: CommandSpec[] = [];

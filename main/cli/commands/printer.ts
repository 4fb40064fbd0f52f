import type { CommandSpec } from '../command';

export const printerCommands: CommandSpec[] = [];

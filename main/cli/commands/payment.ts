import type { CommandSpec } from '../command';

export const paymentCommands: CommandSpec[] = [];

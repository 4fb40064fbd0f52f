import type { z } from 'zod';

/**
 * Where a message broke the contract, as `path: code` lines for logs and errors. Values are never
 * included: a forged intent may carry anything, and a state carries personal data. Unknown keys
 * are named only when asked (main's own states), never for what a renderer sent.
 */
export function contractIssues(error: z.ZodError, options: { max?: number; keys?: boolean } = {}): string[] {
  return error.issues.slice(0, options.max ?? 5).map((issue) => {
    const where = `${issue.path.join('.') || '(root)'}: ${issue.code}`;
    return options.keys && issue.code === 'unrecognized_keys' ? `${where} (${issue.keys.join(', ')})` : where;
  });
}

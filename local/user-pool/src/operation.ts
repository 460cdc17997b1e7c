/**
 * One Cognito operation: the zod schema of its request and what it does with a request of that
 * shape. `operation()` keeps the two together, so the parsed input is typed by its own schema and
 * the dispatcher never needs a cast.
 */
import type { z } from 'zod';
import { CognitoError } from './errors.ts';
import type { PoolContext } from './pool-context.ts';

export interface Operation {
  /** Checks the request against the operation's schema (Cognito's InvalidParameterException), then runs it. */
  handle(pool: PoolContext, body: unknown): Promise<unknown>;
}

export function operation<S extends z.ZodType>(
  input: S,
  run: (pool: PoolContext, input: z.output<S>) => Promise<unknown>,
): Operation {
  return {
    async handle(pool, body) {
      const parsed = input.safeParse(body);
      if (!parsed.success) {
        const first = parsed.error.issues[0]!;
        throw new CognitoError(
          'InvalidParameterException',
          `1 validation error detected: Value at '${first.path.join('.')}' failed to satisfy constraint: ${first.message}`,
        );
      }
      return run(pool, parsed.data);
    },
  };
}

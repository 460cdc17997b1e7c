/** Every Cognito operation the local pool answers, by the name in the `X-Amz-Target` header. */
import type { Operation } from '../operation.ts';
import { adminOperations } from './admin.ts';
import { sessionOperations } from './session.ts';
import { signInOperations } from './sign-in.ts';
import { signUpOperations } from './sign-up.ts';
import { softwareTokenOperations } from './software-token.ts';

export const OPERATION_MAP = {
  ...signUpOperations,
  ...signInOperations,
  ...sessionOperations,
  ...adminOperations,
  ...softwareTokenOperations,
} satisfies Readonly<Record<string, Operation>>;

export type OperationName = keyof typeof OPERATION_MAP;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATION_MAP, name);
}

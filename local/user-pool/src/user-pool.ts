/**
 * The local user pool: Cognito's API (SignUp, ConfirmSignUp, InitiateAuth, RespondToAuthChallenge,
 * GetUser, GlobalSignOut, the software token MFA operations, Admin*) with Cognito's errors and
 * behaviours. Each group of operations is a module under operations/; this class holds the pool's
 * state and keys and dispatches a request to its operation by name.
 */
import { CognitoError } from './errors.ts';
import { MFA_CONFIGURATIONS } from './mfa-challenge.ts';
import { OPERATION_MAP, isOperationName, type OperationName } from './operations/index.ts';
import { PoolContext, type UserPoolConfig } from './pool-context.ts';
import { StateWriter, type PoolState } from './pool-state.ts';
import { SigningKeys, newSigningKey } from './signing-keys.ts';

export type { UserPoolConfig } from './pool-context.ts';
export type { OperationName } from './operations/index.ts';

/** Every operation the pool answers. */
export const OPERATIONS: readonly OperationName[] = Object.keys(OPERATION_MAP).filter(isOperationName);

export class UserPool {
  readonly #pool: PoolContext;

  private constructor(config: UserPoolConfig, state: PoolState, writer: StateWriter) {
    const mfa = config.mfa ?? 'OFF';
    if (!MFA_CONFIGURATIONS.includes(mfa))
      throw new TypeError(`mfa must be one of ${MFA_CONFIGURATIONS.join(', ')}; got ${mfa}`);
    this.#pool = new PoolContext(config, state, new SigningKeys(state.keys), writer, mfa);
  }

  static async open(config: UserPoolConfig, stateFile: string, initial: PoolState | undefined): Promise<UserPool> {
    const state = initial ?? { users: {}, sessions: {}, keys: [await newSigningKey()] };
    const pool = new UserPool(config, state, new StateWriter(stateFile));
    await pool.#pool.save();
    return pool;
  }

  get config(): UserPoolConfig {
    return this.#pool.config;
  }

  jwks(): { keys: object[] } {
    return this.#pool.keys.jwks();
  }

  async rotateKeys(): Promise<string> {
    const { keys, state } = this.#pool;
    keys.rotate(await newSigningKey());
    state.keys = [...keys.all];
    await this.#pool.save();
    return keys.active.kid;
  }

  /** The last confirmation code sent to a user (for local tooling; Cognito emails it). */
  confirmationCode(name: string): string | undefined {
    return this.#pool.findUser(name)?.confirmation?.code;
  }

  async handle(operation: string, body: unknown): Promise<unknown> {
    if (!isOperationName(operation))
      throw new CognitoError(
        'UnknownOperationException',
        `Operation ${operation} is not supported by the local user pool`,
      );
    return OPERATION_MAP[operation].handle(this.#pool, body);
  }
}

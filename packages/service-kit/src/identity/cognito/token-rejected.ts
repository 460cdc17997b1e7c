/** Why a token was refused: logged and counted, never told to the caller (who sees 401 Unauthorized). */
export type RejectionReason =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'unknown-key'
  | 'disallowed-alg'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-client'
  | 'wrong-token-use'
  | 'revoked';

export class TokenRejected extends Error {
  static readonly code = 'SVC_ERR_TOKEN_REJECTED';
  readonly code = TokenRejected.code;
  readonly reason: RejectionReason;
  constructor(reason: RejectionReason, detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'TokenRejected';
    this.reason = reason;
  }
}

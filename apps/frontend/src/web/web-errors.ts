/** What a page handler throws when it cannot go on; the web plugin turns each into a GOV.UK page. */

/** No signed-in session (never signed in, signed out, or timed out): back to sign-in. */
export class SignInRequired extends Error {
  readonly timedOut: boolean;
  constructor(timedOut: boolean) {
    super('Sign in to continue');
    this.name = 'SignInRequired';
    this.timedOut = timedOut;
  }
}

/** A signed-in user without the role a page needs (a citizen at /caseworker). */
export class PageForbidden extends Error {
  constructor() {
    super('You cannot access this page');
    this.name = 'PageForbidden';
  }
}

/** A thing the user asked for that does not exist, or is not theirs to see. */
export class PageNotFound extends Error {
  constructor() {
    super('Page not found');
    this.name = 'PageNotFound';
  }
}

/** The platform answered in a way the page cannot use (an unexpected status). */
export class PlatformProblem extends Error {
  readonly status: number;
  constructor(what: string, status: number) {
    super(`${what} answered HTTP ${status}`);
    this.name = 'PlatformProblem';
    this.status = status;
  }
}

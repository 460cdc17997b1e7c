/** Sign-in, account and signed-out pages. Pure: data in, HTML out. */
import { CSRF_FIELD } from '../session/csrf.ts';
import { html } from './html.ts';
import { errorSummary, layout } from './layout.ts';

export function signInPage(csrfToken: string, opts: { username?: string; errors?: readonly string[] } = {}): string {
  return layout(
    'Sign in',
    html`${errorSummary(opts.errors ?? [])}
<h1>Sign in</h1>
<form method="post" action="/sign-in" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" value="${opts.username ?? ''}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<div><button type="submit" data-module="govuk-button">Sign in</button></div>
</form>`,
  );
}

export function securityCodePage(csrfToken: string, opts: { errors?: readonly string[] } = {}): string {
  return layout(
    'Enter the security code',
    html`${errorSummary(opts.errors ?? [])}
<h1>Enter the security code</h1>
<p>Open your authenticator app and enter the 6-digit code it shows for DWP citizen services.</p>
<form method="post" action="/sign-in/security-code" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<label for="code">Security code</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" maxlength="6">
<div><button type="submit" data-module="govuk-button">Continue</button></div>
</form>`,
  );
}

export function setUpAuthenticatorPage(csrfToken: string, setup: { secretCode: string }, opts: { errors?: readonly string[] } = {}): string {
  return layout(
    'Set up an authenticator app',
    html`${errorSummary(opts.errors ?? [])}
<h1>Set up an authenticator app</h1>
<p>Your account needs a security code from an authenticator app each time you sign in.</p>
<p>Add an account to your authenticator app with this secret key:</p>
<p><code id="secret-key">${setup.secretCode}</code></p>
<form method="post" action="/sign-in/set-up-authenticator" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<label for="code">Enter the 6-digit code the app now shows</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" maxlength="6">
<div><button type="submit" data-module="govuk-button">Continue</button></div>
</form>`,
  );
}

export interface AccountView {
  readonly username: string;
  readonly roles: readonly string[];
  readonly confidence: string;
}

export function accountPage(csrfToken: string, me: AccountView): string {
  const verified = me.confidence === 'P2' ? 'Your identity is verified' : 'You have not verified your identity yet';
  return layout(
    'Your account',
    html`<h1>Your account</h1>
<table>
<tr><th scope="row">Username</th><td id="username">${me.username}</td></tr>
<tr><th scope="row">Role</th><td id="roles">${me.roles.join(', ')}</td></tr>
<tr><th scope="row">Identity</th><td id="confidence">${verified} (${me.confidence})</td></tr>
</table>
<form method="post" action="/sign-out">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<button type="submit">Sign out</button>
</form>`,
    { signedIn: true },
  );
}

export function signedOutPage(): string {
  return layout('You have signed out', html`<h1>You have signed out</h1><p><a href="/sign-in">Sign in again</a></p>`);
}

export function problemPage(title: string, message: string): string {
  return layout(title, html`<h1>${title}</h1><p>${message}</p>`);
}

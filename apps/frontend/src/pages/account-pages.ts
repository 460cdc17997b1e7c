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

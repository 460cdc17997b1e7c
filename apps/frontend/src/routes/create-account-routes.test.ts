import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const GOOD = { username: 'amanda', email: 'amanda@example.com', password: 'Correct-horse-1' };
const signedUp = { status: 201, body: { userSub: 'sub-amanda', confirmed: false, codeSentTo: 'a***@e***' } };

describe('create an account', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(() => {
    web.gateway.requests.length = 0;
  });

  it('shows the sign-up form with the password rules as its hint', async () => {
    const res = await web.get('/create-account');
    assert.equal(res.status, 200);
    assert.equal(titleOf(res.body), 'Create an account – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
    assert.match(res.body, /name="_csrf"/);
    assert.match(res.body, /data-module="govuk-password-input"/);
    assert.match(
      res.body,
      /at least 8 characters and include a lower case letter, a capital letter, a number and a symbol/,
    );
    assert.match(res.body, /autocomplete="new-password"/);
  });

  // fields | the message the error summary shows first
  const invalid: ReadonlyArray<readonly [Record<string, string>, string]> = [
    [{ username: '', email: '', password: '' }, 'Enter a username Enter your email address Enter a password'],
    [{ ...GOOD, username: 'am' }, 'Username must be 3 characters or more'],
    [{ ...GOOD, username: 'amanda smith' }, 'Username must only include letters, numbers and . _ @ + -'],
    [{ ...GOOD, email: 'amanda.example.com' }, 'Enter an email address in the correct format, like name@example.com'],
    [{ ...GOOD, password: 'Short1!' }, 'Password must be 8 characters or more'],
    [{ ...GOOD, password: 'correct-horse-1' }, 'Password must include a capital letter'],
    [{ ...GOOD, password: 'Correct-horse' }, 'Password must include a number'],
    [{ ...GOOD, password: 'Correcthorse1' }, 'Password must include a symbol, such as ! or ?'],
  ];
  for (const [fields, message] of invalid) {
    it(`says "${message}" and sends nothing for ${JSON.stringify(fields)}`, async () => {
      await web.get('/create-account');
      const res = await web.post('/create-account', fields);
      assert.equal(res.status, 400);
      assert.equal(textOf(res.body, '.govuk-error-summary__list'), message);
      assert.equal(web.gateway.calls('POST', '/identity/sign-up').length, 0);
    });
  }

  it('keeps the username and email, but never the password, when the form comes back', async () => {
    await web.get('/create-account');
    const res = await web.post('/create-account', { ...GOOD, password: 'x' });
    assert.match(res.body, /value="amanda"/);
    assert.match(res.body, /value="amanda@example.com"/);
    assert.doesNotMatch(res.body, /value="x"/);
  });

  it('says the username is taken when identity-api answers 409', async () => {
    web.gateway.on('POST', '/identity/sign-up', {
      status: 409,
      body: { error: { code: 'IDENTITY_ERR_USERNAME_TAKEN', message: 'That username is already registered' } },
    });
    await web.get('/create-account');
    const res = await web.post('/create-account', GOOD);
    assert.equal(res.status, 400);
    assert.match(res.body, /href="#username">That username is already used by another account/);
  });

  it("puts the user pool's password refusal in GOV.UK words", async () => {
    web.gateway.on('POST', '/identity/sign-up', {
      status: 400,
      body: {
        error: {
          code: 'IDENTITY_ERR_PASSWORD_POLICY',
          message: 'Password did not conform with policy: Password must have lowercase characters',
        },
      },
    });
    await web.get('/create-account');
    const res = await web.post('/create-account', GOOD);
    assert.equal(res.status, 400);
    assert.match(res.body, /href="#password">Password must include a lower case letter/);
  });

  it('shows the problem page when identity-api answers something no form can show', async () => {
    web.gateway.on('POST', '/identity/sign-up', {
      status: 500,
      body: { error: { code: 'SVC_ERR_INTERNAL', message: 'boom' } },
    });
    await web.get('/create-account');
    const res = await web.post('/create-account', GOOD);
    assert.equal(res.status, 502);
  });

  it('sends the account to identity-api, asks for the emailed code, and then sends the user to sign in', async () => {
    web.gateway.on('POST', '/identity/sign-up', signedUp);
    web.gateway.on('POST', '/identity/confirm', { status: 200, body: { confirmed: true } });
    await web.get('/create-account');
    const res = await web.post('/create-account', { ...GOOD, username: ' amanda ' });
    assert.deepEqual([res.status, res.location], [303, '/create-account/confirm']);
    assert.deepEqual(web.gateway.calls('POST', '/identity/sign-up')[0]?.body, GOOD);

    const page = await web.get('/create-account/confirm');
    assert.equal(page.status, 200);
    assert.equal(textOf(page.body, '#code-sent-to'), 'We have sent a code to a***@e***.');
    assert.match(page.body, /We cannot send a new code/);

    const bad = await web.post('/create-account/confirm', { code: '12345' });
    assert.equal(bad.status, 400);
    assert.equal(textOf(bad.body, '.govuk-error-summary__list'), 'The code must be 6 numbers');

    const done = await web.post('/create-account/confirm', { code: '123 456' });
    assert.deepEqual([done.status, done.location], [303, '/sign-in?created=1']);
    assert.deepEqual(web.gateway.calls('POST', '/identity/confirm')[0]?.body, { username: 'amanda', code: '123456' });

    const signIn = await web.get('/sign-in?created=1');
    assert.match(signIn.body, /govuk-notification-banner--success/);
    assert.match(signIn.body, /Your account has been created. Sign in to set up your authenticator app/);
    assert.equal((await web.get('/create-account/confirm')).location, '/create-account', 'the journey is over');
  });

  for (const [code, message] of [
    ['IDENTITY_ERR_CODE_MISMATCH', 'The code is not right. Check the email we sent and enter the code again'],
    ['IDENTITY_ERR_CODE_EXPIRED', 'The code has expired. Call the helpline on 0800 328 5644 to confirm your account'],
  ] as const) {
    it(`says "${message.slice(0, 24)}..." when identity-api answers ${code}`, async () => {
      web.gateway.on('POST', '/identity/sign-up', signedUp);
      web.gateway.on('POST', '/identity/confirm', { status: 400, body: { error: { code, message: 'x' } } });
      await web.get('/create-account');
      await web.post('/create-account', GOOD);
      const res = await web.post('/create-account/confirm', { code: '123456' });
      assert.equal(res.status, 400);
      assert.equal(textOf(res.body, '.govuk-error-summary__list'), message);
    });
  }

  it('sends a visitor without a sign-up in progress back to the start of it', async () => {
    const fresh = await WebAppUnderTest.start();
    try {
      const res = await fresh.get('/create-account/confirm');
      assert.deepEqual([res.status, res.location], [303, '/create-account']);
    } finally {
      await fresh.close();
    }
  });

  it('sends someone who signs in before confirming to the page that asks for the code', async () => {
    web.gateway.on('POST', '/identity/sign-in', {
      status: 403,
      body: {
        error: {
          code: 'IDENTITY_ERR_NOT_CONFIRMED',
          message: 'Confirm your account with the code we sent before signing in',
        },
      },
    });
    web.gateway.on('POST', '/identity/confirm', { status: 200, body: { confirmed: true } });
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { username: 'amanda', password: 'Correct-horse-1' });
    assert.deepEqual([res.status, res.location], [303, '/create-account/confirm']);
    const page = await web.get('/create-account/confirm');
    assert.match(
      textOf(page.body, '#code-sent-to') ?? '',
      /^You need to confirm your email address before you can sign in/,
    );
    const done = await web.post('/create-account/confirm', { code: '654321' });
    assert.equal(done.location, '/sign-in?created=1');
    assert.deepEqual(web.gateway.calls('POST', '/identity/confirm').at(-1)?.body, {
      username: 'amanda',
      code: '654321',
    });
  });

  it('renders in Welsh', async () => {
    const res = await web.get('/create-account?lang=cy');
    assert.match(res.body, /<h1 class="govuk-heading-l">Creu cyfrif<\/h1>/);
    await web.get('/?lang=en');
  });
});

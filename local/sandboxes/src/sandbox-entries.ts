/** Where each sandbox process starts: its main module, for the local runtime's stand-ins. */
import { fileURLToPath } from 'node:url';

const entry = (folder: string) => fileURLToPath(new URL(`./${folder}/main.ts`, import.meta.url));

export const SANDBOX_ENTRIES = {
  royalMail: entry('royal-mail'),
  hmrc: entry('hmrc'),
  nhs: entry('nhs'),
  samlIdp: entry('saml-idp'),
  oneLogin: entry('one-login'),
} as const;

/** Every variable identity-api reads beyond the service kit's: the user pool, One Login and the SAML IdP. */
import { cognitoConfig } from './cognito.ts';
import { oneLoginConfig } from './one-login/one-login-client.ts';
import { samlConfig } from './saml/saml-verification.ts';

export const identityConfigSchema = cognitoConfig.extend(oneLoginConfig.shape).extend(samlConfig.shape);

export { cognitoConfig, oneLoginConfig, samlConfig };

/**
 * Suppliers' sign-in: a Cognito user pool whose users each carry their SIRET, TOTP MFA required,
 * Cognito's managed login on a domain of its own, and the page's client (authorization code with
 * PKCE, public: no secret). The page sends the ID token: its `aud` is the client (what the API's
 * JWT authorizer checks) and it carries `custom:siret` (what the API reads, shared/http/identity.ts).
 */
import { Aws, Duration, Fn, type Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Stage } from './stage.js';

/** Scopes the page asks for: the ID token then carries the user's e-mail and `custom:siret`. */
export const SIGN_IN_SCOPES = ['openid', 'email'] as const;

export interface SupplierPool {
  userPool: cognito.UserPool;
  domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the managed login pages and the token endpoint. */
  loginOrigin: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool>`: the tokens' issuer, the OIDC authority. */
  issuer: string;
}

/** The user pool and its managed login domain (the stack's scope, so that logical ids stay as deployed). */
export function supplierPool(stack: Stack, stage: Stage): SupplierPool {
  const userPool = new cognito.UserPool(stack, 'Fournisseurs', {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    customAttributes: { siret: new cognito.StringAttribute({ minLen: 14, maxLen: 14, mutable: false }) },
    passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
    // an authenticator app at every sign-in; the first sign-in enrols it
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { sms: false, otp: true },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    // Plus: threat protection blocks compromised credentials and risky sign-ins (a few cents per
    // active user a month, for the few hundred suppliers' users)
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: stage.deletionProtection,
    removalPolicy: stage.removalPolicy,
  });
  const prefix = stage.authDomainPrefix ?? Fn.join('-', ['segur-depot', stage.name, Aws.ACCOUNT_ID]);
  const domain = userPool.addDomain('Connexion', {
    cognitoDomain: { domainPrefix: prefix },
    managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
  });
  return {
    userPool,
    domain,
    // built from the prefix, not from the domain resource: the portal's headers name it before the domain exists
    loginOrigin: Fn.join('', ['https://', prefix, '.auth.', Aws.REGION, '.amazoncognito.com']),
    issuer: Fn.join('', ['https://cognito-idp.', Aws.REGION, '.amazonaws.com/', userPool.userPoolId]),
  };
}

/** The page's client: code grant with PKCE only, back to the portal's URL(s); short-lived tokens. */
export function webClient(stack: Stack, pool: SupplierPool, portalUrls: string[]): cognito.UserPoolClient {
  const client = pool.userPool.addClient('Web', {
    // no sign-in by API call (SRP, password, custom): only the managed login's code flow, then refresh
    authFlows: { userPassword: false, adminUserPassword: false, custom: false, userSrp: false, user: false },
    generateSecret: false,
    preventUserExistenceErrors: true,
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
      callbackUrls: portalUrls,
      logoutUrls: portalUrls,
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.hours(12),
    enableTokenRevocation: true,
    readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }).withCustomAttributes('siret'),
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
  });
  // managed login shows its pages for a client once it has a style: Cognito's own, unchanged
  new cognito.CfnManagedLoginBranding(stack, 'ConnexionStyle', {
    userPoolId: pool.userPool.userPoolId,
    clientId: client.userPoolClientId,
    useCognitoProvidedValues: true,
  });
  return client;
}

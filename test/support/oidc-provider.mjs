// A real OpenID Connect provider (the oidc-provider package) for the single
// sign-on specs, on a free loopback port. Started as a child process (the
// package is an ES module only). Prints {"issuer": "..."} once listening.
//
// The sign-in screen is scripted: /interaction/:uid signs in the account the
// authorization request's login_hint names, with that account's amr/acr, and
// grants the requested scopes. The spec sets the accounts with
// PUT /_test/accounts (a JSON object: login hint -> { sub, email,
// email_verified, name, amr, acr }).
//
// Environment: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_HOST
// (default 127.0.0.1; the issuer is spelled with it).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const host = process.env.OIDC_HOST ?? '127.0.0.1';
let accounts = {};

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://${host}:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.OIDC_CLIENT_ID,
        client_secret: process.env.OIDC_CLIENT_SECRET,
        redirect_uris: [process.env.OIDC_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    // The claims of the scopes go into the ID token, which is all the hub reads.
    conformIdTokenClaims: false,
    claims: {
      // acr and amr are released with the openid scope, as providers commonly do.
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub', 'acr', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    acrValues: ['urn:test:loa:1', 'urn:test:loa:mfa'],
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = Object.values(accounts).find((a) => a.sub === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.email_verified,
          name: account.name,
        }),
      };
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider error', error));
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    try {
      if (req.url === '/_test/accounts' && req.method === 'PUT') {
        let body = '';
        for await (const chunk of req) body += chunk;
        accounts = JSON.parse(body);
        res.writeHead(204).end();
        return;
      }
      if (req.url?.startsWith('/interaction/')) {
        const details = await provider.interactionDetails(req, res);
        const account = accounts[details.params.login_hint];
        if (!account) {
          await provider.interactionFinished(req, res, {
            error: 'access_denied',
            error_description: 'no such account',
          });
          return;
        }
        const grant = new provider.Grant({
          accountId: account.sub,
          clientId: details.params.client_id,
        });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          {
            login: {
              accountId: account.sub,
              ...(account.amr ? { amr: account.amr } : {}),
              ...(account.acr ? { acr: account.acr } : {}),
            },
            consent: { grantId },
          },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      callback(req, res);
    } catch (error) {
      console.error(error);
      res.writeHead(500).end(String(error));
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));

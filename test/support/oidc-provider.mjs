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
// With OIDC_SIGN_IN_PAGE=1 the sign-in is a person's instead: /interaction/:uid
// renders a sign-in form (e-mail, prefilled from login_hint, and password),
// then a consent form, as a provider shows them to a browser.
//
// Environment: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_HOST
// (default 127.0.0.1; the issuer is spelled with it), OIDC_SIGN_IN_PAGE.
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const host = process.env.OIDC_HOST ?? '127.0.0.1';
const signInPage = process.env.OIDC_SIGN_IN_PAGE === '1';
let accounts = {};

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A minimal page of the provider's own, as a browser shows it. */
function page(res, title, body) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
      `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`,
  );
}

async function formOf(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** The login result for an account: its subject and the factors it asserts. */
function loginOf(account) {
  return {
    accountId: account.sub,
    ...(account.amr ? { amr: account.amr } : {}),
    ...(account.acr ? { acr: account.acr } : {}),
  };
}

/** The person's sign-in: a login form, then a consent form (OIDC_SIGN_IN_PAGE=1). */
async function interactWithPerson(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const action = `/interaction/${details.uid}`;
  if (req.method === 'GET' && details.prompt.name === 'login') {
    page(
      res,
      'Test identity provider: sign in',
      `<form method="post" action="${action}/login">` +
        `<p><label for="login">E-mail</label> <input id="login" name="login" type="email" value="${escape(details.params.login_hint)}"></p>` +
        `<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>` +
        `<p><button type="submit">Sign in</button></p></form>`,
    );
    return;
  }
  if (req.method === 'GET' && details.prompt.name === 'consent') {
    page(
      res,
      'Test identity provider: allow access',
      `<p>${escape(details.params.client_id)} asks for your e-mail address and name.</p>` +
        `<form method="post" action="${action}/consent"><p><button type="submit">Allow</button></p></form>`,
    );
    return;
  }
  if (req.method === 'POST' && req.url.endsWith('/login')) {
    const form = await formOf(req);
    const account = accounts[form.get('login') ?? ''];
    if (!account || !form.get('password')) {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'unknown account or no password',
      });
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: loginOf(account) },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (req.method === 'POST' && req.url.endsWith('/consent')) {
    const grant = new provider.Grant({
      accountId: details.session.accountId,
      clientId: details.params.client_id,
    });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return;
  }
  res.writeHead(400).end('unexpected interaction');
}

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
      if (req.url?.startsWith('/interaction/') && signInPage) {
        await interactWithPerson(provider, req, res);
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
            login: loginOf(account),
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

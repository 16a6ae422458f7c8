// A local OpenID Connect provider shaped like FAS (the federal authentication service), for
// Primaweb's tests only (tests/fas/conftest.py starts and stops it). Built on oidc-provider:
// FAS's paths under /fas/oauth2, its scopes and claims (egovNRN, givenName, surname, mail,
// prefLanguage, roles, enterprise), userinfo as an RS256 JWT, acr_values, and the level used
// in `amr`. A small login page stands for the eID card or itsme: it asks for a national
// number and the level actually used.
//
// Test controls under /_test/ (never part of FAS): `reset` (client redirect URIs, accounts,
// mode, code lifetime) and the modes that tamper with answers: bad-signature, wrong-audience,
// wrong-issuer, userinfo-not-jwt, userinfo-json, down (503 on the token endpoint).
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const PREFIX = '/fas/oauth2';
const LEVEL = 'urn:be:fedict:iam:fas:Level';
const LEVELS = [500, 450, 400, 200, 100].map((n) => `${LEVEL}${n}`);
const KID = 'fas-test-1';

const signingKey = (await jose.generateKeyPair('RS256', { extractable: true })).privateKey;
const strangerKey = (await jose.generateKeyPair('RS256', { extractable: true })).privateKey;
const signingJwk = { ...(await jose.exportJWK(signingKey)), kid: KID, alg: 'RS256', use: 'sig' };

const state = { issuer: '', provider: null, accounts: {}, mode: '', codeTtl: 60 };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title>`
    + '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function claimsFor(accountId) {
  const nrn = accountId.replace(/^sub-/, '');
  return {
    sub: accountId,
    egovNRN: nrn,
    givenName: 'Sophie',
    surname: 'Lambert',
    mail: 'agent@example.be',
    prefLanguage: 'fr',
    ...(state.accounts[nrn] || {}),
  };
}

async function resign(jwt, change, key = signingKey) {
  const claims = { ...jose.decodeJwt(jwt), ...change };
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(key);
}

async function tamper(ctx, next) {
  const { mode } = state;
  if (mode === 'down' && ctx.path === '/access_token') {
    ctx.status = 503;
    ctx.body = 'Service Unavailable';
    return;
  }
  await next();
  if (ctx.path === '/access_token' && ctx.status === 200 && ctx.body?.id_token) {
    const token = ctx.body.id_token;
    if (mode === 'bad-signature') ctx.body.id_token = await resign(token, {}, strangerKey);
    if (mode === 'wrong-audience') ctx.body.id_token = await resign(token, { aud: 'autre-application' });
    if (mode === 'wrong-issuer') ctx.body.id_token = await resign(token, { iss: 'https://idp.example.org' });
  }
  if (ctx.path === '/userinfo' && ctx.status === 200) {
    if (mode === 'userinfo-not-jwt') {
      ctx.body = 'ceci-n-est-pas-un-jwt';
      ctx.type = 'application/jwt';
    }
    if (mode === 'userinfo-json') {
      ctx.body = JSON.stringify(jose.decodeJwt(ctx.body));
      ctx.type = 'application/json';
    }
  }
}

function build(issuer, client) {
  const provider = new Provider(issuer, {
    clients: [client],
    jwks: { keys: [signingJwk] },
    cookies: { keys: ['primaweb-test-provider'] },
    routes: {
      authorization: '/authorize',
      token: '/access_token',
      userinfo: '/userinfo',
      jwks: '/connect/jwk_uri',
      end_session: '/connect/endSession',
    },
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['givenName', 'surname', 'mail', 'prefLanguage'],
      egovnrn: ['egovNRN'],
      certificateInfo: [],
      roles: ['roles'],
      enterprise: ['enterprise'],
    },
    acrValues: LEVELS,
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: () => state.codeTtl,
      IdToken: 600,
      Grant: 600,
      Interaction: 600,
      Session: 3600,
    },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page(
            'Déconnexion du service d\'authentification fédéral (test)',
            `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">`
              + 'Se déconnecter</button>',
          );
        },
      },
    },
    findAccount: async (ctx, accountId) => ({
      accountId,
      claims: async () => claimsFor(accountId),
    }),
    interactions: { url: (ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}` },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile egovnrn certificateInfo roles enterprise');
      await grant.save();
      return grant;
    },
  });
  provider.use(tamper);
  return provider;
}

function reset(body) {
  const client = {
    client_id: body.client_id || 'primaweb',
    client_secret: body.client_secret || 'primaweb-test-secret',
    redirect_uris: body.redirect_uris || [],
    post_logout_redirect_uris: body.post_logout_redirect_uris || [],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
  };
  state.accounts = body.accounts || {};
  state.mode = body.mode || '';
  state.codeTtl = body.code_ttl || 60;
  state.provider = build(state.issuer, client);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

async function interaction(req, res, uid) {
  const provider = state.provider;
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const nrn = (form.get('nrn') || '').trim();
    const level = form.get('level') || `${LEVEL}500`;
    await provider.interactionFinished(req, res, {
      login: { accountId: `sub-${nrn}`, acr: '0', amr: [level] },
    }, { mergeWithLastSubmission: false });
    return;
  }
  const requested = details.params.acr_values || `${LEVEL}500`;
  const options = LEVELS.map((level) => `<option value="${level}"${level === requested ? ' selected' : ''}>${level}</option>`).join('');
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(page('Service d\'authentification fédéral (test)', `
    <form method="post" action="${PREFIX}/interaction/${escape(uid)}">
      <p><label for="nrn">Numéro de registre national</label>
         <input id="nrn" name="nrn" autocomplete="off" required></p>
      <p><label for="level">Niveau utilisé</label>
         <select id="level" name="level">${options}</select></p>
      <p><button type="submit">S'identifier</button></p>
    </form>`));
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, state.issuer);
    if (url.pathname === '/_test/reset' && req.method === 'POST') {
      reset(JSON.parse(await readBody(req) || '{}'));
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
      return;
    }
    if (!url.pathname.startsWith(PREFIX)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const match = url.pathname.match(/^\/fas\/oauth2\/interaction\/([\w-]+)$/);
    if (match) {
      await interaction(req, res, match[1]);
      return;
    }
    // Mounted under /fas/oauth2 as Express would do it: the provider sees the rest.
    req.originalUrl = req.url;
    req.url = req.url.slice(PREFIX.length) || '/';
    state.provider.callback()(req, res);
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const { port } = server.address();
  state.issuer = `http://127.0.0.1:${port}${PREFIX}`;
  reset({});
  process.stdout.write(`listening ${state.issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));

"""Login with the federal digital keys (FAS, the federal authentication service: eID, itsme).

OpenID Connect authorization code flow with PKCE, through mozilla-django-oidc; the pieces:

- `config`: the FAS_* settings turned into what mozilla-django-oidc reads, the levels;
- `backend`: token, signature, issuer, audience, level (`amr`), JWT userinfo, the agent;
- `identity`: the keyed hash of the national number that finds a registered agent;
- `claims`: the replaceable parser of the roles and enterprise claims, profile sync;
- `views`: the buttons' start, the callback and its refusal pages, the end-session URL.

docs/fas.md describes the integration; docs/configuration.md the variables.
"""

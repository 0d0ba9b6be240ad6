// Where the console finds the two APIs. Behind one ingress everything is same-origin (/api/contacts -> contacts,
// /api/messages, /api/conversations, /api/opt-outs -> gateway). Served by contacts-service on its own port 8081,
// with the gateway on its own port, the gateway is the same host on port 8082.
// Operators override either base URL with the <meta name="sms-console:contacts-url"> and
// <meta name="sms-console:gateway-url"> tags of index.html (empty: the defaults above).
// The console's Content-Security-Policy allows calls (and the live stream) only to its own origin and to
// contacts-service's SMS_CONSOLE_GATEWAY_ORIGIN: a base URL on another origin must be that one.

function meta(name) {
  const el = document.querySelector(`meta[name="sms-console:${name}"]`);
  const value = el?.getAttribute('content')?.trim();
  return value ? value.replace(/\/+$/, '') : null;
}

export function defaultGatewayUrl(location) {
  if (location.port === '8081') return `${location.protocol}//${location.hostname}:8082`;
  return '';
}

export const config = Object.freeze({
  contactsUrl: meta('contacts-url') ?? '',
  gatewayUrl: meta('gateway-url') ?? defaultGatewayUrl(window.location),
});

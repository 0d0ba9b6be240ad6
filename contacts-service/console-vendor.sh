#!/usr/bin/env bash
# Vendors the web console's OIDC client library (oidc-client-ts, Apache-2.0) into the console's static files.
# Maven Central's mvnpm and WebJars do not serve it, so its browser bundle is taken from the npm package itself:
# `npm pack` fetches the tarball, whose sha512 must equal the integrity the registry publishes for that version;
# then dist/browser/oidc-client-ts.min.js (UMD, global `oidc`, jwt-decode bundled in) is copied byte for byte
# with the licences of both packages. Run it to update the library, then commit the files it wrote.
#
#   contacts-service/console-vendor.sh           the pinned version below
#   contacts-service/console-vendor.sh 3.6.0     another version (then update OIDC_CLIENT_VERSION here)
set -euo pipefail

OIDC_CLIENT_VERSION="${1:-3.5.0}"
# The version of jwt-decode that this oidc-client-ts bundles: its licence is shipped next to the bundle.
JWT_DECODE_VERSION="${JWT_DECODE_VERSION:-4.0.0}"

HERE="$(cd "$(dirname "$0")" && pwd)"
VENDOR="$HERE/src/main/resources/META-INF/resources/vendor"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/console-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

die() { printf 'console-vendor: %s\n' "$*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is needed (apt-get install -y npm)"

# Fetches name@version into $WORK/name and checks the tarball against the registry's published integrity.
fetch() {
  local name="$1" version="$2" expected actual tarball
  expected="$(npm view "$name@$version" dist.integrity)"
  [ -n "$expected" ] || die "the registry has no integrity for $name@$version"
  mkdir -p "$WORK/$name"
  tarball="$(cd "$WORK/$name" && npm pack --silent "$name@$version" | tail -n1)"
  actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$name/$tarball" | base64 -w0)"
  [ "$actual" = "$expected" ] || die "$name@$version: tarball integrity $actual is not the registry's $expected"
  tar -xzf "$WORK/$name/$tarball" -C "$WORK/$name"
  printf '%s@%s %s\n' "$name" "$version" "$expected"
}

fetch oidc-client-ts "$OIDC_CLIENT_VERSION" >"$WORK/integrity.txt"
fetch jwt-decode "$JWT_DECODE_VERSION" >>"$WORK/integrity.txt"
bundled="$(sed -n 's/.*"jwt-decode": *"\([^"]*\)".*/\1/p' "$WORK/oidc-client-ts/package/package.json" | head -n1)"

mkdir -p "$VENDOR"
cp "$WORK/oidc-client-ts/package/dist/browser/oidc-client-ts.min.js" "$VENDOR/oidc-client-ts.min.js"
cp "$WORK/oidc-client-ts/package/LICENSE" "$VENDOR/LICENSE.oidc-client-ts"
cp "$WORK/jwt-decode/package/LICENSE" "$VENDOR/LICENSE.jwt-decode"
sha="$(sha256sum "$VENDOR/oidc-client-ts.min.js" | cut -d' ' -f1)"

cat >"$VENDOR/README.md" <<README
# Vendored browser libraries of the web console

Written by \`contacts-service/console-vendor.sh\`; do not edit these files by hand: run the script and commit
what it wrote.

| file | what | from |
|---|---|---|
| \`oidc-client-ts.min.js\` | [oidc-client-ts](https://github.com/authts/oidc-client-ts) $OIDC_CLIENT_VERSION, the browser bundle (UMD, global \`oidc\`), with jwt-decode ($bundled) bundled in | \`dist/browser/oidc-client-ts.min.js\` of the npm package, unchanged (sha256 \`$sha\`) |
| \`LICENSE.oidc-client-ts\` | its licence (Apache-2.0) | the same package |
| \`LICENSE.jwt-decode\` | jwt-decode's licence (MIT) | the npm package jwt-decode@$JWT_DECODE_VERSION |

The npm tarballs were checked against the integrity the registry publishes:

\`\`\`
$(cat "$WORK/integrity.txt")
\`\`\`

To update: \`contacts-service/console-vendor.sh <version>\` (\`npm view oidc-client-ts version\` shows the newest),
then run \`node --test e2e/unit/\` and \`e2e/run.sh\`. The bundle's source map is not vendored: the browser asks for
\`oidc-client-ts.min.js.map\` only while its developer tools are open.
README
printf 'console-vendor: oidc-client-ts %s (sha256 %s) and the licences written to %s\n' \
  "$OIDC_CLIENT_VERSION" "$sha" "${VENDOR#"$HERE/"}"

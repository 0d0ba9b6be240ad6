#!/usr/bin/env bash
# Texts yourself without Twilio: posts a correctly signed inbound SMS webhook to a running
# webhook-ingest-service, exactly as Twilio would.
#
#   SMS_TWILIO_AUTH_TOKEN=... deploy/local/send-inbound-sms.sh FROM TO BODY
#
# Environment:
#   SMS_TWILIO_AUTH_TOKEN   the token the ingest service validates with; when unset, read from
#                       SMS_TWILIO_AUTH_TOKEN_FILE (default .local/twilio-auth-token, which run-local.sh
#                       writes); with neither, the webhook goes unsigned (accepted only by a service
#                       running with SMS_TWILIO_SIGNATURE_VALIDATION=false)
#   INGEST_URL          where to post (default http://localhost:8083)
#   SMS_INGEST_PUBLIC_URL   the base URL the service checks signatures against, i.e. its own
#                       SMS_INGEST_PUBLIC_URL (default: INGEST_URL)
#   SMS_TWILIO_ACCOUNT_SID  AccountSid to send (default a fake AC000...)
#   MESSAGE_SID         MessageSid to send (default a random SM...; reuse one to test duplicates)
#   OPT_OUT_TYPE        if set, sent as OptOutType (STOP, START, HELP), as Advanced Opt-Out does
#   MEDIA_URL           if set, the text is an MMS with this one picture (NumMedia=1, MediaUrl0), e.g.
#                       http://localhost:8082/simulated-carrier/media/sample.png (the simulated carrier's)
#   MEDIA_CONTENT_TYPE  its MediaContentType0 (default image/png)
#
# Needs bash, curl, openssl and base64. The token is handed to openssl as an argument, so it is
# briefly visible in this machine's process list: use it with local/test tokens.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: SMS_TWILIO_AUTH_TOKEN=... $0 FROM TO BODY   (e.g. $0 +12394267058 +12395550100 'STOP')" >&2
  exit 2
fi
from=$1 to=$2 body=$3
ingest_url=${INGEST_URL:-http://localhost:8083}
ingest_url=${ingest_url%/}
public_url=${SMS_INGEST_PUBLIC_URL:-$ingest_url}
public_url=${public_url%/}
path=/twilio/messages
token=${SMS_TWILIO_AUTH_TOKEN:-}
token_file=${SMS_TWILIO_AUTH_TOKEN_FILE:-$(cd "$(dirname "$0")/../.." && pwd)/.local/twilio-auth-token}
if [[ -z $token && -r $token_file ]]; then
  token=$(<"$token_file")
fi
account=${SMS_TWILIO_ACCOUNT_SID:-ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX}
sid=${MESSAGE_SID:-SM$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}

declare -A params=(
  [AccountSid]=$account
  [ApiVersion]=2010-04-01
  [Body]=$body
  [From]=$from
  [MessageSid]=$sid
  [NumMedia]=0
  [NumSegments]=1
  [SmsMessageSid]=$sid
  [SmsSid]=$sid
  [SmsStatus]=received
  [To]=$to
)
if [[ -n ${OPT_OUT_TYPE:-} ]]; then
  params[OptOutType]=$OPT_OUT_TYPE
fi
if [[ -n ${MEDIA_URL:-} ]]; then
  params[NumMedia]=1
  params[MediaUrl0]=$MEDIA_URL
  params[MediaContentType0]=${MEDIA_CONTENT_TYPE:-image/png}
fi

# Twilio's scheme: the full URL, then each parameter name and value, sorted by name (byte order),
# HMAC-SHA1 with the auth token, Base64.
data="$public_url$path"
curl_args=()
while IFS= read -r name; do
  data+="$name${params[$name]}"
  curl_args+=(--data-urlencode "$name=${params[$name]}")
done < <(printf '%s\n' "${!params[@]}" | LC_ALL=C sort)

headers=(-H "I-Twilio-Idempotency-Token: local-$sid")
if [[ -n $token ]]; then
  signature=$(printf '%s' "$data" | openssl dgst -sha1 -hmac "$token" -binary | base64)
  headers+=(-H "X-Twilio-Signature: $signature")
else
  echo "No SMS_TWILIO_AUTH_TOKEN and no $token_file: sending without a signature" >&2
fi

echo "POST $ingest_url$path  MessageSid=$sid  From=$from  To=$to  NumMedia=${params[NumMedia]}" >&2
# The answer's body goes to stderr through a file: /dev/stderr cannot be opened when stderr is a
# pipe of a parent process (node, CI).
body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
response=$(curl -sS -o "$body_file" -w '%{http_code}' --max-time 20 \
  "${headers[@]}" "${curl_args[@]}" "$ingest_url$path")
cat "$body_file" >&2
echo >&2
echo "HTTP $response" >&2
[[ $response == 2* ]]

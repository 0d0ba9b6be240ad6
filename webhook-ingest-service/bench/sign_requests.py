#!/usr/bin/env python3
"""Pre-signs inbound webhooks the way Twilio does, one request per line: "<signature> <form body>".

X-Twilio-Signature = base64(HMAC-SHA1(auth token, URL + every parameter sorted by name, each as
name + value)). Every request has its own MessageSid. The token is read from the environment
variable BENCH_TWILIO_AUTH_TOKEN, never from the command line (where `ps` would show it).

  sign_requests.py URL COUNT OUT_FILE [SEED]
"""
import base64
import hashlib
import hmac
import os
import sys
import uuid
from urllib.parse import quote_plus


def params(sid, i):
    sender = "+1239426%04d" % (i % 10000)
    return {
        "ToCountry": "US",
        "ToState": "FL",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "NAPLES",
        "FromZip": "34102",
        "SmsSid": sid,
        "FromState": "FL",
        "SmsStatus": "received",
        "FromCity": "NAPLES",
        "Body": "Bench message %d: is the 3pm viewing still on?" % i,
        "FromCountry": "US",
        "To": "+12395550100",
        "MessagingServiceSid": "MG00000000000000000000000000000000",
        "ToZip": "34102",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def main():
    url, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    key = os.environ["BENCH_TWILIO_AUTH_TOKEN"].encode()
    with open(out, "w") as f:
        for i in range(count):
            p = params("SM" + uuid.uuid4().hex, i)
            data = url + "".join(k + p[k] for k in sorted(p))
            sig = base64.b64encode(hmac.new(key, data.encode(), hashlib.sha1).digest()).decode()
            body = "&".join(quote_plus(k) + "=" + quote_plus(v) for k, v in p.items())
            f.write(sig + " " + body + "\n")


if __name__ == "__main__":
    main()

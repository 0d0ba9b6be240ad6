-- wrk script for the gateway benchmark (run.sh): every request carries the bench token
-- (Authorization: Bearer) and, for POST /api/messages, its own Idempotency-Key and recipient, so
-- each one queues a new text. Arguments (after --): MODE (send | get), TOKEN, PATH, LABEL (makes the
-- keys of one run differ from every other run's). done() prints one RESULT line.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  mode, path, label = args[1], args[3], args[4]
  headers_ = { ["Authorization"] = "Bearer " .. args[2], ["Content-Type"] = "application/json" }
  n = 0
  ok = 0
  other = 0
end

function request()
  n = n + 1
  if mode == "get" then
    return wrk.format("GET", path, headers_)
  end
  headers_["Idempotency-Key"] = string.format("%s-%d-%d", label, id, n)
  local to = string.format("+1239%07d", 4000000 + (id * 1000003 + n * 7919) % 5000000)
  local body = string.format('{"to":"%s","body":"Bench text %d","from":"+12394269000"}', to, n)
  return wrk.format("POST", path, headers_, body)
end

function response(status, headers, body)
  if (mode == "get" and status == 200) or (mode == "send" and status == 202) then
    ok = ok + 1
  else
    other = other + 1
    if other <= 3 then
      io.stderr:write(string.format("HTTP %d: %s\n", status, body))
    end
  end
end

function done(summary, latency, requests)
  local ok_total, other_total = 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    other_total = other_total + t:get("other")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f ok_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f"
      .. " max_ms=%.2f ok=%d other=%d socket_errors=%d timeouts=%d\n",
    summary.requests, seconds, summary.requests / seconds, ok_total / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, ok_total, other_total, e.connect + e.read + e.write, e.timeout))
end

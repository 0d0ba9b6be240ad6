-- wrk script: rotates pre-signed webhooks ("<signature> <form body>" per line of a file), each
-- thread taking every n-th line so that no two threads send the same MessageSid, and counts the
-- answers by status. Arguments (after --): REQUESTS_FILE PATH THREADS READY_DIR. done() prints one
-- RESULT line.
--
-- wrk starts each thread as soon as its own init() is done and times the run from the last one, so
-- without a barrier the first thread would send (and count) requests while the second is still
-- reading the file, inflating req/s by seconds of uncounted time. Each thread therefore marks itself
-- ready in READY_DIR (a fresh directory per run) and holds its first request until all are.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, path, nthreads = args[1], args[2], tonumber(args[3])
  ready_dir = args[4]
  thread_count = nthreads
  requests_ = {}
  local n = 0
  for line in io.lines(file) do
    if n % nthreads == id then
      local sp = line:find(" ", 1, true)
      requests_[#requests_ + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8",
        ["X-Twilio-Signature"] = line:sub(1, sp - 1),
      }, line:sub(sp + 1))
    end
    n = n + 1
  end
  count = #requests_
  local mark = assert(io.open(ready_dir .. "/" .. id, "w"))
  mark:close()
  released = false
  calls = 0
  idx = 0
  wrapped = 0
  ok = 0
  other = 0
end

local function all_ready()
  for i = 0, thread_count - 1 do
    local f = io.open(ready_dir .. "/" .. i, "r")
    if not f then
      return false
    end
    f:close()
  end
  return true
end

function request()
  calls = calls + 1
  -- wrk's main thread calls the first thread's request() once, to check it, before it starts the
  -- second thread: that call must not wait for the barrier.
  if not released and not (id == 0 and calls == 1) then
    while not all_ready() do
      os.execute("sleep 0.02")
    end
    released = true
  end
  idx = idx + 1
  if idx > #requests_ then
    idx = 1
    wrapped = wrapped + 1
  end
  return requests_[idx]
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local ok_total, other_total, reused = 0, 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    other_total = other_total + t:get("other")
    -- Requests sent after the thread ran out of distinct ones (a MessageSid sent again).
    if t:get("wrapped") > 0 then
      reused = reused + (t:get("wrapped") - 1) * t:get("count") + t:get("idx")
    end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f "
      .. "ok200=%d other=%d socket_errors=%d timeouts=%d reused_sids=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, ok_total, other_total,
    e.connect + e.read + e.write, e.timeout, reused))
end

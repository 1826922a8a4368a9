-- wrk script: GET /api/chat with a customer's token on every request: a random one, or with SEQUENTIAL=1 each
-- thread walks its share of all tokens once, in order (the warm-up that lets every customer call once).
package.path = package.path .. ";bench/?.lua"
require "report"

local counter = 0

function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
end

function init(args)
	tokens = {}
	local threads = tonumber(os.getenv("THREADS"))
	local n = 0
	for line in io.lines(os.getenv("TOKENS_FILE")) do
		if os.getenv("SEQUENTIAL") ~= "1" or n % threads == id then
			table.insert(tokens, line)
		end
		n = n + 1
	end
	sequential = os.getenv("SEQUENTIAL") == "1"
	index = 0
	sent = 0
	math.randomseed(os.time() + id * 7919)
end

function request()
	local token
	sent = sent + 1
	if sequential then
		index = index % #tokens + 1
		token = tokens[index]
	else
		token = tokens[math.random(#tokens)]
	end
	return wrk.format("GET", "/api/chat", { ["Authorization"] = "Bearer " .. token })
end

-- A sequential thread stops once it has called with every token of its share, and leaves a mark in
-- WARMUP_DONE_DIR: bench/run ends the warm-up when every thread has, so every customer has called once however fast
-- the machine is.
function response(status, headers, body)
	if sequential and sent >= #tokens and not stopped then
		stopped = true
		local done_dir = os.getenv("WARMUP_DONE_DIR")
		if done_dir then
			io.open(done_dir .. "/" .. id, "w"):close()
		end
		wrk.thread:stop()
	end
end

function done(summary, latency, requests)
	report(summary, latency)
end

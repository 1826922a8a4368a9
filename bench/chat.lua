-- wrk script: GET /api/chat with a different random customer's token on every request.
package.path = package.path .. ";bench/?.lua"
require "report"

function init(args)
	tokens = {}
	for line in io.lines(os.getenv("TOKENS_FILE")) do
		table.insert(tokens, line)
	end
	math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
	local token = tokens[math.random(#tokens)]
	return wrk.format("GET", "/api/chat", { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
	report(summary, latency)
end

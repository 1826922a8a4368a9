-- wrk script: POSTs pre-signed Stripe deliveries from EVENTS_FILE, each thread its own share, in order.
package.path = package.path .. ";bench/?.lua"
require "report"

local threads = {}
local counter = 0

function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
	table.insert(threads, thread)
end

function init(args)
	local file = os.getenv("EVENTS_FILE")
	local count = tonumber(os.getenv("THREADS"))
	requests = {}
	local n = 0
	for line in io.lines(file) do
		if n % count == id then
			local tab = line:find("\t", 1, true)
			table.insert(requests, { signature = line:sub(1, tab - 1), body = line:sub(tab + 1) })
		end
		n = n + 1
	end
	index = 0
end

function request()
	index = index + 1
	local r = requests[((index - 1) % #requests) + 1]
	return wrk.format("POST", "/webhooks/stripe",
		{ ["Content-Type"] = "application/json", ["Stripe-Signature"] = r.signature }, r.body)
end

function done(summary, latency, requests)
	report(summary, latency)
end

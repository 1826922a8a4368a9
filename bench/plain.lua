-- wrk script: a plain GET, for the framework's ceiling on this machine.
package.path = package.path .. ";bench/?.lua"
require "report"

function done(summary, latency, requests)
	report(summary, latency)
end

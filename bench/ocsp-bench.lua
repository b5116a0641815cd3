-- SPDX-License-Identifier: GPL-3.0-or-later
-- ocsp-bench.lua: wrk posts OCSP requests round robin; bench/ocsp-bench.sh
-- puts a table `requests` of DER requests (good, revoked and unknown
-- serials) in front of this. Each thread starts at its own offset. At the
-- end it prints how many answers were not signed OCSP responses (an error
-- response is 5 bytes: SEQUENCE { ENUMERATED status }).
local threads = {}
local headers = {["Content-Type"] = "application/ocsp-request"}

function setup(thread)
	table.insert(threads, thread)
	thread:set("tid", #threads)
end

function init(args)
	index = tid or 1
	bad = 0
end

function request()
	local body = requests[(index % #requests) + 1]
	index = index + 1
	return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
	if status ~= 200 or #body <= 5 then
		bad = bad + 1
	end
end

function done(summary, latency, reqs)
	local total = 0
	for _, t in ipairs(threads) do
		total = total + (t:get("bad") or 0)
	end
	io.write(string.format("  not signed: %d\n", total))
end

-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk-status.lua: what the wrk scripts of bench/ and tests/stress/t0220
-- share, put in front of each: every thread knows its number (tid, from 1)
-- and counts its answers by status in `counts` (which the script's init()
-- makes an empty table); done() prints "status CODE: COUNT" for every
-- status seen, all threads added up, by code (each line after
-- `status_prefix` when the script sets it), then calls done_more(summary)
-- when the script defines it.
local threads = {}

function setup(thread)
	table.insert(threads, thread)
	thread:set("tid", #threads)
end

function response(status, headers, body)
	counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
	local total = {}
	for _, t in ipairs(threads) do
		for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
	end
	local keys = {}
	for k in pairs(total) do table.insert(keys, k) end
	table.sort(keys)
	for _, k in ipairs(keys) do
		io.write(string.format("%sstatus %d: %d\n", status_prefix or "", k, total[k]))
	end
	if done_more then done_more(summary) end
end

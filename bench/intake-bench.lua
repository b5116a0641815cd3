-- SPDX-License-Identifier: GPL-3.0-or-later
-- intake-bench.lua: the wrk script of bench/intake-bench.sh. Arguments:
--   post THREADS   POST each body of the table `bodies` (put in front of
--                  this file by the script) once, thread i taking bodies
--                  i, i+THREADS, ...; once its share is used up a thread
--                  posts the same bodies again (answered 409: counted apart)
--   get THREADS N  GET <url>/K for K = 1..N round robin
--   ca THREADS     GET <url> (the anchor)
-- done() prints "status CODE: COUNT" for every status seen, all threads.
local threads = {}
local json = {["Content-Type"] = "application/json"}

function setup(thread)
	table.insert(threads, thread)
	thread:set("tid", #threads)
end

function init(args)
	mode = args[1]
	step = tonumber(args[2])
	nserials = tonumber(args[3] or "0")
	index = tid - 1
	counts = {}
end

function request()
	local i = index
	index = index + step
	if mode == "post" then
		return wrk.format("POST", nil, json, bodies[(i % #bodies) + 1])
	elseif mode == "get" then
		return wrk.format("GET", wrk.path .. "/" .. ((i % nserials) + 1))
	end
	return wrk.format("GET")
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
		io.write(string.format("status %d: %d\n", k, total[k]))
	end
end

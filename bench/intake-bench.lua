-- SPDX-License-Identifier: GPL-3.0-or-later
-- intake-bench.lua: the wrk script of bench/intake-bench.sh. Arguments:
--   post THREADS   POST each body of the table `bodies` (put in front of
--                  this file by the script) once, thread i taking bodies
--                  i, i+THREADS, ...; once its share is used up a thread
--                  posts the same bodies again (answered 409: counted apart)
--   get THREADS N  GET <url>/K for K = 1..N round robin
--   ca THREADS     GET <url> (the anchor)
-- Runs after bench/wrk-status.lua (threads, counting by status, done()).
local json = {["Content-Type"] = "application/json"}

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

-- wrk hook: each request GETs a random path from the file named by the first
-- argument (one path a line), so the load spreads over many pages; with
-- "in-order" as the second argument it walks the paths in turn (warm-up).
local paths = {}
local in_order = false
local next_index = 0

init = function(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  in_order = args[2] == "in-order"
  math.randomseed(os.time())
end

request = function()
  if in_order then
    next_index = next_index % #paths + 1
    return wrk.format(nil, paths[next_index])
  end
  return wrk.format(nil, paths[math.random(#paths)])
end

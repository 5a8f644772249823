-- wrk hook: each request GETs a random path from the file named by the first
-- argument (one path a line), so the load spreads over many pages.
local paths = {}

init = function(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time())
end

request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end

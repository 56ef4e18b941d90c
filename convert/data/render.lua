-- unres: pandoc as a long-lived writer process, for convert/writers/render.py (`Writer`).
--
-- Run as `pandoc lua render.lua`: reads requests on stdin and answers each on stdout, until stdin ends.
-- A frame is its length in 8 decimal digits, then that many bytes.
--   request: a header frame, JSON {"asts": N, "jobs": [JOB, ...]}, then N frames, each a JSON AST
--            JOB = {"ast": index (from 1), "to": writer and extensions, "template": path or "",
--                   "standalone": bool, "wrap": "none"|"auto"|"preserve", "columns": N,
--                   "drop_meta": [keys], "unwrap_divs": bool}
--   reply:   per job, a status frame ("ok" or "error"), then the output (or the message) frame
-- Each job is what `pandoc --from=json --to=TO [-s] [--template=T] --wrap=W --columns=N` writes (pandoc's
-- command line adds a final newline to output written without a template; so does this), from the AST
-- without the `drop_meta` keys and, with `unwrap_divs`, with every Div among the blocks (and the blocks of
-- those Divs, recursively) replaced by its blocks, as render.unwrap_divs does.

local templates = {}

local function read_frame()
  local head = io.stdin:read(8)
  if head == nil or #head < 8 then return nil end
  local n = tonumber(head)
  if n == nil then error("bad frame length: " .. head) end
  if n == 0 then return "" end
  local body = io.stdin:read(n)
  if body == nil or #body < n then error("short frame") end
  return body
end

local function write_frame(s)
  io.stdout:write(string.format("%08d", #s), s)
end

local function template_for(job)
  if not job.standalone then return nil end
  local key = job.template ~= "" and job.template or ("default:" .. job.to)
  if templates[key] == nil then
    if job.template ~= "" then
      local f = assert(io.open(job.template, "rb"))
      local text = f:read("a")
      f:close()
      templates[key] = pandoc.template.compile(text, job.template)
    else
      templates[key] = pandoc.template.compile(pandoc.template.default(job.to:match("^[%w_]+")))
    end
  end
  return templates[key]
end

local function unwrap_divs(blocks)
  local out = pandoc.Blocks{}
  for _, b in ipairs(blocks) do
    if b.t == "Div" then out:extend(unwrap_divs(b.content)) else out:insert(b) end
  end
  return out
end

local function write_one(job, doc)
  -- a job that drops no metadata and unwraps no Div writes the document as read (the same value: copying
  -- it into Lua and back, as below, changes nothing, and costs about 1 ms for a 5-page PDF's AST)
  if #(job.drop_meta or {}) > 0 or job.unwrap_divs then
    local dropped = {}
    for _, key in ipairs(job.drop_meta or {}) do dropped[key] = true end
    local meta = {}
    for key, value in pairs(doc.meta) do
      if not dropped[key] then meta[key] = value end
    end
    local blocks = job.unwrap_divs and unwrap_divs(doc.blocks) or doc.blocks
    doc = pandoc.Pandoc(blocks, meta)
  end
  local out = pandoc.write(doc, job.to, {
    wrap_text = "wrap-" .. job.wrap,
    columns = job.columns,
    template = template_for(job),
  })
  if not job.standalone and out:sub(-1) ~= "\n" then out = out .. "\n" end
  return out
end

while true do
  local header = read_frame()
  if header == nil then break end
  local request = pandoc.json.decode(header, false)
  local docs = {}
  for i = 1, request.asts do
    local json = read_frame()
    local ok, doc = pcall(pandoc.read, json, "json")
    docs[i] = ok and doc or nil
    if not ok then docs[-i] = tostring(doc) end
  end
  for _, job in ipairs(request.jobs) do
    local doc, ok, result = docs[job.ast], false, docs[-job.ast]
    if doc ~= nil then ok, result = pcall(write_one, job, doc) end
    if ok then
      write_frame("ok"); write_frame(result)
    else
      write_frame("error"); write_frame(tostring(result))
    end
  end
  io.stdout:flush()
end

-- nvim_lsp.lua - Neovim headless on a policy with mistakes: diagnostics at
-- polc's positions, hover on an input, definition in the stdlib, format.
-- Writes one line per check to $NVIM_OUT; `ok` lines only when right.
local out = {}
local function say(s) table.insert(out, s) end
local buf = vim.api.nvim_get_current_buf()
local got = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
say("diagnostics " .. tostring(got) .. " " .. #vim.diagnostic.get(buf))
for _, d in ipairs(vim.diagnostic.get(buf)) do
  say(string.format("diag %d:%d %s", d.lnum + 1, d.col + 1, d.code or d.message:match("^[^\n]*")))
end
local function at(needle, delta)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local c = line:find(needle, 1, true)
    if c then return { line = i - 1, character = vim.str_utfindex(line, c - 1 + (delta or 0)) } end
  end
end
local params = { textDocument = vim.lsp.util.make_text_document_params(), position = at("paid_in_capital >=", 2) }
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 5000)
for _, r in pairs(hover or {}) do
  if r.result then say("hover " .. r.result.contents.value:gsub("\n", " ")) end
end
local def = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 5000)
for _, r in pairs(def or {}) do
  local loc = r.result and (r.result.uri and r.result or r.result[1])
  if loc then say("definition " .. loc.uri .. ":" .. (loc.range.start.line + 1)) end
end
vim.lsp.buf.formatting_sync(nil, 5000)
vim.cmd("silent write! " .. vim.env.NVIM_FMT)
vim.fn.writefile(out, vim.env.NVIM_OUT)
vim.cmd("qa!")

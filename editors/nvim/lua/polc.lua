-- polc.lua - Neovim's built-in LSP client on `polc lsp` for .pol buffers.
--   vim.opt.runtimepath:prepend("/path/to/polc/editors/vim")
--   vim.opt.runtimepath:prepend("/path/to/polc/editors/nvim")
--   require("polc").setup({ cmd = { "polc", "lsp" } })   -- optional
-- Works with Neovim 0.7 (Debian 12) and later: start_client, then attach.
local M = { config = { cmd = { vim.g.polc_command or "polc", "lsp" } } }
local client_id = nil

function M.setup(opts)
  M.config = vim.tbl_extend("force", M.config, opts or {})
end

-- Starts the server once and attaches the buffer to it.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if not client_id or vim.lsp.client_is_stopped(client_id) then
    client_id = vim.lsp.start_client({
      name = "polc",
      cmd = M.config.cmd,
      root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h"),
    })
  end
  if client_id then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
end

return M

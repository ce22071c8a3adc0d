-- A .pol buffer: attach it to `polc lsp` (editors/nvim/lua/polc.lua).
require("polc").attach(0)

" Vim compiler file: `polc check` (GCC-style diagnostics)
if exists("current_compiler")
  finish
endif
let current_compiler = "polc"

execute "CompilerSet makeprg=" .
      \ escape(get(g:, "polc_command", "polc") . " check --color never %", ' \|"')
" file:line:col: error|warning|note: message, its `= hint:` line kept as
" the message's continuation; the source and caret lines are skipped.  polc
" counts display columns (a Chinese character is two), which is what %v
" reads.
let s:efm = join([
      \ '%E%f:%l:%v: error: %m',
      \ '%W%f:%l:%v: warning: %m',
      \ '%I%f:%l:%v: note: %m',
      \ '%C%*[ ]= %m',
      \ '%-C%*[ ]%*[0-9] |%.%#',
      \ '%-C%*[ ]|%.%#',
      \ '%-G%.%#'], ',')
execute "CompilerSet errorformat=" . escape(s:efm, ' \|"')
unlet s:efm

" Vim compiler file: `polc check` (GCC-style diagnostics)
if exists("current_compiler")
  finish
endif
let current_compiler = "polc"

CompilerSet makeprg=polc\ check\ --color\ never\ %
" file:line:col: error|warning|note: message; the hint lines are skipped.
" polc counts display columns (a Chinese character is two), which is what
" %v reads.
CompilerSet errorformat=%f:%l:%v:\ %trror:\ %m,%f:%l:%v:\ %tarning:\ %m,%f:%l:%v:\ %tote:\ %m,%-G%.%#

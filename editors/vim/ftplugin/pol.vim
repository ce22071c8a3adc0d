" Vim filetype plugin: .pol policies
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=2 softtabstop=2
compiler polc

" :PolFmt rewrites the file in the canonical layout (polc fmt) and reloads it.
command! -buffer PolFmt update | silent !polc fmt %:S
      \ | edit!
let b:undo_ftplugin = "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop<"
      \ . " | delcommand PolFmt"

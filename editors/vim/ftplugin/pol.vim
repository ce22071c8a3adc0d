" Vim filetype plugin: .pol policies
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=2 softtabstop=2
compiler polc

" The polc to run (a name on $PATH or a full path).
if !exists("g:polc_command")
  let g:polc_command = "polc"
endif

" :PolFmt lays the buffer out as `polc fmt` does: the buffer goes to
" `polc fmt -` on standard input, its output replaces the lines.  No shell
" command line is built from the file's name, so no `%`, `!` or `|` in it
" is taken for Vim's (the old `!polc fmt %:S | edit!` gave E34, then 127).
" A buffer that does not parse is left as it is, with polc's message.
function! s:PolFmt() abort
  let l:out = systemlist(shellescape(g:polc_command) . " fmt -", getline(1, "$"))
  if v:shell_error
    echohl ErrorMsg
    echomsg "polc fmt: " . (empty(l:out) ? "exit " . v:shell_error : join(l:out, " "))
    echohl None
    return
  endif
  if l:out ==# getline(1, "$")
    return
  endif
  let l:view = winsaveview()
  call setline(1, l:out)
  if line("$") > len(l:out)
    silent execute (len(l:out) + 1) . ",$delete _"
  endif
  call winrestview(l:view)
endfunction
command! -buffer PolFmt call s:PolFmt()
let b:undo_ftplugin = "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop<"
      \ . " | delcommand PolFmt"

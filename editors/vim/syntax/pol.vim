" Vim syntax file
" Language: .pol, the policy language of polc (language.md)
" The keywords are the lexer's (lang/lexer.l); tests/cli/test_editors.sh
" checks that every one of them is here.

if exists("b:current_syntax")
  finish
endif

syn keyword polDeclaration policy import kind input let eligible rule test indicator
syn keyword polMeta        document issuer note effective to family default signed
syn keyword polAttribute   group per year years for paid over discretionary external obligation article reason
syn keyword polAward       award cap of ladder topup brackets when
syn keyword polTest        given expect with
syn keyword polIndicator   baseline target where
syn keyword polOperator    and or not
syn keyword polConditional if then else
syn keyword polBoolean     true false
syn keyword polType        money percent number count bool date text
syn keyword polBuiltin     min max years_between sum avg share as_of unmeasured

syn keyword polTodo contained TODO FIXME XXX
syn match   polComment "#.*$" contains=polTodo
syn match   polEscape  contained +\\[\\"n]+
syn region  polString  start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=polEscape

" Later matches win at the same place: a plain number first.
syn match polNumber  "\<\d\+\(\.\d\+\)\=\>"
syn match polMoney   "\<\d\+\(\.\d\+\)\=\(万元\|亿元\|元\|万\|亿\)"
syn match polPercent "\<\d\+\(\.\d\+\)\=%"
syn match polDate    "\<\d\{4}-\d\{1,2}-\d\{1,2}\>"
syn match polArrow   "->"
syn match polCompare "==\|!=\|<=\|>=\|[<>]\|≥\|≤\|≠"

hi def link polDeclaration Statement
hi def link polMeta        PreProc
hi def link polAttribute   Type
hi def link polAward       Keyword
hi def link polTest        Keyword
hi def link polIndicator   Keyword
hi def link polOperator    Operator
hi def link polConditional Conditional
hi def link polBoolean     Boolean
hi def link polType        Type
hi def link polBuiltin     Function
hi def link polTodo        Todo
hi def link polComment     Comment
hi def link polEscape      SpecialChar
hi def link polString      String
hi def link polNumber      Number
hi def link polMoney       Number
hi def link polPercent     Number
hi def link polDate        Constant
hi def link polArrow       Operator
hi def link polCompare     Operator

let b:current_syntax = "pol"

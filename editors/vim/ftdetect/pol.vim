" .pol files are polc policies
autocmd BufRead,BufNewFile *.pol setfiletype pol

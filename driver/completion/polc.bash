# bash completion for polc.  Installed as
# PREFIX/share/bash-completion/completions/polc (bash-completion loads it on
# the first `polc <TAB>`); or source it from ~/.bashrc.
#
# Completes the commands, each command's flags, the values of flags that
# take a fixed set of words, and the files each place expects: .pol files
# (and folders) for policies, registries (.csv, .jsonl, .ndjson, .xlsx) for
# --registry, folders for --root; `--lang zh|en` (the global option) before
# or after the command.  The tables below follow `polc help CMD`;
# tests/cli/test_completion.sh checks that every command of `polc help` has
# an entry here.

_polc_commands="check eval compare report explain test fmt ir build template inputs lsp doc help"

# The flags of each command.
_polc_flags_check="--format --werror --column-unit --color --dump-ast --root --lang -h --help"
_polc_flags_eval="--registry --encoding --sheet --table --query --out-table --rejects --keep --format -o --output --as-of --engine --threads --summary --by --committed --jit-opt --no-cache -v --verbose --root --lang -h --help"
_polc_flags_compare="--base --new --registry --format -o --output --as-of --engine --threads --summary --committed --jit-opt --no-cache -v --verbose --root --lang -h --help"
_polc_flags_report="--base --registry -o --output --as-of --threads --engine --jit-opt --no-cache -v --verbose --root --lang -h --help"
_polc_flags_explain="--registry --encoding --sheet --table --query --id --given --as-of --format --root --lang -h --help"
_polc_flags_test="--as-of --engine --jit-opt --no-cache -v --verbose --root --format --run --coverage --coverage-min --cases --lang -h --help"
_polc_flags_fmt="--check --lang -h --help"
_polc_flags_ir="--root --no-lines --lang -h --help"
_polc_flags_build="-o --postgres --jit-opt --root --lang -h --help"
_polc_flags_template="-o --output --root --lang -h --help"
_polc_flags_inputs="--format --root --lang -h --help"
_polc_flags_lsp="--stdio --lang -h --help"
_polc_flags_doc="-o --output --format --root --lang -h --help"
_polc_flags_help="--lang"

# Offers the files ending in one of the extensions given, and folders.
_polc_files() {
    local cur=$1
    shift
    local IFS=$'\n' f ext
    local -a found=()
    for f in $(compgen -f -- "$cur"); do
        if [[ -d $f ]]; then
            found+=("$f/")
            continue
        fi
        for ext in "$@"; do
            [[ $f == *."$ext" ]] && found+=("$f") && break
        done
    done
    COMPREPLY=("${found[@]}")
    # A folder is completed as a prefix to go on typing, not as a finished
    # word: no space after it.
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}

_polc_folders() {
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$1"))
}

# Completes the value of the flag PREV for COMMAND; fails when PREV takes
# no value (the word is then a file or a flag).
_polc_flag_value() {
    local command=$1 prev=$2 cur=$3
    case $prev in
    --format)
        case $command in
        check) COMPREPLY=($(compgen -W "text json sarif" -- "$cur")) ;;
        doc) COMPREPLY=($(compgen -W "html markdown" -- "$cur")) ;;
        explain) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        inputs) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
        test) COMPREPLY=($(compgen -W "text json junit" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "csv jsonl table json" -- "$cur")) ;;
        esac ;;
    --engine) COMPREPLY=($(compgen -W "interp jit auto" -- "$cur")) ;;
    --encoding) COMPREPLY=($(compgen -W "utf-8 gb18030" -- "$cur")) ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")) ;;
    --column-unit) COMPREPLY=($(compgen -W "display char" -- "$cur")) ;;
    --jit-opt) COMPREPLY=($(compgen -W "0 1 2 3" -- "$cur")) ;;
    --lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")) ;;
    --registry | --cases) _polc_files "$cur" csv jsonl ndjson xlsx db sqlite sqlite3 ;;
    --root) _polc_folders "$cur" ;;
    -o | --output)
        case $command in
        build) if [[ " ${COMP_WORDS[*]} " == *" --postgres "* ]]; then _polc_folders "$cur"
               else _polc_files "$cur" so; fi ;;
        report) _polc_files "$cur" html ;;
        doc) if [[ " ${COMP_WORDS[*]} " == *" --format markdown "* ]]; then _polc_files "$cur" md
             else _polc_files "$cur" html; fi ;;
        template) _polc_files "$cur" xlsx csv ;;
        *) _polc_files "$cur" csv jsonl ndjson json xlsx sqlite sqlite3 db ;;
        esac ;;
    --as-of | --id | --given | --threads | --table | --query | --out-table | --by | --postgres | --sheet | --run | --coverage-min | --keep)
        COMPREPLY=() ;;
    *) return 1 ;;
    esac
    return 0
}

_polc() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    [[ $COMP_CWORD -gt 0 ]] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # `polc --lang zh COMMAND ...`: the global option before the command
    local at=1
    if [[ ${COMP_WORDS[1]} == --lang ]]; then
        at=3
    elif [[ ${COMP_WORDS[1]} == --lang=* ]]; then
        at=2
    fi
    if [[ $COMP_CWORD -eq 2 && $at -eq 3 ]]; then
        COMPREPLY=($(compgen -W "zh en" -- "$cur"))
        return 0
    fi
    if [[ $COMP_CWORD -eq $at ]]; then
        COMPREPLY=($(compgen -W "$_polc_commands --version --help --lang" -- "$cur"))
        return 0
    fi

    local command=${COMP_WORDS[at]}
    if [[ $command == help ]]; then
        _polc_flag_value help "$prev" "$cur" && return 0
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$_polc_flags_help" -- "$cur"))
        elif [[ $prev == help ]]; then
            COMPREPLY=($(compgen -W "$_polc_commands" -- "$cur"))
        fi
        return 0
    fi
    local flags_var=_polc_flags_$command
    [[ $command =~ ^[a-z]+$ && -n ${!flags_var+set} ]] || return 0

    _polc_flag_value "$command" "$prev" "$cur" && return 0
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${!flags_var}" -- "$cur"))
        return 0
    fi
    _polc_files "$cur" pol
}

complete -F _polc polc

#!/bin/sh
# test_completion.sh POLC SOURCE_DIR - the bash completion
# (driver/completion/polc.bash) and the manual page (docs/man/polc.1) keep
# up with `polc help`: every command it lists is completed and has a
# subsection of the page; every flag `polc help CMD` names is completed
# after `polc CMD -`; flag values and file kinds are offered.  Run in an
# interactive bash (`bash -i`), as completion runs.
set -u
polc=$1
src=$2
. "$src/tests/cli/lib.sh"
completion=$(cd "$src" && pwd)/driver/completion/polc.bash
page=$src/docs/man/polc.1

# The commands of `polc help`: the indented words under "commands:".
"$polc" help | sed -n '/^commands:/,/^$/ s/^  \([a-z][a-z]*\) .*/\1/p' >"$tmp/commands"
[ -s "$tmp/commands" ] || fail "no command read from polc help"

for command in $(cat "$tmp/commands"); do
  grep -q "^\.SS $command\$" "$page" ||
    fail "docs/man/polc.1 has no subsection '.SS $command' for the command of polc help"
done

# complete WORD... : COMPREPLY for the last word, one per line, run in an
# interactive bash from the scratch folder.
complete_words() {
  {
    echo "cd '$tmp/files' || exit 1"
    echo ". '$completion'"
    printf 'COMP_WORDS=('
    for w in "$@"; do printf "'%s' " "$w"; done
    echo ')'
    echo "COMP_CWORD=$(($# - 1))"
    echo "COMP_LINE='$*'; COMP_POINT=\${#COMP_LINE}"
    echo '_polc polc "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"'
    echo 'printf "%s\n" "${COMPREPLY[@]}"'
  } >"$tmp/complete.bash"
  bash --norc --noprofile -i "$tmp/complete.bash" </dev/null 2>"$tmp/bash.err"
}

offers() {   # offers WHAT WANT WORD... : WANT is among the completions
  what=$1 want=$2; shift 2
  complete_words "$@" >"$tmp/reply"
  grep -qx -- "$want" "$tmp/reply" ||
    { fail "$what: '$want' not offered for 'polc ${*#polc }'"; grep -v "terminal process group\|job control" "$tmp/reply" "$tmp/bash.err" | sed "s/^/  | /" | head -8; }
}

refuses() {   # refuses WHAT UNWANTED WORD...
  what=$1 unwanted=$2; shift 2
  complete_words "$@" >"$tmp/reply"
  if grep -qx -- "$unwanted" "$tmp/reply"; then fail "$what: '$unwanted' offered for 'polc ${*#polc }'"; fi
}

mkdir -p "$tmp/files/drafts"
: >"$tmp/files/a.pol"
: >"$tmp/files/applicants.csv"
: >"$tmp/files/applicants.jsonl"
: >"$tmp/files/notes.txt"

for command in $(cat "$tmp/commands"); do
  offers "every command of polc help" "$command" polc ""
  [ "$command" = help ] && continue
  offers "polc help COMMAND" "$command" polc help ""
  # Every flag the command's help names is completed after `-`.
  for flag in $("$polc" help "$command" | grep -o -- '--[a-z][a-z-]*' | sort -u) \
              $("$polc" help "$command" | grep -o -- '^  -[a-z]\b' | tr -d ' '); do
    offers "flags of $command" "$flag" polc "$command" -
  done
done
offers "a prefix" eval polc ev
offers "--version" --version polc --
offers "flags of eval" --registry polc eval a.pol --r
offers "engine values" jit polc eval a.pol --engine ""
offers "check formats" sarif polc check --format ""
refuses "check formats" csv polc check --format ""
offers "test formats" junit polc test a.pol --format ""
refuses "test formats" csv polc test a.pol --format ""
offers "eval formats" jsonl polc eval a.pol --registry applicants.csv --format ""
offers ".pol files" a.pol polc eval ""
offers "folders of .pol files" drafts/ polc check ""
refuses "not a policy" notes.txt polc check ""
refuses "not a policy" applicants.csv polc test ""
offers "registries" applicants.csv polc eval a.pol --registry ""
offers "registries" applicants.jsonl polc explain a.pol --registry app
refuses "registries" a.pol polc eval a.pol --registry ""
offers "--root takes a folder" drafts polc check --root ""
# --lang zh|en, the global option: after every command and before it
for command in $(cat "$tmp/commands"); do
  offers "--lang after $command" --lang polc "$command" --la
done
offers "--lang values" zh polc check --lang ""
offers "--lang values" en polc eval a.pol --lang ""
offers "--lang values before the command" zh polc --lang ""
offers "--lang before the command" --lang polc --l
offers "a command after --lang zh" check polc --lang zh ""
offers "flags after polc --lang zh CMD" --registry polc --lang zh eval a.pol --r
offers "polc --lang=zh help COMMAND" eval polc --lang=zh help ""
refuses "--root takes a folder" a.pol polc check --root ""

[ "$failures" = 0 ] || exit 1
echo "completion and manual page cover every command and flag of polc help"

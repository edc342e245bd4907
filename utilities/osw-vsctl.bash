# Bash completion for osw-vsctl (and ovs-vsctl, when it is osw's link).
#
# Completes global options, command names (from "osw-vsctl --commands"),
# each command's own options, and arguments by the kind that the command's
# syntax gives: bridges, ports and interfaces by name, tables, records of
# the table named earlier on the line, and its columns.  Names come from
# the database that the line's --db (or the default one) points to; when
# it cannot be reached, only options and commands are completed.

_osw_vsctl_db_args=()

# Runs osw-vsctl, quietly and briefly, against the line's database.
_osw_vsctl_query() {
    "$_osw_vsctl_prog" "${_osw_vsctl_db_args[@]}" --no-wait --timeout=2 \
        "$@" 2>/dev/null
}

# The arguments spec of command $1 ("!BRIDGE !NEW-PORT *COLUMN?:KEY=VALUE")
# and its options ("--may-exist"), from --commands.
_osw_vsctl_command_info() {
    "$_osw_vsctl_prog" --commands 2>/dev/null \
        | awk -F, -v cmd="$1" '$2 == cmd { print $1 "\t" $3 }'
}

_osw_vsctl_tables() {
    "$_osw_vsctl_prog" --help 2>/dev/null \
        | sed -n 's/^  \([A-Za-z_]*\):$/\1/p'
}

# Completes one argument of kind $1 (a word of the syntax, without its
# leading !?*+), for the current word $2; $3 is the table named earlier.
_osw_vsctl_complete_arg() {
    local kind=$1 cur=$2 table=$3 words=

    case $kind in
        NEW-*)
            ;;
        *BRIDGE*|PARENT)
            words=$(_osw_vsctl_query list-br) ;;
        *BOND*|*PORT*)
            words=$(_osw_vsctl_query --bare --columns=name list Port) ;;
        *IFACE*)
            words=$(_osw_vsctl_query --bare --columns=name list Interface) ;;
        TABLE)
            words=$(_osw_vsctl_tables) ;;
        RECORD)
            if [ -n "$table" ]; then
                words=$(_osw_vsctl_query --bare --columns=name list "$table") \
                    || words=$(_osw_vsctl_query --bare --columns=_uuid \
                               list "$table")
                case $table in
                    [Oo]pen*|SSL|ssl) words=". $words" ;;
                esac
            fi ;;
        COLUMN*|KEY*)
            if [ -n "$table" ]; then
                words=$(_osw_vsctl_query --format=csv list "$table" \
                        | head -1 | tr ',' ' ')
                words=${words/_uuid/}
                case $kind in
                    *=*) compopt -o nospace 2>/dev/null
                         words=$(printf '%s= ' $words) ;;
                esac
            fi ;;
        MODE)
            words="standalone secure" ;;
        TARGET)
            words="tcp: ssl: unix: ptcp: pssl: punix:"
            compopt -o nospace 2>/dev/null ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

_osw_vsctl() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local i word command= command_start=-1 n_args=0 table=

    _osw_vsctl_prog=${COMP_WORDS[0]}
    _osw_vsctl_db_args=()
    COMPREPLY=()

    # Find the command being typed: the first non-option word after the
    # last "--" (or after the global options).
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --db=*) _osw_vsctl_db_args=("$word") ;;
            --) command=; command_start=-1 ;;
            -*) ;;
            *)
                if [ -z "$command" ]; then
                    command=$word
                    command_start=$i
                fi ;;
        esac
    done

    if [[ $cur == -* ]]; then
        local opts
        opts=$("$_osw_vsctl_prog" --options 2>/dev/null \
               | sed -n 's/^\(--[^=]*\)=ARG$/\1=/p; s/^\(--[^=]*\)$/\1/p')
        opts="$opts --"
        if [ -z "$command" ]; then
            opts="$opts $("$_osw_vsctl_prog" --commands 2>/dev/null \
                          | grep -o '\[--[^]]*\]' | tr -d '[]' | sort -u)"
        fi
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
        return 0
    fi

    if [ -z "$command" ]; then
        COMPREPLY=($(compgen -W "$("$_osw_vsctl_prog" --commands 2>/dev/null \
                                   | cut -d, -f2)" -- "$cur"))
        return 0
    fi

    # Which argument of the command is this, and what kind is it?
    local info spec kinds=() kind
    info=$(_osw_vsctl_command_info "$command")
    spec=${info#*$'\t'}
    for word in $spec; do
        kinds+=("$word")
    done
    n_args=$((COMP_CWORD - command_start - 1))
    [ $command_start -ge 0 ] && [ $((command_start + 1)) -lt $COMP_CWORD ] \
        && table=${COMP_WORDS[command_start + 1]}

    kind=
    for ((i = 0; i < ${#kinds[@]}; i++)); do
        word=${kinds[i]}
        case $word in
            [*+]*)
                kind=${word#?}
                break ;;
        esac
        if [ $i = $n_args ]; then
            kind=${word#?}
            break
        fi
    done
    [ -n "$kind" ] || return 0
    kind=${kind#\?}
    kind=${kind%%|*}
    _osw_vsctl_complete_arg "$kind" "$cur" "$table"
}

complete -F _osw_vsctl osw-vsctl

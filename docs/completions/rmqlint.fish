function __rmqlint_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rmqlint_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __rmqlint_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rmqlint_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __rmqlint_parse_tokens -S
    set -l unparsed_tokens (__rmqlint_tokens -pc)
    switch $unparsed_tokens[1]
    case 'rmqlint'
        __rmqlint_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'lint'
            __rmqlint_parse_subcommand -r 1 'format=' 'output=' 'output-format=+' 'sarif-omit-suppressed' 'q/quiet' 'statistics' 'release=' 'rabbitmq-version=' 'inventory=+' 'globals=+' 'environment=' 'config=' 'select=' 'ignore=' 'fail-on=' 'show-suppressed' 'baseline=' 'write-baseline=' 'strict-baseline' 'max-file-size=' 'fix' 'unsafe-fixes' 'diff' 'version' 'h/help'
        case 'rules'
            __rmqlint_parse_subcommand 0 'markdown' 'config=' 'version' 'h/help'
        case 'explain'
            __rmqlint_parse_subcommand 1 'config=' 'version' 'h/help'
        case 'effective'
            __rmqlint_parse_subcommand -r 1 'service=' 'host=' 'format=' 'release=' 'rabbitmq-version=' 'inventory=+' 'globals=+' 'environment=' 'config=' 'version' 'h/help'
        case 'help'
            __rmqlint_parse_subcommand -r 1 'version'
        end
    end
end

function __rmqlint_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __rmqlint_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __rmqlint_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __rmqlint_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__rmqlint_tokens -p)
    if test -z "$(__rmqlint_tokens -t)"
        set -l index (count (__rmqlint_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'rmqlint' -f
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint" version' -l 'version' -d 'Show the version.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_positional "rmqlint" -eq 1' -fa 'lint' -d 'Lint deployment trees or files (the default command).'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_positional "rmqlint" -eq 1' -fa 'rules' -d 'List every rule: id, slug, severity and summary.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_positional "rmqlint" -eq 1' -fa 'explain' -d 'Explain a rule: what it does, why, an example, the fix, references.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_positional "rmqlint" -eq 1' -fa 'effective' -d 'Print the effective model: each RabbitMQ-relevant value and the layer that set it.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_positional "rmqlint" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" format' -l 'format' -d 'Report format: text, json, sarif or github (default: text).' -rfka 'text json sarif github'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" output' -l 'output' -d 'Write the report to FILE instead of standard output.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint"' -l 'output-format' -d 'A report to write: FORMAT to standard output, or FORMAT=FILE to a file. Repeatable; replaces --format and --output.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" sarif-omit-suppressed' -l 'sarif-omit-suppressed' -d 'Leave suppressed and baselined findings out of SARIF (GitHub code scanning opens an alert for every result).'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" q quiet' -s 'q' -l 'quiet' -d 'Print findings only: no summary line, nothing for a clean run, no warnings on stderr.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" statistics' -l 'statistics' -d 'Text report: one line per rule with its number of findings, instead of the findings.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" release' -l 'release' -d 'Target OpenStack release (e.g. 2024.1); overrides openstack_release.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" rabbitmq-version' -l 'rabbitmq-version' -d 'RabbitMQ version (e.g. 3.13).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint"' -l 'inventory' -d 'Ansible inventory file or directory to use for every tree (repeatable: Ansible merges them).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint"' -l 'globals' -d 'Extra globals file (repeatable), read after globals.yml and globals.d/ as Kolla\'s -e @file.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" environment' -l 'environment' -d 'Kayobe environment to lint (etc/kayobe/environments/<name>); default: the only one, if only one exists.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" config' -l 'config' -d 'Configuration file (default: the nearest .rmqlint.yml walking up from the first PATH, stopping at the repository root).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" select' -l 'select' -d 'Only these rule ids, prefixes or slugs, comma-separated (e.g. RMQ2,RMQ101,tcpka-not-split).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" ignore' -l 'ignore' -d 'Skip these rule ids, prefixes or slugs, comma-separated.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" fail-on' -l 'fail-on' -d 'Lowest severity that fails the run: error, warning, info or never (default: warning).' -rfka 'error warning info never'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" show-suppressed' -l 'show-suppressed' -d 'Also list suppressed and baselined findings in the text report.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" baseline' -l 'baseline' -d 'Baseline file: findings recorded in it do not fail the run.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" write-baseline' -l 'write-baseline' -d 'Record the current findings (except suppressed ones) in FILE and judge this run against it.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" strict-baseline' -l 'strict-baseline' -d 'Fail when a baselined finding no longer occurs, so the baseline only shrinks.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" max-file-size' -l 'max-file-size' -d 'Skip files larger than this with an RMQ001 finding: bytes, or a number with K, M or G (default 16M).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" fix' -l 'fix' -d 'Apply the safe fixes in place, then re-lint and report what remains.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" unsafe-fixes' -l 'unsafe-fixes' -d 'Also apply (or, with --diff, show) the unsafe fixes; implies --fix without --diff.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" diff' -l 'diff' -d 'Print the fixes as a unified diff and change nothing (exit 1 when there is something to fix).'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" version' -l 'version' -d 'Show the version.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint lint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint rules" markdown' -l 'markdown' -d 'Print the catalogue as a Markdown table.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint rules" config' -l 'config' -d 'Configuration file whose site policies are listed too (default: the nearest .rmqlint.yml above the working directory).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint rules" version' -l 'version' -d 'Show the version.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint explain" config' -l 'config' -d 'Configuration file whose site policies can be explained too (default: the nearest .rmqlint.yml above the working directory).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint explain" version' -l 'version' -d 'Show the version.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" service' -l 'service' -d 'Only this Kolla service (e.g. nova-compute).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" host' -l 'host' -d 'What this inventory host gets (its own overrides where it has some).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" format' -l 'format' -d 'Output format: text or json.' -rfka 'text json'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" release' -l 'release' -d 'Target OpenStack release (e.g. 2024.1); overrides openstack_release.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" rabbitmq-version' -l 'rabbitmq-version' -d 'RabbitMQ version (e.g. 3.13).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective"' -l 'inventory' -d 'Ansible inventory file or directory to use for every tree (repeatable: Ansible merges them).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective"' -l 'globals' -d 'Extra globals file (repeatable), read after globals.yml and globals.d/ as Kolla\'s -e @file.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" environment' -l 'environment' -d 'Kayobe environment to lint (etc/kayobe/environments/<name>); default: the only one, if only one exists.' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" config' -l 'config' -d 'Configuration file (default: the nearest .rmqlint.yml walking up from the first PATH, stopping at the repository root).' -rfka ''
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" version' -l 'version' -d 'Show the version.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint effective" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rmqlint' -n '__rmqlint_should_offer_completions_for_flags_or_options "rmqlint help" version' -l 'version' -d 'Show the version.'

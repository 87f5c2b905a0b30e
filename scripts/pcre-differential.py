#!/usr/bin/env python3
"""Expected results for PolicyPatternTests' differential table.

RabbitMQ matches policy patterns with Erlang's re:run(Name, Pattern, [{capture, none}]):
PCRE, no options, byte mode, unanchored search. For the subset rmqlint implements, Python's
`re` on *bytes* has the same semantics (ASCII \\d \\w \\s, `.` excluding LF, `$` before a final
LF, fixed-width look-behind), so re.search(pattern_bytes, name_bytes) gives the expected value.
Constructs where Python and PCRE differ (\\Z, \\v, \\h, {,n}, POSIX classes, look-behind with
branches of different widths) are kept out of this table and tested by hand instead.

When the system has libpcre2-8 (Debian: libpcre2-8-0), every row is also run through real
PCRE2 with ctypes (pcre2_compile with no options, pcre2_match from offset 0, i.e. an unanchored
search like re:run) and the script stops if PCRE2 and Python disagree.

Run once to (re)produce the Swift table:  python3 scripts/pcre-differential.py
The output is pasted into Tests/RMQLintCoreTests/PolicyPatternTests.swift; the tests never
need Python.
"""
import ctypes
import re
import sys


def load_pcre2():
    try:
        lib = ctypes.CDLL("libpcre2-8.so.0")
    except OSError:
        return None
    lib.pcre2_compile_8.restype = ctypes.c_void_p
    lib.pcre2_compile_8.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32,
                                    ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p]
    lib.pcre2_match_data_create_from_pattern_8.restype = ctypes.c_void_p
    lib.pcre2_match_data_create_from_pattern_8.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.pcre2_match_8.restype = ctypes.c_int
    lib.pcre2_match_8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                                  ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p]
    lib.pcre2_config_8.argtypes = [ctypes.c_uint32, ctypes.c_void_p]
    return lib


def pcre2_version(lib):
    buffer = ctypes.create_string_buffer(64)
    lib.pcre2_config_8(11, buffer)  # PCRE2_CONFIG_VERSION
    return buffer.value.decode()


def pcre2_search(lib, pattern, subject):
    error, offset = ctypes.c_int(), ctypes.c_size_t()
    code = lib.pcre2_compile_8(pattern, len(pattern), 0, ctypes.byref(error), ctypes.byref(offset), None)
    if not code:
        raise SystemExit("PCRE2 rejects %r" % pattern)
    data = lib.pcre2_match_data_create_from_pattern_8(code, None)
    rc = lib.pcre2_match_8(code, subject, len(subject), 0, 0, data, None)
    if rc == -1:
        return False
    if rc < 0:
        raise SystemExit("PCRE2 error %d for %r on %r" % (rc, pattern, subject))
    return True

HEX = "0123456789abcdef0123456789abcdef"

CASES = [
    # Kolla's HA policy (KA 09df6fc1), and its variants in the wild.
    (r"^(?!(amq\.)|(.*_fanout_)|(reply_)).*", ["reply_" + HEX, "compute_fanout_" + HEX, "compute",
        "compute.host1", "notifications.info", "amq.gen-JzTY20BRgKO-HjmUJj0wLg", "", "q-plugin",
        "q-agent-notifier-port-update_fanout_" + HEX, "conductor_fanout", "xreply_x", "amqx", "amq.",
        "reply", "reply_", "scheduler_fanout_", "ctl1:nova-compute:1", "reply_ctl1:nova-api:3",
        "notifications_designate.info", "cinder-volume.ctl1@rbd-1"]),
    (r"^(?!amq\.).*", ["amq.gen-1", "compute", "", "amq", "xamq.gen"]),
    (r"^(?!(amq\.|.*_fanout_|reply_)).*", ["reply_" + HEX, "compute", "compute_fanout_" + HEX, "amq.x"]),
    (r".*", ["", "x", "\n", "compute"]),
    (r".+", ["", "x", "\n", "a\n"]),
    (r"^$", ["", "\n", "a", "\n\n"]),
    (r"^reply_", ["reply_" + HEX, "xreply_", "reply", "REPLY_x"]),
    (r"_fanout_", ["compute_fanout_" + HEX, "compute_fanout", "_fanout_"]),
    (r"^compute$", ["compute", "compute\n", "compute\n\n", "compute.host1", "xcompute"]),
    (r"^compute\.", ["compute.host1", "compute", "computeX"]),
    (r"notifications\.(info|error|warn)$", ["notifications.info", "notifications.error", "notifications.sample",
        "notifications.info.x", "notifications_designate.info"]),
    (r"^(conductor|scheduler|compute)(\..*)?$", ["conductor", "scheduler.ctl1", "compute.", "computes", "engine"]),
    (r"a|b|", ["", "c", "b"]),
    (r"a||b", ["", "c"]),
    (r"(|a)b", ["b", "ab", "c"]),
    (r"x()y", ["xy", "x y"]),
    (r"x(?:)y", ["xy", "x"]),
    (r"^(a|ab)(c|bcd)(d*)$", ["abcd", "acd", "abcdd", "abd"]),
    (r"^[a-z_]+$", ["compute", "reply_x", "q-plugin", "", "Compute"]),
    (r"^[^.]+$", ["compute", "compute.host1", ""]),
    (r"[]a]", ["]", "a", "b"]),
    (r"^[^]a]$", ["]", "a", "b"]),
    (r"^[a-]+$", ["a-a", "b"]),
    (r"^[-a]+$", ["-a", "b"]),
    (r"^[a\-z]+$", ["a-z", "b"]),
    (r"^[\d.]+$", ["1.2.3", "1a"]),
    (r"^[\w-]+$", ["q-plugin", "q.plugin"]),
    (r"[a-c-e]", ["d", "-", "e"]),
    (r"^[\x41-\x43]+$", ["ABC", "ABD"]),
    (r"^[.]$", [".", "a"]),
    (r"[\\]", ["\\", "a"]),
    (r"^\d{3}$", ["123", "12", "1234"]),
    (r"^\d{2,4}$", ["1", "12", "1234", "12345"]),
    (r"^a{0}$", ["", "a"]),
    (r"^a{2,}$", ["a", "aa", "aaaaa"]),
    (r"^(ab){2}$", ["abab", "ab", "ababab"]),
    (r"^a{1}b", ["ab", "b"]),
    (r"a{x}", ["a{x}", "ax"]),
    (r"^{$", ["{", "a"]),
    (r"a{", ["a{", "a"]),
    (r"a{}", ["a{}", "a"]),
    (r"a}", ["a}", "a"]),
    (r"a]", ["a]", "a"]),
    (r"a.*?b", ["axxb", "ab", "a"]),
    (r"^a+?$", ["aaa", "aab"]),
    (r"^(a|b)*?c$", ["ababc", "abab"]),
    (r"^a??b$", ["ab", "b", "aab"]),
    (r"^a{2,3}?$", ["aa", "aaa", "aaaa"]),
    (r"^(?=.*host)compute", ["compute.host1", "compute", "compute.node1"]),
    (r"^(?!reply_)", ["reply_1", "compute", ""]),
    (r"^(?!.*_fanout_).*$", ["compute_fanout_1", "compute"]),
    (r"foo(?=bar)", ["foobar", "foobaz"]),
    (r"(?!a)b", ["b", "ab"]),
    (r"^(?!(?!a)).", ["a", "b"]),
    (r"(?<=_)fanout", ["compute_fanout_1", "fanout"]),
    (r"(?<!amq)\.gen", ["amq.gen-1", "xyz.gen-1", ".gen"]),
    (r"(?<=^re)ply", ["reply_1", "xreply_1"]),
    (r"(?<=\.)host\d$", ["compute.host1", "computehost1"]),
    (r"(?<=a(?=b)).", ["ab", "ac"]),
    (r"(?<=ab|cd)x", ["abx", "cdx", "bx"]),
    (r"\bcompute\b", ["compute.host", "nova-compute", "computes", "compute_1"]),
    (r"\Bpute", ["compute", "pute"]),
    (r"info\b", ["notifications.info", "infox"]),
    (r"\B", ["", "a", "ab"]),
    (r"\b", ["", "a", "."]),
    (r"^\.$", [".", "a"]),
    (r"^\\$", ["\\", "a"]),
    (r"\t", ["a\tb", "ab"]),
    (r"^\x41$", ["A", "a"]),
    (r"^\/$", ["/", "a"]),
    (r"^\-$", ["-", "a"]),
    (r"^\a$", ["\x07", "a"]),
    (r"\s", ["a b", "ab", "a\x0bb", "a\x0cb"]),
    (r"^\S+$", ["ab", "a b"]),
    (r"^\W$", [".", "a", "_"]),
    (r"^\D+$", ["ab", "a1"]),
    (r"^\w+$", ["a_1", "a-1", "é"]),
    (r"^.$", ["é", "a", "\n"]),
    (r"^..$", ["é", "ab"]),
    (r"é", ["café", "cafe"]),
    (r"[é]", ["é", "e"]),
    (r"^[é]$", ["é"]),
    (r"^(a*)*$", ["aaa", "aab", ""]),
    (r"^(a*)*b$", ["aaaa", "aaab"]),
    (r"^(a|a?)+$", ["aa", "ab"]),
    (r"^(a?){3}a{3}$", ["aaa", "aaaaaa", "aa"]),
    (r"^(a?)*b", ["b", "aab", "c"]),
    (r"(?:x*)*y", ["xxy", "xx"]),
    (r"^(?:a|b?)*c", ["abbc", "c", "abd"]),
    (r"a(?#comment)b", ["ab", "a b"]),
    (r"b|^a", ["ca", "ba", "a"]),
    (r"a$b", ["ab", "a\nb"]),
    (r"a^", ["a", "ba"]),
    (r"^Compute", ["compute", "Compute"]),
    (r"q-agent-notifier.*_fanout_", ["q-agent-notifier-port-update_fanout_" + HEX, "q-agent-notifier-port-update"]),
    (r"^(?!(amq\.)|(.*_fanout_)|(reply_)).*\.(info|error)$", ["notifications.info", "reply_x.info", "compute"]),
    (r"^notifications\..+", ["notifications.info", "notifications."]),
    (r"^(?:[a-z]+-)*[a-z]+$", ["q-agent-notifier-port-update", "q-agent-", "cinder-volume"]),
    (r"^(ha|HA)\.", ["ha.x", "HA.x", "hA.x"]),
    (r"[^a-zA-Z0-9._-]", ["compute.host1", "compute host", "ctl1:nova:1"]),
]


# Where Python's `re` is known to differ from PCRE: (pattern, subject) -> PCRE's answer.
# Python before 3.14 never matches \B in an empty string (CPython gh-124130); PCRE does.
PYTHON_DIFFERS = {
    (r"\B", ""): True,
}


def swift_string(text):
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append("\\u{%x}" % code)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def main():
    pcre2 = load_pcre2()
    rows = []
    for pattern, subjects in CASES:
        compiled = re.compile(pattern.encode())
        for subject in subjects:
            found = compiled.search(subject.encode()) is not None
            if pcre2 is not None:
                real = pcre2_search(pcre2, pattern.encode(), subject.encode())
                if real != found and (pattern, subject) not in PYTHON_DIFFERS:
                    raise SystemExit("Python and PCRE2 disagree on %r / %r" % (pattern, subject))
                found = real
            elif (pattern, subject) in PYTHON_DIFFERS:
                found = PYTHON_DIFFERS[(pattern, subject)]
            rows.append("        (%s, %s, %s)," % (swift_string(pattern), swift_string(subject), "true" if found else "false"))
    checked = " and PCRE2 %s" % pcre2_version(pcre2) if pcre2 is not None else ""
    print("    // Generated by scripts/pcre-differential.py (Python %d.%d `re` on bytes%s): %d rows."
          % (sys.version_info[0], sys.version_info[1], checked, len(rows)))
    print("\n".join(rows))


if __name__ == "__main__":
    main()

"""Debian's wapiti 3.0.4 with one function fixed for Python 3.11+: its exclusion patterns (-x) end in a global flag,
`\\Z(?ms)`, which Python's re now refuses. Takes wapiti's own arguments."""
import re
import sys

from wapitiCore.net import crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402 (after the fix)

sys.argv[0] = "wapiti"
sys.exit(wapiti_main())

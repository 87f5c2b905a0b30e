"""Runs the rmqlint executable shipped in this package, in place of the Python process,
so its exit status, output and signals are the executable's own."""

import os
import sys

from rmqlint import BINARY


def main():
    argv = ["rmqlint"] + sys.argv[1:]
    try:
        os.execv(BINARY, argv)
    except OSError as error:
        sys.stderr.write(f"rmqlint: error: cannot run {BINARY}: {error.strerror}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""rmqlint, installed from a wheel: the self-contained executable in `bin/`.

`rmqlint` on PATH (the console entry point) and `python -m rmqlint` both run it.
"""

import os

BINARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "rmqlint")

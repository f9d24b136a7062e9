"""Is this Python one the lock installs on? ``make install`` runs this before creating .venv.

Prints nothing and exits 0 for a supported Python; otherwise prints one sentence naming the version
found and what to install, and exits 1. Written to run on any Python (also 2.7 and 3.6), so that an old
interpreter gets the sentence, not a SyntaxError. ``tests/test_python_versions.py`` checks that these
bounds agree with ``requires-python``, the README's first lines, and the wheels the lock's packages have.

    python3 requirements/check_python.py            # checks the running interpreter
    python3 requirements/check_python.py 3.10.12    # checks a version given as text (for the tests)
"""

import sys

OLDEST = (3, 11, 5)  # soupsieve 4.1.3 needs 3.11.5; pandas 3 and numpy 2.4 have no release for 3.10
NEWEST = (3, 14)  # the newest version every package in the lock has a wheel for


def message(version, where):
    """The sentence to print for ``version`` (a tuple of ints) of the Python at ``where``, or None."""
    if OLDEST <= tuple(version) and tuple(version[:2]) <= NEWEST:
        return None
    found = ".".join(str(part) for part in version)
    return ("weihai-gwr needs Python %d.%d.%d to %d.%d, but %s is Python %s: install one of those "
            "versions (from python.org, your system's packages, pyenv or uv) and point make at it, "
            "for example 'make install PYTHON=python%d.%d'."
            % (OLDEST + NEWEST + (where, found) + NEWEST))


def main(argv):
    """Check the version in ``argv[1]`` if given, else the running interpreter's."""
    if len(argv) > 1:
        version, where = tuple(int(part) for part in argv[1].split(".")), "the version given"
    else:
        version, where = tuple(sys.version_info[:3]), sys.executable
    text = message(version, where)
    if text:
        sys.stderr.write("error: " + text + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""``make test``: make sure what the tests need is on the machine, then run them all.

Browser tests drive Debian's Chromium (never a downloaded browser) and PDF
tests need Pango for WeasyPrint; on a fresh Debian machine where we are
root, install them. pytest's exit code 5 (no tests ran) is a failure here.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys

SYSTEM_PACKAGES = {
    # package: probe that says it is already there
    "chromium": lambda: shutil.which("chromium") is not None,
    "libpango-1.0-0": lambda: ctypes.util.find_library("pango-1.0") is not None,
    "libpangoft2-1.0-0": lambda: ctypes.util.find_library("pangoft2-1.0") is not None,
    # Without it WeasyPrint subsets fonts slowly and warns on every PDF.
    "libharfbuzz-subset0": lambda: ctypes.util.find_library("harfbuzz-subset") is not None,
    "poppler-utils": lambda: shutil.which("pdftoppm") is not None,
}


def ensure_system_packages(packages: dict | None = None) -> None:
    packages = SYSTEM_PACKAGES if packages is None else packages
    missing = [name for name, present in packages.items() if not present()]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"[test] missing system packages (install them): {' '.join(missing)}", flush=True)
        return
    print(f"[test] installing system packages: {' '.join(missing)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def main(argv: list[str]) -> int:
    ensure_system_packages()
    subprocess.run([sys.executable, "manage.py", "compile_translations"], check=True)
    code = subprocess.call([sys.executable, "-m", "pytest", *argv])
    if code == 5:
        print("[test] pytest collected no tests: failing on purpose", flush=True)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

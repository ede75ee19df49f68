from __future__ import annotations

import os
import tempfile

# Tests never read or write the user's cache: one fresh cache per run, and
# a fresh key to sign its entries (cache.py keeps the key outside the cache).
os.environ["MIGRALINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="migralint-test-cache-")
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="migralint-test-state-")

# Messages are in the locale's language (i18n.from_environment): the suite's
# expectations are English whatever the machine's locale; tests of the
# other languages ask for them.
for _name in ("LANGUAGE", "LC_MESSAGES", "LANG"):
    os.environ.pop(_name, None)
os.environ["LC_ALL"] = "C.UTF-8"

from __future__ import annotations

import os
import tempfile

# Tests never read or write the user's cache: one fresh cache per run, and
# a fresh key to sign its entries (cache.py keeps the key outside the cache).
os.environ["MIGRALINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="migralint-test-cache-")
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="migralint-test-state-")

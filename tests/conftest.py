from __future__ import annotations

import os
import tempfile

# Tests never read or write the user's cache: one fresh cache per run.
os.environ["MIGRALINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="migralint-test-cache-")

"""`migralint lsp`: the Language Server Protocol server (server.py) for
editors, on the engine `check` runs (linting.py), with hovers (hover.py)
and code actions (actions.py, and the fixes of migralint.fixes)."""

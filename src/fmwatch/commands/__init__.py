"""Command modules: each adds its click commands to fmwatch.cli.cli on import."""

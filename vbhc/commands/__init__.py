"""CLI commands that live in their own modules (registered in vbhc.cli.LAZY_COMMANDS)."""

"""Every ``vbhc`` command, one module each (registered in ``vbhc.cli.LAZY_COMMANDS``).

Commands parse options, call the library and print; ``_report`` turns outcomes into
messages and exit codes, ``_common`` holds what several commands share.
"""

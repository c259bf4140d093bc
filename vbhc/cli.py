"""The ``vbhc`` command: the click group, the list of commands, and the console entry point.

Every command lives in ``vbhc.commands`` (one module each) and is imported only when it
runs or ``--help`` lists it; how outcomes become messages and exit codes is
``vbhc.commands._report``.
"""

from __future__ import annotations

import gc
import sys

from vbhc.commands import _ahead, _patterns
from vbhc.commands._startup import (
    frozen_import,
    frozen_imports,
    seed_yaml_unprintable,
    skip_pydantic_plugin_scan,
)

_patterns.seed()  # the regular expressions a cold render compiles, stored compiled
_ahead.install()  # and the code dataclasses, namedtuple and typing make from text

with frozen_imports():  # click and the outcome reporting: the collector paused, then frozen
    import click

    from vbhc.commands._report import Stopped, catch_termination

LAZY_COMMANDS: dict[str, str] = {
    "bang-chu": "vbhc.commands.bang_chu:bang_chu",
    "check": "vbhc.commands.check:check",
    "derive": "vbhc.commands.derive:derive",
    "import": "vbhc.commands.import_cmd:import_cmd",
    "ky": "vbhc.commands.ky:ky",
    "new": "vbhc.commands.new:new",
    "phat-hanh": "vbhc.commands.phat_hanh:phat_hanh",
    "render": "vbhc.commands.render:render",
    "sao": "vbhc.commands.sao:sao",
    "schema": "vbhc.commands.schema:schema",
    "so-dang-ky": "vbhc.commands.so_dang_ky:so_dang_ky",
    "template": "vbhc.commands.template:template",
}
"""Command name -> ``module:attribute`` of its click command (registration)."""


class LazyGroup(click.Group):
    """A click group whose listed commands are imported on first use (fast start-up)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return every command name, sorted (the ones added directly and ``LAZY_COMMANDS``)."""
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """Return the command ``name``, importing its module if it is a lazy one; None for a
        name vbhc does not have (click then says so)."""
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(frozen_import(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vbhc", message="vbhc %(version)s")
def main() -> None:
    """vbhc: soạn văn bản hành chính đúng Nghị định 30/2020/NĐ-CP."""
    catch_termination()


def run() -> None:
    """The ``vbhc`` console entry point: ``main``, and a signal that arrives after the
    command's own handling (while click is already exiting) still ends the process with
    its documented code (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP) and no traceback.

    On the way out every object left is frozen (``gc.freeze``): the interpreter's last
    collections then skip them (~25 ms of CPU, 8 % of a cold ``vbhc render``); nothing is
    lost, every file vbhc writes is closed by then and atexit handlers still run."""
    skip_pydantic_plugin_scan()
    seed_yaml_unprintable()
    try:
        main()
    except Stopped as exc:
        sys.exit(128 + exc.signum)
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()

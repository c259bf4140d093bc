"""python -m vbhc"""

from vbhc.cli import run

run()

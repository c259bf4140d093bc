"""python -m vbhc"""

from vbhc.cli import main

main()

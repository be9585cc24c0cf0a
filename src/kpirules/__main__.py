"""`python -m kpirules` runs the command line."""

from kpirules._cli import main

raise SystemExit(main())

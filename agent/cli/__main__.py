"""`python -m agent.cli …` runs the `triple-orm` command."""

from agent.cli import main

raise SystemExit(main())

"""Allow ``python -m lab`` as an alias of the ``toeslagenlab`` command."""

from lab.cli import main

raise SystemExit(main())

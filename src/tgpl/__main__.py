"""``python -m tgpl``: the same as the ``tgpl`` command."""

from tgpl.cli import main

raise SystemExit(main())

"""Sub-commands of the ``toeslagenlab`` command line.

Every module in this package defines ``register(subparsers)``, which adds one sub-command and sets
``func`` (a callable taking the parsed ``argparse.Namespace`` and returning an exit code) as its
default. ``lab.cli`` discovers the modules, so adding a command never edits a shared file.

No other layer imports a name from the commands (``lab.cli`` finds them by their modules), so the
package has no public names.
"""

__all__: list[str] = []

"""A lab session's settings: the scenario sheet, its toeslag line, the start balance, the arms.

The researcher sets them (on the app's researcher page, behind its password); they are saved in the
response database (:class:`lab.humanlab.responses.ResponseStore`, table ``settings``), so every
participant's browser uses them and they survive a restart of the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lab.errors import InputError
from lab.humanlab.responses import ResponseStore
from lab.humanlab.scenario import DEFAULT_SHEET, DEFAULT_TOESLAG_NAME, Scenario, parse_scenario
from lab.humanlab.session import ARMS


@dataclass(frozen=True)
class SessionSettings:
    """What every participant of a lab session gets.

    Attributes:
        sheet_name: file name of the scenario sheet (recorded with each participant).
        sheet: the sheet's bytes (CSV in the format of docs/scenario.md).
        toeslag_name: the sheet's income line that is the toeslag.
        start_balance: the participant's balance before the first month, euro.
        arms: the arms participants are assigned to (balanced), a subset of the lab's arms.
    """

    sheet_name: str = DEFAULT_SHEET.name
    sheet: bytes = field(default_factory=DEFAULT_SHEET.read_bytes, repr=False)
    toeslag_name: str = DEFAULT_TOESLAG_NAME
    start_balance: float = 0.0
    arms: tuple[str, ...] = ARMS

    def scenario(self) -> Scenario:
        """The parsed scenario sheet; InputError (in Dutch) when it is not in order."""
        return parse_sheet(self.sheet_name, self.sheet)


def parse_sheet(name: str, data: bytes) -> Scenario:
    """Parse an uploaded scenario sheet; InputError names the row and column in Dutch."""
    try:
        return parse_scenario(data, source=name)
    except InputError as exc:
        raise InputError(f"Het scenarioblad is niet in orde: {exc}") from None


def load_session_settings(store: ResponseStore) -> SessionSettings:
    """The session settings saved in the database, else the defaults (standard scenario)."""
    saved = store.settings()
    defaults = SessionSettings()
    sheet = saved.get("sheet")
    arms = tuple(a for a in saved.get("arms", ARMS) if a in ARMS) or ARMS
    return SessionSettings(
        sheet_name=str(saved.get("sheet_name", defaults.sheet_name)),
        sheet=sheet.encode("utf-8") if isinstance(sheet, str) else defaults.sheet,
        toeslag_name=str(saved.get("toeslag_name", defaults.toeslag_name)),
        start_balance=float(saved.get("start_balance", defaults.start_balance)),
        arms=arms,
    )


def save_session_settings(store: ResponseStore, settings: SessionSettings) -> None:
    """Check the settings and save them for every participant who starts from now on.

    Raises:
        InputError: a sheet that does not parse, a toeslag line the sheet does not have, a start
            balance that is not a finite amount, or no arm.
    """
    scenario = settings.scenario()
    names = scenario.income_names()
    if settings.toeslag_name not in names:
        raise InputError(
            f"'{settings.toeslag_name}' is geen inkomstenregel van {settings.sheet_name}; "
            f"kies een van: {', '.join(names)}"
        )
    if not abs(settings.start_balance) < float("inf"):
        raise InputError(f"het startsaldo moet een bedrag zijn, niet {settings.start_balance}")
    unknown = [a for a in settings.arms if a not in ARMS]
    if unknown or not settings.arms:
        raise InputError(f"kies minstens een groep uit {', '.join(ARMS)}")
    try:
        text = settings.sheet.decode("utf-8")
    except UnicodeDecodeError:
        text = settings.sheet.decode("latin-1")  # parse_scenario accepted it: keep it readable
    store.save_settings(
        {
            "sheet_name": settings.sheet_name,
            "sheet": text,
            "toeslag_name": settings.toeslag_name,
            "start_balance": float(settings.start_balance),
            "arms": list(settings.arms),
        }
    )

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lab.cli import main
from lab.errors import InputError
from lab.humanlab import DEFAULT_SHEET, load_scenario, parse_amount, parse_scenario, run_scenario

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Maand,Inkomen,Bedrag,Vaste last,Bedrag,Uitgave,Toelichting,Bedrag\n"

# The shipped default sheet, computed by hand at 80% with a start balance of 100 euro.
FIXED_2025 = 850 + 130 + 150 + 45  # huur, energie, zorgverzekering, telefoon en internet
FIXED_2027 = 870 + 130 + 155 + 45
LOW = 1450 + 0.8 * 300 + 120  # salaris + 80% of the huurtoeslag + zorgtoeslag
HIGH = 1850 + 0.8 * 300 + 120  # from July: more hours
SHORTFALL = 0.2 * 12 * 300  # the 20% not received over the 12 terms comes back at the DT
HAND_NETS_80 = {
    "januari 2025": LOW - FIXED_2025 - 360,
    "februari 2025": LOW - FIXED_2025 - (340 + 40),
    "maart 2025": LOW - FIXED_2025 - 355,
    "april 2025": LOW - FIXED_2025 - (350 + 95),
    "mei 2025": LOW + 130 - FIXED_2025 - 360,  # vakantiegeld
    "juni 2025": LOW - FIXED_2025 - 345,
    "juli 2025": HIGH - FIXED_2025 - (370 + 0),
    "augustus 2025": HIGH - FIXED_2025 - 365,
    "september 2025": HIGH - FIXED_2025 - (350 + 90),
    "oktober 2025": HIGH - FIXED_2025 - 355,
    "november 2025": HIGH - FIXED_2025 - (360 + 240),
    "december 2025": HIGH - FIXED_2025 - (380 + 120),
    "januari t/m december 2026": 0,  # time jump
    "januari 2027": 1900 - FIXED_2027 - (370 + (1000 - SHORTFALL)),  # recovery 1000 at 100%
}


def test_default_sheet_matches_the_hand_computation_at_80_percent():
    result = run_scenario(load_scenario(DEFAULT_SHEET), percentage=0.8, start_balance=100)
    table = result.table()
    assert list(table) == list(HAND_NETS_80)
    balance = 100.0
    for name, net in HAND_NETS_80.items():
        balance += net
        assert table[name]["net"] == pytest.approx(net), name
        assert table[name]["balance"] == pytest.approx(balance), name
        row = table[name]
        assert row["net"] == pytest.approx(row["income"] - row["fixed"] - row["variable"])
    assert result.settlement == pytest.approx(1000 - 720)
    assert result.settlement_month == "januari 2027"
    assert result.months[12].time_jump and not result.months[11].time_jump


def test_lower_percentage_moves_money_to_the_settlement_but_keeps_the_final_balance():
    scenario = load_scenario(DEFAULT_SHEET)
    full = run_scenario(scenario, percentage=1.0)
    low = run_scenario(scenario, percentage=0.7)
    assert full.settlement == 1000
    assert low.settlement == pytest.approx(1000 - 0.3 * 3600)  # -80: a nabetaling
    assert low.months[0].balance < full.months[0].balance
    assert low.months[-1].balance == pytest.approx(full.months[-1].balance)
    last = low.months[-1]
    nabetaling = [line.amount for line in last.lines if line.name == "Nabetaling"]
    assert nabetaling == [pytest.approx(80)]


def test_nabetaling_goes_to_the_last_month_when_the_sheet_has_no_recovery():
    sheet = HEADER + "jan,Salaris,1000,Huur,500,,,\n,Zorgtoeslag,100,,,,,\nfeb,Salaris,1000,,,,,\n"
    result = run_scenario(parse_scenario(sheet), percentage=0.5, toeslag_name="zorgtoeslag")
    assert result.table() == {
        "jan": {"income": 1050.0, "fixed": 500.0, "variable": 0.0, "net": 550.0, "balance": 550.0},
        "feb": {"income": 1050.0, "fixed": 0.0, "variable": 0.0, "net": 1050.0, "balance": 1600.0},
    }
    assert result.settlement == -50


def test_semicolons_dutch_amounts_and_extra_columns():
    sheet = (
        "Maand;B;C;D;E;F;G;H;opmerking\n"
        'jan;Salaris;"1.650,50";Huur;€ 850;Boodschappen;"Eten, drinken";300;x\n'
    )
    month = parse_scenario(sheet.encode()).months[0]
    assert [line.amount for line in month.lines] == [1650.5, 850.0, 300.0]
    assert month.lines[2].description == "Eten, drinken"


@pytest.mark.parametrize(
    ("text", "value"), [("1650", 1650), ("-20", -20), ("1,650.25", 1650.25), ("12,5", 12.5)]
)
def test_parse_amount(text, value):
    assert parse_amount(text, "x") == value


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"Maand,Inkomen,Bedrag,Vaste last,Bedrag,Uitgave\njan,,,,,,\n", "column G"),
        (HEADER.encode() + b"jan,Salaris,veel,,,,,\n", "row 2, column C"),
        (HEADER.encode() + b"jan,Salaris,10,,,,,\n,,,Huur,,,,\n", "row 3, column E"),
        (HEADER.encode() + b"jan,,,,,,,20\n", "row 2, column F"),
        (HEADER.encode() + b"jan,,,,,,,\njan,,,,,,,\n", "row 3, column A"),
        (HEADER.encode() + b",Salaris,10,,,,,\n", "before the first month"),
        (HEADER.encode(), "no months"),
        (HEADER.encode() + "jan,Løn,10,,,,,\n".encode("latin-1"), "row 2 is not UTF-8"),
        ("x".encode("utf-16"), "UTF-16"),
    ],
)
def test_bad_sheets_name_the_row_and_column(data, fragment):
    with pytest.raises(InputError, match=fragment):
        parse_scenario(data)


def test_cli_prints_the_monthly_nets_as_json(capsys):
    argv = ["scenario", str(DEFAULT_SHEET), "--percentage", "80", "--start-balance", "100"]
    assert main([*argv, "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert {name: row["net"] for name, row in table.items()} == pytest.approx(HAND_NETS_80)
    assert set(table["januari 2025"]) == {"income", "fixed", "variable", "net", "balance"}
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "januari 2027" in out and "time jump" in out and "terugvordering 280.00" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--toeslag-name", "Kinderbijslag"], "no income line (column B) is named 'Kinderbijslag'"),
        (["--percentage", "120"], "--percentage 120 is not a percentage between 0 and 100"),
        (["--percentage", "-80"], "--percentage -80 is not a percentage between 0 and 100"),
        (["--start-balance", "nan"], "start balance"),
    ],
)
def test_cli_bad_arguments_are_one_line(capsys, argv, fragment):
    assert main(["scenario", str(DEFAULT_SHEET), *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


def test_cli_reads_80_and_0_8_as_the_same_percentage(capsys):
    outputs = []
    for typed in ("80", "0.8", "80%"):
        assert main(["scenario", str(DEFAULT_SHEET), "--percentage", typed, "--json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert {name: row["net"] for name, row in outputs[1].items()} == pytest.approx(HAND_NETS_80)


def test_cli_bad_sheet_gives_one_line_without_traceback(tmp_path):
    sheet = tmp_path / "kapot.csv"
    sheet.write_text(HEADER + "jan,Salaris,duizend,,,,,\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "lab", "scenario", str(sheet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert "kapot.csv: row 2, column C" in proc.stderr

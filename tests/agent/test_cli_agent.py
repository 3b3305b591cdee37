"""``tilepilot run`` and ``tilepilot replay`` against the example site, in real Chromium, with no model.

The site logs what each browser achieved (``examples/site/server.py``), so every test checks the
outcome on the site, not only the exit status.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.cli import main
from examples.site.server import events, serve

LOGIN = "Enter 'kiera' as the username and {{password}} as the password, then click the Sign in button"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    url, stop = serve()
    try:
        yield url
    finally:
        stop()


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TP_TEST_PASSWORD", "x9f")
    return "x9f"


def since(url: str, before: int) -> list[dict[str, object]]:
    return events(url)[before:]


def test_run_signs_in_with_a_secret_and_writes_a_trace_and_replay_file(
    site: str, password: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = len(events(site))
    rc = main(["run", "--url", f"{site}/login", "--secret", "password=TP_TEST_PASSWORD", "--run-dir",
               str(tmp_path / "runs"), "--thread-id", "login", LOGIN])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 0, out
    assert [e["event"] for e in since(site, before)] == ["login"] and since(site, before)[0]["user"] == "kiera"
    run_dir = tmp_path / "runs" / "login"
    assert (run_dir / "replay.json").is_file() and (run_dir / "steps" / "000.png").is_file()
    assert "done: 3 steps" in out and str(run_dir / "replay.json") in out
    for path in run_dir.rglob("*.json*"):
        assert password not in path.read_text(encoding="utf-8"), f"the secret is in {path}"
    assert password not in out

    # the same steps again from the replay file, with no model: the site sees a second sign-in
    before = len(events(site))
    rc = main(["replay", str(run_dir / "replay.json"), "--secret", "password=TP_TEST_PASSWORD",
               "--run-dir", str(tmp_path / "again")])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 0, out
    assert [e["event"] for e in since(site, before)] == ["login"]
    assert "done: 3 steps" in out and password not in out


@pytest.mark.parametrize(("approve", "rc", "deleted"), [("auto", 0, True), ("reject", 1, False)])
def test_run_approves_or_rejects_a_delete(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], approve: str, rc: int, deleted: bool
) -> None:
    steps = tmp_path / "steps.txt"
    steps.write_text("Click Delete next to Dan Okafor\nPress Delete in the dialog\n", encoding="utf-8")
    before = len(events(site))
    got = main(["run", "--url", f"{site}/team", "--steps", str(steps), "--approve", approve,
                "--run-dir", str(tmp_path / "runs")])  # fmt: skip
    out = capsys.readouterr().out
    assert got == rc, out
    assert ("approved: click" if deleted else "rejected: click") in out
    logged = since(site, before)
    assert any(e == {"event": "delete", "row": "Dan Okafor", "lang": "en"} for e in logged) is deleted


def test_run_with_approve_ask_and_no_terminal_rejects(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    before = len(events(site))
    got = main(["run", "--url", f"{site}/team", "--run-dir", str(tmp_path), "Click Delete next to Eve Kim"])
    assert got == 1 and "no terminal to ask" in capsys.readouterr().out
    assert not [e for e in since(site, before) if e["event"] == "delete"]


def test_run_fails_with_exit_1_on_a_step_it_cannot_read(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(
        ["run", "--url", f"{site}/login", "--run-dir", str(tmp_path), "Click Sign in, then frobnicate the widget"]
    )
    assert rc == 1 and "frobnicate the widget" in capsys.readouterr().out


def test_run_outside_the_allowed_domains_is_blocked(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = len(events(site))
    rc = main(["run", "--url", f"{site}/search", "--allowed-domain", "example.com", "--run-dir", str(tmp_path),
               "Type 'shoes' in the search box and press Enter"])  # fmt: skip
    assert rc == 1, capsys.readouterr()
    assert since(site, before) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "exactly one of them"),
        (["Click Save", "--steps", "steps.txt"], "exactly one of them"),
        (["--steps", "missing.txt"], "cannot be read"),
        (["--secret", "password", "Click Save"], "NAME=ENV_VAR"),
        (["--secret", "password=TP_TEST_UNSET_VARIABLE", "Click Save"], "TP_TEST_UNSET_VARIABLE is not set"),
        (["--approve", "maybe", "Click Save"], "invalid choice"),
    ],
)
def test_run_usage_errors_exit_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TP_TEST_UNSET_VARIABLE", raising=False)
    (tmp_path / "steps.txt").write_text("Click Save\n", encoding="utf-8")
    if "invalid choice" in message:  # argparse's own check
        with pytest.raises(SystemExit) as exc:
            main(["run", *args])
        assert exc.value.code == 2
    else:
        assert main(["run", *args]) == 2
    assert message in capsys.readouterr().err


def test_replay_of_a_bad_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "replay.json"
    bad.write_text(json.dumps({"version": 99, "steps": []}), encoding="utf-8")
    assert main(["replay", str(bad), "--run-dir", str(tmp_path / "runs")]) == 1
    assert "replay.json" in capsys.readouterr().err
    assert main(["replay", str(tmp_path / "nothing.json")]) == 1

"""`mailbot demo` on the embedded default, then what an administrator reads about it."""
from __future__ import annotations

import subprocess
import sys


def mailbot(*args, cwd):
    return subprocess.run([sys.executable, "-m", "mailbot.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_the_demo_leaves_mail_pdfs_and_cases_an_administrator_can_read(tmp_path):
    demo = mailbot("demo", "--out", "out", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "bot sent" in demo.stdout and "reminder" in demo.stdout
    out = tmp_path / "out"
    assert len(list((out / "sent").glob("*.eml"))) >= 15
    assert any(p.name.endswith("CMSL5501.pdf") for p in (out / "pdfs").iterdir())

    config = str(out / "mailbot.yaml")
    cases = mailbot("cases", "--all", "--config", config, cwd=tmp_path).stdout
    assert "f2f_routing" in cases and "county_court" in cases and "closed" in cases
    history = mailbot("case", "SSST-000001", "--config", config, cwd=tmp_path).stdout
    for section in ("history:", "messages out:", "messages in:", "reminders:"):
        assert section in history
    assert "read_receipt" in history
    quarantine = mailbot("quarantine", "--config", config, cwd=tmp_path).stdout
    assert "sender not on the allow-list" in quarantine

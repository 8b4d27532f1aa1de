"""``iphub simulate-office``: options are checked before anything is served."""

from __future__ import annotations

from click.testing import CliRunner

from simulator.cli import simulate_office


def test_help_lists_the_options():
    result = CliRunner().invoke(simulate_office, ["--help"])
    assert result.exit_code == 0
    for option in ("--port", "--records", "--seed", "--ip-types", "--faults", "--host"):
        assert option in result.output


def test_bad_arguments_are_refused():
    runner = CliRunner()
    assert runner.invoke(simulate_office, ["XX"]).exit_code == 2
    assert runner.invoke(simulate_office, ["KH", "--faults", "0.5"]).exit_code == 2
    result = runner.invoke(simulate_office, ["KH", "--ip-types", "copyrights"])
    assert result.exit_code == 2 and "copyrights" in result.output


def test_serves_until_interrupted(monkeypatch):
    served = {}
    monkeypatch.setattr(
        "simulator.cli.run_simple",
        lambda host, port, app, **kw: served.update(host=host, port=port, app=app, **kw),
    )
    result = CliRunner().invoke(simulate_office, ["th", "--port", "9999", "--records", "10"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 9999 and served["threaded"] is True
    assert served["app"].code == "TH" and "http://127.0.0.1:9999/oai" in result.output

"""The `mailbot` command."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mailbot.config import ConfigError, check_credentials, example_config, load_config

DEFAULT_CONFIG = "config/mailbot.yaml"


def config_path(arg: str | None) -> Path:
    """--config, else $MAILBOT_CONFIG, else config/mailbot.yaml, else the shipped example."""
    if arg:
        return Path(arg)
    if os.environ.get("MAILBOT_CONFIG"):
        return Path(os.environ["MAILBOT_CONFIG"])
    if Path(DEFAULT_CONFIG).exists():
        return Path(DEFAULT_CONFIG)
    return example_config()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mailbot", description=(
        "Works the SSST and VSAT shared mailboxes: reads every message, moves each case "
        "along its procedure, sends the emails it calls for and reminds people."))
    p.add_argument("--version", action="version", version="mailbot 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_config(sp):
        sp.add_argument("--config", metavar="FILE", help=(
            "routing config (default: $MAILBOT_CONFIG, else config/mailbot.yaml, "
            "else the shipped example: local Maildir mailboxes and SQLite under var/)"))
        return sp

    run = with_config(sub.add_parser("run", help="the daemon: all mailboxes, dispatcher, scheduler"))
    run.add_argument("--once", action="store_true",
                     help="one pass (fetch, process, reminders, send), then exit")
    run.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")

    demo = sub.add_parser("demo", help="run a sample journey on local Maildir mailboxes with a "
                                       "simulated clock and print its timeline")
    demo.add_argument("--out", metavar="DIR", default="demo-output",
                      help="where to leave the mailboxes, sent .eml files and PDFs (default: demo-output)")

    parse = sub.add_parser("parse", help="how the bot reads one message (PARSE.md contract)")
    parse.add_argument("file", metavar="FILE.eml")
    parse.add_argument("--json", action="store_true", help="print the JSON record (the default)")
    parse.add_argument("--config", metavar="FILE", help="add known people, senders and vocabulary")

    check = with_config(sub.add_parser("check-config", help="validate the routing config"))
    check.add_argument("--connect", action="store_true",
                       help="also log in to every mailbox once, in and out, and say what each result means")

    cases = with_config(sub.add_parser("cases", help="list cases with state and age"))
    cases.add_argument("--all", action="store_true", help="include closed cases")

    case = with_config(sub.add_parser("case", help="one case's history"))
    case.add_argument("ref", metavar="REF", help="case reference (SSST-000123) or SR number")

    quarantine = with_config(sub.add_parser("quarantine", help=(
        "list quarantined messages and why; --export writes one as an .eml file")))
    quarantine.add_argument("--export", metavar="ID", type=int,
                            help="write inbound message ID (as listed, or as a notice names it) "
                                 "as an .eml file, its bytes as they arrived")
    quarantine.add_argument("--out", metavar="FILE", type=Path,
                            help="where --export writes (default: message-ID.eml)")

    outbox = with_config(sub.add_parser("outbox", help=(
        "list what is queued, deferred or failed, and why; `retry` sends failed ones again")))
    outbox_sub = outbox.add_subparsers(dest="outbox_command", metavar="retry")
    retry = outbox_sub.add_parser("retry", help="send failed messages again")
    # Its own dest: a subcommand's default would overwrite `outbox --config FILE retry`.
    retry.add_argument("--config", dest="retry_config", metavar="FILE", help="as for outbox")
    retry.add_argument("id", metavar="ID", type=int, nargs="?", help="outbox message ID (as listed)")
    retry.add_argument("--all-failed", action="store_true", help="every failed message")

    with_config(sub.add_parser("leases", help=(
        "which running instance works each mailbox and the worker (several on one store)")))

    report = with_config(sub.add_parser("report", help="the MI report: a PDF with charts and a CSV"))
    report.add_argument("--out", metavar="DIR", default="var/reports", help="output folder")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["parse"]:
        from mailbot.commands.parse import main as parse_main
        return parse_main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            from mailbot.commands.demo import run_demo
            return run_demo(Path(args.out))
        path = config_path(getattr(args, "retry_config", None) or args.config)
        config = load_config(path)
        if args.command == "check-config":
            missing = check_credentials(config, path)
            for line in missing:
                print(f"{path}: {line}", file=sys.stderr)
            if missing:
                return 1
            print(f"{path}: OK ({len(config.mailboxes)} mailboxes, {len(config.people)} people, "
                  f"{len(config.regions)} regions)")
            if args.connect:
                from mailbot.commands.connect import check_connections
                return check_connections(config)
            return 0
        if args.command == "run":
            from mailbot.daemon import run_daemon
            return run_daemon(path, config, once=args.once, verbose=args.verbose)
        from mailbot.commands import admin
        if args.command == "cases":
            return admin.list_cases(config, include_closed=args.all)
        if args.command == "case":
            return admin.show_case(config, args.ref)
        if args.command == "quarantine":
            if args.export is not None:
                return admin.export_message(config, args.export, args.out)
            if args.out is not None:
                print("--out goes with --export ID", file=sys.stderr)
                return 2
            return admin.list_quarantine(config)
        if args.command == "leases":
            return admin.list_leases(config)
        if args.command == "outbox":
            from mailbot.commands import outbox
            if args.outbox_command == "retry":
                return outbox.retry(config, args.id, all_failed=args.all_failed)
            return outbox.list_outbox(config)
        if args.command == "report":
            from mailbot.commands.report import write_report
            return write_report(config, Path(args.out))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

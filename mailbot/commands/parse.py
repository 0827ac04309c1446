"""`mailbot parse FILE.eml [--json] [--config CONFIG]`: how mailbot reads one message."""
from __future__ import annotations

import argparse
import json
import sys

from mailbot.reading import NotAnEmail, read_message


def _vocabulary(path: str):
    try:
        from mailbot import config
    except ImportError:
        raise SystemExit("mailbot parse: --config needs mailbot.config, which is not installed")
    return config.load_config(path).vocabulary()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="mailbot parse",
                                     description="Show how mailbot reads one email (PARSE.md).")
    parser.add_argument("file", help="the raw message (.eml)")
    parser.add_argument("--json", action="store_true", help="print the PARSE.md JSON object")
    parser.add_argument("--config", help="routing config: adds known people and vocabulary")
    args = parser.parse_args(argv)

    vocabulary = None
    if args.config:
        try:
            vocabulary = _vocabulary(args.config)
        except SystemExit as exc:
            print(exc, file=sys.stderr)
            return 2
        except Exception as exc:
            print(f"mailbot parse: config {args.config}: {exc}", file=sys.stderr)
            return 2
    try:
        with open(args.file, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        print(f"mailbot parse: cannot open {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        reading = read_message(raw, vocabulary)
    except NotAnEmail as exc:
        print(f"mailbot parse: {args.file} is not an email: {exc}", file=sys.stderr)
        return 2
    contract = reading.contract()
    if args.json:
        print(json.dumps(contract, indent=2, ensure_ascii=False))
    else:
        print(f"kind:        {contract['kind']}")
        print(f"case_ref:    {contract['case_ref']}")
        for name, value in contract["fields"].items():
            print(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
        print(f"flags:       {', '.join(contract['flags']) or '-'}")
        print(f"needs_human: {contract['needs_human']}")
        for problem in contract["problems"]:
            print(f"problem:     {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

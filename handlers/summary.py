"""Catch-all: a message of a known kind that no procedure's workflow takes.

The case is opened (or updated) and the responsible officer gets a clear summary of what
was read, so nothing waits unseen.
"""
from mailbot.workflow import ANY_REPLY, Workflow

NOT_CASEWORK = {"unknown", "read_receipt", "bounce", "auto_reply"}

workflow = Workflow(
    "summary", team="*", initial="open",
    opens=lambda reading: reading.kind not in NOT_CASEWORK,
    description="Any known kind no procedure handles yet: summarise it to the officer.")


@workflow.step(ANY_REPLY)
def summarise(case, message, act):
    """Record what was read and tell the officer."""
    case.update(message.fields, only_missing=False)
    act.note(f"{message.kind} read: " + ", ".join(k for k, v in message.fields.items() if v is not None))
    act.send("summary", "officer", reply=False, follow_up="officer",
             kind=message.kind, fields=message.fields, flags=message.flags,
             problems=message.problems, needs_human=message.needs_human)
    return "open"

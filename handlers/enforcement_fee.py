"""SSST: Making payment for enforcement actions (procedure 002).

The ECM's email (client, SCIN, court, fee) opens a task. Two working days later the SSST
officer is asked to contact the court and pay; their "paid" reply makes the bot confirm the
payment to the ECM. No reply: the officer is chased, then the team leader told.

States: waiting → awaiting_payment → closed.
"""
from handlers import court_common as court
from mailbot import workdays
from mailbot.workflow import WaitSpec, Workflow

OPEN = {"waiting", "awaiting_payment"}

workflow = Workflow(
    "enforcement_fee", team="ssst", initial="waiting",
    opens=lambda r: r.kind == "enforcement_fee_request",
    description="SSST: making payment for enforcement actions (procedure 002)",
    waits=[WaitSpec("fee_paid", ask="officer", expects=("payment_confirmation",),
                    question="has the court fee been paid, and on what date?"),
           *[w for w in court.WAITS if w.name == "ecm"]],
    states={state: ("fee_paid", "ecm") for state in OPEN})


def working_days_after(case, act, days: int):
    """Working days in the case's nation (Scottish and Northern Irish bank holidays count)."""
    return workdays.add_working_days(act.now, days, case.nation or act.config.default_nation)


@workflow.step("enforcement_fee_request", states={"waiting"})
def open_fee_task(case, message, act):
    """Enforcement fee: the ECM's email (client, SCIN, court, fee) opens a task for two days' time."""
    case.update(message.fields)
    court.find_ecm(case, message, act)
    court.read_place(case, message, act.config)
    days = act.config.reminders.fee_payment_working_days
    due = working_days_after(case, act, days)
    case.pay_court_at = due
    act.remind("pay_court", due)
    act.wait_for("fee_paid")
    act.note(f"fee of £{case.fee} to {case.court} for SR {case.sr_number}: payment due "
             f"{court.when(due)}", kind="sr_update")
    return "waiting"


@workflow.timer("pay_court")
def prompt_officer_to_pay_court(case, reminder, act):
    """Enforcement fee: after two days, contact the court to make payment."""
    case.chases = 0
    act.send("fee_pay_court", "officer", wait="fee_paid")
    chase = act.config.reminders.chase_for("officer")
    act.remind("fee_chase", working_days_after(case, act, chase.after_working_days))
    return "awaiting_payment"


@workflow.timer("fee_chase")
def chase_officer_for_payment(case, reminder, act):
    """Enforcement fee: no reply from the officer: chase them, then tell the team leader."""
    timings = act.config.reminders.chase_for("officer")
    if (case.chases or 0) < timings.escalate_after_chases:
        case.chases = (case.chases or 0) + 1
        act.send("fee_chase", "officer", chases=case.chases, wait="fee_paid")
        act.remind("fee_chase", working_days_after(case, act, timings.after_working_days))
    else:
        act.send("fee_escalation", "team_leader", cc="officer", chases=case.chases)
        act.note("fee still not confirmed paid: team leader told", kind="escalated")


@workflow.step("payment_confirmation", states=OPEN)
def confirm_payment_to_ecm(case, message, act):
    """Enforcement fee: the officer paid the court; email the ECM to confirm the payment."""
    text = (message.new_text or "").strip()
    if not court.from_ssst(case, message, act.config):
        act.ask("officer", f"{message.sender} says the court fee for SR {case.sr_number} is paid: "
                           f"\"{text[:300]}\". Only SSST pays the court; reply with the date you "
                           f"paid it once it is paid.", wait="fee_paid")
        return None
    case.paid_on = court.as_date(message.fields.get("paid_on"))
    act.note(f"SR notes: court fee £{case.fee} paid on {court.when(case.paid_on)} "
             f"by {message.sender}", kind="sr_update")
    # Close first: closing cancels pending reminders, and the follow-up call must outlive it.
    act.close("completed")
    act.send("fee_paid", "ecm", follow_up="officer", paid_by=message.sender, said=text)
    return "closed"


court.add_shared_steps(workflow, OPEN, second_pv_check=False)   # the ECM named

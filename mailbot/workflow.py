"""How a handler module declares its procedure: a Workflow, its steps and its timers.

A step is a small function `(case, message, act) -> next state | None`. It reads the case
and the message, records what to do on `act`, and returns the state the case moves to.
It never touches a socket, a file or the database: the engine does that, in one
transaction, from what the step recorded.

    workflow = Workflow("county_court", team="ssst", initial="new",
                        opens=lambda r: r.kind == "court_action_request"
                                        and r.fields.get("action") == "county_court")

    @workflow.step("court_action_request", states={"new"})
    def allocate(case, message, act):
        '''County Court steps 1-4: SR In Progress, prompt the officer.'''
        ...
        return "awaiting_cpo"

    @workflow.timer("second_pv_check")
    def prompt_second_pv_check(case, reminder, act): ...
"""
from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterable

CLOSED = "closed"
ANY_REPLY = "*"   # a step for any message tied to the case (officers' plain-language replies)


class WorkflowError(Exception):
    """A workflow declares something inconsistent (an unknown state or wait): found at start."""


@dataclass(frozen=True)
class WaitSpec:
    """A question a case can wait on: who is asked, and which answer kinds fit it.

    `expects` are reader kinds (PARSE.md's, plus the answer kinds only a question gives
    meaning to: `pv_check_result`, `second_pv_check_result`, `addresses_named`). A reply
    matched to the wait is read as one of them; the first kind is the one the question
    asks for."""
    name: str
    ask: str                       # the role asked (officer, consultant, cpo, vsat_mailbox ...)
    expects: tuple[str, ...]
    question: str                  # what was asked, in a few words, for people told about it


@dataclass
class Step:
    fn: Callable
    kinds: frozenset[str]
    states: frozenset[str] | None

    def matches(self, kind: str, state: str) -> bool:
        kind_ok = kind in self.kinds or ANY_REPLY in self.kinds
        return kind_ok and (self.states is None or state in self.states)


@dataclass
class Workflow:
    name: str
    team: str
    initial: str
    opens: Callable[[Any], bool]
    description: str = ""
    steps: list[Step] = field(default_factory=list)
    timers: dict[str, Callable] = field(default_factory=dict)
    # state → the waits that may be open in it; every state a step may reach is named here
    states: dict[str, tuple[str, ...]] = field(default_factory=dict)
    waits: dict[str, WaitSpec] = field(default_factory=dict)
    # An answer kind a new message (no case, no reply to the bot) is read as before `opens`
    # sees it: a processor's concern in the SPOC mailbox is words, not a form.
    opens_as: str | None = None
    # The case fields a message may name its case by, beside the token, thread, SR and SCIN:
    # (message) -> {field: value} ("AW0517730" in a Visiting Officer's own email).
    refers_to: Callable[[Any], dict[str, Any]] | None = None
    # A rule of every mailbox with a case of its own (an FOI request, a suicide threat): it
    # opens its case from any message `opens` accepts, wherever else the message goes.
    side: bool = False

    def __post_init__(self):
        self.waits = {w.name: w for w in self.waits} if isinstance(self.waits, (list, tuple)) \
            else dict(self.waits)
        if self.states:
            self.states = {name: tuple(waits) for name, waits in self.states.items()}
            self.states.setdefault(CLOSED, ())
            for state, waits in self.states.items():
                unknown = [w for w in waits if w not in self.waits]
                if unknown:
                    raise WorkflowError(f"workflow {self.name}: state {state!r} names waits "
                                        f"{unknown} that are not declared (declare them in waits=)")
            if self.initial not in self.states:
                raise WorkflowError(f"workflow {self.name}: initial state {self.initial!r} is "
                                    f"not among its states {sorted(self.states)}")

    def check(self) -> None:
        """Every answer a state waits for has a step in that state (checked at start: a
        reply must never find a case with nothing to do with it)."""
        for state, waits in self.states.items():
            for name in waits:
                for kind in self.waits[name].expects:
                    if self.step_for(kind, state) is None:
                        raise WorkflowError(f"workflow {self.name}: state {state!r} waits on {name!r} "
                                            f"for a {kind!r} but has no step for it")

    def wait(self, name: str) -> WaitSpec:
        try:
            return self.waits[name]
        except KeyError:
            raise WorkflowError(f"workflow {self.name}: no wait {name!r}; declared: "
                                f"{sorted(self.waits)}") from None

    def waits_in(self, state: str) -> tuple[str, ...]:
        return self.states.get(state, ())

    def check_state(self, state: str) -> None:
        """An unknown state is an error, never a stranded case."""
        if self.states and state not in self.states:
            raise WorkflowError(f"workflow {self.name}: no state {state!r}; declared: "
                                f"{sorted(self.states)}")

    def step(self, *kinds: str, states: Iterable[str] | None = None):
        """Declare the function below as the step for these message kinds in these states."""
        def register(fn):
            if states is not None:
                for state in states:
                    self.check_state(state)
            for state in _returned_states(fn):
                self.check_state(state)
            self.steps.append(Step(fn, frozenset(kinds), None if states is None else frozenset(states)))
            return fn
        return register

    def timer(self, key: str):
        """Declare the function below as what happens when reminder `key` falls due."""
        def register(fn):
            for state in _returned_states(fn):
                self.check_state(state)
            self.timers[key] = fn
            return fn
        return register

    def step_kinds(self, state: str) -> tuple[str, ...]:
        """The message kinds that have a step of their own in `state`."""
        return tuple(sorted({k for s in self.steps if s.states is None or state in s.states
                             for k in s.kinds if k != ANY_REPLY}))

    def step_for(self, kind: str, state: str) -> Step | None:
        # An exact kind beats the catch-all, whatever order they were declared in.
        exact = [s for s in self.steps if kind in s.kinds and s.matches(kind, state)]
        if exact:
            return exact[0]
        return next((s for s in self.steps if s.matches(kind, state)), None)


def _returned_states(fn: Callable) -> list[str]:
    """The string literals a step function returns (checked against the declared states)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return []
    return [node.value.value for node in ast.walk(tree)
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)]


class CaseView:
    """What a step sees of a case: its reference, state and fields (case.hearing_at ...).

    Fields live in the case's JSON data; dates and datetimes round-trip as such.
    """

    _own = ("_ref", "_team", "_workflow", "_state", "_data", "_changed", "_opened_at", "_history")

    def __init__(self, ref: str, team: str, workflow: str, state: str, data: dict,
                 opened_at: datetime | None = None, history=None):
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_team", team)
        object.__setattr__(self, "_workflow", workflow)
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_changed", False)
        object.__setattr__(self, "_opened_at", opened_at)
        object.__setattr__(self, "_history", history if history is not None else [])

    ref = property(lambda self: self._ref)
    team = property(lambda self: self._team)
    workflow = property(lambda self: self._workflow)
    state = property(lambda self: self._state)
    opened_at = property(lambda self: self._opened_at)

    @property
    def history(self) -> list:
        """(at, kind, text) of every event so far; read only when a step asks."""
        if callable(self._history):
            object.__setattr__(self, "_history", self._history())
        return self._history

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return decode(self._data.get(name))

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._own or name in ("ref", "team", "workflow", "state"):
            raise AttributeError(f"case.{name} is not a field a step may set")
        self._data[name] = encode(value)
        object.__setattr__(self, "_changed", True)

    def get(self, name: str, default: Any = None) -> Any:
        value = self._data.get(name)
        return default if value is None else decode(value)

    def update(self, values: dict[str, Any], only_missing: bool = False) -> None:
        """Copy fields in; None never overwrites a value already known."""
        for key, value in values.items():
            if value is None or (only_missing and self._data.get(key) is not None):
                continue
            setattr(self, key, value)

    def fields(self) -> dict[str, Any]:
        return {k: decode(v) for k, v in self._data.items()}

    @property
    def data(self) -> dict:
        return self._data


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value

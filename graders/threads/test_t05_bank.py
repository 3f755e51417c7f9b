"""threads/t05_bank - the insecure bank made safe.

Teaches: a check-then-act and a read-modify-write are races; a lock makes
them atomic; a method holding a lock that calls another taking it needs a
re-entrant lock.

The grader proves, on behaviour alone (it never looks at which lock is used):
- deposit, withdraw, transfer, balance and total behave as specified, and
  bad input raises before anything changes;
- under forced interleavings, concurrent transfers conserve money, never
  overdraw, and a concurrent auditor calling total() always sees the
  conserved sum;
- a self-deadlock (a plain Lock taken twice by transfer) is reported as
  such within a fraction of a second;
- for generated banks (account names out of order, different balances) and
  sequences of operations, every return value and balance matches a
  plain sequential model of the bank.

Contract:
- "The seed's `banco_inseguro.py` → `banco_seguro.py`."
  -> not checked: background, where the exercise comes from
- "The stub is the insecure bank." -> not checked: about the stub, not about a submission
- "`class Bank(balances: dict[str, int])` with `deposit(acct, amount) -> None`,
  `withdraw(acct, amount) -> bool` (False and no change when funds are short),"
  -> test_deposit_withdraw_and_balance, test_generated_banks
  [withdraw_refuses_exact_balance, sorted_names_lose_balances]
- "`transfer(src, dst, amount) -> bool` (implemented by calling `withdraw` and `deposit`; all
  or nothing)," -> test_transfer_is_all_or_nothing, test_transfer_goes_through_withdraw_and_deposit
  [plain_lock, transfer_edits_balances_directly]
- "`balance(acct) -> int`, `total() -> int`."
  -> test_deposit_withdraw_and_balance, test_generated_banks [sorted_names_lose_balances]
- "`transfer` calls `self.withdraw` and `self.deposit` (a subclass that overrides them sees the
  calls), as the seed's bank does." -> test_transfer_goes_through_withdraw_and_deposit
  [transfer_edits_balances_directly]
- "`amount <= 0` → `ValueError`; unknown account → `KeyError` (a bad amount is reported first);
  neither changes any balance." -> test_bad_input_raises_and_changes_nothing
  [checks_account_before_amount, withdraws_before_checking_dst, lock_kept_on_key_error]
- "`src == dst` is allowed and leaves the balance unchanged."
  -> test_transfer_is_all_or_nothing [self_transfer_refused]
- "Safe under concurrency: no balance ever negative,"
  -> test_concurrent_withdrawals_never_overdraw [check_outside_lock]
- "money conserved," -> test_concurrent_transfers_conserve_money [lock_per_call]
- "and a `total()` called concurrently with transfers always returns the conserved sum"
  -> test_auditor_always_sees_the_conserved_total [total_unlocked, half_locked]
- "(so `transfer` holds the lock across both halves and the lock must be re-entrant: `RLock`)."
  -> test_auditor_always_sees_the_conserved_total, test_concurrent_transfers_conserve_money
  [half_locked, plain_lock]
- "Grader: behaviour, never source patterns (no `isinstance(lock, RLock)`):"
  -> not checked: a rule for the grader itself (the variants with other locks pass)
- "invariants under forced interleavings with a concurrent auditor;"
  -> test_auditor_always_sees_the_conserved_total [half_locked]
- "deadlock caught with a clear message (a plain `Lock` self-deadlocks in `transfer` and must be
  reported as such, fast, not as a bare timeout)."
  -> test_transfer_is_all_or_nothing, test_concurrent_transfers_conserve_money [plain_lock]
"""

import random
import threading

import pytest

from graders.api import Verdict, explore, speaker, start_and_join, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

ACCOUNTS = ("ana", "bia", "caio", "duda")


def fresh(student, amount=1000):
    return student.Bank({acct: amount for acct in ACCOUNTS})


def expect_balance(harness, bank, acct, expected, calls):
    actual = harness.call(bank.balance, acct)
    if actual != expected:
        raise Verdict(
            say("t05.wrong_balance", calls=calls, acct=acct, actual=actual, expected=expected)
        )


def expect_return(actual, expected, call):
    if actual != expected:
        raise Verdict(say("t05.wrong_return", call=call, actual=actual, expected=expected))


@pytest.mark.points(2)
@pytest.mark.hint("t05.hint.sequential")
def test_deposit_withdraw_and_balance(student, harness):
    bank = fresh(student, 100)
    harness.call(bank.deposit, "ana", 50)
    expect_balance(harness, bank, "ana", 150, "deposit('ana', 50)")
    expect_return(harness.call(bank.withdraw, "ana", 150), True, "withdraw('ana', 150)")
    expect_balance(harness, bank, "ana", 0, "withdraw('ana', 150)")
    expect_return(harness.call(bank.withdraw, "bia", 101), False, "withdraw('bia', 101)")
    expect_balance(harness, bank, "bia", 100, "a refused withdraw('bia', 101)")
    expect_return(harness.call(bank.total), 300, "total()")


@pytest.mark.points(2)
@pytest.mark.hint("t05.hint.all_or_nothing", deadlock="t05.hint.reentrant")
def test_transfer_is_all_or_nothing(student, harness):
    bank = fresh(student, 100)
    expect_return(harness.call(bank.transfer, "ana", "bia", 60), True, "transfer('ana', 'bia', 60)")
    expect_balance(harness, bank, "ana", 40, "transfer('ana', 'bia', 60)")
    expect_balance(harness, bank, "bia", 160, "transfer('ana', 'bia', 60)")
    expect_return(
        harness.call(bank.transfer, "ana", "bia", 41),
        False,
        "transfer('ana', 'bia', 41) with 40 in 'ana'",
    )
    expect_balance(harness, bank, "ana", 40, "a refused transfer")
    expect_balance(harness, bank, "bia", 160, "a refused transfer")
    expect_return(
        harness.call(bank.transfer, "caio", "caio", 30), True, "transfer('caio', 'caio', 30)"
    )
    expect_balance(harness, bank, "caio", 100, "transfer('caio', 'caio', 30)")


BAD_CALLS = [
    ("deposit", ("ana", 0), ValueError),
    ("withdraw", ("ana", -5), ValueError),
    ("transfer", ("ana", "bia", 0), ValueError),
    ("transfer", ("nobody", "bia", -1), ValueError),  # a bad amount is reported first
    ("deposit", ("nobody", 5), KeyError),
    ("withdraw", ("nobody", 5), KeyError),
    ("balance", ("nobody",), KeyError),
    ("transfer", ("nobody", "bia", 5), KeyError),
    ("transfer", ("ana", "nobody", 5), KeyError),
]


@pytest.mark.points(2)
@pytest.mark.hint("t05.hint.bad_input")
def test_bad_input_raises_and_changes_nothing(student, harness):
    for method, args, error in BAD_CALLS:
        bank = fresh(student, 100)
        before = dict(zip(ACCOUNTS, [100] * len(ACCOUNTS), strict=True))
        call = f"{method}{args!r}"
        try:
            harness.call(getattr(bank, method), *args, name=call)
        except error:
            pass
        except (ValueError, KeyError) as other:
            raise Verdict(
                say("t05.should_raise", call=call, error=error.__name__)
                + say("t05.raised_instead", error=type(other).__name__)
            ) from None
        else:
            raise Verdict(say("t05.should_raise", call=call, error=error.__name__))
        after = {acct: harness.call(bank.balance, acct) for acct in ACCOUNTS}
        if after != before:
            raise Verdict(
                say(
                    "t05.changed_on_error",
                    call=call,
                    error=error.__name__,
                    before=before,
                    after=after,
                )
            )


@pytest.mark.points(1)
@pytest.mark.hint("t05.hint.via_methods")
def test_transfer_goes_through_withdraw_and_deposit(student, harness):
    calls = {"withdraw": 0, "deposit": 0}

    class Watched(student.Bank):
        def withdraw(self, acct, amount):
            calls["withdraw"] += 1
            return super().withdraw(acct, amount)

        def deposit(self, acct, amount):
            calls["deposit"] += 1
            return super().deposit(acct, amount)

    bank = Watched({"ana": 100, "bia": 0})
    harness.call(bank.transfer, "ana", "bia", 10)
    if calls != {"withdraw": 1, "deposit": 1}:
        raise Verdict(
            say("t05.not_via_methods", withdraws=calls["withdraw"], deposits=calls["deposit"])
        )


def _transfers(student, harness, bank, plans, opening):
    """Each plan's transfers in a thread of its own: no balance negative, no money made or lost."""

    def teller(plan):
        for src, dst, amount in plan:
            bank.transfer(src, dst, amount)

    def scenario():  # one call per schedule: the balances are read once the tellers are done
        start_and_join([lambda plan=plan: teller(plan) for plan in plans], "teller")
        return {acct: bank.balance(acct) for acct in ACCOUNTS}

    balances = harness.call(
        scenario, name=say("t05.call_threads", threads=len(plans), method="transfer")
    )
    for acct, balance in balances.items():
        if balance < 0:
            raise Verdict(say("t05.negative", acct=acct, balance=balance), verdicts.RACE)
    actual, expected = sum(balances.values()), opening * len(ACCOUNTS)
    if actual != expected:
        verb = say("t05.verb_created" if actual > expected else "t05.verb_lost")
        raise Verdict(
            say(
                "t05.money_changed",
                verb=verb,
                transfers=sum(map(len, plans)),
                actual=actual,
                expected=expected,
                difference=actual - expected,
            ),
            verdicts.RACE,
        )


@pytest.mark.points(3)
@pytest.mark.hint("t05.hint.one_lock", deadlock="t05.hint.reentrant")
def test_concurrent_transfers_conserve_money(student, harness):
    def run_once(run):
        rng = random.Random(harness.seed + run)
        plans = [
            [(rng.choice(ACCOUNTS), rng.choice(ACCOUNTS), rng.randint(1, 400)) for _ in range(30)]
            for _ in range(4)
        ]
        _transfers(student, harness, fresh(student), plans, 1000)

    # First every schedule of two transfers into the same account, then random big runs.
    harness.stress(
        run_once,
        small=lambda _run: _transfers(
            student,
            harness,
            fresh(student, 100),
            [[("ana", "caio", 10)], [("bia", "caio", 20)]],
            100,
        ),
    )


def _withdrawals(student, harness, clients, times, amount, initial):
    """`clients` threads withdrawing `amount` `times` each: never more than there was."""
    bank = student.Bank({"ana": initial, "bia": 0})
    withdrawn = [0] * clients

    def client(k):
        for _ in range(times):
            if bank.withdraw("ana", amount):
                withdrawn[k] += amount

    def scenario():
        start_and_join([lambda k=k: client(k) for k in range(clients)], "client")
        return bank.balance("ana")

    left = harness.call(scenario, name=say("t05.call_threads", threads=clients, method="withdraw"))
    if left < 0:
        raise Verdict(say("t05.negative", acct="ana", balance=left), verdicts.RACE)
    if sum(withdrawn) > initial or left != initial - sum(withdrawn):
        raise Verdict(
            say("t05.overdrawn", threads=clients, withdrawn=sum(withdrawn), initial=initial)
            + say("t05.left", left=left),
            verdicts.RACE,
        )


@pytest.mark.points(2)
@pytest.mark.hint("t05.hint.check_then_act", deadlock="t05.hint.reentrant")
def test_concurrent_withdrawals_never_overdraw(student, harness):
    harness.stress(
        lambda _run: _withdrawals(student, harness, 5, 20, 10, 500),
        small=lambda _run: _withdrawals(student, harness, 2, 1, 60, 100),
    )


def _audited(student, harness, plans, audits):
    """Transfers in threads while an auditor calls total(): it always sees the conserved sum."""
    bank = fresh(student)
    expected = 1000 * len(ACCOUNTS)
    done = threading.Event()
    seen = []

    def auditor():
        while not done.is_set() and len(seen) < audits:
            seen.append(bank.total())

    def teller(plan):
        for src, dst, amount in plan:
            bank.transfer(src, dst, amount)

    def scenario():
        audit = threading.Thread(target=auditor, name="auditor")
        audit.start()
        try:
            start_and_join([lambda plan=plan: teller(plan) for plan in plans], "teller")
        finally:
            done.set()
            audit.join()

    harness.call(scenario, name=say("t05.call_auditor", threads=len(plans)))
    wrong = [value for value in seen if value != expected]
    if wrong:
        raise Verdict(
            say("t05.audit", seen=wrong[0], expected=expected, bad=len(wrong), audits=len(seen)),
            verdicts.RACE,
        )


@pytest.mark.points(3)
@pytest.mark.hint("t05.hint.auditor", deadlock="t05.hint.reentrant")
def test_auditor_always_sees_the_conserved_total(student, harness):
    def run_once(run):
        rng = random.Random(harness.seed - run)
        plans = [
            [(rng.choice(ACCOUNTS), rng.choice(ACCOUNTS), rng.randint(1, 400)) for _ in range(25)]
            for _ in range(3)
        ]
        _audited(student, harness, plans, audits=10**9)

    harness.stress(
        run_once,
        story="torn read",
        small=lambda _run: _audited(student, harness, [[("ana", "bia", 60)]], 2),
    )


def _model(balances, ops):
    """What a correct bank returns for each op, one after another, and its balances after."""
    model, returned = dict(balances), []
    for op, src, dst, amount in ops:
        if op == "deposit":
            model[src] += amount
            returned.append(None)
        elif op == "withdraw":
            ok = model[src] >= amount
            model[src] -= amount if ok else 0
            returned.append(ok)
        else:
            ok = model[src] >= amount
            if ok:
                model[src] -= amount
                model[dst] += amount
            returned.append(ok)
    return returned, model


@pytest.mark.points(1)
@pytest.mark.hint("t05.hint.model")
def test_generated_banks(student, harness):
    def check(names, amounts, ops):
        # Names out of order, each with a balance of its own (never two alike).
        names = sorted(names, reverse=True)
        balances = {name: amounts[k % len(amounts)] + 100 * k for k, name in enumerate(names)}
        ops = [
            (op, names[a % len(names)], names[b % len(names)], amount) for op, a, b, amount in ops
        ]

        def scenario():
            bank = student.Bank(dict(balances))
            opening = {name: bank.balance(name) for name in names}
            returned = []
            for op, src, dst, amount in ops:
                if op == "transfer":
                    returned.append(bank.transfer(src, dst, amount))
                else:
                    returned.append(getattr(bank, op)(src, amount))
            return opening, returned, {name: bank.balance(name) for name in names}, bank.total()

        opening, returned, closing, total = harness.call(
            scenario, name=say("t05.call_ops"), fuzz=False
        )
        if opening != balances:
            raise Verdict(say("t05.opening", given=balances, actual=opening))
        expected_returns, expected = _model(balances, ops)
        for (op, src, dst, amount), got, want in zip(ops, returned, expected_returns, strict=True):
            if got != want:
                call = (
                    f"{op}({src!r}, {dst!r}, {amount})"
                    if op == "transfer"
                    else f"{op}({src!r}, {amount})"
                )
                raise Verdict(say("t05.wrong_return", call=call, actual=got, expected=want))
        if closing != expected:
            raise Verdict(say("t05.closing", count=len(ops), actual=closing, expected=expected))
        expect_return(total, sum(expected.values()), "total()")

    st = strategies()
    op = st.tuples(
        st.sampled_from(["deposit", "withdraw", "transfer"]),
        st.integers(0, 4),
        st.integers(0, 4),
        st.integers(1, 150),
    )
    explore(
        harness,
        check,
        examples=10,
        names=st.lists(
            st.text("abz_", min_size=1, max_size=3), min_size=2, max_size=5, unique=True
        ),
        amounts=st.lists(st.integers(0, 60), min_size=1, max_size=5),
        ops=st.lists(op, max_size=8),
    )


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t05.wrong_balance": "after {calls} the balance of {acct!r} is {actual}, expected {expected}",
    "t05.wrong_return": "{call} returned {actual!r}, expected {expected!r}",
    "t05.should_raise": "{call} should raise {error}",
    "t05.changed_on_error": "{call} raised {error} but changed the balances: {before} became "
    "{after}; check everything before changing anything",
    "t05.not_via_methods": "transfer() must move the money by calling self.withdraw and "
    "self.deposit (a subclass saw withdraw {withdraws} time(s) and deposit {deposits})",
    "t05.money_changed": "money was {verb}: after {transfers} concurrent transfers the bank "
    "holds {actual}, but {expected} went in ({difference:+d}); a read-modify-write on a "
    "balance ran while another thread was in the middle of one",
    "t05.negative": "balance of {acct!r} went negative ({balance}) under concurrent "
    "withdrawals: the check and the change are not one atomic step",
    "t05.overdrawn": "{threads} threads withdrew {withdrawn} in total from an account holding "
    "{initial}: a balance was checked, then changed by another thread before this one "
    "withdrew",
    "t05.audit": "total() returned {seen} while transfers ran, but the bank always holds "
    "{expected}: it saw money in flight between the withdraw and the deposit of a transfer "
    "({bad} of {audits} audits were wrong). transfer must hold the lock across both halves, "
    "and total() must take it too",
    "t05.call_threads": "{threads} threads calling {method}()",
    "t05.call_auditor": "transfer() in {threads} threads while an auditor calls total()",
    "t05.raised_instead": " (it raised {error})",
    "t05.left": "; {left} is left",
    "t05.verb_created": "created",
    "t05.verb_lost": "lost",
    "t05.call_ops": "a sequence of deposits, withdrawals and transfers",
    "t05.opening": "Bank({given!r}) reports the balances {actual!r} before any operation: "
    "each account keeps its own opening balance, whatever order the names come in",
    "t05.closing": "after {count} operation(s) the balances are {actual!r}, expected {expected!r}",
    # hints: one for each property a test checks (its `hint` marker)
    "t05.hint.sequential": "withdraw takes the money and returns True only when the balance "
    "covers the amount (an exact balance is enough), and total() is the sum of every balance.",
    "t05.hint.all_or_nothing": "transfer withdraws first and deposits only when the withdraw "
    "succeeded; a transfer from an account to itself is allowed and changes nothing.",
    "t05.hint.reentrant": "transfer holds the lock while withdraw and deposit take it again: with "
    "a plain Lock the thread waits for itself for ever. A threading.RLock can be taken again by "
    "the thread that already holds it.",
    "t05.hint.bad_input": "Check the amount first (ValueError), then every account named "
    "(KeyError), and only then change a balance; a `with` block releases the lock when an "
    "exception leaves it.",
    "t05.hint.via_methods": "transfer must move the money by calling self.withdraw and "
    "self.deposit, not by editing the balances itself.",
    "t05.hint.one_lock": "Every read-modify-write of a balance must run while holding the "
    "bank's one lock: a new lock per call, or one per method, excludes nobody.",
    "t05.hint.check_then_act": "Check the balance and subtract from it within one holding of "
    "the lock: released in between, another thread can withdraw first.",
    "t05.hint.auditor": "total() must take the lock too, and transfer must hold it across "
    "withdraw and deposit, so that no reader sees the money in flight.",
    "t05.hint.model": "Keep each account's own opening balance, whatever order the names come "
    "in, and return exactly what a bank running one operation at a time would.",
}

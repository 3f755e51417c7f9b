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
  such within a fraction of a second.
"""

import random
import threading

import pytest

from graders import verdicts
from graders.checks import start_and_join
from graders.messages import say
from graders.verdicts import Verdict

ACCOUNTS = ("ana", "bia", "caio", "duda")


def fresh(student, amount=1000):
    return student.Bank({acct: amount for acct in ACCOUNTS})


def expect_balance(harness, bank, acct, expected, calls):
    actual = harness.call(bank.balance, acct)
    if actual != expected:
        raise Verdict(say("t05.wrong_balance", calls=calls, acct=acct, actual=actual,
                          expected=expected))


def expect_return(actual, expected, call):
    if actual != expected:
        raise Verdict(say("t05.wrong_return", call=call, actual=actual, expected=expected))


@pytest.mark.points(2)
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
def test_transfer_is_all_or_nothing(student, harness):
    bank = fresh(student, 100)
    expect_return(harness.call(bank.transfer, "ana", "bia", 60), True,
                  "transfer('ana', 'bia', 60)")
    expect_balance(harness, bank, "ana", 40, "transfer('ana', 'bia', 60)")
    expect_balance(harness, bank, "bia", 160, "transfer('ana', 'bia', 60)")
    expect_return(harness.call(bank.transfer, "ana", "bia", 41), False,
                  "transfer('ana', 'bia', 41) with 40 in 'ana'")
    expect_balance(harness, bank, "ana", 40, "a refused transfer")
    expect_balance(harness, bank, "bia", 160, "a refused transfer")
    expect_return(harness.call(bank.transfer, "caio", "caio", 30), True,
                  "transfer('caio', 'caio', 30)")
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
            raise Verdict(say("t05.should_raise", call=call, error=error.__name__)
                          + say("t05.raised_instead", error=type(other).__name__)) from None
        else:
            raise Verdict(say("t05.should_raise", call=call, error=error.__name__))
        after = {acct: harness.call(bank.balance, acct) for acct in ACCOUNTS}
        if after != before:
            raise Verdict(say("t05.changed_on_error", call=call, error=error.__name__,
                              before=before, after=after))


@pytest.mark.points(1)
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
        raise Verdict(say("t05.not_via_methods", withdraws=calls["withdraw"],
                          deposits=calls["deposit"]))


def _tellers(bank, rng, count, transfers):
    plans = [
        [(rng.choice(ACCOUNTS), rng.choice(ACCOUNTS), rng.randint(1, 400))
         for _ in range(transfers)]
        for _ in range(count)
    ]

    def teller(plan):
        for src, dst, amount in plan:
            bank.transfer(src, dst, amount)

    return [lambda plan=plan: teller(plan) for plan in plans]


@pytest.mark.points(3)
def test_concurrent_transfers_conserve_money(student, harness):
    for run in harness.runs():
        bank = fresh(student)
        tellers = _tellers(bank, random.Random(harness.seed + run), 4, 30)
        harness.call(start_and_join, tellers, "teller", name=say("t05.call_threads", threads=4,
                                                                     method="transfer"))
        balances = {acct: harness.call(bank.balance, acct) for acct in ACCOUNTS}
        for acct, balance in balances.items():
            if balance < 0:
                raise Verdict(say("t05.negative", acct=acct, balance=balance), verdicts.RACE)
        actual, expected = sum(balances.values()), 1000 * len(ACCOUNTS)
        if actual != expected:
            verb = say("t05.verb_created" if actual > expected else "t05.verb_lost")
            raise Verdict(say("t05.money_changed", verb=verb, transfers=4 * 30, actual=actual,
                              expected=expected, difference=actual - expected), verdicts.RACE)


@pytest.mark.points(2)
def test_concurrent_withdrawals_never_overdraw(student, harness):
    for _run in harness.runs():
        bank = student.Bank({"ana": 500, "bia": 0})
        withdrawn = [0] * 5

        def client(k):
            for _ in range(20):
                if bank.withdraw("ana", 10):
                    withdrawn[k] += 10

        clients = [lambda k=k: client(k) for k in range(5)]
        harness.call(start_and_join, clients, "client", name=say("t05.call_threads", threads=5,
                                                                     method="withdraw"))
        left = harness.call(bank.balance, "ana")
        if left < 0:
            raise Verdict(say("t05.negative", acct="ana", balance=left), verdicts.RACE)
        if sum(withdrawn) > 500 or left != 500 - sum(withdrawn):
            raise Verdict(say("t05.overdrawn", threads=5, withdrawn=sum(withdrawn),
                              initial=500) + say("t05.left", left=left), verdicts.RACE)


@pytest.mark.points(3)
def test_auditor_always_sees_the_conserved_total(student, harness):
    expected = 1000 * len(ACCOUNTS)
    for run in harness.runs():
        bank = fresh(student)
        done = threading.Event()
        seen = []

        def auditor():
            while not done.is_set():
                seen.append(bank.total())

        tellers = _tellers(bank, random.Random(harness.seed - run), 3, 25)

        def scenario():
            audit = threading.Thread(target=auditor, name="auditor")
            audit.start()
            try:
                start_and_join(tellers, "teller")
            finally:
                done.set()
                audit.join()

        harness.call(scenario, name=say("t05.call_auditor"))
        wrong = [value for value in seen if value != expected]
        if wrong:
            raise Verdict(say("t05.audit", seen=wrong[0], expected=expected, bad=len(wrong),
                              audits=len(seen)), verdicts.RACE)

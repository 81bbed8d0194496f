"""The outbox with its delivery workers killed (SIGKILL) mid-batch: every message sent at least once,
none twice to the same recipient for the same cause.

A fake SMS gateway on loopback records each post as soon as it has read it and then holds its
answer, like a gateway that has accepted a message before its caller hears so. Two workers
deliver at once. A third of the way through, the gateway stops answering; once it holds a post
from each worker (accepted, not yet marked sent) both workers are killed. Two fresh workers finish
the job: the two messages the dead ones held are sent again once their claim expires, with the
same idempotency key, and the gateway drops the repeats, as a real one does.
"""

import subprocess
import sys
import time
from collections import Counter

import psycopg
import pytest

from eduguard.notify.tests.fake_server import FakeServer

pytestmark = pytest.mark.durability

PHONES, CAUSES = 60, 3  # 180 messages: three reminders to each of 60 phones
CLAIM_TIMEOUT = 1.5  # seconds; the product's is two minutes
PATIENCE = 120  # seconds any one step may take on a busy machine before the test gives up


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.01)


def test_every_message_reaches_its_recipient_once_across_a_worker_kill(
    database, processes, tmp_path, figures
):
    total = database.command("seed-outbox", "--phones", str(PHONES), "--causes", str(CAUSES))["messages"]
    worker = [
        sys.executable,
        "-m",
        "tests.durability.commands",
        "deliver",
        "--claim-timeout",
        str(CLAIM_TIMEOUT),
    ]
    with FakeServer({"ok": True}, delay=0.01) as gateway, open(tmp_path / "workers.log", "wb") as log:
        env = {**database.env, "SMS_GATEWAY_URL": gateway.url, "SMS_GATEWAY_TOKEN": "durability"}
        first = [processes.start(worker, env, stdout=log, stderr=subprocess.STDOUT) for _ in range(2)]
        _wait(lambda: len(gateway.received) >= total // 3, "a third of the messages at the gateway")
        mark = gateway.hold(PATIENCE)  # accept, but do not answer
        _wait(lambda: len(gateway.received) == mark + 2, "a post from each worker held by the gateway")
        for process in first:
            processes.kill(process)
        held_keys = {post["key"] for post in gateway.received[mark:]}
        before_kill = [post["key"] for post in gateway.received]
        held = database.value("SELECT count(*) FROM notify_message WHERE status = 'sending'")

        gateway.hold(0.01)
        started = time.monotonic()
        second = [processes.start(worker, env, stdout=log, stderr=subprocess.STDOUT) for _ in range(2)]
        for process in second:
            process.wait(PATIENCE)
        finished_after = time.monotonic() - started
    log_text = (tmp_path / "workers.log").read_text(errors="replace")

    posts = Counter(post["key"] for post in gateway.received)
    delivered = gateway.delivered()
    figures.update(
        messages=total,
        posts_before_kill=len(before_kill),
        held_by_the_killed_workers=held,
        posts=sum(posts.values()),
        repeats_dropped_by_gateway=sum(posts.values()) - len(posts),
        delivered=len(delivered),
        restart_to_done_s=round(finished_after, 1),
    )
    assert [process.returncode for process in second] == [0, 0], log_text[-3000:]
    # Two live workers never sent the same message; the killed ones held one each.
    assert len(set(before_kill)) == len(before_kill)
    assert held == 2 and len(held_keys) == 2
    # Every message reached the gateway; only the two held ones twice, under the same key.
    assert len(posts) == total
    assert {key for key, n in posts.items() if n > 1} == held_keys and max(posts.values()) == 2
    # What the gateway passed on: each (recipient, cause) exactly once.
    sent = Counter((post["body"]["phone"], post["body"]["text"]) for post in delivered)
    assert len(sent) == total and set(sent.values()) == {1}
    assert {post["auth"] for post in gateway.received} == {"Bearer durability"}
    rows = database.rows("SELECT status, attempts, count(*) FROM notify_message GROUP BY 1, 2 ORDER BY 2")
    assert rows == [("sent", 1, total - 2), ("sent", 2, 2)]


def test_a_message_another_worker_has_locked_is_passed_over_not_waited_for(database):
    database.command("seed-outbox", "--phones", "2", "--causes", "1")
    oldest, next_one = (
        pk for (pk,) in database.rows("SELECT id FROM notify_message ORDER BY created_at, id")
    )
    with psycopg.connect(**database.params) as other_worker:  # a transaction, until the block ends
        other_worker.execute("SELECT id FROM notify_message WHERE id = %s FOR UPDATE", (oldest,))
        answer = database.command("claim", timeout=60)
    assert answer["claimed"] == next_one and answer["seconds"] < 5
    assert database.rows("SELECT id, status FROM notify_message ORDER BY id") == [
        (oldest, "pending"),
        (next_one, "sending"),
    ]

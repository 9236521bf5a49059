"""How a big sync is cut into batches, and how a fetching process hands them over."""
import multiprocessing
import threading

import pytest

from webapp.services.folder_sync import plan_batches
from webapp.services.prefetch_process import _Sender


def test_a_big_sync_starts_with_small_batches_and_keeps_every_uid_once_in_order():
    uids = list(range(1, 3001))
    batches = plan_batches(uids, 250)
    assert [len(b) for b in batches[:5]] == [50, 100, 150, 200, 250]
    assert {len(b) for b in batches[4:-1]} == {250}
    assert [uid for batch in batches for uid in batch] == uids


@pytest.mark.parametrize("count, size", [(45, 10), (80, 10), (0, 250), (7, 1), (2000, 250)])
def test_a_small_sync_keeps_even_batches(count, size):
    uids = list(range(1, count + 1))
    batches = plan_batches(uids, size)
    assert [uid for batch in batches for uid in batch] == uids
    assert all(len(b) == size for b in batches[:-1])


def test_tiny_batch_sizes_still_ramp_without_empty_batches():
    batches = plan_batches(list(range(100)), 3)
    assert all(batches) and [len(b) for b in batches[:5]] == [1, 1, 1, 2, 3]


def test_the_sender_runs_ahead_of_a_reader_that_is_busy():
    receiver, sender = multiprocessing.Pipe(duplex=False)
    payload = [b"x" * 300_000]  # far more than a pipe holds
    sent = threading.Event()

    def fetch():
        with _Sender(sender, ahead=3) as out:
            for number in range(3):
                out.send((number, payload))
            sent.set()

    thread = threading.Thread(target=fetch)
    thread.start()
    # Nobody reads yet, and still the fetching loop has handed over all three batches.
    assert sent.wait(5)
    assert [receiver.recv()[0] for _ in range(3)] == [0, 1, 2]
    thread.join(5)
    assert not thread.is_alive()
    receiver.close()
    sender.close()


def test_the_sender_stops_the_fetching_loop_when_the_reader_is_gone():
    receiver, sender = multiprocessing.Pipe(duplex=False)
    receiver.close()
    with pytest.raises(OSError):
        with _Sender(sender, ahead=1) as out:
            for number in range(50):  # the first send fails in the thread; a later one raises here
                out.send((number, b"y" * 100_000))
    sender.close()

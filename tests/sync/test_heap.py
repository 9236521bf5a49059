"""A sync runs with the cyclic collector looking only at new objects, and less often; then all is as before."""
import gc

from webapp.services.heap import BULK_THRESHOLD, fewer_collections


def test_fewer_collections_during_the_block_and_the_old_settings_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= BULK_THRESHOLD
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_settings_come_back_when_the_block_fails():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("a failed sync")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

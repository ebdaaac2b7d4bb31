import threading

import pytest
from django.db import connection

from tests.factories import EquipmentFactory, FaultFactory


@pytest.fixture
def equipment(aurora):
    return EquipmentFactory(vessel=aurora, code="ME-PS", name="Port main engine", location="Engine room")


@pytest.fixture
def fault(equipment):
    return FaultFactory(equipment=equipment, fault_code="E047", title="High coolant temperature", severity="high")


def in_parallel(n, work):
    """Run work(i) in n threads that start together; each thread uses (and closes) its own connection."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as error:  # reported below by its message
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results

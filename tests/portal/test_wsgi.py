"""The WSGI entry point gunicorn serves."""

import gc
import importlib


def test_it_serves_the_portal_with_the_loaded_objects_frozen_out_of_collection():
    gc.unfreeze()
    try:
        wsgi = importlib.reload(importlib.import_module("portal.wsgi"))
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models and admin) lives as long as the
# process: frozen out of the collector's generations, it is no longer walked by every full
# collection, which a request building thousands of objects (recommendations) triggers.
gc.freeze()

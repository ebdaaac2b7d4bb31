"""The task queue's rows (django-tasks-db) in the admin: a superuser's business, like the login log.

Its own admin is read-only; this makes its rows exist for no one else, so the admin tells
nobody else whether a task id exists.
"""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from pms.admin import SuperuserOnlyRows

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, type("DBTaskResultAdmin", (SuperuserOnlyRows, DBTaskResultAdmin), {}))

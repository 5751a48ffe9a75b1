"""Django's SQLite backend, told how many query parameters this SQLite really allows.

Django 5.2 assumes SQLite's old compile-time limit of 999 parameters per query and
splits bulk inserts into many small ones: a sync upload of 10,000 attendance rows
became dozens of INSERTs on SQLite but one on PostgreSQL. SQLite 3.32 and later
allow 32,766 (Debian's build 250,000), and Python's sqlite3 reports the real limit,
so bulk writes take as few queries on SQLite as on PostgreSQL (decision 0012).
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self):
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures

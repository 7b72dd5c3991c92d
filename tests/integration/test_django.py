"""Django 3.2 (Debian's python3-django, psycopg2 backend) against the server, unmodified: a small
project and app written to a temporary directory, `migrate` of the contrib apps and of an app
with foreign keys, indexes, unique_together and a CheckConstraint, the ORM (CRUD,
select_related, annotate/aggregate, nested atomic blocks, select_for_update, .iterator() on a
server-side cursor), Django's own introspection of the migrated tables, and `manage.py test`
(which creates and drops test_<name> through the postgres database).

The ORM runs in this process (Django is configured once per process, as a pytest module runs
in its own ctest entry); `makemigrations` and `manage.py test` run as subprocesses."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SETTINGS = """
import os
SECRET_KEY = "litewire-test-only"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "shop",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "lwsite.urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["LW_DJANGO_DBNAME"],
        "USER": os.environ["LW_DJANGO_USER"],
        "HOST": os.environ["LW_DJANGO_HOST"],
        "PORT": os.environ["LW_DJANGO_PORT"],
        "OPTIONS": {"sslmode": "disable"},
    }
}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": [
                  "django.template.context_processors.request",
                  "django.contrib.auth.context_processors.auth",
                  "django.contrib.messages.context_processors.messages"]}}]
"""

URLS = """
from django.contrib import admin
from django.urls import path
urlpatterns = [path("admin/", admin.site.urls)]
"""

MODELS = """
from django.db import models
from django.db.models import Q


class Author(models.Model):
    name = models.CharField(max_length=100, unique=True)
    email = models.EmailField(db_index=True, blank=True)
    born = models.DateField(null=True)


class Genre(models.Model):
    slug = models.SlugField(unique=True)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    editor = models.ForeignKey(Author, on_delete=models.SET_NULL, null=True,
                               related_name="edited")
    genres = models.ManyToManyField(Genre, blank=True)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    pages = models.PositiveIntegerField(default=100)
    published = models.DateTimeField(null=True)
    extra = models.JSONField(default=dict)

    class Meta:
        unique_together = [("author", "title")]
        indexes = [models.Index(fields=["published", "title"], name="shop_book_pub_title"),
                   models.Index(fields=["-pages", "title"], name="shop_book_long_first")]
        constraints = [models.CheckConstraint(check=Q(price__gte=0), name="shop_book_price_ok")]


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    stars = models.SmallIntegerField()
    body = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
"""

APP_TESTS = """
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.test import TestCase, TransactionTestCase

from shop.models import Author, Book, Review


class BookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = Author.objects.create(name="Ann")

    def test_create_and_count(self):
        Book.objects.create(title="T1", author=self.author, price=Decimal("1.00"))
        self.assertEqual(Book.objects.count(), 1)

    def test_unique_together_rolls_back_to_savepoint(self):
        Book.objects.create(title="T1", author=self.author, price=Decimal("1.00"))
        with self.assertRaises(IntegrityError):
            with transaction.atomic():
                Book.objects.create(title="T1", author=self.author, price=Decimal("2.00"))
        self.assertEqual(Book.objects.get(title="T1").price, Decimal("1.00"))

    def test_check_constraint(self):
        with self.assertRaises(IntegrityError):
            with transaction.atomic():
                Book.objects.create(title="neg", author=self.author, price=Decimal("-1"))


class FlushTests(TransactionTestCase):
    def test_rows_written_and_committed(self):
        author = Author.objects.create(name="Bob")
        book = Book.objects.create(title="B", author=author, price=Decimal("3.50"))
        Review.objects.create(book=book, stars=4)
        self.assertEqual(Review.objects.filter(book__author__name="Bob").count(), 1)
"""


@pytest.fixture(scope="module")
def project(server, tmp_path_factory):
    root = tmp_path_factory.mktemp("django")
    files = {
        "manage.py": "import os, sys\n"
                     "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lwsite.settings')\n"
                     "from django.core.management import execute_from_command_line\n"
                     "execute_from_command_line(sys.argv)\n",
        "lwsite/__init__.py": "",
        "lwsite/settings.py": SETTINGS,
        "lwsite/urls.py": URLS,
        "shop/__init__.py": "",
        "shop/models.py": MODELS,
        "shop/tests.py": APP_TESTS,
        "shop/migrations/__init__.py": "",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="lwsite.settings",
               LW_DJANGO_DBNAME=server.dbname, LW_DJANGO_USER=server.user,
               LW_DJANGO_HOST=server.host, LW_DJANGO_PORT=str(server.port),
               PYTHONDONTWRITEBYTECODE="1")
    # makemigrations writes shop/migrations/0001_initial.py (it also checks the migration
    # history in the database, so it already talks to the server).
    made = manage(root, env, "makemigrations", "shop")
    assert made.returncode == 0, made.stdout + made.stderr
    os.environ.update({k: env[k] for k in env if k.startswith("LW_DJANGO_")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "lwsite.settings"
    sys.path.insert(0, str(root))
    import django
    django.setup()
    return root, env


def manage(root, env, *args, timeout=240):
    return subprocess.run(["/usr/bin/python3", "manage.py", *args], cwd=root, env=env,
                          text=True, capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def migrated(project):
    from io import StringIO

    from django.core.management import call_command
    out = StringIO()
    call_command("migrate", interactive=False, stdout=out, verbosity=1)
    return out.getvalue()


def test_migrate_applies_contrib_and_app_migrations(migrated):
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    for name in ("admin.0001_initial", "auth.0012_alter_user_first_name_max_length",
                 "contenttypes.0002_remove_content_type_name", "sessions.0001_initial",
                 "shop.0001_initial"):
        assert f"Applying {name}... OK" in migrated, migrated
    applied = {(m.app, m.name) for m in MigrationRecorder.Migration.objects.all()}
    assert ("auth", "0012_alter_user_first_name_max_length") in applied
    tables = set(connection.introspection.table_names())
    assert {"auth_user", "auth_user_groups", "django_content_type", "django_session",
            "django_admin_log", "shop_author", "shop_book", "shop_book_genres",
            "shop_review"} <= tables
    # A second migrate finds nothing to do (the history table is read back correctly).
    from io import StringIO

    from django.core.management import call_command
    out = StringIO()
    call_command("migrate", interactive=False, stdout=out)
    assert "No migrations to apply." in out.getvalue()


def test_introspection_sees_constraints_and_indexes(migrated):
    from django.db import connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "shop_book")
        description = {c.name: c for c in
                       connection.introspection.get_table_description(cursor, "shop_book")}
        relations = connection.introspection.get_relations(cursor, "shop_book")
        pk = connection.introspection.get_primary_key_column(cursor, "shop_book")
    assert pk == "id"
    assert relations == {"author_id": ("id", "shop_author"), "editor_id": ("id", "shop_author")}
    assert description["title"].internal_size == 200 or description["title"].display_size == 200
    assert description["editor_id"].null_ok and not description["title"].null_ok

    check = constraints["shop_book_price_ok"]
    assert check["check"] and not check["unique"] and check["columns"] == ["price"]
    pages_checks = [c for c in constraints.values()
                    if c["check"] and c["columns"] == ["pages"]]
    assert len(pages_checks) == 1, constraints  # PositiveIntegerField: "pages" >= 0
    index = constraints["shop_book_pub_title"]
    assert index["index"] and index["columns"] == ["published", "title"]
    assert index["type"] == "idx"  # Django names btree "idx" (Index.suffix)
    assert index["orders"] == ["ASC", "ASC"]
    descending = constraints["shop_book_long_first"]
    assert descending["columns"] == ["pages", "title"] and descending["orders"] == ["DESC", "ASC"]
    uniques = [c for c in constraints.values() if c["unique"] and not c["primary_key"]]
    assert [c["columns"] for c in uniques] == [["author_id", "title"]]
    fks = sorted((c["columns"], c["foreign_key"]) for c in constraints.values()
                 if c["foreign_key"])
    assert fks == [(["author_id"], ("shop_author", "id")), (["editor_id"], ("shop_author", "id"))]
    primary = [c for c in constraints.values() if c["primary_key"]]
    assert len(primary) == 1 and primary[0]["columns"] == ["id"]

    with connection.cursor() as cursor:
        author_constraints = connection.introspection.get_constraints(cursor, "shop_author")
    # unique=True and db_index=True on CharField/EmailField: a unique constraint plus
    # varchar_pattern_ops "_like" indexes for LIKE lookups.
    like_indexes = sorted(c["columns"][0] for name, c in author_constraints.items()
                          if name.endswith("_like"))
    assert like_indexes == ["email", "name"]


@pytest.fixture
def shop(migrated):
    from shop import models
    models.Review.objects.all().delete()
    models.Book.objects.all().delete()
    models.Author.objects.all().delete()
    models.Genre.objects.all().delete()
    return models


def test_crud(shop):
    import datetime
    from decimal import Decimal

    from django.db import IntegrityError, transaction
    ann = shop.Author.objects.create(name="Ann", email="ann@example.com",
                                     born=datetime.date(1970, 5, 17))
    assert ann.pk is not None
    sci = shop.Genre.objects.create(slug="sci")
    book = shop.Book.objects.create(title="Dune", author=ann, price=Decimal("9.99"),
                                    published=datetime.datetime(2020, 1, 2, 3, 4, 5,
                                                                tzinfo=datetime.timezone.utc),
                                    extra={"isbn": "123", "tags": ["a", "b"]})
    book.genres.add(sci)
    got = shop.Book.objects.get(pk=book.pk)
    assert (got.title, got.price, got.pages, got.author_id) == ("Dune", Decimal("9.99"), 100, ann.pk)
    assert got.published == datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert got.extra == {"isbn": "123", "tags": ["a", "b"]}
    assert list(got.genres.values_list("slug", flat=True)) == ["sci"]
    assert shop.Book.objects.filter(extra__isbn="123").count() == 1
    assert shop.Book.objects.filter(title__icontains="UN").count() == 1
    assert shop.Book.objects.filter(published__year=2020).count() == 1
    assert shop.Author.objects.filter(born__lt=datetime.date(1980, 1, 1)).get().name == "Ann"

    shop.Book.objects.filter(pk=book.pk).update(price=Decimal("12.50"), pages=300)
    got.refresh_from_db()
    assert (got.price, got.pages) == (Decimal("12.50"), 300)
    from django.db.models import F
    shop.Book.objects.filter(pk=book.pk).update(pages=F("pages") + 1)
    assert shop.Book.objects.get(pk=book.pk).pages == 301

    created = shop.Author.objects.bulk_create(
        [shop.Author(name=f"bulk{i}") for i in range(3)])
    assert all(a.pk is not None for a in created)
    obj, was_created = shop.Author.objects.get_or_create(name="Ann")
    assert (obj.pk, was_created) == (ann.pk, False)

    with pytest.raises(IntegrityError):
        with transaction.atomic():
            shop.Author.objects.create(name="Ann")
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            shop.Book.objects.create(title="Dune", author=ann, price=Decimal("1"))
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            shop.Book.objects.create(title="Negative", author=ann, price=Decimal("-1"))
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            shop.Book.objects.create(title="Negative pages", author=ann, price=1, pages=-5)

    # Deleting the author cascades (in Django) to the book, its reviews and m2m rows.
    shop.Review.objects.create(book=book, stars=5)
    deleted, per_model = ann.delete()
    assert per_model["shop.Book"] == 1 and per_model["shop.Review"] == 1
    assert shop.Book.objects.count() == 0
    assert shop.Author.objects.count() == 3


def _library(shop):
    from decimal import Decimal
    ann = shop.Author.objects.create(name="Ann")
    bob = shop.Author.objects.create(name="Bob")
    books = [
        shop.Book.objects.create(title="A1", author=ann, editor=bob, price=Decimal("10.00"), pages=100),
        shop.Book.objects.create(title="A2", author=ann, price=Decimal("20.00"), pages=200),
        shop.Book.objects.create(title="B1", author=bob, editor=ann, price=Decimal("5.50"), pages=50),
    ]
    for book, stars in ((books[0], 5), (books[0], 3), (books[2], 4)):
        shop.Review.objects.create(book=book, stars=stars)
    return ann, bob, books


def test_select_related_is_one_query(shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    _library(shop)
    with CaptureQueriesContext(connection) as ctx:
        rows = [(b.title, b.author.name, b.editor.name if b.editor else None)
                for b in shop.Book.objects.select_related("author", "editor").order_by("title")]
    assert rows == [("A1", "Ann", "Bob"), ("A2", "Ann", None), ("B1", "Bob", "Ann")]
    assert len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        titles = {a.name: sorted(b.title for b in a.books.all())
                  for a in shop.Author.objects.prefetch_related("books").order_by("name")}
    assert titles == {"Ann": ["A1", "A2"], "Bob": ["B1"]}
    assert len(ctx.captured_queries) == 2


def test_annotate_and_aggregate(shop):
    from decimal import Decimal

    from django.db.models import Avg, Count, Max, Q, Sum
    _library(shop)
    totals = shop.Book.objects.aggregate(n=Count("id"), total=Sum("price"), longest=Max("pages"),
                                         avg_pages=Avg("pages"))
    assert totals["n"] == 3 and totals["total"] == Decimal("35.50")
    assert totals["longest"] == 200 and float(totals["avg_pages"]) == pytest.approx(116.6666, 1e-4)
    per_author = list(shop.Author.objects.annotate(n=Count("books"), spent=Sum("books__price"))
                      .order_by("name").values_list("name", "n", "spent"))
    assert per_author == [("Ann", 2, Decimal("30.00")), ("Bob", 1, Decimal("5.50"))]
    good = list(shop.Author.objects.annotate(
        good=Count("books__reviews", filter=Q(books__reviews__stars__gte=4)),
        titles=Count("books", distinct=True))
        .order_by("name").values_list("name", "good", "titles"))
    assert good == [("Ann", 1, 2), ("Bob", 1, 1)]
    reviewed = (shop.Book.objects.annotate(r=Count("reviews"), best=Max("reviews__stars"))
                .filter(r__gt=0).order_by("-r").values_list("title", "r", "best"))
    assert list(reviewed) == [("A1", 2, 5), ("B1", 1, 4)]
    by_author = (shop.Book.objects.values("author__name").annotate(pages=Sum("pages"))
                 .order_by("author__name"))
    assert [(r["author__name"], r["pages"]) for r in by_author] == [("Ann", 300), ("Bob", 50)]
    assert shop.Book.objects.filter(reviews__stars__gte=3).distinct().count() == 2
    assert shop.Author.objects.filter(books__price__gt=15).exists()


def test_nested_atomic_rollback(shop):
    from django.db import transaction

    class Boom(Exception):
        pass

    with transaction.atomic():
        shop.Author.objects.create(name="outer")
        with pytest.raises(Boom):
            with transaction.atomic():
                shop.Author.objects.create(name="inner")
                assert shop.Author.objects.filter(name="inner").exists()
                raise Boom()
        with transaction.atomic():
            shop.Author.objects.create(name="inner2")
    assert sorted(shop.Author.objects.values_list("name", flat=True)) == ["inner2", "outer"]

    with pytest.raises(Boom):
        with transaction.atomic():
            shop.Author.objects.create(name="gone")
            raise Boom()
    assert not shop.Author.objects.filter(name="gone").exists()

    # An error inside a savepoint leaves the outer transaction usable.
    from django.db import IntegrityError
    with transaction.atomic():
        shop.Author.objects.create(name="kept")
        with pytest.raises(IntegrityError):
            with transaction.atomic():
                shop.Author.objects.create(name="kept")
        shop.Author.objects.create(name="kept2")
    assert shop.Author.objects.filter(name__startswith="kept").count() == 2


def test_select_for_update(shop):
    from django.db import connection, transaction
    from django.db.transaction import TransactionManagementError
    from django.test.utils import CaptureQueriesContext
    _, _, books = _library(shop)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            book = shop.Book.objects.select_for_update().get(pk=books[0].pk)
        assert "FOR UPDATE" in ctx.captured_queries[0]["sql"]
        book.pages += 10
        book.save()
        locked = list(shop.Book.objects.select_for_update(skip_locked=True)
                      .filter(author__name="Ann").order_by("title")
                      .values_list("title", flat=True))
        assert locked == ["A1", "A2"]
        of = list(shop.Book.objects.select_related("author")
                  .select_for_update(of=("self",)).filter(pk=books[1].pk))
        assert of[0].author.name == "Ann"
    assert shop.Book.objects.get(pk=books[0].pk).pages == 110
    with pytest.raises(TransactionManagementError):
        list(shop.Book.objects.select_for_update())


def test_iterator_uses_server_side_cursor(shop):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    ann = shop.Author.objects.create(name="Ann")
    shop.Book.objects.bulk_create(
        [shop.Book(title=f"t{i:02d}", author=ann, price=Decimal(i)) for i in range(25)])
    assert connection.features.can_use_chunked_reads
    assert not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    with CaptureQueriesContext(connection) as ctx:
        seen = []
        for book in shop.Book.objects.order_by("title").iterator(chunk_size=4):
            seen.append(book.title)
            if len(seen) == 5:
                # Other queries on the same connection while the cursor is open.
                assert shop.Book.objects.count() == 25
    assert seen == [f"t{i:02d}" for i in range(25)]
    assert len(ctx.captured_queries) == 2
    # Inside a transaction the cursor is declared WITHOUT HOLD; values() iterates too.
    from django.db import transaction
    with transaction.atomic():
        prices = list(shop.Book.objects.filter(price__lt=5).order_by("price")
                      .values_list("price", flat=True).iterator(chunk_size=2))
    assert prices == [Decimal(i) for i in range(5)]


def test_dumpdata_flush_loaddata_resets_sequences(project, shop):
    # loaddata writes explicit ids, then resets each table's sequence with
    # setval(pg_get_serial_sequence('"shop_author"', 'id'), max(id), ...): the next insert
    # must not collide with a loaded id.
    root, env = project
    _library(shop)
    dumped = manage(root, env, "dumpdata", "shop", "--indent", "1", "-o", "fixture.json")
    assert dumped.returncode == 0, dumped.stderr
    ids = sorted(shop.Author.objects.values_list("id", flat=True))
    flushed = manage(root, env, "flush", "--noinput")
    assert flushed.returncode == 0, flushed.stderr
    assert shop.Author.objects.count() == 0
    loaded = manage(root, env, "loaddata", "fixture.json")
    assert loaded.returncode == 0, loaded.stderr
    assert "Installed 8 object(s)" in loaded.stdout, loaded.stdout
    assert sorted(shop.Author.objects.values_list("id", flat=True)) == ids
    fresh = shop.Author.objects.create(name="after loaddata")
    assert fresh.id > max(ids)
    assert shop.Book.objects.select_related("author").get(title="B1").author.name == "Bob"


def test_inspectdb_matches_postgres(project, migrated):
    # inspectdb writes models from Django's introspection of every table (types, sizes, null,
    # primary and foreign keys, unique_together): the same migrations applied to a real
    # PostgreSQL must give the same models.
    from harness import PostgresCluster
    root, env = project
    here = manage(root, env, "inspectdb")
    assert here.returncode == 0, here.stderr
    with PostgresCluster() as pg:
        pg_env = dict(env, LW_DJANGO_HOST=pg.host, LW_DJANGO_PORT=str(pg.port),
                      LW_DJANGO_DBNAME="postgres", LW_DJANGO_USER="postgres")
        applied = manage(root, pg_env, "migrate", "--noinput")
        assert applied.returncode == 0, applied.stdout + applied.stderr
        there = manage(root, pg_env, "inspectdb")
        assert there.returncode == 0, there.stderr
    assert "class ShopBook(models.Model):" in here.stdout
    assert here.stdout == there.stdout


def test_manage_py_test_creates_and_drops_test_database(project, migrated):
    root, env = project
    result = manage(root, env, "test", "shop", "--noinput", "-v", "2")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Ran 4 tests" in output and "\nOK" in output, output
    assert "Creating test database for alias 'default'" in output, output
    assert "Destroying test database for alias 'default'" in output, output
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database ORDER BY datname")
        names = [row[0] for row in cursor.fetchall()]
    test_name = f"test_{connection.settings_dict['NAME']}"
    assert test_name not in names and connection.settings_dict["NAME"] in names

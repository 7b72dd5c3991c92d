"""SQLAlchemy 1.4 (Debian's python3-sqlalchemy, psycopg2 dialect) against the server: create_all,
ORM CRUD, relationship loading (lazy, joined, selectin), and `inspect()` reflection of the same
DDL compared with what the same calls return against a real PostgreSQL 15 (the oracle, started
here whatever LITEWIRE_TEST_TARGET says)."""

import datetime
import decimal

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from harness import PostgresCluster

metadata = sa.MetaData()

customer = sa.Table(
    "sa_customer", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("email", sa.Text, unique=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.text("true")),
    sa.Column("joined", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.Column("score", sa.Float),
    sa.Column("note", sa.String(20), server_default="none"),
)

orders = sa.Table(
    "sa_order", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("customer_id", sa.Integer,
              sa.ForeignKey("sa_customer.id", ondelete="CASCADE"), nullable=False),
    sa.Column("code", sa.String(12), nullable=False),
    sa.Column("total", sa.Numeric(10, 2), nullable=False, server_default="0"),
    sa.Column("placed", sa.Date),
    sa.Column("qty", sa.SmallInteger, server_default="1"),
    sa.CheckConstraint("total >= 0", name="sa_order_total_check"),
    sa.UniqueConstraint("customer_id", "code", name="sa_order_customer_code_key"),
    sa.Index("sa_order_placed_idx", "placed"),
    sa.Index("sa_order_code_total_idx", "code", "total", unique=True),
    sa.Index("sa_order_recent_idx", sa.text("placed DESC"), "code"),
)

line = sa.Table(
    "sa_line", metadata,
    sa.Column("order_id", sa.BigInteger, sa.ForeignKey("sa_order.id"), primary_key=True),
    sa.Column("lineno", sa.Integer, primary_key=True),
    sa.Column("item", sa.String(40), nullable=False),
    sa.Column("amount", sa.Numeric(8, 3)),
    sa.Column("referrer_id", sa.Integer),
    sa.ForeignKeyConstraint(["referrer_id"], ["sa_customer.id"], name="sa_line_referrer_fk",
                            ondelete="SET NULL", deferrable=True, initially="DEFERRED"),
)

identity = sa.Table(
    "sa_ident", metadata,
    sa.Column("id", sa.Integer, sa.Identity(always=True, start=10), primary_key=True),
    sa.Column("v", sa.Text),
)

VIEW = ("CREATE VIEW sa_big_orders AS SELECT id, customer_id, total FROM sa_order "
        "WHERE total > 100")


def make_engine(host, port, dbname="postgres", user="postgres"):
    return sa.create_engine(f"postgresql+psycopg2://{user}@{host}:{port}/{dbname}",
                            future=True, connect_args={"sslmode": "disable"})


@pytest.fixture(scope="module")
def engine(server):
    eng = make_engine(server.host, server.port, server.dbname, server.user)
    metadata.create_all(eng)
    with eng.begin() as conn:
        conn.execute(sa.text(VIEW))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def oracle():
    with PostgresCluster() as pg:
        eng = make_engine(pg.host, pg.port)
        metadata.create_all(eng)
        with eng.begin() as conn:
            conn.execute(sa.text(VIEW))
        yield eng
        eng.dispose()


# -- ORM ------------------------------------------------------------------------------------

Base = orm.declarative_base()


class Author(Base):
    __tablename__ = "sa_author"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, unique=True)
    books = orm.relationship("Book", back_populates="author", order_by="Book.title",
                             cascade="all, delete-orphan")


class Book(Base):
    __tablename__ = "sa_book"
    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(100), nullable=False)
    price = sa.Column(sa.Numeric(8, 2))
    published = sa.Column(sa.DateTime(timezone=True))
    author_id = sa.Column(sa.ForeignKey("sa_author.id"), nullable=False)
    author = orm.relationship("Author", back_populates="books")


@pytest.fixture(scope="module")
def session_factory(engine):
    Base.metadata.create_all(engine)
    return orm.sessionmaker(engine, future=True)


def test_orm_crud(session_factory):
    when = datetime.datetime(2021, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)
    with session_factory() as s, s.begin():
        ann = Author(name="Ann", books=[Book(title="B1", price=decimal.Decimal("10.50"),
                                             published=when),
                                        Book(title="A1", price=None)])
        s.add_all([ann, Author(name="Bob")])
    with session_factory() as s:
        ann = s.execute(sa.select(Author).where(Author.name == "Ann")).scalar_one()
        assert ann.id is not None
        assert [(b.title, b.price) for b in ann.books] == [("A1", None),
                                                            ("B1", decimal.Decimal("10.50"))]
        assert ann.books[1].published == when
        ann.books[0].price = decimal.Decimal("3.25")
        s.get(Author, ann.id).name = "Anna"
        s.commit()
        assert s.execute(sa.select(sa.func.sum(Book.price))).scalar_one() == decimal.Decimal("13.75")
        s.delete(s.execute(sa.select(Author).where(Author.name == "Bob")).scalar_one())
        s.commit()
        assert s.execute(sa.select(sa.func.count()).select_from(Author)).scalar_one() == 1
        s.add(Author(name="Anna"))
        with pytest.raises(sa.exc.IntegrityError) as err:
            s.commit()
        assert err.value.orig.pgcode == "23505"
        s.rollback()
        assert s.execute(sa.select(Author.name)).scalars().all() == ["Anna"]


def _count_selects(engine):
    statements = []

    def before(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)
    sa.event.listen(engine, "before_cursor_execute", before)
    return statements, lambda: sa.event.remove(engine, "before_cursor_execute", before)


def test_relationship_loading(session_factory, engine):
    with session_factory() as s, s.begin():
        s.execute(sa.delete(Book))
        s.execute(sa.delete(Author))
        for i in range(3):
            s.add(Author(name=f"rel{i}", books=[Book(title=f"r{i}b{j}") for j in range(i + 1)]))
    expected = {"rel0": ["r0b0"], "rel1": ["r1b0", "r1b1"], "rel2": ["r2b0", "r2b1", "r2b2"]}

    for option, selects in ((None, 4), (orm.joinedload(Author.books), 1),
                            (orm.selectinload(Author.books), 2)):
        statements, stop = _count_selects(engine)
        try:
            with session_factory() as s:
                query = sa.select(Author).order_by(Author.name)
                if option is not None:
                    query = query.options(option)
                authors = s.execute(query).unique().scalars().all()
                got = {a.name: [b.title for b in a.books] for a in authors}
        finally:
            stop()
        assert got == expected, option
        assert len(statements) == selects, (option, statements)

    with session_factory() as s:
        book = s.execute(sa.select(Book).where(Book.title == "r2b1")).scalar_one()
        assert book.author.name == "rel2"  # many-to-one lazy load


def test_core_insert_returning_and_upsert(engine):
    from sqlalchemy.dialects.postgresql import insert
    with engine.begin() as conn:
        cid = conn.execute(customer.insert().values(name="core", email="c@example.com")
                           .returning(customer.c.id)).scalar_one()
        row = conn.execute(sa.select(customer).where(customer.c.id == cid)).one()
        assert row.active is True and row.note == "none" and row.joined is not None
        oid = conn.execute(orders.insert().values(customer_id=cid, code="X1", total=5)
                           .returning(orders.c.id)).scalar_one()
        stmt = insert(orders).values(customer_id=cid, code="X1", total=7)
        stmt = stmt.on_conflict_do_update(constraint="sa_order_customer_code_key",
                                          set_={"total": stmt.excluded.total})
        conn.execute(stmt)
        assert conn.execute(sa.select(orders.c.id, orders.c.total, orders.c.qty)).all() == [
            (oid, decimal.Decimal("7.00"), 1)]
        with pytest.raises(sa.exc.IntegrityError) as err:
            with conn.begin_nested():
                conn.execute(orders.insert().values(customer_id=cid, code="neg", total=-1))
        assert err.value.orig.pgcode == "23514"


# -- reflection compared with PostgreSQL ------------------------------------------------------

TABLES = ["sa_customer", "sa_order", "sa_line"]


def reflect(engine, what, *args):
    # A fresh inspector each time: Inspector caches per instance.
    return getattr(sa.inspect(engine), what)(*args)


def comparable_columns(columns):
    out = []
    for c in columns:
        c = dict(c)
        c["type"] = repr(c["type"])  # type objects compare by identity; their repr by value
        out.append(c)
    return out


def test_reflect_table_and_view_names(engine, oracle):
    assert set(TABLES) <= set(reflect(engine, "get_table_names"))
    assert "sa_big_orders" not in reflect(engine, "get_table_names")
    assert reflect(engine, "get_view_names") == reflect(oracle, "get_view_names")
    assert "sa_big_orders" in reflect(engine, "get_view_names")
    assert reflect(engine, "get_schema_names") == reflect(oracle, "get_schema_names")
    assert reflect(engine, "has_table", "sa_order") and not reflect(engine, "has_table", "sa_nope")


@pytest.mark.parametrize("table", TABLES + ["sa_big_orders", "sa_ident"])
def test_reflect_columns(engine, oracle, table):
    want = comparable_columns(reflect(oracle, "get_columns", table))
    got = comparable_columns(reflect(engine, "get_columns", table))
    assert got == want


@pytest.mark.parametrize("what", ["get_pk_constraint", "get_foreign_keys", "get_indexes",
                                  "get_unique_constraints", "get_check_constraints"])
@pytest.mark.parametrize("table", TABLES)
def test_reflect_constraints(engine, oracle, what, table):
    def normalize(value):
        if isinstance(value, list):
            return sorted(value, key=lambda d: str(d.get("name")))
        return value
    want = normalize(reflect(oracle, what, table))
    got = normalize(reflect(engine, what, table))
    assert got == want


def test_reflect_view_definition(engine, oracle):
    assert reflect(engine, "get_view_definition", "sa_big_orders") == reflect(
        oracle, "get_view_definition", "sa_big_orders")


def test_reflection_sees_the_constraints(engine):
    # Independent of the oracle: what the DDL above declares must be there.
    fks = reflect(engine, "get_foreign_keys", "sa_line")
    by_name = {fk["name"]: fk for fk in fks}
    assert by_name["sa_line_referrer_fk"]["options"] == {
        "ondelete": "SET NULL", "deferrable": True, "initially": "DEFERRED"}
    assert by_name["sa_line_referrer_fk"]["referred_table"] == "sa_customer"
    assert reflect(engine, "get_pk_constraint", "sa_line")["constrained_columns"] == [
        "order_id", "lineno"]
    checks = reflect(engine, "get_check_constraints", "sa_order")
    assert [(c["name"], c["sqltext"]) for c in checks] == [
        ("sa_order_total_check", "total >= (0)::numeric")]
    indexes = {i["name"]: i for i in reflect(engine, "get_indexes", "sa_order")}
    assert indexes["sa_order_code_total_idx"]["unique"] is True
    assert indexes["sa_order_code_total_idx"]["column_names"] == ["code", "total"]
    assert indexes["sa_order_recent_idx"]["column_names"] == ["placed", "code"]
    assert indexes["sa_order_recent_idx"]["column_sorting"] == {"placed": ("desc",)}
    columns = {c["name"]: c for c in reflect(engine, "get_columns", "sa_order")}
    assert columns["id"]["autoincrement"] is True
    assert columns["id"]["default"] == "nextval('sa_order_id_seq'::regclass)"
    assert columns["total"]["default"] == "'0'::numeric"
    assert isinstance(columns["total"]["type"], sa.Numeric)
    assert (columns["total"]["type"].precision, columns["total"]["type"].scale) == (10, 2)


def reflected_ddl(engine):
    # MetaData.reflect() of every table, written back as DDL: what a migration tool (alembic
    # autogenerate) would compare against the models.
    from sqlalchemy.schema import CreateIndex, CreateTable
    meta = sa.MetaData()
    meta.reflect(engine, only=TABLES + ["sa_ident"])
    dialect = engine.dialect
    out = []
    for name in sorted(meta.tables):
        table = meta.tables[name]
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: i.name):
            out.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return out


def test_reflected_ddl_matches_postgres(engine, oracle):
    assert reflected_ddl(engine) == reflected_ddl(oracle)


def test_reflected_ddl_matches_postgres_without_identity(engine, oracle):
    def without_identity(ddl):
        return [d for d in ddl if "sa_ident" not in d]
    got, want = reflected_ddl(engine), reflected_ddl(oracle)
    assert any("CREATE TABLE sa_order" in d for d in got)
    assert without_identity(got) == without_identity(want)


def test_autoload_table_round_trips(engine):
    reflected = sa.MetaData()
    table = sa.Table("sa_order", reflected, autoload_with=engine)
    assert [c.name for c in table.primary_key.columns] == ["id"]
    assert {fk.target_fullname for fk in table.foreign_keys} == {"sa_customer.id"}
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() >= 0

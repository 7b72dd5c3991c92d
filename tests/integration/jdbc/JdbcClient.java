// pgjdbc (Debian's libpostgresql-jdbc-java) against a server given as host and port.
// Each check prints "PASS <name>" or "FAIL <name>: <reason>"; test_jdbc.py asserts the lines.
// Usage: java -cp postgresql.jar:<dir> JdbcClient HOST PORT

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

import org.postgresql.PGStatement;

public final class JdbcClient {
  private static String url;

  interface Check {
    void run() throws Exception;
  }

  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  static void expect(boolean ok, String what) throws Failure {
    if (!ok) throw new Failure(what);
  }

  static void expectEq(Object want, Object got, String what) throws Failure {
    if (!Objects.equals(want, got)) throw new Failure(what + ": want <" + want + "> got <" + got + ">");
  }

  static Connection connect(String... props) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("sslmode", "disable");
    for (int i = 0; i + 1 < props.length; i += 2) p.setProperty(props[i], props[i + 1]);
    return DriverManager.getConnection(url, p);
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // -- checks ---------------------------------------------------------------------------------

  static void schema() throws Exception {
    try (Connection c = connect()) {
      exec(c, "CREATE TABLE jdbc_customer (id serial PRIMARY KEY, name varchar(40) NOT NULL, "
          + "email text UNIQUE, balance numeric(10,2) DEFAULT 0, since timestamptz)");
      exec(c, "CREATE TABLE jdbc_order (id bigint PRIMARY KEY, customer_id int NOT NULL "
          + "REFERENCES jdbc_customer(id), code char(4), qty smallint, note text)");
      exec(c, "CREATE INDEX jdbc_order_customer_idx ON jdbc_order (customer_id, code)");
      exec(c, "CREATE UNIQUE INDEX jdbc_order_code_key ON jdbc_order (code)");
      exec(c, "CREATE TABLE jdbc_batch (id int PRIMARY KEY, label text)");
      exec(c, "CREATE VIEW jdbc_rich AS SELECT id, name FROM jdbc_customer WHERE balance > 100");
    }
  }

  static void preparedPastThreshold() throws Exception {
    try (Connection c = connect()) {
      OffsetDateTime when = OffsetDateTime.of(2024, 3, 1, 10, 30, 0, 0, ZoneOffset.UTC);
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO jdbc_customer (name, email, balance, since) VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 8; i++) {
          ins.setString(1, "c" + i);
          ins.setString(2, "c" + i + "@example.com");
          ins.setBigDecimal(3, new BigDecimal(i * 50 + ".25"));
          ins.setObject(4, when.plusDays(i));
          expectEq(1, ins.executeUpdate(), "insert " + i);
        }
        expect(ins.unwrap(PGStatement.class).isUseServerPrepare(),
            "insert uses a named server statement after 5 executions");
      }
      try (PreparedStatement q = c.prepareStatement(
          "SELECT id, name, balance, since, balance * 2 AS twice FROM jdbc_customer WHERE id = ?")) {
        for (int round = 0; round < 7; round++) {
          int id = 1 + round;
          q.setInt(1, id);
          try (ResultSet rs = q.executeQuery()) {
            expect(rs.next(), "row " + id);
            expectEq(id, rs.getInt(1), "id");
            expectEq("c" + id, rs.getString(2), "name");
            expectEq(new BigDecimal(id * 50 + ".25"), rs.getBigDecimal(3), "balance");
            expectEq(when.plusDays(id), rs.getObject(4, OffsetDateTime.class), "since");
            expectEq(new BigDecimal(id * 50 + ".25").multiply(new BigDecimal(2)), rs.getBigDecimal(5), "twice");
            expect(!rs.next(), "one row");
          }
        }
        expect(q.unwrap(PGStatement.class).isUseServerPrepare(), "select is server-prepared");
      }
      // Untyped parameters inferred from their context, reused many times.
      try (PreparedStatement q = c.prepareStatement(
          "SELECT count(*) FROM jdbc_customer WHERE balance > ? AND name LIKE ?")) {
        for (int i = 0; i < 6; i++) {
          q.setBigDecimal(1, new BigDecimal(i * 100));
          q.setString(2, "c%");
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            long want = 0;
            for (int k = 1; k <= 8; k++) if (k * 50 + 0.25 > i * 100) want++;
            expectEq(want, rs.getLong(1), "count above " + i * 100);
          }
        }
      }
    }
  }

  static void binaryTransfer() throws Exception {
    // prepareThreshold=-1: server-prepared from the first execution with binary results.
    try (Connection c = connect("prepareThreshold", "-1", "binaryTransfer", "true")) {
      UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
      byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
      try (PreparedStatement q = c.prepareStatement(
          "SELECT ?::int4 + 1, ?::int8 * 2, ?::float8 / 2, ?::numeric(12,3), ?::uuid, ?::bytea, "
              + "?::bool, ?::date, ?::timestamptz, ?::text, ?::int2")) {
        for (int round = 0; round < 3; round++) {
          q.setInt(1, 41 + round);
          q.setLong(2, 1L << 40);
          q.setDouble(3, 5.0);
          q.setBigDecimal(4, new BigDecimal("-1234.5"));
          q.setObject(5, u);
          q.setBytes(6, bytes);
          q.setBoolean(7, true);
          q.setObject(8, java.time.LocalDate.of(2023, 12, 31));
          q.setObject(9, OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123456000, ZoneOffset.UTC));
          q.setString(10, "héllo");
          q.setShort(11, (short) -7);
          try (ResultSet rs = q.executeQuery()) {
            expect(rs.next(), "a row");
            expectEq(42 + round, rs.getInt(1), "int4");
            expectEq(1L << 41, rs.getLong(2), "int8");
            expectEq(2.5, rs.getDouble(3), "float8");
            expectEq(new BigDecimal("-1234.500"), rs.getBigDecimal(4), "numeric");
            expectEq(u, rs.getObject(5, UUID.class), "uuid");
            expect(Arrays.equals(bytes, rs.getBytes(6)), "bytea");
            expectEq(true, rs.getBoolean(7), "bool");
            expectEq(java.time.LocalDate.of(2023, 12, 31), rs.getObject(8, java.time.LocalDate.class), "date");
            expectEq(OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123456000, ZoneOffset.UTC),
                rs.getObject(9, OffsetDateTime.class), "timestamptz");
            expectEq("héllo", rs.getString(10), "text");
            expectEq((short) -7, rs.getShort(11), "int2");
          }
        }
        expect(q.unwrap(PGStatement.class).isUseServerPrepare(), "server-prepared at once");
      }
    }
  }

  static void batches() throws Exception {
    for (String rewrite : new String[] {"false", "true"}) {
      try (Connection c = connect("reWriteBatchedInserts", rewrite)) {
        exec(c, "DELETE FROM jdbc_batch");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_batch (id, label) VALUES (?, ?)")) {
          for (int i = 0; i < 120; i++) {
            ps.setInt(1, i);
            ps.setString(2, "row " + i);
            ps.addBatch();
          }
          int[] counts = ps.executeBatch();
          expectEq(120, counts.length, "batch result count (rewrite=" + rewrite + ")");
          for (int n : counts) {
            expect(n == 1 || (rewrite.equals("true") && n == Statement.SUCCESS_NO_INFO),
                "batch update count " + n);
          }
        }
        expectEq(120L, count(c, "jdbc_batch"), "rows after batch (rewrite=" + rewrite + ")");
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(id), max(label) FROM jdbc_batch")) {
          rs.next();
          expectEq(7140L, rs.getLong(1), "sum of ids");
          expectEq("row 99", rs.getString(2), "max label");
        }
        // A failing row in the middle: the whole batch fails in a transaction.
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_batch (id, label) VALUES (?, ?)")) {
          for (int id : new int[] {500, 501, 5, 502}) {
            ps.setInt(1, id);
            ps.setString(2, "dup");
            ps.addBatch();
          }
          try {
            ps.executeBatch();
            throw new Failure("duplicate key in a batch did not fail");
          } catch (BatchUpdateException e) {
            expectEq("23505", e.getSQLState(), "batch error SQLSTATE");
          }
        }
        c.rollback();
        c.setAutoCommit(true);
        expectEq(120L, count(c, "jdbc_batch"), "rows after failed batch");
      }
    }
    // Statement batches of different statements.
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.addBatch("UPDATE jdbc_batch SET label = 'x' WHERE id < 10");
      s.addBatch("DELETE FROM jdbc_batch WHERE id >= 100");
      s.addBatch("INSERT INTO jdbc_batch VALUES (1000, 'k')");
      expectEq(Arrays.toString(new int[] {10, 20, 1}), Arrays.toString(s.executeBatch()), "statement batch");
    }
  }

  static void transactions() throws Exception {
    try (Connection c = connect(); Connection other = connect()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO jdbc_batch VALUES (2000, 'rolled back')");
      expectEq(0L, countWhere(other, "id = 2000"), "uncommitted row invisible to another connection");
      c.rollback();
      expectEq(0L, countWhere(c, "id = 2000"), "rollback");
      exec(c, "INSERT INTO jdbc_batch VALUES (2001, 'committed')");
      Savepoint sp = c.setSavepoint("sp1");
      exec(c, "INSERT INTO jdbc_batch VALUES (2002, 'to savepoint')");
      c.rollback(sp);
      exec(c, "INSERT INTO jdbc_batch VALUES (2003, 'after savepoint')");
      c.commit();
      expectEq(2L, countWhere(other, "id BETWEEN 2000 AND 2003"), "commit with savepoint");
      // An error aborts the transaction: 25P02 until rollback.
      try {
        exec(c, "INSERT INTO jdbc_batch VALUES (2001, 'duplicate')");
        throw new Failure("duplicate insert succeeded");
      } catch (SQLException e) {
        expectEq("23505", e.getSQLState(), "duplicate SQLSTATE");
      }
      try {
        exec(c, "SELECT 1");
        throw new Failure("statement in an aborted transaction succeeded");
      } catch (SQLException e) {
        expectEq("25P02", e.getSQLState(), "aborted transaction SQLSTATE");
      }
      c.rollback();
      expectEq(1L, countWhere(c, "id = 2003"), "usable after rollback");
      c.commit();
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
        rs.next();
        expectEq("serializable", rs.getString(1), "isolation level");
      }
      c.commit();
      // Fetch size in a transaction: a portal read in chunks (Execute with a row limit).
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jdbc_batch ORDER BY id")) {
        ps.setFetchSize(7);
        List<Integer> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) ids.add(rs.getInt(1));
        }
        expectEq(countWhere(c, "true"), (long) ids.size(), "rows through fetch size");
        for (int i = 1; i < ids.size(); i++) expect(ids.get(i - 1) < ids.get(i), "ordered");
      }
      c.commit();
    }
  }

  static long countWhere(Connection c, String where) throws SQLException {
    return count(c, "jdbc_batch WHERE " + where);
  }

  static void metadata() throws Exception {
    try (Connection c = connect()) {
      DatabaseMetaData md = c.getMetaData();
      expectEq("PostgreSQL", md.getDatabaseProductName(), "product name");
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "jdbc\\_%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE") + ":" + rs.getString("TABLE_SCHEM"));
        }
      }
      expectEq(List.of("jdbc_batch:TABLE:public", "jdbc_customer:TABLE:public", "jdbc_order:TABLE:public"),
          tables, "getTables");
      List<String> views = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "jdbc%", new String[] {"VIEW"})) {
        while (rs.next()) views.add(rs.getString("TABLE_NAME"));
      }
      expectEq(List.of("jdbc_rich"), views, "getTables VIEW");

      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", "jdbc_customer", "%")) {
        while (rs.next()) {
          cols.add(rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " "
              + rs.getInt("DATA_TYPE") + " " + rs.getString("TYPE_NAME") + " " + rs.getInt("COLUMN_SIZE")
              + " " + rs.getInt("DECIMAL_DIGITS") + " " + rs.getInt("NULLABLE") + " "
              + rs.getString("COLUMN_DEF") + " " + rs.getString("IS_AUTOINCREMENT"));
        }
      }
      expectEq(List.of(
          "1 id " + Types.INTEGER + " serial 10 0 0 nextval('jdbc_customer_id_seq'::regclass) YES",
          "2 name " + Types.VARCHAR + " varchar 40 0 0 null NO",
          "3 email " + Types.VARCHAR + " text 2147483647 0 1 null NO",
          "4 balance " + Types.NUMERIC + " numeric 10 2 1 0 NO",
          "5 since " + Types.TIMESTAMP + " timestamptz 35 6 1 null NO"), cols, "getColumns");

      List<String> pk = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, "public", "jdbc_order")) {
        while (rs.next()) pk.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("KEY_SEQ") + ":" + rs.getString("PK_NAME"));
      }
      expectEq(List.of("id:1:jdbc_order_pkey"), pk, "getPrimaryKeys");

      List<String> idx = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(null, "public", "jdbc_order", false, false)) {
        while (rs.next()) {
          idx.add(rs.getString("INDEX_NAME") + ":" + rs.getBoolean("NON_UNIQUE") + ":"
              + rs.getInt("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME") + ":" + rs.getString("ASC_OR_DESC"));
        }
      }
      expectEq(List.of("jdbc_order_code_key:false:1:code:A", "jdbc_order_pkey:false:1:id:A",
          "jdbc_order_customer_idx:true:1:customer_id:A", "jdbc_order_customer_idx:true:2:code:A"),
          idx, "getIndexInfo");
      List<String> unique = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(null, "public", "jdbc_order", true, false)) {
        while (rs.next()) unique.add(rs.getString("INDEX_NAME"));
      }
      expectEq(List.of("jdbc_order_code_key", "jdbc_order_pkey"), unique, "getIndexInfo unique only");

      List<String> fks = new ArrayList<>();
      try (ResultSet rs = md.getImportedKeys(null, "public", "jdbc_order")) {
        while (rs.next()) {
          fks.add(rs.getString("FKCOLUMN_NAME") + "->" + rs.getString("PKTABLE_NAME") + "."
              + rs.getString("PKCOLUMN_NAME") + ":" + rs.getString("FK_NAME"));
        }
      }
      expectEq(List.of("customer_id->jdbc_customer.id:jdbc_order_customer_id_fkey"), fks, "getImportedKeys");

      List<String> exported = new ArrayList<>();
      try (ResultSet rs = md.getExportedKeys(null, "public", "jdbc_customer")) {
        while (rs.next()) {
          exported.add(rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + ":"
              + rs.getInt("KEY_SEQ") + ":" + rs.getInt("DELETE_RULE") + ":" + rs.getString("PK_NAME"));
        }
      }
      expectEq(List.of("jdbc_order.customer_id:1:" + DatabaseMetaData.importedKeyNoAction + ":jdbc_customer_pkey"),
          exported, "getExportedKeys");
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
      }
      expect(schemas.contains("public") && schemas.contains("pg_catalog"), "getSchemas: " + schemas);
      List<String> viewCols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", "jdbc_rich", "%")) {
        while (rs.next()) viewCols.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
      }
      expectEq(List.of("id int4", "name varchar"), viewCols, "getColumns of a view");
      List<String> types = new ArrayList<>();
      try (ResultSet rs = md.getTypeInfo()) {
        while (rs.next()) {
          String n = rs.getString("TYPE_NAME");
          if (n.equals("int4") || n.equals("numeric") || n.equals("text") || n.equals("timestamptz")) {
            types.add(n + ":" + rs.getInt("DATA_TYPE"));
          }
        }
      }
      java.util.Collections.sort(types);
      expectEq(List.of("int4:" + Types.INTEGER, "numeric:" + Types.NUMERIC, "text:" + Types.VARCHAR,
          "timestamptz:" + Types.TIMESTAMP), types, "getTypeInfo");

      // ResultSetMetaData joins the table OID and column number with pg_attribute/pg_class.
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT o.id, o.code, c.name, 1 AS one FROM jdbc_order o "
               + "JOIN jdbc_customer c ON c.id = o.customer_id")) {
        ResultSetMetaData m = rs.getMetaData();
        expectEq("jdbc_order", m.getTableName(1), "table of column 1");
        expectEq("jdbc_customer", m.getTableName(3), "table of column 3");
        expectEq("", m.getTableName(4), "table of a computed column");
        expectEq(ResultSetMetaData.columnNoNulls, m.isNullable(3), "name NOT NULL");
        expectEq(ResultSetMetaData.columnNullable, m.isNullable(2), "code nullable");
        expectEq("bpchar", m.getColumnTypeName(2), "char(4) type name");
        expectEq(4, m.getPrecision(2), "char(4) precision");
      }
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT id, name FROM jdbc_customer LIMIT 1")) {
        expect(rs.getMetaData().isAutoIncrement(1), "serial column is auto-increment");
        expect(!rs.getMetaData().isAutoIncrement(2), "varchar column is not auto-increment");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres";
    Object[][] checks = {
        {"schema", (Check) JdbcClient::schema},
        {"prepared", (Check) JdbcClient::preparedPastThreshold},
        {"binary", (Check) JdbcClient::binaryTransfer},
        {"batches", (Check) JdbcClient::batches},
        {"transactions", (Check) JdbcClient::transactions},
        {"metadata", (Check) JdbcClient::metadata},
    };
    for (Object[] check : checks) {
      String name = (String) check[0];
      try {
        ((Check) check[1]).run();
        System.out.println("PASS " + name);
      } catch (Failure e) {
        System.out.println("FAIL " + name + ": " + e.getMessage());
      } catch (SQLException e) {
        System.out.println("FAIL " + name + ": SQLException " + e.getSQLState() + " " + e.getMessage().replace('\n', ' '));
      } catch (Exception e) {
        System.out.println("FAIL " + name + ": " + e.toString().replace('\n', ' '));
      }
    }
  }
}

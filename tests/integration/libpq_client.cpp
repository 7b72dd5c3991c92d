// A small libpq program: what a C or C++ application does against litewire. Run by
// test_libpq.py with a conninfo string; exits non-zero with a message on the first mismatch.

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "FAIL: " << what << "\n";
    ++failures;
  }
}

std::string sqlstate(const PGresult* r) {
  const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return s ? s : "";
}

PGresult* exec(PGconn* c, const char* sql, ExecStatusType expect) {
  PGresult* r = PQexec(c, sql);
  check(PQresultStatus(r) == expect,
        std::string(sql) + ": " + PQresStatus(PQresultStatus(r)) + " " + PQresultErrorMessage(r));
  return r;
}

uint32_t be32(const char* p) {
  return (uint32_t(uint8_t(p[0])) << 24) | (uint32_t(uint8_t(p[1])) << 16) |
         (uint32_t(uint8_t(p[2])) << 8) | uint32_t(uint8_t(p[3]));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: libpq_client CONNINFO\n";
    return 2;
  }
  PGconn* c = PQconnectdb(argv[1]);
  if (PQstatus(c) != CONNECTION_OK) {
    std::cerr << "connect failed: " << PQerrorMessage(c);
    return 1;
  }
  check(std::string(PQparameterStatus(c, "server_version")).rfind("15.", 0) == 0, "server_version 15.x");
  check(std::string(PQparameterStatus(c, "client_encoding")) == "UTF8", "client_encoding UTF8");
  check(PQbackendPID(c) != 0, "backend pid");

  PQclear(exec(c, "DROP TABLE IF EXISTS libpq_items", PGRES_COMMAND_OK));
  PQclear(exec(c, "CREATE TABLE libpq_items (id int PRIMARY KEY, name text, price numeric(8,2))",
               PGRES_COMMAND_OK));

  // Prepared statement with typed parameters, executed several times.
  PGresult* r = PQprepare(c, "ins", "INSERT INTO libpq_items VALUES ($1, $2, $3)", 3, nullptr);
  check(PQresultStatus(r) == PGRES_COMMAND_OK, "prepare");
  PQclear(r);
  for (int i = 1; i <= 3; ++i) {
    std::string id = std::to_string(i), name = "item " + id, price = id + ".5";
    const char* values[] = {id.c_str(), name.c_str(), price.c_str()};
    r = PQexecPrepared(c, "ins", 3, values, nullptr, nullptr, 0);
    check(PQresultStatus(r) == PGRES_COMMAND_OK && std::string(PQcmdTuples(r)) == "1", "insert " + id);
    PQclear(r);
  }

  // Binary result for an int4 and text result for a numeric with its scale.
  const char* param[] = {"2"};
  r = PQexecParams(c, "SELECT id, price FROM libpq_items WHERE id = $1", 1, nullptr, param, nullptr,
                   nullptr, 1);
  check(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1, "select binary");
  if (PQntuples(r) == 1) {
    check(PQftype(r, 0) == 23 && PQgetlength(r, 0, 0) == 4 && be32(PQgetvalue(r, 0, 0)) == 2,
          "binary int4 value 2");
    check(PQftype(r, 1) == 1700, "numeric column type");
  }
  PQclear(r);
  r = exec(c, "SELECT price FROM libpq_items WHERE id = 3", PGRES_TUPLES_OK);
  check(PQntuples(r) == 1 && std::strcmp(PQgetvalue(r, 0, 0), "3.50") == 0, "numeric(8,2) renders 3.50");
  PQclear(r);

  // Errors carry their SQLSTATE; the connection stays usable.
  r = PQexec(c, "INSERT INTO libpq_items VALUES (1, 'dup', 0)");
  check(sqlstate(r) == "23505", "unique violation 23505, got " + sqlstate(r));
  PQclear(r);
  r = PQexec(c, "SELECT * FROM libpq_no_such_table");
  check(sqlstate(r) == "42P01", "undefined table 42P01, got " + sqlstate(r));
  PQclear(r);

  // A transaction that rolls back leaves nothing behind.
  PQclear(exec(c, "BEGIN", PGRES_COMMAND_OK));
  check(PQtransactionStatus(c) == PQTRANS_INTRANS, "in transaction");
  PQclear(exec(c, "DELETE FROM libpq_items", PGRES_COMMAND_OK));
  PQclear(exec(c, "ROLLBACK", PGRES_COMMAND_OK));
  check(PQtransactionStatus(c) == PQTRANS_IDLE, "idle after rollback");
  r = exec(c, "SELECT count(*) FROM libpq_items", PGRES_TUPLES_OK);
  check(std::strcmp(PQgetvalue(r, 0, 0), "3") == 0, "rollback kept 3 rows");
  PQclear(r);

  // COPY FROM STDIN, then COPY TO STDOUT.
  r = exec(c, "COPY libpq_items (id, name, price) FROM STDIN WITH (FORMAT csv)", PGRES_COPY_IN);
  PQclear(r);
  const char* rows = "10,\"ten, with comma\",10.10\n11,,11\n";
  check(PQputCopyData(c, rows, static_cast<int>(std::strlen(rows))) == 1, "put copy data");
  check(PQputCopyEnd(c, nullptr) == 1, "put copy end");
  r = PQgetResult(c);
  check(PQresultStatus(r) == PGRES_COMMAND_OK && std::string(PQcmdStatus(r)) == "COPY 2",
        std::string("COPY 2, got ") + PQcmdStatus(r) + " " + PQresultErrorMessage(r));
  PQclear(r);
  while ((r = PQgetResult(c)) != nullptr) PQclear(r);
  r = exec(c, "COPY (SELECT id, name FROM libpq_items WHERE id >= 10 ORDER BY id) TO STDOUT", PGRES_COPY_OUT);
  PQclear(r);
  std::string copied;
  char* buf = nullptr;
  int n;
  while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
    copied.append(buf, n);
    PQfreemem(buf);
  }
  check(copied == "10\tten, with comma\n11\t\\N\n", "COPY TO output, got [" + copied + "]");
  while ((r = PQgetResult(c)) != nullptr) PQclear(r);

  // CancelRequest interrupts a running statement with 57014.
  check(PQsendQuery(c, "SELECT pg_sleep(30)") == 1, "send pg_sleep");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  PGcancel* cancel = PQgetCancel(c);
  char errbuf[256];
  check(PQcancel(cancel, errbuf, sizeof errbuf) == 1, "cancel sent");
  PQfreeCancel(cancel);
  r = PQgetResult(c);
  check(sqlstate(r) == "57014", "canceled statement gives 57014, got " + sqlstate(r));
  PQclear(r);
  while ((r = PQgetResult(c)) != nullptr) PQclear(r);
  r = exec(c, "SELECT 1", PGRES_TUPLES_OK);
  PQclear(r);

  PQclear(exec(c, "DROP TABLE libpq_items", PGRES_COMMAND_OK));
  PQfinish(c);
  if (failures == 0) std::cout << "libpq client: all checks passed\n";
  return failures == 0 ? 0 : 1;
}

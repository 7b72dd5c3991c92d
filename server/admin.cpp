#include "server/admin.h"

#include "server/server.h"

namespace litewire::server {

namespace asio = boost::asio;

std::string render_metrics(Server& server) {
  std::string out;
  auto metric = [&](const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  };
  metric("litewire_connections", "gauge", "Client connections open now.");
  out += "litewire_connections " + std::to_string(server.connection_count().load()) + "\n";
  metric("litewire_commits_total", "counter", "SQLite commits made by the writer, per database.");
  std::string batched, reads, retries;
  for (const auto& [name, db] : server.open_databases()) {
    const auto& s = db->stats();
    out += "litewire_commits_total{database=\"" + name + "\"} " + std::to_string(s.commits.load()) + "\n";
    batched += "litewire_group_commit_jobs_total{database=\"" + name + "\"} " +
               std::to_string(s.batched_jobs.load()) + "\n";
    reads += "litewire_reads_total{database=\"" + name + "\"} " + std::to_string(s.reads.load()) + "\n";
    retries += "litewire_read_validation_retries_total{database=\"" + name + "\"} " +
               std::to_string(s.read_retries.load()) + "\n";
  }
  metric("litewire_group_commit_jobs_total", "counter", "Autocommit writes acknowledged through group commit.");
  out += batched;
  metric("litewire_reads_total", "counter", "Jobs run on reader connections.");
  out += reads;
  metric("litewire_read_validation_retries_total", "counter",
         "Shared mode, --read-validation on: reads run again because a commit overlapped them.");
  out += retries;
  return out;
}

namespace {

asio::awaitable<void> serve_one(Server& server, asio::ip::tcp::socket socket) {
  std::string request;
  char buf[1024];
  // Read the request head (bounded: anything larger than 8 KiB is not an admin request).
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < 8192) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    request.append(buf, n);
  }
  std::string path;
  if (request.rfind("GET ", 0) == 0) path = request.substr(4, request.find(' ', 4) - 4);
  int status = 200;
  std::string body, type = "text/plain; charset=utf-8";
  if (path == "/healthz") {
    body = "ok\n";
  } else if (path == "/readyz") {
    bool ready = server.ready();
    status = ready ? 200 : 503;
    body = ready ? "ready\n" : "not ready\n";
  } else if (path == "/metrics") {
    body = render_metrics(server);
    type = "text/plain; version=0.0.4; charset=utf-8";
  } else {
    status = 404;
    body = "not found\n";
  }
  std::string reason = status == 200 ? "OK" : status == 503 ? "Service Unavailable" : "Not Found";
  std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + type +
                         "\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\nConnection: close\r\n\r\n" + body;
  co_await asio::async_write(socket, asio::buffer(response), asio::as_tuple(asio::use_awaitable));
  boost::system::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

}  // namespace

asio::awaitable<void> admin_accept_loop(Server& server, asio::ip::tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), serve_one(server, std::move(socket)), asio::detached);
  }
}

}  // namespace litewire::server

#pragma once
// The admin HTTP endpoint (--admin-port): GET /healthz (the process serves), GET /readyz (the
// listener accepts and the default database is open), GET /metrics (Prometheus text format).
// Runs on the server's io_context; one short request per connection.

#include <boost/asio.hpp>
#include <functional>
#include <string>

namespace litewire::server {

class Server;

// Renders the Prometheus text exposition of the server's counters.
std::string render_metrics(Server& server);

// Accepts admin connections on `acceptor` until it is closed.
boost::asio::awaitable<void> admin_accept_loop(Server& server, boost::asio::ip::tcp::acceptor& acceptor);

}  // namespace litewire::server

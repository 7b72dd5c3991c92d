#pragma once
// Server: the listener, the I/O threads, the open databases and the registry of sessions
// (for CancelRequest). One per process.

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "protocol/pg_error.h"
#include "server/advisory_locks.h"
#include "server/auth.h"
#include "server/config.h"
#include "sqlite/engine/database.h"

namespace litewire::server {

class Session;

class Server {
 public:
  explicit Server(Config config);
  ~Server();

  // Prepares the data directory, opens the default database, binds the listener.
  protocol::Result<void> start();
  // Runs the I/O threads until stop() (SIGINT/SIGTERM); returns the exit code.
  int run();
  void stop();
  uint16_t port() const { return bound_port_; }

  const Config& config() const { return config_; }
  boost::asio::ssl::context* tls_context() { return tls_.get(); }
  const UserStore& users() const { return users_; }

  // The database named `name` (<data_dir>/<name>.db), opened on first use. 3D000 when the
  // file does not exist.
  protocol::Result<std::shared_ptr<sqlite::Database>> database(const std::string& name);
  protocol::Result<void> create_database(const std::string& name);
  protocol::Result<void> drop_database(const std::string& name);
  bool database_exists(const std::string& name) const;
  std::vector<std::string> database_names() const;

  // The databases open now (for metrics).
  std::vector<std::pair<std::string, std::shared_ptr<sqlite::Database>>> open_databases() const;
  // The listener accepts and the default database is open.
  bool ready() const { return ready_.load(); }

  // Session registry.
  void register_session(int32_t pid, int32_t key, std::weak_ptr<Session> s);
  void unregister_session(int32_t pid);
  void cancel(int32_t pid, int32_t key);
  std::atomic<int>& connection_count() { return connections_; }

  // Advisory locks (pg_advisory_lock ...) of this instance's sessions.
  AdvisoryLocks& advisory_locks() { return advisory_locks_; }

  // LISTEN/NOTIFY within this instance.
  void notify(const std::string& database, const std::string& channel, const std::string& payload,
              int32_t sender_pid);

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::io_context& next_io_context();  // round robin over the network threads
  // Closes databases that no session has used for config_.database_idle_close.
  boost::asio::awaitable<void> close_idle_databases();
  std::string database_path(const std::string& name) const;
  sqlite::DatabaseOptions database_options(const std::string& name) const;

  Config config_;
  AdvisoryLocks advisory_locks_;
  // Declared before io_: destroying io_ destroys the sessions' coroutine frames, and a
  // session unregisters itself (and may drop a Database) as it goes.
  std::mutex sessions_mu_;
  struct Registered {
    int32_t key;
    std::weak_ptr<Session> session;
  };
  std::map<int32_t, Registered> sessions_;
  mutable std::mutex db_mu_;
  std::map<std::string, std::shared_ptr<sqlite::Database>> databases_;
  // One io_context per network thread, each run by that thread alone: a session's handlers
  // and the engine's replies to it never hop between network threads (a shared io_context
  // hands ready events from the thread that polled them to another, one more wake-up per
  // message). io_ is the first; it also runs the listeners, signals and housekeeping.
  // more_io_ is declared first so that it outlives io_: the accept loop's frame, destroyed with
  // io_, holds the next session's socket, which lives on a strand of one of more_io_.
  std::vector<std::unique_ptr<boost::asio::io_context>> more_io_;
  boost::asio::io_context io_{1};
  std::atomic<size_t> next_io_{0};
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::acceptor admin_acceptor_;
  std::atomic<bool> ready_{false};
  boost::asio::signal_set signals_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  UserStore users_;
  uint16_t bound_port_ = 0;
  std::atomic<int> connections_{0};

};

// A database name is a file name inside the data directory: letters, digits, _ - and . only
// (never a path), at most 63 bytes.
bool valid_database_name(std::string_view name);

}  // namespace litewire::server

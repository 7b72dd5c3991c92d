#include "server/server.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>

#include "locking/lease.h"
#include "server/admin.h"
#include "server/session.h"

namespace litewire::server {

namespace asio = boost::asio;
using protocol::PgError;
namespace sqlstate = protocol::sqlstate;

namespace {
std::shared_ptr<spdlog::logger> logger() {
  static auto l = [] {
    auto existing = spdlog::get("server");
    return existing ? existing : spdlog::default_logger()->clone("server");
  }();
  return l;
}
// The engine's view of a locking::Lease (sqlite/ does not depend on locking/).
class EngineLease final : public sqlite::WriteLease {
 public:
  explicit EngineLease(std::unique_ptr<locking::Lease> lease) : lease_(std::move(lease)) {}
  protocol::Result<uint64_t> acquire(std::chrono::steady_clock::time_point deadline) override {
    return lease_->acquire(deadline);
  }
  bool valid() const override { return lease_->valid(); }
  void touch() override { lease_->touch(); }
  void release() override { lease_->release(); }
  bool others_waiting() const override { return lease_->others_waiting(); }
  void hold(bool open) override { lease_->hold(open); }
  void yield() override { lease_->yield(); }
  void on_lost(std::function<void()> cb) override { lease_->on_lost(std::move(cb)); }
  std::string describe_holder() const override { return lease_->describe_holder(); }

 private:
  std::unique_ptr<locking::Lease> lease_;
};

// Shared mode: one lease per database, item "litewire#<database id>/<database name>".
protocol::Result<sqlite::DatabaseOptions> with_lease(const Config& config, const std::string& name,
                                                     sqlite::DatabaseOptions o) {
  if (config.mode != Mode::kShared) return o;
  LITEWIRE_TRY_ASSIGN(settings, locking::dynamodb_settings_from_env(locking::aws::process_env()));
  locking::LeaseConfig lc;
  lc.table = config.dynamodb_table;
  lc.database_id = config.database_id + "/" + name;
  lc.lease = std::chrono::milliseconds(config.lease_ms);
  lc.heartbeat = std::chrono::milliseconds(config.lease_heartbeat_ms);
  lc.acquire_timeout = std::chrono::milliseconds(config.lease_acquire_timeout_ms);
  lc.max_attempts = config.lease_max_attempts;
  lc.idle_release = std::chrono::milliseconds(config.lease_idle_release_ms);
  LITEWIRE_TRY_ASSIGN(lease, locking::make_dynamodb_lease(std::move(lc), std::move(settings)));
  o.lease = std::make_shared<EngineLease>(std::move(lease));
  o.acquire_timeout = std::chrono::milliseconds(config.lease_acquire_timeout_ms);
  return o;
}

}  // namespace

bool valid_database_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || name == "." || name == "..") return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  }
  return name.front() != '.';
}

Server::Server(Config config)
    : config_(std::move(config)), acceptor_(io_), admin_acceptor_(io_), signals_(io_, SIGINT, SIGTERM) {
  const int n = config_.io_threads > 0 ? config_.io_threads
                                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i < n; ++i) more_io_.push_back(std::make_unique<asio::io_context>(1));
}

asio::io_context& Server::next_io_context() {
  const size_t i = next_io_.fetch_add(1, std::memory_order_relaxed) % (more_io_.size() + 1);
  return i == 0 ? io_ : *more_io_[i - 1];
}

Server::~Server() { stop(); }

std::string Server::database_path(const std::string& name) const {
  return config_.data_dir + "/" + name + ".db";
}

sqlite::DatabaseOptions Server::database_options(const std::string& name) const {
  sqlite::DatabaseOptions o;
  o.path = database_path(name);
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  o.readers = config_.readers > 0 ? config_.readers : 2 * cores;
  o.inline_readers = config_.io_threads > 0 ? config_.io_threads : cores;
  o.read_inline_budget = std::chrono::microseconds(config_.read_inline_budget_us);
  o.connection.synchronous_full = config_.mode == Mode::kShared || config_.synchronous_full;
  o.connection.journal = config_.mode == Mode::kShared ? sqlite::JournalMode::kDelete : sqlite::JournalMode::kWal;
  o.connection.vfs = config_.sqlite_vfs;
  o.exclusive_lock_file = config_.mode == Mode::kLocal;
  o.read_validation = config_.mode == Mode::kShared && config_.read_validation;
  return o;
}

protocol::Result<void> Server::start() {
  if (config_.mode == Mode::kShared && config_.database_id.empty()) {
    return PgError(sqlstate::kInvalidParameterValue, "--mode shared needs --database-id")
        .with_hint("Give every instance that shares this data directory the same --database-id.");
  }
  std::error_code fs_ec;
  std::filesystem::create_directories(config_.data_dir, fs_ec);
  if (fs_ec) {
    return PgError(sqlstate::kIoError, "could not create data directory \"" + config_.data_dir +
                                           "\": " + fs_ec.message());
  }
  auto users = UserStore::load(config_.users_path());
  if (!users) return users.error();
  users_ = std::move(*users);
  if (config_.auth != AuthMethod::kTrust && users_.empty()) {
    logger()->warn("--auth {} but no users in {}: every login will fail; add one with `litewire passwd USER`",
                   auth_method_name(config_.auth), config_.users_path());
  }
  if (!config_.tls_cert.empty()) {
    tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    tls_->use_certificate_chain_file(config_.tls_cert, ec);
    if (!ec) tls_->use_private_key_file(config_.tls_key, asio::ssl::context::pem, ec);
    if (ec) {
      return PgError(sqlstate::kConfigFileError, "could not load TLS certificate or key: " + ec.message());
    }
  }
  // The default database exists from the start, so `psql -U postgres` works at once.
  if (!database_exists("postgres")) LITEWIRE_TRY(create_database("postgres"));
  LITEWIRE_TRY(database("postgres"));

  boost::system::error_code ec;
  auto address = asio::ip::make_address(config_.host, ec);
  if (ec) return PgError(sqlstate::kConfigFileError, "invalid --host \"" + config_.host + "\"");
  asio::ip::tcp::endpoint ep(address, config_.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return PgError(sqlstate::kConnectionException, "could not listen on " + config_.host + ":" +
                                                        std::to_string(config_.port) + ": " + ec.message());
  }
  bound_port_ = acceptor_.local_endpoint().port();
  if (config_.admin_port) {
    asio::ip::tcp::endpoint admin_ep(address, *config_.admin_port);
    admin_acceptor_.open(admin_ep.protocol(), ec);
    if (!ec) admin_acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) admin_acceptor_.bind(admin_ep, ec);
    if (!ec) admin_acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return PgError(sqlstate::kConnectionException,
                     "could not listen on admin port " + std::to_string(*config_.admin_port) + ": " + ec.message());
    }
  }
  return {};
}

int Server::run() {
  signals_.async_wait([this](boost::system::error_code ec, int sig) {
    if (ec) return;
    logger()->info("received signal {}, shutting down", sig);
    stop();
  });
  asio::co_spawn(io_, accept_loop(), asio::detached);
  if (config_.database_idle_close.count() > 0) asio::co_spawn(io_, close_idle_databases(), asio::detached);
  if (admin_acceptor_.is_open()) asio::co_spawn(io_, admin_accept_loop(*this, admin_acceptor_), asio::detached);
  ready_ = true;
  logger()->info("litewire listening on {}:{} (data dir {}, mode {}, auth {})", config_.host, bound_port_,
                 config_.data_dir, config_.mode == Mode::kLocal ? "local" : "shared",
                 auth_method_name(config_.auth));
  std::vector<std::thread> threads;
  for (auto& ctx : more_io_) {
    threads.emplace_back([&ctx] {
      auto guard = asio::make_work_guard(*ctx);
      ctx->run();
    });
  }
  io_.run();
  for (auto& ctx : more_io_) ctx->stop();
  for (auto& t : threads) t.join();
  {
    std::lock_guard lk(db_mu_);
    // Writers commit what they hold and stop; in shared mode each gives its lease back now,
    // even while a session frame still holds a reference to its Database.
    for (auto& [name, db] : databases_) db->shutdown();
    databases_.clear();
  }
  return 0;
}

void Server::stop() {
  asio::post(io_, [this] {
    boost::system::error_code ec;
    ready_ = false;
    acceptor_.close(ec);
    admin_acceptor_.close(ec);
    signals_.cancel(ec);
    io_.stop();
  });
}

asio::awaitable<void> Server::close_idle_databases() {
  const auto idle_limit = config_.database_idle_close;
  const auto period = std::clamp<std::chrono::milliseconds>(idle_limit / 4, std::chrono::milliseconds(50),
                                                            std::chrono::milliseconds(10000));
  std::map<std::string, std::chrono::steady_clock::time_point> idle_since;
  asio::steady_timer timer(io_);
  for (;;) {
    timer.expires_after(period);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || !acceptor_.is_open()) co_return;
    std::vector<std::shared_ptr<sqlite::Database>> closing;
    {
      std::lock_guard lk(db_mu_);
      const auto now = std::chrono::steady_clock::now();
      for (auto it = databases_.begin(); it != databases_.end();) {
        // Only the map holds it: no session, no statement in flight.
        if (it->second.use_count() > 1) {
          idle_since.erase(it->first);
          ++it;
          continue;
        }
        auto [since, fresh] = idle_since.try_emplace(it->first, now);
        if (now - since->second < idle_limit) {
          ++it;
          continue;
        }
        logger()->info("closing database {} after {} ms without sessions", it->first, idle_limit.count());
        idle_since.erase(since);
        closing.push_back(std::move(it->second));
        it = databases_.erase(it);
      }
      // Closed under the lock: a session opening the same database meanwhile must wait, or
      // its new handle would find the old one's lock file still held.
      for (auto& db : closing) db->shutdown();
      closing.clear();
    }
  }
}

asio::awaitable<void> Server::accept_loop() {
  static std::atomic<uint64_t> next_id{1};
  for (;;) {
    boost::system::error_code ec;
    asio::ip::tcp::socket socket(asio::make_strand(next_io_context()));
    co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      logger()->warn("accept failed: {}", ec.message());
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    auto id = next_id.fetch_add(1);
    auto session = std::make_shared<Session>(*this, std::move(socket), id);
    const int count = connections_.fetch_add(1) + 1;
    auto ex = session->executor();
    asio::co_spawn(ex, [this, session, count]() -> asio::awaitable<void> {
      if (count > config_.max_connections) {
        co_await session->reject_too_many();
      } else {
        co_await session->run();
      }
      connections_.fetch_sub(1);
    }, asio::detached);
  }
}

std::vector<std::pair<std::string, std::shared_ptr<sqlite::Database>>> Server::open_databases() const {
  std::lock_guard lk(db_mu_);
  return {databases_.begin(), databases_.end()};
}

bool Server::database_exists(const std::string& name) const {
  if (!valid_database_name(name)) return false;
  struct stat st {};
  return ::stat(database_path(name).c_str(), &st) == 0;
}

std::vector<std::string> Server::database_names() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(config_.data_dir, ec)) {
    if (e.path().extension() == ".db") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

protocol::Result<std::shared_ptr<sqlite::Database>> Server::database(const std::string& name) {
  std::lock_guard lk(db_mu_);
  if (auto it = databases_.find(name); it != databases_.end()) return it->second;
  if (!database_exists(name)) {
    return PgError(sqlstate::kInvalidCatalogName, "database \"" + name + "\" does not exist");
  }
  LITEWIRE_TRY_ASSIGN(options, with_lease(config_, name, database_options(name)));
  LITEWIRE_TRY_ASSIGN(db, sqlite::Database::open(name, std::move(options)));
  databases_[name] = db;
  return db;
}

protocol::Result<void> Server::create_database(const std::string& name) {
  if (!valid_database_name(name)) {
    return PgError(sqlstate::kInvalidName, "invalid database name \"" + name + "\"")
        .with_detail("Database names are file names: letters, digits, _, - and . only.");
  }
  std::lock_guard lk(db_mu_);
  if (database_exists(name)) {
    return PgError(sqlstate::kDuplicateDatabase, "database \"" + name + "\" already exists");
  }
  // Creating the file through SQLite gives a valid, empty database with litewire's metadata.
  LITEWIRE_TRY_ASSIGN(opts, with_lease(config_, name, database_options(name)));
  opts.readers = 1;
  LITEWIRE_TRY_ASSIGN(db, sqlite::Database::open(name, opts));
  db.reset();
  return {};
}

protocol::Result<void> Server::drop_database(const std::string& name) {
  std::lock_guard lk(db_mu_);
  if (!database_exists(name)) {
    return PgError(sqlstate::kInvalidCatalogName, "database \"" + name + "\" does not exist");
  }
  if (auto it = databases_.find(name); it != databases_.end()) {
    if (it->second.use_count() > 1) {
      return PgError(sqlstate::kObjectInUse,
                     "database \"" + name + "\" is being accessed by other users");
    }
    databases_.erase(it);
  }
  const std::string base = database_path(name);
  for (const char* suffix : {"", "-wal", "-shm", "-journal", ".litewire-lock"}) {
    std::error_code ec;
    std::filesystem::remove(base + suffix, ec);
  }
  return {};
}

void Server::register_session(int32_t pid, int32_t key, std::weak_ptr<Session> s) {
  std::lock_guard lk(sessions_mu_);
  sessions_[pid] = Registered{key, std::move(s)};
}

void Server::unregister_session(int32_t pid) {
  std::lock_guard lk(sessions_mu_);
  sessions_.erase(pid);
}

void Server::cancel(int32_t pid, int32_t key) {
  std::shared_ptr<Session> target;
  {
    std::lock_guard lk(sessions_mu_);
    auto it = sessions_.find(pid);
    // A wrong key is ignored silently, as PostgreSQL does.
    if (it == sessions_.end() || it->second.key != key) return;
    target = it->second.session.lock();
  }
  if (target) target->cancel();
}

void Server::notify(const std::string& database, const std::string& channel,
                    const std::string& payload, int32_t sender_pid) {
  std::vector<std::shared_ptr<Session>> targets;
  {
    std::lock_guard lk(sessions_mu_);
    for (auto& [pid, reg] : sessions_) {
      if (auto s = reg.session.lock(); s && s->listening(database, channel)) targets.push_back(s);
    }
  }
  for (auto& s : targets) s->deliver_notification(sender_pid, channel, payload);
}

}  // namespace litewire::server

#include "server/session.h"

#include <openssl/rand.h>
#include <sys/socket.h>

#include <cerrno>

#include <set>
#include <pg_query.h>
#include <spdlog/spdlog.h>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "protocol/codec.h"
#include "protocol/frame.h"
#include "protocol/types.h"
#include "protocol/wire.h"
#include "server/copy_format.h"
#include "server/server.h"

namespace litewire::server {

namespace asio = boost::asio;
using asio::use_awaitable;
using protocol::PgError;
using protocol::Result;
namespace sqlstate = protocol::sqlstate;
namespace oid = protocol::oid;
using sqlite::ExecOutput;
using sqlite::ExecRequest;
using sqlite::StatementKind;

namespace {

std::shared_ptr<spdlog::logger> logger() {
  static auto l = [] {
    auto existing = spdlog::get("session");
    return existing ? existing : spdlog::default_logger()->clone("session");
  }();
  return l;
}

// Awaits an engine callback: `start(cb)` hands cb to the engine; cb runs on an engine thread
// and posts the result back to the awaiting coroutine's executor (the session's strand).
//
// GCC 12 destroys a lambda closure or aggregate that is constructed as a temporary inside a
// co_await expression twice (verified with a counting probe). Callers therefore build `start`
// as a named local and pass it with std::move; this function takes it by value so the
// moved-from argument is all that any temporary holds.
template <class Start>
asio::awaitable<ExecOutput> await_engine(Start start) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(ExecOutput)>(
      [start = std::move(start)](auto handler) mutable {
        using Handler = std::decay_t<decltype(handler)>;
        auto h = std::make_shared<Handler>(std::move(handler));
        start([h](ExecOutput&& out) {
          auto ex = asio::get_associated_executor(*h);
          asio::post(ex, [h, out = std::move(out)]() mutable { std::move (*h)(std::move(out)); });
        });
      },
      use_awaitable);
}

int32_t random_i32() {
  int32_t v = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return v;
}

ExecOutput error_output(PgError e) {
  ExecOutput out;
  out.error = std::move(e);
  return out;
}

// Statement text slices as PostgreSQL's parser splits them (never by scanning for ';').
std::vector<std::pair<int, int>> split_statements(const std::string& sql) {
  std::vector<std::pair<int, int>> out;
  PgQuerySplitResult r = pg_query_split_with_parser(sql.c_str());
  if (r.error == nullptr) {
    for (int i = 0; i < r.n_stmts; ++i) out.emplace_back(r.stmts[i]->stmt_location, r.stmts[i]->stmt_len);
  }
  pg_query_free_split_result(r);
  for (auto& [loc, len] : out) {
    if (len == 0) len = static_cast<int>(sql.size()) - loc;
  }
  return out;
}

}  // namespace

Session::Session(Server& server, asio::ip::tcp::socket socket, uint64_t id)
    : server_(server), socket_(std::move(socket)), id_(id) {
  process_id_ = static_cast<int32_t>(id & 0x7fffffff);
  secret_key_ = random_i32();
}

Session::~Session() {
  server_.advisory_locks().release_all(process_id_);
  server_.unregister_session(process_id_);
}

void Session::cancel() {
  cancel_requested_ = true;
  if (auto* e = engine_.get()) e->interrupt();
}

void Session::deliver_notification(int32_t pid, std::string channel, std::string payload) {
  {
    std::lock_guard lk(notify_mu_);
    notifications_.push_back({pid, std::move(channel), std::move(payload)});
  }
  // Wake the session if it is idle waiting for the client (its timer lives on its strand).
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->notify_timer_) self->notify_timer_->cancel();
  });
}

bool Session::listening(const std::string& database, const std::string& channel) {
  std::lock_guard lk(notify_mu_);
  return database == database_name_ && channels_.count(channel) > 0;
}

// --- I/O -----------------------------------------------------------------------------------

asio::awaitable<bool> Session::read_more() {
  using namespace asio::experimental::awaitable_operators;
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    // Drained: an idle connection should not hold a large buffer (10,000 idle clients).
    if (in_.capacity() > kIdleBufferBytes) {
      std::string().swap(in_);
    } else {
      in_.clear();
    }
    in_pos_ = 0;
  } else if (in_pos_ > (1u << 16)) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  if (tls_) {
    // A TLS read is never raced against a timer: cancelling one mid-record would break the
    // stream. The idle-in-transaction limit is enforced on plain connections only.
    const size_t old = in_.size();
    in_.resize(old + 16384);
    auto [ec, n] = co_await tls_->async_read_some(asio::buffer(in_.data() + old, 16384),
                                                  asio::as_tuple(use_awaitable));
    in_.resize(old + n);
    co_return !ec && n > 0;
  }
  // Plain TCP: wait until the socket is readable, then read what is there. Waiting costs no
  // buffer, and cancelling a wait (idle timeout, a notification) can never lose bytes.
  const int64_t idle_ms = engine_ && engine_->status() != sqlite::TxnStatus::kIdle
                              ? settings_.idle_in_transaction_timeout_ms()
                              : 0;
  for (;;) {
    bool has_channels;
    {
      std::lock_guard lk(notify_mu_);
      has_channels = !channels_.empty();
    }
    if (idle_ms <= 0 && !has_channels) {
      auto [ec] = co_await socket_.async_wait(asio::socket_base::wait_read, asio::as_tuple(use_awaitable));
      if (ec) co_return false;
      break;
    }
    asio::steady_timer idle(socket_.get_executor());
    if (idle_ms > 0) {
      idle.expires_after(std::chrono::milliseconds(idle_ms));
    } else {
      idle.expires_at(asio::steady_timer::time_point::max());
    }
    notify_timer_ = std::make_unique<asio::steady_timer>(socket_.get_executor(),
                                                         asio::steady_timer::time_point::max());
    bool queued;
    {
      // A notification queued since ReadyForQuery drained the queue posted its wake-up while
      // there was no timer to cancel: deliver it now rather than wait for the client. (Later
      // ones cancel this timer: their wake-up runs on this strand after the wait began.)
      std::lock_guard lk(notify_mu_);
      queued = !notifications_.empty();
    }
    if (queued) notify_timer_->expires_at(asio::steady_timer::time_point::min());
    auto result = co_await (
        socket_.async_wait(asio::socket_base::wait_read, asio::as_tuple(use_awaitable)) ||
        idle.async_wait(asio::as_tuple(use_awaitable)) ||
        notify_timer_->async_wait(asio::as_tuple(use_awaitable)));
    notify_timer_.reset();
    if (result.index() == 0) {
      if (std::get<0>(std::get<0>(result))) co_return false;
      break;
    }
    if (result.index() == 1) {
      // PostgreSQL terminates the session (FATAL 25P03) and so frees what it holds.
      co_await send_fatal(PgError(sqlstate::kIdleInTransactionSessionTimeout,
                                  "terminating connection due to idle-in-transaction timeout"));
      co_return false;
    }
    // A notification arrived while the client is idle: deliver it now (asynchronous message).
    {
      std::lock_guard lk(notify_mu_);
      while (!notifications_.empty()) {
        protocol::encode(out_, protocol::BackendMessage{notifications_.front()});
        notifications_.pop_front();
      }
    }
    co_await flush();
  }
  co_return read_ready();
}

bool Session::read_ready() {
  // What arrived goes through a buffer on the stack: no FIONREAD first, and in_ grows only by
  // what was read. A read that fills it asks how much more is waiting (a COPY stream) and
  // takes that in one more read.
  char scratch[16384];
  boost::system::error_code ec;
  size_t n = socket_.read_some(asio::buffer(scratch), ec);
  if (ec || n == 0) return false;
  in_.append(scratch, n);
  if (n < sizeof scratch) return true;
  const size_t more = std::min<size_t>(socket_.available(ec), 1u << 20);
  if (ec || more == 0) return true;
  const size_t old = in_.size();
  in_.resize(old + more);
  n = socket_.read_some(asio::buffer(in_.data() + old, more), ec);
  in_.resize(old + n);
  return !ec;
}

std::optional<Result<protocol::Frame>> Session::buffered_frame(bool startup) {
  auto r = protocol::decode_frame(std::string_view(in_).substr(in_pos_), startup,
                                  server_.config().max_message_size);
  if (auto* f = std::get_if<protocol::Frame>(&r)) {
    frame_size_ = f->size;
    return *f;
  }
  if (auto* e = std::get_if<PgError>(&r)) return Result<protocol::Frame>(std::move(*e));
  return std::nullopt;
}

asio::awaitable<Result<protocol::Frame>> Session::next_frame(bool startup) {
  for (;;) {
    if (auto f = buffered_frame(startup)) co_return std::move(*f);
    // Before blocking on the client, everything produced so far goes out.
    if (!flush_now()) co_await flush();
    if (!co_await read_more()) {
      co_return PgError(protocol::Severity::kFatal, sqlstate::kConnectionFailure,
                        "connection closed by client");
    }
  }
}

std::optional<bool> Session::buffered_next_is_sync() {
  auto r = protocol::decode_frame(std::string_view(in_).substr(in_pos_), false,
                                  server_.config().max_message_size);
  if (auto* f = std::get_if<protocol::Frame>(&r)) return f->type == 'S';
  if (std::holds_alternative<PgError>(r)) return false;
  return std::nullopt;
}

asio::awaitable<bool> Session::next_message_is_sync() {
  // The current frame was consumed already; a client always sends Sync or Flush after
  // Execute before it waits for an answer, so waiting for the next frame cannot deadlock.
  for (;;) {
    if (auto sync = buffered_next_is_sync()) co_return *sync;
    if (!flush_now()) co_await flush();
    if (!co_await read_more()) co_return false;
  }
}

void Session::consume_frame() {
  in_pos_ += frame_size_;
  frame_size_ = 0;
}

namespace {
// After a flush: a large result is not kept for the life of the connection.
void release_output(std::string& out) {
  if (out.capacity() > (1u << 16)) {
    std::string().swap(out);
  } else {
    out.clear();
  }
}
}  // namespace

bool Session::flush_now() {
  if (out_.empty()) return true;
  if (tls_) return false;
  // The socket nearly always takes a reply whole: one send(2) without a reactor operation
  // and a trip through the scheduler, which an asynchronous write costs even then.
  ssize_t n;
  do {
    n = ::send(socket_.native_handle(), out_.data(), out_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
    terminated_ = true;
    release_output(out_);
    return true;
  }
  if (static_cast<size_t>(n) < out_.size()) {
    out_.erase(0, static_cast<size_t>(n));
    return false;
  }
  release_output(out_);
  return true;
}

asio::awaitable<void> Session::flush() {
  if (flush_now()) co_return;
  boost::system::error_code ec;
  if (tls_) {
    co_await asio::async_write(*tls_, asio::buffer(out_), asio::redirect_error(use_awaitable, ec));
  } else {
    co_await asio::async_write(socket_, asio::buffer(out_), asio::redirect_error(use_awaitable, ec));
  }
  release_output(out_);
  if (ec) terminated_ = true;
}

void Session::send_error(const PgError& e) { protocol::encode(out_, protocol::ErrorResponse{e}); }
void Session::send_notice(const PgError& e) { protocol::encode(out_, protocol::NoticeResponse{e}); }

asio::awaitable<void> Session::send_fatal(const PgError& e) {
  PgError f = e;
  f.severity = protocol::Severity::kFatal;
  send_error(f);
  co_await flush();
  terminated_ = true;
}

void Session::report_changed_parameters() {
  // PostgreSQL reports a changed GUC_REPORT parameter once, right before ReadyForQuery, and only
  // when its value differs from what the client was last told.
  if (settings_.generation() == reported_generation_) return;
  reported_generation_ = settings_.generation();
  for (const auto& ps : settings_.reported()) {
    auto& last = reported_values_[ps.name];
    if (last == ps.value) continue;
    last = ps.value;
    send(ps);
  }
}

// --- startup -------------------------------------------------------------------------------

asio::awaitable<void> Session::run() {
  auto self = shared_from_this();
  try {
    // Startup must finish within startup_timeout; the timer closes the socket otherwise.
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(server_.config().startup_timeout);
    timer.async_wait([this, self](boost::system::error_code ec) {
      if (!ec && !engine_) {
        boost::system::error_code ignored;
        socket_.close(ignored);
      }
    });
    bool ok = co_await startup();
    timer.cancel();
    if (ok) co_await message_loop();
  } catch (const std::exception& e) {
    // Exceptions are bugs or exhaustion: answer XX000 and close this connection only.
    logger()->error("session {}: internal error: {}", id_, e.what());
    out_.clear();
    send_error(PgError(protocol::Severity::kFatal, sqlstate::kInternalError,
                       std::string("internal error: ") + e.what()));
  }
  if (!out_.empty() && !terminated_) {
    try {
      co_await flush();
    } catch (...) {
    }
  }
  engine_.reset();
  boost::system::error_code ignored;
  if (tls_) tls_->shutdown(ignored);
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

asio::awaitable<bool> Session::startup() {
  bool tls_done = false;
  for (;;) {
    auto frame = co_await next_frame(true);
    if (!frame) {
      if (frame.error().code != sqlstate::kConnectionFailure) co_await send_fatal(frame.error());
      co_return false;
    }
    auto packet = protocol::decode_startup(frame->payload);
    consume_frame();
    if (!packet) {
      co_await send_fatal(packet.error());
      co_return false;
    }
    if (std::holds_alternative<protocol::SSLRequest>(*packet)) {
      auto* ctx = server_.tls_context();
      if (ctx == nullptr || tls_done) {
        out_.push_back('N');
        co_await flush();
        continue;
      }
      // Bytes after the SSLRequest but before the handshake would be a protocol violation
      // (and a known injection vector): refuse them.
      if (in_pos_ != in_.size()) {
        co_await send_fatal(protocol::protocol_violation("received unencrypted data after SSL request"));
        co_return false;
      }
      out_.push_back('S');
      co_await flush();
      tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *ctx);
      boost::system::error_code ec;
      co_await tls_->async_handshake(asio::ssl::stream_base::server,
                                     asio::redirect_error(use_awaitable, ec));
      if (ec) {
        logger()->info("session {}: TLS handshake failed: {}", id_, ec.message());
        tls_.reset();
        co_return false;
      }
      tls_done = true;
      continue;
    }
    if (std::holds_alternative<protocol::GSSENCRequest>(*packet)) {
      out_.push_back('N');
      co_await flush();
      continue;
    }
    if (auto* c = std::get_if<protocol::CancelRequest>(&*packet)) {
      server_.cancel(c->process_id, c->secret_key);
      co_return false;
    }
    auto& sm = std::get<protocol::StartupMessage>(*packet);
    if ((sm.protocol >> 16) != 3) {
      std::string msg = "unsupported frontend protocol " + std::to_string(sm.protocol >> 16) + "." +
                        std::to_string(sm.protocol & 0xffff) + ": server supports 3.0 to 3.0";
      if ((sm.protocol >> 16) < 3) {
        // A 2.0 client cannot parse a v3 ErrorResponse: PostgreSQL answers in the 2.0 format,
        // 'E' and the text, NUL-terminated, with no length.
        out_.push_back('E');
        out_.append("FATAL:  " + msg + "\n");
        out_.push_back('\0');
        co_await flush();
        terminated_ = true;
      } else {
        co_await send_fatal(PgError(sqlstate::kFeatureNotSupported, msg));
      }
      co_return false;
    }
    std::vector<std::string> unknown_protocol_options;
    const std::string* user = sm.find("user");
    if (user == nullptr || user->empty()) {
      co_await send_fatal(PgError(sqlstate::kInvalidAuthorizationSpecification,
                                  "no PostgreSQL user name specified in startup packet"));
      co_return false;
    }
    user_ = *user;
    const std::string* db = sm.find("database");
    database_name_ = (db && !db->empty()) ? *db : user_;
    for (const auto& [name, value] : sm.params) {
      if (name == "user" || name == "database" || name == "replication") continue;
      if (name.rfind("_pq_.", 0) == 0) {
        unknown_protocol_options.push_back(name);
        continue;
      }
      if (name == "options") {
        // "-c name=value" pairs (and "--name=value"), separated by spaces.
        std::istringstream in(value);
        std::string tok;
        while (in >> tok) {
          if (tok == "-c") continue;
          if (tok.rfind("--", 0) == 0) tok = tok.substr(2);
          if (tok.rfind("-c", 0) == 0) tok = tok.substr(2);
          auto eq = tok.find('=');
          if (eq == std::string::npos) continue;
          if (auto r = settings_.set(tok.substr(0, eq), tok.substr(eq + 1)); !r) {
            co_await send_fatal(r.error());
            co_return false;
          }
        }
        continue;
      }
      if (auto r = settings_.set(name, value); !r) {
        // PostgreSQL refuses bad values of known parameters at startup, FATAL.
        if (r.error().code != sqlstate::kUndefinedObject) {
          co_await send_fatal(r.error());
          co_return false;
        }
      }
    }
    if ((sm.protocol & 0xffff) != 0 || !unknown_protocol_options.empty()) {
      // PostgreSQL puts its newest protocol version (3.0) in the message, not a bare minor.
      send(protocol::NegotiateProtocolVersion{protocol::kProtocolV3, unknown_protocol_options});
    }
    if (!co_await authenticate(user_)) co_return false;
    send(protocol::AuthenticationOk{});
    if (!valid_database_name(database_name_) || !server_.database_exists(database_name_)) {
      co_await send_fatal(PgError(sqlstate::kInvalidCatalogName,
                                  "database \"" + database_name_ + "\" does not exist"));
      co_return false;
    }
    auto database = server_.database(database_name_);
    if (!database) {
      co_await send_fatal(database.error());
      co_return false;
    }
    engine_ = std::make_unique<sqlite::EngineSession>(std::move(*database), id_);
    settings_.set("session_authorization", user_).value();
    settings_.commit_startup_values();
    apply_engine_settings();
    for (const auto& ps : settings_.reported()) {
      reported_values_[ps.name] = ps.value;
      send(ps);
    }
    send(protocol::BackendKeyData{process_id_, secret_key_});
    server_.register_session(process_id_, secret_key_, weak_from_this());
    send_ready();
    co_await flush();
    co_return true;
  }
}

void Session::apply_engine_settings() {
  if (!engine_) return;
  auto& fc = engine_->function_context();
  fc.format = settings_.format();
  fc.user = user_;
  fc.current_setting = [this](std::string_view name) { return settings_.get(name); };
  fc.notify = [this](std::string_view channel, std::string_view payload) {
    // Runs on an engine thread while this session waits for the statement.
    pending_notifications_.emplace_back(std::string(channel), std::string(payload));
  };
  fc.set_config = [this](std::string_view name, std::string_view value,
                         bool) -> Result<std::string> {
    // Runs on an engine thread while this session waits for the statement (see EngineSession).
    LITEWIRE_TRY_ASSIGN(ps, settings_.set(name, value));
    (void)ps;
    return *settings_.get(name);
  };
  engine_->set_lock_timeout(std::chrono::milliseconds(settings_.lock_timeout_ms()));
  engine_->set_statement_timeout(std::chrono::milliseconds(settings_.statement_timeout_ms()));
  auto ro = settings_.get("default_transaction_read_only");
  engine_->set_default_read_only(ro && (*ro == "on" || *ro == "true"));
  auto iso = settings_.get("default_transaction_isolation").value_or("read committed");
  engine_->set_default_isolation(iso == "serializable"      ? sqlite::IsolationLevel::kSerializable
                                 : iso == "repeatable read" ? sqlite::IsolationLevel::kRepeatableRead
                                                            : sqlite::IsolationLevel::kReadCommitted);
}

void Session::send_ready() {
  // Notifications are delivered between transactions' commands, before ReadyForQuery.
  {
    std::lock_guard lk(notify_mu_);
    while (!notifications_.empty()) {
      send(notifications_.front());
      notifications_.pop_front();
    }
  }
  report_changed_parameters();
  protocol::encode(out_, protocol::ReadyForQuery{engine_ ? engine_->status_char() : 'I'});
}

asio::awaitable<void> Session::reject_too_many() {
  // As PostgreSQL's postmaster: answer SSLRequest/GSSENCRequest with 'N' (no TLS handshake
  // for a connection that will be refused), serve a CancelRequest, and send 53300 once the
  // startup packet arrived, so the client reports "too many clients" rather than a broken
  // exchange. The startup timeout bounds a client that sends nothing.
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(server_.config().startup_timeout);
  timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) {
      boost::system::error_code ignored;
      self->socket_.close(ignored);
    }
  });
  for (int packets = 0; packets < 3; ++packets) {
    auto frame = co_await next_frame(true);
    if (!frame) break;
    auto packet = protocol::decode_startup(frame->payload);
    consume_frame();
    if (!packet) break;
    if (std::holds_alternative<protocol::SSLRequest>(*packet) ||
        std::holds_alternative<protocol::GSSENCRequest>(*packet)) {
      out_.push_back('N');
      co_await flush();
      continue;
    }
    if (auto* c = std::get_if<protocol::CancelRequest>(&*packet)) {
      server_.cancel(c->process_id, c->secret_key);
      break;
    }
    co_await send_fatal(PgError(sqlstate::kTooManyConnections, "sorry, too many clients already"));
    break;
  }
  timer.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
}

// --- the message loop ----------------------------------------------------------------------

asio::awaitable<void> Session::message_loop() {
  while (!terminated_) {
    // A frame already buffered is taken without a coroutine call (pipelined messages).
    auto next = buffered_frame(false);
    if (!next) next = co_await next_frame(false);
    auto& frame = *next;
    if (!frame) {
      if (frame.error().code != sqlstate::kConnectionFailure) co_await send_fatal(frame.error());
      co_return;
    }
    auto decoded = protocol::decode_frontend(frame->type, frame->payload);
    consume_frame();
    if (!decoded) {
      co_await send_fatal(decoded.error());
      co_return;
    }
    auto& msg = *decoded;
    // Stray COPY messages outside COPY are ignored, as PostgreSQL does (postgres.js sends a
    // CopyFail after a completed COPY).
    if (std::holds_alternative<protocol::CopyData>(msg) ||
        std::holds_alternative<protocol::CopyDone>(msg) ||
        std::holds_alternative<protocol::CopyFail>(msg)) {
      continue;
    }
    if (std::holds_alternative<protocol::Terminate>(msg)) co_return;
    if (std::holds_alternative<protocol::Sync>(msg)) {
      // Sync closes the implicit transaction of the extended protocol (committed, or rolled
      // back after an error); the unnamed portal dies with it.
      if (implicit_extended_) {
        implicit_extended_ = false;
        co_await engine_end_implicit(engine_->status() == sqlite::TxnStatus::kInBlock && !skip_until_sync_);
      }
      skip_until_sync_ = false;
      portals_.erase("");
      settle_transaction_settings(engine_->status() == sqlite::TxnStatus::kIdle);
      send_ready();
      if (!flush_now()) co_await flush();
      continue;
    }
    if (skip_until_sync_) continue;
    if (std::holds_alternative<protocol::Flush>(msg)) {
      co_await flush();
      continue;
    }
    if (auto* q = std::get_if<protocol::Query>(&msg)) {
      co_await simple_query(q->sql);
      send_ready();
      if (!flush_now()) co_await flush();
      continue;
    }
    Result<void> r;
    if (auto* p = std::get_if<protocol::Parse>(&msg)) {
      r = co_await on_parse(*p);
    } else if (auto* b = std::get_if<protocol::Bind>(&msg)) {
      r = on_bind(*b);
    } else if (auto* d = std::get_if<protocol::Describe>(&msg)) {
      auto now = describe_now(*d);
      if (now) {
        r = std::move(*now);
      } else {
        r = co_await on_describe(*d);
      }
    } else if (auto* e = std::get_if<protocol::Execute>(&msg)) {
      r = co_await on_execute(*e);
    } else if (auto* c = std::get_if<protocol::Close>(&msg)) {
      r = on_close(*c);
    } else if (std::holds_alternative<protocol::FunctionCall>(msg)) {
      r = protocol::feature_not_supported("the fast-path function call interface");
    } else if (std::holds_alternative<protocol::PasswordMessage>(msg)) {
      r = protocol::protocol_violation("unexpected password message after authentication");
    }
    if (!r) {
      PgError e = r.error();
      e.severity = protocol::Severity::kError;
      send_error(e);
      if (engine_) engine_->mark_failed();
      // After an error in the extended protocol, everything up to Sync is discarded.
      skip_until_sync_ = true;
    }
    if (out_.size() > (1u << 16)) co_await flush();
  }
}

Result<sqlite::PlanPtr> Session::translate(const std::string& sql, const std::vector<int32_t>& types) {
  return engine_->database().translate(sql, types, engine_->schema());
}

protocol::RowDescription Session::row_description(const std::vector<sqlite::ResultColumn>& cols,
                                                  const std::vector<int16_t>& formats) const {
  protocol::RowDescription rd;
  rd.fields.reserve(cols.size());
  for (size_t i = 0; i < cols.size(); ++i) {
    const auto& c = cols[i];
    protocol::FieldDescription f;
    f.name = c.name;
    f.table_oid = c.table_oid;
    f.column_number = c.column_number;
    f.type_oid = c.type.oid;
    const auto* t = protocol::find_type(c.type.oid);
    f.type_size = t ? t->length : -1;
    f.type_modifier = c.type.typmod;
    f.format = sqlite::result_format(formats, i);
    rd.fields.push_back(std::move(f));
  }
  return rd;
}

// --- simple query --------------------------------------------------------------------------

asio::awaitable<void> Session::simple_query(const std::string& sql) {
  auto plan = translate(sql, {});
  std::vector<std::pair<int, int>> pieces;
  bool piecewise = false;
  if (!plan) {
    // A later statement may depend on an earlier one's DDL ("CREATE TABLE t ...; INSERT INTO
    // t ..."): run statement by statement so each is translated after its predecessors ran.
    pieces = split_statements(sql);
    if (pieces.size() <= 1) {
      send_error(plan.error());
      engine_->mark_failed();
      co_return;
    }
    piecewise = true;
  } else {
    const auto& sts = (*plan)->statements;
    bool has_ddl = false;
    for (const auto& st : sts) has_ddl = has_ddl || st.kind == StatementKind::kDdl;
    if (sts.size() > 1 && has_ddl) {
      pieces = split_statements(sql);
      piecewise = pieces.size() == sts.size();
    }
    bool empty = true;
    for (const auto& st : sts) empty = empty && st.kind == StatementKind::kEmpty;
    if (empty) {
      send(protocol::EmptyQueryResponse{});
      co_return;
    }
  }
  const size_t count = piecewise ? pieces.size() : (*plan)->statements.size();
  // Several statements in one Query run in one implicit transaction, as in PostgreSQL, unless
  // they manage transactions themselves.
  bool implicit = false;
  if (count > 1 && engine_->status() == sqlite::TxnStatus::kIdle) {
    implicit = true;
    if (!piecewise) {
      for (const auto& st : (*plan)->statements) {
        if (st.kind == StatementKind::kTransaction || st.kind == StatementKind::kUtility) implicit = false;
      }
    }
  }
  if (implicit) co_await engine_begin_implicit();
  bool ok = true;
  for (size_t i = 0; i < count && ok; ++i) {
    sqlite::PlanPtr piece_plan;
    const sqlite::TranslatedStatement* st = nullptr;
    int offset = 0;
    if (piecewise) {
      auto [loc, len] = pieces[i];
      auto p = translate(sql.substr(loc, len), {});
      if (!p) {
        PgError e = p.error();
        if (e.position > 0) e.position += loc;
        send_error(e);
        engine_->mark_failed();
        ok = false;
        break;
      }
      piece_plan = *p;
      if (piece_plan->statements.empty()) continue;
      st = &piece_plan->statements.front();
      offset = loc;
      if (implicit && st->kind == StatementKind::kTransaction && i == 0) {
        // An explicit BEGIN first: no implicit block around it.
      }
    } else {
      piece_plan = *plan;
      st = &piece_plan->statements[i];
    }
    if (st->kind == StatementKind::kEmpty) continue;
    auto req = std::make_shared<ExecRequest>();
    req->plan = piece_plan;
    req->statement = st;
    req->format = settings_.format();
    (void)offset;
    ok = co_await run_statement(req, true);
  }
  if (implicit) co_await engine_end_implicit(ok);
}

namespace {
// A one-statement plan for transaction control the session issues itself (the implicit
// transaction blocks of multi-statement queries and of the extended protocol).
sqlite::PlanPtr transaction_plan(sqlite::TxnOp op, const char* tag) {
  sqlite::Plan p;
  sqlite::TranslatedStatement st;
  st.kind = StatementKind::kTransaction;
  st.command_tag = tag;
  st.txn.op = op;
  p.statements.push_back(std::move(st));
  return std::make_shared<const sqlite::Plan>(std::move(p));
}
}  // namespace

asio::awaitable<void> Session::engine_begin_implicit() {
  static const sqlite::PlanPtr kBegin = transaction_plan(sqlite::TxnOp::kBegin, "BEGIN");
  auto req = std::make_shared<ExecRequest>();
  req->plan = kBegin;
  req->statement = &kBegin->statements.front();
  co_await engine_execute(req);
}

asio::awaitable<void> Session::engine_end_implicit(bool commit) {
  static const sqlite::PlanPtr kCommit = transaction_plan(sqlite::TxnOp::kCommit, "COMMIT");
  static const sqlite::PlanPtr kRollback = transaction_plan(sqlite::TxnOp::kRollback, "ROLLBACK");
  if (engine_->status() == sqlite::TxnStatus::kIdle) co_return;
  auto req = std::make_shared<ExecRequest>();
  req->plan = commit ? kCommit : kRollback;
  req->statement = &req->plan->statements.front();
  auto out = co_await engine_execute(req);
  if (out.error) send_error(*out.error);
  settle_transaction_settings(commit && !out.error && out.command_tag == "COMMIT");
}

void Session::settle_transaction_settings(bool committed) {
  if (engine_->status() != sqlite::TxnStatus::kIdle) return;
  // Transaction-level advisory locks end with their transaction, however it ended.
  for (const auto& [key, shared] : xact_advisory_locks_) server_.advisory_locks().release(key, process_id_, shared);
  xact_advisory_locks_.clear();
  // Portals live until their transaction ends; a WITH HOLD cursor survives a commit.
  std::erase_if(portals_, [&](const auto& entry) {
    const Portal& p = *entry.second;
    if (p.cursor && p.hold) return !committed && p.declared_in_transaction;
    return !entry.first.empty();  // the unnamed portal is replaced by the next Bind
  });
  for (auto& [name, p] : portals_) p->declared_in_transaction = false;
  if (committed) {
    // PostgreSQL delivers one event for identical channel and payload signalled several
    // times in one transaction (NOTIFY's documentation), in the order first signalled.
    std::set<std::pair<std::string, std::string>> sent;
    for (const auto& n : pending_notifications_) {
      if (sent.insert(n).second) server_.notify(database_name_, n.first, n.second, process_id_);
    }
  }
  pending_notifications_.clear();
  if (!txn_settings_) return;
  if (!committed) {
    settings_ = std::move(*txn_settings_);
  } else {
    for (const auto& name : txn_local_names_) {
      if (auto v = txn_settings_->get(name)) (void)settings_.set(name, *v);
    }
  }
  txn_settings_.reset();
  txn_local_names_.clear();
  apply_engine_settings();
}

asio::awaitable<bool> Session::run_statement(const std::shared_ptr<ExecRequest>& req, bool describe_rows) {
  const auto& st = *req->statement;
  for (const auto& n : st.notices) {
    send_notice(PgError(protocol::Severity::kNotice, sqlstate::kSuccessfulCompletion, n));
  }
  ExecOutput out;
  if (!engine_->try_execute_inline(*req, out)) out = co_await engine_execute(req);
  for (const auto& n : out.notices) send_notice(n);
  // A statement that leaves the session idle committed (autocommit or COMMIT) unless it failed
  // or rolled back.
  settle_transaction_settings(!out.error && out.command_tag != "ROLLBACK");
  if (out.error) {
    send_error(*out.error);
    engine_->mark_failed();
    co_return false;
  }
  if (describe_rows && !out.columns.empty()) send(row_description(out.columns, out.formats));
  out_.append(out.rows);
  if (!out.command_tag.empty()) protocol::encode(out_, protocol::CommandComplete{out.command_tag});
  if (out_.size() > (1u << 16)) co_await flush();
  co_return true;
}

asio::awaitable<ExecOutput> Session::engine_execute(const std::shared_ptr<ExecRequest>& req) {
  const auto& st = *req->statement;
  switch (st.kind) {
    case StatementKind::kSession:
      if (engine_->status() == sqlite::TxnStatus::kFailed) break;
      if (st.session.op == sqlite::SessionOp::kAdvisoryLock) co_return co_await advisory_command(req);
      co_return co_await session_command(st, req->result_formats);
    case StatementKind::kUtility:
      if (engine_->status() == sqlite::TxnStatus::kFailed) break;
      co_return co_await utility_command(req);
    case StatementKind::kCopy:
      if (engine_->status() == sqlite::TxnStatus::kFailed) break;
      co_return co_await copy_command(req);
    case StatementKind::kCursor:
      if (engine_->status() == sqlite::TxnStatus::kFailed) break;
      co_return co_await cursor_command(req);
    default:
      break;
  }
  auto* engine = engine_.get();
  // Named, not a temporary inside co_await: GCC 12 destroys such closures twice.
  auto start = [engine, req](sqlite::EngineSession::Callback cb) {
    engine->execute(req, std::move(cb));
  };
  co_return co_await await_engine(std::move(start));
}

// --- SET / SHOW / RESET / DISCARD ------------------------------------------------------------

namespace {
void add_text_row(ExecOutput& out, const std::vector<std::string>& values) {
  protocol::DataRowWriter w(out.rows);
  w.begin(static_cast<int16_t>(values.size()));
  for (const auto& v : values) w.add(v);
  w.end();
  ++out.row_count;
}
sqlite::ResultColumn text_column(std::string name) {
  sqlite::ResultColumn c;
  c.name = std::move(name);
  c.type = {oid::kText, -1};
  return c;
}
}  // namespace

Result<std::vector<sqlite::ResultColumn>> Session::session_command_columns(
    const sqlite::TranslatedStatement& st) {
  if (st.session.op == sqlite::SessionOp::kAdvisoryLock) return st.columns;
  if (st.session.op != sqlite::SessionOp::kShow) return std::vector<sqlite::ResultColumn>{};
  if (st.session.name == "all") {
    return std::vector<sqlite::ResultColumn>{text_column("name"), text_column("setting"),
                                             text_column("description")};
  }
  LITEWIRE_TRY_ASSIGN(shown, settings_.show(st.session.name));
  return std::vector<sqlite::ResultColumn>{text_column(shown.first)};
}

Result<std::shared_ptr<ExecRequest>> Session::execute_request(const sqlite::SessionCommand& cmd,
                                                             const std::vector<int16_t>& formats) {
  auto it = statements_.find(cmd.name);
  if (it == statements_.end()) {
    return PgError(sqlstate::kInvalidSqlStatementName,
                   "prepared statement \"" + cmd.name + "\" does not exist");
  }
  auto ps = it->second;
  if (ps->statement == nullptr) {
    return PgError(sqlstate::kInvalidSqlStatementName,
                   "prepared statement \"" + cmd.name + "\" is empty");
  }
  // A schema change since PREPARE re-plans the statement (as on Bind).
  if (ps->schema_version != engine_->schema()->version) {
    auto fresh = prepare(ps->sql, ps->given_types);
    if (!fresh) return fresh.error();
    // PostgreSQL re-plans too, but refuses a plan whose result columns differ.
    const auto& before = ps->statement->columns;
    const auto& after = (*fresh)->statement->columns;
    bool same = before.size() == after.size();
    for (size_t i = 0; same && i < before.size(); ++i) {
      same = before[i].name == after[i].name && before[i].type.oid == after[i].type.oid;
    }
    if (!same) {
      return PgError(sqlstate::kFeatureNotSupported, "cached plan must not change result type");
    }
    it->second = *fresh;
    ps = *fresh;
  }
  auto req = std::make_shared<ExecRequest>();
  req->plan = ps->plan;
  req->statement = ps->statement;
  req->format = settings_.format();
  req->result_formats = formats;
  // Arguments to a statement without parameters are ignored, as PostgreSQL does.
  if (ps->param_types.empty()) return req;
  if (cmd.arguments.size() != ps->param_types.size()) {
    return PgError(sqlstate::kSyntaxError,
                   "wrong number of parameters for prepared statement \"" + cmd.name + "\"")
        .with_detail("Expected " + std::to_string(ps->param_types.size()) + " parameters but got " +
                     std::to_string(cmd.arguments.size()) + ".");
  }
  for (size_t i = 0; i < cmd.arguments.size(); ++i) {
    if (!cmd.arguments[i]) {
      req->params.emplace_back(std::monostate{});
      continue;
    }
    int32_t typmod = -1;
    if (i < ps->statement->params.size() && ps->statement->params[i].oid == ps->param_types[i]) {
      typmod = ps->statement->params[i].typmod;
    }
    auto v = protocol::parse_value(*cmd.arguments[i], 0, ps->param_types[i], typmod, settings_.format());
    if (!v) return v.error();
    req->params.push_back(std::move(*v));
  }
  return req;
}

asio::awaitable<ExecOutput> Session::session_command(const sqlite::TranslatedStatement& st,
                                                     const std::vector<int16_t>& formats) {
  ExecOutput out;
  const auto& cmd = st.session;
  out.command_tag = st.command_tag;
  auto fail = [&](PgError e) {
    out.error = std::move(e);
    if (engine_->status() == sqlite::TxnStatus::kInBlock) engine_->mark_failed();
    return std::move(out);
  };
  switch (cmd.op) {
    case sqlite::SessionOp::kSet:
    case sqlite::SessionOp::kSetLocal: {
      if (out.command_tag.empty()) out.command_tag = "SET";
      if (engine_->status() == sqlite::TxnStatus::kIdle) {
        if (cmd.op == sqlite::SessionOp::kSetLocal) {
          out.notices.push_back(PgError(protocol::Severity::kWarning, sqlstate::kNoActiveSqlTransaction,
                                        "SET LOCAL can only be used in transaction blocks"));
          co_return out;
        }
      } else {
        // Settings changed inside a transaction are undone by its rollback; SET LOCAL ones
        // also by its commit.
        if (!txn_settings_) txn_settings_ = settings_;
        if (cmd.op == sqlite::SessionOp::kSetLocal) txn_local_names_.insert(cmd.name);
      }
      auto r = cmd.is_default ? settings_.reset(cmd.name) : settings_.set(cmd.name, cmd.value);
      if (!r) co_return fail(r.error());
      (void)*r;
      apply_engine_settings();
      co_return out;
    }
    case sqlite::SessionOp::kSetTransaction: {
      if (out.command_tag.empty()) out.command_tag = "SET";
      auto r = engine_->set_transaction(st.txn, cmd.name == "session characteristics", out.notices);
      if (!r) co_return fail(r.error());
      co_return out;
    }
    case sqlite::SessionOp::kReset: {
      if (out.command_tag.empty()) out.command_tag = "RESET";
      auto r = settings_.reset(cmd.name);
      if (!r) co_return fail(r.error());
      (void)*r;
      apply_engine_settings();
      co_return out;
    }
    case sqlite::SessionOp::kResetAll: {
      if (out.command_tag.empty()) out.command_tag = "RESET";
      settings_.reset_all();
      apply_engine_settings();
      co_return out;
    }
    case sqlite::SessionOp::kPrepare: {
      if (statements_.count(cmd.name)) {
        co_return fail(PgError(sqlstate::kDuplicatePreparedStatement,
                               "prepared statement \"" + cmd.name + "\" already exists"));
      }
      auto ps = prepare(cmd.value, cmd.param_types);
      if (!ps) co_return fail(ps.error());
      statements_[cmd.name] = std::move(*ps);
      co_return out;
    }
    case sqlite::SessionOp::kExecute: {
      auto req = execute_request(cmd, formats);
      if (!req) co_return fail(req.error());
      // The prepared statement's own result and command tag, as PostgreSQL answers EXECUTE.
      co_return co_await engine_execute(*req);
    }
    case sqlite::SessionOp::kAdvisoryLock:
      break;  // engine_execute runs it (advisory_command), with the Bind parameters
    case sqlite::SessionOp::kDeallocate: {
      if (cmd.name.empty()) {
        statements_.clear();
      } else if (statements_.erase(cmd.name) == 0) {
        co_return fail(PgError(sqlstate::kInvalidSqlStatementName,
                               "prepared statement \"" + cmd.name + "\" does not exist"));
      }
      co_return out;
    }
    case sqlite::SessionOp::kDiscardAll: {
      out.command_tag = "DISCARD ALL";
      if (engine_->status() != sqlite::TxnStatus::kIdle) {
        co_return fail(PgError(sqlstate::kActiveSqlTransaction,
                               "DISCARD ALL cannot run inside a transaction block"));
      }
      statements_.clear();
      portals_.clear();
      settings_.reset_all();
      apply_engine_settings();
      {
        std::lock_guard lk(notify_mu_);
        channels_.clear();
      }
      co_return out;
    }
    case sqlite::SessionOp::kShow: {
      out.command_tag = "SHOW";
      auto cols = session_command_columns(st);
      if (!cols) co_return fail(cols.error());
      out.columns = std::move(*cols);
      for (size_t i = 0; i < out.columns.size(); ++i) out.formats.push_back(sqlite::result_format(formats, i));
      if (cmd.name == "all") {
        for (const auto& row : settings_.show_all()) add_text_row(out, {row[0], row[1], row[2]});
      } else {
        std::string value = settings_.show(cmd.name)->second;
        if (cmd.name == "transaction_isolation" || cmd.name == "transaction isolation level") {
          switch (engine_->current_isolation()) {
            case sqlite::IsolationLevel::kSerializable: value = "serializable"; break;
            case sqlite::IsolationLevel::kRepeatableRead: value = "repeatable read"; break;
            case sqlite::IsolationLevel::kReadUncommitted: value = "read uncommitted"; break;
            default: value = "read committed"; break;
          }
        }
        if (cmd.name == "transaction_read_only") value = engine_->current_read_only() ? "on" : "off";
        add_text_row(out, {value});
      }
      co_return out;
    }
  }
  co_return out;
}

// --- Advisory locks ------------------------------------------------------------------------

asio::awaitable<ExecOutput> Session::advisory_command(const std::shared_ptr<ExecRequest>& req) {
  const auto& st = *req->statement;
  const auto& cmd = st.session;
  ExecOutput out;
  out.command_tag = "SELECT 1";
  out.columns = st.columns;
  for (size_t i = 0; i < out.columns.size(); ++i) out.formats.push_back(sqlite::result_format(req->result_formats, i));
  auto fail = [&](PgError e) {
    out.error = std::move(e);
    return std::move(out);
  };
  if (server_.config().mode == Mode::kShared) {
    // The lock table is this process's: other instances on the file would not see it.
    co_return fail(PgError(sqlstate::kFeatureNotSupported,
                           cmd.name + "() is not supported in shared mode")
                       .with_detail("Advisory locks are held within one litewire instance."));
  }
  const std::string& fn = cmd.name;
  auto& locks = server_.advisory_locks();
  std::string_view value;  // the row's value; "" is void's output
  bool is_null = false;
  if (fn == "pg_advisory_unlock_all") {
    for (const auto& [key, shared] : session_advisory_locks_) locks.release(key, process_id_, shared);
    session_advisory_locks_.clear();
  } else {
    AdvisoryKey key;
    key.database = database_name_;
    key.two_part = cmd.arguments.size() == 2;
    for (size_t i = 0; i < cmd.arguments.size(); ++i) {
      std::optional<int64_t> v;
      const int param = i < cmd.parameter_numbers.size() ? cmd.parameter_numbers[i] : 0;
      if (param > 0) {
        if (static_cast<size_t>(param) <= req->params.size()) {
          if (const auto* p = std::get_if<int64_t>(&req->params[static_cast<size_t>(param) - 1])) v = *p;
        }
      } else if (cmd.arguments[i]) {
        v = std::stoll(*cmd.arguments[i]);
      }
      if (!v) is_null = true;
      (i == 0 ? key.key1 : key.key2) = v.value_or(0);
    }
    const bool shared = fn.ends_with("_shared");
    const bool xact = fn.find("_xact_") != std::string::npos;
    const bool attempt = fn.starts_with("pg_try_");
    if (is_null) {
      // The functions are strict: a NULL key gives NULL and touches no lock.
    } else if (fn.find("unlock") != std::string::npos) {
      auto held = std::find(session_advisory_locks_.begin(), session_advisory_locks_.end(),
                            std::make_pair(key, shared));
      bool released = held != session_advisory_locks_.end() && locks.release(key, process_id_, shared);
      if (released) session_advisory_locks_.erase(held);
      if (!released) {
        out.notices.push_back(PgError(protocol::Severity::kWarning, sqlstate::kSuccessfulCompletion,
                                      std::string("you don't own a lock of type ") +
                                          (shared ? "ShareLock" : "ExclusiveLock")));
      }
      value = released ? "t" : "f";
    } else {
      bool acquired = locks.try_acquire(key, process_id_, shared);
      if (!acquired && !attempt) {
        // Wait without holding a thread: poll, honouring cancel requests, lock_timeout and
        // statement_timeout as a lock wait in PostgreSQL does.
        cancel_requested_ = false;
        const auto started = std::chrono::steady_clock::now();
        const auto lock_timeout = std::chrono::milliseconds(settings_.lock_timeout_ms());
        const auto statement_timeout = std::chrono::milliseconds(settings_.statement_timeout_ms());
        asio::steady_timer timer(socket_.get_executor());
        while (!acquired) {
          const auto waited = std::chrono::steady_clock::now() - started;
          if (cancel_requested_.exchange(false)) {
            co_return fail(PgError(sqlstate::kQueryCanceled, "canceling statement due to user request"));
          }
          if (lock_timeout.count() > 0 && waited >= lock_timeout) {
            co_return fail(PgError(sqlstate::kLockNotAvailable, "canceling statement due to lock timeout"));
          }
          if (statement_timeout.count() > 0 && waited >= statement_timeout) {
            co_return fail(PgError(sqlstate::kQueryCanceled, "canceling statement due to statement timeout"));
          }
          timer.expires_after(std::chrono::milliseconds(5));
          boost::system::error_code ec;
          co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
          acquired = locks.try_acquire(key, process_id_, shared);
        }
      }
      if (acquired) {
        // Outside a transaction block a transaction-level lock ends with this statement.
        (xact ? xact_advisory_locks_ : session_advisory_locks_).emplace_back(key, shared);
      }
      value = attempt ? (acquired ? "t" : "f") : "";
    }
  }
  protocol::DataRowWriter w(out.rows);
  w.begin(1);
  if (is_null) {
    w.add_null();
  } else if (!value.empty() && !out.formats.empty() && out.formats[0] == 1) {
    w.add(value == "t" ? std::string_view("\x01", 1) : std::string_view("\x00", 1));
  } else {
    w.add(value);
  }
  w.end();
  out.row_count = 1;
  co_return out;
}

// --- LISTEN / NOTIFY / CREATE DATABASE / VACUUM ... -------------------------------------------

asio::awaitable<ExecOutput> Session::utility_command(const std::shared_ptr<ExecRequest>& req) {
  const auto& st = *req->statement;
  ExecOutput out;
  out.command_tag = st.command_tag;
  const std::string& tag = st.command_tag;
  auto outside_block = [&]() -> bool {
    if (engine_->status() == sqlite::TxnStatus::kIdle) return true;
    out.error = PgError(sqlstate::kActiveSqlTransaction,
                        tag + " cannot run inside a transaction block");
    engine_->mark_failed();
    return false;
  };
  if (tag == "LISTEN") {
    std::lock_guard lk(notify_mu_);
    channels_.insert(st.utility.target);
    co_return out;
  }
  if (tag == "UNLISTEN") {
    std::lock_guard lk(notify_mu_);
    if (st.utility.target.empty() || st.utility.target == "*") {
      channels_.clear();
    } else {
      channels_.erase(st.utility.target);
    }
    co_return out;
  }
  if (tag == "NOTIFY") {
    // Delivered when the transaction commits (at once in autocommit), as in PostgreSQL.
    pending_notifications_.emplace_back(st.utility.target, st.utility.payload);
    co_return out;
  }
  if (tag == "CREATE DATABASE") {
    if (!outside_block()) co_return out;
    if (auto r = server_.create_database(st.utility.target); !r) out.error = r.error();
    co_return out;
  }
  if (tag == "DROP DATABASE") {
    if (!outside_block()) co_return out;
    if (st.utility.target == database_name_) {
      out.error = PgError(sqlstate::kObjectInUse, "cannot drop the currently open database");
      co_return out;
    }
    auto r = server_.drop_database(st.utility.target);
    // Like PostgreSQL (CountOtherDBBackends), give sessions that are closing up to 5 s to go
    // (a client that disconnects and drops at once, as Django's test runner does).
    for (int i = 0; i < 50 && !r && r.error().code == sqlstate::kObjectInUse; ++i) {
      asio::steady_timer pause(socket_.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(use_awaitable);
      r = server_.drop_database(st.utility.target);
    }
    if (!r && r.error().code == sqlstate::kInvalidCatalogName && st.utility.missing_ok) {
      out.notices.push_back(PgError(protocol::Severity::kNotice, sqlstate::kSuccessfulCompletion,
                                    "database \"" + st.utility.target + "\" does not exist, skipping"));
    } else if (!r) {
      out.error = r.error();
    }
    co_return out;
  }
  if (tag == "VACUUM" && !outside_block()) co_return out;
  auto* engine = engine_.get();
  // Named, not a temporary inside co_await: GCC 12 destroys such closures twice.
  auto start = [engine, req](sqlite::EngineSession::Callback cb) {
    engine->execute(req, std::move(cb));
  };
  co_return co_await await_engine(std::move(start));
}

// --- COPY ------------------------------------------------------------------------------------

// --- SQL cursors ----------------------------------------------------------------------------

asio::awaitable<ExecOutput> Session::cursor_command(const std::shared_ptr<ExecRequest>& req) {
  const auto& c = req->statement->cursor;
  ExecOutput out;
  out.command_tag = req->statement->command_tag;
  switch (c.op) {
    case sqlite::CursorOp::kDeclare: {
      const bool in_block = engine_->status() != sqlite::TxnStatus::kIdle;
      if (!in_block && !c.hold) {
        co_return error_output(PgError(sqlstate::kNoActiveSqlTransaction,
                                       "DECLARE CURSOR can only be used in transaction blocks"));
      }
      if (portals_.count(c.name)) {
        co_return error_output(PgError(sqlstate::kDuplicateCursor, "cursor \"" + c.name + "\" already exists"));
      }
      // The cursor's rows are produced now, from one snapshot, and kept: FETCH and MOVE then
      // navigate them in either direction.
      auto inner = std::make_shared<ExecRequest>();
      inner->plan = req->plan;
      inner->statement = c.query.get();
      inner->params = req->params;
      inner->format = req->format;
      inner->keep_row_bounds = true;
      if (c.binary) inner->result_formats = {1};
      auto result = co_await engine_execute(inner);
      if (result.error) co_return result;
      auto portal = std::make_shared<Portal>();
      portal->request = inner;
      portal->request->plan = req->plan;  // keeps c.query alive
      portal->executed = true;
      portal->output = std::move(result);
      portal->cursor = true;
      portal->hold = c.hold;
      portal->declared_in_transaction = in_block;
      portals_[c.name] = std::move(portal);
      co_return out;
    }
    case sqlite::CursorOp::kClose:
      if (portals_.erase(c.name) == 0) {
        co_return error_output(PgError(sqlstate::kInvalidCursorName, "cursor \"" + c.name + "\" does not exist"));
      }
      co_return out;
    case sqlite::CursorOp::kCloseAll:
      std::erase_if(portals_, [](const auto& e) { return e.second->cursor; });
      co_return out;
    case sqlite::CursorOp::kFetch:
    case sqlite::CursorOp::kMove:
      break;
  }
  auto it = portals_.find(c.name);
  if (it == portals_.end() || !it->second->cursor) {
    co_return error_output(PgError(sqlstate::kInvalidCursorName, "cursor \"" + c.name + "\" does not exist"));
  }
  Portal& p = *it->second;
  const int64_t n = static_cast<int64_t>(p.output.row_count);
  int64_t pos = static_cast<int64_t>(p.next_row);  // 0 before the first row, n + 1 after the last
  std::vector<int64_t> rows;                          // 1-based row numbers, in the order returned
  auto clamp = [&](int64_t x) { return std::max<int64_t>(0, std::min<int64_t>(x, n + 1)); };
  switch (c.direction) {
    case sqlite::FetchDirection::kForward:
      if (c.count == 0) {  // FETCH FORWARD 0: the current row again
        if (pos >= 1 && pos <= n) rows.push_back(pos);
        break;
      }
      for (int64_t i = 0; i < c.count && pos < n + 1; ++i) {
        ++pos;
        if (pos <= n) rows.push_back(pos);
      }
      break;
    case sqlite::FetchDirection::kBackward:
      for (int64_t i = 0; i < c.count && pos > 0; ++i) {
        --pos;
        if (pos >= 1) rows.push_back(pos);
      }
      break;
    case sqlite::FetchDirection::kAbsolute:
    case sqlite::FetchDirection::kRelative: {
      int64_t target = c.direction == sqlite::FetchDirection::kAbsolute
                           ? (c.count >= 0 ? c.count : n + 1 + c.count)
                           : pos + c.count;
      pos = clamp(target);
      if (pos >= 1 && pos <= n) rows.push_back(pos);
      break;
    }
  }
  p.next_row = static_cast<size_t>(pos);
  out.command_tag = (c.op == sqlite::CursorOp::kMove ? "MOVE " : "FETCH ") + std::to_string(rows.size());
  if (c.op == sqlite::CursorOp::kFetch) {
    out.columns = p.output.columns;
    out.formats = p.output.formats;
    for (int64_t r : rows) {
      size_t start = r == 1 ? 0 : p.output.row_ends[r - 2];
      out.rows.append(p.output.rows, start, p.output.row_ends[r - 1] - start);
    }
    out.row_count = rows.size();
  }
  co_return out;
}

asio::awaitable<ExecOutput> Session::copy_command(const std::shared_ptr<ExecRequest>& req) {
  const auto& copy = req->statement->copy;
  if (copy.from_stdin) co_return co_await copy_in(copy);
  co_return co_await copy_out(req);
}

asio::awaitable<ExecOutput> Session::copy_in(const sqlite::CopyCommand& copy) {
  auto schema = engine_->schema();
  const sqlite::TableInfo* table = schema->find_table(copy.table);
  if (table == nullptr) {
    co_return error_output(PgError(sqlstate::kUndefinedTable,
                                   "relation \"" + copy.table + "\" does not exist"));
  }
  std::vector<std::string> columns = copy.columns;
  std::vector<sqlite::PgType> types;
  if (columns.empty()) {
    for (const auto& c : table->columns) columns.push_back(c.name);
  }
  for (const auto& name : columns) {
    const auto* col = table->find_column(name);
    if (col == nullptr) {
      co_return error_output(PgError(sqlstate::kUndefinedColumn,
                                     "column \"" + name + "\" of relation \"" + copy.table +
                                         "\" does not exist"));
    }
    types.push_back(col->type);
  }
  const bool binary = copy.format == sqlite::CopyCommand::Format::kBinary;
  protocol::CopyInResponse resp;
  resp.format = binary ? 1 : 0;
  resp.column_formats.assign(columns.size(), binary ? 1 : 0);
  send(resp);
  co_await flush();

  CopyParser parser(copy);
  std::optional<PgError> error;
  in_copy_ = true;
  for (;;) {
    auto frame = co_await next_frame(false);
    if (!frame) {
      in_copy_ = false;
      terminated_ = true;
      co_return error_output(frame.error());
    }
    auto msg = protocol::decode_frontend(frame->type, frame->payload);
    consume_frame();
    if (!msg) {
      in_copy_ = false;
      co_return error_output(msg.error());
    }
    if (auto* d = std::get_if<protocol::CopyData>(&*msg)) {
      if (auto r = parser.feed(d->data); !r) {
        error = r.error();
        break;
      }
      continue;
    }
    if (std::holds_alternative<protocol::CopyDone>(*msg)) {
      if (auto r = parser.finish(); !r) error = r.error();
      break;
    }
    if (auto* f = std::get_if<protocol::CopyFail>(&*msg)) {
      error = PgError(sqlstate::kQueryCanceled, "COPY from stdin failed: " + f->message);
      break;
    }
    if (std::holds_alternative<protocol::Flush>(*msg) || std::holds_alternative<protocol::Sync>(*msg)) {
      continue;  // ignored during COPY, as PostgreSQL does
    }
    error = protocol::protocol_violation("unexpected message type 0x" +
                                         std::to_string(static_cast<int>(frame->type)) +
                                         " during COPY from stdin");
    error->severity = protocol::Severity::kError;
    break;
  }
  in_copy_ = false;
  if (error) {
    if (error->where.empty()) error->where = "COPY " + copy.table + ", line " + std::to_string(parser.line());
    co_return error_output(*error);
  }
  // Convert every field to its stored form before touching the writer, so that a malformed
  // row fails the whole COPY with nothing written.
  auto rows = std::make_shared<std::vector<std::vector<protocol::StoredValue>>>();
  rows->reserve(parser.rows().size());
  int64_t line = copy.header ? 2 : 1;
  for (auto& row : parser.rows()) {
    auto context = [&] { return "COPY " + copy.table + ", line " + std::to_string(line); };
    if (row.size() < columns.size()) {
      PgError e(sqlstate::kBadCopyFileFormat,
                "missing data for column \"" + columns[row.size()] + "\"");
      e.where = context();
      co_return error_output(e);
    }
    if (row.size() > columns.size()) {
      PgError e(sqlstate::kBadCopyFileFormat, "extra data after last expected column");
      e.where = context();
      co_return error_output(e);
    }
    std::vector<protocol::StoredValue> values;
    values.reserve(row.size());
    for (size_t i = 0; i < row.size(); ++i) {
      if (!row[i]) {
        values.emplace_back(std::monostate{});
        continue;
      }
      auto v = protocol::parse_value(*row[i], binary ? 1 : 0, types[i].oid, types[i].typmod,
                                     settings_.format());
      if (v && types[i].oid == protocol::oid::kNumeric) {
        if (const auto* digits = std::get_if<std::string>(&*v)) {
          protocol::StoredValueView view;
          view.kind = protocol::StoredValueView::Kind::kText;
          view.s = *digits;
          v = protocol::numeric_column_value(view);
        }
      }
      if (!v) {
        PgError e = v.error();
        e.where = context() + ", column " + columns[i] +
                  (binary ? std::string() : ": \"" + *row[i] + "\"");
        co_return error_output(e);
      }
      values.push_back(std::move(*v));
    }
    rows->push_back(std::move(values));
    ++line;
  }
  std::string sql = "INSERT INTO " + sqlite::quote_identifier(copy.table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + sqlite::quote_identifier(columns[i]);
  sql += ") VALUES (";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ",?" : "?") + std::to_string(i + 1);
  sql += ")";
  auto* engine = engine_.get();
  // Named, not a temporary inside co_await: GCC 12 destroys such closures twice.
  auto start = [engine, rows, sql](sqlite::EngineSession::Callback cb) {
    engine->run_write(
        [rows, sql](sqlite::Connection& c, ExecOutput& out) {
          auto st = c.prepare(sql);
          if (!st) {
            out.error = st.error();
            return false;
          }
          uint64_t n = 0;
          for (const auto& row : *rows) {
            sqlite3_reset(*st);
            if (auto b = sqlite::bind_params(c, *st, row); !b) {
              out.error = b.error();
              return false;
            }
            if (sqlite3_step(*st) != SQLITE_DONE) {
              out.error = c.last_error();
              out.error->where = "COPY, row " + std::to_string(n + 1);
              sqlite3_reset(*st);
              return false;
            }
            ++n;
          }
          sqlite3_reset(*st);
          out.command_tag = "COPY " + std::to_string(n);
          return true;
        },
        std::move(cb));
  };
  co_return co_await await_engine(std::move(start));
}

asio::awaitable<ExecOutput> Session::copy_out(const std::shared_ptr<ExecRequest>& req) {
  const auto copy = req->statement->copy;
  std::string sql = copy.query_sql;
  if (sql.empty()) {
    sql = "SELECT ";
    if (copy.columns.empty()) {
      sql += "*";
    } else {
      for (size_t i = 0; i < copy.columns.size(); ++i) sql += (i ? "," : "") + sqlite::quote_identifier(copy.columns[i]);
    }
    sql += " FROM " + sqlite::quote_identifier(copy.table);
  }
  auto fmt = settings_.format();
  auto* engine = engine_.get();
  // Named, not a temporary inside co_await: GCC 12 destroys such closures twice.
  auto start = [engine, req, sql, copy, fmt](sqlite::EngineSession::Callback cb) {
    engine->run_read(
        [req, sql, copy, fmt](sqlite::Connection& c, ExecOutput& out) {
          auto st = c.prepare(sql);
          if (!st) {
            out.error = st.error();
            return false;
          }
          if (auto b = sqlite::bind_params(c, *st, req->params); !b) {
            out.error = b.error();
            return false;
          }
          const int n = sqlite3_column_count(*st);
          std::vector<sqlite::PgType> types(n);
          for (int i = 0; i < n; ++i) {
            types[i] = static_cast<size_t>(i) < copy.column_types.size() && copy.column_types[i].oid != 0
                           ? copy.column_types[i]
                           : sqlite::pg_type_for_sqlite_column(sqlite3_column_decltype(*st, i), SQLITE_NULL);
          }
          const bool binary = copy.format == sqlite::CopyCommand::Format::kBinary;
          std::string line;
          if (binary) binary_copy_header(line);
          auto emit = [&](const CopyRow& row) {
            if (binary) {
              protocol::put_i16(line, static_cast<int16_t>(row.size()));
              for (const auto& v : row) {
                if (!v) {
                  protocol::put_i32(line, -1);
                  continue;
                }
                protocol::put_i32(line, static_cast<int32_t>(v->size()));
                line.append(*v);
              }
            } else {
              format_copy_row(line, row, copy);
            }
            protocol::encode(out.rows, protocol::BackendMessage{protocol::BackendCopyData{line}});
            line.clear();
          };
          if (copy.header && copy.format == sqlite::CopyCommand::Format::kCsv) {
            CopyRow header;
            for (int i = 0; i < n; ++i) header.emplace_back(sqlite3_column_name(*st, i));
            emit(header);
          }
          int rc;
          uint64_t count = 0;
          CopyRow row(n);
          while ((rc = sqlite3_step(*st)) == SQLITE_ROW) {
            for (int i = 0; i < n; ++i) {
              if (sqlite3_column_type(*st, i) == SQLITE_NULL) {
                row[i].reset();
                continue;
              }
              const protocol::StoredValueView v = sqlite::column_view(*st, i);
              std::string text;
              auto r = binary ? protocol::append_binary(text, v, types[i].oid, types[i].typmod, fmt)
                              : protocol::append_text(text, v, types[i].oid, types[i].typmod, fmt);
              if (!r) {
                out.error = r.error();
                sqlite3_reset(*st);
                return false;
              }
              row[i] = std::move(text);
            }
            emit(row);
            ++count;
          }
          if (rc != SQLITE_DONE) {
            out.error = c.last_error();
            sqlite3_reset(*st);
            return false;
          }
          sqlite3_reset(*st);
          if (binary) {
            binary_copy_trailer(line);
            protocol::encode(out.rows, protocol::BackendMessage{protocol::BackendCopyData{line}});
          }
          out.columns.resize(n);
          out.command_tag = "COPY " + std::to_string(count);
          return true;
        },
        std::move(cb));
  };
  auto out = co_await await_engine(std::move(start));
  if (out.error) co_return out;
  // CopyOutResponse, the CopyData messages, CopyDone; the caller adds CommandComplete.
  const bool binary = copy.format == sqlite::CopyCommand::Format::kBinary;
  protocol::CopyOutResponse resp;
  resp.format = binary ? 1 : 0;
  resp.column_formats.assign(out.columns.size(), binary ? 1 : 0);
  send(resp);
  out_.append(out.rows);
  send(protocol::BackendCopyDone{});
  out.rows.clear();
  out.columns.clear();
  co_return out;
}

// --- extended query protocol ---------------------------------------------------------------

Result<std::shared_ptr<Session::PreparedStatement>> Session::prepare(
    const std::string& sql, const std::vector<int32_t>& given_types) {
  auto plan = translate(sql, given_types);
  if (!plan) return plan.error();
  auto ps = std::make_shared<PreparedStatement>();
  ps->plan = *plan;
  ps->sql = sql;
  ps->given_types = given_types;
  ps->schema_version = engine_->schema()->version;
  const auto& sts = ps->plan->statements;
  size_t real = 0;
  for (const auto& st : sts) real += st.kind != StatementKind::kEmpty;
  if (real > 1) {
    return PgError(sqlstate::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  }
  for (const auto& st : sts) {
    if (st.kind != StatementKind::kEmpty) ps->statement = &st;
  }
  if (ps->statement) {
    for (size_t i = 0; i < ps->statement->params.size(); ++i) {
      int32_t t = i < given_types.size() && given_types[i] != 0 ? given_types[i]
                                                                 : ps->statement->params[i].oid;
      ps->param_types.push_back(t);
    }
  }
  for (size_t i = ps->param_types.size(); i < given_types.size(); ++i) {
    ps->param_types.push_back(given_types[i]);
  }
  return ps;
}

asio::awaitable<Result<void>> Session::on_parse(protocol::Parse& m) {
  if (!m.name.empty() && statements_.count(m.name)) {
    co_return PgError(sqlstate::kDuplicatePreparedStatement,
                      "prepared statement \"" + m.name + "\" already exists");
  }
  auto prepared = prepare(m.query, m.param_types);
  if (!prepared) co_return prepared.error();
  auto ps = std::move(*prepared);
  if (engine_->status() == sqlite::TxnStatus::kFailed && ps->statement &&
      ps->statement->kind != StatementKind::kTransaction) {
    co_return PgError(sqlstate::kInFailedSqlTransaction,
                      "current transaction is aborted, commands ignored until end of transaction block");
  }
  statements_[m.name] = std::move(ps);
  send(protocol::ParseComplete{});
  co_return Result<void>{};
}

Result<void> Session::on_bind(protocol::Bind& m) {
  auto it = statements_.find(m.statement);
  if (it == statements_.end()) {
    return PgError(sqlstate::kInvalidSqlStatementName,
                      "prepared statement \"" + m.statement + "\" does not exist");
  }
  auto ps = it->second;
  if (engine_->status() == sqlite::TxnStatus::kFailed && ps->statement &&
      ps->statement->kind != StatementKind::kTransaction) {
    return PgError(sqlstate::kInFailedSqlTransaction,
                      "current transaction is aborted, commands ignored until end of transaction block");
  }
  // A schema change since Parse re-plans the statement, as PostgreSQL re-plans cached plans.
  if (ps->statement && ps->schema_version != engine_->schema()->version) {
    auto plan = translate(ps->sql, ps->given_types);
    if (!plan) return plan.error();
    auto fresh = std::make_shared<PreparedStatement>(*ps);
    fresh->plan = *plan;
    fresh->schema_version = engine_->schema()->version;
    fresh->statement = nullptr;
    for (const auto& st : fresh->plan->statements) {
      if (st.kind != StatementKind::kEmpty) fresh->statement = &st;
    }
    it->second = fresh;
    ps = fresh;
  }
  if (m.params.size() != ps->param_types.size()) {
    return protocol::protocol_violation(
        "bind message supplies " + std::to_string(m.params.size()) +
        " parameters, but prepared statement \"" + m.statement + "\" requires " +
        std::to_string(ps->param_types.size()));
  }
  if (m.param_formats.size() > 1 && m.param_formats.size() != m.params.size()) {
    return protocol::protocol_violation(
        "bind message has " + std::to_string(m.param_formats.size()) +
        " parameter formats but " + std::to_string(m.params.size()) + " parameters");
  }
  if (!m.portal.empty() && portals_.count(m.portal)) {
    return PgError(sqlstate::kDuplicateCursor, "portal \"" + m.portal + "\" already exists");
  }
  auto req = std::make_shared<ExecRequest>();
  req->plan = ps->plan;
  req->statement = ps->statement;
  req->format = settings_.format();
  req->result_formats = m.result_formats;
  req->params.reserve(m.params.size());
  for (size_t i = 0; i < m.params.size(); ++i) {
    if (!m.params[i]) {
      req->params.emplace_back(std::monostate{});
      continue;
    }
    const int16_t format = m.param_formats.empty() ? 0 : m.param_formats.size() == 1 ? m.param_formats[0] : m.param_formats[i];
    int32_t type = ps->param_types[i];
    int32_t typmod = -1;
    if (ps->statement && i < ps->statement->params.size() && ps->statement->params[i].oid == type) {
      typmod = ps->statement->params[i].typmod;
    }
    auto v = protocol::parse_value(*m.params[i], format, type, typmod, settings_.format());
    if (!v) return v.error();
    req->params.push_back(std::move(*v));
  }
  if (ps->statement && ps->statement->returns_rows) {
    for (auto f : m.result_formats) {
      if (f != 0 && f != 1) return protocol::protocol_violation("unsupported format code: " + std::to_string(f));
    }
  }
  auto portal = std::make_shared<Portal>();
  portal->source = ps;
  portal->request = std::move(req);
  portals_[m.portal] = std::move(portal);
  send(protocol::BindComplete{});
  return Result<void>{};
}

std::shared_ptr<Session::PreparedStatement> Session::executed_statement(
    const sqlite::TranslatedStatement& st) {
  auto it = statements_.find(st.session.name);
  if (it == statements_.end() || it->second->statement == nullptr) return nullptr;
  return it->second;
}

std::optional<Result<std::vector<sqlite::ResultColumn>>> Session::known_columns(
    const sqlite::TranslatedStatement& st) {
  if (st.kind == StatementKind::kSession && st.session.op == sqlite::SessionOp::kExecute) {
    auto ps = executed_statement(st);
    if (!ps) return std::vector<sqlite::ResultColumn>{};  // Execute reports the error
    return known_columns(*ps->statement);
  }
  if (st.kind == StatementKind::kSession) return session_command_columns(st);
  if (st.kind == StatementKind::kCursor) {
    if (st.cursor.op != sqlite::CursorOp::kFetch) return std::vector<sqlite::ResultColumn>{};
    auto it = portals_.find(st.cursor.name);
    if (it == portals_.end() || !it->second->cursor) {
      return PgError(sqlstate::kInvalidCursorName, "cursor \"" + st.cursor.name + "\" does not exist");
    }
    return it->second->output.columns;
  }
  if (!st.returns_rows) return std::vector<sqlite::ResultColumn>{};
  bool complete = !st.columns.empty();
  for (const auto& c : st.columns) complete = complete && c.type.oid != 0 && !c.name.empty();
  if (complete) return st.columns;
  return std::nullopt;
}

asio::awaitable<Result<std::vector<sqlite::ResultColumn>>> Session::describe_columns(
    const sqlite::TranslatedStatement& st) {
  if (st.kind == StatementKind::kSession && st.session.op == sqlite::SessionOp::kExecute) {
    auto ps = executed_statement(st);  // keeps the plan alive across the await
    if (!ps) co_return std::vector<sqlite::ResultColumn>{};  // Execute reports the error
    co_return co_await describe_columns(*ps->statement);
  }
  if (auto known = known_columns(st)) co_return std::move(*known);
  // The translator left some of the shape open: let SQLite prepare the statement and tell.
  auto cols = std::make_shared<Result<std::vector<sqlite::ResultColumn>>>(std::vector<sqlite::ResultColumn>{});
  const auto* stp = &st;
  auto* engine = engine_.get();
  // Named, not a temporary inside co_await: GCC 12 destroys such closures twice.
  auto start = [engine, stp, cols](sqlite::EngineSession::Callback cb) {
    engine->run_read(
        [stp, cols](sqlite::Connection& c, ExecOutput& o) {
          *cols = sqlite::describe_statement(c, *stp);
          if (!*cols) o.error = cols->error();
          return static_cast<bool>(*cols);
        },
        std::move(cb));
  };
  auto out = co_await await_engine(std::move(start));
  if (out.error) co_return *out.error;
  co_return std::move(*cols);
}

void Session::send_columns(const std::vector<sqlite::ResultColumn>& cols,
                           const std::vector<int16_t>& formats) {
  if (cols.empty()) {
    send(protocol::NoData{});
  } else {
    send(row_description(cols, formats));
  }
}

Result<const sqlite::TranslatedStatement*> Session::describe_head(
    const protocol::Describe& m, const std::vector<int16_t>*& formats,
    const sqlite::PlanPtr** plan) {
  static const std::vector<int16_t> kNoFormats;
  formats = &kNoFormats;
  if (m.kind == 'S') {
    auto it = statements_.find(m.name);
    if (it == statements_.end()) {
      return PgError(sqlstate::kInvalidSqlStatementName,
                     "prepared statement \"" + m.name + "\" does not exist");
    }
    const auto& ps = *it->second;
    protocol::ParameterDescription pd;
    for (auto t : ps.param_types) pd.type_oids.push_back(t == 0 ? oid::kText : t);
    send(pd);
    if (ps.statement == nullptr) send(protocol::NoData{});
    if (plan != nullptr) *plan = &ps.plan;
    return ps.statement;
  }
  auto it = portals_.find(m.name);
  if (it == portals_.end()) {
    return PgError(sqlstate::kInvalidCursorName, "portal \"" + m.name + "\" does not exist");
  }
  auto& portal = *it->second;
  if (portal.request->statement == nullptr) {
    send(protocol::NoData{});
    return nullptr;
  }
  formats = &portal.request->result_formats;
  if (portal.executed) {
    send_columns(portal.output.columns, *formats);
    return nullptr;
  }
  if (plan != nullptr) *plan = &portal.request->plan;
  return portal.request->statement;
}

std::optional<Result<void>> Session::describe_now(const protocol::Describe& m) {
  // Answered here unless SQLite must prepare the statement; then on_describe does it all.
  const size_t mark = out_.size();
  const std::vector<int16_t>* formats = nullptr;
  const sqlite::PlanPtr* plan = nullptr;
  auto head = describe_head(m, formats, &plan);
  if (!head) return Result<void>(head.error());
  const sqlite::TranslatedStatement* st = *head;
  if (st == nullptr) return Result<void>{};
  auto& cache = describe_cache_;
  // Session commands and cursors describe what the session holds, not the plan's columns.
  const bool cacheable = plan != nullptr && st->kind != StatementKind::kSession &&
                         st->kind != StatementKind::kCursor;
  if (cacheable && cache.statement == st && cache.plan == *plan && cache.formats == *formats) {
    out_.append(cache.bytes);
    return Result<void>{};
  }
  auto cols = known_columns(*st);
  if (!cols) {
    out_.resize(mark);  // on_describe sends the head again
    return std::nullopt;
  }
  if (!*cols) return Result<void>(cols->error());
  const size_t columns_at = out_.size();
  send_columns(**cols, *formats);
  if (cacheable) {
    cache.plan = *plan;
    cache.statement = st;
    cache.formats = *formats;
    cache.bytes.assign(out_, columns_at, std::string::npos);
  }
  return Result<void>{};
}

asio::awaitable<Result<void>> Session::on_describe(const protocol::Describe& m) {
  const std::vector<int16_t>* formats = nullptr;
  auto head = describe_head(m, formats);
  if (!head) co_return head.error();
  if (*head == nullptr) co_return Result<void>{};
  auto cols = co_await describe_columns(**head);
  if (!cols) co_return cols.error();
  send_columns(*cols, *formats);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Session::on_execute(const protocol::Execute& m) {
  auto it = portals_.find(m.portal);
  if (it == portals_.end()) {
    co_return PgError(sqlstate::kInvalidCursorName, "portal \"" + m.portal + "\" does not exist");
  }
  auto portal = it->second;
  if (portal->request->statement == nullptr) {
    send(protocol::EmptyQueryResponse{});
    co_return Result<void>{};
  }
  if (!portal->executed) {
    if (!implicit_extended_ && engine_->status() == sqlite::TxnStatus::kIdle &&
        portal->request->statement->kind != StatementKind::kTransaction &&
        portal->request->statement->kind != StatementKind::kUtility) {
      // Everything up to Sync is one implicit transaction in PostgreSQL: an error in the
      // middle of a pipeline undoes the statements before it. A statement alone before its
      // Sync needs no block and keeps the fast autocommit path (group commit).
      auto sync = buffered_next_is_sync();
      if (!sync) sync = co_await next_message_is_sync();
      if (!*sync) {
        co_await engine_begin_implicit();
        implicit_extended_ = true;
      }
    }
    if (implicit_extended_ && portal->request->statement->kind == StatementKind::kTransaction) {
      // An explicit BEGIN turns the implicit block into a regular one; COMMIT/ROLLBACK end it.
      implicit_extended_ = false;
    }
    for (const auto& n : portal->request->statement->notices) {
      send_notice(PgError(protocol::Severity::kNotice, sqlstate::kSuccessfulCompletion, n));
    }
    portal->request->keep_row_bounds = m.max_rows > 0;
    if (!engine_->try_execute_inline(*portal->request, portal->output)) {
      portal->output = co_await engine_execute(portal->request);
    }
    portal->executed = true;
    settle_transaction_settings(!portal->output.error && portal->output.command_tag != "ROLLBACK");
    for (const auto& n : portal->output.notices) send_notice(n);
    if (portal->output.error) {
      engine_->mark_failed();
      PgError e = *portal->output.error;
      portals_.erase(m.portal);
      co_return e;
    }
    if (m.max_rows > 0 && portal->output.row_ends.size() != portal->output.row_count) {
      // Rows were produced without bounds (session commands): compute them now.
      portal->output.row_ends.clear();
      size_t pos = 0;
      const auto& rows = portal->output.rows;
      while (pos + 5 <= rows.size()) {
        pos += 1 + static_cast<uint32_t>(protocol::get_i32(rows.data() + pos + 1));
        portal->output.row_ends.push_back(pos);
      }
    }
  }
  auto& out = portal->output;
  const size_t total = out.row_count;
  if (m.max_rows <= 0 || total - portal->next_row < static_cast<size_t>(m.max_rows)) {
    // Everything that is left.
    const size_t first = portal->next_row;
    size_t start = first == 0 ? 0 : out.row_ends[first - 1];
    out_.append(out.rows, start, std::string::npos);
    portal->next_row = total;
    if (!out.command_tag.empty()) {
      std::string tag = out.command_tag;
      // A portal run over several Executes reports the rows of the last one, as PostgreSQL.
      if (first > 0 && tag.rfind("SELECT ", 0) == 0) tag = "SELECT " + std::to_string(total - first);
      protocol::encode(out_, protocol::CommandComplete{tag});
    }
    co_return Result<void>{};
  }
  size_t start = portal->next_row == 0 ? 0 : out.row_ends[portal->next_row - 1];
  size_t last = portal->next_row + static_cast<size_t>(m.max_rows);
  out_.append(out.rows, start, out.row_ends[last - 1] - start);
  portal->next_row = last;
  send(protocol::PortalSuspended{});
  co_return Result<void>{};
}

Result<void> Session::on_close(const protocol::Close& m) {
  // Closing a name that does not exist is not an error.
  if (m.kind == 'S') {
    statements_.erase(m.name);
  } else {
    portals_.erase(m.name);
  }
  send(protocol::CloseComplete{});
  return {};
}

// --- authentication ------------------------------------------------------------------------

asio::awaitable<Result<std::string>> Session::read_password_message() {
  auto frame = co_await next_frame(false);
  if (!frame) co_return frame.error();
  if (frame->type != 'p') {
    consume_frame();
    co_return protocol::protocol_violation("expected password response, got message type " +
                                           std::to_string(static_cast<int>(frame->type)));
  }
  std::string payload(frame->payload);
  consume_frame();
  co_return payload;
}

asio::awaitable<bool> Session::authenticate(const std::string& user) {
  const AuthMethod method = server_.config().auth;
  if (method == AuthMethod::kTrust) co_return true;
  // PostgreSQL answers an unknown user exactly like a wrong password (no user enumeration).
  auto failed = [&]() -> asio::awaitable<bool> {
    const char* kind = method == AuthMethod::kPassword ? "password" : method == AuthMethod::kMd5 ? "password" : "password";
    co_await send_fatal(PgError(sqlstate::kInvalidPassword,
                                std::string(kind) + " authentication failed for user \"" + user + "\""));
    co_return false;
  };
  auto verifier = server_.users().verifier(user);
  Authenticator auth(method, user, verifier);
  auto first = auth.start();
  send(first);
  co_await flush();
  for (;;) {
    auto payload = co_await read_password_message();
    if (!payload) {
      if (payload.error().code != sqlstate::kConnectionFailure) co_await send_fatal(payload.error());
      co_return false;
    }
    auto step = auth.step(*payload);
    if (!step) {
      if (step.error().code == sqlstate::kInvalidPassword) co_return co_await failed();
      co_await send_fatal(step.error());
      co_return false;
    }
    if (step->done) {
      if (step->reply) send(*step->reply);
      co_return true;
    }
    send(*step->reply);
    co_await flush();
  }
}

}  // namespace litewire::server

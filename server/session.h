#pragma once
// Session: one client connection, one coroutine, on its own strand. It owns the connection's
// protocol state (prepared statements, portals, settings) and an EngineSession that carries
// its transaction. Every engine call is awaited before the next message is handled, so the
// session's state is only ever touched from its strand.

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "protocol/backend.h"
#include "protocol/frame.h"
#include "protocol/frontend.h"
#include "server/advisory_locks.h"
#include "server/settings.h"
#include "sqlite/engine/session.h"

namespace litewire::server {

class Server;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server& server, boost::asio::ip::tcp::socket socket, uint64_t id);
  ~Session();

  boost::asio::awaitable<void> run();
  // Over the connection limit: FATAL 53300 and close.
  boost::asio::awaitable<void> reject_too_many();
  boost::asio::any_io_executor executor() { return socket_.get_executor(); }
  // From any thread (CancelRequest of another connection).
  void cancel();
  int32_t secret_key() const { return secret_key_; }
  // From any thread: queue a NotificationResponse for delivery.
  void deliver_notification(int32_t pid, std::string channel, std::string payload);
  bool listening(const std::string& database, const std::string& channel);

 private:
  using Executor = boost::asio::any_io_executor;
  template <class T>
  using awaitable = boost::asio::awaitable<T>;

  struct PreparedStatement {
    sqlite::PlanPtr plan;
    const sqlite::TranslatedStatement* statement = nullptr;  // null for an empty query
    std::vector<int32_t> param_types;                         // resolved ($1..$n)
    std::string sql;
    std::vector<int32_t> given_types;                         // as in Parse
    int64_t schema_version = 0;                               // re-translate when it changed
  };
  struct Portal {
    std::shared_ptr<PreparedStatement> source;
    std::shared_ptr<sqlite::ExecRequest> request;
    bool executed = false;
    sqlite::ExecOutput output;
    size_t next_row = 0;  // protocol portals: rows sent; SQL cursors: position (0 = before first)
    bool cursor = false;  // created by DECLARE
    bool hold = false;    // WITH HOLD: survives its transaction's commit
    bool declared_in_transaction = false;
  };

  // I/O.
  awaitable<bool> read_more();
  // The socket is readable: appends what arrived to in_. False when the connection ended.
  bool read_ready();
  awaitable<protocol::Result<protocol::Frame>> next_frame(bool startup);
  // The next frame if the buffer decides it (a frame or an error), else nothing: more bytes
  // must be read first.
  std::optional<protocol::Result<protocol::Frame>> buffered_frame(bool startup);
  void consume_frame();
  awaitable<void> flush();
  // Plain TCP: sends what the socket takes now without waiting; true when out_ is empty
  // afterwards (or the connection failed: terminated_ is set).
  bool flush_now();
  void send(const protocol::BackendMessage& m) { protocol::encode(out_, m); }
  void send_error(const protocol::PgError& e);
  void send_notice(const protocol::PgError& e);
  awaitable<void> send_fatal(const protocol::PgError& e);

  // Phases.
  awaitable<bool> startup();
  awaitable<bool> authenticate(const std::string& user);
  awaitable<protocol::Result<std::string>> read_password_message();
  awaitable<void> message_loop();

  // Simple query protocol.
  awaitable<void> simple_query(const std::string& sql);
  // Extended query protocol.
  awaitable<protocol::Result<void>> on_parse(protocol::Parse& m);
  protocol::Result<void> on_bind(protocol::Bind& m);
  // Describe answered from what the session knows; nothing when SQLite must prepare the
  // statement to tell its columns (then on_describe).
  std::optional<protocol::Result<void>> describe_now(const protocol::Describe& m);
  awaitable<protocol::Result<void>> on_describe(const protocol::Describe& m);
  awaitable<protocol::Result<void>> on_execute(const protocol::Execute& m);
  protocol::Result<void> on_close(const protocol::Close& m);
  void send_ready();

  // Coroutines here take shared pointers by const reference: the owner lives in the awaiting
  // caller's frame, and GCC 12 mis-destroys by-value non-trivial coroutine parameters of calls
  // made inside co_await (a use-after-free seen under ASan).
  // Runs one statement (any kind) and writes its whole result (RowDescription when asked,
  // DataRows, CommandComplete). Returns false after sending an error.
  awaitable<bool> run_statement(const std::shared_ptr<sqlite::ExecRequest>& req, bool describe_rows);
  awaitable<void> engine_begin_implicit();
  awaitable<void> engine_end_implicit(bool commit);
  awaitable<sqlite::ExecOutput> engine_execute(const std::shared_ptr<sqlite::ExecRequest>& req);
  awaitable<protocol::Result<std::vector<sqlite::ResultColumn>>> describe_columns(
      const sqlite::TranslatedStatement& st);
  // SQL EXECUTE name: the prepared statement it runs; null when there is none to describe.
  std::shared_ptr<PreparedStatement> executed_statement(const sqlite::TranslatedStatement& st);
  // The columns when known without SQLite (an error too); nothing when SQLite must tell.
  std::optional<protocol::Result<std::vector<sqlite::ResultColumn>>> known_columns(
      const sqlite::TranslatedStatement& st);
  // What Describe sends before the columns (ParameterDescription for a statement, NoData for
  // an empty one); the statement whose columns follow, with the portal's result formats, or
  // null when nothing follows (an executed portal's columns are sent here).
  protocol::Result<const sqlite::TranslatedStatement*> describe_head(
      const protocol::Describe& m, const std::vector<int16_t>*& formats,
      const sqlite::PlanPtr** plan = nullptr);
  // RowDescription, or NoData for no columns.
  void send_columns(const std::vector<sqlite::ResultColumn>& cols, const std::vector<int16_t>& formats);
  protocol::Result<std::vector<sqlite::ResultColumn>> session_command_columns(
      const sqlite::TranslatedStatement& st);
  awaitable<sqlite::ExecOutput> session_command(const sqlite::TranslatedStatement& st,
                                                const std::vector<int16_t>& formats);
  awaitable<sqlite::ExecOutput> utility_command(const std::shared_ptr<sqlite::ExecRequest>& req);
  // SELECT pg_advisory_lock(...) and its family (server/advisory_locks.h).
  awaitable<sqlite::ExecOutput> advisory_command(const std::shared_ptr<sqlite::ExecRequest>& req);
  awaitable<sqlite::ExecOutput> copy_command(const std::shared_ptr<sqlite::ExecRequest>& req);
  awaitable<sqlite::ExecOutput> copy_in(const sqlite::CopyCommand& copy);
  awaitable<sqlite::ExecOutput> copy_out(const std::shared_ptr<sqlite::ExecRequest>& req);

  protocol::Result<sqlite::PlanPtr> translate(const std::string& sql,
                                              const std::vector<int32_t>& types);
  // A prepared statement for `sql` (Parse, SQL PREPARE); parameter types resolved.
  protocol::Result<std::shared_ptr<PreparedStatement>> prepare(const std::string& sql,
                                                               const std::vector<int32_t>& given_types);
  // EXECUTE name(arguments): the prepared statement's request with the arguments bound.
  protocol::Result<std::shared_ptr<sqlite::ExecRequest>> execute_request(
      const sqlite::SessionCommand& cmd, const std::vector<int16_t>& formats);
  protocol::RowDescription row_description(const std::vector<sqlite::ResultColumn>& cols,
                                           const std::vector<int16_t>& formats) const;
  void apply_engine_settings();
  void report_changed_parameters();
  // After a statement: if its transaction just ended, undo the settings it changed (all of
  // them on rollback, SET LOCAL ones on commit), drop its portals (holdable cursors survive a
  // commit), and deliver its notifications (on commit only).
  void settle_transaction_settings(bool committed);
  awaitable<sqlite::ExecOutput> cursor_command(const std::shared_ptr<sqlite::ExecRequest>& req);
  awaitable<bool> next_message_is_sync();
  // Whether the buffered next message is a Sync; nothing when it is not buffered whole.
  std::optional<bool> buffered_next_is_sync();

  Server& server_;
  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;
  uint64_t id_;
  int32_t process_id_ = 0;
  int32_t secret_key_ = 0;

  static constexpr size_t kIdleBufferBytes = 4096;
  std::string in_;
  size_t in_pos_ = 0;
  size_t frame_size_ = 0;
  std::string out_;

  Settings settings_;
  std::optional<Settings> txn_settings_;    // settings when this transaction first changed one
  std::set<std::string> txn_local_names_;   // names set with SET LOCAL in this transaction
  // NOTIFY / pg_notify() of the current transaction, sent when it commits.
  std::vector<std::pair<std::string, std::string>> pending_notifications_;
  // Advisory locks this session holds, one entry per level (key, shared): session-level ones
  // until unlocked or the session ends, transaction-level ones until the transaction ends.
  std::vector<std::pair<AdvisoryKey, bool>> session_advisory_locks_;
  std::vector<std::pair<AdvisoryKey, bool>> xact_advisory_locks_;
  // Set by a cancel request; a statement that waits without the engine (an advisory lock)
  // polls it.
  std::atomic<bool> cancel_requested_{false};
  std::string user_;
  std::string database_name_;
  std::unique_ptr<sqlite::EngineSession> engine_;
  std::map<std::string, std::shared_ptr<PreparedStatement>> statements_;
  std::map<std::string, std::shared_ptr<Portal>> portals_;
  // The last Describe answered from a plan's own columns, as sent: a client describing the
  // same prepared statement on every execution (libpq's PQsendQueryPrepared) gets these
  // bytes again. The plan is held so the statement's address cannot be reused meanwhile.
  struct DescribeCache {
    sqlite::PlanPtr plan;
    const sqlite::TranslatedStatement* statement = nullptr;
    std::vector<int16_t> formats;
    std::string bytes;
  } describe_cache_;
  bool skip_until_sync_ = false;
  bool implicit_extended_ = false;  // an implicit transaction block runs until Sync
  uint64_t reported_generation_ = 0;  // settings_.generation() when last compared
  std::map<std::string, std::string> reported_values_;  // ParameterStatus the client has
  bool in_copy_ = false;
  bool terminated_ = false;

  std::unique_ptr<boost::asio::steady_timer> notify_timer_;  // set while idle-reading
  std::mutex notify_mu_;
  std::set<std::string> channels_;
  std::deque<protocol::NotificationResponse> notifications_;
};

}  // namespace litewire::server

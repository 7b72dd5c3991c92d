// Frame decode/encode and value encoding: the per-message and per-value costs every query pays
// in protocol/. Inputs are the messages pgbench sends and receives for a point SELECT.

#include <benchmark/benchmark.h>

#include <string>
#include <variant>

#include "protocol/backend.h"
#include "protocol/codec.h"
#include "protocol/frame.h"
#include "protocol/frontend.h"
#include "protocol/types.h"

namespace lp = litewire::protocol;

namespace {

// What pgbench -M prepared sends per point SELECT: Bind, Execute, Sync.
std::string prepared_round() {
  std::string out;
  lp::encode(out, lp::FrontendMessage{lp::Bind{"", "P0_1", {}, {std::string("48213")}, {}}});
  lp::encode(out, lp::FrontendMessage{lp::Execute{"", 0}});
  lp::encode(out, lp::FrontendMessage{lp::Sync{}});
  return out;
}

void BM_DecodeFramesPreparedRound(benchmark::State& state) {
  const std::string wire = prepared_round();
  for (auto _ : state) {
    std::string_view rest = wire;
    int messages = 0;
    while (!rest.empty()) {
      lp::FrameResult result = lp::decode_frame(rest, false);
      const auto* frame = std::get_if<lp::Frame>(&result);
      if (frame == nullptr) {
        state.SkipWithError("decode_frame failed");
        break;
      }
      auto message = lp::decode_frontend(frame->type, frame->payload);
      benchmark::DoNotOptimize(message);
      rest.remove_prefix(frame->size);
      ++messages;
    }
    benchmark::DoNotOptimize(messages);
  }
}
BENCHMARK(BM_DecodeFramesPreparedRound);

void BM_DecodeQuery(benchmark::State& state) {
  std::string wire;
  lp::encode(wire, lp::FrontendMessage{
                       lp::Query{"SELECT abalance FROM pgbench_accounts WHERE aid = 48213;"}});
  for (auto _ : state) {
    lp::FrameResult result = lp::decode_frame(wire, false);
    const auto& frame = std::get<lp::Frame>(result);
    auto message = lp::decode_frontend(frame.type, frame.payload);
    benchmark::DoNotOptimize(message);
  }
}
BENCHMARK(BM_DecodeQuery);

void BM_DecodeParse(benchmark::State& state) {
  std::string wire;
  lp::encode(wire, lp::FrontendMessage{lp::Parse{
                       "P0_1", "SELECT abalance FROM pgbench_accounts WHERE aid = $1;", {}}});
  for (auto _ : state) {
    lp::FrameResult result = lp::decode_frame(wire, false);
    const auto& frame = std::get<lp::Frame>(result);
    auto message = lp::decode_frontend(frame.type, frame.payload);
    benchmark::DoNotOptimize(message);
  }
}
BENCHMARK(BM_DecodeParse);

// What the server answers to that round: BindComplete, DataRow, CommandComplete,
// ReadyForQuery, built the way the session builds them (DataRowWriter, direct overloads).
void BM_EncodePointSelectReply(benchmark::State& state) {
  std::string out;
  const lp::CommandComplete complete{"SELECT 1"};
  const lp::ReadyForQuery ready{'I'};
  const lp::FormatContext ctx;
  for (auto _ : state) {
    out.clear();
    lp::encode(out, lp::BackendMessage{lp::BindComplete{}});
    lp::DataRowWriter row(out);
    row.begin(1);
    row.start_value();
    auto r = lp::append_text(out, lp::StoredValueView{lp::StoredValueView::Kind::kInteger, -2817},
                             lp::oid::kInt4, -1, ctx);
    benchmark::DoNotOptimize(r);
    row.finish_value();
    row.end();
    lp::encode(out, complete);
    lp::encode(out, ready);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_EncodePointSelectReply);

void BM_EncodeRowDescription(benchmark::State& state) {
  lp::RowDescription description;
  for (const char* name : {"aid", "bid", "abalance", "filler"}) {
    description.fields.push_back({name, 16384, 1, lp::oid::kInt4, 4, -1, 0});
  }
  std::string out;
  for (auto _ : state) {
    out.clear();
    lp::encode(out, description);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_EncodeRowDescription);

// One DataRow of 10 int8 columns, values appended in place.
void BM_EncodeDataRow10(benchmark::State& state) {
  std::string out;
  const lp::FormatContext ctx;
  for (auto _ : state) {
    out.clear();
    lp::DataRowWriter row(out);
    row.begin(10);
    for (int64_t i = 0; i < 10; ++i) {
      row.start_value();
      const lp::StoredValueView value{lp::StoredValueView::Kind::kInteger, 1234567 * i};
      auto r = lp::append_text(out, value, lp::oid::kInt8, -1, ctx);
      benchmark::DoNotOptimize(r);
      row.finish_value();
    }
    row.end();
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_EncodeDataRow10);

// --- value codecs ----------------------------------------------------------------------------

struct CodecCase {
  const char* name;
  lp::StoredValueView value;
  int32_t oid;
  int32_t typmod;
};

lp::StoredValueView integer(int64_t v) {
  return {lp::StoredValueView::Kind::kInteger, v};
}
lp::StoredValueView real(double v) {
  lp::StoredValueView view{lp::StoredValueView::Kind::kReal};
  view.d = v;
  return view;
}
lp::StoredValueView text(std::string_view s) {
  lp::StoredValueView view{lp::StoredValueView::Kind::kText};
  view.s = s;
  return view;
}

const CodecCase kCodecCases[] = {
    {"int4", integer(-2817), lp::oid::kInt4, -1},
    {"int8", integer(9007199254740993), lp::oid::kInt8, -1},
    {"float8", real(3.141592653589793), lp::oid::kFloat8, -1},
    {"numeric(12,2)", real(12345.5), lp::oid::kNumeric, ((12 << 16) | 2) + 4},
    {"bool", integer(1), lp::oid::kBool, -1},
    {"text", text("a short text value"), lp::oid::kText, -1},
    {"bpchar(84)", text("x"), lp::oid::kBpchar, 84 + 4},
    {"timestamptz", text("2024-05-01 12:34:56.5"), lp::oid::kTimestamptz, -1},
    {"date", text("2024-05-01"), lp::oid::kDate, -1},
    {"uuid", text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), lp::oid::kUuid, -1},
};

void BM_AppendText(benchmark::State& state) {
  const CodecCase& c = kCodecCases[state.range(0)];
  state.SetLabel(c.name);
  const lp::FormatContext ctx;
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto r = lp::append_text(out, c.value, c.oid, c.typmod, ctx);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_AppendText)->DenseRange(0, std::size(kCodecCases) - 1);

void BM_AppendBinary(benchmark::State& state) {
  const CodecCase& c = kCodecCases[state.range(0)];
  state.SetLabel(c.name);
  const lp::FormatContext ctx;
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto r = lp::append_binary(out, c.value, c.oid, c.typmod, ctx);
    if (!r) {
      state.SkipWithError("no binary form");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_AppendBinary)->DenseRange(0, std::size(kCodecCases) - 1);

}  // namespace

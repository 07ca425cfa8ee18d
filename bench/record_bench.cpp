// Record encoding: engine::JsonlSink turning the reference program's records into JSON
// Lines (LANGUAGE.md section 9), written to /dev/null through io::RecordWriter's buffer.
// One benchmark per record kind the reference writes, and the mix of a 1M-event run
// (per 583 records: 100 enter, 236 send, 11 handoff, 86 suppressed, 50 goal, 100 exit,
// as in the peers' README).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/io/record_writer.hpp"

namespace {

using namespace onb;
using engine::Record;
using engine::RecordKind;

std::shared_ptr<const bc::Program> reference() {
  static auto p = bench::compileFile(bench::sharedBenchDir() + "/reference_core.onb");
  return p;
}

uint32_t ruleIndex(const bc::Program& p, std::string_view name) {
  for (uint32_t i = 0; i < p.rules.size(); ++i)
    if (p.rules[i].name == name) return i;
  return bc::kNone;
}

const Value kWelcomeVars[] = {Value::ofString("Noor")};
const Value kStuckVars[] = {Value::ofString("verify_email"), Value::ofInt(500)};

// Records of each kind, as the engine hands them to the sink.
Record makeRecord(const bc::Program& p, int kind, int64_t t) {
  Record r;
  r.t = t;
  r.user = "u0001846";
  r.journey = 0;
  switch (kind) {
    case 0:
      r.kind = RecordKind::Enter;
      break;
    case 1:
      r.kind = RecordKind::Send;
      r.rule = ruleIndex(p, "welcome");
      r.vars = kWelcomeVars;
      r.id = 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(t);
      break;
    case 2:
      r.kind = RecordKind::Handoff;
      r.rule = ruleIndex(p, "stuck");
      r.vars = kStuckVars;
      r.id = 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(t);
      break;
    case 3:
      r.kind = RecordKind::Suppressed;
      r.rule = ruleIndex(p, "gone_quiet");
      r.reason = engine::SuppressReason::Cap;
      r.action = bc::Action::Send;
      break;
    case 4:
      r.kind = RecordKind::Goal;
      r.ttvMs = 5 * 3'600'000;
      break;
    default:
      r.kind = RecordKind::Exit;
      r.exitReason = engine::ExitReason::Expired;
      break;
  }
  return r;
}
const char* const kKindLabels[] = {"enter", "send with vars", "handoff with vars", "suppressed (cap)",
                                   "goal",  "exit (expired)"};

void writeAll(benchmark::State& state, const std::vector<Record>& records) {
  std::FILE* devNull = std::fopen("/dev/null", "w");
  uint64_t bytes = 0;
  {
    io::RecordWriter out(devNull);
    engine::JsonlSink sink(*reference(), out);
    for (auto _ : state) {
      const uint64_t before = out.bytesWritten();
      for (const Record& r : records) sink.record(r);
      bytes += out.bytesWritten() - before;
    }
  }
  std::fclose(devNull);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
}

// 1,000 records of one kind, a second apart.
void BM_JsonlRecord(benchmark::State& state) {
  std::vector<Record> records;
  for (int i = 0; i < 1000; ++i)
    records.push_back(makeRecord(*reference(), static_cast<int>(state.range(0)), bench::kStart + i * 1000));
  state.SetLabel(kKindLabels[state.range(0)]);
  writeAll(state, records);
}
BENCHMARK(BM_JsonlRecord)->DenseRange(0, std::size(kKindLabels) - 1);

void BM_JsonlRecordMix(benchmark::State& state) {
  const int counts[] = {100, 236, 11, 86, 50, 100};
  std::vector<Record> records;
  // Interleaved by a fixed stride so that kinds alternate as in a run.
  for (int kind = 0; kind < 6; ++kind)
    for (int i = 0; i < counts[kind]; ++i) records.push_back(makeRecord(*reference(), kind, 0));
  std::vector<Record> mixed(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    mixed[(i * 101) % records.size()] = records[i];
    mixed[(i * 101) % records.size()].t = bench::kStart + static_cast<int64_t>((i * 101) % records.size()) * 1000;
  }
  state.SetLabel("the mix of a 1M-event run");
  writeAll(state, mixed);
}
BENCHMARK(BM_JsonlRecordMix);

}  // namespace

#include "runtime/engine/record.hpp"

namespace onb::engine {

std::string_view recordKindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::Enter: return "enter";
    case RecordKind::Send: return "send";
    case RecordKind::Handoff: return "handoff";
    case RecordKind::Emit: return "emit";
    case RecordKind::Suppressed: return "suppressed";
    case RecordKind::Deferred: return "deferred";
    case RecordKind::Goal: return "goal";
    case RecordKind::Exit: return "exit";
    case RecordKind::Error: return "error";
    case RecordKind::Skip: return "skip";
  }
  return "?";
}

std::string_view suppressReasonName(SuppressReason reason) {
  switch (reason) {
    case SuppressReason::Holdout: return "holdout";
    case SuppressReason::Consent: return "consent";
    case SuppressReason::Limit: return "limit";
    case SuppressReason::Cap: return "cap";
  }
  return "?";
}

std::string_view exitReasonName(ExitReason reason) {
  switch (reason) {
    case ExitReason::Goal: return "goal";
    case ExitReason::Exit: return "exit";
    case ExitReason::Expired: return "expired";
  }
  return "?";
}

}  // namespace onb::engine

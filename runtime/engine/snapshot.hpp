// Engine snapshots: the engine's whole state (users with their traits, histories, journey
// and rule state and recent messageIds; timers and deferred firings; held events; the
// dedup table; the watermark and sequence counter; statistics and metrics) as bytes, and
// back, exactly: an engine restored from a snapshot produces the same records as the
// engine that wrote it would have. Checkpointing (onb run --state) is built on this.
//
// Format: "ONBSNAP1", u32 version, the program's source hash and layout fingerprint (a
// snapshot is refused by an engine running another program or another state layout),
// an FNV-1a 64 checksum of the payload, then the payload (byte_io.hpp encoding).
// Restoring validates every index and size before using it: a truncated or corrupted
// snapshot is an error, never undefined behaviour.
#pragma once

#include <string>
#include <string_view>

#include "runtime/engine/engine.hpp"

namespace onb::engine {

inline constexpr uint32_t kSnapshotVersion = 3;  // 3: per-user recent messageIds

std::string writeSnapshot(const Engine& engine);

// `engine` must be freshly constructed (no input pushed) for the same program. Returns
// false and sets `error` when the snapshot cannot be used; the engine is then reset.
bool restoreSnapshot(Engine& engine, std::string_view bytes, std::string& error);

// Identifies the state layout of a program (two programs with the same fingerprint read
// each other's user blocks the same way).
uint64_t layoutFingerprint(const bc::Program& program);

}  // namespace onb::engine

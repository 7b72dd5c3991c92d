#pragma once
// Sans-I/O framing of the byte stream a client sends.
//
// Startup phase: Int32 length (including itself), then the body; the first Int32 of the body
// is the protocol code. Normal phase: Byte1 type, Int32 length (including itself, excluding the
// type byte), then length-4 bytes of payload.

#include <cstddef>
#include <string_view>
#include <variant>

#include "protocol/pg_error.h"

namespace litewire::protocol {

// PostgreSQL caps startup packets at 10000 bytes (MAX_STARTUP_PACKET_LENGTH).
inline constexpr size_t kMaxStartupPacket = 10000;
// Default cap for one frontend message (the server's --max-message-size).
inline constexpr size_t kDefaultMaxMessage = 256u << 20;

struct NeedMore {
  size_t bytes;  // at least this many more bytes are needed
};
struct Frame {
  char type;                 // '\0' for a startup-phase packet
  std::string_view payload;  // view into the caller's buffer
  size_t size;               // bytes the frame occupies in the buffer (consume this many)
};
using FrameResult = std::variant<NeedMore, Frame, PgError>;

// Looks at the front of `buf`. Never reads past it; never allocates. `max_size` caps the
// declared length (startup packets are also capped at kMaxStartupPacket).
FrameResult decode_frame(std::string_view buf, bool startup_phase,
                         size_t max_size = kDefaultMaxMessage);

}  // namespace litewire::protocol
